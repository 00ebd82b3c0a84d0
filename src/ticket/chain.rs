//! The hash chain (R-FLOW-5): each event carries the SHA-256 of its canonical encoding and
//! the previous event's hash, so a history is verifiable as unaltered ([`verify`]), and an
//! archived file ([`ArchiveFile`]) as complete ([`verify_archive`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::anchor::{self, ChainKey, Tag};
use super::canonical;
use super::event::{Event, EventBody};
use super::privacy;
use super::status::EVENT_SCHEMA_VERSION;
use crate::error::{Error, ErrorKind, Result};

/// The `prev_hash` of a ticket's first event.
pub(crate) const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The result of verifying a history's hash chain.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
/// let mut events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
/// assert!(verify(&events).intact);
/// if let EventBody::Registered { content, .. } = &mut events[0].body {
///     *content = "另一内容".into(); // altered after the fact
/// }
/// let v = verify(&events);
/// assert_eq!((v.intact, v.problem.unwrap().kind.as_str()), (false, "altered"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verification {
    /// Whether the history is intact.
    pub intact: bool,
    /// Number of events checked.
    pub events: usize,
    /// The first problem found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Tamper>,
}

/// Where and how a history was altered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tamper {
    /// Index (0-based) of the first bad event.
    pub index: usize,
    /// `altered` (hash mismatch), `reordered_or_missing` (sequence gap or swap),
    /// `chain_broken` (prev_hash mismatch), `mixed_tickets`, `schema_version`, `truncated`;
    /// with a keyed engine also `tag_missing`, `tag_invalid` (a tag its key did not produce,
    /// or of an unsupported algorithm) and `tag_unknown_key` (a key id the engine does not
    /// hold). On an archive's own tag the index is the number of events.
    pub kind: String,
    /// Details.
    pub message: String,
}

/// The archived file of a ticket (一人一诉一档, R-FLOW-5): the ordered events and the final
/// state, anchored by the last event's hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArchiveFile {
    /// Must be [`SCHEMA_VERSION`](super::SCHEMA_VERSION).
    pub schema_version: u32,
    /// Ticket id.
    pub ticket_id: String,
    /// Number of events.
    pub event_count: usize,
    /// Hash of the last event.
    pub final_hash: String,
    /// The events.
    pub events: Vec<Event>,
    /// The anchor of an archive made by a keyed engine: a [`Tag`] over the ticket id, the
    /// event count and the final hash (absent from an unkeyed archive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
}

/// Canonical hash of an event: SHA-256 over its canonical encoding (see `canonical`): the
/// event without its `hash`, every field in its place, absent optional fields marked. Under
/// schema version 2 ([`EVENT_SCHEMA_VERSION`]) every instant is encoded as what it is (Unix
/// seconds and nanoseconds), so the same history spelt in another offset keeps its hashes;
/// under version 1 the instant `at` carried its offset and the body's instants their text.
pub(crate) fn event_hash(e: &Event) -> Result<String> {
    event_digest(e).map(|d| hash_text(&d))
}

/// The hash (lowercase hex) spelling `digest`.
fn hash_text(digest: &[u8; 32]) -> String {
    let digits = privacy::hex_digest(digest);
    // ASCII hex digits: always UTF-8.
    std::str::from_utf8(&digits).map(String::from).unwrap_or_default()
}

/// Whether `hash` is the lowercase hex spelling of `digest` (what [`event_hash`] would
/// return), compared without spelling a `String`: the digits on the stack, one slice
/// comparison.
pub(crate) fn hash_matches(digest: &[u8; 32], hash: &str) -> bool {
    hash.as_bytes() == privacy::hex_digest(digest).as_slice()
}

/// The SHA-256 digest of [`event_hash`], and the span of the body's instants (for the
/// plausibility window).
#[cfg(test)]
pub(crate) fn event_digest_and_span(e: &Event) -> Result<([u8; 32], canonical::Span)> {
    let (instants, offset) = instants_of(e)?;
    canonical::event::hash(e, instants, offset).map_err(encoding_error)
}

/// The SHA-256 digest of [`event_hash`].
pub(crate) fn event_digest(e: &Event) -> Result<[u8; 32]> {
    let (instants, offset) = instants_of(e)?;
    canonical::event::hash_then(e, instants, offset, |_| ()).map(|(d, ())| d).map_err(encoding_error)
}

/// The SHA-256 digest of [`event_hash`], and whether the body's instants lie within `limits`'
/// plausible window (the span's check, made where the encoder noted it; the caller reports it
/// after the hash's own check).
pub(crate) fn event_digest_within(e: &Event, limits: &crate::Limits) -> Result<([u8; 32], Result<()>)> {
    let (instants, offset) = instants_of(e)?;
    canonical::event::hash_then(e, instants, offset, |span| span.check(limits)).map_err(encoding_error)
}

