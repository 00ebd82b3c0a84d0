//! The keyword automaton of a guide: built within a memory budget
//! ([`Limits::max_suggester_bytes`](crate::Limits::max_suggester_bytes)), and scanned for the
//! distinct keywords a text contains.
//!
//! What the automata cost is bounded before they are built, from the patterns alone:
//! [`estimate`] bounds what the `aho-corasick` crate's automata need — the trie's byte states
//! (counted exactly from the sorted patterns), the match lists (a state matches at most one
//! pattern of each length), the byte classes and the builders' transient copies — for its DFA
//! (one transition per state and byte class) and its contiguous NFA (about the size of the
//! patterns). The admission rule is the budget's, unchanged since the DFA was the fast kind:
//! when the DFA's bound fits, the fast kind is built — now the character trie of
//! [`super::trie`], a few bytes per keyword character, far below that bound; else the lean
//! kind (the contiguous NFA, scanned over a normalized copy of the text) when its bound fits;
//! else the guide is refused with `LimitExceeded`: nothing larger than the budget is ever
//! requested.
//!
//! A scan walks the automaton once over the text and reports each distinct pattern once: its
//! time is linear in the text, its memory bounded by the guide (the states and patterns seen),
//! never by the number of overlapping matches.

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa::contiguous, Anchored, MatchKind};

use super::normalize::normalize;
use super::trie::Trie;
use crate::error::Result;

/// How the noncontiguous NFA (built first, for either kind) densifies its shallow states.
const NFA_DENSE_DEPTH: usize = 3;
/// How the contiguous NFA densifies its shallow states.
const CONTIGUOUS_DENSE_DEPTH: usize = 2;
/// How many last bytes group the patterns when match lists are bounded.
const TAIL: usize = 3;

/// A built keyword automaton.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    /// The fast kind: the character trie, scanned over the raw text.
    Trie(Trie),
    /// The lean kind, when the DFA does not fit the budget (boxed: far larger than the trie's
    /// handles).
    Nfa(Box<contiguous::NFA>),
}

/// Upper bounds, in bytes, of what building each kind allocates at its peak (the noncontiguous
/// NFA every kind is built from, plus the kind itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Estimate {
    /// Building the DFA: what admits the fast kind (the trie, well below it).
    pub dfa: usize,
    /// Building the contiguous NFA.
    pub nfa: usize,
    /// The noncontiguous NFA alone (part of both).
    #[cfg(test)]
    pub noncontiguous: usize,
}

/// What a scan found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The distinct patterns found, ascending.
    pub patterns: Vec<u32>,
    /// The distinct match states reached (for the trie, the states of the patterns found):
    /// what the scan's memory is proportional to.
    pub match_states: usize,
}

/// Upper bounds of the memory the two kinds need for `patterns` (distinct, non-empty).
pub(crate) fn estimate(patterns: &[String]) -> Estimate {
    let mut sorted: Vec<&[u8]> = patterns.iter().map(|p| p.as_bytes()).collect();
    sorted.sort_unstable();
    // Match lists: a state matches the patterns that are suffixes of its string, at most one
    // per length. Patterns are grouped by their last three bytes (shorter ones kept whole), so
    // a state counts only the lengths of patterns ending as it does.
    let mut byte_present = [false; 256];
    let mut short: HashSet<&[u8]> = HashSet::new();
    let mut by_tail: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for p in &sorted {
        for &b in *p {
            byte_present[b as usize] = true;
        }
        if p.len() < TAIL {
            short.insert(p);
        } else {
            by_tail.entry(&p[p.len() - TAIL..]).or_default().push(p.len());
        }
    }
    for lengths in by_tail.values_mut() {
        lengths.sort_unstable();
        lengths.dedup();
    }
    let suffix_patterns = |s: &[u8]| -> usize {
        let d = s.len();
        let short = (1..TAIL.min(d + 1)).filter(|&k| short.contains(&s[d - k..])).count();
        let long = if d >= TAIL { by_tail.get(&s[d - TAIL..]).map_or(0, |l| l.partition_point(|&n| n <= d)) } else { 0 };
        short + long
    };
    // The trie: each pattern adds the nodes past its common prefix with the previous one.
    let (mut states, mut matches, mut shallow_nfa, mut shallow_contiguous) = (1usize, 0usize, 1usize, 1usize);
    let mut prev: &[u8] = &[];
    for p in &sorted {
        let common = p.iter().zip(prev).take_while(|(a, b)| a == b).count();
        for d in common + 1..=p.len() {
            states += 1;
            matches += suffix_patterns(&p[..d]);
            shallow_nfa += usize::from(d < NFA_DENSE_DEPTH);
            shallow_contiguous += usize::from(d < CONTIGUOUS_DENSE_DEPTH);
        }
        prev = p;
    }
    // Byte classes: each byte used splits off at most two classes.
    let distinct_bytes = byte_present.iter().filter(|&&b| b).count();
    let alphabet = (2 * distinct_bytes + 1).min(256);
    let stride = alphabet.next_power_of_two();
    // The special states (dead, fail, the two starts), and the start states' byte loops.
    let states = states + 4;
    let transitions = states + 2 * 256;
    let n = patterns.len();
    // Noncontiguous NFA: states (20 bytes), sparse transitions (12), dense rows, match links
    // (8), pattern lengths, the builder's queue; doubled for the vectors' growth.
    let nfa = 2 * (states * 20 + transitions * 12 + (shallow_nfa + 4) * alphabet * 4 + matches * 8 + n * 4 + states * 4);
    // DFA: the transition table (exact), each match state's list of patterns (doubled).
    let dfa = states * stride * 4 + 2 * (states * 24 + matches * 4 + n * 4);
    // Contiguous NFA: per state a header and its transitions (a class byte and a 4-byte
    // target each), dense rows of the shallow states, match lists; doubled.
    let contiguous = 2 * (states * 16 + transitions * 5 + (shallow_contiguous + 4) * alphabet * 4 + (states + matches) * 4 + n * 4);
    Estimate {
        dfa: nfa.saturating_add(dfa),
        nfa: nfa.saturating_add(contiguous),
        #[cfg(test)]
        noncontiguous: nfa,
    }
}

