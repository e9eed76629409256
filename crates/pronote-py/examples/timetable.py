"""This week's lessons and the latest grades, from the demo instance (or a
real one: PRONOTE_URL, PRONOTE_USERNAME, PRONOTE_PASSWORD)."""

import datetime as dt
import os

import pronote


def show(client: pronote.Client, today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    for lesson in client.timetable(monday, monday + dt.timedelta(days=4)):
        subject = lesson.subject.name if lesson.subject else lesson.title or ""
        mark = " (cancelled)" if lesson.cancelled else ""
        print(f"{lesson.start:%a %d %H:%M}  {subject:<25} {', '.join(lesson.rooms)}{mark}")
    period = client.instance().periods[0]
    for grade in client.grades(period.name).grades[:5]:
        print(f"{grade.date}  {grade.subject.name:<25} {grade.value}/{grade.out_of}")


if __name__ == "__main__":
    if "PRONOTE_URL" in os.environ:
        show(
            pronote.Client.login(
                os.environ["PRONOTE_URL"], os.environ["PRONOTE_USERNAME"], os.environ["PRONOTE_PASSWORD"]
            ),
            dt.date.today(),
        )
    else:
        with pronote.demo() as demo:
            show(pronote.Client.login(demo.url + "eleve.html", "demonstration", "pronotevs"), demo.today)
