"""Models handed over as views (`pronote._pronote.Fields`): each field read
from the Rust model when Python asks for it must be exactly what
converting the whole model gives.

Run after `maturin develop`: python -m pytest tests
"""

import copy
import datetime as dt
import pickle
import unittest

import pronote
from pronote import models
from pronote._pronote import Fields

TODAY = dt.date(2025, 12, 5)


def plain(value):
    """``value`` with every view replaced by its fields read one by one."""
    if isinstance(value, Fields):
        return {key: plain(value[key]) for key in value}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def views_in(value):
    """Every view reachable from ``value`` by reading fields."""
    if isinstance(value, Fields):
        yield value
        for key in value:
            yield from views_in(value[key])
    elif isinstance(value, list):
        for v in value:
            yield from views_in(v)


class Views(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._demo_cm = pronote.demo(today=TODAY)
        demo = cls._demo_cm.__enter__()
        cls.url = demo.url + "eleve.html"
        cls.client = pronote.Client.login(demo.url + "eleve.html", "demonstration", "pronotevs")
        cls.session = cls.client._session

    @classmethod
    def tearDownClass(cls):
        cls._demo_cm.__exit__(None, None, None)

    def results(self):
        """A result of every shape: lists of models, models holding lists
        of models, optional and nested structs, HTML and marks."""
        period = self.client.instance().periods[0].name
        day = TODAY.isoformat()
        later = (TODAY + dt.timedelta(days=14)).isoformat()
        calls = [
            ("timetable", {"from": day, "to": later}),
            ("homework", {"from": day, "to": later}),
            ("grades", {"period": period}),
            ("evaluations", {"period": period}),
            ("instance", None),
            ("user", None),
            ("discussions", None),
            ("news", None),
            ("menus_between", {"from": day, "to": later}),
            ("lesson_contents", {"from": "2025-09-01", "to": later}),
            ("notebook", {"period": period}),
            ("homepage", {"day": day}),
            ("teaching_staff", None),
            ("account", None),
        ]
        for name, args in calls:
            yield name, self.session.call(name, args)

    def test_fields_read_one_by_one_are_the_whole_conversion(self):
        seen = 0
        for name, result in self.results():
            with self.subTest(operation=name):
                whole = [v.to_dict() for v in result] if isinstance(result, list) else result.to_dict()
                self.assertEqual(plain(result), whole)
                for view in views_in(result):
                    self.assertEqual(plain(view), view.to_dict())
                    # Only list items are views: a nested struct is a dict.
                    for key in view:
                        self.assertNotIsInstance(view[key], Fields)
                    seen += 1
        # Lists of models become views at any depth (grades in an overview,
        # periods in the instance), not only at the top.
        self.assertGreater(seen, 100)

    def test_shapes(self):
        overview = self.session.call("grades", {"period": "Trimestre 1"})
        self.assertIsInstance(overview, Fields)
        grades = overview["grades"]
        self.assertIsInstance(grades, list)
        self.assertIsInstance(grades[0], Fields)
        # A nested struct is a dict, as the whole conversion makes it.
        self.assertIsInstance(grades[0]["subject"], dict)
        self.assertIsInstance(grades[0]["date"], str)
        lessons = self.session.call("timetable", {"from": TODAY.isoformat(), "to": TODAY.isoformat()})
        self.assertIsInstance(lessons, list)
        self.assertTrue(all(isinstance(lesson, Fields) for lesson in lessons))
        # Anything else crosses converted: a date, a list of strings, None.
        self.assertIsInstance(self.session.call("server_date"), str)
        self.assertEqual(self.session.call("timetable", {"from": "2025-12-06", "to": "2025-12-07"}), [])
        self.assertIsInstance(self.session.call("export"), dict)

    def test_a_view_is_a_read_only_mapping(self):
        lesson = self.session.call("timetable", {"from": TODAY.isoformat(), "to": TODAY.isoformat()})[0]
        keys = lesson.keys()
        self.assertEqual(list(lesson), keys)
        self.assertEqual(len(lesson), len(keys))
        self.assertEqual(list(lesson.to_dict()), keys)
        self.assertIn("start", lesson)
        self.assertNotIn("no_such_field", lesson)
        self.assertNotIn(7, lesson)
        self.assertIsNone(lesson.get("no_such_field"))
        self.assertEqual(lesson.get("no_such_field", "x"), "x")
        with self.assertRaises(KeyError):
            lesson["no_such_field"]
        self.assertEqual(lesson, lesson.to_dict())
        self.assertEqual(lesson, self.session.call("timetable", {"from": TODAY.isoformat(), "to": TODAY.isoformat()})[0])
        with self.assertRaises(TypeError):
            lesson["start"] = "now"

    def test_repr_names_fields_without_values(self):
        user = self.session.call("user")
        shown = repr(user)
        self.assertIn("resource", shown)
        self.assertNotIn(user["resource"]["name"], shown)

    def test_models_read_their_fields_from_views(self):
        homework = self.client.homework(TODAY, TODAY + dt.timedelta(days=14))
        self.assertIsInstance(homework[0]._data, Fields)
        for hw in homework:
            data = hw.to_dict()
            self.assertEqual(str(hw.description), data["description"]["html"])
            self.assertEqual(hw.description.text, data["description"]["text"])
            self.assertEqual(hw.subject.name, data["subject"]["name"])
            self.assertEqual(hw.due.isoformat(), data["due"])
        grade = self.client.grades("Trimestre 1").grades[0]
        self.assertEqual(float(grade.value), grade.to_dict()["value"])
        self.assertEqual(float(grade.out_of), grade.to_dict()["out_of"])

    def test_models_on_views_pickle_and_copy_as_their_json(self):
        lesson = self.client.timetable(TODAY, TODAY)[0]
        self.assertIsInstance(lesson._data, Fields)
        for again in (pickle.loads(pickle.dumps(lesson)), copy.deepcopy(lesson), copy.copy(lesson._data)):
            self.assertEqual(again if isinstance(again, dict) else again.to_dict(), lesson.to_dict())
        restored = pickle.loads(pickle.dumps(lesson))
        self.assertIsInstance(restored._data, dict)
        self.assertEqual(restored.start, lesson.start)
        self.assertEqual(models.Lesson(lesson.to_dict()), lesson)

    def test_a_view_outlives_its_session(self):
        client = pronote.Client.login(self.url, "demonstration", "pronotevs")
        overview = client.grades("Trimestre 1")
        client.logout()
        del client
        self.assertGreater(len(overview.grades), 0)
        self.assertIsInstance(overview.grades[0].subject, models.Subject)


if __name__ == "__main__":
    unittest.main()
