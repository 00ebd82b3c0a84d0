"""An event log given by path (assess, bulletin, evaluate_group) is read at most to the
engine's ``limits.max_log_bytes`` and one byte more, whatever size the file claims: a FIFO or
/dev/zero reports size 0 (issue 14, item 5)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import jiesu
from jiesu import CST, Engine

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
SMALL = {"schema_version": 1, "limits": {"max_log_bytes": 1000}}


def calls(eng: Engine, log: Path | str) -> list[tuple[str, Callable[[], object]]]:
    return [
        ("assess", lambda: eng.assess(log, "2026-03")),
        ("bulletin", lambda: eng.bulletin(log, "2026-03")),
        ("evaluate_group", lambda: eng.evaluate_group(log, NOW)),
    ]


def test_dev_zero_is_read_to_the_limit_only() -> None:
    eng = Engine(SMALL)
    for name, call in calls(eng, "/dev/zero"):
        with pytest.raises(jiesu.LimitExceeded, match="max_log_bytes") as e:
            call()
        assert e.value.field == "tickets", name


def test_a_fifo_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    eng = Engine(SMALL)
    fifo = tmp_path / "events.jsonl"
    for name, call in calls(eng, fifo):
        os.mkfifo(fifo)
        written: list[int] = []

        def writer() -> None:
            # 10 000 blank lines: a valid (empty) log, but ten times the limit.
            try:
                with open(fifo, "wb") as f:
                    for _ in range(100):
                        f.write(b"\n" * 100)
                        written.append(100)
            except BrokenPipeError:
                pass  # the reader stopped at the limit and closed its end

        t = threading.Thread(target=writer)
        t.start()
        try:
            with pytest.raises(jiesu.LimitExceeded, match="max_log_bytes") as e:
                call()
            assert e.value.field == "tickets", name
        finally:
            # Unblock the writer if the reader never opened the FIFO.
            try:
                fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass
            t.join(timeout=10)
            fifo.unlink()
        assert not t.is_alive()


def test_a_fifo_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    eng = Engine(SMALL)
    fifo = tmp_path / "events.jsonl"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "wb") as f:
            f.write(b"\n" * 1000)

    t = threading.Thread(target=writer)
    t.start()
    assert len(eng.assess(fifo, "2026-03")) == 0
    t.join(timeout=10)
    assert not t.is_alive()
