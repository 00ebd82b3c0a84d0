//! Prints a SHA-256 digest of every escalation output (as JSON) over the escalation bench's
//! generated population: each ticket evaluated at instants from three days before the bench's
//! `now` to ten days after, with the default rules and with rules whose messages use every
//! placeholder, with and without the guide naming units; the group rules at several instants
//! (with alerts, and on tickets that recorded them); a sweep. On the way it checks that the
//! batch calls (`evaluate_all`, `evaluate_group_par` on the crate's threads) give what the
//! single and sequential calls give. A change to escalation that must keep its outputs
//! identical keeps this digest: run
//! `cargo run --release --example escalation_digest` before and after.
//!
//! Arguments: the population size (default 20 000); `--repeat evaluate|evaluate_all|group|group_quiet N`
//! runs one workload N times and prints its time instead (for a profiler; the batch calls on
//! `JIESU_NUM_THREADS` threads). Its instructions, counted by callgrind on one thread:
//!
//! ```sh
//! cargo build --release --example escalation_digest
//! JIESU_NUM_THREADS=1 valgrind --tool=callgrind --toggle-collect='escalation_digest::workload' \
//!     target/release/examples/escalation_digest 20000 --repeat group 1
//! ```

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::calendar::Calendar;
use jiesu::engine::Engine;
use jiesu::escalation::{evaluate_all, evaluate_group_par, evaluate_named, sweep, RuleSet};
use jiesu::parallelism::Parallelism;
use jiesu::ticket::Ticket;
use sha2::{Digest, Sha256};

#[path = "../benches/escalation/population.rs"]
#[allow(dead_code)]
mod population;

