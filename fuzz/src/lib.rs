//! The entry points of jiesu's fuzz targets, shared by the targets (`fuzz/fuzz_targets/*.rs`)
//! and by the regression test (`tests/fuzz_regressions.rs` includes this file with `#[path]`),
//! so a crash input replays through exactly the code that found it.
//!
//! Every target takes arbitrary bytes. Most read a selector byte first (which format, which
//! fixture ticket, which actor) and the rest as text. A target only *returns*: an error from
//! jiesu is a fine outcome; a panic, an abort, a stack overflow or a broken invariant (an
//! `assert!` below) is a crash.
//!
//! | target               | entry points                                                        |
//! |----------------------|---------------------------------------------------------------------|
//! | `calendar`           | `Calendar::from_toml/from_json`, `CalendarData` + `with_overlay`, then day and working-time arithmetic |
//! | `guide`              | `Guide::from_toml/from_json`, then `suggest`, `classify`, `township` |
//! | `rules`              | `RuleSet::from_toml/from_json`, then `evaluate`, `evaluate_group`    |
//! | `engine_config`      | `Engine::from_json`, then register/dispatch with that engine         |
//! | `command`            | `serde_json::from_slice::<Command>` + `Ticket::handle` on fixed histories, with chosen actors and instants |
//! | `history`            | `Vec<Event>` JSON → `verify` + `Ticket::replay` (raw, or re-hashed so the chain holds) |
//! | `assessment_jsonl`   | `tickets_from_jsonl` (raw or re-hashed) + `assess` + `bulletin`      |
//! | `assessment_options` | `AssessmentOptions::from_json` + `assess` + `bulletin`               |
//! | `suggest`            | `Guide::suggest` and `normalize` on arbitrary UTF-8                  |
//! | `notice`             | `Notice::parse` (year from the selector byte or the text) + `to_toml`/`to_json` read back, `Calendar::with_notice` |
//! | `keyed`              | a keyed engine's `Engine::verify` (raw, or re-hashed with the public hash, tags kept) and `Engine::verify_archive` |

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use jiesu::assessment::{self, AssessmentOptions, BulletinKind, GroupBy, Period, RoleCounting};
use jiesu::calendar::{self, Calendar, CalendarData, CoveragePolicy, Roll};
use jiesu::engine::Engine;
use jiesu::escalation::{self, RuleSet};
use jiesu::guide::{self, AppealType, ClassificationDecision, Guide, Location};
use jiesu::ticket::{self, Actor, ArchiveFile, ChainKey, Command, Event, Role, Ticket};

/// One fuzz target: its name (the directory of its corpus and regressions) and entry.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, in the order `make fuzz` runs them.
pub const TARGETS: &[Target] = &[
    ("calendar", calendar),
    ("guide", guide),
    ("rules", rules),
    ("engine_config", engine_config),
    ("command", command),
    ("history", history),
    ("assessment_jsonl", assessment_jsonl),
    ("assessment_options", assessment_options),
    ("suggest", suggest),
    ("notice", notice),
    ("keyed", keyed),
];

// ---------------------------------------------------------------------------------------------
// fixtures: engines and ticket histories at every status, built once per process

/// A ticket at some point of its life, with the units an actor may act for.
pub struct Snapshot {
    pub name: &'static str,
    pub ticket: Ticket,
}

pub struct Fixtures {
    /// Default (strict CN), provisional, provisional with close-of-business cut-off.
    pub engines: Vec<Engine>,
    /// Histories at every status (the empty ticket first).
    pub snapshots: Vec<Snapshot>,
    /// The finished version of every fixture ticket (for assessment and escalation).
    pub tickets: Vec<Ticket>,
    pub cn: Calendar,
    pub rules: RuleSet,
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("fixture instant")
}

fn cmd(v: serde_json::Value) -> Command {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("fixture command {v}: {e}"))
}

struct Script<'a> {
    engine: &'a Engine,
    ticket: Ticket,
    snapshots: Vec<Snapshot>,
}

impl Script<'_> {
    fn step(&mut self, actor: Actor, c: serde_json::Value, at: &str) -> &mut Self {
        let command = cmd(c);
        self.ticket
            .execute(self.engine, &actor, &command, t(at))
            .unwrap_or_else(|e| panic!("fixture step {} at {at} on {:?}: {e}", command.name(), self.ticket.status()));
        self
    }
    fn snap(&mut self, name: &'static str) -> &mut Self {
        self.snapshots.push(Snapshot { name, ticket: self.ticket.clone() });
        self
    }
}

fn unit_actor(u: &str) -> Actor {
    Actor::unit(u)
}

fn register_json(id: &str, township: &str) -> serde_json::Value {
    serde_json::json!({"type": "register", "id": id, "appeal_type": "complaint",
        "content": "来电人反映：江那镇××小区门口的路灯坏了一个多月，晚上漆黑一片",
        "requester": {"name": "张三丰", "phone": "13812345678"}, "location": {"township": township}})
}

fn build_fixtures() -> Fixtures {
    build_fixtures_with(Engine::default_engine())
}

