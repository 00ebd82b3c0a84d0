//! The checks an event must pass beyond who and when (the lifecycle table): what must be
//! pending, open, given or not yet done for it to follow the ticket's state. They run on every
//! event, in [`Ticket::handle`](super::Ticket::handle) (on the events it is about to return)
//! and in [`Ticket::apply`](super::Ticket::apply) / [`Ticket::replay`](super::Ticket::replay)
//! alike, so that a history replays only if `handle` could have produced it. Field paths in the
//! errors are the command's (`report.evidence`, `judgement.measures`).
//!
//! What needs the engine (units and townships known to the guide, clocks computed from the
//! calendar) is decided in `decide`; a stored history keeps verifying when the guide or the
//! calendar changes later.

use chrono::{DateTime, FixedOffset};

use super::actor::Actor;
use super::event::{AssignmentClocks, Event, EventBody, EventKind};
use super::matter::MatterLevel;
use super::status::{ClosingOutcome, Status};
use super::Ticket;
use crate::error::{Error, ErrorKind, Result};
use crate::guide::{AssignmentRole, ClassificationDecision};
use crate::limits::Limits;

/// A required field that is empty.
pub(crate) fn missing(what: &str, field: &str, rule: &'static str) -> Error {
    Error::invalid_input(field, format!("{field} is required ({what})")).with_rule(rule)
}

fn refused(message: impl Into<String>, rule: &'static str) -> Error {
    Error::new(ErrorKind::InvalidTransition, message).with_rule(rule)
}

/// `s` within `max` characters.
pub(crate) fn text(max: usize, field: &str, s: &str) -> Result<()> {
    // Bytes bound characters from above: most texts need no count.
    if s.len() > max && s.chars().count() > max {
        return Err(Error::new(ErrorKind::LimitExceeded, format!("{field} is longer than {max} characters (limits.max_text_chars)")).with_field(field));
    }
    Ok(())
}

/// Each of `fields` (name, value) within `max` characters.
fn texts<'a>(max: usize, fields: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Result<()> {
    for (field, v) in fields {
        if let Some(v) = v {
            text(max, field, v)?;
        }
    }
    Ok(())
}

/// At most `max` items in list `field` (the limit named by `limit`).
fn count(n: usize, max: usize, field: &str, limit: &str) -> Result<()> {
    if n > max {
        return Err(Error::new(ErrorKind::LimitExceeded, format!("{n} items; at most {max} ({limit})")).with_field(field));
    }
    Ok(())
}

/// The actor's unit and user within the text limit: checked before the actor is named in any
/// error.
pub(crate) fn actor(limits: &Limits, a: &Actor) -> Result<()> {
    texts(limits.max_text_chars, [("actor.unit", a.unit.as_deref()), ("actor.user", a.user.as_deref())])
}

/// A dispatch decision's strings and units within the limits, before the guide classifies it.
pub(crate) fn decision(limits: &Limits, d: &ClassificationDecision) -> Result<()> {
    let max = limits.max_text_chars;
    let units = d.responsible.iter().chain(&d.cooperating);
    count(1 + units.clone().map(Vec::len).sum::<usize>(), limits.max_assignments, "assignments", "limits.max_assignments")?;
    let location = d.location.as_ref();
    texts(
        max,
        [
            ("decision.category", Some(d.category.as_str())),
            ("decision.lead", d.lead.as_deref()),
            ("decision.location.township", location.and_then(|l| l.township.as_deref())),
            ("decision.location.village", location.and_then(|l| l.village.as_deref())),
            ("decision.location.address", location.and_then(|l| l.address.as_deref())),
        ],
    )?;
    texts(max, units.flatten().map(|u| ("decision.units", Some(u.as_str()))))
}

/// The envelope of a stored event: its ticket id, actor and acting unit within the text
/// limit, before the lifecycle table names them.
pub(crate) fn envelope(e: &Event, limits: &Limits) -> Result<()> {
    actor(limits, &e.actor)?;
    texts(limits.max_text_chars, [("ticket_id", Some(e.ticket_id.as_str())), ("unit", e.body.acting_unit())])
}

/// Every instant of a command within `limits`' plausible window (the error names its field).
pub(crate) fn instants(limits: &Limits, command: &super::Command) -> Result<()> {
    // The command's instant, found field by field (by the canonical encoder's walk where it
    // does not read back as itself).
    super::canonical::command::check(command, limits)
}

