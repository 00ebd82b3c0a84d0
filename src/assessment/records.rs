//! Assessment from flat records (a platform's export: one row per ticket and unit) rather than
//! event histories: [`TicketRecord`], [`assess_records`] and [`records_from_tickets`].
//!
//! Both paths feed the same per-ticket facts to the same counting, so the rates are those
//! of [`assess`](super::assess), with the same definitions.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::facts::{is_repeat, Facts, UnitFacts};
use super::{Assessment, AssessmentOptions, GroupBy, UNKNOWN_TOWNSHIP};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::guide::{AssignmentRole, Domain};
use crate::sla::{Clock, Deadlines, HandlingClass, Limit, SlaInput, Urgency};
use crate::ticket::{response_met_at, CallbackOutcome, ClockState, ClockStatus, ClosingOutcome, EventBody, Ticket};

/// One row of a flat export: one ticket and one of its units (long format — a ticket with a
/// lead, a responsible and a cooperating unit has three rows; a ticket without any unit one
/// row with `unit` absent). The **ticket columns** (`ticket_id` … `repeat`) must be the same
/// on every row of a ticket; the **unit columns** (`unit` … `return_requested`) describe the
/// row's unit. Rows of a ticket need not be adjacent.
///
/// Instants are aware (RFC 3339 in JSON). Deadlines may be given (`completion_due_at`,
/// `response_due_at`: what the platform recorded, extensions and suspensions included) or
/// left out: they are then computed by the engine's SLA policy and calendar from the SLA
/// input — `urgency` / `handling_class` / `limit`, each defaulting to the guide's value for
/// `category`.
///
/// # Example
/// ```
/// use jiesu::assessment::TicketRecord;
/// let r: TicketRecord = jiesu::json::from_str(r#"{"ticket_id": "YS-1", "dispatched_at": "2026-03-02T09:00:00+08:00",
///     "category": "040201", "unit": "urban_management", "role": "lead",
///     "acknowledged_at": "2026-03-02T09:30:00+08:00", "contacted_at": "2026-03-02T10:00:00+08:00",
///     "completed_at": "2026-03-05T16:00:00+08:00", "callback": "satisfied", "solved": true}"#)?;
/// assert_eq!(r.role, Some(jiesu::guide::AssignmentRole::Lead));
/// assert!(r.completion_due_at.is_none()); // computed from the category's SLA
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketRecord {
    /// Ticket id (工单编号). Ticket column.
    pub ticket_id: String,
    /// First dispatch (派单时间): puts the ticket in a period by dispatch. Ticket column.
    pub dispatched_at: DateTime<FixedOffset>,
    /// Leaf category code of the guide (事项分类); required to group by category, and to
    /// default the SLA input and the domain. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// 紧急程度; default: the category's. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    /// 办理类别; default: the category's. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_class: Option<HandlingClass>,
    /// The statutory or complex limit; default: the category's (for its own class). Ticket
    /// column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// Domain (领域, R-SCOPE-1); default: the category's. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Domain>,
    /// Township id where the request is located (乡镇); absent: [`UNKNOWN_TOWNSHIP`]. Ticket
    /// column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// The completion deadline in force (办结时限, extensions included, exclusive); absent:
    /// computed from the dispatch instant and the SLA input. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_due_at: Option<DateTime<FixedOffset>>,
    /// When the completion report that was accepted was submitted (办结时间); absent: not
    /// completed. Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<FixedOffset>>,
    /// When the ticket was closed (结案时间). Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Closed as an unreasonable request: left out of resolution and satisfaction. Ticket
    /// column.
    #[serde(default)]
    pub unreasonable: bool,
    /// The last callback's outcome (回访结果); `unreachable` or absent: no valid callback.
    /// Ticket column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<CallbackOutcome>,
    /// Whether that callback says the problem was solved (是否解决). Ticket column.
    #[serde(default)]
    pub solved: bool,
    /// An extension was approved (延期). Ticket column.
    #[serde(default)]
    pub extended: bool,
    /// The report was returned for rework (退回重办). Ticket column.
    #[serde(default)]
    pub reworked: bool,
    /// Supervised (督办) or escalated to supervision or above. Ticket column.
    #[serde(default)]
    pub supervised: bool,
    /// A repeated request (重复件). Ticket column.
    #[serde(default)]
    pub repeat: bool,
    /// The row's unit id; absent for the one row of a ticket without units. Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The unit's role (lead, responsible, cooperating); absent for a unit no longer assigned
    /// that asked to return the ticket (only its return request counts). Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<AssignmentRole>,
    /// When the unit was assigned; default `dispatched_at`. Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_at: Option<DateTime<FixedOffset>>,
    /// The unit's response deadline (exclusive); absent: computed from `assigned_at` and the
    /// urgency (R-SLA-1). Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_due_at: Option<DateTime<FixedOffset>>,
    /// When the unit acknowledged (签收). Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    /// When the unit first contacted the requester (首次联系); the lead's response needs it.
    /// Unit column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacted_at: Option<DateTime<FixedOffset>>,
    /// The unit asked to return the ticket (退件申请, R-SLA-2). Unit column.
    #[serde(default)]
    pub return_requested: bool,
}

