// Runs PRONOTE's official web client headless (jsdom) against a PRONOTE
// space page, logs in, opens every onglet of the space's `listeOnglets` the
// way a click in the menu does, and reports what happened.
//
//   PRONOTE_WEB_CLIENT=DIR node harness.js PAGE_URL [username] [password]
//
// DIR is a checkout of the client's modules (see README.md; never commit
// it). The last line of stdout is a JSON summary:
//   {url, client, flags, loggedIn, onglets, login: RECORD, pages: [RECORD], clean, error}
// where RECORD = {onglet, reached, requests: [{fn, status}], exceptions,
// swallowed, messages, errorPages, alerts, consoleErrors, text, clean}.
// Exit status 0 only when the login and every page are clean.
//
// Environment: ONGLETS (comma list, default: every onglet the space
// offers), QUIET (ms without traffic that ends a page, 1500), PAGE_WAIT
// (ms per page, 20000), WAIT (ms overall, 300000), VERBOSE=1.
"use strict";
const fs = require("fs");
const checkout = require("./checkout.js");
const { SOURCE: TRANSLATIONS } = require("./translations.js");

const envMs = (name, fallback) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const QUIET = envMs("QUIET", 1500);
const PAGE_WAIT = envMs("PAGE_WAIT", 20000);
const WAIT = envMs("WAIT", 300000);
const started = Date.now();
const log = (...a) => { if (process.env.VERBOSE) console.error(`${Date.now() - started}ms`, ...a); };
const short = (v, n = 400) => String(v).replace(/\s+/g, " ").trim().slice(0, n);
const stack = (e, lines = 4) => short(e && e.stack ? e.stack.split("\n").slice(0, lines).join(" | ") : (e && e.message) || e);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SIGNS = ["exceptions", "swallowed", "messages", "errorPages", "alerts", "consoleErrors"];
const record = (onglet) => {
  const r = { onglet, reached: false, requests: [] };
  for (const k of SIGNS) r[k] = [];
  return r;
};
const summary = { url: null, client: null, flags: null, loggedIn: false, onglets: [], login: record(null), pages: [], clean: false, error: null };
let current = summary.login;
const sign = (kind, text) => {
  const list = current[kind];
  if (!list.includes(text)) list.push(text);
  log(`[${kind}]`, text);
};

let done = false;
function finish(error) {
  if (done) return;
  done = true;
  if (error && !summary.error) summary.error = error;
  const isClean = (r) => SIGNS.every((k) => r[k].length === 0) &&
    r.requests.every((q) => q.status === 200) && (r.onglet === null || r.reached) && !/Impossible d'afficher/.test(r.text || "");
  for (const r of [summary.login, ...summary.pages]) r.clean = isClean(r);
  summary.clean = !summary.error && summary.loggedIn && summary.login.clean &&
    summary.pages.length === summary.onglets.length && summary.pages.every((p) => p.clean);
  fs.writeSync(1, JSON.stringify(summary) + "\n");
  process.exit(summary.clean ? 0 : 1);
}

