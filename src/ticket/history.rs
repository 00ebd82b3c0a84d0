//! A history as the platform stores it: one ticket's events as a **JSON array**, or as **JSON
//! lines** (one event per line; blank lines are skipped). Every call of the C and Python layers
//! that takes a history reads it here, so the two forms are accepted everywhere and give the
//! same errors: an event that does not read as one is named by its index, `events[3]`
//! (and its line, for JSON lines), never by its content.
//!
//! Verification reads leniently ([`verify_text`], [`verify_values`]): a stored event that gained,
//! lost or changed a field is reported as the history not being intact at that index
//! (kind `altered`), and only text that is not JSON at all is an error.
//!
//! # Example
//! ```
//! use jiesu::{engine::Engine, ticket::*};
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
//! let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
//! let events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
//! let array = serde_json::to_string(&events)?;
//! let lines: String = events.iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect();
//! assert_eq!(parse_history(&array)?, events);
//! assert_eq!(parse_history(&lines)?, events);
//!
//! // The stored event gained a field: not intact at index 0, and no error.
//! let grown = array.replacen(r#""seq":1"#, r#""seq":1,"note":"x""#, 1);
//! let v = verify_text(&grown)?;
//! assert_eq!((v.intact, v.problem.unwrap().index), (false, 0));
//! assert!(verify_text("not json").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Deserialize;
use serde_json::value::RawValue;

use super::anchor::{ChainKey, Tag};
use super::chain::{self, ArchiveFile, Tamper, Verification};
use super::event::Event;
use crate::error::{Error, Result};

/// The events of a history given as a JSON array or as JSON lines (one event per line, blank
/// lines skipped): what every C and Python call that takes a history reads. An event that does not read as one is a
/// [`Parse`](crate::ErrorKind::Parse) error at `events[i]`; text that is neither form is a
/// `Parse` error too. Empty text (or only whitespace) is refused: the history of a new
/// ticket is `[]`, written out, so that a history lost on the way (an empty database field)
/// is never taken for a new ticket.
///
/// # Example
/// ```
/// let e = jiesu::ticket::parse_history("[{\"seq\": 1}]").unwrap_err();
/// assert_eq!(e.field(), Some("events[0]"));
/// assert!(e.message().starts_with("events[0]: missing field"), "{e}");
/// assert!(jiesu::ticket::parse_history("[]").unwrap().is_empty());
/// assert!(jiesu::ticket::parse_history(" \n").unwrap_err().message().contains("[]"));
/// ```
pub fn parse_history(text: &str) -> Result<Vec<Event>> {
    read_text(text)?.map_err(|u| u.error)
}

/// The events of a history given as JSON values already in memory (the Python layer's lists
/// of dicts): errors as for [`parse_history`].
///
/// # Example
/// ```
/// let e = jiesu::ticket::history_from_values(vec![serde_json::json!({"seq": 1})]).unwrap_err();
/// assert_eq!(e.field(), Some("events[0]"));
/// ```
pub fn history_from_values(values: Vec<serde_json::Value>) -> Result<Vec<Event>> {
    read_values(values).map_err(|u| u.error)
}

/// Verifies a history given as text ([`verify`](super::verify)), reading it leniently: an item
/// that does not read as an event makes the history not intact at its index (kind `altered`,
/// the reason in the message). Only text that is not JSON (or not an array or JSON lines of
/// objects) is an error.
///
/// # Example
/// ```
/// let v = jiesu::ticket::verify_text(r#"[{"schema_version": 2}]"#)?;
/// assert!(!v.intact);
/// assert_eq!(v.problem.unwrap().kind, "altered");
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn verify_text(text: &str) -> Result<Verification> {
    Ok(verify_read(read_text(text)?, &[]))
}

/// [`verify_text`] over JSON values already in memory: never an error.
///
/// # Example
/// ```
/// let v = jiesu::ticket::verify_values(vec![serde_json::json!({"seq": 1})]);
/// assert_eq!((v.intact, v.events), (false, 1));
/// ```
pub fn verify_values(values: Vec<serde_json::Value>) -> Verification {
    verify_read(read_values(values), &[])
}

/// Verifies an archived file given as text ([`verify_archive`](super::verify_archive)),
/// reading its events leniently as [`verify_text`] does: an archived event that gained, lost
/// or changed a field makes the archive not intact at its index. The archive's own fields
/// (`ticket_id`, `event_count`, `final_hash`, …) must read as such: otherwise, and for text
/// that is not JSON, it is an error.
///
/// # Example
/// ```
/// let text = r#"{"schema_version":1,"ticket_id":"A1","event_count":1,"final_hash":"00","events":[{"seq":1}]}"#;
/// let v = jiesu::ticket::verify_archive_text(text)?;
/// assert_eq!((v.intact, v.problem.unwrap().kind.as_str()), (false, "altered"));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn verify_archive_text(text: &str) -> crate::Result<Verification> {
    verify_archive_read(crate::json::from_str::<Archive<&RawValue>>(text)?, &[])
}

