//! What happened: [`Event`] (envelope and hash chain) and [`EventBody`] (the JSON `type`-tagged
//! bodies), their kinds, and the clocks events carry ([`ClockSpec`], [`AssignmentClocks`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::command::Report;
use super::kind::kinds;
use super::matter::{MatterKind, MatterLevel};
use super::privacy::Requester;
use super::status::{CallbackOutcome, Channel, ClosingOutcome, EscalationLevel, ReworkReason};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockSpec {
    /// Start.
    #[serde(serialize_with = "super::instant::serialize")]
    pub started_at: DateTime<FixedOffset>,
    /// Exclusive due instant.
    #[serde(serialize_with = "super::instant::serialize")]
    pub due_at: DateTime<FixedOffset>,
    /// Warning instant.
    #[serde(serialize_with = "super::instant::serialize")]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// What happened (glossary events). The `type` tag is flattened into the [`Event`]; the unit
/// of a unit's event is always the actor's own unit. Fields a command gave are kept as given
/// (texts, evidence, reasons); what the decision computed is recorded too (clocks,
/// classification), so that replay needs no calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventBody {
    /// 登记: the request as received.
    Registered {
        /// The channel (受理渠道).
        channel: Channel,
        /// The appeal type (诉求类型).
        appeal_type: AppealType,
        /// The request's content (诉求内容).
        content: String,
        /// The requester (personal data, R-PRIV-1).
        requester: Requester,
        /// Where the request is about.
        location: Location,
    },
    /// 不予受理 (R-SCOPE-2).
    Declined {
        /// The reason code.
        reason: DeclineReason,
        /// The guidance given to the requester (where to turn instead).
        guidance: String,
    },
    /// 当场答复 (首接首办, R-SCOPE-3).
    AnsweredDirectly {
        /// The answer given on the spot.
        answer: String,
    },
    /// 派单 (R-SCOPE-4): the classification and the clocks it started.
    Dispatched {
        /// The classification: category, SLA input, assignments, township.
        classification: Classification,
        /// Each assigned unit with its response clock and return window.
        assignments: Vec<AssignmentClocks>,
        /// The completion clock (R-SLA-3).
        completion: ClockSpec,
        /// The first-feedback clock of an urgent ticket (当天反馈).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    /// 签收 by a unit.
    Acknowledged {
        /// The unit that acknowledged.
        unit: String,
    },
    /// 联系诉求人: the unit's first (or a further) contact with the requester.
    RequesterContacted {
        /// The unit.
        unit: String,
        /// What was said.
        note: String,
    },
    /// 办理过程: progress recorded by a unit (R-FLOW-1).
    ProgressAdded {
        /// The unit.
        unit: String,
        /// What was done.
        note: String,
    },
    /// 协办意见: a responsible or cooperating unit's contribution (R-SCOPE-4).
    ContributionSubmitted {
        /// The unit.
        unit: String,
        /// Its contribution.
        content: String,
    },
    /// 退件申请 (R-SLA-2).
    ReturnRequested {
        /// The unit asking to return the ticket.
        unit: String,
        /// Why it is outside the unit's remit.
        reason: String,
        /// Evidence (佐证材料).
        evidence: Vec<String>,
        /// The unit suggested instead.
        suggested_unit: String,
    },
    /// 退件审核: approved; the unit leaves the ticket.
    ReturnApproved {
        /// The unit whose return was approved.
        unit: String,
        /// The command center's note.
        reason: String,
    },
    /// 退件审核: rejected; the unit keeps the ticket.
    ReturnRejected {
        /// The unit whose return was rejected.
        unit: String,
        /// Why.
        reason: String,
    },
    /// 改派: new assignments with new clocks.
    Reassigned {
        /// The new assignments with their clocks.
        assignments: Vec<AssignmentClocks>,
        /// The new completion clock.
        completion: ClockSpec,
        /// The new first-feedback clock of an urgent ticket.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    /// 延期申请 by the lead unit (R-SLA-4).
    ExtensionRequested {
        /// The lead unit.
        unit: String,
        /// Why it cannot finish in time.
        reason: String,
        /// The deadline asked for.
        #[serde(serialize_with = "super::instant::serialize")]
        requested_due_at: DateTime<FixedOffset>,
    },
    /// 延期审核: approved; the completion clock moves.
    ExtensionApproved {
        /// The command center's note.
        reason: String,
        /// The completion clock with the new deadline.
        completion: ClockSpec,
    },
    /// 延期审核: rejected.
    ExtensionRejected {
        /// Why.
        reason: String,
    },
    /// 挂起: the clocks pause.
    Suspended {
        /// Why the ticket is suspended.
        reason: String,
    },
    /// 恢复: the clocks run again, moved by the time paused.
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
    /// 办结反馈 by the lead unit (R-FLOW-2).
    ReportSubmitted {
        /// The lead unit.
        unit: String,
        /// The report: result, answer instant, evidence, approving leader.
        report: Report,
    },
    /// 审核: the report is accepted; the completion clock is met at its submission.
    ReportAccepted {},
    /// 审核: 退回重办 (R-FLOW-3), with a new completion clock.
    ReportReturned {
        /// Why it is returned.
        reason: ReworkReason,
        /// The command center's note.
        note: String,
        /// The new completion clock.
        completion: ClockSpec,
    },
    /// 回访 (R-FLOW-4).
    CallbackRecorded {
        /// The requester's verdict.
        outcome: CallbackOutcome,
        /// Whether the problem was solved.
        solved: bool,
        /// Note.
        note: String,
    },
    /// 不满意研判: a reasonable demand reopened (R-FLOW-4).
    Reopened {
        /// The measures to take.
        measures: String,
        /// The person responsible.
        responsible_person: String,
        /// The new completion clock.
        completion: ClockSpec,
    },
    /// 办结 (or closed by judgement as unresolvable or unreasonable).
    Closed {
        /// How the ticket ended.
        outcome: ClosingOutcome,
        /// The explanation of a judged closure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explanation: Option<String>,
    },
    /// 归档 (R-FLOW-5).
    Archived {},
    /// 催办 by the command center.
    Urged {
        /// The message to the units.
        message: String,
    },
    /// 督办 by the supervision office (R-ORG-4).
    Supervised {
        /// Note.
        note: String,
    },
    /// 会商 convened (R-ORG-5, R-ESC-1).
    ConsultationConvened {
        /// The units taking part.
        units: Vec<String>,
        /// Note.
        note: String,
    },
    /// 领导批示 (R-ESC-2).
    Instructed {
        /// The leader's instruction.
        instruction: String,
    },
    /// 重复件关联.
    DuplicateLinked {
        /// The other ticket.
        linked_ticket_id: String,
    },
    /// 逐级上报 (R-SCOPE-5): the ticket reported up as a major matter to `level`; the units'
    /// clocks pause until the level decides, which it should by `decide_by`.
    ReportedUp {
        /// 重大事项 or 热点难点.
        kind: MatterKind,
        /// The level it goes to (the next above the actor).
        level: MatterLevel,
        /// Why.
        reason: String,
        /// The level's decision limit (exclusive): the policy's working days from now.
        #[serde(serialize_with = "super::instant::serialize")]
        decide_by: DateTime<FixedOffset>,
    },
    /// The level holding a major matter takes it (R-SCOPE-5, R-ORG-5): the units' clocks
    /// resume with the time upstairs added back.
    MajorMatterTaken {
        /// The level that took it.
        level: MatterLevel,
        /// Its instruction.
        instruction: String,
        /// Units it added, as cooperating units, with their clocks from now.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        units: Vec<AssignmentClocks>,
        /// The completion clock: resumed with the working days upstairs added back, or the
        /// level's new deadline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        completion: Option<ClockSpec>,
        /// Response clocks (unit, clock) with the time upstairs added back.
        #[serde(default)]
        responses: Vec<(String, ClockSpec)>,
        /// The first-feedback clock with the time upstairs added back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    /// The level holding a major matter sends it back down (R-SCOPE-5): the units' clocks
    /// resume with the time upstairs added back.
    MajorMatterSentBack {
        /// The level that sent it back.
        level: MatterLevel,
        /// Its explanation.
        explanation: String,
        /// The completion clock with the working days upstairs added back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        completion: Option<ClockSpec>,
        /// Response clocks (unit, clock) with the time upstairs added back.
        #[serde(default)]
        responses: Vec<(String, ClockSpec)>,
        /// The first-feedback clock with the time upstairs added back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_feedback: Option<ClockSpec>,
    },
    /// Appended by the escalation rules (预警、催办、督办、挂牌督办; see `jiesu::escalation`).
    Escalated {
        /// The rule that fired.
        rule: String,
        /// Its level.
        level: EscalationLevel,
        /// Who the alert is for (`unit`, `command_center`, `supervision_office`, …).
        target: String,
        /// The rendered message.
        message: String,
        /// The clock, for clock rules.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clock: Option<Clock>,
        /// The unit, for per-unit clocks.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// The instance the alert is about (the clock's due instant, the dispatch instant, …),
        /// so that it is raised once per instance.
        #[serde(serialize_with = "super::instant::option", default, skip_serializing_if = "Option::is_none")]
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
        /// `reported_up`.
        ReportedUp = "reported_up",
        /// `major_matter_taken`.
        MajorMatterTaken = "major_matter_taken",
        /// `major_matter_sent_back`.
        MajorMatterSentBack = "major_matter_sent_back",
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
            EventBody::ReportedUp { .. } => EventKind::ReportedUp,
            EventBody::MajorMatterTaken { .. } => EventKind::MajorMatterTaken,
            EventBody::MajorMatterSentBack { .. } => EventKind::MajorMatterSentBack,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(extend("unevaluatedProperties" = false))]
pub struct Event {
    /// [`EVENT_SCHEMA_VERSION`](super::EVENT_SCHEMA_VERSION) (2) for the events jiesu writes;
    /// 1 for events written before instants were hashed as instants (still read).
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
    /// The anchor of a keyed engine ([`Tag`](crate::ticket::Tag)): absent when the engine held
    /// no chain key. Not part of the hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<super::anchor::Tag>,
}
