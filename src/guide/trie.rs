//! The fast keyword automaton: an Aho–Corasick trie over characters, scanned once over the raw
//! request text, normalizing each character on the way (no normalized copy of the text).
//!
//! Each distinct character of the keywords is a class (its rank among them, from 1; 0 for
//! every other character): a table of the Basic Multilingual Plane's blocks gives a
//! character's class in two reads (a binary search beyond the plane, or when the classes do
//! not fit 16 bits). The root's transitions are a row indexed by class; a deeper state's are
//! its children (sorted by class) and its failure link, followed on a miss. A character
//! without a class returns to the root at once: most characters of a request are in no
//! keyword. The tables hold a few bytes per trie state, small enough to stay in the cache.
//!
//! A scan reports each distinct keyword once: each state knows its own keyword (the state of
//! a keyword is unique) and the next state on its failure chain that has one; the walk down
//! that chain stops at the first keyword already reported, whose chain was walked then. So a
//! scan's time is linear in the text plus the keywords found, never in the overlapping
//! matches.

use super::normalize::fold;

/// No state / no pattern.
const NONE: u32 = u32::MAX;
/// The root state.
const ROOT: u32 = 0;
/// The complete rows are built when they hold at most this many entries per state (plus a
/// few thousand): the default guide's hold about 3.
const ROW_ENTRIES_PER_STATE: usize = 16;

/// The character classes of the keywords.
#[derive(Clone, Debug)]
struct Classes {
    /// The keywords' distinct characters, ascending: a character's class is its rank + 1.
    chars: Vec<u32>,
    /// Per block of 256 code points of the Basic Multilingual Plane: its row in `rows`
    /// (0: a row of zeros, no keyword character in the block). Empty when the classes do not
    /// fit `u16`.
    blocks: Vec<u16>,
    /// The classes of the blocks' code points, 256 per row.
    rows: Vec<u16>,
}

impl Classes {
    fn new(patterns: &[String]) -> Classes {
        let mut chars: Vec<u32> = patterns.iter().flat_map(|p| p.chars()).map(|c| c as u32).collect();
        chars.sort_unstable();
        chars.dedup();
        let (mut blocks, mut rows) = (Vec::new(), Vec::new());
        if chars.len() < usize::from(u16::MAX) {
            // Number the blocks that hold a keyword character first, then fill their rows.
            blocks = vec![0u16; 256];
            let mut used = 0u16;
            for &c in chars.iter().filter(|&&c| c < 0x1_0000) {
                let b = &mut blocks[(c >> 8) as usize];
                if *b == 0 {
                    used += 1;
                    *b = used;
                }
            }
            rows = vec![0u16; (usize::from(used) + 1) * 256];
            for (i, &c) in chars.iter().enumerate().filter(|(_, &c)| c < 0x1_0000) {
                rows[usize::from(blocks[(c >> 8) as usize]) * 256 + (c & 0xFF) as usize] = (i + 1) as u16;
            }
        }
        Classes { chars, blocks, rows }
    }

    /// The class of a (normalized) character: 0 when no keyword has it.
    #[inline]
    fn of(&self, c: u32) -> u32 {
        if c < 0x1_0000 && !self.blocks.is_empty() {
            let row = usize::from(self.blocks[(c >> 8) as usize]);
            return u32::from(self.rows[row * 256 + (c & 0xFF) as usize]);
        }
        self.chars.binary_search(&c).map_or(0, |i| i as u32 + 1)
    }

    fn count(&self) -> usize {
        self.chars.len()
    }

    fn heap_bytes(&self) -> usize {
        self.chars.capacity() * 4 + (self.blocks.capacity() + self.rows.capacity()) * 2
    }
}

/// The built trie with its failure links.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    classes: Classes,
    /// The root's transition per class (`ROOT` when no keyword starts with it).
    root: Vec<u32>,
    /// Per state: where its transitions start in `child_class`/`child_state` (one more entry
    /// than states). With failure links, a state's transitions are its children; without
    /// (`fail` empty), its row: every class whose transition is not the root's, so that a
    /// step is one lookup.
    child_start: Vec<u32>,
    /// The transitions' classes, ascending per state.
    child_class: Vec<u32>,
    /// The transitions' states.
    child_state: Vec<u32>,
    /// Per state: its failure link (the longest proper suffix that is in the trie); empty
    /// once the rows are complete.
    fail: Vec<u32>,
    /// Per state: the keyword it spells, or `NONE`.
    pattern: Vec<u32>,
    /// Per state: the next state on its failure chain that spells a keyword, or `NONE`.
    next_match: Vec<u32>,
    /// Per state: the first state of its matches — itself if it spells a keyword, else its
    /// `next_match` (`NONE` for the root).
    first_match: Vec<u32>,
}

impl Trie {
    /// Builds the trie of `patterns` (distinct, non-empty, normalized): pattern `i` is
    /// reported as `i`.
    pub(crate) fn new(patterns: &[String]) -> Trie {
        Trie::with_row_cap(patterns, ROW_ENTRIES_PER_STATE, 4096)
    }

