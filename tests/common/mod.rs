//! Shared fixtures of the ticket suites (`tests/ticket.rs`, `tests/ticket_props.rs`): the
//! default engine, the four kinds of categories the scenarios need, actors, commands and
//! helpers that run a command and check that a refused one changes nothing.

#![allow(dead_code)]

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, AssignmentRole, Category, ClassificationDecision, Location};
use jiesu::sla::{HandlingClass, Urgency};
use jiesu::ticket::{Actor, Channel, Command, Event, Report, Requester, Role, Ticket};
use jiesu::Error;

/// The default engine: CN calendar (strict, 2004–2026), default SLA policy, Yanshan guide.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::default_engine);

/// The requester of every fixture ticket (personal data that must never leak).
pub const NAME: &str = "张三丰";
pub const PHONE: &str = "13812345678";
/// A township of the default guide (the location of fixture tickets).
pub const TOWNSHIP: &str = "jiangna";
/// A unit of the guide assigned to none of the fixture categories.
pub const UNASSIGNED: &str = "finance";

pub fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("bad instant {s}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// categories of the default guide

fn leaf(what: &str, pred: impl Fn(&Category) -> bool) -> &'static Category {
    ENGINE.guide().leaves().find(|c| pred(c)).unwrap_or_else(|| panic!("the default guide has no {what} leaf category"))
}

/// A normal category with one lead unit and no other units.
pub fn normal_cat() -> &'static Category {
    static C: LazyLock<&'static Category> = LazyLock::new(|| {
        leaf("normal single-lead", |c| {
            c.handling_class == HandlingClass::Normal
                && c.urgency == Urgency::Normal
                && !c.routing.by_location
                && c.routing.lead.is_some()
                && c.routing.responsible.is_empty()
                && c.routing.cooperating.is_empty()
        })
    });
    *C
}

/// A complex category with a lead, responsible and cooperating units.
pub fn complex_cat() -> &'static Category {
    static C: LazyLock<&'static Category> = LazyLock::new(|| {
        leaf("complex multi-unit", |c| {
            c.handling_class == HandlingClass::Complex
                && !c.routing.by_location
                && c.routing.lead.is_some()
                && !c.routing.responsible.is_empty()
                && !c.routing.cooperating.is_empty()
        })
    });
    *C
}

/// A normal category routed by location (the township leads).
pub fn by_location_cat() -> &'static Category {
    static C: LazyLock<&'static Category> =
        LazyLock::new(|| leaf("by-location", |c| c.routing.by_location && c.handling_class == HandlingClass::Normal && c.urgency == Urgency::Normal));
    *C
}

/// An urgent category with a fixed lead.
pub fn urgent_cat() -> &'static Category {
    static C: LazyLock<&'static Category> = LazyLock::new(|| {
        leaf("urgent", |c| c.handling_class == HandlingClass::Urgent && c.urgency == Urgency::Urgent && !c.routing.by_location && c.routing.lead.is_some())
    });
    *C
}

/// The lead unit a category routes to (the fixture township for routing by location).
pub fn lead_of(c: &Category) -> String {
    if c.routing.by_location {
        TOWNSHIP.to_string()
    } else {
        c.routing.lead.clone().unwrap()
    }
}

// ---------------------------------------------------------------------------------------------
// actors

pub fn cc() -> Actor {
    Actor::command_center()
}

pub fn unit(u: &str) -> Actor {
    Actor::unit(u)
}

pub fn leader(u: &str) -> Actor {
    Actor { role: Role::UnitLeader, unit: Some(u.to_string()), user: None }
}

pub fn of(role: Role) -> Actor {
    Actor::of(role)
}

// ---------------------------------------------------------------------------------------------
// commands

pub fn requester() -> Requester {
    Requester { name: Some(NAME.into()), phone: Some(PHONE.into()), requester_key: None }
}

pub fn register(id: &str) -> Command {
    Command::Register {
        id: id.into(),
        channel: Channel::Hotline12345,
        appeal_type: AppealType::Complaint,
        content: "来电人反映：江那镇某小区门口路灯坏了一个多月".into(),
        requester: requester(),
        location: Location::township(TOWNSHIP),
    }
}

pub fn dispatch(c: &Category) -> Command {
    Command::Dispatch { decision: ClassificationDecision::new(&c.code, AppealType::Complaint) }
}

pub fn report(answered_at: &str) -> Report {
    Report {
        result: "已安排维修，路灯恢复正常".into(),
        answered_at: Some(t(answered_at)),
        evidence: vec!["photo-1.jpg".into()],
        approved_by: Some("王局长".into()),
        solved: true,
    }
}