/// [`verify_archive_text`] over a JSON value already in memory (the Python layer's dicts).
///
/// # Example
/// ```
/// let a = serde_json::json!({"schema_version": 1, "ticket_id": "A1", "event_count": 1, "final_hash": "00", "events": [{}]});
/// assert!(!jiesu::ticket::verify_archive_value(a)?.intact);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn verify_archive_value(value: serde_json::Value) -> crate::Result<Verification> {
    verify_archive_read(crate::json::from_value::<Archive<serde_json::Value>>(value)?, &[])
}

/// An archived file whose events are read one by one (`E`: raw text or JSON values).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Archive<E> {
    schema_version: u32,
    ticket_id: String,
    event_count: usize,
    final_hash: String,
    events: Vec<E>,
    #[serde(default)]
    tag: Option<Tag>,
}

/// An archive's item as an event (raw text or a value).
pub(crate) trait Item {
    /// The event, or the parser's error.
    fn event(self) -> Result<Event>;
}

impl Item for &RawValue {
    fn event(self) -> Result<Event> {
        crate::json::from_str(self.get())
    }
}

impl Item for serde_json::Value {
    fn event(self) -> Result<Event> {
        crate::json::from_value(self)
    }
}

/// The verification of an archive read leniently, with `keys` as
/// [`verify_archive_keyed`](chain::verify_archive_keyed).
pub(crate) fn verify_archive_read<E: Item>(a: Archive<E>, keys: &[ChainKey]) -> Result<Verification> {
    let count = a.events.len();
    let mut events = Vec::with_capacity(count);
    for (index, item) in a.events.into_iter().enumerate() {
        match item.event() {
            Ok(e) => events.push(e),
            Err(error) => return Ok(verify_read(Err(Unreadable { index, count, error: error.at(format!("events[{index}]")) }), keys)),
        }
    }
    let file =
        ArchiveFile { schema_version: a.schema_version, ticket_id: a.ticket_id, event_count: a.event_count, final_hash: a.final_hash, events, tag: a.tag };
    Ok(chain::verify_archive_keyed(&file, keys))
}

/// An item of a history that does not read as an event: its index, the number of items, the
/// parser's error (located at `events[i]`).
pub(crate) struct Unreadable {
    index: usize,
    count: usize,
    error: Error,
}

impl Unreadable {
    /// Item `index` of `count` did not read as an event: `error`, already located.
    pub(crate) fn new(index: usize, count: usize, error: Error) -> Unreadable {
        Unreadable { index, count, error }
    }
}

/// The verification of a history read leniently, with `keys` as [`verify_keyed`](chain::verify_keyed).
pub(crate) fn verify_read(read: std::result::Result<Vec<Event>, Unreadable>, keys: &[ChainKey]) -> Verification {
    match read {
        Ok(events) => chain::verify_keyed(&events, keys),
        Err(u) => Verification {
            intact: false,
            events: u.count,
            problem: Some(Tamper {
                index: u.index,
                kind: "altered".into(),
                message: format!("event {} no longer reads as an event: {}", u.index, u.error.message()),
            }),
        },
    }
}

/// Reads a history's text: the outer error when it is not JSON (or neither form), the inner
/// one when an item is not an event.
pub(crate) fn read_text(text: &str) -> Result<std::result::Result<Vec<Event>, Unreadable>> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(Error::parse("empty text: the history of a new ticket is `[]`"));
    }
    if crate::json::is_array(text) {
        // The common case in one pass; the items one by one only to locate an error.
        if let Ok(events) = crate::json::from_str::<Vec<Event>>(text) {
            return Ok(Ok(events));
        }
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| not_json(&e))?;
        let count = items.len();
        let mut events = Vec::with_capacity(count);
        for (index, item) in items.into_iter().enumerate() {
            match crate::json::from_str::<Event>(item.get()) {
                Ok(e) => events.push(e),
                Err(error) => return Ok(Err(Unreadable { index, count, error: error.at(format!("events[{index}]")) })),
            }
        }
        return Ok(Ok(events));
    }
    if !trimmed.starts_with('{') {
        return Err(Error::parse("a history is a JSON array of events, or JSON lines (one event per line)"));
    }
    let lines: Vec<(usize, &str)> = crate::json::lines(text).collect();
    let count = lines.len();
    let mut events = Vec::with_capacity(count);
    for (index, (n, line)) in lines.into_iter().enumerate() {
        match crate::json::from_str::<Event>(line) {
            Ok(e) => events.push(e),
            Err(error) => {
                serde_json::from_str::<&RawValue>(line).map_err(|e| not_json(&e).located(format!("line {n}")).at(format!("events[{index}]")))?;
                let error = error.located(format!("line {n}")).at(format!("events[{index}]"));
                return Ok(Err(Unreadable { index, count, error }));
            }
        }
    }
    Ok(Ok(events))
}

/// Types JSON values as events; the first that is not one is unreadable.
pub(crate) fn read_values(values: Vec<serde_json::Value>) -> std::result::Result<Vec<Event>, Unreadable> {
    let count = values.len();
    values
        .into_iter()
        .enumerate()
        .map(|(index, v)| crate::json::from_value(v).map_err(|error| Unreadable { index, count, error: error.at(format!("events[{index}]")) }))
        .collect()
}

/// The error for text that is not JSON (serde's message, which quotes no value for syntax),
/// worded as every JSON argument's.
fn not_json(e: &serde_json::Error) -> Error {
    Error::parse(format!("invalid JSON: {e}"))
}
