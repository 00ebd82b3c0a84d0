//! Every list and string of a command, an event and an alert is bounded (issue 14, item 6):
//! a consultation's units, a dispatch decision's units and strings, the actor, an alert's unit
//! and tickets — through `handle`, `record_alerts` and replay alike.

mod common;

use common::*;
use jiesu::escalation::{evaluate, Alert, MAX_ALERT_TICKETS};
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::ticket::{compute_hash, Command, Event, Ticket};

const AT: &str = "2026-03-02T09:10:00+08:00";
const LATER: &str = "2026-03-06T10:00:00+08:00";

fn ticket() -> Ticket {
    dispatched("YS-1", normal_cat(), "2026-03-02T09:00:00+08:00", AT)
}

fn over(e: &jiesu::Error, field: &str) {
    assert!(e.is_limit_exceeded(), "{e}");
    assert_eq!(e.field(), Some(field), "{e}");
}

#[test]
fn a_consultation_has_at_most_max_assignments_units() {
    let tk = ticket();
    let convene = |n: usize| Command::ConveneConsultation { units: vec![lead_of(normal_cat()); n], note: String::new() };
    over(&refuse(&tk, &cc(), &convene(200_000), LATER), "units");
    let max = ENGINE.limits().max_assignments;
    over(&refuse(&tk, &cc(), &convene(max + 1), LATER), "units");
    let mut ok = tk.clone();
    step(&mut ok, &cc(), &convene(max), LATER, &["consultation_convened"]);
}

#[test]
fn a_dispatch_decision_is_bounded_before_the_guide_classifies_it() {
    let tk = registered("YS-1", "2026-03-02T09:00:00+08:00");
    let mut d = ClassificationDecision::new(&normal_cat().code, AppealType::Complaint);
    d.cooperating = Some(vec![UNASSIGNED.into(); 200_000]);
    over(&refuse(&tk, &cc(), &Command::Dispatch { decision: d.clone() }, AT), "assignments");
    d.cooperating = None;
    d.lead = Some("x".repeat(1_000_000));
    over(&refuse(&tk, &cc(), &Command::Dispatch { decision: d.clone() }, AT), "decision.lead");
    d.lead = None;
    d.category = "0".repeat(1_000_000);
    over(&refuse(&tk, &cc(), &Command::Dispatch { decision: d }, AT), "decision.category");
}

#[test]
fn an_actors_unit_and_user_are_bounded() {
    let tk = ticket();
    let mut actor = unit(&"u".repeat(1_000_000));
    over(&refuse(&tk, &actor, &Command::Acknowledge {}, LATER), "actor.unit");
    actor = cc();
    actor.user = Some("用".repeat(1_000_000));
    over(&refuse(&tk, &actor, &Command::Urge { message: "请尽快办理".into() }, LATER), "actor.user");
}

/// An alert due on the fixture ticket.
fn alert(tk: &Ticket) -> Alert {
    let ev = evaluate(tk, ENGINE.rules(), ENGINE.calendar(), t(LATER));
    ev.alerts.into_iter().next().expect("an alert is due")
}

#[test]
fn an_alerts_unit_and_tickets_are_bounded() {
    let tk = ticket();
    let a = alert(&tk);
    assert_eq!(ENGINE.record_alerts(&tk, std::slice::from_ref(&a), t(LATER)).unwrap().len(), 1);
    let mut long_unit = a.clone();
    long_unit.unit = Some("单".repeat(1_000_000));
    over(&ENGINE.record_alerts(&tk, &[long_unit], t(LATER)).unwrap_err(), "unit");
    let mut many = a.clone();
    many.tickets = (0..100_000).map(|i| format!("YS-{i}")).collect();
    over(&ENGINE.record_alerts(&tk, &[many], t(LATER)).unwrap_err(), "tickets");
    let mut at_limit = a.clone();
    at_limit.tickets = (0..MAX_ALERT_TICKETS).map(|i| format!("YS-{i}")).collect();
    assert!(ENGINE.record_alerts(&tk, &[at_limit], t(LATER)).is_ok());
    let mut long_ticket = a;
    long_ticket.tickets = vec!["Y".repeat(1_000_000)];
    over(&ENGINE.record_alerts(&tk, &[long_ticket], t(LATER)).unwrap_err(), "tickets");
}

