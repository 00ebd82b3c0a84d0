//! Property tests of the lifecycle invariant (issue 13, item 2): `handle` and `replay` obey the
//! same lifecycle table (`jiesu::ticket::lifecycle::LIFECYCLE`) and the same guards.
//!
//! - **handle ⊆ replay, refusals change nothing**
//!   ([`handle_then_replay_and_refusals_change_nothing`]): random command sequences — every
//!   command kind and `record_alerts`, plausible and implausible fields — from a pool of actors
//!   (two command-center operators, the supervision office, the task force, the leading group,
//!   and every unit of the fixture categories and an unassigned one, as `unit` and as
//!   `unit_leader`), at
//!   increasing random instants. A refused command leaves the ticket byte-for-byte unchanged
//!   (`serde_json::to_string(&ticket)` and `events()`); an accepted one's events apply; the
//!   final history replays to an equal ticket and verifies intact.
//! - **replay ⊆ handle** ([`forged_histories_that_replay_are_ones_handle_produces`]): valid
//!   random histories are forged at the event level — an event's actor changed to another
//!   actor of the pool (any, or one of the same role); the `unit` of a unit event changed (alone, or with the actor, so that
//!   the event is self-consistent); an event dropped, duplicated, swapped with the next one, or
//!   replaced by / preceded by an event of another valid history of the same ticket — then
//!   re-chained (seq, prev_hash, `compute_hash`: an attacker who knows the hash function).
//!   Every forged history that `replay` accepts is rebuilt from scratch through `handle`: each
//!   event (or `return_approved` + `reassigned`, the one pair a single command produces) gives
//!   the command that produces it ([`decisions_for`]), issued by the event's actor at the
//!   event's instant on the ticket rebuilt so far; `handle` must accept it and return the
//!   same events (bodies, clocks included). The figures (generated, refused, accepted,
//!   accepted and re-decided) are printed (`-- --nocapture`).
//!
//! Two gaps are counted apart, printed, and do not fail the test (`LIFECYCLE_STRICT=1` makes
//! them fail). **Escalations**: since `record_alerts` records only what `evaluate` raises at
//! that instant (issue 14), an `escalated` event spliced in where no rule fires, or recorded
//! twice, replays though `record_alerts` would refuse it — replay has no rule set or calendar
//! to re-evaluate (as for clocks; the keyed archive anchors what was recorded). **Clocks** — `replay` does not recompute the clocks events carry (it has no
//! calendar, by design), so a forged history whose `resumed`, `dispatched`, `reassigned`,
//! `extension_approved`, `report_returned` or `reopened` clocks differ from what `handle`
//! computes at that point (an acknowledgement dropped before a resumption, a dispatch spliced
//! in at another instant) replays (the finding of `forged_clocks_are_recomputed_by_replay` in
//! `tests/lifecycle.rs`, ignored; the keyed archive mode of issue 14 is the answer to a forger
//! who re-hashes). A second gap it found — replay accepted an `escalated` by any command-center
//! actor while `record_alerts` records as user `escalation_rules` — is closed and now fails
//! the test like every other difference. (It found two bugs, fixed in `src/` with tests
//! in `tests/lifecycle.rs`: a `reassigned` accepted in `return_pending`, and the reassignment
//! of a lead's approved return accepted from another actor or at another instant.)
//!
//! [`the_generator_accepts_and_refuses_every_command_and_reaches_every_event_kind`] checks the
//! generator (fixed seed).
//!
//! Knobs: `PROPTEST_CASES` (default 48, for each property; a case of the second is two
//! histories and `LIFECYCLE_FORGERIES` forgeries, default 40), `LIFECYCLE_STRICT`. Debug
//! build, 2 cores shared with other builds: the file takes 22–31 s (the three tests run in
//! parallel; `PROPTEST_CASES=150`: ~40 s for the forgeries alone).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, FixedOffset, TimeDelta};
use common::*;
use jiesu::escalation::{Alert, Target};
use jiesu::guide::{AppealType, Assignment, AssignmentRole, Category, ClassificationDecision, DeclineReason, Location};
use jiesu::sla::{HandlingClass, Urgency};
use jiesu::ticket::{
    compute_hash, verify, Actor, CallbackOutcome, Command, CommandKind, Event, EventBody, EventKind, Judgement, MatterKind, MatterLevel, MatterStanding,
    Report, ReworkReason, Role, Status, Ticket,
};
use jiesu::ErrorKind;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

const START: &str = "2026-03-02T09:00:00+08:00";
const ID: &str = "YS-L1";

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn forgeries_per_case() -> usize {
    std::env::var("LIFECYCLE_FORGERIES").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
}

// ---------------------------------------------------------------------------------------------
// the pool

fn categories() -> [&'static Category; 4] {
    [normal_cat(), complex_cat(), by_location_cat(), urgent_cat()]
}

/// Every unit of the fixture categories, and one assigned to none of them.
fn units() -> &'static [String] {
    static U: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut v = vec![UNASSIGNED.to_string()];
        for c in categories() {
            v.push(lead_of(c));
            v.extend(c.routing.responsible.iter().cloned());
            v.extend(c.routing.cooperating.iter().cloned());
        }
        v.sort();
        v.dedup();
        v
    });
    &U
}

fn unit_at(i: usize) -> String {
    units()[i % units().len()].clone()
}

/// The actors: two command-center operators (the one the generated commands use, without a
/// user, and `op-2`), the other three roles without a unit, then each unit as `unit` and as
/// `unit_leader`.
fn actors() -> &'static [Actor] {
    static A: LazyLock<Vec<Actor>> = LazyLock::new(|| {
        let op2 = Actor { user: Some("op-2".into()), ..cc() };
        let mut v = vec![cc(), op2, of(Role::SupervisionOffice), of(Role::TaskForce), of(Role::LeadingGroup)];
        for u in units() {
            v.push(unit(u));
            v.push(leader(u));
        }
        v
    });
    &A
}

fn actor_at(i: usize) -> Actor {
    actors()[i % actors().len()].clone()
}

// ---------------------------------------------------------------------------------------------
// generated steps

#[derive(Clone, Debug)]
enum Who {
    /// One that may issue the command (resolved against the ticket at that step).
    Natural,
    /// Any actor of the pool.
    Pool(usize),
}

