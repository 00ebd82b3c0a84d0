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

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::chain::{Tamper, Verification};
use super::event::Event;
use super::privacy;
use crate::error::{Error, Problem, Result};

/// The tag algorithm of HMAC keys: HMAC-SHA-256.
pub const TAG_ALG: &str = "hmac-sha256";
/// The tag algorithm of Ed25519 keys (signatures, RFC 8032).
pub const TAG_ALG_ED25519: &str = "ed25519";
/// Shortest chain key secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 16;
/// Longest chain key secret, in bytes.
pub const MAX_SECRET_BYTES: usize = 1024;
/// Longest key id, in characters (ASCII letters, digits, `.`, `_`, `:`, `-`).
pub const MAX_KEY_ID_CHARS: usize = 64;
/// Most chain keys an engine holds (the current one and those it retired).
pub const MAX_CHAIN_KEYS: usize = 16;

/// A key that anchors histories, with the id that tags record so that keys can be rotated:
/// an engine tags with its newest key that can sign and verifies with every key it holds.
///
/// Three kinds: an HMAC-SHA-256 secret ([`ChainKey::new`], the primary mode: the platform that
/// writes histories checks them), an Ed25519 signing key ([`ChainKey::ed25519`], from its
/// 32-byte seed) and an Ed25519 public key ([`ChainKey::ed25519_public`]: verifies, cannot
/// tag — for a third party such as the supervision office, which can then check histories
/// without being able to forge them).
///
/// Secrets never leave the value: `Debug` shows the id and kind only, there is no
/// `Serialize`, and no error names them. In an engine configuration's `chain_keys`:
/// `{"id": "2026-a", "secret": "…"}` (the secret's UTF-8 bytes), `{"id": "sig-1",
/// "ed25519_seed": "<64 hex digits>"}` or `{"id": "sig-1", "ed25519_public": "<64 hex
/// digits>"}`; or given as bytes to the constructors (then
/// [`Engine::with_chain_key`](crate::engine::Engine::with_chain_key)).
///
/// # Example
/// ```
/// use jiesu::ticket::ChainKey;
/// let k = ChainKey::new("2026-a", b"0123456789abcdef-county-secret")?;
/// assert_eq!(k.id(), "2026-a");
/// assert!(!format!("{k:?}").contains("county-secret"));
/// assert!(ChainKey::new("2026-a", b"short").unwrap_err().is_invalid_input());
/// let s = ChainKey::ed25519("sig-1", &[7; 32])?;
/// let p = ChainKey::ed25519_public("sig-1", &s.public_key().unwrap())?;
/// assert_eq!(p.public_key(), s.public_key());
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawChainKey")]
pub struct ChainKey {
    id: String,
    kind: KeyKind,
    /// The HMAC secret, the Ed25519 seed or the Ed25519 public key.
    material: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyKind {
    HmacSha256,
    Ed25519Seed,
    Ed25519Public,
}

/// A chain key is read as an object with an `id` and exactly one of `secret`, `ed25519_seed`,
/// `ed25519_public`.
impl schemars::JsonSchema for ChainKey {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChainKey".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = RawChainKey::json_schema(generator);
        let one = |k: &str| schemars::json_schema!({"required": [k]});
        schema.insert("oneOf".into(), serde_json::json!([one("secret"), one("ed25519_seed"), one("ed25519_public")]));
        schema
    }
}

/// A chain key as written in a configuration: an id and exactly one kind of key.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawChainKey {
    id: String,
    #[serde(default, deserialize_with = "opt_secret")]
    #[schemars(with = "String")]
    secret: Option<Vec<u8>>,
    #[serde(default, deserialize_with = "opt_secret")]
    #[schemars(with = "String")]
    ed25519_seed: Option<Vec<u8>>,
    #[serde(default, deserialize_with = "opt_secret")]
    #[schemars(with = "String")]
    ed25519_public: Option<Vec<u8>>,
}

