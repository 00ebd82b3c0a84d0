"""jiesu.SlaPolicy: the worked examples of the calendar issue, time zones, limits, errors."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import jiesu
from jiesu import SlaPolicy

CST = dt.timezone(dt.timedelta(hours=8))


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CST)


@pytest.fixture(scope="module")
def policy():
    return SlaPolicy.default()


def iso(d, clock, key="due_at"):
    return d[clock][key].isoformat()


def test_normal_ticket_over_national_day(cal, policy):
    d = policy.deadlines(cal, at(2026, 9, 30, 10), "normal", "normal")
    assert list(d) == ["response", "return_window", "completion"]
    # 10-01..10-07 off, 10-10 is a make-up Saturday: 5 working days end at 24:00 on 10-13.
    assert iso(d, "completion") == "2026-10-14T00:00:00+08:00"
    assert iso(d, "completion", "warn_at") == "2026-10-13T00:00:00+08:00"
    assert iso(d, "response") == "2026-10-01T10:00:00+08:00"
    assert d["completion"]["provisional"] is False
    for clock in d.values():
        assert set(clock) == {"due_at", "warn_at", "provisional"}
        assert clock["due_at"].utcoffset() == dt.timedelta(hours=8)
        assert clock["warn_at"] <= clock["due_at"]


def test_urgent_ticket_over_spring_festival(cal, policy):
    d = policy.deadlines(cal, at(2026, 2, 13, 16), "urgent", "urgent")
    assert list(d) == ["response", "return_window", "first_feedback", "completion"]
    assert iso(d, "response") == "2026-02-13T17:00:00+08:00"
    assert iso(d, "first_feedback") == "2026-02-14T00:00:00+08:00"
    assert iso(d, "completion") == "2026-02-26T00:00:00+08:00"


def test_new_year_make_up_sunday(cal, policy):
    d = policy.deadlines(cal, at(2025, 12, 31, 9), "normal", "normal")
    assert iso(d, "completion") == "2026-01-09T00:00:00+08:00"


def test_uncovered_year_names_2027(cal, policy):
    with pytest.raises(jiesu.CoverageError, match="2027") as e:
        policy.deadlines(cal, at(2026, 12, 25, 9), "normal", "normal")
    assert e.value.year == 2027
    assert e.value.rule == "R-SLA-7"
    d = policy.deadlines(cal.with_policy("provisional"), at(2026, 12, 25, 9), "normal", "normal")
    assert d["completion"]["provisional"] is True
    assert d["response"]["provisional"] is False


def test_return_window_from_a_make_up_saturday(cal, policy):
    d = policy.deadlines(cal, at(2026, 2, 14, 10), "normal", "normal")
    assert iso(d, "return_window") == "2026-02-25T00:00:00+08:00"


def test_other_time_zones_are_converted(cal, policy):
    utc = dt.datetime(2026, 9, 30, 2, tzinfo=dt.timezone.utc)  # 10:00 CST
    shanghai = dt.datetime(2026, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    a = policy.deadlines(cal, utc, "normal", "normal")
    b = policy.deadlines(cal, shanghai, "normal", "normal")
    c = policy.deadlines(cal, at(2026, 9, 30, 10), "normal", "normal")
    assert a == b == c
    assert policy.deadlines(cal, at(2026, 9, 30, 10, 0).replace(microsecond=500), "urgent", "normal")[
        "response"]["due_at"].microsecond == 500
    # 2026-10-08 20:00 UTC is already Friday 10-09 in CST: counting starts a day later.
    late = policy.deadlines(cal, dt.datetime(2026, 10, 8, 20, tzinfo=dt.timezone.utc), "normal", "normal")
    assert iso(late, "completion") == "2026-10-16T00:00:00+08:00"
    early = policy.deadlines(cal, at(2026, 10, 8, 20), "normal", "normal")
    assert iso(early, "completion") == "2026-10-15T00:00:00+08:00"
    assert jiesu.CST.utcoffset(None) == dt.timedelta(hours=8)


def test_naive_datetimes_are_refused(cal, policy):
    with pytest.raises(jiesu.InvalidInput, match="naive datetime") as e:
        policy.deadlines(cal, dt.datetime(2026, 9, 30, 10), "normal", "normal")
    assert e.value.field == "dispatched_at"
    assert isinstance(e.value, ValueError)
    with pytest.raises(TypeError, match="timezone-aware datetime"):
        policy.deadlines(cal, dt.date(2026, 9, 30), "normal", "normal")  # type: ignore[arg-type]


def test_statutory_and_complex_limits(cal, policy):
    t = at(2026, 3, 2, 10)
    d = policy.deadlines(cal, t, "normal", "statutory", {"calendar_days": 60})
    assert iso(d, "completion") == "2026-05-07T00:00:00+08:00"  # 05-01 is in 劳动节 05-01..05-05
    w = policy.deadlines(cal, t, "normal", "statutory", 20)
    assert w == policy.deadlines(cal, t, "normal", "statutory", {"working_days": 20})
    c10 = policy.deadlines(cal, t, "normal", "complex")
    c15 = policy.deadlines(cal, t, "normal", "complex", complex_days=15)
    assert c10["completion"]["due_at"] < c15["completion"]["due_at"]
    with pytest.raises(jiesu.ValidationError, match="statutory limit") as e:
        policy.deadlines(cal, t, "normal", "statutory")
    assert e.value.rule == "R-SLA-3"
    with pytest.raises(jiesu.ValidationError, match="complex limit"):
        policy.deadlines(cal, t, "normal", "complex", complex_days=30)
    with pytest.raises(jiesu.ValidationError, match='applies to "statutory" only'):
        policy.deadlines(cal, t, "normal", "normal", 20)
    with pytest.raises(jiesu.ValidationError, match='applies to "complex" only'):
        policy.deadlines(cal, t, "normal", "normal", complex_days=12)
    with pytest.raises(jiesu.ValidationError, match="must be an int"):
        policy.deadlines(cal, t, "normal", "statutory", {"weeks": 3})


def test_unknown_words_are_invalid_input(cal, policy):
    with pytest.raises(jiesu.InvalidInput, match='unknown urgency "soon"') as e:
        policy.deadlines(cal, at(2026, 3, 2, 10), "soon", "normal")  # type: ignore[arg-type]
    assert e.value.field == "urgency"
    with pytest.raises(jiesu.InvalidInput, match="unknown handling_class"):
        policy.deadlines(cal, at(2026, 3, 2, 10), "normal", "slow")  # type: ignore[arg-type]


def test_policy_configuration():
    p = SlaPolicy({"normal_days": 7})
    assert p.to_dict()["normal_days"] == 7
    assert SlaPolicy.from_json('{"normal_days": 7}') == p == SlaPolicy('{"normal_days": 7}')
    assert SlaPolicy() == SlaPolicy.default() == SlaPolicy.from_json("{}")
    assert p != SlaPolicy.default()
    assert "normal_days=7" in repr(p)
    with pytest.raises(jiesu.ValidationError) as e:
        SlaPolicy({"complex_days": 30})
    assert e.value.problems[0][0] == "complex_days"
    with pytest.raises(jiesu.ParseError, match="unknown field"):
        SlaPolicy({"nope": 1})
    with pytest.raises(TypeError, match="JSON-serializable"):
        SlaPolicy({"normal_days": object()})


def test_longer_normal_limit_moves_the_deadline(cal):
    d = SlaPolicy({"normal_days": 7}).deadlines(cal, at(2026, 9, 30, 10), "normal", "normal")
    assert iso(d, "completion") == "2026-10-16T00:00:00+08:00"


def test_engine_deadlines_use_its_calendar_and_policy():
    eng = jiesu.Engine({"schema_version": 1, "sla": {"normal_days": 7}, "calendar": {"policy": "provisional"}})
    d = eng.deadlines(at(2026, 12, 25, 9), "normal", "normal")
    assert d["completion"]["provisional"] is True
    assert d == eng.policy.deadlines(eng.calendar, at(2026, 12, 25, 9), "normal", "normal")
