//! Property tests of `jiesu::escalation` (issue 5): random tickets driven through random
//! lifecycles (acknowledge, contact, progress, suspend/resume, extension, report, review,
//! callbacks, reopen, return requests, instructions) by the public commands, evaluated by a
//! platform that records every alert at random increasing instants and at each `next_check_at`.
//!
//! (a) after recording what is due at `now`, nothing is due at `next_check_at − 1 s` and
//!     something is due at `next_check_at`, due since exactly that instant;
//! (b) no (rule, clock, unit, instance) is ever raised twice;
//! (c) `evaluate` never panics and is deterministic (clones, JSON round trips, repeated calls);
//! plus the group rules against a naive pairwise oracle, input-order independence and
//! idempotence once recorded.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::engine::Engine;
use jiesu::escalation::{evaluate, evaluate_group, Alert, Evaluation};
use jiesu::guide::{AppealType, Assignment, AssignmentRole, ClassificationDecision, Location};
use jiesu::sla::{Clock, HandlingClass, Urgency};
use jiesu::ticket::{Actor, CallbackOutcome, Channel, Command, Judgement, Report, Requester, ReworkReason, Role, Ticket};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::default_engine);

/// The categories drawn: normal, urgent, routed by location, complex (10+ working days).
static CATEGORIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let g = ENGINE.guide();
    let pick = |what: &str, pred: &dyn Fn(&jiesu::guide::Category) -> bool| {
        g.leaves().find(|c| c.appeal_types.contains(&AppealType::Complaint) && pred(c)).unwrap_or_else(|| panic!("no {what} leaf")).code.clone()
    };
    vec![
        pick("normal", &|c| {
            c.urgency == Urgency::Normal && c.handling_class == HandlingClass::Normal && !c.routing.by_location && c.routing.responsible.is_empty()
        }),
        pick("urgent", &|c| c.urgency == Urgency::Urgent && !c.routing.by_location && c.routing.responsible.is_empty()),
        pick("by location", &|c| c.routing.by_location && c.handling_class == HandlingClass::Normal && c.routing.responsible.is_empty()),
        pick("complex", &|c| c.handling_class == HandlingClass::Complex && !c.routing.by_location && c.routing.responsible.is_empty()),
    ]
});

const TOWNSHIPS: [&str; 3] = ["jiangna", "pingyuan", "jiayi"];

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// 2026-01-05 00:00 CST.
fn t0() -> DateTime<FixedOffset> {
    t("2026-01-05T00:00:00+08:00")
}

fn cc() -> Actor {
    Actor::command_center()
}

fn eval(ticket: &Ticket, now: DateTime<FixedOffset>) -> Evaluation {
    evaluate(ticket, ENGINE.rules(), ENGINE.calendar(), now)
}

// ---------------------------------------------------------------------------------------------
// random lifecycles

#[derive(Clone, Copy, Debug)]
enum Op {
    Ack,
    AckOther,
    Contact,
    Progress,
    Suspend,
    Resume,
    /// Extension to the current due + n days, approved (true) or rejected.
    Extend(i64, bool),
    Report,
    Accept,
    Rework,
    Callback(CallbackOutcome),
    Reopen,
    ReturnRequest,
    RejectReturn,
    /// Return approved, the ticket reassigned to `water`.
    ApproveReturn,
    Instruct,
    Close,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => Just(Op::Ack),
        1 => Just(Op::AckOther),
        4 => Just(Op::Contact),
        1 => Just(Op::Progress),
        2 => Just(Op::Suspend),
        2 => Just(Op::Resume),
        2 => (1i64..15, any::<bool>()).prop_map(|(d, ok)| Op::Extend(d, ok)),
        3 => Just(Op::Report),
        2 => Just(Op::Accept),
        1 => Just(Op::Rework),
        2 => prop_oneof![Just(CallbackOutcome::Dissatisfied), Just(CallbackOutcome::Satisfied), Just(CallbackOutcome::Unreachable)].prop_map(Op::Callback),
        1 => Just(Op::Reopen),
        1 => Just(Op::ReturnRequest),
        1 => Just(Op::RejectReturn),
        1 => Just(Op::ApproveReturn),
        1 => Just(Op::Instruct),
        1 => Just(Op::Close),
    ]
}

