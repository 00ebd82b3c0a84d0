//! Actors, statuses, commands and events: the serde types whose JSON is the interchange format
//! of the C and Python layers (snake_case `type` tags, GLOSSARY names).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::privacy::Requester;
use crate::guide::{Assignment, AssignmentRole, AppealType, Classification, ClassificationDecision, DeclineReason, Location};
use crate::sla::Clock;

/// The schema version of events and ticket states.
pub const SCHEMA_VERSION: u32 = 1;

/// Who acts (R-ORG-*).
///
/// # Example
/// ```
/// use jiesu::ticket::{Actor, Role};
/// let a: Actor = serde_json::from_str(r#"{"role":"unit","unit":"housing"}"#).unwrap();
/// assert_eq!(a, Actor::unit("housing"));
/// assert_eq!(Actor::command_center().role, Role::CommandCenter);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The role.
    pub role: Role,
    /// The unit, for `unit` and `unit_leader`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The person (operator account), for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

impl Actor {
    /// The command center (指挥中心).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Actor::command_center().unit.is_none());
    /// ```
    pub fn command_center() -> Actor {
        Actor { role: Role::CommandCenter, unit: None, user: None }
    }

    /// A handling unit (承办单位).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Actor::unit("water").unit.as_deref(), Some("water"));
    /// ```
    pub fn unit(id: &str) -> Actor {
        Actor { role: Role::Unit, unit: Some(id.to_string()), user: None }
    }

    /// An actor of another role without unit.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{Actor, Role};
    /// assert_eq!(Actor::of(Role::LeadingGroup).role, Role::LeadingGroup);
    /// ```
    pub fn of(role: Role) -> Actor {
        Actor { role, unit: None, user: None }
    }
}

/// Roles of the glossary.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::Role::SupervisionOffice).unwrap(), "\"supervision_office\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 指挥中心.
    CommandCenter,
    /// 承办单位.
    Unit,
    /// 单位分管/主要负责人.
    UnitLeader,
    /// 县委政府督查室.
    SupervisionOffice,
    /// 工作专班.
    TaskForce,
    /// 领导小组 / 县领导.
    LeadingGroup,
}

impl Role {
    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Role::TaskForce.as_str(), "task_force");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CommandCenter => "command_center",
            Role::Unit => "unit",
            Role::UnitLeader => "unit_leader",
            Role::SupervisionOffice => "supervision_office",
            Role::TaskForce => "task_force",
            Role::LeadingGroup => "leading_group",
        }
    }
}

/// Ticket status (glossary).
///
/// # Example
/// ```
/// use jiesu::ticket::Status;
/// assert!(Status::Closed.is_terminal() && !Status::Reported.is_terminal());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已登记.
    Registered,
    /// 不予受理.
    Declined,
    /// 当场答复.
    Answered,
    /// 待签收.
    Dispatched,
    /// 办理中.
    InProgress,
    /// 退件审核中.
    ReturnPending,
    /// 待审核.
    Reported,
    /// 待回访.
    AwaitingCallback,
    /// 不满意研判中.
    Judging,
    /// 已办结.
    Closed,
    /// 已归档.
    Archived,
}

impl Status {
    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Status::AwaitingCallback.as_str(), "awaiting_callback");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Declined => "declined",
            Status::Answered => "answered",
            Status::Dispatched => "dispatched",
            Status::InProgress => "in_progress",
            Status::ReturnPending => "return_pending",
            Status::Reported => "reported",
            Status::AwaitingCallback => "awaiting_callback",
            Status::Judging => "judging",
            Status::Closed => "closed",
            Status::Archived => "archived",
        }
    }

    /// Whether the ticket is finished (declined, answered, closed, archived).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Status::Answered.is_terminal());
    /// ```
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Declined | Status::Answered | Status::Closed | Status::Archived)
    }
}

/// 受理渠道.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::Channel::Hotline12345).unwrap(), "\"hotline_12345\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 12345 hotline.
    #[default]
    #[serde(rename = "hotline_12345")]
    Hotline12345,
    /// Web portal.
    Web,
    /// WeChat.
    Wechat,
    /// Mobile app.
    App,
    /// Letter.
    Letter,
    /// In person.
    WalkIn,
    /// Other.
    Other,
}

/// 回访 outcome (R-FLOW-4).
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::CallbackOutcome::BasicallySatisfied).unwrap(), "\"basically_satisfied\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackOutcome {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
    /// 无法联系.
    Unreachable,
}

/// How a ticket ended.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::ClosingOutcome::Unreasonable).unwrap(), "\"unreasonable\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingOutcome {
    /// Handled and closed.
    Resolved,
    /// Cannot be met for objective reasons (客观条件限制), explained.
    Unresolvable,
    /// Unreasonable demand (不合理诉求): excluded from assessment.
    Unreasonable,
    /// Declined (不予受理).
    Declined,
    /// Answered on the spot (首接首办).
    Answered,
}