impl TicketRecord {
    /// A row of ticket `ticket_id` dispatched at `dispatched_at`, every other column absent
    /// (false for the flags): what a reader fills column by column.
    ///
    /// # Example
    /// ```
    /// let at = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let r = jiesu::assessment::TicketRecord::new("YS-1", at);
    /// assert!(r.unit.is_none() && !r.solved);
    /// ```
    pub fn new(ticket_id: impl Into<String>, dispatched_at: DateTime<FixedOffset>) -> TicketRecord {
        TicketRecord {
            ticket_id: ticket_id.into(),
            dispatched_at,
            category: None,
            urgency: None,
            handling_class: None,
            limit: None,
            domain: None,
            township: None,
            completion_due_at: None,
            completed_at: None,
            closed_at: None,
            unreasonable: false,
            callback: None,
            solved: false,
            extended: false,
            reworked: false,
            supervised: false,
            repeat: false,
            unit: None,
            role: None,
            assigned_at: None,
            response_due_at: None,
            acknowledged_at: None,
            contacted_at: None,
            return_requested: false,
        }
    }
}

/// The columns of a [`TicketRecord`], in order: what a table of records may hold (the Python
/// layer reads these columns of a DataFrame and leaves any other alone).
///
/// # Example
/// ```
/// assert_eq!(jiesu::assessment::RECORD_COLUMNS[0], "ticket_id");
/// ```
pub const RECORD_COLUMNS: &[&str] = &[
    "ticket_id",
    "dispatched_at",
    "category",
    "urgency",
    "handling_class",
    "limit",
    "domain",
    "township",
    "completion_due_at",
    "completed_at",
    "closed_at",
    "unreasonable",
    "callback",
    "solved",
    "extended",
    "reworked",
    "supervised",
    "repeat",
    "unit",
    "role",
    "assigned_at",
    "response_due_at",
    "acknowledged_at",
    "contacted_at",
    "return_requested",
];

/// The name of the first ticket column that differs between two rows of one ticket.
fn ticket_column_differs(a: &TicketRecord, b: &TicketRecord) -> Option<&'static str> {
    macro_rules! first_diff {
        ($($f:ident),+) => {{ $(if a.$f != b.$f { return Some(stringify!($f)); })+ None }};
    }
    first_diff!(
        dispatched_at,
        category,
        urgency,
        handling_class,
        limit,
        domain,
        township,
        completion_due_at,
        completed_at,
        closed_at,
        unreasonable,
        callback,
        solved,
        extended,
        reworked,
        supervised,
        repeat
    )
}