/// The fixtures decided by `default` (the default engine, or the keyed one).
fn build_fixtures_with(default: Engine) -> Fixtures {
    let provisional = Engine::from_json(r#"{"schema_version":1,"calendar":{"policy":"provisional"}}"#).expect("provisional engine");
    let cob = Engine::from_json(r#"{"schema_version":1,"calendar":{"policy":"provisional"},"sla":{"cutoff":"close_of_business"}}"#)
        .expect("close-of-business engine");
    let g = default.guide();
    let complex = g
        .leaves()
        .find(|c| {
            c.handling_class == jiesu::sla::HandlingClass::Complex
                && !c.routing.by_location
                && c.routing.lead.is_some()
                && !c.routing.responsible.is_empty()
                && !c.routing.cooperating.is_empty()
        })
        .expect("complex multi-unit leaf");
    let urgent =
        g.leaves().find(|c| c.handling_class == jiesu::sla::HandlingClass::Urgent && !c.routing.by_location && c.routing.lead.is_some()).expect("urgent leaf");
    let by_location = g.leaves().find(|c| c.routing.by_location && c.handling_class == jiesu::sla::HandlingClass::Normal).expect("by-location leaf");
    let lead = complex.routing.lead.clone().unwrap();
    let responsible = complex.routing.responsible[0].clone();
    let cooperating = complex.routing.cooperating[0].clone();
    let cc = Actor::command_center;
    let report = |answered: &str| {
        serde_json::json!({"type": "submit_report", "report": {"result": "已安排维修，路灯恢复正常", "answered_at": answered,
            "evidence": ["photo-1.jpg"], "approved_by": "王局长", "solved": true}})
    };

    let mut s = Script { engine: &default, ticket: Ticket::new(), snapshots: vec![Snapshot { name: "empty", ticket: Ticket::new() }] };
    let mut finished = Vec::new();
    // The complex multi-unit ticket through every status.
    s.step(cc(), register_json("YS-FZ-1", "jiangna"), "2026-03-02T09:00:00+08:00").snap("registered");
    s.step(cc(), serde_json::json!({"type": "dispatch", "decision": {"category": complex.code, "appeal_type": "complaint"}}), "2026-03-02T09:10:00+08:00")
        .snap("dispatched");
    s.step(unit_actor(&lead), serde_json::json!({"type": "acknowledge"}), "2026-03-02T09:20:00+08:00")
        .step(unit_actor(&lead), serde_json::json!({"type": "contact_requester", "note": "电话联系诉求人"}), "2026-03-02T09:30:00+08:00")
        .step(unit_actor(&responsible), serde_json::json!({"type": "acknowledge"}), "2026-03-02T09:40:00+08:00");
    for (i, u) in complex.routing.responsible.iter().enumerate() {
        s.step(unit_actor(u), serde_json::json!({"type": "submit_contribution", "content": "已派员现场查看"}), &format!("2026-03-02T09:5{i}:00+08:00"));
    }
    s.snap("in_progress");
    let due = s.ticket.completion().expect("completion clock").due_at;
    let requested = (due + TimeDelta::days(7)).to_rfc3339();
    s.step(
        unit_actor(&lead),
        serde_json::json!({"type": "request_extension", "reason": "需协调多部门", "requested_due_at": requested}),
        "2026-03-02T10:10:00+08:00",
    )
    .snap("extension_pending")
    .step(cc(), serde_json::json!({"type": "decide_extension", "approve": true, "reason": "同意"}), "2026-03-02T10:20:00+08:00")
    .step(cc(), serde_json::json!({"type": "suspend", "reason": "诉求人外出，无法现场核实"}), "2026-03-02T10:30:00+08:00")
    .snap("suspended")
    .step(cc(), serde_json::json!({"type": "resume"}), "2026-03-03T09:00:00+08:00")
    .step(
        unit_actor(&cooperating),
        serde_json::json!({"type": "request_return", "reason": "不属于本单位职责",
            "evidence": ["三定方案.pdf"], "suggested_unit": "finance"}),
        "2026-03-03T09:10:00+08:00",
    )
    .snap("return_pending")
    .step(cc(), serde_json::json!({"type": "decide_return", "approve": true, "reason": "同意退回"}), "2026-03-03T09:20:00+08:00")
    .step(cc(), serde_json::json!({"type": "urge", "message": "请加快办理"}), "2026-03-03T09:30:00+08:00")
    .step(Actor::of(Role::SupervisionOffice), serde_json::json!({"type": "supervise", "note": "督办"}), "2026-03-03T09:40:00+08:00")
    .step(Actor::of(Role::LeadingGroup), serde_json::json!({"type": "instruct", "instruction": "请尽快解决"}), "2026-03-03T09:50:00+08:00")
    .step(
        Actor::of(Role::TaskForce),
        serde_json::json!({"type": "convene_consultation", "units": [lead, responsible], "note": "会商"}),
        "2026-03-03T10:00:00+08:00",
    )
    .step(cc(), serde_json::json!({"type": "link_duplicate", "linked_ticket_id": "YS-FZ-9"}), "2026-03-03T10:10:00+08:00")
    .snap("coordinated")
    .step(unit_actor(&lead), report("2026-03-04T09:00:00+08:00"), "2026-03-04T10:00:00+08:00")
    .snap("reported")
    .step(cc(), serde_json::json!({"type": "review_report", "accept": true}), "2026-03-04T11:00:00+08:00")
    .snap("awaiting_callback")
    .step(cc(), serde_json::json!({"type": "record_callback", "outcome": "dissatisfied", "solved": false, "note": "仍不亮"}), "2026-03-05T09:00:00+08:00")
    .snap("judging")
    .step(
        cc(),
        serde_json::json!({"type": "judge_dissatisfaction", "judgement": {"judgement": "reasonable", "measures": "更换灯具",
            "responsible_person": "李四"}}),
        "2026-03-05T09:10:00+08:00",
    )
    .snap("reopened")
    .step(unit_actor(&lead), report("2026-03-06T09:00:00+08:00"), "2026-03-06T10:00:00+08:00")
    .step(cc(), serde_json::json!({"type": "review_report", "accept": true}), "2026-03-06T11:00:00+08:00")
    .step(cc(), serde_json::json!({"type": "record_callback", "outcome": "satisfied", "solved": true}), "2026-03-09T09:00:00+08:00")
    .step(cc(), serde_json::json!({"type": "close"}), "2026-03-09T09:10:00+08:00")
    .snap("closed")
    .step(cc(), serde_json::json!({"type": "archive"}), "2026-03-09T09:20:00+08:00")
    .snap("archived");
    finished.push(s.ticket.clone());
    // Declined, answered, urgent, by location.
    s.ticket = Ticket::new();
    s.step(cc(), register_json("YS-FZ-2", "baga"), "2026-03-03T09:00:00+08:00")
        .step(cc(), serde_json::json!({"type": "decline", "reason": "litigation", "guidance": "请向人民法院起诉"}), "2026-03-03T09:05:00+08:00")
        .snap("declined");
    finished.push(s.ticket.clone());
    s.ticket = Ticket::new();
    s.step(cc(), register_json("YS-FZ-3", "baga"), "2026-03-03T10:00:00+08:00")
        .step(cc(), serde_json::json!({"type": "answer_directly", "answer": "已告知办理流程"}), "2026-03-03T10:05:00+08:00")
        .snap("answered");
    finished.push(s.ticket.clone());
    s.ticket = Ticket::new();
    s.step(cc(), register_json("YS-FZ-4", "jiangna"), "2026-03-04T16:00:00+08:00")
        .step(cc(), serde_json::json!({"type": "dispatch", "decision": {"category": urgent.code}}), "2026-03-04T16:10:00+08:00")
        .snap("urgent_dispatched");
    finished.push(s.ticket.clone());
    s.ticket = Ticket::new();
    s.step(cc(), register_json("YS-FZ-5", "jiangna"), "2026-03-05T09:00:00+08:00")
        .step(cc(), serde_json::json!({"type": "dispatch", "decision": {"category": by_location.code}}), "2026-03-05T09:10:00+08:00")
        .snap("by_location_dispatched");
    finished.push(s.ticket.clone());
    let snapshots = std::mem::take(&mut s.snapshots);
    Fixtures { engines: vec![default, provisional, cob], snapshots, tickets: finished, cn: Calendar::cn(), rules: RuleSet::default_rules() }
}

/// The fixtures (built on first use).
pub fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(build_fixtures)
}

/// The secret of the keyed fixtures (found in no output: the `keyed` target checks).
pub const KEYED_SECRET: &[u8] = b"fuzz-chain-key-secret-0123456789";

/// The engine holding [`KEYED_SECRET`] as key `fuzz-1`.
pub fn keyed_engine() -> Engine {
    Engine::default_engine().with_chain_key(ChainKey::new("fuzz-1", KEYED_SECRET).expect("fuzz key")).expect("keyed engine")
}

/// The fixtures decided by the keyed engine (every event tagged; `engines[0]` is that engine).
pub fn keyed_fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(|| build_fixtures_with(keyed_engine()))
}