/// Why the command center returns a report for rework (退回重办, R-FLOW-3).
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::ReworkReason::InsufficientEvidence).unwrap(), "\"insufficient_evidence\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReworkReason {
    /// 格式不规范.
    NonStandardFormat,
    /// 佐证材料不充分.
    InsufficientEvidence,
    /// 佐证材料不真实.
    UntrueEvidence,
    /// 群众不满意.
    RequesterNotSatisfied,
    /// Other, explained in the note.
    Other,
}

/// Escalation levels (R-ESC-4).
///
/// # Example
/// ```
/// use jiesu::ticket::EscalationLevel;
/// assert!(EscalationLevel::Warning < EscalationLevel::ListedSupervision);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationLevel {
    /// 预警.
    Warning,
    /// 催办.
    Urging,
    /// 督办.
    Supervision,
    /// 挂牌督办 / 通报.
    ListedSupervision,
}

/// A completion report (办结反馈, R-FLOW-2).
///
/// # Example
/// ```
/// let r: jiesu::ticket::Report = serde_json::from_str(r#"{"result":"已修复","answered_at":"2026-03-02T10:00:00+08:00","evidence":["photo-1.jpg"],"approved_by":"王局长","solved":true}"#).unwrap();
/// assert!(r.solved);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The result of the handling.
    #[serde(default)]
    pub result: String,
    /// When the requester was answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<FixedOffset>>,
    /// Evidence (佐证材料): file references, at least one.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The approving unit leader (分管/主要负责人, R-ORG-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// Whether the problem was solved.
    #[serde(default)]
    pub solved: bool,
}

/// The judgement of a dissatisfied callback (研判, R-FLOW-4).
///
/// # Example
/// ```
/// let j: jiesu::ticket::Judgement = serde_json::from_str(r#"{"judgement":"unreasonable","explanation":"超出政策范围"}"#).unwrap();
/// assert!(matches!(j, jiesu::ticket::Judgement::Unreasonable { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "judgement", rename_all = "snake_case", deny_unknown_fields)]
pub enum Judgement {
    /// A reasonable demand: reopened with measures, responsible person and deadline.
    Reasonable {
        /// Measures to take.
        measures: String,
        /// The responsible person.
        responsible_person: String,
        /// A deadline; default: the completion limit again from now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due_at: Option<DateTime<FixedOffset>>,
    },
    /// Cannot be met for objective reasons: closed with an explanation.
    Unresolvable {
        /// Explanation.
        explanation: String,
    },
    /// Unreasonable: closed with an explanation, excluded from assessment.
    Unreasonable {
        /// Explanation.
        explanation: String,
    },
}

/// What an actor asks (glossary commands).
///
/// # Example
/// ```
/// use jiesu::ticket::Command;
/// let c: Command = serde_json::from_str(r#"{"type":"urge","message":"请加快办理"}"#).unwrap();
/// assert_eq!(c.name(), "urge");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// 登记.
    Register {
        /// Ticket id (工单编号).
        id: String,
        /// Channel.
        #[serde(default)]
        channel: Channel,
        /// Appeal type.
        appeal_type: AppealType,
        /// Content.
        content: String,
        /// Requester.
        #[serde(default)]
        requester: Requester,
        /// Location.
        #[serde(default)]
        location: Location,
    },
    /// 不予受理 (R-SCOPE-2).
    Decline {
        /// Reason code.
        reason: DeclineReason,
        /// Guidance given to the requester.
        guidance: String,
    },
    /// 当场答复 (R-SCOPE-3).
    AnswerDirectly {
        /// The answer.
        answer: String,
    },
    /// 派单 (R-SCOPE-4).
    Dispatch {
        /// The operator's classification decision.
        decision: ClassificationDecision,
    },
    /// 签收.
    Acknowledge {},
    /// 联系诉求人.
    ContactRequester {
        /// Note.
        #[serde(default)]
        note: String,
    },
    /// 办理过程.
    AddProgress {
        /// Note.
        note: String,
    },
    /// 协办意见.
    SubmitContribution {
        /// Content.
        content: String,
    },
    /// 退件申请 (R-SLA-2).
    RequestReturn {
        /// Reason.
        reason: String,
        /// Evidence.
        #[serde(default)]
        evidence: Vec<String>,
        /// Suggested unit.
        suggested_unit: String,
    },
    /// 退件审核.
    DecideReturn {
        /// Approve or reject.
        approve: bool,
        /// Reason or note.
        #[serde(default)]
        reason: String,
        /// New assignments when approving (required when the lead returns).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignments: Option<Vec<Assignment>>,
    },
    /// 改派.
    Reassign {
        /// The new assignments (exactly one lead).
        assignments: Vec<Assignment>,
    },
    /// 延期申请 (R-SLA-4).
    RequestExtension {
        /// Reason.
        reason: String,
        /// The new deadline asked for.
        requested_due_at: DateTime<FixedOffset>,
    },
    /// 延期审核.
    DecideExtension {
        /// Approve or reject.
        approve: bool,
        /// Reason or note.
        #[serde(default)]
        reason: String,
    },
    /// 挂起.
    Suspend {
        /// Reason.
        reason: String,
    },
    /// 恢复.
    Resume {},
    /// 办结反馈 (R-FLOW-2).
    SubmitReport {
        /// The report.
        report: Report,
    },
    /// 审核 (R-FLOW-3).
    ReviewReport {
        /// Accept, or return for rework.
        accept: bool,
        /// Why it is returned.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ReworkReason>,
        /// Note.
        #[serde(default)]
        note: String,
    },
    /// 回访 (R-FLOW-4).
    RecordCallback {
        /// Outcome.
        outcome: CallbackOutcome,
        /// Whether the problem was solved.
        #[serde(default)]
        solved: bool,
        /// Note.
        #[serde(default)]
        note: String,
    },
    /// 不满意研判 (R-FLOW-4).
    JudgeDissatisfaction {
        /// The judgement.
        judgement: Judgement,
    },
    /// 办结.
    Close {},
    /// 归档 (R-FLOW-5).
    Archive {},
    /// 催办.
    Urge {
        /// Message.
        message: String,
    },
    /// 督办 (R-ORG-4).
    Supervise {
        /// Note.
        #[serde(default)]
        note: String,
    },
    /// 会商 (R-ORG-5, R-ESC-1).
    ConveneConsultation {
        /// Units taking part.
        #[serde(default)]
        units: Vec<String>,
        /// Note.
        #[serde(default)]
        note: String,
    },
    /// 领导批示 (R-ESC-2).
    Instruct {
        /// The instruction.
        instruction: String,
    },
    /// 重复件关联.
    LinkDuplicate {
        /// The other ticket.
        linked_ticket_id: String,
    },
}

