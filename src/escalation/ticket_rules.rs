//! The single-ticket rules (clock warnings and breaches, urgent dispatch, repeated returns,
//! dissatisfied callbacks, reopens, instructions, undecided major matters): what is due on one
//! ticket at an instant, and when to look again.
//!
//! One walk over the rules ([`candidates`]) yields every instant at which a rule fires on the
//! ticket; [`evaluate_named`] raises those that have come and were not recorded, and takes
//! the earliest of the others as `next_check_at`. The walk allocates nothing: no key, message
//! or list is built for a rule that does not fire now (most tickets raise nothing).

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::calendar::Calendar;
use crate::guide::Guide;
use crate::parallelism::Parallelism;
use crate::sla::{Clock, HandlingClass, Urgency};
use crate::ticket::{CallbackOutcome, ClockState, EscalationLevel, EventBody, EventKind, Status, Ticket};

use super::alert::{render, unit_name};
use super::firing::{key_of, shift_working_days, Fire, Next};
use super::{Alert, Evaluation, Rule, RuleSet, Trigger};

fn is_urgent(t: &Ticket) -> bool {
    t.classification.as_ref().is_some_and(|c| c.sla.urgency == Urgency::Urgent || c.sla.handling_class == HandlingClass::Urgent)
}

/// The bit of a level recorded for a clock in a ticket's [`recorded_levels`].
fn level_bit(level: EscalationLevel, clock: Clock) -> u32 {
    1 << ((level as u32) * 4 + clock as u32)
}

/// Every (level, clock) pair of `t`'s escalation records, as [`level_bit`]s: one walk of the
/// records per ticket, so that a level never recorded for a clock is not looked for record
/// by record for every instance of that clock.
fn recorded_levels(t: &Ticket) -> u32 {
    t.escalations.iter().filter_map(|e| e.clock.map(|c| level_bit(e.level, c))).fold(0, |m, b| m | b)
}

/// Whether `t` has recorded an alert of `rule` for that clock, unit and instance. The fields in
/// the record itself first, then the lengths, and only then the bytes of the strings: a record's
/// rule id and unit are separate allocations, each a cache miss over a large population.
pub(super) fn raised(t: &Ticket, rule: &str, clock: Option<Clock>, unit: Option<&str>, instance: Option<DateTime<FixedOffset>>) -> bool {
    let unit_len = unit.map(str::len);
    t.escalations.iter().any(|e| {
        e.clock == clock
            && e.instance == instance
            && e.rule.len() == rule.len()
            && e.unit.as_ref().map(String::len) == unit_len
            && e.rule == rule
            && e.unit.as_deref() == unit
    })
}

/// A level of escalation for one instance of a clock: (level, clock, unit, due instant).
type LevelKey<U> = (EscalationLevel, Clock, Option<U>, Option<DateTime<FixedOffset>>);

/// A candidate firing of a rule on a ticket.
struct Candidate<'t> {
    /// The deadline `{due_at}` names (a clock's due instant, a level's decision limit).
    due: Option<DateTime<FixedOffset>>,
    clock: Option<Clock>,
    unit: Option<&'t str>,
    instance: Option<DateTime<FixedOffset>>,
    fire_at: Fire,
    count: u32,
}

impl Candidate<'_> {
    fn at(fire_at: DateTime<FixedOffset>, instance: Option<DateTime<FixedOffset>>, count: u32) -> Self {
        Candidate { due: None, clock: None, unit: None, instance, fire_at: Fire::At(fire_at), count }
    }

    /// Its level of escalation for one instance of a clock, when `rule` raises one above a
    /// warning: one level per clock per breach.
    fn level_key(&self, rule: &Rule) -> Option<LevelKey<&str>> {
        self.clock.filter(|_| rule.level > EscalationLevel::Warning).map(|clock| (rule.level, clock, self.unit, self.instance))
    }
}

fn clocks_of(t: &Ticket, clock: Clock) -> impl Iterator<Item = &ClockState> {
    let single = match clock {
        Clock::Completion => t.completion.as_ref(),
        Clock::FirstFeedback => t.first_feedback.as_ref(),
        _ => None,
    };
    let per_unit = matches!(clock, Clock::Response | Clock::ReturnWindow);
    single.into_iter().chain(t.assignments.iter().filter(move |_| per_unit).map(move |a| if clock == Clock::Response { &a.response } else { &a.return_window }))
}

