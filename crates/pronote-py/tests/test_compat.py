"""pronote.compat: a pronotepy program's calls, unchanged but the import."""

import datetime as dt
import os
import unittest

import pronote
from pronote import compat as pronotepy

TODAY = dt.date(2025, 12, 5)


class Compat(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._cm = pronote.demo(today=TODAY)
        cls.demo = cls._cm.__enter__()
        cls.client = pronotepy.Client(
            cls.demo.url + "eleve.html", username="demonstration", password="pronotevs"
        )

    @classmethod
    def tearDownClass(cls):
        cls._cm.__exit__(None, None, None)

    @unittest.skipUnless(os.path.isdir("/proc/self/fd"), "counts descriptors in Linux's /proc")
    def test_clients_made_in_a_loop_are_freed_with_their_connections(self):
        # pronotepy's habit: a new client each run of a loop, the old one
        # dropped. Each kept client would hold a runtime and a connection
        # (three descriptors here, and the demo server's end of it).
        url = self.demo.url + "eleve.html"
        pronotepy.Client(url, username="demonstration", password="pronotevs")
        before = len(os.listdir("/proc/self/fd"))
        for _ in range(12):
            client = pronotepy.Client(url, username="demonstration", password="pronotevs")
            client.lessons(TODAY)
        del client
        self.assertLessEqual(len(os.listdir("/proc/self/fd")) - before, 8)

    def test_login_and_info(self):
        self.assertTrue(self.client.logged_in)
        fresh = pronotepy.Client(self.demo.url + "eleve.html", username="demonstration", password="pronotevs")
        self.assertNotIn("info", vars(fresh))  # read on first access
        self.assertEqual(fresh.info.name, "MARTIN Lucas")
        self.assertIs(fresh.info, fresh.info)
        self.assertEqual(self.client.info.name, "MARTIN Lucas")
        self.assertEqual(self.client.info.class_name, "3A")

    def test_lessons_with_pronotepy_names(self):
        lessons = self.client.lessons(TODAY)
        first = lessons[0]
        self.assertEqual(first.start, dt.datetime(2025, 12, 5, 8, 0))
        self.assertIsInstance(first.subject.name, str)
        self.assertIsInstance(first.canceled, bool)
        self.assertTrue(first.classroom is None or isinstance(first.classroom, str))

    def test_periods_grades_and_averages_as_text(self):
        self.assertEqual(self.client.current_period.name, "Trimestre 2")
        first = self.client.periods[0]
        self.assertEqual(first.name, "Trimestre 1")
        exposé = next(g for g in first.grades if g.comment == "Exposé" and g.subject.name == "ARTS PLASTIQUES")
        self.assertEqual((exposé.grade, exposé.out_of, exposé.coefficient), ("16", "20", "2"))
        self.assertEqual(first.overall_average, "13,87")
        self.assertEqual(first.class_overall_average, "11,44")

    def test_attributes_are_read_on_first_access_and_can_be_set(self):
        first = self.client.lessons(TODAY)[0]
        self.assertNotIn("canceled", vars(first))
        self.assertIsInstance(first.canceled, bool)
        self.assertIn("canceled", vars(first))
        first.canceled = "changed by the program"
        self.assertEqual(first.canceled, "changed by the program")
        self.assertEqual(first.start, dt.datetime(2025, 12, 5, 8, 0))

    def test_typed_models_are_made_on_first_read(self):
        lessons = self.client.lessons(TODAY)
        grades = self.client.periods[0].grades
        homework = self.client.homework(TODAY, TODAY + dt.timedelta(days=14))
        for made, model_class in ((lessons, pronote.models.Lesson), (grades, pronote.models.Grade),
                                  (homework, pronote.models.Homework)):
            first = made[0]
            self.assertNotIn("_model", vars(first))
            self.assertIsInstance(first.id, str)
            self.assertIsInstance(vars(first)["_model"], model_class)
            # The object made from the raw view equals the typed client's.
            self.assertEqual(first.to_dict()["id"], first.id)
        typed = self.client._client.timetable(TODAY)
        self.assertEqual([lesson.to_dict() for lesson in lessons], [t.to_dict() for t in typed])

    def test_homework_set_done(self):
        [hw, *_] = self.client.homework(TODAY, TODAY + dt.timedelta(days=14))
        before = hw.done
        hw.set_done(not before)
        again = next(h for h in self.client.homework(TODAY, TODAY + dt.timedelta(days=14)) if h.id == hw.id)
        self.assertEqual(again.done, not before)
        hw.set_done(before)

    def test_discussions_news_menus(self):
        [first, *_] = self.client.discussions()
        self.assertEqual(first.messages[0].author, "M. DUPONT Jean")
        news = self.client.information_and_surveys()
        self.assertEqual(news[0].title, "Rentrée scolaire 2025")
        menus = self.client.menus(dt.date(2025, 12, 1), dt.date(2025, 12, 12))
        self.assertEqual(
            [m.date for m in menus], [dt.date(2025, 12, d) for d in (1, 2, 4, 5, 8, 9, 11, 12)]
        )
        self.assertTrue(self.client.export_ical().startswith(self.demo.url))

    def test_qr_code_then_token_login_rotates(self):
        qr = self.client.request_qr_code_data("1234")
        first = pronotepy.Client.qrcode_login(qr, "1234", "compat-device")
        saved = first.export_credentials()
        self.assertEqual(sorted(saved), ["client_identifier", "password", "pronote_url", "username", "uuid"])
        again = pronotepy.Client.token_login(saved["pronote_url"], saved["username"], saved["password"], saved["uuid"])
        self.assertEqual(again.info.name, "MARTIN Lucas")
        self.assertNotEqual(again.password, saved["password"])
        with self.assertRaises(pronotepy.PronoteAPIError):
            pronotepy.Client.token_login(saved["pronote_url"], saved["username"], saved["password"], saved["uuid"])

    def test_parent_client(self):
        parent = pronotepy.ParentClient(self.demo.url + "parent.html", username="demonstration", password="pronotevs")
        self.assertEqual([c.name for c in parent.children], ["MARTIN Lucas", "MARTIN Emma"])
        parent.set_child(parent.children[1])
        self.assertEqual(len(parent.lessons(TODAY)), 5, "MARTIN Emma's Friday 5 December")

    def test_ent_names_and_errors(self):
        self.assertEqual(pronotepy.ent.ac_rennes, "ac_rennes")
        with self.assertRaises(AttributeError):
            pronotepy.ent.no_such_ent
        with self.assertRaises(pronotepy.PronoteAPIError):
            pronotepy.Client(self.demo.url + "eleve.html", username="demonstration", password="nope")


if __name__ == "__main__":
    unittest.main()
