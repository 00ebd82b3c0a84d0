//! Property tests of the ticket lifecycle (issue 4): random command sequences from random
//! actors — the roles, assigned and unassigned units, valid and invalid payloads — starting
//! from an empty, a registered or a dispatched ticket (four kinds of category).
//!
//! For every step: `handle` does not panic; a refused command leaves the serialized state
//! byte-identical, also through `execute`; an accepted command's events apply, and `execute`
//! gives the same ticket; the completion deadline never moves earlier except by
//! `report_returned`, `reopened`, `reassigned` or `return_approved`. At the end: the ticket
//! replays from its events (also through JSON), the chain verifies, and any single altered,
//! removed (not last) or swapped event is detected — the removed last one by
//! `verify_archive`.

mod common;

use chrono::{DateTime, FixedOffset, TimeDelta};
use common::*;
use jiesu::guide::{Assignment, AssignmentRole, Category, DeclineReason};
use jiesu::ticket::{verify, verify_archive, Actor, ArchiveFile, CallbackOutcome, Command, Event, Judgement, Report, ReworkReason, Role, Ticket};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const START: &str = "2026-03-02T09:00:00+08:00";

fn categories() -> [&'static Category; 4] {
    [normal_cat(), complex_cat(), by_location_cat(), urgent_cat()]
}

/// Units the actors and payloads are drawn from: every unit of the fixture categories, an
/// unassigned unit and an unknown one.
fn unit_pool() -> &'static [String] {
    static P: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut v = vec![];
        for c in categories() {
            v.push(lead_of(c));
            v.extend(c.routing.responsible.iter().cloned());
            v.extend(c.routing.cooperating.iter().cloned());
        }
        v.push(UNASSIGNED.to_string());
        v.sort();
        v.dedup();
        v.push("no_such_unit".to_string());
        v
    });
    &P
}

fn pool(i: usize) -> String {
    let p = unit_pool();
    p[i % p.len()].clone()
}

// ---------------------------------------------------------------------------------------------
// the generated steps

#[derive(Clone, Debug)]
enum Who {
    /// The actor that may issue the command (resolved against the ticket at that step).
    Natural,
    Role(Role),
    Unit(usize),
    Leader(usize),
    UnitWithoutId,
}

#[derive(Clone, Debug)]
enum Spec {
    Register {
        ok: bool,
    },
    Decline {
        reason: usize,
        ok: bool,
    },
    Answer {
        ok: bool,
    },
    Dispatch {
        cat: usize,
        bogus: bool,
    },
    Acknowledge,
    Contact,
    Progress {
        ok: bool,
    },
    Contribution {
        ok: bool,
    },
    RequestReturn {
        variant: u8,
        suggest: usize,
    },
    DecideReturn {
        approve: bool,
        reason_ok: bool,
        assign: Option<(u8, usize)>,
    },
    Reassign {
        assign: (u8, usize),
    },
    RequestExtension {
        days: i64,
        ok: bool,
    },
    DecideExtension {
        approve: bool,
    },
    Suspend {
        ok: bool,
    },
    Resume,
    SubmitReport {
        variant: u8,
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
        variant: u8,
        days: i64,
    },
    Close,
    Archive,
    Urge {
        ok: bool,
    },
    Supervise,
    Consult {
        ok: bool,
    },
    Instruct {
        ok: bool,
    },
    LinkDuplicate {
        variant: u8,
    },
    /// The command that moves the ticket along its lifecycle from its current status (the
    /// happy path, with random decisions), resolved at that step.
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
    /// Picks among candidate units / assignments.
    pick: usize,
    /// Also try the command with a `now` before the last event (must be refused).
    rewind: bool,
}

#[derive(Clone, Debug)]
enum Start {
    Empty,
    Registered,
    Dispatched(usize),
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        14 => Just(Who::Natural),
        1 => prop::sample::select(vec![Role::CommandCenter, Role::SupervisionOffice, Role::TaskForce, Role::LeadingGroup]).prop_map(Who::Role),
        2 => any::<usize>().prop_map(Who::Unit),
        1 => any::<usize>().prop_map(Who::Leader),
        1 => Just(Who::UnitWithoutId),
    ]
}

