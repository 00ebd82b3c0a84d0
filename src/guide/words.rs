//! Words found leftmost-longest in a raw request text, normalized character by character on
//! the way (no normalized copy): what the emergency context pass reads.
//!
//! The words are a trie over normalized characters. From each position of the normalized text
//! the trie is walked as far as the text follows it; the longest word ending on that walk is
//! reported and the search goes on after it, else at the next character. That is the
//! leftmost-longest, non-overlapping order of matches (`aho-corasick`'s `LeftmostLongest`
//! over the normalized text): among the words that start leftmost the longest wins, and no
//! word starts inside one reported. A walk is at most as long as the longest word, so a
//! pass costs the text's length times that at worst; most positions start no word and cost
//! two reads of a table of the
//! first characters.

use super::normalize::fold;

/// No node.
const NONE: u32 = u32::MAX;

/// A word found: which one, and where it lies in the normalized text (bytes and characters
/// from its start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// The word's index, as given to [`Words::new`].
    pub word: u32,
    /// Its first byte in the normalized text.
    pub start: usize,
    /// Its first character in the normalized text.
    pub start_char: usize,
    /// The byte after it in the normalized text.
    pub end: usize,
    /// The character after it in the normalized text.
    pub end_char: usize,
}

/// A trie of words (normalized, distinct, non-empty) over characters.
#[derive(Clone, Debug)]
pub(crate) struct Words {
    /// Per node: its first edge in `edges` (its edges run to the next node's first edge).
    first_edge: Vec<u32>,
    /// The edges, per node by ascending character: (character, child).
    edges: Vec<(u32, u32)>,
    /// Per node: the word it spells (`NONE` if none).
    word: Vec<u32>,
    /// The root's children by characters of the Basic Multilingual Plane: per block of 256
    /// code points its row in `start_rows` (0: a row of `NONE`, no word starts in the block).
    start_blocks: Box<[u16; 256]>,
    /// The rows of the blocks: per code point, the root's child (`NONE` if none).
    start_rows: Vec<[u32; 256]>,
    /// One bit per CJK ideograph of U+4000..U+9FFF (three bytes with the lead bytes E4..E9):
    /// whether a word starts with it. The pass skips the others a read each.
    starts_cjk: Box<[u64; CJK_WORDS]>,
}

/// The first code point of [`Words::starts_cjk`].
const CJK_FIRST: u32 = 0x4000;
/// The 64-bit words of [`Words::starts_cjk`]: U+4000..U+9FFF.
const CJK_WORDS: usize = 0x6000 / 64;

impl Words {
    /// The trie of `words`: word `i` is reported as `i`; a word given twice keeps its first
    /// index (the later ones are never reported).
    pub(crate) fn new(words: &[String]) -> Words {
        // Children per node while building; flattened below.
        let mut kids: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        let mut word = vec![NONE];
        for (i, w) in words.iter().enumerate() {
            let mut n = 0usize;
            for c in w.chars().map(|c| c as u32) {
                n = match kids[n].binary_search_by_key(&c, |e| e.0) {
                    Ok(j) => kids[n][j].1 as usize,
                    Err(j) => {
                        let t = kids.len();
                        kids[n].insert(j, (c, t as u32));
                        kids.push(Vec::new());
                        word.push(NONE);
                        t
                    }
                };
            }
            if n != 0 && word[n] == NONE {
                word[n] = i as u32;
            }
        }
        let mut first_edge = Vec::with_capacity(kids.len() + 1);
        let mut edges = Vec::with_capacity(kids.iter().map(Vec::len).sum());
        for k in &kids {
            first_edge.push(edges.len() as u32);
            edges.extend_from_slice(k);
        }
        first_edge.push(edges.len() as u32);
        let mut start_blocks = Box::new([0u16; 256]);
        let mut start_rows = vec![[NONE; 256]];
        let mut starts_cjk = Box::new([0u64; CJK_WORDS]);
        for &(c, _) in kids[0].iter().filter(|e| (CJK_FIRST..CJK_FIRST + 0x6000).contains(&e.0)) {
            let i = c - CJK_FIRST;
            starts_cjk[(i / 64) as usize] |= 1 << (i % 64);
        }
        for &(c, t) in kids[0].iter().filter(|e| e.0 < 0x1_0000) {
            let b = &mut start_blocks[(c >> 8) as usize];
            if *b == 0 {
                *b = start_rows.len() as u16;
                start_rows.push([NONE; 256]);
            }
            start_rows[usize::from(*b)][(c & 0xFF) as usize] = t;
        }
        Words { first_edge, edges, word, start_blocks, start_rows, starts_cjk }
    }

    /// The child of node `n` by character `c`.
    #[inline]
    fn child(&self, n: u32, c: u32) -> Option<u32> {
        let (a, b) = (self.first_edge[n as usize] as usize, self.first_edge[n as usize + 1] as usize);
        let edges = &self.edges[a..b];
        edges.binary_search_by_key(&c, |e| e.0).ok().map(|j| edges[j].1)
    }

    /// The root's child by character `c`: two reads in the plane, else a search.
    #[inline]
    fn start(&self, c: u32) -> Option<u32> {
        if c >= 0x1_0000 {
            return self.child(0, c);
        }
        let row = self.start_rows.get(usize::from(self.start_blocks[(c >> 8) as usize & 0xFF]))?;
        Some(row[(c & 0xFF) as usize]).filter(|&t| t != NONE)
    }

