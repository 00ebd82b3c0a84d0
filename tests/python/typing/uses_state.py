"""A small client of jiesu written against its types: ``mypy --strict`` must accept it (and
refuse a copy with a misspelt field, see test_typed_results.py); the test suite also runs it."""
import datetime as dt

import jiesu
from jiesu.types import Alert, Clock, Event, State, Verification

CST = jiesu.CST
CC = {"role": "command_center"}


def overdue(state: State) -> list[Clock]:
    """The clocks of a ticket that are due and not met."""
    return [c for c in state["clocks"] if c["status"] == "breached"]


def describe(alert: Alert) -> str:
    unit = alert.get("unit", "-")
    return f"{alert['rule']} {alert['level']} {unit} since {alert['due_since']:%Y-%m-%d %H:%M}"


def broken_at(v: Verification) -> int | None:
    problem = v["problem"]
    return None if problem is None else problem["index"]


def run() -> tuple[str, list[str], list[str], int | None, int | None]:
    eng = jiesu.Engine.default()
    t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    register = {"type": "register", "id": "YS-T1", "appeal_type": "complaint", "content": "路灯坏了",
                "requester": {"name": "张三", "phone": "13812345678"}}
    events: list[Event] = eng.handle([], CC, register, t)
    events += eng.handle(events, CC, {"type": "dispatch", "decision": {"category": "040201"}}, t)
    state = eng.state(events, t + dt.timedelta(days=30))
    status = state["status"] or "unregistered"
    due: dt.datetime = state["clocks"][0]["due_at"]
    assert due.tzinfo is not None and state["summary"]["requester"].get("phone") == "138****5678"
    late = [f"{c['clock']}:{c['unit'] or '-'}" for c in overdue(state)]
    evaluation = eng.evaluate(events, t + dt.timedelta(days=30))
    alerts = [describe(a) for a in evaluation["alerts"]]
    forged = [dict(e) for e in events]
    forged[0]["content"] = "另一内容"
    return status, late, alerts, broken_at(eng.verify(events)), broken_at(eng.verify(forged))


if __name__ == "__main__":
    print(run())
