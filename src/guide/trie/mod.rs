//! The fast keyword automaton: an Aho–Corasick trie over characters, scanned once over the raw
//! request text, normalizing each character on the way (no normalized copy of the text).
//!
//! Each distinct character of the keywords is a class (its rank among them, from 1; 0 for
//! every other character). A table of the Basic Multilingual Plane's code points gives the
//! class of a raw character in one read (of the plane's blocks, two reads, when the memory
//! limit has no room for it), normalization included: a full-width form or an upper-case
//! letter has the class of the character it folds to, whitespace is skipped (a binary search
//! beyond the plane, or when the classes do not fit 16 bits). A character without a class
//! returns to the root at once: most characters of a request are in no keyword.
//!
//! The transitions are a double array: the root's are a row indexed by class; a deeper state's
//! transition by class `k` is the cell `base + k` of its row when that cell records the row's
//! base, else where the root goes (complete rows: a state's row holds every class whose
//! transition is not the root's, so a step is one lookup). A wide complete row (a state deeper
//! than one character, more than [`DIRECT_ROW`] entries) holds only what differs from the
//! complete row of a shallower state on its failure chain, read on a miss (at most two
//! lookups); a leaf shares its failure link's row. The classes are numbered by how many rows
//! hold them, so that rows are short spans, and the rows are packed first-fit within a memory
//! limit. When the complete rows would hold more than a few entries per state (keywords sharing
//! many suffixes and prefixes), the cells hold the children and a miss follows the failure
//! link.
//!
//! A cell (and a root's transition) holds, beside its target, what the target's own step reads:
//! the base of its row, the base of the row that completes it, and whether a keyword ends
//! there. A step of the fast walk is then one read of the cells (two or three on a miss, all
//! known before any is made) rather than a read of the cells followed by a read of the
//! target's record: the walk is bound by the latency of dependent reads, and this halves
//! them (the scan took about two thirds of its time before). The tables hold 16 bytes per
//! cell (≈ 0.37 MB for the default guide, 128 KiB of it the class table), small enough to
//! stay in the cache.
//!
//! A scan reports each distinct keyword once: each state knows its own keyword (the state of
//! a keyword is unique) and the next state on its failure chain that has one; the walk down
//! that chain stops at the first keyword already reported, whose chain was walked then. So a
//! scan's time is linear in the text plus the keywords found, never in the overlapping
//! matches.

mod cells;
mod classes;

use super::normalize::fold;
use cells::Cells;
use classes::Classes;

/// No state / no pattern / no cell.
const NONE: u32 = u32::MAX;
/// The root state.
const ROOT: u32 = 0;
/// The complete rows are built when they hold at most this many entries per state (plus a
/// few thousand): the default guide's hold about 3.
const ROW_ENTRIES_PER_STATE: usize = 16;
/// A state's complete row is held when it has at most this many entries (or when the state
/// is one character deep); a wider one holds what differs from a shallower state's row.
const DIRECT_ROW: usize = 8;
/// The class of a character normalization removes (whitespace): skipped.
const SKIP: u32 = u32::MAX;
/// The table's mark of [`SKIP`].
const SKIP16: u16 = u16::MAX;
/// The owner of the cells no state may use.
const RESERVED: u32 = u32::MAX - 1;
/// How many free cells a row is tried at before it is placed at the end of the cells.
const PLACE_TRIES: usize = 1 << 16;

/// A transition as a step reads it: the target state with what its own step reads (the base
/// of its row and the base of the row that completes it), so that a step is one read of the
/// cells, not one more of the target's record.
#[derive(Clone, Copy, Debug)]
struct Cell {
    /// The base of the row holding the cell (`NONE` when free, [`RESERVED`] for the cells no
    /// row may use); unused in [`Trie::root`].
    owner: u32,
    /// The target state (`NONE` when free).
    target: u32,
    /// The base of the target's row (0, which no cell records, for the root and a row without
    /// cells).
    base: u32,
    /// The base of the row that completes the target's on a miss (0 when none), with the bit
    /// [`MATCH`] set when the target or a state on its failure chain spells a keyword.
    via: u32,
}

impl Cell {
    /// A free cell.
    const FREE: Cell = Cell { owner: NONE, target: NONE, base: 0, via: 0 };
}

