//! Assessment from flat records (`assess_records`) gives the table `assess` gives over the
//! event histories the records come from (`records_from_tickets`): a month of tickets with
//! varied lifecycles — late and missing responses, multi-unit tickets, returns, extensions,
//! reworks, supervision, callbacks of every outcome — every grouping and role counting.

mod common;

use chrono::{DateTime, FixedOffset, TimeDelta};
use common::{by_location_cat, complex_cat, normal_cat, urgent_cat, ENGINE, TOWNSHIP};
use jiesu::assessment::{assess, assess_records, records_from_tickets, AssessmentOptions, Basis, GroupBy, Period, RoleCounting, TicketRecord};
use jiesu::guide::{AppealType, ClassificationDecision, Location};
use jiesu::ticket::{Actor, CallbackOutcome, Command, Report, Ticket};

/// A small deterministic generator (xorshift), so that the month is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Runs `cmd` if the lifecycle allows it (a refused command changes nothing).
fn run(t: &mut Ticket, actor: &Actor, cmd: Command, at: DateTime<FixedOffset>) {
    let _ = t.execute(&*ENGINE, actor, &cmd, at);
}

fn report(at: DateTime<FixedOffset>, solved: bool) -> Command {
    Command::SubmitReport {
        report: Report { result: "已处理".into(), answered_at: Some(at), evidence: vec!["p.jpg".into()], approved_by: Some("王局长".into()), solved },
    }
}

/// One ticket of the month: its category, and what its units and the center did and when.
fn ticket(n: u64, rng: &mut Rng) -> Ticket {
    let cats = [normal_cat(), complex_cat(), by_location_cat(), urgent_cat()];
    let cat = cats[rng.below(cats.len() as u64) as usize];
    let day = 1 + rng.below(31) as i64;
    let t0 = DateTime::parse_from_rfc3339("2026-03-01T08:00:00+08:00").unwrap() + TimeDelta::days(day - 1) + TimeDelta::minutes(rng.below(600) as i64);
    let mut now = t0;
    let mut step = |rng: &mut Rng, max_hours: u64| {
        now += TimeDelta::minutes(1 + rng.below(max_hours * 60) as i64);
        now
    };
    let cc = Actor::command_center();
    let mut t = Ticket::new();
    let location = Location::township(TOWNSHIP);
    run(
        &mut t,
        &cc,
        Command::Register {
            id: format!("YS-{n}"),
            channel: Default::default(),
            appeal_type: AppealType::Complaint,
            content: "诉求".into(),
            requester: Default::default(),
            location: location.clone(),
        },
        t0,
    );
    let mut decision = ClassificationDecision::new(&cat.code, AppealType::Complaint);
    decision.location = Some(location);
    let at = step(rng, 1);
    run(&mut t, &cc, Command::Dispatch { decision }, at);
    let first_lead = t.lead().map(|a| a.unit.clone()).unwrap();
    // A return request by the lead (some approved, then reassigned to the same unit).
    if rng.chance(10) {
        let at = step(rng, 3);
        run(
            &mut t,
            &Actor::unit(&first_lead),
            Command::RequestReturn { reason: "不属本单位职责".into(), evidence: vec!["职责清单.pdf".into()], suggested_unit: "housing".into() },
            at,
        );
        let at = step(rng, 2);
        if rng.chance(50) {
            run(&mut t, &cc, Command::DecideReturn { approve: false, reason: "请继续办理".into(), assignments: None }, at);
        } else {
            // Approved: the ticket goes to another unit; the returner is no longer assigned.
            let to = vec![jiesu::guide::Assignment { unit: "housing".into(), role: jiesu::guide::AssignmentRole::Lead }];
            run(&mut t, &cc, Command::DecideReturn { approve: true, reason: "改派".into(), assignments: Some(to) }, at);
        }
    }
    let units: Vec<(String, bool)> = t.assignments().iter().map(|a| (a.unit.clone(), a.role == jiesu::guide::AssignmentRole::Lead)).collect();
    let lead = t.lead().map(|a| a.unit.clone()).unwrap();
    for (u, is_lead) in &units {
        let actor = Actor::unit(u);
        if rng.chance(85) {
            let at = {
                let h = if rng.chance(20) { 30 } else { 2 };
                step(rng, h)
            };
            run(&mut t, &actor, Command::Acknowledge {}, at);
        }
        if *is_lead && rng.chance(80) {
            let at = {
                let h = if rng.chance(20) { 30 } else { 3 };
                step(rng, h)
            };
            run(&mut t, &actor, Command::ContactRequester { note: "已联系".into() }, at);
        }
    }
    if rng.chance(10) {
        let at = step(rng, 5);
        run(&mut t, &Actor::unit(&lead), Command::RequestExtension { reason: "需协调".into(), requested_due_at: at + TimeDelta::days(10) }, at);
        let at = step(rng, 2);
        run(&mut t, &cc, Command::DecideExtension { approve: rng.chance(70), reason: String::new() }, at);
    }
    if rng.chance(8) {
        let at = step(rng, 5);
        run(&mut t, &Actor::of(jiesu::ticket::Role::SupervisionOffice), Command::Supervise { note: "督办".into() }, at);
    }
    if rng.chance(75) {
        let responsible: Vec<String> = t.assignments().iter().filter(|a| a.role == jiesu::guide::AssignmentRole::Responsible).map(|a| a.unit.clone()).collect();
        for u in responsible {
            let at = step(rng, 24);
            run(&mut t, &Actor::unit(&u), Command::SubmitContribution { content: "已办理".into() }, at);
        }
        let at = {
            let h = if rng.chance(25) { 200 } else { 60 };
            step(rng, h)
        };
        run(&mut t, &Actor::unit(&lead), report(at, rng.chance(80)), at);
        if rng.chance(10) {
            let at = step(rng, 4);
            run(&mut t, &cc, Command::ReviewReport { accept: false, reason: Some(jiesu::ticket::ReworkReason::InsufficientEvidence), note: String::new() }, at);
            let at = step(rng, 24);
            run(&mut t, &Actor::unit(&lead), report(at, true), at);
        }
        let at = step(rng, 4);
        run(&mut t, &cc, Command::ReviewReport { accept: true, reason: None, note: String::new() }, at);
        for _ in 0..1 + rng.below(2) {
            let outcome = [CallbackOutcome::Satisfied, CallbackOutcome::BasicallySatisfied, CallbackOutcome::Dissatisfied, CallbackOutcome::Unreachable]
                [rng.below(4) as usize];
            let at = step(rng, 24);
            run(&mut t, &cc, Command::RecordCallback { outcome, solved: rng.chance(70), note: String::new() }, at);
        }
        let at = step(rng, 4);
        run(&mut t, &cc, Command::Close {}, at);
    }
    t
}