    /// Calls `f` with each word found leftmost-longest in `text` once normalized, in text
    /// order.
    pub(crate) fn find_each(&self, text: &str, mut f: impl FnMut(Found)) {
        // `i`: the byte of `text` after the normalized character at `at` (bytes) and
        // `at_char` (characters) of the normalized text.
        let mut i = 0;
        let (mut at, mut at_char) = (0usize, 0usize);
        let bytes = text.as_bytes();
        loop {
            // The CJK ideographs that start no word, most of a request, skipped a read each
            // (each is itself normalized: three bytes, one character).
            while let Some(&[b0 @ 0xE4..=0xE9, b1, b2]) = bytes.get(i..i + 3) {
                let u = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                let k = u.wrapping_sub(CJK_FIRST);
                if self.starts_cjk.get((k / 64) as usize).is_none_or(|w| w & (1 << (k % 64)) != 0) {
                    break;
                }
                (i, at, at_char) = (i + 3, at + 3, at_char + 1);
            }
            let Some(first) = next_folded(text, &mut i) else { break };
            let first_len = first.len_utf8();
            let mut best = None;
            if let Some(mut n) = self.start(first as u32) {
                let mut walk = i;
                let (mut len, mut chars) = (first_len, 1);
                loop {
                    if self.word[n as usize] != NONE {
                        best = Some((self.word[n as usize], walk, len, chars));
                    }
                    let Some(c) = next_folded(text, &mut walk) else { break };
                    let Some(m) = self.child(n, c as u32) else { break };
                    (n, len, chars) = (m, len + c.len_utf8(), chars + 1);
                }
            }
            match best {
                Some((word, after, len, chars)) => {
                    f(Found { word, start: at, start_char: at_char, end: at + len, end_char: at_char + chars });
                    i = after;
                    (at, at_char) = (at + len, at_char + chars);
                }
                None => (at, at_char) = (at + first_len, at_char + 1),
            }
        }
    }

    /// The trie's heap memory, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        4 * (self.first_edge.capacity() + self.word.capacity()) + 8 * self.edges.capacity() + 512 + 1024 * self.start_rows.capacity() + 8 * CJK_WORDS
    }
}

/// The next character of `text` from byte `i` that normalization keeps, normalized; `i`
/// moves past it.
#[inline(always)]
fn next_folded(text: &str, i: &mut usize) -> Option<char> {
    let bytes = text.as_bytes();
    loop {
        let b = *bytes.get(*i)?;
        let c = match (b, bytes.get(*i + 1..*i + 3)) {
            (0..0x80, _) => {
                *i += 1;
                char::from(b)
            }
            // The CJK ideographs' lead bytes (U+4000..U+9FFF): nothing to fold or remove.
            (0xE4..=0xE9, Some(&[b1, b2])) => {
                *i += 3;
                let u = (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                match char::from_u32(u) {
                    Some(c) => return Some(c),
                    None => continue,
                }
            }
            _ => {
                let c = text.get(*i..)?.chars().next()?;
                *i += c.len_utf8();
                c
            }
        };
        if let Some(f) = fold(c) {
            return Some(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_as_the_leftmost_longest_iterator_finds_them_in_the_normalized_text() {
        let words: Vec<String> =
            ["没有", "没有呼吸", "呼吸", "着火", "火", ",", "。", "打了120", "120", "ab", "abc", "bcd", "𠀀字"].iter().map(|s| s.to_string()).collect();
        let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&words).unwrap();
        let t = Words::new(&words);
        for text in ["他没有呼吸了，着火了", "打 了 １２０，没有着火。", "ABCD abc bcd", "没有没有呼吸呼", "", "   ", "x𠀀字y火", "火火火"]
        {
            let norm = crate::guide::normalize(text);
            let want: Vec<(u32, usize, usize)> = ac.find_iter(&norm).map(|m| (m.pattern().as_u32(), m.start(), m.end())).collect();
            let mut got = Vec::new();
            t.find_each(text, |m| {
                assert_eq!(norm[..m.start].chars().count(), m.start_char);
                assert_eq!(norm[..m.end].chars().count(), m.end_char);
                got.push((m.word, m.start, m.end));
            });
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn request_texts_give_the_leftmost_longest_matches_with_the_skip_of_ideographs() {
        // Words starting with ideographs in and out of U+4000..U+9FFF (skipped a read each
        // when no word starts with them), punctuation and ASCII, over the guide's request texts.
        let words: Vec<String> = ["没有", "没有人", "不是", "着火", "火", "人", "打了120", "120", "，", "。", "已经", "去年", "㐀字", "停水", "路灯", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&words).unwrap();
        let t = Words::new(&words);
        let cases: toml::Value = toml::from_str(include_str!("../../tests/data/guide_requests.toml")).unwrap();
        let mut n = 0;
        for c in cases["case"].as_array().unwrap() {
            let Some(text) = c["text"].as_str() else { continue };
            let text = format!("㐀字{text} X 没有人");
            let norm = crate::guide::normalize(&text);
            let want: Vec<(u32, usize, usize)> = ac.find_iter(&norm).map(|m| (m.pattern().as_u32(), m.start(), m.end())).collect();
            let mut got = Vec::new();
            t.find_each(&text, |m| {
                assert_eq!(norm[..m.start].chars().count(), m.start_char);
                got.push((m.word, m.start, m.end));
            });
            n += got.len();
            assert_eq!(got, want, "{text}");
        }
        assert!(n > 500, "{n}");
    }

    #[test]
    fn a_word_given_twice_keeps_its_first_index() {
        let t = Words::new(&["火".to_string(), "火".to_string()]);
        let mut got = Vec::new();
        t.find_each("着火", |m| got.push(m.word));
        assert_eq!(got, [0]);
    }
}
