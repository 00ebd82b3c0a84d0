"""Trust in the inputs (issue 14, items 7, 11, 12, 14): duplicate JSON keys are refused with
their path, phones without digits give no requester key, a ticket given twice to an
assessment is refused, and parse errors never echo a requester's personal data (R-PRIV-1)."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from ticket_scenarios import CC, NAME, PHONE, STREET_LIGHTS, Script, march_fixture, t

import jiesu


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def closed(eng):
    s = Script(eng, "YS-T1", "2026-03-02 09:00").handle("2026-03-02 10:00", "2026-03-02 11:00")
    s.report("2026-03-03 10:00").callback("satisfied", True, "2026-03-04 10:00").close("2026-03-04 11:00")
    return s.events


def forged_text(events, i: int, member: str) -> str:
    """The JSON text of `events` with `member` put first in event i: a key given twice whose
    last value is the one the hash covers."""
    parts = [json.dumps(e, ensure_ascii=False) for e in events]
    parts[i] = "{" + member + "," + parts[i][1:]
    return "[" + ",".join(parts) + "]"


def callback_index(events) -> int:
    return next(i for i, e in enumerate(events) if e["type"] == "callback_recorded")


# -- item 7: duplicate keys -------------------------------------------------------------------

def test_a_stored_event_with_a_key_twice_is_refused_not_read_as_its_last_value(eng, closed):
    i = callback_index(closed)
    text = forged_text(closed, i, '"outcome":"dissatisfied"')
    # The forged text keeps the hashed value last: a reader keeping the last value saw an
    # intact history, SQLite's json_extract reads "dissatisfied".
    assert json.loads(text)[i]["outcome"] == "satisfied"
    for call in (lambda: eng.state(text, t("2026-03-31 00:00")), lambda: eng.archive(text)):
        with pytest.raises(jiesu.ParseError, match='duplicate key "outcome"') as e:
            call()
        assert e.value.field == f"events[{i}].outcome", e.value.field
    # verify reports it (issue 15: verify never raises on JSON): not intact at that event.
    v = eng.verify(text)
    assert not v["intact"] and v["problem"] is not None
    assert v["problem"]["index"] == i and v["problem"]["kind"] == "altered"
    assert 'duplicate key "outcome"' in v["problem"]["message"]


def test_duplicate_keys_in_commands_configurations_and_logs(eng, closed, tmp_path):
    command = '{"type":"register","id":"YS-D1","appeal_type":"complaint","content":"路灯坏了","content":"无"}'
    with pytest.raises(jiesu.ParseError, match='duplicate key "content"') as e:
        eng.handle([], CC, command, t("2026-03-02 09:00"))
    assert e.value.field == "command.content"
    with pytest.raises(jiesu.ParseError, match='duplicate key "max_text_chars"') as e:
        jiesu.Engine.from_json('{"schema_version": 1, "limits": {"max_text_chars": 10, "max_text_chars": 1000000}}')
    assert e.value.field == "limits.max_text_chars"
    lines = [json.dumps(e, ensure_ascii=False) for e in closed]
    i = callback_index(closed)
    lines[i] = '{"outcome":"dissatisfied",' + lines[i][1:]
    log = tmp_path / "dup.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(jiesu.ParseError, match=f'^event log line {i + 1}: duplicate key "outcome"') as e:
        eng.assess(log, "2026-03")
    assert e.value.field == f"line {i + 1}: outcome"


# -- item 11: requester keys ------------------------------------------------------------------

def test_phones_without_digits_give_no_key_and_are_not_one_repeat_requester():
    eng = jiesu.Engine({"schema_version": 1, "requester_key_secret": "county-secret"})
    tickets = [Script(eng, f"YS-K{i}", f"2026-03-0{2 + i} 09:00", phone=phone).events
               for i, phone in enumerate(["无", "匿名", "不详", "１３８１２３４５６７８", PHONE])]
    keys = [events[0]["requester"].get("requester_key") for events in tickets]
    assert keys[:3] == [None, None, None]
    # Full-width digits typed by a Chinese input method are the same phone.
    assert keys[3] is not None and keys[3] == keys[4]
    alerts = eng.evaluate_group(tickets[:3], t("2026-03-10 00:00"))["alerts"]
    assert not [a for a in alerts if a["rule"].startswith("repeat.")]
    # The same person twice (ASCII and full-width) is a repeat requester.
    alerts = eng.evaluate_group(tickets[3:], t("2026-03-10 00:00"))["alerts"]
    assert [a["rule"] for a in alerts] == ["repeat.second"]


def test_the_requester_key_secret_is_never_shown_nor_pickled():
    eng = jiesu.Engine({"schema_version": 1, "requester_key_secret": "county-secret"})
    assert "requester_key_secret" not in eng.config
    assert "county-secret" not in repr(eng) and "county-secret" not in json.dumps(eng.config)
    with pytest.raises(TypeError, match="requester_key_secret is not pickled"):
        pickle.dumps(eng)


# -- item 12: the same ticket twice -----------------------------------------------------------

def test_the_same_ticket_twice_is_refused_in_every_form(eng, tmp_path):
    march = march_fixture(eng)
    first = march[0]
    tid = first[0]["ticket_id"]
    wording = f'ticket "{tid}" is given twice'
    for tickets in ([*march, first], [*march, first[:2]]):   # the ticket again, an older snapshot of it
        n = len(march)
        for call in (lambda: eng.assess(tickets, "2026-03"), lambda: eng.bulletin(tickets, "2026-03"),
                     lambda: eng.evaluate_group(tickets, t("2026-03-31 00:00"))):
            with pytest.raises(jiesu.InvalidInput, match=wording) as e:
                call()
            assert e.value.field == f"tickets[{n}].ticket_id"
            assert str(e.value).startswith(f"tickets[{n}]: {wording} (also tickets[0])")
    # The log form: the same words.
    log = tmp_path / "twice.jsonl"
    log.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for events in [*march, first[:2]] for e in events), encoding="utf-8")
    with pytest.raises(jiesu.InvalidInput, match=wording):
        eng.assess(log, "2026-03")


# -- item 14: no personal data in errors ------------------------------------------------------

SECRETS = ("13812345678", "12345678", NAME, "张三")


def no_pii(err: BaseException) -> None:
    text = f"{err} {getattr(err, 'field', '')}"
    for s in SECRETS:
        assert s not in text, text


def test_parse_errors_do_not_echo_requester_data(eng, closed, tmp_path):
    base = {"type": "register", "id": "YS-P1", "appeal_type": "complaint", "content": "路灯坏了"}
    bad_commands = [
        {**base, "requester": "张三 13812345678"},
        {**base, "requester": {"name": NAME, "phone": 13812345678}},
        {**base, "appeal_type": "张三 13812345678"},
        {**base, "location": {"township": "jiangna", "address": ["张三家", 13812345678]}},
    ]
    for command in bad_commands:
        for arg in (command, json.dumps(command, ensure_ascii=False)):
            with pytest.raises(jiesu.ParseError) as e:
                eng.handle([], CC, arg, t("2026-03-02 09:00"))
            no_pii(e.value)
    # A stored history and a log line whose requester is one string.
    events = json.loads(json.dumps(closed))
    events[0]["requester"] = "张三 13812345678"
    for arg in (events, json.dumps(events, ensure_ascii=False)):
        with pytest.raises(jiesu.ParseError) as e:
            eng.state(arg, t("2026-03-31 00:00"))
        no_pii(e.value)
        assert e.value.field.startswith("events")
    log = tmp_path / "pii.jsonl"
    log.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    with pytest.raises(jiesu.ParseError, match="^event log line 1: invalid type: string, expected") as e:
        eng.assess(log, "2026-03")
    no_pii(e.value)
    # A location given to suggest.
    with pytest.raises(jiesu.ParseError) as e:
        eng.suggest("路灯坏了", {"township": "jiangna", "address": 13812345678})
    no_pii(e.value)
