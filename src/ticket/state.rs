//! The state of a ticket as its events leave it: [`Ticket`] and the parts it is made of
//! (pending requests, callbacks, escalations, counters; its clocks and assignments are in
//! `clocks`), with read-only accessors.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::clocks::{AssignmentState, ClockState, ClockStatus};
use super::command::Report;
use super::event::Event;
use super::matter::MajorMatter;
use super::privacy::Requester;
use super::status::{CallbackOutcome, Channel, ClosingOutcome, EscalationLevel, Status, SCHEMA_VERSION};
use crate::guide::{AppealType, AssignmentRole, Classification, DeclineReason, Location};
use crate::sla::Clock;

/// A return request (退件申请, R-SLA-2) awaiting the command center's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PendingReturn {
    /// The unit that asks to return the ticket.
    pub unit: String,
    /// Why the ticket is outside the unit's remit.
    pub reason: String,
    /// Evidence (佐证材料) for the request.
    pub evidence: Vec<String>,
    /// The unit the requester suggests instead.
    pub suggested_unit: String,
    /// When the request was made (inside the return window).
    pub requested_at: DateTime<FixedOffset>,
    /// The status to go back to if rejected.
    pub previous_status: Status,
}

/// An extension request (延期申请, R-SLA-4) awaiting the command center's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PendingExtension {
    /// Why the lead unit cannot finish in time.
    pub reason: String,
    /// The completion deadline asked for (exclusive instant).
    pub requested_due_at: DateTime<FixedOffset>,
    /// When the request was made (before the deadline in force).
    pub requested_at: DateTime<FixedOffset>,
}

/// A callback to the requester (回访, R-FLOW-4) as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CallbackRecord {
    /// When the callback was recorded.
    pub at: DateTime<FixedOffset>,
    /// The requester's verdict (满意, 基本满意, 不满意, 无法联系).
    pub outcome: CallbackOutcome,
    /// Whether the requester says the problem was solved (解决率).
    pub solved: bool,
}

/// An escalation alert recorded on the ticket (an `escalated` event, R-ESC-4), so that it is
/// never raised twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EscalationRecord {
    /// The id of the rule that fired (e.g. `completion.urging`).
    pub rule: String,
    /// Its level: warning, urging, supervision or listed supervision.
    pub level: EscalationLevel,
    /// When it was recorded.
    pub at: DateTime<FixedOffset>,
    /// The clock it is about, for clock rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// The unit it is about, for per-unit clocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The instance it is about (a clock's due instant, a dispatch instant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<DateTime<FixedOffset>>,
}

/// How often things happened on a ticket: what escalation (repeated returns, repeated
/// dissatisfaction, R-ESC-3) and assessment (return, extension and rework rates, R-ANA-2) count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counters {
    /// Return requests made (退件申请).
    pub return_requests: u32,
    /// Return requests approved.
    pub returns_approved: u32,
    /// Extension requests made (延期申请).
    pub extension_requests: u32,
    /// Extension requests approved.
    pub extensions_approved: u32,
    /// Reports returned for rework (退回重办).
    pub reworks: u32,
    /// Reopenings after a judged dissatisfaction.
    pub reopens: u32,
    /// Dissatisfied callbacks (不满意).
    pub dissatisfied_callbacks: u32,
    /// Urgings by the command center (催办).
    pub urged: u32,
    /// Supervisions by the supervision office (督办).
    pub supervised: u32,
    /// Consultations convened (会商).
    pub consultations: u32,
    /// Leaders' instructions (领导批示).
    pub instructions: u32,
    /// Reassignments (改派).
    pub reassignments: u32,
}