impl TryFrom<RawChainKey> for ChainKey {
    type Error = String;
    fn try_from(r: RawChainKey) -> std::result::Result<ChainKey, String> {
        // Hex that does not decode is kept empty: validation names the field.
        let hex = |v: Vec<u8>| unhex(&v).unwrap_or_default();
        let (kind, material) = match (r.secret, r.ed25519_seed, r.ed25519_public) {
            (Some(s), None, None) => (KeyKind::HmacSha256, s),
            (None, Some(s), None) => (KeyKind::Ed25519Seed, hex(s)),
            (None, None, Some(p)) => (KeyKind::Ed25519Public, hex(p)),
            _ => return Err("a chain key has exactly one of secret, ed25519_seed, ed25519_public".into()),
        };
        Ok(ChainKey { id: r.id, kind, material })
    }
}

impl ChainKey {
    /// An HMAC-SHA-256 key with id `id` and secret `secret` (16 to 1024 bytes; use 32 random
    /// bytes). The id is 1 to 64 ASCII letters, digits, `.`, `_`, `:` or `-`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `key_id` or `secret`
    /// (never the secret's bytes).
    pub fn new(id: &str, secret: &[u8]) -> Result<ChainKey> {
        ChainKey { id: id.to_string(), kind: KeyKind::HmacSha256, material: secret.to_vec() }.checked()
    }

    /// An Ed25519 signing key from its 32-byte seed (RFC 8032 private key).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `key_id` or
    /// `ed25519_seed`.
    pub fn ed25519(id: &str, seed: &[u8]) -> Result<ChainKey> {
        ChainKey { id: id.to_string(), kind: KeyKind::Ed25519Seed, material: seed.to_vec() }.checked()
    }

    /// An Ed25519 public key (32 bytes): verifies tags, cannot make them.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `key_id` or
    /// `ed25519_public` (not 32 bytes, or not a point of the curve).
    pub fn ed25519_public(id: &str, public: &[u8]) -> Result<ChainKey> {
        ChainKey { id: id.to_string(), kind: KeyKind::Ed25519Public, material: public.to_vec() }.checked()
    }

    fn checked(self) -> Result<ChainKey> {
        match self.problems("", "key_id").into_iter().next() {
            Some(p) => Err(Error::invalid_input(p.path, p.message)),
            None => Ok(self),
        }
    }