fn rechain(mut events: Vec<Event>) -> Vec<Event> {
    let mut prev = "0".repeat(64);
    for (i, e) in events.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
        e.prev_hash = prev.clone();
        e.hash = compute_hash(e).unwrap();
        prev = e.hash.clone();
    }
    events
}

#[test]
fn a_stored_history_is_held_to_the_caps() {
    let tk = ticket();
    let a = alert(&tk);
    let mut events = tk.events().to_vec();
    events.extend(ENGINE.record_alerts(&tk, &[a], t(LATER)).unwrap());
    assert!(Ticket::replay(&rechain(events.clone())).is_ok());
    // Beyond the caps (what replay checks a history against, whatever the engine).
    let edit = |f: &dyn Fn(&mut jiesu::ticket::EventBody)| {
        let mut v = events.clone();
        f(&mut v.last_mut().unwrap().body);
        Ticket::replay(&rechain(v)).unwrap_err()
    };
    let e = edit(&|b| {
        if let jiesu::ticket::EventBody::Escalated { tickets, .. } = b {
            *tickets = vec!["YS-2".into(); MAX_ALERT_TICKETS + 1];
        }
    });
    assert!(e.is_limit_exceeded(), "{e}");
    let e = edit(&|b| {
        if let jiesu::ticket::EventBody::Escalated { rule, .. } = b {
            *rule = "r".repeat(jiesu::limits::MAX_TEXT_CHARS_CAP + 1);
        }
    });
    assert!(e.is_limit_exceeded(), "{e}");
    // The actor of a stored event, before the lifecycle table names it.
    let mut v = events.clone();
    v[1].actor.user = Some("u".repeat(jiesu::limits::MAX_TEXT_CHARS_CAP + 1));
    let e = Ticket::replay(&rechain(v)).unwrap_err();
    assert!(e.is_limit_exceeded(), "{e}");
}

#[test]
fn a_group_alert_lists_at_most_max_alert_tickets_the_latest() {
    // One requester calls 1 100 times within the window, four others once: the many-people
    // rule fires on the fifth distinct requester, with 1 104 tickets in its window.
    let t0 = t("2026-03-02T09:00:00+08:00");
    let request = |i: usize, key: &str| {
        let mut tk = Ticket::new();
        let at = t0 + chrono::TimeDelta::seconds(30 * i as i64);
        let register = Command::Register {
            id: format!("M-{i:04}"),
            channel: jiesu::ticket::Channel::Hotline12345,
            appeal_type: AppealType::Complaint,
            content: "路灯坏了".into(),
            requester: jiesu::ticket::Requester { requester_key: Some(key.into()), ..Default::default() },
            location: jiesu::guide::Location::township(TOWNSHIP),
        };
        tk.execute(&*ENGINE, &cc(), &register, at).unwrap();
        tk.execute(&*ENGINE, &cc(), &dispatch(normal_cat()), at).unwrap();
        tk
    };
    let mut tickets: Vec<Ticket> = (0..1_100).map(|i| request(i, "P0")).collect();
    tickets.extend((1..=4).map(|k| request(1_099 + k, &format!("P{k}"))));
    let now = t0 + chrono::TimeDelta::hours(12);
    let ev = jiesu::escalation::evaluate_group(&tickets, ENGINE.rules(), now);
    let many: Vec<&Alert> = ev.alerts.iter().filter(|a| a.rule.starts_with("many_people")).collect();
    assert!(!many.is_empty());
    for a in many {
        assert_eq!(a.tickets.len(), MAX_ALERT_TICKETS);
        assert_eq!(a.tickets.last().map(String::as_str), Some("M-1103"));
        assert_eq!(a.tickets[0], "M-0104");
        // It records on its ticket.
        let on = tickets.iter().find(|x| x.id() == Some(a.ticket_id.as_str())).unwrap();
        assert!(ENGINE.record_alerts(on, std::slice::from_ref(a), now).is_ok());
    }
}