/// A delay in seconds: mostly minutes to hours, sometimes days.
fn delay() -> impl Strategy<Value = i64> {
    prop_oneof![3 => 0i64..7_200, 3 => 0i64..86_400, 2 => 0i64..5 * 86_400]
}

/// A short delay (inside the return window).
fn short() -> impl Strategy<Value = i64> {
    0i64..3_600
}

/// A phase of the lifecycle: a few operations with their delays.
fn phase() -> impl Strategy<Value = Vec<(Op, i64)>> {
    use CallbackOutcome::*;
    prop_oneof![
        // Respond: acknowledge and contact.
        3 => (delay(), delay()).prop_map(|(a, b)| vec![(Op::Ack, a), (Op::Contact, b)]),
        // Suspend, later resume.
        2 => (delay(), delay()).prop_map(|(a, b)| vec![(Op::Suspend, a), (Op::Resume, b)]),
        // Report and accept, or return for rework.
        2 => (delay(), short(), any::<bool>()).prop_map(|(a, b, ok)| vec![(Op::Report, a), (if ok { Op::Accept } else { Op::Rework }, b)]),
        // Report, accept, dissatisfied callback, reopen.
        2 => (delay(), short(), short(), short()).prop_map(|(a, b, c, d)| vec![(Op::Report, a), (Op::Accept, b), (Op::Callback(Dissatisfied), c), (Op::Reopen, d)]),
        // An extension asked early, approved or rejected.
        2 => (0i64..2 * 86_400, 1i64..15, prop::bool::weighted(0.8)).prop_map(|(a, d, ok)| vec![(Op::Extend(d, ok), a)]),
        // Return requests inside the window: request, reject, request again.
        1 => (short(), short(), short(), any::<bool>())
            .prop_map(|(a, b, c, ok)| vec![(Op::ReturnRequest, a), (Op::RejectReturn, b), (Op::ReturnRequest, c), (if ok { Op::ApproveReturn } else { Op::RejectReturn }, 60)]),
        // Single operations.
        4 => (op(), delay()).prop_map(|o| vec![o]),
    ]
}

#[derive(Clone, Debug)]
struct Case {
    category: usize,
    township: usize,
    /// Seconds after 2026-01-05 00:00 (≤ 2026-11-27).
    dispatch: i64,
    ops: Vec<(Op, i64)>,
    /// Evaluation instants, seconds after dispatch.
    evals: Vec<i64>,
}

fn case() -> impl Strategy<Value = Case> {
    (0..CATEGORIES.len(), 0..TOWNSHIPS.len(), 0i64..(326 * 86_400), prop::collection::vec(phase(), 0..7), prop::collection::vec(0i64..40 * 86_400, 0..8))
        .prop_map(|(category, township, dispatch, phases, evals)| Case { category, township, dispatch, ops: phases.concat(), evals })
}

fn dispatched(c: &Case) -> Ticket {
    let at = t0() + TimeDelta::seconds(c.dispatch);
    let mut ticket = Ticket::new();
    let register = Command::Register {
        id: format!("P-{}", c.dispatch),
        channel: Channel::Hotline12345,
        appeal_type: AppealType::Complaint,
        content: "反映问题".into(),
        requester: Requester { name: None, phone: None, requester_key: Some("K".into()) },
        location: Location::township(TOWNSHIPS[c.township]),
    };
    ticket.execute(&*ENGINE, &cc(), &register, at - TimeDelta::minutes(3)).unwrap();
    let decision = ClassificationDecision::new(&CATEGORIES[c.category], AppealType::Complaint);
    ticket.execute(&*ENGINE, &cc(), &Command::Dispatch { decision }, at).unwrap();
    ticket
}

