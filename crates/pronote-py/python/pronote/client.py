"""``Client`` (synchronous) and ``AsyncClient`` (asyncio).

Both run on the same Rust client: the synchronous one releases the GIL
while it waits, the asyncio one hands its futures to the running event
loop. Every operation is defined once, in :class:`_Operations`.
"""

from __future__ import annotations

import datetime as _dt
# The C module behind `weakref`, which would cost a tenth of the
# package's import time for its pure-Python parts.
import _weakref
from . import _pronote
from ._convert import TYPE_CHECKING, to_date, to_datetime
from .models import (
    Account,
    Class,
    ClassStudent,
    DayMenu,
    Discussion,
    Discussions,
    Evaluation,
    GradesOverview,
    Homepage,
    Homework,
    Instance,
    Lesson,
    LessonContents,
    Message,
    Model,
    News,
    NewsItem,
    Notebook,
    Period,
    Participant,
    Partner,
    Question,
    Recipient,
    Record,
    ReportCard,
    StaffMember,
    StudentFile,
    Thread,
    User,
)

if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Union

    CredentialsCallback = Callable[["Credentials"], None]


class Credentials:
    """What a later login needs (a rotated token, or a password). Save it
    as a secret; ``repr`` never shows the secret."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]):
        self._data = data

    @property
    def page_url(self) -> str:
        return self._data.get("page_url", "")

    @property
    def username(self) -> str:
        secret = self._data.get("secret")
        return secret.get("username", "") if isinstance(secret, dict) else ""

    @property
    def kind(self) -> str:
        """``"token"`` or ``"password"``."""
        secret = self._data.get("secret")
        return secret.get("kind", "") if isinstance(secret, dict) else ""

    @property
    def device_uuid(self) -> str:
        return self._data.get("device_uuid", "")

    def to_dict(self) -> Dict[str, Any]:
        """The credentials as JSON-ready data (contains the secret)."""
        return self._data

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Credentials":
        return cls(data)

    def __repr__(self) -> str:
        return f"Credentials(page_url={self.page_url!r}, username={self.username!r}, secret=<hidden>)"


def _iso(day: Union[_dt.date, str]) -> str:
    if isinstance(day, _dt.datetime):
        day = day.date()
    return day.isoformat() if isinstance(day, _dt.date) else str(day)


def _days(date_from: Union[_dt.date, str], date_to: Union[_dt.date, str]) -> Dict[str, str]:
    """The arguments of an operation over a range of days."""
    return {"from": _iso(date_from), "to": _iso(date_to)}


def _data(value: Any) -> Any:
    return value.to_dict() if isinstance(value, Model) else value


def _list(cls):
    return lambda items: [cls(x) for x in items]


def _same(value: Any) -> Any:
    return value


def _record(value: Any) -> Any:
    if isinstance(value, list):
        return [Record(v) if isinstance(v, dict) else v for v in value]
    return Record(value) if isinstance(value, dict) else value


class _Held:
    """A program's ``on_credentials``, held by the Python objects of its
    login (the steps, then the client).

    The Rust session gets a function reaching it through a weak
    reference: a callback referring back to its client (a bound method of
    an object holding the client, as ``pronote.compat`` and most programs
    write it) then makes a cycle of Python objects, which the collector
    frees, instead of one through the Rust session, which it cannot see
    and which kept every dropped client, its runtime and its connection
    alive. The Rust session lives only as long as those objects, so the
    weak reference is alive whenever the session can call it."""

    __slots__ = ("function", "__weakref__")

    def __init__(self, function: CredentialsCallback):
        self.function = function


def _callback(on_credentials: Optional[CredentialsCallback]):
    """The holder of ``on_credentials`` (kept by the login's Python
    objects) and the function handed to the Rust session."""
    if on_credentials is None:
        return None, None
    held = _Held(on_credentials)
    ref = _weakref.ref(held)

    def call(data: Dict[str, Any]) -> None:
        target = ref()
        if target is not None:
            target.function(Credentials(data))

    return held, call


class _Operations:
    """Every operation, written once; ``_run`` makes it synchronous or
    awaitable."""

    def __init__(self, session: Any):
        self._session = session
        # The holder of the login's ``on_credentials`` (see `_Held`).
        self._held: Optional[_Held] = None

    def _run(self, name: str, args: Optional[Dict[str, Any]], convert: Callable[[Any], Any]) -> Any:
        raise NotImplementedError

    # Session ---------------------------------------------------------
    def instance(self):
        """The instance's parameters: periods, holidays, hours, the server's time."""
        return self._run("instance", None, Instance)

    def user(self):
        """The logged-in user (and a parent's children)."""
        return self._run("user", None, User)

    def export(self):
        """The session as a dict for :func:`pronote.resume` (a secret)."""
        return self._run("export", None, _same)

    def select_child(self, name: str):
        """A parent's child whose data the following calls read."""
        return self._run("select_child", {"name": name}, _same)

    def keep_alive(self):
        return self._run("keep_alive", None, _same)

    def logout(self):
        return self._run("logout", None, _same)

    # The session -------------------------------------------------------
    def server_date(self) -> _dt.date:
        """The instance's date (the demo and test instances have their own);
        today's UTC date only when the server sent none."""
        return self._run("server_date", None, to_date)

    def current_period(self, tab: int = 198) -> Optional[Period]:
        """The current period of a tab (198: grades; 201: evaluations; 19:
        attendance): the tab's default period, else the one containing the
        server's date."""
        return self._run("current_period", {"tab": tab}, lambda v: None if v is None else Period(v))

    def authorisations(self):
        """The tabs and rights of the space (``can(tab)`` in Rust; here a
        :class:`Record` with ``tabs`` and the rights)."""
        return self._run("authorisations", None, _record)

    def delegate_classes(self):
        """The classes the student is a delegate of."""
        return self._run("delegate_classes", None, _record)

    def last_connection(self) -> Optional[_dt.datetime]:
        """The account's previous connection, when the server tells it."""
        return self._run("last_connection", None, to_datetime)

    # School work -----------------------------------------------------
    def timetable(self, date_from: Union[_dt.date, str], date_to: Union[_dt.date, str, None] = None):
        """The lessons from ``date_from`` to ``date_to`` (both included)."""
        return self._run("timetable", _days(date_from, date_to or date_from), _list(Lesson))

    def homework(self, date_from: Union[_dt.date, str], date_to: Union[_dt.date, str, None] = None):
        """The homework due from ``date_from`` to ``date_to``."""
        return self._run("homework", _days(date_from, date_to or date_from), _list(Homework))

    def set_homework_done(self, homework: Homework, done: bool = True):
        return self._run("set_homework_done", {"homework": _data(homework), "done": done}, _same)

    def lesson_contents(self, date_from: Union[_dt.date, str], date_to: Union[_dt.date, str]):
        return self._run("lesson_contents", _days(date_from, date_to), _list(LessonContents))

    def lesson_contents_by_id(self, lesson_contents_id: str):
        """The lesson contents a lesson or homework points to
        (``lesson_content_id``)."""
        return self._run("lesson_contents_by_id", {"id": lesson_contents_id}, LessonContents)

    def grades(self, period: str):
        """The grades and averages of the period named ``period``."""
        return self._run("grades", {"period": period}, GradesOverview)

    def evaluations(self, period: str):
        return self._run("evaluations", {"period": period}, _list(Evaluation))

    def notebook(self, period: str):
        """Absences, delays, punishments and observations of a period."""
        return self._run("notebook", {"period": period}, Notebook)

    def report_card(self, period: str):
        return self._run("report_card", {"period": period}, ReportCard)

    def menus(self, day: Union[_dt.date, str]):
        return self._run("menus", {"day": _iso(day)}, _list(DayMenu))

    def menus_between(self, date_from: Union[_dt.date, str], date_to: Union[_dt.date, str]):
        """The menus of every day from ``date_from`` to ``date_to``."""
        return self._run("menus_between", _days(date_from, date_to), _list(DayMenu))

    def timetable_pdf_url(self, **options: Any):
        """The URL of the timetable's PDF; keyword options as
        ``TimetablePdfOptions``' JSON (e.g. ``portrait=True``)."""
        if options:
            return self._run("timetable_pdf_url_with", {"options": options}, _same)
        return self._run("timetable_pdf_url", None, _same)

    def account(self):
        return self._run("account", None, Account)

    def teaching_staff(self):
        return self._run("teaching_staff", None, _list(StaffMember))

    def timetable_ical(self, date_from: Union[_dt.date, str], date_to: Union[_dt.date, str]):
        """The lessons as an iCalendar text."""
        return self._run("timetable_ical", _days(date_from, date_to), _same)

    def ical_url(self):
        """The instance's own iCalendar feed URL, when it offers one."""
        return self._run("ical_url", None, _same)

    def issue_qr_code(self, pin: str):
        """A QR code's data for the mobile app (a dict), protected by ``pin``."""
        return self._run("issue_qr_code", {"pin": pin}, _same)

    def download(self, url: str):
        """A file of the instance (an attachment's URL) as bytes."""
        return self._run("download", {"url": url}, bytes)

    def attachment_url(self, attachment: Any):
        return self._run("attachment_url", {"attachment": _data(attachment)}, _same)

    def homepage(self, day: Union[_dt.date, str]):
        """The home page of ``day``: useful links, partner services,
        canteen wallets."""
        return self._run("homepage", {"day": _iso(day)}, Homepage)

    def partner_url(self, partner: Partner):
        """The signed-in URL of a partner service of the home page."""
        return self._run("partner_url", {"partner": _data(partner)}, _same)

    # School life (vie scolaire and teachers) -------------------------
    def classes(self):
        """The classes the account can see."""
        return self._run("classes", None, _list(Class))

    def class_students(self, school_class: Class):
        return self._run("class_students", {"class": _data(school_class)}, _list(ClassStudent))

    def student_file(self, student: ClassStudent):
        """A student's file: identity and guardians."""
        return self._run("student_file", {"student": _data(student)}, StudentFile)

    # Messages and news -----------------------------------------------
    def discussions(self, unread_only: bool = False):
        name = "unread_discussions" if unread_only else "discussions"
        return self._run(name, None, Discussions)

    def messages(self, discussion: Discussion):
        return self._run("messages", {"discussion": _data(discussion)}, Thread)

    def reply(self, discussion: Discussion, content: str):
        return self._run("reply", {"discussion": _data(discussion), "content": content}, _same)

    def reply_to_message(self, discussion: Discussion, message: Message, content: str):
        """Replies to ``message`` of ``discussion`` (not a draft)."""
        args = {"discussion": _data(discussion), "message": _data(message), "content": content}
        return self._run("reply_to_message", args, _same)

    def mark_discussion_read(self, discussion: Discussion, read: bool = True):
        args = {"discussion": _data(discussion), "read": read}
        return self._run("mark_discussion_read", args, _same)

    def recipients(self, kind: str = "Teacher"):
        """Who a discussion can be started with: ``"Teacher"``,
        ``"Staff"``, ``"Student"`` or ``"Parent"``."""
        return self._run("recipients", {"kind": kind}, _list(Recipient))

    def participants(self, discussion: Discussion):
        return self._run("participants", {"discussion": _data(discussion)}, _list(Participant))

    def news(self):
        return self._run("news", None, News)

    def news_details(self, item: NewsItem):
        """The questions of a news item or survey, with their content."""
        return self._run("news_details", {"item": _data(item)}, _list(Question))

    def mark_news_read(self, item: NewsItem, read: bool = True):
        return self._run("mark_news_read", {"item": _data(item), "read": read}, _same)

    def call(self, operation: str, **args: Any):
        """Any operation of the Rust client by name (see
        ``pronote.operations()``), its arguments in their JSON form; the
        result as plain data."""
        return self._run(operation, {k: _data(v) for k, v in args.items()}, _same)


def _login_params(mode: str, **kw: Any) -> Dict[str, Any]:
    params = {"mode": mode}
    params.update({k: v for k, v in kw.items() if v is not None and v is not False})
    return params


class DoubleAuth:
    """A login waiting for the double-authentication answer."""

    def __init__(self, step: Any, client_class: type, held: Optional[_Held] = None):
        self._step = step
        self._client_class = client_class
        self._held = held

    @property
    def needs_pin(self) -> bool:
        return self._step.needs_pin

    @property
    def needs_device_name(self) -> bool:
        return self._step.needs_device_name

    def answer(self, pin: Optional[str] = None, device_name: Optional[str] = None):
        """Answers; returns the client (or another step). A wrong PIN
        raises ``BadCredentials`` and the step can be answered again."""
        if self._client_class is AsyncClient:
            return self._answer_async(pin, device_name)
        return _wrap_login(self._step.answer(pin, device_name), Client, self._held)

    async def _answer_async(self, pin, device_name):
        return _wrap_login(await self._step.answer_async(pin, device_name), AsyncClient, self._held)

    def __repr__(self) -> str:
        return repr(self._step)


class NewPassword:
    """A login waiting for the account's new password: a first login with
    a provisional password, or a password the school reset."""

    def __init__(self, step: Any, client_class: type, held: Optional[_Held] = None):
        self._step = step
        self._client_class = client_class
        self._held = held

    @property
    def rules(self) -> Dict[str, Any]:
        """``min``, ``max`` (or ``None``), ``letter``, ``digit``,
        ``special``, ``mixed_case``, ``not_username``."""
        return self._step.rules

    @property
    def message(self) -> Optional[str]:
        """The server's explanation, when it sent one."""
        return self._step.message

    def check(self, new_password: str) -> Optional[str]:
        """The rule ``new_password`` breaks, in words, or ``None``; sends
        nothing (to validate a form as the user types)."""
        return self._step.check(new_password)

    def answer(self, new_password: str):
        """Sets the new password; returns the client (or the next step,
        such as :class:`DoubleAuth`). A password breaking a rule raises
        ``PasswordRejected`` before anything is sent, and the step can be
        answered again. The new credentials reach ``on_credentials`` as
        soon as the server saved them."""
        if self._client_class is AsyncClient:
            return self._answer_async(new_password)
        return _wrap_login(self._step.answer(new_password), Client, self._held)

    async def _answer_async(self, new_password):
        return _wrap_login(await self._step.answer_async(new_password), AsyncClient, self._held)

    def __repr__(self) -> str:
        return repr(self._step)


def _wrap_login(result: Any, cls: type, held: Optional[_Held]):
    """The Python object for a login's outcome, keeping the holder of its
    ``on_credentials`` (see :class:`_Held`)."""
    if isinstance(result, _pronote.Session):
        client = cls(result)
        client._held = held
        return client
    if isinstance(result, _pronote.NewPasswordStep):
        return NewPassword(result, cls, held)
    return DoubleAuth(result, cls, held)


def _refuse_steps(result: Any):
    if isinstance(result, DoubleAuth):
        raise _pronote.DoubleAuthRequired("this account needs double authentication: use start_login()")
    if isinstance(result, NewPassword):
        raise _pronote.NewPasswordRequired("this account must choose a new password: use start_login()")
    return result


class _Logins:
    """The login constructors shared by both clients."""

    @classmethod
    def _start(cls, params: Dict[str, Any], on_credentials):
        raise NotImplementedError

    @classmethod
    def start_login(cls, url: str, username: str, password: str, *, space: Optional[str] = None,
                    request_token: bool = False, on_credentials: Optional[CredentialsCallback] = None):
        """A password login that may stop at a step: gives the client, a
        :class:`DoubleAuth` step or a :class:`NewPassword` step."""
        params = _login_params("password", url=url, username=username, password=password,
                               space=space, request_token=request_token)
        return cls._start(params, on_credentials)

    @classmethod
    def start_credentials_login(cls, credentials: Union[Credentials, Dict[str, Any]], *,
                                on_credentials: Optional[CredentialsCallback] = None):
        data = credentials.to_dict() if isinstance(credentials, Credentials) else credentials
        return cls._start(_login_params("credentials", credentials=data), on_credentials)

    @classmethod
    def start_qr_login(cls, qr_code: Union[str, Dict[str, Any]], pin: str, device_uuid: str, *,
                       on_credentials: Optional[CredentialsCallback] = None):
        params = _login_params("qr_code", qr_code=qr_code, pin=pin, device_uuid=device_uuid)
        return cls._start(params, on_credentials)


class Client(_Operations, _Logins):
    """A logged-in PRONOTE session, synchronous.

    >>> import pronote
    >>> with pronote.demo() as demo:                       # doctest: +SKIP
    ...     client = pronote.Client.login(demo.url + "eleve.html", "demonstration", "pronotevs")
    ...     print(client.user().resource.name)
    MARTIN Lucas
    """

    def _run(self, name, args, convert):
        return convert(self._session.call(name, args))

    @classmethod
    def _start(cls, params, on_credentials):
        held, call = _callback(on_credentials)
        return _wrap_login(_pronote.login(params, call), cls, held)

    @classmethod
    def _connected(cls, result):
        return _refuse_steps(result)

    @classmethod
    def login(cls, url: str, username: str, password: str, *, space: Optional[str] = None,
              request_token: bool = False, on_credentials: Optional[CredentialsCallback] = None) -> "Client":
        """Logs in with a username and password (``url``: a space page such
        as ``…/pronote/eleve.html``, or the instance root with ``space``)."""
        return cls._connected(cls.start_login(url, username, password, space=space,
                                              request_token=request_token, on_credentials=on_credentials))

    @classmethod
    def credentials_login(cls, credentials: Union[Credentials, Dict[str, Any]], *,
                          on_credentials: Optional[CredentialsCallback] = None) -> "Client":
        """Logs in with saved credentials; a rotated token goes to
        ``on_credentials`` at once (the old one no longer works)."""
        return cls._connected(cls.start_credentials_login(credentials, on_credentials=on_credentials))

    @classmethod
    def qr_login(cls, qr_code: Union[str, Dict[str, Any]], pin: str, device_uuid: str, *,
                 on_credentials: Optional[CredentialsCallback] = None) -> "Client":
        """Logs in with the mobile app's QR code and its PIN."""
        return cls._connected(cls.start_qr_login(qr_code, pin, device_uuid, on_credentials=on_credentials))

    @classmethod
    def ent_login(cls, url: str, ent: str, username: str, password: str) -> "Client":
        """Logs in through an ENT (single sign-on) named as in
        ``pronote.ent_providers()``."""
        params = _login_params("ent", url=url, ent=ent, username=username, password=password)
        return cls._connected(cls._start(params, None))

    @property
    def credentials(self) -> Optional[Credentials]:
        data = self._session.call("credentials", None)
        return None if data is None else Credentials(data)


class AsyncClient(_Operations, _Logins):
    """A logged-in PRONOTE session for asyncio: every operation is
    awaitable, and runs on the Rust runtime (no thread per call)."""

    async def _run(self, name, args, convert):
        return convert(await self._session.call_async(name, args))

    @classmethod
    async def _start(cls, params, on_credentials):
        held, call = _callback(on_credentials)
        return _wrap_login(await _pronote.login_async(params, call), cls, held)

    @classmethod
    async def _connected(cls, pending):
        return _refuse_steps(await pending)

    @classmethod
    async def login(cls, url: str, username: str, password: str, *, space: Optional[str] = None,
                    request_token: bool = False,
                    on_credentials: Optional[CredentialsCallback] = None) -> "AsyncClient":
        return await cls._connected(cls.start_login(url, username, password, space=space,
                                                    request_token=request_token,
                                                    on_credentials=on_credentials))

    @classmethod
    async def credentials_login(cls, credentials: Union[Credentials, Dict[str, Any]], *,
                                on_credentials: Optional[CredentialsCallback] = None) -> "AsyncClient":
        return await cls._connected(cls.start_credentials_login(credentials, on_credentials=on_credentials))

    @classmethod
    async def qr_login(cls, qr_code: Union[str, Dict[str, Any]], pin: str, device_uuid: str, *,
                       on_credentials: Optional[CredentialsCallback] = None) -> "AsyncClient":
        return await cls._connected(cls.start_qr_login(qr_code, pin, device_uuid,
                                                       on_credentials=on_credentials))

    @classmethod
    async def ent_login(cls, url: str, ent: str, username: str, password: str) -> "AsyncClient":
        params = _login_params("ent", url=url, ent=ent, username=username, password=password)
        return await cls._connected(cls._start(params, None))

    @property
    def credentials(self) -> Optional[Credentials]:
        data = self._session.call("credentials", None)
        return None if data is None else Credentials(data)


def resume(exported: Dict[str, Any]) -> Client:
    """A client from :meth:`Client.export`'s dict, without logging in again."""
    return Client(_pronote.resume(exported))


def operations() -> List[str]:
    """Every operation name :meth:`Client.call` accepts."""
    return list(_pronote.Session.operations())