/// Whether `s` is empty or white space only (`s.trim().is_empty()`, answered at the first
/// character that is not white space instead of trimming both ends).
fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// `s` not blank, within `max` characters.
fn required(what: &str, max: usize, field: &str, s: &str, rule: &'static str) -> Result<()> {
    if blank(s) {
        return Err(missing(what, field, rule));
    }
    text(max, field, s)
}

/// Evidence (佐证材料): at least one item, at most `limits.max_evidence`, each within the text limit.
fn evidence(what: &str, limits: &Limits, field: &str, items: &[String], rule: &'static str) -> Result<()> {
    if items.iter().all(|e| blank(e)) {
        return Err(missing(what, field, rule));
    }
    if items.len() > limits.max_evidence {
        return Err(Error::new(ErrorKind::LimitExceeded, format!("at most {} evidence items (limits.max_evidence)", limits.max_evidence)).with_field(field));
    }
    for (i, item) in items.iter().enumerate() {
        // The item's path is only written for an error.
        if item.len() > limits.max_text_chars {
            text(limits.max_text_chars, &format!("{field}[{i}]"), item)?;
        }
    }
    Ok(())
}

/// The shape of a list of assignments: 1 to `limits.max_assignments`, exactly one lead
/// (R-SCOPE-4), no unit twice.
pub(crate) fn assignment_list<'a>(limits: &Limits, units: impl ExactSizeIterator<Item = (&'a str, AssignmentRole)> + Clone) -> Result<()> {
    let max = limits.max_assignments;
    let n = units.len();
    if n > max {
        return Err(Error::new(ErrorKind::LimitExceeded, format!("{n} assignments; at most {max} (limits.max_assignments)")).with_field("assignments"));
    }
    if n == 0 {
        return Err(Error::invalid_input("assignments", format!("1..={max} assignments needed, got none")));
    }
    let leads = units.clone().filter(|(_, r)| *r == AssignmentRole::Lead).count();
    if leads != 1 {
        return Err(Error::invalid_input("assignments", format!("exactly one lead unit is needed, got {leads}")).with_rule("R-SCOPE-4"));
    }
    let list: Vec<&str> = units.map(|(u, _)| u).collect();
    for (i, u) in list.iter().enumerate() {
        if u.len() > limits.max_text_chars {
            text(limits.max_text_chars, &format!("assignments[{i}].unit"), u)?;
        }
    }
    let mut sorted = list.clone();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        let i = list.iter().rposition(|u| *u == w[0]).unwrap_or(0);
        return Err(Error::invalid_input(format!("assignments[{i}].unit"), format!("unit {:?} is assigned twice", w[0])));
    }
    Ok(())
}

fn clocks_of(list: &[AssignmentClocks]) -> impl ExactSizeIterator<Item = (&str, AssignmentRole)> + Clone {
    list.iter().map(|a| (a.unit.as_str(), a.role))
}