/// The built trie with its failure links.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    classes: Classes,
    /// The root's transition per class (to `ROOT` when no keyword starts with it; class 0
    /// included).
    root: Vec<Cell>,
    /// Per state, what a step reads: the base of its row in `cells`; the state whose complete
    /// row completes its own on a miss, or `ROOT` when its row is complete (with complete
    /// rows), with the bit [`MATCH`] set when the state or one on its failure chain spells a
    /// keyword.
    step: Vec<[u32; 2]>,
    /// Per state, what a match reads: its first match state — itself if it spells a keyword,
    /// else the next state on its failure chain that does (`NONE` if none); the keyword it
    /// spells (`NONE` if none); the next state on its failure chain that spells a keyword
    /// (`NONE` if none).
    states: Vec<[u32; 3]>,
    /// The cells of the rows.
    cells: Vec<Cell>,
    /// Per state: its failure link (the longest proper suffix that is in the trie); empty
    /// once the rows are complete.
    fail: Vec<u32>,
}

/// The bit of a state's `via` in [`Trie::step`] that says a keyword ends there.
const MATCH: u32 = 1 << 31;
/// The field of a state's record in [`Trie::states`] read by index (the keyword and the next
/// match are read by destructuring).
const FIRST_MATCH: usize = 0;

impl Trie {
    /// Builds the trie of `patterns` (distinct, non-empty, normalized): pattern `i` is
    /// reported as `i`. `None` when its tables would hold more than `max_bytes`. With the flat
    /// class table when it fits, else with the table of blocks (a small guide's limit).
    pub(crate) fn new(patterns: &[String], max_bytes: usize) -> Option<Trie> {
        Trie::with_row_cap(patterns, ROW_ENTRIES_PER_STATE, 4096, max_bytes, true)
            .or_else(|| Trie::with_row_cap(patterns, ROW_ENTRIES_PER_STATE, 4096, max_bytes, false))
    }

