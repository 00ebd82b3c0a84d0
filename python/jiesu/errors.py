"""The exceptions of jiesu.

Every error of the core is raised as a subclass of :class:`JiesuError`, chosen by its kind,
with the core's message and, where they apply, the offending ``field`` (a path such as
``festivals[3].holidays[0]``), the ``rule`` id of RULES.md (``"R-SLA-7"``), the ``year`` a
coverage error is missing, every validation ``problem`` as ``(path, message)``, and for a
batch call the flat (C-order) ``index`` of the first failing element.

Errors about bad values are also :class:`ValueError`, so code written for numpy's
``busday_offset`` (``except ValueError``) keeps working:

>>> import datetime as dt, jiesu
>>> try:
...     jiesu.Calendar.builtin("CN").add_working_days(dt.date(2026, 12, 25), 5)
... except jiesu.CoverageError as e:
...     print(e.year, e.rule)
2027 R-SLA-7

A Rust panic (a bug) is raised as ``JiesuError`` with ``kind == "internal"``, never as PyO3's
``PanicException``.
"""
from __future__ import annotations

from typing import Any

__all__ = [
    "JiesuError",
    "InvalidInput",
    "ParseError",
    "ValidationError",
    "CoverageError",
    "PermissionDenied",
    "InvalidTransition",
    "LimitExceeded",
]


class JiesuError(Exception):
    """Base class of every jiesu error.

    Attributes: ``message`` (the text), ``kind`` (``"invalid_input"``, ``"parse"``,
    ``"validation"``, ``"coverage"``, ``"permission_denied"``, ``"invalid_transition"``,
    ``"limit_exceeded"`` or ``"internal"``), ``field``, ``rule``, ``year``, ``problems`` and
    ``index`` (``None`` or empty where they do not apply).
    """

    kind: str | None
    field: str | None
    rule: str | None
    year: int | None
    problems: list[tuple[str, str]]
    index: int | None

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        field: str | None = None,
        rule: str | None = None,
        year: int | None = None,
        problems: list[tuple[str, str]] | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.field = field
        self.rule = rule
        self.year = year
        self.problems = list(problems or [])
        self.index = index

    @property
    def message(self) -> str:
        """The message (``str(error)``)."""
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the attributes across pickling (errors travel back from Dask workers).
        return (_rebuild, (type(self), self.message, self._attributes()))

    def _attributes(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "rule": self.rule,
            "year": self.year,
            "problems": self.problems,
            "index": self.index,
        }


def _rebuild(cls: type[JiesuError], message: str, attributes: dict[str, Any]) -> JiesuError:
    return cls(message, **attributes)


class InvalidInput(JiesuError, ValueError):
    """An argument is out of range or unusable: a date out of range, an overflowing offset, a
    non-business day with ``roll="raise"``, NaT where numpy refuses it, an unknown name."""


class ParseError(JiesuError, ValueError):
    """Text (JSON, TOML, a date) could not be parsed, or has unknown fields."""


class ValidationError(JiesuError, ValueError):
    """Data parsed but breaks a rule of its format; ``problems`` lists every problem."""


class CoverageError(JiesuError):
    """The computation needs a day of a year the calendar does not cover (R-SLA-7);
    ``year`` is that year. Load the year as an overlay, or use the provisional policy."""


class PermissionDenied(JiesuError):
    """The actor may not issue this command (R-ORG-*)."""


class InvalidTransition(JiesuError, ValueError):
    """The command is not allowed in the ticket's current state."""


class LimitExceeded(JiesuError):
    """A configured limit (size, count, depth) was exceeded."""
