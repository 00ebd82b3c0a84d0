//! Auditing an event log (`Engine::verify_log`): per ticket, exactly what verifying that
//! ticket's history alone gives, with the log line of the problem; the three forms of a log
//! alike; tickets interleaved; tampering found where it is; any threads; keyed engines; the
//! errors that stop an audit, without echoing a value.

mod common;

use common::*;
use jiesu::engine::Engine;
use jiesu::parallelism::Parallelism;
use jiesu::ticket::{ChainKey, Event};

/// Histories of distinct tickets: registered, dispatched, and some acknowledged.
fn histories(engine: &Engine, n: usize) -> Vec<Vec<Event>> {
    (0..n)
        .map(|i| {
            let mut events = engine.handle(&[], &cc(), &register(&format!("YS-{i}")), t("2026-03-02T09:00:00+08:00")).unwrap();
            let more = engine.handle(&events, &cc(), &dispatch(normal_cat()), t("2026-03-02T09:10:00+08:00")).unwrap();
            events.extend(more);
            if i % 3 == 0 {
                let more = engine.handle(&events, &unit(&lead_of(normal_cat())), &contact(), t("2026-03-02T10:00:00+08:00")).unwrap();
                events.extend(more);
            }
            events
        })
        .collect()
}

fn line(e: &Event) -> String {
    serde_json::to_string(e).unwrap()
}

/// The log as JSON lines, tickets one after another.
fn lines(hs: &[Vec<Event>]) -> Vec<String> {
    hs.iter().flatten().map(line).collect()
}

fn audit(engine: &Engine, text: &str) -> jiesu::ticket::LogVerification {
    engine.verify_log(text, Parallelism::SEQUENTIAL).unwrap()
}

#[test]
fn an_honest_log_is_intact_ticket_by_ticket_in_every_form() {
    let engine = Engine::default_engine();
    let hs = histories(&engine, 12);
    let jsonl = lines(&hs).join("\n") + "\n";
    let a = audit(&engine, &jsonl);
    assert_eq!((a.intact, a.not_intact, a.tickets.len()), (12, 0, 12));
    for (t, h) in a.tickets.iter().zip(&hs) {
        assert_eq!(t.ticket_id, h[0].ticket_id);
        assert_eq!(t.verification, engine.verify(h));
        assert_eq!(t.line, None);
    }
    // One JSON array, and one history a line: the same verifications.
    let array = format!("[{}]", lines(&hs).join(","));
    let per_line: String = hs.iter().map(|h| serde_json::to_string(h).unwrap() + "\n").collect();
    for text in [array, per_line] {
        let b = audit(&engine, &text);
        assert_eq!(b, a);
    }
}

#[test]
fn interleaved_tickets_are_gathered_in_order_of_first_appearance() {
    let engine = Engine::default_engine();
    let hs = histories(&engine, 5);
    // Round robin over the tickets, the last ticket first.
    let mut log = Vec::new();
    let longest = hs.iter().map(Vec::len).max().unwrap();
    for k in 0..longest {
        for h in hs.iter().rev() {
            if let Some(e) = h.get(k) {
                log.push(line(e));
            }
        }
    }
    let a = audit(&engine, &log.join("\n"));
    let ids: Vec<&str> = a.tickets.iter().map(|t| t.ticket_id.as_str()).collect();
    assert_eq!(ids, ["YS-4", "YS-3", "YS-2", "YS-1", "YS-0"]);
    assert_eq!(a.intact, 5);
}

