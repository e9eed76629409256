"""The models, as Python classes with typed attributes.

Each class reads the Rust model's JSON (``to_dict()`` gives it back
unchanged, so it is also what ``pronote --json`` prints). Attributes are
typed: ``datetime.date`` / ``datetime.datetime``, :class:`Mark` for marks,
``float`` for averages and coefficients, :class:`enum.Enum` members for
kinds (an unknown kind is kept as its text), lists of models. Keys that a
class does not name are kept in ``to_dict()``. A field is converted the
first time it is read (:class:`Model`, in ``pronote._model``).
"""

from __future__ import annotations

import datetime as _dt
from ._convert import TYPE_CHECKING, Mark
from ._model import Html, Model, Record

if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional

    from ._enums import (
        AttachmentKind,
        DishKind,
        DoubleAuthMode,
        FolderKind,
        LessonKind,
        MealKind,
        NewsKind,
        ObservationKind,
        PersonKind,
        QuestionKind,
        Special,
        StaffKind,
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
    "NewsKind",
    "NewsCategory",
    "Audience",
    "Question",
    "QuestionKind",
    "Choice",
    "Response",
    "PersonKind",
    "Recipient",
    "Participant",
    "LessonContents",
    "LessonContent",
    "LessonCategory",
    "Notebook",
    "Absence",
    "Delay",
    "Punishment",
    "ScheduledSession",
    "ObservationKind",
    "Observation",
    "PrecautionaryMeasure",
    "ReportCard",
    "ReportSubject",
    "Appreciation",
    "DayMenu",
    "Meal",
    "MealKind",
    "Dish",
    "DishKind",
    "Food",
    "FoodTag",
    "Account",
    "IcalFeed",
    "DoubleAuthMode",
    "StaffMember",
    "StaffKind",
    "TaughtSubject",
    "Homepage",
    "Link",
    "Partner",
    "Wallet",
    "Class",
    "ClassStudent",
    "PersonDetails",
    "Guardian",
    "StudentFile",
    "Record",
]


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
    kind: NewsKind
    category: Optional[str]
    author: str
    created: _dt.datetime
    start: Optional[_dt.date]
    end: Optional[_dt.date]
    read: bool
    anonymous: bool
    audience: Optional["Audience"]
    questions: List["Question"]


class News(Model):
    categories: List["NewsCategory"]
    items: List[NewsItem]


# News and surveys: the rest ------------------------------------------------


class NewsCategory(Model):
    id: str
    name: str
    default: bool


class Audience(Model):
    id: str
    kind: int
    name: Optional[str]


class Choice(Model):
    id: Optional[str]
    label: str
    rank: int
    free: bool


class Response(Model):
    id: Any
    answered: bool
    expected: bool
    value: Any
    answered_on: Optional[_dt.date]


class Question(Model):
    id: str
    title: str
    rank: Optional[int]
    kind: QuestionKind
    text: str
    html: Optional[Html]
    attachments: List[Attachment]
    max_length: Optional[int]
    max_choices: Optional[int]
    choices: List[Choice]
    response: Optional[Response]


# Messages: people -----------------------------------------------------------


class Recipient(Model):
    """Someone a discussion can be started with."""

    id: str
    name: str
    kind: PersonKind
    can_discuss: bool
    subjects: List[str]
    function: Optional[str]
    main_teacher: bool
    email: Optional[str]


class Participant(Model):
    """Someone taking part in a discussion."""

    id: Optional[str]
    name: str
    kind: Optional[PersonKind]
    refuses_messages: bool


# Lesson contents (cahier de textes) --------------------------------------


class LessonCategory(Model):
    kind: Any
    label: Optional[str]


class LessonContent(Model):
    id: Optional[str]
    title: Optional[str]
    description: Optional[Html]
    description_text: Optional[str]
    category: Optional[LessonCategory]
    attachments: List[Attachment]
    themes: List[str]


class LessonContents(Model):
    """What was done in one lesson: its contents and their attachments."""

    id: str
    lesson_id: Optional[str]
    subject: Optional[Subject]
    start: Optional[_dt.datetime]
    end: Optional[_dt.datetime]
    teachers: List[str]
    groups: List[str]
    color: Optional[str]
    homework_due: Optional[_dt.date]
    contents: List[LessonContent]


# School-life notebook ----------------------------------------------------


class Absence(Model):
    id: str
    start: _dt.datetime
    end: _dt.datetime
    justified: bool
    hours: Optional[str]
    minutes: Optional[int]
    days: Optional[int]
    reasons: List[str]
    reason_unknown: bool
    to_justify_by_parents: bool
    settled: bool
    open: bool


class Delay(Model):
    id: str
    at: _dt.datetime
    minutes: Optional[int]
    justified: bool
    justification: Optional[str]
    reasons: List[str]
    reason_unknown: bool
    to_justify_by_parents: bool
    settled: bool


class ScheduledSession(Model):
    id: Optional[str]
    date: _dt.date
    place: Optional[int]
    minutes: Optional[int]


class Punishment(Model):
    id: str
    given: _dt.date
    outside_lessons: bool
    given_at_place: Optional[int]
    nature: str
    reasons: List[str]
    giver: Optional[str]
    exclusion: bool
    circumstances: Optional[str]
    circumstance_documents: List[Attachment]
    work: Optional[str]
    work_documents: List[Attachment]
    minutes: Optional[int]
    schedule: List[ScheduledSession]