/// Runs one operation at `now`; refused commands change nothing (and are fine: the sequence is
/// random).
fn apply_op(ticket: &mut Ticket, op: Op, now: DateTime<FixedOffset>) {
    let Some(lead) = ticket.lead().map(|a| Actor::unit(&a.unit)) else { return };
    let run = |ticket: &mut Ticket, actor: &Actor, cmd: Command| {
        let _ = ticket.execute(&*ENGINE, actor, &cmd, now);
    };
    match op {
        Op::Ack => run(ticket, &lead, Command::Acknowledge {}),
        Op::AckOther => {
            if let Some(a) = ticket.assignments().iter().find(|a| Some(&a.unit) != lead.unit.as_ref()) {
                let other = Actor::unit(&a.unit);
                run(ticket, &other, Command::Acknowledge {});
            }
        }
        Op::Contact => run(ticket, &lead, Command::ContactRequester { note: "已联系".into() }),
        Op::Progress => run(ticket, &lead, Command::AddProgress { note: "办理中".into() }),
        Op::Suspend => run(ticket, &cc(), Command::Suspend { reason: "等待材料".into() }),
        Op::Resume => run(ticket, &cc(), Command::Resume {}),
        Op::Extend(days, approve) => {
            let Some(due) = ticket.completion().map(|c| c.due_at) else { return };
            run(ticket, &lead, Command::RequestExtension { reason: "需协调".into(), requested_due_at: due + TimeDelta::days(days) });
            run(ticket, &cc(), Command::DecideExtension { approve, reason: "审核".into() });
        }
        Op::Report => {
            let report =
                Report {
                    result: "已办理".into(), answered_at: Some(now), evidence: vec!["e.jpg".into()], approved_by: Some("负责人".into()), solved: true
                };
            run(ticket, &lead, Command::SubmitReport { report });
        }
        Op::Accept => run(ticket, &cc(), Command::ReviewReport { accept: true, reason: None, note: String::new() }),
        Op::Rework => run(ticket, &cc(), Command::ReviewReport { accept: false, reason: Some(ReworkReason::InsufficientEvidence), note: String::new() }),
        Op::Callback(outcome) => run(ticket, &cc(), Command::RecordCallback { outcome, solved: false, note: String::new() }),
        Op::Reopen => run(
            ticket,
            &cc(),
            Command::JudgeDissatisfaction { judgement: Judgement::Reasonable { measures: "重办".into(), responsible_person: "张某".into(), due_at: None } },
        ),
        Op::ReturnRequest => {
            run(ticket, &lead, Command::RequestReturn { reason: "非本单位职责".into(), evidence: vec!["x.pdf".into()], suggested_unit: "water".into() })
        }
        Op::RejectReturn => run(ticket, &cc(), Command::DecideReturn { approve: false, reason: "驳回".into(), assignments: None }),
        Op::ApproveReturn => {
            let assignments = vec![Assignment { unit: "water".into(), role: AssignmentRole::Lead }];
            run(ticket, &cc(), Command::DecideReturn { approve: true, reason: "改派".into(), assignments: Some(assignments) });
        }
        Op::Instruct => run(ticket, &Actor::of(Role::LeadingGroup), Command::Instruct { instruction: "批示".into() }),
        Op::Close => run(ticket, &cc(), Command::Close {}),
    }
}

type Key = (String, Option<Clock>, Option<String>, Option<DateTime<FixedOffset>>);

fn key(a: &Alert) -> Key {
    (a.rule.clone(), a.clock, a.unit.clone(), a.instance)
}

