//! Shared immutable handles used from many threads: one `Engine` and one `Calendar`, shared by
//! reference between 8 threads (`std::thread::scope`), give exactly the results of a sequential
//! run — for day and working-time arithmetic, SLA deadlines, suggestions, command decisions
//! (`Ticket::handle`) and escalation (`evaluate`).

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::calendar::{Calendar, Roll};
use jiesu::engine::Engine;
use jiesu::escalation;
use jiesu::sla::{HandlingClass, SlaInput, Urgency};
use jiesu::ticket::{Command, Ticket};

#[path = "../fuzz/src/lib.rs"]
#[allow(unused_imports)]
mod harness;

const THREADS: usize = 8;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn outcome<T: serde::Serialize>(r: jiesu::Result<T>) -> String {
    match r {
        Ok(v) => serde_json::to_string(&v).unwrap(),
        Err(e) => format!("error {:?}: {}", e.kind(), e),
    }
}

/// Day and working-time arithmetic over 2004–2026 and beyond the coverage.
fn calendar_work(cal: &Calendar) -> Vec<String> {
    let mut out = Vec::new();
    for day in (12_400..21_000i64).step_by(37) {
        out.push(outcome(cal.is_workday_epoch(day)));
        for n in [-30i64, -1, 1, 5, 15, 400] {
            out.push(outcome(cal.add_working_days_epoch(day, n)));
        }
        out.push(outcome(cal.busday_offset_epoch(day, 3, Roll::ModifiedFollowing)));
        out.push(outcome(cal.busday_count_epoch(day, day + 90)));
        let ts = day * 86_400 + 3 * 3600;
        out.push(outcome(cal.add_working_seconds(ts, 7 * 3600 + 1)));
        out.push(outcome(cal.working_seconds_between(ts, ts + 30 * 86_400)));
    }
    out
}

/// SLA deadlines of every class and urgency, dispatched at many instants.
fn deadline_work(engine: &Engine) -> Vec<String> {
    let mut out = Vec::new();
    let start = t("2025-12-20T08:00:00+08:00");
    for i in 0..400 {
        let at = start + TimeDelta::minutes(i * 397);
        for (u, c) in [(Urgency::Normal, HandlingClass::Normal), (Urgency::Urgent, HandlingClass::Urgent), (Urgency::Normal, HandlingClass::Complex)] {
            out.push(outcome(engine.policy().deadlines(engine.calendar(), at, &SlaInput::new(u, c))));
        }
    }
    out
}

/// Suggestions for the realistic request texts of the guide tests.
fn suggest_work(engine: &Engine, texts: &[String]) -> Vec<String> {
    texts.iter().map(|s| serde_json::to_string(&engine.guide().suggest(s, None)).unwrap()).collect()
}

/// Every seed command of the `command` fuzz target on every fixture history, with its actor.
fn handle_work(engine: &Engine) -> Vec<String> {
    let f = harness::fixtures();
    let mut out = Vec::new();
    for seed in harness::seeds("command") {
        let snap = &f.snapshots[seed[0] as usize % f.snapshots.len()];
        let tk: &Ticket = &snap.ticket;
        let Ok(command) = serde_json::from_slice::<Command>(&seed[7..]) else { continue };
        for b in 0..12u8 {
            let actor = harness::actor_for(b, tk);
            let now = harness::instant_for(tk, 2, 1 + b as i32);
            out.push(outcome(tk.handle(engine, &actor, &command, now)));
        }
    }
    out
}

/// Escalation of every fixture ticket at several instants.
fn evaluate_work(engine: &Engine) -> Vec<String> {
    let f = harness::fixtures();
    let mut out = Vec::new();
    for s in &f.snapshots {
        for now in ["2026-03-02T12:00:00+08:00", "2026-03-04T00:00:00+08:00", "2026-03-20T09:00:00+08:00", "2026-06-01T00:00:00+08:00"] {
            out.push(serde_json::to_string(&escalation::evaluate(&s.ticket, engine.rules(), engine.calendar(), t(now))).unwrap());
        }
    }
    out.push(serde_json::to_string(&escalation::evaluate_group(&f.tickets, engine.rules(), t("2026-03-31T00:00:00+08:00"))).unwrap());
    out
}