/// The instant of the `n`-th event of a kind.
fn nth_event_at(t: &Ticket, kind: EventKind, n: u32, filter: impl Fn(&EventBody) -> bool) -> Option<DateTime<FixedOffset>> {
    t.events.iter().filter(|e| e.body.kind() == kind && filter(&e.body)).nth(n.saturating_sub(1) as usize).map(|e| e.at)
}

/// Whether a rule that fires at the instant of one of `t`'s events (instance-less: a count
/// reached, an instruction) has nothing left to do at `now`: its alert is recorded, and every
/// event is past — so is the firing, which then neither raises an alert nor sets
/// `next_check_at`. The firing's instant (a walk of the events, the ticket's largest
/// allocation) is then not needed. (Events are in order of their instants: `apply` refuses one
/// earlier than the last.)
fn settled(t: &Ticket, rule: &Rule, now: DateTime<FixedOffset>) -> bool {
    raised(t, &rule.id, None, None, None) && t.events.last().is_some_and(|e| e.at <= now)
}

/// Whether `t` has recorded `level` for that instance of the clock (by any rule): one walk of
/// its few escalation records, comparing a unit's bytes only when everything else matches.
fn level_recorded(t: &Ticket, level: EscalationLevel, clock: Clock, unit: Option<&str>, instance: DateTime<FixedOffset>) -> bool {
    let unit_len = unit.map(str::len);
    t.escalations.iter().any(|e| {
        e.level == level && e.clock == Some(clock) && e.instance == Some(instance) && e.unit.as_ref().map(String::len) == unit_len && e.unit.as_deref() == unit
    })
}

/// Every firing of the single-ticket rules of `rules` on an open `ticket` at `now`, in rule
/// order (`found`), and the rules skipped for a year the calendar does not cover (`skipped`).
fn candidates<'t>(
    ticket: &'t Ticket,
    status: Status,
    rules: &'t RuleSet,
    cal: &Calendar,
    now: DateTime<FixedOffset>,
    mut found: impl FnMut(&'t Rule, Candidate<'t>),
    mut skipped: impl FnMut(&'t Rule),
) {
    let urgent = is_urgent(ticket);
    // Clock rules apply while the units handle the ticket: not while a report awaits review
    // (accepting it meets the clock at the report's time), nor after.
    let handling = matches!(status, Status::Dispatched | Status::InProgress | Status::ReturnPending);
    let recorded = recorded_levels(ticket);
    for rule in &rules.rules {
        match &rule.trigger {
            Trigger::ClockWarning { clock, urgent_only } | Trigger::ClockBreach { clock, urgent_only, .. } => {
                if *urgent_only && !urgent || !handling {
                    continue;
                }
                let after = match &rule.trigger {
                    Trigger::ClockBreach { after_working_days, .. } => Some(*after_working_days),
                    _ => None,
                };
                for c in clocks_of(ticket, *clock) {
                    if c.met_at.is_some() || c.paused_at.is_some() {
                        continue;
                    }
                    // A warning after the breach is pointless; one whose deadline has passed is
                    // superseded by what the breach raises.
                    if after.is_none() && (c.warn_at >= c.due_at || now >= c.due_at) {
                        continue;
                    }
                    let fire_at = match after {
                        None => Fire::At(c.warn_at),
                        Some(n) => match shift_working_days(cal, c.due_at, n) {
                            Ok(t) => t,
                            Err(_) => {
                                skipped(rule);
                                continue;
                            }
                        },
                    };
                    let unit = c.unit.as_deref();
                    // One level per clock per breach: a level already recorded for this
                    // instance of the clock (by another rule) is not raised again.
                    if rule.level > EscalationLevel::Warning
                        && recorded & level_bit(rule.level, *clock) != 0
                        && level_recorded(ticket, rule.level, *clock, unit, c.due_at)
                    {
                        continue;
                    }
                    found(rule, Candidate { due: Some(c.due_at), clock: Some(*clock), unit, instance: Some(c.due_at), fire_at, count: 0 });
                }
            }
            Trigger::Dispatched { urgent_only } => {
                if *urgent_only && !urgent {
                    continue;
                }
                if let Some(d) = ticket.dispatched_at {
                    // Ticket-level: raised once per dispatch, whoever leads now.
                    found(rule, Candidate::at(d, Some(d), 0));
                }
            }
            Trigger::ReturnRequests { at_least } => {
                if ticket.counters.return_requests >= *at_least && !settled(ticket, rule, now) {
                    if let Some(at) = nth_event_at(ticket, EventKind::ReturnRequested, *at_least, |_| true) {
                        found(rule, Candidate::at(at, None, ticket.counters.return_requests));
                    }
                }
            }
            Trigger::DissatisfiedCallbacks { at_least } => {
                if ticket.counters.dissatisfied_callbacks >= *at_least && !settled(ticket, rule, now) {
                    let at = nth_event_at(ticket, EventKind::CallbackRecorded, *at_least, |b| {
                        matches!(b, EventBody::CallbackRecorded { outcome: CallbackOutcome::Dissatisfied, .. })
                    });
                    if let Some(at) = at {
                        found(rule, Candidate::at(at, None, ticket.counters.dissatisfied_callbacks));
                    }
                }
            }
            Trigger::Reopens { at_least } => {
                if ticket.counters.reopens >= *at_least && !settled(ticket, rule, now) {
                    if let Some(at) = nth_event_at(ticket, EventKind::Reopened, *at_least, |_| true) {
                        found(rule, Candidate::at(at, None, ticket.counters.reopens));
                    }
                }
            }
            Trigger::Instructed {} => {
                if ticket.instructed && !settled(ticket, rule, now) {
                    if let Some(at) = nth_event_at(ticket, EventKind::Instructed, 1, |_| true) {
                        found(rule, Candidate::at(at, None, 1));
                    }
                }
            }
            Trigger::MajorMatterUndecided { level } => {
                if let Some(m) = ticket.major_matter().filter(|m| m.is_pending() && m.level == *level) {
                    found(
                        rule,
                        Candidate { due: Some(m.decide_by), clock: None, unit: None, instance: Some(m.reported_at), fire_at: Fire::At(m.decide_by), count: 0 },
                    );
                }
            }
            Trigger::RepeatRequests { .. } | Trigger::ManyPeople { .. } => continue,
        }
    }
}

