"""The machinery of the models: :class:`Model` (typed attributes read
from the Rust model's JSON on first access, ``to_dict()`` giving the JSON
back), :class:`Record` for objects without a class of their own, and
:class:`Html` for HTML fields. The classes themselves are in
:mod:`pronote.models`.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import sys

from ._pronote import Fields
from ._convert import (
    TYPE_CHECKING,
    Mark,
    to_date,
    to_datetime,
    to_enum,
    to_html,
    to_mark,
    to_number,
    unwrap,
)

if TYPE_CHECKING:
    import enum
    from typing import Any, ClassVar, Dict, List, Optional, Union


class Html(str):
    """An HTML field: the string is the HTML; ``.text`` the plain text."""

    @property
    def text(self) -> str:
        import html as _html
        import re as _re

        return _html.unescape(_re.sub(r"<[^>]+>", "", str(self))).strip()


class _Hint:
    """``Optional[X]``, ``List[X]``, ``Dict[K, V]`` and ``Any`` as the
    models' annotations are evaluated here: the package reads its own
    annotations without importing :mod:`typing` (a third of its import
    time)."""

    def __init__(self, kind: str, arg: Any = None):
        self.kind = kind
        self.arg = arg

    def __getitem__(self, arg: Any) -> "_Hint":
        return _Hint(self.kind, arg)


_HINT_NAMES = {name: _Hint(name) for name in ("Optional", "List", "Dict", "Any", "Union")}


class _Names(dict):  # type: ignore[type-arg]
    """The names an annotation is evaluated with, after its module's own:
    the generic names as :class:`_Hint`, then the names the module makes
    on first use through its ``__getattr__`` (``pronote.models``'s
    enumerations), which are not in its namespace until then."""

    def __init__(self, namespace: Dict[str, Any]):
        super().__init__(_HINT_NAMES)
        self.namespace = namespace

    def __missing__(self, name: str) -> Any:
        lazy = self.namespace.get("__getattr__")
        if lazy is None or name in self.namespace or hasattr(builtins, name):
            # The module's own name or a builtin: found after this.
            raise KeyError(name)
        try:
            return lazy(name)
        except AttributeError:
            raise KeyError(name) from None


def _evaluate(hint: Any, namespace: Dict[str, Any]) -> Any:
    """An annotation (text, with ``from __future__ import annotations``)
    as an object: the models' own names from their module, the generic
    names as :class:`_Hint`."""
    if isinstance(hint, str):
        return eval(hint, namespace, _Names(namespace))  # noqa: S307 (our own annotations)
    return hint


def _converter(hint: Any, namespace: Dict[str, Any]):
    """A function turning a JSON value into ``hint``'s type."""
    hint = _evaluate(hint, namespace)
    if isinstance(hint, _Hint):
        if hint.kind == "Optional":
            inner = _converter(hint.arg, namespace)
            return lambda v: None if unwrap(v) is None else inner(v)
        if hint.kind == "List":
            item = _converter(hint.arg, namespace) if hint.arg is not None else (lambda v: v)
            return lambda v: [item(x) for x in (v or [])]
        return lambda v: v
    if getattr(hint, "__origin__", None) is not None:
        # A subclass annotated with typing's objects (or ``list[X]``).
        return _typing_converter(hint, namespace)
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
    # An enumeration: `enum` is imported once one exists (`pronote._enums`).
    enums = sys.modules.get("enum")
    if enums is not None and isinstance(hint, type) and issubclass(hint, enums.Enum):
        return lambda v: to_enum(hint, v)
    if isinstance(hint, type) and issubclass(hint, Model):
        return lambda v: v if isinstance(v, hint) else hint(v)
    return lambda v: v


def _typing_converter(hint: Any, namespace: Dict[str, Any]):
    import typing

    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union and type(None) in args:
        inner = _converter(next(a for a in args if a is not type(None)), namespace)
        return lambda v: None if unwrap(v) is None else inner(v)
    if origin is list:
        item = _converter(args[0], namespace) if args else (lambda v: v)
        return lambda v: [item(x) for x in (v or [])]
    return lambda v: v


class _Field:
    """A model's typed field: read from the model's JSON on first access,
    then kept on the instance, whose value hides this descriptor."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, model: Optional["Model"], owner: Any = None) -> Any:
        if model is None:
            return self
        return model._read(self.name)


class Model:
    """Base of every model: typed attributes from the JSON (each converted
    on first read), ``to_dict()`` giving the JSON back."""

    _converters: ClassVar[Optional[Dict[str, Any]]] = None

    def __init__(self, data: Union[Dict[str, Any], Fields]):
        # ``data`` is the model's JSON, or a view of a model still in Rust
        # (an operation's result): its fields are converted when read.
        if not isinstance(data, (dict, Fields)):
            raise TypeError(f"{type(self).__name__} expects a dict, got {type(data).__name__}")
        self._data = data

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Each annotated field reads itself on first access (`_Field`),
        # found by the ordinary attribute lookup; a name no class of the
        # model annotates raises Python's own AttributeError.
        for name in vars(cls).get("__annotations__", {}):
            if not name.startswith("_") and name not in vars(cls):
                setattr(cls, name, _Field(name))

    def _read(self, name: str) -> Any:
        """The field ``name`` converted from the JSON, kept on the instance
        (so that a program reading a few fields of many models converts
        only those)."""
        value = self._source().get(name)
        try:
            converted = None if value is None else type(self)._fields()[name](value)
        except (TypeError, ValueError):
            # A value of an unexpected shape stays as received rather
            # than making the whole model unreadable.
            converted = value
        setattr(self, name, converted)
        return converted

    def _source(self) -> Union[Dict[str, Any], Fields]:
        """The JSON object the typed fields are read from."""
        return self._data

    @classmethod
    def _fields(cls) -> Dict[str, Any]:
        if cls.__dict__.get("_converters") is None:
            converters: Dict[str, Any] = {}
            for klass in reversed(cls.__mro__):
                namespace = vars(sys.modules[klass.__module__])
                for name, hint in vars(klass).get("__annotations__", {}).items():
                    if not name.startswith("_"):
                        converters[name] = _converter(hint, namespace)
            cls._converters = converters
        return cls._converters  # type: ignore[return-value]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]):
        """The model for ``data`` (the JSON of ``to_dict()``)."""
        return cls(data)

    def to_dict(self) -> Dict[str, Any]:
        """The Rust model's JSON, unchanged."""
        if not isinstance(self._data, dict):
            self._data = self._data.to_dict()
        return self._data

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self.to_dict() == other.to_dict()  # type: ignore[attr-defined]
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
    if isinstance(value, Fields) or (isinstance(value, dict) and "_T" not in value):
        return Record(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value