    /// [`Trie::new`], completing the rows when they hold at most `cap` entries per state and
    /// `slack` more, the class table flat when `flat`.
    fn with_row_cap(patterns: &[String], cap: usize, slack: usize, max_bytes: usize, flat: bool) -> Option<Trie> {
        let classes = Classes::new(patterns.iter().map(String::as_str), flat);
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
                let k = classes.search(c as u32);
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
        let n = kids.len();
        pattern.shrink_to_fit();
        // Failure links, breadth first: a state's link is shallower than the state.
        let child = |s: u32, k: u32| kids[s as usize].binary_search_by_key(&k, |e| e.0).ok().map(|i| kids[s as usize][i].1);
        let goto = |fail: &[u32], mut s: u32, k: u32| loop {
            if s == ROOT {
                break root[k as usize];
            }
            if let Some(t) = child(s, k) {
                break t;
            }
            s = fail[s as usize];
        };
        let (mut fail, mut next_match) = (vec![ROOT; n], vec![NONE; n]);
        let mut queue: Vec<u32> = root.iter().copied().filter(|&t| t != ROOT).collect();
        let mut head = 0;
        while let Some(&s) = queue.get(head) {
            head += 1;
            for &(k, t) in &kids[s as usize] {
                let f = goto(&fail, fail[s as usize], k);
                fail[t as usize] = f;
                next_match[t as usize] = if pattern[f as usize] != NONE { f } else { next_match[f as usize] };
                queue.push(t);
            }
        }
        let first_match: Vec<u32> = (0..n).map(|s| if pattern[s] != NONE { s as u32 } else { next_match[s] }).collect();
        let rows = complete_rows(&kids, &fail, &queue, cap, slack);
        let kids_empty: Vec<bool> = kids.iter().map(Vec::is_empty).collect();
        let fail_links = fail;
        let fail = if rows.is_some() { Vec::new() } else { fail_links.clone() };
        let mut rows = rows.unwrap_or(kids);
        // The classes numbered by how many rows hold them, the most first: a row's classes are
        // then close together, and the rows pack densely.
        let mut uses = vec![0usize; root.len()];
        for row in &rows {
            for &(k, _) in row {
                uses[k as usize] += 1;
            }
        }
        let mut by_use: Vec<u32> = (1..root.len() as u32).collect();
        by_use.sort_by_key(|&k| std::cmp::Reverse(uses[k as usize]));
        let mut class = vec![0u32; root.len()];
        for (i, &k) in by_use.iter().enumerate() {
            class[k as usize] = i as u32 + 1;
        }
        let mut renumbered_root = vec![ROOT; root.len()];
        for (k, &t) in root.iter().enumerate() {
            renumbered_root[class[k] as usize] = t;
        }
        for row in &mut rows {
            for e in row.iter_mut() {
                e.0 = class[e.0 as usize];
            }
            row.sort_unstable();
        }
        let mut classes = classes;
        classes.renumber(class);
        let root = renumbered_root;
        // With complete rows: a state whose row is wide holds only what differs from the row
        // of the nearest state on its failure chain that holds its complete row (`via`), a
        // second lookup on a miss; a leaf's row is its failure link's, shared (breadth first:
        // the link is shallower, its representation known).
        let mut via = vec![ROOT; n];
        let mut share: Vec<u32> = (0..n as u32).collect();
        if fail.is_empty() {
            let mut held = vec![Vec::new(); n];
            for &s in &queue {
                let (s, f) = (s as usize, fail_links[s as usize] as usize);
                if kids_empty[s] {
                    (share[s], via[s]) = (share[f], via[f]);
                } else if f == ROOT as usize || rows[s].len() <= DIRECT_ROW {
                    held[s] = rows[s].clone();
                } else {
                    let g = if via[f] == ROOT { f } else { via[f] as usize };
                    via[s] = g as u32;
                    held[s] = rows[s].iter().filter(|e| rows[g].binary_search(e).is_err()).copied().collect();
                }
            }
            rows = held;
        }
        let cell_bytes = std::mem::size_of::<Cell>();
        let fixed = classes.heap_bytes() + cell_bytes * root.len() + 4 * fail.len() + 20 * n;
        let max_cells = max_bytes.saturating_sub(fixed) / cell_bytes;
        let Cells { base, cells } = Cells::pack(&rows, &share, root.len(), max_cells)?;
        if n as u32 >= MATCH || cells.len() as u64 >= u64::from(MATCH) {
            return None;
        }
        let matches = |s: usize| if first_match[s] == NONE { 0 } else { MATCH };
        let step = (0..n).map(|s| [base[s], via[s] | matches(s)]).collect();
        // What a step to `t` reads next: its row's base, and the base of the row completing it.
        let cell = |owner: u32, t: u32| {
            if t == NONE {
                return Cell { owner, ..Cell::FREE };
            }
            let v = via[t as usize];
            let via_base = if v == ROOT { 0 } else { base[v as usize] };
            Cell { owner, target: t, base: base[t as usize], via: via_base | matches(t as usize) }
        };
        let cells = cells.iter().map(|&[owner, t]| cell(owner, t)).collect();
        let root = root.iter().map(|&t| cell(NONE, t)).collect();
        let states = (0..n).map(|s| [first_match[s], pattern[s], next_match[s]]).collect();
        Some(Trie { classes, root, step, states, cells, fail })
    }

    /// The transition by class `k` held in the cells of the row at `base`, else `other`.
    #[inline(always)]
    fn cell(&self, base: u32, k: u32, other: u32) -> u32 {
        match self.cells.get(base as usize + k as usize) {
            Some(c) if c.owner == base => c.target,
            _ => other,
        }
    }

    /// The root's transition by class `k`.
    #[inline(always)]
    fn root(&self, k: u32) -> u32 {
        self.root.get(k as usize).map_or(ROOT, |c| c.target)
    }

    /// The state after the state `s` reads a character of class `k`, when the rows are
    /// complete: `base` and `via` are the state's (its record in [`Trie::step`], without the
    /// [`MATCH`] bit). A class not in the row (nor in the row it completes) goes where the root
    /// goes; the root has no cells, class 0 none either.
    #[inline(always)]
    fn complete_step(&self, base: u32, via: u32, k: u32) -> u32 {
        let t = self.cell(base, k, NONE);
        if t != NONE {
            return t;
        }
        let root = self.root(k);
        if via == ROOT {
            root
        } else {
            self.cell(self.step.get(via as usize).map_or(0, |r| r[0]), k, root)
        }
    }

    /// The state after the state `s` reads a character of class `k`, by the complete rows or
    /// by the failure links.
    fn general_step(&self, mut s: u32, k: u32) -> u32 {
        if self.fail.is_empty() {
            let [base, via] = self.step[s as usize];
            return self.complete_step(base, via & !MATCH, k);
        }
        loop {
            if s == ROOT || k == 0 {
                return self.root(k);
            }
            let t = self.cell(self.step[s as usize][0], k, NONE);
            if t != NONE {
                return t;
            }
            s = self.fail[s as usize];
        }
    }

