//! What happened: [`Event`] (envelope and hash chain) and [`EventBody`] (the JSON `type`-tagged
//! bodies), their kinds, and the clocks events carry ([`ClockSpec`], [`AssignmentClocks`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::kind::kinds;
use super::privacy::Requester;
use super::status::{CallbackOutcome, Channel, ClosingOutcome, EscalationLevel, ReworkReason};
use super::command::Report;
use crate::guide::{AppealType, AssignmentRole, Classification, DeclineReason, Location};
use crate::sla::Clock;

/// A clock as computed when it started (or moved): carried by events so that replay needs no
/// calendar.
///
/// # Example
/// ```
/// let s: jiesu::ticket::ClockSpec = serde_json::from_str(r#"{"started_at":"2026-03-02T10:00:00+08:00","due_at":"2026-03-10T00:00:00+08:00","warn_at":"2026-03-09T00:00:00+08:00"}"#).unwrap();
/// assert!(!s.provisional);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockSpec {
    /// Start.
    pub started_at: DateTime<FixedOffset>,
    /// Exclusive due instant.
    pub due_at: DateTime<FixedOffset>,
    /// Warning instant.
    pub warn_at: DateTime<FixedOffset>,
    /// Computed with the provisional calendar policy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
}

/// An assignment with its clocks, as dispatched.
///
/// # Example
/// ```
/// # use jiesu::ticket::*;
/// # let s: ClockSpec = serde_json::from_str(r#"{"started_at":"2026-03-02T10:00:00+08:00","due_at":"2026-03-10T00:00:00+08:00","warn_at":"2026-03-09T00:00:00+08:00"}"#).unwrap();
/// let a = AssignmentClocks { unit: "water".into(), role: jiesu::guide::AssignmentRole::Lead, response: s, return_window: s };
/// assert_eq!(a.unit, "water");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentClocks {
    /// Unit.
    pub unit: String,
    /// Role.
    pub role: AssignmentRole,
    /// Response clock (R-SLA-1).
    pub response: ClockSpec,
    /// Return window (R-SLA-2).
    pub return_window: ClockSpec,
}