// ---- the page's `Start({...})` argument: a JS object literal of numbers,
// booleans and strings, read without evaluating anything.
function readStartArgument(html) {
  const text = html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  const at = text.search(/Start\s*\(\s*\{/);
  if (at < 0) throw new Error("the page has no Start({...}) call");
  let i = text.indexOf("{", at);
  const skip = () => { while (/\s/.test(text[i])) i++; };
  const value = () => {
    skip();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      for (skip(); text[i] !== "}"; skip()) {
        let key;
        if (text[i] === "'" || text[i] === '"') key = value();
        else { key = /^[\w$]+/.exec(text.slice(i))[0]; i += key.length; }
        skip();
        if (text[i++] !== ":") throw new Error(`Start argument: ':' expected after ${key}`);
        out[key] = value();
        skip();
        if (text[i] === ",") i++;
      }
      i++;
      return out;
    }
    if (c === "[") {
      i++;
      const out = [];
      for (skip(); text[i] !== "]"; skip()) { out.push(value()); skip(); if (text[i] === ",") i++; }
      i++;
      return out;
    }
    if (c === "'" || c === '"') {
      let s = "";
      for (i++; text[i] !== c; i++) {
        if (i >= text.length) throw new Error("Start argument: unterminated string");
        s += text[i] === "\\" ? text[++i] : text[i];
      }
      i++;
      return s;
    }
    const m = /^(true|false|null|-?[\d.]+(?:e[-+]?\d+)?)/i.exec(text.slice(i));
    if (!m) throw new Error(`Start argument: unexpected ${JSON.stringify(text.slice(i, i + 10))}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  return value();
}

// ---- the protocol requests: every XHR whose body is a call envelope.
let pending = 0;
let lastTraffic = Date.now();
function watchRequests(win) {
  const proto = win.XMLHttpRequest.prototype;
  const send = proto.send;
  proto.send = function (body) {
    let fn = null;
    try {
      const envelope = JSON.parse(body);
      fn = envelope.id || envelope.nom || null; // 2025.x `id`, 2024.3.x `nom`
    } catch (e) { /* not a call: an asset */ }
    if (fn && fn !== "polling") {
      const request = { fn, status: null };
      current.requests.push(request);
      pending++;
      lastTraffic = Date.now();
      log("->", fn);
      this.addEventListener("loadend", () => {
        request.status = this.status;
        pending--;
        lastTraffic = Date.now();
        log("<-", fn, this.status);
      });
    }
    return send.call(this, body);
  };
}

async function settle(maxMs) {
  const until = Date.now() + maxMs;
  await sleep(200);
  while (Date.now() < until) {
    if (pending === 0 && Date.now() - lastTraffic >= QUIET) return true;
    await sleep(100);
  }
  return false;
}

// ---- loading the client into a jsdom window.
function loadClient(win, dir) {
  win.__source = (name) => {
    if (name === "traductions") return TRANSLATIONS;
    const file = checkout.moduleFile(dir, name);
    if (!file) return null;
    let src = checkout.adapt(fs.readFileSync(file, "utf8"));
    // Exceptions the client catches and ignores (`catch (e) {}`) are
    // failure signs too: report them, then ignore them as the client does.
    src = src.replace(/catch\s*\((\w+)\)\s*\{\s*\}/g,
      (_, v) => `catch (${v}) { window.__swallowed(${JSON.stringify(name)}, ${v}); }`);
    // The CSS imports' declarations are gone from the extracted files; the
    // style-name modules they named are `unused/<name>_css.js`.
    const prelude = checkout.cssNames(src).map((n) => `var ${n} = window.__require("${n.slice(0, -2)}");`).join("");
    return `${prelude}\n${src}\n//# sourceURL=client/${name}.js`;
  };
  win.__absent = checkout.ABSENT_FROM_SECONDARY_PAGE;
  win.__swallowed = (module, e) => sign("swallowed", `${module}: ${stack(e, 3)}`);
  win.eval(`(function () {
    var modules = {};
    window.global = window;
    // not "require": NamespaceIE defines its own window.require
    window.__require = function (name) {
      name = String(name).replace(/\\.js$/, "");
      if (modules[name]) return modules[name].exports;
      if (window.__absent.indexOf(name) >= 0) return undefined;
      var module = modules[name] = { exports: {} };
      var src = window.__source(name);
      if (src !== null) new Function("exports", "require", "module", "global", src)(module.exports, window.__require, module, window);
      return module.exports;
    };
  })();`);
  win.eval(fs.readFileSync(checkout.bundleFile(dir, "jquery.min.js"), "utf8"));
  win.eval("var module = undefined, exports = undefined, define = undefined;");
  win.eval(fs.readFileSync(checkout.bundleFile(dir, "forge.min.js"), "utf8"));
  win.eval(fs.readFileSync(checkout.bundleFile(dir, "pako.min.js"), "utf8"));
  // Browser features jsdom lacks, as inert stand-ins.
  win.eval("jQuery.expr.pseudos.indeterminate = function (el) { return !!el.indeterminate; };");
  win.matchMedia = () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} });
  const canvas = new Proxy({}, { get: (_, k) => (k === "measureText" ? () => ({ width: 8 }) : () => ({ data: [] })), set: () => true });
  win.HTMLCanvasElement.prototype.getContext = () => canvas;
  win.HTMLCanvasElement.prototype.toDataURL = () => "data:,";
  win.ResizeObserver = win.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} };
  win.scrollTo = () => {};
  win.alert = (m) => sign("alerts", short(m));
  win.messageErreur = (m) => sign("alerts", `messageErreur: ${short((m && m.stack) || m)}`);
  win.IE = win.IE || {};
  win.__require("NamespaceIE");
  win.__require("objetapplicationpnespace");
  if (typeof win.Start !== "function") throw new Error("the client's modules did not define Start");
  // Message boxes and communication error pages, wrapped and called through.
  const message = win.__require("ObjetMessage").ObjetMessage;
  if (message && message.prototype.afficher) {
    const show = message.prototype.afficher;
    message.prototype.afficher = function (p) {
      sign("messages", short(typeof p === "string" ? p : JSON.stringify({ titre: p && p.titre, message: p && p.message })));
      return show.apply(this, arguments);
    };
  }
  const communication = win.__require("CommunicationProduit").CommunicationProduit;
  if (communication && communication.prototype._composePageErreur) {
    const compose = communication.prototype._composePageErreur;
    communication.prototype._composePageErreur = function (json, status) {
      sign("errorPages", short(`${status} ${JSON.stringify(json)}`));
      return compose.apply(this, arguments);
    };
  }
}

function pageText(win) {
  try {
    const gi = win.GInterface;
    const page = gi.getInstance(gi.IdentPage);
    const el = page && page.getNom ? win.document.getElementById(page.getNom()) : null;
    return short((el || win.document.body).textContent || "", 300);
  } catch (e) {
    return short(win.document.body.textContent || "", 300);
  }
}

