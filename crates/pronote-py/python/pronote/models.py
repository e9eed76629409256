"""The models, as Python classes with typed attributes.

Each class reads the Rust model's JSON (``to_dict()`` gives it back
unchanged, so it is also what ``pronote --json`` prints). Attributes are
typed: ``datetime.date`` / ``datetime.datetime``, :class:`Mark` for marks,
``float`` for averages and coefficients, :class:`enum.Enum` members for
kinds (an unknown kind is kept as its text), lists of models. Keys that a
class does not name are kept in ``to_dict()``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import typing
from typing import Any, ClassVar, Dict, List, Optional

from ._convert import (
    Mark,
    Special,
    to_date,
    to_datetime,
    to_enum,
    to_html,
    to_mark,
    to_number,
    unwrap,
)

__all__ = [
    "Model",
    "Mark",
    "Special",
    "Html",
    "Subject",
    "Lesson",
    "LessonKind",
    "Attachment",
    "Homework",
    "Grade",
    "SubjectAverage",
    "GradesOverview",
    "Evaluation",
    "Acquisition",
    "Period",
    "Instance",
    "Student",
    "User",
    "Folder",
    "Discussion",
    "Discussions",
    "Message",
    "Thread",
    "NewsItem",
    "News",
    "Record",
]


class Html(str):
    """An HTML field: the string is the HTML; ``.text`` the plain text."""

    @property
    def text(self) -> str:
        import html as _html
        import re as _re

        return _html.unescape(_re.sub(r"<[^>]+>", "", str(self))).strip()


def _converter(hint: Any):
    """A function turning a JSON value into ``hint``'s type."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union and type(None) in args:
        inner = _converter(next(a for a in args if a is not type(None)))
        return lambda v: None if unwrap(v) is None else inner(v)
    if origin in (list, List):
        item = _converter(args[0]) if args else (lambda v: v)
        return lambda v: [item(x) for x in (v or [])]
    if hint is _dt.datetime:
        return to_datetime
    if hint is _dt.date:
        return to_date
    if hint is Mark:
        return to_mark
    if hint is float:
        return to_number
    if hint is Html:
        return lambda v: None if to_html(v) is None else Html(to_html(v))
    if hint is int:
        return lambda v: int(unwrap(v))
    if hint is bool:
        return lambda v: bool(unwrap(v))
    if hint is str:
        return lambda v: str(unwrap(v))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda v: to_enum(hint, v)
    if isinstance(hint, type) and issubclass(hint, Model):
        return lambda v: v if isinstance(v, hint) else hint(v)
    return lambda v: v