/// Evaluates the single-ticket rules of `rules` on `ticket` at `now`.
///
/// Only open tickets raise alerts. A clock rule fires while its clock is unmet and not paused;
/// a rule whose instant lies in a year the calendar does not cover is skipped (and listed).
///
/// `next_check_at` is exact: at every instant from `now` up to (not including) it, the
/// evaluation of the same ticket raises the same alerts as at `now` (none, once those are
/// recorded) — so a platform evaluates a ticket again only then, or after its next event
/// ([`sweep`](fn@super::sweep) does it over many tickets).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate, RuleSet};
/// let ev = evaluate(&jiesu::ticket::Ticket::new(), &RuleSet::default_rules(), &jiesu::calendar::Calendar::cn(),
///     chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00+08:00").unwrap());
/// assert!(ev.alerts.is_empty());
/// ```
pub fn evaluate(ticket: &Ticket, rules: &RuleSet, cal: &Calendar, now: DateTime<FixedOffset>) -> Evaluation {
    evaluate_named(ticket, rules, cal, None, now)
}

/// [`evaluate_named`] on every ticket of `tickets` at `now`, on at most `par` threads (the
/// full evaluation a platform runs without stored `next_check_at`s; [`sweep`](fn@super::sweep)
/// looks only at the due ones). In the order of `tickets`; the result does not depend on `par`.
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_all, RuleSet};
/// use jiesu::parallelism::Parallelism;
/// let now = chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00+08:00").unwrap();
/// let tickets = vec![jiesu::ticket::Ticket::new(); 3];
/// let all = evaluate_all(&tickets, &RuleSet::default_rules(), &jiesu::calendar::Calendar::cn(), None, now, Parallelism::AUTO);
/// assert_eq!(all.len(), 3);
/// ```
pub fn evaluate_all(
    tickets: &[Ticket],
    rules: &RuleSet,
    cal: &Calendar,
    guide: Option<&Guide>,
    now: DateTime<FixedOffset>,
    par: Parallelism,
) -> Vec<Evaluation> {
    // Blocks of tickets rather than tickets, so that a thread walks neighbours in memory; each
    // block written in place into the result (no per-block vector copied once more).
    const BLOCK: usize = 4_096;
    let hint = Warm::of(rules);
    let mut out: Vec<Evaluation> = std::iter::repeat_with(Evaluation::default).take(tickets.len()).collect();
    let filled = par.fill(&mut out, 2 * BLOCK, BLOCK, |start, block| {
        for (k, window) in block.chunks_mut(WARM).enumerate() {
            let from = start + k * WARM;
            let window_tickets = &tickets[from..from + window.len()];
            hint.warm(window_tickets);
            for (ev, t) in window.iter_mut().zip(window_tickets) {
                *ev = evaluate_named(t, rules, cal, guide, now);
            }
        }
        Ok(())
    });
    match filled {
        Ok(()) => out,
        // The job never fails.
        Err(_) => tickets.iter().map(|t| evaluate_named(t, rules, cal, guide, now)).collect(),
    }
}

