//! Property tests of `jiesu::escalation` (issue 5): random tickets driven through random
//! lifecycles (acknowledge, contact, progress, suspend/resume, extension, report, review,
//! callbacks, reopen, return requests, instructions) by the public commands, evaluated by a
//! platform that records every alert at random increasing instants and at each `next_check_at`.
//!
//! (a) after recording what is due at `now`, nothing is due at `next_check_at − 1 s` and
//!     something is due at `next_check_at`, due since exactly that instant;
//! (b) no (rule, clock, unit, instance) is ever raised twice;
//! (c) `evaluate` never panics and is deterministic (clones, JSON round trips, repeated calls);
//! the group rules' properties are in `escalation_group_props.rs`.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::escalation::{evaluate, Alert, Evaluation};
use jiesu::guide::{AppealType, Assignment, AssignmentRole, ClassificationDecision, Location};
use jiesu::sla::Clock;
use jiesu::ticket::{Actor, CallbackOutcome, Channel, Command, Judgement, Report, Requester, ReworkReason, Role, Ticket};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

#[path = "common/escalation_fixtures.rs"]
mod fixtures;
use fixtures::*;

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
