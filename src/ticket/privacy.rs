//! Requester data (R-PRIV-1): stored in the history, masked everywhere else.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The requester (诉求人): data, never an actor. Name and phone are personal data: they are
/// kept in the event history (the source of truth) but `Debug`, `Display` and every summary
/// mask them.
///
/// # Example
/// ```
/// use jiesu::ticket::Requester;
/// let r = Requester { name: Some("张三丰".into()), phone: Some("13812345678".into()), requester_key: None };
/// assert_eq!(r.to_string(), "张** 138****5678");
/// assert!(!format!("{r:?}").contains("12345678"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requester {
    /// Name (personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone (personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Keyed hash identifying repeat requesters without the raw number (see [`requester_key`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_key: Option<String>,
}

impl Requester {
    /// A copy with name and phone masked (for summaries and exports).
    ///
    /// # Example
    /// ```
    /// use jiesu::ticket::Requester;
    /// let r = Requester { name: Some("李四".into()), phone: Some("0876-3121234".into()), requester_key: None };
    /// assert_eq!(r.masked().phone.as_deref(), Some("087****1234"));
    /// ```
    pub fn masked(&self) -> Requester {
        Requester { name: self.name.as_deref().map(mask_name), phone: self.phone.as_deref().map(mask_phone), requester_key: self.requester_key.clone() }
    }
}

impl fmt::Debug for Requester {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.masked();
        f.debug_struct("Requester").field("name", &m.name).field("phone", &m.phone).field("requester_key", &m.requester_key).finish()
    }
}

impl fmt::Display for Requester {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.masked();
        write!(f, "{} {}", m.name.as_deref().unwrap_or("-"), m.phone.as_deref().unwrap_or("-"))
    }
}

/// Masks a name: first character kept, the rest `*` (`张三` → `张*`).
///
/// # Example
/// ```
/// assert_eq!(jiesu::ticket::mask_name("欧阳修"), "欧**");
/// assert_eq!(jiesu::ticket::mask_name(""), "");
/// ```
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
    }
}

/// The digits of a phone number as ASCII: ASCII digits, and full-width digits (`０`–`９`, what
/// Chinese input methods type) as their ASCII equivalents; everything else is dropped.
fn phone_digits(phone: &str) -> impl Iterator<Item = char> + '_ {
    phone.chars().filter_map(|c| match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
        _ => None,
    })
}

/// Masks a phone number: the first 3 and last 4 digits kept (`13812345678` → `138****5678`);
/// shorter numbers keep less. Full-width digits count as digits (shown as ASCII); anything
/// else is dropped.
///
/// # Example
/// ```
/// assert_eq!(jiesu::ticket::mask_phone("138 1234 5678"), "138****5678");
/// assert_eq!(jiesu::ticket::mask_phone("１３８１２３４５６７８"), "138****5678");
/// assert_eq!(jiesu::ticket::mask_phone("12345"), "1***5");
/// ```
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone_digits(phone).collect();
    let n = digits.len();
    let (head, tail) = match n {
        0 => return String::new(),
        1..=4 => (0, 0),
        5..=7 => (1, 1),
        8..=10 => (3, 3),
        _ => (3, 4),
    };
    digits.iter().enumerate().map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' }).collect()
}

/// The requester key: HMAC-SHA-256 of the phone number's digits under an integrator-supplied
/// secret, hex, 32 characters. The same phone gives the same key under the same secret, so
/// repeat requests are detected without the raw number (R-PRIV-1).
///
/// Full-width digits (`１３８…`) are the same digits as ASCII ones; spaces, dashes and other
/// characters are ignored. A phone without any digit (`无`, `匿名`, empty) gives **no key**
/// (`None`): such requesters cannot be told apart, and giving them all one key would make
/// different people one repeat requester. A ticket without a key takes no part in repeat
/// detection and counts as a requester of its own in many-people detection.
///
/// # Example
/// ```
/// use jiesu::ticket::requester_key;
/// let a = requester_key(b"county-secret", "138-1234-5678").unwrap();
/// assert_eq!(Some(&a), requester_key(b"county-secret", "13812345678").as_ref());
/// assert_eq!(Some(&a), requester_key(b"county-secret", "１３８１２３４５６７８").as_ref());
/// assert_ne!(Some(&a), requester_key(b"other-secret", "13812345678").as_ref());
/// assert_eq!(a.len(), 32);
/// assert_eq!(requester_key(b"county-secret", "匿名"), None);
/// ```
pub fn requester_key(secret: &[u8], phone: &str) -> Option<String> {
    let digits: String = phone_digits(phone).collect();
    if digits.is_empty() {
        return None;
    }
    let mac = hmac_sha256(secret, digits.as_bytes());
    Some(hex(&mac[..16]))
}

pub(crate) fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    // Sized once and filled in place, two digits per byte from one table entry.
    let mut s = vec![0; bytes.len() * 2];
    for (d, b) in s.chunks_exact_mut(2).zip(bytes) {
        d.copy_from_slice(&HEX_PAIRS[usize::from(*b)]);
    }
    // ASCII digits and letters: always UTF-8.
    String::from_utf8(s).unwrap_or_default()
}

/// The two lowercase hex digits of every byte value.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [HEX[i >> 4], HEX[i & 15]];
        i += 1;
    }
    t
};

/// The lowercase hex digits of a SHA-256 digest, on the stack: what [`hex`] spells, for a
/// digest compared with a stored hash or spelt into one without a digit-by-digit loop.
pub(crate) fn hex_digest(digest: &[u8; 32]) -> [u8; 64] {
    let mut out = [0; 64];
    for i in 0..32 {
        let [hi, lo] = HEX_PAIRS[usize::from(digest[i])];
        out[2 * i] = hi;
        out[2 * i + 1] = lo;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones_without_digits_give_no_key_and_full_width_digits_are_digits() {
        for phone in ["无", "匿名", "", "  -  ", "不详"] {
            assert_eq!(super::requester_key(b"s", phone), None, "{phone:?}");
        }
        assert_eq!(super::requester_key(b"s", "１３８１２３４５６７８"), super::requester_key(b"s", "13812345678"));
        assert_ne!(super::requester_key(b"s", "１３８１２３４５６７８"), super::requester_key(b"s", "13812345679"));
    }

    #[test]
    fn hex_spells_every_byte_as_two_lowercase_digits_at_any_length() {
        for n in [0, 1, 31, 32, 33, 64, 65, 100] {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let expected: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(super::hex(&bytes), expected, "{n} bytes");
        }
        assert_eq!(super::hex(&[0x00, 0x0f, 0xf0, 0xff]), "000ff0ff");
    }

    #[test]
    fn hex_digest_spells_what_hex_spells() {
        let d: [u8; 32] = std::array::from_fn(|i| (i * 53 + 7) as u8);
        assert_eq!(super::hex_digest(&d).as_slice(), super::hex(&d).as_bytes());
        assert_eq!(&super::hex_digest(&[0xff; 32])[..4], b"ffff");
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = super::hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(super::hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
