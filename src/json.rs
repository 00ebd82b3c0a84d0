//! JSON input: the one parser every JSON document of jiesu goes through.
//!
//! [`from_str`] reads a command, an event, a history, an event-log line, an engine
//! configuration, a guide, a calendar, … It differs from `serde_json::from_str` in two ways:
//!
//! - **A key given twice in one object is refused** (a [`ErrorKind::Parse`](crate::ErrorKind::Parse) error naming the
//!   key and its path, e.g. `requester.phone`). serde_json keeps the last value where a
//!   document passes through a map (`serde_json::Value`, flattened or internally tagged
//!   types), while databases that keep the first value (SQLite's `json_extract`, MySQL 5.7)
//!   read the other one: a stored event with `"outcome"` twice would verify as intact and
//!   replay differently from what an auditor's query shows. Keys are compared after escapes
//!   are decoded (`"outcome"` and `"\u006futcome"` are the same key).
//! - **Errors never echo a value** (R-PRIV-1): serde_json's messages such as
//!   `invalid type: string "13812345678", expected u32` become `invalid type: string, expected
//!   u32`, and an unknown enum value is repeated only when it is a lowercase snake_case word
//!   (a misspelt `clsoe`; never digits, Chinese text, spaces or capitals), an unknown field's
//!   name likewise. The error says
//!   where (line and column, or the path) and what is wrong, never the requester's name,
//!   phone, address or request text. [`from_value`] gives the same messages for a value
//!   already in memory (the Python layer converts dicts to values).
//!
//! The duplicate check is one extra pass over the text, linear in its length (a key is
//! compared with the keys before it in its object, through a hash set beyond 16 keys), and
//! bounded by the same nesting limit as the parse ([`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH)).
//!
//! # Example
//! ```
//! use jiesu::ticket::Command;
//! let twice = r#"{"type":"record_callback","outcome":"satisfied","solved":true,"outcome":"dissatisfied"}"#;
//! let e = jiesu::json::from_str::<Command>(twice).unwrap_err();
//! assert!(e.is_parse());
//! assert_eq!(e.field(), Some("outcome"));
//! assert_eq!(e.message(), r#"duplicate key "outcome": a key may appear once in an object"#);
//!
//! // A wrong type is reported without the value.
//! let e = jiesu::json::from_str::<Command>(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助",
//!     "requester":{"phone":13812345678}}"#).unwrap_err();
//! assert!(!e.to_string().contains("13812345678"));
//! assert!(e.to_string().contains("invalid type: integer, expected a string"), "{e}");
//! ```

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, Result};

/// Parses `text` as a `T`, refusing duplicate keys; errors are [`ErrorKind::Parse`] errors
/// that never quote a value (see the [module documentation](self)).
///
/// The error's message is serde_json's (values removed) with its line and column, or for a
/// duplicate key `duplicate key "k": …` with the key's path as the field (`limits.max_events`,
/// `[3].outcome` in an array). Callers add their context with [`Error::at`].
///
/// # Example
/// ```
/// let e = jiesu::json::from_str::<jiesu::Limits>(r#"{"max_events": 5, "max_events": 50}"#).unwrap_err();
/// assert_eq!(e.field(), Some("max_events"));
/// let l: jiesu::Limits = jiesu::json::from_str(r#"{"max_events": 50}"#)?;
/// assert_eq!(l.max_events, 50);
/// # Ok::<(), jiesu::Error>(())
/// ```
///
/// [`ErrorKind::Parse`]: crate::ErrorKind::Parse
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T> {
    check_duplicate_keys(text)?;
    serde_json::from_str(text).map_err(|e| parse_error(&e))
}

/// Types a JSON value already in memory as a `T` (a map has no duplicate keys); errors as
/// for [`from_str`], without echoing values.
///
/// # Example
/// ```
/// let v = serde_json::json!({"role": "unit", "unit": 13812345678u64});
/// let e = jiesu::json::from_value::<jiesu::ticket::Actor>(v).unwrap_err();
/// assert!(!e.message().contains("13812345678"));
/// ```
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| parse_error(&e))
}

/// The message of a serde_json error without the values it quotes, with its line and column.
fn parse_error(e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let (msg, at) = match e.line() {
        0 => (text.as_str(), String::new()),
        line => {
            let at = format!(" at line {line} column {}", e.column());
            (text.strip_suffix(at.as_str()).unwrap_or(&text), at)
        }
    };
    Error::parse(format!("{}{}{at}", redact(msg), instant_hint(msg)))
}

