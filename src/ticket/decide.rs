//! Decisions: what a command produces, given the ticket and the [`Context`] (calendar, SLA
//! policy, guide, limits). Who may issue it and in which status is the lifecycle table's;
//! what must hold for its events to follow the state is `guard`'s (run on the events this
//! returns). What is here needs the context: clocks from the calendar and the SLA policy,
//! units and townships from the guide, the classification.

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::actor::Actor;
use super::command::{Command, Judgement};
use super::event::{AssignmentClocks, ClockSpec, EventBody};
use super::guard::{assignment_list, missing};
use super::matter::MatterLevel;
use super::privacy::requester_key;
use super::status::ClosingOutcome;
use super::Ticket;
use crate::calendar::{self, epoch_day, Calendar};
use crate::error::{Error, ErrorKind, Result};
use crate::guide::{Assignment, AssignmentRole, Classification, Guide};
use crate::limits::Limits;
use crate::sla::{Clock, SlaPolicy};

/// What a decision may consult: the calendar, the SLA policy, the classification guide, the
/// limits and the secret for requester keys. An [`Engine`](crate::engine::Engine) gives one
/// (`Context::from(&engine)`, or pass `&engine` where a context is taken).
///
/// # Example
/// ```
/// use jiesu::engine::Engine;
/// use jiesu::ticket::{Actor, Command, Context, Ticket};
/// let engine = Engine::default_engine();
/// let ctx = Context::from(&engine);
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#).unwrap();
/// assert_eq!(Ticket::new().handle(ctx, &Actor::command_center(), &cmd, now)?.len(), 1);
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The working-day calendar (R-SLA-5/7).
    pub calendar: &'a Calendar,
    /// The SLA policy (R-SLA-1…4).
    pub policy: &'a SlaPolicy,
    /// The classification guide: units, townships, categories (R-SCOPE-4).
    pub guide: &'a Guide,
    /// The resource limits of commands and tickets.
    pub limits: &'a Limits,
    /// The integrator's secret for requester keys (R-PRIV-1), if configured.
    pub requester_key_secret: Option<&'a str>,
    /// The key that tags the events decided (the keyed chain), if configured.
    pub chain_key: Option<&'a super::ChainKey>,
}

impl<'a> From<&Context<'a>> for Context<'a> {
    fn from(c: &Context<'a>) -> Context<'a> {
        *c
    }
}

/// A clock moved beyond the supported range of instants.
fn out_of_range(field: &str) -> Error {
    Error::invalid_input(field, "the moved instant is outside the supported range")
}

fn no_classification() -> Error {
    Error::new(ErrorKind::InvalidTransition, "ticket has no classification")
}

fn spec(d: &crate::sla::ClockDeadline) -> ClockSpec {
    ClockSpec { started_at: d.started_at, due_at: d.due_at, warn_at: d.warn_at, provisional: d.provisional }
}

/// New assignments, known to the guide and of the right shape.
fn check_assignments(ctx: &Context<'_>, list: &[Assignment]) -> Result<()> {
    assignment_list(ctx.limits, list.iter().map(|a| (a.unit.as_str(), a.role)))?;
    for (i, a) in list.iter().enumerate() {
        if ctx.guide.unit(&a.unit).is_none() {
            return Err(Error::invalid_input(format!("assignments[{i}].unit"), format!("unknown unit {:?}", a.unit)));
        }
    }
    Ok(())
}

/// The clocks of new assignments started at `now`, the completion clock and, for urgent
/// tickets, the first-feedback clock.
fn assignment_clocks(
    ctx: &Context<'_>,
    list: &[Assignment],
    now: DateTime<FixedOffset>,
    c: &Classification,
) -> Result<(Vec<AssignmentClocks>, ClockSpec, Option<ClockSpec>)> {
    let d = ctx.policy.deadlines(ctx.calendar, now, &c.sla)?;
    let (Some(response), Some(window), Some(completion)) = (d.get(Clock::Response), d.get(Clock::ReturnWindow), d.get(Clock::Completion)) else {
        return Err(Error::new(ErrorKind::InvalidInput, "SLA policy produced no clocks"));
    };
    let (response, window) = (spec(response), spec(window));
    let assignments = list.iter().map(|a| AssignmentClocks { unit: a.unit.clone(), role: a.role, response, return_window: window }).collect();
    Ok((assignments, spec(completion), d.get(Clock::FirstFeedback).map(spec)))
}

