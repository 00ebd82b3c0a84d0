"""``Engine.verify_log``: auditing an event log (R-FLOW-5) — every ticket of a log file or a
DataFrame verified as ``Engine.verify`` verifies its history, tampering found on its ticket and
its line, the engine's chain keys applied, and the errors that stop an audit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import jiesu
from jiesu import CST, Engine

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
CC = {"role": "command_center"}


def histories(eng: Engine, n: int) -> list[list[dict]]:
    out = []
    for i in range(n):
        events = eng.handle([], CC, {"type": "register", "id": f"YS-{i}", "appeal_type": "complaint",
                                     "content": "路灯坏了", "requester": {"name": "张三", "phone": "13812345678"}}, T0)
        events += eng.handle(events, CC, {"type": "dispatch", "decision": {"category": "040201"}}, T0 + dt.timedelta(minutes=10))
        out.append(events)
    return out


def write(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def test_an_honest_log_is_intact_ticket_by_ticket(tmp_path: Path) -> None:
    eng = Engine()
    hs = histories(eng, 4)
    log = write(tmp_path / "events.jsonl", [e for h in hs for e in h])
    for arg in (log, str(log), pd.DataFrame([e for h in hs for e in h])):
        audit = eng.verify_log(arg)
        assert (audit["intact"], audit["not_intact"]) == (4, 0)
        assert [t["ticket_id"] for t in audit["tickets"]] == ["YS-0", "YS-1", "YS-2", "YS-3"]
        for t, h in zip(audit["tickets"], hs):
            assert {k: t[k] for k in ("intact", "events", "problem")} == eng.verify(h)
            assert t["line"] is None


def test_tampering_is_found_on_its_ticket_and_line(tmp_path: Path) -> None:
    eng = Engine()
    hs = histories(eng, 3)
    events = [dict(e) for h in hs for e in h]
    events[2]["content"] = "路灯很亮"  # YS-1's registration, line 3
    audit = eng.verify_log(write(tmp_path / "events.jsonl", events))
    assert (audit["intact"], audit["not_intact"]) == (2, 1)
    bad = audit["tickets"][1]
    assert (bad["ticket_id"], bad["line"], bad["intact"]) == ("YS-1", "line 3", False)
    assert bad["problem"] is not None and (bad["problem"]["index"], bad["problem"]["kind"]) == (0, "altered")
    # The same as verifying that history alone.
    assert {k: bad[k] for k in ("intact", "events", "problem")} == eng.verify(events[2:4])


def test_a_keyed_engine_checks_the_tags(tmp_path: Path) -> None:
    keyed = Engine().with_chain_key("2026-a", b"0123456789abcdef-county-secret")
    tagged = write(tmp_path / "tagged.jsonl", [e for h in histories(keyed, 2) for e in h])
    untagged = write(tmp_path / "untagged.jsonl", [e for h in histories(Engine(), 2) for e in h])
    assert keyed.verify_log(tagged)["intact"] == 2
    audit = keyed.verify_log(untagged)
    assert audit["not_intact"] == 2
    assert {t["problem"]["kind"] for t in audit["tickets"] if t["problem"]} == {"tag_missing"}


def test_what_stops_an_audit(tmp_path: Path) -> None:
    eng = Engine()
    hs = histories(eng, 2)
    events = [dict(e) for h in hs for e in h]
    with pytest.raises(TypeError, match="verify a list of events with Engine.verify"):
        eng.verify_log(hs)  # type: ignore[arg-type]
    events[2]["ticket_id"] = 13812345678
    with pytest.raises(jiesu.ParseError) as e:
        eng.verify_log(write(tmp_path / "anonymous.jsonl", events))
    assert e.value.field == "line 3: ticket_id" and e.value.rule == "R-FLOW-5"
    assert "13812345678" not in str(e.value)
    small = Engine({"schema_version": 1, "limits": {"max_log_bytes": 100}})
    with pytest.raises(jiesu.LimitExceeded):
        small.verify_log(write(tmp_path / "events.jsonl", [e for h in hs for e in h]))
    with pytest.raises(FileNotFoundError, match="missing.jsonl"):
        eng.verify_log(tmp_path / "missing.jsonl")
