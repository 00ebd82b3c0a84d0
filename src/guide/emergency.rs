//! Emergency words in their context: an emergency missed at intake is the worst failure, and a
//! past, hypothetical, negated or already handled mention (`去年出车祸`, `万一着火`,
//! `没有着火`, `打了120`) is no emergency to hand over.
//!
//! The guide's [`ContextData`] words and its emergency keywords make a
//! second, small trie (words found leftmost-longest, so `没有呼吸` wins over `没有`; see
//! [`super::words`]), run over the raw text only when the main scan found an emergency keyword.
//! Its one pass walks the text clause by clause (a
//! clause ends at `，。！？；`, `,.!?;` or a line break): a past, hypothetical or negation word
//! within the window before an emergency word in its clause discounts that occurrence, unless a
//! present word (`现在`, `正在`, `刚刚`) comes between them; a handled word anywhere discounts
//! every emergency word of the text. An emergency keyword is kept when one occurrence is not
//! discounted, or when the pass did not see it at all (never miss an emergency by accident).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::data::ContextData;
use super::words::Words;
use crate::error::Result;

/// What a word of the context automaton is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// An emergency keyword: its pattern in the main automaton.
    Emergency(u32),
    /// A qualifier that discounts an emergency word after it in its clause.
    Qualifier(Qualifier),
    /// Cancels a qualifier before it.
    Present,
    /// Ends a clause.
    Delimiter,
}

/// Why an emergency word was discounted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// A past mention (`去年`, `上次`).
    Past,
    /// A hypothetical one (`万一`, `如果`, `担心`).
    Hypothetical,
    /// A negated one (`没有`, `不是`).
    Negation,
    /// Already handed over (`打了120`, `已经报警`).
    Handled,
}

/// An emergency keyword found but discounted by its context.
///
/// # Example
/// ```
/// use jiesu::guide::{Guide, Qualifier};
/// let g = Guide::yanshan_default();
/// let s = g.suggest("万一着火了消防车都进不来，希望清理消防通道", None);
/// assert!(s.emergencies.is_empty());
/// assert_eq!((&*s.discounted[0].keyword, s.discounted[0].qualifier), ("着火", Qualifier::Hypothetical));
/// assert_eq!(s.discounted[0].word, "万一");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DiscountedMention<'g> {
    /// The emergency keyword, as the guide writes it.
    pub keyword: Cow<'g, str>,
    /// Why it is discounted.
    pub qualifier: Qualifier,
    /// The qualifying word found before it (or anywhere, for a handled one).
    pub word: Cow<'g, str>,
}

/// Punctuation that ends a clause (after normalization: full-width forms are folded).
const DELIMITERS: [&str; 10] = [",", "。", "!", "?", ";", ".", "\n", "、", "…", "但是"];
/// The window when the guide gives none, in characters.
const DEFAULT_WINDOW: usize = 12;

/// The built context automaton of a guide.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    /// The trie of the words; `None` when the guide has no emergency keyword.
    trie: Option<Words>,
    /// Per word: what it is, and its spelling (normalized).
    words: Vec<Word>,
    spellings: Vec<String>,
    window: usize,
    /// Heap bytes of the automaton.
    pub bytes: usize,
}

/// One scan's verdict, its words borrowed from the automaton.
#[derive(Debug, Default)]
pub(crate) struct Verdict<'a> {
    /// Emergency patterns with an occurrence that is not discounted (or not seen).
    pub kept: Vec<u32>,
    /// Discounted ones: pattern, qualifier, qualifying word (normalized).
    pub discounted: Vec<(u32, Qualifier, &'a str)>,
}