/// A reassignment (改派) to `list` at `now`: new clocks for the new assignments.
///
/// Only an approved extension moves a deadline (R-SLA-4): a unit kept in its role keeps its
/// clocks, and when the lead stays the same the ticket keeps its completion and first-feedback
/// clocks (a breach already incurred stays). A new lead gets the ticket's limit from now.
fn reassigned(t: &Ticket, ctx: &Context<'_>, list: &[Assignment], now: DateTime<FixedOffset>) -> Result<EventBody> {
    check_assignments(ctx, list)?;
    let c = t.classification.as_ref().ok_or_else(no_classification)?;
    let (mut assignments, mut completion, mut first_feedback) = assignment_clocks(ctx, list, now, c)?;
    for a in &mut assignments {
        if let Some(old) = t.assignment(&a.unit).filter(|o| o.role == a.role) {
            a.response = old.response.spec();
            a.return_window = old.return_window.spec();
        }
    }
    let lead = list.iter().find(|a| a.role == AssignmentRole::Lead).map(|a| a.unit.as_str());
    if let (Some(old), Some(new)) = (t.lead(), lead) {
        if old.unit == new {
            if let Some(kept) = &t.completion {
                completion = kept.spec();
            }
            first_feedback = t.first_feedback.as_ref().map(|f| f.spec()).or(first_feedback);
        }
    }
    Ok(EventBody::Reassigned { assignments, completion, first_feedback })
}

/// The completion limit again from `now` (rework, reopening: R-FLOW-3/4).
fn completion_again(t: &Ticket, ctx: &Context<'_>, now: DateTime<FixedOffset>) -> Result<ClockSpec> {
    let c = t.classification.as_ref().ok_or_else(no_classification)?;
    let (due, provisional) = ctx.policy.completion_due(ctx.calendar, now, &c.sla)?;
    let d = ctx.policy.clock_deadline(ctx.calendar, Clock::Completion, now, due, provisional)?;
    Ok(ClockSpec { started_at: now, due_at: d.due_at, warn_at: d.warn_at, provisional })
}

/// Clocks moved at the end of a pause: completion, responses (unit, clock), first feedback.
type Moved = (Option<ClockSpec>, Vec<(String, ClockSpec)>, Option<ClockSpec>);

/// The clocks moved when a pause since `since` ends at `now` (a resumption after a suspension,
/// a level's decision on a major matter): completion by the working days paused (keeping the
/// time of day), the clock-time clocks by the time paused.
fn moved(t: &Ticket, ctx: &Context<'_>, since: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> Result<Moved> {
    let cal = ctx.calendar;
    let completion = match &t.completion {
        Some(c) if c.met_at.is_none() => {
            let paused = cal.busday_count(since.date_naive(), now.date_naive())?;
            let shift = |t: DateTime<FixedOffset>| -> Result<DateTime<FixedOffset>> {
                let last = t.checked_sub_signed(TimeDelta::seconds(1)).ok_or_else(|| out_of_range("completion.due_at"))?.date_naive();
                let moved = cal.add_working_days(last, paused)?;
                TimeDelta::try_days(epoch_day(moved) - epoch_day(last)).and_then(|d| t.checked_add_signed(d)).ok_or_else(|| out_of_range("completion.due_at"))
            };
            Some(ClockSpec { started_at: c.started_at, due_at: shift(c.due_at)?, warn_at: shift(c.warn_at)?, provisional: c.provisional })
        }
        _ => None,
    };
    let paused = now - since;
    let add = |c: &super::ClockState, field: &str| -> Result<ClockSpec> {
        let due_at = c.due_at.checked_add_signed(paused).ok_or_else(|| out_of_range(&format!("{field}.due_at")))?;
        let warn_at = c.warn_at.checked_add_signed(paused).ok_or_else(|| out_of_range(&format!("{field}.warn_at")))?;
        Ok(ClockSpec { started_at: c.started_at, due_at, warn_at, provisional: c.provisional })
    };
    let mut responses = Vec::new();
    for a in t.assignments.iter().filter(|a| a.response.met_at.is_none()) {
        responses.push((a.unit.clone(), add(&a.response, "response")?));
    }
    let first_feedback = t.first_feedback.as_ref().filter(|f| f.met_at.is_none()).map(|f| add(f, "first_feedback")).transpose()?;
    Ok((completion, responses, first_feedback))
}

