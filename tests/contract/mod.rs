//! The contract tour shared by `tests/schema.rs` (every document it produces is validated
//! against `schema/`) and `tests/json_doc.rs` (its first example of each command is
//! `docs/JSON.md`'s): tickets taken through every command of the lifecycle table, as an
//! integrator would — actors and commands written as JSON, run through `Engine::handle` on the
//! ticket's stored history at fixed instants, the events appended to that history.

#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use jiesu::engine::Engine;
use jiesu::ticket::{Actor, Command, Event, Ticket};
use serde_json::{json, Value};

use crate::common::{complex_cat, lead_of, normal_cat, t, ENGINE, PHONE, TOWNSHIP, UNASSIGNED};

/// One command run: the ticket's history before it, the actor and command as JSON, the
/// instant, and the events it produced.
pub struct Step {
    pub history: Vec<Event>,
    pub actor: Value,
    pub command: Value,
    pub at: DateTime<FixedOffset>,
    pub events: Vec<Event>,
}

/// A ticket being taken through the tour: its stored history and the steps run on it.
pub struct Run {
    pub history: Vec<Event>,
    pub steps: Vec<Step>,
}

impl Run {
    pub fn new() -> Run {
        Run { history: Vec::new(), steps: Vec::new() }
    }

    /// Runs `command` by `actor` at `at` through `Engine::handle` (both parsed from JSON by
    /// jiesu's parser), appends its events and returns them.
    pub fn go(&mut self, actor: Value, command: Value, at: &str) -> Vec<Event> {
        let a: Actor = jiesu::json::from_str(&actor.to_string()).unwrap_or_else(|e| panic!("actor {actor}: {e}"));
        let c: Command = jiesu::json::from_str(&command.to_string()).unwrap_or_else(|e| panic!("command {command}: {e}"));
        let events = ENGINE.handle(&self.history, &a, &c, t(at)).unwrap_or_else(|e| panic!("{command} at {at} refused: {e}"));
        self.steps.push(Step { history: self.history.clone(), actor, command, at: t(at), events: events.clone() });
        self.history.extend(events.iter().cloned());
        events
    }

    pub fn ticket(&self) -> Ticket {
        Ticket::replay(&self.history).expect("the tour's history replays")
    }
}

pub fn cc() -> Value {
    json!({"role": "command_center", "user": "op-007"})
}

pub fn unit(u: &str) -> Value {
    json!({"role": "unit", "unit": u})
}

pub fn leader(u: &str) -> Value {
    json!({"role": "unit_leader", "unit": u, "user": "王局长"})
}

pub fn role(r: &str) -> Value {
    json!({"role": r})
}

fn register(id: &str) -> Value {
    json!({"type": "register", "id": id, "channel": "hotline_12345", "appeal_type": "complaint",
        "content": "来电人反映：江那镇某小区门口路灯坏了一个多月",
        "requester": {"name": "张三丰", "phone": PHONE}, "location": {"township": TOWNSHIP}})
}

fn report() -> Value {
    json!({"type": "submit_report", "report": {"result": "已安排维修，路灯恢复正常", "answered_at": "2026-03-05T16:00:00+08:00",
        "evidence": ["photo-1.jpg"], "approved_by": "王局长", "solved": true}})
}

/// The engine every tour runs on (the default: CN calendar, Yanshan guide, default rules).
pub fn engine() -> &'static Engine {
    &ENGINE
}