/// A command kind with the choices that make its fields plausible or not (`v`).
#[derive(Clone, Debug)]
enum Spec {
    Register {
        v: u8,
    },
    Decline {
        reason: usize,
        v: u8,
    },
    Answer {
        v: u8,
    },
    Dispatch {
        cat: usize,
        v: u8,
    },
    Acknowledge,
    Contact {
        v: u8,
    },
    Progress {
        v: u8,
    },
    Contribution {
        v: u8,
    },
    RequestReturn {
        v: u8,
        suggest: usize,
    },
    DecideReturn {
        approve: bool,
        v: u8,
        assign: Option<(u8, usize)>,
    },
    Reassign {
        assign: (u8, usize),
    },
    RequestExtension {
        days: i64,
        v: u8,
    },
    DecideExtension {
        approve: bool,
        v: u8,
    },
    Suspend {
        v: u8,
    },
    Resume,
    SubmitReport {
        v: u8,
    },
    ReviewReport {
        accept: bool,
        reason: Option<usize>,
    },
    RecordCallback {
        outcome: usize,
        solved: bool,
    },
    Judge {
        v: u8,
        days: i64,
    },
    Close,
    Archive,
    Urge {
        v: u8,
    },
    Supervise {
        v: u8,
    },
    Consult {
        v: u8,
        pick: usize,
    },
    Instruct {
        v: u8,
    },
    LinkDuplicate {
        v: u8,
    },
    ReportUp {
        v: u8,
    },
    DecideMatter {
        take: bool,
        v: u8,
        days: i64,
    },
    /// `record_alerts`: the alerts `evaluate` gives now (v < 7), or one of an unknown rule.
    Escalate {
        v: u8,
    },
    /// The command that moves the ticket along from its status (random decisions).
    Advance {
        choice: usize,
    },
}

#[derive(Clone, Debug)]
struct Step {
    who: Who,
    spec: Spec,
    /// Seconds since the previous step.
    advance: i64,
    pick: usize,
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![6 => Just(Who::Natural), 1 => any::<usize>().prop_map(Who::Pool)]
}

fn assign() -> impl Strategy<Value = (u8, usize)> {
    (0u8..6, any::<usize>())
}

fn spec() -> impl Strategy<Value = Spec> {
    let v = || 0u8..10;
    prop_oneof![
        1 => v().prop_map(|v| Spec::Register { v }),
        1 => (0usize..10, v()).prop_map(|(reason, v)| Spec::Decline { reason, v }),
        1 => v().prop_map(|v| Spec::Answer { v }),
        2 => (0usize..4, v()).prop_map(|(cat, v)| Spec::Dispatch { cat, v }),
        4 => Just(Spec::Acknowledge),
        3 => v().prop_map(|v| Spec::Contact { v }),
        2 => v().prop_map(|v| Spec::Progress { v }),
        3 => v().prop_map(|v| Spec::Contribution { v }),
        2 => (v(), any::<usize>()).prop_map(|(v, suggest)| Spec::RequestReturn { v, suggest }),
        2 => (any::<bool>(), v(), prop::option::weighted(0.6, assign())).prop_map(|(approve, v, assign)| Spec::DecideReturn { approve, v, assign }),
        1 => assign().prop_map(|assign| Spec::Reassign { assign }),
        2 => (-2i64..10, v()).prop_map(|(days, v)| Spec::RequestExtension { days, v }),
        2 => (any::<bool>(), v()).prop_map(|(approve, v)| Spec::DecideExtension { approve, v }),
        2 => v().prop_map(|v| Spec::Suspend { v }),
        2 => Just(Spec::Resume),
        3 => v().prop_map(|v| Spec::SubmitReport { v }),
        3 => (prop::bool::weighted(0.6), prop::option::weighted(0.9, 0usize..5)).prop_map(|(accept, reason)| Spec::ReviewReport { accept, reason }),
        3 => (0usize..4, any::<bool>()).prop_map(|(outcome, solved)| Spec::RecordCallback { outcome, solved }),
        2 => (0u8..8, -1i64..12).prop_map(|(v, days)| Spec::Judge { v, days }),
        2 => Just(Spec::Close),
        1 => Just(Spec::Archive),
        1 => v().prop_map(|v| Spec::Urge { v }),
        1 => v().prop_map(|v| Spec::Supervise { v }),
        1 => (v(), any::<usize>()).prop_map(|(v, pick)| Spec::Consult { v, pick }),
        1 => v().prop_map(|v| Spec::Instruct { v }),
        1 => v().prop_map(|v| Spec::LinkDuplicate { v }),
        2 => v().prop_map(|v| Spec::ReportUp { v }),
        2 => (any::<bool>(), v(), -1i64..12).prop_map(|(take, v, days)| Spec::DecideMatter { take, v, days }),
        2 => (0u8..8).prop_map(|v| Spec::Escalate { v }),
        24 => any::<usize>().prop_map(|choice| Spec::Advance { choice }),
    ]
}

fn advance() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => Just(0i64),
        3 => 1i64..600,
        4 => 600i64..6 * 3600,
        2 => 6 * 3600i64..3 * 86_400,
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec((who(), spec(), advance(), any::<usize>()).prop_map(|(who, spec, advance, pick)| Step { who, spec, advance, pick }), 1..max)
}

// ---------------------------------------------------------------------------------------------
// a step against the ticket as it stands

/// The lifecycle move from the ticket's status.
fn advance_spec(tk: &Ticket, choice: usize) -> Spec {
    use Status as S;
    let c = choice % 100;
    if tk.pending_extension().is_some() && c < 60 && matches!(tk.status(), Some(S::Dispatched | S::InProgress | S::ReturnPending)) {
        return Spec::DecideExtension { approve: choice / 100 % 2 == 0, v: 0 };
    }
    match tk.status() {
        None => Spec::Register { v: 0 },
        Some(S::Registered) => match c {
            0..=4 => Spec::Decline { reason: choice % 10, v: 0 },
            5..=9 => Spec::Answer { v: 0 },
            _ => Spec::Dispatch { cat: choice % 4, v: (choice / 100 % 10) as u8 },
        },
        Some(S::Dispatched | S::InProgress) if tk.major_matter().is_some_and(|m| m.is_pending()) && c < 70 => {
            Spec::DecideMatter { take: c < 40, v: (choice / 100 % 10) as u8, days: (choice % 9) as i64 + 1 }
        }
        Some(S::Dispatched) => match c {
            0..=9 => Spec::RequestReturn { v: 0, suggest: choice },
            10..=14 => Spec::Suspend { v: 0 },
            15..=19 => Spec::Escalate { v: 0 },
            _ => Spec::Acknowledge,
        },
        Some(S::InProgress) => {
            if tk.suspended_at().is_some() {
                Spec::Resume
            } else if c < 40 && tk.assignments().iter().any(|a| a.role != AssignmentRole::Lead && a.acknowledged_at.is_none()) {
                Spec::Acknowledge
            } else if tk.assignments().iter().any(|a| a.role == AssignmentRole::Responsible && !a.contributed) {
                Spec::Contribution { v: 0 }
            } else {
                match c {
                    0..=14 => Spec::RequestExtension { days: (choice % 7) as i64 + 1, v: 0 },
                    15..=19 => Spec::Suspend { v: 0 },
                    20..=29 => Spec::Contact { v: 0 },
                    30..=34 => Spec::Progress { v: 0 },
                    35..=41 => Spec::Escalate { v: 0 },
                    42..=45 => Spec::Urge { v: 0 },
                    46..=49 => Spec::RequestReturn { v: 0, suggest: choice },
                    50..=54 => Spec::ReportUp { v: (choice / 100 % 10) as u8 },
                    _ => Spec::SubmitReport { v: 0 },
                }
            }
        }
        Some(S::ReturnPending) => Spec::DecideReturn { approve: c < 60, v: 0, assign: if c < 45 { Some((0, choice)) } else { None } },
        Some(S::Reported) => Spec::ReviewReport { accept: c < 60, reason: Some(choice % 5) },
        Some(S::AwaitingCallback) => {
            if !tk.callbacks().is_empty() && c < 50 {
                Spec::Close
            } else {
                Spec::RecordCallback { outcome: choice % 4, solved: c % 2 == 0 }
            }
        }
        Some(S::Judging) => Spec::Judge { v: (choice % 5) as u8, days: (choice % 9) as i64 + 1 },
        Some(S::Closed | S::Declined | S::Answered) => Spec::Archive,
        Some(S::Archived) => Spec::Urge { v: 0 },
    }
}

