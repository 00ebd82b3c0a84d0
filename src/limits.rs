//! Resource limits: what keeps one request, one ticket, one guide and one log bounded.
//!
//! [`Limits`] holds the configurable limits with their defaults; an engine takes them from
//! its configuration (`"limits"` in [`EngineConfig`](crate::engine::EngineConfig)) and
//! enforces them in [`Ticket::handle`](crate::ticket::Ticket::handle) and when it builds its
//! guide. Functions that take no engine ([`Guide::from_toml`](crate::guide::Guide::from_toml),
//! [`tickets_from_jsonl`](crate::assessment::tickets_from_jsonl), …) use the defaults.
//! Exceeding a limit is an [`ErrorKind::LimitExceeded`] error naming the limit.
//! `docs/LIMITS.md` lists every limit, configurable or fixed, and where it is enforced.
//!
//! # Example
//! ```
//! use jiesu::engine::Engine;
//! let e = Engine::from_json(r#"{"schema_version": 1, "limits": {"max_text_chars": 2000}}"#)?;
//! assert_eq!(e.limits().max_text_chars, 2000);
//! assert_eq!(e.limits().max_events, jiesu::ticket::limits::MAX_EVENTS);
//! # Ok::<(), jiesu::Error>(())
//! ```

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Problem, Result};

/// Deepest JSON nesting (arrays and objects) accepted by every JSON parser of jiesu:
/// serde_json's recursion limit of 128 (fixed), which refuses the 128th level. Deeper input is
/// a [`ErrorKind::Parse`] error ("recursion limit exceeded"), never a stack overflow. TOML has
/// its own recursion limit in the `toml` parser, also a parse error. jiesu's own documents nest
/// at most 6 levels.
pub const MAX_JSON_DEPTH: usize = 127;

/// Defaults of the limits that keep one ticket bounded (also re-exported as
/// [`ticket::limits`](crate::ticket::limits)).
pub mod ticket_limits {
    /// Default largest text field (content, notes, answers), in characters.
    pub const MAX_TEXT_CHARS: usize = 20_000;
    /// Most events in one ticket's history: the default, and the hard maximum that
    /// [`Ticket::replay`](crate::ticket::Ticket::replay) and
    /// [`Ticket::apply`](crate::ticket::Ticket::apply) enforce.
    pub const MAX_EVENTS: usize = 10_000;
    /// Default most assignments on one ticket.
    pub const MAX_ASSIGNMENTS: usize = 32;
    /// Default most evidence items in one report or return request.
    pub const MAX_EVIDENCE: usize = 100;
}

/// Largest value accepted for [`Limits::max_text_chars`].
pub const MAX_TEXT_CHARS_CAP: usize = 1_000_000;
/// Largest value accepted for [`Limits::max_assignments`].
pub const MAX_ASSIGNMENTS_CAP: usize = 1_000;
/// Largest value accepted for [`Limits::max_evidence`].
pub const MAX_EVIDENCE_CAP: usize = 10_000;
/// Largest value accepted for the guide size limits (units, categories, keywords).
pub const MAX_GUIDE_CAP: usize = 100_000;
/// Largest value accepted for [`Limits::max_log_bytes`] (4 GiB).
pub const MAX_LOG_BYTES_CAP: usize = 4 << 30;
/// Largest value accepted for [`Limits::max_suggester_bytes`] (1 GiB).
pub const MAX_SUGGESTER_BYTES_CAP: usize = 1 << 30;

