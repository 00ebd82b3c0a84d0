"""jiesu.compat.chinese_calendar against the real chinesecalendar 1.11.0, differentially.

A drop-in must not surprise: every public function, on every day 2004-01-01..2026-12-31, must
return what the package returns — except where the package contradicts an official State
Council notice. Those days are listed below with the notice; the test asserts that the
differences are exactly that list (day, function and both values), so a new difference fails,
and so does a listed one that disappears.
"""
from __future__ import annotations

import datetime as dt
import random

import chinese_calendar as real
import pytest
from conftest import ROOT

import jiesu
import jiesu.compat.chinese_calendar as ours
from jiesu._jiesu import _chinesecalendar_errata

D = dt.date
START, END = D(2004, 1, 1), D(2026, 12, 31)
ERRATUM = D(2005, 12, 31)

# Where chinesecalendar 1.11.0 contradicts a State Council notice: {day: (notice, {function:
# (the package's value, the drop-in's value)})}. Nothing else may differ.
OFFICIAL_NOTICE_DIFFERENCES = {
    # 2006 New Year: "12月31日（星期六）上班" — a make-up working day the package misses.
    D(2005, 12, 31): ("国办发明电〔2005〕35号", {
        "is_workday": (False, True),
        "is_holiday": (True, False),
        "get_holiday_detail": ((True, None), (False, "New Year's Day")),
    }),
    # Same notice: "将12月31日（星期六）、1月1日（星期日）两个公休日调至1月2日（星期一）、3日（星期二）":
    # the worked Saturday's rest is taken in lieu (1-3, as the package files the same 2012 case).
    D(2006, 1, 3): ("国办发明电〔2005〕35号", {
        "is_in_lieu": (False, True),
    }),
}
PER_DAY = ("is_workday", "is_holiday", "is_in_lieu", "get_holiday_detail")


def all_days():
    d = START
    while d <= END:
        yield d
        d += dt.timedelta(days=1)


def outcome(f, *args, **kwargs):
    """The result of a call, or the type and message of its exception."""
    try:
        return ("ok", f(*args, **kwargs))
    except Exception as e:  # noqa: BLE001 - compared as data
        return ("error", type(e), str(e))


def test_same_public_names_and_enum():
    assert set(real.__all__) - set(ours.__all__) == {"get_solar_terms"}
    assert set(ours.__all__) <= set(real.__all__)
    assert [(h.name, h.value, h.chinese, h.days) for h in real.Holiday] == \
           [(h.name, h.value, h.chinese, h.days) for h in ours.Holiday]
    assert ours.Holiday("Spring Festival") is ours.Holiday.spring_festival


def test_every_day_every_per_day_function():
    found: dict[dt.date, dict[str, tuple]] = {}
    for d in all_days():
        for name in PER_DAY:
            for arg in (d, dt.datetime.combine(d, dt.time(15))):  # datetimes are taken as their date
                a, b = getattr(real, name)(arg), getattr(ours, name)(arg)
                assert type(a) is type(b), (name, arg, a, b)
                if a != b:
                    found.setdefault(d, {})[name] = (a, b)
    assert found == {d: diffs for d, (_, diffs) in OFFICIAL_NOTICE_DIFFERENCES.items()}


def test_the_data_dicts():
    def differing(a, b):
        return {d: (a.get(d), b.get(d)) for d in set(a) | set(b) if a.get(d) != b.get(d)}

    assert differing(real.holidays, ours.holidays) == {}
    assert differing(real.workdays, ours.workdays) == {ERRATUM: (None, "New Year's Day")}
    assert differing(real.in_lieu_days, ours.in_lieu_days) == {D(2006, 1, 3): (None, "New Year's Day")}
    # Same order too (chronological).
    assert list(ours.holidays) == list(real.holidays)
    assert [d for d in ours.workdays if d != ERRATUM] == list(real.workdays)
    assert [d for d in ours.in_lieu_days if d != D(2006, 1, 3)] == list(real.in_lieu_days)