fn assign() -> impl Strategy<Value = (u8, usize)> {
    (0u8..6, any::<usize>())
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        1 => any::<bool>().prop_map(|ok| Spec::Register { ok }),
        1 => (0usize..10, any::<bool>()).prop_map(|(reason, ok)| Spec::Decline { reason, ok }),
        1 => any::<bool>().prop_map(|ok| Spec::Answer { ok }),
        2 => (0usize..4, prop::bool::weighted(0.1)).prop_map(|(cat, bogus)| Spec::Dispatch { cat, bogus }),
        6 => Just(Spec::Acknowledge),
        4 => Just(Spec::Contact),
        2 => prop::bool::weighted(0.8).prop_map(|ok| Spec::Progress { ok }),
        4 => prop::bool::weighted(0.8).prop_map(|ok| Spec::Contribution { ok }),
        2 => (0u8..5, any::<usize>()).prop_map(|(variant, suggest)| Spec::RequestReturn { variant, suggest }),
        2 => (any::<bool>(), prop::bool::weighted(0.9), prop::option::weighted(0.6, assign()))
            .prop_map(|(approve, reason_ok, assign)| Spec::DecideReturn { approve, reason_ok, assign }),
        1 => assign().prop_map(|assign| Spec::Reassign { assign }),
        3 => (-2i64..10, prop::bool::weighted(0.9)).prop_map(|(days, ok)| Spec::RequestExtension { days, ok }),
        3 => any::<bool>().prop_map(|approve| Spec::DecideExtension { approve }),
        2 => prop::bool::weighted(0.9).prop_map(|ok| Spec::Suspend { ok }),
        2 => Just(Spec::Resume),
        6 => (0u8..10).prop_map(|variant| Spec::SubmitReport { variant }),
        5 => (prop::bool::weighted(0.6), prop::option::weighted(0.9, 0usize..5)).prop_map(|(accept, reason)| Spec::ReviewReport { accept, reason }),
        5 => (0usize..4, any::<bool>()).prop_map(|(outcome, solved)| Spec::RecordCallback { outcome, solved }),
        3 => (0u8..7, -1i64..12).prop_map(|(variant, days)| Spec::Judge { variant, days }),
        3 => Just(Spec::Close),
        1 => Just(Spec::Archive),
        1 => prop::bool::weighted(0.8).prop_map(|ok| Spec::Urge { ok }),
        1 => Just(Spec::Supervise),
        1 => any::<bool>().prop_map(|ok| Spec::Consult { ok }),
        1 => prop::bool::weighted(0.8).prop_map(|ok| Spec::Instruct { ok }),
        1 => (0u8..3).prop_map(|variant| Spec::LinkDuplicate { variant }),
        30 => any::<usize>().prop_map(|choice| Spec::Advance { choice }),
    ]
}

fn advance() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0i64..600,
        4 => 600i64..6 * 3600,
        2 => 6 * 3600i64..3 * 86_400,
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (who(), spec(), advance(), any::<usize>(), prop::bool::weighted(0.05)).prop_map(|(who, spec, advance, pick, rewind)| Step {
            who,
            spec,
            advance,
            pick,
            rewind,
        }),
        1..max,
    )
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![
        1 => Just(Start::Empty),
        1 => Just(Start::Registered),
        8 => (0usize..4).prop_map(Start::Dispatched),
    ]
}

// ---------------------------------------------------------------------------------------------
// materializing a step against the current ticket

fn assignments(variant: u8, pick: usize) -> Vec<Assignment> {
    let a = |u: String, role| Assignment { unit: u, role };
    match variant {
        0 => vec![a(pool(pick), AssignmentRole::Lead)],
        1 => vec![a(pool(pick), AssignmentRole::Lead), a(pool(pick + 1), AssignmentRole::Cooperating)],
        2 => vec![a(pool(pick), AssignmentRole::Lead), a(pool(pick + 2), AssignmentRole::Responsible), a(pool(pick + 3), AssignmentRole::Cooperating)],
        3 => vec![],
        4 => vec![a(pool(pick), AssignmentRole::Lead), a(pool(pick + 1), AssignmentRole::Lead)],
        _ => vec![a(pool(pick), AssignmentRole::Cooperating)],
    }
}