/// The JSON of a ticket's history (what the C layer's `events_json` holds).
pub fn events_json(t: &Ticket) -> String {
    serde_json::to_string(t.events()).expect("events serialize")
}

/// The actors tried by the `command` target for selector `b` on ticket `tk`.
pub fn actor_for(b: u8, tk: &Ticket) -> Actor {
    let unit_of = |i: usize| tk.assignments().get(i).map(|a| a.unit.clone()).unwrap_or_else(|| "jiangna".into());
    match b % 12 {
        0 => Actor::command_center(),
        1 => Actor::unit(&unit_of(0)),
        2 => Actor::unit(&unit_of(1)),
        3 => Actor::unit(&unit_of(2)),
        4 => Actor { role: Role::UnitLeader, unit: Some(unit_of(0)), user: Some("分管领导".into()) },
        5 => Actor::unit("finance"),
        6 => Actor::of(Role::SupervisionOffice),
        7 => Actor::of(Role::TaskForce),
        8 => Actor::of(Role::LeadingGroup),
        9 => Actor { role: Role::Unit, unit: None, user: None },
        10 => Actor { role: Role::CommandCenter, unit: Some(unit_of(0)), user: Some("operator".into()) },
        _ => Actor::unit("no-such-unit"),
    }
}

/// `now` for the `command` target: the last event's instant (or 2026-03-02 09:00) moved by a
/// signed amount in a unit chosen by `scale`, clamped to chrono's range.
pub fn instant_for(tk: &Ticket, scale: u8, amount: i32) -> DateTime<FixedOffset> {
    let base = tk.events().last().map(|e| e.at).unwrap_or_else(|| t("2026-03-02T09:00:00+08:00"));
    let unit: i64 = match scale % 6 {
        0 => 1,
        1 => 60,
        2 => 3600,
        3 => 86_400,
        4 => 365 * 86_400,
        _ => 10_000 * 365 * 86_400,
    };
    let secs = (amount as i64).saturating_mul(unit);
    TimeDelta::try_seconds(secs).and_then(|d| base.checked_add_signed(d)).unwrap_or_else(|| if secs > 0 { far(true) } else { far(false) })
}

/// The latest (or earliest) instant chrono represents, in CST.
fn far(late: bool) -> DateTime<FixedOffset> {
    let cst = calendar::cst();
    let utc = if late { DateTime::<chrono::Utc>::MAX_UTC } else { DateTime::<chrono::Utc>::MIN_UTC };
    utc.with_timezone(&cst)
}

// ---------------------------------------------------------------------------------------------
// exercising what parsed

