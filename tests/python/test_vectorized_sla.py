"""Engine.deadlines_frame: deadlines of many dispatch instants at once, equal to the scalar
Engine.deadlines row by row (timing is in benches/python/deadlines_frame.py)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import jiesu

CLOCKS = ("response", "return_window", "first_feedback", "completion")


@pytest.fixture(scope="module")
def eng():
    # Provisional beyond 2026: random dispatches late in 2026 have deadlines in 2027.
    return jiesu.Engine({"calendar": {"policy": "provisional"}})


def random_instants(rng: np.random.Generator, n: int) -> pd.Series:
    start = pd.Timestamp("2025-01-01", tz="Asia/Shanghai")
    seconds = rng.integers(0, 690 * 86400, n)
    micros = rng.integers(0, 1_000_000, n) * (rng.random(n) < 0.2)
    return pd.Series(start + pd.to_timedelta(seconds, unit="s") + pd.to_timedelta(micros, unit="us"))


def scalar_row(eng, at, **input):
    d = eng.deadlines(at, **input)
    return {f"{c}_{w}": d[c][w] if c in d else None for c in CLOCKS for w in ("due_at", "warn_at")}


def test_equals_the_scalar_path_on_random_inputs(eng, rng):
    n = 400
    at = random_instants(rng, n)
    leaves = eng.categories().query("is_leaf")["code"].to_numpy()
    cats = rng.choice(leaves, n)
    frame = eng.deadlines_frame(at, category=cats)
    inputs = eng.sla_inputs(cats)
    assert list(frame.columns) == [f"{c}_{w}" for c in CLOCKS for w in ("due_at", "warn_at")] + ["provisional"]
    for i in range(n):
        u, h, lim = inputs.iloc[i]
        kw = {"urgency": u, "handling_class": h}
        if h == "statutory":
            kw["statutory"] = lim
        elif h == "complex" and lim is not None:
            kw["complex_days"] = lim["working_days"]
        expected = scalar_row(eng, at[i].to_pydatetime(), **kw)
        for col, v in expected.items():
            got = frame[col].iloc[i]
            assert (pd.isna(got) and v is None) or got == v, (i, col, got, v)


def test_explicit_inputs_broadcast_and_override_the_category(eng, rng):
    at = random_instants(rng, 50)
    urgent = eng.deadlines_frame(at, "urgent", "urgent")
    assert urgent["first_feedback_due_at"].notna().all()
    mixed = eng.deadlines_frame(at, urgency=["urgent", "normal"] * 25, handling_class="normal")
    assert mixed["first_feedback_due_at"].notna().tolist() == [True, False] * 25
    statutory = eng.deadlines_frame(at, handling_class="statutory", urgency="normal", limit={"calendar_days": 60})
    by_cat = eng.deadlines_frame(at, category="010303")  # 工伤认定: 60 calendar days
    assert (statutory["completion_due_at"] == by_cat["completion_due_at"]).all()


def test_index_nat_naive_and_errors(eng):
    at = pd.Series(pd.to_datetime(["2026-03-02 10:00", None]), index=["a", "b"])
    with pytest.raises(TypeError, match="tz="):
        eng.deadlines_frame(at, category="040201")
    d = eng.deadlines_frame(at, category="040201", tz="Asia/Shanghai")
    assert list(d.index) == ["a", "b"]
    assert d["completion_due_at"]["a"] == dt.datetime(2026, 3, 10, tzinfo=jiesu.CST)
    assert d.loc["b"].drop("provisional").isna().all()
    with pytest.raises(jiesu.CoverageError) as e:
        jiesu.Engine.default().deadlines_frame(pd.Series([pd.Timestamp("2026-03-02", tz="UTC"), pd.Timestamp("2026-12-30", tz="UTC")]), category="040201")
    assert e.value.index == 1
    with pytest.raises(jiesu.InvalidInput):
        eng.deadlines_frame(at, category="999999", tz="Asia/Shanghai")


def test_progress_is_reported_by_blocks(eng, rng, monkeypatch):
    from jiesu import _frames

    monkeypatch.setattr(_frames, "CHUNK", 64)
    at = random_instants(rng, 200)
    seen: list[tuple[int, int]] = []
    with_progress = eng.deadlines_frame(at, category="040201", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(64, 200), (128, 200), (192, 200), (200, 200)]
    assert with_progress.equals(eng.deadlines_frame(at, category="040201"))


def test_the_scalar_path_points_to_the_vectorized_one(eng):
    at = pd.Series([pd.Timestamp("2026-03-02 10:00", tz="Asia/Shanghai")])
    with pytest.raises(TypeError, match="deadlines_frame"):
        eng.deadlines(at, "normal", "normal")
