//! Forged histories (issue 13, "Done when"): a history built by `handle`, one event rewritten
//! so that an actor did what its role forbids, then re-chained with the public `compute_hash`
//! (an attacker who knows the hash function). `verify` says intact — the chain is valid — but
//! `replay` (and so the state, and `handle` on that history) refuses it, naming the event
//! (`events[i]: …`), the rule and the reason:
//!
//! 1. the handling unit records its own "satisfied" callback;
//! 2. the unit accepts its own report;
//! 3. the unit closes its own ticket;
//! 4. unit A acknowledges for unit B (both assigned);
//! 5. the supervision office registers a ticket;
//!
//! and, found by `tests/lifecycle_props.rs` and fixed in `src/`: 6. a `reassigned` while a
//! return request is pending (the approval dropped); 7. the reassignment that comes with the
//! approval of the lead's return recorded apart from it (another operator, a later instant).
//! No command produces either.
//!
//! The same histories are written to `tests/data/forged/<name>.json` for the C
//! (`tests/c/test_ticket.c`) and Python (`tests/python/test_ticket.py`) tests, which cannot
//! re-hash (C has no `compute_hash`): `JIESU_UPDATE_FORGED=1 cargo test -p jiesu --test
//! lifecycle` rewrites them, and [`forged_fixtures_are_up_to_date`] fails when they are stale.
//! Each file holds the honest history (`honest`, as `handle` produced it), the forged one
//! (`forged`), the index of the forged event and the error every layer must give.

mod common;

use std::path::PathBuf;

use chrono::TimeDelta;
use common::*;
use jiesu::guide::AssignmentRole;
use jiesu::ticket::{compute_hash, verify, Actor, CallbackOutcome, ClosingOutcome, Command, Event, EventBody, Role, Ticket};
use jiesu::{Error, ErrorKind};
use serde::Serialize;

/// Sequence numbers, previous hashes and hashes written anew.
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

/// A forged history and what every layer must answer.
struct Forgery {
    name: &'static str,
    about: &'static str,
    honest: Vec<Event>,
    forged: Vec<Event>,
    index: usize,
    kind: ErrorKind,
    rule: Option<&'static str>,
}

impl Forgery {
    /// `honest` with event `index` rewritten by `edit`, re-chained.
    fn new(
        name: &'static str,
        about: &'static str,
        honest: Vec<Event>,
        index: usize,
        kind: ErrorKind,
        rule: Option<&'static str>,
        edit: impl FnOnce(&mut Event),
    ) -> Forgery {
        let mut forged = honest.clone();
        edit(&mut forged[index]);
        Forgery { name, about, forged: rechain(forged), honest, index, kind, rule }
    }
}

// ---------------------------------------------------------------------------------------------
// the histories, built by handle