fn assignments(variant: u8, pick: usize) -> Vec<Assignment> {
    let a = |u: String, role| Assignment { unit: u, role };
    match variant {
        0 => vec![a(unit_at(pick), AssignmentRole::Lead)],
        1 => vec![a(unit_at(pick), AssignmentRole::Lead), a(unit_at(pick + 1), AssignmentRole::Cooperating)],
        2 => vec![a(unit_at(pick), AssignmentRole::Lead), a(unit_at(pick + 2), AssignmentRole::Responsible), a(unit_at(pick + 3), AssignmentRole::Cooperating)],
        3 => vec![],
        4 => vec![a(unit_at(pick), AssignmentRole::Lead), a(unit_at(pick + 1), AssignmentRole::Lead)],
        _ => vec![a("no_such_unit".into(), AssignmentRole::Lead)],
    }
}

/// Text that is plausible for most `v`, blank or unknown for some.
fn text(v: u8, x: &str) -> String {
    match v {
        8 => " ".into(),
        9 => String::new(),
        _ => x.into(),
    }
}

/// What a step asks: a command, or alerts to record.
enum Ask {
    Command(Command),
    Alerts(Vec<Alert>),
}

fn ask(spec: &Spec, tk: &Ticket, now: DateTime<FixedOffset>) -> Ask {
    let s = |x: &str| x.to_string();
    let c = match spec {
        Spec::Register { v } => {
            let mut c = register(ID);
            if let Command::Register { id, content, location, .. } = &mut c {
                match v {
                    7 => *location = Location::township("atlantis"),
                    8 => *content = s(" "),
                    9 => *id = String::new(),
                    _ => {}
                }
            }
            c
        }
        Spec::Decline { reason, v } => {
            Command::Decline { reason: DeclineReason::ALL[*reason % DeclineReason::ALL.len()], guidance: text(*v, "请依法通过其他渠道解决") }
        }
        Spec::Answer { v } => Command::AnswerDirectly { answer: text(*v, "已当场答复") },
        Spec::Dispatch { cat, v } => {
            let c = categories()[*cat];
            let mut d = ClassificationDecision::new(&c.code, AppealType::Complaint);
            match v {
                5 => d.urgency = Some(Urgency::Urgent),
                6 => d.lead = Some(UNASSIGNED.into()),
                7 => d.handling_class = Some(HandlingClass::Complex),
                8 => d.category = "999999".into(),
                9 => d.lead = Some("no_such_unit".into()),
                _ => {}
            }
            Command::Dispatch { decision: d }
        }
        Spec::Acknowledge => Command::Acknowledge {},
        Spec::Contact { v } => Command::ContactRequester { note: if *v == 9 { String::new() } else { s("电话联系诉求人") } },
        Spec::Progress { v } => Command::AddProgress { note: text(*v, "处理中") },
        Spec::Contribution { v } => Command::SubmitContribution { content: text(*v, "协办意见") },
        Spec::RequestReturn { v, suggest } => Command::RequestReturn {
            reason: text(*v, "不属于本单位职责"),
            evidence: if *v == 7 { vec![] } else { vec![s("三定方案.pdf")] },
            suggested_unit: if *v == 6 { s("no_such_unit") } else { unit_at(*suggest) },
        },
        Spec::DecideReturn { approve, v, assign } => {
            Command::DecideReturn { approve: *approve, reason: text(*v, "审核意见"), assignments: assign.map(|(variant, p)| assignments(variant, p)) }
        }
        Spec::Reassign { assign } => Command::Reassign { assignments: assignments(assign.0, assign.1) },
        Spec::RequestExtension { days, v } => {
            let base = tk.completion().map_or(now, |c| c.due_at);
            Command::RequestExtension { reason: text(*v, "需协调多部门"), requested_due_at: base + TimeDelta::days(*days) }
        }
        Spec::DecideExtension { approve, v } => Command::DecideExtension { approve: *approve, reason: text(*v, "审核") },
        Spec::Suspend { v } => Command::Suspend { reason: text(*v, "等待鉴定") },
        Spec::Resume => Command::Resume {},
        Spec::SubmitReport { v } => {
            let good = Report {
                result: s("已安排维修，路灯恢复正常"),
                answered_at: Some(now - TimeDelta::hours(1)),
                evidence: vec![s("photo-1.jpg")],
                approved_by: Some(s("王局长")),
                solved: true,
            };
            Command::SubmitReport {
                report: match v {
                    5 => Report { result: s(""), ..good },
                    6 => Report { answered_at: None, ..good },
                    7 => Report { evidence: vec![], ..good },
                    8 => Report { approved_by: None, ..good },
                    9 => Report { answered_at: Some(now + TimeDelta::hours(1)), ..good },
                    _ => good,
                },
            }
        }
        Spec::ReviewReport { accept, reason } => {
            let reasons = [
                ReworkReason::NonStandardFormat,
                ReworkReason::InsufficientEvidence,
                ReworkReason::UntrueEvidence,
                ReworkReason::RequesterNotSatisfied,
                ReworkReason::Other,
            ];
            Command::ReviewReport { accept: *accept, reason: reason.map(|i| reasons[i]), note: s("审核") }
        }
        Spec::RecordCallback { outcome, solved } => {
            let o = [CallbackOutcome::Satisfied, CallbackOutcome::BasicallySatisfied, CallbackOutcome::Dissatisfied, CallbackOutcome::Unreachable];
            Command::RecordCallback { outcome: o[*outcome], solved: *solved, note: s("回访") }
        }
        Spec::Judge { v, days } => Command::JudgeDissatisfaction {
            judgement: match v {
                0 | 1 => Judgement::Reasonable { measures: s("重新办理"), responsible_person: s("李科长"), due_at: None },
                2 => Judgement::Reasonable { measures: s("重新办理"), responsible_person: s("李科长"), due_at: Some(now + TimeDelta::days(*days)) },
                3 => Judgement::Unresolvable { explanation: s("客观条件限制") },
                4 => Judgement::Unreasonable { explanation: s("不合理诉求") },
                5 => Judgement::Unreasonable { explanation: s(" ") },
                6 => Judgement::Reasonable { measures: s(""), responsible_person: s("李科长"), due_at: None },
                _ => Judgement::Reasonable { measures: s("重新办理"), responsible_person: s("李科长"), due_at: Some(now - TimeDelta::hours(1)) },
            },
        },
        Spec::Close => Command::Close {},
        Spec::Archive => Command::Archive {},
        Spec::Urge { v } => Command::Urge { message: text(*v, "请加快办理") },
        Spec::Supervise { v } => Command::Supervise { note: if *v == 9 { String::new() } else { s("督办") } },
        Spec::Consult { v, pick } => Command::ConveneConsultation {
            units: match v {
                8 => vec![s("no_such_unit")],
                9 => vec![s(" ")],
                7 => vec![],
                _ => vec![unit_at(*pick)],
            },
            note: s("会商"),
        },
        Spec::Instruct { v } => Command::Instruct { instruction: text(*v, "领导批示：限期办结") },
        Spec::LinkDuplicate { v } => Command::LinkDuplicate {
            linked_ticket_id: match v {
                8 => tk.id().unwrap_or_default().to_string(),
                9 => String::new(),
                _ => s("YS-OTHER"),
            },
        },
        Spec::ReportUp { v } => Command::ReportUp {
            kind: if v % 2 == 0 { MatterKind::Major } else { MatterKind::HotDifficult },
            reason: text(*v, "涉及全县统筹的重大事项"),
        },
        Spec::DecideMatter { take, v, days } => Command::DecideMajorMatter {
            take: *take,
            instruction: if *take { text(*v, "专班牵头协调") } else { String::new() },
            explanation: if *take { String::new() } else { text(*v, "属单位职责，按原渠道办理") },
            units: match v {
                5 => vec![unit_at(*days as usize)],
                6 => vec![s("no_such_unit")],
                _ => vec![],
            },
            due_at: match v {
                4 => Some(now + TimeDelta::days(*days)),
                3 => Some(now - TimeDelta::hours(1)),
                _ => None,
            },
        },
        Spec::Escalate { v } => {
            if *v < 7 {
                return Ask::Alerts(ENGINE.evaluate(tk, now).alerts);
            }
            return Ask::Alerts(vec![Alert {
                rule: s("no.such.rule"),
                level: jiesu::ticket::EscalationLevel::Warning,
                target: Target::Unit,
                message: s("预警"),
                ticket_id: tk.id().unwrap_or_default().to_string(),
                clock: None,
                unit: None,
                instance: None,
                due_since: now,
                tickets: vec![],
            }]);
        }
        Spec::Advance { choice } => return ask(&advance_spec(tk, *choice), tk, now),
    };
    Ask::Command(c)
}

