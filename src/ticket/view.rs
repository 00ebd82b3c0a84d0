//! The state of a ticket as integrators read it: [`StateView`], what `jiesu_ticket_state`
//! (C) and `Engine.state` (Python) return. Requester data appears only masked, in
//! [`StateView::summary`] (R-PRIV-1): the full [`Ticket`] is never part of it.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{CallbackRecord, ClockStatus, Counters, EscalationRecord, MajorMatter, PendingExtension, PendingReturn, Status, Summary, Ticket, SCHEMA_VERSION};
use crate::guide::{AssignmentRole, Classification, Guide};
use crate::sla::Clock;

/// The state of a ticket at an instant, for display and integration: its summary, every
/// clock with its status at that instant, assignments with their units' names, pending
/// requests, callbacks, escalations, counters and flags. Built by [`Ticket::state_view`];
/// serializes to the JSON object documented at `jiesu_ticket_state` in `include/jiesu.h`.
///
/// # Example
/// ```
/// use chrono::DateTime;
/// use jiesu::engine::Engine;
/// use jiesu::guide::{AppealType, ClassificationDecision};
/// use jiesu::ticket::{Actor, ClockStatus, Command, Ticket};
///
/// let engine = Engine::default_engine();
/// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// let mut ticket = Ticket::new();
/// let register: Command = serde_json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint",
///     "content":"路灯不亮","requester":{"name":"张三","phone":"13812345678"},"location":{"township":"jiangna"}}"#).unwrap();
/// ticket.execute(&engine, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00"))?;
/// let leaf = engine.guide().leaves().find(|c| !c.routing.by_location).unwrap().code.clone();
/// let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&leaf, AppealType::Complaint) };
/// ticket.execute(&engine, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00"))?;
///
/// let view = ticket.state_view(engine.guide(), t("2026-03-02T10:00:00+08:00"));
/// assert_eq!((view.id, view.event_count), (Some("YS-1"), ticket.events().len()));
/// assert!(view.assignments[0].name.is_some()); // the guide names the unit
/// assert_eq!(view.clocks[0].status, ClockStatus::Running); // the completion clock
/// let due = view.clocks[0].due_at;
/// assert_eq!(ticket.state_view(engine.guide(), due).clocks[0].status, ClockStatus::Breached); // due_at is exclusive
/// assert_eq!(view.summary.requester.phone.as_deref(), Some("138****5678")); // masked
/// let json = serde_json::to_value(&view).unwrap();
/// assert_eq!(json["clocks"][0]["due_at_unix"], view.clocks[0].due_at.timestamp());
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StateView<'a> {
    /// The schema version of the ticket's events ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The ticket's id (`None` before registration).
    pub id: Option<&'a str>,
    /// Its status (`None` before registration).
    pub status: Option<Status>,
    /// The masked summary (R-PRIV-1).
    pub summary: Summary,
    /// Its classification.
    pub classification: Option<&'a Classification>,
    /// When registered.
    pub registered_at: Option<DateTime<FixedOffset>>,
    /// When (last) dispatched.
    pub dispatched_at: Option<DateTime<FixedOffset>>,
    /// When closed (or declined, answered on the spot).
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Suspended since.
    pub suspended_at: Option<DateTime<FixedOffset>>,
    /// The assignments, in order.
    pub assignments: Vec<AssignmentView<'a>>,
    /// Every clock ([`Ticket::clocks`] order) with its status at the instant.
    pub clocks: Vec<ClockView<'a>>,
    /// A return request awaiting approval.
    pub pending_return: Option<&'a PendingReturn>,
    /// An extension request awaiting approval.
    pub pending_extension: Option<&'a PendingExtension>,
    /// The major matter last reported up (R-SCOPE-5): the level holding it, where it stands.
    pub major_matter: Option<&'a MajorMatter>,
    /// Callbacks, in order.
    pub callbacks: &'a [CallbackRecord],
    /// Escalations recorded.
    pub escalations: &'a [EscalationRecord],
    /// Linked duplicates.
    pub duplicates: &'a [String],
    /// Counters.
    pub counters: &'a Counters,
    /// Flags derived from the state.
    pub flags: StateFlags,
    /// The number of events.
    pub event_count: usize,
    /// The last event's hash.
    pub last_hash: Option<&'a str>,
}

/// An assignment of a [`StateView`] (its clocks are in [`StateView::clocks`]).
///
/// # Example
/// ```
/// # use jiesu::{engine::Engine, ticket::Ticket};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(Ticket::new().state_view(Engine::default_engine().guide(), now).assignments.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AssignmentView<'a> {
    /// The unit's id.
    pub unit: &'a str,
    /// The unit's name in the guide (`None` for a unit the guide does not know).
    pub name: Option<&'a str>,
    /// Lead, responsible or cooperating.
    pub role: AssignmentRole,
    /// When assigned.
    pub assigned_at: DateTime<FixedOffset>,
    /// When acknowledged (签收).
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    /// When the requester was first contacted.
    pub contacted_at: Option<DateTime<FixedOffset>>,
    /// Whether a cooperating unit has contributed.
    pub contributed: bool,
}

