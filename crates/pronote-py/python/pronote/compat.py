"""pronotepy's names on top of this package, so that a pronotepy program
moves by changing its import::

    from pronote import compat as pronotepy

    client = pronotepy.Client(url, username="demonstration", password="pronotevs")
    for lesson in client.lessons(date.today()):
        print(lesson.subject.name, lesson.start, lesson.classroom)

Objects carry pronotepy's attribute names; ``docs/python.md`` lists what is
covered and what differs.
"""

from __future__ import annotations

import datetime as _dt

from . import models as _models
from ._convert import TYPE_CHECKING, Mark, to_date
from ._model import Model as _Model
from ._pronote import (
    AccessDenied,
    BadCredentials,
    Error,
    SessionExpired,
)
from .client import Client as _Client
from .client import Credentials, _days, _same

if TYPE_CHECKING:
    from functools import cached_property
    from typing import Any, Callable, Dict, List, Optional, Union
else:

    class cached_property:
        """``functools.cached_property`` without importing :mod:`functools`
        (which, with the :mod:`collections` it imports, would be a tenth
        of the package's import time): the value is computed on first
        access and becomes an ordinary attribute of the instance, which
        later reads find without calling this and setting replaces."""

        def __init__(self, function):
            self.function = function
            self.name = function.__name__
            self.__doc__ = function.__doc__

        def __set_name__(self, owner, name):
            self.name = name

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            value = self.function(instance)
            instance.__dict__[self.name] = value
            return value

__all__ = [
    "Client",
    "ParentClient",
    "VieScolaireClient",
    "ent",
    "PronoteAPIError",
    "CryptoError",
    "ENTLoginError",
    "ExpiredObject",
]

# pronotepy's exception names, as aliases of this package's.
PronoteAPIError = Error
CryptoError = BadCredentials
ENTLoginError = BadCredentials
ExpiredObject = SessionExpired
QRCodeDecryptError = BadCredentials
AccessDeniedError = AccessDenied

# pronotepy's names of the special marks, by their `Special` value.
_SPECIAL_TEXT = {
    "absent": "Absent",
    "exempted": "Dispense",
    "not_graded": "NonNote",
    "unfit": "Inapte",
    "not_returned": "NonRendu",
    "absent_zero": "AbsentZero",
    "not_returned_zero": "NonRenduZero",
    "congratulations": "Felicitations",
}


def _mark_text(mark: Optional[Mark]) -> Optional[str]:
    """A mark as pronotepy writes it: ``"15,5"``, or the special's name."""
    if mark is None:
        return None
    if mark.special is not None:
        return _SPECIAL_TEXT.get(mark.special.value, "Autre")
    if mark.value is None:
        return None
    return f"{mark.value:g}".replace(".", ",")


def _number_text(value: Optional[float]) -> Optional[str]:
    return None if value is None else f"{value:g}".replace(".", ",")


def _from_model(name: str, convert: Optional[Callable[[Any], Any]] = None) -> Any:
    """A pronotepy attribute read from the model's attribute ``name`` (then
    through ``convert``) on first access, and kept. Setting it replaces the
    kept value, as setting a plain attribute does."""

    def read(self: "_Entity") -> Any:
        value = getattr(self._model, name)
        return value if convert is None else convert(value)

    read.__name__ = name
    read.__doc__ = f"The model's ``{name}``."
    return cached_property(read)


def _raw_list(model: Any, name: str) -> List[Any]:
    """The list field ``name`` of ``model`` as raw items (views or dicts),
    without making a typed model of each."""
    return model._source().get(name) or []


def _first(items: List[Any]) -> Any:
    """The first of ``items``, or None."""
    return items[0] if items else None


class _Entity:
    """Keeps the new model next to pronotepy's attributes, which are read
    from it on first access (a program that reads a few attributes of many
    objects converts only those).

    Lists of lessons, homework and grades hand each object the model's
    raw form (a view of the Rust model, or its dict): the typed model
    (``_model_class``) is made on the first attribute read, so a program
    that counts or filters objects by what it already has makes none."""

    _model_class: Any = None

    def __init__(self, model: Any):
        if isinstance(model, _Model):
            self.__dict__["_model"] = model
        else:
            self._raw = model

    @cached_property
    def _model(self) -> Any:
        return self._model_class(self._raw)

    def to_dict(self) -> Dict[str, Any]:
        return self._model.to_dict()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {getattr(self, 'id', '')}>"


class Subject(_Entity):
    id = _from_model("id")
    name = _from_model("name")
    groups = _from_model("group_subject")


