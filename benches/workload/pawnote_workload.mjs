// The client workload of benches/RESULTS.md, written against Pawnote 1.6.2:
// log in, two weeks of timetable, every period's grades, four weeks of
// homework; ROUNDS times in one process. Run by run.py from
// conformance/pawnote (where the conformance setup installs Pawnote).
//
//     node pawnote_workload.mjs URL [ROUNDS]
import * as pronote from "pawnote";

const url = process.argv[2].replace(/\/$/, "");
const rounds = Number(process.argv[3] ?? 20);
const monday = new Date(2025, 10, 17);
const days = (n) => new Date(monday.getTime() + n * 86400000);

const totals = [0, 0, 0];
for (let round = 0; round < rounds; round++) {
  const session = pronote.createSessionHandle();
  await pronote.loginCredentials(session, {
    url,
    kind: pronote.AccountKind.STUDENT,
    username: "demonstration",
    password: "pronotevs",
    deviceUUID: "workload",
  });
  const timetable = await pronote.timetableFromIntervals(session, monday, days(13));
  pronote.parseTimetable(session, timetable, { withSuperposedCanceledClasses: false, withCanceledClasses: true, withPlannedClasses: true });
  totals[0] += timetable.classes.length;
  for (const period of session.instance.periods) {
    const overview = await pronote.gradesOverview(session, period);
    totals[1] += overview.grades.length;
  }
  const homework = await pronote.assignmentsFromIntervals(session, monday, days(27));
  totals[2] += homework.length;
}
console.log(totals.join(" "));
