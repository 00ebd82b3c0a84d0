//! What an assessment needs to know about one ticket ([`Facts`]), and the counting of
//! [`assess`](super::assess) over them: the one place the rates of R-ANA-2 are defined, fed
//! by event histories ([`Facts::of_ticket`]) and by flat records
//! ([`assess_records`](super::assess_records)).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::{Assessment, AssessmentOptions, Basis, GroupBy, GroupMetrics, Rate, RoleCounting, UNKNOWN_TOWNSHIP};
use crate::guide::AssignmentRole;
use crate::ticket::{CallbackOutcome, ClockStatus, ClosingOutcome, EscalationLevel, EventBody, Ticket};

/// One assigned unit of a ticket, as the assessment sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UnitFacts<'a> {
    /// The unit id.
    pub unit: &'a str,
    /// Its role.
    pub role: AssignmentRole,
    /// Whether its response clock was met in time (R-SLA-1) at the assessment instant.
    pub response_met: bool,
}

/// A ticket as the assessment sees it at its instant `now`: the instants that put it in a
/// period, its group keys, and the outcome of each clock and callback.
#[derive(Clone, Debug)]
pub(crate) struct Facts<'a> {
    /// First dispatch.
    pub dispatched_at: Option<DateTime<FixedOffset>>,
    /// The completion deadline in force (extensions included).
    pub completion_due_at: Option<DateTime<FixedOffset>>,
    /// Closing.
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// The township key ([`UNKNOWN_TOWNSHIP`] when not known).
    pub township: &'a str,
    /// The leaf category code.
    pub category: &'a str,
    /// The domain (snake_case).
    pub domain: &'a str,
    /// The units assigned, in order.
    pub units: Vec<UnitFacts<'a>>,
    /// Units that asked to return the ticket (they may no longer be assigned).
    pub returners: Vec<&'a str>,
    /// Closed as unreasonable: left out of resolution and satisfaction.
    pub unreasonable: bool,
    /// The completion clock's status at `now`, and whether its due instant has passed.
    pub completion: Option<(ClockStatus, bool)>,
    /// The last valid (not unreachable) callback: its outcome and whether it says solved.
    pub callback: Option<(CallbackOutcome, bool)>,
    /// An extension was approved (R-SLA-4).
    pub extended: bool,
    /// The report was returned for rework (R-FLOW-3).
    pub reworked: bool,
    /// Supervised (R-ORG-4) or escalated to supervision or above (R-ESC-4).
    pub supervised: bool,
    /// A repeated request (R-ESC-1).
    pub repeat: bool,
}