fn natural_actor(cmd: &Command, tk: &Ticket, pick: usize) -> Actor {
    let assigned = |filter: &dyn Fn(&jiesu::ticket::AssignmentState) -> bool| -> Actor {
        let list: Vec<_> = tk.assignments().iter().filter(|a| filter(a)).collect();
        if list.is_empty() {
            return unit(&unit_at(pick));
        }
        let u = &list[pick % list.len()].unit;
        if pick % 7 == 0 {
            leader(u)
        } else {
            unit(u)
        }
    };
    match cmd {
        Command::Acknowledge {} => {
            if pick % 2 == 0 {
                assigned(&|a| a.acknowledged_at.is_none())
            } else {
                assigned(&|a| a.role == AssignmentRole::Lead)
            }
        }
        Command::ContactRequester { .. } | Command::AddProgress { .. } | Command::RequestReturn { .. } => {
            if pick % 3 == 0 {
                assigned(&|_| true)
            } else {
                assigned(&|a| a.role == AssignmentRole::Lead)
            }
        }
        Command::RequestExtension { .. } | Command::SubmitReport { .. } => assigned(&|a| a.role == AssignmentRole::Lead),
        Command::SubmitContribution { .. } => assigned(&|a| a.role != AssignmentRole::Lead),
        Command::Supervise { .. } => of(Role::SupervisionOffice),
        Command::Instruct { .. } => of(Role::LeadingGroup),
        Command::ConveneConsultation { .. } if pick % 2 == 0 => of(Role::TaskForce),
        Command::ReportUp { .. } => match tk.major_matter() {
            Some(m) if m.standing != MatterStanding::SentBack && m.level == MatterLevel::TaskForce && pick % 2 == 0 => of(Role::TaskForce),
            _ if pick % 3 == 0 => cc(),
            _ => tk.lead().map_or_else(cc, |l| leader(&l.unit)),
        },
        Command::DecideMajorMatter { .. } => of(tk.major_matter().map_or(Role::TaskForce, |m| m.level.role())),
        _ => cc(),
    }
}

// ---------------------------------------------------------------------------------------------
// 1a: handle ⊆ replay, refusals change nothing

#[derive(Default)]
struct Run {
    ticket: Ticket,
    /// Command kinds (and `record_alerts`) accepted and refused.
    accepted: BTreeSet<&'static str>,
    refused: BTreeSet<&'static str>,
}

