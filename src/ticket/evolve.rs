//! Evolution: how each event changes a ticket's state. Events carry everything they decided
//! (clocks included), so evolving needs no calendar and cannot fail.

use chrono::{DateTime, FixedOffset};

use super::actor::Role;
use super::clocks::{AssignmentState, ClockState};
use super::event::{AssignmentClocks, ClockSpec, Event, EventBody};
use super::matter::{MajorMatter, MatterStanding};
use super::state::{CallbackRecord, EscalationRecord, PendingExtension, PendingReturn};
use super::status::{CallbackOutcome, ClosingOutcome, EscalationLevel, Status};
use super::Ticket;
use crate::sla::Clock;

impl Ticket {
    fn assignment_mut(&mut self, unit: &str) -> Option<&mut AssignmentState> {
        self.assignments.iter_mut().find(|a| a.unit == unit)
    }

    fn set_assignments(&mut self, list: &[AssignmentClocks], at: DateTime<FixedOffset>) {
        self.assignments = list.iter().map(|a| AssignmentState::assigned(a, at)).collect();
    }

    /// Pauses every unmet clock but the return windows (a suspension, a matter upstairs).
    fn pause_clocks(&mut self, at: DateTime<FixedOffset>) {
        for c in self.completion.iter_mut().chain(self.first_feedback.iter_mut()) {
            if c.met_at.is_none() {
                c.paused_at = Some(at);
            }
        }
        for a in &mut self.assignments {
            if a.response.met_at.is_none() {
                a.response.paused_at = Some(at);
            }
        }
    }

    /// Ends a pause: the clocks run again, moved as the event says.
    fn resume_clocks(&mut self, completion: Option<&ClockSpec>, responses: &[(String, ClockSpec)], first_feedback: Option<&ClockSpec>) {
        if let Some(c) = self.completion.as_mut() {
            c.paused_at = None;
            if let Some(s) = completion {
                c.due_at = s.due_at;
                c.warn_at = s.warn_at;
                c.provisional = s.provisional;
            }
        }
        if let Some(f) = self.first_feedback.as_mut() {
            f.paused_at = None;
            if let Some(s) = first_feedback {
                f.due_at = s.due_at;
                f.warn_at = s.warn_at;
            }
        }
        for a in &mut self.assignments {
            a.response.paused_at = None;
            if let Some((_, s)) = responses.iter().find(|(u, _)| *u == a.unit) {
                a.response.due_at = s.due_at;
                a.response.warn_at = s.warn_at;
            }
        }
    }

    /// The level holding the major matter decided.
    fn decide_matter(&mut self, standing: MatterStanding, text: &str, at: DateTime<FixedOffset>) {
        if let Some(m) = self.major_matter.as_mut() {
            m.standing = standing;
            m.paused_since = None;
            m.decided_at = Some(at);
            m.decision = Some(text.to_string());
        }
    }

    /// Marks the response clock of `unit` met when its conditions hold.
    fn update_response(&mut self, unit: &str) {
        if let Some(a) = self.assignment_mut(unit) {
            let met = super::clocks::response_met_at(a.role, a.acknowledged_at, a.contacted_at);
            if a.response.met_at.is_none() {
                a.response.met_at = met;
            }
        }
    }

    /// `in_progress` once the lead has acknowledged, else `dispatched`.
    fn handling_status(&self) -> Status {
        if self.lead().is_some_and(|l| l.acknowledged_at.is_some()) {
            Status::InProgress
        } else {
            Status::Dispatched
        }
    }

    fn feedback_from(&mut self, unit: &str, at: DateTime<FixedOffset>) {
        let is_lead = self.lead().is_some_and(|l| l.unit == unit);
        if let (true, Some(ff)) = (is_lead, self.first_feedback.as_mut()) {
            if ff.met_at.is_none() {
                ff.met_at = Some(at);
            }
        }
    }