class Observation(Model):
    id: str
    label: str
    date: _dt.date
    kind: ObservationKind
    section: Optional[str]
    subject: Optional[Subject]
    comment: Optional[str]
    giver: Optional[str]
    read: bool
    needs_acknowledgement: bool


class PrecautionaryMeasure(Model):
    id: str
    nature: Optional[str]
    comment: Optional[str]
    reasons: List[str]
    exclusion: bool
    circumstances: Optional[str]
    circumstance_documents: List[Attachment]
    decided_by: Optional[str]
    asked_by: Optional[str]
    asked: Optional[_dt.date]
    start: Optional[_dt.datetime]
    end: Optional[_dt.datetime]
    forbidden_access: List[int]


class Notebook(Model):
    """Absences, delays, punishments, observations and precautionary
    measures of a period."""

    absences: List[Absence]
    delays: List[Delay]
    punishments: List[Punishment]
    observations: List[Observation]
    precautionary_measures: List[PrecautionaryMeasure]


# Report cards --------------------------------------------------------------


class Appreciation(Model):
    title: Optional[str]
    text: str


class ReportSubject(Model):
    id: str
    subject: Subject
    group: Optional[str]
    coefficient: Optional[str]
    student_average: Optional[Mark]
    class_average: Optional[Mark]
    min: Optional[Mark]
    max: Optional[Mark]
    appreciations: List[str]
    teachers: List[str]


class ReportCard(Model):
    """A period's report card: ``published`` tells whether the school has
    published it; if not, ``message`` says why and the lists are empty."""

    subjects: List[ReportSubject]
    appreciations: List[Appreciation]

    def __init__(self, data: Dict[str, Any]):
        # The Rust enum's JSON: {"Published": {...}} or
        # {"Unavailable": {"message": ...}}.
        if not isinstance(data, dict):
            raise TypeError(f"ReportCard expects a dict, got {type(data).__name__}")
        super().__init__(data)
        published = data.get("Published")
        self._published = published if isinstance(published, dict) else {}
        self.published = isinstance(published, dict)
        unavailable = data.get("Unavailable")
        self.message = unavailable.get("message") if isinstance(unavailable, dict) else None
        if not self.published:
            self.subjects, self.appreciations = [], []

    def _source(self) -> Dict[str, Any]:
        return self._published


# Canteen menus -------------------------------------------------------------


class FoodTag(Model):
    name: str
    color: Optional[str]


class Food(Model):
    id: Optional[str]
    name: str
    labels: List[FoodTag]
    allergens: List[FoodTag]


class Dish(Model):
    kind: DishKind
    foods: List[Food]


class Meal(Model):
    id: Optional[str]
    name: Optional[str]
    kind: MealKind
    dishes: List[Dish]


class DayMenu(Model):
    date: _dt.date
    meals: List[Meal]


# Account, staff, home page ---------------------------------------------


class IcalFeed(Model):
    id: Optional[str]
    name: Optional[str]
    token: str
    extra: str


class Account(Model):
    address: List[str]
    postal_code: Optional[str]
    city: Optional[str]
    province: Optional[str]
    country: Optional[str]
    email: Optional[str]
    phone_country_code: Optional[str]
    mobile_phone: Optional[str]
    ine: Optional[str]
    security_mode: Optional[DoubleAuthMode]
    pin_managed: bool
    ical_feeds: List[IcalFeed]


class TaughtSubject(Model):
    name: str
    weekly_hours: Optional[str]


class StaffMember(Model):
    id: str
    name: str
    kind: StaffKind
    main_teacher: bool
    function: Optional[str]
    subjects: List[TaughtSubject]


class Link(Model):
    name: str
    url: str
    description: Optional[str]


class Partner(Model):
    name: str
    code: Optional[str]
    sso: Any


class Wallet(Model):
    name: str
    balance: str
    warning: bool
    hint: Optional[str]
    balance_hint: Optional[str]


class Homepage(Model):
    links: List[Link]
    partners: List[Partner]
    wallets: List[Wallet]


# School life (vie scolaire accounts) -------------------------------------


class Class(Model):
    id: str
    name: str
    level: Optional[str]
    responsible: bool


class ClassStudent(Model):
    id: str
    name: str
    last_name: str
    first_names: str
    sex: str
    entry_date: Optional[_dt.date]
    birth_date: Optional[_dt.date]
    options: List[str]


class PersonDetails(Model):
    last_name: str
    first_names: List[str]
    birth_date: Optional[_dt.date]
    birth_place: Optional[str]
    address: List[str]
    postal_code: Optional[str]
    city: Optional[str]
    country: Optional[str]
    email: Optional[str]
    mobile_phone: Optional[str]
    landline: Optional[str]
    other_phone: Optional[str]


class Guardian(Model):
    details: PersonDetails
    relationship: Optional[str]
    responsibility: Optional[str]
    accepts_email: bool
    accepts_teacher_info: bool
    preferred: bool
    houses_student: bool
    financial: bool
    may_pick_up: bool
    emergency_contact: bool


class StudentFile(Model):
    identity: PersonDetails
    guardians: List[Guardian]


def __getattr__(name: str) -> Any:
    # The enumerations (`Special`, `LessonKind`, …) live in `pronote._enums`,
    # imported when a program first names one or reads a field of that
    # type (see `pronote._model`), not when the package starts.
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _enums

    if name in _enums.__all__:
        value = getattr(_enums, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
