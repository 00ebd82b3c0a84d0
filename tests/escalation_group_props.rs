//! Property tests of the group rules of `jiesu::escalation` (issue 5; moved verbatim out of
//! `escalation_props.rs`): the group rules against a naive pairwise oracle, input-order
//! independence and idempotence once recorded, and independence of the threads.

use std::collections::{BTreeMap, BTreeSet};

use chrono::TimeDelta;
use jiesu::escalation::evaluate_group;
use jiesu::guide::{AppealType, ClassificationDecision, Location};
use jiesu::ticket::{Actor, CallbackOutcome, Channel, Command, Report, Requester, Ticket};
use proptest::prelude::*;

#[path = "common/escalation_fixtures.rs"]
mod fixtures;
use fixtures::*;

// ---------------------------------------------------------------------------------------------
// group rules against a naive pairwise oracle

#[derive(Clone, Debug)]
struct Req {
    key: Option<u8>,
    category: usize,
    township: usize,
    /// Minutes after t0.
    at: i64,
    closed: bool,
}

/// Requests over `span_min` minutes (dense: 4 days, where many-people clusters form; sparse:
/// 45 days, where repeats straddle the 30-day window).
fn req(span_min: i64) -> impl Strategy<Value = Req> {
    (prop::option::weighted(0.85, 0u8..8), 0usize..2, 0usize..2, 0i64..span_min, prop::bool::weighted(0.1))
        .prop_map(|(key, category, township, at, closed)| Req { key, category, township, at, closed })
}

fn reqs() -> impl Strategy<Value = Vec<Req>> {
    prop_oneof![prop::collection::vec(req(4 * 24 * 60), 0..30), prop::collection::vec(req(45 * 24 * 60), 0..40),]
}

fn group_tickets(reqs: &[Req]) -> Vec<Ticket> {
    let code = |i: usize| &CATEGORIES[[0, 3][i]];
    reqs.iter()
        .enumerate()
        .map(|(i, r)| {
            let at = t0() + TimeDelta::minutes(r.at);
            let mut ticket = Ticket::new();
            let register = Command::Register {
                id: format!("G-{i:03}"),
                channel: Channel::Wechat,
                appeal_type: AppealType::Complaint,
                content: "同一问题".into(),
                requester: Requester { name: None, phone: None, requester_key: r.key.map(|k| format!("K{k}")) },
                location: Location::township(TOWNSHIPS[r.township]),
            };
            ticket.execute(&*ENGINE, &cc(), &register, at).unwrap();
            let decision = ClassificationDecision::new(code(r.category), AppealType::Complaint);
            ticket.execute(&*ENGINE, &cc(), &Command::Dispatch { decision }, at + TimeDelta::minutes(1)).unwrap();
            if r.closed {
                let lead = Actor::unit(&ticket.lead().unwrap().unit);
                let m = |n: i64| at + TimeDelta::minutes(1 + n);
                ticket.execute(&*ENGINE, &lead, &Command::Acknowledge {}, m(1)).unwrap();
                ticket.execute(&*ENGINE, &lead, &Command::ContactRequester { note: String::new() }, m(2)).unwrap();
                let report =
                    Report {
                        result: "已办".into(), answered_at: Some(m(3)), evidence: vec!["e".into()], approved_by: Some("负责人".into()), solved: true
                    };
                ticket.execute(&*ENGINE, &lead, &Command::SubmitReport { report }, m(3)).unwrap();
                ticket.execute(&*ENGINE, &cc(), &Command::ReviewReport { accept: true, reason: None, note: String::new() }, m(4)).unwrap();
                ticket
                    .execute(&*ENGINE, &cc(), &Command::RecordCallback { outcome: CallbackOutcome::Satisfied, solved: true, note: String::new() }, m(5))
                    .unwrap();
                ticket.execute(&*ENGINE, &cc(), &Command::Close {}, m(6)).unwrap();
            }
            ticket
        })
        .collect()
}

fn category(t: &Ticket) -> &str {
    &t.classification().unwrap().category
}

fn township(t: &Ticket) -> &str {
    t.classification().unwrap().township.as_deref().unwrap()
}

