"""The `pronote` package against the embedded demo instance.

Run after `maturin develop`: python -m pytest tests (or python -m unittest discover -s tests)
"""

import asyncio
import datetime as dt
import json
import unittest

import pronote
from pronote import models

TODAY = dt.date(2025, 12, 5)  # a Friday of the demo's school year


class DemoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._demo_cm = pronote.demo(today=TODAY)
        cls.demo = cls._demo_cm.__enter__()
        cls.student_url = cls.demo.url + "eleve.html"

    @classmethod
    def tearDownClass(cls):
        cls._demo_cm.__exit__(None, None, None)

    def login(self, username="demonstration", page="eleve.html", **kw):
        return pronote.Client.login(self.demo.url + page, username, "pronotevs", **kw)


class Logins(DemoTest):
    def test_password_login_reads_the_user(self):
        client = self.login()
        user = client.user()
        self.assertIsInstance(user, models.User)
        self.assertEqual(user.resource.name, "MARTIN Lucas")
        self.assertEqual(user.resource.class_name, "3A")

    def test_bad_password_is_bad_credentials(self):
        with self.assertRaises(pronote.BadCredentials) as caught:
            pronote.Client.login(self.student_url, "demonstration", "s3cret-Xy")
        self.assertIsInstance(caught.exception, pronote.Error)
        self.assertNotIn("s3cret-Xy", str(caught.exception))

    def test_token_rotation_reaches_the_callback_and_the_old_token_dies(self):
        saved = []
        self.login(request_token=True, on_credentials=saved.append)
        self.assertEqual(saved[-1].kind, "token")
        first = saved[-1]
        again = pronote.Client.credentials_login(first, on_credentials=saved.append)
        self.assertEqual(again.user().resource.name, "MARTIN Lucas")
        self.assertEqual(len(saved), 2)
        self.assertNotEqual(saved[1].to_dict()["secret"], first.to_dict()["secret"])
        with self.assertRaises(pronote.BadCredentials):
            pronote.Client.credentials_login(first)
        # The saved form survives JSON, as a program stores it.
        stored = json.loads(json.dumps(saved[1].to_dict()))
        self.assertEqual(
            pronote.Client.credentials_login(stored).user().resource.name, "MARTIN Lucas"
        )

    def test_credentials_repr_hides_the_secret(self):
        saved = []
        self.login(request_token=True, on_credentials=saved.append)
        token = saved[-1].to_dict()["secret"]["token"]
        self.assertNotIn(token, repr(saved[-1]))
        self.assertIn("demonstration", repr(saved[-1]))

    def test_double_authentication_is_a_step(self):
        with self.assertRaises(pronote.DoubleAuthRequired):
            pronote.Client.login(self.student_url, "securise", "pronotevs")
        step = pronote.Client.start_login(self.student_url, "securise", "pronotevs")
        self.assertIsInstance(step, pronote.DoubleAuth)
        self.assertTrue(step.needs_pin)
        with self.assertRaises(pronote.BadCredentials):
            step.answer(pin="0000", device_name="unittest")
        client = step.answer(pin="1234", device_name="unittest")
        self.assertEqual(client.user().resource.name, "DUBOIS Chloé")
        with self.assertRaises(pronote.UsageError):
            step.answer(pin="1234", device_name="unittest")

    def test_qr_code_login(self):
        client = self.login()
        code = client.issue_qr_code("4321")
        saved = []
        other = pronote.Client.qr_login(code, "4321", "unittest-device", on_credentials=saved.append)
        self.assertEqual(other.user().resource.name, "MARTIN Lucas")
        self.assertEqual(saved[-1].kind, "token")

    def test_export_and_resume(self):
        client = self.login()
        resumed = pronote.resume(client.export())
        self.assertEqual(len(resumed.timetable(TODAY)), len(client.timetable(TODAY)))

    def test_parent_selects_a_child(self):
        parent = self.login(page="parent.html")
        names = [c.name for c in parent.user().children]
        self.assertEqual(names, ["MARTIN Lucas", "MARTIN Emma"])
        parent.select_child("MARTIN Emma")
        emma = parent.timetable(TODAY)
        parent.select_child("MARTIN Lucas")
        lucas = parent.timetable(TODAY)
        self.assertNotEqual([l.to_dict() for l in emma], [l.to_dict() for l in lucas])
        with self.assertRaises(pronote.NotFound):
            parent.select_child("NOBODY")

    def test_an_expired_session_is_renewed(self):
        client = self.login()
        before = len(client.timetable(TODAY))
        self.demo.expire_sessions()
        self.assertEqual(len(client.timetable(TODAY)), before)