/// Day and working-time arithmetic over a calendar (strict and provisional), with the
/// invariants every calendar keeps.
pub fn exercise_calendar(c: &Calendar) {
    for cal in [c.clone(), c.with_policy(CoveragePolicy::Provisional)] {
        let mut days: Vec<i64> = vec![0, 20_000, 20_514];
        if let Some(cov) = cal.coverage() {
            for y in [cov.from, cov.to] {
                if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                    days.push(calendar::epoch_day(d));
                    days.push(calendar::epoch_day(d) + 180);
                    days.push(calendar::epoch_day(d) + 364);
                }
            }
        }
        for &day in &days {
            let Ok(date) = calendar::date_from_epoch_day(day) else { continue };
            let _ = cal.day(date);
            let workday = cal.is_workday(date);
            for n in [1i64, -1, 7, -7, 30, 400, -400, 100_000_000, i64::MAX, i64::MIN] {
                if let Ok(e) = cal.add_working_days(date, n) {
                    if (1..=400).contains(&n) && workday == Ok(true) {
                        if let Ok(count) = cal.busday_count(date, e) {
                            assert_eq!(count, n, "busday_count({date}, {e}) after add_working_days({date}, {n})");
                        }
                    }
                }
                for roll in [Roll::Raise, Roll::Forward, Roll::Backward, Roll::ModifiedFollowing, Roll::ModifiedPreceding] {
                    let _ = cal.busday_offset_epoch(day, n, roll);
                }
                let _ = cal.busday_count_epoch(day, day.saturating_add(n));
            }
            let _ = cal.close_of_business(date);
            let _ = cal.marked_days(date, date.checked_add_days(chrono::Days::new(40)).unwrap_or(date));
            let t0 = day.saturating_mul(86_400);
            for secs in [0i64, 1, 3600, 86_400 * 7, 86_400 * 400, i64::MAX, -1] {
                let _ = cal.add_working_seconds(t0, secs);
                let _ = cal.working_seconds_between(t0, t0.saturating_add(secs));
            }
        }
    }
}

fn exercise_guide(g: &Guide) {
    for text in ["路灯坏了", "停水两天了，水管爆裂", "着火了", "我要起诉", "江那镇的路灯", ""] {
        let s = g.suggest(text, None);
        let _ = g.suggest(text, Some(&Location::township("jiangna")));
        assert!(s.categories.len() <= guide::MAX_SUGGESTIONS);
    }
    for (i, leaf) in g.leaves().enumerate().take(64) {
        let mut d = ClassificationDecision::new(&leaf.code, AppealType::Complaint);
        let _ = g.classify(&d);
        if let Some(u) = g.units().first() {
            d.location = Some(Location::township(&u.id));
            d.lead = (i % 2 == 0).then(|| u.id.clone());
        }
        let _ = g.classify(&d);
    }
    for u in g.units().iter().take(64) {
        let _ = g.township(&u.name);
    }
}

fn exercise_ticket(tk: &Ticket, engine: &Engine) {
    let last = tk.events().last().map(|e| e.at).unwrap_or_else(|| t("2026-03-02T09:00:00+08:00"));
    let later = |d: i64| last.checked_add_signed(TimeDelta::days(d)).unwrap_or(last);
    for now in [last, later(1), later(40), t("2026-12-31T23:59:59+08:00"), far(true), far(false)] {
        let ev = engine.evaluate(tk, now);
        if let Ok(events) = engine.record_alerts(tk, &ev.alerts, now) {
            let mut next = tk.clone();
            for e in &events {
                next.apply(e).expect("escalated events apply");
            }
        }
        let _ = tk.summary(now);
        for c in tk.clocks() {
            let _ = c.status_at(now);
        }
    }
    if let Ok(a) = tk.archive_file() {
        assert!(ticket::verify_archive(&a).intact, "a replayed ticket's archive verifies");
    }
}

fn exercise_assessment(tickets: &[Ticket], options: &AssessmentOptions) {
    let g = &fixtures().engines[0];
    for group_by in [GroupBy::Unit, GroupBy::Township, GroupBy::Category, GroupBy::Domain] {
        for roles in [RoleCounting::All, RoleCounting::LeadOnly] {
            let mut a = assessment::assess(tickets, &AssessmentOptions { group_by, roles, ..options.clone() });
            assessment::name_groups(&mut a, g.guide());
            let _ = serde_json::to_string(&a);
        }
    }
    for kind in [BulletinKind::Weekly, BulletinKind::Monthly] {
        let b = assessment::bulletin(tickets, g.guide(), kind, options.period, Some(options));
        let _ = b.to_markdown();
    }
}

/// Gives each ticket's events (in the order given) the sequence numbers and hashes of an
/// intact chain, so that the fuzzer reaches the state machine behind the hash check.
pub fn rehash(events: &mut [Event]) {
    let mut chains: HashMap<String, (u64, String)> = HashMap::new();
    for e in events.iter_mut() {
        let (seq, prev) = chains.entry(e.ticket_id.clone()).or_insert_with(|| (0, "0".repeat(64)));
        *seq += 1;
        e.seq = *seq;
        e.prev_hash = prev.clone();
        if let Ok(h) = ticket::compute_hash(e) {
            e.hash = h;
        }
        *prev = e.hash.clone();
    }
}

// ---------------------------------------------------------------------------------------------
// the targets

fn split(data: &[u8]) -> Option<(u8, std::borrow::Cow<'_, str>)> {
    let (&sel, rest) = data.split_first()?;
    Some((sel, String::from_utf8_lossy(rest)))
}

