"""jiesu.compat.chinese_calendar against the real chinesecalendar 1.11, differentially.

Every covered date goes through every per-date function; random ranges through get_holidays /
get_workdays / get_dates; random deltas through find_workday; and the error cases (uncovered
years, wrong types) must raise the same exceptions with the same messages. The only
differences allowed are the documented ones: the working-day and festival-name differences of
test_calendar_cn.py, and the in-lieu attribution differences listed here.
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar as real
import pytest
from test_calendar_cn import FESTIVAL_DIFFERENCES, WORKDAY_DIFFERENCES

import jiesu.compat.chinese_calendar as ours

D = dt.date
START, END = D(2004, 1, 1), D(2026, 12, 31)

# chinesecalendar annotates in-lieu days by hand; jiesu derives them (the last n non-statutory
# weekday holidays of a break with n make-up days). They differ only here:
IN_LIEU_DIFFERENCES = {
    D(2006, 1, 3): "jiesu only: the in-lieu day of the make-up Saturday 2005-12-31 that chinesecalendar misses",
    D(2018, 2, 19): "chinesecalendar only: it marks 3 in-lieu days (2/19-2/21) for the 2 make-up days 2/11 and 2/24",
    D(2020, 1, 29): "chinesecalendar only: the break was extended to 2/2 for COVID-19 (国办发明电〔2020〕1号); "
                    "chinesecalendar keeps 1/29, jiesu takes the last weekday of the extended break",
    D(2020, 1, 31): "jiesu only: see 2020-01-29",
    D(2022, 1, 31): "jiesu only: New Year's Eve 2022 is not a statutory day (2014-2024 rules), so it is in lieu",
    D(2022, 2, 3): "chinesecalendar only: it marks 2/3, the third statutory day of the Spring Festival",
}
DIFFERENT_DAYS = set(WORKDAY_DIFFERENCES) | set(FESTIVAL_DIFFERENCES) | set(IN_LIEU_DIFFERENCES)


def all_days():
    d = START
    while d <= END:
        yield d
        d += dt.timedelta(days=1)


def outcome(f, *args):
    """The result of a call, or the type and message of its exception."""
    try:
        return ("ok", f(*args))
    except Exception as e:  # noqa: BLE001 - compared as data
        return ("error", type(e), str(e))


def test_same_public_names():
    assert set(real.__all__) - set(ours.__all__) == {"get_solar_terms"}
    assert [(h.name, h.value, h.chinese, h.days) for h in real.Holiday] == \
           [(h.name, h.value, h.chinese, h.days) for h in ours.Holiday]
    assert ours.Holiday("Spring Festival") is ours.Holiday.spring_festival


def test_every_covered_date():
    diffs: dict[str, set[dt.date]] = {"workday": set(), "holiday": set(), "in_lieu": set(), "detail": set()}
    for d in all_days():
        for name, f, g in [("workday", real.is_workday, ours.is_workday),
                           ("holiday", real.is_holiday, ours.is_holiday),
                           ("in_lieu", real.is_in_lieu, ours.is_in_lieu),
                           ("detail", real.get_holiday_detail, ours.get_holiday_detail)]:
            a, b = f(d), g(d)
            assert type(a) is type(b), (name, d, a, b)
            if a != b:
                diffs[name].add(d)
        # datetimes are taken as their date
        assert ours.get_holiday_detail(dt.datetime.combine(d, dt.time(15))) == ours.get_holiday_detail(d)
    assert diffs["workday"] == set(WORKDAY_DIFFERENCES)
    assert diffs["holiday"] == set(WORKDAY_DIFFERENCES)
    assert diffs["in_lieu"] == set(IN_LIEU_DIFFERENCES)
    assert diffs["detail"] == set(WORKDAY_DIFFERENCES) | set(FESTIVAL_DIFFERENCES)


def test_the_data_dicts():
    def differing(a, b):
        return {d for d in set(a) | set(b) if a.get(d) != b.get(d)}

    assert differing(real.holidays, ours.holidays) <= set(FESTIVAL_DIFFERENCES)
    assert differing(real.workdays, ours.workdays) == set(WORKDAY_DIFFERENCES)
    assert differing(real.in_lieu_days, ours.in_lieu_days) == set(IN_LIEU_DIFFERENCES)
    assert len(ours.in_lieu_days) == len(real.in_lieu_days)


def test_statutory_festival_dates_are_holidays_of_their_festival():
    # The lunar and solar-term tables behind the in-lieu rule agree with the calendar data.
    for year in range(2004, 2027):
        for d in ours._statutory_days(year):
            assert d in ours.holidays, d
    for year, d in ours._QINGMING.items():
        assert real.get_solar_terms(d, d) == [(d, "清明")], year
    for table, name in [(ours._LUNAR_NEW_YEAR, "Spring Festival"), (ours._DRAGON_BOAT, "Dragon Boat Festival"),
                        (ours._MID_AUTUMN, "Mid-autumn Festival")]:
        for year, d in table.items():
            assert ours.holidays[d] == name or (name == "Mid-autumn Festival" and d.month == 10), (year, d)


def test_random_ranges():
    import random

    r = random.Random(20260930)
    for _ in range(150):
        a = START + dt.timedelta(days=r.randrange(8401))
        b = a + dt.timedelta(days=r.randrange(-30, 300))
        b = min(max(b, START), END)
        for f in ("get_holidays", "get_workdays"):
            for include_weekends in (True, False):
                x = getattr(real, f)(a, b, include_weekends)
                y = getattr(ours, f)(a, b, include_weekends=include_weekends)
                assert set(x) ^ set(y) <= DIFFERENT_DAYS, (f, a, b, include_weekends, set(x) ^ set(y))
                assert y == sorted(y)
        assert real.get_dates(a, b) == ours.get_dates(a, b)
        assert real.get_dates(dt.datetime.combine(a, dt.time(9)), b) == ours.get_dates(dt.datetime.combine(a, dt.time(9)), b)


def test_random_find_workday():
    import random

    r = random.Random(7)
    different = 0
    for _ in range(1500):
        d = START + dt.timedelta(days=r.randrange(8401))
        delta = r.randrange(-40, 41)
        x, y = outcome(real.find_workday, delta, d), outcome(ours.find_workday, delta, d)
        if x != y:
            # Only walks across the make-up day chinesecalendar misses may differ.
            lo, hi = min(d, x[1], y[1]), max(d, x[1], y[1])
            assert x[0] == y[0] == "ok" and lo <= D(2005, 12, 31) <= hi, (d, delta, x, y)
            different += 1
    assert different < 20
    # Datetimes, the default delta, and today's date.
    assert ours.find_workday(date=dt.datetime(2026, 10, 1, 12)) == real.find_workday(date=dt.datetime(2026, 10, 1, 12))
    assert ours.find_workday(0, D(2026, 10, 10)) == D(2026, 10, 10)


@pytest.mark.parametrize("call", [
    ("is_workday", (D(2027, 1, 1),)),
    ("is_holiday", (D(2003, 12, 31),)),
    ("is_in_lieu", (D(1999, 5, 1),)),
    ("get_holiday_detail", (D(2030, 10, 1),)),
    ("is_workday", ("2026-01-01",)),
    ("is_workday", (20260101,)),
    ("get_holidays", (D(2026, 12, 1), D(2027, 1, 31))),
    ("get_workdays", (D(2003, 12, 1), D(2004, 1, 31))),
    ("get_holidays", ("2026-01-01", D(2026, 2, 1))),
    ("get_dates", ("2026-01-01", D(2026, 2, 1))),
    ("find_workday", (5, D(2026, 12, 28))),
    ("find_workday", (-5, D(2004, 1, 5))),
    ("find_workday", (-1, D(2004, 1, 1))),
    ("find_workday", (0, D(2027, 1, 1))),
    ("find_workday", (-1, D(2027, 1, 1))),
    ("find_workday", (-1, D(2027, 1, 4))),
    ("find_workday", (3, D(2003, 12, 31))),
    ("find_workday", (2, "2026-01-01")),
    ("find_workday", (-2, "2026-01-01")),
    ("find_workday", (1.5, D(2026, 1, 1))),
])
def test_same_errors(call):
    name, args = call
    x, y = outcome(getattr(real, name), *args), outcome(getattr(ours, name), *args)
    assert x == y
