"""The ticket lifecycle through Engine.handle / state / verify / archive: event lists in, the
new events out, every refusal an exception that changes nothing."""
from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib

import pytest
from ticket_scenarios import CC, LEAD, LEAD_ACTOR, NAME, PHONE, STREET_LIGHTS, Script, t

import jiesu


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


def register(id: str = "YS-1", **extra):
    return {"type": "register", "id": id, "appeal_type": "complaint", "content": "江那镇某小区门口路灯坏了一个多月",
            "requester": {"name": NAME, "phone": PHONE}, "location": {"township": "jiangna"}, **extra}


@pytest.fixture()
def dispatched(eng):
    events = eng.handle([], CC, register(), t("2026-03-02 09:00"))
    events += eng.handle(events, CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, t("2026-03-02 09:10"))
    return events


def status(eng, events, at="2026-03-31 00:00"):
    return eng.state(events, t(at))["status"]


def test_full_lifecycle_from_nothing(eng):
    events: list[dict] = []
    steps = [
        (CC, register(), "2026-03-02 09:00", ["registered"], "registered"),
        (CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, "2026-03-02 09:10", ["dispatched"], "dispatched"),
        (LEAD_ACTOR, {"type": "acknowledge"}, "2026-03-02 09:30", ["acknowledged"], "in_progress"),
        (LEAD_ACTOR, {"type": "contact_requester", "note": "电话联系"}, "2026-03-02 10:00", ["requester_contacted"], "in_progress"),
        (LEAD_ACTOR, {"type": "add_progress", "note": "已派人查看"}, "2026-03-03 10:00", ["progress_added"], "in_progress"),
        # An aware datetime inside a command is accepted (stored as RFC 3339 text).
        (LEAD_ACTOR, {"type": "submit_report", "report": {"result": "已更换灯泡", "answered_at": t("2026-03-04 10:00"),
                                                          "evidence": ["photo-1.jpg"], "approved_by": "王局长", "solved": True}},
         "2026-03-04 10:00", ["report_submitted"], "reported"),
        (CC, {"type": "review_report", "accept": True}, "2026-03-04 11:00", ["report_accepted"], "awaiting_callback"),
        (CC, {"type": "record_callback", "outcome": "satisfied", "solved": True}, "2026-03-05 10:00", ["callback_recorded"],
         "awaiting_callback"),
        (CC, {"type": "close"}, "2026-03-05 11:00", ["closed"], "closed"),
        (CC, {"type": "archive"}, "2026-03-06 09:00", ["archived"], "archived"),
    ]
    for actor, command, at, types, expected in steps:
        new = eng.handle(events, actor, command, t(at))
        assert [e["type"] for e in new] == types, command
        assert [e["seq"] for e in new] == list(range(len(events) + 1, len(events) + 1 + len(new)))
        assert new[0]["prev_hash"] == (events[-1]["hash"] if events else "0" * 64)
        events += new
        assert status(eng, events, at) == expected
    # Events are the stored JSON: serializable as is, and they round-trip.
    text = json.dumps(events, ensure_ascii=False)
    assert json.loads(text) == events
    assert eng.state(text, t("2026-03-31 00:00")) == eng.state(events, t("2026-03-31 00:00"))
    assert events[5]["report"]["answered_at"] == "2026-03-04T10:00:00+08:00"
    assert all(e["ticket_id"] == "YS-1" and e["schema_version"] == 2 for e in events)
    assert events[2]["actor"] == LEAD_ACTOR and events[2]["unit"] == LEAD

    s = eng.state(events, t("2026-03-31 00:00"))
    assert s["summary"]["outcome"] == "resolved"
    assert s["flags"]["terminal"] and s["event_count"] == len(events) and s["last_hash"] == events[-1]["hash"]
    assert {c["clock"]: c["status"] for c in s["clocks"]} == {"completion": "met", "response": "met", "return_window": "unused"}
    assert s["closed_at"] == t("2026-03-05 11:00")
    assert s["callbacks"] == [{"at": t("2026-03-05 10:00"), "outcome": "satisfied", "solved": True}]

    # The archived file verifies; a truncated one does not.
    archive = eng.archive(events)
    assert (archive["ticket_id"], archive["event_count"], archive["final_hash"]) == ("YS-1", len(events), events[-1]["hash"])
    assert archive["events"] == events
    assert jiesu.verify_archive(archive) == {"intact": True, "events": len(events), "problem": None}
    assert jiesu.verify_archive(json.dumps(archive)) == jiesu.verify_archive(archive)
    short = {**archive, "events": events[:-1]}
    v = jiesu.verify_archive(short)
    assert not v["intact"] and v["problem"]["kind"] == "truncated"
    for e in events:
        assert jiesu.compute_hash(e) == e["hash"]

    # Nothing applies after archiving.
    with pytest.raises(jiesu.InvalidTransition, match="not allowed in status archived"):
        eng.handle(events, CC, {"type": "urge", "message": "请加快"}, t("2026-03-07 09:00"))