class Lesson(_Entity):
    _model_class = _models.Lesson

    id = _from_model("id")
    start = _from_model("start")
    end = _from_model("end")
    canceled = _from_model("cancelled")
    status = _from_model("status")
    background_color = _from_model("color")
    detention = _from_model("detention")
    exempted = _from_model("exempted")
    test = _from_model("test")
    memo = _from_model("memo")

    subject = _from_model("subject", lambda subject: Subject(subject) if subject else None)
    teacher_names = _from_model("teachers", list)
    teacher_name = _from_model("teachers", _first)
    classrooms = _from_model("rooms", list)
    classroom = _from_model("rooms", _first)
    group_names = _from_model("groups", list)
    group_name = _from_model("groups", _first)

    @cached_property
    def outing(self) -> bool:
        return bool(self._model.to_dict().get("outing"))

    @cached_property
    def num(self) -> Optional[int]:
        return self._model.to_dict().get("place")

    @cached_property
    def virtual_classrooms(self) -> List[Optional[str]]:
        return [v.get("url") for v in self._model.to_dict().get("visio_links") or []]

    @property
    def normal(self) -> bool:
        return not (self.detention or self.outing)


class Homework(_Entity):
    _model_class = _models.Homework

    def __init__(self, model: Any, client: "Client"):
        super().__init__(model)
        self._client = client

    id = _from_model("id")
    description = _from_model("description_text")
    done = _from_model("done")
    background_color = _from_model("color")
    date = _from_model("due")

    subject = _from_model("subject", Subject)

    def set_done(self, status: bool) -> None:
        self._client._client.set_homework_done(self._model, status)
        self.done = status

    @property
    def files(self) -> List[Any]:
        return list(self._model.attachments)


class Grade(_Entity):
    _model_class = _models.Grade

    def __init__(self, model: Any, period: "Period"):
        super().__init__(model)
        self.period = period

    id = _from_model("id")
    date = _from_model("date")
    is_bonus = _from_model("bonus")
    is_optionnal = _from_model("optional")
    is_out_of_20 = _from_model("out_of_20")
    grade = _from_model("value", _mark_text)
    out_of = _from_model("out_of", _mark_text)
    default_out_of = _from_model("default_out_of", _mark_text)
    average = _from_model("class_average", _mark_text)
    max = _from_model("max", _mark_text)
    min = _from_model("min", _mark_text)
    coefficient = _from_model("coefficient", _number_text)
    comment = _from_model("comment", lambda comment: comment or "")

    subject = _from_model("subject", Subject)


class Average(_Entity):
    student = _from_model("student", _mark_text)
    out_of = _from_model("out_of", _mark_text)
    default_out_of = _from_model("default_out_of", _mark_text)
    class_average = _from_model("class_average", _mark_text)
    min = _from_model("min", _mark_text)
    max = _from_model("max", _mark_text)
    background_color = _from_model("color")

    subject = _from_model("subject", Subject)


class Period(_Entity):
    def __init__(self, model: _models.Period, client: "Client"):
        super().__init__(model)
        self._client = client

    id = _from_model("id")
    name = _from_model("name")
    start = _from_model("start", lambda day: _dt.datetime.combine(day, _dt.time()))
    end = _from_model("end", lambda day: _dt.datetime.combine(day, _dt.time()))

    def _overview(self) -> _models.GradesOverview:
        return self._client._client.grades(self.name)

    @property
    def grades(self) -> List[Grade]:
        return [Grade(g, self) for g in _raw_list(self._overview(), "grades")]

    @property
    def averages(self) -> List[Average]:
        return [Average(a) for a in self._overview().averages]

    @property
    def overall_average(self) -> Optional[str]:
        return _mark_text(self._overview().overall_average)

    @property
    def class_overall_average(self) -> Optional[str]:
        return _mark_text(self._overview().class_overall_average)

    @property
    def evaluations(self) -> List[_models.Evaluation]:
        return self._client._client.evaluations(self.name)

    @property
    def absences(self) -> List[Any]:
        return list(self._client._client.notebook(self.name).absences)

    @property
    def delays(self) -> List[Any]:
        return list(self._client._client.notebook(self.name).delays)

    @property
    def punishments(self) -> List[Any]:
        return list(self._client._client.notebook(self.name).punishments)

    @property
    def report(self) -> Any:
        return self._client._client.report_card(self.name)


class Message(_Entity):
    id = _from_model("id")
    author = _from_model("author")
    content = _from_model("content")
    seen = _from_model("read")
    date = _from_model("date")
    created = _from_model("date")


