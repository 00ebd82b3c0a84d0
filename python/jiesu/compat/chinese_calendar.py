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

Where the data differ (checked day by day against chinesecalendar 1.11 in
``tests/python/test_compat_chinese_calendar.py``):

- 2005-12-31 is a working day here (a Saturday worked for the 2006 New Year break, which
  chinesecalendar misses; its issues #17 and #125), hence 2006-01-03 is an in-lieu day here;
- 13 festival names on weekend days (listed in ``tests/python/test_calendar_cn.py``);
- in-lieu days are derived, not annotated: the in-lieu days of a break are its last *n*
  weekday holidays that are not statutory days, *n* being the number of make-up working days
  of that break. chinesecalendar's hand annotation agrees on every day but 2018-02-19 (it
  marks 3 in-lieu days for 2 make-up days), 2020-01-29/31 (the break extended for COVID-19)
  and 2022-01-31/02-03 (it marks the statutory 2022-02-03 instead of New Year's Eve).

``get_solar_terms`` is not provided (it is astronomy, not the holiday schedule).
"""
from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

from .._jiesu import Calendar

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

# Festival dates of the lunisolar calendar (春节 = 正月初一, 端午 = 五月初五, 中秋 = 八月十五)
# and of 清明 (a solar term), 2004–2026: they fix the statutory days (法定节假日) below.
_LUNAR_NEW_YEAR = {
    2004: _D(2004, 1, 22), 2005: _D(2005, 2, 9), 2006: _D(2006, 1, 29), 2007: _D(2007, 2, 18),
    2008: _D(2008, 2, 7), 2009: _D(2009, 1, 26), 2010: _D(2010, 2, 14), 2011: _D(2011, 2, 3),
    2012: _D(2012, 1, 23), 2013: _D(2013, 2, 10), 2014: _D(2014, 1, 31), 2015: _D(2015, 2, 19),
    2016: _D(2016, 2, 8), 2017: _D(2017, 1, 28), 2018: _D(2018, 2, 16), 2019: _D(2019, 2, 5),
    2020: _D(2020, 1, 25), 2021: _D(2021, 2, 12), 2022: _D(2022, 2, 1), 2023: _D(2023, 1, 22),
    2024: _D(2024, 2, 10), 2025: _D(2025, 1, 29), 2026: _D(2026, 2, 17),
}
_DRAGON_BOAT = {
    2008: _D(2008, 6, 8), 2009: _D(2009, 5, 28), 2010: _D(2010, 6, 16), 2011: _D(2011, 6, 6),
    2012: _D(2012, 6, 23), 2013: _D(2013, 6, 12), 2014: _D(2014, 6, 2), 2015: _D(2015, 6, 20),
    2016: _D(2016, 6, 9), 2017: _D(2017, 5, 30), 2018: _D(2018, 6, 18), 2019: _D(2019, 6, 7),
    2020: _D(2020, 6, 25), 2021: _D(2021, 6, 14), 2022: _D(2022, 6, 3), 2023: _D(2023, 6, 22),
    2024: _D(2024, 6, 10), 2025: _D(2025, 5, 31), 2026: _D(2026, 6, 19),
}
_MID_AUTUMN = {
    2008: _D(2008, 9, 14), 2009: _D(2009, 10, 3), 2010: _D(2010, 9, 22), 2011: _D(2011, 9, 12),
    2012: _D(2012, 9, 30), 2013: _D(2013, 9, 19), 2014: _D(2014, 9, 8), 2015: _D(2015, 9, 27),
    2016: _D(2016, 9, 15), 2017: _D(2017, 10, 4), 2018: _D(2018, 9, 24), 2019: _D(2019, 9, 13),
    2020: _D(2020, 10, 1), 2021: _D(2021, 9, 21), 2022: _D(2022, 9, 10), 2023: _D(2023, 9, 29),
    2024: _D(2024, 9, 17), 2025: _D(2025, 10, 6), 2026: _D(2026, 9, 25),
}
_QINGMING = {
    2008: _D(2008, 4, 4), 2009: _D(2009, 4, 4), 2010: _D(2010, 4, 5), 2011: _D(2011, 4, 5),
    2012: _D(2012, 4, 4), 2013: _D(2013, 4, 4), 2014: _D(2014, 4, 5), 2015: _D(2015, 4, 5),
    2016: _D(2016, 4, 4), 2017: _D(2017, 4, 4), 2018: _D(2018, 4, 5), 2019: _D(2019, 4, 5),
    2020: _D(2020, 4, 4), 2021: _D(2021, 4, 4), 2022: _D(2022, 4, 5), 2023: _D(2023, 4, 5),
    2024: _D(2024, 4, 4), 2025: _D(2025, 4, 4), 2026: _D(2026, 4, 5),
}


def _statutory_days(year: int) -> set[datetime.date]:
    """The statutory days of ``year`` under the 全国年节及纪念日放假办法 then in force
    (1999 text until 2007, 2007 text 2008–2013, 2013 text 2014–2024, 2024 text from 2025)."""
    one = datetime.timedelta(days=1)
    cny = _LUNAR_NEW_YEAR[year]
    days = {_D(year, 1, 1), _D(year, 10, 1), _D(year, 10, 2), _D(year, 10, 3)}
    if year <= 2007:
        days |= {cny, cny + one, cny + 2 * one, _D(year, 5, 1), _D(year, 5, 2), _D(year, 5, 3)}
        return days
    days |= {_QINGMING[year], _DRAGON_BOAT[year], _MID_AUTUMN[year]}
    if year <= 2013:
        days |= {cny - one, cny, cny + one, _D(year, 5, 1)}
    elif year <= 2024:
        days |= {cny, cny + one, cny + 2 * one, _D(year, 5, 1)}
    else:
        days |= {cny - one, cny, cny + one, cny + 2 * one, _D(year, 5, 1), _D(year, 5, 2)}
    if year == 2015:
        days.add(_D(2015, 9, 3))
    return days


def _expand(items: list[str]) -> list[datetime.date]:
    out: list[datetime.date] = []
    for item in items:
        first, _, last = item.partition("..")
        a = _D.fromisoformat(first)
        b = _D.fromisoformat(last) if last else a
        out.extend(a + datetime.timedelta(days=i) for i in range((b - a).days + 1))
    return out


def _build() -> tuple[dict[datetime.date, str], dict[datetime.date, str], dict[datetime.date, str]]:
    hol: dict[datetime.date, str] = {}
    work: dict[datetime.date, str] = {}
    for date, kind, festival in _CAL.marked_days(_D(_MIN_YEAR, 1, 1), _D(_MAX_YEAR, 12, 31)):
        name = _FESTIVALS[festival].value if festival in _FESTIVALS else (festival or "")
        (hol if kind == "holiday" else work)[date] = name
    statutory: set[datetime.date] = set()
    for year in range(_MIN_YEAR, _MAX_YEAR + 1):
        statutory |= _statutory_days(year)
    lieu: dict[datetime.date, str] = {}
    for source in _CAL.sources:
        for entry in source.get("festivals", []):
            made_up = _expand(entry.get("workdays", []))
            if not made_up:
                continue
            candidates = sorted(
                d for d in _expand(entry.get("holidays", [])) if d.weekday() < 5 and d not in statutory
            )
            for d in candidates[-len(made_up):]:
                lieu[d] = hol[d]
    return hol, work, dict(sorted(lieu.items()))


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
