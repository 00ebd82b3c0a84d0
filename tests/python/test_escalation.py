"""Escalation through Engine.evaluate / escalate / evaluate_group: alerts due now, recorded
once, and an exact next_check_at (a timer, not polling)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from ticket_scenarios import LEAD, Script, t

import jiesu

SECOND = dt.timedelta(seconds=1)


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


def test_evaluate_escalate_evaluate(eng):
    s = Script(eng, "E1", "2026-03-02 09:10")
    ev = eng.evaluate(s.events, t("2026-03-02 09:10"))
    assert ev == {"alerts": [], "next_check_at": t("2026-03-02 21:10"), "skipped": []}   # response warn_at
    now = ev["next_check_at"]
    ev = eng.evaluate(s.events, now)
    [alert] = ev["alerts"]
    assert alert["rule"] == "response.warning" and alert["level"] == "warning" and alert["target"] == "unit"
    assert (alert["ticket_id"], alert["clock"], alert["unit"]) == ("E1", "response", LEAD)
    assert (alert["due_since"], alert["instance"]) == (now, t("2026-03-03 09:10"))
    # The message names the unit from the engine's guide, not its id (issue 14).
    assert "E1" in alert["message"] and "砚山县城市管理局" in alert["message"] and LEAD not in alert["message"]

    new = eng.escalate(s.events, ev["alerts"], now)
    assert [e["type"] for e in new] == ["escalated"]
    assert new[0]["actor"] == {"role": "command_center", "user": "escalation_rules"}
    assert (new[0]["rule"], new[0]["level"], new[0]["instance"]) == ("response.warning", "warning", "2026-03-03T09:10:00+08:00")
    s.events += new
    again = eng.evaluate(s.events, now)
    assert again["alerts"] == []
    assert again["next_check_at"] == t("2026-03-03 09:10")        # the response breach
    assert eng.state(s.events, now)["escalations"] == [
        {"rule": "response.warning", "level": "warning", "at": now, "clock": "response", "unit": LEAD,
         "instance": t("2026-03-03 09:10")}]
    # The whole evaluate() result is accepted too, and no alerts give no events.
    assert eng.escalate(s.events, again, now) == []


def test_next_check_at_is_exact_along_the_whole_ladder(eng):
    """Driven by its own timer only: one second before each next_check_at nothing is due; at it
    something is; once recorded, nothing is due again at the same instant."""
    s = Script(eng, "E2", "2026-03-02 09:10")   # never acknowledged, never reported
    fired = []
    nca = eng.evaluate(s.events, t("2026-03-02 09:10"))["next_check_at"]
    while nca is not None:
        assert nca.utcoffset() == dt.timedelta(hours=8)
        assert eng.evaluate(s.events, nca - SECOND)["alerts"] == []
        ev = eng.evaluate(s.events, nca)
        assert ev["alerts"], nca
        assert all(a["due_since"] == nca for a in ev["alerts"])
        fired += [(a["rule"], a["due_since"]) for a in ev["alerts"]]
        s.events += eng.escalate(s.events, ev["alerts"], nca)
        after = eng.evaluate(s.events, nca)
        assert after["alerts"] == []
        assert after["next_check_at"] is None or after["next_check_at"] > nca
        nca = after["next_check_at"]
        assert len(fired) < 20
    assert fired == [
        ("response.warning", t("2026-03-02 21:10")),
        ("response.urging", t("2026-03-03 09:10")),
        ("response.supervision", t("2026-03-04 09:10")),    # 1 working day after the breach
        ("response.listed", t("2026-03-06 09:10")),         # 3 working days
        ("completion.warning", t("2026-03-09 00:00")),
        ("completion.urging", t("2026-03-10 00:00")),
        ("completion.supervision", t("2026-03-11 00:00")),
        ("completion.listed", t("2026-03-13 00:00")),
    ]
    state = eng.state(s.events, t("2026-03-13 00:00"))
    assert state["flags"]["supervised"] and len(state["escalations"]) == len(fired)
    assert eng.verify(s.events)["intact"]


def test_met_clocks_stop_their_rules(eng):
    s = Script(eng, "E3", "2026-03-02 09:10").handle("2026-03-02 09:30", "2026-03-02 10:00")
    ev = eng.evaluate(s.events, t("2026-03-02 10:00"))
    assert ev["alerts"] == [] and ev["next_check_at"] == t("2026-03-09 00:00")   # completion warn_at
    # Terminal tickets raise nothing and schedule nothing.
    s.report("2026-03-03 10:00").cc({"type": "record_callback", "outcome": "satisfied", "solved": True}, "2026-03-04 10:00")
    s.cc({"type": "close"}, "2026-03-04 11:00")
    assert eng.evaluate(s.events, t("2026-04-30 00:00")) == {"alerts": [], "next_check_at": None, "skipped": []}
    assert eng.evaluate([], t("2026-03-02 10:00")) == {"alerts": [], "next_check_at": None, "skipped": []}


def test_rules_beyond_the_calendar_are_skipped(eng):
    s = Script(eng, "E4", "2026-12-24 09:00")
    ev = eng.evaluate(s.events, t("2026-12-31 00:00"))
    assert "completion.listed" in ev["skipped"]


def test_escalate_refuses_alerts_of_another_ticket(eng):
    a, b = Script(eng, "E5", "2026-03-02 09:10"), Script(eng, "E6", "2026-03-02 09:10")
    alerts = eng.evaluate(a.events, t("2026-03-02 21:10"))["alerts"]
    with pytest.raises(jiesu.InvalidInput, match='alert for ticket "E5" recorded on ticket "E6"') as e:
        eng.escalate(b.events, alerts, t("2026-03-02 21:10"))
    assert e.value.field == "alerts[0].ticket_id"
    with pytest.raises(jiesu.ParseError, match=r"alerts\[0\]"):
        eng.escalate(a.events, [{"rule": "x"}], t("2026-03-02 21:10"))


def repeat_requests(eng):
    """The same requester (the key the platform derives from the phone) three times in 30 days."""
    return [Script(eng, f"R{i}", f"2026-03-0{2 + i} 09:00", requester_key="rk-0001").events for i in range(3)]


def test_evaluate_group_repeated_requests(eng, tmp_path):
    tickets = repeat_requests(eng)
    g = eng.evaluate_group(tickets, t("2026-03-05 00:00"))
    assert [(a["rule"], a["ticket_id"], a["tickets"]) for a in g["alerts"]] == [
        ("repeat.second", "R1", ["R0", "R1"]),
        ("repeat.third", "R2", ["R0", "R1", "R2"]),
    ]
    assert all(isinstance(a["due_since"], dt.datetime) for a in g["alerts"])
    # The same from a JSON-lines event log.
    log = tmp_path / "events.jsonl"
    log.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for events in tickets for e in events), encoding="utf-8")
    assert eng.evaluate_group(log, t("2026-03-05 00:00")) == g
    assert eng.evaluate_group(str(log), t("2026-03-05 00:00")) == g
    # Recorded on their tickets, they are not raised again.
    by_ticket = {"R0": 0, "R1": 1, "R2": 2}
    for a in g["alerts"]:
        i = by_ticket[a["ticket_id"]]
        tickets[i] = tickets[i] + eng.escalate(tickets[i], [a], t("2026-03-05 00:00"))
    assert eng.evaluate_group(tickets, t("2026-03-05 00:00")) == {"alerts": []}
    # Before the second request, nothing.
    assert eng.evaluate_group(tickets[:1], t("2026-03-05 00:00")) == {"alerts": []}


def test_rule_set(eng):
    rules = eng.rules
    assert rules["id"] == "default" and rules["schema_version"] == 1
    ids = [r["id"] for r in rules["rules"]]
    assert ids[0] == "response.warning" and "repeat.second" in ids and len(ids) == len(set(ids))
    # Rules are configuration: an engine without them raises nothing.
    quiet = jiesu.Engine({"rules": {"schema_version": 1, "id": "none", "rules": []}})
    s = Script(quiet, "E7", "2026-03-02 09:10")
    assert quiet.evaluate(s.events, t("2026-04-30 00:00")) == {"alerts": [], "next_check_at": None, "skipped": []}


def test_alerts_are_recorded_only_when_evaluate_raises_them(eng):
    """Issue 14 item 8: an alert recorded before it is due, or for another instance of its
    clock, would silence its rule for the real breach: refused."""
    s = Script(eng, "E8", "2026-03-02 09:10")
    late = eng.evaluate(s.events, t("2026-03-12 10:00"))["alerts"]
    supervision = next(a for a in late if a["rule"] == "completion.supervision")
    with pytest.raises(jiesu.InvalidInput, match="cannot be recorded yet") as e:
        eng.escalate(s.events, [supervision], t("2026-03-03 10:00"))
    assert e.value.rule == "R-ESC-4"
    early = {**supervision, "due_since": t("2026-03-03 10:00")}
    with pytest.raises(jiesu.InvalidInput, match="only alerts evaluate raises now are recorded"):
        eng.escalate(s.events, [early], t("2026-03-03 10:00"))
    assert [e["rule"] for e in eng.escalate(s.events, [supervision], t("2026-03-12 10:00"))] == ["completion.supervision"]
