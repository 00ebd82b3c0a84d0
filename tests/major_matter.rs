//! Major matters reported up level by level (R-SCOPE-5, issue 20): `report_up` to the task
//! force and on to the leading group, `decide_major_matter` taking it (instruction, added
//! units, new deadline) or sending it back; the units' clocks paused while the matter is
//! upstairs and moved by that time when the level decides; escalation warning a level that
//! has not decided and never urging a unit for time spent upstairs; replay enforcing it all.

mod common;

use common::*;
use jiesu::guide::AssignmentRole;
use jiesu::ticket::{ClockStatus, Command, MatterKind, MatterLevel, MatterStanding, Role, Status, Ticket};

const REPORTED: &str = "2026-03-03T10:00:00+08:00"; // a Tuesday

fn report_up(kind: MatterKind) -> Command {
    Command::ReportUp { kind, reason: "涉及全县供水管网改造，需县级统筹".into() }
}

fn take(units: &[&str], due_at: Option<&str>) -> Command {
    Command::DecideMajorMatter {
        take: true,
        instruction: "由专班牵头协调，财政保障资金".into(),
        explanation: String::new(),
        units: units.iter().map(|u| u.to_string()).collect(),
        due_at: due_at.map(t),
    }
}

fn send_back() -> Command {
    Command::DecideMajorMatter {
        take: false, instruction: String::new(), explanation: "属单位职责范围，请按原渠道办理".into(), units: vec![], due_at: None
    }
}

/// Dispatched on Monday 2026-03-02 09:30 to the lead unit, acknowledged and contacted.
fn handling(id: &str) -> (Ticket, String) {
    let cat = normal_cat();
    let lead = lead_of(cat);
    let mut tk = dispatched(id, cat, "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00");
    step(&mut tk, &unit(&lead), &jiesu::ticket::Command::Acknowledge {}, "2026-03-02T10:00:00+08:00", &["acknowledged"]);
    step(&mut tk, &unit(&lead), &contact(), "2026-03-02T11:00:00+08:00", &["requester_contacted"]);
    (tk, lead)
}

#[test]
fn the_lead_units_leader_reports_up_and_the_task_force_takes_it_with_units_and_clocks_moved() {
    let (mut tk, lead) = handling("YS-M1");
    let due_before = tk.completion().unwrap().due_at;
    assert_eq!(due_before, t("2026-03-10T00:00:00+08:00"));
    step(&mut tk, &leader(&lead), &report_up(MatterKind::Major), REPORTED, &["reported_up"]);
    let m = tk.major_matter().unwrap();
    assert_eq!(
        (m.level, m.standing, m.raised_by, m.raised_by_unit.as_deref()),
        (MatterLevel::TaskForce, MatterStanding::Pending, Role::UnitLeader, Some(&*lead))
    );
    // Three working days to decide (Wed, Thu, Fri), ending at midnight.
    assert_eq!(m.decide_by, t("2026-03-07T00:00:00+08:00"));
    assert_eq!(tk.completion().unwrap().status_at(t("2026-03-04T00:00:00+08:00")), ClockStatus::Paused);
    // Taken on Thursday: two working days upstairs, added back to the completion deadline.
    let events = step(&mut tk, &of(Role::TaskForce), &take(&[UNASSIGNED], None), "2026-03-05T10:00:00+08:00", &["major_matter_taken"]);
    assert_eq!(tk.completion().unwrap().due_at, t("2026-03-12T00:00:00+08:00"));
    assert_eq!(tk.completion().unwrap().status_at(t("2026-03-11T12:00:00+08:00")), ClockStatus::Running);
    let added = tk.assignment(UNASSIGNED).unwrap();
    assert_eq!((added.role, added.assigned_at), (AssignmentRole::Cooperating, t("2026-03-05T10:00:00+08:00")));
    assert_eq!(added.response.started_at, t("2026-03-05T10:00:00+08:00"));
    let m = tk.major_matter().unwrap();
    assert_eq!((m.standing, m.decision.as_deref()), (MatterStanding::Taken, Some("由专班牵头协调，财政保障资金")));
    let json = serde_json::to_value(&events[0]).unwrap();
    assert_eq!((json["type"].as_str(), json["level"].as_str()), (Some("major_matter_taken"), Some("task_force")));
    // The history is the source of truth: replay rebuilds the same ticket.
    assert_eq!(Ticket::replay(tk.events()).unwrap(), tk);
    // The view shows it.
    let view = serde_json::to_value(tk.state_view(ENGINE.guide(), t("2026-03-05T11:00:00+08:00"))).unwrap();
    assert_eq!(view["major_matter"]["standing"], "taken");
    assert_eq!(view["flags"]["major_matter_pending"], false);
}