/// Builds the automaton of `patterns` (distinct, non-empty, normalized keywords) within
/// `budget` bytes: the trie if the DFA's bound fits, else a contiguous NFA, else
/// `LimitExceeded` before anything is allocated; with the estimate of the kind built.
pub(crate) fn build(patterns: &[String], budget: usize) -> Result<(Matcher, usize)> {
    let e = estimate(patterns);
    let failed = |err: aho_corasick::BuildError| crate::limits::exceeded("keywords", format!("guide keyword automaton: {err}"));
    if e.dfa <= budget {
        // The trie's tables stay within the DFA's bound, or the lean kind is built.
        if let Some(trie) = Trie::new(patterns, e.dfa) {
            return Ok((Matcher::Trie(trie), e.dfa));
        }
    }
    if e.nfa <= budget {
        let nfa =
            contiguous::Builder::new().match_kind(MatchKind::Standard).prefilter(false).dense_depth(CONTIGUOUS_DENSE_DEPTH).build(patterns).map_err(failed)?;
        return Ok((Matcher::Nfa(Box::new(nfa)), e.nfa));
    }
    Err(crate::limits::exceeded(
        "limits.max_suggester_bytes",
        format!("the guide's keyword automaton needs up to {} bytes to build; at most {budget} (limits.max_suggester_bytes): fewer or shorter keywords", e.nfa),
    ))
}

impl Matcher {
    /// The distinct patterns `text` contains once normalized (overlapping occurrences
    /// included); `text` may be normalized already (normalizing is idempotent).
    pub(crate) fn scan(&self, text: &str, pattern_count: usize) -> Scan {
        match self {
            Matcher::Trie(t) => {
                // One bit per pattern, on the stack for a guide of up to 8 192 patterns.
                let (mut small, mut large) = ([0u64; 128], Vec::new());
                let words = pattern_count.div_ceil(64);
                let seen = if words <= small.len() {
                    &mut small[..words]
                } else {
                    large.resize(words, 0);
                    &mut large[..]
                };
                let mut patterns = Vec::with_capacity(64);
                t.scan(text, seen, &mut patterns);
                patterns.sort_unstable();
                Scan { match_states: patterns.len(), patterns }
            }
            Matcher::Nfa(a) => scan_with(a.as_ref(), normalize(text).as_bytes(), pattern_count),
        }
    }

    /// Whether this is the trie (the fast kind).
    #[cfg(test)]
    pub(crate) fn is_fast(&self) -> bool {
        matches!(self, Matcher::Trie(_))
    }

    /// The automaton's heap memory, in bytes.
    pub(crate) fn memory_usage(&self) -> usize {
        match self {
            Matcher::Trie(t) => t.heap_bytes(),
            Matcher::Nfa(a) => a.memory_usage() + std::mem::size_of::<contiguous::NFA>(),
        }
    }
}