    /// [`Trie::new`], completing the rows when they hold at most `cap` entries per state and
    /// `slack` more.
    fn with_row_cap(patterns: &[String], cap: usize, slack: usize) -> Trie {
        let classes = Classes::new(patterns);
        // Insert in sorted order: a state's children arrive by ascending class, and the child
        // a pattern shares with the previous one is always the last added.
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_unstable_by(|&a, &b| patterns[a].cmp(&patterns[b]));
        let mut root = vec![ROOT; classes.count() + 1];
        let mut kids: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        let mut pattern = vec![NONE];
        for &i in &order {
            let mut s = ROOT;
            for c in patterns[i].chars() {
                let k = classes.of(c as u32);
                let next = if s == ROOT { root[k as usize] } else { kids[s as usize].last().filter(|e| e.0 == k).map_or(ROOT, |e| e.1) };
                s = if next != ROOT {
                    next
                } else {
                    let t = kids.len() as u32;
                    kids.push(Vec::new());
                    pattern.push(NONE);
                    if s == ROOT {
                        root[k as usize] = t;
                    } else {
                        kids[s as usize].push((k, t));
                    }
                    t
                };
            }
            pattern[s as usize] = i as u32;
        }
        // Flatten the children.
        let n = kids.len();
        let mut child_start = Vec::with_capacity(n + 1);
        let edges: usize = kids.iter().map(Vec::len).sum();
        let (mut child_class, mut child_state) = (Vec::with_capacity(edges), Vec::with_capacity(edges));
        for k in &kids {
            child_start.push(child_class.len() as u32);
            child_class.extend(k.iter().map(|e| e.0));
            child_state.extend(k.iter().map(|e| e.1));
        }
        child_start.push(child_class.len() as u32);
        drop(kids);
        pattern.shrink_to_fit();
        let mut trie =
            Trie { classes, root, child_start, child_class, child_state, fail: vec![ROOT; n], pattern, next_match: vec![NONE; n], first_match: Vec::new() };
        // Failure links, breadth first: a state's link is shallower than the state.
        let mut queue: Vec<u32> = trie.root.iter().copied().filter(|&t| t != ROOT).collect();
        let mut head = 0;
        while let Some(&s) = queue.get(head) {
            head += 1;
            let (a, b) = (trie.child_start[s as usize] as usize, trie.child_start[s as usize + 1] as usize);
            for e in a..b {
                let (k, t) = (trie.child_class[e], trie.child_state[e]);
                let f = trie.step(trie.fail[s as usize], k);
                trie.fail[t as usize] = f;
                trie.next_match[t as usize] = if trie.pattern[f as usize] != NONE { f } else { trie.next_match[f as usize] };
                queue.push(t);
            }
        }
        trie.first_match = (0..n).map(|s| if trie.pattern[s] != NONE { s as u32 } else { trie.next_match[s] }).collect();
        trie.complete_rows(&queue, cap, slack);
        trie
    }

    /// Replaces the children and failure links by complete rows, breadth first (a state's row
    /// is its children over its failure link's row), unless they would hold more than `cap`
    /// entries per state and `slack` more (keywords sharing many suffixes and prefixes): then
    /// the links stay.
    fn complete_rows(&mut self, order: &[u32], cap: usize, slack: usize) {
        let n = self.fail.len();
        let max = cap.saturating_mul(n).saturating_add(slack);
        let mut rows: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut total = 0usize;
        for &s in order {
            let (a, b) = (self.child_start[s as usize] as usize, self.child_start[s as usize + 1] as usize);
            let inherited = &rows[self.fail[s as usize] as usize];
            let mut row = Vec::with_capacity(b - a + inherited.len());
            let (mut i, mut j) = (a, 0);
            while i < b || j < inherited.len() {
                let own = (i < b).then(|| self.child_class[i]);
                let inh = inherited.get(j).map(|e| e.0);
                match (own, inh) {
                    (Some(k), Some(h)) if k == h => {
                        row.push((k, self.child_state[i]));
                        i += 1;
                        j += 1;
                    }
                    (Some(k), Some(h)) if k > h => {
                        row.push(inherited[j]);
                        j += 1;
                    }
                    (Some(k), _) => {
                        row.push((k, self.child_state[i]));
                        i += 1;
                    }
                    (None, _) => {
                        row.push(inherited[j]);
                        j += 1;
                    }
                }
            }
            total += row.len();
            if total > max {
                return;
            }
            rows[s as usize] = row;
        }
        self.child_start.clear();
        self.child_class = Vec::with_capacity(total);
        self.child_state = Vec::with_capacity(total);
        for row in &rows {
            self.child_start.push(self.child_class.len() as u32);
            self.child_class.extend(row.iter().map(|e| e.0));
            self.child_state.extend(row.iter().map(|e| e.1));
        }
        self.child_start.push(self.child_class.len() as u32);
        self.fail = Vec::new();
    }