fn texts() -> Vec<String> {
    let cases: toml::Value = toml::from_str(include_str!("data/guide_requests.toml")).unwrap();
    cases["case"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn shared_engine_and_calendar_give_the_sequential_results_on_8_threads() {
    let engine = Engine::default_engine();
    let calendar: Calendar = Calendar::cn().with_overlay(&jiesu::calendar::CalendarData::from_toml(jiesu::calendar::EXAMPLE_OVERLAY_DATA).unwrap()).unwrap();
    let texts = texts();
    // Build the fixtures before the threads start (they are shared too).
    let _ = harness::fixtures();
    type Work<'a> = Box<dyn Fn() -> Vec<String> + Sync + 'a>;
    let works: Vec<(&str, Work)> = vec![
        ("calendar", Box::new(|| calendar_work(&calendar))),
        ("engine calendar", Box::new(|| calendar_work(engine.calendar()))),
        ("deadlines", Box::new(|| deadline_work(&engine))),
        ("suggest", Box::new(|| suggest_work(&engine, &texts))),
        ("handle", Box::new(|| handle_work(&engine))),
        ("evaluate", Box::new(|| evaluate_work(&engine))),
    ];
    let sequential: Vec<Vec<String>> = works.iter().map(|(_, w)| w()).collect();
    for (name, results) in works.iter().map(|(n, _)| n).zip(&sequential) {
        assert!(results.len() >= 10, "{name}: only {} results", results.len());
    }
    // Every thread runs every kind of work, each starting at a different one, so that the
    // same functions run at the same time on different threads.
    let parallel: Vec<Vec<Vec<String>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|i| {
                let works = &works;
                s.spawn(move || {
                    let mut got = vec![Vec::new(); works.len()];
                    for k in 0..works.len() {
                        let j = (i + k) % works.len();
                        got[j] = (works[j].1)();
                    }
                    got
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker thread panicked")).collect()
    });
    for (i, got) in parallel.iter().enumerate() {
        for ((name, _), (want, have)) in works.iter().zip(sequential.iter().zip(got)) {
            assert!(want == have, "thread {i}: {name} differs from the sequential run");
        }
    }
    // The handles are unchanged by all that use.
    assert!(engine == Engine::default_engine());
    assert_eq!(calendar.sources().len(), 2);
}

#[test]
fn engine_and_calendar_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Engine>();
    check::<Calendar>();
    check::<jiesu::guide::Guide>();
    check::<Ticket>();
}

/// The batch in blocks with progress gives what one `try_map` gives, whatever the block size
/// and the threads, reports after every block, and names the first failing item of the batch.
#[test]
fn try_map_with_progress_equals_try_map_and_reports_every_block() {
    let items: Vec<u64> = (0..1_000).collect();
    let f = |i: usize, x: u64| if x % 997 == 996 { Err(jiesu::Error::parse(format!("item {i}"))) } else { Ok(x * 3 + i as u64) };
    for threads in [1, 2, 3] {
        let par = jiesu::parallelism::Parallelism::threads(threads);
        for step in [0, 1, 7, 100, 996, 997, 5_000] {
            let whole = par.try_map(items[..996].to_vec(), 10, f).unwrap();
            let mut reports = Vec::new();
            let blocks = par.try_map_with_progress(items[..996].to_vec(), 10, step, f, &mut |d, t| reports.push((d, t))).unwrap();
            assert_eq!(blocks, whole, "threads {threads}, step {step}");
            let step = step.max(1);
            let expected: Vec<(usize, usize)> =
                std::iter::once(0).chain((1..=996usize.div_ceil(step)).map(|k| (k * step).min(996))).map(|d| (d, 996)).collect();
            assert_eq!(reports, expected, "threads {threads}, step {step}");
            let err = par.try_map_with_progress(items.clone(), 10, step, f, &mut |_, _| {}).unwrap_err();
            assert_eq!((err.name(), err.index(), err.error().message()), ("items", 996, "item 996"), "threads {threads}, step {step}");
        }
    }
}