/// The tour: one run per ticket; together they issue every command of the lifecycle table
/// (and `tickets[0]` also records alerts through `Engine::record_alerts`, see [`alerts`]).
pub fn tour() -> Vec<Run> {
    let complex = complex_cat();
    let lead = lead_of(complex);
    let helper = complex.routing.cooperating[0].clone();
    let mut runs = Vec::new();

    // YS-1: the full lifecycle of a complex ticket, with an extension, a suspension,
    // supervision, a rework, a dissatisfied callback judged reasonable, then closed and archived.
    let mut a = Run::new();
    a.go(cc(), register("YS-2026-0001"), "2026-03-02T09:00:00+08:00");
    a.go(cc(), json!({"type": "dispatch", "decision": {"category": complex.code, "appeal_type": "complaint"}}), "2026-03-02T09:10:00+08:00");
    a.go(unit(&lead), json!({"type": "acknowledge"}), "2026-03-02T10:00:00+08:00");
    a.go(unit(&lead), json!({"type": "contact_requester", "note": "电话联系诉求人，约定上门时间"}), "2026-03-02T11:00:00+08:00");
    a.go(unit(&lead), json!({"type": "add_progress", "note": "已派维修人员现场查看"}), "2026-03-03T09:00:00+08:00");
    a.go(unit(&helper), json!({"type": "submit_contribution", "content": "配合提供线路图"}), "2026-03-03T10:00:00+08:00");
    for (i, u) in complex.routing.responsible.iter().enumerate() {
        a.go(unit(u), json!({"type": "submit_contribution", "content": "已完成本单位负责部分"}), &format!("2026-03-03T10:{:02}:00+08:00", 10 + i));
    }
    a.go(cc(), json!({"type": "urge", "message": "请加快办理"}), "2026-03-03T11:00:00+08:00");
    a.go(role("supervision_office"), json!({"type": "supervise", "note": "列入本周督办"}), "2026-03-03T12:00:00+08:00");
    a.go(role("task_force"), json!({"type": "convene_consultation", "units": [lead, helper], "note": "协调线路改造"}), "2026-03-03T14:00:00+08:00");
    a.go(role("leading_group"), json!({"type": "instruct", "instruction": "尽快修复，举一反三"}), "2026-03-03T15:00:00+08:00");
    a.go(cc(), json!({"type": "link_duplicate", "linked_ticket_id": "YS-2026-0002"}), "2026-03-03T16:00:00+08:00");
    let due = a.ticket().state_view(ENGINE.guide(), t("2026-03-04T09:00:00+08:00")).clocks[0].due_at;
    let later = (due + chrono::Duration::days(7)).to_rfc3339();
    a.go(unit(&lead), json!({"type": "request_extension", "reason": "需更换整段线路", "requested_due_at": later}), "2026-03-04T09:00:00+08:00");
    a.go(cc(), json!({"type": "decide_extension", "approve": true, "reason": "同意延期"}), "2026-03-04T10:00:00+08:00");
    a.go(cc(), json!({"type": "suspend", "reason": "等待供电部门停电检修"}), "2026-03-04T11:00:00+08:00");
    a.go(cc(), json!({"type": "resume"}), "2026-03-05T09:00:00+08:00");
    a.go(leader(&lead), report(), "2026-03-05T17:00:00+08:00");
    a.go(cc(), json!({"type": "review_report", "accept": false, "reason": "insufficient_evidence", "note": "请补充修复后照片"}), "2026-03-06T09:00:00+08:00");
    a.go(leader(&lead), report(), "2026-03-06T15:00:00+08:00");
    a.go(cc(), json!({"type": "review_report", "accept": true}), "2026-03-06T16:00:00+08:00");
    a.go(cc(), json!({"type": "record_callback", "outcome": "dissatisfied", "solved": false, "note": "路灯仍时亮时灭"}), "2026-03-09T10:00:00+08:00");
    a.go(
        cc(),
        json!({"type": "judge_dissatisfaction", "judgement": {"judgement": "reasonable", "measures": "更换整段线路", "responsible_person": "李工",
            "due_at": "2026-03-13T18:00:00+08:00"}}),
        "2026-03-09T11:00:00+08:00",
    );
    a.go(leader(&lead), report(), "2026-03-11T15:00:00+08:00");
    a.go(cc(), json!({"type": "review_report", "accept": true}), "2026-03-11T16:00:00+08:00");
    a.go(cc(), json!({"type": "record_callback", "outcome": "satisfied", "solved": true}), "2026-03-12T10:00:00+08:00");
    a.go(cc(), json!({"type": "close"}), "2026-03-12T11:00:00+08:00");
    a.go(cc(), json!({"type": "archive"}), "2026-03-12T12:00:00+08:00");
    runs.push(a);

    // YS-2: declined (out of scope). YS-3: answered on the spot.
    let mut b = Run::new();
    b.go(cc(), register("YS-2026-0002"), "2026-03-02T09:30:00+08:00");
    b.go(cc(), json!({"type": "decline", "reason": "litigation", "guidance": "请通过司法途径解决"}), "2026-03-02T09:40:00+08:00");
    runs.push(b);
    let mut c = Run::new();
    c.go(cc(), register("YS-2026-0003"), "2026-03-02T09:50:00+08:00");
    c.go(cc(), json!({"type": "answer_directly", "answer": "已告知报修电话及办理时限"}), "2026-03-02T09:55:00+08:00");
    runs.push(c);

    // YS-4: a return approved with a new lead, then reassigned.
    let normal = normal_cat();
    let normal_lead = lead_of(normal);
    let mut d = Run::new();
    d.go(cc(), register("YS-2026-0004"), "2026-03-02T10:00:00+08:00");
    d.go(cc(), json!({"type": "dispatch", "decision": {"category": normal.code, "appeal_type": "complaint"}}), "2026-03-02T10:10:00+08:00");
    d.go(
        unit(&normal_lead),
        json!({"type": "request_return", "reason": "不属于本单位职责", "evidence": ["职责清单.pdf"], "suggested_unit": UNASSIGNED}),
        "2026-03-02T11:00:00+08:00",
    );
    d.go(
        cc(),
        json!({"type": "decide_return", "approve": true, "reason": "同意退回", "assignments": [{"unit": UNASSIGNED, "role": "lead"}]}),
        "2026-03-02T14:00:00+08:00",
    );
    d.go(cc(), json!({"type": "reassign", "assignments": [{"unit": lead, "role": "lead"}]}), "2026-03-02T15:00:00+08:00");
    runs.push(d);

    // YS-5: a major matter reported up by the lead unit's leader and taken by the task force.
    let mut e = Run::new();
    e.go(cc(), register("YS-2026-0005"), "2026-03-02T10:30:00+08:00");
    e.go(cc(), json!({"type": "dispatch", "decision": {"category": normal.code, "appeal_type": "complaint"}}), "2026-03-02T10:40:00+08:00");
    e.go(leader(&normal_lead), json!({"type": "report_up", "kind": "major", "reason": "涉及多个部门，需专班协调"}), "2026-03-02T11:00:00+08:00");
    e.go(
        role("task_force"),
        json!({"type": "decide_major_matter", "take": true, "instruction": "专班牵头办理", "units": [UNASSIGNED], "due_at": "2026-03-20T18:00:00+08:00"}),
        "2026-03-02T14:00:00+08:00",
    );
    runs.push(e);
    runs
}

/// An overdue dispatched ticket's history, the evaluation of it at `now` and the events that
/// record its alerts (`Engine::record_alerts`).
pub fn alerts() -> (Vec<Event>, jiesu::escalation::Evaluation, Vec<Event>, DateTime<FixedOffset>) {
    let normal = normal_cat();
    let mut r = Run::new();
    r.go(cc(), register("YS-2026-0006"), "2026-03-02T11:00:00+08:00");
    r.go(cc(), json!({"type": "dispatch", "decision": {"category": normal.code, "appeal_type": "complaint"}}), "2026-03-02T11:10:00+08:00");
    let now = t("2026-03-20T09:00:00+08:00");
    let ticket = r.ticket();
    let evaluation = ENGINE.evaluate(&ticket, now);
    assert!(!evaluation.alerts.is_empty(), "the overdue ticket raises alerts");
    let events = ENGINE.record_alerts(&ticket, &evaluation.alerts, now).expect("the alerts are recorded");
    (r.history, evaluation, events, now)
}

/// An instant after every step of the tour.
pub fn tour_end() -> DateTime<FixedOffset> {
    t("2026-03-31T09:00:00+08:00")
}
