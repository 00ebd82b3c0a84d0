//! The ticket benches' script: one complaint's full lifecycle, ten commands from `register`
//! to `archive`, shared by `benches/ticket.rs` (criterion) and `benches/ticket_instructions.rs`
//! (instruction counts).

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::ticket::{Actor, CallbackOutcome, Command, Report};

/// The commands of lifecycle `n` (ticket id `YS-{n}`), with their actors and instants.
pub fn lifecycle(engine: &Engine, n: usize) -> Vec<(Actor, Command, DateTime<FixedOffset>)> {
    let leaf = engine.guide().leaves().find(|c| !c.routing.by_location && c.routing.responsible.is_empty()).unwrap();
    let lead = engine.guide().classify(&ClassificationDecision::new(&leaf.code, AppealType::Complaint)).unwrap().assignments[0].unit.clone();
    let t0 = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    let at = |m: i64| t0 + TimeDelta::minutes(m);
    let cc = Actor::command_center();
    let unit = Actor::unit(&lead);
    vec![
        (
            cc.clone(),
            Command::Register {
                id: format!("YS-{n}"),
                channel: Default::default(),
                appeal_type: AppealType::Complaint,
                content: "小区路灯坏了一个多月".into(),
                requester: Default::default(),
                location: Default::default(),
            },
            at(0),
        ),
        (cc.clone(), Command::Dispatch { decision: ClassificationDecision::new(&leaf.code, AppealType::Complaint) }, at(5)),
        (unit.clone(), Command::Acknowledge {}, at(30)),
        (unit.clone(), Command::ContactRequester { note: "已电话联系".into() }, at(40)),
        (unit.clone(), Command::AddProgress { note: "已派人现场查看".into() }, at(600)),
        (
            unit.clone(),
            Command::SubmitReport {
                report: Report {
                    result: "已更换灯具".into(),
                    answered_at: Some(at(1400)),
                    evidence: vec!["photo.jpg".into()],
                    approved_by: Some("王局长".into()),
                    solved: true,
                },
            },
            at(1440),
        ),
        (cc.clone(), Command::ReviewReport { accept: true, reason: None, note: String::new() }, at(1500)),
        (cc.clone(), Command::RecordCallback { outcome: CallbackOutcome::Satisfied, solved: true, note: String::new() }, at(2000)),
        (cc.clone(), Command::Close {}, at(2010)),
        (cc, Command::Archive {}, at(2020)),
    ]
}