fn month() -> Vec<Ticket> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..400).map(|n| ticket(n, &mut rng)).collect()
}

#[test]
fn records_give_the_table_of_the_histories_for_every_grouping_and_role_counting() {
    let tickets = month();
    let records = records_from_tickets(&tickets);
    assert!(records.len() > tickets.len(), "multi-unit tickets have one row per unit");
    // The month has what the rates are made of.
    assert!(tickets.iter().any(|t| t.counters().extensions_approved > 0));
    assert!(tickets.iter().any(|t| t.counters().reworks > 0));
    assert!(records.iter().any(|r| r.return_requested));
    let mut compared = 0;
    for group_by in [GroupBy::Unit, GroupBy::Township, GroupBy::Category, GroupBy::Domain] {
        for roles in [RoleCounting::LeadOnly, RoleCounting::All] {
            for (response_basis, completion_basis) in [(Basis::Dispatch, Basis::Due), (Basis::Close, Basis::Dispatch)] {
                let mut o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
                (o.group_by, o.roles, o.response_basis, o.completion_basis) = (group_by, roles, response_basis, completion_basis);
                let expected = assess(&tickets, &o);
                assert!(!expected.groups.is_empty());
                assert_eq!(assess_records(&records, &ENGINE, &o).unwrap(), expected, "{group_by:?} {roles:?} {response_basis:?}");
                compared += expected.groups.len();
            }
        }
    }
    assert!(compared > 50);
}

#[test]
fn deadlines_left_out_are_computed_from_the_sla() {
    let tickets = month();
    let full = records_from_tickets(&tickets);
    // An export without deadlines: those of tickets whose deadlines never moved (no extension
    // or rework) are recomputed to the same instants, from the dispatch or the assignment.
    let plain: Vec<TicketRecord> =
        full.iter().filter(|r| !r.extended && !r.reworked).map(|r| TicketRecord { completion_due_at: None, response_due_at: None, ..r.clone() }).collect();
    let kept: Vec<TicketRecord> = full.iter().filter(|r| !r.extended && !r.reworked).cloned().collect();
    let o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    assert_eq!(assess_records(&plain, &ENGINE, &o).unwrap(), assess_records(&kept, &ENGINE, &o).unwrap());
}

#[test]
fn bad_records_are_refused_with_their_row_and_column() {
    let records = records_from_tickets(&month());
    let o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    let multi = records.iter().position(|r| r.role == Some(jiesu::guide::AssignmentRole::Responsible)).unwrap();
    let mut bad = records.clone();
    bad[multi].township = Some("ashe".into());
    let e = assess_records(&bad, &ENGINE, &o).unwrap_err();
    assert_eq!(e.field(), Some(format!("records[{multi}].township").as_str()));
    assert!(e.message().contains("differs from records["), "{}", e.message());

    let mut bad = records.clone();
    bad[multi].role = Some(jiesu::guide::AssignmentRole::Lead);
    assert_eq!(assess_records(&bad, &ENGINE, &o).unwrap_err().field(), Some(format!("records[{multi}].role").as_str()));

    let mut bad = records.clone();
    for r in bad.iter_mut().filter(|r| r.ticket_id == records[0].ticket_id) {
        (r.category, r.urgency, r.handling_class, r.completion_due_at) = (None, None, None, None);
    }
    let e = assess_records(&bad, &ENGINE, &o).unwrap_err();
    assert_eq!(e.field(), Some("records[0].category"));

    let mut bad = records;
    bad[3].ticket_id.clear();
    assert_eq!(assess_records(&bad, &ENGINE, &o).unwrap_err().field(), Some("records[3].ticket_id"));
}