/// Runs `steps` from an empty ticket (or one registered at `START` by the command center),
/// checking every step.
fn run_steps(registered_start: bool, steps: &[Step]) -> Result<Run, TestCaseError> {
    let mut tk = if registered_start { registered(ID, START) } else { Ticket::new() };
    let mut now = t(START);
    let mut run = Run::default();
    for (i, st) in steps.iter().enumerate() {
        now += TimeDelta::seconds(st.advance);
        let before = serde_json::to_string(&tk).unwrap();
        let before_events = tk.events().to_vec();
        let (kind, what, result) = match ask(&st.spec, &tk, now) {
            Ask::Command(cmd) => {
                let who = match &st.who {
                    Who::Natural => natural_actor(&cmd, &tk, st.pick),
                    Who::Pool(a) => actor_at(*a),
                };
                let r = tk.handle(&*ENGINE, &who, &cmd, now);
                (cmd.name(), format!("{} by {:?}", cmd.name(), who), r)
            }
            Ask::Alerts(alerts) if alerts.is_empty() => continue,
            Ask::Alerts(alerts) => {
                let r = ENGINE.record_alerts(&tk, &alerts, now);
                ("record_alerts", format!("record_alerts {:?}", alerts.iter().map(|a| &a.rule).collect::<Vec<_>>()), r)
            }
        };
        prop_assert_eq!(&serde_json::to_string(&tk).unwrap(), &before, "step {}: {} changed the ticket", i, what);
        prop_assert_eq!(tk.events(), &before_events[..]);
        match result {
            Err(err) => {
                run.refused.insert(kind);
                // `execute` (handle, then apply) refuses alike and leaves the ticket as it was.
                if let Ask::Command(cmd) = ask(&st.spec, &tk, now) {
                    let who = match &st.who {
                        Who::Natural => natural_actor(&cmd, &tk, st.pick),
                        Who::Pool(a) => actor_at(*a),
                    };
                    let mut copy = tk.clone();
                    prop_assert_eq!(copy.execute(&*ENGINE, &who, &cmd, now).err(), Some(err));
                    prop_assert_eq!(&serde_json::to_string(&copy).unwrap(), &before, "step {}: a refused execute changed the ticket", i);
                    prop_assert_eq!(copy.events(), &before_events[..]);
                }
            }
            Ok(events) => {
                run.accepted.insert(kind);
                prop_assert!(!events.is_empty(), "step {i}: {what} accepted without events");
                for e in &events {
                    prop_assert_eq!(e.at, now);
                    if let Err(err) = tk.apply(e) {
                        return Err(TestCaseError::fail(format!("step {i}: {what}: event {} does not apply: {err}", e.body.name())));
                    }
                }
            }
        }
    }
    let replayed = Ticket::replay(tk.events()).map_err(|e| TestCaseError::fail(format!("replay: {e}")))?;
    prop_assert_eq!(&serde_json::to_string(&replayed).unwrap(), &serde_json::to_string(&tk).unwrap());
    prop_assert_eq!(&replayed, &tk);
    prop_assert_eq!(&ENGINE.replay(tk.events()).unwrap(), &tk);
    let v = verify(tk.events());
    prop_assert!(v.intact, "{:?}", v);
    run.ticket = tk;
    Ok(run)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn handle_then_replay_and_refusals_change_nothing(registered_start in prop::bool::weighted(0.9), steps in steps(48)) {
        run_steps(registered_start, &steps)?;
    }
}

/// The generator (a fixed seed, so that it is deterministic) issues every command kind and
/// `record_alerts`, each accepted at least once and refused at least once, and the histories
/// hold every event kind.
#[test]
fn the_generator_accepts_and_refuses_every_command_and_reaches_every_event_kind() {
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[13; 32]));
    let (mut accepted, mut refused, mut events) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for i in 0..60 {
        let steps = steps(48).new_tree(&mut runner).unwrap().current();
        let run = run_steps(i % 4 != 0, &steps).unwrap();
        accepted.extend(run.accepted);
        refused.extend(run.refused);
        events.extend(run.ticket.events().iter().map(|e| e.body.kind()));
    }
    let all: BTreeSet<&str> = CommandKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(all.difference(&accepted).collect::<Vec<_>>(), Vec::<&&str>::new(), "never accepted");
    assert_eq!(all.difference(&refused).collect::<Vec<_>>(), Vec::<&&str>::new(), "never refused");
    let missing: Vec<_> = EventKind::ALL.iter().filter(|k| !events.contains(k)).collect();
    assert!(missing.is_empty(), "event kinds never produced: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// 1b: forging

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    /// The actor of event `i` becomes `actors()[a]` — or, `same_role`, another actor of the
    /// pool with the same role (another operator, a unit's leader, another unit).
    Actor { i: usize, a: usize, same_role: bool },
    /// The `unit` of the first unit event from `i` on becomes `units()[u]`.
    Unit { i: usize, u: usize },
    /// The actor of the first unit event from `i` on becomes `actors()[a]`, and its `unit` the
    /// actor's unit (a self-consistent event by someone else).
    ActorAndUnit { i: usize, a: usize },
    /// Event `i` dropped (not the last: a prefix is a valid history).
    Drop { i: usize },
    /// Event `i` recorded twice.
    Duplicate { i: usize },
    /// Events `i` and `i + 1` swapped.
    Swap { i: usize },
    /// Event `i` replaced by event `j` of another valid history of the same ticket (at the
    /// instant of event `i` when its own does not fit between the neighbours).
    SpliceReplace { i: usize, j: usize },
    /// Event `j` of another history inserted before event `i` (at the previous event's
    /// instant when its own does not fit).
    SpliceInsert { i: usize, j: usize },
}

impl Mutation {
    fn name(&self) -> &'static str {
        match self {
            Mutation::Actor { .. } => "actor",
            Mutation::Unit { .. } => "unit",
            Mutation::ActorAndUnit { .. } => "actor+unit",
            Mutation::Drop { .. } => "drop",
            Mutation::Duplicate { .. } => "duplicate",
            Mutation::Swap { .. } => "swap",
            Mutation::SpliceReplace { .. } => "splice-replace",
            Mutation::SpliceInsert { .. } => "splice-insert",
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let (i, a) = (|| any::<usize>(), || any::<usize>());
    prop_oneof![
        4 => (i(), a(), any::<bool>()).prop_map(|(i, a, same_role)| Mutation::Actor { i, a, same_role }),
        2 => (i(), a()).prop_map(|(i, u)| Mutation::Unit { i, u }),
        2 => (i(), a()).prop_map(|(i, a)| Mutation::ActorAndUnit { i, a }),
        2 => i().prop_map(|i| Mutation::Drop { i }),
        2 => i().prop_map(|i| Mutation::Duplicate { i }),
        2 => i().prop_map(|i| Mutation::Swap { i }),
        2 => (i(), a()).prop_map(|(i, j)| Mutation::SpliceReplace { i, j }),
        2 => (i(), a()).prop_map(|(i, j)| Mutation::SpliceInsert { i, j }),
    ]
}

/// The unit an event names, for the events that name one.
fn unit_of_mut(b: &mut EventBody) -> Option<&mut String> {
    use EventBody as B;
    match b {
        B::Acknowledged { unit }
        | B::RequesterContacted { unit, .. }
        | B::ProgressAdded { unit, .. }
        | B::ContributionSubmitted { unit, .. }
        | B::ReturnRequested { unit, .. }
        | B::ReturnApproved { unit, .. }
        | B::ReturnRejected { unit, .. }
        | B::ExtensionRequested { unit, .. }
        | B::ReportSubmitted { unit, .. } => Some(unit),
        B::Escalated { unit: Some(unit), .. } => Some(unit),
        _ => None,
    }
}

/// Sequence numbers, previous hashes and hashes written anew, as an attacker who knows the
/// hash function would.
fn rechain(mut events: Vec<Event>) -> Vec<Event> {
    let mut prev = "0".repeat(64);
    for (i, e) in events.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
        e.prev_hash = prev;
        e.hash = compute_hash(e).unwrap();
        prev = e.hash.clone();
    }
    events
}