/// Whether `e` may follow `t`'s state, beyond the lifecycle table.
pub(crate) fn check(t: &Ticket, e: &Event, limits: &Limits) -> Result<()> {
    use EventBody as B;
    let at: DateTime<FixedOffset> = e.at;
    let max = limits.max_text_chars;
    let what = e.body.kind().as_str();
    // A lead's approved return is followed at once by the reassignment (改派) in the same
    // decision: nothing else may come between, and it is the approval's instant and actor.
    if t.returned_unit.is_some() && t.lead().is_none() {
        if !matches!(e.body, B::Reassigned { .. }) {
            return Err(refused("the lead unit's return was approved: the next event must be its reassignment (reassigned)", "R-SLA-2"));
        }
        if t.events.last().is_some_and(|a| a.at != e.at || a.actor != e.actor) {
            return Err(refused(
                "the reassignment of the lead unit's approved return is part of the approval (decide_return): same instant and actor",
                "R-SLA-2",
            ));
        }
    }
    if let Some(m) = t.major_matter.as_ref().filter(|m| m.is_pending()) {
        if WAIT_FOR_THE_LEVEL.contains(&e.body.kind()) {
            return Err(refused(
                format!("the ticket's major matter waits for the {}'s decision (until {}): {} must wait", m.level.as_str(), m.decide_by, e.body.kind()),
                "R-SCOPE-5",
            ));
        }
    }
    match &e.body {
        B::Registered { content, requester, location, .. } => {
            required(what, max, "id", &e.ticket_id, "R-FLOW-5")?;
            required(what, max, "content", content, "R-SCOPE-1")?;
            for (field, v) in [
                ("requester.name", &requester.name),
                ("requester.phone", &requester.phone),
                ("requester.requester_key", &requester.requester_key),
                ("location.township", &location.township),
                ("location.village", &location.village),
                ("location.address", &location.address),
            ] {
                if let Some(v) = v {
                    text(max, field, v)?;
                }
            }
        }
        B::Declined { guidance, .. } => required(what, max, "guidance", guidance, "R-SCOPE-2")?,
        B::AnsweredDirectly { answer } => required(what, max, "answer", answer, "R-SCOPE-3")?,
        B::Dispatched { assignments, classification: c, .. } => {
            assignment_list(limits, clocks_of(assignments))?;
            count(c.assignments.len(), limits.max_assignments, "classification.assignments", "limits.max_assignments")?;
            texts(
                max,
                [
                    ("classification.guide_id", Some(c.guide_id.as_str())),
                    ("classification.guide_version", Some(c.guide_version.as_str())),
                    ("classification.category", Some(c.category.as_str())),
                    ("classification.category_name", Some(c.category_name.as_str())),
                    ("classification.township", c.township.as_deref()),
                ],
            )?;
            texts(max, c.assignments.iter().map(|a| ("classification.assignments.unit", Some(a.unit.as_str()))))?;
        }
        B::Acknowledged { unit } => {
            if t.assignment(unit).is_some_and(|a| a.acknowledged_at.is_some()) {
                return Err(Error::new(ErrorKind::InvalidTransition, format!("unit {unit:?} has already acknowledged")));
            }
        }
        B::RequesterContacted { note, .. } => text(max, "note", note)?,
        B::ProgressAdded { note, .. } => required(what, max, "note", note, "R-FLOW-1")?,
        B::ContributionSubmitted { content, .. } => required(what, max, "content", content, "R-SCOPE-4")?,
        B::ReturnRequested { unit, reason, evidence: items, suggested_unit } => {
            if let Some(a) = t.assignment(unit) {
                if at >= a.return_window.due_at {
                    return Err(refused(
                        format!("return request refused: the return window closed at {} (1 working day after dispatch)", a.return_window.due_at),
                        "R-SLA-2",
                    ));
                }
            }
            required(what, max, "reason", reason, "R-SLA-2")?;
            evidence(what, limits, "evidence", items, "R-SLA-2")?;
            required(what, max, "suggested_unit", suggested_unit, "R-SLA-2")?;
        }
        B::ReturnApproved { unit, reason } | B::ReturnRejected { unit, reason } => {
            let Some(p) = &t.pending_return else {
                return Err(refused("no return request is pending", "R-SLA-2"));
            };
            text(max, "unit", unit)?;
            if &p.unit != unit {
                return Err(Error::invalid_input("unit", format!("the pending return request is unit {:?}'s, not {unit:?}'s", p.unit)).with_rule("R-SLA-2"));
            }
            if matches!(e.body, B::ReturnRejected { .. }) {
                required(what, max, "reason", reason, "R-SLA-2")?;
            } else {
                text(max, "reason", reason)?;
            }
        }
        B::Reassigned { assignments, .. } => {
            assignment_list(limits, clocks_of(assignments))?;
            if let Some(u) = &t.returned_unit {
                if assignments.iter().any(|a| &a.unit == u) {
                    return Err(
                        Error::invalid_input("assignments", format!("unit {u:?} asked to return the ticket and cannot be reassigned it")).with_rule("R-SLA-2")
                    );
                }
            }
        }
        B::ExtensionRequested { reason, requested_due_at, .. } => {
            let Some(c) = &t.completion else {
                return Err(Error::new(ErrorKind::InvalidTransition, "no completion clock"));
            };
            if t.pending_extension.is_some() {
                return Err(refused("an extension request is already pending", "R-SLA-4"));
            }
            if t.suspended_at.is_some() {
                return Err(refused("the ticket is suspended: its deadline is paused; resume it first", "R-SLA-4"));
            }
            if at >= c.due_at {
                return Err(refused(format!("extension refused: the completion deadline {} has passed", c.due_at), "R-SLA-4"));
            }
            if *requested_due_at <= c.due_at {
                return Err(
                    Error::invalid_input("requested_due_at", format!("{requested_due_at} is not after the current deadline {}", c.due_at)).with_rule("R-SLA-4")
                );
            }
            required(what, max, "reason", reason, "R-SLA-4")?;
        }
        B::ExtensionApproved { reason, .. } | B::ExtensionRejected { reason } => {
            let Some(p) = &t.pending_extension else {
                return Err(refused("no extension request is pending", "R-SLA-4"));
            };
            text(max, "reason", reason)?;
            if let (B::ExtensionApproved { .. }, Some(c)) = (&e.body, &t.completion) {
                if p.requested_due_at <= c.due_at {
                    return Err(refused(
                        format!("the requested deadline {} is no longer after the deadline in force {}", p.requested_due_at, c.due_at),
                        "R-SLA-4",
                    ));
                }
            }
        }
        B::Suspended { reason } => {
            if t.suspended_at.is_some() {
                return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is already suspended"));
            }
            required(what, max, "reason", reason, "R-SLA-4")?;
        }
        B::Resumed { responses, .. } => {
            count(responses.len(), limits.max_assignments, "responses", "limits.max_assignments")?;
            texts(max, responses.iter().map(|(u, _)| ("responses.unit", Some(u.as_str()))))?;
            if t.suspended_at.is_none() {
                return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is not suspended"));
            }
        }
        B::ReportSubmitted { report, .. } => {
            if t.suspended_at.is_some() {
                return Err(Error::new(ErrorKind::InvalidTransition, "the ticket is suspended: resume it first"));
            }
            // Every missing part at once (a report is written once, not one error per call).
            let absent: Vec<&str> = [
                ("report.result", blank(&report.result)),
                ("report.answered_at", report.answered_at.is_none()),
                ("report.evidence", report.evidence.iter().all(|e| blank(e))),
                ("report.approved_by", report.approved_by.as_deref().is_none_or(blank)),
            ]
            .into_iter()
            .filter_map(|(field, gone)| gone.then_some(field))
            .collect();
            if absent.len() > 1 {
                return Err(Error::invalid_input(absent[0], format!("{} are required ({what})", absent.join(", "))).with_rule("R-FLOW-2"));
            }
            required(what, max, "report.result", &report.result, "R-FLOW-2")?;
            let Some(answered_at) = report.answered_at else {
                return Err(missing(what, "report.answered_at", "R-FLOW-2"));
            };
            if answered_at > at {
                return Err(Error::invalid_input("report.answered_at", format!("{answered_at} is in the future")).with_rule("R-FLOW-2"));
            }
            // Answered after the ticket reached the units, never in 1970 or year 1.
            if let Some(d) = t.dispatched_at.filter(|d| answered_at < *d) {
                return Err(
                    Error::invalid_input("report.answered_at", format!("{answered_at} is before the ticket was dispatched ({d})")).with_rule("R-FLOW-2")
                );
            }
            evidence(what, limits, "report.evidence", &report.evidence, "R-FLOW-2")?;
            required(what, max, "report.approved_by", report.approved_by.as_deref().unwrap_or(""), "R-ORG-3")?;
            let waiting: Vec<&str> =
                t.assignments.iter().filter(|a| a.role == AssignmentRole::Responsible && !a.contributed).map(|a| a.unit.as_str()).collect();
            if !waiting.is_empty() {
                return Err(refused(format!("responsible units have not submitted their contribution: {}", waiting.join(", ")), "R-SCOPE-4"));
            }
        }
        B::ReportAccepted {} => {}
        B::ReportReturned { note, .. } => text(max, "note", note)?,
        B::CallbackRecorded { note, .. } => text(max, "note", note)?,
        B::Reopened { measures, responsible_person, completion } => {
            required(what, max, "judgement.measures", measures, "R-FLOW-4")?;
            required(what, max, "judgement.responsible_person", responsible_person, "R-FLOW-4")?;
            if completion.due_at <= at {
                return Err(Error::invalid_input("judgement.due_at", format!("{} is not after now", completion.due_at)).with_rule("R-FLOW-4"));
            }
        }
        B::Closed { outcome, explanation } => match t.status {
            Some(Status::Judging) => {
                if !matches!(outcome, ClosingOutcome::Unresolvable | ClosingOutcome::Unreasonable) {
                    return Err(Error::invalid_input("judgement", format!("a judged ticket closes as unresolvable or unreasonable, not {outcome:?}"))
                        .with_rule("R-FLOW-4"));
                }
                required(what, max, "judgement.explanation", explanation.as_deref().unwrap_or(""), "R-FLOW-4")?;
            }
            _ => {
                if *outcome != ClosingOutcome::Resolved || explanation.is_some() {
                    return Err(Error::invalid_input("outcome", "close ends a ticket as resolved, without explanation").with_rule("R-FLOW-4"));
                }
                // A callback on the accepted report (a reopened ticket needs a new one).
                let called_back = match (t.callbacks.last(), t.accepted_at) {
                    (Some(c), Some(a)) => c.at >= a,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if !called_back {
                    return Err(refused("close needs a callback (回访) on the accepted report first", "R-FLOW-4"));
                }
            }
        },
        B::Archived {} => {}
        B::Urged { message } => required(what, max, "message", message, "R-ESC-3")?,
        B::Supervised { note } => text(max, "note", note)?,
        B::ConsultationConvened { units, note } => {
            text(max, "note", note)?;
            count(units.len(), limits.max_assignments, "units", "limits.max_assignments")?;
            for (i, u) in units.iter().enumerate() {
                required(what, max, &format!("units[{i}]"), u, "R-ORG-5")?;
            }
        }
        B::Instructed { instruction } => required(what, max, "instruction", instruction, "R-ESC-2")?,
        B::DuplicateLinked { linked_ticket_id } => {
            if blank(linked_ticket_id) || Some(linked_ticket_id) == t.id.as_ref() {
                return Err(Error::invalid_input("linked_ticket_id", format!("cannot link ticket {linked_ticket_id:?}")));
            }
            text(max, "linked_ticket_id", linked_ticket_id)?;
        }
        B::Escalated { message, rule, target, unit, tickets, .. } => {
            text(max, "message", message)?;
            texts(max, [("rule", Some(rule.as_str())), ("target", Some(target.as_str())), ("unit", unit.as_deref())])?;
            count(tickets.len(), crate::escalation::MAX_ALERT_TICKETS, "tickets", "escalation::MAX_ALERT_TICKETS")?;
            texts(max, tickets.iter().map(|t| ("tickets", Some(t.as_str()))))?;
        }
        B::ReportedUp { level, reason, decide_by, .. } => {
            if MatterLevel::next_after(e.actor.role) != Some(*level) {
                return Err(Error::invalid_input(
                    "level",
                    format!("a matter reported up by {} goes to the level above it, not {}", e.actor.role.as_str(), level.as_str()),
                )
                .with_rule("R-SCOPE-5"));
            }
            if t.suspended_at.is_some() {
                return Err(refused("the ticket is suspended: resume it first", "R-SCOPE-5"));
            }
            if let Some(m) = t.major_matter.as_ref().filter(|m| m.is_pending() && m.level == *level) {
                return Err(refused(format!("the ticket's major matter already waits for the {}'s decision", m.level.as_str()), "R-SCOPE-5"));
            }
            if *decide_by <= at {
                return Err(Error::invalid_input("decide_by", format!("{decide_by} is not after the report")).with_rule("R-SCOPE-5"));
            }
            required(what, max, "reason", reason, "R-SCOPE-5")?;
        }
        B::MajorMatterTaken { level, responses, .. } | B::MajorMatterSentBack { level, responses, .. } => {
            count(responses.len(), limits.max_assignments, "responses", "limits.max_assignments")?;
            texts(max, responses.iter().map(|(u, _)| ("responses.unit", Some(u.as_str()))))?;
            let Some(m) = t.major_matter.as_ref().filter(|m| m.is_pending()) else {
                return Err(refused("no major matter waits for a decision", "R-SCOPE-5"));
            };
            if m.level != *level {
                return Err(
                    Error::invalid_input("level", format!("the matter waits for the {}, not the {}", m.level.as_str(), level.as_str())).with_rule("R-SCOPE-5")
                );
            }
            match &e.body {
                B::MajorMatterTaken { instruction, units, .. } => {
                    required(what, max, "instruction", instruction, "R-SCOPE-5")?;
                    count(units.len(), limits.max_assignments, "units", "limits.max_assignments")?;
                    if !units.is_empty() {
                        assignment_list(
                            limits,
                            t.assignments.iter().map(|a| (a.unit.as_str(), a.role)).chain(clocks_of(units)).collect::<Vec<_>>().into_iter(),
                        )
                        .map_err(|err| err.at("units"))?;
                    }
                }
                B::MajorMatterSentBack { explanation, .. } => required(what, max, "explanation", explanation, "R-SCOPE-5")?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// What waits while a major matter waits for its level's decision (R-SCOPE-5): the units'
/// clocks are paused, so nothing that moves the deadline, hands the ticket on or ends the
/// handling may come first. Work on the ticket (acknowledging, contacting the requester,
/// progress, contributions), urging, supervision, consultations and instructions go on.
const WAIT_FOR_THE_LEVEL: &[EventKind] = &[
    EventKind::ReturnRequested,
    EventKind::Reassigned,
    EventKind::ExtensionRequested,
    EventKind::ExtensionApproved,
    EventKind::ExtensionRejected,
    EventKind::Suspended,
    EventKind::Resumed,
    EventKind::ReportSubmitted,
];