/// Calendar data: selector % 4 = 0 TOML, 1 JSON (a base calendar); 2 TOML, 3 JSON (an overlay
/// on the built-in CN calendar).
pub fn calendar(data: &[u8]) {
    let Some((sel, text)) = split(data) else { return };
    let built = match sel % 4 {
        0 => Calendar::from_toml(&text),
        1 => Calendar::from_json(&text),
        k => {
            let parsed = if k == 2 { CalendarData::from_toml(&text) } else { CalendarData::from_json(&text) };
            let Ok(overlay) = parsed else { return };
            let base = &fixtures().cn;
            let r = base.with_overlay(&overlay);
            assert_eq!(base.name(), "CN", "the base calendar is unchanged by an overlay");
            r
        }
    };
    if let Ok(c) = built {
        // What a calendar serializes back to builds the same calendar.
        if let Some(first) = c.sources().first() {
            if c.sources().len() == 1 {
                let again = Calendar::from_json(&first.to_json()).expect("a calendar's own data rebuilds it");
                assert!(again == c, "calendar data round-trips through JSON");
            }
        }
        exercise_calendar(&c);
    }
}

/// Guide data: selector % 2 = 0 TOML, 1 JSON.
pub fn guide(data: &[u8]) {
    let Some((sel, text)) = split(data) else { return };
    let g = if sel % 2 == 0 { Guide::from_toml(&text) } else { Guide::from_json(&text) };
    if let Ok(g) = g {
        exercise_guide(&g);
    }
}

/// Escalation rule set: selector % 2 = 0 TOML, 1 JSON.
pub fn rules(data: &[u8]) {
    let Some((sel, text)) = split(data) else { return };
    let r = if sel % 2 == 0 { RuleSet::from_toml(&text) } else { RuleSet::from_json(&text) };
    let Ok(r) = r else { return };
    let f = fixtures();
    if let Ok(engine) = Engine::default_engine().with_rules(r.clone()) {
        for s in &f.snapshots {
            exercise_ticket(&s.ticket, &engine);
        }
    }
    for now in [t("2026-03-10T00:00:00+08:00"), far(true)] {
        let _ = escalation::evaluate_group(&f.tickets, &r, now);
    }
}

/// Engine configuration JSON; a built engine registers and dispatches a ticket.
pub fn engine_config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(e) = Engine::from_json(&text) else { return };
    let again = Engine::new(e.config().clone()).expect("an engine's own configuration rebuilds it");
    assert!(again == e);
    let now = t("2026-03-02T09:00:00+08:00");
    let mut tk = Ticket::new();
    let town = e.guide().units().iter().find(|u| u.kind == guide::UnitKind::Township).map(|u| u.id.clone());
    let reg = register_json("YS-E-1", town.as_deref().unwrap_or("jiangna"));
    if tk.execute(&e, &Actor::command_center(), &cmd(reg), now).is_err() {
        return;
    }
    for leaf in e.guide().leaves().take(8) {
        let d = serde_json::json!({"type": "dispatch", "decision": {"category": leaf.code, "appeal_type": "help"}});
        if let Ok(events) = tk.handle(&e, &Actor::command_center(), &cmd(d), now) {
            let mut next = tk.clone();
            for ev in &events {
                next.apply(ev).expect("dispatch events apply");
            }
            exercise_ticket(&next, &e);
        }
    }
    let _ = e.guide().suggest("路灯坏了", None);
}

/// A command against a fixture history. Bytes: [0] history and engine, [1] actor, [2] scale
/// of the instant, [3..7] signed amount, then the command's JSON.
pub fn command(data: &[u8]) {
    if data.len() < 7 {
        return;
    }
    let f = fixtures();
    let snap = &f.snapshots[data[0] as usize % f.snapshots.len()];
    let engine = &f.engines[(data[0] as usize / f.snapshots.len()) % f.engines.len()];
    let tk = &snap.ticket;
    let actor = actor_for(data[1], tk);
    let now = instant_for(tk, data[2], i32::from_le_bytes([data[3], data[4], data[5], data[6]]));
    // Through jiesu's parser, as the C and Python layers read a command.
    let Some(command) = std::str::from_utf8(&data[7..]).ok().and_then(|s| jiesu::json::from_str::<Command>(s).ok()) else { return };
    let before = serde_json::to_string(tk).expect("ticket serializes");
    let result = tk.handle(engine, &actor, &command, now);
    assert_eq!(before, serde_json::to_string(tk).expect("ticket serializes"), "handle never changes the ticket");
    let Ok(events) = result else { return };
    assert!(!events.is_empty(), "a decided command yields events");
    // What handle decided must apply, verify and replay.
    let mut next = tk.clone();
    for e in &events {
        if let Err(err) = next.apply(e) {
            panic!("event {} decided by {} on {} does not apply: {err}", e.body.name(), command.name(), snap.name);
        }
    }
    let v = ticket::verify(next.events());
    assert!(v.intact, "history after {} is not intact: {:?}", command.name(), v.problem);
    let replayed = Ticket::replay(next.events()).expect("a decided history replays");
    assert!(replayed == next, "replay rebuilds the same state");
    let mut again = tk.clone();
    again.execute(engine, &actor, &command, now).expect("execute agrees with handle");
    assert!(again == next);
    exercise_ticket(&next, engine);
}

/// A history (JSON array of events): selector % 2 = 0 as given (verify + replay), 1 re-hashed
/// first so that the chain holds and replay reaches the state machine.
pub fn history(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Through jiesu's parser (duplicate keys refused); what it accepts, serde_json reads alike.
    let Ok(mut events) = jiesu::json::from_str::<Vec<Event>>(text) else { return };
    assert!(serde_json::from_str::<Vec<Event>>(text).is_ok_and(|plain| plain == events), "jiesu::json and serde_json read a history differently");
    if sel % 2 == 1 {
        rehash(&mut events);
    }
    let v = ticket::verify(&events);
    let replayed = Ticket::replay(&events);
    if let Ok(tk) = replayed {
        assert!(v.intact, "a history that replays verifies: {:?}", v.problem);
        assert_eq!(tk.events().len(), events.len());
        let f = fixtures();
        let engine = &f.engines[(sel as usize / 2) % f.engines.len()];
        exercise_ticket(&tk, engine);
        exercise_assessment(std::slice::from_ref(&tk), &AssessmentOptions::new(Period::month(2026, 3).expect("period")));
        // Any command the ticket accepts next keeps the chain.
        for c in [serde_json::json!({"type": "urge", "message": "请加快"}), serde_json::json!({"type": "archive"}), serde_json::json!({"type": "resume"})] {
            let now = tk.events().last().map(|e| e.at).unwrap_or_else(|| t("2026-03-02T09:00:00+08:00"));
            if let Ok(evs) = tk.handle(engine, &Actor::command_center(), &cmd(c), now) {
                let mut next = tk.clone();
                for e in &evs {
                    next.apply(e).expect("decided events apply after a fuzzed history");
                }
            }
        }
    }
}