/// `h` forged by `m` and re-chained; `None` when `m` does not apply or changes nothing.
fn forge(h: &[Event], other: &[Event], m: Mutation) -> Option<Vec<Event>> {
    let n = h.len();
    if n == 0 {
        return None;
    }
    let mut f = h.to_vec();
    let first_unit_event = |f: &mut Vec<Event>, i: usize| -> Option<usize> { (0..n).map(|k| (i + k) % n).find(|&k| unit_of_mut(&mut f[k].body).is_some()) };
    match m {
        Mutation::Actor { i, a, same_role: false } => f[i % n].actor = actor_at(a),
        Mutation::Actor { i, a, same_role: true } => {
            let e = &mut f[i % n];
            let peers: Vec<&Actor> = actors().iter().filter(|x| x.role == e.actor.role && **x != e.actor).collect();
            e.actor = (*peers.get(a % peers.len().max(1))?).clone();
        }
        Mutation::Unit { i, u } => {
            let k = first_unit_event(&mut f, i % n)?;
            *unit_of_mut(&mut f[k].body)? = unit_at(u);
        }
        Mutation::ActorAndUnit { i, a } => {
            let k = first_unit_event(&mut f, i % n)?;
            let actor = actor_at(a);
            f[k].actor = actor.clone();
            *unit_of_mut(&mut f[k].body)? = actor.unit?;
        }
        Mutation::Drop { i } => {
            if n < 2 {
                return None;
            }
            f.remove(i % (n - 1));
        }
        Mutation::Duplicate { i } => {
            let e = f[i % n].clone();
            f.insert(i % n + 1, e);
        }
        Mutation::Swap { i } => {
            if n < 2 {
                return None;
            }
            f.swap(i % (n - 1), i % (n - 1) + 1);
        }
        Mutation::SpliceReplace { i, j } | Mutation::SpliceInsert { i, j } => {
            if other.is_empty() {
                return None;
            }
            let mut e = other[j % other.len()].clone();
            e.ticket_id = h[0].ticket_id.clone();
            // At the instant of the place it takes, unless its own instant fits there.
            let (k, replace) = if matches!(m, Mutation::SpliceReplace { .. }) { (i % n, true) } else { (i % (n + 1), false) };
            let earliest = if k == 0 { None } else { Some(f[k - 1].at) };
            let latest = if replace { f.get(k + 1).map(|x| x.at) } else { f.get(k).map(|x| x.at) };
            if earliest.is_some_and(|t| e.at < t) || latest.is_some_and(|t| e.at > t) {
                e.at = if replace { f[k].at } else { earliest.or(latest).unwrap_or(e.at) };
            }
            if replace {
                f[k] = e;
            } else {
                f.insert(k, e);
            }
        }
    }
    let same = |a: &Event, b: &Event| a.at == b.at && a.actor == b.actor && a.body == b.body;
    if f.len() == n && f.iter().zip(h).all(|(a, b)| same(a, b)) {
        return None;
    }
    Some(rechain(f))
}

/// A decision that could have produced some events: a command, or alerts to record.
enum Decision {
    Command(Command),
    Alert(Alert),
}

impl std::fmt::Debug for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decision::Command(c) => write!(f, "{}", serde_json::to_string(c).unwrap()),
            Decision::Alert(a) => write!(f, "record_alerts {}", serde_json::to_string(a).unwrap()),
        }
    }
}

