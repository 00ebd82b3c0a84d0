"""Engine.with_guide / Engine.with_rules, Calendar.add_working_time /
Calendar.working_time_between, and the engine's limits and policy where the Python layer
applies them (event logs, classification)."""
from __future__ import annotations

import datetime as dt
import json
import pickle
import tomllib

import numpy as np
import pytest

import jiesu
from conftest import ROOT
from jiesu import CST, Calendar, Engine

GUIDE_TOML = (ROOT / "data/guide/yanshan.toml").read_text(encoding="utf-8")
RULES_TOML = (ROOT / "data/escalation/default.toml").read_text(encoding="utf-8")
UTC = dt.timezone.utc


def at(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s).replace(tzinfo=CST)


@pytest.fixture(scope="module")
def eng() -> Engine:
    return Engine.default()


def unchanged(e: Engine) -> None:
    fresh = Engine.default()
    assert e == fresh and hash(e) == hash(fresh)
    assert (e.guide_id, e.guide_version) == ("yanshan", "2026.1")
    assert e.rules == fresh.rules and "guide" not in e.config and "rules" not in e.config


# ---------------------------------------------------------------------------------------------
# Engine.with_guide


def test_with_guide_from_the_repository_toml(eng):
    e = eng.with_guide(GUIDE_TOML)
    assert (e.guide_id, e.guide_version) == ("yanshan", "2026.1")
    assert e.config["guide"]["id"] == "yanshan"
    # The same guide as the built-in one: the same suggestions and classifications.
    text = "江那镇路灯坏了一个多月，晚上漆黑一片"
    assert e.suggest(text) == eng.suggest(text)
    decision = {"category": "040201", "appeal_type": "complaint"}
    assert e.classify(decision) == eng.classify(decision)
    # Calendar, policy and rules are kept.
    assert e.calendar == eng.calendar and e.policy == eng.policy and e.rules == eng.rules
    unchanged(eng)


def test_with_guide_toml_json_and_dict_agree(eng):
    data = tomllib.loads(GUIDE_TOML)
    data["version"] = "2026.2"
    from_dict = eng.with_guide(data)
    from_json = eng.with_guide(json.dumps(data, ensure_ascii=False))
    from_padded_json = eng.with_guide("\n  \t" + json.dumps(data))
    from_toml = eng.with_guide(GUIDE_TOML.replace('version = "2026.1"', 'version = "2026.2"', 1))
    assert from_dict == from_json == from_padded_json == from_toml
    assert hash(from_dict) == hash(from_toml)
    assert from_dict.guide_version == "2026.2"
    assert from_dict.classify({"category": "040201", "appeal_type": "complaint"})["guide_version"] == "2026.2"
    assert from_dict != eng
    unchanged(eng)


def test_with_guide_round_trips_and_pickles(eng):
    data = tomllib.loads(GUIDE_TOML)
    data["version"] = "2026.3"
    e = eng.with_guide(data)
    assert Engine(e.config) == e
    back = pickle.loads(pickle.dumps(e))
    assert back == e and back.guide_version == "2026.3"


def test_with_guide_is_used_by_the_ticket_lifecycle(eng):
    data = tomllib.loads(GUIDE_TOML)
    data["version"] = "2026.9"
    e = eng.with_guide(data)
    t = at("2026-03-02 09:00")
    cc = {"role": "command_center"}
    events = e.handle([], cc, {"type": "register", "id": "YS-9", "appeal_type": "complaint", "content": "路灯坏了",
                               "requester": {"name": "张三", "phone": "13812345678"}}, t)
    events += e.handle(events, cc, {"type": "dispatch", "decision": {"category": "040201"}}, t)
    assert events[-1]["classification"]["guide_version"] == "2026.9"


def test_with_guide_errors(eng):
    with pytest.raises(jiesu.ParseError) as e:
        eng.with_guide("schema_version = ")
    assert e.value.kind == "parse" and "TOML" in str(e.value)
    with pytest.raises(jiesu.ParseError) as e:
        eng.with_guide("{not json")
    assert e.value.kind == "parse" and "JSON" in str(e.value)
    with pytest.raises(jiesu.ParseError, match="unknown field"):
        eng.with_guide({**tomllib.loads(GUIDE_TOML), "nope": 1})
    with pytest.raises(jiesu.ValidationError) as e:
        eng.with_guide({"schema_version": 1, "id": "demo", "version": "1"})
    assert e.value.kind == "validation"
    assert ("exclusions", 'no exclusion for decline reason "litigation"') in e.value.problems
    bad = tomllib.loads(GUIDE_TOML)
    bad["units"] = []
    with pytest.raises(jiesu.ValidationError):
        eng.with_guide(bad)
    with pytest.raises(TypeError, match="guide must be a JSON string"):
        eng.with_guide({"when": object()})  # type: ignore[dict-item]
    unchanged(eng)


