"""jiesu.Engine: configuration, calendar and policy, suggestions, classification."""
from __future__ import annotations

import json

import pytest

import jiesu
from jiesu import Engine


@pytest.fixture(scope="module")
def eng():
    return Engine.default()


def test_default_engine(eng, cal):
    assert eng == Engine() == Engine(None)
    assert eng.calendar == cal
    assert eng.calendar is eng.calendar
    assert eng.policy == jiesu.SlaPolicy.default()
    assert (eng.guide_id, eng.guide_version) == ("yanshan", "2026.1")
    assert eng.config["schema_version"] == 1
    assert eng.config["calendar"]["builtin"] == "CN"
    assert "yanshan" in repr(eng)


def test_configuration_as_dict_or_json():
    config = {"schema_version": 1, "calendar": {"policy": "provisional"}, "sla": {"normal_days": 7}}
    a, b = Engine(config), Engine(json.dumps(config))
    assert a == b == Engine.from_json(json.dumps(config))
    assert a.calendar.policy == "provisional"
    assert a.policy.to_dict()["normal_days"] == 7
    assert a != Engine.default()
    # The configuration round-trips.
    assert Engine(a.config) == a


def test_configuration_with_an_overlay():
    overlay = {"schema_version": 1, "name": "local", "base": "CN", "coverage": {"from": 2026, "to": 2026},
               "festivals": [{"year": 2026, "festival": "huajie", "holidays": ["2026-03-10"]}]}
    e = Engine({"calendar": {"overlays": [overlay]}})
    assert e.calendar.day_kind(__import__("datetime").date(2026, 3, 10)) == "holiday"


def test_configuration_errors():
    with pytest.raises(jiesu.ParseError, match="unknown field") as e:
        Engine({"nope": 1})
    assert isinstance(e.value, ValueError)
    with pytest.raises(jiesu.ValidationError) as e:
        Engine({"sla": {"normal_days": 0}})
    assert e.value.problems == [("normal_days", "0 is not in 1..=3660")]
    with pytest.raises(jiesu.InvalidInput, match="schema version 2") as e:
        Engine({"schema_version": 2})
    assert e.value.field == "schema_version"
    with pytest.raises(jiesu.InvalidInput, match="unknown built-in calendar"):
        Engine({"calendar": {"builtin": "XX"}})
    with pytest.raises(jiesu.ParseError):
        Engine("{not json")
    with pytest.raises(jiesu.ParseError, match="expected struct EngineConfig"):
        Engine(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="JSON-serializable"):
        Engine({"sla": {1, 2}})


def test_suggest(eng):
    s = eng.suggest("来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片")
    assert set(s) == {"categories", "exclusions", "emergencies", "urgency_keywords", "township", "out_of_scope", "discounted", "in_village"}
    top = s["categories"][0]
    assert any("路灯" in k for k in top["matched"])
    assert top["urgency"] in ("urgent", "normal")
    assert s["township"] == "jiangna"  # named in the text
    urgent = eng.suggest("村里突然停水两天了，水管爆裂一直没人修", location="baga")
    assert urgent["categories"][0]["urgency"] == "urgent"
    assert urgent["urgency_keywords"]
    assert urgent["township"] == "baga"
    assert eng.suggest("村里停水了", location={"township": "baga", "village": "x"})["township"] == "baga"
    assert eng.suggest("") == {"categories": [], "exclusions": [], "emergencies": [], "urgency_keywords": [], "township": None, "out_of_scope": [], "discounted": [], "in_village": False}
    with pytest.raises(jiesu.ParseError):
        eng.suggest("停水", location={"town": "baga"})


def test_classify(eng):
    top = eng.suggest("江那镇路灯坏了一个多月")["categories"][0]
    c = eng.classify({"category": top["code"], "appeal_type": "complaint"})
    assert (c["guide_id"], c["guide_version"]) == ("yanshan", "2026.1")
    assert c["category"] == top["code"]
    assert c["assignments"][0]["role"] == "lead"
    assert c["sla"]["urgency"] in ("urgent", "normal")
    assert eng.classify(json.dumps({"category": top["code"], "appeal_type": "complaint"})) == c


def test_classify_errors(eng):
    with pytest.raises(jiesu.InvalidInput, match='unknown category "999999"') as e:
        eng.classify({"category": "999999", "appeal_type": "help"})
    assert (e.value.field, e.value.rule) == ("category", "R-SCOPE-4")
    with pytest.raises(jiesu.ParseError, match="unknown field") as e:
        eng.classify({"category": "0302", "colour": "red"})
    assert e.value.field == "decision"
    with pytest.raises(jiesu.ParseError):
        eng.classify({"category": "0302", "appeal_type": "shouting"})
