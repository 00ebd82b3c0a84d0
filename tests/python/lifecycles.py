"""Histories that between them hold every type of event, built through ``Engine.handle`` (and
``Engine.escalate``) only: what the typing tests check the results of, key by key, and the
history-form tests feed in every form."""
from __future__ import annotations

from typing import Any

import jiesu
from ticket_scenarios import CC, Script, t

TASK_FORCE = {"role": "task_force"}
LEADING_GROUP = {"role": "leading_group"}
SUPERVISION = {"role": "supervision_office"}
OTHER = "housing"  # a cooperating unit the operator adds at dispatch


def everything(eng: jiesu.Engine) -> list[dict[str, Any]]:
    """One ticket through contribution, return rejected, extension rejected then approved,
    suspension, rework, a dissatisfied callback reopened, urging, supervision, consultation,
    instruction, a linked duplicate, a recorded escalation, close and archive."""
    other = OTHER
    s = Script(eng, "YS-ALL", "2026-03-02 09:00", decision={"cooperating": [OTHER]})
    s.handle("2026-03-02 09:30", "2026-03-02 10:00")
    s.run({"role": "unit", "unit": other}, {"type": "acknowledge"}, "2026-03-02 10:10")
    s.run({"role": "unit", "unit": other}, {"type": "submit_contribution", "content": "已配合查看"}, "2026-03-02 11:00")
    s.lead({"type": "add_progress", "note": "已派人查看"}, "2026-03-02 11:30")
    s.lead({"type": "request_return", "reason": "不属于本单位职责", "evidence": ["职责清单.pdf"], "suggested_unit": "water"},
           "2026-03-02 12:00")
    s.cc({"type": "decide_return", "approve": False, "reason": "属本单位职责"}, "2026-03-02 13:00")
    s.lead({"type": "request_extension", "reason": "需采购配件", "requested_due_at": t("2026-03-20 00:00")}, "2026-03-03 09:00")
    s.cc({"type": "decide_extension", "approve": False, "reason": "时间足够"}, "2026-03-03 10:00")
    s.lead({"type": "request_extension", "reason": "配件缺货", "requested_due_at": t("2026-03-20 00:00")}, "2026-03-03 11:00")
    s.cc({"type": "decide_extension", "approve": True, "reason": "同意"}, "2026-03-03 12:00")
    s.cc({"type": "suspend", "reason": "等待诉求人补充材料"}, "2026-03-04 09:00")
    s.cc({"type": "resume"}, "2026-03-05 09:00")
    s.cc({"type": "urge", "message": "请加快办理"}, "2026-03-05 10:00")
    s.run(SUPERVISION, {"type": "supervise", "note": "列入督办"}, "2026-03-05 11:00")
    s.cc({"type": "convene_consultation", "units": [other], "note": "会商"}, "2026-03-05 12:00")
    s.run(LEADING_GROUP, {"type": "instruct", "instruction": "尽快解决"}, "2026-03-05 13:00")
    s.cc({"type": "link_duplicate", "linked_ticket_id": "YS-DUP"}, "2026-03-05 14:00")
    report = {"result": "已修复", "answered_at": t("2026-03-06 10:00"), "evidence": ["photo.jpg"], "approved_by": "王局长",
              "solved": True}
    s.lead({"type": "submit_report", "report": report}, "2026-03-06 10:00")
    s.cc({"type": "review_report", "accept": False, "reason": "insufficient_evidence", "note": "补充照片"}, "2026-03-06 11:00")
    s.lead({"type": "submit_report", "report": report}, "2026-03-06 12:00")
    s.cc({"type": "review_report", "accept": True}, "2026-03-06 13:00")
    s.callback("dissatisfied", False, "2026-03-07 10:00")
    s.cc({"type": "judge_dissatisfaction", "judgement": {"judgement": "reasonable", "measures": "重新维修",
                                                          "responsible_person": "李四"}}, "2026-03-07 11:00")
    s.report("2026-03-09 10:00")
    s.callback("satisfied", True, "2026-03-10 10:00")
    late = t("2026-04-30 09:00")
    s.events += eng.escalate(s.events, eng.evaluate(s.events, late), late)
    s.close("2026-04-30 10:00")
    s.cc({"type": "archive"}, "2026-04-30 11:00")
    return s.events