/// A resumption (恢复): the clocks paused since the suspension, moved.
fn resumed(t: &Ticket, ctx: &Context<'_>, now: DateTime<FixedOffset>) -> Result<EventBody> {
    let Some(since) = t.suspended_at else {
        return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is not suspended"));
    };
    let (completion, responses, first_feedback) = moved(t, ctx, since, now)?;
    Ok(EventBody::Resumed { completion, responses, first_feedback })
}

/// A level's decision on the major matter waiting for it (R-SCOPE-5): the clocks paused while
/// it was upstairs resume; taking it may add cooperating units and set a new deadline.
fn decided(t: &Ticket, ctx: &Context<'_>, command: &Command, now: DateTime<FixedOffset>) -> Result<EventBody> {
    let Command::DecideMajorMatter { take, instruction, explanation, units, due_at } = command else {
        return Err(Error::new(ErrorKind::InvalidInput, "not a decision on a major matter"));
    };
    let Some(m) = t.major_matter.as_ref().filter(|m| m.is_pending()) else {
        return Err(Error::new(ErrorKind::InvalidTransition, "no major matter waits for a decision").with_rule("R-SCOPE-5"));
    };
    let (completion, responses, first_feedback) = moved(t, ctx, m.paused_since.unwrap_or(now), now)?;
    if !take {
        if !units.is_empty() {
            return Err(Error::invalid_input("units", "a matter sent back takes no units").with_rule("R-SCOPE-5"));
        }
        if due_at.is_some() {
            return Err(Error::invalid_input("due_at", "a matter sent back sets no deadline").with_rule("R-SCOPE-5"));
        }
        return Ok(EventBody::MajorMatterSentBack { level: m.level, explanation: explanation.clone(), completion, responses, first_feedback });
    }
    let added: Vec<Assignment> = units.iter().map(|u| Assignment { unit: u.clone(), role: AssignmentRole::Cooperating }).collect();
    for (i, a) in added.iter().enumerate() {
        if ctx.guide.unit(&a.unit).is_none() {
            return Err(Error::invalid_input(format!("units[{i}]"), format!("unknown unit {:?}", a.unit)));
        }
    }
    let c = t.classification.as_ref().ok_or_else(no_classification)?;
    let units = if added.is_empty() { Vec::new() } else { assignment_clocks(ctx, &added, now, c)?.0 };
    let completion = match (due_at, &completion) {
        (Some(d), _) if *d <= now => return Err(Error::invalid_input("due_at", format!("{d} is not after now")).with_rule("R-SCOPE-5")),
        (Some(d), Some(moved)) => {
            let x = ctx.policy.clock_deadline(ctx.calendar, Clock::Completion, moved.started_at, calendar::checked_cst(*d, "due_at")?, false)?;
            Some(ClockSpec { started_at: moved.started_at, due_at: x.due_at, warn_at: x.warn_at, provisional: false })
        }
        _ => completion,
    };
    Ok(EventBody::MajorMatterTaken { level: m.level, instruction: instruction.clone(), units, completion, responses, first_feedback })
}