impl Context {
    /// Builds the context automaton from the normalized emergency keywords (pattern ids of the
    /// main automaton) and the guide's context words, within `budget` bytes.
    pub(crate) fn build(emergency: &[(String, u32)], data: &ContextData, budget: usize) -> Result<Context> {
        let mut patterns: Vec<String> = Vec::new();
        let mut words = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut push = |p: String, w: Word, patterns: &mut Vec<String>, words: &mut Vec<Word>| {
            if !p.is_empty() && seen.insert(p.clone()) {
                patterns.push(p);
                words.push(w);
            }
        };
        for (p, id) in emergency {
            push(p.clone(), Word::Emergency(*id), &mut patterns, &mut words);
        }
        for d in DELIMITERS {
            push(d.to_string(), Word::Delimiter, &mut patterns, &mut words);
        }
        let kinds = [
            Word::Qualifier(Qualifier::Past),
            Word::Qualifier(Qualifier::Hypothetical),
            Word::Qualifier(Qualifier::Negation),
            Word::Qualifier(Qualifier::Handled),
            Word::Present,
        ];
        for ((_, list), kind) in data.lists().into_iter().zip(kinds) {
            for w in list {
                push(super::normalize(w), kind, &mut patterns, &mut words);
            }
        }
        let window = if data.window == 0 { DEFAULT_WINDOW } else { data.window as usize };
        if emergency.is_empty() {
            return Ok(Context { trie: None, words, spellings: patterns, window, bytes: 0 });
        }
        let need = super::automaton::estimate(&patterns).nfa;
        if need > budget {
            return Err(crate::limits::exceeded(
                "limits.max_suggester_bytes",
                format!("the guide's emergency context automaton needs up to {need} bytes; {budget} left of limits.max_suggester_bytes"),
            ));
        }
        Ok(Context { bytes: need, trie: Some(Words::new(&patterns)), words, spellings: patterns, window })
    }

    /// The built automaton's heap memory (with its word table), in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.trie.as_ref().map_or(0, Words::heap_bytes)
            + self.words.capacity() * std::mem::size_of::<Word>()
            + self.spellings.capacity() * std::mem::size_of::<String>()
            + self.spellings.iter().map(String::capacity).sum::<usize>()
    }

    /// Judges the occurrences of the emergency patterns `found` (by the main scan) in `text`
    /// once normalized (the trie normalizes on the way).
    pub(crate) fn judge(&self, text: &str, found: &[u32]) -> Verdict<'_> {
        let Some(trie) = &self.trie else {
            return Verdict { kept: found.to_vec(), discounted: Vec::new() };
        };
        // Per found pattern: kept (an occurrence not discounted), or its first discount.
        let mut kept = vec![false; found.len()];
        let mut seen = vec![false; found.len()];
        let mut first_discount: Vec<Option<(Qualifier, &str)>> = vec![None; found.len()];
        let mut handled: Option<&str> = None;
        // The last qualifier of the clause: kind, word, end (bytes and characters of the
        // normalized text).
        let mut last: Option<(Qualifier, &str, usize, usize)> = None;
        trie.find_each(text, |m| {
            let spelling = &self.spellings[m.word as usize];
            match self.words[m.word as usize] {
                Word::Delimiter | Word::Present => last = None,
                Word::Qualifier(Qualifier::Handled) => {
                    handled.get_or_insert(spelling);
                }
                Word::Qualifier(q) => last = Some((q, spelling, m.end, m.end_char)),
                Word::Emergency(p) => {
                    let Ok(i) = found.binary_search(&p) else { return };
                    seen[i] = true;
                    // The gap between the qualifier and the word, in the normalized text.
                    let near = last.filter(|&(_, _, end, end_char)| m.start - end <= self.window * 4 && m.start_char - end_char <= self.window);
                    match near {
                        Some((q, w, _, _)) => {
                            first_discount[i].get_or_insert((q, w));
                        }
                        None => kept[i] = true,
                    }
                }
            }
        });
        // A keyword the pass did not see lies inside a longer one it saw (`车祸` in `出车祸`),
        // or under a qualifier: it shares the verdict of the text's seen occurrences, and is
        // kept when none was seen.
        let any_kept = kept.iter().any(|&k| k);
        let any_seen = seen.iter().any(|&k| k);
        let mut v = Verdict::default();
        for (i, &p) in found.iter().enumerate() {
            let live = kept[i] || (!seen[i] && (any_kept || !any_seen));
            if !seen[i] && !live {
                first_discount[i] = first_discount.iter().flatten().next().cloned();
            }
            match (&handled, live) {
                (Some(h), _) => v.discounted.push((p, Qualifier::Handled, h)),
                (None, true) => v.kept.push(p),
                (None, false) => {
                    let (q, w) = first_discount[i].unwrap_or((Qualifier::Negation, ""));
                    v.discounted.push((p, q, w));
                }
            }
        }
        v
    }
}