function offeredOnglets(win) {
  const out = [];
  const list = win.GEtatUtilisateur && win.GEtatUtilisateur.listeOnglets;
  if (list && list.parcourir) list.parcourir((o) => { out.push(o.getGenre ? o.getGenre() : o.Genre); });
  return out.filter((g) => Number.isInteger(g));
}

async function main() {
  const [pageUrl, user = "demonstration", password = "pronotevs"] = process.argv.slice(2);
  const dir = process.env.PRONOTE_WEB_CLIENT;
  if (!pageUrl) return finish("usage: PRONOTE_WEB_CLIENT=DIR node harness.js PAGE_URL [username] [password]");
  if (!dir) return finish("PRONOTE_WEB_CLIENT is not set");
  const missing = checkout.check(dir);
  if (missing.length) return finish(`PRONOTE_WEB_CLIENT=${dir} lacks ${missing.join(", ")}`);
  summary.client = checkout.version(dir);
  let jsdom;
  try { jsdom = require("jsdom"); } catch (e) { return finish(`jsdom is missing: run npm install in ${__dirname}`); }
  const { JSDOM, VirtualConsole, CookieJar } = jsdom;

  const url = new URL(pageUrl);
  if (!url.search) url.search = "?fd=1";
  summary.url = url.href;
  const response = await fetch(url.href, { headers: { Accept: "text/html" } });
  if (response.status !== 200) return finish(`GET ${url.href}: HTTP ${response.status}`);
  const params = readStartArgument(await response.text());
  summary.flags = checkout.pageFlags(dir, params);
  const jar = new CookieJar();
  for (const c of response.headers.getSetCookie()) jar.setCookieSync(c, response.url);

  const console_ = new VirtualConsole();
  console_.on("jsdomError", (e) => {
    if (/^Not implemented/.test(e.message)) return; // jsdom's own gaps (navigation, scrolling)
    sign("exceptions", stack(e.detail || e));
  });
  console_.on("error", (...a) => sign("consoleErrors", short(a.map((v) => (v && v.stack) || v).join(" "))));
  process.on("unhandledRejection", (e) => sign("exceptions", `unhandled rejection: ${stack(e)}`));
  process.on("uncaughtException", (e) => sign("exceptions", `uncaught: ${stack(e)}`));
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body id="id_body"><div id="div"></div></body></html>',
    { url: response.url, runScripts: "outside-only", pretendToBeVisual: true, virtualConsole: console_, cookieJar: jar });
  const win = dom.window;
  watchRequests(win);
  loadClient(win, dir);

  // The login, as the page's form does it.
  win.Start(params);
  let asked = false;
  const loginUntil = Date.now() + PAGE_WAIT;
  while (Date.now() < loginUntil) {
    const gi = win.GInterface;
    if (!asked && gi && typeof gi.traiterEvenementValidation === "function" && win.GEtatUtilisateur) {
      asked = true;
      gi.traiterEvenementValidation(user, password);
    }
    if (gi && typeof gi.changementManuelOnglet === "function") break;
    await sleep(100);
  }
  await settle(PAGE_WAIT);
  const gi = win.GInterface;
  summary.loggedIn = !!(gi && typeof gi.changementManuelOnglet === "function");
  summary.login.text = pageText(win);
  if (!summary.loggedIn) return finish("the client did not reach the space after the login");
  const etat = win.GEtatUtilisateur;
  summary.login.reached = true;
  summary.onglets = offeredOnglets(win);
  if (process.env.ONGLETS) summary.onglets = process.env.ONGLETS.split(",").map(Number).filter(Number.isInteger);

  for (const onglet of summary.onglets) {
    if (Date.now() - started > WAIT - PAGE_WAIT) return finish(`out of time (WAIT=${WAIT} ms)`);
    current = record(onglet);
    summary.pages.push(current);
    if (!win.GInterface) { // an error page replaced the space
      sign("errorPages", "the space was gone before this onglet (replaced by an error page)");
      continue;
    }
    try {
      win.GInterface.changementManuelOnglet(onglet);
      await sleep(300);
      if (etat.getGenreOnglet() !== onglet) await win.GInterface._evenementSurClickOnglet(onglet);
    } catch (e) {
      sign("exceptions", `opening onglet ${onglet}: ${stack(e)}`);
    }
    if (!(await settle(PAGE_WAIT))) sign("exceptions", `onglet ${onglet}: still loading after ${PAGE_WAIT} ms`);
    current.reached = etat.getGenreOnglet() === onglet;
    current.text = pageText(win);
    log(`onglet ${onglet}:`, current.requests.map((q) => `${q.fn}:${q.status}`).join(" "), current.text.slice(0, 120));
  }
  finish(null);
}

setTimeout(() => finish(`out of time (WAIT=${WAIT} ms)`), WAIT);
main().catch((e) => finish(stack(e)));
