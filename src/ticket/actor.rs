//! Who acts on a ticket (R-ORG-*): an [`Actor`] is a [`Role`] with, for units, the unit id.

use serde::{Deserialize, Serialize};

/// Who acts (R-ORG-*).
///
/// # Example
/// ```
/// use jiesu::ticket::{Actor, Role};
/// let a: Actor = serde_json::from_str(r#"{"role":"unit","unit":"housing"}"#).unwrap();
/// assert_eq!(a, Actor::unit("housing"));
/// assert_eq!(Actor::command_center().role, Role::CommandCenter);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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

    /// The leader (分管/主要负责人) of a unit, who approves its reports (R-ORG-3) and reports a
    /// major matter up (R-SCOPE-5).
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{Actor, Role};
    /// assert_eq!(Actor::unit_leader("water").role, Role::UnitLeader);
    /// ```
    pub fn unit_leader(id: &str) -> Actor {
        Actor { role: Role::UnitLeader, unit: Some(id.to_string()), user: None }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
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
