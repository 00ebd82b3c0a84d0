"""Major matters reported up level by level (R-SCOPE-5): report_up to the task force and on to
the leading group, taken with an instruction or sent back; the clocks paused while upstairs and
moved by that time; escalation warning the level; the bulletin's 重大事项和热点难点 section."""

from __future__ import annotations

import jiesu
import pytest
from ticket_scenarios import CC, LEAD, LEAD_ACTOR, STREET_LIGHTS, t

LEADER = {"role": "unit_leader", "unit": LEAD}
TASK_FORCE = {"role": "task_force"}
LEADING_GROUP = {"role": "leading_group"}
UP = {"type": "report_up", "kind": "major", "reason": "涉及全县路灯改造，需县级统筹"}


@pytest.fixture(scope="module")
def eng():
    return jiesu.Engine.default()


def handling(eng, id="YS-M1"):
    register = {"type": "register", "id": id, "appeal_type": "complaint", "content": "江那镇路灯大面积不亮",
                "location": {"township": "jiangna"}}
    events = eng.handle([], CC, register, t("2026-03-02 09:00"))
    events += eng.handle(events, CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, t("2026-03-02 09:30"))
    events += eng.handle(events, LEAD_ACTOR, {"type": "acknowledge"}, t("2026-03-02 10:00"))
    events += eng.handle(events, LEAD_ACTOR, {"type": "contact_requester", "note": "电话联系"}, t("2026-03-02 11:00"))
    return events


def completion(state):
    return next(c for c in state["clocks"] if c["clock"] == "completion")


def test_up_to_the_task_force_and_on_to_the_leading_group_then_taken(eng):
    events = handling(eng)
    with pytest.raises(jiesu.PermissionDenied) as e:
        eng.handle(events, LEAD_ACTOR, UP, t("2026-03-03 10:00"))
    assert e.value.rule == "R-SCOPE-5"
    events += eng.handle(events, LEADER, UP, t("2026-03-03 10:00"))
    s = eng.state(events, t("2026-03-03 12:00"))
    assert s["major_matter"]["level"] == "task_force" and s["major_matter"]["standing"] == "pending"
    assert s["flags"]["major_matter_pending"] and completion(s)["status"] == "paused"
    # What must wait for the level waits: the report, an extension request.
    report = {"type": "submit_report", "report": {"result": "已修复", "answered_at": t("2026-03-03 11:00"),
                                                  "evidence": ["p.jpg"], "approved_by": "王局长", "solved": True}}
    with pytest.raises(jiesu.InvalidTransition, match="waits for the task_force's decision") as e:
        eng.handle(events, LEAD_ACTOR, report, t("2026-03-03 12:00"))
    assert e.value.rule == "R-SCOPE-5"
    # The task force passes it on; the leading group takes it, adding a unit.
    events += eng.handle(events, TASK_FORCE, {**UP, "kind": "hot_difficult"}, t("2026-03-04 09:00"))
    with pytest.raises(jiesu.PermissionDenied):
        eng.handle(events, TASK_FORCE, {"type": "decide_major_matter", "take": False, "explanation": "退回"}, t("2026-03-04 10:00"))
    take = {"type": "decide_major_matter", "take": True, "instruction": "由住建局配合，限期办结", "units": ["housing"]}
    new = eng.handle(events, LEADING_GROUP, take, t("2026-03-05 15:00"))
    assert [e["type"] for e in new] == ["major_matter_taken"] and new[0]["level"] == "leading_group"
    events += new
    s = eng.state(events, t("2026-03-06 09:00"))
    m = s["major_matter"]
    assert (m["level"], m["standing"], m["raised_by"], m["decision"]) == ("leading_group", "taken", "unit_leader", "由住建局配合，限期办结")
    # Two working days upstairs (03-03 → 03-05): 03-10 → 03-12.
    assert completion(s)["due_at"] == t("2026-03-12 00:00")
    assert any(a["unit"] == "housing" and a["role"] == "cooperating" for a in s["assignments"])
    assert eng.verify(events)["intact"]


def test_sent_back_and_the_level_is_warned_not_the_unit(eng):
    events = handling(eng, "YS-M2")
    events += eng.handle(events, CC, UP, t("2026-03-03 10:00"))
    # After the original deadline (03-10) and the task force's limit (03-07): only the level is warned.
    alerts = eng.evaluate(events, t("2026-03-11 09:00"))["alerts"]
    assert [a["rule"] for a in alerts] == ["major_matter.task_force.undecided"]
    assert alerts[0]["target"] == "task_force"
    back = {"type": "decide_major_matter", "take": False, "explanation": "属承办单位职责，按原渠道办理"}
    with pytest.raises(jiesu.InvalidInput, match="units"):
        eng.handle(events, TASK_FORCE, {**back, "units": ["housing"]}, t("2026-03-11 10:00"))
    events += eng.handle(events, TASK_FORCE, back, t("2026-03-11 10:00"))
    s = eng.state(events, t("2026-03-11 11:00"))
    assert s["major_matter"]["standing"] == "sent_back" and not s["flags"]["major_matter_pending"]
    # 03-03 → 03-11: six working days added back; 03-10 → 03-18.
    assert completion(s)["due_at"] == t("2026-03-18 00:00")


def test_the_bulletin_lists_the_matters_of_the_period(eng):
    a = handling(eng, "YS-M3")
    a += eng.handle(a, LEADER, UP, t("2026-03-03 10:00"))
    b = handling(eng, "YS-M4")
    b += eng.handle(b, CC, {**UP, "kind": "hot_difficult"}, t("2026-03-03 11:00"))
    b += eng.handle(b, TASK_FORCE, {"type": "decide_major_matter", "take": True, "instruction": "专班协调"}, t("2026-03-04 09:00"))
    c = handling(eng, "YS-M5")
    bulletin = eng.bulletin([a, b, c], period=(t("2026-03-01 00:00"), t("2026-04-01 00:00")), format="dict")
    rows = {m["id"]: m for m in bulletin["major_matters"]}
    assert set(rows) == {"YS-M3", "YS-M4"}
    assert (rows["YS-M3"]["standing"], rows["YS-M3"]["holder"]) == ("pending", "工作专班")
    assert (rows["YS-M4"]["kind"], rows["YS-M4"]["standing"], rows["YS-M4"]["decision"]) == ("hot_difficult", "taken", "专班协调")
    md = eng.bulletin([a, b, c], period=(t("2026-03-01 00:00"), t("2026-04-01 00:00")))
    assert "## 十一、重大事项和热点难点（2 件）" in md
    assert "YS-M3" in md and "工作专班研究中" in md and "工作专班已批办：专班协调" in md