    /// The key's id (what tags record).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The tag algorithm of this key: `hmac-sha256` or `ed25519`.
    pub fn alg(&self) -> &'static str {
        match self.kind {
            KeyKind::HmacSha256 => TAG_ALG,
            KeyKind::Ed25519Seed | KeyKind::Ed25519Public => TAG_ALG_ED25519,
        }
    }

    /// Whether the key can make tags (an HMAC secret or an Ed25519 seed; not a public key).
    pub fn can_sign(&self) -> bool {
        self.kind != KeyKind::Ed25519Public
    }

    /// The Ed25519 public key (to hand to those who verify), `None` for an HMAC key.
    pub fn public_key(&self) -> Option<[u8; 32]> {
        match self.kind {
            KeyKind::HmacSha256 => None,
            KeyKind::Ed25519Seed => self.signing_key().map(|k| k.verifying_key().to_bytes()),
            KeyKind::Ed25519Public => self.material.as_slice().try_into().ok(),
        }
    }

    fn signing_key(&self) -> Option<SigningKey> {
        let seed: &[u8; 32] = self.material.as_slice().try_into().ok()?;
        (self.kind == KeyKind::Ed25519Seed).then(|| SigningKey::from_bytes(seed))
    }

    fn verifying_key(&self) -> Option<VerifyingKey> {
        match self.kind {
            KeyKind::HmacSha256 => None,
            KeyKind::Ed25519Seed => self.signing_key().map(|k| k.verifying_key()),
            KeyKind::Ed25519Public => VerifyingKey::from_bytes(self.material.as_slice().try_into().ok()?).ok(),
        }
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
        let (field, ok, what) = match self.kind {
            KeyKind::HmacSha256 => (
                "secret",
                (MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&self.material.len()),
                format!("a chain key secret has {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes"),
            ),
            KeyKind::Ed25519Seed => ("ed25519_seed", self.material.len() == 32, "an Ed25519 seed has 32 bytes (64 hex digits)".into()),
            KeyKind::Ed25519Public => {
                ("ed25519_public", self.verifying_key().is_some(), "an Ed25519 public key has 32 bytes (64 hex digits) and is a point of the curve".into())
            }
        };
        if !ok {
            out.push(Problem { path: format!("{at}{field}"), message: what });
        }
        out
    }

    /// The signed message: length-prefixed fields, so that no two field lists encode alike.
    fn message(&self, domain: &str, fields: &[&[u8]]) -> Vec<u8> {
        let mut msg = Vec::with_capacity(64 + fields.iter().map(|f| f.len() + 8).sum::<usize>());
        for f in [domain.as_bytes(), self.id.as_bytes()].into_iter().chain(fields.iter().copied()) {
            msg.extend_from_slice(&(f.len() as u64).to_le_bytes());
            msg.extend_from_slice(f);
        }
        msg
    }

    /// The MAC or signature of `msg` (hex), `None` for a key that cannot sign.
    fn sign(&self, msg: &[u8]) -> Option<String> {
        match self.kind {
            KeyKind::HmacSha256 => Some(privacy::hex(&privacy::hmac_sha256(&self.material, msg))),
            KeyKind::Ed25519Seed => self.signing_key().map(|k| privacy::hex(&k.sign(msg).to_bytes())),
            KeyKind::Ed25519Public => None,
        }
    }

    /// Whether `mac` (hex) is this key's MAC or signature of `msg`.
    fn verifies(&self, msg: &[u8], mac: &str) -> bool {
        match self.kind {
            KeyKind::HmacSha256 => self.sign(msg).is_some_and(|m| constant_time_eq(m.as_bytes(), mac.as_bytes())),
            KeyKind::Ed25519Seed | KeyKind::Ed25519Public => {
                let Some(sig) = unhex(mac.as_bytes()).and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok()) else { return false };
                self.verifying_key().is_some_and(|k| k.verify_strict(msg, &Signature::from_bytes(&sig)).is_ok())
            }
        }
    }

    fn event_message(&self, hash: &str) -> Vec<u8> {
        self.message("jiesu.event-tag.v1", &[hash.as_bytes()])
    }

    fn archive_message(&self, ticket_id: &str, event_count: usize, final_hash: &str) -> Vec<u8> {
        let count = (event_count as u64).to_le_bytes();
        self.message("jiesu.archive-tag.v1", &[ticket_id.as_bytes(), &count, final_hash.as_bytes()])
    }

    fn tag(&self, msg: &[u8]) -> Option<Tag> {
        Some(Tag { alg: self.alg().into(), key_id: self.id.clone(), mac: self.sign(msg)? })
    }

    /// The tag of an event whose hash is `hash` (`None` for a key that cannot sign).
    pub(crate) fn event_tag(&self, hash: &str) -> Option<Tag> {
        self.tag(&self.event_message(hash))
    }

    /// The tag of an archive file's ticket id, event count and final hash.
    pub(crate) fn archive_tag(&self, ticket_id: &str, event_count: usize, final_hash: &str) -> Option<Tag> {
        self.tag(&self.archive_message(ticket_id, event_count, final_hash))
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainKey").field("id", &self.id).field("alg", &self.alg()).field("can_sign", &self.can_sign()).finish_non_exhaustive()
    }
}

impl Drop for ChainKey {
    fn drop(&mut self) {
        // Best effort (no unsafe code in the core: the compiler may elide this): the secret's
        // bytes are overwritten before the buffer is freed.
        self.material.fill(0);
        std::hint::black_box(&self.material);
    }
}

/// Bytes of lowercase or uppercase hex digits, `None` when they are not.
fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.chunks(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

fn opt_secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Vec<u8>>, D::Error> {
    secret_bytes(d).map(Some)
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

/// An event's or an archive's anchor: the HMAC-SHA-256 or the Ed25519 signature (hex) under
/// the key `key_id` of the event's hash (or of the archive's ticket id, event count and final
/// hash). In the event's JSON as `"tag": {"alg": "hmac-sha256", "key_id": "2026-a", "mac":
/// "…"}`, absent when the engine that wrote the event held no key that signs. Not part of
/// the event's hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// `hmac-sha256` or `ed25519`.
    pub alg: String,
    /// The id of the key that made the tag (never the key).
    pub key_id: String,
    /// The MAC (64 lowercase hex digits) or the signature (128).
    pub mac: String,
}

/// Whether `tag` is one that the key it names (among `keys`) made of `message` — `None` when
/// it is; else the problem kind and what to say.
fn check_tag(tag: Option<&Tag>, keys: &[ChainKey], message: impl Fn(&ChainKey) -> Vec<u8>) -> Option<(&'static str, &'static str)> {
    let Some(tag) = tag else { return Some(("tag_missing", "carries no tag")) };
    let Some(key) = keys.iter().find(|k| k.id == tag.key_id) else {
        return Some(("tag_unknown_key", "is tagged with a key id the engine does not hold"));
    };
    if tag.alg != key.alg() {
        return Some(("tag_invalid", "carries a tag of another algorithm than its key's"));
    }
    if !key.verifies(&message(key), &tag.mac) {
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
        check_tag(e.tag.as_ref(), keys, |k| k.event_message(&e.hash)).map(|(kind, what)| Tamper {
            index: i,
            kind: kind.into(),
            message: format!("event seq {} ({}) {what}", e.seq, e.body.name()),
        })
    })
}