/// Configurable limits, with sane defaults (see `docs/LIMITS.md`).
///
/// # Example
/// ```
/// use jiesu::engine::Engine;
/// use jiesu::ticket::{Actor, Command, Ticket};
/// // An engine whose commands carry at most 10 characters of text.
/// let engine = Engine::from_json(r#"{"schema_version": 1, "limits": {"max_text_chars": 10}}"#)?;
/// let register: Command = serde_json::from_str(
///     r#"{"type":"register","id":"YS-1","appeal_type":"complaint","content":"江那镇××小区门口路灯坏了一个多月"}"#).unwrap();
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let err = Ticket::new().handle(&engine, &Actor::command_center(), &register, now).unwrap_err();
/// assert!(err.is_limit_exceeded());
/// // The same command within the default limit (20 000 characters) is registered.
/// assert!(Ticket::new().handle(&Engine::default_engine(), &Actor::command_center(), &register, now).is_ok());
///
/// // A limit above its cap is refused when the limits are checked.
/// let bad = jiesu::Limits { max_events: 20_000, ..jiesu::Limits::default() };
/// assert_eq!(bad.validate().unwrap_err().problems()[0].path, "limits.max_events");
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Longest string of a command, an event or an alert (content, notes, reasons, answers,
    /// evidence items, ids, unit ids, the actor's unit and user, an alert's rule, unit and
    /// tickets), in characters. Default 20 000; at most [`MAX_TEXT_CHARS_CAP`].
    pub max_text_chars: usize,
    /// Most events a ticket may reach through `handle`. Default and maximum
    /// [`ticket::limits::MAX_EVENTS`](crate::ticket::limits::MAX_EVENTS) (10 000), which replay
    /// also enforces.
    pub max_events: usize,
    /// Most assignments (lead, responsible, cooperating) of one dispatch or reassignment, and
    /// most units of one consultation. Default 32; at most [`MAX_ASSIGNMENTS_CAP`].
    pub max_assignments: usize,
    /// Most evidence items of one report or return request. Default 100; at most
    /// [`MAX_EVIDENCE_CAP`].
    pub max_evidence: usize,
    /// Most units in a guide. Default 1 000.
    pub max_guide_units: usize,
    /// Most categories in a guide. Default 5 000.
    pub max_guide_categories: usize,
    /// Most keywords in a guide, all lists together (categories, exclusions, emergencies,
    /// urgency words) and the township names with their short forms: every string of the
    /// keyword automaton. Default 10 000.
    pub max_guide_keywords: usize,
    /// Longest keyword (a township name included), in characters. Default 64.
    pub max_keyword_chars: usize,
    /// Largest JSON-lines event log read by `tickets_from_jsonl` and
    /// [`read_jsonl_log`](crate::assessment::read_jsonl_log) (which reads no more), in bytes.
    /// Default 256 MiB.
    pub max_log_bytes: usize,
    /// Memory budget of a guide's keyword automaton (the suggester), in bytes: an upper bound
    /// of what building it needs is computed from the keywords before anything is allocated;
    /// over the budget the leaner automaton kind is built, and a guide that needs more than
    /// the budget even so is refused. Default 256 MiB; at most [`MAX_SUGGESTER_BYTES_CAP`]
    /// (1 GiB).
    pub max_suggester_bytes: usize,
    /// The earliest plausible instant (inclusive): `now` and every instant of a command or an
    /// event before it is refused by [`Ticket::handle`](crate::ticket::Ticket::handle) (field
    /// named). Default 2000-01-01T00:00:00+08:00; not before [`EARLIEST_INSTANT_CAP`] (what
    /// replay checks a stored history against).
    pub earliest_instant: DateTime<FixedOffset>,
    /// The end of the plausible window (exclusive): an instant at or after it is refused like
    /// one before [`Limits::earliest_instant`]; a value that would be plausible divided by 1000
    /// is reported as milliseconds given where seconds are expected (the habit of Java
    /// platforms: `1772413200000` is 2026-03-02, not the year 58 134). Default
    /// 2100-01-01T00:00:00+08:00; not after [`LATEST_INSTANT_CAP`].
    pub latest_instant: DateTime<FixedOffset>,
}

/// The earliest [`Limits::earliest_instant`] an engine may configure, and what
/// [`Ticket::replay`](crate::ticket::Ticket::replay) and every instant given as Unix seconds
/// ([`instant_from_unix`](crate::calendar::instant_from_unix)) are held to: 1970-01-01T00:00:00Z.
pub const EARLIEST_INSTANT_CAP: i64 = 0;
/// The latest [`Limits::latest_instant`] an engine may configure, as Unix seconds
/// (2200-01-01T00:00:00Z); see [`EARLIEST_INSTANT_CAP`].
pub const LATEST_INSTANT_CAP: i64 = 7_258_118_400;