    /// The distinct patterns `text` contains once normalized (overlapping occurrences
    /// included), in the order found; `seen` holds one bit per pattern, all clear.
    pub(crate) fn scan(&self, text: &str, seen: &mut [u64], found: &mut Vec<u32>) {
        if self.fail.is_empty() {
            if let Some(table) = self.classes.flat.as_deref() {
                return self.walk(text, seen, found, |u| classes::of_flat(table, u));
            }
            if !self.classes.rows.is_empty() {
                return self.walk(text, seen, found, |u| self.classes.of_bmp(u));
            }
        }
        {
            // Classes by binary search, or failure links: the general walk.
            let mut s = ROOT;
            for c in text.chars() {
                let k = self.classes.of(c);
                if k != SKIP {
                    s = self.general_step(s, k);
                    if self.step[s as usize][1] & MATCH != 0 {
                        self.report(s, seen, found);
                    }
                }
            }
        }
    }

    /// [`Trie::scan`] with complete rows and a class table of the Basic Multilingual Plane
    /// (`of_bmp`).
    #[inline(always)]
    fn walk(&self, text: &str, seen: &mut [u64], found: &mut Vec<u32>, of_bmp: impl Fn(u16) -> u32) {
        // The fast walk: characters decoded here (ASCII and three-byte characters, CJK among
        // them, read the class table at once; others through `Classes::of`). A step reads the
        // cell of the state's row, else the cell of the row completing it, else the root's
        // transition (the root's row and a row without cells are at base 0, where no cell is
        // any row's; a character without a class is class 0, in no row): each holds what the
        // next step reads, so a step is one to three independent reads.
        let (mut base, mut via) = (0u32, 0u32);
        let mut rest = text.as_bytes();
        while let [b0, tail @ ..] = rest {
            let k = match (*b0, tail) {
                (0..0x80, _) => {
                    rest = tail;
                    of_bmp(u16::from(*b0))
                }
                (0xE0..=0xEF, [b1, b2, after @ ..]) => {
                    rest = after;
                    of_bmp((u16::from(b0 & 0x0F) << 12) | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F))
                }
                _ => {
                    let Some(c) = text.get(text.len() - rest.len()..).and_then(|t| t.chars().next()) else { break };
                    rest = rest.get(c.len_utf8()..).unwrap_or_default();
                    self.classes.of(c)
                }
            };
            if k == SKIP {
                continue;
            }
            let next = match self.cells.get(base as usize + k as usize) {
                Some(c) if c.owner == base => c,
                _ => match self.cells.get((via & !MATCH) as usize + k as usize) {
                    Some(c) if c.owner == via & !MATCH => c,
                    _ => match self.root.get(k as usize) {
                        Some(c) => c,
                        None => break,
                    },
                },
            };
            (base, via) = (next.base, next.via);
            if via & MATCH != 0 {
                self.report(next.target, seen, found);
            }
        }
    }

    /// The keywords of state `s` (its own and those on its failure chain) not reported yet,
    /// reported.
    #[inline(never)]
    fn report(&self, s: u32, seen: &mut [u64], found: &mut Vec<u32>) {
        let mut m = self.states[s as usize][FIRST_MATCH];
        while m != NONE {
            let [_, p, next] = self.states[m as usize];
            let (w, bit) = (p as usize / 64, 1u64 << (p % 64));
            if seen[w] & bit != 0 {
                // Reported before, and the rest of its chain with it.
                break;
            }
            seen[w] |= bit;
            found.push(p);
            m = next;
        }
    }

    /// The trie's heap memory, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.classes.heap_bytes()
            + (self.cells.capacity() + self.root.capacity()) * std::mem::size_of::<Cell>()
            + self.step.capacity() * 8
            + self.states.capacity() * 12
            + 4 * self.fail.capacity()
    }
}

