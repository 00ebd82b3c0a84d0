//! Instruction-count driver for the ticket hot paths (issue 13: before/after the core
//! redesign on a loaded machine). Not a criterion bench: it runs each path once over
//! `JIESU_COUNT_N` lifecycles (default 1000) in its own `#[inline(never)]` function, so that
//! `valgrind --tool=callgrind` + `callgrind_annotate --inclusive=yes` give each path's
//! instruction total, which divided by the commands or events it processed is the cost per
//! command or per event — repeatable whatever the load. `benches/count_instructions.sh` does
//! the whole measurement. Run alone, the driver prints, per phase, the wall-clock time and the
//! time this thread spent on a CPU (`/proc/thread-self/schedstat`, Linux: on a loaded machine
//! the time the thread waited for a core is left out), the best of `JIESU_COUNT_REPEAT` runs
//! (default 1), and the heap allocations per command or event (a counting global allocator:
//! clones and temporary buffers show here, whatever the load). `JIESU_COUNT_PHASE` (`handle_apply`, `execute`, `replay`, `verify`,
//! `encode`, `verify_all`, `replay_all`) runs only that phase after the set-up; the last two are the
//! batch calls over `JIESU_NUM_THREADS` threads (timed only: callgrind counts one thread).
//!
//! The script is the `ticket` bench's (ten commands from `register` to `archive`), with a
//! distinct id per lifecycle as in its replay set; every phase drops what it builds, as
//! criterion's iterations do.

use chrono::{DateTime, FixedOffset};
use jiesu::engine::Engine;
use jiesu::parallelism::Parallelism;
use jiesu::ticket::{Actor, Command, Event, Ticket};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[path = "common/lifecycle.rs"]
mod script;
use script::lifecycle;

type Script = Vec<(Actor, Command, DateTime<FixedOffset>)>;

/// The system allocator, counting allocations (the driver prints them per command or event:
/// clones and temporary buffers show up here first).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is handed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is handed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is handed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `handle` then `apply` of every event, lifecycle after lifecycle. Returns the events.
#[inline(never)]
fn phase_handle_apply(engine: &Engine, scripts: &[Script]) -> usize {
    let mut n = 0;
    for script in scripts {
        let mut t = Ticket::new();
        for (actor, cmd, now) in script {
            for e in t.handle(engine, actor, cmd, *now).unwrap() {
                t.apply(&e).unwrap();
            }
        }
        n += black_box(t.events().len());
    }
    n
}

/// `execute` (decide and apply in place), lifecycle after lifecycle. Returns the events.
#[inline(never)]
fn phase_execute(engine: &Engine, scripts: &[Script]) -> usize {
    let mut n = 0;
    for script in scripts {
        let mut t = Ticket::new();
        for (actor, cmd, now) in script {
            t.execute(engine, actor, cmd, *now).unwrap();
        }
        n += black_box(t.events().len());
    }
    n
}

/// `Ticket::replay` (hash chain and every check) of every history. Returns the events.
#[inline(never)]
fn phase_replay(histories: &[Vec<Event>]) -> usize {
    let mut n = 0;
    for h in histories {
        n += black_box(Ticket::replay(h).unwrap()).events().len();
    }
    n
}

/// `Ticket::replay_owned` of every history, taken (the copies made by the caller, outside the
/// count), the tickets dropped as replay drops them. Returns the events.
#[inline(never)]
fn phase_replay_owned(histories: Vec<Vec<Event>>) -> usize {
    let mut n = 0;
    for h in histories {
        n += black_box(Ticket::replay_owned(h).unwrap()).events().len();
    }
    n
}

/// `verify` (hash chain only) of every history. Returns the events.
#[inline(never)]
fn phase_verify(histories: &[Vec<Event>]) -> usize {
    let mut n = 0;
    for h in histories {
        let v = jiesu::ticket::verify(h);
        assert!(v.intact);
        n += black_box(v.events);
    }
    n
}

/// `ticket::canonical_encoding` of every event into one reused buffer (the encoding alone,
/// the `ticket` bench's `encode_only_1000_tickets`). Returns the events.
#[inline(never)]
fn phase_encode(histories: &[Vec<Event>]) -> usize {
    let mut out = Vec::with_capacity(4096);
    let mut n = 0;
    for e in histories.iter().flatten() {
        out.clear();
        jiesu::ticket::canonical_encoding(e, &mut out).unwrap();
        n += black_box(out.len()).min(1);
    }
    n
}