/// How many tickets [`Warm::warm`] touches ahead of their evaluation.
const WARM: usize = 8;

/// What [`Warm::warm`] reads ahead: the last event of a ticket whose counters may have
/// reached a count rule (`lowest`, the smallest threshold) or that was instructed (when a rule
/// asks), for [`settled`].
#[derive(Clone, Copy)]
struct Warm {
    lowest: u32,
    instructed: bool,
}

impl Warm {
    fn of(rules: &RuleSet) -> Warm {
        let mut w = Warm { lowest: u32::MAX, instructed: false };
        for r in &rules.rules {
            match r.trigger {
                Trigger::ReturnRequests { at_least } | Trigger::DissatisfiedCallbacks { at_least } | Trigger::Reopens { at_least } => {
                    w.lowest = w.lowest.min(at_least)
                }
                Trigger::Instructed {} => w.instructed = true,
                _ => {}
            }
        }
        w
    }

    /// Reads, from each ticket of `window`, a byte of every allocation its evaluation reads —
    /// the assignments' clocks, the escalation records, their rule ids and units, the last
    /// event when a count rule may apply — before any of them is evaluated. Over a large
    /// population each is a cache miss; read here, in a short loop whose loads do not depend on
    /// one another, the processor waits for them side by side rather than one after the other
    /// inside the evaluation (the crate has no unsafe code, so no prefetch instruction: plain
    /// reads, kept by `black_box`).
    fn warm(self, window: &[Ticket]) {
        let mut sum = 0usize;
        for t in window {
            for a in &t.assignments {
                for c in [&a.response, &a.return_window] {
                    sum = sum.wrapping_add(c.met_at.is_some() as usize ^ c.paused_at.is_some() as usize ^ (c.warn_at < c.due_at) as usize);
                }
                // A clock's unit is compared only with a record's (and written into the
                // rare alert): its bytes are read ahead only when there are records.
                if !t.escalations.is_empty() {
                    sum = sum.wrapping_add(a.response.unit.as_deref().map_or(0, |u| u.as_bytes().first().copied().unwrap_or(0) as usize));
                }
            }
            for e in &t.escalations {
                sum = sum.wrapping_add(e.rule.as_bytes().first().copied().unwrap_or(0) as usize);
                sum = sum.wrapping_add(e.unit.as_deref().map_or(0, |u| u.as_bytes().first().copied().unwrap_or(0) as usize));
            }
            let c = &t.counters;
            if c.return_requests.max(c.dissatisfied_callbacks).max(c.reopens) >= self.lowest || (self.instructed && t.instructed) {
                sum = sum.wrapping_add(t.events.last().map_or(0, |e| e.at.timestamp_subsec_nanos() as usize));
            }
        }
        std::hint::black_box(sum);
    }
}