class Models(DemoTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = pronote.Client.login(cls.student_url, "demonstration", "pronotevs")

    def test_lessons_have_python_types(self):
        lessons = self.client.timetable(TODAY, TODAY + dt.timedelta(days=3))
        self.assertTrue(lessons)
        first = lessons[0]
        self.assertIsInstance(first.start, dt.datetime)
        self.assertEqual(first.start.date(), TODAY)
        self.assertIsInstance(first.subject, models.Subject)
        self.assertIsInstance(first.kind, models.LessonKind)
        self.assertIsInstance(first.rooms, list)

    def test_grades_are_marks(self):
        period = self.client.instance().periods[0]
        self.assertIsInstance(period.start, dt.date)
        overview = self.client.grades(period.name)
        self.assertIsInstance(overview, models.GradesOverview)
        # The same values as `pronote --demo grades --period "Trimestre 1"`.
        grade = next(g for g in overview.grades if g.comment == "Exposé" and g.subject.name == "ARTS PLASTIQUES")
        self.assertEqual(grade.date, dt.date(2025, 9, 9))
        self.assertEqual(grade.value, 16)
        self.assertEqual(float(grade.out_of), 20.0)
        self.assertEqual(grade.coefficient, 2.0)
        self.assertIsNone(grade.value.special)
        self.assertEqual(overview.overall_average, 13.87)
        self.assertEqual(overview.class_overall_average, 11.44)

    def test_to_dict_is_the_rust_json(self):
        [hw, *_] = self.client.homework(TODAY, TODAY + dt.timedelta(days=14))
        data = hw.to_dict()
        self.assertEqual(models.Homework(data), hw)
        self.assertIsInstance(hw.due, dt.date)
        self.assertIsInstance(hw.description, models.Html)
        self.assertNotIn("<", hw.description.text)
        json.dumps(data)  # plain JSON data

    def test_messages_and_a_reply(self):
        discussions = self.client.discussions()
        first = discussions.discussions[0]
        thread = self.client.messages(first)
        self.assertTrue(thread.messages)
        self.assertIsInstance(thread.messages[0].author, str)
        count = len(thread.messages)
        self.client.reply(first, "Merci, bien reçu.")
        self.assertEqual(len(self.client.messages(first).messages), count + 1)

    def test_every_operation_is_known(self):
        self.assertIn("timetable", pronote.operations())
        self.assertGreaterEqual(len(pronote.operations()), 60)
        with self.assertRaises(pronote.UsageError):
            self.client.call("no_such_operation")
        with self.assertRaises(pronote.UsageError):
            self.client.call("grades")  # the period is missing
        with self.assertRaises(pronote.NotFound):
            self.client.grades("Trimestre 9")

    def test_generic_records(self):
        menus = self.client.menus(TODAY)
        self.assertIsInstance(menus, list)
        staff = self.client.teaching_staff()
        self.assertTrue(all(isinstance(s, models.Record) for s in staff))


class Async(DemoTest):
    def test_async_client_runs_calls_concurrently(self):
        async def main():
            client = await pronote.AsyncClient.login(self.student_url, "demonstration", "pronotevs")
            lessons, user, homework = await asyncio.gather(
                client.timetable(TODAY), client.user(), client.homework(TODAY)
            )
            with self.assertRaises(pronote.BadCredentials):
                await pronote.AsyncClient.login(self.student_url, "demonstration", "nope")
            step = await pronote.AsyncClient.start_login(self.student_url, "securise", "pronotevs")
            other = await step.answer(pin="1234", device_name="async")
            return lessons, user, homework, await other.user()

        lessons, user, homework, other = asyncio.run(main())
        self.assertTrue(lessons)
        self.assertEqual(user.resource.name, "MARTIN Lucas")
        self.assertIsInstance(homework, list)
        self.assertEqual(other.resource.name, "DUBOIS Chloé")


class Conversions(unittest.TestCase):
    def test_marks_in_every_form(self):
        from pronote._convert import to_mark

        self.assertEqual(to_mark({"_T": 10, "V": "11,33"}), 11.33)
        self.assertEqual(to_mark(14.5), 14.5)
        self.assertEqual(to_mark("|1").special, pronote.Special.ABSENT)
        self.assertEqual(to_mark("absent").special, pronote.Special.ABSENT)
        self.assertEqual(to_mark({"value": None, "special": "exempted"}).special, pronote.Special.EXEMPTED)

    def test_datetimes_in_every_form(self):
        from pronote._convert import to_datetime

        want = dt.datetime(2025, 11, 17, 8, 0)
        self.assertEqual(to_datetime("2025-11-17 08:00:00.0"), want)
        self.assertEqual(to_datetime("2025-11-17T08:00:00"), want)
        self.assertEqual(to_datetime({"_T": 7, "V": "17/11/2025 08:00:00"}), want)


if __name__ == "__main__":
    unittest.main()