    /// Evolves the state by event `e` (checked before: evolving cannot fail).
    pub(crate) fn evolve(&mut self, e: &Event) {
        use EventBody as B;
        let at = e.at;
        // The returned unit matters only to the event right after the approval.
        self.returned_unit = None;
        match &e.body {
            B::Registered { channel, appeal_type, content, requester, location } => {
                self.id = Some(e.ticket_id.clone());
                self.status = Some(Status::Registered);
                self.channel = Some(*channel);
                self.appeal_type = Some(*appeal_type);
                self.content = content.clone();
                self.requester = requester.clone();
                self.location = location.clone();
                self.registered_at = Some(at);
            }
            B::Declined { reason, .. } => {
                self.status = Some(Status::Declined);
                self.decline_reason = Some(*reason);
                self.outcome = Some(ClosingOutcome::Declined);
                self.closed_at = Some(at);
            }
            B::AnsweredDirectly { .. } => {
                self.status = Some(Status::Answered);
                self.outcome = Some(ClosingOutcome::Answered);
                self.closed_at = Some(at);
            }
            B::Dispatched { classification, assignments, completion, first_feedback } => {
                self.status = Some(Status::Dispatched);
                self.classification = Some(classification.clone());
                self.dispatched_at = Some(at);
                self.set_assignments(assignments, at);
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.first_feedback = first_feedback.as_ref().map(|s| ClockState::from_spec(Clock::FirstFeedback, None, s));
            }
            B::Acknowledged { unit } => {
                let lead = self.lead().is_some_and(|l| &l.unit == unit);
                if let Some(a) = self.assignment_mut(unit) {
                    a.acknowledged_at.get_or_insert(at);
                }
                self.update_response(unit);
                if lead && self.status == Some(Status::Dispatched) {
                    self.status = Some(Status::InProgress);
                }
            }
            B::RequesterContacted { unit, .. } => {
                if let Some(a) = self.assignment_mut(unit) {
                    a.contacted_at.get_or_insert(at);
                }
                self.update_response(unit);
                self.feedback_from(unit, at);
            }
            B::ProgressAdded { unit, .. } => self.feedback_from(unit, at),
            B::ContributionSubmitted { unit, .. } => {
                if let Some(a) = self.assignment_mut(unit) {
                    a.contributed = true;
                }
            }
            B::ReturnRequested { unit, reason, evidence, suggested_unit } => {
                self.counters.return_requests += 1;
                self.pending_return = Some(PendingReturn {
                    unit: unit.clone(),
                    reason: reason.clone(),
                    evidence: evidence.clone(),
                    suggested_unit: suggested_unit.clone(),
                    requested_at: at,
                    previous_status: self.status.unwrap_or(Status::Dispatched),
                });
                if let Some(a) = self.assignment_mut(unit) {
                    a.return_window.met_at.get_or_insert(at);
                }
                self.status = Some(Status::ReturnPending);
            }
            B::ReturnApproved { unit, .. } => {
                self.returned_unit = Some(unit.clone());
                self.counters.returns_approved += 1;
                self.pending_return = None;
                self.assignments.retain(|a| &a.unit != unit);
                self.status = Some(self.handling_status());
            }
            B::ReturnRejected { .. } => {
                self.pending_return = None;
                self.status = Some(self.handling_status());
            }
            B::Reassigned { assignments, completion, first_feedback } => {
                self.counters.reassignments += 1;
                // A unit kept in its role keeps its assignment (acknowledgement, contact,
                // clocks) when the event carries its clocks unchanged; the others start fresh.
                let old = std::mem::take(&mut self.assignments);
                self.assignments = assignments
                    .iter()
                    .map(|a| {
                        match old.iter().find(|o| o.unit == a.unit && o.role == a.role && o.response.is(&a.response) && o.return_window.is(&a.return_window)) {
                            Some(o) => o.clone(),
                            None => AssignmentState::assigned(a, at),
                        }
                    })
                    .collect();
                // The same lead keeps its deadline (only an approved extension moves one,
                // R-SLA-4): the event then carries the clocks in force, kept as they are.
                if !self.completion.as_ref().is_some_and(|c| c.is(completion)) {
                    self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                    // New clocks run from now.
                    self.suspended_at = None;
                }
                if !matches!((&self.first_feedback, first_feedback), (Some(f), Some(s)) if f.is(s)) {
                    self.first_feedback = first_feedback.as_ref().map(|s| ClockState::from_spec(Clock::FirstFeedback, None, s));
                }
                self.pending_return = None;
                self.pending_extension = None;
                self.status = Some(self.handling_status());
            }
            B::ExtensionRequested { reason, requested_due_at, .. } => {
                self.counters.extension_requests += 1;
                self.pending_extension = Some(PendingExtension { reason: reason.clone(), requested_due_at: *requested_due_at, requested_at: at });
            }
            B::ExtensionApproved { completion, .. } => {
                self.counters.extensions_approved += 1;
                self.pending_extension = None;
                if let Some(c) = self.completion.as_mut() {
                    c.due_at = completion.due_at;
                    c.warn_at = completion.warn_at;
                    c.provisional = completion.provisional;
                }
            }
            B::ExtensionRejected { .. } => self.pending_extension = None,
            B::Suspended { .. } => {
                self.suspended_at = Some(at);
                self.pause_clocks(at);
            }
            B::Resumed { completion, responses, first_feedback } => {
                self.suspended_at = None;
                self.resume_clocks(completion.as_ref(), responses, first_feedback.as_ref());
            }
            B::ReportSubmitted { report, .. } => {
                self.pending_extension = None;
                self.report = Some(report.clone());
                self.reported_at = Some(at);
                self.status = Some(Status::Reported);
            }
            B::ReportAccepted {} => {
                self.accepted_at = Some(at);
                if let (Some(c), Some(r)) = (self.completion.as_mut(), self.reported_at) {
                    c.met_at.get_or_insert(r);
                }
                self.status = Some(Status::AwaitingCallback);
            }
            B::ReportReturned { completion, .. } => {
                self.counters.reworks += 1;
                self.pending_extension = None;
                self.report = None;
                self.reported_at = None;
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.status = Some(Status::InProgress);
            }
            B::CallbackRecorded { outcome, solved, .. } => {
                self.callbacks.push(CallbackRecord { at, outcome: *outcome, solved: *solved });
                if *outcome == CallbackOutcome::Dissatisfied {
                    self.counters.dissatisfied_callbacks += 1;
                    self.status = Some(Status::Judging);
                }
            }
            B::Reopened { completion, .. } => {
                self.counters.reopens += 1;
                self.pending_extension = None;
                self.report = None;
                self.reported_at = None;
                self.completion = Some(ClockState::from_spec(Clock::Completion, None, completion));
                self.status = Some(Status::InProgress);
            }
            B::Closed { outcome, .. } => {
                self.outcome = Some(*outcome);
                self.closed_at = Some(at);
                self.status = Some(Status::Closed);
            }
            B::Archived {} => self.status = Some(Status::Archived),
            B::Urged { .. } => self.counters.urged += 1,
            B::Supervised { .. } => {
                self.counters.supervised += 1;
                self.supervised = true;
            }
            B::ConsultationConvened { .. } => self.counters.consultations += 1,
            B::Instructed { .. } => {
                self.counters.instructions += 1;
                self.instructed = true;
            }
            B::DuplicateLinked { linked_ticket_id } => {
                if !self.duplicates.contains(linked_ticket_id) {
                    self.duplicates.push(linked_ticket_id.clone());
                }
            }
            B::ReportedUp { kind, level, reason, decide_by } => {
                // The task force passing on the matter it holds keeps who raised it and when.
                let forwarded = self.major_matter.take().filter(|m| m.standing != MatterStanding::SentBack && e.actor.role == Role::TaskForce);
                let paused_since = match forwarded.as_ref().and_then(|m| m.paused_since) {
                    Some(since) => since,
                    None => {
                        self.pause_clocks(at);
                        at
                    }
                };
                let (raised_by, raised_by_unit, raised_at, reason) = match forwarded {
                    Some(m) => (m.raised_by, m.raised_by_unit, m.raised_at, m.reason),
                    None => (e.actor.role, e.actor.unit.clone(), at, reason.clone()),
                };
                self.major_matter = Some(MajorMatter {
                    kind: *kind,
                    reason,
                    raised_by,
                    raised_by_unit,
                    raised_at,
                    level: *level,
                    reported_at: at,
                    decide_by: *decide_by,
                    standing: MatterStanding::Pending,
                    paused_since: Some(paused_since),
                    decided_at: None,
                    decision: None,
                });
            }
            B::MajorMatterTaken { instruction, units, completion, responses, first_feedback, .. } => {
                self.resume_clocks(completion.as_ref(), responses, first_feedback.as_ref());
                let added: Vec<AssignmentState> = units.iter().map(|a| AssignmentState::assigned(a, at)).collect();
                self.assignments.extend(added);
                self.decide_matter(MatterStanding::Taken, instruction, at);
            }
            B::MajorMatterSentBack { explanation, completion, responses, first_feedback, .. } => {
                self.resume_clocks(completion.as_ref(), responses, first_feedback.as_ref());
                self.decide_matter(MatterStanding::SentBack, explanation, at);
            }
            B::Escalated { rule, level, clock, unit, instance, .. } => {
                if *level >= EscalationLevel::Supervision {
                    self.supervised = true;
                }
                self.escalations.push(EscalationRecord { rule: rule.clone(), level: *level, at, clock: *clock, unit: unit.clone(), instance: *instance });
            }
        }
    }
}
