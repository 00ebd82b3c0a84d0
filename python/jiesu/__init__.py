"""jiesu (接诉): the rules engine of a 12345 接诉即办 citizen-request platform, for Python.

- :class:`Calendar` — working days with statutory holidays **and make-up working days (调休)**
  2004–2026, overlays, coverage; vectorized, numpy-compatible ``busday_offset`` /
  ``busday_count`` over ``datetime64[D]`` arrays, computed in Rust without the GIL.
- :class:`SlaPolicy` — the SLA clocks of a dispatched ticket as timezone-aware datetimes.
- :class:`Engine` — calendar, SLA policy, classification guide and escalation rules from one
  configuration; the ticket lifecycle over event lists (``handle``, ``state``, ``verify``,
  ``archive``), escalation (``evaluate``, ``escalate``, ``evaluate_group``) and assessment as
  pandas DataFrames (``assess``, ``bulletin``), without the GIL; the same rates from a flat
  export (``assess_records``, columns ``RECORD_COLUMNS``), deadlines of whole columns
  (``deadlines_frame``), the guide as DataFrames (``units``, ``categories``, ``sla_inputs``).
- :func:`verify_archive`, :func:`compute_hash` — the tamper-evident history (R-FLOW-5).
- :func:`parse_notice`, :meth:`Calendar.with_notice` — the State Council's yearly holiday
  notice, pasted as text, checked and turned into calendar data (TOML for review, or at once
  as a further covered year).
- :mod:`jiesu.compat.chinese_calendar` — a drop-in for the ``chinesecalendar`` package.
- :mod:`jiesu.errors` — :class:`JiesuError` and its subclasses.
- :mod:`jiesu.types` — the results' shapes as ``TypedDict``\ s (``State``, ``Clock``, ``Alert``,
  ``Event``, ``Verification`` …), for type checkers and annotations.

Calendars, policies and engines are immutable, thread-safe and picklable (ship them to Dask
or Spark workers).

>>> import datetime as dt, numpy as np, jiesu
>>> cal = jiesu.Calendar.builtin("CN")
>>> cal.add_working_days(dt.date(2026, 9, 30), 5)      # 10-01..10-07 off, 10-10 worked
datetime.date(2026, 10, 13)
>>> days = np.array(["2026-09-30", "2026-02-13"], dtype="datetime64[D]")
>>> cal.busday_offset(days, 5)
array(['2026-10-13', '2026-02-27'], dtype='datetime64[D]')
"""
from __future__ import annotations

from . import types
from ._jiesu import CST, RECORD_COLUMNS, Calendar, Engine, SlaPolicy, __version__, compute_hash, parse_notice, verify_archive
from .errors import (
    CoverageError,
    InvalidInput,
    InvalidTransition,
    JiesuError,
    LimitExceeded,
    ParseError,
    PermissionDenied,
    ValidationError,
)

__all__ = [
    "CST",
    "Calendar",
    "RECORD_COLUMNS",
    "CoverageError",
    "Engine",
    "InvalidInput",
    "InvalidTransition",
    "JiesuError",
    "LimitExceeded",
    "ParseError",
    "PermissionDenied",
    "SlaPolicy",
    "ValidationError",
    "__version__",
    "compute_hash",
    "parse_notice",
    "types",
    "verify_archive",
]
