//! Ticket lifecycle throughput (issue: ≥ 1 million commands per second handle+apply and
//! ≥ 5 million events per second replayed, hashing included, single-threaded).
//! `cargo bench --bench ticket`.

use chrono::{DateTime, FixedOffset, TimeDelta};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, ClassificationDecision};
use jiesu::ticket::{Actor, CallbackOutcome, Command, Event, Report, Ticket};
use std::hint::black_box;

fn lifecycle(engine: &Engine, n: usize) -> Vec<(Actor, Command, DateTime<FixedOffset>)> {
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

fn ticket(c: &mut Criterion) {
    let engine = Engine::default_engine();
    let script = lifecycle(&engine, 1);
    let mut g = c.benchmark_group("ticket");
    g.throughput(Throughput::Elements(script.len() as u64));
    g.bench_function("handle_apply_lifecycle", |b| {
        b.iter(|| {
            let mut t = Ticket::new();
            for (actor, cmd, now) in &script {
                for e in t.handle(&engine, actor, cmd, *now).unwrap() {
                    t.apply(&e).unwrap();
                }
            }
            black_box(t.events().len())
        })
    });
    // The same commands through `execute` (decide and apply in place): the path of a service
    // that owns its tickets; `apply` above verifies again the hash `handle` has just sealed,
    // as it must for events from outside.
    g.bench_function("execute_lifecycle", |b| {
        b.iter(|| {
            let mut t = Ticket::new();
            for (actor, cmd, now) in &script {
                t.execute(&engine, actor, cmd, *now).unwrap();
            }
            black_box(t.events().len())
        })
    });
    // Replay a history of 1000 tickets' events.
    let histories: Vec<Vec<Event>> = (0..1000)
        .map(|n| {
            let mut t = Ticket::new();
            for (actor, cmd, now) in lifecycle(&engine, n) {
                for e in t.handle(&engine, &actor, &cmd, now).unwrap() {
                    t.apply(&e).unwrap();
                }
            }
            t.events().to_vec()
        })
        .collect();
    let total: usize = histories.iter().map(|h| h.len()).sum();
    g.throughput(Throughput::Elements(total as u64));
    g.sample_size(10);
    g.bench_function("replay_1000_tickets", |b| {
        b.iter(|| {
            let mut n = 0;
            for h in &histories {
                n += Ticket::replay(h).unwrap().events().len();
            }
            black_box(n)
        })
    });
    g.bench_function("verify_1000_tickets", |b| {
        b.iter(|| {
            let mut n = 0;
            for h in &histories {
                n += jiesu::ticket::verify(h).events;
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, ticket);
criterion_main!(benches);