/// What happened (glossary events). The `type` tag is flattened into the [`Event`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum EventBody {
    Registered { channel: Channel, appeal_type: AppealType, content: String, requester: Requester, location: Location },
    Declined { reason: DeclineReason, guidance: String },
    AnsweredDirectly { answer: String },
    Dispatched {
        classification: Classification,
        assignments: Vec<AssignmentClocks>,
        completion: ClockSpec,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    Acknowledged { unit: String },
    RequesterContacted { unit: String, note: String },
    ProgressAdded { unit: String, note: String },
    ContributionSubmitted { unit: String, content: String },
    ReturnRequested { unit: String, reason: String, evidence: Vec<String>, suggested_unit: String },
    ReturnApproved { unit: String, reason: String },
    ReturnRejected { unit: String, reason: String },
    Reassigned {
        assignments: Vec<AssignmentClocks>,
        completion: ClockSpec,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    ExtensionRequested { unit: String, reason: String, requested_due_at: DateTime<FixedOffset> },
    ExtensionApproved { reason: String, completion: ClockSpec },
    ExtensionRejected { reason: String },
    Suspended { reason: String },
    Resumed {
        /// The completion clock with the paused working days added back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        completion: Option<ClockSpec>,
        /// Response clocks (unit, clock) with the paused time added back.
        #[serde(default)]
        responses: Vec<(String, ClockSpec)>,
        /// The first-feedback clock with the paused time added back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    ReportSubmitted { unit: String, report: Report },
    ReportAccepted {},
    ReportReturned { reason: ReworkReason, note: String, completion: ClockSpec },
    CallbackRecorded { outcome: CallbackOutcome, solved: bool, note: String },
    Reopened { measures: String, responsible_person: String, completion: ClockSpec },
    Closed {
        outcome: ClosingOutcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explanation: Option<String>,
    },
    Archived {},
    Urged { message: String },
    Supervised { note: String },
    ConsultationConvened { units: Vec<String>, note: String },
    Instructed { instruction: String },
    DuplicateLinked { linked_ticket_id: String },
    /// Appended by the escalation rules (see `jiesu::escalation`).
    Escalated {
        rule: String,
        level: EscalationLevel,
        target: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clock: Option<Clock>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// The instance the alert is about (the clock's due instant, the dispatch instant, …),
        /// so that it is raised once per instance.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instance: Option<DateTime<FixedOffset>>,
        /// Other tickets involved (repeated and many-people requests).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tickets: Vec<String>,
    },
}

kinds! {
    /// The kind of an [`Event`] (its `type` tag): what escalation and assessment match on.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{EventBody, EventKind};
    /// assert_eq!(EventBody::ReportAccepted {}.kind(), EventKind::ReportAccepted);
    /// assert_eq!(EventKind::ReturnRequested.as_str(), "return_requested");
    /// ```
    pub enum EventKind {
        /// `registered`.
        Registered = "registered",
        /// `declined`.
        Declined = "declined",
        /// `answered_directly`.
        AnsweredDirectly = "answered_directly",
        /// `dispatched`.
        Dispatched = "dispatched",
        /// `acknowledged`.
        Acknowledged = "acknowledged",
        /// `requester_contacted`.
        RequesterContacted = "requester_contacted",
        /// `progress_added`.
        ProgressAdded = "progress_added",
        /// `contribution_submitted`.
        ContributionSubmitted = "contribution_submitted",
        /// `return_requested`.
        ReturnRequested = "return_requested",
        /// `return_approved`.
        ReturnApproved = "return_approved",
        /// `return_rejected`.
        ReturnRejected = "return_rejected",
        /// `reassigned`.
        Reassigned = "reassigned",
        /// `extension_requested`.
        ExtensionRequested = "extension_requested",
        /// `extension_approved`.
        ExtensionApproved = "extension_approved",
        /// `extension_rejected`.
        ExtensionRejected = "extension_rejected",
        /// `suspended`.
        Suspended = "suspended",
        /// `resumed`.
        Resumed = "resumed",
        /// `report_submitted`.
        ReportSubmitted = "report_submitted",
        /// `report_accepted`.
        ReportAccepted = "report_accepted",
        /// `report_returned`.
        ReportReturned = "report_returned",
        /// `callback_recorded`.
        CallbackRecorded = "callback_recorded",
        /// `reopened`.
        Reopened = "reopened",
        /// `closed`.
        Closed = "closed",
        /// `archived`.
        Archived = "archived",
        /// `urged`.
        Urged = "urged",
        /// `supervised`.
        Supervised = "supervised",
        /// `consultation_convened`.
        ConsultationConvened = "consultation_convened",
        /// `instructed`.
        Instructed = "instructed",
        /// `duplicate_linked`.
        DuplicateLinked = "duplicate_linked",
        /// `escalated`.
        Escalated = "escalated",
    }
}

impl EventBody {
    /// The event's kind.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{EventBody, EventKind};
    /// assert_eq!(EventBody::Archived {}.kind(), EventKind::Archived);
    /// ```
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Registered { .. } => EventKind::Registered,
            EventBody::Declined { .. } => EventKind::Declined,
            EventBody::AnsweredDirectly { .. } => EventKind::AnsweredDirectly,
            EventBody::Dispatched { .. } => EventKind::Dispatched,
            EventBody::Acknowledged { .. } => EventKind::Acknowledged,
            EventBody::RequesterContacted { .. } => EventKind::RequesterContacted,
            EventBody::ProgressAdded { .. } => EventKind::ProgressAdded,
            EventBody::ContributionSubmitted { .. } => EventKind::ContributionSubmitted,
            EventBody::ReturnRequested { .. } => EventKind::ReturnRequested,
            EventBody::ReturnApproved { .. } => EventKind::ReturnApproved,
            EventBody::ReturnRejected { .. } => EventKind::ReturnRejected,
            EventBody::Reassigned { .. } => EventKind::Reassigned,
            EventBody::ExtensionRequested { .. } => EventKind::ExtensionRequested,
            EventBody::ExtensionApproved { .. } => EventKind::ExtensionApproved,
            EventBody::ExtensionRejected { .. } => EventKind::ExtensionRejected,
            EventBody::Suspended { .. } => EventKind::Suspended,
            EventBody::Resumed { .. } => EventKind::Resumed,
            EventBody::ReportSubmitted { .. } => EventKind::ReportSubmitted,
            EventBody::ReportAccepted {} => EventKind::ReportAccepted,
            EventBody::ReportReturned { .. } => EventKind::ReportReturned,
            EventBody::CallbackRecorded { .. } => EventKind::CallbackRecorded,
            EventBody::Reopened { .. } => EventKind::Reopened,
            EventBody::Closed { .. } => EventKind::Closed,
            EventBody::Archived {} => EventKind::Archived,
            EventBody::Urged { .. } => EventKind::Urged,
            EventBody::Supervised { .. } => EventKind::Supervised,
            EventBody::ConsultationConvened { .. } => EventKind::ConsultationConvened,
            EventBody::Instructed { .. } => EventKind::Instructed,
            EventBody::DuplicateLinked { .. } => EventKind::DuplicateLinked,
            EventBody::Escalated { .. } => EventKind::Escalated,
        }
    }

    /// The event's `type` tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::EventBody::ReportAccepted {}.name(), "report_accepted");
    /// ```
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The unit that acted, for the events a unit records (acknowledged, requester contacted,
    /// progress, contribution, return and extension requests, report): it must be the
    /// actor's own unit.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::EventBody;
    /// assert_eq!(EventBody::Acknowledged { unit: "water".into() }.acting_unit(), Some("water"));
    /// assert_eq!(EventBody::ReportAccepted {}.acting_unit(), None);
    /// ```
    pub fn acting_unit(&self) -> Option<&str> {
        match self {
            EventBody::Acknowledged { unit }
            | EventBody::RequesterContacted { unit, .. }
            | EventBody::ProgressAdded { unit, .. }
            | EventBody::ContributionSubmitted { unit, .. }
            | EventBody::ReturnRequested { unit, .. }
            | EventBody::ExtensionRequested { unit, .. }
            | EventBody::ReportSubmitted { unit, .. } => Some(unit),
            _ => None,
        }
    }
}

/// One recorded event: envelope (ticket, sequence number, instant, actor, hash chain) and body.
///
/// `hash` is the SHA-256 (hex) of the event's canonical encoding — the canonical encoding of
/// the event without its `hash` (every field named, absent optional fields marked, the
/// instant as Unix seconds and offset; see [`compute_hash`](crate::ticket::compute_hash)) — and `prev_hash` the previous event's hash
/// (64 zeros for the first), so a history is verifiable as unaltered (R-FLOW-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The ticket.
    pub ticket_id: String,
    /// 1, 2, 3, … without gaps.
    pub seq: u64,
    /// When it happened (CST).
    pub at: DateTime<FixedOffset>,
    /// Who did it.
    pub actor: Actor,
    /// What happened.
    #[serde(flatten)]
    pub body: EventBody,
    /// Hash of the previous event.
    pub prev_hash: String,
    /// Hash of this event.
    pub hash: String,
}
