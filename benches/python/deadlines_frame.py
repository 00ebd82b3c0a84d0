"""Rows per second of Engine.deadlines_frame (vectorized SLA deadlines) on 1 million random
dispatch instants of 2026, with one SLA input for all rows and with a category code per row.

    .venv/bin/python benches/python/deadlines_frame.py [rows]

JIESU_NUM_THREADS sets the threads (default: the available cores). The best of 3 runs.
"""
from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

import jiesu


def best_of(n: int, f) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    # The provisional calendar policy: statutory limits of autumn dispatches reach into 2027.
    eng = jiesu.Engine({"calendar": {"policy": "provisional"}})
    rng = np.random.default_rng(2026)
    start = pd.Timestamp("2026-01-01", tz="Asia/Shanghai")
    at = pd.Series(start + pd.to_timedelta(rng.integers(0, 300 * 86400, rows), unit="s"))
    leaves = eng.categories().query("is_leaf")["code"].to_numpy()
    cats = rng.choice(leaves, rows)
    for name, f in [
        ("one input for all rows", lambda: eng.deadlines_frame(at, "normal", "normal")),
        ("a category code per row", lambda: eng.deadlines_frame(at, category=cats)),
    ]:
        s = best_of(3, f)
        print(f"{name:>26}: {rows / s / 1e6:5.2f} M rows/s ({s * 1e3:.0f} ms for {rows:,} rows)")


if __name__ == "__main__":
    main()
