"""What the Python API returns is valid under the published JSON Schemas (schema/, draft 2020-12):
events from ``handle`` and ``escalate``, ``state``, ``evaluate``, ``evaluate_group``, ``verify``,
``archive``, ``verify_archive``, ``config``, ``rules``, ``suggest``, ``classify`` and the bulletin
as a dict. Results that give instants as ``datetime`` are turned back into RFC 3339 text first, as
``json.dumps(..., default=datetime.isoformat)`` would; and what the schemas refuse, the engine refuses."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

import jiesu
from conftest import ROOT
from ticket_scenarios import CC, Script, t

SCHEMAS = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
           for p in (ROOT / "schema").glob("*.schema.json")}


def as_json(x: Any) -> Any:
    """``x`` as JSON would carry it: datetimes as RFC 3339 text, tuples as lists."""
    if isinstance(x, dt.datetime):
        return x.isoformat()
    if isinstance(x, dict):
        return {k: as_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [as_json(v) for v in x]
    return x


def validate(name: str, document: Any) -> None:
    schema = SCHEMAS[name]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(as_json(document)), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def eng() -> jiesu.Engine:
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def closed(eng: jiesu.Engine) -> Script:
    """A ticket taken through its lifecycle to archived."""
    s = Script(eng, "YS-PY-S1", "2026-03-02 09:00")
    s.handle("2026-03-02 10:00", "2026-03-02 11:00")
    s.cc({"type": "urge", "message": "请加快办理"}, "2026-03-03 09:00")
    s.report("2026-03-04 15:00").callback("satisfied", True, "2026-03-05 10:00")
    s.cc({"type": "close"}, "2026-03-05 11:00").cc({"type": "archive"}, "2026-03-05 12:00")
    return s


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert len(SCHEMAS) >= 20
    for name, schema in SCHEMAS.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"{name}.schema.json"


def test_a_sweep_is_a_sweep_document(eng: jiesu.Engine, closed: Script) -> None:
    at = dt.datetime.fromisoformat(closed.events[2]["at"])
    sweep = eng.sweep([(closed.events[:3], at), (closed.events, None)], at)
    assert len(sweep["checked"]) == 1 and sweep["not_due"] == 1
    validate("sweep", sweep)


def test_events_and_states_of_a_lifecycle(eng: jiesu.Engine, closed: Script) -> None:
    assert len(closed.events) >= 10
    for event in closed.events:
        validate("event", event)
    for i in range(1, len(closed.events) + 1):
        prefix = closed.events[:i]
        validate("state", eng.state(prefix, dt.datetime.fromisoformat(prefix[-1]["at"])))
    validate("verification", eng.verify(closed.events))
    archive = eng.archive(closed.events)
    validate("archive", archive)
    validate("verification", eng.verify_archive(archive))
    tampered = [dict(e) for e in closed.events]
    tampered[1]["ticket_id"] = "YS-PY-OTHER"
    verification = eng.verify(tampered)
    assert not verification["intact"]
    validate("verification", verification)


def test_escalation(eng: jiesu.Engine) -> None:
    s = Script(eng, "YS-PY-S2", "2026-03-02 09:00")
    now = t("2026-03-20 09:00")
    evaluation = eng.evaluate(s.events, now)
    assert evaluation["alerts"]
    validate("evaluation", evaluation)
    for alert in evaluation["alerts"]:
        validate("alert", alert)
    for event in eng.escalate(s.events, evaluation, now):
        validate("event", event)
    again = Script(eng, "YS-PY-S3", "2026-03-03 09:00", requester_key="rk-1")
    first = Script(eng, "YS-PY-S4", "2026-03-02 09:00", requester_key="rk-1")
    validate("group_evaluation", eng.evaluate_group([first.events, again.events], t("2026-03-04 09:00")))


def test_configuration_and_guide(eng: jiesu.Engine) -> None:
    validate("engine_config", eng.config)
    validate("engine_config", jiesu.Engine({"calendar": {"policy": "provisional"}}).config)
    validate("rules", eng.rules)
    suggestions = eng.suggest("江那镇路灯坏了一个多月，晚上漆黑一片", {"township": "jiangna"})
    validate("suggestions", suggestions)
    decision = {"category": suggestions["categories"][0]["code"], "appeal_type": "complaint"}
    validate("classification_decision", decision)
    validate("classification", eng.classify(decision))


def test_bulletin_as_a_dict(eng: jiesu.Engine, closed: Script) -> None:
    bulletin = eng.bulletin([closed.events], dt.date(2026, 3, 1), "monthly", format="dict")
    validate("bulletin", bulletin)


@pytest.mark.parametrize("command", [
    {"type": "urge"},
    {"type": "urge", "message": "x", "urgent": True},
    {"type": "link_duplicate", "ticket_id": "YS-2"},
    {"type": "judge_dissatisfaction", "judgement": "reasonable"},
    {"type": "submit_report", "report": {"result": "x", "photos": []}},
])
def test_what_the_schema_refuses_the_engine_refuses(eng: jiesu.Engine, command: dict[str, Any]) -> None:
    assert not jsonschema.Draft202012Validator(SCHEMAS["command"]).is_valid(command)
    s = Script(eng, "YS-PY-S5", "2026-03-02 09:00")
    with pytest.raises(jiesu.JiesuError):
        eng.handle(s.events, CC, command, t("2026-03-02 10:00"))