#[test]
fn a_new_deadline_from_the_level_replaces_the_moved_one() {
    let (mut tk, lead) = handling("YS-M2");
    step(&mut tk, &leader(&lead), &report_up(MatterKind::HotDifficult), REPORTED, &["reported_up"]);
    step(&mut tk, &of(Role::TaskForce), &take(&[], Some("2026-03-31T00:00:00+08:00")), "2026-03-04T10:00:00+08:00", &["major_matter_taken"]);
    assert_eq!(tk.completion().unwrap().due_at, t("2026-03-31T00:00:00+08:00"));
    let err = refuse(
        &{
            let (mut other, lead) = handling("YS-M2b");
            step(&mut other, &leader(&lead), &report_up(MatterKind::Major), REPORTED, &["reported_up"]);
            other
        },
        &of(Role::TaskForce),
        &take(&[], Some("2026-03-01T00:00:00+08:00")),
        "2026-03-04T10:00:00+08:00",
    );
    assert_eq!(err.field(), Some("due_at"), "{err}");
}

#[test]
fn the_task_force_passes_it_on_and_the_leading_group_sends_it_back() {
    let (mut tk, _) = handling("YS-M3");
    step(&mut tk, &cc(), &report_up(MatterKind::HotDifficult), REPORTED, &["reported_up"]);
    // The leading group cannot decide what waits for the task force.
    let err = refuse(&tk, &of(Role::LeadingGroup), &send_back(), "2026-03-04T09:00:00+08:00");
    assert!(err.is_permission_denied(), "{err}");
    step(&mut tk, &of(Role::TaskForce), &report_up(MatterKind::Major), "2026-03-04T09:00:00+08:00", &["reported_up"]);
    let m = tk.major_matter().unwrap();
    assert_eq!((m.level, m.standing, m.raised_by, m.raised_at), (MatterLevel::LeadingGroup, MatterStanding::Pending, Role::CommandCenter, t(REPORTED)));
    // The clocks stay paused since the first report.
    assert_eq!(m.paused_since, Some(t(REPORTED)));
    // The task force no longer holds it.
    assert!(refuse(&tk, &of(Role::TaskForce), &send_back(), "2026-03-04T10:00:00+08:00").is_permission_denied());
    step(&mut tk, &of(Role::LeadingGroup), &send_back(), "2026-03-06T09:00:00+08:00", &["major_matter_sent_back"]);
    let m = tk.major_matter().unwrap();
    assert_eq!((m.level, m.standing), (MatterLevel::LeadingGroup, MatterStanding::SentBack));
    // Three working days upstairs (Tue → Fri).
    assert_eq!(tk.completion().unwrap().due_at, t("2026-03-13T00:00:00+08:00"));
    assert_eq!(Ticket::replay(tk.events()).unwrap(), tk);
    // Sent back, the matter is held by no one: the unit's leader may report it up again.
    let lead = tk.lead().unwrap().unit.clone();
    step(&mut tk, &leader(&lead), &report_up(MatterKind::Major), "2026-03-06T10:00:00+08:00", &["reported_up"]);
    assert_eq!(tk.major_matter().unwrap().raised_at, t("2026-03-06T10:00:00+08:00"));
}