/// The archive's own tag, missing or wrong under `keys` (index: the event count).
pub(crate) fn check_archive(a: &super::chain::ArchiveFile, keys: &[ChainKey]) -> Option<Tamper> {
    check_tag(a.tag.as_ref(), keys, |k| k.archive_message(&a.ticket_id, a.event_count, &a.final_hash)).map(|(kind, what)| Tamper {
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
        let mac = |k: &ChainKey, h: &str| k.event_tag(h).unwrap().mac;
        assert_eq!(a.event_tag(&h), a.event_tag(&h));
        assert_ne!(mac(&a, &h), mac(&b, &h));
        assert_ne!(mac(&a, &h), mac(&c, &h));
        assert_ne!(mac(&a, &h), mac(&a, &"11".repeat(32)));
        assert_ne!(a.archive_tag("x", 1, &h).unwrap().mac, a.archive_tag("x", 2, &h).unwrap().mac);
        assert_eq!(mac(&a, &h).len(), 64);
        assert!(a.verifies(&a.event_message(&h), &mac(&a, &h)));
        assert!(!a.verifies(&a.event_message(&h), &mac(&c, &h)));
    }

    #[test]
    fn ed25519_matches_rfc8032_test_1_and_its_public_key_verifies_but_cannot_sign() {
        // RFC 8032, 7.1, TEST 1: the secret key, its public key, the signature of "".
        let seed = unhex(b"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let public = unhex(b"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a").unwrap();
        let k = ChainKey::ed25519("rfc", &seed).unwrap();
        assert_eq!(k.public_key().unwrap().as_slice(), public.as_slice());
        assert_eq!(
            k.sign(b"").unwrap(),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        let p = ChainKey::ed25519_public("rfc", &public).unwrap();
        assert!(!p.can_sign() && p.event_tag("00").is_none());
        let h = "ab".repeat(32);
        let tag = k.event_tag(&h).unwrap();
        assert_eq!((tag.alg.as_str(), tag.mac.len()), ("ed25519", 128));
        assert!(p.verifies(&p.event_message(&h), &tag.mac));
        assert!(!p.verifies(&p.event_message(&"cd".repeat(32)), &tag.mac));
        assert!(!p.verifies(&p.event_message(&h), "zz"));
        assert!(ChainKey::ed25519("k", &[1; 31]).is_err());
        assert!(ChainKey::ed25519_public("k", &[1; 31]).is_err());
    }

    #[test]
    fn key_ids_and_secrets_are_checked() {
        assert!(ChainKey::new("", &[1; 16]).is_err());
        assert!(ChainKey::new("a b", &[1; 16]).is_err());
        assert!(ChainKey::new(&"k".repeat(65), &[1; 16]).is_err());
        assert!(ChainKey::new("k", &[1; 15]).is_err());
        assert!(ChainKey::new("k", &[1; 1025]).is_err());
        assert!(ChainKey::new("2026-a:v1.x_y", &[1; 16]).is_ok());
        let two = serde_json::from_str::<ChainKey>(r#"{"id":"k","secret":"0123456789abcdef","ed25519_seed":"00"}"#);
        assert!(two.unwrap_err().to_string().contains("exactly one of"));
        let bad_hex: ChainKey = serde_json::from_str(r#"{"id":"k","ed25519_seed":"not hex"}"#).unwrap();
        assert_eq!(bad_hex.problems("", "id")[0].path, "ed25519_seed");
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