/// The rows of each ticket (indices into the records), tickets in order of first appearance,
/// checked: same ticket columns, each unit once, one lead at most.
pub(super) fn tickets_of(records: &[TicketRecord]) -> Result<Vec<Vec<usize>>> {
    let mut order: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let at = |e: Error| e.at(format_args!("records[{i}]"));
        if r.ticket_id.is_empty() {
            return Err(at(Error::invalid_input("ticket_id", "ticket_id is empty")));
        }
        if r.unit.as_deref() == Some("") {
            return Err(at(Error::invalid_input("unit", "unit is empty: leave it out for a ticket without units")));
        }
        if r.unit.is_none() && (r.role.is_some() || r.return_requested) {
            return Err(at(Error::invalid_input("unit", "a role or return request without a unit")));
        }
        let k = *index.entry(&r.ticket_id).or_insert_with(|| {
            order.push(Vec::new());
            order.len() - 1
        });
        if let Some(&first) = order[k].first() {
            let f = &records[first];
            if let Some(col) = ticket_column_differs(f, r) {
                return Err(at(Error::invalid_input(
                    col,
                    format!("{col} differs from records[{first}] of the same ticket {:?}: ticket columns are the same on every row of a ticket", r.ticket_id),
                )));
            }
            for &j in &order[k] {
                let o = &records[j];
                if r.unit.is_some() && o.unit == r.unit && o.role.is_some() && r.role.is_some() {
                    return Err(at(Error::invalid_input(
                        "unit",
                        format!("unit {:?} is assigned twice to ticket {:?} (also records[{j}])", o.unit.as_deref().unwrap_or(""), r.ticket_id),
                    )));
                }
                if o.role == Some(AssignmentRole::Lead) && r.role == Some(AssignmentRole::Lead) {
                    return Err(at(Error::invalid_input("role", format!("ticket {:?} has two lead units (also records[{j}])", r.ticket_id))));
                }
            }
        }
        order[k].push(i);
    }
    Ok(order)
}

/// The SLA input of a ticket's row: its columns over the category's values.
fn sla_input(engine: &Engine, r: &TicketRecord) -> Result<SlaInput> {
    let cat = match r.category.as_deref() {
        Some(code) => Some(engine.guide().category(code).ok_or_else(|| Error::invalid_input("category", format!("unknown category {code:?} in the guide")))?),
        None => None,
    };
    let urgency = r.urgency.or(cat.map(|c| c.urgency));
    let class = r.handling_class.or(cat.map(|c| c.handling_class));
    let (Some(urgency), Some(handling_class)) = (urgency, class) else {
        return Err(Error::invalid_input("category", "a deadline is missing and there is neither a category nor urgency and handling_class to compute it"));
    };
    let limit = r.limit.or(cat.filter(|c| c.handling_class == handling_class).and_then(|c| c.limit));
    Ok(SlaInput { urgency, handling_class, limit })
}