#[test]
fn who_may_report_up_and_decide() {
    let (tk, lead) = handling("YS-M4");
    let at = REPORTED;
    let up = report_up(MatterKind::Major);
    // The unit itself (not its leader), the supervision office, the leading group, and the
    // task force holding nothing may not report up.
    for who in [unit(&lead), of(Role::SupervisionOffice), of(Role::LeadingGroup), of(Role::TaskForce)] {
        let err = refuse(&tk, &who, &up, at);
        assert!(err.is_permission_denied(), "{who:?}: {err}");
        assert_eq!(err.rule(), Some("R-SCOPE-5"), "{err}");
    }
    // Nobody decides when nothing was reported up.
    for who in [cc(), of(Role::TaskForce), of(Role::LeadingGroup)] {
        assert!(refuse(&tk, &who, &send_back(), at).is_permission_denied(), "{who:?}");
    }
    let mut tk = tk;
    step(&mut tk, &leader(&lead), &up, at, &["reported_up"]);
    // Once pending with the task force: the command center does not decide, nor report again.
    assert!(refuse(&tk, &cc(), &send_back(), "2026-03-03T11:00:00+08:00").is_permission_denied());
    let err = refuse(&tk, &cc(), &up, "2026-03-03T11:00:00+08:00");
    assert!(err.is_invalid_transition(), "{err}");
    assert!(err.message().contains("already waits for the task_force"), "{err}");
}

#[test]
fn while_the_matter_is_upstairs_the_deadline_cannot_move_and_the_ticket_cannot_leave_the_unit() {
    let (mut tk, lead) = handling("YS-M5");
    step(&mut tk, &leader(&lead), &report_up(MatterKind::Major), REPORTED, &["reported_up"]);
    let later = "2026-03-04T09:00:00+08:00";
    let before = serde_json::to_string(&tk).unwrap();
    let cases: Vec<(jiesu::ticket::Actor, Command)> = vec![
        (unit(&lead), submit("2026-03-04T08:00:00+08:00")),
        (unit(&lead), Command::RequestExtension { reason: "需协调".into(), requested_due_at: t("2026-03-20T00:00:00+08:00") }),
        (cc(), Command::Suspend { reason: "等待鉴定".into() }),
        (cc(), Command::Reassign { assignments: vec![assignment(UNASSIGNED, AssignmentRole::Lead)] }),
    ];
    for (who, cmd) in cases {
        let err = refuse(&tk, &who, &cmd, later);
        assert_eq!(err.rule(), Some("R-SCOPE-5"), "{}: {err}", cmd.name());
        assert!(err.message().contains("waits for the task_force's decision"), "{err}");
    }
    assert_eq!(serde_json::to_string(&tk).unwrap(), before);
    // Work goes on: progress and urging are accepted.
    step(&mut tk, &unit(&lead), &Command::AddProgress { note: "已摸排管网".into() }, later, &["progress_added"]);
    // Deciding needs its text: an instruction to take it, an explanation to send it back.
    let mut bare = take(&[], None);
    if let Command::DecideMajorMatter { instruction, .. } = &mut bare {
        instruction.clear();
    }
    assert_eq!(refuse(&tk, &of(Role::TaskForce), &bare, later).field(), Some("instruction"));
    let with_units =
        Command::DecideMajorMatter { take: false, instruction: String::new(), explanation: "退回".into(), units: vec![UNASSIGNED.into()], due_at: None };
    assert_eq!(refuse(&tk, &of(Role::TaskForce), &with_units, later).field(), Some("units"));
    // A unit already assigned is not added twice; an unknown one is refused.
    assert!(refuse(&tk, &of(Role::TaskForce), &take(&[&lead], None), later).message().contains("assigned twice"));
    assert_eq!(refuse(&tk, &of(Role::TaskForce), &take(&["no_such_unit"], None), later).field(), Some("units[0]"));
}