/// The canonical encoding of an event: the bytes whose SHA-256 is its hash
/// ([`compute_hash`]), appended to `out` — for integrators who hash or sign events with their
/// own tools, and to measure what hashing alone costs. The layout: every value starts with a
/// tag byte; struct fields in declared order, an absent optional field as a marker in its
/// place; strings prefixed by their length; under schema version 2 instants as Unix seconds
/// and nanoseconds.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
/// let events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
/// let mut bytes = Vec::new();
/// canonical_encoding(&events[0], &mut bytes)?;
/// // Every value starts with its tag: the event is a struct (10) and ends with 0.
/// assert_eq!((bytes[0], *bytes.last().unwrap()), (10, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn canonical_encoding(e: &Event, out: &mut Vec<u8>) -> Result<()> {
    let (instants, offset) = instants_of(e)?;
    canonical::event::encode(e, instants, offset, out).map(|_| ()).map_err(encoding_error)
}

fn encoding_error(err: canonical::Error) -> Error {
    Error::new(ErrorKind::InvalidInput, format!("event encoding: {err}"))
}

/// How event `e`'s instants are encoded, and the offset its `at` carries into the hash:
/// under schema version 1 the instant `at` with its offset and the body's as text, under
/// version 2 every instant as what it is.
fn instants_of(e: &Event) -> Result<(canonical::Instants, i32)> {
    match e.schema_version {
        1 => Ok((canonical::Instants::Spelled, e.at.offset().local_minus_utc())),
        2 => Ok((canonical::Instants::Canonical, 0)),
        v => Err(Error::new(ErrorKind::InvalidInput, format!("event schema version {v} (expected 1 to {EVENT_SCHEMA_VERSION})"))),
    }
}

/// The encoding of an event as the serde walk writes it (`canonical::encode` of the event's
/// view, what the hash was computed over before `canonical::event` wrote it field by field):
/// the reference the field-by-field encoder is held to.
#[cfg(test)]
pub(crate) fn serde_encoding(e: &Event, out: &mut Vec<u8>) -> Result<canonical::Span> {
    #[derive(Serialize)]
    struct View<'a> {
        schema_version: u32,
        ticket_id: &'a str,
        seq: u64,
        at: (i64, u32, i32),
        actor: &'a Actor,
        body: &'a EventBody,
        prev_hash: &'a str,
    }
    let (instants, offset) = instants_of(e)?;
    let view = View {
        schema_version: e.schema_version,
        ticket_id: &e.ticket_id,
        seq: e.seq,
        at: (e.at.timestamp(), e.at.timestamp_subsec_nanos(), offset),
        actor: &e.actor,
        body: &e.body,
        prev_hash: &e.prev_hash,
    };
    canonical::encode(&view, instants, out).map_err(encoding_error)
}

/// Whether an event of schema version `v` may follow one of version `prev` (`None` for the
/// first event): versions 1 and 2 are read, and a history never goes back to an older one (a
/// ticket registered under version 1 continues with version-2 events).
pub(crate) fn version_follows(v: u32, prev: Option<u32>) -> bool {
    (1..=EVENT_SCHEMA_VERSION).contains(&v) && prev.is_none_or(|p| p <= v)
}

/// The canonical hash (hex SHA-256) an event must carry: what [`Ticket::handle`](super::Ticket::handle) writes and
/// [`verify`] checks. Integrators that build or check events themselves use it.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#).unwrap();
/// let events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now).unwrap();
/// assert_eq!(compute_hash(&events[0]).unwrap(), events[0].hash);
/// ```
pub fn compute_hash(e: &Event) -> Result<String> {
    event_hash(e)
}