def returned(eng: jiesu.Engine) -> list[dict[str, Any]]:
    """A ticket returned by its lead unit (approved, with new assignments) and reassigned."""
    s = Script(eng, "YS-RET", "2026-03-02 09:00").handle("2026-03-02 09:30", "2026-03-02 10:00")
    s.lead({"type": "request_return", "reason": "不属于本单位职责", "evidence": ["职责清单.pdf"], "suggested_unit": "water"},
           "2026-03-02 11:00")
    s.cc({"type": "decide_return", "approve": True, "reason": "同意", "assignments": [{"unit": "water", "role": "lead"}]},
         "2026-03-02 12:00")
    s.cc({"type": "reassign", "assignments": [{"unit": "housing", "role": "lead"}]}, "2026-03-02 13:00")
    return s.events


def major_matters(eng: jiesu.Engine) -> list[list[dict[str, Any]]]:
    """A major matter taken by the leading group (adding a unit), and one sent back."""
    up = {"type": "report_up", "kind": "major", "reason": "涉及全县路灯改造"}
    taken = Script(eng, "YS-MM1", "2026-03-02 09:00").handle("2026-03-02 09:30", "2026-03-02 10:00")
    taken.run({"role": "unit_leader", "unit": taken.lead_unit}, up, "2026-03-03 10:00")
    taken.run(TASK_FORCE, {**up, "kind": "hot_difficult"}, "2026-03-04 09:00")
    taken.run(LEADING_GROUP, {"type": "decide_major_matter", "take": True, "instruction": "限期办结", "units": ["housing"],
                              "due_at": t("2026-03-31 00:00")}, "2026-03-05 15:00")
    back = Script(eng, "YS-MM2", "2026-03-02 09:00").handle("2026-03-02 09:30", "2026-03-02 10:00")
    back.cc(up, "2026-03-03 10:00")
    back.run(TASK_FORCE, {"type": "decide_major_matter", "take": False, "explanation": "按原渠道办理"}, "2026-03-04 10:00")
    return [taken.events, back.events]


def ended_early(eng: jiesu.Engine) -> list[list[dict[str, Any]]]:
    """A declined request and one answered on the spot."""
    reg = {"type": "register", "appeal_type": "consultation", "content": "咨询", "channel": "web",
           "requester": {"name": "李四", "phone": "13900000000", "requester_key": "rk-0009"},
           "location": {"township": "jiangna", "village": "某村", "address": "某路1号"}}
    declined = eng.handle([], CC, {**reg, "id": "YS-DEC"}, t("2026-03-02 09:00"))
    declined += eng.handle(declined, CC, {"type": "decline", "reason": "litigation", "guidance": "请通过诉讼途径解决"},
                           t("2026-03-02 09:10"))
    answered = eng.handle([], CC, {**reg, "id": "YS-ANS"}, t("2026-03-02 09:00"))
    answered += eng.handle(answered, CC, {"type": "answer_directly", "answer": "办理时间为工作日"}, t("2026-03-02 09:10"))
    return [declined, answered]


def urgent(eng: jiesu.Engine) -> list[dict[str, Any]]:
    """An urgent ticket (a first-feedback clock) left unanswered, its clock alerts recorded."""
    s = Script(eng, "YS-URG", "2026-03-02 09:00", decision={"urgency": "urgent"})
    late = t("2026-03-20 09:00")
    s.events += eng.escalate(s.events, eng.evaluate(s.events, late), late)
    return s.events


def provisional(eng: jiesu.Engine) -> list[dict[str, Any]]:
    """A ticket dispatched at the end of the calendar's coverage by an engine of the provisional
    policy (R-SLA-7): its clocks are provisional."""
    return Script(eng, "YS-PRO", "2026-12-30 09:00").events


def all_histories(eng: jiesu.Engine) -> list[list[dict[str, Any]]]:
    """Every history above (``eng`` has the provisional calendar policy)."""
    return [everything(eng), returned(eng), *major_matters(eng), *ended_early(eng), urgent(eng), provisional(eng)]
