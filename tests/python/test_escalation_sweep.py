"""Engine.sweep (issue 19): over tickets with their stored next_check_at, only the due ones are
evaluated — exactly as evaluate would — and the next sweep's instant is the earliest stored."""
from __future__ import annotations

import datetime as dt

import pytest
from ticket_scenarios import Script, t

import jiesu


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


def test_a_sweep_evaluates_only_the_due_tickets(eng):
    a = Script(eng, "S1", "2026-03-02 09:10")
    b = Script(eng, "S2", "2026-03-02 10:10")
    stored = {s.events[0]["ticket_id"]: eng.evaluate(s.events, t("2026-03-02 10:10"))["next_check_at"] for s in (a, b)}
    assert stored == {"S1": t("2026-03-02 21:10"), "S2": t("2026-03-02 22:10")}   # the response warnings
    now = t("2026-03-02 21:30")
    # The third ticket has nothing scheduled: its events are never read.
    sw = eng.sweep([(a.events, stored["S1"]), (b.events, stored["S2"]), ("not even JSON", None)], now)
    full = eng.evaluate(a.events, now)
    assert [a["rule"] for a in full["alerts"]] == ["response.warning"]
    assert sw["checked"] == [{"index": 0, "ticket_id": "S1", **full}]
    assert sw["not_due"] == 2
    assert sw["next_sweep_at"] == min(stored["S2"], full["next_check_at"]) == t("2026-03-02 22:10")
    # What was not due raises nothing now, as its stored instant says.
    assert eng.evaluate(b.events, now) == {"alerts": [], "next_check_at": stored["S2"], "skipped": []}

    # Recorded, and the new instant stored: the next sweep at it finds the second ticket only.
    a.events += eng.escalate(a.events, sw["checked"][0]["alerts"], now)
    stored["S1"] = sw["checked"][0]["next_check_at"]
    later = eng.sweep([(a.events, stored["S1"]), (b.events, stored["S2"])], sw["next_sweep_at"])
    assert [(c["index"], [x["rule"] for x in c["alerts"]]) for c in later["checked"]] == [(1, ["response.warning"])]
    assert later["not_due"] == 1


def test_nothing_due_and_nothing_scheduled(eng):
    a = Script(eng, "S3", "2026-03-02 09:10")
    assert eng.sweep([], t("2026-03-02 09:10")) == {"checked": [], "not_due": 0, "next_sweep_at": None}
    assert eng.sweep(iter([(a.events, None)]), t("2026-03-09 09:10")) == {"checked": [], "not_due": 1, "next_sweep_at": None}
    # A ticket that has gone quiet is checked with nothing to raise and nothing scheduled.
    closed = eng.sweep([([], t("2026-03-02 09:00"))], t("2026-03-02 09:10"))
    assert closed["checked"] == [{"index": 0, "ticket_id": "", "alerts": [], "next_check_at": None, "skipped": []}]


def test_bad_input_names_the_ticket(eng):
    now = t("2026-03-02 21:30")
    with pytest.raises(jiesu.ParseError, match=r"tickets\[1\]"):
        eng.sweep([([], None), ([{"seq": 1}], t("2026-03-02 09:00"))], now)
    with pytest.raises(TypeError, match="pairs"):
        eng.sweep([[]], now)
    with pytest.raises(TypeError, match="pairs"):
        eng.sweep(3, now)
    with pytest.raises(jiesu.InvalidInput, match=r"tickets\[0\]\[1\]"):
        eng.sweep([([], dt.datetime(2026, 3, 2, 9, 0))], now)
