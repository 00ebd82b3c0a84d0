//! The group rules (repeated requests of one requester, many people with the same request in a
//! township), over many tickets in one pass with indexes.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::guide::Guide;
use crate::parallelism::Parallelism;
use crate::ticket::Ticket;

use super::alert::{render, unit_name};
use super::ticket_rules::raised;
use super::{Alert, GroupEvaluation, Rule, RuleSet, Trigger, MAX_ALERT_TICKETS};

/// Evaluates the group rules (repeated and many-people requests) over `tickets` at `now`, in
/// one pass per rule over indexes by requester key and category, or category and township —
/// never pairwise.
///
/// A ticket takes part from its registration, once classified (it needs its category).
/// Repeated requests need a `requester_key`; for many-people requests, tickets without a key
/// count as distinct requesters. Each ticket must be given once: a ticket given twice (or with
/// an older snapshot of itself) would raise a repeat alert against itself —
/// [`check_distinct`](crate::assessment::check_distinct) refuses such a list (the list forms of
/// the C and Python layers run it; [`tickets_from_jsonl`](crate::assessment::tickets_from_jsonl)
/// refuses it in a log).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_group, RuleSet};
/// let g = evaluate_group(&[], &RuleSet::default_rules(), chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap());
/// assert!(g.alerts.is_empty());
/// ```
pub fn evaluate_group(tickets: &[Ticket], rules: &RuleSet, now: DateTime<FixedOffset>) -> GroupEvaluation {
    evaluate_group_named(tickets, rules, None, now)
}

/// [`evaluate_group`], with the units of the messages (`{unit}`) named from `guide`
/// ([`Engine::evaluate_group`](crate::engine::Engine::evaluate_group) passes its own).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_group_named, RuleSet};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(evaluate_group_named(&[], &RuleSet::default_rules(), Some(&jiesu::guide::Guide::yanshan_default()), now).alerts.is_empty());
/// ```
pub fn evaluate_group_named(tickets: &[Ticket], rules: &RuleSet, guide: Option<&Guide>, now: DateTime<FixedOffset>) -> GroupEvaluation {
    evaluate_group_par(tickets, rules, guide, now, Parallelism::AUTO)
}

