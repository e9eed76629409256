// Facts about a checkout of PRONOTE's official web client modules (the
// `modules` branch of Vexcited/PRONOTE.modules.js): where a module's file
// lies, where the third-party bundles are, and the few differences between
// generations that a loader must know. Nothing here is taken from the
// client; it only describes how its files are laid out.
"use strict";
const fs = require("fs");
const path = require("path");

const exists = (p) => { try { return fs.statSync(p).isFile(); } catch (e) { return false; } };

// A module `Name` is `Name.js` at the top; in checkouts older than
// 2025.2.8 some modules only exist lowercased under `unused/` (dots as `_`).
function moduleFile(dir, name) {
  const lower = name.toLowerCase();
  for (const rel of [`${name}.js`, `unused/${lower.replace(/\./g, "_")}.js`, `unused/${lower}.js`]) {
    const p = path.join(dir, rel);
    if (exists(p)) return p;
  }
  return null;
}

// jquery.min.js, forge.min.js, pako.min.js: at the top, or under `unused/`.
function bundleFile(dir, file) {
  for (const rel of [file, `unused/${file}`]) {
    const p = path.join(dir, rel);
    if (exists(p)) return p;
  }
  return null;
}

// Source changes a loader needs, none of which alters what the client does:
// - older checkouts contain `const X_css_1=;` (a CSS import whose right-hand
//   side the extraction dropped): a syntax error, removed;
// - 2024.3.x's NamespaceIE.js declares `let IE = ...` at the top level, a
//   global in the real page: made a property of the window.
function adapt(src) {
  return src
    .replace(/\bconst\s+[A-Za-z0-9_]+_css_1\s*=\s*;/g, "")
    .replace(/^let IE\s*=/, "var IE = window.IE =");
}

// The names `X_css_1` a module refers to (their declarations are gone;
// the module `X_css` holds the style names).
function cssNames(src) {
  return [...new Set(src.match(/\b[A-Za-z0-9_]+_css_1\b/g) || [])];
}

// The page flags the client reads: 2024.3.x reads `sCrA`/`sCoA` (security
// switched off when true), later versions `CrA`/`CoA` (on when true).
function readsLegacyFlags(dir) {
  const file = moduleFile(dir, "CommunicationProduit");
  return !!file && /\.sCrA\b/.test(fs.readFileSync(file, "utf8"));
}

function pageFlags(dir, params) {
  if (readsLegacyFlags(dir)) return { CrA: !params.sCrA, CoA: !params.sCrA && !params.sCoA };
  return { CrA: !!params.CrA, CoA: !!params.CoA };
}

// The version a git checkout names in its last commit subject (`v2025.2.8.0`).
function version(dir) {
  try {
    const out = require("child_process").execFileSync("git", ["-C", dir, "log", "-1", "--format=%s"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 });
    const m = /v(\d{4}\.\d+\.\d+)/.exec(out);
    return m ? m[1] : null;
  } catch (e) {
    return null;
  }
}

// What must be present for the harness to run.
function check(dir) {
  const missing = [];
  for (const f of ["jquery.min.js", "forge.min.js", "pako.min.js"]) if (!bundleFile(dir, f)) missing.push(f);
  for (const m of ["NamespaceIE", "objetapplicationpnespace", "InterfaceEspace", "CommunicationProduit"]) {
    if (!moduleFile(dir, m)) missing.push(`${m}.js`);
  }
  return missing;
}

// Modules a secondary school's space page does not bundle, whose optional
// imports are then undefined: with the primary-school tab menu present,
// the client builds that menu instead of the secondary one.
const ABSENT_FROM_SECONDARY_PAGE = ["ObjetMenuOngletPrimaire"];

module.exports = { ABSENT_FROM_SECONDARY_PAGE, moduleFile, bundleFile, adapt, cssNames, pageFlags, version, check };
