"""Tickets built through ``Engine.handle`` only, as the platform would: each call gets the
stored history and returns the events to append. Shared by the ticket, escalation and
assessment tests."""
from __future__ import annotations

import datetime as dt
from typing import Any

import jiesu

CST = jiesu.CST
CC = {"role": "command_center"}
# 040201 路灯 (street lights): normal, one lead unit, no other units.
STREET_LIGHTS = "040201"
LEAD = "urban_management"
LEAD_ACTOR = {"role": "unit", "unit": LEAD}
NAME, PHONE = "张三丰", "13812345678"


def t(s: str) -> dt.datetime:
    """An instant in CST from "2026-03-02 09:00[:ss]"."""
    return dt.datetime.fromisoformat(s).replace(tzinfo=CST)


class Script:
    """One ticket's history, grown by commands that must be accepted."""

    def __init__(self, eng: jiesu.Engine, id: str, at: str, *, category: str = STREET_LIGHTS,
                 phone: str = PHONE, requester_key: str | None = None, township: str = "jiangna",
                 decision: dict[str, Any] | None = None) -> None:
        self.eng = eng
        self.events: list[dict[str, Any]] = []
        requester = {"name": NAME, "phone": phone, **({"requester_key": requester_key} if requester_key else {})}
        self.cc({"type": "register", "id": id, "appeal_type": "complaint", "content": "来电人反映路灯坏了一个多月",
                 "requester": requester, "location": {"township": township}}, at)
        self.cc({"type": "dispatch", "decision": {"category": category, **(decision or {})}}, at)
        self.lead_unit = self.eng.state(self.events, t(at))["summary"]["lead"]

    def run(self, actor: dict[str, Any], command: dict[str, Any], at: str) -> list[dict[str, Any]]:
        new = self.eng.handle(self.events, actor, command, t(at))
        self.events += new
        return new

    def cc(self, command: dict[str, Any], at: str) -> Script:
        self.run(CC, command, at)
        return self

    def lead(self, command: dict[str, Any], at: str) -> Script:
        self.run({"role": "unit", "unit": self.lead_unit}, command, at)
        return self

    def handle(self, ack: str, contact: str) -> Script:
        return self.lead({"type": "acknowledge"}, ack).lead({"type": "contact_requester", "note": "电话联系"}, contact)

    def report(self, at: str, solved: bool = True) -> Script:
        report = {"result": "已修复", "answered_at": t(at), "evidence": ["photo.jpg"], "approved_by": "王局长", "solved": solved}
        return self.lead({"type": "submit_report", "report": report}, at).cc({"type": "review_report", "accept": True}, at)

    def callback(self, outcome: str, solved: bool, at: str) -> Script:
        return self.cc({"type": "record_callback", "outcome": outcome, "solved": solved}, at)

    def close(self, at: str) -> Script:
        return self.cc({"type": "close"}, at)


def march_fixture(eng: jiesu.Engine) -> list[list[dict[str, Any]]]:
    """Four street-light tickets of March 2026, one lead unit, with hand-computable figures:

    - T1: acknowledged and contacted within 24 h, reported on time, satisfied, solved.
    - T2: acknowledged after 24 h (response late), reported after its deadline (03-09 24:00),
      basically satisfied, solved.
    - T3: on time, requester unreachable: no valid callback.
    - T4: on time, dissatisfied, judged unreasonable: excluded from resolution and satisfaction.
    """
    t1 = Script(eng, "T1", "2026-03-02 09:00").handle("2026-03-02 09:30", "2026-03-02 10:00")
    t1.report("2026-03-04 10:00").callback("satisfied", True, "2026-03-05 10:00").close("2026-03-05 11:00")
    t2 = Script(eng, "T2", "2026-03-02 09:00", phone="13800000002").handle("2026-03-03 10:00", "2026-03-03 10:30")
    t2.report("2026-03-10 09:00").callback("basically_satisfied", True, "2026-03-11 10:00").close("2026-03-11 11:00")
    t3 = Script(eng, "T3", "2026-03-04 09:00", phone="13800000003").handle("2026-03-04 09:10", "2026-03-04 09:20")
    t3.report("2026-03-06 10:00").callback("unreachable", False, "2026-03-09 10:00").close("2026-03-09 11:00")
    t4 = Script(eng, "T4", "2026-03-03 09:00", phone="13800000004").handle("2026-03-03 09:20", "2026-03-03 09:40")
    t4.report("2026-03-05 10:00", solved=False).callback("dissatisfied", False, "2026-03-06 10:00")
    t4.cc({"type": "judge_dissatisfaction", "judgement": {"judgement": "unreasonable", "explanation": "超出政策范围"}},
          "2026-03-06 15:00")
    return [s.events for s in (t1, t2, t3, t4)]


def many_tickets(eng: jiesu.Engine, n: int) -> list[list[dict[str, Any]]]:
    """`n` tickets of March 2026 in assorted states (for volume: threads, GIL, logs)."""
    out = []
    for i in range(n):
        day = 2 + i % 20
        at = f"2026-03-{day:02d} {8 + i % 9:02d}:{i % 60:02d}"
        s = Script(eng, f"M{i:05d}", at, phone=f"138{i % 97:08d}")
        if i % 5:
            s.handle(f"2026-03-{day:02d} {18:02d}:00", f"2026-03-{day + 1:02d} 09:00")
        if i % 5 > 1:
            s.report(f"2026-03-{day + 2:02d} 10:00", solved=i % 7 != 0)
            outcome = ["satisfied", "basically_satisfied", "dissatisfied", "unreachable"][i % 4]
            s.callback(outcome, outcome != "dissatisfied", f"2026-03-{day + 3:02d} 10:00")
            if outcome != "dissatisfied" and i % 3 == 0:
                s.close(f"2026-03-{day + 3:02d} 11:00")
        out.append(s.events)
    return out