/// Registered, dispatched (one lead unit), acknowledged, contacted, reported, accepted,
/// called back (satisfied), closed: 8 events.
fn closed_ticket(id: &str) -> (Ticket, Actor) {
    let cat = normal_cat();
    let lead = unit(&lead_of(cat));
    let mut tk = dispatched(id, cat, "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    step(&mut tk, &lead, &Command::Acknowledge {}, "2026-03-02T10:00:00+08:00", &["acknowledged"]);
    step(&mut tk, &lead, &contact(), "2026-03-02T11:00:00+08:00", &["requester_contacted"]);
    step(&mut tk, &lead, &submit("2026-03-05T14:00:00+08:00"), "2026-03-05T15:00:00+08:00", &["report_submitted"]);
    step(&mut tk, &cc(), &accept(), "2026-03-06T09:00:00+08:00", &["report_accepted"]);
    let satisfied = Command::RecordCallback { outcome: CallbackOutcome::Satisfied, solved: true, note: "满意".into() };
    step(&mut tk, &cc(), &satisfied, "2026-03-06T10:00:00+08:00", &["callback_recorded"]);
    step(&mut tk, &cc(), &Command::Close {}, "2026-03-06T10:30:00+08:00", &["closed"]);
    (tk, lead)
}

fn index_of(events: &[Event], name: &str) -> usize {
    events.iter().position(|e| e.body.name() == name).unwrap_or_else(|| panic!("no {name} event"))
}

/// Forgery 1: The lead unit records a satisfied callback on its own ticket.
fn unit_records_its_own_callback() -> Forgery {
    let (tk, lead) = closed_ticket("YS-F1");
    let events = tk.events();
    let i = index_of(events, "callback_recorded");
    let honest = events[..=i].to_vec();
    Forgery::new(
        "unit_records_its_own_callback",
        "the lead unit records a satisfied callback (回访) on its own ticket",
        honest,
        i,
        ErrorKind::PermissionDenied,
        Some("R-ORG-1"),
        |e| {
            e.actor = lead;
        },
    )
}

/// Forgery 2: The lead unit accepts its own report.
fn unit_accepts_its_own_report() -> Forgery {
    let (tk, lead) = closed_ticket("YS-F2");
    let events = tk.events();
    let i = index_of(events, "report_accepted");
    let honest = events[..=i].to_vec();
    Forgery::new(
        "unit_accepts_its_own_report",
        "the lead unit accepts (审核) its own completion report",
        honest,
        i,
        ErrorKind::PermissionDenied,
        Some("R-ORG-1"),
        |e| e.actor = lead,
    )
}

/// Forgery 3: The lead unit closes its own ticket (after the command center's callback).
fn unit_closes_its_own_ticket() -> Forgery {
    let (tk, lead) = closed_ticket("YS-F3");
    let honest = tk.events().to_vec();
    let i = index_of(&honest, "closed");
    Forgery::new(
        "unit_closes_its_own_ticket",
        "the lead unit closes (办结) its own ticket after the callback",
        honest,
        i,
        ErrorKind::PermissionDenied,
        Some("R-ORG-1"),
        |e| {
            assert_eq!(e.body, EventBody::Closed { outcome: ClosingOutcome::Resolved, explanation: None });
            e.actor = lead;
        },
    )
}

/// Forgery 4: On a multi-unit ticket, the lead unit acknowledges (签收) for a responsible unit.
fn unit_acknowledges_for_another() -> Forgery {
    let cat = complex_cat();
    let (lead, other) = (lead_of(cat), cat.routing.responsible[0].clone());
    let mut tk = dispatched("YS-F4", cat, "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    step(&mut tk, &unit(&lead), &Command::Acknowledge {}, "2026-03-02T10:00:00+08:00", &["acknowledged"]);
    step(&mut tk, &unit(&other), &Command::Acknowledge {}, "2026-03-02T10:30:00+08:00", &["acknowledged"]);
    assert_eq!(tk.assignment(&other).map(|a| a.role), Some(AssignmentRole::Responsible));
    let honest = tk.events().to_vec();
    Forgery::new(
        "unit_acknowledges_for_another",
        "unit A (the lead) acknowledges for unit B (a responsible unit), both assigned",
        honest,
        3,
        ErrorKind::PermissionDenied,
        Some("R-ORG-2"),
        |e| {
            assert_eq!(e.body, EventBody::Acknowledged { unit: other.clone() });
            e.actor = unit(&lead);
        },
    )
}

/// Forgery 5: The supervision office registers a ticket (then the command center dispatches it).
fn supervision_office_registers() -> Forgery {
    let tk = dispatched("YS-F5", normal_cat(), "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    let honest = tk.events().to_vec();
    Forgery::new(
        "supervision_office_registers",
        "the supervision office (督查室) registers a ticket",
        honest,
        0,
        ErrorKind::PermissionDenied,
        Some("R-ORG-1"),
        |e| {
            e.actor = of(Role::SupervisionOffice);
        },
    )
}

/// Forgery 6: A return request approved with new assignments, the approval dropped: the
/// reassignment stands in `return_pending` (no command produces that: `reassign` is refused
/// there, and `decide_return`'s reassignment follows its approval).
fn reassigned_while_a_return_is_pending() -> Forgery {
    let cat = normal_cat();
    let lead = unit(&lead_of(cat));
    let mut tk = dispatched("YS-F6", cat, "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    let ask =
        Command::RequestReturn { reason: "不属于本单位职责".into(), evidence: vec!["三定方案.pdf".into()], suggested_unit: UNASSIGNED.into() };
    step(&mut tk, &lead, &ask, "2026-03-02T14:00:00+08:00", &["return_requested"]);
    let decide = Command::DecideReturn { approve: true, reason: "同意".into(), assignments: Some(vec![assignment(UNASSIGNED, AssignmentRole::Lead)]) };
    step(&mut tk, &cc(), &decide, "2026-03-02T16:00:00+08:00", &["return_approved", "reassigned"]);
    let honest = tk.events().to_vec();
    let mut forged = honest.clone();
    forged.remove(3);
    Forgery {
        name: "reassigned_while_a_return_is_pending",
        about: "a return request approved with new assignments, the approval (return_approved) dropped: reassigned while the request is pending",
        forged: rechain(forged),
        honest,
        index: 3,
        kind: ErrorKind::InvalidTransition,
        rule: None,
    }
}

/// Forgery 7: The lead's return approved with new assignments, the reassignment recorded by another
/// command-center operator (split from the approval, which `handle` never does).
fn reassignment_split_from_the_lead_return_approval() -> Forgery {
    let honest = reassigned_while_a_return_is_pending().honest;
    assert_eq!(honest[3].body.name(), "return_approved");
    Forgery::new(
        "reassignment_split_from_the_lead_return_approval",
        "the lead unit's return approved with new assignments, the reassignment recorded by another command-center operator",
        honest,
        4,
        ErrorKind::InvalidTransition,
        Some("R-SLA-2"),
        |e| e.actor = Actor { user: Some("op-2".into()), ..cc() },
    )
}

fn forgeries() -> Vec<Forgery> {
    vec![
        unit_records_its_own_callback(),
        unit_accepts_its_own_report(),
        unit_closes_its_own_ticket(),
        unit_acknowledges_for_another(),
        supervision_office_registers(),
        reassigned_while_a_return_is_pending(),
        reassignment_split_from_the_lead_return_approval(),
    ]
}

// ---------------------------------------------------------------------------------------------
// the checks

/// The honest history replays; the forged one verifies intact and is refused by
/// `Ticket::replay`, `Engine::replay` (verify-then-state), `Engine::handle` on it, and through
/// JSON, with one error naming `events[i]`; the error is returned.
fn refused(f: &Forgery) -> Error {
    let now = f.forged.last().unwrap().at + TimeDelta::hours(1);
    assert!(verify(&f.honest).intact);
    let tk = Ticket::replay(&f.honest).unwrap_or_else(|e| panic!("{}: the honest history is refused: {e}", f.name));
    let _ = ENGINE.state(&tk, now);

    let v = verify(&f.forged);
    assert!(v.intact && v.problem.is_none(), "{}: the forged history is a valid chain: {v:?}", f.name);
    let err = Ticket::replay(&f.forged).expect_err(f.name);
    assert_eq!(err.kind(), f.kind, "{}: {err}", f.name);
    assert_eq!(err.rule(), f.rule, "{}: {err}", f.name);
    let at = format!("events[{}]", f.index);
    assert!(err.message().starts_with(&format!("{at}: ")), "{}: {err}", f.name);
    assert_eq!(err.field(), Some(at.as_str()));
    // Verify, then the state: refused with the same error.
    assert!(verify(&f.forged).intact);
    assert_eq!(ENGINE.replay(&f.forged).unwrap_err(), err);
    // Nothing can be decided on it.
    let urge = Command::Urge { message: "请加快办理".into() };
    assert_eq!(ENGINE.handle(&f.forged, &cc(), &urge, now).unwrap_err(), err);
    // As stored.
    let back: Vec<Event> = serde_json::from_str(&serde_json::to_string(&f.forged).unwrap()).unwrap();
    assert_eq!(Ticket::replay(&back).unwrap_err(), err);
    // Without the re-hash the edit is plain tampering at the same event.
    if f.honest.len() == f.forged.len() {
        let mut edited = f.honest.clone();
        edited[f.index].actor = f.forged[f.index].actor.clone();
        edited[f.index].body = f.forged[f.index].body.clone();
        let v = verify(&edited);
        assert_eq!((v.intact, v.problem.as_ref().map(|p| (p.index, p.kind.as_str()))), (false, Some((f.index, "altered"))), "{}", f.name);
    }
    err
}

#[test]
fn the_unit_records_its_own_satisfied_callback() {
    let err = refused(&unit_records_its_own_callback());
    assert!(err.is_permission_denied());
    assert_eq!(
        err.message(),
        format!("events[6]: event callback_recorded must be recorded by command_center; actor is unit of unit {:?}", lead_of(normal_cat()))
    );
    assert_eq!(err.to_string(), format!("{} [R-ORG-1]", err.message()));
}

#[test]
fn the_unit_accepts_its_own_report() {
    let err = refused(&unit_accepts_its_own_report());
    assert_eq!(
        err.message(),
        format!("events[5]: event report_accepted must be recorded by command_center; actor is unit of unit {:?}", lead_of(normal_cat()))
    );
}

#[test]
fn the_unit_closes_its_own_ticket() {
    let err = refused(&unit_closes_its_own_ticket());
    assert_eq!(err.message(), format!("events[7]: event closed must be recorded by command_center; actor is unit of unit {:?}", lead_of(normal_cat())));
    // Its leader may not either.
    let mut f = unit_closes_its_own_ticket();
    f.forged[7].actor = leader(&lead_of(normal_cat()));
    f.forged = rechain(f.forged);
    assert!(refused(&f).message().contains("actor is unit_leader of unit"));
}

#[test]
fn one_unit_acknowledges_for_another() {
    let f = unit_acknowledges_for_another();
    let err = refused(&f);
    let cat = complex_cat();
    assert_eq!(
        err.message(),
        format!(
            "events[3]: event acknowledged names unit {:?} but was recorded by unit of unit {:?}: a unit acts only for itself",
            cat.routing.responsible[0],
            lead_of(cat)
        )
    );
    // An unassigned unit acknowledging for an assigned one: refused as not assigned.
    let mut f = unit_acknowledges_for_another();
    f.forged[3].actor = unit(UNASSIGNED);
    f.forged = rechain(f.forged);
    assert!(refused(&f).message().contains("must be recorded by unit assigned to this ticket; actor is unit of unit \"finance\""));
}

#[test]
fn the_supervision_office_registers_a_ticket() {
    let err = refused(&supervision_office_registers());
    assert_eq!(err.message(), "events[0]: event registered must be recorded by command_center; actor is supervision_office");
}

#[test]
fn a_reassignment_while_a_return_is_pending_is_refused() {
    // Found by tests/lifecycle_props.rs (a dropped return_approved); fixed in
    // src/ticket/lifecycle.rs (decide_return's row no longer lists reassigned).
    let f = reassigned_while_a_return_is_pending();
    let err = refused(&f);
    assert_eq!(err.message(), "events[3]: event reassigned is not allowed in status return_pending (allowed in: dispatched, in_progress)");
    // handle agrees: no reassign while the request is pending.
    let tk = Ticket::replay(&f.honest[..3]).unwrap();
    let reassign = Command::Reassign { assignments: vec![assignment(UNASSIGNED, AssignmentRole::Lead)] };
    assert!(refuse(&tk, &cc(), &reassign, "2026-03-02T16:00:00+08:00").is_invalid_transition());
}

#[test]
fn the_reassignment_of_a_lead_return_is_part_of_its_approval() {
    // Found by tests/lifecycle_props.rs (the reassigned's actor changed to another operator);
    // fixed in src/ticket/guard.rs.
    let f = reassignment_split_from_the_lead_return_approval();
    let err = refused(&f);
    assert_eq!(err.message(), "events[4]: the reassignment of the lead unit's approved return is part of the approval (decide_return): same instant and actor");
    // Two days later, by the same operator: refused too.
    let mut later = f.honest.clone();
    later[4].at += TimeDelta::days(2);
    let err = Ticket::replay(&rechain(later)).unwrap_err();
    assert!(err.message().starts_with("events[4]: ") && err.message().contains("same instant and actor"), "{err}");
    // handle produces the pair, and it replays.
    assert_eq!(Ticket::replay(&f.honest).unwrap().lead().map(|a| a.unit.as_str()), Some(UNASSIGNED));
}

/// FINDING (reported, not fixed): `replay` trusts the clocks and the classification events
/// carry — it has no calendar, SLA policy or guide, by design — so a re-hashed history whose
/// completion deadline was moved a month later replays, verifies intact, and every clock and
/// escalation reads the forged deadline. `tests/lifecycle_props.rs` meets the same gap with
/// spliced, dropped and rewritten events (`resumed`, `dispatched`, `reassigned`,
/// `report_returned`). What it should be refused by (the engine re-deciding each event in
/// `Engine::replay`, or signed events) is the lead's call.
#[test]
#[ignore = "FINDING: replay does not recompute the clocks events carry"]
fn forged_clocks_are_recomputed_by_replay() {
    let tk = dispatched("YS-F7", normal_cat(), "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    let mut forged = tk.events().to_vec();
    if let EventBody::Dispatched { completion, .. } = &mut forged[1].body {
        completion.due_at += TimeDelta::days(30);
        completion.warn_at += TimeDelta::days(30);
    }
    let forged = rechain(forged);
    assert!(verify(&forged).intact);
    assert!(ENGINE.replay(&forged).is_err(), "a completion deadline handle never computed replays");
}

// ---------------------------------------------------------------------------------------------
// the fixtures of the C and Python tests

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/forged")
}

#[derive(Serialize)]
struct Fixture<'a> {
    about: Vec<String>,
    /// Index of the forged event.
    index: usize,
    /// What `replay`/`state`/`handle` must fail with, in every layer.
    expect: Expect,
    /// The history as `handle` produced it: it replays.
    honest: &'a [Event],
    /// The forged, re-chained history: `verify` says intact; the state is refused.
    forged: &'a [Event],
}

#[derive(Serialize)]
struct Expect {
    /// jiesu::ErrorKind in snake_case.
    kind: &'static str,
    /// C status.
    status: &'static str,
    /// Python exception class (jiesu.errors).
    exception: &'static str,
    rule: Option<&'static str>,
    /// `Error::message()`.
    message: String,
    /// The text Python (`str(e)`) shows, and C (`jiesu_error_message`) after `events_json: `:
    /// the message and the rule.
    display: String,
}

fn fixture_text(f: &Forgery) -> String {
    let err = Ticket::replay(&f.forged).unwrap_err();
    let (kind, status, exception) = match f.kind {
        ErrorKind::PermissionDenied => ("permission_denied", "JIESU_STATUS_PERMISSION_DENIED", "PermissionDenied"),
        ErrorKind::InvalidTransition => ("invalid_transition", "JIESU_STATUS_INVALID_TRANSITION", "InvalidTransition"),
        k => panic!("{k:?}"),
    };
    let fixture = Fixture {
        about: vec![
            format!("{}: {}; re-chained with compute_hash.", f.name, f.about),
            "verify(forged) is intact; replay/state/handle on it fail with `expect`; the honest history replays.".into(),
            "Generated by tests/lifecycle.rs (JIESU_UPDATE_FORGED=1 cargo test -p jiesu --test lifecycle); do not edit by hand.".into(),
        ],
        index: f.index,
        expect: Expect { kind, status, exception, rule: f.rule, message: err.message().to_string(), display: err.to_string() },
        honest: &f.honest,
        forged: &f.forged,
    };
    // Pretty, but each history on one line, compact and in field order, as jiesu writes it.
    let mut v = serde_json::to_value(&fixture).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("honest");
    obj.remove("forged");
    let head = serde_json::to_string_pretty(&v).unwrap();
    let head = head.strip_suffix("\n}").unwrap();
    format!(
        "{head},\n  \"honest\": {},\n  \"forged\": {}\n}}\n",
        serde_json::to_string(fixture.honest).unwrap(),
        serde_json::to_string(fixture.forged).unwrap()
    )
}

#[test]
fn forged_fixtures_are_up_to_date() {
    let update = std::env::var_os("JIESU_UPDATE_FORGED").is_some();
    let mut names = Vec::new();
    for f in forgeries() {
        let path = dir().join(format!("{}.json", f.name));
        let want = fixture_text(&f);
        names.push(format!("{}.json", f.name));
        if update {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "{} is stale: run JIESU_UPDATE_FORGED=1 cargo test -p jiesu --test lifecycle", path.display());
        // What the file says is what the core does.
        let v: serde_json::Value = serde_json::from_str(&have).unwrap();
        let forged: Vec<Event> = serde_json::from_value(v["forged"].clone()).unwrap();
        let err = Ticket::replay(&forged).unwrap_err();
        assert_eq!(v["expect"]["display"], err.to_string());
        assert!(verify(&forged).intact);
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(dir()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    names.sort();
    assert_eq!(on_disk, names, "tests/data/forged holds exactly the generated files");
}