/// For a number where an instant belongs: what an instant is, and whether the number looks
/// like milliseconds (a Java platform's habit), without quoting it.
fn instant_hint(msg: &str) -> &'static str {
    let Some(rest) = msg.strip_prefix("invalid type: integer `").or_else(|| msg.strip_prefix("invalid type: floating point `")) else { return "" };
    if !msg.contains("date and time") {
        return "";
    }
    let digits = rest.split(['`', '.']).next().unwrap_or_default().trim_start_matches('-');
    if digits.len() >= 12 {
        " (an instant is an RFC 3339 string such as 2026-03-02T09:00:00+08:00; this number looks like milliseconds since 1970)"
    } else {
        " (an instant is an RFC 3339 string such as 2026-03-02T09:00:00+08:00, not a number)"
    }
}

/// The non-blank lines of a text given as JSON lines, with their 1-based line numbers (the
/// `line 7` of errors): what every reader that takes "a JSON array, or JSON lines" (a history,
/// an event log, a sweep's stored tickets) splits the second form with.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(n, l)| (n + 1, l))
}

/// Whether a text given as "a JSON array, or JSON lines" is the array (its first non-blank
/// character is `[`).
pub(crate) fn is_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}

/// serde's messages with the offending value removed: `invalid type: string "…", expected X`
/// → `invalid type: string, expected X`; `unknown variant `…`, expected X` → `unknown variant,
/// expected X`. Other messages (syntax, missing or unknown fields, lengths) quote no value.
pub(crate) fn redact(msg: &str) -> Cow<'_, str> {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            // `rest` is `<unexpected>, expected <expectation>`; the value may contain
            // ", expected " itself, the expectation (the type's description) does not.
            let (unexpected, expected) = match rest.rfind(", expected ") {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            // `string "…"`, `integer `5``, `character `c``: keep the kind only.
            let kind = unexpected.split(['"', '`']).next().unwrap_or_default().trim_end();
            return Cow::Owned(format!("{prefix}{kind}{expected}"));
        }
    }
    for (prefix, what) in [("unknown variant `", "unknown variant (value not shown)"), ("unknown field `", "unknown field (name not shown)")] {
        let Some(rest) = msg.strip_prefix(prefix) else { continue };
        let Some(end) = ["`, expected ", "`, there are no ", "`, there are no fields"].iter().find_map(|t| rest.rfind(t)) else { continue };
        let (value, tail) = (&rest[..end], &rest[end + 1..]);
        // A misspelt word of jiesu's vocabulary (`clsoe`) is shown; anything else (digits,
        // Chinese, spaces, capitals: what a phone, a name or an address looks like) is not.
        return if looks_like_a_word(value) { Cow::Borrowed(msg) } else { Cow::Owned(format!("{what}{tail}")) };
    }
    Cow::Borrowed(msg)
}

/// Whether an unknown enum value may be quoted in an error: a snake_case word of at most 32
/// ASCII characters starting with a letter, as jiesu's own values are.
fn looks_like_a_word(v: &str) -> bool {
    v.len() <= 32 && v.starts_with(|c: char| c.is_ascii_lowercase()) && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Longest key (in characters) quoted in a duplicate-key error; a longer one is cut.
const MAX_QUOTED_KEY_CHARS: usize = 64;

/// Objects with at most this many keys are checked by comparing with each key before; larger
/// ones through a hash set (linear time however many keys).
const SMALL_OBJECT: usize = 16;

/// One step of the path to a duplicate key, innermost first while the error travels up.
enum Step {
    Key(String),
    Index(usize),
}

/// Refuses a key given twice in one object, anywhere in `text` (syntax errors are reported as
/// by the parse that follows).
fn check_duplicate_keys(text: &str) -> Result<()> {
    let mut state = State { keys: Vec::new(), found: None };
    let mut d = serde_json::Deserializer::from_str(text);
    let r = Scan(&mut state).deserialize(&mut d).and_then(|()| d.end());
    match (r, state.found) {
        (_, Some((key, mut path))) => {
            path.reverse();
            let mut field = String::new();
            for step in &path {
                match step {
                    Step::Key(k) => {
                        if !field.is_empty() {
                            field.push('.');
                        }
                        field.push_str(&quoted_key(k));
                    }
                    Step::Index(i) => field.push_str(&format!("[{i}]")),
                }
            }
            let key = quoted_key(&key);
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(&key);
            Err(Error::parse(format!("duplicate key {key:?}: a key may appear once in an object")).with_field(field))
        }
        (Err(e), None) => Err(parse_error(&e)),
        (Ok(()), None) => Ok(()),
    }
}

/// A key as shown in an error: cut to [`MAX_QUOTED_KEY_CHARS`] characters.
fn quoted_key(k: &str) -> String {
    match k.char_indices().nth(MAX_QUOTED_KEY_CHARS) {
        Some((i, _)) => format!("{}…", &k[..i]),
        None => k.to_owned(),
    }
}

/// What the walk keeps: the keys of the objects being read (one stack for all of them, so that
/// an object costs no allocation of its own), and the first duplicate with its path.
struct State<'de> {
    keys: Vec<Cow<'de, str>>,
    found: Option<(String, Vec<Step>)>,
}