/// [`evaluate_group_named`] on at most `par` threads: with two or more, the repeated-requests
/// rules and the many-people rules (each an index sort, a sliding window and its alerts) run
/// side by side after the one pass that interns the strings. The result does not depend on
/// `par`.
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_group_par, RuleSet};
/// use jiesu::parallelism::Parallelism;
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(evaluate_group_par(&[], &RuleSet::default_rules(), None, now, Parallelism::SEQUENTIAL).alerts.is_empty());
/// ```
pub fn evaluate_group_par(tickets: &[Ticket], rules: &RuleSet, guide: Option<&Guide>, now: DateTime<FixedOffset>, par: Parallelism) -> GroupEvaluation {
    let mut out = GroupEvaluation::default();
    let repeat_rules: Vec<&Rule> = rules.rules.iter().filter(|r| matches!(r.trigger, Trigger::RepeatRequests { .. })).collect();
    let many_rules: Vec<&Rule> = rules.rules.iter().filter(|r| matches!(r.trigger, Trigger::ManyPeople { .. })).collect();
    if repeat_rules.is_empty() && many_rules.is_empty() {
        return out;
    }
    let now_ts = now.timestamp();
    // One pass over the tickets interns requester keys, categories and townships to dense
    // integers (first appearance order), so that each index is a sort of small fixed-size
    // entries (group, instant, ticket) and a sliding window that never touches a string: the
    // strings live in a million scattered allocations, and comparing them while sorting was
    // most of the time.
    let mut persons: Interner = Interner::default();
    let mut categories: Interner = Interner::default();
    let mut towns: Interner = Interner::default();
    // (group, registration instant, ticket index).
    let mut repeat: Vec<Entry> = Vec::new();
    let mut many: Vec<Entry> = Vec::new();
    // The requester of each ticket in `many`: a key's id, or `usize::MAX - k` for the k-th
    // ticket without a key (a requester of its own).
    let mut person_of: Vec<usize> = vec![usize::MAX; if many_rules.is_empty() { 0 } else { tickets.len() }];
    let mut keyless: usize = 0;
    for (i, t) in tickets.iter().enumerate() {
        let (Some(at), Some(class)) = (t.registered_at, t.classification.as_ref()) else { continue };
        let ts = at.timestamp();
        if ts > now_ts {
            continue;
        }
        let key = t.requester.requester_key.as_deref();
        let person = key.map(|k| persons.id(k));
        let cat = categories.id(&class.category);
        if let (false, Some(p)) = (repeat_rules.is_empty(), person) {
            repeat.push(((p, cat), ts, i));
        }
        let town = class.township.as_deref().or(t.location.township.as_deref());
        if let (false, Some(town)) = (many_rules.is_empty(), town) {
            many.push(((cat, towns.id(town)), ts, i));
            person_of[i] = match person {
                Some(p) => p,
                None => {
                    keyless += 1;
                    usize::MAX - keyless
                }
            };
        }
    }
    let people = People { keyed: persons.len(), keyless, person_of: &person_of };
    let repeat_job = || repeated_requests(tickets, repeat, &repeat_rules, guide);
    let many_job = || many_people(tickets, many, &many_rules, &people, guide);
    if par.max_threads() >= 2 && !repeat_rules.is_empty() && !many_rules.is_empty() {
        let (r, m) = std::thread::scope(|s| {
            let m = s.spawn(many_job);
            let r = repeat_job();
            (r, m.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        out.alerts = r;
        out.alerts.extend(m);
    } else {
        out.alerts = repeat_job();
        out.alerts.extend(many_job());
    }
    // Ordered by (due_since, rule, ticket id), through an index (an alert is large, and a
    // merge sort would move each one log n times) on precomputed keys: the rule's rank among
    // the rule ids rather than the id itself; ties (none: one alert per rule and ticket) kept
    // in push order.
    let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let rank = |id: &str| ids.binary_search(&id).unwrap_or(usize::MAX);
    let alerts = &out.alerts;
    let mut order: Vec<(i64, u32, usize, usize)> =
        alerts.iter().enumerate().map(|(i, a)| (a.due_since.timestamp(), a.due_since.timestamp_subsec_nanos(), rank(&a.rule), i)).collect();
    order.sort_unstable_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)).then_with(|| alerts[x.3].ticket_id.cmp(&alerts[y.3].ticket_id)).then(x.3.cmp(&y.3)));
    let mut slots: Vec<Option<Alert>> = std::mem::take(&mut out.alerts).into_iter().map(Some).collect();
    out.alerts = order.into_iter().filter_map(|(_, _, _, i)| slots[i].take()).collect();
    out
}

/// An index entry: ((group, group), registration instant, ticket index).
type Entry = ((usize, usize), i64, usize);

/// Sorts an index by group, then instant, then ticket id (then position).
fn sort_index(tickets: &[Ticket], index: &mut [Entry]) {
    index.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| tickets[a.2].id.cmp(&tickets[b.2].id)).then(a.2.cmp(&b.2)));
}

/// The requester of each ticket of the many-people index (see [`evaluate_group_par`]).
struct People<'a> {
    keyed: usize,
    keyless: usize,
    person_of: &'a [usize],
}

/// The repeated-requests rules over the index by (requester, category).
fn repeated_requests(tickets: &[Ticket], mut repeat: Vec<Entry>, rules: &[&Rule], guide: Option<&Guide>) -> Vec<Alert> {
    let mut out = Vec::new();
    if rules.is_empty() {
        return out;
    }
    sort_index(tickets, &mut repeat);
    for group in repeat.chunk_by(|a, b| a.0 == b.0) {
        for rule in rules {
            let Trigger::RepeatRequests { count, window_days } = rule.trigger else { continue };
            let window = window_days as i64 * 86_400;
            let mut lo = 0;
            for hi in 0..group.len() {
                while group[lo].1 <= group[hi].1 - window {
                    lo += 1;
                }
                let n = (hi - lo + 1) as u32;
                if n == count {
                    let involved = group[lo..=hi].iter().map(|r| &tickets[r.2]);
                    push_group_alert(&mut out, rule, guide, &tickets[group[hi].2], involved, n);
                }
            }
        }
    }
    out
}