    /// The child of `s` (not the root) by class `k`.
    #[inline]
    fn child(&self, s: u32, k: u32) -> Option<u32> {
        let (a, b) = (self.child_start[s as usize] as usize, self.child_start[s as usize + 1] as usize);
        let classes = &self.child_class[a..b];
        if classes.len() <= 8 {
            classes.iter().position(|&c| c == k).map(|i| self.child_state[a + i])
        } else {
            classes.binary_search(&k).ok().map(|i| self.child_state[a + i])
        }
    }

    /// The state after `s` reads a character of class `k`.
    #[inline]
    fn step(&self, mut s: u32, k: u32) -> u32 {
        if k == 0 {
            return ROOT;
        }
        if self.fail.is_empty() {
            // Complete rows: a class not in the row goes where the root goes.
            return if s == ROOT { self.root[k as usize] } else { self.child(s, k).unwrap_or(self.root[k as usize]) };
        }
        loop {
            if s == ROOT {
                return self.root[k as usize];
            }
            if let Some(t) = self.child(s, k) {
                return t;
            }
            s = self.fail[s as usize];
        }
    }

    /// The distinct patterns `text` contains once normalized (overlapping occurrences
    /// included), in the order found; `seen` holds one bit per pattern, all clear.
    pub(crate) fn scan(&self, text: &str, seen: &mut [u64], found: &mut Vec<u32>) {
        let bytes = text.as_bytes();
        let (mut s, mut i) = (ROOT, 0);
        while let Some(&b) = bytes.get(i) {
            // Decode and normalize: ASCII and CJK ideographs (lead bytes E4..E9: U+4000..U+9FFF,
            // never whitespace nor full-width) directly, any other character through `fold`.
            let c = if b < 0x80 {
                i += 1;
                if b.is_ascii_whitespace() || b == 0x0B {
                    continue;
                }
                u32::from(b.to_ascii_lowercase())
            } else if (0xE4..=0xE9).contains(&b) && i + 2 < bytes.len() {
                let c = (u32::from(b & 0x0F) << 12) | (u32::from(bytes[i + 1] & 0x3F) << 6) | u32::from(bytes[i + 2] & 0x3F);
                i += 3;
                c
            } else {
                let Some(ch) = text.get(i..).and_then(|t| t.chars().next()) else { break };
                i += ch.len_utf8();
                match fold(ch) {
                    Some(c) => c as u32,
                    None => continue,
                }
            };
            s = self.step(s, self.classes.of(c));
            let mut m = self.first_match[s as usize];
            while m != NONE {
                let p = self.pattern[m as usize] as usize;
                let (w, bit) = (p / 64, 1u64 << (p % 64));
                if seen[w] & bit != 0 {
                    // Reported before, and the rest of its chain with it.
                    break;
                }
                seen[w] |= bit;
                found.push(p as u32);
                m = self.next_match[m as usize];
            }
        }
    }

    /// The trie's heap memory, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.classes.heap_bytes()
            + 4 * (self.root.capacity()
                + self.child_start.capacity()
                + self.child_class.capacity()
                + self.child_state.capacity()
                + self.fail.capacity()
                + self.pattern.capacity()
                + self.next_match.capacity()
                + self.first_match.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(t: &Trie, text: &str, n: usize) -> Vec<u32> {
        let mut seen = vec![0u64; n.div_ceil(64)];
        let mut found = Vec::new();
        t.scan(text, &mut seen, &mut found);
        found.sort_unstable();
        found
    }

    #[test]
    fn finds_overlapping_and_nested_keywords_once_each() {
        let patterns: Vec<String> = ["he", "she", "his", "hers", "路灯", "灯", "路灯坏了", "坏"].iter().map(|s| s.to_string()).collect();
        let t = Trie::new(&patterns);
        assert_eq!(scan(&t, "ushers", patterns.len()), [0, 1, 3]);
        assert_eq!(scan(&t, "路灯坏了，路灯", patterns.len()), [4, 5, 6, 7]);
        // Normalized on the way: spaces skipped, full-width folded, upper case lowered.
        assert_eq!(scan(&t, "Ｈ E 路 灯", patterns.len()), [0, 4, 5]);
        assert_eq!(scan(&t, "无关的话", patterns.len()), Vec::<u32>::new());
    }

    #[test]
    fn rows_and_failure_links_find_the_same_keywords() {
        // Keywords that share suffixes and prefixes: the rows grow, and over a cap the failure
        // links stay.
        let patterns: Vec<String> = (0..60u32).map(|i| format!("{}x{}", char::from_u32(0x4E00 + i).unwrap(), char::from_u32(0x5E00 + i).unwrap())).collect();
        let rows = Trie::new(&patterns);
        let links = Trie::with_row_cap(&patterns, 0, 0);
        assert!(rows.fail.is_empty() && !links.fail.is_empty());
        let text: String = patterns.iter().step_by(7).map(|p| format!("{p}x{p}")).collect();
        assert_eq!(scan(&rows, &text, patterns.len()), scan(&links, &text, patterns.len()));
        assert_eq!(scan(&rows, &text, patterns.len()).len(), 9);
    }
}
