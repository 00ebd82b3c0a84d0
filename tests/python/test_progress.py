"""Progress of the long calls an analyst makes over many histories (issue 17): ``assess``,
``assess_records`` and ``records`` take ``progress`` — a callable ``progress(done, total)``
called by the core as it replays the histories then assesses the tickets, or ``True`` for a
tqdm bar per phase (tqdm is optional: without it, nothing is shown)."""
from __future__ import annotations

import datetime as dt
import json
import sys

import pytest
from pandas.testing import assert_frame_equal
from ticket_scenarios import many_tickets

import jiesu

STEP = 4096  # jiesu::assessment::PROGRESS_STEP


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def month(eng):
    return many_tickets(eng, 450)


@pytest.fixture(scope="module")
def registered(eng):
    """More tickets than a progress step (4 096): requests registered, not yet dispatched."""
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=jiesu.CST)
    cc = {"role": "command_center"}
    return [eng.handle([], cc, {"type": "register", "id": f"YS-{i}", "appeal_type": "complaint", "content": "路灯不亮"}, at)
            for i in range(STEP + 200)]


@pytest.fixture(scope="module")
def log(month, registered, tmp_path_factory):
    path = tmp_path_factory.mktemp("log") / "events.jsonl"
    lines = (json.dumps(e, ensure_ascii=False) + "\n" for events in month + registered for e in events)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def steps(total):
    """What the core reports for `total` items: 0, every STEP, then the total."""
    return [(0, total)] + [(k, total) for k in range(STEP, total, STEP)] + [(total, total)]


def test_assess_reports_the_replay_then_the_assessment(eng, month):
    seen = []
    got = eng.assess(month, "2026-03", progress=lambda done, total: seen.append((done, total)))
    n = len(month)
    assert seen == steps(n) + steps(n)
    assert_frame_equal(got, eng.assess(month, "2026-03"))


def test_many_histories_are_replayed_by_blocks(eng, registered):
    seen = []
    got = eng.assess(registered, "2026-03", progress=lambda done, total: seen.append((done, total)))
    assert seen == steps(len(registered)) + steps(len(registered))
    assert len(seen) == 6  # 0, 4 096, all: twice
    assert_frame_equal(got, eng.assess(registered, "2026-03"))


def test_a_log_is_replayed_event_by_event(eng, month, registered, log):
    events = sum(len(h) for h in month + registered)
    seen = []
    got = eng.assess(log, "2026-03", by="category", progress=lambda done, total: seen.append((done, total)))
    assert seen == steps(events) + steps(len(month) + len(registered))
    assert_frame_equal(got, eng.assess(log, "2026-03", by="category"))


def test_records_and_assess_records_report_progress(eng, month):
    seen = []
    records = eng.records(month, progress=lambda done, total: seen.append((done, total)))
    assert seen == steps(len(month))
    seen.clear()
    got = eng.assess_records(records, "2026-03", roles="all", progress=lambda done, total: seen.append((done, total)))
    tickets = records["ticket_id"].nunique()
    assert seen == steps(tickets)
    assert_frame_equal(got, eng.assess(month, "2026-03", roles="all"))


def test_an_exception_in_the_callback_stops_the_reports_and_is_raised(eng, month):
    calls = []

    def fail(done, total):
        calls.append(done)
        raise KeyError("stop")

    with pytest.raises(KeyError, match="stop"):
        eng.assess(month, "2026-03", progress=fail)
    assert calls == [0]


def test_true_shows_a_tqdm_bar_per_phase(eng, month, capsys):
    pytest.importorskip("tqdm")
    got = eng.assess(month, "2026-03", progress=True)
    err = capsys.readouterr().err
    assert "replay: 100%" in err and f"{len(month)}/{len(month)}" in err
    assert "assess: 100%" in err
    assert_frame_equal(got, eng.assess(month, "2026-03"))


def test_true_without_tqdm_shows_nothing(eng, month, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if tqdm were absent
    got = eng.assess(month, "2026-03", progress=True)
    assert capsys.readouterr().err == ""
    assert_frame_equal(got, eng.assess(month, "2026-03"))


@pytest.mark.parametrize("bad", ["yes", 1])
def test_a_progress_that_is_neither_a_flag_nor_a_callable_is_refused(eng, month, bad):
    with pytest.raises(TypeError, match="progress must be"):
        eng.assess(month[:3], "2026-03", progress=bad)