/// Walks any JSON value, checking each object's keys; records the first duplicate.
struct Scan<'s, 'de>(&'s mut State<'de>);

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Key<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0;
        loop {
            match seq.next_element_seed(Scan(&mut *self.0)) {
                Ok(Some(())) => i += 1,
                Ok(None) => return Ok(()),
                Err(e) => {
                    if let Some((_, path)) = self.0.found.as_mut() {
                        path.push(Step::Index(i));
                    }
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        // This object's keys are `keys[start..]`; beyond SMALL_OBJECT of them, also a set.
        let start = self.0.keys.len();
        let mut set: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let mine = &self.0.keys[start..];
            let duplicate = if mine.len() < SMALL_OBJECT {
                mine.contains(&key)
            } else {
                if set.is_empty() {
                    set.extend(mine.iter().cloned());
                }
                !set.insert(key.clone())
            };
            if duplicate {
                self.0.found = Some((key.into_owned(), Vec::new()));
                return Err(de::Error::custom("duplicate key"));
            }
            if let Err(e) = map.next_value_seed(Scan(&mut *self.0)) {
                if let Some((_, path)) = self.0.found.as_mut() {
                    path.push(Step::Key(key.into_owned()));
                }
                return Err(e);
            }
            self.0.keys.push(key);
        }
        self.0.keys.truncate(start);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dup(text: &str) -> Option<String> {
        match check_duplicate_keys(text) {
            Err(e) if e.message().starts_with("duplicate key") => Some(e.field().unwrap_or_default().to_owned()),
            _ => None,
        }
    }

    #[test]
    fn duplicate_keys_are_found_with_their_path() {
        assert_eq!(dup(r#"{"a":1,"a":2}"#).as_deref(), Some("a"));
        assert_eq!(dup(r#"{"a":1,"\u0061":2}"#).as_deref(), Some("a"), "escapes are decoded before comparing");
        assert_eq!(dup(r#"{"x":[{"b":1},{"c":{"d":1,"d":1}}]}"#).as_deref(), Some("x[1].c.d"));
        assert_eq!(dup(r#"[{}, {"k":1,"k":1}]"#).as_deref(), Some("[1].k"));
        assert_eq!(dup(r#"{"a":{"k":1},"b":{"k":1}}"#), None, "the same key in two objects is fine");
        // Beyond SMALL_OBJECT keys, through the hash set.
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        assert_eq!(dup(&format!("{{{}}}", many.join(","))), None);
        assert_eq!(dup(&format!("{{{},\"k3\":0}}", many.join(","))).as_deref(), Some("k3"));
        // Nested objects share the key stack: a child's keys are not its parent's.
        let inner = format!("{{{}}}", many.join(","));
        let nested: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{inner}")).collect();
        assert_eq!(dup(&format!("{{{}}}", nested.join(","))), None);
        assert_eq!(dup(&format!("{{{},\"k19\":1}}", nested.join(","))).as_deref(), Some("k19"));
        assert_eq!(dup(&format!("[{inner},{{\"k0\":1,\"a\":{inner},\"k0\":2}}]")).as_deref(), Some("[1].k0"));
    }

    #[test]
    fn values_are_not_echoed() {
        for (msg, want) in [
            (r#"invalid type: string "13812345678", expected u32"#, "invalid type: string, expected u32"),
            (r#"invalid value: string "张三, expected 1", expected a date"#, "invalid value: string, expected a date"),
            ("invalid type: integer `13812345678`, expected a string", "invalid type: integer, expected a string"),
            ("unknown variant `张三 13812345678`, expected `a` or `b`", "unknown variant (value not shown), expected `a` or `b`"),
            ("unknown variant `13812345678`, expected `a`", "unknown variant (value not shown), expected `a`"),
            ("unknown variant `clsoe`, expected `close`", "unknown variant `clsoe`, expected `close`"),
            ("unknown field `13812345678`, expected `name` or `phone`", "unknown field (name not shown), expected `name` or `phone`"),
            ("unknown field `colour`, expected one of `a`", "unknown field `colour`, expected one of `a`"),
            ("missing field `id`", "missing field `id`"),
        ] {
            assert_eq!(redact(msg), want);
        }
    }

    #[test]
    fn syntax_errors_keep_their_line_and_column() {
        let e = from_str::<serde_json::Value>("{\n\"a\": }").unwrap_err();
        assert!(e.message() == "expected value at line 2 column 6", "{e}");
        assert!(from_str::<serde_json::Value>(&"[".repeat(200)).unwrap_err().message().contains("recursion limit"));
    }
}