/// The facts of one ticket from its rows at `now`.
pub(super) fn facts_of<'a>(engine: &Engine, records: &'a [TicketRecord], rows: &[usize], now: DateTime<FixedOffset>, group_by: GroupBy) -> Result<Facts<'a>> {
    let first = &records[rows[0]];
    let at = |i: usize| move |e: Error| e.at(format_args!("records[{i}]"));
    // Deadlines computed once per start instant that needs them.
    let mut computed: Option<(DateTime<FixedOffset>, Deadlines)> = None;
    let mut deadline = |start: DateTime<FixedOffset>, clock: Clock| -> Result<DateTime<FixedOffset>> {
        if computed.as_ref().is_none_or(|(s, _)| *s != start) {
            let input = sla_input(engine, first)?;
            computed = Some((start, engine.policy().deadlines(engine.calendar(), start, &input)?));
        }
        let d = computed.as_ref().and_then(|(_, d)| d.get(clock)).ok_or_else(|| Error::invalid_input(clock.as_str(), "no such clock"))?;
        Ok(d.due_at)
    };
    let completion_due = match first.completion_due_at {
        Some(d) => d,
        None => deadline(first.dispatched_at, Clock::Completion).map_err(at(rows[0]))?,
    };
    let mut completion = ClockState::new(Clock::Completion, None, first.dispatched_at, completion_due, completion_due);
    completion.met_at = first.completed_at;
    let mut units = Vec::with_capacity(rows.len());
    let mut returners = Vec::new();
    for &i in rows {
        let r = &records[i];
        let Some(unit) = r.unit.as_deref() else { continue };
        if r.return_requested {
            returners.push(unit);
        }
        let Some(role) = r.role else { continue };
        let assigned_at = r.assigned_at.unwrap_or(r.dispatched_at);
        let due = match r.response_due_at {
            Some(d) => d,
            None => deadline(assigned_at, Clock::Response).map_err(at(i))?,
        };
        let mut response = ClockState::new(Clock::Response, None, assigned_at, due, due);
        response.met_at = response_met_at(role, r.acknowledged_at, r.contacted_at);
        units.push(UnitFacts { unit, role, response_met: response.status_at(now) == ClockStatus::Met });
    }
    let category = first.category.as_deref();
    let domain = match first.domain {
        Some(d) => Some(d),
        None => category.and_then(|c| engine.guide().category(c)).map(|c| c.domain),
    };
    let missing = |col: &str, by: &str| Error::invalid_input(col, format!("{col} is required to group by {by}")).at(format_args!("records[{}]", rows[0]));
    if group_by == GroupBy::Category && category.is_none() {
        return Err(missing("category", "category"));
    }
    if group_by == GroupBy::Domain && domain.is_none() {
        return Err(missing("domain", "domain (or a category)"));
    }
    Ok(Facts {
        dispatched_at: Some(first.dispatched_at),
        completion_due_at: Some(completion_due),
        closed_at: first.closed_at,
        township: first.township.as_deref().unwrap_or(UNKNOWN_TOWNSHIP),
        category: category.unwrap_or(""),
        domain: domain.map(Domain::as_str).unwrap_or(""),
        units,
        returners,
        unreasonable: first.unreasonable,
        completion: Some((completion.status_at(now), completion_due <= now)),
        callback: first.callback.filter(|c| *c != CallbackOutcome::Unreachable).map(|c| (c, first.solved)),
        extended: first.extended,
        reworked: first.reworked,
        supervised: first.supervised,
        repeat: first.repeat,
    })
}

/// Assesses flat records per group over the options' period (考评, R-ANA-2): every figure of
/// [`assess`](super::assess), with its definitions, from one row per ticket and unit
/// ([`TicketRecord`]) instead of event histories. Deadlines the records leave out are
/// computed with `engine`'s SLA policy and calendar; categories are the engine's guide's.
///
/// Errors name the row (`records[7].category`): an empty id, ticket columns that differ
/// between rows of a ticket, a unit assigned twice or two leads, an unknown category, a
/// missing deadline without the SLA input to compute it, a deadline the calendar does not
/// cover, a category or domain missing when grouping by it.
///
/// # Example
/// ```
/// use jiesu::assessment::{assess_records, AssessmentOptions, Period, TicketRecord};
/// use jiesu::engine::Engine;
/// let rows: Vec<TicketRecord> = jiesu::json::from_str(r#"[
///   {"ticket_id": "YS-1", "dispatched_at": "2026-03-02T09:00:00+08:00", "category": "040201",
///    "unit": "urban_management", "role": "lead", "acknowledged_at": "2026-03-02T09:30:00+08:00",
///    "contacted_at": "2026-03-02T10:00:00+08:00", "completed_at": "2026-03-05T16:00:00+08:00",
///    "callback": "basically_satisfied", "solved": true},
///   {"ticket_id": "YS-2", "dispatched_at": "2026-03-03T09:00:00+08:00", "category": "040201",
///    "unit": "urban_management", "role": "lead", "acknowledged_at": "2026-03-04T12:00:00+08:00"}
/// ]"#)?;
/// let a = assess_records(&rows, &Engine::default_engine(), &AssessmentOptions::new(Period::month(2026, 3)?))?;
/// let g = &a.groups[0];
/// assert_eq!((g.key.as_str(), g.dispatched), ("urban_management", 2));
/// // YS-2 was acknowledged late and never contacted: one response in time out of two.
/// assert_eq!((g.response_rate.numerator, g.response_rate.denominator), (1.0, 2));
/// // YS-2 is still open after its deadline (03-10 24:00) at the end of March.
/// assert_eq!((g.on_time_completion_rate.value, g.overdue_count), (Some(0.5), 1));
/// assert_eq!(g.satisfaction_rate.value, Some(0.9));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn assess_records(records: &[TicketRecord], engine: &Engine, options: &AssessmentOptions) -> Result<Assessment> {
    super::assess_records_with_progress(records, engine, options, &mut |_, _| {})
}

