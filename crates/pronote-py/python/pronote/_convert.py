"""Conversions from the Rust models' JSON to Python values.

Every model crosses the boundary in its serde form (the same JSON as
``to_dict()``); these functions give attributes their Python types. They
accept both the current serde forms and the older wire-shaped ones (a
``{"_T": …, "V": …}`` value, ``"2025-09-01 08:00:00.0"`` date-times), so a
program keeps working across releases.
"""

from __future__ import annotations

import datetime as _dt

# The package imports neither `typing` nor `re` when it starts (together
# a third of its import time): annotations are text (see `__future__`
# above) read by type checkers through this flag, which they take as
# true; the patterns below are compiled when a date in another form
# than the models' own first needs them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import enum
    import re
    from typing import Any, Optional, Union

    from ._enums import Special

_PATTERNS: "Optional[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]]" = None


def _patterns() -> "tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]":
    """The date-time, date and French date patterns."""
    global _PATTERNS
    if _PATTERNS is None:
        import re

        _PATTERNS = (
            re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"),
            re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
            re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?"),
        )
    return _PATTERNS


def unwrap(value: Any) -> Any:
    """The ``V`` of a typed wire value, else the value itself."""
    if isinstance(value, dict) and "V" in value and "_T" in value:
        return value["V"]
    return value


def to_date(value: Any) -> Optional[_dt.date]:
    value = unwrap(value)
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7]:
        # The models' own form (2025-11-17), parsed in C.
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    text = str(value)
    date_time, date, french = _patterns()
    m = date.match(text) or date_time.match(text)
    if m:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = french.match(text)
    if m:
        return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    raise ValueError(f"not a date: {text!r}")


def to_datetime(value: Any) -> Optional[_dt.datetime]:
    value = unwrap(value)
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value
    if type(value) is str and len(value) == 19 and value[10] == "T":
        # The models' own form (2025-11-17T08:00:00), parsed in C; the
        # other forms below give the same value for it.
        try:
            return _dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    text = str(value)
    date_time, _, french = _patterns()
    m = date_time.match(text)
    if m:
        year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
        second = int(m.group(6) or 0)
        return _dt.datetime(year, month, day, hour, minute, second)
    m = french.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        hour, minute, second = (int(m.group(i) or 0) for i in (4, 5, 6))
        return _dt.datetime(year, month, day, hour, minute, second)
    raise ValueError(f"not a date-time: {text!r}")


# PRONOTE's ``|n`` codes, by the value of their ``Special`` member.
_SPECIAL_CODES = {
    "1": "absent",
    "2": "exempted",
    "3": "not_graded",
    "4": "unfit",
    "5": "not_returned",
    "6": "absent_zero",
    "7": "not_returned_zero",
    "8": "congratulations",
}


class Mark:
    """A mark: points (``value``), or a special mark (``special``).

    ``float(mark)`` gives the points (``nan`` for a special mark).
    """

    __slots__ = ("value", "special")

    def __init__(self, value: Optional[float], special: Optional[Special] = None):
        self.value = value
        self.special = special

    def __float__(self) -> float:
        return float("nan") if self.value is None else self.value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mark):
            return (self.value, self.special) == (other.value, other.special)
        if isinstance(other, (int, float)):
            return self.special is None and self.value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.value, self.special))

    def __repr__(self) -> str:
        if self.special is not None:
            return f"Mark({self.special.value})"
        return f"Mark({self.value:g})" if self.value is not None else "Mark(None)"


def _special(text: str) -> Special:
    from ._enums import Special

    try:
        return Special(text.lower())
    except ValueError:
        return Special.OTHER


def to_mark(value: Any) -> Optional[Mark]:
    if value is None:
        return None
    if isinstance(value, Mark):
        return value
    if isinstance(value, dict) and "_T" not in value:
        special = value.get("special")
        number = value.get("value")
        return Mark(
            float(number) if number is not None else None,
            _special(str(special)) if special else None,
        )
    value = unwrap(value)
    if isinstance(value, bool):
        raise ValueError(f"not a mark: {value!r}")
    if isinstance(value, (int, float)):
        return Mark(float(value))
    text = str(value).strip()
    if text.startswith("|"):
        return Mark(None, _special(_SPECIAL_CODES.get(text[1:], "other")))
    try:
        return Mark(float(text.replace(",", ".")))
    except ValueError:
        return Mark(None, _special(text))


def to_number(value: Any) -> Optional[float]:
    value = unwrap(value)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return float(str(value).replace(",", "."))


def to_html(value: Any) -> Optional[str]:
    """The HTML text of an HTML field."""
    if isinstance(value, dict) and "html" in value:
        return value["html"]
    value = unwrap(value)
    return None if value is None else str(value)


def to_enum(cls: "type[enum.Enum]", value: Any) -> Union[enum.Enum, str, None]:
    """The member of ``cls`` named by ``value`` (serde's variant name in
    any case style); an unknown value is kept as it is."""
    if value is None:
        return None
    if isinstance(value, dict) and len(value) == 1:
        # serde's form of a variant with data, e.g. {"Unknown": 7}.
        return str(next(iter(value.values())))
    # CamelCase to UPPER_SNAKE: "_" before every capital but the first.
    text = str(value)
    key = "".join("_" + c if "A" <= c <= "Z" and i else c for i, c in enumerate(text)).upper()
    try:
        return cls[key]
    except KeyError:
        return str(value)