/// A clock of a [`StateView`]: as the ticket holds it, with its status at the view's instant
/// and its instants also as Unix seconds.
///
/// # Example
/// ```
/// # use jiesu::{engine::Engine, ticket::Ticket};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(Ticket::new().state_view(Engine::default_engine().guide(), now).clocks.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ClockView<'a> {
    /// Which clock.
    pub clock: Clock,
    /// Its unit (response clocks and return windows).
    pub unit: Option<&'a str>,
    /// When it started.
    pub started_at: DateTime<FixedOffset>,
    /// When it is due (exclusive: acting at it is late).
    pub due_at: DateTime<FixedOffset>,
    /// When its warning is due.
    pub warn_at: DateTime<FixedOffset>,
    /// When it was met.
    pub met_at: Option<DateTime<FixedOffset>>,
    /// Paused since.
    pub paused_at: Option<DateTime<FixedOffset>>,
    /// Computed with an uncovered year under the provisional policy (R-SLA-7).
    pub provisional: bool,
    /// Its status at the view's instant.
    pub status: ClockStatus,
    /// `due_at` as Unix seconds.
    pub due_at_unix: i64,
    /// `warn_at` as Unix seconds.
    pub warn_at_unix: i64,
}

/// Flags of a [`StateView`], derived from the state.
///
/// # Example
/// ```
/// # use jiesu::{engine::Engine, ticket::Ticket};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(!Ticket::new().state_view(Engine::default_engine().guide(), now).flags.terminal);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StateFlags {
    /// Closed, declined, answered on the spot or archived.
    pub terminal: bool,
    /// Suspended.
    pub suspended: bool,
    /// A return request awaits approval.
    pub return_pending: bool,
    /// An extension request awaits approval.
    pub extension_pending: bool,
    /// A major matter waits for a level's decision (the units' clocks are paused).
    pub major_matter_pending: bool,
    /// Under supervision (督办).
    pub supervised: bool,
    /// Leader-instructed (领导批示).
    pub instructed: bool,
}

impl Ticket {
    /// The state of this ticket at `now` as integrators read it (see [`StateView`]); the
    /// guide names the assigned units. Every clock is the one its events recorded.
    ///
    /// # Example
    /// ```
    /// # use jiesu::{engine::Engine, ticket::Ticket};
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let (ticket, engine) = (Ticket::new(), Engine::default_engine());
    /// let view = ticket.state_view(engine.guide(), now);
    /// assert!(view.id.is_none() && view.last_hash.is_none());
    /// ```
    pub fn state_view<'a>(&'a self, guide: &'a Guide, now: DateTime<FixedOffset>) -> StateView<'a> {
        StateView {
            schema_version: SCHEMA_VERSION,
            id: self.id.as_deref(),
            status: self.status,
            summary: self.summary(now),
            classification: self.classification.as_ref(),
            registered_at: self.registered_at,
            dispatched_at: self.dispatched_at,
            closed_at: self.closed_at,
            suspended_at: self.suspended_at,
            assignments: self
                .assignments
                .iter()
                .map(|a| AssignmentView {
                    unit: &a.unit,
                    name: guide.unit(&a.unit).map(|u| u.name.as_str()),
                    role: a.role,
                    assigned_at: a.assigned_at,
                    acknowledged_at: a.acknowledged_at,
                    contacted_at: a.contacted_at,
                    contributed: a.contributed,
                })
                .collect(),
            clocks: self
                .clocks()
                .map(|c| ClockView {
                    clock: c.clock,
                    unit: c.unit.as_deref(),
                    started_at: c.started_at,
                    due_at: c.due_at,
                    warn_at: c.warn_at,
                    met_at: c.met_at,
                    paused_at: c.paused_at,
                    provisional: c.provisional,
                    status: c.status_at(now),
                    due_at_unix: c.due_at.timestamp(),
                    warn_at_unix: c.warn_at.timestamp(),
                })
                .collect(),
            pending_return: self.pending_return.as_ref(),
            pending_extension: self.pending_extension.as_ref(),
            major_matter: self.major_matter.as_ref(),
            callbacks: &self.callbacks,
            escalations: &self.escalations,
            duplicates: &self.duplicates,
            counters: &self.counters,
            flags: StateFlags {
                terminal: self.status.is_some_and(|s| s.is_terminal()),
                suspended: self.suspended_at.is_some(),
                return_pending: self.pending_return.is_some(),
                extension_pending: self.pending_extension.is_some(),
                major_matter_pending: self.major_matter.as_ref().is_some_and(|m| m.is_pending()),
                supervised: self.supervised,
                instructed: self.instructed,
            },
            event_count: self.events.len(),
            last_hash: self.events.last().map(|e| e.hash.as_str()),
        }
    }
}
