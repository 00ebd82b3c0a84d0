//! Auditing a whole event log (R-FLOW-5): the platform's export of a month, or of every ticket
//! it stores, checked ticket by ticket — each history's chain, hashes and (with an engine's
//! chain keys) tags — into one report: which tickets are intact, and for each that is not,
//! the first problem and the log line it is on.
//!
//! Reading is lenient as in [`verify_text`](super::verify_text): an event that gained, lost
//! or changed a field makes its ticket not intact and does not stop the audit. What stops it
//! (an error) is a log that is not JSON, larger than `limits.max_log_bytes`, or an item
//! whose `ticket_id` cannot be read (it cannot be given to any ticket).
//!
//! [`Engine::verify_log`](crate::engine::Engine::verify_log) is the call; the histories are
//! checked over the threads a [`Parallelism`] allows.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::anchor::ChainKey;
use super::batch::each;
use super::chain::Verification;
use super::history::{verify_read, Unreadable};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::parallelism::Parallelism;

/// The audit of an event log: one entry per ticket, in the order of each ticket's first
/// event in the log, and the counts.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, parallelism::Parallelism, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let engine = Engine::default_engine();
/// let register = |id: &str| -> Vec<Event> {
///     let cmd: Command = serde_json::from_str(&format!(r#"{{"type":"register","id":"{id}","appeal_type":"help","content":"求助"}}"#)).unwrap();
///     engine.handle(&[], &Actor::command_center(), &cmd, now).unwrap()
/// };
/// let log: String = [register("A1"), register("A2")].iter().flatten().map(|e| serde_json::to_string(e).unwrap() + "\n").collect();
/// // Ticket A2's first event rewritten in the stored log (line 2).
/// let log = log.replacen("A2\",\"seq\":1", "A2\",\"seq\":7", 1);
/// let audit = engine.verify_log(&log, Parallelism::from_env())?;
/// assert_eq!((audit.intact, audit.not_intact), (1, 1));
/// let bad = &audit.tickets[1];
/// assert_eq!((bad.ticket_id.as_str(), bad.line.as_deref()), ("A2", Some("line 2")));
/// assert_eq!(bad.verification.problem.as_ref().unwrap().kind, "reordered_or_missing");
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LogVerification {
    /// One entry per ticket of the log, in the order of each ticket's first event.
    pub tickets: Vec<TicketVerification>,
    /// How many tickets are intact.
    pub intact: usize,
    /// How many tickets are not.
    pub not_intact: usize,
}

/// One ticket of a [`LogVerification`]: its id, its history's [`Verification`] (the problem's
/// `index` counts the ticket's own events), and where in the log the problem is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TicketVerification {
    /// The ticket, as its events name it.
    pub ticket_id: String,
    /// The place in the log of the event the problem is at: `line 7` in JSON lines,
    /// `events[3]` in one JSON array, `line 7[3]` in a line that holds a history; absent when
    /// the ticket is intact, or when the problem is after its last event (a missing tag on
    /// the history as a whole never is: tags are per event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// The history's verification: `intact`, `events` (this ticket's), `problem`.
    #[serde(flatten)]
    pub verification: Verification,
}

/// What a log item must give to be put with its ticket: its `ticket_id` (the rest is read
/// with the ticket's history, leniently).
#[derive(Deserialize)]
struct Owner<'a> {
    #[serde(borrow)]
    ticket_id: Cow<'a, str>,
}

/// One ticket's items: their places in the log and their text.
struct Group<'a> {
    ticket_id: String,
    places: Vec<String>,
    items: Vec<&'a str>,
}

/// The audit of `text` (a JSON array of events, JSON lines, or one history a line) with
/// `keys`, under `limits.max_log_bytes`, each ticket's history over the threads of `par`.
pub(crate) fn verify_log_keyed(text: &str, keys: &[ChainKey], limits: &Limits, par: Parallelism) -> Result<LogVerification> {
    crate::limits::check_log_bytes(limits, "jsonl", "the event log has", text.len())?;
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (place, item) in crate::assessment::log_items(text)? {
        // serde_json's own reader for the one field (the event is read again, whole and with
        // the crate's checks, with its ticket); the crate's reader for the error's message,
        // which quotes no value.
        let owner: Owner<'_> = match serde_json::from_str(item) {
            Ok(owner) => owner,
            Err(_) => {
                let e = crate::json::from_str::<Owner<'_>>(item).err().unwrap_or_else(|| Error::parse("the event's ticket_id is not a string"));
                let message = format!("event log {place}: the event's ticket cannot be read ({}): the log cannot be audited", e.message());
                return Err(Error::new(e.kind(), message).with_field(format!("{place}: ticket_id")).with_rule("R-FLOW-5"));
            }
        };
        let g = match by_id.get(owner.ticket_id.as_ref()) {
            Some(&g) => g,
            None => {
                by_id.insert(owner.ticket_id.to_string(), groups.len());
                groups.push(Group { ticket_id: owner.ticket_id.into_owned(), places: Vec::new(), items: Vec::new() });
                groups.len() - 1
            }
        };
        groups[g].places.push(place);
        groups[g].items.push(item);
    }
    let tickets = each(&groups, par, |g| verify_group(g, keys));
    let intact = tickets.iter().filter(|t| t.verification.intact).count();
    Ok(LogVerification { not_intact: tickets.len() - intact, intact, tickets })
}

/// One ticket's history read leniently from its items and verified with `keys`.
fn verify_group(g: &Group<'_>, keys: &[ChainKey]) -> TicketVerification {
    let count = g.items.len();
    let read = g
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| crate::json::from_str(item).map_err(|error: Error| Unreadable::new(index, count, error.at(format!("events[{index}]")))))
        .collect();
    let verification = verify_read(read, keys);
    let line = verification.problem.as_ref().and_then(|p| g.places.get(p.index)).cloned();
    TicketVerification { ticket_id: g.ticket_id.clone(), line, verification }
}