class Discussion(_Entity):
    def __init__(self, model: _models.Discussion, client: "Client"):
        super().__init__(model)
        self._client = client

    id = _from_model("id")
    subject = _from_model("subject")
    creator = _from_model("creator")
    unread = _from_model("unread")
    closed = _from_model("closed")
    date = _from_model("date")

    @property
    def messages(self) -> List[Message]:
        return [Message(m) for m in self._client._client.messages(self._model).messages]

    def reply(self, message: str) -> None:
        self._client._client.reply(self._model, message)

    def mark_as(self, read: bool) -> None:
        self._client._client.mark_discussion_read(self._model, read)

    def delete(self) -> None:
        self._client._client.call("delete_discussion", discussion=self._model)


class Information(_Entity):
    def __init__(self, model: _models.NewsItem, client: "Client"):
        super().__init__(model)
        self._client = client

    id = _from_model("id")
    title = _from_model("title")
    author = _from_model("author")
    read = _from_model("read")
    creation_date = _from_model("created")
    start_date = _from_model("start")
    end_date = _from_model("end")
    category = _from_model("category")
    anonymous_response = _from_model("anonymous")

    @cached_property
    def survey(self) -> bool:
        return self._model.to_dict().get("kind") == "Survey"

    @property
    def content(self) -> str:
        texts = [q.get("text") or "" for q in self._model.to_dict().get("questions") or []]
        return "\n".join(t for t in texts if t)

    def mark_as_read(self, status: bool) -> None:
        self._client._client.mark_news_read(self._model, status)
        self.read = status


class ClientInfo:
    """pronotepy's ``ClientInfo``: who is logged in (or a parent's child)."""

    def __init__(self, student: _models.Student):
        self._student = student

    # Read from the model on first access, as the other classes here.
    @cached_property
    def id(self) -> str:
        return self._student.id

    @cached_property
    def name(self) -> str:
        return self._student.name

    @cached_property
    def class_name(self) -> str:
        return self._student.class_name or ""

    @cached_property
    def establishment(self) -> str:
        return self._student.establishment or ""

    def __repr__(self) -> str:
        return f"<ClientInfo {self.name}>"


class _Ent:
    """``pronote.compat.ent.<name>``: an ENT named as in pronotepy."""

    def __getattr__(self, name: str) -> str:
        from . import ent_providers

        if name.startswith("_") or name not in {n for n, _ in ent_providers()}:
            raise AttributeError(f"no ENT named {name!r}")
        return name


ent = _Ent()


class _Last:
    """The newest credentials a login handed over: the client's
    ``on_credentials``, kept apart from the client so that the callback
    does not refer back to it and dropping the client frees its session
    (and its connection) at once, without waiting for the collector."""

    __slots__ = ("credentials",)

    def __init__(self) -> None:
        self.credentials: Optional[Credentials] = None

    def keep(self, credentials: Credentials) -> None:
        self.credentials = credentials