/// A JSON-lines event log: selector % 2 = 0 as given, 1 re-hashed per ticket first.
pub fn assessment_jsonl(data: &[u8]) {
    let Some((sel, text)) = split(data) else { return };
    let text = if sel % 2 == 1 {
        let mut events: Vec<Event> = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<Event>(line) {
                Ok(e) => events.push(e),
                Err(_) => {
                    let _ = assessment::tickets_from_jsonl(&text);
                    return;
                }
            }
        }
        rehash(&mut events);
        events.iter().map(|e| serde_json::to_string(e).expect("event serializes")).collect::<Vec<_>>().join("\n")
    } else {
        text.into_owned()
    };
    let Ok(tickets) = assessment::tickets_from_jsonl(&text) else { return };
    exercise_assessment(&tickets, &AssessmentOptions::new(Period::month(2026, 3).expect("period")));
    let f = fixtures();
    let _ = escalation::evaluate_group(&tickets, &f.rules, t("2026-03-31T00:00:00+08:00"));
}

/// Assessment options JSON, over the fixture tickets.
pub fn assessment_options(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(o) = AssessmentOptions::from_json(&text) else { return };
    let _ = o.period.previous();
    exercise_assessment(&fixtures().tickets, &o);
}

/// The suggestion matcher on arbitrary UTF-8: the first line may name a township.
pub fn suggest(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let g = fixtures().engines[0].guide();
    let s = g.suggest(&text, None);
    assert!(s.categories.len() <= guide::MAX_SUGGESTIONS);
    for w in s.categories.windows(2) {
        assert!(w[0].score >= w[1].score, "suggestions are ranked");
    }
    if let Some((first, rest)) = text.split_once('\n') {
        let _ = g.suggest(rest, Some(&Location::township(first)));
    }
    let n = guide::normalize(&text);
    assert_eq!(guide::normalize(&n), n, "normalize is idempotent");
}

/// `[sel] text`: a State Council notice's text; the year is read from the text when `sel` is
/// 0, else 1999 + `sel`. What parses reads back from its TOML and JSON, and applies to `CN`
/// (an error there is fine: the shipped years conflict).
pub fn notice(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let year = (sel != 0).then(|| 1999 + i32::from(sel));
    if let Ok(n) = calendar::Notice::parse(&text, year) {
        assert_eq!(&CalendarData::from_toml(&n.to_toml()).expect("notice TOML reads back"), n.data());
        assert_eq!(&CalendarData::from_json(&n.to_json()).expect("notice JSON reads back"), n.data());
        assert!(n.data().festivals.iter().all(|f| f.year == n.year()));
    }
    let _ = fixtures().engines[0].calendar().with_notice(&text);
}

/// What every verification keeps to: a problem inside the history (or just past it, for an
/// archive's own tag), of a known kind, naming no secret.
fn check_verification(v: &ticket::Verification, len: usize) {
    const KINDS: &[&str] =
        &["altered", "reordered_or_missing", "chain_broken", "mixed_tickets", "schema_version", "truncated", "tag_missing", "tag_invalid", "tag_unknown_key"];
    assert_eq!(v.intact, v.problem.is_none());
    if let Some(p) = &v.problem {
        assert!(p.index <= len, "problem index {} of {len} events", p.index);
        assert!(KINDS.contains(&p.kind.as_str()), "unknown problem kind {}", p.kind);
        let secret = String::from_utf8_lossy(KEYED_SECRET);
        assert!(!p.message.contains(&*secret), "a verification names the key");
    }
}

