"""The client workload of benches/RESULTS.md, written against pronotepy.

Log in, two weeks of timetable, every period's grades, four
weeks of homework; ROUNDS times in one process. Run by ``run.py`` with
pronotepy 2.15.7, and again with ``--compat`` against ``pronote.compat``
(this package's pronotepy names), unchanged but for the import.

    python pronotepy_workload.py URL [ROUNDS] [--compat] [--read]

``--read`` also reads what a program showing the results would: each
lesson's subject, start and room, each grade's value and subject, each
homework's description and state (``pronote.compat`` converts attributes
on first read; pronotepy when it builds its objects).
"""

import datetime
import sys

if "--compat" in sys.argv:
    from pronote import compat as pronotepy
else:
    import pronotepy

args = [a for a in sys.argv[1:] if not a.startswith("--")]
url = args[0]
rounds = int(args[1]) if len(args) > 1 else 20
# The demo instance's school year (fixed date, see run.py).
monday = datetime.date(2025, 11, 17)

read = "--read" in sys.argv
shown = []

totals = [0, 0, 0]
for _ in range(rounds):
    client = pronotepy.Client(url + "eleve.html", username="demonstration", password="pronotevs")
    lessons = client.lessons(monday, monday + datetime.timedelta(days=13))
    totals[0] += len(lessons)
    if read:
        shown.extend((l.subject.name if l.subject else None, l.start, l.classroom) for l in lessons)
    for period in client.periods:
        grades = period.grades
        totals[1] += len(grades)
        if read:
            shown.extend((g.grade, g.subject.name) for g in grades)
    homework = client.homework(monday, monday + datetime.timedelta(days=27))
    totals[2] += len(homework)
    if read:
        shown.extend((h.description, h.done) for h in homework)
print(" ".join(str(t) for t in totals) + (f" {len(shown)}" if read else ""))