/// Verifies a history: schema versions, one ticket, sequence 1…n without gaps, each
/// `prev_hash` the previous `hash`, each `hash` the canonical hash of its event.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::*};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
/// let mut events = Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &cmd, now)?;
/// assert!(verify(&events).intact);
/// if let EventBody::Registered { content, .. } = &mut events[0].body {
///     *content = "另一内容".into(); // altered after the fact
/// }
/// let v = verify(&events);
/// assert_eq!((v.intact, v.problem.unwrap().kind.as_str()), (false, "altered"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify(events: &[Event]) -> Verification {
    let bad = |index: usize, kind: &str, message: String| Verification {
        intact: false,
        events: events.len(),
        problem: Some(Tamper { index, kind: kind.into(), message }),
    };
    let mut prev = ZERO_HASH;
    for (i, e) in events.iter().enumerate() {
        if !version_follows(e.schema_version, i.checked_sub(1).map(|p| events[p].schema_version)) {
            return bad(i, "schema_version", format!("event {i} has schema version {}", e.schema_version));
        }
        if e.ticket_id != events[0].ticket_id {
            return bad(i, "mixed_tickets", format!("event {i} belongs to ticket {:?}, not {:?}", e.ticket_id, events[0].ticket_id));
        }
        if e.seq != i as u64 + 1 {
            return bad(i, "reordered_or_missing", format!("event {i} has seq {} (expected {})", e.seq, i + 1));
        }
        if e.prev_hash != prev {
            return bad(i, "chain_broken", format!("event seq {} does not follow the previous event's hash", e.seq));
        }
        match event_digest(e) {
            Ok(d) if hash_matches(&d, &e.hash) => {}
            _ => return bad(i, "altered", format!("event seq {} ({}) does not match its hash", e.seq, e.body.name())),
        }
        prev = &e.hash;
    }
    Verification { intact: true, events: events.len(), problem: None }
}

/// Verifies an archived file: the chain, and that it ends at the recorded final hash with the
/// recorded number of events (so a truncated file is detected).
///
/// # Example
/// ```
/// let a = jiesu::ticket::ArchiveFile { schema_version: 1, ticket_id: "x".into(), event_count: 1, final_hash: "00".into(), events: vec![], tag: None };
/// assert_eq!(jiesu::ticket::verify_archive(&a).problem.unwrap().kind, "truncated");
/// ```
pub fn verify_archive(a: &ArchiveFile) -> Verification {
    let v = verify(&a.events);
    if !v.intact {
        return v;
    }
    let last = a.events.last().map(|e| e.hash.as_str()).unwrap_or(ZERO_HASH);
    if a.events.len() != a.event_count || last != a.final_hash {
        return Verification {
            intact: false,
            events: a.events.len(),
            problem: Some(Tamper {
                index: a.events.len(),
                kind: "truncated".into(),
                message: format!("the file has {} events ending in {last}, the archive recorded {} ending in {}", a.events.len(), a.event_count, a.final_hash),
            }),
        };
    }
    v
}

/// [`verify`], then, when `keys` is not empty, that every event carries a tag one of `keys`
/// produced (what [`Engine::verify`](crate::engine::Engine::verify) does).
pub(crate) fn verify_keyed(events: &[Event], keys: &[ChainKey]) -> Verification {
    let v = verify(events);
    if !v.intact || keys.is_empty() {
        return v;
    }
    match anchor::check_events(events, keys) {
        Some(p) => anchor::refused(events.len(), p),
        None => v,
    }
}

/// [`verify_archive`], then, when `keys` is not empty, every event's tag and the archive's
/// own (what [`Engine::verify_archive`](crate::engine::Engine::verify_archive) does).
pub(crate) fn verify_archive_keyed(a: &ArchiveFile, keys: &[ChainKey]) -> Verification {
    let v = verify_archive(a);
    if !v.intact || keys.is_empty() {
        return v;
    }
    match anchor::check_events(&a.events, keys).or_else(|| anchor::check_archive(a, keys)) {
        Some(p) => anchor::refused(a.events.len(), p),
        None => v,
    }
}

/// Wraps event bodies into chained, hashed events that continue a history whose last event
/// is `last` (`None` for a new ticket), tagged with `key` when there is one.
pub(crate) fn seal(
    last: Option<&Event>,
    ticket_id: &str,
    actor: &Actor,
    bodies: Vec<EventBody>,
    now: DateTime<FixedOffset>,
    key: Option<&ChainKey>,
) -> Result<Vec<Event>> {
    let first = last.map_or(1, |e| e.seq + 1);
    let mut out: Vec<Event> = Vec::with_capacity(bodies.len());
    for (i, body) in bodies.into_iter().enumerate() {
        // The hash this event follows: the one sealed just before, else the history's last.
        let prev = out.last().or(last).map_or(ZERO_HASH, |e| e.hash.as_str()).to_string();
        // Built in its place in the history, then hashed there (not moved once more).
        out.push(Event {
            schema_version: EVENT_SCHEMA_VERSION,
            ticket_id: ticket_id.to_string(),
            seq: first + i as u64,
            at: now,
            actor: actor.clone(),
            body,
            prev_hash: prev,
            hash: String::new(),
            tag: None,
        });
        if let Some(e) = out.last_mut() {
            e.hash = event_hash(e)?;
            e.tag = key.and_then(|k| k.event_tag(&e.hash));
        }
    }
    Ok(out)
}
