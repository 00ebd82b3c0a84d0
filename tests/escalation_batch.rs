//! The batch calls of `jiesu::escalation` give, byte for byte, what the single and sequential
//! calls give, on the escalation bench's generated population (tickets at twelve stages of
//! their lifecycle, alerts of the previous check recorded, requesters repeating and many people
//! asking in a township): `evaluate_all` on any number of threads against `evaluate_named`
//! ticket by ticket, `evaluate_group_par` on threads against the sequential pass (enough
//! tickets for its indexing pass to be split over two threads, enough alerts for several
//! blocks of the parallel build), and a sweep against evaluating the due
//! tickets one by one. (`examples/escalation_digest.rs` digests the same outputs over a larger
//! population, to compare one version of the code with another.)

use std::sync::LazyLock;

use chrono::TimeDelta;
use jiesu::engine::Engine;
use jiesu::escalation::{evaluate_all, evaluate_group_par, evaluate_named, is_due, sweep};
use jiesu::parallelism::Parallelism;
use jiesu::ticket::Ticket;

#[path = "../benches/escalation/population.rs"]
#[allow(dead_code)]
mod population;

static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::default_engine);
static TICKETS: LazyLock<Vec<Ticket>> = LazyLock::new(|| population::population(&ENGINE, 12_000));

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

#[test]
fn evaluate_all_is_evaluate_named_on_every_ticket() {
    let (rules, cal) = (ENGINE.rules(), ENGINE.calendar());
    let mut alerts = 0;
    for hours in [-24, 0, 5, 72] {
        let now = population::now() + TimeDelta::hours(hours);
        for guide in [None, Some(ENGINE.guide())] {
            let single: Vec<_> = TICKETS.iter().map(|t| evaluate_named(t, rules, cal, guide, now)).collect();
            alerts += single.iter().map(|e| e.alerts.len()).sum::<usize>();
            let expected = json(&single);
            for par in [Parallelism::SEQUENTIAL, Parallelism::threads(2), Parallelism::threads(3), Parallelism::AUTO] {
                assert_eq!(json(&evaluate_all(&TICKETS, rules, cal, guide, now, par)), expected, "at {now}, {par:?}");
            }
        }
    }
    // The population raises alerts (a comparison of empty lists would prove nothing).
    assert!(alerts > 1_000, "{alerts} alerts");
}

#[test]
fn group_rules_on_threads_are_the_sequential_pass() {
    let rules = ENGINE.rules();
    for days in [-10, 0, 3] {
        let now = population::now() + TimeDelta::days(days);
        for guide in [None, Some(ENGINE.guide())] {
            let seq = evaluate_group_par(&TICKETS, rules, guide, now, Parallelism::SEQUENTIAL);
            if days == 0 {
                // More alerts than one block of the parallel build.
                assert!(seq.alerts.len() > 2_048, "{} alerts", seq.alerts.len());
            }
            let expected = json(&seq);
            for par in [Parallelism::threads(2), Parallelism::threads(3), Parallelism::AUTO] {
                assert_eq!(json(&evaluate_group_par(&TICKETS, rules, guide, now, par)), expected, "at {now}, {par:?}");
            }
        }
    }
}

#[test]
fn a_sweep_evaluates_the_due_tickets_as_evaluate_named_does() {
    let (rules, cal, guide) = (ENGINE.rules(), ENGINE.calendar(), Some(ENGINE.guide()));
    let now = population::now();
    let stored: Vec<_> = TICKETS
        .iter()
        .enumerate()
        .map(|(k, t)| (t, if k % 5 == 0 { Some(now - TimeDelta::minutes(1)) } else { evaluate_named(t, rules, cal, guide, now).next_check_at }))
        .collect();
    let later = now + TimeDelta::hours(30);
    let s = sweep(stored.iter().map(|(t, n)| (*t, *n)), rules, cal, guide, later);
    let due: Vec<_> = stored.iter().filter(|(_, n)| is_due(*n, later)).map(|(t, _)| evaluate_named(t, rules, cal, guide, later)).collect();
    assert!(due.len() > stored.len() / 5, "{} due", due.len());
    assert_eq!(json(&s.checked.iter().map(|c| &c.evaluation).collect::<Vec<_>>()), json(&due));
}