def test_with_guide_respects_the_engine_limits():
    data = tomllib.loads(GUIDE_TOML)
    small = Engine({"schema_version": 1, "limits": {"max_guide_units": len(data["units"])}})
    assert small.with_guide(data).guide_id == "yanshan"
    data["units"].append({**data["units"][-1], "id": "one_more"})
    with pytest.raises(jiesu.LimitExceeded, match="max_guide_units") as e:
        small.with_guide(data)
    assert e.value.kind == "limit_exceeded"
    assert Engine.default().with_guide(data).guide_id == "yanshan"  # within the default limits
    assert small.guide_version == "2026.1"


# ---------------------------------------------------------------------------------------------
# Engine.with_rules


def test_with_rules_from_the_repository_toml(eng):
    e = eng.with_rules(RULES_TOML)
    assert e.rules == eng.rules  # data/escalation/default.toml is the default rule set
    assert (e.guide_id, e.guide_version) == (eng.guide_id, eng.guide_version)
    assert e.calendar == eng.calendar and e.policy == eng.policy
    unchanged(eng)


def test_with_rules_toml_json_and_dict_agree(eng):
    rules = {**eng.rules, "id": "county-2026"}
    a, b = eng.with_rules(rules), eng.with_rules(json.dumps(rules))
    c = eng.with_rules(RULES_TOML.replace('id = "default"', 'id = "county-2026"', 1))
    assert a == b == c and a.rules["id"] == "county-2026"
    assert pickle.loads(pickle.dumps(a)) == a
    unchanged(eng)


def test_with_rules_is_used_by_evaluate(eng):
    t = at("2026-03-02 09:00")
    cc = {"role": "command_center"}
    events = eng.handle([], cc, {"type": "register", "id": "YS-1", "appeal_type": "complaint", "content": "路灯坏了",
                                 "requester": {"name": "张三", "phone": "13812345678"}}, t)
    events += eng.handle(events, cc, {"type": "dispatch", "decision": {"category": "040201"}}, t)
    later = t + dt.timedelta(days=30)
    assert eng.evaluate(events, later)["alerts"]
    quiet = eng.with_rules({**eng.rules, "rules": []})
    assert quiet.evaluate(events, later)["alerts"] == []
    assert eng.evaluate(events, later)["alerts"]


def test_with_rules_errors(eng):
    with pytest.raises(jiesu.ParseError) as e:
        eng.with_rules("rules = [")
    assert e.value.kind == "parse"
    with pytest.raises(jiesu.ParseError):
        eng.with_rules("[]")  # TOML (it does not start with "{"): not a rule set
    with pytest.raises(jiesu.ValidationError) as e:
        eng.with_rules({**eng.rules, "id": ""})
    assert e.value.kind == "validation" and e.value.problems == [("id", "must not be empty")]
    unchanged(eng)


# ---------------------------------------------------------------------------------------------
# Calendar.add_working_time / working_time_between


def test_add_working_time_examples(cal):
    monday = at("2026-03-09 09:00")
    assert cal.add_working_time(monday, dt.timedelta(hours=3)) == at("2026-03-09 12:00")
    assert cal.add_working_time(monday, dt.timedelta(hours=4)) == at("2026-03-09 15:30")  # 14:30 after lunch
    assert cal.add_working_time(at("2026-03-06 16:00"), dt.timedelta(hours=3)) == at("2026-03-09 10:00")
    # 2 h left on Friday, then Saturday 2026-02-14 is a make-up working day.
    assert cal.add_working_time(at("2026-02-13 16:00"), dt.timedelta(hours=4)) == at("2026-02-14 11:00")
    # National Day: from 09-30 17:00, 1 h that day, then 10-08.
    assert cal.add_working_time(at("2026-09-30 17:00"), dt.timedelta(hours=2)) == at("2026-10-08 10:00")
    # Starting outside business hours.
    assert cal.add_working_time(at("2026-03-07 12:00"), dt.timedelta(minutes=30)) == at("2026-03-09 09:30")