/// The platform: evaluate at `now`, check, record; then check (a) on the recorded ticket.
fn platform_step(ticket: &mut Ticket, now: DateTime<FixedOffset>, seen: &mut HashSet<Key>) -> Result<Option<DateTime<FixedOffset>>, TestCaseError> {
    let ev = eval(ticket, now);
    // (c) deterministic.
    prop_assert_eq!(&eval(ticket, now), &ev);
    prop_assert_eq!(&eval(&ticket.clone(), now), &ev);
    // Ordered, due, and (b) never raised before.
    let order: Vec<_> = ev.alerts.iter().map(|a| (a.due_since, a.rule.clone(), a.unit.clone())).collect();
    let mut sorted = order.clone();
    sorted.sort();
    prop_assert_eq!(order, sorted);
    for a in &ev.alerts {
        prop_assert!(a.due_since <= now, "alert {} due since {} after now {}", a.rule, a.due_since, now);
        prop_assert!(seen.insert(key(a)), "raised twice: {:?} at {}", key(a), now);
    }
    if let Some(n) = ev.next_check_at {
        prop_assert!(n > now, "next_check_at {} is not after {}", n, now);
    }
    if !ev.alerts.is_empty() {
        let events = ENGINE.record_alerts(ticket, &ev.alerts, now).map_err(|e| TestCaseError::fail(format!("escalate: {e}")))?;
        for e in &events {
            ticket.apply(e).map_err(|err| TestCaseError::fail(format!("apply: {err}")))?;
        }
    }
    // Idempotent once recorded.
    let again = eval(ticket, now);
    prop_assert!(again.alerts.is_empty(), "raised again at {}: {:?}", now, again.alerts);
    prop_assert_eq!(again.next_check_at, ev.next_check_at);
    // (a) next_check_at is exact.
    if let Some(n) = again.next_check_at {
        let before = eval(ticket, n - TimeDelta::seconds(1));
        prop_assert!(before.alerts.is_empty(), "alert one second before next_check_at {}: {:?}", n, before.alerts);
        prop_assert_eq!(before.next_check_at, Some(n));
        let at = eval(ticket, n);
        prop_assert!(!at.alerts.is_empty(), "nothing due at next_check_at {}", n);
        prop_assert!(at.alerts.iter().all(|a| a.due_since == n), "due_since differs from next_check_at {}", n);
    }
    Ok(again.next_check_at)
}

fn run_case(c: &Case) -> Result<Ticket, TestCaseError> {
    let mut ticket = dispatched(c);
    let start = ticket.dispatched_at().unwrap();
    // Merge operations (cumulative delays) and evaluations in time order.
    enum Step {
        Op(Op),
        Eval,
    }
    let mut steps: Vec<(DateTime<FixedOffset>, u8, Step)> = Vec::new();
    let mut at = start;
    for (o, d) in &c.ops {
        at += TimeDelta::seconds(*d);
        steps.push((at, 0, Step::Op(*o)));
    }
    for e in &c.evals {
        steps.push((start + TimeDelta::seconds(*e), 1, Step::Eval));
    }
    steps.sort_by_key(|(at, k, _)| (*at, *k));
    let mut seen = HashSet::new();
    let mut last = start;
    for (now, _, step) in steps {
        match step {
            Step::Op(o) => apply_op(&mut ticket, o, now),
            Step::Eval => {
                platform_step(&mut ticket, now, &mut seen)?;
            }
        }
        last = now;
    }
    // Then the platform follows next_check_at until nothing is scheduled.
    let mut now = last;
    for _ in 0..40 {
        match platform_step(&mut ticket, now, &mut seen)? {
            Some(n) => now = n,
            None => break,
        }
    }
    // The recorded escalations are exactly the alerts raised, each once.
    let recorded: HashSet<Key> = ticket.escalations().iter().map(|e| (e.rule.clone(), e.clock, e.unit.clone(), e.instance)).collect();
    prop_assert_eq!(recorded.len(), ticket.escalations().len(), "an escalation recorded twice");
    prop_assert_eq!(recorded, seen);
    Ok(ticket)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// (a) and (b) over random lifecycles and evaluation instants.
    #[test]
    fn next_check_at_is_exact_and_nothing_is_raised_twice(c in case()) {
        run_case(&c)?;
    }

    /// (c) `evaluate` never panics, is deterministic, depends on nothing but its inputs (JSON
    /// round trip of the ticket), at any instant — before registration, far in the future,
    /// outside the calendar's years.
    #[test]
    fn evaluate_is_total_and_deterministic(c in case(), now_secs in -2_000_000_000i64..2_200_000_000) {
        let mut ticket = dispatched(&c);
        let mut at = ticket.dispatched_at().unwrap();
        for (o, d) in &c.ops {
            at += TimeDelta::seconds(*d);
            apply_op(&mut ticket, *o, at);
        }
        let copy: Ticket = Ticket::replay(ticket.events()).unwrap();
        let offset = FixedOffset::east_opt(8 * 3600).unwrap();
        let nows = [
            DateTime::from_timestamp(now_secs, 0).unwrap().with_timezone(&offset),
            // The same instant in UTC: offsets never change the result.
            DateTime::from_timestamp(now_secs, 0).unwrap().fixed_offset(),
            at,
            at + TimeDelta::days(400),
        ];
        for now in nows {
            let ev = eval(&ticket, now);
            prop_assert_eq!(&eval(&ticket, now), &ev);
            prop_assert_eq!(&eval(&copy, now), &ev);
            prop_assert!(ev.alerts.iter().all(|a| a.due_since <= now));
            prop_assert!(ev.next_check_at.is_none_or(|n| n > now));
            prop_assert!(ev.alerts.iter().all(|a| Some(a.ticket_id.as_str()) == ticket.id()));
        }
        let utc = eval(&ticket, nows[1]);
        let cst = eval(&ticket, nows[0]);
        prop_assert_eq!(utc.alerts.len(), cst.alerts.len());
        prop_assert_eq!(utc.next_check_at, cst.next_check_at);
    }
}

