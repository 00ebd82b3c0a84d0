"""jiesu's calendar against numpy and chinese_calendar, on 10 million random dates 2004–2026.

    make bench-python        (or: .venv/bin/python benches/python/compare_calendar.py [N])

Measures, on the same random dates (deadline = 5 working days, roll forward):

- jiesu ``Calendar.builtin("CN").busday_offset`` on a datetime64[D] array, with its default
  threads and pinned to one thread with JIESU_NUM_THREADS=1, the two timed alternately (so that
  a busy machine weighs on both alike); the whole call, conversions and allocation included;
- ``numpy.busday_offset`` given every weekday holiday of 2004–2026 (the closest numpy can come to
  CN: it cannot express make-up working days), with ``holidays=`` and with a ``busdaycalendar``;
- ``chinese_calendar.find_workday`` on a sample (it walks day by day in Python);
- scalar calls per second (``datetime.date`` in, ``datetime.date`` out);
- what ``Calendar.builtin("CN")`` and ``Engine()`` (the default engine) cost per call.

Targets (issue 8): batch >= 20x numpy's throughput; scalar >= 1 million calls per second.
Issue 19: batch with the default threads >= 25x numpy, and never slower than one thread;
``Calendar.builtin("CN")`` <= 20 µs and ``Engine()`` <= 1 ms per call.
Also prints how often numpy's answer differs from CN's (the make-up days it cannot know).
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import time

import numpy as np

import jiesu

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
SAMPLE = 20_000  # chinese_calendar is too slow for millions
SCALAR = 1_000_000
OFFSET = 5
REPEAT = 3


def best(f, repeat=REPEAT):
    """Best wall-clock time of `repeat` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t0)
    return min(times), result


def rate(n, seconds):
    return n / seconds


def fmt(r):
    return f"{r / 1e6:10.2f} M/s" if r >= 1e5 else f"{r / 1e3:10.2f} k/s"


