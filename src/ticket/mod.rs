//! The ticket lifecycle (R-SCOPE-3/4, R-SLA-1…4, R-FLOW-*, R-ORG-*): an event-sourced state
//! machine with roles, multi-unit handling, SLA clocks and a tamper-evident history.
//!
//! [`Ticket::handle`] decides: given an actor, a [`Command`] and `now`, it returns the new
//! [`Event`]s or an error, and never changes the ticket. [`Ticket::apply`] evolves the state by
//! one event; [`Ticket::replay`] rebuilds a ticket from its history, verifying the hash chain.
//! Events carry everything they decided (clocks included), so replay needs no calendar and a
//! later policy never rewrites history.
//!
//! # Example
//! ```
//! use chrono::DateTime;
//! use jiesu::engine::Engine;
//! use jiesu::guide::{AppealType, ClassificationDecision};
//! use jiesu::ticket::{Actor, Command, Status, Ticket};
//!
//! let engine = Engine::default_engine();
//! let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
//! let mut ticket = Ticket::new();
//! let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint",
//!     "content":"路灯不亮","requester":{"name":"张三","phone":"13812345678"},"location":{"township":"jiangna"}}"#).unwrap();
//! for e in ticket.handle(&engine, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00"))? {
//!     ticket.apply(&e)?;
//! }
//! let leaf = engine.guide().leaves().find(|c| !c.routing.by_location).unwrap().code.clone();
//! let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&leaf, AppealType::Complaint) };
//! let events = ticket.handle(&engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00"))?;
//! for e in &events { ticket.apply(e)?; }
//! assert_eq!(ticket.status(), Some(Status::Dispatched));
//! assert_eq!(Ticket::replay(ticket.events())?, ticket);
//! # Ok::<(), jiesu::Error>(())
//! ```

mod canonical;
mod model;
mod privacy;
mod view;

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

pub use model::{
    Actor, AssignmentClocks, CallbackOutcome, Channel, ClockSpec, ClosingOutcome, Command, EscalationLevel, Event, EventBody,
    Judgement, Report, ReworkReason, Role, Status, SCHEMA_VERSION,
};
pub use privacy::{mask_name, mask_phone, requester_key, Requester};
pub use view::{AssignmentView, ClockView, StateFlags, StateView};

use crate::calendar::{self, epoch_day};
use crate::engine::Engine;
use crate::error::{Error, ErrorKind, Result};
use crate::guide::{AppealType, Assignment, AssignmentRole, Classification, DeclineReason, Location};
use crate::sla::Clock;

/// Limits that keep one ticket bounded (documented in `docs/LIMITS.md`; exceeding one is a
/// [`ErrorKind::LimitExceeded`] error). These are the defaults of [`crate::Limits`], which an
/// engine's configuration may change; `MAX_EVENTS` is also the hard maximum that
/// [`Ticket::replay`] and [`Ticket::apply`] enforce.
pub mod limits {
    /// Largest text field (content, notes, answers), in characters.
    pub const MAX_TEXT_CHARS: usize = 20_000;
    /// Most events in one ticket's history.
    pub const MAX_EVENTS: usize = 10_000;
    /// Most assignments on one ticket.
    pub const MAX_ASSIGNMENTS: usize = 32;
    /// Most evidence items in one report or return request.
    pub const MAX_EVIDENCE: usize = 100;
}

const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A clock's state at an instant (glossary).
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::ClockStatus::MetLate).unwrap(), "\"met_late\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Running, not yet due.
    Running,
    /// Paused by a suspension.
    Paused,
    /// Met before its due instant.
    Met,
    /// Met at or after its due instant.
    MetLate,
    /// Due and not met. (For a return window: the window has closed.)
    Breached,
}

/// A running SLA clock of a ticket.
///
/// # Example
/// ```
/// use jiesu::ticket::{ClockState, ClockStatus};
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let c = ClockState::new(jiesu::sla::Clock::Completion, None, t("2026-03-02T10:00:00+08:00"), t("2026-03-10T00:00:00+08:00"), t("2026-03-09T00:00:00+08:00"));
/// assert_eq!(c.status_at(t("2026-03-09T23:59:59+08:00")), ClockStatus::Running);
/// assert_eq!(c.status_at(t("2026-03-10T00:00:00+08:00")), ClockStatus::Breached);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// Which clock.
    pub clock: Clock,
    /// The unit of a per-assignment clock (response, return window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Start.
    pub started_at: DateTime<FixedOffset>,
    /// Exclusive due instant.
    pub due_at: DateTime<FixedOffset>,
    /// Warning instant.
    pub warn_at: DateTime<FixedOffset>,
    /// When it was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at: Option<DateTime<FixedOffset>>,
    /// When it was paused (suspension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<DateTime<FixedOffset>>,
    /// Computed with the provisional calendar policy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
}

impl ClockState {
    /// A running clock.
    ///
    /// # Example
    /// ```
    /// let t = chrono::DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
    /// assert!(jiesu::ticket::ClockState::new(jiesu::sla::Clock::Response, None, t, t, t).met_at.is_none());
    /// ```
    pub fn new(
        clock: Clock,
        unit: Option<String>,
        started_at: DateTime<FixedOffset>,
        due_at: DateTime<FixedOffset>,
        warn_at: DateTime<FixedOffset>,
    ) -> ClockState {
        ClockState { clock, unit, started_at, due_at, warn_at, met_at: None, paused_at: None, provisional: false }
    }

    fn from_spec(clock: Clock, unit: Option<String>, s: &ClockSpec) -> ClockState {
        ClockState { provisional: s.provisional, ..ClockState::new(clock, unit, s.started_at, s.due_at, s.warn_at) }
    }

    /// The state at `now`.
    ///
    /// # Example
    /// ```
    /// # use jiesu::ticket::{ClockState, ClockStatus};
    /// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    /// let mut c = ClockState::new(jiesu::sla::Clock::Response, None, t("2026-03-02T10:00:00+08:00"), t("2026-03-02T11:00:00+08:00"), t("2026-03-02T10:30:00+08:00"));
    /// c.met_at = Some(t("2026-03-02T11:00:00+08:00"));
    /// assert_eq!(c.status_at(t("2026-03-03T00:00:00+08:00")), ClockStatus::MetLate);
    /// ```
    pub fn status_at(&self, now: DateTime<FixedOffset>) -> ClockStatus {
        match (self.met_at, self.paused_at) {
            (Some(m), _) if m < self.due_at => ClockStatus::Met,
            (Some(_), _) => ClockStatus::MetLate,
            (None, Some(_)) => ClockStatus::Paused,
            (None, None) if now >= self.due_at => ClockStatus::Breached,
            _ => ClockStatus::Running,
        }
    }
}

/// One unit's part in a ticket.
///
/// # Example
/// ```
/// let a: Option<jiesu::ticket::AssignmentState> = None;
/// assert!(a.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentState {
    /// Unit.
    pub unit: String,
    /// Role.
    pub role: AssignmentRole,
    /// When it was assigned.
    pub assigned_at: DateTime<FixedOffset>,
    /// When the unit acknowledged (签收).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    /// When the unit first contacted the requester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacted_at: Option<DateTime<FixedOffset>>,
    /// Whether a responsible/cooperating unit has submitted its contribution.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contributed: bool,
    /// Response clock: met at acknowledgement and (for the lead) first contact.
    pub response: ClockState,
    /// Return window: a return request is possible until it closes.
    pub return_window: ClockState,
}

/// A return request awaiting the command center.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PendingReturn {
    pub unit: String,
    pub reason: String,
    pub evidence: Vec<String>,
    pub suggested_unit: String,
    pub requested_at: DateTime<FixedOffset>,
    /// The status to go back to if rejected.
    pub previous_status: Status,
}

/// An extension request awaiting the command center.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PendingExtension {
    pub reason: String,
    pub requested_due_at: DateTime<FixedOffset>,
    pub requested_at: DateTime<FixedOffset>,
}

/// A recorded callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CallbackRecord {
    pub at: DateTime<FixedOffset>,
    pub outcome: CallbackOutcome,
    pub solved: bool,
}

/// A recorded escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct EscalationRecord {
    pub rule: String,
    pub level: EscalationLevel,
    pub at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<DateTime<FixedOffset>>,
}