/// The lifecycle move from the ticket's status.
fn advance_spec(tk: &Ticket, choice: usize) -> Spec {
    use jiesu::ticket::Status as S;
    let c = choice % 100;
    match tk.status() {
        None => Spec::Register { ok: true },
        Some(S::Registered) => match c {
            0..=4 => Spec::Decline { reason: choice % 10, ok: true },
            5..=9 => Spec::Answer { ok: true },
            _ => Spec::Dispatch { cat: choice % 4, bogus: false },
        },
        Some(S::Dispatched) => match c {
            0..=9 => Spec::RequestReturn { variant: 0, suggest: choice },
            10..=14 => Spec::Suspend { ok: true },
            _ => Spec::Acknowledge,
        },
        Some(S::InProgress) => {
            if tk.suspended_at().is_some() {
                Spec::Resume
            } else if tk.pending_extension().is_some() && c < 50 {
                Spec::DecideExtension { approve: c % 2 == 0 }
            } else if tk.assignments().iter().any(|a| a.role == AssignmentRole::Responsible && !a.contributed) {
                Spec::Contribution { ok: true }
            } else {
                match c {
                    0..=9 => Spec::RequestExtension { days: (choice % 7) as i64 + 1, ok: true },
                    10..=14 => Spec::Suspend { ok: true },
                    15..=24 => Spec::Contact,
                    _ => Spec::SubmitReport { variant: 0 },
                }
            }
        }
        Some(S::ReturnPending) => Spec::DecideReturn { approve: c < 50, reason_ok: true, assign: if c < 25 { Some((0, choice)) } else { None } },
        Some(S::Reported) => Spec::ReviewReport { accept: c < 60, reason: Some(choice % 5) },
        Some(S::AwaitingCallback) => {
            if !tk.callbacks().is_empty() && c < 50 {
                Spec::Close
            } else {
                Spec::RecordCallback { outcome: choice % 4, solved: c % 2 == 0 }
            }
        }
        Some(S::Judging) => Spec::Judge { variant: (choice % 5) as u8, days: (choice % 9) as i64 + 1 },
        Some(S::Closed | S::Declined | S::Answered) => Spec::Archive,
        Some(S::Archived) => Spec::Urge { ok: true },
    }
}

