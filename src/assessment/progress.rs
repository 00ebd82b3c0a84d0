//! Progress of the long calls an analyst makes over many tickets — reading (replaying) an event
//! log, assessing histories, assessing flat records: each takes a `progress(done, total)`
//! callback, called with `done = 0` first, then every [`PROGRESS_STEP`] items, then with
//! `done = total` at the end. The callback does the reporting (a progress bar, a log line);
//! the core does no I/O. The calls without `_with_progress` are these with a callback that
//! does nothing.

use std::collections::HashMap;

use super::facts::{Counter, Facts};
use super::records::{facts_of, tickets_of};
use super::{Assessment, AssessmentOptions, TicketRecord};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::ticket::{Event, Ticket};

/// How many items (events read, tickets assessed) pass between two calls of a progress
/// callback.
pub const PROGRESS_STEP: usize = 4096;

/// [`assess`](super::assess), calling `progress(done, total)` as tickets are assessed
/// (`total` = the tickets given).
///
/// # Example
/// ```
/// use jiesu::assessment::{assess_with_progress, AssessmentOptions, Period};
/// let mut calls = Vec::new();
/// let a = assess_with_progress(&[], &AssessmentOptions::new(Period::month(2026, 3)?), &mut |done, total| calls.push((done, total)));
/// assert!(a.groups.is_empty());
/// assert_eq!(calls, [(0, 0), (0, 0)]);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn assess_with_progress(tickets: &[Ticket], options: &AssessmentOptions, progress: &mut dyn FnMut(usize, usize)) -> Assessment {
    let now = options.now.unwrap_or(options.period.to);
    let mut counter = Counter::new(options);
    let total = tickets.len();
    progress(0, total);
    for (done, t) in tickets.iter().enumerate() {
        if done > 0 && done % PROGRESS_STEP == 0 {
            progress(done, total);
        }
        if let Some(f) = Facts::of_ticket(t, now) {
            counter.add(&f);
        }
    }
    progress(total, total);
    counter.finish()
}

/// [`assess_records`](super::assess_records), calling `progress(done, total)` as tickets are
/// assessed (`total` = the distinct tickets of the records, known once they are grouped).
///
/// # Example
/// ```
/// use jiesu::assessment::{assess_records_with_progress, AssessmentOptions, Period, TicketRecord};
/// use jiesu::engine::Engine;
/// let at = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let row = |id: &str| TicketRecord { category: Some("040201".into()), ..TicketRecord::new(id, at) };
/// let mut last = (0, 0);
/// let o = AssessmentOptions::new(Period::month(2026, 3)?);
/// assess_records_with_progress(&[row("A"), row("B")], &Engine::default_engine(), &o, &mut |d, t| last = (d, t))?;
/// assert_eq!(last, (2, 2));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn assess_records_with_progress(
    records: &[TicketRecord],
    engine: &Engine,
    options: &AssessmentOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Assessment> {
    options.validate()?;
    let now = options.now.unwrap_or(options.period.to);
    let mut counter = Counter::new(options);
    let tickets = tickets_of(records)?;
    let total = tickets.len();
    progress(0, total);
    for (done, rows) in tickets.iter().enumerate() {
        if done > 0 && done % PROGRESS_STEP == 0 {
            progress(done, total);
        }
        let f = facts_of(engine, records, rows, now, options.group_by)?;
        counter.add(&f);
    }
    progress(total, total);
    Ok(counter.finish())
}

/// [`tickets_from_jsonl_with_limits`](super::tickets_from_jsonl_with_limits) — the replay of
/// an event log's histories — calling `progress(done, total)` as events are replayed (`total`
/// = the log's events).
///
/// # Example
/// ```
/// use jiesu::assessment::tickets_from_jsonl_with_progress;
/// let mut calls = Vec::new();
/// let tickets = tickets_from_jsonl_with_progress("", &jiesu::Limits::default(), &mut |d, t| calls.push((d, t)))?;
/// assert!(tickets.is_empty());
/// assert_eq!(calls, [(0, 0), (0, 0)]);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn tickets_from_jsonl_with_progress(text: &str, limits: &crate::Limits, progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<Ticket>> {
    crate::limits::check_log_bytes(limits, "jsonl", "the event log has", text.len())?;
    let items = super::log_items(text)?;
    let mut order: Vec<String> = Vec::new();
    let mut by_ticket: HashMap<String, Ticket> = HashMap::new();
    let total = items.len();
    progress(0, total);
    for (done, (place, line)) in items.into_iter().enumerate() {
        if done > 0 && done % PROGRESS_STEP == 0 {
            progress(done, total);
        }
        // The item, then the place in it or the event's own field (`line 7: seq`), and the
        // rule the item breaks.
        let at_line = |err: Error| {
            let field = match err.field() {
                Some(f) => format!("{place}: {f}"),
                None => place.clone(),
            };
            let out = Error::new(err.kind(), format!("event log {place}: {}", err.message())).with_field(field);
            match err.rule() {
                Some(r) => out.with_rule(r),
                None => out,
            }
        };
        let e: Event = crate::json::from_str(line).map_err(at_line)?;
        if e.seq == 1 && by_ticket.contains_key(&e.ticket_id) {
            // A ticket's history starting again: the ticket (or an older snapshot of it) twice.
            return Err(at_line(super::given_twice(&e.ticket_id, "its history starts again here")));
        }
        let t = by_ticket.entry(e.ticket_id.clone()).or_insert_with(|| {
            order.push(e.ticket_id.clone());
            Ticket::new()
        });
        t.apply_owned(e).map_err(at_line)?;
    }
    progress(total, total);
    Ok(order.into_iter().filter_map(|id| by_ticket.remove(&id)).collect())
}