fn scan_with<A: Automaton>(a: &A, hay: &[u8], pattern_count: usize) -> Scan {
    // The match states seen: a fast hash (the ids are the automaton's, not an input's), with
    // the last one checked first (a run of the same match state is common).
    let mut seen_states: HashSet<StateID, foldhash::fast::FixedState> = HashSet::default();
    // The patterns seen: one bit each.
    let mut seen = vec![0u64; pattern_count.div_ceil(64)];
    let mut patterns = Vec::new();
    let Ok(mut sid) = a.start_state(Anchored::No) else {
        return Scan { patterns, match_states: 0 };
    };
    let mut last = None;
    for &b in hay {
        sid = a.next_state(Anchored::No, sid, b);
        if a.is_match(sid) && last != Some(sid) {
            last = Some(sid);
            if !seen_states.insert(sid) {
                continue;
            }
            for i in 0..a.match_len(sid) {
                let p = a.match_pattern(sid, i).as_usize();
                if let Some(w) = seen.get_mut(p / 64).filter(|w| **w & (1 << (p % 64)) == 0) {
                    *w |= 1 << (p % 64);
                    patterns.push(p as u32);
                }
            }
        }
    }
    patterns.sort_unstable();
    Scan { patterns, match_states: seen_states.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets() -> Vec<Vec<String>> {
        let nested: Vec<String> = (1..=64).map(|n| "a".repeat(n)).collect();
        let cjk: Vec<String> = (0..2000u32).map(|i| (0..(3 + i % 7)).map(|k| char::from_u32(0x4E00 + (i * 7 + k * 131) % 20000).unwrap()).collect()).collect();
        let suffixes: Vec<String> =
            (0..300u32).map(|i| format!("{}{}", char::from_u32(0x4E00 + i).unwrap(), "a".repeat(40))).chain(nested.iter().take(40).cloned()).collect();
        let ascii: Vec<String> = (0..3000u32).map(|i| format!("{i:x}{}", i % 13)).collect();
        vec![nested, cjk, suffixes, ascii, vec!["x".into()]]
    }

    #[test]
    fn the_estimate_bounds_what_each_kind_uses() {
        for patterns in sets() {
            let e = estimate(&patterns);
            // The intermediate automaton both kinds are built from.
            let nnfa = aho_corasick::nfa::noncontiguous::Builder::new().match_kind(MatchKind::Standard).build(&patterns).unwrap();
            assert!(nnfa.memory_usage() <= e.noncontiguous, "{} > {}", nnfa.memory_usage(), e.noncontiguous);
            let dfa = build(&patterns, e.dfa).unwrap().0;
            assert!(dfa.is_fast());
            assert!(dfa.memory_usage() <= e.dfa, "{} > {}", dfa.memory_usage(), e.dfa);
            if e.nfa < e.dfa {
                let nfa = build(&patterns, e.nfa).unwrap().0;
                assert!(!nfa.is_fast());
                assert!(nfa.memory_usage() <= e.nfa, "{} > {}", nfa.memory_usage(), e.nfa);
            }
        }
    }

    #[test]
    fn over_the_budget_the_lean_kind_then_a_refusal() {
        let patterns = &sets()[1];
        let e = estimate(patterns);
        assert!(e.nfa < e.dfa);
        assert!(!build(patterns, e.dfa - 1).unwrap().0.is_fast());
        let err = build(patterns, e.nfa - 1).unwrap_err();
        assert!(err.is_limit_exceeded());
        assert_eq!(err.field(), Some("limits.max_suggester_bytes"));
    }

    #[test]
    fn a_scan_reads_each_match_state_once_whatever_the_text_length() {
        // Nested keywords a, aa, …: every position of a run of `a` ends 64 overlapping matches.
        let patterns: Vec<String> = (1..=64).map(|n| "a".repeat(n)).collect();
        for m in [build(&patterns, usize::MAX).unwrap().0, build(&patterns, estimate(&patterns).nfa).unwrap().0] {
            let short = m.scan(&"a".repeat(100), patterns.len());
            let long = m.scan(&"a".repeat(1_000_000), patterns.len());
            assert_eq!(short.patterns, (0..64).collect::<Vec<u32>>());
            assert_eq!(long, short);
            // 64 match states, not 64 million matches.
            assert_eq!(long.match_states, 64);
        }
    }

    #[test]
    fn a_scan_finds_what_the_overlapping_iterator_finds() {
        for patterns in sets() {
            let ac = aho_corasick::AhoCorasick::new(&patterns).unwrap();
            let text: String = patterns.iter().step_by(3).map(|p| format!("{p}，")).collect();
            let mut want: Vec<u32> = ac.find_overlapping_iter(&text).map(|m| m.pattern().as_u32()).collect();
            want.sort_unstable();
            want.dedup();
            for m in [build(&patterns, usize::MAX).unwrap().0, build(&patterns, estimate(&patterns).nfa).unwrap().0] {
                assert_eq!(m.scan(&text, patterns.len()).patterns, want);
            }
        }
    }
}
