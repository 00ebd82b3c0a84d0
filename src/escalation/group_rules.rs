//! The group rules (repeated requests of one requester, many people with the same request in a
//! township), over many tickets in one pass with indexes.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::guide::Guide;
use crate::parallelism::Parallelism;
use crate::ticket::Ticket;

use super::alert::{unit_name, Template};
use super::group_index::{Entry, IdTable, Indexes, Wanted};
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
    // One pass over the tickets interns categories and townships to dense integers (first
    // appearance order) and gathers the requester keys, so that each index is a sort of small
    // fixed-size entries (group, instant, ticket) and a sliding window that never touches a
    // string: the strings live in a million scattered allocations, and comparing them while
    // sorting was most of the time. A requester is then named by the index of its first
    // ticket ([`requesters`]: the order of first appearance, as dense ids would be).
    let want = Wanted { repeat: !repeat_rules.is_empty(), many: !many_rules.is_empty() };
    let mut key_of: Vec<&str> = vec![""; tickets.len()];
    let Indexes { mut repeat, mut many, mut keyed, ids: ticket_ids, .. } = Indexes::build(tickets, &mut key_of, now.timestamp(), want, par);
    // The requester of each ticket in an index: the first ticket with its key, or itself
    // without a key (a requester of its own).
    let mut person_of: Vec<usize> = (0..tickets.len()).collect();
    let ticket_ids = &ticket_ids;
    // The requesters, named, set on the repeated-requests index (which groups by them).
    let mut name_requesters = || {
        requesters(&mut keyed, &key_of, &mut person_of);
        for e in &mut repeat {
            e.0 .0 = person_of[e.2];
        }
    };
    let parallel = par.max_threads() >= 2 && !repeat_rules.is_empty() && !many_rules.is_empty();
    // With two threads, the many-people index (which groups by category and township, not
    // by requester) is sorted while the requesters are named; then each rule family runs on
    // its own thread.
    let many = if parallel && !many.is_empty() {
        std::thread::scope(|s| {
            let sorter = s.spawn(move || {
                sort_index(ticket_ids, &mut many);
                many
            });
            name_requesters();
            sorter.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    } else {
        name_requesters();
        if !many_rules.is_empty() {
            sort_index(ticket_ids, &mut many);
        }
        many
    };
    let people = People { person_of: &person_of };
    let repeat_job = || repeated_requests(tickets, ticket_ids, repeat, &repeat_rules);
    let many_job = || many_people(tickets, many, &many_rules, &people);
    let ((repeat, repeat_hits), (many, many_hits)) = if parallel {
        std::thread::scope(|s| {
            let m = s.spawn(many_job);
            let r = repeat_job();
            (r, m.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        })
    } else {
        (repeat_job(), many_job())
    };
    // Ordered by (due_since, rule, ticket id) on precomputed keys: the rule's rank among the
    // rule ids rather than the id itself; ties (none: one alert per rule and ticket) kept in
    // the order found (the repeated requests first). The alerts are built only then, each
    // once and in place: a hit is a few words, an alert a dozen allocations.
    let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let rank = |id: &str| ids.binary_search(&id).unwrap_or(usize::MAX);
    let hits: Vec<(&Hit<'_>, &[Entry])> = repeat_hits.iter().map(|h| (h, &repeat[..])).chain(many_hits.iter().map(|h| (h, &many[..]))).collect();
    let mut order: Vec<(i64, u32, usize, usize)> =
        hits.iter().enumerate().map(|(i, (h, _))| (h.due.timestamp(), h.due.timestamp_subsec_nanos(), rank(&h.rule.id), i)).collect();
    let ticket_id = |i: usize| ticket_ids.get(hits[i].0.at).unwrap_or_default();
    order.sort_unstable_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)).then_with(|| ticket_id(x.3).cmp(ticket_id(y.3))).then(x.3.cmp(&y.3)));
    // Built in blocks over the threads, each alert written in place into the result.
    const BLOCK: usize = 2_048;
    // Each rule's message cut into its parts once, not once an alert.
    let templates: Vec<(&Rule, Template<'_>)> = repeat_rules.iter().chain(&many_rules).map(|r| (*r, Template::parse(&r.message))).collect();
    let template = |rule: &Rule| templates.iter().find(|(r, _)| std::ptr::eq(*r, rule)).map(|(_, t)| t);
    let build = |o: &(i64, u32, usize, usize)| {
        let (hit, index) = hits[o.3];
        // Every hit's rule is one of the group rules, so its template is there.
        let parsed;
        let template = match template(hit.rule) {
            Some(t) => t,
            None => {
                parsed = Template::parse(&hit.rule.message);
                &parsed
            }
        };
        group_alert(tickets, ticket_ids, hit, index, template, guide)
    };
    let mut alerts: Vec<Alert> = std::iter::repeat_with(Alert::placeholder).take(order.len()).collect();
    let filled = par.fill(&mut alerts, 2 * BLOCK, BLOCK, |start, block| {
        for (a, o) in block.iter_mut().zip(&order[start..]) {
            *a = build(o);
        }
        Ok(())
    });
    out.alerts = match filled {
        Ok(()) => alerts,
        // The job never fails.
        Err(_) => order.iter().map(build).collect(),
    };
    out
}

/// A pattern completed by a ticket that may raise it: the rule, the ticket (its index), the
/// tickets involved (a range of the sorted index) and the count.
struct Hit<'r> {
    rule: &'r Rule,
    at: usize,
    /// The ticket's registration instant, the alert's `due_since` (read with the rest of the
    /// ticket when the hit is kept: the ticket is not read again to order or build the alert).
    due: DateTime<FixedOffset>,
    involved: std::ops::Range<usize>,
    count: u32,
}

