"""The client workload of benches/RESULTS.md, written against pronotepy.

Log in, two weeks of timetable, every period's grades, four
weeks of homework; ROUNDS times in one process. Run by ``run.py`` with
pronotepy 2.15.7, and again with ``--compat`` against ``pronote.compat``
(this package's pronotepy names), unchanged but for the import.

    python pronotepy_workload.py URL [ROUNDS] [--compat]
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

totals = [0, 0, 0]
for _ in range(rounds):
    client = pronotepy.Client(url + "eleve.html", username="demonstration", password="pronotevs")
    totals[0] += len(client.lessons(monday, monday + datetime.timedelta(days=13)))
    for period in client.periods:
        totals[1] += len(period.grades)
    totals[2] += len(client.homework(monday, monday + datetime.timedelta(days=27)))
print(" ".join(str(t) for t in totals))
