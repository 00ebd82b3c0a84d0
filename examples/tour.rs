use chrono::{DateTime, NaiveDate};
use jiesu::calendar::{Calendar, CoveragePolicy, DayKind, Roll};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::sla::{Clock, HandlingClass, SlaInput, SlaPolicy, Urgency};
use jiesu::ticket::{Actor, Command, Ticket};

fn main() -> Result<(), jiesu::Error> {
    let cal = Calendar::cn(); // built-in national calendar
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(cal.day_kind(d(2026, 2, 14))?, DayKind::MakeupWorkday); // 春节调休上班
    assert_eq!(cal.add_working_days(d(2026, 9, 30), 5)?, d(2026, 10, 13));
    assert_eq!(cal.busday_offset(d(2026, 10, 1), 0, Roll::Forward)?, d(2026, 10, 8));

    // The 5 working days of a normal ticket dispatched on 2026-09-30 end at 24:00 on 10-13.
    let t = DateTime::parse_from_rfc3339("2026-09-30T10:00:00+08:00").unwrap();
    let clocks = SlaPolicy::default().deadlines(&cal, t, &SlaInput::new(Urgency::Normal, HandlingClass::Normal))?;
    assert_eq!(clocks.get(Clock::Completion).unwrap().due_at.to_rfc3339(), "2026-10-14T00:00:00+08:00");

    // 2027 is not covered yet: a clear error (R-SLA-7) — unless the caller opts into the
    // provisional weekends-only rule, or loads the new year's schedule as data (scope = "national").
    assert_eq!(cal.add_working_days(d(2026, 12, 25), 5).unwrap_err().year(), Some(2027));
    let provisional = cal.with_policy(CoveragePolicy::Provisional);
    assert_eq!(provisional.add_working_days(d(2026, 12, 25), 5)?, d(2027, 1, 1));

    // Tickets: the platform stores the events; jiesu decides.
    let engine = Engine::default_engine();
    let mut ticket = Ticket::new();
    let register: Command = jiesu::json::from_str(
        r#"{"type":"register","id":"YS-1","appeal_type":"complaint",
            "content":"江那镇××小区门口路灯坏了一个多月","requester":{"name":"张三","phone":"13812345678"}}"#,
    )?; // jiesu's JSON parser: a key given twice is refused, errors never quote a value
    let events = ticket.handle(&engine, &Actor::command_center(), &register, t)?; // decide
    for e in &events {
        ticket.apply(e)?; // evolve
    }
    let top = engine.guide().suggest(ticket.content(), None).categories[0].code.clone();
    let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&top, AppealType::Complaint) };
    ticket.execute(&engine, &Actor::command_center(), &dispatch, t)?; // handle + apply
    let ev = engine.evaluate(&ticket, t); // alerts + next_check_at
    for e in engine.record_alerts(&ticket, &ev.alerts, t)? {
        ticket.apply(&e)?; // raised once
    }
    // The history is the truth. Replay re-checks who did what: a re-hashed history in which
    // the unit closed its own ticket is refused, naming the event (docs/LIFECYCLE.md).
    assert_eq!(Ticket::replay(ticket.events())?, ticket);
    let next = ev.next_check_at.map(|at| at.to_rfc3339()).unwrap_or_default();
    println!("{} {:?}: {} events, category {top}, next check at {next}", ticket.id().unwrap_or_default(), ticket.status().unwrap(), ticket.events().len());
    Ok(())
}
