//! Ticket lifecycle throughput (issue 19: ≥ 1.5 M commands/s handle+apply, ≥ 2 M execute,
//! ≥ 5 M events/s replayed with the hash check, ≥ 6 M verified). `cargo bench --bench ticket`.
//!
//! Besides the paths, two rows state the floor on this CPU over the replay set's events:
//! `sha256_only_1000_tickets` (SHA-256 of each event's canonical encoding, the encodings
//! computed beforehand: what the hash check costs at the least) and
//! `encode_only_1000_tickets` (the canonical encoding alone, into a reused buffer). The bench
//! prints the encoding's size per event first. `verify_all_1000_tickets` and
//! `replay_all_1000_tickets` are the batch calls over `Parallelism::from_env()` (every core,
//! or `JIESU_NUM_THREADS`). `replay_owned_1000_tickets` replays histories it takes (moved
//! into the tickets, as after parsing) rather than borrows (copied).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiesu::engine::Engine;
use jiesu::parallelism::Parallelism;
use jiesu::ticket::{Event, Ticket};
use sha2::{Digest, Sha256};
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
    // The events taken (`Ticket::replay_owned`, what a caller that has just parsed them
    // does): copied beforehand, outside the timing.
    g.bench_function("replay_owned_1000_tickets", |b| {
        b.iter_batched(
            || histories.clone(),
            |owned| {
                let mut n = 0;
                for h in owned {
                    n += Ticket::replay_owned(h).unwrap().events().len();
                }
                black_box(n)
            },
            criterion::BatchSize::LargeInput,
        )
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
    let par = Parallelism::from_env();
    g.bench_function("verify_all_1000_tickets", |b| b.iter(|| black_box(jiesu::ticket::verify_all(&histories, par).iter().map(|v| v.events).sum::<usize>())));
    g.bench_function("replay_all_1000_tickets", |b| {
        b.iter(|| black_box(Ticket::replay_all(&histories, par).into_iter().map(|t| t.unwrap().events().len()).sum::<usize>()))
    });
    // The floor: the canonical encodings, computed once, hashed; and the encoding alone.
    let encodings: Vec<Vec<u8>> = histories
        .iter()
        .flatten()
        .map(|e| {
            let mut out = Vec::new();
            jiesu::ticket::canonical_encoding(e, &mut out).unwrap();
            out
        })
        .collect();
    let bytes: usize = encodings.iter().map(Vec::len).sum();
    let (min, max) = (encodings.iter().map(Vec::len).min().unwrap_or(0), encodings.iter().map(Vec::len).max().unwrap_or(0));
    println!(
        "replay set: {total} events, canonical encoding {:.0} bytes per event on average ({min}…{max}), {} SHA-256 blocks per event",
        bytes as f64 / total as f64,
        encodings.iter().map(|e| (e.len() + 9).div_ceil(64)).sum::<usize>() as f64 / total as f64
    );
    g.bench_function("sha256_only_1000_tickets", |b| b.iter(|| encodings.iter().fold(0u8, |x, e| x ^ Sha256::digest(e)[0])));
    g.bench_function("encode_only_1000_tickets", |b| {
        let mut out = Vec::with_capacity(4096);
        b.iter(|| {
            let mut n = 0;
            for e in histories.iter().flatten() {
                out.clear();
                jiesu::ticket::canonical_encoding(e, &mut out).unwrap();
                n += out.len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, ticket);
criterion_main!(benches);
