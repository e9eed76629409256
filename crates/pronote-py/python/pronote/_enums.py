"""The package's enumerations, in a module of their own: importing
:mod:`enum` and building its classes is a fifth of the package's import
time, so they are made when a program first names one
(``pronote.models.LessonKind``, ``pronote.Special``) or reads a field of
that type, not when the package starts.
"""

import enum

__all__ = [
    "Special",
    "LessonKind",
    "AttachmentKind",
    "FolderKind",
    "NewsKind",
    "QuestionKind",
    "PersonKind",
    "ObservationKind",
    "DishKind",
    "MealKind",
    "DoubleAuthMode",
    "StaffKind",
]


class Special(enum.Enum):
    """A mark that is not points (PRONOTE's ``|n`` codes)."""

    ABSENT = "absent"
    EXEMPTED = "exempted"
    NOT_GRADED = "not_graded"
    UNFIT = "unfit"
    NOT_RETURNED = "not_returned"
    ABSENT_ZERO = "absent_zero"
    NOT_RETURNED_ZERO = "not_returned_zero"
    CONGRATULATIONS = "congratulations"
    OTHER = "other"


class LessonKind(enum.Enum):
    NORMAL = "normal"
    CLASS_COUNCIL = "class_council"
    REPLACEMENT = "replacement"
    HISTORY = "history"
    SUBSTITUTE = "substitute"


class AttachmentKind(enum.Enum):
    LINK = "link"
    FILE = "file"


class FolderKind(enum.Enum):
    RECEIVED = "received"
    SENT = "sent"
    DRAFTS = "drafts"
    TRASH = "trash"


class NewsKind(enum.Enum):
    INFORMATION = "information"
    SURVEY = "survey"


class QuestionKind(enum.Enum):
    INFORMATION = "information"
    TEXT = "text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SURVEY_TEXT = "survey_text"


class PersonKind(enum.Enum):
    TEACHER = "teacher"
    STAFF = "staff"
    STUDENT = "student"
    PARENT = "parent"


class ObservationKind(enum.Enum):
    LOG_BOOK_ISSUE = "log_book_issue"
    OBSERVATION = "observation"
    ENCOURAGEMENT = "encouragement"
    OTHER = "other"


class DishKind(enum.Enum):
    STARTER = "starter"
    MAIN = "main"
    SIDE = "side"
    OTHER = "other"
    DESSERT = "dessert"
    CHEESE = "cheese"


class MealKind(enum.Enum):
    LUNCH = "lunch"
    DINNER = "dinner"


class DoubleAuthMode(enum.Enum):
    NOT_CHOSEN = "not_chosen"
    INACTIVE = "inactive"
    NOTIFICATION_ONLY = "notification_only"
    PIN = "pin"


class StaffKind(enum.Enum):
    TEACHER = "teacher"
    STAFF = "staff"