fn requester(t: &Ticket) -> String {
    t.requester().requester_key.clone().unwrap_or_else(|| t.id().unwrap().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn group_rules_match_a_naive_oracle(reqs in reqs(), now_min in (2i64 * 24 * 60)..(50 * 24 * 60), rot in 0usize..40) {
        let tickets = group_tickets(&reqs);
        let now = t0() + TimeDelta::minutes(now_min);
        let rules = ENGINE.rules();
        let out = evaluate_group(&tickets, rules, now).alerts;
        // Deterministic and independent of the input order.
        prop_assert_eq!(&evaluate_group(&tickets, rules, now).alerts, &out);
        let mut rev = tickets.clone();
        rev.reverse();
        prop_assert_eq!(&evaluate_group(&rev, rules, now).alerts, &out);
        if !tickets.is_empty() {
            let mut rotated = tickets.clone();
            rotated.rotate_left(rot % tickets.len());
            prop_assert_eq!(&evaluate_group(&rotated, rules, now).alerts, &out);
        }
        // Ordered by (due_since, rule, ticket); one alert per (rule, ticket).
        let order: Vec<_> = out.iter().map(|a| (a.due_since, a.rule.clone(), a.ticket_id.clone())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(&order, &sorted);
        let pairs: BTreeSet<(String, String)> = out.iter().map(|a| (a.rule.clone(), a.ticket_id.clone())).collect();
        prop_assert_eq!(pairs.len(), out.len());

        let by_id: BTreeMap<&str, &Ticket> = tickets.iter().map(|t| (t.id().unwrap(), t)).collect();
        let reg = |t: &Ticket| t.registered_at().unwrap();
        // Requests are ordered by (registration, id): of two at the same second, the one with
        // the smaller id comes first.
        let upto = |y: &Ticket, x: &Ticket| (reg(y), y.id()) <= (reg(x), x.id());
        let visible: Vec<&Ticket> = tickets.iter().filter(|t| reg(t) <= now).collect();
        // Repeat: the pairwise oracle. `n` = requests of the same requester and category in
        // the 30 days ending at the ticket (exclusive start).
        for x in &visible {
            let Some(k) = x.requester().requester_key.as_deref() else { continue };
            let n = visible
                .iter()
                .filter(|y| y.requester().requester_key.as_deref() == Some(k) && category(y) == category(x) && upto(y, x) && reg(y) > reg(x) - TimeDelta::days(30))
                .count();
            let open = !x.status().unwrap().is_terminal();
            let id = x.id().unwrap();
            prop_assert_eq!(pairs.contains(&("repeat.second".to_string(), id.to_string())), open && n == 2, "repeat.second on {} (n = {})", id, n);
            prop_assert_eq!(pairs.contains(&("repeat.third".to_string(), id.to_string())), open && n == 3, "repeat.third on {} (n = {})", id, n);
        }
        for a in &out {
            let at = by_id[a.ticket_id.as_str()];
            prop_assert!(!at.status().unwrap().is_terminal());
            prop_assert_eq!(a.tickets.last(), Some(&a.ticket_id));
            prop_assert_eq!(a.due_since, reg(at));
            let involved: Vec<&Ticket> = a.tickets.iter().map(|id| by_id[id.as_str()]).collect();
            prop_assert!(involved.windows(2).all(|w| reg(w[0]) <= reg(w[1])), "tickets in registration order");
            prop_assert!(involved.iter().all(|t| category(t) == category(at)));
            if a.rule.starts_with("repeat.") {
                prop_assert!(involved.iter().all(|t| t.requester().requester_key == at.requester().requester_key));
                prop_assert!(involved.iter().all(|t| reg(at) - reg(t) < TimeDelta::days(30)));
                prop_assert_eq!(involved.len(), if a.rule == "repeat.second" { 2 } else { 3 });
            } else {
                prop_assert!(a.rule.starts_with("many_people."));
                prop_assert!(involved.iter().all(|t| township(t) == township(at)));
                prop_assert!(involved.iter().all(|t| reg(at) - reg(t) < TimeDelta::hours(72)));
                let distinct: BTreeSet<String> = involved.iter().map(|t| requester(t)).collect();
                prop_assert!(distinct.len() >= 5, "many people with {} requesters", distinct.len());
            }
        }
        // Many people, completeness: a group (category, township) in which some ticket ends a
        // 72-hour window of ≥ 5 requesters raises at least one consultation — checked where
        // no ticket of the group is finished (see the ignored BUG test in tests/escalation.rs).
        let mut groups: BTreeMap<(String, String), Vec<&Ticket>> = BTreeMap::new();
        for x in &visible {
            groups.entry((category(x).to_string(), township(x).to_string())).or_default().push(x);
        }
        for ((cat, town), members) in &groups {
            if members.iter().any(|t| t.status().unwrap().is_terminal()) {
                continue;
            }
            let crowded = members.iter().any(|x| {
                let d: BTreeSet<String> = members.iter().filter(|y| upto(y, x) && reg(y) > reg(x) - TimeDelta::hours(72)).map(|y| requester(y)).collect();
                d.len() >= 5
            });
            let raised = out.iter().any(|a| a.rule == "many_people.consultation" && category(by_id[a.ticket_id.as_str()]) == cat && township(by_id[a.ticket_id.as_str()]) == town);
            prop_assert_eq!(crowded, raised, "many people in ({}, {})", cat, town);
        }
        // Recorded on their tickets, the alerts are not raised again.
        let mut recorded = tickets.clone();
        for a in &out {
            let t = recorded.iter_mut().find(|t| t.id() == Some(a.ticket_id.as_str())).unwrap();
            let at = t.events().last().map_or(now, |e| e.at.max(now));
            for e in ENGINE.record_alerts(t, std::slice::from_ref(a), at).unwrap() {
                t.apply(&e).unwrap();
            }
        }
        prop_assert!(evaluate_group(&recorded, rules, now).alerts.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// The group rules' two passes side by side (issue 19) give what one thread gives.
    #[test]
    fn group_rules_do_not_depend_on_threads(reqs in reqs(), now_min in (2i64 * 24 * 60)..(50 * 24 * 60)) {
        use jiesu::parallelism::Parallelism;
        let tickets = group_tickets(&reqs);
        let now = t0() + TimeDelta::minutes(now_min);
        let one = jiesu::escalation::evaluate_group_par(&tickets, ENGINE.rules(), None, now, Parallelism::SEQUENTIAL);
        prop_assert_eq!(&jiesu::escalation::evaluate_group_par(&tickets, ENGINE.rules(), None, now, Parallelism::threads(2)), &one);
        prop_assert_eq!(&evaluate_group(&tickets, ENGINE.rules(), now), &one);
    }
}