class Model:
    """Base of every model: typed attributes from the JSON, ``to_dict()``
    giving the JSON back."""

    _converters: ClassVar[Optional[Dict[str, Any]]] = None

    def __init__(self, data: Dict[str, Any]):
        if not isinstance(data, dict):
            raise TypeError(f"{type(self).__name__} expects a dict, got {type(data).__name__}")
        self._data = data
        for name, convert in self._fields().items():
            value = data.get(name)
            try:
                setattr(self, name, None if value is None else convert(value))
            except (TypeError, ValueError):
                # A value of an unexpected shape stays as received rather
                # than making the whole model unreadable.
                setattr(self, name, value)

    @classmethod
    def _fields(cls) -> Dict[str, Any]:
        if cls.__dict__.get("_converters") is None:
            hints = typing.get_type_hints(cls)
            cls._converters = {
                name: _converter(hint)
                for name, hint in hints.items()
                if not name.startswith("_")
            }
        return cls._converters  # type: ignore[return-value]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]):
        """The model for ``data`` (the JSON of ``to_dict()``)."""
        return cls(data)

    def to_dict(self) -> Dict[str, Any]:
        """The Rust model's JSON, unchanged."""
        return self._data

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._data == other._data  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        shown = []
        for name in list(self._fields())[:4]:
            shown.append(f"{name}={getattr(self, name, None)!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


class Record(Model):
    """A model without a dedicated class: its keys as attributes (nested
    dicts as records too)."""

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("_data", {})
        if name in data:
            return _wrap(data[name])
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"Record({', '.join(list(self._data)[:5])}, …)"


def _wrap(value: Any) -> Any:
    if isinstance(value, dict) and "_T" not in value:
        return Record(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class LessonKind(enum.Enum):
    NORMAL = "normal"
    CLASS_COUNCIL = "class_council"
    REPLACEMENT = "replacement"
    HISTORY = "history"
    SUBSTITUTE = "substitute"


class Subject(Model):
    id: str
    name: str
    group_subject: bool
    color: Optional[str]


class Lesson(Model):
    id: str
    uid: Optional[str]
    kind: LessonKind
    start: _dt.datetime
    end: _dt.datetime
    week: int
    subject: Optional[Subject]
    teachers: List[str]
    staff: List[str]
    rooms: List[str]
    groups: List[str]
    title: Optional[str]
    status: Optional[str]
    cancelled: bool
    exempted: bool
    detention: bool
    test: bool
    memo: Optional[str]
    color: Optional[str]
    lesson_content_id: Optional[str]


class AttachmentKind(enum.Enum):
    LINK = "link"
    FILE = "file"


class Attachment(Model):
    id: str
    name: str
    kind: AttachmentKind
    link: Optional[str]


class Homework(Model):
    id: str
    subject: Subject
    description: Optional[Html]
    description_text: str
    given: _dt.date
    due: _dt.date
    done: bool
    color: Optional[str]
    attachments: List[Attachment]
    duration_minutes: Optional[int]
    lesson_content_id: Optional[str]


class Grade(Model):
    id: str
    value: Mark
    out_of: Mark
    default_out_of: Optional[Mark]
    date: _dt.date
    subject: Subject
    period: Optional[str]
    class_average: Optional[Mark]
    max: Optional[Mark]
    min: Optional[Mark]
    coefficient: Optional[float]
    comment: Optional[str]
    grade_comment: Optional[str]
    bonus: bool
    optional: bool
    out_of_20: bool


class SubjectAverage(Model):
    subject: Subject
    student: Optional[Mark]
    out_of: Optional[Mark]
    default_out_of: Optional[Mark]
    class_average: Optional[Mark]
    min: Optional[Mark]
    max: Optional[Mark]
    color: Optional[str]


class GradesOverview(Model):
    period: str
    grades: List[Grade]
    averages: List[SubjectAverage]
    overall_average: Optional[Mark]
    class_overall_average: Optional[Mark]


class Acquisition(Model):
    id: str
    level: str
    abbreviation: Optional[str]
    coefficient: Optional[float]
    order: Optional[int]


class Evaluation(Model):
    id: str
    name: str
    date: _dt.date
    subject: Subject
    teacher: Optional[str]
    coefficient: Optional[float]
    description: Optional[str]
    levels: List[str]
    domain: Optional[str]
    acquisitions: List[Acquisition]


class Period(Model):
    id: str
    name: str
    kind: int
    start: _dt.date
    end: _dt.date

    def contains(self, day: _dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end


class Instance(Model):
    first_monday: _dt.date
    first_day: _dt.date
    last_day: _dt.date
    periods: List[Period]
    places_per_day: int
    slot_minutes: Optional[int]
    server_time: Optional[_dt.datetime]


class Student(Model):
    id: str
    name: str
    class_name: Optional[str]
    establishment: Optional[str]


class User(Model):
    resource: Student
    children: List[Student]


class FolderKind(enum.Enum):
    RECEIVED = "received"
    SENT = "sent"
    DRAFTS = "drafts"
    TRASH = "trash"


class Folder(Model):
    id: str
    name: str
    kind: FolderKind


class Discussion(Model):
    id: str
    subject: str
    creator: Optional[str]
    audience: Optional[str]
    date: Optional[_dt.datetime]
    unread: int
    message_count: int
    draft_count: int
    closed: bool


class Discussions(Model):
    folders: List[Folder]
    discussions: List[Discussion]


class Message(Model):
    id: str
    from_me: bool
    author: str
    recipients: Optional[str]
    read: bool
    draft: bool
    date: Optional[_dt.datetime]
    content: str
    html: Optional[Html]
    attachments: List[Attachment]


class Thread(Model):
    messages: List[Message]


class NewsItem(Model):
    id: str
    title: str
    category: Optional[str]
    author: str
    created: _dt.datetime
    start: Optional[_dt.date]
    end: Optional[_dt.date]
    read: bool
    anonymous: bool


class News(Model):
    items: List[NewsItem]