impl<'a> Facts<'a> {
    /// The facts of a dispatched ticket at `now`; `None` for a ticket never classified.
    pub fn of_ticket(t: &'a Ticket, now: DateTime<FixedOffset>) -> Option<Facts<'a>> {
        let class = t.classification.as_ref()?;
        // Each unit once, however many times it asked.
        let mut returners: Vec<&str> = Vec::new();
        if t.counters.return_requests > 0 {
            for e in &t.events {
                if let EventBody::ReturnRequested { unit, .. } = &e.body {
                    if !returners.contains(&unit.as_str()) {
                        returners.push(unit);
                    }
                }
            }
        }
        Some(Facts {
            dispatched_at: t.dispatched_at,
            completion_due_at: t.completion.as_ref().map(|c| c.due_at),
            closed_at: t.closed_at,
            township: class.township.as_deref().or(t.location.township.as_deref()).unwrap_or(UNKNOWN_TOWNSHIP),
            category: &class.category,
            domain: class.domain.as_str(),
            units: t
                .assignments
                .iter()
                .map(|a| UnitFacts { unit: &a.unit, role: a.role, response_met: a.response.status_at(now) == ClockStatus::Met })
                .collect(),
            returners,
            unreasonable: t.outcome == Some(ClosingOutcome::Unreasonable),
            completion: t.completion.as_ref().map(|c| (c.status_at(now), c.due_at <= now)),
            callback: t.callbacks.iter().rev().find(|c| c.outcome != CallbackOutcome::Unreachable).map(|c| (c.outcome, c.solved)),
            extended: t.counters.extensions_approved > 0,
            reworked: t.counters.reworks > 0,
            supervised: t.supervised || t.counters.supervised > 0 || t.escalations.iter().any(|e| e.level >= EscalationLevel::Supervision),
            repeat: is_repeat(t),
        })
    }

    /// The instant that puts the ticket in a period for `basis`.
    fn basis_instant(&self, basis: Basis) -> Option<DateTime<FixedOffset>> {
        match basis {
            Basis::Dispatch => self.dispatched_at,
            // A deadline at 24:00 of a day belongs to that day: the instant just before due_at.
            Basis::Due => self.completion_due_at.and_then(|d| d.checked_sub_signed(chrono::TimeDelta::seconds(1))),
            Basis::Close => self.closed_at,
        }
    }
}

/// Whether a ticket is a repeated request: linked as duplicate or raised by a repeat rule.
pub(crate) fn is_repeat(t: &Ticket) -> bool {
    !t.duplicates.is_empty() || t.escalations.iter().any(|e| e.rule.starts_with("repeat."))
}

#[derive(Default)]
struct Acc {
    dispatched: u64,
    ack_on_time: u64,
    response_den: u64,
    completion_num: u64,
    completion_den: u64,
    solved: u64,
    resolution_den: u64,
    sat_num: f64,
    sat_den: u64,
    returns: u64,
    return_den: u64,
    extensions: u64,
    reworks: u64,
    overdue: u64,
    supervised: u64,
    repeats: u64,
    unreasonable: u64,
}

/// Counts tickets' facts into the groups of an assessment (R-ANA-2), with the definitions
/// [`assess`](super::assess) documents.
pub(crate) struct Counter<'o> {
    options: &'o AssessmentOptions,
    acc: HashMap<String, Acc>,
    keys: Vec<(String, AssignmentRole)>,
}