#[test]
fn tampering_is_found_on_its_ticket_and_its_line() {
    let engine = Engine::default_engine();
    let hs = histories(&engine, 6);
    let honest = lines(&hs);
    // The log line (1-based) of ticket i's event k.
    let at = |i: usize, k: usize| hs[..i].iter().map(Vec::len).sum::<usize>() + k + 1;

    // Ticket 1's second event rewritten: `altered` at its index, on its line.
    let mut log = honest.clone();
    log[at(1, 1) - 1] = log[at(1, 1) - 1].replacen("\"seq\":2", "\"seq\":2,\"note\":\"x\"", 1);
    let a = audit(&engine, &log.join("\n"));
    assert_eq!((a.intact, a.not_intact), (5, 1));
    let bad = &a.tickets[1];
    let p = bad.verification.problem.as_ref().unwrap();
    assert_eq!((p.index, p.kind.as_str()), (1, "altered"));
    assert_eq!(bad.line.as_deref(), Some(format!("line {}", at(1, 1)).as_str()));

    // Ticket 3's first event removed: the chain no longer starts at seq 1.
    let mut log = honest.clone();
    log.remove(at(3, 0) - 1);
    let a = audit(&engine, &log.join("\n"));
    let bad = &a.tickets[3];
    assert_eq!(bad.verification.problem.as_ref().unwrap().kind, "reordered_or_missing");
    assert_eq!(bad.line.as_deref(), Some(format!("line {}", at(3, 0)).as_str()));
    assert_eq!(a.not_intact, 1);

    // Ticket 0 given twice (an older snapshot appended): not intact where it starts again.
    let mut log = honest.clone();
    log.push(honest[0].clone());
    let a = audit(&engine, &log.join("\n"));
    let bad = &a.tickets[0];
    assert_eq!(bad.verification.problem.as_ref().unwrap().index, hs[0].len());
    assert_eq!(bad.line.as_deref(), Some(format!("line {}", honest.len() + 1).as_str()));
    assert_eq!((a.intact, a.not_intact), (5, 1));

    // Every ticket's verification is the single call's on its (tampered) history.
    let mut events: Vec<Vec<Event>> = hs.clone();
    events[2][1].hash = "0".repeat(64);
    let log: Vec<String> = events.iter().flatten().map(line).collect();
    let a = audit(&engine, &log.join("\n"));
    for (t, h) in a.tickets.iter().zip(&events) {
        assert_eq!(t.verification, engine.verify(h), "{}", t.ticket_id);
    }
    assert!(!a.tickets[2].verification.intact);
}

#[test]
fn the_threads_give_the_same_audit() {
    let engine = Engine::default_engine();
    let mut hs = histories(&engine, 3 * jiesu::ticket::MIN_PARALLEL_HISTORIES);
    for (i, h) in hs.iter_mut().enumerate().filter(|(i, _)| i % 7 == 0) {
        let k = i % h.len();
        h[k].seq += 10;
    }
    let log = lines(&hs).join("\n");
    let one = audit(&engine, &log);
    assert!(one.not_intact > 0 && one.intact > 0);
    for par in [Parallelism::AUTO, Parallelism::threads(2), Parallelism::threads(4)] {
        assert_eq!(engine.verify_log(&log, par).unwrap(), one, "{par:?}");
    }
}

#[test]
fn a_keyed_engine_checks_every_tag() {
    let keyed = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", &[7; 32]).unwrap()).unwrap();
    let tagged = histories(&keyed, 3);
    let untagged = histories(&Engine::default_engine(), 3);
    assert_eq!(audit(&keyed, &lines(&tagged).join("\n")).intact, 3);
    let a = audit(&keyed, &lines(&untagged).join("\n"));
    assert_eq!(a.not_intact, 3);
    assert!(a.tickets.iter().all(|t| t.verification.problem.as_ref().unwrap().kind == "tag_missing"));
    // An unkeyed engine does not read tags.
    assert_eq!(audit(&Engine::default_engine(), &lines(&tagged).join("\n")).intact, 3);
}

#[test]
fn what_stops_an_audit_is_an_error_that_names_it_and_echoes_nothing() {
    let engine = Engine::default_engine();
    let hs = histories(&engine, 2);
    let mut log = lines(&hs);
    assert!(engine.verify_log("not json", Parallelism::SEQUENTIAL).unwrap_err().is_parse());
    // An event whose ticket cannot be told (YS-1's first, line 4): its line, the field and
    // the rule; not the value.
    log[3] = log[3].replacen("\"ticket_id\":\"YS-1\"", "\"ticket_id\":13812345678", 1);
    assert!(log[3].contains("13812345678"));
    let e = engine.verify_log(&log.join("\n"), Parallelism::SEQUENTIAL).unwrap_err();
    assert!(e.is_parse());
    assert_eq!((e.field(), e.rule()), (Some("line 4: ticket_id"), Some("R-FLOW-5")));
    assert!(!e.message().contains("13812345678"), "{}", e.message());
    // Over the engine's log size limit: refused before anything is read.
    let small = Engine::from_json(r#"{"limits": {"max_log_bytes": 100}}"#).unwrap();
    let e = small.verify_log(&lines(&hs).join("\n"), Parallelism::SEQUENTIAL).unwrap_err();
    assert!(e.is_limit_exceeded());
    assert_eq!(e.field(), Some("jsonl"));
    // An empty log: nothing to audit, no error.
    assert_eq!(audit(&engine, "").tickets.len(), 0);
}