/// A ticket: its state, rebuilt from its events, with the events themselves.
///
/// There is no way to build a `Ticket` but [`Ticket::new`] and its events ([`Ticket::apply`],
/// [`Ticket::replay`], [`Ticket::execute`]): its fields are private, so every state was reached
/// through the lifecycle's checks and the hash chain. `Serialize` gives the full state
/// (requester data included: the state is part of the archive); [`Ticket::summary`] and
/// [`Ticket::state_view`] give masked views for reports, exports and integrators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Ticket {
    /// Must be [`SCHEMA_VERSION`].
    pub(crate) schema_version: u32,
    /// Ticket id (`None` before registration).
    pub(crate) id: Option<String>,
    /// Status (`None` before registration).
    pub(crate) status: Option<Status>,
    /// Channel.
    pub(crate) channel: Option<Channel>,
    /// Appeal type.
    pub(crate) appeal_type: Option<AppealType>,
    /// Content.
    pub(crate) content: String,
    /// Requester (personal data).
    pub(crate) requester: Requester,
    /// Location.
    pub(crate) location: Location,
    /// When registered.
    pub(crate) registered_at: Option<DateTime<FixedOffset>>,
    /// The classification of the (last) dispatch.
    pub(crate) classification: Option<Classification>,
    /// When first dispatched.
    pub(crate) dispatched_at: Option<DateTime<FixedOffset>>,
    /// Active assignments.
    pub(crate) assignments: Vec<AssignmentState>,
    /// Completion clock.
    pub(crate) completion: Option<ClockState>,
    /// First-feedback clock (urgent tickets).
    pub(crate) first_feedback: Option<ClockState>,
    /// Return request awaiting decision.
    pub(crate) pending_return: Option<PendingReturn>,
    /// Extension request awaiting decision.
    pub(crate) pending_extension: Option<PendingExtension>,
    /// Suspended since, with the reason.
    pub(crate) suspended_at: Option<DateTime<FixedOffset>>,
    /// The major matter reported up (R-SCOPE-5), the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) major_matter: Option<MajorMatter>,
    /// The current report.
    pub(crate) report: Option<Report>,
    /// When the current report was submitted.
    pub(crate) reported_at: Option<DateTime<FixedOffset>>,
    /// When the current report was accepted.
    pub(crate) accepted_at: Option<DateTime<FixedOffset>>,
    /// Callbacks.
    pub(crate) callbacks: Vec<CallbackRecord>,
    /// Decline reason.
    pub(crate) decline_reason: Option<DeclineReason>,
    /// Closing outcome.
    pub(crate) outcome: Option<ClosingOutcome>,
    /// When closed (or declined/answered).
    pub(crate) closed_at: Option<DateTime<FixedOffset>>,
    /// Leader-instructed (领导批示).
    pub(crate) instructed: bool,
    /// Under supervision (督办).
    pub(crate) supervised: bool,
    /// Linked duplicates.
    pub(crate) duplicates: Vec<String>,
    /// Escalations raised.
    pub(crate) escalations: Vec<EscalationRecord>,
    /// Counters.
    pub(crate) counters: Counters,
    /// The unit whose return was just approved, until the next event: a `reassigned` that
    /// follows may not give the ticket back to it (R-SLA-2). Not part of the state's JSON.
    #[serde(skip)]
    pub(crate) returned_unit: Option<String>,
    /// The history (source of truth).
    pub(crate) events: Vec<Event>,
}

impl Default for Ticket {
    fn default() -> Self {
        Ticket::new()
    }
}

/// A masked summary of a ticket for reports and exports (R-PRIV-1): no personal data in clear.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// The ticket id.
    pub id: Option<String>,
    /// The status.
    pub status: Option<Status>,
    /// The category code of the classification.
    pub category: Option<String>,
    /// The lead unit.
    pub lead: Option<String>,
    /// The township of the classification, else of the request's location.
    pub township: Option<String>,
    /// The requester, masked (张*, 138****5678).
    pub requester: Requester,
    /// The completion deadline (exclusive).
    pub completion_due_at: Option<DateTime<FixedOffset>>,
    /// The completion clock's status at the summary's instant.
    pub completion: Option<ClockStatus>,
    /// How the ticket ended.
    pub outcome: Option<ClosingOutcome>,
}