/// The decisions that produce `group` (one event, or `return_approved` + `reassigned`), most
/// likely first. Every field of the command comes from the events; what `handle` computes
/// (clocks, the classification from the decision, the unit from the actor) must come out the
/// same.
fn decisions_for(group: &[Event]) -> Vec<Decision> {
    use Command as C;
    use Decision::Command as D;
    use EventBody as B;
    let e = &group[0];
    let to_assignments = |list: &[jiesu::ticket::AssignmentClocks]| list.iter().map(|a| Assignment { unit: a.unit.clone(), role: a.role }).collect::<Vec<_>>();
    match &e.body {
        B::Registered { channel, appeal_type, content, requester, location } => vec![D(C::Register {
            id: e.ticket_id.clone(),
            channel: *channel,
            appeal_type: *appeal_type,
            content: content.clone(),
            requester: requester.clone(),
            location: location.clone(),
        })],
        B::Declined { reason, guidance } => vec![D(C::Decline { reason: *reason, guidance: guidance.clone() })],
        B::AnsweredDirectly { answer } => vec![D(C::AnswerDirectly { answer: answer.clone() })],
        B::Dispatched { classification: c, .. } => {
            let of_role = |r: AssignmentRole| c.assignments.iter().filter(|a| a.role == r).map(|a| a.unit.clone()).collect::<Vec<_>>();
            vec![D(C::Dispatch {
                decision: ClassificationDecision {
                    category: c.category.clone(),
                    appeal_type: Some(c.appeal_type),
                    urgency: Some(c.sla.urgency),
                    handling_class: Some(c.sla.handling_class),
                    limit: c.sla.limit,
                    lead: of_role(AssignmentRole::Lead).into_iter().next(),
                    responsible: Some(of_role(AssignmentRole::Responsible)),
                    cooperating: Some(of_role(AssignmentRole::Cooperating)),
                    location: c.township.as_deref().map(Location::township),
                },
            })]
        }
        B::Acknowledged { .. } => vec![D(C::Acknowledge {})],
        B::RequesterContacted { note, .. } => vec![D(C::ContactRequester { note: note.clone() })],
        B::ProgressAdded { note, .. } => vec![D(C::AddProgress { note: note.clone() })],
        B::ContributionSubmitted { content, .. } => vec![D(C::SubmitContribution { content: content.clone() })],
        B::ReturnRequested { reason, evidence, suggested_unit, .. } => {
            vec![D(C::RequestReturn { reason: reason.clone(), evidence: evidence.clone(), suggested_unit: suggested_unit.clone() })]
        }
        B::ReturnApproved { reason, .. } => {
            let assignments = match group.get(1).map(|x| &x.body) {
                Some(B::Reassigned { assignments, .. }) => Some(to_assignments(assignments)),
                _ => None,
            };
            vec![D(C::DecideReturn { approve: true, reason: reason.clone(), assignments })]
        }
        B::ReturnRejected { reason, .. } => vec![D(C::DecideReturn { approve: false, reason: reason.clone(), assignments: None })],
        B::Reassigned { assignments, .. } => vec![D(C::Reassign { assignments: to_assignments(assignments) })],
        B::ExtensionRequested { reason, requested_due_at, .. } => vec![D(C::RequestExtension { reason: reason.clone(), requested_due_at: *requested_due_at })],
        B::ExtensionApproved { reason, .. } => vec![D(C::DecideExtension { approve: true, reason: reason.clone() })],
        B::ExtensionRejected { reason } => vec![D(C::DecideExtension { approve: false, reason: reason.clone() })],
        B::Suspended { reason } => vec![D(C::Suspend { reason: reason.clone() })],
        B::Resumed { .. } => vec![D(C::Resume {})],
        B::ReportSubmitted { report, .. } => vec![D(C::SubmitReport { report: report.clone() })],
        B::ReportAccepted {} => vec![D(C::ReviewReport { accept: true, reason: None, note: String::new() })],
        B::ReportReturned { reason, note, .. } => vec![D(C::ReviewReport { accept: false, reason: Some(*reason), note: note.clone() })],
        B::CallbackRecorded { outcome, solved, note } => vec![D(C::RecordCallback { outcome: *outcome, solved: *solved, note: note.clone() })],
        B::Reopened { measures, responsible_person, completion } => {
            let j = |due_at| C::JudgeDissatisfaction {
                judgement: Judgement::Reasonable { measures: measures.clone(), responsible_person: responsible_person.clone(), due_at },
            };
            vec![D(j(None)), D(j(Some(completion.due_at)))]
        }
        B::Closed { outcome, explanation } => {
            use jiesu::ticket::ClosingOutcome as O;
            let explanation = explanation.clone().unwrap_or_default();
            match outcome {
                O::Unresolvable => vec![D(C::JudgeDissatisfaction { judgement: Judgement::Unresolvable { explanation } })],
                O::Unreasonable => vec![D(C::JudgeDissatisfaction { judgement: Judgement::Unreasonable { explanation } })],
                _ => vec![D(C::Close {})],
            }
        }
        B::Archived {} => vec![D(C::Archive {})],
        B::Urged { message } => vec![D(C::Urge { message: message.clone() })],
        B::Supervised { note } => vec![D(C::Supervise { note: note.clone() })],
        B::ConsultationConvened { units, note } => vec![D(C::ConveneConsultation { units: units.clone(), note: note.clone() })],
        B::Instructed { instruction } => vec![D(C::Instruct { instruction: instruction.clone() })],
        B::DuplicateLinked { linked_ticket_id } => vec![D(C::LinkDuplicate { linked_ticket_id: linked_ticket_id.clone() })],
        B::ReportedUp { kind, reason, .. } => vec![D(C::ReportUp { kind: *kind, reason: reason.clone() })],
        B::MajorMatterTaken { instruction, units, completion, .. } => {
            let take = |due_at| C::DecideMajorMatter {
                take: true,
                instruction: instruction.clone(),
                explanation: String::new(),
                units: units.iter().map(|a| a.unit.clone()).collect(),
                due_at,
            };
            let mut list = vec![D(take(None))];
            if let Some(c) = completion {
                list.push(D(take(Some(c.due_at))));
            }
            list
        }
        B::MajorMatterSentBack { explanation, .. } => {
            vec![D(C::DecideMajorMatter { take: false, instruction: String::new(), explanation: explanation.clone(), units: vec![], due_at: None })]
        }
        B::Escalated { rule, level, target, message, clock, unit, instance, tickets } => vec![Decision::Alert(Alert {
            rule: rule.clone(),
            level: *level,
            target: serde_json::from_value::<Target>(serde_json::Value::String(target.clone())).unwrap(),
            message: message.clone(),
            ticket_id: e.ticket_id.clone(),
            clock: *clock,
            unit: unit.clone(),
            instance: *instance,
            due_since: e.at,
            tickets: tickets.clone(),
        })],
    }
}

/// How a replayed history differs from what `handle` gives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    /// `handle` gives the same bodies except for the clocks they carry (the clock specs of
    /// `dispatched`, `reassigned`, `extension_approved`, `resumed`, `report_returned`,
    /// `reopened`): replay does not recompute clocks.
    Clocks,
    /// `record_alerts` refuses an `escalated` event because `evaluate` does not raise that
    /// alert at its instant (recorded twice, for a met clock, before it was due): replay does
    /// not re-evaluate the escalation rules (it has no rule set or calendar, as for clocks);
    /// the keyed archive anchors what was recorded.
    Escalation,
    /// `handle` gives the same bodies, another actor (`record_alerts` records as the command
    /// center with user `escalation_rules`; replay does not check the user).
    ActorUser,
    /// `handle` refuses the decision, or gives other bodies.
    Other,
}

/// The body without the clocks it carries.
fn without_clocks(b: &EventBody) -> serde_json::Value {
    let mut v = serde_json::to_value(b).unwrap();
    if let Some(o) = v.as_object_mut() {
        for k in ["completion", "first_feedback", "responses", "decide_by"] {
            o.remove(k);
        }
        for list in ["assignments", "units"] {
            let Some(list) = o.get_mut(list).and_then(|a| a.as_array_mut()) else { continue };
            for a in list {
                if let Some(a) = a.as_object_mut() {
                    a.remove("response");
                    a.remove("return_window");
                }
            }
        }
    }
    v
}

struct Finding {
    gap: Gap,
    index: usize,
    kinds: Vec<EventKind>,
    detail: String,
}

