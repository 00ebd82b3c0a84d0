//! Assessment throughput (issue: 1 million tickets, about 10 million events → per-unit
//! assessment in ≤ 2 s on this machine). `cargo bench --bench assessment`.
//!
//! 200 distinct realistic lifecycles are built through the engine (on time, late, returned,
//! dissatisfied, unreasonable, multi-unit), then repeated to 1 000 000 tickets with distinct
//! ids (each template's history with the id rewritten on every event, re-chained with
//! `compute_hash` and replayed: a ticket is obtainable only from its events); the measured
//! step is `assess` (per unit, default options) over all of them. The full histories take
//! ≈ 10 KB a ticket: ≈ 10 GB resident (the set-up prints it).

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::assessment::{assess, AssessmentOptions, Period};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::ticket::{compute_hash, Actor, CallbackOutcome, Command, Judgement, Report, Ticket};
use std::hint::black_box;

const N: usize = 1_000_000;

fn build(e: &Engine, n: usize) -> Ticket {
    let leaves: Vec<_> = e.guide().leaves().filter(|c| !c.routing.by_location).collect();
    let c = leaves[n * 7 % leaves.len()];
    let t0: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2026-03-02T08:00:00+08:00").unwrap() + Duration::hours((n as i64 * 13) % (24 * 25));
    let at = |m: i64| t0 + Duration::minutes(m);
    let cc = Actor::command_center();
    let mut t = Ticket::new();
    let reg: Command = serde_json::from_value(
        serde_json::json!({"type":"register","id":format!("B{n}"),"appeal_type":"complaint","content":"诉求","requester":{"phone":format!("138{n:08}")}}),
    )
    .unwrap();
    t.execute(e, &cc, &reg, at(0)).unwrap();
    t.execute(e, &cc, &Command::Dispatch { decision: ClassificationDecision::new(&c.code, AppealType::Complaint) }, at(5)).unwrap();
    let units: Vec<(String, bool)> = t.assignments().iter().map(|a| (a.unit.clone(), a.role == jiesu::guide::AssignmentRole::Lead)).collect();
    let late = n % 9 == 0;
    for (u, _) in &units {
        t.execute(e, &Actor::unit(u), &Command::Acknowledge {}, at(if late { 1600 } else { 30 })).unwrap();
    }
    for (u, lead) in &units {
        if *lead {
            t.execute(e, &Actor::unit(u), &Command::ContactRequester { note: String::new() }, at(1700)).unwrap();
        } else {
            t.execute(e, &Actor::unit(u), &Command::SubmitContribution { content: "配合意见".into() }, at(1800)).unwrap();
        }
    }
    let lead = units.iter().find(|u| u.1).unwrap().0.clone();
    let when = if late { 9000 } else { 2000 };
    let report =
        Report {
            result: "已办理".into(), answered_at: Some(at(when)), evidence: vec!["e.jpg".into()], approved_by: Some("负责人".into()), solved: n % 5 != 0
        };
    t.execute(e, &Actor::unit(&lead), &Command::SubmitReport { report }, at(when)).unwrap();
    t.execute(e, &cc, &Command::ReviewReport { accept: true, reason: None, note: String::new() }, at(when + 60)).unwrap();
    let outcome = [
        CallbackOutcome::Satisfied,
        CallbackOutcome::Satisfied,
        CallbackOutcome::BasicallySatisfied,
        CallbackOutcome::Dissatisfied,
        CallbackOutcome::Unreachable,
    ][n % 5];
    t.execute(e, &cc, &Command::RecordCallback { outcome, solved: n % 5 != 0, note: String::new() }, at(when + 120)).unwrap();
    if outcome == CallbackOutcome::Dissatisfied {
        t.execute(e, &cc, &Command::JudgeDissatisfaction { judgement: Judgement::Unreasonable { explanation: "不合理".into() } }, at(when + 180)).unwrap();
    } else {
        t.execute(e, &cc, &Command::Close {}, at(when + 180)).unwrap();
    }
    t
}

/// A copy of `template`'s history as ticket `id`: the id rewritten on every event,
/// re-chained and replayed.
fn renamed(template: &Ticket, id: &str) -> Ticket {
    let mut events = template.events().to_vec();
    let mut prev_hash = events[0].prev_hash.clone();
    for e in &mut events {
        e.ticket_id = id.to_string();
        e.prev_hash = std::mem::take(&mut prev_hash);
        e.hash = compute_hash(e).expect("an encodable event");
        prev_hash = e.hash.clone();
    }
    Ticket::replay(&events).expect("a renamed template replays")
}

/// The resident set of this process (Linux), for the record.
fn resident() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).map_or_else(|| "?".into(), |v| v.trim().to_string())
}

fn assessment(c: &mut Criterion) {
    let e = Engine::default_engine();
    let templates: Vec<Ticket> = (0..200).map(|n| build(&e, n)).collect();
    let started = std::time::Instant::now();
    // Built on every core.
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let chunk = N.div_ceil(threads);
    let tickets: Vec<Ticket> = std::thread::scope(|s| {
        let parts: Vec<_> = (0..N)
            .step_by(chunk)
            .map(|from| {
                let templates = &templates;
                s.spawn(move || (from..(from + chunk).min(N)).map(|i| renamed(&templates[i % templates.len()], &format!("T{i}"))).collect::<Vec<_>>())
            })
            .collect();
        parts.into_iter().flat_map(|p| p.join().unwrap()).collect()
    });
    let events: usize = tickets.iter().map(|t| t.events().len()).sum();
    eprintln!("{} tickets, {events} events, built in {:.1?}, resident {}", tickets.len(), started.elapsed(), resident());
    // The renamed tickets assess as their templates: the same figures for 200 of each.
    let o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    assert_eq!(assess(&tickets[..templates.len()], &o), assess(&templates, &o));
    let o = AssessmentOptions::new(Period::month(2026, 3).unwrap());
    let mut g = c.benchmark_group("assessment");
    g.sample_size(10);
    g.throughput(Throughput::Elements(tickets.len() as u64));
    g.bench_function("assess_1m_tickets_by_unit", |b| b.iter(|| black_box(assess(&tickets, &o).groups.len())));
    g.finish();
}

criterion_group!(benches, assessment);
criterion_main!(benches);