/// `ticket::verify_all` over the histories (the threads of `JIESU_NUM_THREADS`, or every
/// core). Returns the events. Not counted by `count_instructions.sh` (several threads).
#[inline(never)]
fn phase_verify_all(histories: &[Vec<Event>]) -> usize {
    jiesu::ticket::verify_all(histories, Parallelism::from_env()).iter().map(|v| black_box(v.events)).sum()
}

/// `Ticket::replay_all` over the histories, the tickets dropped at the end. Returns the
/// events. Not counted by `count_instructions.sh` (several threads).
#[inline(never)]
fn phase_replay_all(histories: &[Vec<Event>]) -> usize {
    Ticket::replay_all(histories, Parallelism::from_env()).iter().map(|t| black_box(t.as_ref().unwrap().events().len())).sum()
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat), if known.
fn on_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn main() {
    let n: usize = std::env::var("JIESU_COUNT_N").ok().map(|s| s.parse().expect("JIESU_COUNT_N: a number")).unwrap_or(1000);
    let engine = Engine::default_engine();
    let scripts: Vec<Script> = (0..n).map(|i| lifecycle(&engine, i)).collect();
    let commands: usize = scripts.iter().map(|s| s.len()).sum();
    let histories: Vec<Vec<Event>> = scripts
        .iter()
        .map(|s| {
            let mut t = Ticket::new();
            for (actor, cmd, now) in s {
                t.execute(&engine, actor, cmd, *now).unwrap();
            }
            t.events().to_vec()
        })
        .collect();
    let events: usize = histories.iter().map(|h| h.len()).sum();
    // The last hash of the first history: equal on two commits, their events (and so the
    // SHA-256 work) are the same.
    println!("{n} lifecycles, {commands} commands, {events} events, first history ends with {}", &histories[0].last().unwrap().hash[..16]);
    println!("an Event is {} bytes, a Ticket {} (moved by value as the history grows)", std::mem::size_of::<Event>(), std::mem::size_of::<Ticket>());
    let only = std::env::var("JIESU_COUNT_PHASE").ok();
    let repeat: usize = std::env::var("JIESU_COUNT_REPEAT").ok().map_or(1, |s| s.parse().expect("JIESU_COUNT_REPEAT: a number"));
    let time = |name: &str, units: usize, unit: &str, f: &dyn Fn() -> usize| {
        if only.as_deref().is_some_and(|p| format!("phase_{p}") != name) {
            return;
        }
        let (mut wall, mut cpu) = (f64::MAX, f64::MAX);
        let mut allocations = 0;
        for _ in 0..repeat.max(1) {
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            let (start, on_cpu) = (Instant::now(), on_cpu_ns());
            black_box(f());
            allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
            wall = wall.min(start.elapsed().as_secs_f64());
            cpu = cpu.min(on_cpu_ns().zip(on_cpu).map_or(f64::NAN, |(b, a)| (b - a) as f64 / 1e9));
        }
        println!(
            "{name:<20} wall {:>8.2} ms {:>10.0} {unit}/s   on-CPU {:>8.2} ms {:>10.0} {unit}/s   {:>6.2} allocations per {}",
            wall * 1e3,
            units as f64 / wall,
            cpu * 1e3,
            units as f64 / cpu,
            allocations as f64 / units as f64,
            unit.trim_end_matches('s')
        );
    };
    time("phase_handle_apply", commands, "commands", &|| phase_handle_apply(&engine, &scripts));
    time("phase_execute", commands, "commands", &|| phase_execute(&engine, &scripts));
    time("phase_replay", events, "events", &|| phase_replay(&histories));
    time("phase_replay_owned", events, "events", &|| phase_replay_owned(histories.clone()));
    time("phase_verify", events, "events", &|| phase_verify(&histories));
    time("phase_encode", events, "events", &|| phase_encode(&histories));
    time("phase_verify_all", events, "events", &|| phase_verify_all(&histories));
    time("phase_replay_all", events, "events", &|| phase_replay_all(&histories));
}
