//! `make demo`: one month of Yanshan county's 接诉即办 platform, end to end.
//!
//! A seeded, reproducible simulation of September and October 2026 (Mid-Autumn 09-25..27,
//! National Day break 10-01..10-07, make-up days 09-20 and 10-10) reported for October (with
//! September as the previous period): a few thousand requests a month, in callers' phone
//! phrasing, arrive by channel and hour; the operator follows the default guide's suggester —
//! hands emergencies over, declines or documents what is out of scope, answers on the spot, or
//! dispatches to the lead unit of its first proposal (and, after an approved return, to its next
//! proposed lead) — and the units behave realistically — most on time, some
//! late, some returning or extending, some reports returned, some dissatisfied callbacks,
//! repeated and many-people requests. Escalation rules are evaluated at each ticket's
//! `next_check_at` and the group rules daily. The event log (JSON lines) is written under
//! `target/demo/` with the monthly and weekly bulletins (Markdown, JSON, printable HTML with
//! charts), then the monthly bulletin is printed.
//!
//! The simulation is in `month/` (shared with tests/demo_month.rs, which checks its routing
//! and that the flat records give the table of the histories on it).
//!
//! `cargo run --release --example yanshan_month [SEED]`

mod month;

use std::io::Write;
use std::time::Instant;

use jiesu::assessment::{bulletin, BulletinKind, Period};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let seed: u64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(month::SEED);
    let month = Period::month(2026, 10)?;
    let sim: month::Month = month::simulate(month::engine()?, month::Options { seed, month, volume_percent: 100 })?;

    // The event log: one verified history per ticket, JSON lines.
    std::fs::create_dir_all("target/demo")?;
    let mut log = std::io::BufWriter::new(std::fs::File::create("target/demo/events.jsonl")?);
    let mut events = 0usize;
    for t in &sim.tickets {
        assert!(jiesu::ticket::verify(t.events()).intact);
        for e in t.events() {
            serde_json::to_writer(&mut log, e)?;
            log.write_all(b"\n")?;
            events += 1;
        }
    }
    log.flush()?;
    // Audit the log as the county would (every ticket's chain, R-FLOW-5), then reload it as
    // the platform would, and assess from it.
    let text = std::fs::read_to_string("target/demo/events.jsonl")?;
    let audit_started = Instant::now();
    let audit = sim.engine.verify_log(&text, jiesu::parallelism::Parallelism::from_env())?;
    let audit_took = audit_started.elapsed();
    assert_eq!(audit.not_intact, 0);
    let reloaded = jiesu::assessment::tickets_from_jsonl(&text)?;
    assert_eq!(reloaded.len(), sim.tickets.iter().filter(|t| t.status().is_some()).count());
    // The calendar countdown as of the bulletin's issue date, the end of the period
    // (2026-11-01 00:00 CST): the built-in data covers 2026-12-31, 60 days later, so the
    // bulletin carries the warning. (The core never reads the clock; the demo stays
    // reproducible.)
    let issued = jiesu::calendar::local_date(month.to);
    let coverage_warning = sim.engine.coverage_warning(issued);
    let b = bulletin(&reloaded, sim.engine.guide(), BulletinKind::Monthly, month, None).with_coverage_warning(coverage_warning.clone());
    std::fs::write("target/demo/bulletin-2026-10.json", serde_json::to_string_pretty(&b)?)?;
    let md = b.to_markdown();
    std::fs::write("target/demo/bulletin-2026-10.md", &md)?;
    std::fs::write("target/demo/bulletin-2026-10.html", b.to_html())?;
    let week_period = Period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 14).unwrap_or_default())?;
    let week = bulletin(&reloaded, sim.engine.guide(), BulletinKind::Weekly, week_period, None)
        .with_coverage_warning(sim.engine.coverage_warning(jiesu::calendar::local_date(week_period.to)));
    std::fs::write("target/demo/bulletin-2026-w42.md", week.to_markdown())?;
    std::fs::write("target/demo/bulletin-2026-w42.html", week.to_html())?;

    let escalated = reloaded.iter().map(|t| t.escalations().len()).sum::<usize>();
    println!("{md}");
    println!("---");
    println!(
        "Simulated {}..{}: {} requests, {} events ({} escalations, {} group checks), {} commands issued ({} refused by the rules, e.g. late returns or reports waiting for contributions), seed {seed}, in {:.2?}.",
        jiesu::calendar::local_date(month.previous().from),
        jiesu::calendar::local_date(month.to) - chrono::Days::new(1),
        reloaded.len(),
        events,
        escalated,
        sim.group_checks,
        sim.commands,
        sim.refusals.values().sum::<u64>(),
        started.elapsed()
    );
    let mut triage: Vec<(&str, u64)> = sim.triage.iter().map(|(k, n)| (*k, *n)).collect();
    triage.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("The operator, following the suggester's first proposal: {}.", triage.iter().map(|(k, n)| format!("{k} ×{n}")).collect::<Vec<_>>().join(", "));
    // How often the suggester's first proposal is the category the phrasebook's author meant.
    let meant: Vec<(&str, Option<&str>)> = sim
        .requests
        .iter()
        .zip(&sim.tickets)
        .filter(|(r, _)| r.about.starts_with(|c: char| c.is_ascii_digit()))
        .map(|(r, t)| (r.about.as_str(), t.classification().map(|c| c.category.as_str())))
        .collect();
    let dispatched_as_meant = meant.iter().filter(|(about, got)| got.is_some_and(|g| g.starts_with(about))).count();
    println!(
        "{dispatched_as_meant} of the {} requests written for a category were dispatched in it (the demo follows the suggester, right or wrong).",
        meant.len()
    );
    let mut refusals: Vec<(String, u64)> = sim.refusals.into_iter().collect();
    refusals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("Refused commands by kind: {}", refusals.iter().map(|(k, n)| format!("{k} ×{n}")).collect::<Vec<_>>().join(", "));
    let provisional = reloaded.iter().filter(|t| t.completion().is_some_and(|c| c.provisional)).count();
    println!("{provisional} completion deadlines reach 2027 and are provisional (weekends only) until the 2027 schedule is loaded.");
    match (&coverage_warning, sim.engine.calendar().days_left(issued)) {
        (Some(w), _) => println!("Calendar coverage countdown on {issued} (the bulletin's issue date): {w}"),
        (None, Some(n)) => println!("Calendar coverage countdown on {issued} (the bulletin's issue date): {n} days left."),
        (None, None) => {}
    }
    println!("Audit of the event log (Engine::verify_log): {} tickets intact, {} not, in {audit_took:.2?}.", audit.intact, audit.not_intact);
    println!("Event log: target/demo/events.jsonl; bulletins: target/demo/bulletin-2026-10.{{md,json,html}}, target/demo/bulletin-2026-w42.{{md,html}} (the HTML prints on A4).");
    Ok(())
}