/// Midnight (CST) of 1 January of `year`.
fn new_year(year: i32) -> DateTime<FixedOffset> {
    crate::calendar::CST.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single().unwrap_or_default()
}

/// Unix seconds as an instant in UTC (within chrono's range by construction of the caps).
fn unix(secs: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default().fixed_offset()
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_chars: ticket_limits::MAX_TEXT_CHARS,
            max_events: ticket_limits::MAX_EVENTS,
            max_assignments: ticket_limits::MAX_ASSIGNMENTS,
            max_evidence: ticket_limits::MAX_EVIDENCE,
            max_guide_units: 1_000,
            max_guide_categories: 5_000,
            max_guide_keywords: 10_000,
            max_keyword_chars: 64,
            max_log_bytes: 256 << 20,
            max_suggester_bytes: 256 << 20,
            earliest_instant: new_year(2000),
            latest_instant: new_year(2100),
        }
    }
}

impl Limits {
    /// Whether these are the defaults (then an engine configuration leaves them out when it is
    /// written back as JSON).
    ///
    /// # Example
    /// ```
    /// use jiesu::engine::Engine;
    /// let strict = Engine::from_json(r#"{"schema_version": 1, "limits": {"max_text_chars": 2000}}"#)?;
    /// assert!(!strict.limits().is_default());
    /// assert!(serde_json::to_string(strict.config()).unwrap().contains(r#""limits":{"max_text_chars":2000"#));
    /// let default = Engine::default_engine();
    /// assert!(default.limits().is_default());
    /// assert!(!serde_json::to_string(default.config()).unwrap().contains("limits"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn is_default(&self) -> bool {
        *self == Limits::default()
    }

    /// The largest limits any engine may configure (every cap): what replay checks a stored
    /// history against, so that a history recorded under a larger configured limit still
    /// replays.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::Limits::caps().max_text_chars, jiesu::limits::MAX_TEXT_CHARS_CAP);
    /// assert!(jiesu::Limits::caps().validate().is_ok());
    /// ```
    pub fn caps() -> Limits {
        Limits {
            max_text_chars: MAX_TEXT_CHARS_CAP,
            max_events: ticket_limits::MAX_EVENTS,
            max_assignments: MAX_ASSIGNMENTS_CAP,
            max_evidence: MAX_EVIDENCE_CAP,
            max_guide_units: MAX_GUIDE_CAP,
            max_guide_categories: MAX_GUIDE_CAP,
            max_guide_keywords: MAX_GUIDE_CAP,
            max_keyword_chars: 1_000,
            max_log_bytes: MAX_LOG_BYTES_CAP,
            max_suggester_bytes: MAX_SUGGESTER_BYTES_CAP,
            earliest_instant: unix(EARLIEST_INSTANT_CAP),
            latest_instant: unix(LATEST_INSTANT_CAP),
        }
    }

    /// Checks that instant `t` of `field` lies in the plausible window
    /// [`earliest_instant`](Limits::earliest_instant) … [`latest_instant`](Limits::latest_instant):
    /// an [`ErrorKind::InvalidInput`] error naming the field and the limits otherwise, which
    /// says so when `t` looks like milliseconds given as seconds.
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// let limits = jiesu::Limits::default();
    /// let ok = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// assert!(limits.check_instant("now", ok).is_ok());
    /// // 2026-03-02T09:00:00+08:00 in milliseconds, read as seconds: the year 58 000 or so.
    /// let ms = DateTime::from_timestamp(1_772_413_200_000, 0).unwrap().fixed_offset();
    /// let e = limits.check_instant("now", ms).unwrap_err();
    /// assert_eq!(e.field(), Some("now"));
    /// assert!(e.message().contains("milliseconds"), "{e}");
    /// assert!(e.message().contains("2026-03-02T09:00:00+08:00"), "{e}");
    /// ```
    pub fn check_instant(&self, field: &str, t: DateTime<FixedOffset>) -> Result<()> {
        if (self.earliest_instant..self.latest_instant).contains(&t) {
            return Ok(());
        }
        let window = format!(
            "outside the plausible window {} … {} (limits.earliest_instant, limits.latest_instant)",
            self.earliest_instant.to_rfc3339(),
            self.latest_instant.to_rfc3339()
        );
        let as_ms = DateTime::from_timestamp(t.timestamp().div_euclid(1000), 0).map(|s| s.with_timezone(&crate::calendar::CST));
        let message = match as_ms.filter(|s| (self.earliest_instant..self.latest_instant).contains(s)) {
            Some(s) => format!(
                "instant {} is {window}: it looks like milliseconds since 1970 given where seconds are expected ({} ms is {}); give Unix seconds",
                t.to_rfc3339(),
                t.timestamp(),
                s.to_rfc3339()
            ),
            None => format!("instant {} is {window}", t.to_rfc3339()),
        };
        Err(Error::invalid_input(field, message))
    }

    /// Checks every limit: at least 1 and at most its cap; every problem with its path.
    ///
    /// # Example
    /// ```
    /// let l = jiesu::Limits { max_text_chars: 0, ..Default::default() };
    /// assert_eq!(l.validate().unwrap_err().problems()[0].path, "limits.max_text_chars");
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        for (name, v, cap) in [
            ("max_text_chars", self.max_text_chars, MAX_TEXT_CHARS_CAP),
            ("max_events", self.max_events, ticket_limits::MAX_EVENTS),
            ("max_assignments", self.max_assignments, MAX_ASSIGNMENTS_CAP),
            ("max_evidence", self.max_evidence, MAX_EVIDENCE_CAP),
            ("max_guide_units", self.max_guide_units, MAX_GUIDE_CAP),
            ("max_guide_categories", self.max_guide_categories, MAX_GUIDE_CAP),
            ("max_guide_keywords", self.max_guide_keywords, MAX_GUIDE_CAP),
            ("max_keyword_chars", self.max_keyword_chars, 1_000),
            ("max_log_bytes", self.max_log_bytes, MAX_LOG_BYTES_CAP),
            ("max_suggester_bytes", self.max_suggester_bytes, MAX_SUGGESTER_BYTES_CAP),
        ] {
            if !(1..=cap).contains(&v) {
                problems.push(Problem { path: format!("limits.{name}"), message: format!("{v} is not in 1..={cap}") });
            }
        }
        let (earliest, latest) = (unix(EARLIEST_INSTANT_CAP), unix(LATEST_INSTANT_CAP));
        if self.earliest_instant < earliest || self.earliest_instant >= self.latest_instant {
            problems.push(Problem {
                path: "limits.earliest_instant".into(),
                message: format!("{} is not in {} … limits.latest_instant", self.earliest_instant.to_rfc3339(), earliest.to_rfc3339()),
            });
        }
        if self.latest_instant > latest {
            problems.push(Problem {
                path: "limits.latest_instant".into(),
                message: format!("{} is after {}", self.latest_instant.to_rfc3339(), latest.to_rfc3339()),
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation("limits", problems))
        }
    }
}

/// Refuses a text of more than `limits.max_log_bytes` bytes before anything is parsed (an
/// event log, the stored tickets of a sweep): `what` names it in the message ("the event log").
pub(crate) fn check_log_bytes(limits: &Limits, field: &str, what: &str, len: usize) -> Result<()> {
    if len > limits.max_log_bytes {
        return Err(exceeded(field, format!("{what} {len} bytes; at most {} (limits.max_log_bytes)", limits.max_log_bytes)));
    }
    Ok(())
}

/// A [`ErrorKind::LimitExceeded`] error naming the limit and the field.
pub(crate) fn exceeded(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::LimitExceeded, message).with_field(field)
}
