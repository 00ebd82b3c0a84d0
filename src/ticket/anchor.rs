//! The keyed chain: tags that anchor a history and its archive to a secret the platform
//! holds (HMAC-SHA-256), so that a history rewritten and re-hashed with the public
//! [`compute_hash`](super::compute_hash) is detected by whoever holds the key.
//!
//! The unkeyed chain ([`verify`](super::verify)) detects accidental corruption, and truncation
//! against a final hash stored elsewhere; anyone can recompute it. A [`Tag`] is an HMAC of the
//! event's hash (which covers the previous hash, so the whole prefix) under a [`ChainKey`]: only
//! the key's holder can produce it. An archive's tag covers its ticket id, event count and
//! final hash, so a keyed archive cannot be truncated and re-counted either. The tag is not
//! part of the event's hash: an event's hash is the same keyed or not, and histories stored
//! before keying keep verifying unkeyed.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::chain::{Tamper, Verification};
use super::event::Event;
use super::privacy;
use crate::error::{Error, Problem, Result};

/// The one tag algorithm: HMAC-SHA-256.
pub const TAG_ALG: &str = "hmac-sha256";
/// Shortest chain key secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 16;
/// Longest chain key secret, in bytes.
pub const MAX_SECRET_BYTES: usize = 1024;
/// Longest key id, in characters (ASCII letters, digits, `.`, `_`, `:`, `-`).
pub const MAX_KEY_ID_CHARS: usize = 64;
/// Most chain keys an engine holds (the current one and those it retired).
pub const MAX_CHAIN_KEYS: usize = 16;

/// A secret that anchors histories (HMAC-SHA-256), with the id that tags record so that keys
/// can be rotated: an engine signs with its newest key and verifies with every key it holds.
///
/// The secret never leaves the value: `Debug` shows the id only, there is no `Serialize`, and
/// no error names it. It is read from an engine configuration's `chain_keys` as
/// `{"id": "2026-a", "secret": "…"}` (the secret's UTF-8 bytes), or given as bytes to
/// [`ChainKey::new`] (then [`Engine::with_chain_key`](crate::engine::Engine::with_chain_key)).
///
/// # Example
/// ```
/// use jiesu::ticket::ChainKey;
/// let k = ChainKey::new("2026-a", b"0123456789abcdef-county-secret")?;
/// assert_eq!(k.id(), "2026-a");
/// assert!(!format!("{k:?}").contains("county-secret"));
/// assert!(ChainKey::new("2026-a", b"short").unwrap_err().is_invalid_input());
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainKey {
    id: String,
    #[serde(deserialize_with = "secret_bytes")]
    secret: Vec<u8>,
}

impl ChainKey {
    /// A key with id `id` and secret `secret` (16 to 1024 bytes; use 32 random bytes). The id
    /// is 1 to 64 ASCII letters, digits, `.`, `_`, `:` or `-`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `key_id` or `secret`
    /// (never the secret's bytes).
    pub fn new(id: &str, secret: &[u8]) -> Result<ChainKey> {
        let k = ChainKey { id: id.to_string(), secret: secret.to_vec() };
        match k.problems("", "key_id").into_iter().next() {
            Some(p) => Err(Error::invalid_input(p.path, p.message)),
            None => Ok(k),
        }
    }

    /// The key's id (what tags record).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What is wrong with this key, paths under `at` (`chain_keys[0].`), the id named `id`.
    pub(crate) fn problems(&self, at: &str, id: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let id_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
        if self.id.is_empty() || self.id.chars().count() > MAX_KEY_ID_CHARS || !self.id.chars().all(id_ok) {
            out.push(Problem {
                path: format!("{at}{id}"),
                message: format!("a key id is 1 to {MAX_KEY_ID_CHARS} ASCII letters, digits, '.', '_', ':' or '-'"),
            });
        }
        if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&self.secret.len()) {
            out.push(Problem { path: format!("{at}secret"), message: format!("a chain key secret has {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes") });
        }
        out
    }

    fn mac(&self, domain: &str, fields: &[&[u8]]) -> String {
        // Length-prefixed fields: no two field lists encode alike.
        let mut msg = Vec::with_capacity(64 + fields.iter().map(|f| f.len() + 8).sum::<usize>());
        for f in [domain.as_bytes(), self.id.as_bytes()].into_iter().chain(fields.iter().copied()) {
            msg.extend_from_slice(&(f.len() as u64).to_le_bytes());
            msg.extend_from_slice(f);
        }
        privacy::hex(&privacy::hmac_sha256(&self.secret, &msg))
    }

    /// The tag of an event whose hash is `hash`.
    pub(crate) fn event_tag(&self, hash: &str) -> Tag {
        Tag { alg: TAG_ALG.into(), key_id: self.id.clone(), mac: self.mac("jiesu.event-tag.v1", &[hash.as_bytes()]) }
    }

    /// The tag of an archive file's ticket id, event count and final hash.
    pub(crate) fn archive_tag(&self, ticket_id: &str, event_count: usize, final_hash: &str) -> Tag {
        let count = (event_count as u64).to_le_bytes();
        Tag { alg: TAG_ALG.into(), key_id: self.id.clone(), mac: self.mac("jiesu.archive-tag.v1", &[ticket_id.as_bytes(), &count, final_hash.as_bytes()]) }
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainKey").field("id", &self.id).field("secret", &"<redacted>").finish()
    }
}

