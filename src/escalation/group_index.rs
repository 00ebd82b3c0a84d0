//! The indexes of the group rules: one pass over the tickets (split over two threads when
//! allowed) that interns categories and townships, gathers the requester keys and copies the
//! ids into one table. The result does not depend on the split.

use std::collections::HashMap;

use crate::parallelism::Parallelism;
use crate::ticket::Ticket;

/// An index entry: ((group, group), registration instant, ticket index).
pub(super) type Entry = ((usize, usize), i64, usize);

/// Fewest tickets for which the pass is split over two threads: below, spawning one costs
/// more than the half it takes. (`tests/escalation_batch.rs` compares the split pass with
/// the sequential one on 12 000 tickets: keep this below.)
const SPLIT_AT: usize = 8_192;

/// Which indexes the rules need.
#[derive(Clone, Copy)]
pub(super) struct Wanted {
    /// The repeated-requests index (by requester and category).
    pub(super) repeat: bool,
    /// The many-people index (by category and township).
    pub(super) many: bool,
}

/// What the pass gathers.
pub(super) struct Indexes<'a> {
    categories: Interner<'a>,
    towns: Interner<'a>,
    /// ((ticket, category), instant, ticket) of each ticket with a requester key: its first
    /// member the ticket until the requesters are named.
    pub(super) repeat: Vec<Entry>,
    /// ((category, township), instant, ticket) of each ticket with a township.
    pub(super) many: Vec<Entry>,
    /// (hash of the key) << 64 | ticket, of each ticket with a requester key.
    pub(super) keyed: Vec<u128>,
    /// The ids of the tickets in an index.
    pub(super) ids: IdTable,
}

impl<'a> Indexes<'a> {
    /// The indexes of `tickets` registered and classified by `now_ts`, and the requester key
    /// of each in `key_of` (as long as `tickets`), on at most `par` threads (two at most).
    pub(super) fn build(tickets: &'a [Ticket], key_of: &mut [&'a str], now_ts: i64, want: Wanted, par: Parallelism) -> Indexes<'a> {
        let hasher = foldhash::fast::RandomState::default();
        if par.max_threads() < 2 || tickets.len() < SPLIT_AT {
            return Indexes::of_run(tickets, 0, key_of, now_ts, want, &hasher);
        }
        let half = tickets.len() / 2;
        let (first_keys, second_keys) = key_of.split_at_mut(half);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| Indexes::of_run(&tickets[half..], half, second_keys, now_ts, want, &hasher));
            let first = Indexes::of_run(&tickets[..half], 0, first_keys, now_ts, want, &hasher);
            (first, second.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        first.followed_by(second)
    }

    /// The pass over `run`, the tickets from `offset` on (`key_of`: theirs).
    fn of_run(run: &'a [Ticket], offset: usize, key_of: &mut [&'a str], now_ts: i64, want: Wanted, hasher: &foldhash::fast::RandomState) -> Indexes<'a> {
        let mut x = Indexes {
            categories: Interner::default(),
            towns: Interner::default(),
            repeat: Vec::with_capacity(if want.repeat { run.len() } else { 0 }),
            many: Vec::with_capacity(if want.many { run.len() } else { 0 }),
            keyed: Vec::with_capacity(run.len()),
            ids: IdTable::with_capacity(run.len()),
        };
        for (k, t) in run.iter().enumerate() {
            if k % WARM == 0 {
                warm(&run[k..run.len().min(k + WARM)]);
            }
            let (Some(at), Some(class)) = (t.registered_at, t.classification.as_ref()) else { continue };
            let ts = at.timestamp();
            if ts > now_ts {
                continue;
            }
            let i = offset + k;
            x.ids.set(k, t.id.as_deref());
            let key = t.requester.requester_key.as_deref();
            if let Some(key) = key {
                key_of[k] = key;
                x.keyed.push((std::hash::BuildHasher::hash_one(hasher, key) as u128) << 64 | i as u128);
            }
            let cat = x.categories.id(&class.category);
            if want.repeat && key.is_some() {
                // The requester is set once known.
                x.repeat.push(((i, cat), ts, i));
            }
            let town = class.township.as_deref().or(t.location.township.as_deref());
            if let (true, Some(town)) = (want.many, town) {
                let town = x.towns.id(town);
                x.many.push(((cat, town), ts, i));
            }
        }
        x
    }

    /// These indexes followed by those of the next run, as one pass over both would have
    /// built them: the next run's categories and townships numbered after these in their
    /// order of first appearance.
    fn followed_by(mut self, next: Indexes<'a>) -> Indexes<'a> {
        let categories = self.categories.absorb(next.categories);
        let towns = self.towns.absorb(next.towns);
        self.repeat.extend(next.repeat.into_iter().map(|((i, cat), ts, t)| ((i, categories[cat]), ts, t)));
        self.many.extend(next.many.into_iter().map(|((cat, town), ts, t)| ((categories[cat], towns[town]), ts, t)));
        self.keyed.extend(next.keyed);
        self.ids.append(next.ids);
        self
    }
}

