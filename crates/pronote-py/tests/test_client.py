"""The `pronote` package against the embedded demo instance.

Run after `maturin develop`: python -m pytest tests (or python -m unittest discover -s tests)
"""

import asyncio
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import threading
import time
import unittest
import weakref

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


def run_python(code):
    """``code`` run by a new interpreter (the one running the tests)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


class SharedRuntime(unittest.TestCase):
    @unittest.skipUnless(os.path.isdir("/proc/self/task"), "counts threads in Linux's /proc")
    def test_the_async_runtime_starts_on_first_use_not_at_import(self):
        code = (
            "import os, pronote\n"
            "count = lambda: len(os.listdir('/proc/self/task'))\n"
            "before = count()\n"
            "with pronote.demo() as demo:\n"
            "    print(before, count())\n"
        )
        done = run_python(code)
        self.assertEqual(done.returncode, 0, done.stderr)
        before, with_demo = map(int, done.stdout.split())
        # A synchronous program starts no thread by importing the package;
        # the demo server (like asyncio calls) starts the shared runtime.
        self.assertEqual(before, 1)
        self.assertGreater(with_demo, before)


class Imports(unittest.TestCase):
    def test_the_package_imports_neither_typing_nor_re(self):
        # Together a third of the import time: annotations are text read
        # by type checkers, the date patterns compiled on first need.
        code = (
            "import sys, pronote.compat\n"
            "print(' '.join(m for m in ('typing', 're', 'contextlib') if m in sys.modules))\n"
        )
        done = run_python(code)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "")

    def test_enumerations_and_demo_accounts_are_made_on_first_use(self):
        # `enum` and the enumerations are a fifth of the import time,
        # `functools` and `collections` a tenth, `weakref` 3 %.
        code = (
            "import sys, datetime as dt, pronote, pronote.compat\n"
            "from pronote import models\n"
            "print(*[m for m in ('enum', 'weakref', 'functools', 'collections') if m in sys.modules])\n"
            "print(pronote.Special.ABSENT.value, models.LessonKind.NORMAL.value)\n"
            "print(models.Lesson({'kind': 'replacement'}).kind is models.LessonKind.REPLACEMENT)\n"
            "print(models.Grade({'value': '|1'}).value.special is pronote.Special.ABSENT)\n"
            "print(pronote.models.Special is pronote.Special)\n"
        )
        done = run_python(code)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(
            done.stdout.split("\n")[:5],
            ["", "absent normal", "True", "True", "True"],
        )
        done = run_python("import pronote\nprint(pronote.DemoAccount._fields, pronote.DemoAccount.__module__)\n")
        self.assertEqual(done.stdout.strip(), "('url', 'username', 'password', 'who') pronote")
        self.assertIn("AttributeError", run_python("import pronote.models as m\nm.NotAModel\n").stderr)

    def test_demo_is_a_context_manager_that_stops_the_instance(self):
        with pronote.demo(today=TODAY) as demo:
            url = demo.url
            client = pronote.Client.login(url + "eleve.html", "demonstration", "pronotevs")
            self.assertEqual(demo.accounts[0].password, "pronotevs")
            self.assertEqual(demo.accounts[0]._fields, ("url", "username", "password", "who"))
        with self.assertRaises(pronote.TransportError):
            client.timetable(TODAY)


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

    def test_a_forced_password_change_is_a_step(self):
        # A demo account that must choose a new password (its first login).
        with self.assertRaises(pronote.NewPasswordRequired):
            pronote.Client.login(self.student_url, "nouveau", "pronotevs")
        saved = []
        step = pronote.Client.start_login(self.student_url, "nouveau", "pronotevs",
                                          on_credentials=saved.append)
        self.assertIsInstance(step, pronote.NewPassword)
        self.assertEqual((step.rules["min"], step.rules["max"]), (8, 30))
        self.assertTrue(step.rules["digit"])
        self.assertIsNotNone(step.check("court"))
        self.assertIsNone(step.check("Nouveau-2026"))
        # Refused before anything is sent; the step stays usable.
        with self.assertRaises(pronote.PasswordRejected) as refused:
            step.answer("court")
        self.assertNotIn("court", repr(step))
        self.assertIsInstance(refused.exception, pronote.Error)
        client = step.answer("Nouveau-2026")
        self.assertIsInstance(client, pronote.Client)
        client.user()
        # The new password reached the callback before the login ended,
        # without showing in its repr; it now logs in, the old one fails.
        self.assertTrue(saved)
        self.assertEqual(saved[-1].to_dict()["secret"].get("password"), "Nouveau-2026")
        self.assertNotIn("Nouveau-2026", repr(saved[-1]))
        pronote.Client.login(self.student_url, "nouveau", "Nouveau-2026")
        with self.assertRaises(pronote.BadCredentials):
            pronote.Client.login(self.student_url, "nouveau", "pronotevs")

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

    def test_a_client_whose_callback_refers_back_to_it_is_freed(self):
        # The usual shape: a method of the object that holds the client.
        class Program:
            def __init__(self, url):
                self.saved = []
                self.client = pronote.Client.login(
                    url, "demonstration", "pronotevs", request_token=True, on_credentials=self.keep
                )

            def keep(self, credentials):
                self.saved.append(credentials)

        program = Program(self.student_url)
        self.assertEqual(len(program.saved), 1)
        client = weakref.ref(program.client)
        del program
        gc.collect()
        self.assertIsNone(client(), "the client (its session, runtime and connection) was kept")

    def test_a_rotated_token_reaches_a_callback_only_the_client_holds(self):
        saved = []
        self.login(request_token=True, on_credentials=saved.append)
        # A lambda nothing else refers to: the client keeps it.
        client = pronote.Client.credentials_login(saved[-1], on_credentials=lambda c: saved.append(c))
        self.assertEqual(len(saved), 2)
        gc.collect()
        self.demo.expire_sessions()
        client.timetable(TODAY)  # logs in again with the token, which rotates
        self.assertEqual(len(saved), 3)
        self.assertNotEqual(saved[2].to_dict()["secret"], saved[1].to_dict()["secret"])


class Faults(DemoTest):
    def tearDown(self):
        self.demo.clear_faults()

    def test_server_refusals_are_typed_errors(self):
        client = self.login()
        for fault, error in [
            ("rate-limit", pronote.RateLimited),
            ("busy", pronote.ServerBusy),
            ("refused", pronote.AccessDenied),
            ("drop", pronote.TransportError),
        ]:
            with self.subTest(fault=fault):
                self.demo.inject_fault(fault)
                with self.assertRaises(error) as raised:
                    client.timetable(TODAY)
                self.assertIsInstance(raised.exception, pronote.Error)
                self.demo.clear_faults()
        # Once the faults are gone, the same client works again.
        self.assertIsInstance(client.timetable(TODAY), list)

    def test_unknown_fault_is_a_usage_error(self):
        with self.assertRaises(pronote.UsageError):
            self.demo.inject_fault("meteor")

    def test_the_gil_is_released_during_a_call(self):
        client = self.login()
        self.demo.inject_fault("slow-1500", 1)
        done = threading.Event()
        outcome = []

        def slow_call():
            try:
                outcome.append(client.timetable(TODAY))
            finally:
                done.set()

        started = time.monotonic()
        worker = threading.Thread(target=slow_call)
        worker.start()
        # Python code keeps running while the other thread waits on the
        # network: with the GIL held this loop would stall for 1.5 s.
        spins = 0
        while not done.is_set() and time.monotonic() - started < 1.2:
            spins += 1
            time.sleep(0.001)
        worker.join(30)
        self.assertGreater(spins, 100)
        self.assertGreaterEqual(time.monotonic() - started, 1.4)
        self.assertIsInstance(outcome[0], list)


class Models(DemoTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = pronote.Client.login(cls.student_url, "demonstration", "pronotevs")

    def test_lessons_have_python_types(self):
        lessons = self.client.timetable(TODAY, TODAY + dt.timedelta(days=3))
        # Friday 5 and Monday 8 December: six lessons each.
        self.assertEqual(len(lessons), 12)
        first = lessons[0]
        self.assertIsInstance(first.start, dt.datetime)
        self.assertEqual(first.start.date(), TODAY)
        self.assertIsInstance(first.subject, models.Subject)
        self.assertIsInstance(first.kind, models.LessonKind)
        self.assertIsInstance(first.rooms, list)

    def test_fields_are_converted_on_first_read_and_kept(self):
        first = self.client.timetable(TODAY, TODAY)[0]
        self.assertNotIn("start", vars(first))
        start = first.start
        self.assertEqual(start, dt.datetime(2025, 12, 5, 8, 0))
        self.assertIs(vars(first)["start"], start)
        self.assertIs(first.start, start)
        # A field of an unexpected shape stays as received.
        odd = models.Lesson({**first.to_dict(), "start": "not a date"})
        self.assertEqual(odd.start, "not a date")
        with self.assertRaises(AttributeError):
            first.no_such_field
        report = self.client.report_card("Trimestre 1")
        self.assertIsInstance(report.subjects[0], models.ReportSubject)

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
        self.assertEqual(first.subject, "Devoir maison n°2")
        self.assertEqual(
            [m.author for m in thread.messages], ["M. DUPONT Jean", "Moi", "M. DUPONT Jean"]
        )
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

    def assertRoundTrips(self, model):
        """A typed model whose to_dict() reads back to the same model."""
        self.assertIsInstance(model, models.Model)
        self.assertNotIsInstance(model, models.Record)
        self.assertEqual(type(model).from_dict(model.to_dict()), model)

    def test_every_capability_has_typed_models(self):
        period = "Trimestre 1"
        notebook = self.client.notebook(period)
        self.assertIsInstance(notebook, models.Notebook)
        self.assertEqual(len(notebook.absences), 1)
        absence = notebook.absences[0]
        self.assertEqual(absence.start, dt.datetime(2025, 11, 6, 8, 0))
        self.assertIsInstance(absence.minutes, int)
        self.assertEqual(len(notebook.delays), 2)
        self.assertEqual(notebook.delays[0].at, dt.datetime(2025, 9, 26, 8, 0))
        self.assertRoundTrips(notebook)

        report = self.client.report_card(period)
        self.assertIsInstance(report, models.ReportCard)
        self.assertTrue(report.published)
        self.assertIsInstance(report.subjects[0], models.ReportSubject)
        self.assertIsInstance(report.subjects[0].student_average, models.Mark)
        self.assertRoundTrips(report)
        unpublished = self.client.report_card("Trimestre 3")
        self.assertFalse(unpublished.published)
        self.assertEqual(unpublished.message, "Le bulletin de cette période n'est pas encore publié.")
        self.assertEqual(unpublished.subjects, [])

        menus = self.client.menus(TODAY)
        # The week's canteen days: Monday, Tuesday, Thursday, Friday.
        self.assertEqual(
            [m.date for m in menus], [dt.date(2025, 12, d) for d in (1, 2, 4, 5)]
        )
        meal = menus[0].meals[0]
        self.assertIsInstance(menus[0].date, dt.date)
        self.assertIsInstance(meal.kind, models.MealKind)
        self.assertIsInstance(meal.dishes[0].kind, models.DishKind)
        self.assertIsInstance(meal.dishes[0].foods[0], models.Food)

        account = self.client.account()
        self.assertIsInstance(account, models.Account)
        self.assertIsInstance(account.ical_feeds, list)

        staff = self.client.teaching_staff()
        self.assertTrue(all(isinstance(s, models.StaffMember) for s in staff))
        self.assertIsInstance(staff[0].kind, models.StaffKind)

        contents = self.client.lesson_contents(TODAY - dt.timedelta(days=7), TODAY)
        self.assertEqual(len(contents), 27)
        self.assertIsInstance(contents[0], models.LessonContents)
        self.assertIsInstance(contents[0].contents[0], models.LessonContent)

        home = self.client.homepage(TODAY)
        self.assertIsInstance(home, models.Homepage)
        self.assertEqual([l.name for l in home.links], ["CDI en ligne", "Orientation"])
        self.assertIsInstance(home.links[0], models.Link)

        teachers = self.client.recipients("Teacher")
        self.assertEqual(len(teachers), 11)
        self.assertEqual(teachers[0].name, "Mme MOREAU Claire")
        self.assertIs(teachers[0].kind, models.PersonKind.TEACHER)
        discussion = self.client.discussions().discussions[0]
        people = self.client.participants(discussion)
        self.assertTrue(all(isinstance(p, models.Participant) for p in people))

        news = self.client.news()
        self.assertIsInstance(news.items[0].kind, models.NewsKind)
        questions = self.client.news_details(news.items[0])
        self.assertTrue(all(isinstance(q, models.Question) for q in questions))

    def test_session_facts_and_the_newer_capabilities(self):
        self.assertEqual(self.client.server_date(), TODAY)
        period = self.client.current_period()
        self.assertIsInstance(period, models.Period)
        self.assertTrue(period.contains(TODAY), period)
        self.assertEqual(len(self.client.authorisations().tabs), 13)
        self.assertEqual(self.client.delegate_classes(), [])
        monday = TODAY - dt.timedelta(days=TODAY.weekday())
        menus = self.client.menus_between(monday, monday + dt.timedelta(days=13))
        self.assertTrue(all(monday <= m.date <= monday + dt.timedelta(days=13) for m in menus))
        # Two weeks of four canteen days each.
        self.assertEqual(len(menus), 8)
        self.assertEqual(len({m.date.isocalendar()[1] for m in menus}), 2)
        url = self.client.timetable_pdf_url(portrait=True)
        self.assertTrue(url.startswith("http"), url)
        with self.assertRaises(pronote.UsageError):
            self.client.timetable_pdf_url(sideways=True)
        lesson = next(l for l in self.client.timetable(TODAY - dt.timedelta(days=7), TODAY)
                      if l.lesson_content_id)
        contents = self.client.lesson_contents_by_id(lesson.lesson_content_id)
        self.assertIsInstance(contents, models.LessonContents)
        self.assertEqual(contents.id, lesson.lesson_content_id)
        discussion = self.client.discussions().discussions[0]
        first = self.client.messages(discussion).messages[0]
        self.client.reply_to_message(discussion, first, "Merci, bien reçu.")
        after = self.client.messages(discussion).messages
        self.assertTrue(any(m.content == "Merci, bien reçu." for m in after))

    def test_school_life_accounts_read_classes_and_files(self):
        staff = pronote.Client.login(self.demo.url + "viescolaire.html", "viescolaire", "pronotevs")
        classes = staff.classes()
        self.assertIsInstance(classes[0], models.Class)
        pupils = staff.class_students(classes[0])
        self.assertIsInstance(pupils[0], models.ClassStudent)
        file = staff.student_file(pupils[0])
        self.assertIsInstance(file, models.StudentFile)
        self.assertIsInstance(file.identity, models.PersonDetails)
        self.assertRoundTrips(file)

    def test_records_read_any_json(self):
        record = models.Record({"name": "x", "inner": {"value": 2}})
        self.assertEqual(record.name, "x")
        self.assertEqual(record.inner.value, 2)


class Threads(DemoTest):
    """A synchronous session runs on a runtime of its own, driven by the
    calling thread: it must work from any thread, from several at once,
    and as an awaitable too."""

    def test_one_synchronous_session_from_several_threads(self):
        client = self.login()
        expected = len(client.timetable(TODAY))
        results, errors = [], []

        def read():
            try:
                for _ in range(5):
                    results.append(len(client.timetable(TODAY)))
            except Exception as e:  # reported below
                errors.append(e)

        workers = [threading.Thread(target=read) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
        self.assertFalse(any(w.is_alive() for w in workers), "a call hung")
        self.assertEqual(errors, [])
        self.assertEqual(results, [expected] * 20)

    def test_a_synchronous_session_called_as_an_awaitable(self):
        client = self.login()
        expected = client.user().resource.name
        # The awaitable form of the same session: its connection belongs to
        # its own runtime, which then runs on a blocking thread.
        async def main():
            return await client._session.call_async("user", None)

        data = asyncio.run(main())
        self.assertEqual(data["resource"]["name"], expected)
        # And synchronously again afterwards, on the same connection pool.
        self.assertEqual(client.user().resource.name, expected)

    def test_a_double_authentication_answered_synchronously_keeps_working(self):
        step = pronote.Client.start_login(self.student_url, "securise", "pronotevs")
        client = step.answer(pin="1234", device_name="threads")
        self.assertEqual(client.user().resource.name, "DUBOIS Chloé")
        self.assertEqual(len(client.timetable(TODAY)), len(client.timetable(TODAY)))


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
        self.assertEqual(len(lessons), 6)
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

    def test_enum_names_in_any_case_style(self):
        from pronote._convert import to_enum

        self.assertIs(to_enum(models.Special, "NotGraded"), models.Special.NOT_GRADED)
        self.assertIs(to_enum(models.Special, "absent"), models.Special.ABSENT)
        self.assertEqual(to_enum(models.Special, "SomethingNew"), "SomethingNew")
        self.assertEqual(to_enum(models.Special, {"Unknown": 7}), "7")

    def test_a_model_of_the_programs_own_with_typing_annotations(self):
        from typing import List, Optional

        class Mine(models.Model):
            when: Optional[dt.date]
            marks: List[models.Mark]
            subject: models.Subject

        mine = Mine({"when": "2025-11-17", "marks": [12, {"value": None, "special": "absent"}],
                     "subject": {"id": "1", "name": "MATHS"}})
        self.assertEqual(mine.when, dt.date(2025, 11, 17))
        self.assertEqual([float(m) if m.special is None else m.special for m in mine.marks],
                         [12.0, models.Special.ABSENT])
        self.assertEqual(mine.subject.name, "MATHS")

    def test_the_models_own_forms_read_as_every_other_form(self):
        # `2025-11-17T08:00:00` and `2025-11-17` are parsed in C; the
        # regular expressions read the same values from the other forms.
        from pronote._convert import to_date, to_datetime

        moment = dt.datetime(2025, 1, 1, 0, 0, 0)
        while moment.year == 2025:
            self.assertEqual(to_datetime(moment.isoformat()), moment)
            self.assertEqual(to_datetime(moment.strftime("%Y-%m-%d %H:%M:%S.0")), moment)
            self.assertEqual(to_date(moment.date().isoformat()), moment.date())
            self.assertEqual(to_date(moment.strftime("%d/%m/%Y")), moment.date())
            moment += dt.timedelta(days=3, hours=7, minutes=13, seconds=29)
        for wrong in ("2025-13-01T08:00:00", "2025-02-30T08:00:00", "2025-11-17T25:00:00"):
            with self.assertRaises(ValueError):
                to_datetime(wrong)
        for wrong in ("2025-13-01", "2025-02-30", "2025-xx-01"):
            with self.assertRaises(ValueError):
                to_date(wrong)


if __name__ == "__main__":
    unittest.main()