/// Counters used by escalation and assessment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Counters {
    pub return_requests: u32,
    pub returns_approved: u32,
    pub extension_requests: u32,
    pub extensions_approved: u32,
    pub reworks: u32,
    pub reopens: u32,
    pub dissatisfied_callbacks: u32,
    pub urged: u32,
    pub supervised: u32,
    pub consultations: u32,
    pub instructions: u32,
    pub reassignments: u32,
}

/// A ticket: its state, rebuilt from its events, with the events themselves.
///
/// `Serialize` gives the full state (requester data included: the state is part of the
/// archive); [`Ticket::summary`] gives a masked view for reports and exports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Ticket id (`None` before registration).
    pub id: Option<String>,
    /// Status (`None` before registration).
    pub status: Option<Status>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Appeal type.
    pub appeal_type: Option<AppealType>,
    /// Content.
    pub content: String,
    /// Requester (personal data).
    pub requester: Requester,
    /// Location.
    pub location: Location,
    /// When registered.
    pub registered_at: Option<DateTime<FixedOffset>>,
    /// The classification of the (last) dispatch.
    pub classification: Option<Classification>,
    /// When first dispatched.
    pub dispatched_at: Option<DateTime<FixedOffset>>,
    /// Active assignments.
    pub assignments: Vec<AssignmentState>,
    /// Completion clock.
    pub completion: Option<ClockState>,
    /// First-feedback clock (urgent tickets).
    pub first_feedback: Option<ClockState>,
    /// Return request awaiting decision.
    pub pending_return: Option<PendingReturn>,
    /// Extension request awaiting decision.
    pub pending_extension: Option<PendingExtension>,
    /// Suspended since, with the reason.
    pub suspended_at: Option<DateTime<FixedOffset>>,
    /// The current report.
    pub report: Option<Report>,
    /// When the current report was submitted.
    pub reported_at: Option<DateTime<FixedOffset>>,
    /// When the current report was accepted.
    pub accepted_at: Option<DateTime<FixedOffset>>,
    /// Callbacks.
    pub callbacks: Vec<CallbackRecord>,
    /// Decline reason.
    pub decline_reason: Option<DeclineReason>,
    /// Closing outcome.
    pub outcome: Option<ClosingOutcome>,
    /// When closed (or declined/answered).
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Leader-instructed (领导批示).
    pub instructed: bool,
    /// Under supervision (督办).
    pub supervised: bool,
    /// Linked duplicates.
    pub duplicates: Vec<String>,
    /// Escalations raised.
    pub escalations: Vec<EscalationRecord>,
    /// Counters.
    pub counters: Counters,
    /// The history (source of truth).
    pub events: Vec<Event>,
}

impl Default for Ticket {
    fn default() -> Self {
        Ticket::new()
    }
}

/// A masked summary of a ticket for reports and exports (R-PRIV-1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Summary {
    pub id: Option<String>,
    pub status: Option<Status>,
    pub category: Option<String>,
    pub lead: Option<String>,
    pub township: Option<String>,
    pub requester: Requester,
    pub completion_due_at: Option<DateTime<FixedOffset>>,
    pub completion: Option<ClockStatus>,
    pub outcome: Option<ClosingOutcome>,
}

/// The result of verifying a history's hash chain.
///
/// # Example
/// ```
/// let v = jiesu::ticket::verify(&[]);
/// assert!(v.intact && v.problem.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tamper {
    /// Index (0-based) of the first bad event.
    pub index: usize,
    /// `altered` (hash mismatch), `reordered_or_missing` (sequence gap or swap),
    /// `chain_broken` (prev_hash mismatch), `mixed_tickets`, `schema_version`, `truncated`.
    pub kind: String,
    /// Details.
    pub message: String,
}

/// The archived file of a ticket (一人一诉一档, R-FLOW-5): the ordered events and the final
/// state, anchored by the last event's hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveFile {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Ticket id.
    pub ticket_id: String,
    /// Number of events.
    pub event_count: usize,
    /// Hash of the last event.
    pub final_hash: String,
    /// The events.
    pub events: Vec<Event>,
}

/// Canonical hash of an event: SHA-256 over its canonical encoding (see `canonical`): the
/// event without its `hash`, every field in its place, absent optional fields marked, the
/// instant as (Unix seconds, nanoseconds, offset seconds).
fn event_hash(e: &Event) -> Result<String> {
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
    let view = View {
        schema_version: e.schema_version,
        ticket_id: &e.ticket_id,
        seq: e.seq,
        at: (e.at.timestamp(), e.at.timestamp_subsec_nanos(), e.at.offset().local_minus_utc()),
        actor: &e.actor,
        body: &e.body,
        prev_hash: &e.prev_hash,
    };
    let digest = canonical::hash(&view).map_err(|err| Error::new(ErrorKind::InvalidInput, format!("event encoding: {err}")))?;
    Ok(privacy::hex(&digest))
}

