// Drives Pawnote 1.6.2 against a running pronote-server and asserts demo
// values (those of seed 3, run.sh's seed: they change only with the data).
// Usage: SERVER_LOG=FILE node check.mjs URL (the root printed by
// pronote-server; FILE its log with RUST_LOG=pronote_server=info, read to
// tell a refused login from a failure). On failure prints Pawnote's error
// and the last HTTP exchange.
import { readFileSync } from "node:fs";
import * as pronote from "pawnote";

const URL_ROOT = process.argv[2].replace(/\/$/, "");
let last = null;

const fetcher = async (request) => {
  const url = request.url.href ?? String(request.url);
  const init = { method: request.method ?? "GET", headers: request.headers, body: request.content, redirect: request.redirect ?? "follow" };
  const response = await fetch(url, init);
  const content = await response.text();
  last = { method: init.method, url, request: String(init.body ?? "").slice(0, 600), status: response.status, response: content.slice(0, 600) };
  return { content, status: response.status, headers: response.headers };
};

const results = [];
const check = async (name, fn) => {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${error?.name}: ${error?.message}`);
    console.log(String(error?.stack ?? "").split("\n").slice(1, 5).join("\n"));
    if (last) console.log(`     last exchange: ${last.method} ${last.url}\n     request: ${last.request}\n     status ${last.status}: ${last.response}`);
  }
};
const assert = (cond, what) => { if (!cond) throw new Error(`assertion failed: ${what}`); };

const serverLog = () => {
  if (!process.env.SERVER_LOG) throw new Error("SERVER_LOG is not set: cannot tell a refusal from a failure");
  return readFileSync(process.env.SERVER_LOG, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
};
// A login refused for bad credentials as both sides see it: Pawnote raised
// BadCredentialsError (anything else is a failure, rethrown), and the
// server either logged the refusal for that user or, when Pawnote stopped
// at the challenge it could not resolve, accepted no login of that user
// meanwhile.
const refused = async (login, username) => {
  const before = serverLog().length;
  try {
    await login();
  } catch (e) {
    if (e.name !== "BadCredentialsError") throw e;
    const log = serverLog().slice(before);
    assert(!log.includes(`login accepted username="${username}"`), `the server accepted ${username}`);
    if (!e.message.includes("resolve the challenge")) {
      assert(log.includes(`login refused username="${username}"`), `the server did not refuse ${username}: ${log}`);
    }
    return true;
  }
  return false;
};

const COMMON = ["FRANÇAIS", "MATHÉMATIQUES", "HISTOIRE-GÉOGRAPHIE", "ANGLAIS LV1", "ESPAGNOL LV2", "SCIENCES VIE & TERRE", "PHYSIQUE-CHIMIE", "ED.PHYSIQUE & SPORT.", "ARTS PLASTIQUES", "ÉDUCATION MUSICALE"];
// The demo values of each school (pronote-server --school; PRONOTE_SCHOOL=lycee
// checks a server started with --school lycee), for seed 3; the lycée's on
// --today 2026-06-01, the day run.sh gives it.
const SCHOOLS = {
  college: {
    school: "Collège Victor Hugo", students: ["MARTIN Lucas", "MARTIN Emma", "DUBOIS Chloé"], className: "3A",
    periods: ["Trimestre 1", "Trimestre 2", "Trimestre 3"], weekLessons: 30, first: [[8, 0], [9, 0]], firstRoom: "S12",
    homework: 37, dictation: "<div>Réviser pour la dictée.</div>", grades: 35,
    control: ["ARTS PLASTIQUES", 8, 2, 14, 20, 1], averages: 11, french: [13.5, 12.25], overall: [13.27, 11.58],
    evaluations: 7, records: "[[2,1,0],[1,1,1],[1,4,1]]", gradebook: 11,
    menuDays: 4, teacherLessons: 10, subjects: [...COMMON, "TECHNOLOGIE"],
    email: "lucas.martin@eleves.example", ine: "0123456789AB",
  },
  lycee: {
    school: "Lycée Louis Pasteur", students: ["ROBERT Léa", "ROBERT Tom", "NGUYEN Inès"], className: "2NDE 3",
    periods: ["Semestre 1", "Semestre 2"], weekLessons: 27, first: [[8, 30], [10, 20]], firstRoom: "B104",
    homework: 31, dictation: "", grades: 31,
    control: ["HISTOIRE-GÉOGRAPHIE", 8, 8, 10, 20, 2], averages: 10, french: [14.5, 12.25], overall: [13.86, 11.62],
    evaluations: 7, records: "[[3,2,1],[1,2,0]]", gradebook: 10,
    menuDays: 3, teacherLessons: 10, subjects: [...COMMON, "SC. NUMÉRIQUES & TECHNO."],
    email: "lea.robert@eleves.example", ine: "0246813579GH",
  },
};
const X = SCHOOLS[process.env.PRONOTE_SCHOOL ?? "college"];
const SUBJECTS = new Set(X.subjects);
const [STUDENT, SECOND_CHILD, SECURED] = X.students;
const deviceUUID = "pawnote-conformance-" + Math.floor(Math.random() * 1e9);
let session = null;
let refresh = null;

await check("instance information", async () => {
  const info = await pronote.instance(URL_ROOT + "/", fetcher);
  assert(info.name === X.school, info.name);
  assert(info.accounts.some((a) => a.path === "mobile.eleve.html"), JSON.stringify(info.accounts));
});

await check("student login", async () => {
  session = pronote.createSessionHandle(fetcher);
  refresh = await pronote.loginCredentials(session, {
    url: URL_ROOT, kind: pronote.AccountKind.STUDENT, username: "demonstration", password: "pronotevs", deviceUUID,
  });
  assert(session.user.name === STUDENT, session.user.name);
  assert(session.userResource.className === X.className, session.userResource.className);
  assert(typeof refresh.token === "string" && refresh.token.length > 10, "no token");
  assert(session.instance.periods.map((p) => p.name).includes(X.periods[0]), "periods");
});

const need = () => { if (!session) throw new Error("no session"); return session; };

await check("home page", async () => {
  const home = await pronote.homepage(need(), new Date(2025, 8, 8));
  assert(home.links.map((l) => l.name).join() === "CDI en ligne,Orientation", home.links.map((l) => l.name).join());
});

await check("timetable of week 2", async () => {
  const tt = await pronote.timetableFromWeek(need(), 2);
  pronote.parseTimetable(session, tt, { withSuperposedCanceledClasses: false, withCanceledClasses: true, withPlannedClasses: true });
  const lessons = tt.classes.filter((c) => c.is === "lesson");
  assert(lessons.length === X.weekLessons, `lessons ${lessons.length}`);
  const first = lessons.sort((a, b) => a.startDate - b.startDate)[0];
  assert(first.subject.name === "MATHÉMATIQUES", first.subject?.name);
  assert(first.classrooms.join() === X.firstRoom, first.classrooms.join());
  assert(first.teacherNames.join() === "DUPONT J.", first.teacherNames.join());
  const hm = (d) => [d.getHours(), d.getMinutes()].join(":");
  assert(first.startDate.getDate() === 8 && hm(first.startDate) === X.first[0].join(":") && hm(first.endDate) === X.first[1].join(":"), `${first.startDate} ${first.endDate}`);
  for (const l of lessons) assert(SUBJECTS.has(l.subject?.name), l.subject?.name);
  const range = await pronote.timetableFromIntervals(session, new Date(2025, 8, 1), new Date(2025, 11, 19));
  assert(range.classes.some((c) => c.is === "lesson" && c.canceled), "no cancelled lesson");
});

await check("assignments and resources", async () => {
  const hw = await pronote.assignmentsFromWeek(need(), 2, 5);
  assert(hw.length === X.homework, `homework ${hw.length}`);
  const dictation = hw.filter((h) => h.subject.name === "FRANÇAIS" && h.deadline.getMonth() === 8 && h.deadline.getDate() === 8);
  assert(dictation.map((h) => h.description).join("|") === X.dictation, dictation.map((h) => h.description).join("|"));
  for (const h of hw) assert(SUBJECTS.has(h.subject.name) && h.description.length > 0, h.subject.name);
  await pronote.assignmentStatus(session, hw[0].id, !hw[0].done);
  const again = (await pronote.assignmentsFromWeek(session, 2, 5)).find((h) => h.id === hw[0].id);
  assert(again.done === !hw[0].done, "done flag not kept");
  const resources = await pronote.resourcesFromWeek(session, 2);
  assert(resources.length > 0 && resources[0].contents.length > 0, "no lesson content");
  const one = await pronote.resource(session, resources[0].id);
  assert(one.subject.name === resources[0].subject.name, "resource by id");
  const file = (await pronote.assignmentsFromWeek(session, 1, 44)).flatMap((h) => h.attachments).find((a) => a.kind === 1);
  assert(file, "no attachment");
  const pdf = await (await fetch(file.url)).text();
  assert(pdf.startsWith("%PDF"), pdf.slice(0, 10));
});

await check("hand in homework (upload)", async () => {
  const all = await pronote.assignmentsFromWeek(need(), 1, 44);
  const target = all.find((h) => h.return.canUpload);
  assert(target, "no homework to hand in");
  await pronote.assignmentUploadFile(session, target.id, new Blob(["mon devoir"]), "devoir.txt");
  let again = (await pronote.assignmentsFromWeek(session, 1, 44)).find((h) => h.id === target.id);
  assert(again.return.uploaded?.name === "devoir.txt", JSON.stringify(again.return));
  const text = await (await fetch(again.return.uploaded.url)).text();
  assert(text === "mon devoir", text);
  await pronote.assignmentRemoveFile(session, target.id);
  again = (await pronote.assignmentsFromWeek(session, 1, 44)).find((h) => h.id === target.id);
  assert(!again.return.uploaded, "still handed in");
});

await check("grades and evaluations", async () => {
  const t1 = session.instance.periods.find((p) => p.name === X.periods[0]);
  const overview = await pronote.gradesOverview(need(), t1);
  assert(overview.grades.length === X.grades, `grades ${overview.grades.length}`);
  const [subject, month, day, points, outOf, coefficient] = X.control;
  const control = overview.grades.filter((g) => g.subject.name === subject && g.comment === "Contrôle" && g.date.getMonth() === month && g.date.getDate() === day);
  assert(control.length === 1 && control[0].value.points === points && control[0].outOf.points === outOf && control[0].coefficient === coefficient, JSON.stringify(control));
  assert(overview.subjectsAverages.length === X.averages, `averages ${overview.subjectsAverages.length}`);
  const french = overview.subjectsAverages.filter((a) => a.subject.name === "FRANÇAIS");
  assert(french.length === 1 && french[0].student.points === X.french[0] && french[0].class_average.points === X.french[1], JSON.stringify(french));
  assert(overview.overallAverage.points === X.overall[0], JSON.stringify(overview.overallAverage));
  assert(overview.classAverage.points === X.overall[1], JSON.stringify(overview.classAverage));
  const evals = await pronote.evaluations(session, t1);
  assert(evals.length === X.evaluations && evals[0].skills.length > 0, `evaluations ${evals.length}`);
});

await check("notebook", async () => {
  const counts = [];
  for (const p of session.instance.periods.filter((p) => X.periods.includes(p.name))) {
    const nb = await pronote.notebook(need(), p);
    counts.push([nb.absences.length, nb.delays.length, nb.punishments.length]);
  }
  assert(JSON.stringify(counts) === X.records, JSON.stringify(counts));
});

await check("news", async () => {
  const n = await pronote.news(need());
  assert(n.items.some((i) => i.title === "Réunion parents-professeurs"), n.items.map((i) => i.title).join());
  assert(n.items.some((i) => i.is === "survey"), "no survey");
  const item = n.items.find((i) => i.title === "Réunion parents-professeurs");
  await pronote.newsRead(session, item, true);
});

await check("menus", async () => {
  const week = await pronote.menus(need(), new Date(2025, 8, 8));
  assert(week.days.length === X.menuDays, `days ${week.days.length}`);
  assert(week.days[0].lunch.main.length > 0, "no main dish");
});

await check("discussions", async () => {
  const d = await pronote.discussions(need());
  assert(d.items.map((i) => i.subject).join("|").startsWith("Devoir maison n°2|Retard du 12 septembre|Voyage en Espagne"), d.items.map((i) => i.subject).join("|"));
  const messages = await pronote.discussionMessages(session, d.items[0]);
  assert(messages.sents.length === 3, `messages ${messages.sents.length}`);
  const opening = messages.sents[messages.sents.length - 1];
  assert(opening.author?.name === "M. DUPONT Jean", opening.author?.name);
  assert(opening.content === "Bonjour, le devoir maison n°2 est à rendre pour lundi. Bon courage !", opening.content);
  await pronote.discussionSendMessage(session, d.items[0], "Réponse de Pawnote");
  const again = (await pronote.discussions(session)).items[0];
  const after = await pronote.discussionMessages(session, again);
  assert(after.sents.some((m) => m.content === "Réponse de Pawnote"), "reply not stored");
  const recipients = await pronote.newDiscussionRecipients(session, pronote.EntityKind.Teacher);
  assert(recipients.some((r) => r.name === "M. DUPONT Jean"), "recipients");
  const before = (await pronote.discussions(session)).items.length;
  await pronote.newDiscussion(session, "Question de Pawnote", "Bonjour, une question.", recipients.filter((r) => r.name === "M. DUPONT Jean"));
  const created = (await pronote.discussions(session)).items;
  assert(created.length === before + 1 && created.some((d) => d.subject === "Question de Pawnote"), "new discussion");
});

await check("account and gradebook", async () => {
  const acc = await pronote.account(need());
  assert(acc.email === X.email, acc.email);
  assert(acc.INE === X.ine, acc.INE);
  const t1 = session.instance.periods.find((p) => p.name === X.periods[0]);
  const book = await pronote.gradebook(session, t1);
  assert(book.subjects.length === X.gradebook, `gradebook subjects ${book.subjects.length}`);
  const pdf = await (await fetch(book.url)).text();
  assert(pdf.startsWith("%PDF"), pdf.slice(0, 10));
});

await check("token login and rotation", async () => {
  const s2 = pronote.createSessionHandle(fetcher);
  const next = await pronote.loginToken(s2, { url: refresh.url, kind: refresh.kind, username: refresh.username, token: refresh.token, deviceUUID });
  assert(next.token !== refresh.token, "token did not rotate");
  assert(await refused(() => pronote.loginToken(pronote.createSessionHandle(fetcher), { url: refresh.url, kind: refresh.kind, username: refresh.username, token: refresh.token, deviceUUID }), "demonstration"), "the old token still works");
  refresh = next;
});

await check("QR-code login", async () => {
  const qr = await (await fetch(`${URL_ROOT}/__admin/qr?pin=4321`)).json();
  const s3 = pronote.createSessionHandle(fetcher);
  const info = await pronote.loginQrCode(s3, { deviceUUID: deviceUUID + "-qr", pin: "4321", qr });
  assert(s3.user.name === STUDENT, s3.user.name);
  assert(typeof info.token === "string" && info.token.length > 10, "no token");
  assert(await refused(() => pronote.loginQrCode(pronote.createSessionHandle(fetcher), { deviceUUID: deviceUUID + "-qr2", pin: "4321", qr }), "demonstration"), "a QR code worked twice");
});

await check("parent with two children", async () => {
  const p = pronote.createSessionHandle(fetcher);
  await pronote.loginCredentials(p, { url: URL_ROOT, kind: pronote.AccountKind.PARENT, username: "demonstration", password: "pronotevs", deviceUUID: deviceUUID + "-p" });
  const names = p.user.resources.map((r) => r.name);
  assert(names.join() === [STUDENT, SECOND_CHILD].join(), names.join());
  pronote.use(p, 1);
  const tt = await pronote.timetableFromWeek(p, 2);
  const first = tt.classes.filter((c) => c.is === "lesson").sort((a, b) => a.startDate - b.startDate)[0];
  assert(first.subject.name === "FRANÇAIS", first.subject.name);
});

await check("teacher timetable", async () => {
  const t = pronote.createSessionHandle(fetcher);
  await pronote.loginCredentials(t, { url: URL_ROOT, kind: pronote.AccountKind.TEACHER, username: "demonstration", password: "pronotevs", deviceUUID: deviceUUID + "-t" });
  assert(t.user.name === "M. DUPONT Jean", t.user.name);
  const tt = await pronote.timetableFromWeek(t, 2);
  const lessons = tt.classes.filter((c) => c.is === "lesson");
  assert(lessons.length === X.teacherLessons && lessons.every((l) => l.subject.name === "MATHÉMATIQUES"), lessons.map((l) => l.subject?.name).join());
});

await check("double authentication", async () => {
  const s = pronote.createSessionHandle(fetcher);
  try {
    await pronote.loginCredentials(s, { url: URL_ROOT, kind: pronote.AccountKind.STUDENT, username: "securise", password: "pronotevs", deviceUUID: deviceUUID + "-2fa" });
    throw new Error("no double authentication asked");
  } catch (e) {
    if (e.name !== "SecurityError") throw e;
    assert(e.handle.shouldEnterPIN, "PIN not asked");
    assert(await pronote.securityCheckPIN(s, "1234"), "PIN refused");
    await pronote.securitySave(s, e.handle, { pin: "1234", deviceName: "Pawnote" });
    await pronote.finishLoginManually(s, e.handle.context.authentication, e.handle.context.identity, e.handle.context.initialUsername);
    assert(s.user.name === SECURED, s.user.name);
  }
});

await check("bad password", async () => {
  const attempt = (password) => pronote.loginCredentials(pronote.createSessionHandle(fetcher), { url: URL_ROOT, kind: pronote.AccountKind.STUDENT, username: "demonstration", password, deviceUUID });
  assert(await refused(() => attempt("nope"), "demonstration"), "bad password accepted");
  // The same client with the right password, in the same run, gets in
  // (and the server logs it).
  const before = serverLog().length;
  await attempt("pronotevs");
  assert(serverLog().slice(before).includes('login accepted username="demonstration"'), "right password not logged as accepted");
});

await check("session expiry", async () => {
  await fetch(URL_ROOT + "/__admin/expire");
  let expired = false;
  try { await pronote.timetableFromWeek(need(), 2); } catch (e) { expired = e.name === "SessionExpiredError"; }
  assert(expired, "no SessionExpiredError");
});

const failed = results.filter(([, ok]) => !ok);
console.log(`pawnote 1.6.2: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