def test_add_working_time_result_is_cst_and_aware(cal):
    t = dt.datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    r = cal.add_working_time(t, dt.timedelta(hours=3))
    assert r.utcoffset() == dt.timedelta(hours=8) and r.tzinfo == CST
    assert r.isoformat() == "2026-03-09T12:00:00+08:00"
    zero = cal.add_working_time(t, dt.timedelta(0))
    assert zero == t and zero.isoformat() == "2026-03-09T09:00:00+08:00"


def test_working_time_between_examples(cal):
    assert cal.working_time_between(at("2026-03-06 16:00"), at("2026-03-09 10:00")) == dt.timedelta(hours=3)
    assert cal.working_time_between(at("2026-03-09 10:00"), at("2026-03-06 16:00")) == -dt.timedelta(hours=3)
    assert cal.working_time_between(at("2026-03-09 10:00"), at("2026-03-09 10:00")) == dt.timedelta(0)
    assert cal.working_time_between(at("2026-09-30 17:00"), at("2026-10-08 10:00")) == dt.timedelta(hours=2)
    # A make-up Saturday has business hours; a weekend day none.
    assert cal.working_time_between(at("2026-02-14 00:00"), at("2026-02-15 00:00")) == dt.timedelta(hours=6, minutes=30)
    assert cal.working_time_between(at("2026-03-07 00:00"), at("2026-03-08 00:00")) == dt.timedelta(0)
    # Any zone: the instants count.
    a = dt.datetime(2026, 3, 6, 8, 0, tzinfo=UTC)  # 16:00 in Beijing
    assert cal.working_time_between(a, at("2026-03-09 10:00")) == dt.timedelta(hours=3)


def test_sub_second_precision(cal):
    us = dt.timedelta(microseconds=1)
    # 0.75 s left before the lunch break, then 0.25 s after it.
    assert cal.add_working_time(at("2026-03-09 11:59:59.250000"), dt.timedelta(seconds=1)) == at("2026-03-09 14:30:00.250000")
    # In the break, the fraction of the start does not count.
    assert cal.add_working_time(at("2026-03-09 12:30:00.500000"), dt.timedelta(seconds=1)) == at("2026-03-09 14:30:01")
    assert cal.add_working_time(at("2026-03-09 10:00:00.999999"), us) == at("2026-03-09 10:00:01")
    assert cal.add_working_time(at("2026-03-09 11:59:59.999999"), us) == at("2026-03-09 12:00:00")
    assert cal.add_working_time(at("2026-03-09 11:59:59.999999"), 2 * us) == at("2026-03-09 14:30:00.000001")
    assert cal.add_working_time(at("2026-03-09 10:00:00.250000"), dt.timedelta(0)) == at("2026-03-09 10:00:00.250000")
    assert cal.working_time_between(at("2026-03-09 09:00:00.250000"), at("2026-03-09 09:00:01")) == dt.timedelta(microseconds=750000)
    assert cal.working_time_between(at("2026-03-09 12:00:00.250000"), at("2026-03-09 14:30:00.500000")) == dt.timedelta(microseconds=500000)
    assert cal.working_time_between(at("2026-03-09 11:59:59.500000"), at("2026-03-09 14:30:00.500000")) == dt.timedelta(seconds=1)


