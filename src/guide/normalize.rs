//! Normalization of request texts and keywords: full-width forms folded to half-width,
//! whitespace removed, ASCII lower-cased. [`normalize`] makes a normalized copy (of keywords,
//! and of a text for the lean automaton); [`fold`] normalizes one character, as the keyword
//! scan and the emergency context pass do on the way.

/// The bytes [`normalize`] looks at: ASCII whitespace (and vertical tab), ASCII upper case,
/// and the lead bytes of whitespace and full-width forms; every other byte is copied as is.
const SLOW_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_whitespace() || c == 0x0B || c.is_ascii_uppercase() || matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
        b += 1;
    }
    t
};

/// Folds full-width forms to half-width, removes whitespace, lower-cases ASCII.
///
/// # Example
/// ```
/// assert_eq!(jiesu::guide::normalize("１２３４５　热线 ABC"), "12345热线abc");
/// ```
pub fn normalize(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // Copy the run of bytes that need no change in one go: CJK ideographs (lead bytes
        // E4..E9), other letters, digits. Only ASCII whitespace and upper case, and characters
        // whose lead byte may start a whitespace or full-width form, take the slow path.
        let run = bytes[i..].iter().position(|&b| SLOW_BYTE[b as usize]).unwrap_or(bytes.len() - i);
        out.push_str(&text[i..i + run]);
        i += run;
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if !c.is_whitespace() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// One character normalized: `None` for whitespace (removed), a full-width form folded to
/// half-width, ASCII lower-cased. [`normalize`] is this over every character.
#[inline]
pub(crate) fn fold(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    (!c.is_whitespace()).then(|| c.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_each_character_is_normalizing_the_text() {
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let folded: String = all.chars().filter_map(fold).collect();
        assert_eq!(folded, normalize(&all));
        assert_eq!(normalize(&folded), folded);
    }
}