/// The canonical hash (hex SHA-256) an event must carry: what [`Ticket::handle`] writes and
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
/// let v = jiesu::ticket::verify(&[]);
/// assert_eq!(v.events, 0);
/// ```
pub fn verify(events: &[Event]) -> Verification {
    let bad = |index: usize, kind: &str, message: String| Verification {
        intact: false,
        events: events.len(),
        problem: Some(Tamper { index, kind: kind.into(), message }),
    };
    let mut prev = ZERO_HASH;
    for (i, e) in events.iter().enumerate() {
        if e.schema_version != SCHEMA_VERSION {
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
        match event_hash(e) {
            Ok(h) if h == e.hash => {}
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
/// let a = jiesu::ticket::ArchiveFile { schema_version: 1, ticket_id: "x".into(), event_count: 1, final_hash: "00".into(), events: vec![] };
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

fn transition(cmd: &str, status: Option<Status>, allowed: &[Status]) -> Error {
    let list: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    Error::new(
        ErrorKind::InvalidTransition,
        format!("command {cmd} is not allowed in status {} (allowed in: {})", status.map_or("none", |s| s.as_str()), list.join(", ")),
    )
}

fn denied(cmd: &str, required: &str, actor: &Actor) -> Error {
    Error::new(
        ErrorKind::PermissionDenied,
        format!(
            "command {cmd} requires role {required}; actor is {}{}",
            actor.role.as_str(),
            actor.unit.as_ref().map(|u| format!(" of unit {u:?}")).unwrap_or_default()
        ),
    )
    .with_rule("R-ORG-2")
}

/// A clock moved beyond the supported range of instants.
fn out_of_range(field: &str) -> Error {
    Error::invalid_input(field, "the moved instant is outside the supported range")
}

fn missing(cmd: &str, field: &str, rule: &'static str) -> Error {
    Error::invalid_input(field, format!("command {cmd} needs {field}")).with_rule(rule)
}

fn check_text(max: usize, field: &str, s: &str) -> Result<()> {
    // Bytes bound characters from above: most texts need no count.
    if s.len() > max && s.chars().count() > max {
        return Err(Error::new(ErrorKind::LimitExceeded, format!("{field} is longer than {max} characters (limits.max_text_chars)")).with_field(field));
    }
    Ok(())
}

const OPEN: &[Status] = &[
    Status::Registered,
    Status::Dispatched,
    Status::InProgress,
    Status::ReturnPending,
    Status::Reported,
    Status::AwaitingCallback,
    Status::Judging,
];
const HANDLING: &[Status] = &[Status::Dispatched, Status::InProgress, Status::ReturnPending];

impl Ticket {
    /// An empty ticket: only `register` applies.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().status().is_none());
    /// ```
    pub fn new() -> Ticket {
        Ticket {
            schema_version: SCHEMA_VERSION,
            id: None,
            status: None,
            channel: None,
            appeal_type: None,
            content: String::new(),
            requester: Requester::default(),
            location: Location::default(),
            registered_at: None,
            classification: None,
            dispatched_at: None,
            assignments: Vec::new(),
            completion: None,
            first_feedback: None,
            pending_return: None,
            pending_extension: None,
            suspended_at: None,
            report: None,
            reported_at: None,
            accepted_at: None,
            callbacks: Vec::new(),
            decline_reason: None,
            outcome: None,
            closed_at: None,
            instructed: false,
            supervised: false,
            duplicates: Vec::new(),
            escalations: Vec::new(),
            counters: Counters::default(),
            events: Vec::new(),
        }
    }

    /// The status (`None` before registration).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Ticket::new().status(), None);
    /// ```
    pub fn status(&self) -> Option<Status> {
        self.status
    }

    /// The history.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().events().is_empty());
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The lead assignment.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().lead().is_none());
    /// ```
    pub fn lead(&self) -> Option<&AssignmentState> {
        self.assignments.iter().find(|a| a.role == AssignmentRole::Lead)
    }

    /// Every clock of the ticket: completion, first feedback, then each assignment's response
    /// and return window.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Ticket::new().clocks().count(), 0);
    /// ```
    pub fn clocks(&self) -> impl Iterator<Item = &ClockState> {
        self.completion
            .iter()
            .chain(self.first_feedback.iter())
            .chain(self.assignments.iter().flat_map(|a| [&a.response, &a.return_window]))
    }

    /// A masked summary (R-PRIV-1).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().summary(chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+08:00").unwrap()).id.is_none());
    /// ```
    pub fn summary(&self, now: DateTime<FixedOffset>) -> Summary {
        Summary {
            id: self.id.clone(),
            status: self.status,
            category: self.classification.as_ref().map(|c| c.category.clone()),
            lead: self.lead().map(|a| a.unit.clone()),
            township: self.classification.as_ref().and_then(|c| c.township.clone()).or_else(|| self.location.township.clone()),
            requester: self.requester.masked(),
            completion_due_at: self.completion.as_ref().map(|c| c.due_at),
            completion: self.completion.as_ref().map(|c| c.status_at(now)),
            outcome: self.outcome,
        }
    }

    /// The archived file (一人一诉一档) of an archived ticket.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().archive_file().is_err());
    /// ```
    pub fn archive_file(&self) -> Result<ArchiveFile> {
        if self.status != Some(Status::Archived) {
            return Err(transition("archive_file", self.status, &[Status::Archived]));
        }
        Ok(ArchiveFile {
            schema_version: SCHEMA_VERSION,
            ticket_id: self.id.clone().unwrap_or_default(),
            event_count: self.events.len(),
            final_hash: self.events.last().map(|e| e.hash.clone()).unwrap_or_else(|| ZERO_HASH.into()),
            events: self.events.clone(),
        })
    }

    /// Rebuilds a ticket from its history, verifying sequence and hash chain.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Ticket::replay(&[]).unwrap(), jiesu::ticket::Ticket::new());
    /// ```
    pub fn replay(events: &[Event]) -> Result<Ticket> {
        if events.len() > limits::MAX_EVENTS {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("history has {} events; at most {}", events.len(), limits::MAX_EVENTS)));
        }
        let mut t = Ticket::new();
        t.events.reserve(events.len());
        for e in events {
            t.apply(e)?;
        }
        Ok(t)
    }

    /// Applies one event: checks the envelope (schema, ticket, sequence, hash chain, hash) and
    /// that the event may follow the current status, then evolves the state.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::Ticket;
    /// let mut t = Ticket::new();
    /// let mut other = Ticket::new();
    /// // An event that does not continue this history is refused.
    /// assert!(other.events().is_empty() && t.events().is_empty());
    /// ```
    pub fn apply(&mut self, e: &Event) -> Result<()> {
        self.apply_checked(e, true)
    }

    /// [`apply`](Ticket::apply); `verify_hash` is false only for events this ticket's own
    /// `handle` has just sealed (hashing them again would be work done twice).
    fn apply_checked(&mut self, e: &Event, verify_hash: bool) -> Result<()> {
        let bad = |m: String| Err(Error::new(ErrorKind::InvalidInput, m).with_rule("R-FLOW-5"));
        if e.schema_version != SCHEMA_VERSION {
            return bad(format!("event schema version {} (expected {SCHEMA_VERSION})", e.schema_version));
        }
        if e.seq != self.events.len() as u64 + 1 {
            return bad(format!("event seq {} does not follow {}", e.seq, self.events.len()));
        }
        if self.events.len() >= limits::MAX_EVENTS {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("a ticket holds at most {} events", limits::MAX_EVENTS)));
        }
        let prev = self.events.last().map(|x| x.hash.as_str()).unwrap_or(ZERO_HASH);
        if e.prev_hash != prev {
            return bad(format!("event seq {} does not chain to the previous event's hash", e.seq));
        }
        if let Some(id) = &self.id {
            if &e.ticket_id != id {
                return bad(format!("event of ticket {:?} applied to ticket {id:?}", e.ticket_id));
            }
        }
        if let Some(last) = self.events.last() {
            if e.at < last.at {
                return bad(format!("event seq {} at {} is earlier than the previous event at {}", e.seq, e.at, last.at));
            }
        }
        if verify_hash && event_hash(e)? != e.hash {
            return bad(format!("event seq {} ({}) does not match its hash", e.seq, e.body.name()));
        }
        self.check_event(e)?;
        self.evolve(e);
        self.events.push(e.clone());
        Ok(())
    }

    /// Whether event `e` may follow the current state (statuses and references).
    fn check_event(&self, e: &Event) -> Result<()> {
        use EventBody as B;
        let s = self.status;
        let need = |allowed: &[Status]| -> Result<()> {
            if s.is_some_and(|s| allowed.contains(&s)) {
                Ok(())
            } else {
                Err(transition(e.body.name(), s, allowed))
            }
        };
        let assigned = |u: &str| -> Result<()> {
            if self.assignments.iter().any(|a| a.unit == u) {
                Ok(())
            } else {
                Err(Error::new(ErrorKind::InvalidInput, format!("event {} names unit {u:?}, which is not assigned", e.body.name())))
            }
        };
        match &e.body {
            B::Registered { .. } => {
                if s.is_some() {
                    return Err(transition("registered", s, &[]));
                }
                Ok(())
            }
            B::Declined { .. } | B::AnsweredDirectly { .. } | B::Dispatched { .. } => need(&[Status::Registered]),
            B::Acknowledged { unit } | B::RequesterContacted { unit, .. } | B::ProgressAdded { unit, .. } | B::ContributionSubmitted { unit, .. } => {
                need(HANDLING)?;
                assigned(unit)
            }
            B::ReturnRequested { unit, .. } => {
                need(&[Status::Dispatched, Status::InProgress])?;
                assigned(unit)
            }
            B::ReturnApproved { .. } | B::ReturnRejected { .. } => need(&[Status::ReturnPending]),
            B::Reassigned { .. } => need(&[Status::ReturnPending, Status::Dispatched, Status::InProgress]),
            B::ExtensionRequested { unit, .. } => {
                need(HANDLING)?;
                assigned(unit)
            }
            B::ExtensionApproved { .. } | B::ExtensionRejected { .. } => {
                if self.pending_extension.is_none() {
                    return Err(Error::new(ErrorKind::InvalidTransition, "no extension request is pending"));
                }
                need(HANDLING)
            }
            B::Suspended { .. } | B::Resumed { .. } => need(&[Status::Dispatched, Status::InProgress]),
            B::ReportSubmitted { unit, .. } => {
                need(&[Status::InProgress])?;
                assigned(unit)
            }
            B::ReportAccepted {} | B::ReportReturned { .. } => need(&[Status::Reported]),
            B::CallbackRecorded { .. } => need(&[Status::AwaitingCallback]),
            B::Reopened { .. } => need(&[Status::Judging]),
            B::Closed { .. } => need(&[Status::AwaitingCallback, Status::Judging]),
            B::Archived {} => need(&[Status::Closed, Status::Declined, Status::Answered]),
            B::Urged { .. } | B::Supervised { .. } | B::ConsultationConvened { .. } | B::Instructed { .. } | B::DuplicateLinked { .. } | B::Escalated { .. } => need(OPEN),
        }
    }

    fn assignment_mut(&mut self, unit: &str) -> Option<&mut AssignmentState> {
        self.assignments.iter_mut().find(|a| a.unit == unit)
    }

    fn set_assignments(&mut self, list: &[AssignmentClocks], at: DateTime<FixedOffset>) {
        self.assignments = list
            .iter()
            .map(|a| AssignmentState {
                unit: a.unit.clone(),
                role: a.role,
                assigned_at: at,
                acknowledged_at: None,
                contacted_at: None,
                contributed: false,
                response: ClockState::from_spec(Clock::Response, Some(a.unit.clone()), &a.response),
                return_window: ClockState::from_spec(Clock::ReturnWindow, Some(a.unit.clone()), &a.return_window),
            })
            .collect();
    }

    /// Marks the response clock of `unit` met when its conditions hold.
    fn update_response(&mut self, unit: &str) {
        if let Some(a) = self.assignment_mut(unit) {
            let met = match a.role {
                AssignmentRole::Lead => match (a.acknowledged_at, a.contacted_at) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                },
                _ => a.acknowledged_at,
            };
            if a.response.met_at.is_none() {
                a.response.met_at = met;
            }
        }
    }

    /// `in_progress` once the lead has acknowledged, else `dispatched`.
    fn handling_status(&self) -> Status {
        if self.lead().is_some_and(|l| l.acknowledged_at.is_some()) {
            Status::InProgress
        } else {
            Status::Dispatched
        }
    }

    fn feedback_from(&mut self, unit: &str, at: DateTime<FixedOffset>) {
        let is_lead = self.lead().is_some_and(|l| l.unit == unit);
        if let (true, Some(ff)) = (is_lead, self.first_feedback.as_mut()) {
            if ff.met_at.is_none() {
                ff.met_at = Some(at);
            }
        }
    }

    fn evolve(&mut self, e: &Event) {
        use EventBody as B;
        let at = e.at;
        match &e.body {
            B::Registered { channel, appeal_type, content, requester, location } => {
                self.id = Some(e.ticket_id.clone());
                self.status = Some(Status::Registered);
                self.channel = Some(*channel);
                self.appeal_type = Some(*appeal_type);
                self.content = content.clone();
                self.requester = requester.clone();
                self.location = location.clone();
                self.registered_at = Some(at);
            }
            B::Declined { reason, .. } => {
                self.status = Some(Status::Declined);
                self.decline_reason = Some(*reason);
                self.outcome = Some(ClosingOutcome::Declined);
                self.closed_at = Some(at);
            }
            B::AnsweredDirectly { .. } => {
                self.status = Some(Status::Answered);
                self.outcome = Some(ClosingOutcome::Answered);
                self.closed_at = Some(at);
            }
            B::Dispatched { classification, assignments, completion, first_feedback } => {
                self.status = Some(Status::Dispatched);
                self.classification = Some(classification.clone());
                self.dispatched_at = Some(at);
                self.set_assignments(assignments, at);
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.first_feedback = first_feedback.as_ref().map(|s| ClockState::from_spec(Clock::FirstFeedback, None, s));
            }
            B::Acknowledged { unit } => {
                let lead = self.lead().is_some_and(|l| &l.unit == unit);
                if let Some(a) = self.assignment_mut(unit) {
                    a.acknowledged_at.get_or_insert(at);
                }
                self.update_response(unit);
                if lead && self.status == Some(Status::Dispatched) {
                    self.status = Some(Status::InProgress);
                }
            }
            B::RequesterContacted { unit, .. } => {
                if let Some(a) = self.assignment_mut(unit) {
                    a.contacted_at.get_or_insert(at);
                }
                self.update_response(unit);
                self.feedback_from(unit, at);
            }
            B::ProgressAdded { unit, .. } => self.feedback_from(unit, at),
            B::ContributionSubmitted { unit, .. } => {
                if let Some(a) = self.assignment_mut(unit) {
                    a.contributed = true;
                }
            }
            B::ReturnRequested { unit, reason, evidence, suggested_unit } => {
                self.counters.return_requests += 1;
                self.pending_return = Some(PendingReturn {
                    unit: unit.clone(),
                    reason: reason.clone(),
                    evidence: evidence.clone(),
                    suggested_unit: suggested_unit.clone(),
                    requested_at: at,
                    previous_status: self.status.unwrap_or(Status::Dispatched),
                });
                if let Some(a) = self.assignment_mut(unit) {
                    a.return_window.met_at.get_or_insert(at);
                }
                self.status = Some(Status::ReturnPending);
            }
            B::ReturnApproved { unit, .. } => {
                self.counters.returns_approved += 1;
                self.pending_return = None;
                self.assignments.retain(|a| &a.unit != unit);
                self.status = Some(self.handling_status());
            }
            B::ReturnRejected { .. } => {
                self.pending_return = None;
                self.status = Some(self.handling_status());
            }
            B::Reassigned { assignments, completion, first_feedback } => {
                self.counters.reassignments += 1;
                self.set_assignments(assignments, at);
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.first_feedback = first_feedback.as_ref().map(|s| ClockState::from_spec(Clock::FirstFeedback, None, s));
                self.pending_return = None;
                self.pending_extension = None;
                // New assignments start fresh: their clocks run from now.
                self.suspended_at = None;
                self.status = Some(Status::Dispatched);
            }
            B::ExtensionRequested { reason, requested_due_at, .. } => {
                self.counters.extension_requests += 1;
                self.pending_extension = Some(PendingExtension { reason: reason.clone(), requested_due_at: *requested_due_at, requested_at: at });
            }
            B::ExtensionApproved { completion, .. } => {
                self.counters.extensions_approved += 1;
                self.pending_extension = None;
                if let Some(c) = self.completion.as_mut() {
                    c.due_at = completion.due_at;
                    c.warn_at = completion.warn_at;
                    c.provisional = completion.provisional;
                }
            }
            B::ExtensionRejected { .. } => self.pending_extension = None,
            B::Suspended { .. } => {
                self.suspended_at = Some(at);
                for c in self.completion.iter_mut().chain(self.first_feedback.iter_mut()) {
                    if c.met_at.is_none() {
                        c.paused_at = Some(at);
                    }
                }
                for a in &mut self.assignments {
                    if a.response.met_at.is_none() {
                        a.response.paused_at = Some(at);
                    }
                }
            }
            B::Resumed { completion, responses, first_feedback } => {
                self.suspended_at = None;
                if let Some(c) = self.completion.as_mut() {
                    c.paused_at = None;
                    if let Some(s) = completion {
                        c.due_at = s.due_at;
                        c.warn_at = s.warn_at;
                        c.provisional = s.provisional;
                    }
                }
                if let Some(f) = self.first_feedback.as_mut() {
                    f.paused_at = None;
                    if let Some(s) = first_feedback {
                        f.due_at = s.due_at;
                        f.warn_at = s.warn_at;
                    }
                }
                for a in &mut self.assignments {
                    a.response.paused_at = None;
                    if let Some((_, s)) = responses.iter().find(|(u, _)| *u == a.unit) {
                        a.response.due_at = s.due_at;
                        a.response.warn_at = s.warn_at;
                    }
                }
            }
            B::ReportSubmitted { report, .. } => {
                self.pending_extension = None;
                self.report = Some(report.clone());
                self.reported_at = Some(at);
                self.status = Some(Status::Reported);
            }
            B::ReportAccepted {} => {
                self.accepted_at = Some(at);
                if let (Some(c), Some(r)) = (self.completion.as_mut(), self.reported_at) {
                    c.met_at.get_or_insert(r);
                }
                self.status = Some(Status::AwaitingCallback);
            }
            B::ReportReturned { completion, .. } => {
                self.counters.reworks += 1;
                self.pending_extension = None;
                self.report = None;
                self.reported_at = None;
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.status = Some(Status::InProgress);
            }
            B::CallbackRecorded { outcome, solved, .. } => {
                self.callbacks.push(CallbackRecord { at, outcome: *outcome, solved: *solved });
                if *outcome == CallbackOutcome::Dissatisfied {
                    self.counters.dissatisfied_callbacks += 1;
                    self.status = Some(Status::Judging);
                }
            }
            B::Reopened { completion, .. } => {
                self.counters.reopens += 1;
                self.pending_extension = None;
                self.report = None;
                self.reported_at = None;
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.status = Some(Status::InProgress);
            }
            B::Closed { outcome, .. } => {
                self.outcome = Some(*outcome);
                self.closed_at = Some(at);
                self.status = Some(Status::Closed);
            }
            B::Archived {} => self.status = Some(Status::Archived),
            B::Urged { .. } => self.counters.urged += 1,
            B::Supervised { .. } => {
                self.counters.supervised += 1;
                self.supervised = true;
            }
            B::ConsultationConvened { .. } => self.counters.consultations += 1,
            B::Instructed { .. } => {
                self.counters.instructions += 1;
                self.instructed = true;
            }
            B::DuplicateLinked { linked_ticket_id } => {
                if !self.duplicates.contains(linked_ticket_id) {
                    self.duplicates.push(linked_ticket_id.clone());
                }
            }
            B::Escalated { rule, level, clock, unit, instance, .. } => {
                if *level >= EscalationLevel::Supervision {
                    self.supervised = true;
                }
                self.escalations.push(EscalationRecord { rule: rule.clone(), level: *level, at, clock: *clock, unit: unit.clone(), instance: *instance });
            }
        }
    }

    /// Decides a command: checks the actor's role and unit, the status, the command's fields
    /// and time limits, and returns the events to append — or an error, changing nothing.
    ///
    /// `now` must not be earlier than the last event.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let err = Ticket::new().handle(&e, &Actor::unit("water"), &Command::Close {}, now).unwrap_err();
    /// assert!(err.is_permission_denied() || err.is_invalid_transition());
    /// ```
    pub fn handle(&self, engine: &Engine, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        let now = calendar::checked_cst(now, "now")?;
        if let Some(last) = self.events.last() {
            if now < last.at {
                return Err(Error::invalid_input("now", format!("now {now} is earlier than the last event at {}", last.at)));
            }
        }
        let max_events = engine.limits().max_events.min(limits::MAX_EVENTS);
        if self.events.len() >= max_events {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("a ticket holds at most {max_events} events (limits.max_events)")));
        }
        self.authorize(actor, command)?;
        let bodies = self.decide(engine, actor, command, now)?;
        if self.events.len() + bodies.len() > max_events {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("a ticket holds at most {max_events} events (limits.max_events)")));
        }
        let ticket_id = match (command, &self.id) {
            (Command::Register { id, .. }, _) => id.clone(),
            (_, Some(id)) => id.clone(),
            (_, None) => return Err(transition(command.name(), None, &[])),
        };
        self.seal(&ticket_id, actor, bodies, now)
    }

    /// Wraps event bodies into chained, hashed events following this history.
    fn seal(&self, ticket_id: &str, actor: &Actor, bodies: Vec<EventBody>, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        let mut prev = self.events.last().map(|e| e.hash.clone()).unwrap_or_else(|| ZERO_HASH.into());
        let mut out = Vec::with_capacity(bodies.len());
        for (i, body) in bodies.into_iter().enumerate() {
            let mut e = Event {
                schema_version: SCHEMA_VERSION,
                ticket_id: ticket_id.to_string(),
                seq: self.events.len() as u64 + 1 + i as u64,
                at: now,
                actor: actor.clone(),
                body,
                prev_hash: prev,
                hash: String::new(),
            };
            e.hash = event_hash(&e)?;
            prev = e.hash.clone();
            out.push(e);
        }
        Ok(out)
    }

    /// The `escalated` events recording `alerts` (from [`crate::escalation::evaluate`] or
    /// [`crate::escalation::evaluate_group`]) on this ticket, so that they are never raised
    /// twice. The actor is the command center with user `escalation_rules`. Alerts for other
    /// tickets are refused.
    ///
    /// # Example
    /// ```
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// assert!(jiesu::ticket::Ticket::new().escalate(&[], now).unwrap().is_empty());
    /// ```
    pub fn escalate(&self, alerts: &[crate::escalation::Alert], now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        if alerts.is_empty() {
            return Ok(Vec::new());
        }
        let now = calendar::checked_cst(now, "now")?;
        self.need("escalate", OPEN)?;
        let id = self.id.clone().unwrap_or_default();
        if let Some(last) = self.events.last() {
            if now < last.at {
                return Err(Error::invalid_input("now", format!("now {now} is earlier than the last event at {}", last.at)));
            }
        }
        let mut bodies = Vec::with_capacity(alerts.len());
        for (i, a) in alerts.iter().enumerate() {
            if a.ticket_id != id {
                return Err(Error::invalid_input(format!("alerts[{i}].ticket_id"), format!("alert for ticket {:?} recorded on ticket {id:?}", a.ticket_id)));
            }
            check_text(limits::MAX_TEXT_CHARS, "message", &a.message)?;
            bodies.push(EventBody::Escalated {
                rule: a.rule.clone(),
                level: a.level,
                target: a.target.name().to_string(),
                message: a.message.clone(),
                clock: a.clock,
                unit: a.unit.clone(),
                instance: a.instance,
                tickets: a.tickets.clone(),
            });
        }
        if self.events.len() + bodies.len() > limits::MAX_EVENTS {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("a ticket holds at most {} events", limits::MAX_EVENTS)));
        }
        let actor = Actor { role: Role::CommandCenter, unit: None, user: Some("escalation_rules".into()) };
        self.seal(&id, &actor, bodies, now)
    }

    /// Handles a command and applies its events (convenience for Rust services).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let mut t = Ticket::new();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"consultation","content":"社保卡怎么办理"}"#).unwrap();
    /// t.execute(&e, &Actor::command_center(), &cmd, now).unwrap();
    /// assert_eq!(t.status(), Some(Status::Registered));
    /// ```
    pub fn execute(&mut self, engine: &Engine, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        let events = self.handle(engine, actor, command, now)?;
        // The events were sealed by `handle` just now: their hashes need no second check.
        self.apply_sealed(&events)?;
        Ok(events)
    }

    /// Applies events this ticket's `handle` has just sealed (their hashes need no second
    /// check), all or none.
    fn apply_sealed(&mut self, events: &[Event]) -> Result<()> {
        if let [e] = events {
            // `apply` checks everything before it changes anything: one event is atomic.
            return self.apply_checked(e, false);
        }
        // Several events: on a failure the state comes back from a copy taken without the
        // history (which only grew), so a long history is not copied for every command.
        let history = std::mem::take(&mut self.events);
        let kept = history.len();
        let before = self.clone();
        self.events = history;
        for e in events {
            if let Err(err) = self.apply_checked(e, false) {
                let mut history = std::mem::take(&mut self.events);
                history.truncate(kept);
                *self = before;
                self.events = history;
                return Err(err);
            }
        }
        Ok(())
    }

    fn assignment_of(&self, actor: &Actor) -> Option<&AssignmentState> {
        let unit = actor.unit.as_deref()?;
        self.assignments.iter().find(|a| a.unit == unit)
    }

    fn authorize(&self, actor: &Actor, command: &Command) -> Result<()> {
        use Command as C;
        let name = command.name();
        let role = actor.role;
        let unit_role = matches!(role, Role::Unit | Role::UnitLeader);
        match command {
            C::Register { .. }
            | C::Decline { .. }
            | C::AnswerDirectly { .. }
            | C::Dispatch { .. }
            | C::DecideReturn { .. }
            | C::Reassign { .. }
            | C::DecideExtension { .. }
            | C::Suspend { .. }
            | C::Resume {}
            | C::ReviewReport { .. }
            | C::RecordCallback { .. }
            | C::JudgeDissatisfaction { .. }
            | C::Close {}
            | C::Archive {}
            | C::Urge { .. }
            | C::LinkDuplicate { .. } => {
                if role != Role::CommandCenter {
                    return Err(denied(name, "command_center", actor).with_rule("R-ORG-1"));
                }
            }
            C::Acknowledge {} | C::ContactRequester { .. } | C::AddProgress { .. } | C::RequestReturn { .. } => {
                if !unit_role || self.assignment_of(actor).is_none() {
                    return Err(denied(name, "unit assigned to this ticket", actor));
                }
            }
            C::RequestExtension { .. } | C::SubmitReport { .. } => {
                if !unit_role || self.assignment_of(actor).is_none_or(|a| a.role != AssignmentRole::Lead) {
                    return Err(denied(name, "unit leading this ticket (lead)", actor));
                }
            }
            C::SubmitContribution { .. } => {
                if !unit_role || self.assignment_of(actor).is_none_or(|a| a.role == AssignmentRole::Lead) {
                    return Err(denied(name, "unit responsible or cooperating on this ticket", actor));
                }
            }
            C::Supervise { .. } => {
                if role != Role::SupervisionOffice {
                    return Err(denied(name, "supervision_office", actor).with_rule("R-ORG-4"));
                }
            }
            C::ConveneConsultation { .. } => {
                if !matches!(role, Role::TaskForce | Role::CommandCenter) {
                    return Err(denied(name, "task_force or command_center", actor).with_rule("R-ORG-5"));
                }
            }
            C::Instruct { .. } => {
                if role != Role::LeadingGroup {
                    return Err(denied(name, "leading_group", actor).with_rule("R-ORG-5"));
                }
            }
        }
        Ok(())
    }

    fn need(&self, cmd: &str, allowed: &[Status]) -> Result<()> {
        if self.status.is_some_and(|s| allowed.contains(&s)) {
            Ok(())
        } else {
            Err(transition(cmd, self.status, allowed))
        }
    }

    /// Clocks of new assignments started at `now`.
    fn assignment_clocks(&self, engine: &Engine, list: &[Assignment], now: DateTime<FixedOffset>, c: &Classification) -> Result<(Vec<AssignmentClocks>, ClockSpec, Option<ClockSpec>)> {
        let d = engine.policy().deadlines(engine.calendar(), now, &c.sla)?;
        let spec = |clock: Clock| d.get(clock).map(|x| ClockSpec { started_at: x.started_at, due_at: x.due_at, warn_at: x.warn_at, provisional: x.provisional });
        let (Some(response), Some(window), Some(completion)) = (spec(Clock::Response), spec(Clock::ReturnWindow), spec(Clock::Completion)) else {
            return Err(Error::new(ErrorKind::InvalidInput, "SLA policy produced no clocks"));
        };
        let assignments = list.iter().map(|a| AssignmentClocks { unit: a.unit.clone(), role: a.role, response, return_window: window }).collect();
        Ok((assignments, completion, spec(Clock::FirstFeedback)))
    }

    fn check_assignments(&self, engine: &Engine, list: &[Assignment]) -> Result<()> {
        let max = engine.limits().max_assignments;
        if list.len() > max {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("{} assignments; at most {max} (limits.max_assignments)", list.len())).with_field("assignments"));
        }
        if list.is_empty() {
            return Err(Error::invalid_input("assignments", format!("1..={max} assignments needed, got none")));
        }
        let leads = list.iter().filter(|a| a.role == AssignmentRole::Lead).count();
        if leads != 1 {
            return Err(Error::invalid_input("assignments", format!("exactly one lead unit is needed, got {leads}")).with_rule("R-SCOPE-4"));
        }
        for (i, a) in list.iter().enumerate() {
            if engine.guide().unit(&a.unit).is_none() {
                return Err(Error::invalid_input(format!("assignments[{i}].unit"), format!("unknown unit {:?}", a.unit)));
            }
            if list[..i].iter().any(|b| b.unit == a.unit) {
                return Err(Error::invalid_input(format!("assignments[{i}].unit"), format!("unit {:?} is assigned twice", a.unit)));
            }
        }
        Ok(())
    }

    fn completion_spec(&self, engine: &Engine, now: DateTime<FixedOffset>) -> Result<ClockSpec> {
        let c = self.classification.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "ticket has no classification"))?;
        let (due, provisional) = engine.policy().completion_due(engine.calendar(), now, &c.sla)?;
        let d = engine.policy().clock_deadline(engine.calendar(), Clock::Completion, now, due, provisional)?;
        Ok(ClockSpec { started_at: now, due_at: d.due_at, warn_at: d.warn_at, provisional })
    }

    fn decide(&self, engine: &Engine, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<EventBody>> {
        use Command as C;
        use EventBody as B;
        let name = command.name();
        let unit = || actor.unit.clone().unwrap_or_default();
        let max_text = engine.limits().max_text_chars;
        let max_evidence = engine.limits().max_evidence;
        Ok(match command {
            C::Register { id, channel, appeal_type, content, requester, location } => {
                if self.status.is_some() {
                    return Err(transition(name, self.status, &[]));
                }
                if id.trim().is_empty() {
                    return Err(missing(name, "id", "R-FLOW-5"));
                }
                check_text(max_text, "id", id)?;
                if content.trim().is_empty() {
                    return Err(missing(name, "content", "R-SCOPE-1"));
                }
                check_text(max_text, "content", content)?;
                for (field, v) in [
                    ("requester.name", &requester.name),
                    ("requester.phone", &requester.phone),
                    ("requester.requester_key", &requester.requester_key),
                    ("location.township", &location.township),
                    ("location.village", &location.village),
                    ("location.address", &location.address),
                ] {
                    if let Some(v) = v {
                        check_text(max_text, field, v)?;
                    }
                }
                let mut requester = requester.clone();
                if requester.requester_key.is_none() {
                    if let (Some(secret), Some(phone)) = (engine.config().requester_key_secret.as_deref(), requester.phone.as_deref()) {
                        requester.requester_key = Some(requester_key(secret.as_bytes(), phone));
                    }
                }
                if let Some(t) = &location.township {
                    if engine.guide().township(t).is_none() {
                        return Err(Error::invalid_input("location.township", format!("unknown township {t:?}")));
                    }
                }
                vec![B::Registered { channel: *channel, appeal_type: *appeal_type, content: content.clone(), requester, location: location.clone() }]
            }
            C::Decline { reason, guidance } => {
                self.need(name, &[Status::Registered])?;
                if guidance.trim().is_empty() {
                    return Err(missing(name, "guidance", "R-SCOPE-2"));
                }
                check_text(max_text, "guidance", guidance)?;
                vec![B::Declined { reason: *reason, guidance: guidance.clone() }]
            }
            C::AnswerDirectly { answer } => {
                self.need(name, &[Status::Registered])?;
                if answer.trim().is_empty() {
                    return Err(missing(name, "answer", "R-SCOPE-3"));
                }
                check_text(max_text, "answer", answer)?;
                vec![B::AnsweredDirectly { answer: answer.clone() }]
            }
            C::Dispatch { decision } => {
                self.need(name, &[Status::Registered])?;
                let mut decision = decision.clone();
                if decision.location.is_none() && self.location.township.is_some() {
                    decision.location = Some(self.location.clone());
                }
                if decision.appeal_type.is_none() {
                    decision.appeal_type = self.appeal_type;
                }
                let classification = engine.guide().classify_with(&decision, engine.policy())?;
                let list: Vec<Assignment> = classification.assignments.clone();
                self.check_assignments(engine, &list)?;
                let (assignments, completion, first_feedback) = self.assignment_clocks(engine, &list, now, &classification)?;
                vec![B::Dispatched { classification, assignments, completion, first_feedback }]
            }
            C::Acknowledge {} => {
                self.need(name, HANDLING)?;
                if self.assignment_of(actor).is_some_and(|a| a.acknowledged_at.is_some()) {
                    return Err(Error::new(ErrorKind::InvalidTransition, format!("unit {:?} has already acknowledged", unit())));
                }
                vec![B::Acknowledged { unit: unit() }]
            }
            C::ContactRequester { note } => {
                self.need(name, HANDLING)?;
                check_text(max_text, "note", note)?;
                vec![B::RequesterContacted { unit: unit(), note: note.clone() }]
            }
            C::AddProgress { note } => {
                self.need(name, HANDLING)?;
                if note.trim().is_empty() {
                    return Err(missing(name, "note", "R-FLOW-1"));
                }
                check_text(max_text, "note", note)?;
                vec![B::ProgressAdded { unit: unit(), note: note.clone() }]
            }
            C::SubmitContribution { content } => {
                self.need(name, HANDLING)?;
                if content.trim().is_empty() {
                    return Err(missing(name, "content", "R-SCOPE-4"));
                }
                check_text(max_text, "content", content)?;
                vec![B::ContributionSubmitted { unit: unit(), content: content.clone() }]
            }
            C::RequestReturn { reason, evidence, suggested_unit } => {
                self.need(name, &[Status::Dispatched, Status::InProgress])?;
                let a = self.assignment_of(actor).ok_or_else(|| denied(name, "unit assigned to this ticket", actor))?;
                if now >= a.return_window.due_at {
                    return Err(Error::new(
                        ErrorKind::InvalidTransition,
                        format!("return request refused: the return window closed at {} (1 working day after dispatch)", a.return_window.due_at),
                    )
                    .with_rule("R-SLA-2"));
                }
                if reason.trim().is_empty() {
                    return Err(missing(name, "reason", "R-SLA-2"));
                }
                if evidence.iter().all(|e| e.trim().is_empty()) {
                    return Err(missing(name, "evidence", "R-SLA-2"));
                }
                if evidence.len() > max_evidence {
                    return Err(Error::new(ErrorKind::LimitExceeded, format!("at most {max_evidence} evidence items (limits.max_evidence)")).with_field("evidence"));
                }
                if engine.guide().unit(suggested_unit).is_none() {
                    return Err(Error::invalid_input("suggested_unit", format!("unknown unit {suggested_unit:?}")).with_rule("R-SLA-2"));
                }
                check_text(max_text, "reason", reason)?;
                for (i, ev) in evidence.iter().enumerate() {
                    check_text(max_text, &format!("evidence[{i}]"), ev)?;
                }
                vec![B::ReturnRequested { unit: unit(), reason: reason.clone(), evidence: evidence.clone(), suggested_unit: suggested_unit.clone() }]
            }
            C::DecideReturn { approve, reason, assignments } => {
                self.need(name, &[Status::ReturnPending])?;
                let p = self.pending_return.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no return request is pending"))?;
                check_text(max_text, "reason", reason)?;
                if !approve {
                    if reason.trim().is_empty() {
                        return Err(missing(name, "reason", "R-SLA-2"));
                    }
                    if assignments.is_some() {
                        return Err(Error::invalid_input("assignments", "a rejected return takes no new assignments"));
                    }
                    return Ok(vec![B::ReturnRejected { unit: p.unit.clone(), reason: reason.clone() }]);
                }
                let returning_lead = self.assignments.iter().any(|a| a.unit == p.unit && a.role == AssignmentRole::Lead);
                let mut out = vec![B::ReturnApproved { unit: p.unit.clone(), reason: reason.clone() }];
                match assignments {
                    Some(list) => {
                        if list.iter().any(|a| a.unit == p.unit) {
                            return Err(Error::invalid_input("assignments", format!("unit {:?} asked to return the ticket and cannot be reassigned it", p.unit)));
                        }
                        self.check_assignments(engine, list)?;
                        let c = self.classification.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "ticket has no classification"))?;
                        let (assignments, completion, first_feedback) = self.assignment_clocks(engine, list, now, c)?;
                        out.push(B::Reassigned { assignments, completion, first_feedback });
                    }
                    None if returning_lead => {
                        return Err(Error::invalid_input("assignments", "the lead unit returns the ticket: approving needs the new assignments (改派)").with_rule("R-SLA-2"));
                    }
                    None => {}
                }
                out
            }
            C::Reassign { assignments } => {
                self.need(name, &[Status::Dispatched, Status::InProgress])?;
                self.check_assignments(engine, assignments)?;
                let c = self.classification.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "ticket has no classification"))?;
                let (assignments, completion, first_feedback) = self.assignment_clocks(engine, assignments, now, c)?;
                vec![B::Reassigned { assignments, completion, first_feedback }]
            }
            C::RequestExtension { reason, requested_due_at } => {
                self.need(name, &[Status::Dispatched, Status::InProgress])?;
                let c = self.completion.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no completion clock"))?;
                if self.pending_extension.is_some() {
                    return Err(Error::new(ErrorKind::InvalidTransition, "an extension request is already pending").with_rule("R-SLA-4"));
                }
                if self.suspended_at.is_some() {
                    return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is suspended: its deadline is paused; resume it first").with_rule("R-SLA-4"));
                }
                if now >= c.due_at {
                    return Err(Error::new(ErrorKind::InvalidTransition, format!("extension refused: the completion deadline {} has passed", c.due_at)).with_rule("R-SLA-4"));
                }
                if *requested_due_at <= c.due_at {
                    return Err(Error::invalid_input("requested_due_at", format!("{requested_due_at} is not after the current deadline {}", c.due_at)).with_rule("R-SLA-4"));
                }
                if reason.trim().is_empty() {
                    return Err(missing(name, "reason", "R-SLA-4"));
                }
                check_text(max_text, "reason", reason)?;
                vec![B::ExtensionRequested { unit: unit(), reason: reason.clone(), requested_due_at: calendar::checked_cst(*requested_due_at, "requested_due_at")? }]
            }
            C::DecideExtension { approve, reason } => {
                self.need(name, HANDLING)?;
                let p = self.pending_extension.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no extension request is pending").with_rule("R-SLA-4"))?;
                check_text(max_text, "reason", reason)?;
                if !approve {
                    return Ok(vec![B::ExtensionRejected { reason: reason.clone() }]);
                }
                let c = self.completion.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no completion clock"))?;
                if p.requested_due_at <= c.due_at {
                    return Err(Error::new(
                        ErrorKind::InvalidTransition,
                        format!("the requested deadline {} is no longer after the deadline in force {}", p.requested_due_at, c.due_at),
                    )
                    .with_rule("R-SLA-4"));
                }
                let d = engine.policy().clock_deadline(engine.calendar(), Clock::Completion, c.started_at, p.requested_due_at, c.provisional)?;
                vec![B::ExtensionApproved { reason: reason.clone(), completion: ClockSpec { started_at: c.started_at, due_at: d.due_at, warn_at: d.warn_at, provisional: c.provisional } }]
            }
            C::Suspend { reason } => {
                self.need(name, &[Status::Dispatched, Status::InProgress])?;
                if self.suspended_at.is_some() {
                    return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is already suspended"));
                }
                if reason.trim().is_empty() {
                    return Err(missing(name, "reason", "R-SLA-4"));
                }
                check_text(max_text, "reason", reason)?;
                vec![B::Suspended { reason: reason.clone() }]
            }
            C::Resume {} => {
                self.need(name, &[Status::Dispatched, Status::InProgress])?;
                let since = self.suspended_at.ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "the ticket is not suspended"))?;
                let cal = engine.calendar();
                // Completion: the working days paused are added back, keeping the time of day.
                let completion = match &self.completion {
                    Some(c) if c.met_at.is_none() => {
                        let paused = cal.busday_count(since.date_naive(), now.date_naive())?;
                        let shift = |t: DateTime<FixedOffset>| -> Result<DateTime<FixedOffset>> {
                            let last = t.checked_sub_signed(TimeDelta::seconds(1)).ok_or_else(|| out_of_range("completion.due_at"))?.date_naive();
                            let moved = cal.add_working_days(last, paused)?;
                            TimeDelta::try_days(epoch_day(moved) - epoch_day(last))
                                .and_then(|d| t.checked_add_signed(d))
                                .ok_or_else(|| out_of_range("completion.due_at"))
                        };
                        Some(ClockSpec { started_at: c.started_at, due_at: shift(c.due_at)?, warn_at: shift(c.warn_at)?, provisional: c.provisional })
                    }
                    _ => None,
                };
                // Response clocks are clock time: the paused duration is added back.
                let paused = now - since;
                let add = |t: DateTime<FixedOffset>, field: &str| t.checked_add_signed(paused).ok_or_else(|| out_of_range(field));
                let mut responses = Vec::new();
                for a in self.assignments.iter().filter(|a| a.response.met_at.is_none()) {
                    let r = &a.response;
                    let spec = ClockSpec { started_at: r.started_at, due_at: add(r.due_at, "response.due_at")?, warn_at: add(r.warn_at, "response.warn_at")?, provisional: r.provisional };
                    responses.push((a.unit.clone(), spec));
                }
                let first_feedback = match self.first_feedback.as_ref().filter(|f| f.met_at.is_none()) {
                    Some(f) => Some(ClockSpec {
                        started_at: f.started_at,
                        due_at: add(f.due_at, "first_feedback.due_at")?,
                        warn_at: add(f.warn_at, "first_feedback.warn_at")?,
                        provisional: f.provisional,
                    }),
                    None => None,
                };
                vec![B::Resumed { completion, responses, first_feedback }]
            }
            C::SubmitReport { report } => {
                self.need(name, &[Status::InProgress])?;
                if self.suspended_at.is_some() {
                    return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is suspended: resume it first"));
                }
                if report.result.trim().is_empty() {
                    return Err(missing(name, "report.result", "R-FLOW-2"));
                }
                let Some(answered_at) = report.answered_at else {
                    return Err(missing(name, "report.answered_at", "R-FLOW-2"));
                };
                if answered_at > now {
                    return Err(Error::invalid_input("report.answered_at", format!("{answered_at} is in the future")).with_rule("R-FLOW-2"));
                }
                if report.evidence.iter().all(|e| e.trim().is_empty()) {
                    return Err(missing(name, "report.evidence", "R-FLOW-2"));
                }
                if report.evidence.len() > max_evidence {
                    return Err(Error::new(ErrorKind::LimitExceeded, format!("at most {max_evidence} evidence items (limits.max_evidence)")).with_field("report.evidence"));
                }
                if report.approved_by.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    return Err(missing(name, "report.approved_by", "R-ORG-3"));
                }
                check_text(max_text, "report.result", &report.result)?;
                check_text(max_text, "report.approved_by", report.approved_by.as_deref().unwrap_or(""))?;
                for (i, ev) in report.evidence.iter().enumerate() {
                    check_text(max_text, &format!("report.evidence[{i}]"), ev)?;
                }
                let waiting: Vec<&str> = self.assignments.iter().filter(|a| a.role == AssignmentRole::Responsible && !a.contributed).map(|a| a.unit.as_str()).collect();
                if !waiting.is_empty() {
                    return Err(Error::new(ErrorKind::InvalidTransition, format!("responsible units have not submitted their contribution: {}", waiting.join(", "))).with_rule("R-SCOPE-4"));
                }
                let mut report = report.clone();
                report.answered_at = Some(calendar::to_cst(answered_at));
                vec![B::ReportSubmitted { unit: unit(), report }]
            }
            C::ReviewReport { accept, reason, note } => {
                self.need(name, &[Status::Reported])?;
                check_text(max_text, "note", note)?;
                if *accept {
                    vec![B::ReportAccepted {}]
                } else {
                    let Some(reason) = reason else {
                        return Err(missing(name, "reason", "R-FLOW-3"));
                    };
                    vec![B::ReportReturned { reason: *reason, note: note.clone(), completion: self.completion_spec(engine, now)? }]
                }
            }
            C::RecordCallback { outcome, solved, note } => {
                self.need(name, &[Status::AwaitingCallback])?;
                check_text(max_text, "note", note)?;
                vec![B::CallbackRecorded { outcome: *outcome, solved: *solved, note: note.clone() }]
            }
            C::JudgeDissatisfaction { judgement } => {
                self.need(name, &[Status::Judging])?;
                match judgement {
                    Judgement::Reasonable { measures, responsible_person, due_at } => {
                        if measures.trim().is_empty() {
                            return Err(missing(name, "judgement.measures", "R-FLOW-4"));
                        }
                        if responsible_person.trim().is_empty() {
                            return Err(missing(name, "judgement.responsible_person", "R-FLOW-4"));
                        }
                        check_text(max_text, "judgement.measures", measures)?;
                        let completion = match due_at {
                            Some(d) if *d <= now => return Err(Error::invalid_input("judgement.due_at", format!("{d} is not after now")).with_rule("R-FLOW-4")),
                            Some(d) => {
                                let x = engine.policy().clock_deadline(engine.calendar(), Clock::Completion, now, calendar::checked_cst(*d, "judgement.due_at")?, false)?;
                                ClockSpec { started_at: now, due_at: x.due_at, warn_at: x.warn_at, provisional: false }
                            }
                            None => self.completion_spec(engine, now)?,
                        };
                        vec![B::Reopened { measures: measures.clone(), responsible_person: responsible_person.clone(), completion }]
                    }
                    Judgement::Unresolvable { explanation } | Judgement::Unreasonable { explanation } => {
                        if explanation.trim().is_empty() {
                            return Err(missing(name, "judgement.explanation", "R-FLOW-4"));
                        }
                        check_text(max_text, "judgement.explanation", explanation)?;
                        let outcome = if matches!(judgement, Judgement::Unresolvable { .. }) { ClosingOutcome::Unresolvable } else { ClosingOutcome::Unreasonable };
                        vec![B::Closed { outcome, explanation: Some(explanation.clone()) }]
                    }
                }
            }
            C::Close {} => {
                self.need(name, &[Status::AwaitingCallback])?;
                // A callback on the accepted report (a reopened ticket needs a new one).
                let called_back = match (self.callbacks.last(), self.accepted_at) {
                    (Some(c), Some(a)) => c.at >= a,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if !called_back {
                    return Err(Error::new(ErrorKind::InvalidTransition, "close needs a callback (回访) on the accepted report first").with_rule("R-FLOW-4"));
                }
                vec![B::Closed { outcome: ClosingOutcome::Resolved, explanation: None }]
            }
            C::Archive {} => {
                self.need(name, &[Status::Closed, Status::Declined, Status::Answered])?;
                vec![B::Archived {}]
            }
            C::Urge { message } => {
                self.need(name, OPEN)?;
                if message.trim().is_empty() {
                    return Err(missing(name, "message", "R-ESC-3"));
                }
                check_text(max_text, "message", message)?;
                vec![B::Urged { message: message.clone() }]
            }
            C::Supervise { note } => {
                self.need(name, OPEN)?;
                check_text(max_text, "note", note)?;
                vec![B::Supervised { note: note.clone() }]
            }
            C::ConveneConsultation { units, note } => {
                self.need(name, OPEN)?;
                check_text(max_text, "note", note)?;
                for (i, u) in units.iter().enumerate() {
                    if engine.guide().unit(u).is_none() {
                        return Err(Error::invalid_input(format!("units[{i}]"), format!("unknown unit {u:?}")));
                    }
                }
                vec![B::ConsultationConvened { units: units.clone(), note: note.clone() }]
            }
            C::Instruct { instruction } => {
                self.need(name, OPEN)?;
                if instruction.trim().is_empty() {
                    return Err(missing(name, "instruction", "R-ESC-2"));
                }
                check_text(max_text, "instruction", instruction)?;
                vec![B::Instructed { instruction: instruction.clone() }]
            }
            C::LinkDuplicate { linked_ticket_id } => {
                self.need(name, OPEN)?;
                if linked_ticket_id.trim().is_empty() || Some(linked_ticket_id) == self.id.as_ref() {
                    return Err(Error::invalid_input("linked_ticket_id", format!("cannot link ticket {linked_ticket_id:?}")));
                }
                check_text(max_text, "linked_ticket_id", linked_ticket_id)?;
                vec![B::DuplicateLinked { linked_ticket_id: linked_ticket_id.clone() }]
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failure in the middle of several events leaves the ticket exactly as it was.
    #[test]
    fn several_events_apply_all_or_none() {
        let engine = Engine::default_engine();
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        let mut ticket = Ticket::new();
        let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint","content":"路灯不亮","location":{"township":"jiangna"}}"#).unwrap();
        ticket.execute(&engine, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00")).unwrap();
        let leaf = engine.guide().leaves().find(|c| !c.routing.by_location).unwrap().code.clone();
        let dispatch = Command::Dispatch { decision: crate::guide::ClassificationDecision::new(&leaf, AppealType::Complaint) };
        ticket.execute(&engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00")).unwrap();
        let alert = |rule: &str| crate::escalation::Alert {
            rule: rule.into(),
            level: EscalationLevel::Warning,
            target: crate::escalation::Target::Unit,
            message: "提醒".into(),
            ticket_id: "YS-1".into(),
            clock: None,
            unit: None,
            instance: None,
            due_since: t("2026-03-02T09:10:00+08:00"),
            tickets: Vec::new(),
        };
        let events = ticket.escalate(&[alert("a"), alert("b")], t("2026-03-02T10:00:00+08:00")).unwrap();
        assert_eq!(events.len(), 2);
        let (before, n) = (serde_json::to_string(&ticket).unwrap(), ticket.events().len());
        let mut broken = events.clone();
        broken[1].seq += 5;
        assert!(ticket.apply_sealed(&broken).is_err());
        assert_eq!(serde_json::to_string(&ticket).unwrap(), before);
        ticket.apply_sealed(&events).unwrap();
        assert_eq!(ticket.events().len(), n + events.len());
        assert_eq!(Ticket::replay(ticket.events()).unwrap(), ticket);
    }
}