/// The many-people rules over the index by (category, township).
fn many_people(tickets: &[Ticket], mut many: Vec<Entry>, rules: &[&Rule], people: &People<'_>, guide: Option<&Guide>) -> Vec<Alert> {
    let mut out = Vec::new();
    if rules.is_empty() || many.is_empty() {
        return out;
    }
    sort_index(tickets, &mut many);
    // Distinct requesters in the window: a count per person, dense (keys first, then the
    // tickets without a key).
    let keyed = people.keyed;
    let person_of = people.person_of;
    let slot = |p: usize| if p < keyed { p } else { keyed + (usize::MAX - p) - 1 };
    let mut counts: Vec<u32> = vec![0; keyed + people.keyless];
    for group in many.chunk_by(|a, b| a.0 == b.0) {
        for rule in rules {
            let Trigger::ManyPeople { min_requesters, window_hours } = rule.trigger else { continue };
            let window = window_hours as i64 * 3_600;
            let mut distinct: u32 = 0;
            let mut lo = 0;
            let mut last_fire: Option<i64> = None;
            for hi in 0..group.len() {
                let c = &mut counts[slot(person_of[group[hi].2])];
                distinct += (*c == 0) as u32;
                *c += 1;
                while group[lo].1 <= group[hi].1 - window {
                    let c = &mut counts[slot(person_of[group[lo].2])];
                    *c -= 1;
                    distinct -= (*c == 0) as u32;
                    lo += 1;
                }
                // Once per cluster: not again within a window of the last alert.
                if distinct >= min_requesters && last_fire.is_none_or(|f| group[hi].1 - f >= window) {
                    let involved = group[lo..=hi].iter().map(|r| &tickets[r.2]);
                    match push_group_alert(&mut out, rule, guide, &tickets[group[hi].2], involved, distinct) {
                        Pushed::Yes | Pushed::AlreadyRaised => last_fire = Some(group[hi].1),
                        // A finished ticket completed the pattern: the next open one carries it.
                        Pushed::Finished => {}
                    }
                }
            }
            // Leave the counts at zero for the next group.
            for r in &group[lo..] {
                counts[slot(person_of[r.2])] -= 1;
            }
        }
    }
    out
}

/// Dense ids for strings, in order of first appearance (deterministic: the hasher's seed
/// never shows in the ids). foldhash, seeded per process, rather than SipHash: a million
/// requester keys are hashed per evaluation, and its minimal DoS resistance is enough for keys
/// the platform derives (R-PRIV-1).
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, usize, foldhash::fast::RandomState>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a str) -> usize {
        let next = self.ids.len();
        *self.ids.entry(s).or_insert(next)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

enum Pushed {
    Yes,
    AlreadyRaised,
    Finished,
}

fn push_group_alert<'a>(
    out: &mut Vec<Alert>,
    rule: &Rule,
    guide: Option<&Guide>,
    at: &Ticket,
    involved: impl Iterator<Item = &'a Ticket>,
    count: u32,
) -> Pushed {
    if at.status.is_none_or(|s| s.is_terminal()) {
        return Pushed::Finished;
    }
    if raised(at, &rule.id, None, None, None) {
        return Pushed::AlreadyRaised;
    }
    let Some(due_since) = at.registered_at else { return Pushed::Finished };
    let id = at.id.as_deref().unwrap_or_default();
    let mut tickets: Vec<String> = involved.filter_map(|t| t.id.clone()).collect();
    // The latest ones, within the limit an alert's list is recorded under.
    if tickets.len() > MAX_ALERT_TICKETS {
        tickets.drain(..tickets.len() - MAX_ALERT_TICKETS);
    }
    let unit = unit_name(guide, at.lead().map(|a| a.unit.as_str()).unwrap_or_default());
    let message = render(&rule.message, |name, out| {
        match name {
            "ticket_id" => out.push_str(id),
            "unit" => out.push_str(unit),
            "clock" | "due_at" => {}
            "count" => {
                let _ = write!(out, "{count}");
            }
            "tickets" => {
                for (k, t) in tickets.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(t);
                }
            }
            _ => return false,
        }
        true
    });
    out.push(Alert {
        rule: rule.id.clone(),
        level: rule.level,
        target: rule.target,
        message,
        ticket_id: id.to_string(),
        clock: None,
        unit: None,
        instance: None,
        due_since,
        tickets,
    });
    Pushed::Yes
}
