"""Beyond one machine: the same computation on a Dask cluster of 2 worker processes.

A partitioned DataFrame of 1.2 million tickets (dispatch date, working-day limit, closing date)
is generated on the workers (``dd.from_map``: nothing large travels through the scheduler);
each partition computes its due dates (``add_working_days``) and its working days to closing
(``busday_count``) with a ``Calendar`` that reached the worker pickled. The result must equal
the single-process computation exactly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jiesu

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

PARTITIONS = 12
ROWS_PER_PARTITION = 100_000


def make_partition(seed: int) -> pd.DataFrame:
    """Partition `seed` of the ticket table, the same wherever it is computed."""
    rng = np.random.default_rng(seed)
    lo, hi = np.datetime64("2004-02-01").astype(np.int64), np.datetime64("2026-10-31").astype(np.int64)
    dispatched = rng.integers(lo, hi + 1, ROWS_PER_PARTITION).astype("datetime64[D]")
    closed = dispatched + rng.integers(0, 61, ROWS_PER_PARTITION).astype("timedelta64[D]")
    index = pd.RangeIndex(seed * ROWS_PER_PARTITION, (seed + 1) * ROWS_PER_PARTITION)
    return pd.DataFrame({"dispatched": dispatched, "limit": rng.integers(1, 16, ROWS_PER_PARTITION),
                         "closed": closed}, index=index)


def compliance(part: pd.DataFrame, cal: jiesu.Calendar) -> pd.DataFrame:
    """Due date and working days to closing of every ticket of a partition."""
    dispatched = part["dispatched"].to_numpy()  # datetime64[s]: whole days, accepted
    due = cal.add_working_days(dispatched, part["limit"].to_numpy())
    used = cal.busday_count(dispatched, part["closed"].to_numpy())
    return part.assign(due=due, used=used, late=part["closed"].to_numpy() > due)


def test_dask_cluster_equals_single_process(cal):
    # Single process.
    local = pd.concat([compliance(make_partition(i), cal) for i in range(PARTITIONS)])
    assert len(local) >= 1_000_000
    meta = compliance(make_partition(0).iloc[:0], cal)

    # Functions defined here are shipped by value (the workers cannot import this test module);
    # the calendar is pickled (Calendar.__reduce__) into the task graph once.
    def make(seed):
        return make_partition(seed)

    def compute(part, calendar):
        return compliance(part, calendar)

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        frame = dd.from_map(make, list(range(PARTITIONS)), meta=make_partition(0).iloc[:0])
        assert frame.npartitions == PARTITIONS
        result = frame.map_partitions(compute, cal, meta=meta).compute()
        workers = client.run(lambda: __import__("os").getpid())
        assert len(set(workers.values())) == 2

    result = result.sort_index()
    pd.testing.assert_frame_equal(result, local)
    assert result["late"].any() and not result["late"].all()
