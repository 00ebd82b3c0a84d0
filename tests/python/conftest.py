"""Shared fixtures of the Python test suite."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cn_days() -> dict[str, tuple[str, str]]:
    """Every day of the built-in CN calendar as {iso date: (kind, festival)}, from the Rust core."""
    cmd = ["cargo", "run", "--quiet", "--example", "calendar_days"]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, "CARGO_TERM_COLOR": "never"}).stdout
    days = {}
    for line in out.splitlines():
        date, kind, festival = line.split("\t")
        days[date] = (kind, festival)
    return days