/// How many tickets [`warm`] touches ahead of the pass that indexes them.
const WARM: usize = 8;

/// Reads a byte of every string the indexing pass reads of each ticket of `window` (its id,
/// category, township and requester key, each its own allocation) before any of them is
/// indexed: over a large population each is a cache miss, and read here, in a short loop
/// whose loads do not depend on one another, the processor waits for them side by side
/// rather than one after the other (the crate has no unsafe code, so no prefetch
/// instruction: plain reads, kept by `black_box`).
fn warm(window: &[Ticket]) {
    let first = |s: Option<&str>| s.and_then(|s| s.as_bytes().first().copied()).unwrap_or(0) as usize;
    let mut sum = 0usize;
    for t in window {
        let class = t.classification.as_ref();
        sum = sum
            .wrapping_add(first(t.id.as_deref()))
            .wrapping_add(first(class.map(|c| c.category.as_str())))
            .wrapping_add(first(class.and_then(|c| c.township.as_deref()).or(t.location.township.as_deref())))
            .wrapping_add(first(t.requester.requester_key.as_deref()));
    }
    std::hint::black_box(sum);
}

/// The ids of the tickets of an index, by ticket index, in one contiguous buffer (copied in
/// the pass that builds the indexes, in the tickets' order): what the sorts' ties and the
/// alerts' lists read, many times for a ticket in a busy window.
pub(super) struct IdTable {
    text: String,
    /// (start, end) in `text`; [`IdTable::NONE`]: no id (a ticket not in an index).
    spans: Vec<(usize, usize)>,
}

impl IdTable {
    const NONE: (usize, usize) = (usize::MAX, 0);

    fn with_capacity(tickets: usize) -> IdTable {
        IdTable { text: String::with_capacity(tickets.saturating_mul(16)), spans: vec![IdTable::NONE; tickets] }
    }

    fn set(&mut self, i: usize, id: Option<&str>) {
        if let Some(id) = id {
            let start = self.text.len();
            self.text.push_str(id);
            self.spans[i] = (start, self.text.len());
        }
    }

    /// `next`'s tickets after these.
    fn append(&mut self, next: IdTable) {
        let shift = self.text.len();
        self.text.push_str(&next.text);
        self.spans.extend(next.spans.into_iter().map(|span| if span == IdTable::NONE { span } else { (span.0 + shift, span.1 + shift) }));
    }

    /// The id of ticket `i`, when it is in an index.
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        let (start, end) = self.spans[i];
        self.text.get(start..end)
    }
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

    /// Interns `next`'s strings after these, in `next`'s order of first appearance: the
    /// id here of each of `next`'s ids.
    fn absorb(&mut self, next: Interner<'a>) -> Vec<usize> {
        let mut by_id = vec![""; next.ids.len()];
        for (s, id) in next.ids {
            by_id[id] = s;
        }
        by_id.into_iter().map(|s| self.id(s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{IdTable, Interner};

    /// Strings interned in two runs, the second absorbed, get the ids one run gives.
    #[test]
    fn interning_in_two_runs_numbers_as_one() {
        let words = ["b", "a", "b", "c", "a", "d", "c", "e"];
        let mut one = Interner::default();
        let whole: Vec<usize> = words.iter().map(|w| one.id(w)).collect();
        let (mut first, mut second) = (Interner::default(), Interner::default());
        let mut split: Vec<usize> = words[..3].iter().map(|w| first.id(w)).collect();
        let local: Vec<usize> = words[3..].iter().map(|w| second.id(w)).collect();
        let map = first.absorb(second);
        split.extend(local.iter().map(|&l| map[l]));
        assert_eq!(split, whole);
    }

    /// Two tables appended read as one: ids and absences where they were.
    #[test]
    fn id_tables_appended_read_as_one() {
        let (mut a, mut b) = (IdTable::with_capacity(2), IdTable::with_capacity(3));
        a.set(0, Some("T-1"));
        b.set(1, Some("T-22"));
        b.set(2, Some(""));
        a.append(b);
        let read: Vec<Option<&str>> = (0..5).map(|i| a.get(i)).collect();
        assert_eq!(read, [Some("T-1"), None, None, Some("T-22"), Some("")]);
    }
}