/// The time the calling thread has spent on a core (Linux; zero elsewhere): on a loaded
/// machine, a one-thread workload's figure without the time it waited for a core.
fn on_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(stat.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// The default rules with every message using every placeholder.
fn all_placeholders(rules: &RuleSet) -> RuleSet {
    let mut r = rules.clone();
    for rule in &mut r.rules {
        rule.message = format!("{}|{{ticket_id}}|{{unit}}|{{clock}}|{{due_at}}|{{count}}|{{tickets}}|{{", rule.message);
    }
    r
}

/// One run of the workload `what` (see the module's documentation), its result freed inside,
/// as in the bench rows the issue names: the alerts it raised. Not inlined, so that a profiler
/// can count it alone (`--toggle-collect='escalation_digest::workload'`).
#[inline(never)]
fn workload(what: &str, tickets: &[Ticket], rules: &RuleSet, quiet: &RuleSet, cal: &Calendar, now: DateTime<FixedOffset>) -> usize {
    match what {
        "evaluate" => tickets.iter().map(|t| evaluate_named(t, rules, cal, None, now).alerts.len()).sum::<usize>(),
        "evaluate_all" => evaluate_all(tickets, rules, cal, None, now, Parallelism::from_env()).iter().map(|e| e.alerts.len()).sum(),
        "group" => evaluate_group_par(tickets, rules, None, now, Parallelism::from_env()).alerts.len(),
        "group_quiet" => evaluate_group_par(tickets, quiet, None, now, Parallelism::from_env()).alerts.len(),
        other => panic!("unknown workload {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let engine = Engine::default_engine();
    let (rules, cal, guide, now) = (engine.rules(), engine.calendar(), Some(engine.guide()), population::now());
    let started = Instant::now();
    let tickets = population::population(&engine, n);
    eprintln!("population: {n} tickets in {:.1?}", started.elapsed());
    if let Some(at) = args.iter().position(|a| a == "--repeat") {
        let what = args.get(at + 1).map(String::as_str).unwrap_or("evaluate");
        let times: usize = args.get(at + 2).and_then(|a| a.parse().ok()).filter(|&t| t > 0).unwrap_or(10);
        // The group rules with thresholds no group reaches (the bench's row without alerts).
        let quiet = population::quiet(rules);
        let mut sink = 0usize;
        let mut runs = Vec::with_capacity(times);
        for _ in 0..times {
            let (started, cpu) = (Instant::now(), on_cpu());
            sink += workload(what, &tickets, rules, &quiet, cal, now);
            runs.push((started.elapsed(), on_cpu().saturating_sub(cpu)));
        }
        let (mut wall, mut cpu): (Vec<_>, Vec<_>) = runs.into_iter().unzip();
        wall.sort();
        cpu.sort();
        eprintln!(
            "{what} × {times}: fastest {:.1?}, median {:.1?}; this thread on a core: fastest {:.1?}, median {:.1?} ({sink} alerts)",
            wall[0],
            wall[times / 2],
            cpu[0],
            cpu[times / 2]
        );
        // The population is not freed: a profile shows the workload only.
        std::process::exit(0);
    }

    let mut digest = Sha256::new();
    let mut feed = |what: &str, json: Vec<u8>| {
        digest.update(what.as_bytes());
        digest.update(&json);
    };
    let every = all_placeholders(rules);
    let mut alerts = 0usize;
    for hours in [-72, -24, -5, -1, 0, 1, 3, 5, 12, 24, 48, 72, 120, 240] {
        let at = now + TimeDelta::hours(hours);
        for (name, rules, guide) in [("default", rules, guide), ("bare", rules, None), ("every", &every, guide)] {
            let single: Vec<_> = tickets.iter().map(|t| evaluate_named(t, rules, cal, guide, at)).collect();
            assert_eq!(evaluate_all(&tickets, rules, cal, guide, at, Parallelism::AUTO), single, "evaluate_all at {at} ({name})");
            alerts += single.iter().map(|e| e.alerts.len()).sum::<usize>();
            feed(&format!("evaluate {name} {at}"), serde_json::to_vec(&single).expect("JSON"));
        }
    }
    // The group rules, then again once what they raised at `now` is recorded on its tickets.
    let group = |tickets: &[Ticket], rules: &RuleSet, guide, at| {
        let seq = evaluate_group_par(tickets, rules, guide, at, Parallelism::SEQUENTIAL);
        assert_eq!(evaluate_group_par(tickets, rules, guide, at, Parallelism::AUTO), seq, "evaluate_group_par at {at}");
        seq
    };
    let mut recorded = tickets.clone();
    for days in [-20, -3, 0, 1, 10] {
        let at = now + TimeDelta::days(days);
        for (name, rules, guide) in [("default", rules, guide), ("bare", rules, None), ("every", &every, guide)] {
            let g = group(&tickets, rules, guide, at);
            alerts += g.alerts.len();
            feed(&format!("group {name} {at}"), serde_json::to_vec(&g).expect("JSON"));
            if days == 0 && name == "default" {
                for t in &mut recorded {
                    let mine: Vec<_> = g.alerts.iter().filter(|a| Some(a.ticket_id.as_str()) == t.id()).cloned().collect();
                    for e in engine.record_alerts(t, &mine, at).expect("recordable alerts") {
                        t.apply(&e).expect("an escalated event applies");
                    }
                }
            }
        }
    }
    for days in [0, 1, 10] {
        let at = now + TimeDelta::days(days);
        let g = group(&recorded, rules, guide, at);
        alerts += g.alerts.len();
        feed(&format!("group recorded {at}"), serde_json::to_vec(&g).expect("JSON"));
    }
    let stored: Vec<_> = tickets
        .iter()
        .enumerate()
        .map(|(k, t)| (t, if k % 7 == 0 { Some(now - TimeDelta::minutes(1)) } else { evaluate_named(t, rules, cal, guide, now).next_check_at }))
        .collect();
    let s = sweep(stored.iter().map(|(t, n)| (*t, *n)), rules, cal, guide, now + TimeDelta::hours(5));
    feed("sweep", serde_json::to_vec(&s).expect("JSON"));
    let hex: String = digest.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("{n} tickets, {alerts} alerts: {hex}");
    std::process::exit(0);
}