/// Sorts an index by group, then instant, then ticket id (then position).
fn sort_index(ids: &IdTable, index: &mut [Entry]) {
    index.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| ids.get(a.2).cmp(&ids.get(b.2))).then(a.2.cmp(&b.2)));
}

/// The requester of each ticket of the many-people index (see [`evaluate_group_par`]): a
/// ticket's index.
struct People<'a> {
    person_of: &'a [usize],
}

/// Names each requester key by the index of its first ticket: `person_of[i]` for every ticket
/// `i` of `keyed` (`(hash of the key) << 64 | i`), with `key_of[i]` its key. Sorted by hash
/// and ticket, a run of equal hashes is one key — its first ticket first — unless two keys
/// share a hash: such a run is sorted by key, then ticket. Keys are compared only within runs
/// (a requester who asked more than once), and read from the dense `key_of` rather than from
/// the tickets; a sort of a million integers replaces a million look-ups in a table of
/// scattered strings.
fn requesters(keyed: &mut [u128], key_of: &[&str], person_of: &mut [usize]) {
    keyed.sort_unstable();
    let ticket = |e: u128| e as u64 as usize;
    for run in keyed.chunk_by_mut(|a, b| *a >> 64 == *b >> 64) {
        if run.len() == 1 {
            continue;
        }
        let first = key_of[ticket(run[0])];
        if run.iter().all(|&e| key_of[ticket(e)] == first) {
            for &e in &run[1..] {
                person_of[ticket(e)] = ticket(run[0]);
            }
            continue;
        }
        run.sort_unstable_by(|&a, &b| key_of[ticket(a)].cmp(key_of[ticket(b)]).then(a.cmp(&b)));
        for same in run.chunk_by(|&a, &b| key_of[ticket(a)] == key_of[ticket(b)]) {
            for &e in same {
                person_of[ticket(e)] = ticket(same[0]);
            }
        }
    }
}

/// The repeated-requests rules over the index by (requester, category): the index sorted, and
/// the hits in it.
fn repeated_requests<'r>(tickets: &[Ticket], ids: &IdTable, mut repeat: Vec<Entry>, rules: &[&'r Rule]) -> (Vec<Entry>, Vec<Hit<'r>>) {
    let mut out = Vec::new();
    if rules.is_empty() {
        return (repeat, out);
    }
    sort_index(ids, &mut repeat);
    let mut start = 0;
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
                    let hit = Hit { rule, at: group[hi].2, due: DateTime::<FixedOffset>::default(), involved: start + lo..start + hi + 1, count: n };
                    may_raise(&mut out, tickets, hit);
                }
            }
        }
        start += group.len();
    }
    (repeat, out)
}