/// `[sel] text` through a keyed engine: sel % 3 = 0 a history (JSON array of events), 1 the same
/// re-hashed with the public `compute_hash` (tags kept), 2 an archive file. A keyed verdict of
/// intact implies the public one and a tag on every event; re-hashing that changed a hash is
/// refused; an engine with another secret under the same key id accepts nothing tagged, nor
/// does an Ed25519 public key under that id (the signature path on HMAC tags).
pub fn keyed(data: &[u8]) {
    let Some((sel, text)) = split(data) else { return };
    let k = keyed_fixtures();
    let engine = &k.engines[0];
    let impostor = Engine::default_engine().with_chain_key(ChainKey::new("fuzz-1", b"not-the-fuzz-secret-0123456789ab").expect("key")).expect("engine");
    let public = ChainKey::ed25519("fuzz-1", &[5; 32]).expect("seed").public_key().expect("public key");
    let signature = Engine::default_engine().with_chain_key(ChainKey::ed25519_public("fuzz-1", &public).expect("key")).expect("engine");
    if sel % 3 == 2 {
        let Ok(a) = serde_json::from_str::<ArchiveFile>(&text) else { return };
        let v = engine.verify_archive(&a);
        check_verification(&v, a.events.len());
        if v.intact {
            assert!(ticket::verify_archive(&a).intact, "a keyed intact archive is intact unkeyed");
            assert!(a.tag.is_some() && a.events.iter().all(|e| e.tag.is_some()));
            assert!(!impostor.verify_archive(&a).intact, "another secret accepts the archive");
        }
        check_verification(&signature.verify_archive(&a), a.events.len());
        assert_eq!(fixtures().engines[0].verify_archive(&a), ticket::verify_archive(&a), "an unkeyed engine verifies as before");
        return;
    }
    let Ok(mut events) = serde_json::from_str::<Vec<Event>>(&text) else { return };
    let before: Vec<String> = events.iter().map(|e| e.hash.clone()).collect();
    if sel % 3 == 1 {
        rehash(&mut events);
    }
    let v = engine.verify(&events);
    check_verification(&v, events.len());
    if v.intact {
        assert!(ticket::verify(&events).intact, "a keyed intact history is intact unkeyed");
        assert!(events.iter().all(|e| e.tag.is_some()));
        assert!(events.iter().zip(&before).all(|(e, h)| &e.hash == h), "a re-hashed change passed the keyed verify");
        if !events.is_empty() {
            assert!(!impostor.verify(&events).intact, "another secret accepts the history");
            assert!(!signature.verify(&events).intact, "a public key accepts HMAC tags");
        }
        // A keyed intact history that replays continues with tagged events.
        if let Ok(tk) = engine.replay(&events) {
            let now = tk.events().last().map(|e| e.at).unwrap_or_else(|| t("2026-03-02T09:00:00+08:00"));
            if let Ok(new) = tk.handle(engine, &Actor::command_center(), &cmd(serde_json::json!({"type": "urge", "message": "请加快"})), now) {
                let mut all = events.clone();
                all.extend(new);
                assert!(engine.verify(&all).intact, "a keyed engine's own events verify");
            }
        }
    }
    check_verification(&signature.verify(&events), events.len());
    assert_eq!(fixtures().engines[0].verify(&events), ticket::verify(&events), "an unkeyed engine verifies as before");
}

// ---------------------------------------------------------------------------------------------
// seed corpora, from the repository's data files and the fixtures