def test_add_and_between_are_inverse(cal):
    # add_working_time(t, d) is the earliest instant r with working_time_between(t, r) == d.
    rng = np.random.default_rng(20260309)
    start = at("2026-01-05 00:00")
    us = dt.timedelta(microseconds=1)
    for _ in range(400):
        t = start + dt.timedelta(microseconds=int(rng.integers(0, 300 * 86_400 * 10**6)))
        if rng.random() < 0.3:
            t = t.replace(microsecond=0)
        d = dt.timedelta(microseconds=int(rng.integers(1, 60 * 3600 * 10**6)))
        if rng.random() < 0.3:
            d = dt.timedelta(seconds=d // dt.timedelta(seconds=1) + 1)
        r = cal.add_working_time(t, d)
        assert cal.working_time_between(t, r) == d, (t, d, r)
        assert cal.working_time_between(t, r - us) < d, (t, d, r)


def test_with_other_business_hours(cal):
    short = cal.with_business_hours({"monday": ["08:30-12:00"]})
    assert cal.add_working_time(at("2026-03-09 08:30"), dt.timedelta(hours=4)) == at("2026-03-09 15:30")
    assert short.working_time_between(at("2026-03-09 00:00"), at("2026-03-10 00:00")) == dt.timedelta(hours=3, minutes=30)


def test_working_time_errors(cal):
    naive = dt.datetime(2026, 3, 9, 9, 0)
    with pytest.raises(jiesu.InvalidInput, match="naive") as e:
        cal.add_working_time(naive, dt.timedelta(hours=1))
    assert e.value.kind == "invalid_input" and e.value.field == "t"
    for a, b, field in [(naive, at("2026-03-09 10:00"), "a"), (at("2026-03-09 10:00"), naive, "b")]:
        with pytest.raises(jiesu.InvalidInput) as e:
            cal.working_time_between(a, b)
        assert e.value.field == field
    with pytest.raises(jiesu.InvalidInput, match="out of range") as e:
        cal.add_working_time(at("2026-03-09 09:00"), dt.timedelta(seconds=-1))
    assert e.value.kind == "invalid_input"
    with pytest.raises(jiesu.InvalidInput):
        cal.add_working_time(at("2026-03-09 09:00"), -dt.timedelta(microseconds=1))
    with pytest.raises(TypeError, match="t must be a timezone-aware datetime"):
        cal.add_working_time(dt.date(2026, 3, 9), dt.timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="d must be a datetime.timedelta"):
        cal.add_working_time(at("2026-03-09 09:00"), 3600)  # type: ignore[arg-type]
    # Beyond the calendar's coverage (strict): R-SLA-7.
    with pytest.raises(jiesu.CoverageError) as e:
        cal.add_working_time(at("2026-12-31 17:00"), dt.timedelta(hours=2))
    assert e.value.kind == "coverage" and e.value.year == 2027
    with pytest.raises(jiesu.CoverageError):
        cal.working_time_between(at("2026-12-31 17:00"), at("2027-01-04 10:00"))
    # Provisional: weekends only beyond the coverage (2027-01-01 is a Friday).
    prov = cal.with_policy("provisional")
    assert prov.add_working_time(at("2026-12-31 17:00"), dt.timedelta(hours=2)) == at("2027-01-01 10:00")
    # A result beyond datetime's range.
    far = Calendar.from_weekmask("1111100")
    with pytest.raises(jiesu.InvalidInput, match="outside the range of datetime"):
        far.add_working_time(at("9999-12-30 09:00"), dt.timedelta(days=10))
    assert cal == Calendar.builtin("CN") and hash(cal) == hash(Calendar.builtin("CN"))


def test_working_time_at_the_end_of_the_coverage(cal):
    end = at("2026-12-31 23:59:59.500000")
    assert cal.working_time_between(at("2026-12-31 17:00"), end) == dt.timedelta(hours=1)
    assert cal.add_working_time(at("2026-12-31 17:59:59.250000"), dt.timedelta(microseconds=500000)) == at(
        "2026-12-31 17:59:59.750000")


# ---------------------------------------------------------------------------------------------
# the engine's limits and policy in the Python layer


def test_event_log_is_held_to_the_engine_limits(tmp_path):
    eng = Engine.default()
    t = at("2026-03-02 09:00")
    cc = {"role": "command_center"}
    events = eng.handle([], cc, {"type": "register", "id": "YS-1", "appeal_type": "complaint", "content": "路灯坏了",
                                 "requester": {"name": "张三", "phone": "13812345678"}}, t)
    log = tmp_path / "events.jsonl"
    log.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n", encoding="utf-8")
    assert len(eng.assess(log, "2026-03")) == 0  # registered only: no unit to assess
    small = Engine({"schema_version": 1, "limits": {"max_log_bytes": 100}})
    for call in (lambda: small.assess(log, "2026-03"), lambda: small.bulletin(log, "2026-03"),
                 lambda: small.evaluate_group(log, t)):
        with pytest.raises(jiesu.LimitExceeded, match="max_log_bytes") as e:
            call()
        assert e.value.kind == "limit_exceeded" and e.value.field == "tickets"


def test_classify_uses_the_engine_policy():
    decision = {"category": "010101", "appeal_type": "complaint", "handling_class": "complex",
                "limit": {"working_days": 20}}
    with pytest.raises(jiesu.InvalidInput, match="10..=15"):
        Engine.default().classify(decision)
    wide = Engine({"schema_version": 1, "sla": {"complex_max_days": 20}})
    assert wide.classify(decision)["sla"]["limit"] == {"working_days": 20}
