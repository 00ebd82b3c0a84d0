"""A drop-in for the ``chinesecalendar`` package (``import chinese_calendar``), version 1.11.

Same functions, signatures, results and errors — ``is_workday``, ``is_holiday``,
``is_in_lieu``, ``get_holiday_detail``, ``get_holidays``, ``get_workdays``, ``get_dates``,
``find_workday``, the ``Holiday`` enum and the ``holidays`` / ``workdays`` / ``in_lieu_days``
dicts — over jiesu's built-in ``CN`` calendar (2004–2026, from the State Council's notices).
Dates outside the covered years raise ``NotImplementedError`` as chinesecalendar does.
``find_workday`` is O(1) in jiesu instead of a day-by-day loop.

Switching is one line::

    from jiesu.compat import chinese_calendar as cc     # was: import chinese_calendar as cc
    cc.is_workday(datetime.date(2026, 2, 14))            # True: a make-up Saturday (调休)

It returns what chinesecalendar 1.11.0 returns — the same festival names (a weekend joined to a
holiday, 与周末连休, is named after it; 2020-10-01 is National Day), the same in-lieu days —
except on the days where chinesecalendar contradicts a State Council notice, where it follows
the notice (as ``Calendar.builtin("CN")`` does):

- 2005-12-31 (Saturday) is a working day — ``国办发明电〔2005〕35号`` (2006 New Year: "12月31日
  （星期六）上班"); chinesecalendar has it off (its issues #17 and #125). So ``is_workday`` is
  ``True``, ``is_holiday`` ``False``, ``get_holiday_detail`` ``(False, "New Year's Day")``, and the
  day is in ``workdays``;
- 2006-01-03 is an in-lieu day — the same notice moves the rest of that worked Saturday to
  1-2/1-3 ("将12月31日（星期六）、1月1日（星期日）两个公休日调至1月2日（星期一）、3日（星期二）");
  chinesecalendar, missing the make-up day, has no in-lieu day for it (1-3, as it files the
  identical 2012 case). ``is_in_lieu`` is ``True`` and the day is in ``in_lieu_days``.

Everything else — every function, every day 2004–2026 — is the package's answer, checked by
``tests/python/test_compat_chinese_calendar.py``. The data behind it (the package's festival
names where they differ from jiesu's, and its in-lieu days) is ``data/calendar/
chinesecalendar-1.11.toml`` in the core; jiesu's own calendar keeps its attribution (``Calendar.
day`` gives ``mid_autumn_festival`` for 2020-10-01 and no festival for 2019-09-14).

``get_solar_terms`` is not provided (it is astronomy, not the holiday schedule).
"""
from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

from .._jiesu import Calendar, _chinesecalendar_days

__all__ = [
    "Holiday",
    "holidays",
    "in_lieu_days",
    "workdays",
    "is_holiday",
    "is_in_lieu",
    "is_workday",
    "get_holiday_detail",
    "get_dates",
    "get_holidays",
    "get_workdays",
    "find_workday",
]


class Holiday(Enum):
    """The festivals, as in chinesecalendar: value = English name; ``chinese``, ``days``.

    >>> Holiday.spring_festival.value, Holiday.spring_festival.chinese
    ('Spring Festival', '春节')
    """

    new_years_day = "New Year's Day"
    spring_festival = "Spring Festival"
    tomb_sweeping_day = "Tomb-sweeping Day"
    labour_day = "Labour Day"
    dragon_boat_festival = "Dragon Boat Festival"
    national_day = "National Day"
    mid_autumn_festival = "Mid-autumn Festival"

    # special holidays
    anti_fascist_70th_day = "Anti-Fascist 70th Day"

    @property
    def chinese(self) -> str:
        """The Chinese name (元旦, 春节, …)."""
        return _CHINESE[self.name][0]

    @property
    def days(self) -> int:
        """The number of statutory days chinesecalendar 1.11 gives (its constants)."""
        return _CHINESE[self.name][1]


_CHINESE = {
    "new_years_day": ("元旦", 1),
    "spring_festival": ("春节", 3),
    "tomb_sweeping_day": ("清明", 1),
    "labour_day": ("劳动节", 1),
    "dragon_boat_festival": ("端午", 1),
    "national_day": ("国庆节", 3),
    "mid_autumn_festival": ("中秋", 1),
    "anti_fascist_70th_day": ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日", 1),
}

# jiesu's festival ids -> chinesecalendar's names.
_FESTIVALS = {
    "new_years_day": Holiday.new_years_day,
    "spring_festival": Holiday.spring_festival,
    "tomb_sweeping_day": Holiday.tomb_sweeping_day,
    "labour_day": Holiday.labour_day,
    "dragon_boat_festival": Holiday.dragon_boat_festival,
    "national_day": Holiday.national_day,
    "mid_autumn_festival": Holiday.mid_autumn_festival,
    "anti_fascist_70th": Holiday.anti_fascist_70th_day,
}

_D = datetime.date
_CAL = Calendar.builtin("CN")
_PROVISIONAL = _CAL.with_policy("provisional")
_coverage = _CAL.coverage
assert _coverage is not None
_MIN_YEAR, _MAX_YEAR = _coverage


def _build() -> tuple[dict[datetime.date, str], dict[datetime.date, str], dict[datetime.date, str]]:
    # The package's attribution is data of the core (data/calendar/chinesecalendar-1.11.toml):
    # CN's marked days with the package's festival names, and its in-lieu days.
    hol, work, lieu = _chinesecalendar_days()

    def name(festival: str) -> str:
        return _FESTIVALS[festival].value if festival in _FESTIVALS else festival

    holidays = {d: name(f) for d, f in hol.items()}
    return holidays, {d: name(f) for d, f in work.items()}, {d: holidays[d] for d in lieu}