/// Seed inputs of a target.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let with = |sel: u8, text: &str| -> Vec<u8> {
        let mut v = vec![sel];
        v.extend_from_slice(text.as_bytes());
        v
    };
    let f = fixtures();
    match target {
        "calendar" => {
            let cn = CalendarData::from_toml(calendar::CN_DATA).expect("cn data");
            let overlay = CalendarData::from_toml(calendar::EXAMPLE_OVERLAY_DATA).expect("overlay data");
            let small = "schema_version = 1\nname = \"X\"\nweekmask = \"1111110\"\ncoverage = { from = 2026, to = 2026 }\n[[festivals]]\nyear = 2026\nfestival = \"labour_day\"\nholidays = [\"2026-05-01..2026-05-05\"]\nworkdays = [\"2026-05-09\"]\n";
            let national = "schema_version = 1\nname = \"CN-2027\"\nbase = \"CN\"\nscope = \"national\"\ncoverage = { from = 2027, to = 2027 }\n[[festivals]]\nyear = 2027\nfestival = \"new_years_day\"\nholidays = [\"2027-01-01..2027-01-03\"]\n";
            vec![
                with(0, calendar::CN_DATA),
                with(1, &cn.to_json()),
                with(2, calendar::EXAMPLE_OVERLAY_DATA),
                with(3, &overlay.to_json()),
                with(0, small),
                with(2, national),
            ]
        }
        "guide" => {
            let data = guide::GuideData::from_toml(guide::YANSHAN_DATA).expect("guide data");
            vec![with(0, guide::YANSHAN_DATA), with(1, &serde_json::to_string(&data).expect("guide json"))]
        }
        "rules" => vec![with(0, escalation::DEFAULT_RULES), with(1, &serde_json::to_string(&f.rules).expect("rules json"))],
        "engine_config" => {
            let overlay = CalendarData::from_toml(calendar::EXAMPLE_OVERLAY_DATA).expect("overlay data");
            vec![
                b"{\"schema_version\":1}".to_vec(),
                serde_json::to_vec(f.engines[0].config()).expect("config json"),
                serde_json::to_vec(f.engines[2].config()).expect("config json"),
                serde_json::to_vec(&serde_json::json!({"schema_version": 1, "calendar": {"overlays": [overlay],
                    "business_hours": {"monday": ["08:00-12:00"], "saturday": ["09:00-12:00"], "makeup_workday": ["09:00-17:00"]}},
                    "sla": {"normal_days": 7, "warn": {"completion": {"fraction": 0.8}}}, "requester_key_secret": "s"}))
                .expect("config json"),
            ]
        }
        "command" => {
            let mut out = Vec::new();
            let n = f.snapshots.len();
            let commands = [
                serde_json::json!({"type": "acknowledge"}),
                serde_json::json!({"type": "contact_requester", "note": "已联系"}),
                serde_json::json!({"type": "add_progress", "note": "正在处理"}),
                serde_json::json!({"type": "submit_contribution", "content": "意见"}),
                serde_json::json!({"type": "request_return", "reason": "非本单位职责", "evidence": ["a.pdf"], "suggested_unit": "finance"}),
                serde_json::json!({"type": "decide_return", "approve": false, "reason": "不同意"}),
                serde_json::json!({"type": "decide_return", "approve": true, "reason": "同意", "assignments": [{"unit": "housing", "role": "lead"}]}),
                serde_json::json!({"type": "reassign", "assignments": [{"unit": "housing", "role": "lead"}, {"unit": "finance", "role": "cooperating"}]}),
                serde_json::json!({"type": "request_extension", "reason": "需协调", "requested_due_at": "2026-04-30T00:00:00+08:00"}),
                serde_json::json!({"type": "decide_extension", "approve": true, "reason": "同意"}),
                serde_json::json!({"type": "suspend", "reason": "诉求人外出"}),
                serde_json::json!({"type": "resume"}),
                serde_json::json!({"type": "submit_report", "report": {"result": "已修复", "answered_at": "2026-03-02T10:00:00+08:00", "evidence": ["p.jpg"], "approved_by": "王局长", "solved": true}}),
                serde_json::json!({"type": "review_report", "accept": false, "reason": "insufficient_evidence", "note": "补充"}),
                serde_json::json!({"type": "review_report", "accept": true}),
                serde_json::json!({"type": "record_callback", "outcome": "dissatisfied", "solved": false}),
                serde_json::json!({"type": "judge_dissatisfaction", "judgement": {"judgement": "reasonable", "measures": "m", "responsible_person": "p", "due_at": "2026-05-01T00:00:00+08:00"}}),
                serde_json::json!({"type": "judge_dissatisfaction", "judgement": {"judgement": "unresolvable", "explanation": "e"}}),
                serde_json::json!({"type": "close"}),
                serde_json::json!({"type": "archive"}),
                serde_json::json!({"type": "urge", "message": "请加快"}),
                serde_json::json!({"type": "supervise", "note": "督办"}),
                serde_json::json!({"type": "convene_consultation", "units": ["housing"], "note": "会商"}),
                serde_json::json!({"type": "instruct", "instruction": "批示"}),
                serde_json::json!({"type": "link_duplicate", "linked_ticket_id": "YS-9"}),
                serde_json::json!({"type": "decline", "reason": "litigation", "guidance": "起诉"}),
                serde_json::json!({"type": "answer_directly", "answer": "答复"}),
                serde_json::json!({"type": "dispatch", "decision": {"category": f.snapshots[2].ticket.classification().map(|c| c.category.clone()).unwrap_or_default()}}),
                register_json("YS-S-1", "jiangna"),
            ];
            for (i, c) in commands.iter().enumerate() {
                for (k, _) in f.snapshots.iter().enumerate() {
                    if (i + k) % 3 != 0 {
                        continue;
                    }
                    let mut v = vec![(k + n * (i % 3)) as u8, (i % 12) as u8, 2, 1, 0, 0, 0];
                    v.extend_from_slice(&serde_json::to_vec(c).expect("command json"));
                    out.push(v);
                }
            }
            out
        }
        "history" => f.snapshots.iter().enumerate().map(|(i, s)| with((i % 2) as u8, &events_json(&s.ticket))).collect(),
        "keyed" => {
            let k = keyed_fixtures();
            let mut out: Vec<Vec<u8>> = k.snapshots.iter().enumerate().map(|(i, s)| with((i % 2) as u8, &events_json(&s.ticket))).collect();
            for t in &k.tickets {
                if let Ok(a) = k.engines[0].archive_file(t) {
                    out.push(with(2, &serde_json::to_string(&a).expect("archive json")));
                }
            }
            // Unkeyed histories: refused for their missing tags.
            out.push(with(0, &events_json(&f.snapshots[3].ticket)));
            out
        }
        "assessment_jsonl" => {
            let jsonl: String = f.tickets.iter().flat_map(|t| t.events()).map(|e| serde_json::to_string(e).expect("event json") + "\n").collect();
            vec![with(0, &jsonl), with(1, &jsonl)]
        }
        "assessment_options" => vec![
            br#"{"period":{"from":"2026-03-01T00:00:00+08:00","to":"2026-04-01T00:00:00+08:00"}}"#.to_vec(),
            br#"{"period":{"from":"2026-03-02T00:00:00+08:00","to":"2026-03-09T00:00:00+08:00"},"group_by":"township","roles":"lead_only","response_basis":"close","completion_basis":"dispatch","basically_satisfied_weight":0.5,"weights":{"response":0.2,"resolution":0.4,"satisfaction":0.4},"now":"2026-03-20T12:00:00+08:00"}"#.to_vec(),
            br#"{"period":{"from":"0001-01-01T00:00:00+00:00","to":"9999-12-31T23:59:59+00:00"},"group_by":"domain"}"#.to_vec(),
        ],
        "suggest" => {
            let cases: toml::Value = toml::from_str(include_str!("../../tests/data/guide_requests.toml")).expect("guide requests");
            let mut out: Vec<Vec<u8>> = cases
                .get("case")
                .and_then(|c| c.as_array())
                .map(|a| a.iter().filter_map(|c| c.get("text").and_then(|t| t.as_str())).map(|s| s.as_bytes().to_vec()).collect())
                .unwrap_or_default();
            out.push("江那\n路灯坏了，ＡＢＣ　１２３".as_bytes().to_vec());
            out
        }
        "notice" => {
            // The fixtures of tests/calendar_notice.rs, as files (header comments and all).
            let texts = [
                include_str!("../../tests/data/notices/2008.txt"),
                include_str!("../../tests/data/notices/2009.txt"),
                include_str!("../../tests/data/notices/2019.txt"),
                include_str!("../../tests/data/notices/2020.txt"),
                include_str!("../../tests/data/notices/2025.txt"),
                include_str!("../../tests/data/notices/2026.txt"),
            ];
            let mut out: Vec<Vec<u8>> = texts.iter().map(|t| with(0, t)).collect();
            out.push(with(
                0,
                &[include_str!("../../tests/data/notices/2020.txt"), include_str!("../../tests/data/notices/2020-extension.txt")].join("\n"),
            ));
            out.push(with(
                0,
                &[include_str!("../../tests/data/notices/2015.txt"), include_str!("../../tests/data/notices/2015-supplement.txt")].join("\n"),
            ));
            out.push(with(28, "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。"));
            out
        }
        _ => Vec::new(),
    }
}