#[test]
fn escalation_warns_the_level_and_never_urges_a_unit_for_time_upstairs() {
    let (mut tk, lead) = handling("YS-M6");
    step(&mut tk, &leader(&lead), &report_up(MatterKind::Major), REPORTED, &["reported_up"]);
    // After the original completion deadline (03-10) and the level's limit (03-07).
    let now = t("2026-03-11T09:00:00+08:00");
    let rules: Vec<String> = ENGINE.evaluate(&tk, now).alerts.iter().map(|a| a.rule.clone()).collect();
    assert_eq!(rules, ["major_matter.task_force.undecided"]);
    let alert = &ENGINE.evaluate(&tk, now).alerts[0];
    assert_eq!(alert.due_since, t("2026-03-07T00:00:00+08:00"));
    assert!(alert.message.contains("2026-03-07T00:00:00+08:00"), "{}", alert.message);
    // Recorded once, raised once.
    for e in ENGINE.record_alerts(&tk, &ENGINE.evaluate(&tk, now).alerts, now).unwrap() {
        tk.apply(&e).unwrap();
    }
    assert!(ENGINE.evaluate(&tk, now).alerts.is_empty());
    // Taken on 03-12: seven working days upstairs (03-03 → 03-12); the deadline moves from
    // 03-10 to 03-19 and no urging is due before it.
    step(&mut tk, &of(Role::TaskForce), &take(&[], None), "2026-03-12T09:00:00+08:00", &["major_matter_taken"]);
    assert_eq!(tk.completion().unwrap().due_at, t("2026-03-19T00:00:00+08:00"));
    let alerts = ENGINE.evaluate(&tk, t("2026-03-18T23:00:00+08:00")).alerts;
    assert!(alerts.iter().all(|a| !a.rule.contains("urging") && !a.rule.contains("supervision")), "{alerts:?}");
    let late = ENGINE.evaluate(&tk, t("2026-03-19T09:00:00+08:00")).alerts;
    assert!(late.iter().any(|a| a.rule == "completion.urging"), "{late:?}");
}

#[test]
fn a_forged_decision_is_refused_by_replay() {
    let (mut tk, lead) = handling("YS-M7");
    step(&mut tk, &leader(&lead), &report_up(MatterKind::Major), REPORTED, &["reported_up"]);
    step(&mut tk, &of(Role::TaskForce), &take(&[], None), "2026-03-04T09:00:00+08:00", &["major_matter_taken"]);
    // The lead unit's leader records the task force's decision itself, re-hashed.
    let mut forged = tk.events().to_vec();
    let last = forged.len() - 1;
    forged[last].actor = leader(&lead);
    forged[last].hash = jiesu::ticket::compute_hash(&forged[last]).unwrap();
    assert!(jiesu::ticket::verify(&forged).intact);
    let err = Ticket::replay(&forged).unwrap_err();
    assert!(err.is_permission_denied(), "{err}");
    assert!(err.message().starts_with(&format!("events[{last}]: event major_matter_taken must be recorded by ")), "{err}");
    // A report up dated into the level's limit, or to the wrong level, is refused too.
    let mut wrong_level = tk.events()[..last].to_vec();
    let i = wrong_level.len() - 1;
    if let jiesu::ticket::EventBody::ReportedUp { level, .. } = &mut wrong_level[i].body {
        *level = MatterLevel::LeadingGroup;
    }
    wrong_level[i].hash = jiesu::ticket::compute_hash(&wrong_level[i]).unwrap();
    let err = Ticket::replay(&wrong_level).unwrap_err();
    assert_eq!(err.rule(), Some("R-SCOPE-5"), "{err}");
    assert!(err.message().starts_with(&format!("events[{i}]: ")), "{err}");
    assert_eq!(tk.status(), Some(Status::InProgress));
}