// ---------------------------------------------------------------------------------------------
// sweeps (issue 19): nothing changes before next_check_at, so a sweep may skip what is not due

/// A random lifecycle run to its last operation, then evaluated at `check` seconds after it
/// (what is due recorded when `record`): the ticket, the instant and the evaluation there.
fn checked(c: &Case, check: i64, record: bool) -> Result<(Ticket, DateTime<FixedOffset>, Evaluation), TestCaseError> {
    let mut ticket = dispatched(c);
    let mut at = ticket.dispatched_at().unwrap();
    for (o, d) in &c.ops {
        at += TimeDelta::seconds(*d);
        apply_op(&mut ticket, *o, at);
    }
    let now = at + TimeDelta::seconds(check);
    let mut ev = eval(&ticket, now);
    if record && !ev.alerts.is_empty() {
        for e in &ENGINE.record_alerts(&ticket, &ev.alerts, now).map_err(|e| TestCaseError::fail(format!("escalate: {e}")))? {
            ticket.apply(e).map_err(|err| TestCaseError::fail(format!("apply: {err}")))?;
        }
        ev = eval(&ticket, now);
    }
    Ok((ticket, now, ev))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// At any instant from a check up to (not including) its `next_check_at`, the evaluation
    /// is the check's: the same alerts (none once recorded) and the same `next_check_at`.
    #[test]
    fn nothing_changes_before_next_check_at(c in case(), check in 0i64..30 * 86_400, frac in 0.0f64..1.0, record in any::<bool>()) {
        let (ticket, now, ev) = checked(&c, check, record)?;
        // Somewhere in [now, next_check_at), or in the 400 days after now when nothing is scheduled.
        let span = ev.next_check_at.map_or(400 * 86_400, |n| (n - now).num_seconds());
        prop_assert!(span > 0);
        let later = now + TimeDelta::seconds((frac * span as f64) as i64).min(TimeDelta::seconds(span - 1));
        let again = eval(&ticket, later);
        prop_assert_eq!(&again.alerts, &ev.alerts, "at {} (checked at {}, next {:?})", later, now, ev.next_check_at);
        prop_assert_eq!(again.next_check_at, ev.next_check_at);
        // The last second before it too.
        if let Some(n) = ev.next_check_at {
            prop_assert_eq!(&eval(&ticket, n - TimeDelta::seconds(1)).alerts, &ev.alerts);
        }
    }

    /// A sweep over tickets with the `next_check_at` stored at their last check raises exactly
    /// what evaluating every ticket raises, evaluates only the due ones, and gives the earliest
    /// instant of the next sweep.
    #[test]
    fn a_sweep_raises_what_evaluating_everything_raises(
        cases in prop::collection::vec((case(), 0i64..10 * 86_400), 1..8),
        later in 0i64..20 * 86_400,
    ) {
        let mut stored = Vec::new();
        for (c, check) in &cases {
            let (ticket, now, ev) = checked(c, *check, true)?;
            stored.push((ticket, now, ev.next_check_at));
        }
        let now = stored.iter().map(|s| s.1).max().unwrap() + TimeDelta::seconds(later);
        let s = jiesu::escalation::sweep(stored.iter().map(|(t, _, n)| (t, *n)), ENGINE.rules(), ENGINE.calendar(), None, now);
        prop_assert_eq!(s.checked.len() + s.not_due, stored.len());
        let mut next: Option<DateTime<FixedOffset>> = None;
        for (i, (t, _, n)) in stored.iter().enumerate() {
            let full = eval(t, now);
            next = match (next, full.next_check_at) { (Some(a), Some(b)) => Some(a.min(b)), (a, b) => a.or(b) };
            match s.checked.iter().find(|c| c.index == i) {
                Some(c) => {
                    prop_assert!(jiesu::escalation::is_due(*n, now));
                    prop_assert_eq!(&c.evaluation, &full);
                    prop_assert_eq!(Some(c.ticket_id.as_str()), t.id());
                }
                None => {
                    prop_assert!(!jiesu::escalation::is_due(*n, now));
                    prop_assert!(full.alerts.is_empty(), "ticket {} not due raises {:?}", i, full.alerts);
                    prop_assert_eq!(full.next_check_at, *n);
                }
            }
        }
        prop_assert_eq!(s.next_sweep_at, next);
        // The full evaluation on threads is the ticket-by-ticket one.
        let tickets: Vec<Ticket> = stored.iter().map(|(t, _, _)| t.clone()).collect();
        let each: Vec<Evaluation> = tickets.iter().map(|t| eval(t, now)).collect();
        for par in [jiesu::parallelism::Parallelism::SEQUENTIAL, jiesu::parallelism::Parallelism::threads(2)] {
            prop_assert_eq!(&jiesu::escalation::evaluate_all(&tickets, ENGINE.rules(), ENGINE.calendar(), None, now, par), &each);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// group rules against a naive pairwise oracle

#[derive(Clone, Debug)]
struct Req {
    key: Option<u8>,
    category: usize,
    township: usize,
    /// Minutes after t0.
    at: i64,
    closed: bool,
}

/// Requests over `span_min` minutes (dense: 4 days, where many-people clusters form; sparse:
/// 45 days, where repeats straddle the 30-day window).
fn req(span_min: i64) -> impl Strategy<Value = Req> {
    (prop::option::weighted(0.85, 0u8..8), 0usize..2, 0usize..2, 0i64..span_min, prop::bool::weighted(0.1))
        .prop_map(|(key, category, township, at, closed)| Req { key, category, township, at, closed })
}

fn reqs() -> impl Strategy<Value = Vec<Req>> {
    prop_oneof![prop::collection::vec(req(4 * 24 * 60), 0..30), prop::collection::vec(req(45 * 24 * 60), 0..40),]
}

fn group_tickets(reqs: &[Req]) -> Vec<Ticket> {
    let code = |i: usize| &CATEGORIES[[0, 3][i]];
    reqs.iter()
        .enumerate()
        .map(|(i, r)| {
            let at = t0() + TimeDelta::minutes(r.at);
            let mut ticket = Ticket::new();
            let register = Command::Register {
                id: format!("G-{i:03}"),
                channel: Channel::Wechat,
                appeal_type: AppealType::Complaint,
                content: "同一问题".into(),
                requester: Requester { name: None, phone: None, requester_key: r.key.map(|k| format!("K{k}")) },
                location: Location::township(TOWNSHIPS[r.township]),
            };
            ticket.execute(&*ENGINE, &cc(), &register, at).unwrap();
            let decision = ClassificationDecision::new(code(r.category), AppealType::Complaint);
            ticket.execute(&*ENGINE, &cc(), &Command::Dispatch { decision }, at + TimeDelta::minutes(1)).unwrap();
            if r.closed {
                let lead = Actor::unit(&ticket.lead().unwrap().unit);
                let m = |n: i64| at + TimeDelta::minutes(1 + n);
                ticket.execute(&*ENGINE, &lead, &Command::Acknowledge {}, m(1)).unwrap();
                ticket.execute(&*ENGINE, &lead, &Command::ContactRequester { note: String::new() }, m(2)).unwrap();
                let report =
                    Report {
                        result: "已办".into(), answered_at: Some(m(3)), evidence: vec!["e".into()], approved_by: Some("负责人".into()), solved: true
                    };
                ticket.execute(&*ENGINE, &lead, &Command::SubmitReport { report }, m(3)).unwrap();
                ticket.execute(&*ENGINE, &cc(), &Command::ReviewReport { accept: true, reason: None, note: String::new() }, m(4)).unwrap();
                ticket
                    .execute(&*ENGINE, &cc(), &Command::RecordCallback { outcome: CallbackOutcome::Satisfied, solved: true, note: String::new() }, m(5))
                    .unwrap();
                ticket.execute(&*ENGINE, &cc(), &Command::Close {}, m(6)).unwrap();
            }
            ticket
        })
        .collect()
}

fn category(t: &Ticket) -> &str {
    &t.classification().unwrap().category
}

fn township(t: &Ticket) -> &str {
    t.classification().unwrap().township.as_deref().unwrap()
}

fn requester(t: &Ticket) -> String {
    t.requester().requester_key.clone().unwrap_or_else(|| t.id().unwrap().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn group_rules_match_a_naive_oracle(reqs in reqs(), now_min in (2i64 * 24 * 60)..(50 * 24 * 60), rot in 0usize..40) {
        let tickets = group_tickets(&reqs);
        let now = t0() + TimeDelta::minutes(now_min);
        let rules = ENGINE.rules();
        let out = evaluate_group(&tickets, rules, now).alerts;
        // Deterministic and independent of the input order.
        prop_assert_eq!(&evaluate_group(&tickets, rules, now).alerts, &out);
        let mut rev = tickets.clone();
        rev.reverse();
        prop_assert_eq!(&evaluate_group(&rev, rules, now).alerts, &out);
        if !tickets.is_empty() {
            let mut rotated = tickets.clone();
            rotated.rotate_left(rot % tickets.len());
            prop_assert_eq!(&evaluate_group(&rotated, rules, now).alerts, &out);
        }
        // Ordered by (due_since, rule, ticket); one alert per (rule, ticket).
        let order: Vec<_> = out.iter().map(|a| (a.due_since, a.rule.clone(), a.ticket_id.clone())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(&order, &sorted);
        let pairs: BTreeSet<(String, String)> = out.iter().map(|a| (a.rule.clone(), a.ticket_id.clone())).collect();
        prop_assert_eq!(pairs.len(), out.len());

        let by_id: BTreeMap<&str, &Ticket> = tickets.iter().map(|t| (t.id().unwrap(), t)).collect();
        let reg = |t: &Ticket| t.registered_at().unwrap();
        // Requests are ordered by (registration, id): of two at the same second, the one with
        // the smaller id comes first.
        let upto = |y: &Ticket, x: &Ticket| (reg(y), y.id()) <= (reg(x), x.id());
        let visible: Vec<&Ticket> = tickets.iter().filter(|t| reg(t) <= now).collect();
        // Repeat: the pairwise oracle. `n` = requests of the same requester and category in
        // the 30 days ending at the ticket (exclusive start).
        for x in &visible {
            let Some(k) = x.requester().requester_key.as_deref() else { continue };
            let n = visible
                .iter()
                .filter(|y| y.requester().requester_key.as_deref() == Some(k) && category(y) == category(x) && upto(y, x) && reg(y) > reg(x) - TimeDelta::days(30))
                .count();
            let open = !x.status().unwrap().is_terminal();
            let id = x.id().unwrap();
            prop_assert_eq!(pairs.contains(&("repeat.second".to_string(), id.to_string())), open && n == 2, "repeat.second on {} (n = {})", id, n);
            prop_assert_eq!(pairs.contains(&("repeat.third".to_string(), id.to_string())), open && n == 3, "repeat.third on {} (n = {})", id, n);
        }
        for a in &out {
            let at = by_id[a.ticket_id.as_str()];
            prop_assert!(!at.status().unwrap().is_terminal());
            prop_assert_eq!(a.tickets.last(), Some(&a.ticket_id));
            prop_assert_eq!(a.due_since, reg(at));
            let involved: Vec<&Ticket> = a.tickets.iter().map(|id| by_id[id.as_str()]).collect();
            prop_assert!(involved.windows(2).all(|w| reg(w[0]) <= reg(w[1])), "tickets in registration order");
            prop_assert!(involved.iter().all(|t| category(t) == category(at)));
            if a.rule.starts_with("repeat.") {
                prop_assert!(involved.iter().all(|t| t.requester().requester_key == at.requester().requester_key));
                prop_assert!(involved.iter().all(|t| reg(at) - reg(t) < TimeDelta::days(30)));
                prop_assert_eq!(involved.len(), if a.rule == "repeat.second" { 2 } else { 3 });
            } else {
                prop_assert!(a.rule.starts_with("many_people."));
                prop_assert!(involved.iter().all(|t| township(t) == township(at)));
                prop_assert!(involved.iter().all(|t| reg(at) - reg(t) < TimeDelta::hours(72)));
                let distinct: BTreeSet<String> = involved.iter().map(|t| requester(t)).collect();
                prop_assert!(distinct.len() >= 5, "many people with {} requesters", distinct.len());
            }
        }
        // Many people, completeness: a group (category, township) in which some ticket ends a
        // 72-hour window of ≥ 5 requesters raises at least one consultation — checked where
        // no ticket of the group is finished (see the ignored BUG test in tests/escalation.rs).
        let mut groups: BTreeMap<(String, String), Vec<&Ticket>> = BTreeMap::new();
        for x in &visible {
            groups.entry((category(x).to_string(), township(x).to_string())).or_default().push(x);
        }
        for ((cat, town), members) in &groups {
            if members.iter().any(|t| t.status().unwrap().is_terminal()) {
                continue;
            }
            let crowded = members.iter().any(|x| {
                let d: BTreeSet<String> = members.iter().filter(|y| upto(y, x) && reg(y) > reg(x) - TimeDelta::hours(72)).map(|y| requester(y)).collect();
                d.len() >= 5
            });
            let raised = out.iter().any(|a| a.rule == "many_people.consultation" && category(by_id[a.ticket_id.as_str()]) == cat && township(by_id[a.ticket_id.as_str()]) == town);
            prop_assert_eq!(crowded, raised, "many people in ({}, {})", cat, town);
        }
        // Recorded on their tickets, the alerts are not raised again.
        let mut recorded = tickets.clone();
        for a in &out {
            let t = recorded.iter_mut().find(|t| t.id() == Some(a.ticket_id.as_str())).unwrap();
            let at = t.events().last().map_or(now, |e| e.at.max(now));
            for e in ENGINE.record_alerts(t, std::slice::from_ref(a), at).unwrap() {
                t.apply(&e).unwrap();
            }
        }
        prop_assert!(evaluate_group(&recorded, rules, now).alerts.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// The group rules' two passes side by side (issue 19) give what one thread gives.
    #[test]
    fn group_rules_do_not_depend_on_threads(reqs in reqs(), now_min in (2i64 * 24 * 60)..(50 * 24 * 60)) {
        use jiesu::parallelism::Parallelism;
        let tickets = group_tickets(&reqs);
        let now = t0() + TimeDelta::minutes(now_min);
        let one = jiesu::escalation::evaluate_group_par(&tickets, ENGINE.rules(), None, now, Parallelism::SEQUENTIAL);
        prop_assert_eq!(&jiesu::escalation::evaluate_group_par(&tickets, ENGINE.rules(), None, now, Parallelism::threads(2)), &one);
        prop_assert_eq!(&evaluate_group(&tickets, ENGINE.rules(), now), &one);
    }
}
