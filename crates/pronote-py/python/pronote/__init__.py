"""PRONOTE from Python, on the Rust client of pronote-rs.

>>> import pronote
>>> with pronote.demo() as demo:                                   # doctest: +SKIP
...     client = pronote.Client.login(demo.url + "eleve.html", "demonstration", "pronotevs")
...     lessons = client.timetable(demo.today)

See ``docs/python.md`` in the repository.
"""

from __future__ import annotations

import datetime as _dt

from . import _pronote
from ._pronote import (
    AccessDenied,
    BadCredentials,
    DoubleAuthRequired,
    NewPasswordRequired,
    PasswordRejected,
    Error,
    NotFound,
    ProtocolError,
    RateLimited,
    ServerBusy,
    ServerError,
    SessionExpired,
    TransportError,
    UsageError,
)
from .client import AsyncClient, Client, Credentials, DoubleAuth, NewPassword, operations, resume
from . import models
from ._convert import TYPE_CHECKING
from .models import Mark

if TYPE_CHECKING:
    from typing import Any, List, NamedTuple, Optional

    from ._enums import Special

__version__ = _pronote.__version__

__all__ = [
    "Client",
    "AsyncClient",
    "Credentials",
    "DoubleAuth",
    "NewPassword",
    "resume",
    "operations",
    "demo",
    "ent_providers",
    "Demo",
    "DemoAccount",
    "models",
    "Mark",
    "Special",
    "Error",
    "BadCredentials",
    "DoubleAuthRequired",
    "NewPasswordRequired",
    "PasswordRejected",
    "AccessDenied",
    "SessionExpired",
    "RateLimited",
    "ServerBusy",
    "ServerError",
    "TransportError",
    "ProtocolError",
    "NotFound",
    "UsageError",
]


if TYPE_CHECKING:

    class DemoAccount(NamedTuple):
        """A demo account: its space page, username, password and who it is."""

        url: str
        username: str
        password: str
        who: str


def _demo_account() -> Any:
    """``DemoAccount`` at run time: the same tuple, made on first use
    without importing `typing` (nor `collections` at import: a tenth of
    the package's import time)."""
    kept = globals().get("DemoAccount")
    if kept is not None:
        return kept
    from collections import namedtuple

    made = namedtuple("DemoAccount", ["url", "username", "password", "who"])  # type: ignore[name-match]
    made.__module__ = __name__
    made.__doc__ = "A demo account: its space page, username, password and who it is."
    globals()["DemoAccount"] = made
    return made


class Demo:
    """A running demo instance (see :func:`demo`); a context manager that
    stops it at the end of the ``with`` block."""

    def __init__(self, inner: "_pronote.Demo", today: _dt.date):
        self._inner = inner
        self.today = today

    @property
    def url(self) -> str:
        """The instance root, ``http://127.0.0.1:PORT/pronote/``."""
        return self._inner.url

    @property
    def accounts(self) -> List[DemoAccount]:
        account = _demo_account()
        return [account(*a) for a in self._inner.accounts()]

    def expire_sessions(self) -> None:
        """Ends every session on the server (clients log in again)."""
        self._inner.expire_sessions()

    def inject_fault(self, fault: str, count: Optional[int] = None) -> None:
        """Makes the server misbehave for the next ``count`` requests (all
        of them when ``None``), to test how a program copes:
        ``"rate-limit"``, ``"ip-suspended"``, ``"busy"``, ``"unavailable"``,
        ``"http-503"`` (any status), ``"garbled"``, ``"wrong-order"``, ``"refused"``,
        ``"slow-2000"`` (milliseconds), ``"drop"``."""
        self._inner.inject_fault(fault, count)

    def clear_faults(self) -> None:
        """Removes every injected fault."""
        self._inner.clear_faults()

    def close(self) -> None:
        self._inner.close()

    def __repr__(self) -> str:
        return f"<pronote demo instance at {self.url}>"

    def __enter__(self) -> "Demo":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def demo(version: Optional[str] = None, school: str = "college",
         today: Optional[_dt.date] = None, encryption: bool = True,
         compression: bool = True, seed: int = 7) -> Demo:
    """Runs the embedded PRONOTE simulator in-process, for a ``with``
    block (or until ``close()``): a whole school year of a French collège
    (or ``school="lycee"``), the accounts in ``Demo.accounts`` (password
    ``pronotevs``).

    ``today`` is the instance's date (default: a school day mapped from
    the real date, as ``pronote --demo`` does); ``version`` defaults to
    2025.2.6 and ``seed`` to the data of ``pronote --demo``.
    """
    day = today.isoformat() if today else None
    inner = _pronote.Demo(version, school, day, encryption, compression, seed)
    try:
        return Demo(inner, today or _demo_today())
    except BaseException:
        inner.close()
        raise


def ent_providers() -> List[tuple]:
    """The ENT providers :meth:`Client.ent_login` knows: (name, region)."""
    return list(_pronote.ent_providers())


def __getattr__(name: str) -> Any:
    # `Special` and `DemoAccount` are made on first use (`Special` by
    # `pronote.models`, as its other enumerations).
    if name == "Special":
        return models.Special
    if name == "DemoAccount":
        return _demo_account()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _demo_today() -> _dt.date:
    return _dt.date.fromisoformat(_pronote.demo_today(_dt.date.today().isoformat()))
