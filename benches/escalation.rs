//! Escalation throughput (issue 5): `evaluate` over 1 000 000 open tickets at one `now`
//! (target ≤ 0.5 s single-threaded) and `evaluate_group` over 1 000 000 tickets (target ≤ 1 s).
//! `cargo bench --bench escalation`. Issue 19 adds the sweep (`sweep_1m_tickets_1pct_due`):
//! the same tickets with their stored `next_check_at`, 1 % of them due.
//! `JIESU_ESCALATION_BENCH_TICKETS=100000` builds a smaller population to iterate on.
//!
//! The population: 60 realistic tickets are driven through the lifecycle with
//! `Ticket::execute` (five kinds of category × twelve stages, dispatched over the three weeks
//! before `now`, with the alerts due at the platform's previous check already recorded), then
//! copied to 1 000 000 with distinct ids and varied requester keys, categories, townships and
//! registration instants — so that the group rules' indexes (requester × category, category ×
//! township) see realistic spreads: most requesters ask once, some repeat within 30 days, and
//! every category × township receives a few requests a day.
//!
//! A ticket is obtainable only from its events, so each copy is its template's history
//! rewritten at the event level (see `population::variant`: the id on every event, the requester key and
//! instant of `registered`, category and township of `dispatched`), re-chained with
//! `compute_hash` and replayed — full histories, 9.1 events a ticket on average, ≈ 11 KB a
//! ticket: ≈ 10.5 GB resident for 1 000 000 (the set-up prints it; it takes a few minutes on
//! two cores). The set-up checks on a sample that every copy evaluates exactly like its
//! template.

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::TimeDelta;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use jiesu::engine::Engine;
use jiesu::escalation::{evaluate, evaluate_all, evaluate_group, sweep};
use jiesu::parallelism::Parallelism;

#[path = "escalation/population.rs"]
mod population;
use population::{now, population};

const N: usize = 1_000_000;

/// The population: [`N`], or `JIESU_ESCALATION_BENCH_TICKETS` for a quicker iteration (the
/// rows the issue names are at [`N`]; the names say "1m" whatever the size).
fn population_size() -> usize {
    std::env::var("JIESU_ESCALATION_BENCH_TICKETS").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(N)
}

/// The resident set of this process (Linux), for the record.
fn resident() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).map_or_else(|| "?".into(), |v| v.trim().to_string())
}

fn escalation(c: &mut Criterion) {
    let engine = Engine::default_engine();
    let (rules, cal, now) = (engine.rules(), engine.calendar(), now());
    let started = std::time::Instant::now();
    let population = population(&engine, population_size());
    let events: usize = population.iter().map(|t| t.events().len()).sum();
    eprintln!("population: {} tickets, {events} events, built and checked in {:.1?}, resident {}", population.len(), started.elapsed(), resident());
    // What the workload looks like.
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut scheduled = 0;
    for t in &population {
        let ev = evaluate(t, rules, cal, now);
        scheduled += ev.next_check_at.is_some() as usize;
        for a in ev.alerts {
            *by_rule.entry(a.rule).or_default() += 1;
        }
    }
    let mut group_rules: BTreeMap<String, usize> = BTreeMap::new();
    for a in evaluate_group(&population, rules, now).alerts {
        *group_rules.entry(a.rule).or_default() += 1;
    }
    eprintln!("{} tickets: {} alerts due now {by_rule:?}; {scheduled} with a next check", population.len(), by_rule.values().sum::<usize>());
    eprintln!("group rules: {group_rules:?}");

    let mut g = c.benchmark_group("escalation");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(std::time::Duration::from_secs(1));
    g.measurement_time(std::time::Duration::from_secs(8));
    g.throughput(Throughput::Elements(population.len() as u64));
    g.bench_function("evaluate_1m_open_tickets", |b| {
        b.iter(|| {
            let (mut alerts, mut next) = (0usize, 0usize);
            for t in &population {
                let ev = evaluate(black_box(t), rules, cal, now);
                alerts += ev.alerts.len();
                next += ev.next_check_at.is_some() as usize;
            }
            black_box((alerts, next))
        })
    });
    // The same, as one call on the crate's threads (Parallelism::AUTO).
    g.bench_function("evaluate_all_1m_open_tickets", |b| {
        b.iter(|| {
            let all = evaluate_all(black_box(&population), rules, cal, None, now, Parallelism::AUTO);
            black_box(all.iter().map(|ev| ev.alerts.len()).sum::<usize>())
        })
    });
    // The same call with its result freed outside the timing (criterion's
    // `iter_with_large_drop`): what freeing ≈ 50 000 alerts per million tickets and the
    // million evaluations costs is the difference from the row above, which includes it.
    g.bench_function("evaluate_all_1m_open_tickets_drop_untimed", |b| {
        b.iter_with_large_drop(|| evaluate_all(black_box(&population), rules, cal, None, now, Parallelism::AUTO))
    });
    // The sweep: every ticket with its stored next_check_at (its own, after `now`, or none),
    // and one in a hundred due a minute ago.
    let stored: Vec<_> = population
        .iter()
        .enumerate()
        .map(|(k, t)| (t, if k % 100 == 0 { Some(now - TimeDelta::minutes(1)) } else { evaluate(t, rules, cal, now).next_check_at }))
        .collect();
    let due = stored.iter().filter(|(_, n)| jiesu::escalation::is_due(*n, now)).count();
    eprintln!("sweep: {due} of {} tickets due", stored.len());
    g.bench_function("sweep_1m_tickets_1pct_due", |b| {
        b.iter(|| {
            let s = sweep(black_box(stored.iter().map(|(t, n)| (*t, *n))), rules, cal, None, now);
            black_box((s.checked.len(), s.next_sweep_at))
        })
    });
    g.bench_function("evaluate_group_1m_tickets", |b| b.iter(|| black_box(evaluate_group(black_box(&population), rules, now).alerts.len())));
    // The same with the alerts freed outside the timing (criterion's `iter_with_large_drop`):
    // each alert is 4 + n strings, and the row above, which frees them inside the timing, is
    // the one the issue names; the difference is the cost of freeing them.
    g.bench_function("evaluate_group_1m_tickets_drop_untimed", |b| b.iter_with_large_drop(|| evaluate_group(black_box(&population), rules, now)));
    // The same indexes and windows with thresholds no group reaches: the cost of finding the
    // patterns without the cost of writing 266 000 alerts (the line above is a worst case: in
    // service, alerts already recorded on their tickets are not raised again).
    let quiet = population::quiet(rules);
    assert!(evaluate_group(&population, &quiet, now).alerts.is_empty());
    g.bench_function("evaluate_group_1m_tickets_no_alerts", |b| b.iter(|| black_box(evaluate_group(black_box(&population), &quiet, now).alerts.len())));
    g.finish();
}

criterion_group!(benches, escalation);
criterion_main!(benches);