/// [`evaluate`], with the units of the messages (`{unit}`) named from `guide`
/// ([`Engine::evaluate`](crate::engine::Engine::evaluate) passes its own).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_named, RuleSet};
/// use jiesu::guide::Guide;
/// let now = chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00+08:00").unwrap();
/// let ev = evaluate_named(&jiesu::ticket::Ticket::new(), &RuleSet::default_rules(), &jiesu::calendar::Calendar::cn(), Some(&Guide::yanshan_default()), now);
/// assert!(ev.alerts.is_empty());
/// ```
pub fn evaluate_named(ticket: &Ticket, rules: &RuleSet, cal: &Calendar, guide: Option<&Guide>, now: DateTime<FixedOffset>) -> Evaluation {
    let mut ev = Evaluation::default();
    let Some(status) = ticket.status else { return ev };
    if status.is_terminal() {
        return ev;
    }
    let id = ticket.id.as_deref().unwrap_or("");
    // The earliest instant still to come; whether one of them is a breach level (which an
    // alert raised now for the same instance of its clock would make moot).
    let mut next = Next::default();
    let now_key = key_of(now);
    let mut leveled_future = false;
    let skipped = &mut ev.skipped;
    let alerts = &mut ev.alerts;
    // Rules whose instant, needed, could not be built (none: `shift_working_days` refuses
    // those): skipped as the calendar's gaps are.
    let mut unbuilt: Vec<String> = Vec::new();
    candidates(
        ticket,
        status,
        rules,
        cal,
        now,
        |rule, c| {
            if c.fire_at.is_after(now, now_key) {
                if !next.offer(c.fire_at) {
                    unbuilt.push(rule.id.clone());
                }
                leveled_future |= c.level_key(rule).is_some();
            } else if !raised(ticket, &rule.id, c.clock, c.unit, c.instance) {
                match c.fire_at.instant() {
                    Some(fire_at) => alerts.push(alert(ticket, id, rule, &c, fire_at, guide)),
                    None => unbuilt.push(rule.id.clone()),
                }
            }
        },
        |rule| skipped.push(rule.id.clone()),
    );
    ev.skipped.append(&mut unbuilt);
    ev.alerts.sort_by(|a, b| (a.due_since, &a.rule, &a.unit).cmp(&(b.due_since, &b.rule, &b.unit)));
    // One level per clock per breach: of the rules raising the same level for the same
    // instance of a clock (an urgent ticket's immediate supervision and the general one a
    // working day later), the earliest.
    let mut kept: Vec<LevelKey<String>> = Vec::new();
    ev.alerts.retain(|a| {
        let Some(clock) = a.clock.filter(|_| a.level > EscalationLevel::Warning) else { return true };
        let key = (a.level, clock, a.unit.clone(), a.instance);
        if kept.contains(&key) {
            return false;
        }
        kept.push(key);
        true
    });
    ev.skipped.sort();
    ev.skipped.dedup();
    // A level recorded before was skipped with its candidates; one raised now is in `kept`,
    // and its later instants are no reason to look again: walk the rules once more (only
    // then — an alert is rare) for the earliest instant of the others.
    if leveled_future && !kept.is_empty() {
        next = Next::default();
        candidates(
            ticket,
            status,
            rules,
            cal,
            now,
            |rule, c| {
                let moot = c.level_key(rule).is_some_and(|(l, k, u, i)| kept.iter().any(|(kl, kk, ku, ki)| (*kl, *kk, ku.as_deref(), *ki) == (l, k, u, i)));
                if c.fire_at.is_after(now, now_key) && !moot {
                    // An instant that cannot be built was skipped in the first walk.
                    next.offer(c.fire_at);
                }
            },
            |_| {},
        );
    }
    ev.next_check_at = next.at;
    ev
}

/// The alert of a candidate firing, its message rendered straight into its string.
/// (`{unit}`: the candidate's unit, else the lead unit's — looked up only here: most tickets raise
/// nothing, and the lead is in another allocation.)
fn alert(ticket: &Ticket, id: &str, rule: &Rule, c: &Candidate<'_>, fire_at: DateTime<FixedOffset>, guide: Option<&Guide>) -> Alert {
    let message = render(&rule.message, 32, |name, out| {
        match name {
            "ticket_id" => out.push_str(id),
            "unit" => out.push_str(unit_name(guide, c.unit.or_else(|| ticket.lead().map(|a| a.unit.as_str())).unwrap_or(""))),
            "clock" => out.push_str(c.clock.map_or("", |x| x.as_str())),
            "due_at" => {
                if let Some(d) = c.due {
                    let _ = write!(out, "{}", d.to_rfc3339());
                }
            }
            "count" => {
                let _ = write!(out, "{}", c.count);
            }
            "tickets" => {}
            _ => return false,
        }
        true
    });
    Alert {
        rule: rule.id.clone(),
        level: rule.level,
        target: rule.target,
        message,
        ticket_id: id.to_string(),
        clock: c.clock,
        unit: c.unit.map(str::to_string),
        instance: c.instance,
        due_since: fire_at,
        tickets: Vec::new(),
    }
}