pub fn submit(answered_at: &str) -> Command {
    Command::SubmitReport { report: report(answered_at) }
}

pub fn contact() -> Command {
    Command::ContactRequester { note: "电话联系诉求人".into() }
}

pub fn accept() -> Command {
    Command::ReviewReport { accept: true, reason: None, note: String::new() }
}

pub fn assignment(u: &str, role: AssignmentRole) -> jiesu::guide::Assignment {
    jiesu::guide::Assignment { unit: u.into(), role }
}

// ---------------------------------------------------------------------------------------------
// running commands

/// Handles `cmd` and applies its events; panics with the error when refused.
pub fn run(tk: &mut Ticket, actor: &Actor, cmd: &Command, at: &str) -> Vec<Event> {
    let events = tk.handle(&*ENGINE, actor, cmd, t(at)).unwrap_or_else(|e| panic!("{} by {:?} at {at} refused: {e:?}", cmd.name(), actor));
    for e in &events {
        tk.apply(e).unwrap_or_else(|err| panic!("{} by {:?} at {at}: event {} does not apply: {err:?}", cmd.name(), actor, e.body.name()));
    }
    events
}

/// The event `type` names.
pub fn names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.body.name()).collect()
}

/// Runs `cmd` and checks the names of the events it produced.
pub fn step(tk: &mut Ticket, actor: &Actor, cmd: &Command, at: &str, expected: &[&str]) -> Vec<Event> {
    let events = run(tk, actor, cmd, at);
    assert_eq!(names(&events), expected, "events of {}", cmd.name());
    events
}

/// Expects `cmd` to be refused, and checks that neither `handle` nor `execute` changed the
/// ticket (serialized state byte-identical).
pub fn refuse_at(tk: &Ticket, actor: &Actor, cmd: &Command, now: DateTime<FixedOffset>) -> Error {
    let before = serde_json::to_string(tk).unwrap();
    let err = match tk.handle(&*ENGINE, actor, cmd, now) {
        Ok(events) => panic!("{} by {:?} at {now} was accepted: {:?}", cmd.name(), actor, names(&events)),
        Err(e) => e,
    };
    assert_eq!(serde_json::to_string(tk).unwrap(), before, "handle changed the ticket");
    let mut copy = tk.clone();
    let err2 = copy.execute(&*ENGINE, actor, cmd, now).expect_err("execute accepted what handle refused");
    assert_eq!(err2, err);
    assert_eq!(serde_json::to_string(&copy).unwrap(), before, "a refused execute changed the ticket");
    assert_eq!(&copy, tk);
    err
}

pub fn refuse(tk: &Ticket, actor: &Actor, cmd: &Command, at: &str) -> Error {
    refuse_at(tk, actor, cmd, t(at))
}

/// A registered ticket.
pub fn registered(id: &str, at: &str) -> Ticket {
    let mut tk = Ticket::new();
    step(&mut tk, &cc(), &register(id), at, &["registered"]);
    tk
}

/// A ticket registered 10 minutes before and dispatched at `at` in category `c`.
pub fn dispatched(id: &str, c: &Category, register_at: &str, at: &str) -> Ticket {
    let mut tk = registered(id, register_at);
    step(&mut tk, &cc(), &dispatch(c), at, &["dispatched"]);
    tk
}

/// Every history stored under `tests/data` (contract histories, forged and honest ones, the
/// keyed chain's): each JSON array of objects with a `hash` that reads as events, named by
/// file and key.
pub fn data_histories() -> Vec<(String, Vec<Event>)> {
    fn walk(name: &str, v: &serde_json::Value, out: &mut Vec<(String, Vec<Event>)>) {
        match v {
            serde_json::Value::Array(items) if !items.is_empty() && items.iter().all(|i| i.get("hash").is_some()) => {
                if let Ok(h) = jiesu::ticket::history_from_values(items.clone()) {
                    out.push((name.to_string(), h));
                }
            }
            serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| walk(&format!("{name}[{i}]"), x, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| walk(&format!("{name}.{k}"), x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let name = path.display().to_string();
            if path.is_dir() {
                dirs.push(path);
            } else if name.ends_with(".jsonl") {
                if let Ok(h) = jiesu::ticket::parse_history(&std::fs::read_to_string(&path).unwrap()) {
                    out.push((name, h));
                }
            } else if name.ends_with(".json") {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap()) {
                    walk(&name, &v, &mut out);
                }
            }
        }
    }
    out
}
