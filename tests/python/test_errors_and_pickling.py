"""Exceptions (hierarchy, attributes, panics) and pickling of every jiesu object."""
from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import pickle

import numpy as np
import pytest

import jiesu
from jiesu import Calendar, Engine, SlaPolicy

D = dt.date


def test_hierarchy():
    for cls in (jiesu.InvalidInput, jiesu.ParseError, jiesu.ValidationError, jiesu.InvalidTransition):
        assert issubclass(cls, jiesu.JiesuError) and issubclass(cls, ValueError)
    for cls in (jiesu.CoverageError, jiesu.PermissionDenied, jiesu.LimitExceeded):
        assert issubclass(cls, jiesu.JiesuError) and not issubclass(cls, ValueError)
    assert issubclass(jiesu.JiesuError, Exception)


def test_coverage_error_carries_the_core_message(cal):
    with pytest.raises(jiesu.CoverageError) as e:
        cal.is_workday(D(2030, 1, 2))
    err = e.value
    # A single day names its own year; a computation that runs past the coverage names the
    # first missing year.
    assert str(err) == ('calendar "CN" does not cover year 2030: load that year\'s schedule or build '
                        "the calendar with the provisional (weekends-only) policy [R-SLA-7]")
    assert (err.kind, err.year, err.rule, err.field, err.problems, err.index) == ("coverage", 2030, "R-SLA-7", None, [], None)
    with pytest.raises(jiesu.CoverageError) as e:
        cal.add_working_days(D(2026, 12, 25), 300)
    assert e.value.year == 2027
    assert err.message == str(err)


def test_validation_error_lists_every_problem():
    text = ('{"schema_version":2,"name":"X","coverage":{"from":2026,"to":2026},"festivals":'
            '[{"year":2026,"festival":"x","holidays":["2026-02-30"],"workdays":["2026-03-04"]}]}')
    with pytest.raises(jiesu.ValidationError) as e:
        Calendar.from_json(text)
    paths = [p for p, _ in e.value.problems]
    assert "schema_version" in paths and "festivals[0].holidays[0]" in paths and "festivals[0].workdays[0]" in paths
    assert f"{len(paths)} problem(s)" in str(e.value)
    assert e.value.kind == "validation"


def test_batch_errors_name_the_element(cal):
    days = np.array(["2026-09-30", "2026-10-08", "2026-10-01", "2026-10-02"], dtype="datetime64[D]")
    with pytest.raises(jiesu.InvalidInput) as e:
        cal.busday_offset(days, 1)
    assert e.value.index == 2
    assert str(e.value).startswith("Non-business day date in busday_offset: 2026-10-01")
    big = np.full(1_000_000, np.datetime64("2026-09-30"))
    big[700_000] = np.datetime64("2026-10-01")
    big[900_000] = np.datetime64("2026-10-02")
    with pytest.raises(jiesu.InvalidInput) as e:  # split over threads: still the first one
        cal.busday_offset(big, 1)
    assert e.value.index == 700_000


@pytest.mark.parametrize("place", ["here", "detached", "thread"])
def test_a_panic_is_a_jiesu_error_not_a_panic_exception(place):
    # A Rust panic (a bug) with the GIL, without it, or in a worker thread of a batch.
    with pytest.raises(jiesu.JiesuError) as e:
        jiesu._jiesu._panic_for_test("boom", place)
    assert e.value.kind == "internal"
    assert "boom" in str(e.value)
    assert type(e.value).__name__ == "JiesuError"
    assert isinstance(e.value, Exception)


def test_errors_pickle_with_their_attributes(cal):
    with pytest.raises(jiesu.CoverageError) as e:
        cal.add_working_days(D(2026, 12, 25), 5)
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is jiesu.CoverageError
    assert (str(again), again.year, again.rule, again.kind) == (str(e.value), 2027, "R-SLA-7", "coverage")


CALENDARS = {
    "cn": lambda: Calendar.builtin("CN"),
    "provisional": lambda: Calendar.builtin("CN").with_policy("provisional"),
    "overlay": lambda: Calendar.builtin("CN").with_overlay(
        'schema_version = 1\nname = "CN-2027"\nbase = "CN"\nscope = "national"\n'
        'coverage = { from = 2027, to = 2027 }\n[[festivals]]\nyear = 2027\nfestival = "new_years_day"\n'
        'holidays = ["2027-01-01..2027-01-03"]\n'),
    "hours": lambda: Calendar.builtin("CN").with_business_hours({"monday": ["08:00-12:00"]}),
    "weekmask": lambda: Calendar.from_weekmask("1111110", ["2026-01-01", "2030-05-01"]),
    "weekmask-hours": lambda: Calendar.from_weekmask().with_business_hours({"friday": ["00:00-24:00"]}),
}


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_calendars_pickle(name):
    c = CALENDARS[name]()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(c, protocol=protocol))
        assert again == c and hash(again) == hash(c)
        assert again.name == c.name and again.coverage == c.coverage and again.policy == c.policy
    assert copy.deepcopy(c) == c and copy.copy(c) == c
    assert c != Calendar.from_weekmask("0000011")


def test_policies_and_engines_pickle():
    for p in (SlaPolicy.default(), SlaPolicy({"normal_days": 7, "warn": {"completion": {"lead_seconds": 3600}}})):
        again = pickle.loads(pickle.dumps(p))
        assert again == p and hash(again) == hash(p)
    for e in (Engine.default(), Engine({"calendar": {"policy": "provisional"}, "sla": {"urgent_days": 2}})):
        again = pickle.loads(pickle.dumps(e))
        assert again == e and hash(again) == hash(e)
        assert again.calendar == e.calendar and again.policy == e.policy
    assert (Calendar.builtin("CN") == "CN") is False
    assert (SlaPolicy.default() == 5) is False


def _remote(payload: bytes) -> tuple:
    cal, policy, engine = pickle.loads(payload)
    t = dt.datetime(2026, 9, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return (cal.add_working_days(D(2026, 9, 30), 5), policy.deadlines(cal, t, "normal", "normal")["completion"]["due_at"],
            engine.guide_id, pickle.dumps(cal))


def test_objects_cross_process_boundaries():
    objs = (Calendar.builtin("CN"), SlaPolicy.default(), Engine.default())
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        day, due, guide, back = pool.apply(_remote, (pickle.dumps(objs),))
    assert day == D(2026, 10, 13)
    assert due.isoformat() == "2026-10-14T00:00:00+08:00"
    assert guide == "yanshan"
    assert pickle.loads(back) == objs[0]