class Client:
    """pronotepy's ``Client``: logs in at construction."""

    _space = "student"

    def __init__(self, pronote_url: str, username: str = "", password: str = "",
                 ent: Optional[str] = None, qr_code: bool = False, mode: str = "normal",
                 uuid: str = "", account_pin: Optional[str] = None,
                 client_identifier: Optional[str] = None, device_name: Optional[str] = None,
                 _client: Optional[_Client] = None):
        self.pronote_url = pronote_url
        self.username = username
        self.uuid = uuid
        self._last = _Last()
        if _client is not None:
            self._client = _client
        elif ent is not None:
            self._client = _Client.ent_login(pronote_url, ent, username, password)
        else:
            step = _Client.start_login(pronote_url, username, password,
                                       on_credentials=self._last.keep)
            if not isinstance(step, _Client):
                step = step.answer(pin=account_pin, device_name=device_name or "pronote-compat")
            self._client = step
        self.logged_in = True

    @cached_property
    def info(self) -> ClientInfo:
        """The logged-in user (a parent's own information, not a child's),
        read on first access: a program that never shows it makes no call
        for it."""
        return ClientInfo(self._client.user().resource)

    @property
    def _saved(self) -> Optional[Credentials]:
        """The newest credentials the login handed over."""
        return self._last.credentials

    @classmethod
    def token_login(cls, pronote_url: str, username: str, password: str, uuid: str,
                    account_pin: Optional[str] = None, client_identifier: Optional[str] = None,
                    device_name: Optional[str] = None):
        """Logs in with the token (``password``) of an earlier mobile login."""
        last = _Last()
        data = {"page_url": pronote_url,
                "secret": {"kind": "token", "username": username, "token": password},
                "device_uuid": uuid, "navigator_id": client_identifier}
        inner = _Client.credentials_login(data, on_credentials=last.keep)
        made = cls(pronote_url, username, "", uuid=uuid, _client=inner)
        made._last = last
        return made

    @classmethod
    def qrcode_login(cls, qr_code: Dict[str, Any], pin: str, uuid: str,
                     account_pin: Optional[str] = None, client_identifier: Optional[str] = None,
                     device_name: Optional[str] = None):
        """Logs in with the mobile app's QR code."""
        last = _Last()
        inner = _Client.qr_login(qr_code, pin, uuid, on_credentials=last.keep)
        made = cls(qr_code.get("url", ""), "", "", uuid=uuid, _client=inner)
        made._last = last
        made.username = made._saved.username if made._saved else ""
        return made

    @property
    def password(self) -> str:
        """The current token (after a token or QR login), as pronotepy has it."""
        if self._saved is None:
            return ""
        secret = self._saved.to_dict().get("secret") or {}
        return secret.get("token") or secret.get("password") or ""

    def export_credentials(self) -> Dict[str, Any]:
        saved = self._client.credentials or self._saved
        data = saved.to_dict() if saved else {}
        secret = data.get("secret") or {}
        return {
            "pronote_url": data.get("page_url", self.pronote_url),
            "username": secret.get("username", self.username),
            "password": secret.get("token") or secret.get("password") or "",
            "uuid": data.get("device_uuid", self.uuid),
            "client_identifier": data.get("navigator_id"),
        }

    @property
    def periods(self) -> List[Period]:
        return [Period(p, self) for p in self._client.instance().periods]

    @property
    def current_period(self) -> Period:
        """The period containing the server's date (the real date when the
        server does not send its own)."""
        instance = self._client.instance()
        day = instance.server_time.date() if instance.server_time else _dt.date.today()
        periods = [Period(p, self) for p in instance.periods]
        for period in periods:
            if period._model.contains(day):
                return period
        return periods[0]

    def lessons(self, date_from: Union[_dt.date, _dt.datetime],
                date_to: Union[_dt.date, _dt.datetime, None] = None) -> List[Lesson]:
        found = self._client._run("timetable", _days(date_from, date_to or date_from), _same)
        return [Lesson(m) for m in found]

    def homework(self, date_from: _dt.date, date_to: Optional[_dt.date] = None) -> List[Homework]:
        end = date_to or (date_from + _dt.timedelta(days=365))
        found = self._client._run("homework", _days(date_from, end), _same)
        return [Homework(m, self) for m in found]

    def discussions(self, only_unread: bool = False) -> List[Discussion]:
        found = self._client.discussions(unread_only=only_unread)
        return [Discussion(d, self) for d in found.discussions]

    def information_and_surveys(self, date_from: Optional[_dt.datetime] = None,
                                date_to: Optional[_dt.datetime] = None,
                                only_unread: bool = False) -> List[Information]:
        items = [Information(i, self) for i in self._client.news().items]
        if only_unread:
            items = [i for i in items if not i.read]
        if date_from is not None:
            items = [i for i in items if i.creation_date >= date_from]
        if date_to is not None:
            items = [i for i in items if i.creation_date < date_to]
        return items

    def menus(self, date_from: _dt.date, date_to: Optional[_dt.date] = None) -> List[Any]:
        end = date_to or date_from
        days, seen, day = [], set(), date_from
        while day <= end:
            for menu in self._client.menus(day):
                key = menu.to_dict().get("date")
                menu_day = to_date(key) if key else None
                if key not in seen and menu_day and date_from <= menu_day <= end:
                    seen.add(key)
                    days.append(menu)
            day += _dt.timedelta(days=7)
        return days

    def export_ical(self, timezone_shift: int = 0) -> Optional[str]:
        return self._client.ical_url()

    def request_qr_code_data(self, pin: str) -> Dict[str, Any]:
        return self._client.issue_qr_code(pin)

    def get_teaching_staff(self) -> List[Any]:
        return self._client.teaching_staff()

    def keep_alive(self) -> None:
        self._client.keep_alive()

    def session_check(self) -> bool:
        return bool(self._client.keep_alive())

    def refresh(self) -> None:
        self._client.keep_alive()


class ParentClient(Client):
    """pronotepy's ``ParentClient``: ``children`` and ``set_child``."""

    @property
    def children(self) -> List[ClientInfo]:
        return [ClientInfo(c) for c in self._client.user().children]

    def set_child(self, child: Union[ClientInfo, str]) -> None:
        name = child.name if isinstance(child, ClientInfo) else child
        self._client.select_child(name)


class VieScolaireClient(Client):
    """pronotepy's ``VieScolaireClient``: the class lists."""

    @property
    def classes(self) -> List[Any]:
        return self._client.call("classes")