impl Ticket {
    /// An empty ticket: only `register` applies.
    ///
    /// # Example
    /// ```
    /// let t = jiesu::ticket::Ticket::new();
    /// assert!(t.status().is_none() && t.events().is_empty());
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
            major_matter: None,
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
            returned_unit: None,
            events: Vec::new(),
        }
    }

    /// The ticket id (工单编号); `None` before registration.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The status; `None` before registration.
    pub fn status(&self) -> Option<Status> {
        self.status
    }

    /// The channel the request came through (受理渠道).
    pub fn channel(&self) -> Option<Channel> {
        self.channel
    }

    /// The appeal type (诉求类型) given at registration.
    pub fn appeal_type(&self) -> Option<AppealType> {
        self.appeal_type
    }

    /// The request's content (诉求内容).
    pub fn content(&self) -> &str {
        &self.content
    }

    /// The requester (personal data, R-PRIV-1: show [`Requester::masked`] instead).
    pub fn requester(&self) -> &Requester {
        &self.requester
    }

    /// Where the request is about (诉求地点).
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// When the ticket was registered.
    pub fn registered_at(&self) -> Option<DateTime<FixedOffset>> {
        self.registered_at
    }

    /// The classification of the (last) dispatch: category, SLA input, assignments.
    pub fn classification(&self) -> Option<&Classification> {
        self.classification.as_ref()
    }

    /// When the ticket was dispatched.
    pub fn dispatched_at(&self) -> Option<DateTime<FixedOffset>> {
        self.dispatched_at
    }

    /// The units handling the ticket, with their roles and clocks.
    pub fn assignments(&self) -> &[AssignmentState] {
        &self.assignments
    }

    /// The assignment of `unit`, if the unit is assigned.
    pub fn assignment(&self, unit: &str) -> Option<&AssignmentState> {
        self.assignments.iter().find(|a| a.unit == unit)
    }

    /// The lead unit's assignment (牵头单位).
    pub fn lead(&self) -> Option<&AssignmentState> {
        self.assignments.iter().find(|a| a.role == AssignmentRole::Lead)
    }

    /// The completion clock (办结, R-SLA-3).
    pub fn completion(&self) -> Option<&ClockState> {
        self.completion.as_ref()
    }

    /// The first-feedback clock of an urgent ticket (当天反馈).
    pub fn first_feedback(&self) -> Option<&ClockState> {
        self.first_feedback.as_ref()
    }

    /// The return request awaiting the command center's decision.
    pub fn pending_return(&self) -> Option<&PendingReturn> {
        self.pending_return.as_ref()
    }

    /// The extension request awaiting the command center's decision (R-SLA-4).
    pub fn pending_extension(&self) -> Option<&PendingExtension> {
        self.pending_extension.as_ref()
    }

    /// Since when the ticket is suspended (挂起); `None` when it is not.
    pub fn suspended_at(&self) -> Option<DateTime<FixedOffset>> {
        self.suspended_at
    }

    /// The major matter last reported up (R-SCOPE-5), with the level holding it and where it
    /// stands; `None` if the ticket was never reported up.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::ticket::Ticket::new().major_matter().is_none());
    /// ```
    pub fn major_matter(&self) -> Option<&MajorMatter> {
        self.major_matter.as_ref()
    }

    /// The current completion report (办结反馈), until it is returned for rework.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// When the current report was submitted.
    pub fn reported_at(&self) -> Option<DateTime<FixedOffset>> {
        self.reported_at
    }

    /// When the current report was accepted.
    pub fn accepted_at(&self) -> Option<DateTime<FixedOffset>> {
        self.accepted_at
    }

    /// The callbacks (回访), in order.
    pub fn callbacks(&self) -> &[CallbackRecord] {
        &self.callbacks
    }

    /// Why the request was declined (不予受理).
    pub fn decline_reason(&self) -> Option<DeclineReason> {
        self.decline_reason
    }

    /// How the ticket ended.
    pub fn outcome(&self) -> Option<ClosingOutcome> {
        self.outcome
    }

    /// When the ticket was closed, declined or answered on the spot.
    pub fn closed_at(&self) -> Option<DateTime<FixedOffset>> {
        self.closed_at
    }

    /// Whether a leader has instructed on the ticket (领导批示, R-ESC-2).
    pub fn is_instructed(&self) -> bool {
        self.instructed
    }

    /// Whether the ticket is under supervision (督办), by the supervision office or an
    /// escalation of level supervision or higher.
    pub fn is_supervised(&self) -> bool {
        self.supervised
    }

    /// The tickets linked as duplicates of this one.
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }

    /// The escalations recorded (warnings, urging, supervision, …), in order.
    pub fn escalations(&self) -> &[EscalationRecord] {
        &self.escalations
    }

    /// Counters of returns, extensions, reworks, reopens, … (escalation and assessment).
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The history: the source of truth.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Every clock of the ticket: completion, first feedback, then each assignment's response
    /// clock and return window.
    pub fn clocks(&self) -> impl Iterator<Item = &ClockState> {
        self.completion.iter().chain(self.first_feedback.iter()).chain(self.assignments.iter().flat_map(|a| [&a.response, &a.return_window]))
    }

    /// A masked summary (R-PRIV-1) at `now`, for reports and exports.
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
}
