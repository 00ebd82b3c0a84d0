"""jiesu.Calendar: constructors, scalar and array calls, broadcasting, types, NaT, overlays."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

import jiesu
from jiesu import Calendar

D = dt.date
M8 = "datetime64[D]"

OVERLAY_2027 = """
schema_version = 1
name = "CN-2027"
base = "CN"
scope = "national"
coverage = { from = 2027, to = 2027 }
[[festivals]]
year = 2027
festival = "new_years_day"
holidays = ["2027-01-01..2027-01-03"]
"""

LOCAL_OVERLAY = {
    "schema_version": 1,
    "name": "wenshan-example",
    "base": "CN",
    "coverage": {"from": 2026, "to": 2026},
    "festivals": [{"year": 2026, "festival": "huajie", "holidays": ["2026-03-10"]}],
}


def test_builtin_cn(cal):
    assert cal.name == "CN"
    assert cal.coverage == (2004, 2026)
    assert cal.policy == "strict"
    assert cal.weekmask == "1111100"
    assert cal.sources[0]["name"] == "CN"
    assert cal.business_hours["monday"] == ["09:00-12:00", "14:30-18:00"]
    assert Calendar.builtin() == cal
    assert "CN" in repr(cal)


def test_builtin_unknown_name():
    with pytest.raises(jiesu.InvalidInput, match='unknown built-in calendar "XX"') as e:
        Calendar.builtin("XX")
    assert e.value.field == "name"


def test_make_up_days_and_holidays_scalar(cal):
    assert cal.day_kind(D(2026, 2, 14)) == "makeup_workday"
    assert cal.day_kind(D(2026, 2, 17)) == "holiday"
    assert cal.day_kind(D(2026, 3, 1)) == "weekend"
    assert cal.day_kind(D(2026, 3, 2)) == "workday"
    assert cal.is_workday(D(2026, 10, 10)) is True
    assert cal.is_workday(D(2026, 10, 1)) is False
    assert cal.day(D(2026, 10, 10)) == ("makeup_workday", "national_day")
    assert cal.day(D(2026, 3, 1)) == ("weekend", None)
    assert cal.covers(D(2026, 12, 31)) is True
    assert cal.covers(D(2027, 1, 1)) is False


def test_add_working_days_scalar(cal):
    assert cal.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.add_working_days(D(2026, 10, 13), -5) == D(2026, 9, 30)
    assert cal.add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert cal.add_working_days(D(2026, 10, 1), 0) == D(2026, 10, 1)
    assert type(cal.add_working_days(D(2026, 9, 30), 5)) is dt.date


def test_busday_scalar(cal):
    assert cal.busday_offset(D(2026, 10, 1), 0, roll="forward") == D(2026, 10, 8)
    assert cal.busday_offset(D(2026, 10, 1), 0, "backward") == D(2026, 9, 30)
    assert cal.busday_offset(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.busday_count(D(2026, 9, 30), D(2026, 10, 14)) == 6
    assert cal.busday_count(D(2026, 2, 13), D(2026, 2, 26)) == 4
    assert type(cal.busday_count(D(2026, 9, 30), D(2026, 10, 14))) is int


def test_marked_days(cal):
    days = cal.marked_days(D(2026, 5, 1), D(2026, 5, 31))
    assert days[0] == (D(2026, 5, 1), "holiday", "labour_day")
    assert days[-1] == (D(2026, 5, 9), "makeup_workday", "labour_day")
    assert len(days) == 6
    assert cal.marked_days(D(2026, 5, 31), D(2026, 5, 1)) == []


def test_arrays_give_numpy_arrays(cal):
    days = np.array(["2026-09-30", "2026-10-01", "2026-10-10"], dtype=M8)
    out = cal.add_working_days(days, 5)
    assert out.dtype == np.dtype(M8)
    assert out.tolist() == [D(2026, 10, 13), D(2026, 10, 13), D(2026, 10, 16)]
    assert cal.is_workday(days).tolist() == [True, False, True]
    assert cal.is_workday(days).dtype == np.bool_
    kinds = cal.day_kind(days)
    assert kinds.tolist() == ["workday", "holiday", "makeup_workday"]
    assert kinds.dtype.kind == "U"
    counts = cal.busday_count(days, days + 14)
    assert counts.dtype == np.int64
    assert cal.covers(days).tolist() == [True, True, True]


def test_scalar_numpy_inputs_give_numpy_scalars(cal):
    d = np.datetime64("2026-09-30")
    r = cal.add_working_days(d, 5)
    assert isinstance(r, np.datetime64) and r == np.datetime64("2026-10-13")
    assert isinstance(cal.is_workday(d), np.bool_)
    assert isinstance(cal.busday_count(d, np.datetime64("2026-10-14")), np.int64)
    assert cal.busday_offset("2026-10-01", 0, roll="forward") == np.datetime64("2026-10-08")
    # 0-d arrays behave as numpy: a scalar comes back.
    assert isinstance(cal.busday_offset(np.array("2026-09-30", dtype=M8), 1), np.datetime64)
    # A date with an array of offsets is an array call.
    assert cal.add_working_days(D(2026, 9, 30), np.array([1, 2])).tolist() == [D(2026, 10, 8), D(2026, 10, 9)]


def test_lists_strings_and_coarser_units(cal):
    assert cal.is_workday([D(2026, 10, 10), D(2026, 10, 11)]).tolist() == [True, False]
    assert cal.is_workday(["2026-10-10", "2026-10-11"]).tolist() == [True, False]
    # Months and weeks cast safely to days, as in numpy.
    assert cal.busday_offset(np.datetime64("2026-10", "M"), 0, roll="forward") == np.datetime64("2026-10-08")


def test_broadcasting_like_numpy(cal):
    days = np.array(["2026-09-30", "2026-02-13"], dtype=M8)
    n = np.array([[1], [2], [3]])
    out = cal.add_working_days(days, n)
    assert out.shape == (3, 2)
    for i in range(3):
        for j in range(2):
            assert out[i, j] == cal.add_working_days(days[j].astype(dt.date), int(n[i, 0]))
    with pytest.raises(ValueError, match="broadcast"):
        cal.add_working_days(days, np.array([1, 2, 3]))
    # Non-contiguous and Fortran-ordered inputs.
    grid = np.array([["2026-09-30", "2026-10-08"], ["2026-02-13", "2026-03-02"]], dtype=M8)
    assert cal.add_working_days(grid.T, 1).tolist() == [[D(2026, 10, 8), D(2026, 2, 14)], [D(2026, 10, 9), D(2026, 3, 3)]]
    assert cal.add_working_days(np.asfortranarray(grid), 1).tolist() == cal.add_working_days(grid.copy(), 1).tolist()
    assert cal.is_workday(grid[:, 0]).tolist() == [True, True]
    empty = np.array([], dtype=M8)
    assert cal.busday_offset(empty, 3).shape == (0,)
    assert cal.busday_count(empty, np.datetime64("2026-01-01")).shape == (0,)


def test_pandas_series(cal):
    # pandas has no day unit: Series.to_numpy() gives datetime64[s/us/ns]. Whole days are
    # accepted (lossless); values with a time of day are refused, never silently floored.
    s = pd.Series(pd.to_datetime(["2026-09-30", "2026-02-13"]))
    assert s.to_numpy().dtype != np.dtype(M8)
    assert cal.add_working_days(s.to_numpy(), 5).tolist() == [D(2026, 10, 13), D(2026, 2, 27)]
    assert cal.add_working_days(s.to_numpy("datetime64[D]"), 5).tolist() == [D(2026, 10, 13), D(2026, 2, 27)]
    assert cal.busday_count(s.to_numpy(), s.to_numpy() + np.timedelta64(14, "D")).tolist() == [6, 5]
    frame = pd.DataFrame({"d": s})
    frame["due"] = cal.add_working_days(frame["d"].to_numpy(), 5)
    assert frame["due"].iloc[0] == pd.Timestamp("2026-10-13")
    with_time = pd.Series(pd.to_datetime(["2026-09-30 10:00", "2026-02-13 00:00"]))
    with pytest.raises(TypeError, match="time of day"):
        cal.add_working_days(with_time.to_numpy(), 5)
    assert cal.add_working_days(with_time.dt.floor("D").to_numpy(), 5).tolist() == [D(2026, 10, 13), D(2026, 2, 27)]
    # NaT in a pandas column (missing dispatch dates) passes through add_working_days.
    missing = pd.Series(pd.to_datetime(["2026-09-30", None]))
    out = cal.add_working_days(missing.to_numpy(), 5)
    assert out[0] == np.datetime64("2026-10-13") and np.isnat(out[1])


def test_datetimes_with_time_of_day_are_refused_like_numpy(cal):
    with pytest.raises(TypeError, match="time of day"):
        cal.busday_offset(dt.datetime(2026, 9, 30, 10), 1)
    with pytest.raises(TypeError):
        np.busday_offset(dt.datetime(2026, 9, 30, 10), 1)
    with pytest.raises(TypeError):
        cal.busday_offset(np.array([1, 2]), 1)
    with pytest.raises(TypeError):
        cal.busday_offset(np.datetime64("2026-09-30"), np.array([1.5]))
    # The one deliberate extension over numpy: whole days in a finer unit are accepted.
    whole = np.array(["2026-10-01T00:00"], dtype="datetime64[s]")
    with pytest.raises(TypeError):
        np.busday_offset(whole, 0, roll="forward")
    assert cal.busday_offset(whole, 0, roll="forward").tolist() == [D(2026, 10, 8)]
    assert cal.busday_offset(dt.datetime(2026, 10, 1), 0, roll="forward") == np.datetime64("2026-10-08")


def test_nat(cal):
    days = np.array(["2026-09-30", "NaT"], dtype=M8)
    assert np.isnat(cal.add_working_days(days, 5)[1])
    assert cal.is_workday(days).tolist() == [True, False]
    assert cal.day_kind(days).tolist() == ["workday", ""]
    assert cal.covers(days).tolist() == [True, False]
    with pytest.raises(ValueError, match="NaT input in busday_offset") as e:
        cal.busday_offset(days, 1)
    assert e.value.index == 1
    assert np.isnat(cal.busday_offset(days, 1, roll="forward")[1])
    with pytest.raises(ValueError, match="Cannot compute a business day count with a NaT"):
        cal.busday_count(days, days)


def test_coverage_errors(cal):
    with pytest.raises(jiesu.CoverageError) as e:
        cal.add_working_days(D(2026, 12, 25), 5)
    assert e.value.year == 2027 and e.value.rule == "R-SLA-7"
    assert "2027" in str(e.value)
    with pytest.raises(jiesu.CoverageError) as e:
        cal.is_workday(D(2003, 12, 31))
    assert e.value.year == 2003
    days = np.array(["2026-09-30", "2026-12-25", "2030-01-01"], dtype=M8)
    with pytest.raises(jiesu.CoverageError) as e:
        cal.add_working_days(days, 5)
    assert (e.value.year, e.value.index) == (2027, 1)
    assert "(at index 1)" in str(e.value)


def test_provisional_policy(cal):
    prov = cal.with_policy("provisional")
    assert prov.policy == "provisional" and prov != cal
    assert prov.add_working_days(D(2026, 12, 25), 5) == D(2027, 1, 1)
    assert prov.with_policy("strict") == cal
    with pytest.raises(jiesu.InvalidInput, match="coverage policy"):
        cal.with_policy("lenient")


def test_overlay_national_year_toml(cal):
    cal27 = cal.with_overlay(OVERLAY_2027)
    assert cal27.coverage == (2004, 2027)
    assert cal27.name == "CN+CN-2027"
    assert cal27.add_working_days(D(2026, 12, 25), 5) == D(2027, 1, 4)
    assert [s["name"] for s in cal27.sources] == ["CN", "CN-2027"]


def test_overlay_local_json_and_dict(cal):
    a = cal.with_overlay(json.dumps(LOCAL_OVERLAY))
    b = cal.with_overlay(LOCAL_OVERLAY)
    assert a == b
    assert a.day(D(2026, 3, 10)) == ("holiday", "huajie")
    assert a.is_workday(D(2026, 3, 10)) is False
    assert cal.is_workday(D(2026, 3, 10)) is True


def test_overlay_conflict_is_a_validation_error(cal):
    bad = dict(LOCAL_OVERLAY, festivals=[{"year": 2026, "festival": "x", "holidays": ["2026-10-01"]}])
    with pytest.raises(jiesu.ValidationError, match="conflicts with the base calendar") as e:
        cal.with_overlay(bad)
    assert e.value.problems and e.value.problems[0][0] == "festivals[0]"
    assert isinstance(e.value, ValueError)


def test_from_toml_and_json():
    text = 'schema_version = 1\nname = "X"\ncoverage = { from = 2026, to = 2026 }\n'
    x = Calendar.from_toml(text)
    assert x.name == "X" and x.coverage == (2026, 2026)
    y = Calendar.from_json('{"schema_version": 1, "name": "X", "coverage": {"from": 2026, "to": 2026}}')
    assert x == y
    with pytest.raises(jiesu.ParseError):
        Calendar.from_json("{")
    with pytest.raises(jiesu.ValidationError, match="not a weekend day") as e:
        Calendar.from_json('{"schema_version":1,"name":"X","coverage":{"from":2026,"to":2026},'
                           '"festivals":[{"year":2026,"festival":"x","workdays":["2026-03-04"]}]}')
    assert e.value.field == "festivals[0].workdays[0]"
    with pytest.raises(jiesu.ValidationError) as e:
        Calendar.from_toml(text + '[[festivals]]\nyear = 2026\nfestival = "l"\nholidays = ["2026-05-01", "2026-02-30"]\n')
    assert e.value.problems[0][0] == "festivals[0].holidays[1]"


def test_from_weekmask_variants():
    a = Calendar.from_weekmask()
    assert a.weekmask == "1111100" and a.coverage is None
    assert Calendar.from_weekmask("Mon Tue Wed Thu Fri") == a
    assert Calendar.from_weekmask([1, 1, 1, 1, 1, 0, 0]) == a
    assert Calendar.from_weekmask([True] * 6 + [False]).weekmask == "1111110"
    h = Calendar.from_weekmask("1111100", [D(2026, 1, 1), "2026-10-01", np.datetime64("NaT")])
    assert h.is_workday(D(2026, 1, 1)) is False
    assert h.is_workday(D(2026, 1, 2)) is True
    assert h.is_workday(D(1900, 1, 1)) is True  # no coverage limit
    with pytest.raises(ValueError, match="no working day"):
        Calendar.from_weekmask("0000000")
    with pytest.raises(ValueError):
        Calendar.from_weekmask("11111")
    with pytest.raises(jiesu.InvalidInput, match="a weekmask calendar takes no overlays"):
        a.with_overlay(LOCAL_OVERLAY)


def test_business_hours(cal):
    h = cal.with_business_hours({"monday": ["08:00-12:00"], "tuesday": ["08:00-12:00"]})
    assert h.business_hours["monday"] == ["08:00-12:00"]
    assert h != cal
    with pytest.raises(jiesu.ValidationError):
        cal.with_business_hours('{"monday": ["09:00-12:00", "11:00-13:00"]}')


def test_rolls_and_invalid_roll(cal):
    d = D(2026, 10, 1)
    assert cal.busday_offset(d, 0, "following") == D(2026, 10, 8)
    assert cal.busday_offset(d, 0, "preceding") == D(2026, 9, 30)
    # 2026-05-31 is a Sunday: following leaves May, so modifiedfollowing goes back.
    assert cal.busday_offset(D(2026, 5, 31), 0, "modifiedfollowing") == D(2026, 5, 29)
    # 2026-03-01 is a Sunday: preceding leaves March, so modifiedpreceding goes forward.
    assert cal.busday_offset(D(2026, 3, 1), 0, "modifiedpreceding") == D(2026, 3, 2)
    with pytest.raises(ValueError, match="invalid roll"):
        cal.busday_offset(d, 0, "sideways")
    with pytest.raises(ValueError, match="Non-business day date in busday_offset"):
        cal.busday_offset(d, 0)


def test_busday_count_reversed_follows_numpy(cal):
    # numpy counts (end, begin] for end < begin.
    wm = Calendar.from_weekmask()
    a, b = D(2026, 1, 10), D(2026, 1, 1)  # Saturday, Thursday
    assert wm.busday_count(a, b) == np.busday_count(a, b) == -6
    assert wm.busday_count(b, a) == np.busday_count(b, a) == 7
    assert cal.busday_count(D(2026, 10, 14), D(2026, 9, 30)) == -6


def test_large_offsets_and_ranges():
    wm = Calendar.from_weekmask()
    assert wm.busday_offset(D(2026, 1, 1), 2_000_000) == np.busday_offset(D(2026, 1, 1), 2_000_000).astype(dt.date)
    with pytest.raises(jiesu.InvalidInput):
        wm.add_working_days(D(2026, 1, 1), 10**12)
    with pytest.raises(OverflowError):
        wm.add_working_days(D(2026, 1, 1), 2**70)
    # Results beyond datetime.date's range are refused for date input, fine for datetime64.
    with pytest.raises(jiesu.InvalidInput, match="datetime.date"):
        wm.add_working_days(D(9999, 12, 30), 10)
    assert wm.add_working_days(np.datetime64("9999-12-30"), 10) == np.datetime64("10000-01-13")
    # A result beyond the supported dates (10**8 working days, about year 385 000) is refused
    # by the numpy API as by the scalar one, with the core's error: not a day number that no
    # call accepts back.
    days = np.array(["2026-09-30", "2026-09-30"], dtype=M8)
    with pytest.raises(jiesu.InvalidInput) as e:
        wm.add_working_days(days, np.array([1, 10**8]))
    assert (e.value.index, e.value.field) == (1, "result")
    assert "outside the supported date range" in str(e.value)
    with pytest.raises(jiesu.InvalidInput) as scalar:
        wm.add_working_days(D(2026, 9, 30), 10**8)
    assert scalar.value.field == "result" and str(e.value).startswith(str(scalar.value))
    with pytest.raises(jiesu.InvalidInput, match="outside the supported date range"):
        wm.busday_offset(days, -(10**8), roll="forward")


def test_jiesu_num_threads_is_the_one_thread_setting(cal, monkeypatch):
    # Long enough to be split over threads (65 536 dates or more); the setting is read at each call.
    rng = np.random.default_rng(3)
    days = (np.datetime64("2004-02-01") + rng.integers(0, 8_000, 300_000)).astype(M8)
    bad = days.copy()
    bad[200_001] = bad[250_000] = np.datetime64("2004-01-02")  # 2 working days before: 2003
    results, indices = [], []
    for setting in (None, "1", "2", "8", "not a number"):
        if setting is None:
            monkeypatch.delenv("JIESU_NUM_THREADS", raising=False)
        else:
            monkeypatch.setenv("JIESU_NUM_THREADS", setting)
        results.append(cal.busday_offset(days, -2, roll="forward"))
        with pytest.raises(jiesu.CoverageError) as e:
            cal.add_working_days(bad, -2)
        indices.append((e.value.index, e.value.year))
    assert all(np.array_equal(results[0], r) for r in results[1:])
    assert indices == [(200_001, 2003)] * 5


def test_calendars_are_immutable_and_hashable(cal):
    with pytest.raises(AttributeError):
        cal.name = "X"  # type: ignore[misc]
    assert len({cal, Calendar.builtin("CN"), cal.with_policy("provisional")}) == 2
    with pytest.raises(TypeError):
        Calendar()  # type: ignore[call-arg]
