"""The ticket API on a shared engine: threads give the sequential results, a pickled engine
(another process) gives the same results, and big batches run without the GIL."""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import multiprocessing
import pickle
import sys
import threading
import time

import pytest
from pandas.testing import assert_frame_equal
from ticket_scenarios import CC, many_tickets, march_fixture, t

import jiesu


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def tickets(eng):
    return many_tickets(eng, 80)


def calls(tickets):
    """A mixed workload: per ticket, the state and evaluation at three instants and an urge."""
    out = []
    for i, events in enumerate(tickets):
        last = dt.datetime.fromisoformat(events[-1]["at"])
        for k, hours in enumerate((0, 30, 24 * 12)):
            out.append(("evaluate", events, last + dt.timedelta(hours=hours)))
            out.append(("state", events, last + dt.timedelta(hours=hours + k)))
        out.append(("handle", events, CC, {"type": "urge", "message": f"请加快办理 {i}"}, last + dt.timedelta(hours=1)))
    return out


def run(eng, call):
    name, *args = call
    try:
        return getattr(eng, name)(*args)
    except jiesu.JiesuError as e:   # a closed ticket cannot be urged: the error is a result too
        return (type(e).__name__, str(e))


def test_threads_on_a_shared_engine_give_the_sequential_results(eng, tickets):
    work = calls(tickets)
    sequential = [run(eng, c) for c in work]
    assert any(isinstance(r, tuple) for r in sequential) and any(isinstance(r, list) for r in sequential)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(2):
            threaded = list(pool.map(lambda c: run(eng, c), work))
            assert threaded == sequential
        # And assessments of the whole batch, concurrently.
        frames = list(pool.map(lambda _: eng.assess(tickets, "2026-03"), range(4)))
    for df in frames:
        assert_frame_equal(df, frames[0])


def test_a_pickled_engine_gives_identical_results(tickets):
    config = {"schema_version": 1, "sla": {"normal_days": 7}, "calendar": {"policy": "provisional"}}
    eng = jiesu.Engine(config)
    again = pickle.loads(pickle.dumps(eng))
    assert again == eng and again is not eng
    fixture = march_fixture(eng)
    for call in calls(tickets[:20]) + [("state", events, t("2026-03-20 00:00")) for events in fixture]:
        assert run(again, call) == run(eng, call)
    assert_frame_equal(again.assess(fixture, "2026-03"), eng.assess(fixture, "2026-03"))
    assert again.bulletin(fixture, "2026-03") == eng.bulletin(fixture, "2026-03")
    # The configuration took effect: 7 working days, not 5.
    due = eng.state(fixture[0], t("2026-03-02 09:00"))["clocks"][0]["due_at"]
    assert due == t("2026-03-12 00:00")


def _remote(payload: bytes) -> bytes:
    eng, tickets, now = pickle.loads(payload)
    return pickle.dumps((eng.assess(tickets, "2026-03"), [eng.evaluate(e, now) for e in tickets],
                         eng.handle(tickets[0], {"role": "command_center"}, {"type": "urge", "message": "快"}, now)))


def test_a_pickled_engine_in_another_process(eng, tickets):
    now = t("2026-03-31 00:00")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        df, evaluations, urged = pickle.loads(pool.apply(_remote, (pickle.dumps((eng, tickets[:30], now)),)))
    assert_frame_equal(df, eng.assess(tickets[:30], "2026-03"))
    assert evaluations == [eng.evaluate(e, now) for e in tickets[:30]]
    assert urged == eng.handle(tickets[0], CC, {"type": "urge", "message": "快"}, now)


# ---------------------------------------------------------------------------------------------
# the GIL

COPIES = 100


def clone(events, ticket_id):
    """The history re-sealed under another ticket id (compute_hash chains it again)."""
    out, prev = [], "0" * 64
    for e in events:
        e = {**e, "ticket_id": ticket_id, "prev_hash": prev}
        e["hash"] = prev = jiesu.compute_hash(e)
        out.append(e)
    return out


@pytest.fixture(scope="module")
def big_log(eng, tickets, tmp_path_factory):
    """About 8 000 tickets (45 000 events) as a JSON-lines log."""
    path = tmp_path_factory.mktemp("log") / "events.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for k in range(COPIES):
            for i, events in enumerate(tickets):
                for e in clone(events, f"B{k:03d}-{i:03d}"):
                    f.write(json.dumps(e, ensure_ascii=False) + "\n")
    return path


@pytest.fixture()
def no_forced_switches():
    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def overlap(f, threads=2):
    """The share of the shorter call that overlapped the other (see test_gil.py)."""
    barrier = threading.Barrier(threads)
    spans: list[tuple[float, float]] = []

    def go():
        barrier.wait()
        t0 = time.perf_counter()
        f()
        spans.append((t0, time.perf_counter()))

    workers = [threading.Thread(target=go) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    (a0, a1), (b0, b1) = spans
    return max(0.0, min(a1, b1) - max(a0, b0)) / min(a1 - a0, b1 - b0)


def test_assess_over_a_log_releases_the_gil(eng, big_log, tickets, no_forced_switches):
    df = eng.assess(big_log, "2026-03")
    assert df["dispatched"].sum() == COPIES * len(tickets)
    shares = []
    for _ in range(3):
        shares.append(overlap(lambda: eng.assess(big_log, "2026-03")))
        if shares[-1] > 0.5:
            break
    assert max(shares) > 0.5, shares
    # Group evaluation too.
    shares = [overlap(lambda: eng.evaluate_group(big_log, t("2026-03-31 00:00"))) for _ in range(2)]
    assert max(shares) > 0.5, shares
