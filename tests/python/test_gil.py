"""Batch calls release the GIL: two threads make progress together.

Two threads start the same big batch call at once and each records the wall-clock interval of
its own call. With the GIL released the two intervals overlap for most of their length; with
the GIL held the second call cannot start before the first returns, and the intervals are
disjoint. The control (``sum(range(n))``, a long C call that keeps the GIL) shows that the
measurement does detect serialization. Nothing here depends on speed.

The interpreter's switch interval is raised for the measurement, so that the GIL changes hands
only when a thread gives it up (a blocking wait, a call that releases it, the thread's end) and
never between a timestamp and its call: a thread that has to wait for the GIL waits before it
takes its start timestamp.
"""
from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pytest
from conftest import random_days

N = 6_000_000


@pytest.fixture(autouse=True)
def no_forced_switches():
    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def intervals(f, args, threads=2):
    barrier = threading.Barrier(threads)
    spans: list[tuple[float, float]] = []
    errors: list[BaseException] = []
    clock = time.perf_counter

    def run():
        try:
            barrier.wait()
            t0 = clock()
            f(*args)
            t1 = clock()
            spans.append((t0, t1))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors
    return spans


def overlap_share(spans):
    (a0, a1), (b0, b1) = spans
    overlap = max(0.0, min(a1, b1) - max(a0, b0))
    return overlap / min(a1 - a0, b1 - b0)


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(7)
    return random_days(rng, N, "2004-03-01", "2026-10-31")


@pytest.mark.parametrize("what", ["busday_offset", "busday_count", "add_working_days", "is_workday", "day_kind"])
def test_two_threads_overlap(cal, big, what):
    calls = {
        "busday_offset": (cal.busday_offset, (big, 5, "forward")),
        "busday_count": (cal.busday_count, (big, big)),
        "add_working_days": (cal.add_working_days, (big, -5)),
        "is_workday": (cal.is_workday, (big,)),
        "day_kind": (cal.day_kind, (big,)),
    }
    f, args = calls[what]
    shares = []
    for _ in range(3):
        shares.append(overlap_share(intervals(f, args)))
        if shares[-1] > 0.5:
            break
    assert max(shares) > 0.5, shares


def test_control_a_gil_holding_call_does_not_overlap():
    shares = [overlap_share(intervals(sum, (range(15_000_000),))) for _ in range(2)]
    assert max(shares) < 0.2, shares
