//! Ticket lifecycle throughput (issue: ≥ 1 million commands per second handle+apply and
//! ≥ 5 million events per second replayed, hashing included, single-threaded).
//! `cargo bench --bench ticket`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::engine::Engine;
use jiesu::ticket::{Event, Ticket};
use std::hint::black_box;

#[path = "common/lifecycle.rs"]
mod script;
use script::lifecycle;

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