holidays, workdays, in_lieu_days = _build()


def _wrap_date(date: Any) -> Any:
    """A ``datetime.datetime`` as its date; anything else unchanged."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    return date


def _validate_date(*dates: Any) -> Any:
    """The date(s) as ``datetime.date``; ``NotImplementedError`` for another type or a year
    outside the data, with chinesecalendar's messages."""
    if len(dates) != 1:
        return list(map(_validate_date, dates))
    date = _wrap_date(dates[0])
    if not isinstance(date, datetime.date):
        raise NotImplementedError("unsupported type {}, expected type is datetime.date".format(type(date)))
    if not (_MIN_YEAR <= date.year <= _MAX_YEAR):
        raise NotImplementedError(
            "no available data for year {}, only year between [{}, {}] supported".format(date.year, _MIN_YEAR, _MAX_YEAR)
        )
    return date


def is_holiday(date: datetime.date | datetime.datetime) -> bool:
    """Whether people rest on ``date`` (a weekend day or a holiday) in China.

    >>> is_holiday(datetime.date(2026, 10, 8)), is_holiday(datetime.date(2026, 10, 10))
    (False, False)
    """
    return not is_workday(date)


def is_workday(date: datetime.date | datetime.datetime) -> bool:
    """Whether people work on ``date`` in China (make-up working days included).

    >>> is_workday(datetime.date(2026, 2, 14))
    True
    """
    date = _validate_date(date)
    if type(date) is datetime.date:
        return bool(_CAL.is_workday(date))
    return bool(date in workdays or (date.weekday() <= 4 and date not in holidays))


def is_in_lieu(date: datetime.date | datetime.datetime) -> bool:
    """Whether ``date`` is an in-lieu day: a weekday off given in exchange for a make-up
    working day.

    >>> is_in_lieu(datetime.date(2026, 10, 7)), is_in_lieu(datetime.date(2026, 10, 1))
    (True, False)
    """
    date = _validate_date(date)
    return date in in_lieu_days


def get_holiday_detail(date: datetime.date | datetime.datetime) -> tuple[bool, str | None]:
    """``(is holiday, festival name or None)``; a make-up working day gives ``(False, name)``.

    >>> get_holiday_detail(datetime.date(2026, 2, 17))
    (True, 'Spring Festival')
    """
    date = _validate_date(date)
    if date in workdays:
        return False, workdays[date]
    elif date in holidays:
        return True, holidays[date]
    else:
        return date.weekday() > 4, None


def get_dates(start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime) -> list[datetime.date]:
    """Every date from ``start`` to ``end``, both included."""
    first, last = map(_wrap_date, (start, end))
    delta_days = (last - first).days
    return [first + datetime.timedelta(days=delta) for delta in range(delta_days + 1)]


def get_holidays(
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    include_weekends: bool = True,
) -> list[datetime.date]:
    """The days off from ``start`` to ``end`` (included); with ``include_weekends=False``
    only the dates of the holiday schedule.

    >>> len(get_holidays(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)))
    13
    """
    start, end = _validate_date(start, end)
    if include_weekends:
        return list(filter(is_holiday, get_dates(start, end)))
    return list(filter(lambda x: x in holidays, get_dates(start, end)))


def get_workdays(
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    include_weekends: bool = True,
) -> list[datetime.date]:
    """The working days from ``start`` to ``end`` (included); with
    ``include_weekends=False`` without the make-up Saturdays and Sundays."""
    start, end = _validate_date(start, end)
    if include_weekends:
        return list(filter(is_workday, get_dates(start, end)))
    return list(filter(lambda x: is_workday(x) and x.weekday() < 5, get_dates(start, end)))


def _find_workday_by_walking(delta_days: Any, date: Any) -> Any:
    # chinesecalendar's algorithm, for arguments the fast path does not take (same errors).
    if delta_days >= 0:
        delta_days += 1
    sign = 1 if delta_days >= 0 else -1
    for i in range(abs(delta_days)):
        if delta_days < 0 or i:
            date += datetime.timedelta(days=sign)
        while not is_workday(date):
            date += datetime.timedelta(days=sign)
    return date


def find_workday(delta_days: int = 0, date: datetime.date | datetime.datetime | None = None) -> datetime.date:
    """The working day ``delta_days`` working days after ``date`` (default today): 0 is
    ``date`` itself if it is a working day, else the next one; -1 the previous working day.

    >>> find_workday(5, datetime.date(2026, 9, 30))
    datetime.date(2026, 10, 13)
    """
    date = _wrap_date(date or datetime.date.today())
    if type(date) is not datetime.date or type(delta_days) is not int:
        return _find_workday_by_walking(delta_days, date)  # type: ignore[no-any-return]
    if delta_days >= 0:
        # chinesecalendar visits date .. result: the first uncovered one raises.
        _validate_date(date)
        result: datetime.date = _PROVISIONAL.busday_offset(date, delta_days, "forward")
        if result.year > _MAX_YEAR:
            _validate_date(_D(_MAX_YEAR + 1, 1, 1))
        return result
    # It visits date - 1 down to the result.
    _validate_date(date - datetime.timedelta(days=1))
    result = _PROVISIONAL.add_working_days(date, delta_days)
    if result.year < _MIN_YEAR:
        _validate_date(_D(_MIN_YEAR - 1, 12, 31))
    return result