fn command(spec: &Spec, tk: &Ticket, now: DateTime<FixedOffset>, pick: usize) -> Command {
    let s = |x: &str| x.to_string();
    let text = |ok: bool, x: &str| if ok { x.to_string() } else { " ".to_string() };
    match spec {
        Spec::Register { ok } => {
            let mut c = register(if *ok { "YS-P1" } else { "" });
            if pick % 5 == 0 {
                if let Command::Register { content, .. } = &mut c {
                    *content = s("");
                }
            }
            c
        }
        Spec::Decline { reason, ok } => Command::Decline { reason: DeclineReason::ALL[*reason], guidance: text(*ok, "请依法通过其他渠道解决") },
        Spec::Answer { ok } => Command::AnswerDirectly { answer: text(*ok, "已当场答复") },
        Spec::Dispatch { cat, bogus } => {
            if *bogus {
                Command::Dispatch { decision: jiesu::guide::ClassificationDecision::new("999999", jiesu::guide::AppealType::Help) }
            } else {
                dispatch(categories()[*cat])
            }
        }
        Spec::Acknowledge => Command::Acknowledge {},
        Spec::Contact => contact(),
        Spec::Progress { ok } => Command::AddProgress { note: text(*ok, "处理中") },
        Spec::Contribution { ok } => Command::SubmitContribution { content: text(*ok, "协办意见") },
        Spec::RequestReturn { variant, suggest } => Command::RequestReturn {
            reason: text(*variant != 1, "不属于本单位职责"),
            evidence: if *variant == 2 { vec![] } else { vec![s("三定方案.pdf")] },
            suggested_unit: if *variant == 3 { s("no_such_unit") } else { pool(*suggest) },
        },
        Spec::DecideReturn { approve, reason_ok, assign } => {
            Command::DecideReturn { approve: *approve, reason: text(*reason_ok, "审核意见"), assignments: assign.map(|(v, p)| assignments(v, p)) }
        }
        Spec::Reassign { assign } => Command::Reassign { assignments: assignments(assign.0, assign.1) },
        Spec::RequestExtension { days, ok } => {
            let base = tk.completion().map_or(now, |c| c.due_at);
            Command::RequestExtension { reason: text(*ok, "需协调多部门"), requested_due_at: base + TimeDelta::days(*days) }
        }
        Spec::DecideExtension { approve } => Command::DecideExtension { approve: *approve, reason: s("审核") },
        Spec::Suspend { ok } => Command::Suspend { reason: text(*ok, "等待鉴定") },
        Spec::Resume => Command::Resume {},
        Spec::SubmitReport { variant } => {
            let answered = (now - TimeDelta::hours(1)).to_rfc3339();
            let good = report(&answered);
            let r = match variant {
                0..=4 => good,
                5 => Report { result: s(""), ..good },
                6 => Report { answered_at: None, ..good },
                7 => Report { evidence: vec![], ..good },
                8 => Report { approved_by: None, ..good },
                _ => Report { answered_at: Some(now + TimeDelta::hours(1)), ..good },
            };
            Command::SubmitReport { report: r }
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
        Spec::Judge { variant, days } => Command::JudgeDissatisfaction {
            judgement: match variant {
                0 | 1 => Judgement::Reasonable { measures: s("重新办理"), responsible_person: s("李科长"), due_at: None },
                2 => Judgement::Reasonable { measures: s("重新办理"), responsible_person: s("李科长"), due_at: Some(now + TimeDelta::days(*days)) },
                3 => Judgement::Unresolvable { explanation: s("客观条件限制") },
                4 => Judgement::Unreasonable { explanation: s("不合理诉求") },
                5 => Judgement::Unreasonable { explanation: s(" ") },
                _ => Judgement::Reasonable { measures: s(""), responsible_person: s("李科长"), due_at: None },
            },
        },
        Spec::Close => Command::Close {},
        Spec::Archive => Command::Archive {},
        Spec::Urge { ok } => Command::Urge { message: text(*ok, "请加快办理") },
        Spec::Supervise => Command::Supervise { note: s("督办") },
        Spec::Consult { ok } => Command::ConveneConsultation { units: vec![if *ok { pool(pick) } else { s("no_such_unit") }], note: s("会商") },
        Spec::Instruct { ok } => Command::Instruct { instruction: text(*ok, "领导批示") },
        Spec::Advance { choice } => command(&advance_spec(tk, *choice), tk, now, pick),
        Spec::LinkDuplicate { variant } => Command::LinkDuplicate {
            linked_ticket_id: match variant {
                0 => s("YS-OTHER"),
                1 => tk.id().unwrap_or_default().to_string(),
                _ => s(""),
            },
        },
    }
}

fn actor(who: &Who, cmd: &Command, tk: &Ticket, pick: usize) -> Actor {
    match who {
        Who::Role(r) => of(*r),
        Who::Unit(i) => unit(&pool(*i)),
        Who::Leader(i) => leader(&pool(*i)),
        Who::UnitWithoutId => Actor { role: Role::Unit, unit: None, user: None },
        Who::Natural => {
            let assigned = |filter: &dyn Fn(&jiesu::ticket::AssignmentState) -> bool| -> Actor {
                let list: Vec<_> = tk.assignments().iter().filter(|a| filter(a)).collect();
                if list.is_empty() {
                    unit(&pool(pick))
                } else {
                    let u = &list[pick % list.len()].unit;
                    if pick % 7 == 0 {
                        leader(u)
                    } else {
                        unit(u)
                    }
                }
            };
            match cmd {
                Command::Acknowledge {} | Command::ContactRequester { .. } | Command::AddProgress { .. } | Command::RequestReturn { .. } => {
                    // Mostly the lead, which moves the ticket forward.
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
                _ => cc(),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the run

struct Outcome {
    ticket: Ticket,
    accepted: usize,
    refused: usize,
    /// Completion deadlines moved earlier by an `extension_approved` (the known bug).
    extension_moved_earlier: usize,
}

const RESET_EVENTS: [&str; 4] = ["report_returned", "reopened", "reassigned", "return_approved"];

fn run_steps(start: &Start, steps: &[Step], strict_extension: bool) -> Result<Outcome, TestCaseError> {
    let mut now = t(START);
    let mut tk = Ticket::new();
    match start {
        Start::Empty => {}
        Start::Registered => tk = registered("YS-P1", START),
        Start::Dispatched(c) => tk = dispatched("YS-P1", categories()[*c], START, "2026-03-02T09:30:00+08:00"),
    }
    if let Some(e) = tk.events().last() {
        now = e.at;
    }
    let mut out = Outcome { ticket: Ticket::new(), accepted: 0, refused: 0, extension_moved_earlier: 0 };
    for (i, st) in steps.iter().enumerate() {
        now += TimeDelta::seconds(st.advance);
        let cmd = command(&st.spec, &tk, now, st.pick);
        let who = actor(&st.who, &cmd, &tk, st.pick);
        let before = serde_json::to_string(&tk).unwrap();

        if st.rewind {
            if let Some(last) = tk.events().last() {
                let past = last.at - TimeDelta::seconds(1 + st.advance);
                let err = tk.handle(&*ENGINE, &who, &cmd, past);
                prop_assert!(err.is_err(), "step {i}: {} at {past}, before the last event, accepted", cmd.name());
                prop_assert_eq!(serde_json::to_string(&tk).unwrap(), before.clone());
            }
        }

        match tk.handle(&*ENGINE, &who, &cmd, now) {
            Err(err) => {
                out.refused += 1;
                prop_assert_eq!(&serde_json::to_string(&tk).unwrap(), &before, "step {}: handle changed the state", i);
                let mut copy = tk.clone();
                let err2 = copy.execute(&*ENGINE, &who, &cmd, now);
                prop_assert_eq!(err2.as_ref().err(), Some(&err), "step {}: execute disagrees with handle", i);
                prop_assert_eq!(&serde_json::to_string(&copy).unwrap(), &before, "step {}: refused execute changed the state", i);
                prop_assert_eq!(&copy, &tk);
            }
            Ok(events) => {
                out.accepted += 1;
                prop_assert!(!events.is_empty(), "step {i}: {} accepted without events", cmd.name());
                let mut next = tk.clone();
                for e in &events {
                    prop_assert_eq!(e.at, now);
                    prop_assert_eq!(&e.actor, &who);
                    if let Err(err) = next.apply(e) {
                        return Err(TestCaseError::fail(format!("step {i}: {} by {who:?}: event {} does not apply: {err:?}", cmd.name(), e.body.name())));
                    }
                }
                let mut via_execute = tk.clone();
                let ev2 = via_execute.execute(&*ENGINE, &who, &cmd, now);
                prop_assert_eq!(ev2.as_ref().ok(), Some(&events), "step {}: execute gives other events", i);
                prop_assert_eq!(&via_execute, &next);

                // The completion deadline never moves earlier, except by a rework, a reopen or
                // new assignments.
                let names: Vec<&str> = events.iter().map(|e| e.body.name()).collect();
                if let (Some(a), Some(b)) = (&tk.completion(), &next.completion()) {
                    if b.due_at < a.due_at && !names.iter().any(|n| RESET_EVENTS.contains(n)) {
                        if names == ["extension_approved"] && !strict_extension {
                            out.extension_moved_earlier += 1;
                        } else {
                            return Err(TestCaseError::fail(format!(
                                "step {i}: {} by {who:?} ({names:?}) moved the completion deadline earlier: {} → {}",
                                cmd.name(),
                                a.due_at,
                                b.due_at
                            )));
                        }
                    }
                }
                tk = next;
            }
        }
        // Clock states and summaries never panic.
        for c in tk.clocks() {
            let _ = c.status_at(now);
        }
        let _ = tk.summary(now);
    }
    out.ticket = tk;
    Ok(out)
}

fn check_history(tk: &Ticket, swaps: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let events = tk.events();
    let replayed = Ticket::replay(events).map_err(|e| TestCaseError::fail(format!("replay: {e:?}")))?;
    prop_assert_eq!(&replayed, tk);
    let v = verify(events);
    prop_assert!(v.intact, "{:?}", v);
    // Through JSON, as the C and Python layers store it.
    {
        let json = serde_json::to_string(events).unwrap();
        let back: Vec<Event> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&Ticket::replay(&back).unwrap(), tk);
    }

    let n = events.len();
    for i in 0..n {
        // Altered.
        let mut altered = events.to_vec();
        altered[i].actor.user = Some("mallory".into());
        let v = verify(&altered);
        prop_assert!(!v.intact, "altered actor of event {} not detected", i);
        prop_assert_eq!(v.problem.as_ref().map(|p| p.index), Some(i));
        let mut altered = events.to_vec();
        altered[i].at += TimeDelta::seconds(1);
        prop_assert!(!verify(&altered).intact, "altered instant of event {} not detected", i);
        prop_assert!(Ticket::replay(&altered).is_err());
        // Removed, not the last.
        if i + 1 < n {
            let mut removed = events.to_vec();
            removed.remove(i);
            let v = verify(&removed);
            prop_assert!(!v.intact, "removed event {} not detected", i);
            prop_assert_eq!(v.problem.as_ref().map(|p| p.index), Some(i));
            prop_assert!(Ticket::replay(&removed).is_err());
        }
    }
    // Swapped: every adjacent pair and the sampled pairs.
    let pairs = (0..n.saturating_sub(1)).map(|i| (i, i + 1)).chain(swaps.iter().filter(|_| n >= 2).map(|&(a, b)| (a % n, b % n)));
    for (a, b) in pairs {
        if a == b {
            continue;
        }
        let (i, j) = (a.min(b), a.max(b));
        let mut swapped = events.to_vec();
        swapped.swap(i, j);
        let v = verify(&swapped);
        prop_assert!(!v.intact, "swap of events {} and {} not detected", i, j);
        prop_assert_eq!(v.problem.as_ref().map(|p| p.index), Some(i));
        prop_assert!(Ticket::replay(&swapped).is_err());
    }
    // The removed last event: the chain is a valid prefix; the archive file is not.
    if n > 0 {
        let file = ArchiveFile {
            schema_version: jiesu::ticket::EVENT_SCHEMA_VERSION,
            ticket_id: tk.id().unwrap_or_default().to_string(),
            event_count: n,
            final_hash: events[n - 1].hash.clone(),
            events: events.to_vec(),
            tag: None,
        };
        prop_assert!(verify_archive(&file).intact);
        let mut truncated = file.clone();
        truncated.events.pop();
        prop_assert!(verify(&truncated.events).intact);
        let v = verify_archive(&truncated);
        prop_assert!(!v.intact);
        prop_assert_eq!(v.problem.map(|p| p.kind), Some("truncated".to_string()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_the_invariants(
        start in start(),
        steps in steps(40),
        swaps in prop::collection::vec((any::<usize>(), any::<usize>()), 8),
    ) {
        let out = run_steps(&start, &steps, false)?;
        prop_assert_eq!(out.accepted + out.refused, steps.len());
        check_history(&out.ticket, &swaps)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same property without the exemption for `extension_approved` (see the ignored
    /// scenarios `extension_decided_after_a_rework_…` / `…_after_a_resume_…` in
    /// `tests/ticket.rs`).
    #[test]
    fn completion_deadline_never_moves_earlier_by_an_extension(cat in 0usize..2, days in 1i64..6, steps in steps(30)) {
        // From an acknowledged ticket with a pending extension request.
        let natural = |spec| Step { who: Who::Natural, spec, advance: 600, pick: 1, rewind: false };
        let mut all = vec![natural(Spec::Acknowledge), natural(Spec::RequestExtension { days, ok: true })];
        all.extend(steps);
        run_steps(&Start::Dispatched(cat), &all, true)?;
    }
}

/// The generator reaches every status and most event types (a sanity check of the strategy,
/// on a fixed seed so that it is deterministic).
#[test]
fn the_generator_reaches_deep_states() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let mut statuses = std::collections::BTreeSet::new();
    let mut types = std::collections::BTreeSet::new();
    for _ in 0..60 {
        let (st, sp) = (start(), steps(40));
        let s0 = st.new_tree(&mut runner).unwrap().current();
        let s1 = sp.new_tree(&mut runner).unwrap().current();
        let out = run_steps(&s0, &s1, false).unwrap();
        for e in out.ticket.events() {
            types.insert(e.body.name());
        }
        let mut tk = Ticket::new();
        for e in out.ticket.events() {
            tk.apply(e).unwrap();
            statuses.insert(tk.status().unwrap().as_str());
        }
    }
    for s in ["registered", "dispatched", "in_progress", "return_pending", "reported", "awaiting_callback", "judging", "closed"] {
        assert!(statuses.contains(s), "status {s} never reached: {statuses:?}");
    }
    for e in ["report_returned", "reopened", "extension_approved", "resumed", "return_approved", "reassigned", "contribution_submitted", "callback_recorded"] {
        assert!(types.contains(e), "event {e} never produced: {types:?}");
    }
}
