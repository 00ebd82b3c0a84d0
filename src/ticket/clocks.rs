//! A ticket's SLA clocks and its units' parts: [`ClockState`] (a running clock and its
//! [`ClockStatus`] at an instant), [`AssignmentState`] (one unit's part, with its response
//! clock and return window) and [`response_met_at`].

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::event::{AssignmentClocks, ClockSpec};
use crate::guide::AssignmentRole;
use crate::sla::Clock;

/// A clock's state at an instant (glossary).
///
/// # Example
/// ```
/// use jiesu::ticket::{ClockState, ClockStatus};
/// use jiesu::sla::Clock;
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// // A return window (R-SLA-2) that passed without a request is unused, not breached.
/// let w = ClockState::new(Clock::ReturnWindow, Some("water".into()), t("2026-03-02T10:00:00+08:00"), t("2026-03-04T00:00:00+08:00"), t("2026-03-03T12:00:00+08:00"));
/// assert_eq!(w.status_at(t("2026-03-05T00:00:00+08:00")), ClockStatus::Unused);
/// assert_eq!(serde_json::to_string(&ClockStatus::MetLate).unwrap(), "\"met_late\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Due and not met.
    Breached,
    /// A return window (R-SLA-2) that closed without a return request: nothing was due, so
    /// nothing was breached.
    Unused,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl AssignmentState {
    /// An assignment as an event made it at `at`, with its clocks.
    pub(crate) fn assigned(a: &AssignmentClocks, at: DateTime<FixedOffset>) -> AssignmentState {
        AssignmentState {
            unit: a.unit.clone(),
            role: a.role,
            assigned_at: at,
            acknowledged_at: None,
            contacted_at: None,
            contributed: false,
            response: ClockState::from_spec(Clock::Response, Some(a.unit.clone()), &a.response),
            return_window: ClockState::from_spec(Clock::ReturnWindow, Some(a.unit.clone()), &a.return_window),
        }
    }
}

impl ClockState {
    /// A running clock.
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::{ClockState, ClockStatus};
    /// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    /// // An urgent ticket's one-hour response clock (R-SLA-1), warned at half time.
    /// let c = ClockState::new(jiesu::sla::Clock::Response, Some("water".into()), t("2026-03-02T10:00:00+08:00"), t("2026-03-02T11:00:00+08:00"), t("2026-03-02T10:30:00+08:00"));
    /// assert_eq!(c.status_at(t("2026-03-02T10:59:59+08:00")), ClockStatus::Running);
    /// assert_eq!(c.status_at(t("2026-03-02T11:00:00+08:00")), ClockStatus::Breached);
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

    /// Whether this clock is the one `s` describes (start, due, warning, provisional).
    pub(crate) fn is(&self, s: &ClockSpec) -> bool {
        self.started_at == s.started_at && self.due_at == s.due_at && self.warn_at == s.warn_at && self.provisional == s.provisional
    }

    /// The spec this clock was started (or last moved) with.
    pub(crate) fn spec(&self) -> ClockSpec {
        ClockSpec { started_at: self.started_at, due_at: self.due_at, warn_at: self.warn_at, provisional: self.provisional }
    }

    pub(crate) fn from_spec(clock: Clock, unit: Option<String>, s: &ClockSpec) -> ClockState {
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
            (None, None) if now >= self.due_at && self.clock == Clock::ReturnWindow => ClockStatus::Unused,
            (None, None) if now >= self.due_at => ClockStatus::Breached,
            _ => ClockStatus::Running,
        }
    }
}

/// When a unit's response clock (R-SLA-1) is met, from its acknowledgement and first contact:
/// the lead's when it has done both (the later of the two), another unit's at acknowledgement.
///
/// # Example
/// ```
/// use jiesu::guide::AssignmentRole;
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let (ack, contact) = (Some(t("2026-03-02T10:00:00+08:00")), Some(t("2026-03-02T11:00:00+08:00")));
/// assert_eq!(jiesu::ticket::response_met_at(AssignmentRole::Lead, ack, contact), contact);
/// assert_eq!(jiesu::ticket::response_met_at(AssignmentRole::Lead, ack, None), None);
/// assert_eq!(jiesu::ticket::response_met_at(AssignmentRole::Cooperating, ack, None), ack);
/// ```
pub fn response_met_at(
    role: AssignmentRole,
    acknowledged_at: Option<DateTime<FixedOffset>>,
    contacted_at: Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    match role {
        AssignmentRole::Lead => match (acknowledged_at, contacted_at) {
            (Some(x), Some(y)) => Some(x.max(y)),
            _ => None,
        },
        _ => acknowledged_at,
    }
}

/// One unit's part in a ticket.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::*};
/// let engine = Engine::default_engine();
/// let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let mut tk = Ticket::new();
/// let reg: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"complaint","content":"路灯不亮"}"#)?;
/// tk.execute(&engine, &Actor::command_center(), &reg, t("2026-03-02T09:00:00+08:00"))?;
/// let dispatch: Command = serde_json::from_str(r#"{"type":"dispatch","decision":{"category":"040201"}}"#)?;
/// tk.execute(&engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00"))?;
/// let lead = tk.lead().unwrap().unit.clone();
/// tk.execute(&engine, &Actor::unit(&lead), &Command::Acknowledge {}, t("2026-03-02T09:30:00+08:00"))?;
/// let a = tk.assignment(&lead).unwrap();
/// assert_eq!(a.acknowledged_at, Some(t("2026-03-02T09:30:00+08:00")));
/// assert!(a.response.met_at.is_none()); // the lead also needs the first contact (R-SLA-1)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
