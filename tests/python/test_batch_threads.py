"""The batch threads (JIESU_NUM_THREADS): with 1, no helper thread ever exists; otherwise the
helpers are a pool kept between calls, and a child forked by multiprocessing gets its own.
Each case runs in a fresh interpreter, whose environment and threads are the test's own."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads are listed from /proc")

PRELUDE = textwrap.dedent(
    """
    import multiprocessing as mp
    import os

    import numpy as np

    import jiesu

    def helpers():
        names = []
        for t in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{t}/comm") as f:
                names.append(f.read().strip())
        return sorted(n for n in names if n.startswith("jiesu-batch-"))

    cal = jiesu.Calendar.builtin("CN")
    days = (np.datetime64("2004-02-01") + np.arange(300_000) % 8_000).astype("M8[D]")
    want = np.array([cal.busday_offset(d, 5, roll="forward") for d in days[:8_000].astype(object)], "M8[D]")

    def deadlines():
        got = cal.busday_offset(days, 5, roll="forward")
        assert np.array_equal(got, np.resize(want, got.shape)), "batch differs from the scalar calls"
        return got
    """
)


def run(body: str, threads: str) -> None:
    env = {**os.environ, "JIESU_NUM_THREADS": threads}
    r = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body)], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_one_thread_never_starts_a_helper():
    run(
        """
        for _ in range(3):
            deadlines()
        assert helpers() == [], helpers()
        """,
        "1",
    )


def test_helpers_are_a_pool_kept_between_calls():
    run(
        """
        deadlines()
        first = helpers()
        assert first == ["jiesu-batch-0"], first  # one helper for 2 threads, still there
        deadlines()
        assert helpers() == first
        """,
        "2",
    )


def test_a_forked_child_builds_its_own_pool():
    # Without it, the child would wait for helpers that exist only in its parent.
    run(
        """
        def child(q):
            deadlines()
            q.put(helpers())

        deadlines()
        ctx = mp.get_context("fork")
        q = ctx.Queue()
        p = ctx.Process(target=child, args=(q,))
        p.start()
        p.join(120)
        assert not p.is_alive(), "the forked child hangs in its batch"
        assert p.exitcode == 0
        assert q.get(timeout=5) == ["jiesu-batch-0"]
        """,
        "2",
    )
