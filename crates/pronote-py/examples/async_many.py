"""asyncio: several accounts read at once on the Rust runtime."""

import asyncio

import pronote


async def main(demo: pronote.Demo) -> None:
    student, parent = await asyncio.gather(
        pronote.AsyncClient.login(demo.url + "eleve.html", "demonstration", "pronotevs"),
        pronote.AsyncClient.login(demo.url + "parent.html", "demonstration", "pronotevs"),
    )
    lessons, user, homework = await asyncio.gather(
        student.timetable(demo.today), parent.user(), student.homework(demo.today)
    )
    print(len(lessons), "lessons today;", len(homework), "homework due;",
          "children:", ", ".join(c.name for c in user.children))

    step = await pronote.AsyncClient.start_login(demo.url + "eleve.html", "securise", "pronotevs")
    if isinstance(step, pronote.DoubleAuth):
        step = await step.answer(pin="1234", device_name="example")
    print("double authentication passed:", (await step.user()).resource.name)


with pronote.demo() as demo:
    asyncio.run(main(demo))
