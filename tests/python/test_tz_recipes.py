"""Dates from timezone-aware timestamps (their date in China, computed by the core), the
recipe the TypeError for naive times of day gives, and busday_count with NaT."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jiesu


@pytest.fixture(scope="module")
def cal():
    return jiesu.Calendar.builtin("CN")


def test_aware_timestamps_are_taken_as_their_date_in_china(cal):
    # 2026-03-01 17:00 UTC is Monday 03-02 01:00 in China; 2026-02-14 (a make-up Saturday)
    # 16:30 UTC is Sunday 02-15 00:30 in China.
    utc = pd.Series(pd.to_datetime(["2026-03-01 17:00", "2026-02-14 16:30", None]).tz_localize("UTC"))
    expected_days = np.array(["2026-03-02", "2026-02-15", "NaT"], dtype="M8[D]")
    assert (cal.is_workday(utc) == cal.is_workday(expected_days)).all()
    assert cal.is_workday(utc).tolist() == [True, False, False]
    # The object array of Timestamps that .to_numpy() gives works the same.
    assert cal.is_workday(utc.to_numpy()).tolist() == [True, False, False]
    assert cal.is_workday(pd.DatetimeIndex(utc)).tolist() == [True, False, False]
    assert cal.busday_offset(utc.iloc[:1], 1).astype(str).tolist() == ["2026-03-03"]


def test_the_type_error_recipe_for_naive_times_of_day_works(cal):
    local = pd.Series(pd.to_datetime(["2026-03-02 01:00", "2026-02-15 09:00"]))
    with pytest.raises(TypeError) as e:
        cal.is_workday(local)
    assert "tz_localize('Asia/Shanghai')" in str(e.value)
    # What the message suggests, as written.
    assert cal.is_workday(local.dt.tz_localize("Asia/Shanghai")).tolist() == [True, False]
    assert cal.is_workday(local.to_numpy().astype("datetime64[D]")).tolist() == [True, False]


def test_busday_count_with_nat(cal):
    begin = np.array(["2026-09-30", "2026-09-30", "NaT"], dtype="M8[D]")
    end = np.array(["2026-10-14", "NaT", "2026-10-14"], dtype="M8[D]")
    with pytest.raises(ValueError):
        cal.busday_count(begin, end)
    counts = cal.busday_count(begin, end, nat="propagate")
    assert counts.dtype == np.float64
    assert counts[0] == 6.0 and np.isnan(counts[1:]).all()
    with pytest.raises(jiesu.InvalidInput):
        cal.busday_count(begin, end, nat="zero")
