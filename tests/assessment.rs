//! Assessment: hand-computed fixtures whose every rate and score is asserted exactly, period
//! boundaries, exclusion of unreasonable tickets, multi-unit counting, bulletins.

use chrono::{DateTime, FixedOffset};
use jiesu::assessment::{assess, bulletin, tickets_from_jsonl, AssessmentOptions, BulletinKind, GroupBy, Period, RoleCounting};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::sla::{HandlingClass, Urgency};
use jiesu::ticket::{Actor, CallbackOutcome, Command, Judgement, Report, Ticket};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A normal category with one lead unit and nothing else.
fn simple_category(e: &Engine) -> (String, String) {
    let c = e
        .guide()
        .leaves()
        .find(|c| {
            !c.routing.by_location
                && c.routing.responsible.is_empty()
                && c.routing.cooperating.is_empty()
                && c.urgency == Urgency::Normal
                && c.handling_class == HandlingClass::Normal
        })
        .unwrap();
    (c.code.clone(), c.routing.lead.clone().unwrap())
}

struct Script<'a> {
    e: &'a Engine,
    t: Ticket,
    lead: String,
}

impl<'a> Script<'a> {
    fn new(e: &'a Engine, id: &str, category: &str, at: &str, phone: &str) -> Script<'a> {
        let mut tk = Ticket::new();
        let reg: Command = serde_json::from_value(serde_json::json!({
            "type": "register", "id": id, "appeal_type": "complaint", "content": "测试诉求",
            "requester": {"name": "张三", "phone": phone}, "location": {"township": "jiangna"}
        }))
        .unwrap();
        tk.execute(e, &Actor::command_center(), &reg, t(at)).unwrap();
        tk.execute(e, &Actor::command_center(), &Command::Dispatch { decision: ClassificationDecision::new(category, AppealType::Complaint) }, t(at)).unwrap();
        let lead = tk.lead().unwrap().unit.clone();
        Script { e, t: tk, lead }
    }
    fn cc(&mut self, c: Command, at: &str) -> &mut Self {
        self.t.execute(self.e, &Actor::command_center(), &c, t(at)).unwrap();
        self
    }
    fn unit(&mut self, unit: &str, c: Command, at: &str) -> &mut Self {
        self.t.execute(self.e, &Actor::unit(unit), &c, t(at)).unwrap();
        self
    }
    fn lead(&mut self, c: Command, at: &str) -> &mut Self {
        let u = self.lead.clone();
        self.unit(&u, c, at)
    }
    fn handle(&mut self, ack: &str, contact: &str) -> &mut Self {
        self.lead(Command::Acknowledge {}, ack).lead(Command::ContactRequester { note: String::new() }, contact)
    }
    fn report(&mut self, at: &str, solved: bool) -> &mut Self {
        let report =
            Report { result: "已办理".into(), answered_at: Some(t(at)), evidence: vec!["e.jpg".into()], approved_by: Some("王局长".into()), solved };
        self.lead(Command::SubmitReport { report }, at).cc(Command::ReviewReport { accept: true, reason: None, note: String::new() }, at)
    }
    fn callback(&mut self, outcome: CallbackOutcome, solved: bool, at: &str) -> &mut Self {
        self.cc(Command::RecordCallback { outcome, solved, note: String::new() }, at)
    }
}

fn fixture(e: &Engine) -> (Vec<Ticket>, String) {
    let (cat, lead) = simple_category(e);
    let mut out = Vec::new();
    // T1: on time throughout, satisfied and solved.
    let mut s = Script::new(e, "T1", &cat, "2026-03-02T09:00:00+08:00", "13800000001");
    s.handle("2026-03-02T09:30:00+08:00", "2026-03-02T10:00:00+08:00").report("2026-03-04T10:00:00+08:00", true);
    s.callback(CallbackOutcome::Satisfied, true, "2026-03-05T10:00:00+08:00").cc(Command::Close {}, "2026-03-05T11:00:00+08:00");
    out.push(s.t);
    // T2: acknowledged after 24 h (response late), reported after the deadline (03-09 24:00),
    // basically satisfied and solved.
    let mut s = Script::new(e, "T2", &cat, "2026-03-02T09:00:00+08:00", "13800000002");
    s.handle("2026-03-03T10:00:00+08:00", "2026-03-03T10:30:00+08:00").report("2026-03-10T09:00:00+08:00", true);
    s.callback(CallbackOutcome::BasicallySatisfied, true, "2026-03-11T10:00:00+08:00").cc(Command::Close {}, "2026-03-11T11:00:00+08:00");
    out.push(s.t);
    // T3: on time, dissatisfied, judged unreasonable: excluded from resolution and satisfaction.
    let mut s = Script::new(e, "T3", &cat, "2026-03-03T09:00:00+08:00", "13800000003");
    s.handle("2026-03-03T09:20:00+08:00", "2026-03-03T09:40:00+08:00").report("2026-03-05T10:00:00+08:00", false);
    s.callback(CallbackOutcome::Dissatisfied, false, "2026-03-06T10:00:00+08:00");
    s.cc(Command::JudgeDissatisfaction { judgement: Judgement::Unreasonable { explanation: "超出政策范围".into() } }, "2026-03-06T15:00:00+08:00");
    out.push(s.t);
    // T4: on time, requester unreachable: no valid callback.
    let mut s = Script::new(e, "T4", &cat, "2026-03-04T09:00:00+08:00", "13800000004");
    s.handle("2026-03-04T09:10:00+08:00", "2026-03-04T09:20:00+08:00").report("2026-03-06T10:00:00+08:00", true);
    s.callback(CallbackOutcome::Unreachable, false, "2026-03-09T10:00:00+08:00").cc(Command::Close {}, "2026-03-09T11:00:00+08:00");
    out.push(s.t);
    // T5: never acknowledged: response and completion breached.
    let s = Script::new(e, "T5", &cat, "2026-03-05T09:00:00+08:00", "13800000005");
    out.push(s.t);
    (out, lead)
}

#[test]
fn hand_computed_unit_rates_and_score() {
    let e = Engine::default_engine();
    let (tickets, lead) = fixture(&e);
    let a = assess(&tickets, &AssessmentOptions::new(Period::month(2026, 3).unwrap()));
    assert_eq!(a.groups.len(), 1);
    let g = &a.groups[0];
    assert_eq!(g.key, lead);
    assert_eq!(g.dispatched, 5);
    // Response: T1, T3, T4 in time; T2 late; T5 never.
    assert_eq!((g.response_rate.numerator, g.response_rate.denominator), (3.0, 5));
    assert_eq!(g.acknowledged_on_time, 3);
    // Completion: T1, T3, T4 met; T2 met late; T5 breached at the period's end.
    assert_eq!((g.on_time_completion_rate.numerator, g.on_time_completion_rate.denominator), (3.0, 5));
    assert_eq!(g.overdue_count, 2);
    // Resolution: valid callbacks T1, T2 (T3 unreasonable, T4 unreachable, T5 none), both solved.
    assert_eq!((g.resolution_rate.numerator, g.resolution_rate.denominator), (2.0, 2));
    // Satisfaction: (1 + 0.9) / 2.
    assert_eq!(g.satisfaction_rate.denominator, 2);
    assert!((g.satisfaction_rate.numerator - 1.9).abs() < 1e-12);
    assert!((g.satisfaction_rate.value.unwrap() - 0.95).abs() < 1e-12);
    assert_eq!(g.unreasonable_count, 1);
    assert_eq!((g.return_rate.numerator, g.return_rate.denominator), (0.0, 5));
    assert_eq!(g.extension_rate.numerator, 0.0);
    assert_eq!(g.rework_rate.numerator, 0.0);
    // Score: 100 × (0.1 × 0.6 + 0.5 × 1.0 + 0.4 × 0.95) = 94.
    assert!((g.score.unwrap() - 94.0).abs() < 1e-9, "{:?}", g.score);
    assert_eq!(g.rank, Some(1));
}

#[test]
fn weights_and_satisfaction_formula_are_configuration() {
    let e = Engine::default_engine();
    let (tickets, _) = fixture(&e);
    let mut o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    o.basically_satisfied_weight = 0.5;
    o.weights.response = 0.0;
    o.weights.resolution = 0.0;
    o.weights.satisfaction = 1.0;
    let g = &assess(&tickets, &o).groups[0];
    assert!((g.satisfaction_rate.value.unwrap() - 0.75).abs() < 1e-12);
    assert!((g.score.unwrap() - 75.0).abs() < 1e-9);
    assert!(AssessmentOptions::from_json(r#"{"period":{"from":"2026-03-01T00:00:00+08:00","to":"2026-04-01T00:00:00+08:00"},"weights":{"response":2.0}}"#)
        .unwrap_err()
        .is_validation());
}

#[test]
fn a_deadline_at_24_00_of_the_last_day_counts_in_the_period() {
    let e = Engine::default_engine();
    let (cat, _) = simple_category(&e);
    // Dispatched Tuesday 03-24: 5 working days end at 24:00 on Tuesday 03-31.
    let mut s = Script::new(&e, "B1", &cat, "2026-03-24T10:00:00+08:00", "13900000001");
    s.handle("2026-03-24T10:30:00+08:00", "2026-03-24T11:00:00+08:00");
    let due = s.t.completion().unwrap().due_at;
    assert_eq!(due, t("2026-04-01T00:00:00+08:00"));
    let march = assess(std::slice::from_ref(&s.t), &AssessmentOptions::new(Period::month(2026, 3).unwrap()));
    assert_eq!(march.groups[0].on_time_completion_rate.denominator, 1, "breached at 24:00 of 03-31, counted in March");
    assert_eq!(march.groups[0].overdue_count, 1);
    let april = assess(std::slice::from_ref(&s.t), &AssessmentOptions::new(Period::month(2026, 4).unwrap()));
    assert!(april.groups.is_empty(), "neither dispatched nor due in April");
    // Met one second before 24:00: on time.
    let mut s2 = Script::new(&e, "B2", &cat, "2026-03-24T10:00:00+08:00", "13900000002");
    s2.handle("2026-03-24T10:30:00+08:00", "2026-03-24T11:00:00+08:00").report("2026-03-31T23:59:59+08:00", true);
    let m = assess(std::slice::from_ref(&s2.t), &AssessmentOptions::new(Period::month(2026, 3).unwrap()));
    assert_eq!(m.groups[0].on_time_completion_rate.numerator, 1.0);
    // Dispatched at the period's first instant counts; at its end does not.
    let s3 = Script::new(&e, "B3", &cat, "2026-03-01T00:00:00+08:00", "13900000003");
    let s4 = Script::new(&e, "B4", &cat, "2026-04-01T00:00:00+08:00", "13900000004");
    let m = assess(&[s3.t, s4.t], &AssessmentOptions::new(Period::month(2026, 3).unwrap()));
    assert_eq!(m.groups[0].dispatched, 1);
}

#[test]
fn multi_unit_tickets_count_for_each_unit_or_the_lead_only() {
    let e = Engine::default_engine();
    let c = e.guide().leaves().find(|c| !c.routing.by_location && !c.routing.responsible.is_empty() && !c.routing.cooperating.is_empty()).unwrap();
    let s = Script::new(&e, "M1", &c.code, "2026-03-02T09:00:00+08:00", "13700000001");
    let units: Vec<String> = s.t.assignments().iter().map(|a| a.unit.clone()).collect();
    assert!(units.len() >= 3);
    // By default only the lead unit counts (what a county's assessment office ranks).
    let mut o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    let lead = assess(std::slice::from_ref(&s.t), &o);
    assert_eq!(lead.groups.len(), 1);
    assert_eq!(lead.groups[0].key, units[0]);
    o.roles = RoleCounting::All;
    let all = assess(std::slice::from_ref(&s.t), &o);
    assert_eq!(all.groups.len(), units.len());
    assert!(all.groups.iter().all(|g| g.dispatched == 1));
    // Other groupings count the ticket once.
    for by in [GroupBy::Township, GroupBy::Category, GroupBy::Domain] {
        o.group_by = by;
        let a = assess(std::slice::from_ref(&s.t), &o);
        assert_eq!(a.groups.len(), 1, "{by:?}");
        assert_eq!(a.groups[0].dispatched, 1);
    }
}

#[test]
fn returns_count_for_the_unit_that_asked() {
    let e = Engine::default_engine();
    let (cat, lead) = simple_category(&e);
    let other = e.guide().units().iter().find(|u| u.id != lead && u.kind == jiesu::guide::UnitKind::Department).unwrap().id.clone();
    let mut s = Script::new(&e, "R1", &cat, "2026-03-02T09:00:00+08:00", "13600000001");
    s.lead(
        Command::RequestReturn { reason: "不属于本单位职责".into(), evidence: vec!["职责清单.pdf".into()], suggested_unit: other.clone() },
        "2026-03-02T10:00:00+08:00",
    );
    s.cc(
        Command::DecideReturn {
            approve: true,
            reason: "改派".into(),
            assignments: Some(vec![jiesu::guide::Assignment { unit: other.clone(), role: jiesu::guide::AssignmentRole::Lead }]),
        },
        "2026-03-02T11:00:00+08:00",
    );
    let a = assess(std::slice::from_ref(&s.t), &AssessmentOptions::new(Period::month(2026, 3).unwrap()));
    let g_old = a.groups.iter().find(|g| g.key == lead).unwrap();
    let g_new = a.groups.iter().find(|g| g.key == other).unwrap();
    assert_eq!((g_old.return_rate.numerator, g_old.return_rate.denominator), (1.0, 1));
    assert_eq!((g_new.return_rate.numerator, g_new.return_rate.denominator), (0.0, 1));
}

#[test]
fn bulletin_has_totals_and_no_requester_data() {
    let e = Engine::default_engine();
    let (tickets, _) = fixture(&e);
    let b = bulletin(&tickets, e.guide(), BulletinKind::Monthly, Period::month(2026, 3).unwrap(), None);
    assert_eq!(b.totals.received, 5);
    assert_eq!(b.totals.dispatched, 5);
    assert_eq!(b.totals.overdue, 2);
    assert_eq!(b.overdue.len(), 2);
    // Not even masked: a bulletin is read and printed beyond the people handling the ticket.
    let json = serde_json::to_string(&b).unwrap();
    for text in [b.to_markdown(), b.to_html(), json] {
        for personal in ["13800000005", "138****0005", "张三", "张*"] {
            assert!(!text.contains(personal), "{personal} shown");
        }
        assert!(!text.contains("requester") && !text.contains("诉求人"));
    }
    let w = bulletin(&tickets, e.guide(), BulletinKind::Weekly, Period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()).unwrap(), None);
    assert_eq!(w.totals.received, 5);
}

#[test]
fn tickets_rebuild_from_a_json_lines_log() {
    let e = Engine::default_engine();
    let (tickets, _) = fixture(&e);
    // Interleave the tickets' events as a platform's log would.
    let mut lines: Vec<(DateTime<FixedOffset>, u64, String)> = Vec::new();
    for tk in &tickets {
        for ev in tk.events() {
            lines.push((ev.at, ev.seq, serde_json::to_string(ev).unwrap()));
        }
    }
    lines.sort_by_key(|l| (l.0, l.1));
    let text: String = lines.into_iter().map(|l| l.2 + "\n").collect();
    let rebuilt = tickets_from_jsonl(&text).unwrap();
    assert_eq!(rebuilt.len(), tickets.len());
    for tk in &tickets {
        assert!(rebuilt.contains(tk));
    }
    // A tampered line is refused with its line number.
    let bad = text.replacen("测试诉求", "篡改内容", 1);
    let err = tickets_from_jsonl(&bad).unwrap_err();
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn a_ticket_given_twice_is_refused_in_lists_and_logs_with_the_same_words() {
    let e = Engine::default_engine();
    let (tickets, _) = fixture(&e);
    assert!(jiesu::assessment::check_distinct(&tickets).is_ok());
    // The ticket again, or an older snapshot of it (its first two events).
    let mut snapshot = Ticket::new();
    for ev in &tickets[1].events()[..2] {
        snapshot.apply(ev).unwrap();
    }
    let words = r#"ticket "T2" is given twice"#;
    for extra in [tickets[1].clone(), snapshot.clone()] {
        let mut list = tickets.clone();
        list.push(extra);
        let err = jiesu::assessment::check_distinct(&list).unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("tickets[5].ticket_id"));
        assert!(err.message().starts_with(&format!("tickets[5]: {words} (also tickets[1])")), "{err}");
    }
    // The log form: the history of T2 starting again.
    let mut text = String::new();
    for tk in tickets.iter().chain([&snapshot]) {
        for ev in tk.events() {
            text += &(serde_json::to_string(ev).unwrap() + "\n");
        }
    }
    let line = tickets.iter().map(|tk| tk.events().len()).sum::<usize>() + 1;
    let err = tickets_from_jsonl(&text).unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some(format!("line {line}: ticket_id").as_str()));
    assert!(err.message().starts_with(&format!("event log line {line}: {words}")), "{err}");
}
