"""How an operation reads its arguments from Python (`_pronote._read_args`
shows the JSON it gets): plain types directly, everything else as
`pythonize` reads it, never a crash.

Run after `maturin develop`: python -m pytest tests
"""

import collections
import dataclasses
import json
import unittest

from pronote import _pronote


def read(value):
    return json.loads(_pronote._read_args(value))


@dataclasses.dataclass
class Range:
    start: str
    end: str


class Args(unittest.TestCase):
    def test_plain_types(self):
        value = {
            "period": "Trimestre 1",
            "accents": "élève — 😀",
            "n": -3,
            "big": 2**63 + 5,
            "ratio": 0.25,
            "yes": True,
            "no": False,
            "none": None,
            "list": [1, "a", [None, {"x": 1}]],
            "tuple": (1, 2),
        }
        expected = dict(value, tuple=[1, 2])
        self.assertEqual(read(value), expected)
        self.assertIs(read({"b": True})["b"], True)
        self.assertIsInstance(read({"n": 1})["n"], int)
        self.assertEqual(read(None), None)
        self.assertEqual(read("texte"), "texte")

    def test_other_types_as_pythonize_reads_them(self):
        self.assertEqual(read({"range": Range("2025-01-01", "2025-01-31")}),
                         {"range": {"start": "2025-01-01", "end": "2025-01-31"}})
        self.assertEqual(read(collections.OrderedDict(a=1)), {"a": 1})
        self.assertEqual(read({"counts": collections.Counter(a=2)}), {"counts": {"a": 2}})
        # A float JSON cannot hold becomes null, as before.
        self.assertEqual(read({"x": float("nan"), "y": float("inf")}), {"x": None, "y": None})

        class Text(str):
            pass

        self.assertEqual(read({"s": Text("sub")}), {"s": "sub"})

    def test_refusals_are_errors(self):
        with self.assertRaisesRegex(Exception, "out of range"):
            read({"n": 2**70})
        with self.assertRaises(TypeError):
            read({1: "a key that is not text"})
        deep = []
        for _ in range(1000):
            deep = [deep]
        with self.assertRaises(ValueError):
            read(deep)
        with self.assertRaises(Exception):
            read(object())


if __name__ == "__main__":
    unittest.main()
