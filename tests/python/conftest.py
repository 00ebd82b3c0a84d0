"""Shared fixtures of the Python test suite."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]

# The covered range of the built-in CN calendar.
CN_FIRST, CN_LAST = dt.date(2004, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture(scope="session")
def cn_days() -> dict[str, tuple[str, str]]:
    """Every day of the built-in CN calendar as {iso date: (kind, festival)}, from the Rust core
    directly (the `calendar_days` example), independently of the Python package."""
    cmd = ["cargo", "run", "--quiet", "--example", "calendar_days"]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, "CARGO_TERM_COLOR": "never"}).stdout
    days = {}
    for line in out.splitlines():
        date, kind, festival = line.split("\t")
        days[date] = (kind, festival)
    return days


@pytest.fixture(scope="session")
def cal():
    """The built-in CN calendar (strict)."""
    import jiesu

    return jiesu.Calendar.builtin("CN")


@pytest.fixture(scope="session")
def cn_weekday_holidays(cn_days) -> np.ndarray:
    """Every weekday holiday of CN 2004–2026: the closest numpy's busdaycalendar can come to CN
    (it cannot express make-up working days)."""
    return np.array(sorted(d for d, (kind, _) in cn_days.items()
                           if kind == "holiday" and dt.date.fromisoformat(d).weekday() < 5),
                    dtype="datetime64[D]")


@pytest.fixture()
def rng() -> np.random.Generator:
    return np.random.default_rng(20260930)


def random_days(rng: np.random.Generator, n: int, first: str, last: str) -> np.ndarray:
    """`n` random datetime64[D] days in [first, last]."""
    lo = np.datetime64(first, "D").astype(np.int64)
    hi = np.datetime64(last, "D").astype(np.int64)
    return rng.integers(lo, hi + 1, n).astype("datetime64[D]")
