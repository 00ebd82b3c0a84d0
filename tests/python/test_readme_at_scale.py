"""The "At scale" blocks of README.md and README-python.md run as written.

Both READMEs carry the same Dask and PySpark blocks. The Dask block runs on a real
LocalCluster of two worker processes over a small partitioned parquet dataset in
``tickets/``; the PySpark block (PySpark is not a test dependency) runs with a stand-in for
the few ``pyspark.sql`` calls it makes — a broadcast that pickles the calendar, a parquet read,
and ``mapInPandas`` feeding Arrow-sized pandas batches whose DateType columns hold
``datetime.date`` objects, as Spark hands them over — so that the user's ``compliance``
function is what is checked. Both results are compared with jiesu's own answer.
"""
from __future__ import annotations

import datetime as dt
import pickle
import sys
import types

import numpy as np
import pandas as pd
import pytest

import jiesu
from conftest import ROOT
from test_docs import AT_SCALE_BLOCKS, TOUR_BLOCKS, python_blocks


def at_scale_blocks() -> tuple[str, str]:
    """The Dask and PySpark blocks, the same text in both READMEs."""
    root = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[1:]
    python = python_blocks((ROOT / "bindings/python/README-python.md").read_text(encoding="utf-8"))[TOUR_BLOCKS:]
    assert len(python) == AT_SCALE_BLOCKS and root == python, "README.md and README-python.md: the same At scale blocks"
    dask_block, spark_block = python
    assert "dask" in dask_block and "pyspark" in spark_block
    return dask_block, spark_block


def write_tickets(directory, partitions: int = 3, rows: int = 2_000) -> pd.DataFrame:
    """tickets/part-N.parquet: dispatched (a date), limit (working days), closed (a date)."""
    directory.mkdir()
    rng = np.random.default_rng(15)
    frames = []
    for i in range(partitions):
        dispatched = rng.integers(np.datetime64("2024-01-01").astype(np.int64), np.datetime64("2026-10-31").astype(np.int64), rows)
        dispatched = dispatched.astype("datetime64[D]")
        closed = dispatched + rng.integers(0, 40, rows).astype("timedelta64[D]")
        frame = pd.DataFrame({"dispatched": dispatched, "limit": rng.integers(1, 16, rows), "closed": closed})
        frame.to_parquet(directory / f"part-{i}.parquet")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def check(result: pd.DataFrame, tickets: pd.DataFrame) -> None:
    """`result` holds every ticket once, with jiesu's due date and working days used."""
    keys = ["dispatched", "limit", "closed"]
    inputs = result[keys].assign(dispatched=result["dispatched"].to_numpy("datetime64[D]"),
                                 closed=result["closed"].to_numpy("datetime64[D]"))
    pd.testing.assert_frame_equal(inputs.sort_values(keys).reset_index(drop=True).astype({"limit": "int64"}),
                                  tickets.sort_values(keys).reset_index(drop=True).astype({"limit": "int64"}),
                                  check_dtype=False)
    cal = jiesu.Calendar.builtin("CN")
    dispatched, closed = inputs["dispatched"].to_numpy("datetime64[D]"), inputs["closed"].to_numpy("datetime64[D]")
    due = cal.add_working_days(dispatched, inputs["limit"].to_numpy())
    assert (result["due"].to_numpy("datetime64[D]") == due).all()
    assert (result["used"].to_numpy() == cal.busday_count(dispatched, closed)).all()
    if "late" in result:
        assert (result["late"].to_numpy() == (closed > due)).all()
        assert result["late"].any() and not result["late"].all()


def test_dask_block_runs(tmp_path, monkeypatch):
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    dask_block, _ = at_scale_blocks()
    tickets = write_tickets(tmp_path / "tickets")
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(dask_block, names)
    check(names["result"], tickets)


class FakeSpark:
    """The calls of the README's PySpark block, over pandas (see the module docstring)."""

    BATCH = 1_000  # rows per Arrow batch handed to mapInPandas

    def __init__(self):
        self.sparkContext = types.SimpleNamespace(broadcast=self.broadcast)
        self.read = types.SimpleNamespace(parquet=self.parquet)

    @staticmethod
    def broadcast(value):
        return types.SimpleNamespace(value=pickle.loads(pickle.dumps(value)))  # as shipped to an executor

    def parquet(self, path):
        frame = pd.read_parquet(path)
        for column in ("dispatched", "closed"):  # DateType: datetime.date objects in pandas
            frame[column] = [d.date() for d in frame[column]]
        return types.SimpleNamespace(mapInPandas=lambda f, schema: self.map_in_pandas(frame, f, schema))

    def map_in_pandas(self, frame, f, schema):
        batches = (frame.iloc[i:i + self.BATCH].copy() for i in range(0, len(frame), self.BATCH))
        out = pd.concat(list(f(batches)), ignore_index=True)
        assert list(out.columns) == [field.split()[0] for field in schema.split(", ")]
        return out


def test_pyspark_block_runs(tmp_path, monkeypatch):
    _, spark_block = at_scale_blocks()
    tickets = write_tickets(tmp_path / "tickets")
    monkeypatch.chdir(tmp_path)
    sql = types.ModuleType("pyspark.sql")
    sql.SparkSession = types.SimpleNamespace(builder=types.SimpleNamespace(getOrCreate=FakeSpark))
    pyspark = types.ModuleType("pyspark")
    pyspark.sql = sql
    monkeypatch.setitem(sys.modules, "pyspark", pyspark)
    monkeypatch.setitem(sys.modules, "pyspark.sql", sql)
    names: dict = {}
    exec(spark_block, names)
    assert isinstance(names["result"]["dispatched"].iloc[0], dt.date)
    check(names["result"], tickets)
