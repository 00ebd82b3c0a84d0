//! The closed vocabularies of a ticket (glossary): [`Status`], [`Channel`],
//! [`CallbackOutcome`], [`ClosingOutcome`], [`EscalationLevel`] and [`ReworkReason`].

use serde::{Deserialize, Serialize};

/// The schema version of ticket states, state views and archive files.
pub const SCHEMA_VERSION: u32 = 1;

/// The schema version of the events jiesu writes: 2, whose hash covers each instant rather
/// than how its offset is spelt (a history read back from a database that normalizes
/// timestamps to UTC still verifies). Events of version 1, whose hash covered the spelling,
/// still verify and replay; a history may go on from version 1 to 2, never back.
pub const EVENT_SCHEMA_VERSION: u32 = 2;

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
