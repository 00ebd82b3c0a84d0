//! The batch calls over many histories (`verify_all`, `Ticket::replay_all`) give, history by
//! history and in order, exactly what the single calls give — on honest histories, forged
//! ones (re-hashed events the lifecycle refuses) and tampered ones — whatever the threads.

mod common;

use common::*;
use jiesu::parallelism::Parallelism;
use jiesu::ticket::{verify, verify_all, Event, EventBody, Ticket, MIN_PARALLEL_HISTORIES};

/// The stored histories, each also tampered with in several ways, repeated past the size at
/// which a batch goes parallel.
fn histories() -> Vec<Vec<Event>> {
    let stored = data_histories();
    assert!(stored.len() >= 10, "tests/data holds histories: {}", stored.len());
    let mut out = Vec::new();
    for (_, h) in &stored {
        out.push(h.clone());
        let last = h.len() - 1;
        let mut altered = h.clone();
        altered[last].body = EventBody::Urged { message: "改".into() };
        out.push(altered);
        let mut reordered = h.clone();
        reordered.swap(0, last);
        out.push(reordered);
        let mut broken = h.clone();
        broken[last].prev_hash = "f".repeat(64);
        out.push(broken);
        let mut mixed = h.clone();
        mixed[last].ticket_id.push('X');
        out.push(mixed);
        let mut cut = h.clone();
        cut.remove(0);
        out.push(cut);
    }
    let one = out.len();
    while out.len() < 4 * MIN_PARALLEL_HISTORIES {
        out.extend_from_within(..one);
    }
    out
}

fn settings() -> [Parallelism; 4] {
    [Parallelism::SEQUENTIAL, Parallelism::AUTO, Parallelism::threads(2), Parallelism::threads(4)]
}

#[test]
fn verify_all_is_verify_of_each_history() {
    let hs = histories();
    let each: Vec<_> = hs.iter().map(|h| verify(h)).collect();
    assert!(each.iter().any(|v| v.intact) && each.iter().any(|v| !v.intact));
    for par in settings() {
        assert_eq!(verify_all(&hs, par), each, "{par:?}");
    }
    // Slices of borrowed histories too.
    let borrowed: Vec<&[Event]> = hs.iter().map(Vec::as_slice).collect();
    assert_eq!(verify_all(&borrowed, Parallelism::threads(2)), each);
}

#[test]
fn replay_all_is_replay_of_each_history() {
    let hs = histories();
    let each: Vec<_> = hs.iter().map(|h| Ticket::replay(h)).collect();
    assert!(each.iter().any(Result::is_ok) && each.iter().any(Result::is_err));
    // Forged histories verify as intact yet do not replay.
    assert!(hs.iter().zip(&each).any(|(h, r)| verify(h).intact && r.is_err()));
    for par in settings() {
        assert_eq!(Ticket::replay_all(&hs, par), each, "{par:?}");
    }
}

#[test]
fn an_empty_batch_gives_no_results() {
    assert!(verify_all::<Vec<Event>>(&[], Parallelism::AUTO).is_empty());
    assert!(Ticket::replay_all::<Vec<Event>>(&[], Parallelism::AUTO).is_empty());
}