def main() -> None:
    cal = jiesu.Calendar.builtin("CN")
    rng = np.random.default_rng(20260930)
    # Random dates 2004-01-01 .. 2026-12-20 (5 working days later is still in 2026).
    lo, hi = np.datetime64("2004-01-01").astype(np.int64), np.datetime64("2026-12-20").astype(np.int64)
    dates = rng.integers(lo, hi + 1, N).astype("datetime64[D]")

    every_day = np.arange("2004-01-01", "2027-01-01", dtype="datetime64[D]")
    kinds = cal.day_kind(every_day)
    weekday = np.is_busday(every_day)  # Monday to Friday
    holidays = every_day[(kinds == "holiday") & weekday]
    busdaycal = np.busdaycalendar(holidays=holidays)

    print(f"jiesu {jiesu.__version__} · numpy {np.__version__} · Python {platform.python_version()} · "
          f"{os.cpu_count()} cores · {N:,} random dates 2004–2026, offset {OFFSET}, roll='forward'")
    print(f"numpy gets {holidays.size} weekday holidays; CN also has "
          f"{int(((kinds == 'makeup_workday')).sum())} make-up working days numpy cannot express\n")

    # Default threads and one thread, alternately; the best of each.
    t_jiesu = t_jiesu1 = float("inf")
    for _ in range(2 * REPEAT):
        os.environ.pop("JIESU_NUM_THREADS", None)
        t, ours = best(lambda: cal.busday_offset(dates, OFFSET, roll="forward"), repeat=1)
        t_jiesu = min(t_jiesu, t)
        os.environ["JIESU_NUM_THREADS"] = "1"
        t, ours1 = best(lambda: cal.busday_offset(dates, OFFSET, roll="forward"), repeat=1)
        t_jiesu1 = min(t_jiesu1, t)
    os.environ.pop("JIESU_NUM_THREADS", None)
    assert np.array_equal(ours, ours1)
    t_np, theirs = best(lambda: np.busday_offset(dates, OFFSET, roll="forward", holidays=holidays), repeat=1)
    t_npcal, theirs2 = best(lambda: np.busday_offset(dates, OFFSET, roll="forward", busdaycal=busdaycal), repeat=2)
    assert np.array_equal(theirs, theirs2)

    sample = [d.astype(dt.date) for d in dates[:SAMPLE]]
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover
        chinese_calendar = None
    if chinese_calendar is not None:
        t_cc, cc_result = best(lambda: [chinese_calendar.find_workday(OFFSET, d) for d in sample], repeat=1)
    from jiesu.compat import chinese_calendar as compat
    t_compat, compat_result = best(lambda: [compat.find_workday(OFFSET, d) for d in sample], repeat=2)
    assert compat_result == ours[:SAMPLE].astype(dt.date).tolist()

    scalar_dates = [d.astype(dt.date) for d in dates[:SCALAR]]
    t_s_off, _ = best(lambda: [cal.busday_offset(d, OFFSET, "forward") for d in scalar_dates])
    t_s_add, _ = best(lambda: [cal.add_working_days(d, OFFSET) for d in scalar_dates])
    t_s_is, _ = best(lambda: [cal.is_workday(d) for d in scalar_dates])
    t_loop, _ = best(lambda: [d for d in scalar_dates])

    builds = 2_000
    t_builtin, _ = best(lambda: [jiesu.Calendar.builtin("CN") for _ in range(builds)])
    t_engine, _ = best(lambda: [jiesu.Engine() for _ in range(builds // 10)])
    t_builtin, t_engine = t_builtin / builds, t_engine / (builds // 10)

    r_jiesu, r_jiesu1 = rate(N, t_jiesu), rate(N, t_jiesu1)
    r_np, r_npcal = rate(N, t_np), rate(N, t_npcal)
    print(f"batch busday_offset over the {N / 1e6:g}M-date array")
    print(f"  jiesu CN (default threads)           {fmt(r_jiesu)}   {t_jiesu * 1e3:8.1f} ms")
    print(f"  jiesu CN (JIESU_NUM_THREADS=1)       {fmt(r_jiesu1)}   {t_jiesu1 * 1e3:8.1f} ms")
    print(f"  numpy, holidays=[...]                {fmt(r_np)}   {t_np * 1e3:8.1f} ms")
    print(f"  numpy, busdaycal=busdaycalendar      {fmt(r_npcal)}   {t_npcal * 1e3:8.1f} ms")
    if chinese_calendar is not None:
        r_cc = rate(SAMPLE, t_cc)
        print(f"  chinese_calendar.find_workday        {fmt(r_cc)}   (sample of {SAMPLE:,}, scalar loop)")
    print(f"  jiesu.compat.chinese_calendar        {fmt(rate(SAMPLE, t_compat))}   (same sample, drop-in API)")
    print("scalar calls (datetime.date in and out, Python loop included)")
    print(f"  cal.busday_offset(d, 5, 'forward')   {fmt(rate(SCALAR, t_s_off))}")
    print(f"  cal.add_working_days(d, 5)           {fmt(rate(SCALAR, t_s_add))}")
    print(f"  cal.is_workday(d)                    {fmt(rate(SCALAR, t_s_is))}")
    print(f"  (empty Python loop                   {fmt(rate(SCALAR, t_loop))})")
    print("building (per call)")
    print(f"  Calendar.builtin(\"CN\")               {t_builtin * 1e6:10.2f} µs   (target <= 20 µs)")
    print(f"  Engine() (the default engine)        {t_engine * 1e6:10.2f} µs   (target <= 1 ms)")

    wrong = float(np.mean(ours != theirs))
    recent = dates >= np.datetime64("2023-01-01")
    wrong_recent = float(np.mean(ours[recent] != theirs[recent]))
    if chinese_calendar is not None:
        cc_wrong = float(np.mean(np.array(cc_result, dtype="datetime64[D]") != ours[:SAMPLE]))
    print("\nratios")
    print(f"  jiesu batch / numpy holidays=        {r_jiesu / r_np:8.1f}x   (target >= 20x)")
    print(f"  jiesu batch / numpy busdaycalendar   {r_jiesu / r_npcal:8.1f}x   (target >= 20x)")
    print(f"  jiesu 1 thread / numpy holidays=     {r_jiesu1 / r_np:8.1f}x")
    print(f"  jiesu 1 thread / numpy busdaycal     {r_jiesu1 / r_npcal:8.1f}x")
    print(f"  jiesu default / jiesu 1 thread       {r_jiesu / r_jiesu1:8.2f}x   (target >= 1: the default never slower)")
    if chinese_calendar is not None:
        print(f"  jiesu batch / chinese_calendar       {r_jiesu / r_cc:8.0f}x")
        print(f"  jiesu scalar / chinese_calendar      {rate(SCALAR, t_s_off) / r_cc:8.0f}x")
    print(f"  scalar busday_offset                 {rate(SCALAR, t_s_off) / 1e6:8.2f} M calls/s   (target >= 1 M/s)")
    print("correctness")
    print(f"  numpy differs from CN on {wrong:.1%} of these deadlines ({wrong_recent:.1%} of those dispatched 2023–2026)")
    if chinese_calendar is not None:
        print(f"  chinese_calendar differs from CN on {cc_wrong:.3%} of the sample (2005-12-31, its known gap)")
    ok = r_jiesu / r_npcal >= 20 and r_jiesu / r_np >= 20 and rate(SCALAR, t_s_off) >= 1e6
    print(f"\ntargets {'met' if ok else 'NOT met'}")
    ok19 = min(r_jiesu / r_np, r_jiesu / r_npcal) >= 25 and r_jiesu >= r_jiesu1 and t_builtin <= 20e-6 and t_engine <= 1e-3
    print(f"issue 19 targets {'met' if ok19 else 'NOT met'}")


if __name__ == "__main__":
    main()