/// The many-people rules over the index by (category, township), sorted ([`sort_index`]):
/// the index, and the hits in it.
fn many_people<'r>(tickets: &[Ticket], many: Vec<Entry>, rules: &[&'r Rule], people: &People<'_>) -> (Vec<Entry>, Vec<Hit<'r>>) {
    let mut out = Vec::new();
    if rules.is_empty() || many.is_empty() {
        return (many, out);
    }
    // Distinct requesters in the window: a count per person (by its first ticket's index).
    let person_of = people.person_of;
    let mut counts: Vec<u32> = vec![0; person_of.len()];
    let mut start = 0;
    for group in many.chunk_by(|a, b| a.0 == b.0) {
        for rule in rules {
            let Trigger::ManyPeople { min_requesters, window_hours } = rule.trigger else { continue };
            let window = window_hours as i64 * 3_600;
            let mut distinct: u32 = 0;
            let mut lo = 0;
            let mut last_fire: Option<i64> = None;
            for hi in 0..group.len() {
                let c = &mut counts[person_of[group[hi].2]];
                distinct += (*c == 0) as u32;
                *c += 1;
                while group[lo].1 <= group[hi].1 - window {
                    let c = &mut counts[person_of[group[lo].2]];
                    *c -= 1;
                    distinct -= (*c == 0) as u32;
                    lo += 1;
                }
                // Once per cluster: not again within a window of the last alert.
                if distinct >= min_requesters && last_fire.is_none_or(|f| group[hi].1 - f >= window) {
                    let hit = Hit { rule, at: group[hi].2, due: DateTime::<FixedOffset>::default(), involved: start + lo..start + hi + 1, count: distinct };
                    match may_raise(&mut out, tickets, hit) {
                        Pushed::Yes | Pushed::AlreadyRaised => last_fire = Some(group[hi].1),
                        // A finished ticket completed the pattern: the next open one carries it.
                        Pushed::Finished => {}
                    }
                }
            }
            // Leave the counts at zero for the next group.
            for r in &group[lo..] {
                counts[person_of[r.2]] -= 1;
            }
        }
        start += group.len();
    }
    (many, out)
}

enum Pushed {
    Yes,
    AlreadyRaised,
    Finished,
}

/// Keeps `hit` when its ticket may raise it: open, and not having recorded the rule.
fn may_raise<'r>(out: &mut Vec<Hit<'r>>, tickets: &[Ticket], mut hit: Hit<'r>) -> Pushed {
    let at = &tickets[hit.at];
    if at.status.is_none_or(|s| s.is_terminal()) {
        return Pushed::Finished;
    }
    if raised(at, &hit.rule.id, None, None, None) {
        return Pushed::AlreadyRaised;
    }
    let Some(due) = at.registered_at else { return Pushed::Finished };
    hit.due = due;
    out.push(hit);
    Pushed::Yes
}

/// The alert of a hit, recorded on its ticket and naming the tickets involved (`index`: the
/// sorted index the hit's range is in; `ids`, the tickets' ids by index; `template`, the rule's message).
fn group_alert(tickets: &[Ticket], ids: &IdTable, hit: &Hit<'_>, index: &[Entry], template: &Template<'_>, guide: Option<&Guide>) -> Alert {
    let (rule, at, count) = (hit.rule, &tickets[hit.at], hit.count);
    let id = ids.get(hit.at).unwrap_or_default();
    let mut involved = &index[hit.involved.clone()];
    // The latest ones, within the limit an alert's list is recorded under.
    let named = || involved.iter().filter(|r| ids.get(r.2).is_some()).count();
    if involved.len() > MAX_ALERT_TICKETS {
        let drop = named().saturating_sub(MAX_ALERT_TICKETS);
        let mut seen = 0;
        let cut = involved.iter().position(|r| {
            seen += ids.get(r.2).is_some() as usize;
            seen > drop
        });
        involved = &involved[cut.unwrap_or(involved.len())..];
    }
    let ids = || involved.iter().filter_map(|r| ids.get(r.2));
    // Room for the list of tickets (", " between ids) besides the rest.
    let listed = ids().map(|t| t.len() + 2).sum::<usize>();
    let message = template.render(listed + 32, |name, out| {
        match name {
            "ticket_id" => out.push_str(id),
            // The lead unit is looked up only for a message that names it (the default group
            // rules' do not): it is in the ticket's assignments, another allocation.
            "unit" => out.push_str(unit_name(guide, at.lead().map(|a| a.unit.as_str()).unwrap_or_default())),
            "clock" | "due_at" => {}
            "count" => {
                let _ = write!(out, "{count}");
            }
            "tickets" => {
                for (k, t) in ids().enumerate() {
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
    let mut list = Vec::with_capacity(involved.len());
    list.extend(ids().map(str::to_string));
    Alert {
        rule: rule.id.clone(),
        level: rule.level,
        target: rule.target,
        message,
        ticket_id: id.to_string(),
        clock: None,
        unit: None,
        instance: None,
        due_since: hit.due,
        tickets: list,
    }
}

#[cfg(test)]
mod tests {
    use super::requesters;

    /// Keys sharing a hash (a collision, which a real hash makes rare) are still told apart,
    /// each named by its first ticket.
    #[test]
    fn requesters_tell_keys_of_one_hash_apart() {
        let key_of = ["a", "b", "b", "c", "a"];
        let hash = [7u128, 7, 7, 9, 7];
        let mut keyed: Vec<u128> = (0..key_of.len()).rev().map(|i| hash[i] << 64 | i as u128).collect();
        let mut person_of: Vec<usize> = (0..key_of.len()).collect();
        requesters(&mut keyed, &key_of, &mut person_of);
        assert_eq!(person_of, [0, 1, 1, 3, 0]);
    }
}
