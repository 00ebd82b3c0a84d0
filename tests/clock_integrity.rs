//! Deadlines that hold (issue 14, items 9 and 10): a reassignment to the same lead keeps the
//! ticket's clocks — only an approved extension moves a deadline (R-SLA-4) — so a breach
//! already incurred stays in the state, in escalation and in the assessment; and a report's
//! answer instant is consistent with the history (not before dispatch, not after now).

mod common;

use common::*;
use jiesu::assessment::{assess, AssessmentOptions, GroupBy, Period};
use jiesu::guide::AssignmentRole;
use jiesu::ticket::{ClockStatus, Command, Status, Ticket};

fn late_ticket(id: &str) -> (Ticket, String) {
    let cat = normal_cat();
    let lead = lead_of(cat);
    let mut tk = dispatched(id, cat, "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    step(&mut tk, &unit(&lead), &Command::Acknowledge {}, "2026-03-02T10:00:00+08:00", &["acknowledged"]);
    step(&mut tk, &unit(&lead), &contact(), "2026-03-02T11:00:00+08:00", &["requester_contacted"]);
    (tk, lead)
}

#[test]
fn a_reassignment_to_the_same_lead_keeps_the_deadline_and_the_breach() {
    let (mut tk, lead) = late_ticket("YS-K1");
    let due = tk.completion().unwrap().due_at;
    assert_eq!(due, t("2026-03-10T00:00:00+08:00"));
    // Ten days after the deadline, the same lead (with a cooperating unit added).
    let again = Command::Reassign { assignments: vec![assignment(&lead, AssignmentRole::Lead), assignment(UNASSIGNED, AssignmentRole::Cooperating)] };
    step(&mut tk, &cc(), &again, "2026-03-20T10:00:00+08:00", &["reassigned"]);
    let now = t("2026-03-20T11:00:00+08:00");
    assert_eq!(tk.completion().unwrap().due_at, due, "the deadline did not move");
    assert_eq!(tk.completion().unwrap().status_at(now), ClockStatus::Breached);
    // The lead keeps what it did: acknowledged and contacted, response met, still in progress.
    let l = tk.lead().unwrap();
    assert_eq!((l.acknowledged_at, l.response.status_at(now)), (Some(t("2026-03-02T10:00:00+08:00")), ClockStatus::Met));
    assert_eq!(tk.status(), Some(Status::InProgress));
    // The added unit's clocks start now.
    assert_eq!(tk.assignment(UNASSIGNED).unwrap().response.started_at, t("2026-03-20T10:00:00+08:00"));
    // Escalation still sees the breach; the assessment counts the ticket overdue.
    assert!(ENGINE.evaluate(&tk, now).alerts.iter().any(|a| a.rule == "completion.urging"));
    let mut opts = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    opts.group_by = GroupBy::Unit;
    opts.now = Some(now);
    let a = assess(std::slice::from_ref(&tk), &opts);
    let g = a.groups.iter().find(|g| g.key == lead).unwrap();
    assert_eq!(g.overdue_count, 1);
    assert_eq!(Ticket::replay(tk.events()).unwrap(), tk);
}

#[test]
fn a_new_lead_gets_the_limit_from_now() {
    let (mut tk, _) = late_ticket("YS-K2");
    let other = Command::Reassign { assignments: vec![assignment(UNASSIGNED, AssignmentRole::Lead)] };
    step(&mut tk, &cc(), &other, "2026-03-20T10:00:00+08:00", &["reassigned"]);
    let c = tk.completion().unwrap();
    assert_eq!(c.started_at, t("2026-03-20T10:00:00+08:00"));
    assert!(c.due_at > t("2026-03-26T00:00:00+08:00"), "{}", c.due_at);
    assert_eq!(tk.status(), Some(Status::Dispatched));
}

#[test]
fn a_report_answered_before_dispatch_or_in_1970_is_refused() {
    let (tk, lead) = late_ticket("YS-K3");
    let err = refuse(&tk, &unit(&lead), &submit("2026-03-02T09:29:59+08:00"), "2026-03-05T15:00:00+08:00");
    assert_eq!(err.field(), Some("report.answered_at"), "{err}");
    assert!(err.message().contains("before the ticket was dispatched"), "{err}");
    // Before 2000 it is refused earlier, as implausible (limits.earliest_instant).
    for answered in ["1970-01-01T08:00:00+08:00", "0001-01-01T00:00:00+08:00"] {
        let err = refuse(&tk, &unit(&lead), &submit(answered), "2026-03-05T15:00:00+08:00");
        assert_eq!(err.field(), Some("report.answered_at"), "{answered}: {err}");
        assert!(err.message().contains("limits.earliest_instant"), "{err}");
    }
    // At the dispatch instant and later it is fine.
    let mut ok = tk.clone();
    step(&mut ok, &unit(&lead), &submit("2026-03-02T09:30:00+08:00"), "2026-03-05T15:00:00+08:00", &["report_submitted"]);
}
