"""Calendar freshness from Python: the coverage countdown and the calendar-day limits that end
on a 法定休假日 (民法典 第二百零三条)."""
from __future__ import annotations

import datetime as dt
import pickle

import pytest

import jiesu

D = dt.date
CST = jiesu.CST

Y2027 = {"schema_version": 1, "name": "CN-2027", "base": "CN", "scope": "national",
         "coverage": {"from": 2027, "to": 2027},
         "festivals": [{"year": 2027, "festival": "new_years_day", "holidays": ["2027-01-01"]}]}


def test_coverage_ends_and_days_left(cal):
    assert cal.coverage_ends == D(2026, 12, 31)
    assert cal.days_left(D(2026, 12, 1)) == 30
    assert cal.days_left(D(2026, 12, 31)) == 0
    assert cal.days_left(D(2027, 1, 1)) == -1
    # An aware datetime counts by its date in China Standard Time.
    assert cal.days_left(dt.datetime(2026, 12, 1, 20, tzinfo=dt.timezone.utc)) == 29
    assert cal.days_left(dt.datetime(2026, 12, 1, 20, tzinfo=CST)) == 30
    with pytest.raises(jiesu.InvalidInput, match="naive datetime"):
        cal.days_left(dt.datetime(2026, 12, 1, 20))
    with pytest.raises(TypeError, match="now must be a datetime.date"):
        cal.days_left("2026-12-01")  # type: ignore[arg-type]
    # A later year loaded moves the end; a weekmask calendar has none.
    cal27 = cal.with_overlay(Y2027)
    assert cal27.coverage_ends == D(2027, 12, 31)
    assert cal27.days_left(D(2026, 12, 1)) == 395
    wm = jiesu.Calendar.from_weekmask("1111100")
    assert wm.coverage_ends is None and wm.days_left(D(2026, 12, 1)) is None
    assert wm.coverage_warning(D(2026, 12, 1)) is None
    # Pickled calendars count the same.
    assert pickle.loads(pickle.dumps(cal27)).days_left(D(2026, 12, 1)) == 395


def test_coverage_warning(cal):
    assert cal.coverage_warning(D(2026, 10, 31)) is None  # 61 days left
    w = cal.coverage_warning(D(2026, 11, 1))
    assert w is not None
    assert (w["calendar"], w["covered_until"], w["days_left"], w["missing_year"]) == ("CN", D(2026, 12, 31), 60, 2027)
    assert "scope = \"national\"" in w["how_to_load"] and "Calendar.with_overlay" in w["how_to_load"]
    assert w["message"].startswith('calendar "CN" covers dates until 2026-12-31 (60 days left); 2027 is not loaded')
    assert w["policy"] == "strict" and w["message"].endswith("fail with a coverage error (R-SLA-7).")
    assert cal.with_policy("provisional").coverage_warning(D(2026, 11, 1))["policy"] == "provisional"  # type: ignore[index]
    assert cal.coverage_warning(D(2026, 10, 1), within_days=91)["days_left"] == 91  # type: ignore[index]
    assert cal.coverage_warning(D(2026, 12, 30), within_days=0) is None
    assert cal.coverage_warning(dt.datetime(2027, 3, 1, tzinfo=CST))["days_left"] == -60  # type: ignore[index]
    with pytest.raises(OverflowError):
        cal.coverage_warning(D(2026, 12, 1), within_days=-1)
    assert cal.with_overlay(Y2027).coverage_warning(D(2026, 12, 1)) is None
    assert jiesu.Engine.default().calendar.coverage_warning(D(2026, 12, 1))["missing_year"] == 2027  # type: ignore[index]


def test_calendar_day_limit_ending_on_a_rest_day(cal):
    policy = jiesu.SlaPolicy.default()
    assert policy.to_dict()["weekends_are_statutory_rest_days"] is True
    t = dt.datetime(2026, 3, 2, 10, tzinfo=CST)
    # Day 60 is 05-01 (劳动节 05-01..05-05): the period ends on 05-06.
    d = policy.deadlines(cal, t, "normal", "statutory", {"calendar_days": 60})
    assert d["completion"]["due_at"].isoformat() == "2026-05-07T00:00:00+08:00"
    # Day 5 is Saturday 03-07: Monday by default, the Saturday itself when weekends do not count.
    d = policy.deadlines(cal, t, "normal", "statutory", {"calendar_days": 5})
    assert d["completion"]["due_at"].isoformat() == "2026-03-10T00:00:00+08:00"
    holidays_only = jiesu.SlaPolicy({"weekends_are_statutory_rest_days": False})
    d = holidays_only.deadlines(cal, t, "normal", "statutory", {"calendar_days": 5})
    assert d["completion"]["due_at"].isoformat() == "2026-03-08T00:00:00+08:00"
    assert pickle.loads(pickle.dumps(holidays_only)) == holidays_only != policy
    # A make-up Saturday (2026-02-14) is worked: no move.
    d = policy.deadlines(cal, dt.datetime(2026, 2, 4, 10, tzinfo=CST), "normal", "statutory", {"calendar_days": 10})
    assert d["completion"]["due_at"].isoformat() == "2026-02-15T00:00:00+08:00"
    # Ending in 2027: the kind of the last day is unknown.
    with pytest.raises(jiesu.CoverageError) as e:
        policy.deadlines(cal, dt.datetime(2026, 11, 15, 10, tzinfo=CST), "normal", "statutory", {"calendar_days": 60})
    assert e.value.year == 2027
    d = policy.deadlines(cal.with_policy("provisional"), dt.datetime(2026, 11, 15, 10, tzinfo=CST), "normal", "statutory",
                         {"calendar_days": 60})
    assert d["completion"]["provisional"] is True
