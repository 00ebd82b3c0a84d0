"""Issue 15 items 5–7 from Python: plausible instants (milliseconds named as such), canonical
instants (a history read back in UTC still verifies; schema-1 histories too), and ``verify``
reporting a changed, extra or missing field instead of raising."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import jiesu

CST = jiesu.CST
ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "tests" / "data" / "contract"
CC = {"role": "command_center", "user": "op-7"}
REGISTER = {"type": "register", "id": "YS-P1", "appeal_type": "help", "content": "求助"}
MS_2026 = 1_772_413_200_000  # 2026-03-02T09:00:00+08:00 in milliseconds


@pytest.fixture(scope="module")
def eng() -> jiesu.Engine:
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def history(eng: jiesu.Engine) -> list[dict[str, Any]]:
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    events: list[dict[str, Any]] = []
    events += eng.handle(events, CC, {**REGISTER, "location": {"township": "jiangna"}}, now)
    events += eng.handle(events, CC, {"type": "dispatch", "decision": {"category": "040201"}}, now + dt.timedelta(minutes=30))
    return events


def test_milliseconds_given_as_seconds_are_named(eng: jiesu.Engine) -> None:
    # Python's datetime stops at the year 9999: a Java platform's currentTimeMillis() reaches
    # Python as a number where an instant belongs.
    with pytest.raises(jiesu.ParseError) as e:
        eng.handle([], CC, {"type": "request_extension", "reason": "r", "requested_due_at": MS_2026}, dt.datetime(2026, 3, 2, 9, tzinfo=CST))
    assert "milliseconds" in str(e.value) and "RFC 3339" in str(e.value)
    assert str(MS_2026) not in str(e.value)  # the number is not echoed


@pytest.mark.parametrize("now", [dt.datetime(1999, 12, 31, 23, tzinfo=CST), dt.datetime(2100, 1, 1, 1, tzinfo=CST), dt.datetime(9999, 1, 1, tzinfo=CST)])
def test_now_outside_the_plausible_window_is_refused(eng: jiesu.Engine, history: list[dict[str, Any]], now: dt.datetime) -> None:
    for call in (lambda: eng.handle([], CC, REGISTER, now), lambda: eng.state(history, now), lambda: eng.evaluate(history, now)):
        with pytest.raises(jiesu.InvalidInput) as e:
            call()
        assert e.value.field == "now"
        assert "limits.earliest_instant" in str(e.value) and "limits.latest_instant" in str(e.value)


def test_the_window_is_configurable(history: list[dict[str, Any]]) -> None:
    wide = jiesu.Engine({"schema_version": 1, "limits": {"earliest_instant": "1990-01-01T00:00:00+08:00"}})
    assert wide.handle([], CC, REGISTER, dt.datetime(1999, 6, 1, 9, tzinfo=CST))[0]["type"] == "registered"
    with pytest.raises(jiesu.ValidationError) as e:
        jiesu.Engine({"schema_version": 1, "limits": {"latest_instant": "2300-01-01T00:00:00Z"}})
    assert "limits.latest_instant" in str(e.value)


def test_a_command_instant_outside_the_window_names_its_field(eng: jiesu.Engine, history: list[dict[str, Any]]) -> None:
    lead = {"role": "unit", "unit": "urban_management"}
    cmd = {"type": "request_extension", "reason": "r", "requested_due_at": "2150-01-01T00:00:00+08:00"}
    with pytest.raises(jiesu.InvalidInput) as e:
        eng.handle(history, lead, cmd, dt.datetime(2026, 3, 3, 10, tzinfo=CST))
    assert e.value.field == "requested_due_at"


def in_utc(v: Any) -> Any:
    if isinstance(v, str):
        try:
            t = dt.datetime.fromisoformat(v)
        except ValueError:
            return v
        return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z") if t.tzinfo else v
    if isinstance(v, list):
        return [in_utc(x) for x in v]
    if isinstance(v, dict):
        return {k: in_utc(x) for k, x in v.items()}
    return v


def test_a_history_read_back_in_utc_verifies_and_has_the_same_state(eng: jiesu.Engine, history: list[dict[str, Any]]) -> None:
    utc = in_utc(history)
    assert "+08:00" not in json.dumps(utc) and "Z" in utc[1]["at"]
    assert eng.verify(utc) == {"intact": True, "events": 2, "problem": None}
    now = dt.datetime(2026, 3, 12, 10, tzinfo=CST)
    assert eng.state(utc, now) == eng.state(history, now)
    # The committed fixture (written by tests/contract_inputs.rs) too.
    assert eng.verify((CONTRACT / "history_utc.json").read_text(encoding="utf-8"))["intact"]


def test_a_schema_1_history_still_verifies_and_continues_in_version_2(eng: jiesu.Engine) -> None:
    v1 = json.loads((CONTRACT / "v1.json").read_text(encoding="utf-8"))
    assert {e["schema_version"] for e in v1} == {1}
    assert eng.verify(v1)["intact"]
    new = eng.handle(v1, {"role": "unit", "unit": "urban_management"}, {"type": "contact_requester"}, dt.datetime(2026, 3, 3, 10, tzinfo=CST))
    assert new[0]["schema_version"] == 2
    assert eng.verify(v1 + new)["intact"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: e.update(flag=True), id="extra field"),
        pytest.param(lambda e: e.pop("prev_hash"), id="missing field"),
        pytest.param(lambda e: e.update(seq="two"), id="changed type"),
    ],
)
def test_verify_reports_a_schema_changed_event(eng: jiesu.Engine, history: list[dict[str, Any]], change: Any) -> None:
    bad = copy.deepcopy(history)
    change(bad[1])
    for form in (bad, json.dumps(bad, ensure_ascii=False), "\n".join(json.dumps(e, ensure_ascii=False) for e in bad)):
        v = eng.verify(form)
        assert v["intact"] is False and v["events"] == 2
        assert v["problem"] is not None
        assert (v["problem"]["index"], v["problem"]["kind"]) == (1, "altered")
        assert "no longer reads as an event" in v["problem"]["message"]
    # Only text that is not JSON raises.
    with pytest.raises(jiesu.ParseError, match="invalid JSON"):
        eng.verify("[{")


def test_verify_archive_reports_an_archived_event_that_gained_a_field(eng: jiesu.Engine, history: list[dict[str, Any]]) -> None:
    archive = {"schema_version": 1, "ticket_id": history[0]["ticket_id"], "event_count": len(history), "final_hash": history[-1]["hash"], "events": copy.deepcopy(history)}
    assert jiesu.verify_archive(archive)["intact"]
    archive["events"][1]["flag"] = True
    for form in (archive, json.dumps(archive, ensure_ascii=False)):
        for v in (jiesu.verify_archive(form), eng.verify_archive(form)):
            assert v["intact"] is False
            assert v["problem"] is not None and (v["problem"]["index"], v["problem"]["kind"]) == (1, "altered")
    # The archive's own fields must still read as such.
    with pytest.raises(jiesu.ParseError):
        jiesu.verify_archive({**archive, "event_count": "two"})