/// The complete rows, breadth first (a state's row is its children over its failure link's
/// row, without the root's transitions), unless they would hold more than `cap` entries per
/// state and `slack` more (keywords sharing many suffixes and prefixes): then `None`, the
/// failure links stay.
fn complete_rows(kids: &[Vec<(u32, u32)>], fail: &[u32], order: &[u32], cap: usize, slack: usize) -> Option<Vec<Vec<(u32, u32)>>> {
    let n = kids.len();
    let max = cap.saturating_mul(n).saturating_add(slack);
    let mut rows: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    let mut total = 0usize;
    for &s in order {
        let own = &kids[s as usize];
        let inherited = &rows[fail[s as usize] as usize];
        let mut row = Vec::with_capacity(own.len() + inherited.len());
        let (mut i, mut j) = (0, 0);
        while i < own.len() || j < inherited.len() {
            match (own.get(i), inherited.get(j)) {
                (Some(&(k, t)), Some(&(h, _))) if k == h => {
                    row.push((k, t));
                    i += 1;
                    j += 1;
                }
                (Some(&(k, _)), Some(&e)) if k > e.0 => {
                    row.push(e);
                    j += 1;
                }
                (Some(&e), _) => {
                    row.push(e);
                    i += 1;
                }
                (None, Some(&e)) => {
                    row.push(e);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        total += row.len();
        if total > max {
            return None;
        }
        rows[s as usize] = row;
    }
    Some(rows)
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
        let t = Trie::new(&patterns, usize::MAX).unwrap();
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
        let rows = Trie::new(&patterns, usize::MAX).unwrap();
        let links = Trie::with_row_cap(&patterns, 0, 0, usize::MAX, true).unwrap();
        assert!(rows.fail.is_empty() && !links.fail.is_empty());
        let text: String = patterns.iter().step_by(7).map(|p| format!("{p}x{p}")).collect();
        assert_eq!(scan(&rows, &text, patterns.len()), scan(&links, &text, patterns.len()));
        assert_eq!(scan(&rows, &text, patterns.len()).len(), 9);
    }

    #[test]
    fn over_its_memory_limit_no_trie_is_built() {
        let patterns: Vec<String> =
            (0..200u32).map(|i| format!("{}{}", char::from_u32(0x4E00 + i).unwrap(), char::from_u32(0x5E00 + i * 7).unwrap())).collect();
        let t = Trie::new(&patterns, usize::MAX).unwrap();
        assert!(Trie::new(&patterns, t.heap_bytes()).is_some());
        // Below that, the table of blocks instead of the flat one, then no trie.
        let small = Trie::new(&patterns, t.heap_bytes() / 2).unwrap();
        assert!(t.classes.flat.is_some() && small.classes.flat.is_none() && small.heap_bytes() <= t.heap_bytes() / 2);
        assert!(Trie::new(&patterns, small.heap_bytes() / 2).is_none());
    }

    #[test]
    fn the_default_guides_keywords_are_found_as_the_overlapping_iterator_finds_them() {
        // Many keywords sharing characters: wide rows, rows held as differences, shared rows.
        let d = crate::guide::Guide::yanshan_default().data().clone();
        let mut patterns: Vec<String> =
            d.categories.iter().flat_map(|c| &c.keywords).chain(d.emergencies.iter().flat_map(|e| &e.keywords)).map(|w| crate::guide::normalize(w)).collect();
        patterns.sort();
        patterns.dedup();
        let t = Trie::new(&patterns, usize::MAX).unwrap();
        assert!(t.fail.is_empty() && t.step.iter().any(|r| r[1] & !MATCH != ROOT));
        let ac = aho_corasick::AhoCorasick::new(&patterns).unwrap();
        let cases: toml::Value = toml::from_str(include_str!("../../../tests/data/guide_requests.toml")).unwrap();
        let texts: Vec<&str> = cases["case"].as_array().unwrap().iter().filter_map(|c| c["text"].as_str()).collect();
        let mut n = 0;
        for (i, text) in texts.iter().enumerate() {
            // Two requests joined, in upper case and full-width forms.
            let joined = format!("{text} {}", texts[(i * 7 + 3) % texts.len()]).to_uppercase().replace('，', ",").replace('1', "１");
            let mut want: Vec<u32> = ac.find_overlapping_iter(&crate::guide::normalize(&joined)).map(|m| m.pattern().as_u32()).collect();
            want.sort_unstable();
            want.dedup();
            n += want.len();
            assert_eq!(scan(&t, &joined, patterns.len()), want, "{joined}");
        }
        assert!(n > 500, "{n}");
    }
}