impl<'o> Counter<'o> {
    pub fn new(options: &'o AssessmentOptions) -> Counter<'o> {
        Counter { options, acc: HashMap::new(), keys: Vec::new() }
    }

    /// Counts one ticket.
    pub fn add(&mut self, f: &Facts<'_>) {
        let options = self.options;
        let p = options.period;
        let in_response = f.basis_instant(options.response_basis).is_some_and(|x| p.contains(x));
        let in_completion = f.basis_instant(options.completion_basis).is_some_and(|x| p.contains(x));
        if !in_response && !in_completion {
            return;
        }
        let by_unit = options.group_by == GroupBy::Unit;
        let keys = &mut self.keys;
        keys.clear();
        match options.group_by {
            GroupBy::Unit => {
                for a in &f.units {
                    if options.roles == RoleCounting::All || a.role == AssignmentRole::Lead {
                        keys.push((a.unit.to_string(), a.role));
                    }
                }
            }
            GroupBy::Township => keys.push((f.township.to_string(), AssignmentRole::Lead)),
            GroupBy::Category => keys.push((f.category.to_string(), AssignmentRole::Lead)),
            GroupBy::Domain => keys.push((f.domain.to_string(), AssignmentRole::Lead)),
        }
        let acc = &mut self.acc;
        if by_unit && in_response {
            for u in &f.returners {
                if !keys.iter().any(|(k, _)| k == u) {
                    let a = acc.entry(u.to_string()).or_default();
                    a.returns += 1;
                    a.return_den += 1;
                }
            }
        }
        for (key, role) in keys.iter() {
            let a = acc.entry(key.clone()).or_default();
            if in_response {
                a.dispatched += 1;
                a.response_den += 1;
                let response = if by_unit {
                    f.units.iter().find(|x| x.unit == key.as_str() && x.role == *role)
                } else {
                    f.units.iter().find(|x| x.role == AssignmentRole::Lead)
                };
                if response.is_some_and(|r| r.response_met) {
                    a.ack_on_time += 1;
                }
                a.return_den += 1;
                // Returns count for the unit that asked; extensions and reworks for the lead
                // (who asks for extensions and reports), or the ticket when not by unit.
                let asked_return = if by_unit { f.returners.contains(&key.as_str()) } else { !f.returners.is_empty() };
                a.returns += asked_return as u64;
                let lead_share = !by_unit || *role == AssignmentRole::Lead;
                a.extensions += (lead_share && f.extended) as u64;
                a.reworks += (lead_share && f.reworked) as u64;
                a.supervised += f.supervised as u64;
                a.repeats += f.repeat as u64;
            }
            if in_completion {
                if let Some((status, due_passed)) = f.completion {
                    match status {
                        ClockStatus::Met => {
                            a.completion_num += 1;
                            a.completion_den += 1;
                        }
                        ClockStatus::MetLate | ClockStatus::Breached => {
                            a.completion_den += 1;
                            a.overdue += 1;
                        }
                        ClockStatus::Running | ClockStatus::Paused | ClockStatus::Unused => {
                            if due_passed {
                                a.completion_den += 1;
                            }
                        }
                    }
                }
                if f.unreasonable {
                    a.unreasonable += 1;
                } else if let Some((outcome, solved)) = f.callback {
                    a.resolution_den += 1;
                    a.solved += solved as u64;
                    a.sat_den += 1;
                    a.sat_num += match outcome {
                        CallbackOutcome::Satisfied => 1.0,
                        CallbackOutcome::BasicallySatisfied => options.basically_satisfied_weight,
                        _ => 0.0,
                    };
                }
            }
        }
    }

    /// The groups' figures, scored and ranked.
    pub fn finish(self) -> Assessment {
        let options = self.options;
        let w = options.weights;
        let mut groups: Vec<GroupMetrics> = self
            .acc
            .into_iter()
            .map(|(key, a)| {
                let response_rate = Rate::of(a.ack_on_time as f64, a.response_den);
                let resolution_rate = Rate::of(a.solved as f64, a.resolution_den);
                let satisfaction_rate = Rate::of(a.sat_num, a.sat_den);
                let parts = [(w.response, response_rate.value), (w.resolution, resolution_rate.value), (w.satisfaction, satisfaction_rate.value)];
                let weight: f64 = parts.iter().filter(|(_, v)| v.is_some()).map(|(w, _)| w).sum();
                let score = (weight > 0.0).then(|| 100.0 * parts.iter().map(|(w, v)| w * v.unwrap_or(0.0)).sum::<f64>() / weight);
                GroupMetrics {
                    name: key.clone(),
                    key,
                    dispatched: a.dispatched,
                    acknowledged_on_time: a.ack_on_time,
                    response_rate,
                    on_time_completion_rate: Rate::of(a.completion_num as f64, a.completion_den),
                    resolution_rate,
                    satisfaction_rate,
                    return_rate: Rate::of(a.returns as f64, a.return_den),
                    extension_rate: Rate::of(a.extensions as f64, a.dispatched),
                    rework_rate: Rate::of(a.reworks as f64, a.dispatched),
                    overdue_count: a.overdue,
                    supervised_count: a.supervised,
                    repeat_count: a.repeats,
                    unreasonable_count: a.unreasonable,
                    score,
                    rank: None,
                }
            })
            .collect();
        groups.sort_by(|a, b| match (b.score, a.score) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.key.cmp(&b.key)),
            (Some(_), None) => std::cmp::Ordering::Greater,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (None, None) => a.key.cmp(&b.key),
        });
        let mut rank = 0;
        for g in &mut groups {
            if g.score.is_some() {
                rank += 1;
                g.rank = Some(rank);
            }
        }
        Assessment { options: options.clone(), groups }
    }
}
