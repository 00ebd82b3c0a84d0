//! The character classes of a guide's keywords over raw characters: normalization (full-width
//! forms folded, whitespace skipped, ASCII lower-cased) folded into one table of the Basic
//! Multilingual Plane's code points, so that a scan reads a raw character's class in one read
//! (128 KiB), or, when the memory limit leaves no room for it, into a table of the plane's
//! blocks (two dependent reads, a row of 512 bytes per block that holds a keyword character).

use super::{fold, SKIP, SKIP16};

/// How many code points the Basic Multilingual Plane has.
pub(super) const BMP: usize = 0x1_0000;

/// The character classes of the keywords, over raw characters (normalization included).
#[derive(Clone, Debug)]
pub(crate) struct Classes {
    /// The keywords' distinct characters, ascending: a character's class is its rank + 1.
    pub(super) chars: Vec<u32>,
    /// Per block of 256 code points of the Basic Multilingual Plane: its row in `rows`
    /// (0: a row of zeros, no keyword character nor whitespace in the block).
    pub(super) blocks: Box<[u16; 256]>,
    /// The classes of the blocks' raw code points: the class of the character each folds to,
    /// [`SKIP16`] for whitespace. Empty when the classes do not fit `u16`, or with `flat`.
    pub(super) rows: Vec<[u16; 256]>,
    /// Per raw code point of the plane: its class as in `rows` (one read instead of two
    /// dependent ones). `None` when the classes do not fit `u16`, or when not asked for.
    pub(super) flat: Option<Box<[u16; BMP]>>,
    /// Per rank + 1 in `chars`: the class (numbered by use once the trie is built, so that
    /// the rows of the transitions are short); empty while a character's class is its rank + 1.
    pub(super) class: Vec<u32>,
}

impl Classes {
    /// The classes of the characters of `patterns` (normalized); with the flat table of the
    /// plane when `flat`, else the table of its blocks.
    pub(crate) fn new<'a>(patterns: impl Iterator<Item = &'a str>, flat: bool) -> Classes {
        let mut chars: Vec<u32> = patterns.flat_map(str::chars).map(|c| c as u32).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut c = Classes { chars, blocks: Box::new([0; 256]), rows: Vec::new(), flat: None, class: Vec::new() };
        if c.chars.len() >= usize::from(SKIP16) {
            return c;
        }
        // The raw characters with a class or skipped: the keyword characters, what folds to
        // them (upper-case ASCII letters, full-width forms), and whitespace (all below U+3001).
        let whitespace = (0..=0x3000).filter(|&u| char::from_u32(u).is_some_and(char::is_whitespace));
        let folded = (u32::from(b'A')..=u32::from(b'Z')).chain(0xFF01..=0xFF5E).chain(whitespace);
        let mut marks: Vec<(u32, u16)> = Vec::new();
        for raw in c.chars.iter().copied().filter(|&ch| ch < 0x1_0000).chain(folded) {
            let Some(ch) = char::from_u32(raw) else { continue };
            let class = match fold(ch) {
                None => SKIP16,
                Some(f) => c.search(f as u32) as u16,
            };
            if class != 0 {
                marks.push((raw, class));
            }
        }
        if flat {
            let Ok(mut table) = Box::<[u16; BMP]>::try_from(vec![0u16; BMP].into_boxed_slice()) else { return c };
            for &(raw, class) in &marks {
                if let Some(slot) = table.get_mut(raw as usize) {
                    *slot = class;
                }
            }
            c.flat = Some(table);
            return c;
        }
        // Number the blocks that hold a mark first, then fill their rows.
        let mut blocks = Box::new([0u16; 256]);
        let mut used = 0u16;
        for &(raw, _) in &marks {
            let b = &mut blocks[(raw >> 8) as usize];
            if *b == 0 {
                used += 1;
                *b = used;
            }
        }
        let mut rows = vec![[0u16; 256]; usize::from(used) + 1];
        for &(raw, class) in &marks {
            rows[usize::from(blocks[(raw >> 8) as usize])][(raw & 0xFF) as usize] = class;
        }
        c.blocks = blocks;
        c.rows = rows;
        c
    }

    /// The class of a normalized character: 0 when no keyword has it.
    pub(super) fn search(&self, c: u32) -> u32 {
        match self.chars.binary_search(&c) {
            Ok(i) => self.class.get(i + 1).copied().unwrap_or(i as u32 + 1),
            Err(_) => 0,
        }
    }

    /// Numbers the classes anew: class `k` becomes `class[k]` (`class[0]` is 0).
    pub(super) fn renumber(&mut self, class: Vec<u32>) {
        for k in self.rows.iter_mut().flatten().chain(self.flat.iter_mut().flat_map(|t| t.iter_mut())) {
            if *k != SKIP16 {
                *k = class[usize::from(*k)] as u16;
            }
        }
        self.class = class;
    }

    /// The class of a raw character: that of the character it normalizes to, [`SKIP`] when
    /// normalization removes it.
    #[inline]
    pub(crate) fn of(&self, c: char) -> u32 {
        let u = c as u32;
        if let (Some(table), Ok(u)) = (&self.flat, u16::try_from(u)) {
            return of_flat(table, u);
        }
        if u < 0x1_0000 && !self.rows.is_empty() {
            return self.of_bmp(u as u16);
        }
        fold(c).map_or(SKIP, |f| self.search(f as u32))
    }

    /// [`Classes::of`] a character of the Basic Multilingual Plane, when the table is built.
    #[inline]
    pub(super) fn of_bmp(&self, u: u16) -> u32 {
        let k = self.rows[usize::from(self.blocks[usize::from(u >> 8)])][usize::from(u & 0xFF)];
        if k == SKIP16 {
            SKIP
        } else {
            u32::from(k)
        }
    }

    /// How many classes (without 0).
    pub(crate) fn count(&self) -> usize {
        self.chars.len()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        (self.chars.capacity() + self.class.capacity()) * 4 + 512 + self.rows.capacity() * 512 + self.flat.as_ref().map_or(0, |_| BMP * 2)
    }
}

/// [`Classes::of`] a character of the Basic Multilingual Plane, by the flat table.
#[inline(always)]
pub(super) fn of_flat(table: &[u16; BMP], u: u16) -> u32 {
    let k = table[usize::from(u)];
    if k == SKIP16 {
        SKIP
    } else {
        u32::from(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_characters_class_is_that_of_its_normalized_form() {
        let patterns: Vec<String> = ["abc", "路灯", "12345", "x!", "𠀀字"].iter().map(|s| s.to_string()).collect();
        for flat in [false, true] {
            let table = Classes::new(patterns.iter().map(String::as_str), flat);
            assert!(!table.blocks.is_empty());
            assert_eq!((table.flat.is_some(), table.rows.is_empty()), (flat, flat));
            for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
                assert_eq!(table.of(c), fold(c).map_or(SKIP, |f| table.search(f as u32)), "{c:?}");
            }
            assert_eq!((table.of('Ａ'), table.of('A'), table.of('a')), (table.search('a' as u32), table.search('a' as u32), table.search('a' as u32)));
            assert_eq!((table.of('\u{3000}'), table.of(' ')), (SKIP, SKIP));
        }
    }
}