/// Rebuilds `events` from an empty ticket through `handle` (and `record_alerts`); the first
/// group of events that no decision reproduces is returned.
fn redecide(events: &[Event]) -> Result<(), Finding> {
    let mut tk = Ticket::new();
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        let pair = matches!(e.body, EventBody::ReturnApproved { .. })
            && events.get(i + 1).is_some_and(|x| matches!(x.body, EventBody::Reassigned { .. }) && x.at == e.at && x.actor == e.actor);
        let group = &events[i..i + if pair { 2 } else { 1 }];
        let mut best: Option<Finding> = None;
        let mut found = false;
        for d in decisions_for(group) {
            let got = match &d {
                Decision::Command(c) => tk.handle(&*ENGINE, &e.actor, c, e.at),
                Decision::Alert(a) => ENGINE.record_alerts(&tk, std::slice::from_ref(a), e.at),
            };
            let finding = |gap, detail: String| Finding { gap, index: i, kinds: group.iter().map(|x| x.body.kind()).collect(), detail };
            match got {
                Ok(got) if got.as_slice() == group => {
                    found = true;
                    break;
                }
                Ok(got) => {
                    let bodies = |l: &[Event]| l.iter().map(|x| x.body.clone()).collect::<Vec<_>>();
                    let gap = if bodies(&got) == bodies(group) {
                        Gap::ActorUser
                    } else if got.len() == group.len() && got.iter().zip(group).all(|(a, b)| without_clocks(&a.body) == without_clocks(&b.body)) {
                        Gap::Clocks
                    } else {
                        Gap::Other
                    };
                    let detail = format!(
                        "{d:?} by {:?} gives\n    {}\n  replay accepted\n    {}",
                        e.actor,
                        serde_json::to_string(&bodies(&got)).unwrap(),
                        serde_json::to_string(&bodies(group)).unwrap()
                    );
                    if best.as_ref().is_none_or(|b| gap < b.gap) {
                        best = Some(finding(gap, detail));
                    }
                }
                Err(err) => {
                    let gap = if matches!(d, Decision::Alert(_)) && err.rule() == Some("R-ESC-4") { Gap::Escalation } else { Gap::Other };
                    if best.as_ref().is_none_or(|b| gap < b.gap) {
                        best = Some(finding(gap, format!("{d:?} by {:?} at {} refused: {err}", e.actor, e.at)));
                    }
                }
            }
        }
        if !found {
            return Err(best.expect("every event has a decision"));
        }
        for x in group {
            tk.apply(x).expect("replay accepted the history");
        }
        i += group.len();
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    generated: usize,
    refused: usize,
    refused_by_kind: BTreeMap<&'static str, usize>,
    accepted: usize,
    redecided: usize,
    /// Mutation, gap, event kinds → (count, one example).
    gaps: BTreeMap<(&'static str, Gap, String), (usize, String)>,
    by_mutation: BTreeMap<&'static str, [usize; 3]>,
}

static TALLY: LazyLock<Mutex<Tally>> = LazyLock::new(|| Mutex::new(Tally::default()));

fn kind_name(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::PermissionDenied => "permission_denied",
        ErrorKind::InvalidTransition => "invalid_transition",
        ErrorKind::InvalidInput => "invalid_input",
        ErrorKind::LimitExceeded => "limit_exceeded",
        _ => "other",
    }
}

/// Forges `h` by each mutation, replays, and re-decides what replay accepts.
fn check_forgeries(h: &[Event], other: &[Event], mutations: &[Mutation]) -> Result<(), TestCaseError> {
    for &m in mutations {
        let Some(f) = forge(h, other, m) else { continue };
        let v = verify(&f);
        prop_assert!(v.intact, "a re-chained history verifies: {:?}", v);
        let mut tally = TALLY.lock().unwrap();
        tally.generated += 1;
        let counts = tally.by_mutation.entry(m.name()).or_default();
        counts[0] += 1;
        match Ticket::replay(&f) {
            Err(err) => {
                tally.by_mutation.get_mut(m.name()).unwrap()[1] += 1;
                tally.refused += 1;
                *tally.refused_by_kind.entry(kind_name(err.kind())).or_default() += 1;
                prop_assert!(err.message().starts_with("events["), "a refused history names the event: {}", err);
            }
            Ok(ticket) => {
                tally.accepted += 1;
                prop_assert_eq!(ticket.events(), &f[..]);
                match redecide(&f) {
                    Ok(()) => {
                        tally.redecided += 1;
                        tally.by_mutation.get_mut(m.name()).unwrap()[2] += 1;
                    }
                    Err(finding) => {
                        let kinds = finding.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("+");
                        let example = format!("{m:?} → events[{}] {kinds}: {}", finding.index, finding.detail);
                        let entry = tally.gaps.entry((m.name(), finding.gap.clone(), kinds)).or_insert((0, example.clone()));
                        entry.0 += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Two valid histories of the same ticket and the mutations to forge the first with.
fn forgery_case() -> impl Strategy<Value = (Vec<Step>, Vec<Step>, Vec<Mutation>)> {
    (steps(40), steps(40), prop::collection::vec(mutation(), forgeries_per_case()))
}

#[test]
fn forged_histories_that_replay_are_ones_handle_produces() {
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(Config { cases: cases(48), failure_persistence: None, ..Config::default() });
    let result = runner.run(&forgery_case(), |(a, b, mutations)| {
        let h = run_steps(true, &a)?.ticket;
        let other = run_steps(true, &b)?.ticket;
        check_forgeries(h.events(), other.events(), &mutations)
    });
    let tally = TALLY.lock().unwrap();
    let clock_gaps: usize = tally.gaps.iter().filter(|((_, g, _), _)| *g == Gap::Clocks).map(|(_, (n, _))| n).sum();
    let user_gaps: usize = tally.gaps.iter().filter(|((_, g, _), _)| *g == Gap::ActorUser).map(|(_, (n, _))| n).sum();
    let escalation_gaps: usize = tally.gaps.iter().filter(|((_, g, _), _)| *g == Gap::Escalation).map(|(_, (n, _))| n).sum();
    println!(
        "forged histories: {} generated, {} refused {:?}, {} accepted, {} accepted and re-decided by handle; {} accepted with clocks handle would not compute, {} with alerts evaluate would not raise, {} with another actor user ({:.1} s)",
        tally.generated,
        tally.refused,
        tally.refused_by_kind,
        tally.accepted,
        tally.redecided,
        clock_gaps,
        escalation_gaps,
        user_gaps,
        started.elapsed().as_secs_f64()
    );
    for (m, [g, r, d]) in &tally.by_mutation {
        println!("  {m:>14}: {g} generated, {r} refused, {} accepted, {d} re-decided", g - r);
    }
    for ((m, gap, kinds), (n, example)) in &tally.gaps {
        println!("  NOT re-decided: {m} {gap:?} at {kinds}: {n}\n    e.g. {example}");
    }
    // LIFECYCLE_STRICT=1: the clock gaps fail too (the finding, see above). The actor-user gap
    // is closed (replay accepts `escalated` only from the escalation rules' user): it fails.
    let strict = std::env::var_os("LIFECYCLE_STRICT").is_some();
    let other: Vec<String> =
        tally.gaps.iter().filter(|((_, g, _), _)| !matches!(g, Gap::Clocks | Gap::Escalation) || strict).map(|(_, (_, example))| example.clone()).collect();
    drop(tally);
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(other.is_empty(), "replay accepted forged histories that handle cannot produce:\n{}", other.join("\n"));
}
