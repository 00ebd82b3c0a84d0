//! Major matters reported up level by level (R-SCOPE-5, 逐级上报): the kinds of matter, the
//! levels that take them, and where a ticket's matter stands ([`MajorMatter`]).
//!
//! A ticket is reported up with `report_up` — by its lead unit's leader or the command center
//! to the task force (工作专班), by the task force on to the leading group (领导小组) — and the
//! level that holds it decides with `decide_major_matter`: it **takes** it (an instruction,
//! and where it decides so additional units and a new completion deadline) or **sends it
//! back** down with an explanation. The ticket stays one ticket; its history says who raised
//! it, who took it and with what instruction.
//!
//! While a matter waits for a level's decision the units' clocks are **paused** (the level
//! holds the ticket, not the units) and the level has a limit of its own,
//! [`SlaPolicy::major_matter_decision_days`](crate::sla::SlaPolicy::major_matter_decision_days)
//! working days (`decide_by`); the decision resumes the clocks with the time upstairs added
//! back, as a resumption after a suspension does. The escalation rules warn a level that has
//! not decided by `decide_by` (`major_matter.*.undecided`).
//!
//! # Example
//! ```
//! use jiesu::ticket::{MatterKind, MatterLevel};
//! assert_eq!(MatterLevel::next_after(jiesu::ticket::Role::CommandCenter), Some(MatterLevel::TaskForce));
//! assert_eq!(MatterLevel::next_after(jiesu::ticket::Role::TaskForce), Some(MatterLevel::LeadingGroup));
//! assert_eq!(MatterLevel::next_after(jiesu::ticket::Role::LeadingGroup), None);
//! assert_eq!(MatterKind::HotDifficult.label(), "热点难点");
//! ```

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::Role;

/// What is reported up (R-SCOPE-5).
///
/// # Example
/// ```
/// let k: jiesu::ticket::MatterKind = serde_json::from_str("\"major\"").unwrap();
/// assert_eq!(k.label(), "重大事项");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatterKind {
    /// 重大事项: a matter bearing on the county's development as a whole.
    Major,
    /// 热点难点: a hot or difficult issue.
    HotDifficult,
}

impl MatterKind {
    /// The snake_case name (JSON).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterKind::HotDifficult.as_str(), "hot_difficult");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MatterKind::Major => "major",
            MatterKind::HotDifficult => "hot_difficult",
        }
    }

    /// The Chinese name, as bulletins print it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterKind::Major.label(), "重大事项");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            MatterKind::Major => "重大事项",
            MatterKind::HotDifficult => "热点难点",
        }
    }
}

/// A level a matter is reported up to: the task force, then the leading group.
///
/// # Example
/// ```
/// use jiesu::ticket::{MatterLevel, Role};
/// assert_eq!(MatterLevel::LeadingGroup.role(), Role::LeadingGroup);
/// assert_eq!(serde_json::to_string(&MatterLevel::TaskForce).unwrap(), "\"task_force\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatterLevel {
    /// 工作专班.
    TaskForce,
    /// 领导小组.
    LeadingGroup,
}

impl MatterLevel {
    /// The level a matter reported by an actor of `role` goes to: the task force from the
    /// lead unit's leader and the command center, the leading group from the task force; none
    /// above the leading group.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{MatterLevel, Role};
    /// assert_eq!(MatterLevel::next_after(Role::UnitLeader), Some(MatterLevel::TaskForce));
    /// ```
    pub fn next_after(role: Role) -> Option<MatterLevel> {
        match role {
            Role::TaskForce => Some(MatterLevel::LeadingGroup),
            Role::LeadingGroup | Role::SupervisionOffice => None,
            Role::CommandCenter | Role::Unit | Role::UnitLeader => Some(MatterLevel::TaskForce),
        }
    }

    /// The role that acts for the level.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterLevel::TaskForce.role(), jiesu::ticket::Role::TaskForce);
    /// ```
    pub fn role(self) -> Role {
        match self {
            MatterLevel::TaskForce => Role::TaskForce,
            MatterLevel::LeadingGroup => Role::LeadingGroup,
        }
    }

    /// The snake_case name (JSON), the same as the level's role.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterLevel::LeadingGroup.as_str(), "leading_group");
    /// ```
    pub fn as_str(self) -> &'static str {
        self.role().as_str()
    }

    /// The Chinese name, as bulletins print it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterLevel::TaskForce.label(), "工作专班");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            MatterLevel::TaskForce => "工作专班",
            MatterLevel::LeadingGroup => "领导小组",
        }
    }
}

/// Where a matter stands with its level.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::ticket::MatterStanding::SentBack).unwrap(), "\"sent_back\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatterStanding {
    /// Waiting for the level's decision (the units' clocks are paused).
    Pending,
    /// Taken by the level, with its instruction.
    Taken,
    /// Sent back down by the level, with its explanation.
    SentBack,
}

impl MatterStanding {
    /// The snake_case name (JSON).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::ticket::MatterStanding::Pending.as_str(), "pending");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MatterStanding::Pending => "pending",
            MatterStanding::Taken => "taken",
            MatterStanding::SentBack => "sent_back",
        }
    }
}

/// A ticket's major matter as its events leave it: the last one reported up, with the level
/// that holds it and where it stands ([`Ticket::major_matter`](super::Ticket::major_matter)).
///
/// # Example
/// ```
/// let t = jiesu::ticket::Ticket::new();
/// assert!(t.major_matter().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MajorMatter {
    /// 重大事项 or 热点难点.
    pub kind: MatterKind,
    /// Why it was first reported up.
    pub reason: String,
    /// Who first reported it up (`unit_leader` or `command_center`).
    pub raised_by: Role,
    /// The unit of the leader who first reported it up, if a unit did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by_unit: Option<String>,
    /// When it was first reported up.
    pub raised_at: DateTime<FixedOffset>,
    /// The level that holds it now.
    pub level: MatterLevel,
    /// When it reached that level.
    pub reported_at: DateTime<FixedOffset>,
    /// The level's decision limit (exclusive).
    pub decide_by: DateTime<FixedOffset>,
    /// Where it stands with the level.
    pub standing: MatterStanding,
    /// The units' clocks are paused since (while pending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_since: Option<DateTime<FixedOffset>>,
    /// When the level decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// The level's instruction (taken) or explanation (sent back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

impl MajorMatter {
    /// Whether the matter waits for its level's decision.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().major_matter().is_none_or(|m| !m.is_pending()));
    /// ```
    pub fn is_pending(&self) -> bool {
        self.standing == MatterStanding::Pending
    }
}
