//! What an actor asks: [`Command`] (the JSON `type`-tagged objects of the C and Python layers),
//! its kind, and the parts it carries ([`Report`], [`Judgement`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kind::kinds;
use super::matter::MatterKind;
use super::privacy::Requester;
use super::status::{CallbackOutcome, Channel, ReworkReason};
use crate::guide::{AppealType, Assignment, ClassificationDecision, DeclineReason, Location};

/// A completion report (办结反馈, R-FLOW-2).
///
/// # Example
/// ```
/// let r: jiesu::ticket::Report = serde_json::from_str(r#"{"result":"已修复","answered_at":"2026-03-02T10:00:00+08:00","evidence":["photo-1.jpg"],"approved_by":"王局长","solved":true}"#).unwrap();
/// assert!(r.solved);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The result of the handling. Required by `submit_report`, as are `answered_at`,
    /// `evidence` (at least one item) and `approved_by`: a report missing several of them is
    /// refused with all of them named in one error.
    #[serde(default)]
    pub result: String,
    /// When the requester was answered (required by `submit_report`; not after the report,
    /// not before the dispatch).
    #[serde(serialize_with = "super::instant::option", default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<FixedOffset>>,
    /// Evidence (佐证材料): file references, at least one (required by `submit_report`).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The approving unit leader (分管/主要负责人, R-ORG-3; required by `submit_report`).
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "judgement", rename_all = "snake_case", deny_unknown_fields)]
pub enum Judgement {
    /// A reasonable demand: reopened with measures, responsible person and deadline.
    Reasonable {
        /// Measures to take.
        measures: String,
        /// The responsible person.
        responsible_person: String,
        /// A deadline; default: the completion limit again from now.
        #[serde(serialize_with = "super::instant::option", default, skip_serializing_if = "Option::is_none")]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
        #[serde(serialize_with = "super::instant::serialize")]
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
    /// 逐级上报 (R-SCOPE-5): report the ticket up as a major matter, to the task force (by the
    /// lead unit's leader or the command center) or on to the leading group (by the task force
    /// holding it).
    ReportUp {
        /// 重大事项 or 热点难点.
        kind: MatterKind,
        /// Why the matter goes up.
        reason: String,
    },
    /// The decision of the level holding a major matter (R-SCOPE-5, R-ORG-5): take it, with an
    /// instruction and, where it decides so, additional units and a new completion deadline;
    /// or send it back down with an explanation.
    DecideMajorMatter {
        /// `true`: the level takes the matter; `false`: it sends it back down.
        take: bool,
        /// The level's instruction (required when taking).
        #[serde(default)]
        instruction: String,
        /// Why the matter goes back down (required when sending back).
        #[serde(default)]
        explanation: String,
        /// Units to add to the ticket as cooperating units (taking only).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        units: Vec<String>,
        /// A new completion deadline (taking only; after now).
        #[serde(serialize_with = "super::instant::option", default, skip_serializing_if = "Option::is_none")]
        due_at: Option<DateTime<FixedOffset>>,
    },
}

kinds! {
    /// The kind of a [`Command`] (its `type` tag), and the key of the lifecycle table
    /// ([`super::lifecycle::LIFECYCLE`]). `RecordAlerts` is the one kind without a [`Command`]
    /// variant: escalation rules record their alerts through
    /// [`Engine::record_alerts`](crate::engine::Engine::record_alerts).
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{Command, CommandKind};
    /// let c: Command = serde_json::from_str(r#"{"type":"urge","message":"请加快办理"}"#).unwrap();
    /// assert_eq!(c.kind(), CommandKind::Urge);
    /// assert_eq!(CommandKind::SubmitReport.as_str(), "submit_report");
    /// ```
    pub enum CommandKind {
        /// `register`.
        Register = "register",
        /// `decline`.
        Decline = "decline",
        /// `answer_directly`.
        AnswerDirectly = "answer_directly",
        /// `dispatch`.
        Dispatch = "dispatch",
        /// `acknowledge`.
        Acknowledge = "acknowledge",
        /// `contact_requester`.
        ContactRequester = "contact_requester",
        /// `add_progress`.
        AddProgress = "add_progress",
        /// `submit_contribution`.
        SubmitContribution = "submit_contribution",
        /// `request_return`.
        RequestReturn = "request_return",
        /// `decide_return`.
        DecideReturn = "decide_return",
        /// `reassign`.
        Reassign = "reassign",
        /// `request_extension`.
        RequestExtension = "request_extension",
        /// `decide_extension`.
        DecideExtension = "decide_extension",
        /// `suspend`.
        Suspend = "suspend",
        /// `resume`.
        Resume = "resume",
        /// `submit_report`.
        SubmitReport = "submit_report",
        /// `review_report`.
        ReviewReport = "review_report",
        /// `record_callback`.
        RecordCallback = "record_callback",
        /// `judge_dissatisfaction`.
        JudgeDissatisfaction = "judge_dissatisfaction",
        /// `close`.
        Close = "close",
        /// `archive`.
        Archive = "archive",
        /// `urge`.
        Urge = "urge",
        /// `supervise`.
        Supervise = "supervise",
        /// `convene_consultation`.
        ConveneConsultation = "convene_consultation",
        /// `instruct`.
        Instruct = "instruct",
        /// `link_duplicate`.
        LinkDuplicate = "link_duplicate",
        /// `report_up`.
        ReportUp = "report_up",
        /// `decide_major_matter`.
        DecideMajorMatter = "decide_major_matter",
        /// `record_alerts`: the escalation rules record alerts as `escalated` events.
        RecordAlerts = "record_alerts",
    }
}

impl Command {
    /// The command's kind.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Command::Close {}.kind(), jiesu::ticket::CommandKind::Close);
    /// ```
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Register { .. } => CommandKind::Register,
            Command::Decline { .. } => CommandKind::Decline,
            Command::AnswerDirectly { .. } => CommandKind::AnswerDirectly,
            Command::Dispatch { .. } => CommandKind::Dispatch,
            Command::Acknowledge {} => CommandKind::Acknowledge,
            Command::ContactRequester { .. } => CommandKind::ContactRequester,
            Command::AddProgress { .. } => CommandKind::AddProgress,
            Command::SubmitContribution { .. } => CommandKind::SubmitContribution,
            Command::RequestReturn { .. } => CommandKind::RequestReturn,
            Command::DecideReturn { .. } => CommandKind::DecideReturn,
            Command::Reassign { .. } => CommandKind::Reassign,
            Command::RequestExtension { .. } => CommandKind::RequestExtension,
            Command::DecideExtension { .. } => CommandKind::DecideExtension,
            Command::Suspend { .. } => CommandKind::Suspend,
            Command::Resume {} => CommandKind::Resume,
            Command::SubmitReport { .. } => CommandKind::SubmitReport,
            Command::ReviewReport { .. } => CommandKind::ReviewReport,
            Command::RecordCallback { .. } => CommandKind::RecordCallback,
            Command::JudgeDissatisfaction { .. } => CommandKind::JudgeDissatisfaction,
            Command::Close {} => CommandKind::Close,
            Command::Archive {} => CommandKind::Archive,
            Command::Urge { .. } => CommandKind::Urge,
            Command::Supervise { .. } => CommandKind::Supervise,
            Command::ConveneConsultation { .. } => CommandKind::ConveneConsultation,
            Command::Instruct { .. } => CommandKind::Instruct,
            Command::LinkDuplicate { .. } => CommandKind::LinkDuplicate,
            Command::ReportUp { .. } => CommandKind::ReportUp,
            Command::DecideMajorMatter { .. } => CommandKind::DecideMajorMatter,
        }
    }

    /// The command's `type` tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::Command::Close {}.name(), "close");
    /// ```
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }
}