/// The flat records of tickets (one row per ticket and unit, see [`TicketRecord`]), every
/// deadline filled in from the tickets' clocks: what a platform's export would hold, and
/// [`assess_records`] over them gives the table [`assess`](super::assess) gives over the
/// tickets. Tickets never dispatched have no rows; a unit no longer assigned that asked to
/// return the ticket has a row without role.
///
/// # Example
/// ```
/// use jiesu::assessment::{assess, assess_records, records_from_tickets, AssessmentOptions, Period};
/// use jiesu::engine::Engine;
/// use jiesu::ticket::{Actor, Command, Ticket};
/// let engine = Engine::default_engine();
/// let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let mut t = Ticket::new();
/// let register: Command = jiesu::json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"complaint","content":"路灯不亮"}"#)?;
/// let dispatch: Command = jiesu::json::from_str(r#"{"type":"dispatch","decision":{"category":"040201"}}"#)?;
/// t.execute(&engine, &Actor::command_center(), &register, at("2026-03-02T09:00:00+08:00"))?;
/// t.execute(&engine, &Actor::command_center(), &dispatch, at("2026-03-02T09:05:00+08:00"))?;
/// let rows = records_from_tickets(std::slice::from_ref(&t));
/// assert_eq!(rows[0].completion_due_at, Some(at("2026-03-10T00:00:00+08:00")));
/// let o = AssessmentOptions::new(Period::month(2026, 3)?);
/// assert_eq!(assess_records(&rows, &engine, &o)?, assess(&[t], &o));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn records_from_tickets(tickets: &[Ticket]) -> Vec<TicketRecord> {
    let mut out = Vec::with_capacity(tickets.len());
    for t in tickets {
        let (Some(class), Some(dispatched_at)) = (&t.classification, t.dispatched_at) else { continue };
        let callback = t.callbacks.iter().rev().find(|c| c.outcome != CallbackOutcome::Unreachable);
        let ticket = TicketRecord {
            category: Some(class.category.clone()),
            urgency: Some(class.sla.urgency),
            handling_class: Some(class.sla.handling_class),
            limit: class.sla.limit,
            domain: Some(class.domain),
            township: class.township.clone().or_else(|| t.location.township.clone()),
            completion_due_at: t.completion.as_ref().map(|c| c.due_at),
            completed_at: t.completion.as_ref().and_then(|c| c.met_at),
            closed_at: t.closed_at,
            unreasonable: t.outcome == Some(ClosingOutcome::Unreasonable),
            callback: callback.map(|c| c.outcome),
            solved: callback.is_some_and(|c| c.solved),
            extended: t.counters.extensions_approved > 0,
            reworked: t.counters.reworks > 0,
            supervised: t.supervised || t.counters.supervised > 0 || t.escalations.iter().any(|e| e.level >= crate::ticket::EscalationLevel::Supervision),
            repeat: is_repeat(t),
            ..TicketRecord::new(t.id.clone().unwrap_or_default(), dispatched_at)
        };
        let mut returners: Vec<&str> = Vec::new();
        for e in &t.events {
            if let EventBody::ReturnRequested { unit, .. } = &e.body {
                if !returners.contains(&unit.as_str()) {
                    returners.push(unit);
                }
            }
        }
        let start = out.len();
        for a in &t.assignments {
            out.push(TicketRecord {
                unit: Some(a.unit.clone()),
                role: Some(a.role),
                assigned_at: Some(a.assigned_at),
                response_due_at: Some(a.response.due_at),
                acknowledged_at: a.acknowledged_at,
                contacted_at: a.contacted_at,
                return_requested: returners.contains(&a.unit.as_str()),
                ..ticket.clone()
            });
        }
        for u in returners.iter().filter(|u| !t.assignments.iter().any(|a| a.unit == **u)) {
            out.push(TicketRecord { unit: Some(u.to_string()), return_requested: true, ..ticket.clone() });
        }
        if out.len() == start {
            out.push(ticket);
        }
    }
    out
}