def test_a_refused_command_leaves_nothing(eng, dispatched):
    before = copy.deepcopy(dispatched)
    state = eng.state(dispatched, t("2026-03-02 10:00"))
    refused = [
        ({"role": "unit", "unit": "water"}, {"type": "acknowledge"}, jiesu.PermissionDenied),
        (LEAD_ACTOR, {"type": "submit_report", "report": {"result": "x"}}, jiesu.InvalidTransition),
        (CC, {"type": "close"}, jiesu.InvalidTransition),
        (LEAD_ACTOR, {"type": "add_progress", "note": " "}, jiesu.InvalidInput),
        (LEAD_ACTOR, {"type": "acknowledge", "note": "x"}, jiesu.ParseError),
    ]
    for actor, command, exc in refused:
        with pytest.raises(exc):
            eng.handle(dispatched, actor, command, t("2026-03-02 10:00"))
    # The list passed in is not mutated, and the ticket is as it was.
    assert dispatched == before
    assert eng.state(dispatched, t("2026-03-02 10:00")) == state


def test_wrong_role_is_permission_denied_naming_the_role(eng, dispatched):
    with pytest.raises(jiesu.PermissionDenied) as e:
        eng.handle(dispatched, {"role": "unit", "unit": LEAD}, {"type": "close"}, t("2026-03-02 10:00"))
    assert "requires role command_center" in str(e.value) and "actor is unit" in str(e.value)
    assert e.value.rule == "R-ORG-1" and e.value.kind == "permission_denied"
    assert not isinstance(e.value, ValueError)
    with pytest.raises(jiesu.PermissionDenied, match="supervision_office; actor is leading_group") as e:
        eng.handle(dispatched, {"role": "leading_group"}, {"type": "supervise", "note": "x"}, t("2026-03-02 10:00"))
    assert e.value.rule == "R-ORG-4"
    with pytest.raises(jiesu.PermissionDenied, match='unit "water"') as e:
        eng.handle(dispatched, {"role": "unit", "unit": "water"}, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    assert e.value.rule == "R-ORG-2"


def test_late_return_is_an_invalid_transition_under_r_sla_2(eng, dispatched):
    request = {"type": "request_return", "reason": "不属于本单位职责", "evidence": ["职责清单.pdf"], "suggested_unit": "water"}
    # The return window closes 1 working day after dispatch: 03-03 24:00.
    with pytest.raises(jiesu.InvalidTransition) as e:
        eng.handle(dispatched, LEAD_ACTOR, request, t("2026-03-04 00:00"))
    assert e.value.rule == "R-SLA-2" and isinstance(e.value, ValueError)
    assert "return window closed at 2026-03-04 00:00:00 +08:00" in str(e.value)
    new = eng.handle(dispatched, LEAD_ACTOR, request, t("2026-03-03 23:59:59"))
    assert [e["type"] for e in new] == ["return_requested"]


def test_unknown_command_type_and_fields_are_parse_errors(eng, dispatched):
    with pytest.raises(jiesu.ParseError, match="unknown variant `frobnicate`") as e:
        eng.handle(dispatched, LEAD_ACTOR, {"type": "frobnicate"}, t("2026-03-02 10:00"))
    assert e.value.field == "command" and isinstance(e.value, ValueError)
    with pytest.raises(jiesu.ParseError, match="unknown field `colour`"):
        eng.handle(dispatched, LEAD_ACTOR, {"type": "add_progress", "note": "x", "colour": "red"}, t("2026-03-02 10:00"))
    with pytest.raises(jiesu.ParseError, match="unknown variant `king`") as e:
        eng.handle(dispatched, {"role": "king"}, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    assert e.value.field == "actor"
    with pytest.raises(jiesu.ParseError, match="invalid JSON") as e:
        eng.handle("[", LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    with pytest.raises(jiesu.ParseError, match=r"events\[1\]: missing field") as e:
        eng.handle([dispatched[0], {"type": "acknowledged"}], LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    assert e.value.field == "events[1]"


def test_every_other_exception_class_is_reachable(eng, dispatched):
    # InvalidInput: a missing field (named), now before the last event, a naive now.
    with pytest.raises(jiesu.InvalidInput) as e:
        eng.handle([], CC, register(content=" "), t("2026-03-02 09:00"))
    assert (e.value.field, e.value.rule) == ("content", "R-SCOPE-1")
    with pytest.raises(jiesu.InvalidInput, match="earlier than the last event") as e:
        eng.handle(dispatched, LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-01 09:00"))
    assert e.value.field == "now"
    with pytest.raises(jiesu.InvalidInput, match="naive datetime"):
        eng.handle(dispatched, LEAD_ACTOR, {"type": "acknowledge"}, dt.datetime(2026, 3, 2, 10))
    with pytest.raises(jiesu.InvalidInput, match="naive datetime") as e:
        eng.handle(dispatched, LEAD_ACTOR, {"type": "submit_report", "report": {"answered_at": dt.datetime(2026, 3, 2)}},
                   t("2026-03-02 10:00"))
    assert e.value.field == "command.report.answered_at"
    # LimitExceeded: a text over 20 000 characters.
    with pytest.raises(jiesu.LimitExceeded) as e:
        eng.handle([], CC, register(content="路" * 20_001), t("2026-03-02 09:00"))
    assert e.value.field == "content"
    # CoverageError: the completion deadline of a ticket dispatched on 2026-12-30 is in 2027.
    late = eng.handle([], CC, register("YS-9"), t("2026-12-30 09:00"))
    with pytest.raises(jiesu.CoverageError) as e:
        eng.handle(late, CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, t("2026-12-30 09:10"))
    assert (e.value.year, e.value.rule) == (2027, "R-SLA-7")
    provisional = jiesu.Engine({"calendar": {"policy": "provisional"}})
    assert provisional.handle(late, CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, t("2026-12-30 09:10"))
    # ValidationError: assessment options out of range.
    with pytest.raises(jiesu.ValidationError) as e:
        eng.assess([dispatched], "2026-03", weights={"response": 2.0})
    assert e.value.problems == [("weights.response", "2 is not in [0, 1]")]
    # TypeError for what is not JSON-like or not a list.
    with pytest.raises(TypeError, match="command.note: a set is not JSON-like"):
        eng.handle(dispatched, LEAD_ACTOR, {"type": "add_progress", "note": {1, 2}}, t("2026-03-02 10:00"))
    with pytest.raises(TypeError, match="events must be a list"):
        eng.handle(dispatched[0], LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    with pytest.raises(TypeError, match="timezone-aware"):
        eng.state(dispatched, "2026-03-02")


def test_a_history_that_does_not_verify_is_refused(eng, dispatched):
    forged = copy.deepcopy(dispatched)
    forged[1]["completion"]["due_at"] = "2026-04-30T00:00:00+08:00"   # a later deadline
    for call in (lambda: eng.handle(forged, LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 10:00")),
                 lambda: eng.state(forged, t("2026-03-02 10:00"))):
        with pytest.raises(jiesu.InvalidInput) as e:
            call()
        assert (e.value.field, e.value.rule) == ("events[1]", "R-FLOW-5")
        assert "does not match its hash" in str(e.value)


def test_verify_reports_tampering_as_a_result(eng, dispatched):
    events = dispatched + eng.handle(dispatched, LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 09:30"))
    assert eng.verify(events) == {"intact": True, "events": 3, "problem": None}
    assert eng.verify([]) == {"intact": True, "events": 0, "problem": None}

    altered = copy.deepcopy(events)
    altered[0]["requester"]["phone"] = "13900000000"
    v = eng.verify(altered)
    assert v["intact"] is False and v["events"] == 3
    assert v["problem"]["index"] == 0 and v["problem"]["kind"] == "altered"
    assert "does not match its hash" in v["problem"]["message"]

    # Re-hashing the altered event does not help: the next one no longer chains to it.
    altered[0]["hash"] = jiesu.compute_hash(altered[0])
    assert eng.verify(altered)["problem"]["kind"] == "chain_broken"
    assert eng.verify(altered)["problem"]["index"] == 1

    assert eng.verify([events[0], events[2]])["problem"]["kind"] == "reordered_or_missing"
    assert eng.verify(events[::-1])["problem"]["index"] == 0
    assert eng.verify(events) == eng.verify(json.dumps(events))


def test_state_masks_the_requester_and_gives_every_clock(eng, dispatched):
    s = eng.state(dispatched, t("2026-03-02 10:00"))
    text = repr(s)
    assert NAME not in text and PHONE not in text
    assert s["summary"]["requester"] == {"name": "张**", "phone": "138****5678"}
    assert (s["id"], s["status"], s["summary"]["lead"], s["summary"]["township"]) == ("YS-1", "dispatched", LEAD, "jiangna")
    assert s["assignments"] == [{"unit": LEAD, "name": "砚山县城市管理局（县综合行政执法局）", "role": "lead",
                                 "assigned_at": t("2026-03-02 09:10"), "acknowledged_at": None, "contacted_at": None,
                                 "contributed": False}]
    clocks = {c["clock"]: c for c in s["clocks"]}
    assert [c["clock"] for c in s["clocks"]] == ["completion", "response", "return_window"]
    assert clocks["completion"]["due_at"] == t("2026-03-10 00:00")
    assert clocks["completion"]["warn_at"] == t("2026-03-09 00:00")
    assert clocks["response"]["due_at"] == t("2026-03-03 09:10") and clocks["response"]["unit"] == LEAD
    assert clocks["return_window"]["due_at"] == t("2026-03-04 00:00")
    for c in s["clocks"]:
        assert c["status"] == "running" and c["met_at"] is None and c["started_at"] == t("2026-03-02 09:10")
        assert c["due_at"].utcoffset() == dt.timedelta(hours=8)
    assert s["counters"]["urged"] == 0 and not any(s["flags"].values())
    # Statuses at other instants: due_at is exclusive.
    due = clocks["response"]["due_at"]
    assert eng.state(dispatched, due - dt.timedelta(seconds=1))["clocks"][1]["status"] == "running"
    assert eng.state(dispatched, due)["clocks"][1]["status"] == "breached"
    # Any aware zone gives the same state.
    assert eng.state(dispatched, due.astimezone(dt.timezone.utc)) == eng.state(dispatched, due)
    # The empty history.
    empty = eng.state([], t("2026-03-02 10:00"))
    assert (empty["id"], empty["status"], empty["clocks"], empty["event_count"]) == (None, None, [], 0)


def test_clock_statuses_met_late_and_paused(eng):
    s = Script(eng, "YS-2", "2026-03-02 09:00").handle("2026-03-03 10:00", "2026-03-03 10:30")
    state = eng.state(s.events, t("2026-03-03 11:00"))
    response = next(c for c in state["clocks"] if c["clock"] == "response")
    assert (response["status"], response["met_at"]) == ("met_late", t("2026-03-03 10:30"))
    s.cc({"type": "suspend", "reason": "等待诉求人补充材料"}, "2026-03-04 09:00")
    state = eng.state(s.events, t("2026-03-20 00:00"))
    completion = state["clocks"][0]
    assert (completion["status"], completion["paused_at"]) == ("paused", t("2026-03-04 09:00"))
    assert state["flags"]["suspended"] and state["suspended_at"] == t("2026-03-04 09:00")
    # Resuming adds the paused working days back (03-04..03-06: 2 working days to 03-06 09:00).
    s.cc({"type": "resume"}, "2026-03-06 09:00")
    state = eng.state(s.events, t("2026-03-06 09:00"))
    assert state["clocks"][0]["due_at"] == t("2026-03-12 00:00") and state["clocks"][0]["status"] == "running"


def test_json_text_arguments(eng, dispatched):
    new = eng.handle(json.dumps(dispatched), json.dumps(LEAD_ACTOR), '{"type": "acknowledge"}', t("2026-03-02 09:30"))
    assert new == eng.handle(dispatched, LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 09:30"))
    # Tuples and generators of events work as lists.
    assert eng.handle(tuple(dispatched), LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 09:30")) == new
    assert eng.handle((e for e in dispatched), LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 09:30")) == new


# -------------------------------------------------------------------------------------------
# Forged histories (issue 13): a history built by handle, one event rewritten so that an actor
# did what its role forbids, re-chained with jiesu.compute_hash (an attacker who knows the hash
# function). verify says intact — the chain is valid — but the state (replay) refuses it,
# naming the event, the rule and the reason; so does handle on it.

def rechain(events: list[dict]) -> list[dict]:
    out, prev = [], "0" * 64
    for i, e in enumerate(events):
        e = {**copy.deepcopy(e), "seq": i + 1, "prev_hash": prev}
        e["hash"] = jiesu.compute_hash(e)
        prev = e["hash"]
        out.append(e)
    return out


def forge(events: list[dict], i: int, **changes) -> list[dict]:
    forged = copy.deepcopy(events)
    forged[i].update(changes)
    return rechain(forged)


def refused_by_replay(eng, forged: list[dict], i: int, exc=jiesu.errors.PermissionDenied) -> jiesu.errors.JiesuError:
    """verify: intact; state and handle: `exc` naming events[i]; the error is returned."""
    assert eng.verify(forged) == {"intact": True, "events": len(forged), "problem": None}
    with pytest.raises(exc) as e:
        eng.state(forged, t("2026-03-31 00:00"))
    assert str(e.value).startswith(f"events[{i}]: ") and e.value.field == f"events[{i}]"
    with pytest.raises(exc) as again:
        eng.handle(forged, CC, {"type": "urge", "message": "请加快办理"}, t("2026-03-31 00:00"))
    assert str(again.value) == str(e.value)
    # As stored (JSON text): the same.
    with pytest.raises(exc, match=r"^events\[") as stored:
        eng.state(json.dumps(forged, ensure_ascii=False), t("2026-03-31 00:00"))
    assert str(stored.value) == str(e.value)
    return e.value


@pytest.fixture(scope="module")
def closed(eng):
    """registered, dispatched, acknowledged, contacted, report submitted, accepted, callback
    (satisfied), closed: the lead unit handles, the command center decides."""
    s = Script(eng, "YS-F1", "2026-03-02 09:00").handle("2026-03-02 10:00", "2026-03-02 11:00")
    s.report("2026-03-04 10:00").callback("satisfied", True, "2026-03-05 10:00").close("2026-03-05 11:00")
    assert [e["type"] for e in s.events][5:] == ["report_accepted", "callback_recorded", "closed"]
    assert all(e["actor"] == CC for e in s.events[5:])
    return s.events


def test_forged_unit_records_its_own_satisfied_callback(eng, closed):
    err = refused_by_replay(eng, forge(closed[:7], 6, actor=LEAD_ACTOR), 6)
    assert str(err) == ('events[6]: event callback_recorded must be recorded by command_center; '
                        f'actor is unit of unit "{LEAD}" [R-ORG-1]')
    assert (err.rule, err.kind) == ("R-ORG-1", "permission_denied")
    # Edited without re-hashing: plain tampering at the same event.
    edited = copy.deepcopy(closed[:7])
    edited[6]["actor"] = LEAD_ACTOR
    v = eng.verify(edited)
    assert (v["intact"], v["problem"]["index"], v["problem"]["kind"]) == (False, 6, "altered")


def test_forged_unit_accepts_its_own_report(eng, closed):
    err = refused_by_replay(eng, forge(closed[:6], 5, actor=LEAD_ACTOR), 5)
    assert "event report_accepted must be recorded by command_center" in str(err) and err.rule == "R-ORG-1"


def test_forged_unit_closes_its_own_ticket(eng, closed):
    err = refused_by_replay(eng, forge(closed, 7, actor=LEAD_ACTOR), 7)
    assert "event closed must be recorded by command_center; actor is unit" in str(err) and err.rule == "R-ORG-1"
    # Its leader may not either.
    err = refused_by_replay(eng, forge(closed, 7, actor={"role": "unit_leader", "unit": LEAD}), 7)
    assert "actor is unit_leader of unit" in str(err)


def test_forged_one_unit_acknowledges_for_another(eng):
    s = Script(eng, "YS-F4", "2026-03-02 09:00", decision={"cooperating": ["water"]})
    s.lead({"type": "acknowledge"}, "2026-03-02 10:00")
    s.run({"role": "unit", "unit": "water"}, {"type": "acknowledge"}, "2026-03-02 10:30")
    assert s.events[3]["type"] == "acknowledged" and s.events[3]["unit"] == "water"
    # The lead (assigned) acknowledges for the cooperating unit.
    err = refused_by_replay(eng, forge(s.events, 3, actor=LEAD_ACTOR), 3)
    assert str(err) == (f'events[3]: event acknowledged names unit "water" but was recorded by unit of unit "{LEAD}": '
                        'a unit acts only for itself [R-ORG-2]')
    # An unassigned unit acknowledging for it: refused as not assigned.
    err = refused_by_replay(eng, forge(s.events, 3, actor={"role": "unit", "unit": "finance"}), 3)
    assert "must be recorded by unit assigned to this ticket" in str(err) and err.rule == "R-ORG-2"


def test_forged_supervision_office_registers(eng, dispatched):
    err = refused_by_replay(eng, forge(dispatched, 0, actor={"role": "supervision_office"}), 0)
    assert str(err) == "events[0]: event registered must be recorded by command_center; actor is supervision_office [R-ORG-1]"


FORGED = pathlib.Path(__file__).resolve().parent.parent / "data" / "forged"


@pytest.mark.parametrize("path", sorted(FORGED.glob("*.json")), ids=lambda p: p.stem)
def test_forged_fixtures_fail_as_in_the_core(eng, path):
    """The forged histories of tests/data/forged (written by tests/lifecycle.rs, also read by
    tests/c/test_ticket.c): the same error, to the character, as the core gives."""
    case = json.loads(path.read_text(encoding="utf-8"))
    assert eng.verify(case["honest"])["intact"]
    eng.state(case["honest"], t("2026-03-31 00:00"))
    expect = case["expect"]
    exc = getattr(jiesu.errors, expect["exception"])
    err = refused_by_replay(eng, case["forged"], case["index"], exc)
    assert (str(err), err.rule, err.kind) == (expect["display"], expect["rule"], expect["kind"])


def test_every_forged_fixture_is_there():
    assert len(list(FORGED.glob("*.json"))) >= 7