impl Command {
    /// The command's `type` tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Command::Close {}.name(), "close");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Command::Register { .. } => "register",
            Command::Decline { .. } => "decline",
            Command::AnswerDirectly { .. } => "answer_directly",
            Command::Dispatch { .. } => "dispatch",
            Command::Acknowledge {} => "acknowledge",
            Command::ContactRequester { .. } => "contact_requester",
            Command::AddProgress { .. } => "add_progress",
            Command::SubmitContribution { .. } => "submit_contribution",
            Command::RequestReturn { .. } => "request_return",
            Command::DecideReturn { .. } => "decide_return",
            Command::Reassign { .. } => "reassign",
            Command::RequestExtension { .. } => "request_extension",
            Command::DecideExtension { .. } => "decide_extension",
            Command::Suspend { .. } => "suspend",
            Command::Resume {} => "resume",
            Command::SubmitReport { .. } => "submit_report",
            Command::ReviewReport { .. } => "review_report",
            Command::RecordCallback { .. } => "record_callback",
            Command::JudgeDissatisfaction { .. } => "judge_dissatisfaction",
            Command::Close {} => "close",
            Command::Archive {} => "archive",
            Command::Urge { .. } => "urge",
            Command::Supervise { .. } => "supervise",
            Command::ConveneConsultation { .. } => "convene_consultation",
            Command::Instruct { .. } => "instruct",
            Command::LinkDuplicate { .. } => "link_duplicate",
        }
    }
}

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

impl EventBody {
    /// The event's `type` tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::EventBody::ReportAccepted {}.name(), "report_accepted");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            EventBody::Registered { .. } => "registered",
            EventBody::Declined { .. } => "declined",
            EventBody::AnsweredDirectly { .. } => "answered_directly",
            EventBody::Dispatched { .. } => "dispatched",
            EventBody::Acknowledged { .. } => "acknowledged",
            EventBody::RequesterContacted { .. } => "requester_contacted",
            EventBody::ProgressAdded { .. } => "progress_added",
            EventBody::ContributionSubmitted { .. } => "contribution_submitted",
            EventBody::ReturnRequested { .. } => "return_requested",
            EventBody::ReturnApproved { .. } => "return_approved",
            EventBody::ReturnRejected { .. } => "return_rejected",
            EventBody::Reassigned { .. } => "reassigned",
            EventBody::ExtensionRequested { .. } => "extension_requested",
            EventBody::ExtensionApproved { .. } => "extension_approved",
            EventBody::ExtensionRejected { .. } => "extension_rejected",
            EventBody::Suspended { .. } => "suspended",
            EventBody::Resumed { .. } => "resumed",
            EventBody::ReportSubmitted { .. } => "report_submitted",
            EventBody::ReportAccepted {} => "report_accepted",
            EventBody::ReportReturned { .. } => "report_returned",
            EventBody::CallbackRecorded { .. } => "callback_recorded",
            EventBody::Reopened { .. } => "reopened",
            EventBody::Closed { .. } => "closed",
            EventBody::Archived {} => "archived",
            EventBody::Urged { .. } => "urged",
            EventBody::Supervised { .. } => "supervised",
            EventBody::ConsultationConvened { .. } => "consultation_convened",
            EventBody::Instructed { .. } => "instructed",
            EventBody::DuplicateLinked { .. } => "duplicate_linked",
            EventBody::Escalated { .. } => "escalated",
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
