"""busday_offset / busday_count / is_workday against numpy on random inputs.

On a ``Calendar.from_weekmask`` calendar jiesu must give exactly numpy's results (same rolls,
same errors), element by element, for 10^5+ random dates, every roll, negative offsets, dates
inside and far outside the holiday table, several weekmasks. On ``CN`` it must give the right
results with make-up working days, checked against an independent reference built from the core's
day list (the ``cn_days`` fixture) and against a day-by-day walk.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from conftest import random_days

import jiesu
from jiesu import Calendar

ROLLS = ["forward", "following", "backward", "preceding", "modifiedfollowing", "modifiedpreceding"]
N = 120_000


def make_calendars(rng, weekmask):
    # Holidays 1950–2050, some on weekends, some repeated, one NaT: numpy drops weekend days,
    # duplicates and NaT from a busdaycalendar.
    holidays = random_days(rng, 3000, "1950-01-01", "2050-12-31")
    holidays = np.concatenate([holidays, holidays[:50], np.array(["NaT"], dtype="datetime64[D]")])
    ours = Calendar.from_weekmask(weekmask, holidays)
    theirs = np.busdaycalendar(weekmask=weekmask, holidays=holidays)
    return ours, theirs


def mixed_dates(rng, n):
    # Mostly inside the holiday table, some far outside it (closed-form weekly arithmetic).
    inside = random_days(rng, n - n // 5, "1950-01-01", "2050-12-31")
    outside = random_days(rng, n // 5, "1700-01-01", "2300-12-31")
    out = np.concatenate([inside, outside])
    rng.shuffle(out)
    return out


def mixed_offsets(rng, n):
    small = rng.integers(-400, 401, n)
    big = rng.integers(-200_000, 200_001, n)
    return np.where(rng.random(n) < 0.05, big, small)


@pytest.mark.parametrize("weekmask", ["1111100", "1111110", "0111101", "1000001"])
def test_busday_offset_equals_numpy_every_roll(rng, weekmask):
    ours, theirs = make_calendars(rng, weekmask)
    dates = mixed_dates(rng, N)
    offsets = mixed_offsets(rng, N)
    for roll in ROLLS:
        got = ours.busday_offset(dates, offsets, roll=roll)
        want = np.busday_offset(dates, offsets, roll=roll, busdaycal=theirs)
        assert got.dtype == want.dtype
        bad = np.flatnonzero(got != want)
        assert bad.size == 0, (roll, dates[bad[:5]], offsets[bad[:5]], got[bad[:5]], want[bad[:5]])
    # roll="raise" on working days only (numpy raises for the whole array otherwise).
    on = dates[np.is_busday(dates, busdaycal=theirs)]
    offs = offsets[: on.size]
    np.testing.assert_array_equal(ours.busday_offset(on, offs), np.busday_offset(on, offs, busdaycal=theirs))


def test_raise_and_nat_errors_equal_numpy(rng):
    ours, theirs = make_calendars(rng, "1111100")
    dates = random_days(rng, 1000, "2000-01-01", "2030-12-31")
    nonbusiness = np.flatnonzero(~np.is_busday(dates, busdaycal=theirs))
    assert nonbusiness.size > 0
    with pytest.raises(ValueError, match="Non-business day date in busday_offset"):
        np.busday_offset(dates, 1, busdaycal=theirs)
    with pytest.raises(ValueError, match="Non-business day date in busday_offset") as e:
        ours.busday_offset(dates, 1)
    assert e.value.index == nonbusiness[0]
    with_nat = dates.copy()
    with_nat[7] = np.datetime64("NaT")
    with pytest.raises(ValueError, match="NaT input in busday_offset"):
        np.busday_offset(with_nat[7:], 1, busdaycal=theirs)
    with pytest.raises(ValueError, match="NaT input in busday_offset"):
        ours.busday_offset(with_nat[7:], 1)
    for roll in ROLLS:  # NaT stays NaT with any other roll
        np.testing.assert_array_equal(ours.busday_offset(with_nat, 1, roll=roll),
                                      np.busday_offset(with_nat, 1, roll=roll, busdaycal=theirs))
    with pytest.raises(ValueError, match="Cannot compute a business day count with a NaT"):
        np.busday_count(with_nat, dates, busdaycal=theirs)
    with pytest.raises(ValueError, match="Cannot compute a business day count with a NaT"):
        ours.busday_count(with_nat, dates)
    # Invalid rolls, weekmasks and offset types are refused with numpy's exception types.
    with pytest.raises(ValueError):
        np.busday_offset(dates, 1, roll="sideways")
    with pytest.raises(ValueError):
        ours.busday_offset(dates, 1, roll="sideways")
    with pytest.raises(TypeError):
        np.busday_offset(dates, np.ones(dates.size), busdaycal=theirs)
    with pytest.raises(TypeError):
        ours.busday_offset(dates, np.ones(dates.size))
    with pytest.raises(ValueError):
        np.busdaycalendar(weekmask="0000000")
    with pytest.raises(ValueError):
        Calendar.from_weekmask("0000000")


@pytest.mark.parametrize("weekmask", ["1111100", "0111110", "1111111"])
def test_busday_count_equals_numpy(rng, weekmask):
    ours, theirs = make_calendars(rng, weekmask)
    begin = mixed_dates(rng, N)
    span = rng.integers(-3000, 3001, N)
    end = begin + span.astype("timedelta64[D]")
    end[::97] = begin[::97]  # empty ranges
    np.testing.assert_array_equal(ours.busday_count(begin, end), np.busday_count(begin, end, busdaycal=theirs))
    # Reversed ranges count (end, begin], negated, as numpy >= 1.25 does.
    np.testing.assert_array_equal(ours.busday_count(end, begin), np.busday_count(end, begin, busdaycal=theirs))
    np.testing.assert_array_equal(ours.is_workday(begin), np.is_busday(begin, busdaycal=theirs))


def test_broadcasting_equals_numpy(rng):
    ours, theirs = make_calendars(rng, "1111100")
    dates = random_days(rng, 24, "2000-01-01", "2030-12-31").reshape(2, 3, 4)
    offsets = rng.integers(-30, 31, (3, 1))
    for roll in ROLLS:
        np.testing.assert_array_equal(ours.busday_offset(dates, offsets, roll=roll),
                                      np.busday_offset(dates, offsets, roll=roll, busdaycal=theirs))
    np.testing.assert_array_equal(ours.busday_count(dates, dates[0, 0]),
                                  np.busday_count(dates, dates[0, 0], busdaycal=theirs))
    with pytest.raises(ValueError):
        np.busday_offset(dates, np.ones((5,), dtype=np.int64), roll="forward", busdaycal=theirs)
    with pytest.raises(ValueError):
        ours.busday_offset(dates, np.ones((5,), dtype=np.int64), roll="forward")


# --- CN: make-up working days ------------------------------------------------------------


@pytest.fixture(scope="module")
def cn_table(cn_days):
    """Independent reference: the working-day flags of every covered day, from the core's
    day list, and the index of each working day."""
    first = np.datetime64("2004-01-01")
    kinds = [cn_days[d][0] for d in sorted(cn_days)]
    flags = np.array([k in ("workday", "makeup_workday") for k in kinds])
    return first, flags, np.flatnonzero(flags)


def reference_offset(table, dates, offsets, roll):
    first, flags, work = table
    i = (dates - first).astype(np.int64)
    fwd = np.searchsorted(work, i, "left")
    bwd = np.searchsorted(work, i, "right") - 1
    month = dates.astype("datetime64[M]")

    def month_of(k):
        return (first + work[np.clip(k, 0, work.size - 1)]).astype("datetime64[M]")

    if roll in ("forward", "following"):
        k = fwd
    elif roll in ("backward", "preceding"):
        k = bwd
    elif roll == "modifiedfollowing":
        k = np.where(month_of(fwd) == month, fwd, bwd)
    else:
        k = np.where(month_of(bwd) == month, bwd, fwd)
    k = k + offsets
    # Cases that need a day outside 2004–2026 (to roll, to compare months, or as the result).
    ok = (k >= 0) & (k < work.size) & (bwd >= 0) & (fwd < work.size)
    return first + work[np.clip(k, 0, work.size - 1)], ok


def test_cn_busday_offset_against_reference(cal, cn_table, rng):
    dates = random_days(rng, N, "2004-01-01", "2026-12-31")
    offsets = rng.integers(-30, 31, N)
    for roll in ROLLS:
        want, ok = reference_offset(cn_table, dates, offsets, roll)
        got = cal.with_policy("provisional").busday_offset(dates[ok], offsets[ok], roll=roll)
        bad = np.flatnonzero(got != want[ok])
        assert bad.size == 0, (roll, dates[ok][bad[:5]], offsets[ok][bad[:5]], got[bad[:5]], want[ok][bad[:5]])
        # Strict: exactly the cases leaving 2004–2026 raise.
        if (~ok).any():
            with pytest.raises(jiesu.CoverageError):
                cal.busday_offset(dates[~ok][:1], offsets[~ok][:1], roll=roll)


def test_cn_busday_count_against_reference(cal, cn_table, rng):
    first, flags, _ = cn_table
    prefix = np.concatenate([[0], np.cumsum(flags)])
    begin = random_days(rng, N, "2004-01-01", "2026-12-31")
    end = random_days(rng, N, "2004-01-01", "2026-12-31")
    b, e = (begin - first).astype(np.int64), (end - first).astype(np.int64)
    forward = prefix[e] - prefix[b]
    reverse = -(prefix[b + 1] - prefix[e + 1])
    want = np.where(b <= e, forward, reverse)
    np.testing.assert_array_equal(cal.busday_count(begin, end), want)
    np.testing.assert_array_equal(cal.is_workday(begin), flags[b])


def test_cn_add_working_days_against_a_day_by_day_walk(cal, cn_days, rng):
    def walk(d, n):
        step = 1 if n > 0 else -1
        while n:
            d += dt.timedelta(days=step)
            if cn_days[d.isoformat()][0] in ("workday", "makeup_workday"):
                n -= step
        return d

    for day, n in zip(random_days(rng, 3000, "2004-03-01", "2026-10-31"), rng.integers(-25, 26, 3000)):
        d = day.astype(dt.date)
        assert cal.add_working_days(d, int(n)) == walk(d, int(n)), (d, n)


def test_cn_differs_from_numpy_with_weekday_holidays(cal, cn_weekday_holidays, rng):
    """Why CN exists: numpy cannot express make-up days, so with every weekday holiday it still
    gets a sizeable share of 5-working-day deadlines in 2023–2026 wrong."""
    dates = random_days(rng, 50_000, "2023-01-01", "2026-11-30")
    dates = dates[cal.is_workday(dates) & np.is_busday(dates, holidays=cn_weekday_holidays)]
    ours = cal.busday_offset(dates, 5)
    theirs = np.busday_offset(dates, 5, holidays=cn_weekday_holidays)
    share = float(np.mean(ours != theirs))
    assert 0.05 < share < 0.5, share