impl Drop for ChainKey {
    fn drop(&mut self) {
        // Best effort (no unsafe code in the core: the compiler may elide this): the secret's
        // bytes are overwritten before the buffer is freed.
        self.secret.fill(0);
        std::hint::black_box(&self.secret);
    }
}

/// Reads a secret string without ever echoing a wrong value in the error.
fn secret_bytes<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<u8>, D::Error> {
    struct Secret;
    const WRONG: &str = "chain key secret: expected a string";
    impl<'v> Visitor<'v> for Secret {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Vec<u8>, E> {
            Ok(v.as_bytes().to_vec())
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Vec<u8>, E> {
            Err(E::custom(WRONG))
        }
        fn visit_seq<A: de::SeqAccess<'v>>(self, _: A) -> std::result::Result<Vec<u8>, A::Error> {
            Err(de::Error::custom(WRONG))
        }
        fn visit_map<A: de::MapAccess<'v>>(self, _: A) -> std::result::Result<Vec<u8>, A::Error> {
            Err(de::Error::custom(WRONG))
        }
    }
    d.deserialize_any(Secret)
}

/// An event's or an archive's anchor: the HMAC-SHA-256 (hex) under the key `key_id` of the
/// event's hash (or of the archive's ticket id, event count and final hash). In the event's
/// JSON as `"tag": {"alg": "hmac-sha256", "key_id": "2026-a", "mac": "…"}`, absent when the
/// engine that wrote the event held no key. Not part of the event's hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// `hmac-sha256`.
    pub alg: String,
    /// The id of the key that made the tag (never the key).
    pub key_id: String,
    /// The MAC, 64 lowercase hex digits.
    pub mac: String,
}

/// Whether `tag` is the one `key` (found by its id among `keys`) gives `expected` — `None`
/// when it is; else the problem kind and what to say.
fn check_tag(tag: Option<&Tag>, keys: &[ChainKey], expected: impl Fn(&ChainKey) -> Tag) -> Option<(&'static str, &'static str)> {
    let Some(tag) = tag else { return Some(("tag_missing", "carries no tag")) };
    if tag.alg != TAG_ALG {
        return Some(("tag_invalid", "carries a tag of an unsupported algorithm"));
    }
    let Some(key) = keys.iter().find(|k| k.id == tag.key_id) else {
        return Some(("tag_unknown_key", "is tagged with a key id the engine does not hold"));
    };
    if !constant_time_eq(expected(key).mac.as_bytes(), tag.mac.as_bytes()) {
        return Some(("tag_invalid", "carries a tag its key did not produce"));
    }
    None
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The first event of a chain-intact history whose tag is missing or wrong under `keys`.
pub(crate) fn check_events(events: &[Event], keys: &[ChainKey]) -> Option<Tamper> {
    events.iter().enumerate().find_map(|(i, e)| {
        check_tag(e.tag.as_ref(), keys, |k| k.event_tag(&e.hash)).map(|(kind, what)| Tamper {
            index: i,
            kind: kind.into(),
            message: format!("event seq {} ({}) {what}", e.seq, e.body.name()),
        })
    })
}

/// The archive's own tag, missing or wrong under `keys` (index: the event count).
pub(crate) fn check_archive(a: &super::chain::ArchiveFile, keys: &[ChainKey]) -> Option<Tamper> {
    check_tag(a.tag.as_ref(), keys, |k| k.archive_tag(&a.ticket_id, a.event_count, &a.final_hash)).map(|(kind, what)| Tamper {
        index: a.events.len(),
        kind: kind.into(),
        message: format!("the archive file {what}"),
    })
}

/// A verification that found `problem`.
pub(crate) fn refused(events: usize, problem: Tamper) -> Verification {
    Verification { intact: false, events, problem: Some(problem) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_depend_on_key_id_secret_and_hash() {
        let a = ChainKey::new("a", &[7; 32]).unwrap();
        let b = ChainKey::new("b", &[7; 32]).unwrap();
        let c = ChainKey::new("a", &[8; 32]).unwrap();
        let h = "00".repeat(32);
        assert_eq!(a.event_tag(&h), a.event_tag(&h));
        assert_ne!(a.event_tag(&h).mac, b.event_tag(&h).mac);
        assert_ne!(a.event_tag(&h).mac, c.event_tag(&h).mac);
        assert_ne!(a.event_tag(&h).mac, a.event_tag(&"11".repeat(32)).mac);
        assert_ne!(a.archive_tag("x", 1, &h).mac, a.archive_tag("x", 2, &h).mac);
        assert_eq!(a.event_tag(&h).mac.len(), 64);
    }

    #[test]
    fn key_ids_and_secrets_are_checked() {
        assert!(ChainKey::new("", &[1; 16]).is_err());
        assert!(ChainKey::new("a b", &[1; 16]).is_err());
        assert!(ChainKey::new(&"k".repeat(65), &[1; 16]).is_err());
        assert!(ChainKey::new("k", &[1; 15]).is_err());
        assert!(ChainKey::new("k", &[1; 1025]).is_err());
        assert!(ChainKey::new("2026-a:v1.x_y", &[1; 16]).is_ok());
    }

    #[test]
    fn a_secret_of_the_wrong_type_is_not_echoed() {
        for json in [r#"{"id":"k","secret":987654321987}"#, r#"{"id":"k","secret":[98765,4321]}"#, r#"{"id":"k","secret":true}"#] {
            let err = serde_json::from_str::<ChainKey>(json).unwrap_err().to_string();
            assert!(!err.contains("98765") && !err.contains("true"), "{err}");
            assert!(err.contains("chain key secret"), "{err}");
        }
    }
}