def expected_range_difference(a: dt.date, b: dt.date, include_weekends: bool) -> set[dt.date]:
    # Only the worked Saturday 2005-12-31 changes a range, and only with the weekends included
    # (it is not in `holidays`, and it is a Saturday).
    return {ERRATUM} if include_weekends and a <= ERRATUM <= b else set()


def check_range(a: dt.date, b: dt.date) -> None:
    for include_weekends in (True, False):
        for f in ("get_holidays", "get_workdays"):
            x = outcome(getattr(real, f), a, b, include_weekends)
            y = outcome(getattr(ours, f), a, b, include_weekends=include_weekends)
            if x[0] == "error" or y[0] == "error":
                assert x == y, (f, a, b)
                continue
            assert set(x[1]) ^ set(y[1]) == expected_range_difference(a, b, include_weekends), (f, a, b, include_weekends)
            assert y[1] == sorted(y[1])
    assert real.get_dates(a, b) == ours.get_dates(a, b)


def test_ranges():
    check_range(START, END)
    for year in range(2004, 2027):
        check_range(D(year, 1, 1), D(year, 12, 31))
        check_range(D(year, 12, 1), D(year + 1, 1, 31) if year < 2026 else D(2026, 12, 31))
    r = random.Random(20260930)
    for _ in range(400):
        a = START + dt.timedelta(days=r.randrange(8401))
        b = a + dt.timedelta(days=r.randrange(-30, 300))
        check_range(a, min(max(b, START), END))
    check_range(D(2005, 12, 31), D(2005, 12, 31))
    assert real.get_dates(dt.datetime(2026, 1, 1, 9), D(2026, 1, 5)) == ours.get_dates(dt.datetime(2026, 1, 1, 9), D(2026, 1, 5))


def test_find_workday_from_every_day():
    # Walks that do not cross 2005-12-31 agree; some that do must differ (that day is worked).
    crossing = 0
    for d in all_days():
        for delta in (-6, -1, 0, 1, 2, 6):
            x, y = outcome(real.find_workday, delta, d), outcome(ours.find_workday, delta, d)
            if x != y:
                assert x[0] == y[0] == "ok", (d, delta, x, y)
                assert min(d, x[1], y[1]) <= ERRATUM <= max(d, x[1], y[1]), (d, delta, x, y)
                crossing += 1
    assert 0 < crossing < 60
    assert ours.find_workday(date=dt.datetime(2026, 10, 1, 12)) == real.find_workday(date=dt.datetime(2026, 10, 1, 12))
    assert ours.find_workday(0, D(2026, 10, 10)) == real.find_workday(0, D(2026, 10, 10)) == D(2026, 10, 10)
    assert outcome(ours.find_workday) == outcome(real.find_workday)  # today (both read the clock)


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


def test_the_differences_are_documented_with_their_notice():
    # The core's data, the module's docstring and the README name the same days and notices.
    assert {d: notice for d, notice, _ in _chinesecalendar_errata()} == \
           {d: notice for d, (notice, _) in OFFICIAL_NOTICE_DIFFERENCES.items()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for d, (notice, _) in OFFICIAL_NOTICE_DIFFERENCES.items():
        assert d.isoformat() in (ours.__doc__ or "") and notice in (ours.__doc__ or ""), d
        assert d.isoformat() in readme and notice in readme, d


def test_the_core_keeps_its_own_attribution():
    # The drop-in's names are the package's; the calendar's are the notices' wording.
    cal = jiesu.Calendar.builtin("CN")
    assert ours.get_holiday_detail(D(2020, 10, 1)) == (True, "National Day")
    assert cal.day(D(2020, 10, 1)) == ("holiday", "mid_autumn_festival")
    assert ours.get_holiday_detail(D(2019, 9, 14)) == (True, "Mid-autumn Festival")
    assert cal.day(D(2019, 9, 14)) == ("weekend", None)
    assert ours.get_holiday_detail(D(2011, 6, 5)) == (True, None)
    assert cal.day(D(2011, 6, 5)) == ("holiday", "dragon_boat_festival")