/// The events `command` produces on `t` at `now`, or an error. Authorization (the lifecycle
/// table) has passed; the guards run on the result.
pub(crate) fn decide(t: &Ticket, ctx: &Context<'_>, actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<EventBody>> {
    use Command as C;
    use EventBody as B;
    let name = command.name();
    let unit = || actor.unit.clone().unwrap_or_default();
    Ok(vec![match command {
        C::Register { id: _, channel, appeal_type, content, requester, location } => {
            let mut requester = requester.clone();
            if requester.requester_key.is_none() {
                if let (Some(secret), Some(phone)) = (ctx.requester_key_secret, requester.phone.as_deref()) {
                    requester.requester_key = requester_key(secret.as_bytes(), phone);
                }
            }
            if let Some(town) = &location.township {
                if ctx.guide.township(town).is_none() {
                    return Err(Error::invalid_input("location.township", format!("unknown township {town:?}")));
                }
            }
            B::Registered { channel: *channel, appeal_type: *appeal_type, content: content.clone(), requester, location: location.clone() }
        }
        C::Decline { reason, guidance } => B::Declined { reason: *reason, guidance: guidance.clone() },
        C::AnswerDirectly { answer } => B::AnsweredDirectly { answer: answer.clone() },
        C::Dispatch { decision } => {
            super::guard::decision(ctx.limits, decision)?;
            let mut decision = decision.clone();
            if decision.location.is_none() && t.location.township.is_some() {
                decision.location = Some(t.location.clone());
            }
            if decision.appeal_type.is_none() {
                decision.appeal_type = t.appeal_type;
            }
            let classification = ctx.guide.classify_with(&decision, ctx.policy)?;
            check_assignments(ctx, &classification.assignments)?;
            let (assignments, completion, first_feedback) = assignment_clocks(ctx, &classification.assignments, now, &classification)?;
            B::Dispatched { classification, assignments, completion, first_feedback }
        }
        C::Acknowledge {} => B::Acknowledged { unit: unit() },
        C::ContactRequester { note } => B::RequesterContacted { unit: unit(), note: note.clone() },
        C::AddProgress { note } => B::ProgressAdded { unit: unit(), note: note.clone() },
        C::SubmitContribution { content } => B::ContributionSubmitted { unit: unit(), content: content.clone() },
        C::RequestReturn { reason, evidence, suggested_unit } => {
            if ctx.guide.unit(suggested_unit).is_none() {
                return Err(Error::invalid_input("suggested_unit", format!("unknown unit {suggested_unit:?}")).with_rule("R-SLA-2"));
            }
            B::ReturnRequested { unit: unit(), reason: reason.clone(), evidence: evidence.clone(), suggested_unit: suggested_unit.clone() }
        }
        C::DecideReturn { approve, reason, assignments } => {
            let p = t.pending_return.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no return request is pending").with_rule("R-SLA-2"))?;
            if !approve {
                if assignments.is_some() {
                    return Err(Error::invalid_input("assignments", "a rejected return takes no new assignments"));
                }
                return Ok(vec![B::ReturnRejected { unit: p.unit.clone(), reason: reason.clone() }]);
            }
            let approved = B::ReturnApproved { unit: p.unit.clone(), reason: reason.clone() };
            let returning_lead = t.assignment(&p.unit).is_some_and(|a| a.role == AssignmentRole::Lead);
            return match assignments {
                Some(list) => {
                    if list.iter().any(|a| a.unit == p.unit) {
                        return Err(Error::invalid_input("assignments", format!("unit {:?} asked to return the ticket and cannot be reassigned it", p.unit))
                            .with_rule("R-SLA-2"));
                    }
                    Ok(vec![approved, reassigned(t, ctx, list, now)?])
                }
                None if returning_lead => {
                    Err(Error::invalid_input("assignments", "the lead unit returns the ticket: approving needs the new assignments (改派)")
                        .with_rule("R-SLA-2"))
                }
                None => Ok(vec![approved]),
            };
        }
        C::Reassign { assignments } => reassigned(t, ctx, assignments, now)?,
        C::RequestExtension { reason, requested_due_at } => {
            B::ExtensionRequested { unit: unit(), reason: reason.clone(), requested_due_at: calendar::checked_cst(*requested_due_at, "requested_due_at")? }
        }
        C::DecideExtension { approve: false, reason } => B::ExtensionRejected { reason: reason.clone() },
        C::DecideExtension { approve: true, reason } => {
            let p =
                t.pending_extension.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no extension request is pending").with_rule("R-SLA-4"))?;
            let c = t.completion.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidTransition, "no completion clock"))?;
            if p.requested_due_at <= c.due_at {
                return Err(Error::new(
                    ErrorKind::InvalidTransition,
                    format!("the requested deadline {} is no longer after the deadline in force {}", p.requested_due_at, c.due_at),
                )
                .with_rule("R-SLA-4"));
            }
            let d = ctx.policy.clock_deadline(ctx.calendar, Clock::Completion, c.started_at, p.requested_due_at, c.provisional)?;
            B::ExtensionApproved {
                reason: reason.clone(),
                completion: ClockSpec { started_at: c.started_at, due_at: d.due_at, warn_at: d.warn_at, provisional: c.provisional },
            }
        }
        C::Suspend { reason } => B::Suspended { reason: reason.clone() },
        C::Resume {} => resumed(t, ctx, now)?,
        C::SubmitReport { report } => {
            let mut report = report.clone();
            report.answered_at = report.answered_at.map(calendar::to_cst);
            B::ReportSubmitted { unit: unit(), report }
        }
        C::ReviewReport { accept: true, .. } => B::ReportAccepted {},
        C::ReviewReport { accept: false, reason, note } => {
            let Some(reason) = reason else {
                return Err(missing(name, "reason", "R-FLOW-3"));
            };
            B::ReportReturned { reason: *reason, note: note.clone(), completion: completion_again(t, ctx, now)? }
        }
        C::RecordCallback { outcome, solved, note } => B::CallbackRecorded { outcome: *outcome, solved: *solved, note: note.clone() },
        C::JudgeDissatisfaction { judgement } => match judgement {
            Judgement::Reasonable { measures, responsible_person, due_at } => {
                let completion = match due_at {
                    Some(d) if *d <= now => return Err(Error::invalid_input("judgement.due_at", format!("{d} is not after now")).with_rule("R-FLOW-4")),
                    Some(d) => {
                        let x = ctx.policy.clock_deadline(ctx.calendar, Clock::Completion, now, calendar::checked_cst(*d, "judgement.due_at")?, false)?;
                        ClockSpec { started_at: now, due_at: x.due_at, warn_at: x.warn_at, provisional: false }
                    }
                    None => completion_again(t, ctx, now)?,
                };
                B::Reopened { measures: measures.clone(), responsible_person: responsible_person.clone(), completion }
            }
            Judgement::Unresolvable { explanation } => B::Closed { outcome: ClosingOutcome::Unresolvable, explanation: Some(explanation.clone()) },
            Judgement::Unreasonable { explanation } => B::Closed { outcome: ClosingOutcome::Unreasonable, explanation: Some(explanation.clone()) },
        },
        C::Close {} => B::Closed { outcome: ClosingOutcome::Resolved, explanation: None },
        C::Archive {} => B::Archived {},
        C::Urge { message } => B::Urged { message: message.clone() },
        C::Supervise { note } => B::Supervised { note: note.clone() },
        C::ConveneConsultation { units, note } => {
            for (i, u) in units.iter().enumerate() {
                if ctx.guide.unit(u).is_none() {
                    return Err(Error::invalid_input(format!("units[{i}]"), format!("unknown unit {u:?}")));
                }
            }
            B::ConsultationConvened { units: units.clone(), note: note.clone() }
        }
        C::Instruct { instruction } => B::Instructed { instruction: instruction.clone() },
        C::LinkDuplicate { linked_ticket_id } => B::DuplicateLinked { linked_ticket_id: linked_ticket_id.clone() },
        C::ReportUp { kind, reason } => {
            let Some(level) = MatterLevel::next_after(actor.role) else {
                return Err(Error::new(ErrorKind::InvalidTransition, "there is no level above the leading group").with_rule("R-SCOPE-5"));
            };
            let (decide_by, _) = ctx.policy.major_matter_due(ctx.calendar, now)?;
            B::ReportedUp { kind: *kind, level, reason: reason.clone(), decide_by }
        }
        C::DecideMajorMatter { .. } => decided(t, ctx, command, now)?,
    }])
}
