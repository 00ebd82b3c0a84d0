//! The canonical encoding of events for hashing (R-FLOW-5).
//!
//! A compact, unambiguous binary form produced by a small serde serializer: every struct field
//! takes its place in declared order — a field left out by `skip_serializing_if` is written as
//! an "absent" marker in its place — so a value cannot move between fields without changing
//! the bytes. Every value starts with a tag byte; integers are little-endian, strings and byte
//! strings are prefixed by their length (u32), sequences and maps carry their length, enum
//! variants their name. The bytes are collected and hashed once.
//!
//! Layout, one tag byte per value: `0` unit/none, `1` some, `2` bool, `3` i64, `4` u64,
//! `5` f64, `6` str, `7` bytes, `8` seq, `9` map, `10` struct, `11` variant, `12` absent field,
//! `13` instant.
//!
//! Instants (chrono's `DateTime`, which serializes through `collect_str`) have two encodings,
//! chosen by the event's schema version:
//! - [`Instants::Spelled`] (events of schema version 1): the RFC 3339 text as a string (tag
//!   `6`), so the same instant spelt with another offset hashes differently;
//! - [`Instants::Canonical`] (version 2): tag `13`, the Unix seconds (i64) and nanoseconds
//!   (u32): the instant, whatever offset spells it. A database that gives `timestamptz`
//!   columns back in UTC changes nothing the hash covers.
//!
//! Either way the encoder notes the earliest and the latest instant it met, with its field,
//! so that the plausibility window ([`crate::Limits::check_instant`]) is checked without a
//! second walk over the value.
//!
//! The instants of jiesu's own types are serialized through `super::instant` (`serialize_with`):
//! to a human-readable serializer (JSON, TOML…) exactly as chrono writes them, to this encoder
//! (which is not human-readable) as the instant itself, so that it neither spells the text nor
//! parses it back; an instant that arrives as text (`collect_str`) is still recognised.
//! The bytes go to SHA-256 through a small buffer on the stack, with no allocation.
//!
//! Events, the values hashed most, are written field by field by [`event`] (the same bytes,
//! without a call through serde per field); this walk writes everything else (the values of
//! other modules inside an event, commands for their span) and is the reference `event` is
//! tested against.

use chrono::{DateTime, FixedOffset};
use serde::ser::{self, Serialize};
use sha2::{Digest, Sha256};

use super::instant::{unpack, INSTANT};
pub(crate) mod command;
pub(crate) mod event;

/// How instants are encoded (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Instants {
    /// As their RFC 3339 text (events of schema version 1).
    Spelled,
    /// As Unix seconds and nanoseconds, whatever the offset (schema version 2).
    Canonical,
}

/// The path of the struct field holding a value (`report.answered_at`), kept without
/// allocating: the innermost [`Path::DEPTH`] names.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Path {
    names: [&'static str; Path::DEPTH],
    len: usize,
}

impl Path {
    const DEPTH: usize = 4;

    fn push(&mut self, name: &'static str) {
        if self.len < Path::DEPTH {
            self.names[self.len] = name;
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, name) in self.names[..self.len.min(Path::DEPTH)].iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

/// An instant met while encoding, with the path of the field that held it.
pub(crate) type Met = (Path, DateTime<FixedOffset>);

/// The name of the field holding an event's body: flattened into the event's JSON, so left
/// out of paths.
const BODY: &str = "body";

/// What encoding a value found besides its hash: its earliest and latest instants.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    pub(crate) earliest: Option<Met>,
    pub(crate) latest: Option<Met>,
}

impl Span {
    /// Notes instant `t` of `field`.
    pub(crate) fn note(&mut self, field: Path, t: DateTime<FixedOffset>) {
        if self.earliest.is_none_or(|(_, e)| t < e) {
            self.earliest = Some((field, t));
        }
        if self.latest.is_none_or(|(_, l)| t > l) {
            self.latest = Some((field, t));
        }
    }

    /// Each of `limits`' window checks ([`crate::Limits::check_instant`]) on the earliest and
    /// the latest instant (the field's path is spelt only for an instant outside the window).
    pub(crate) fn check(&self, limits: &crate::Limits) -> crate::Result<()> {
        for (field, t) in [&self.earliest, &self.latest].into_iter().flatten() {
            if !(limits.earliest_instant..limits.latest_instant).contains(t) {
                limits.check_instant(&field.to_string(), *t)?;
            }
        }
        Ok(())
    }
}

/// SHA-256 of the canonical encoding of `value`, and the span of its instants.
#[cfg(test)]
pub(crate) fn hash<T: Serialize + ?Sized>(value: &T, instants: Instants) -> Result<([u8; 32], Span), Error> {
    let mut s = Canonical::new(instants, Sink::Sha(Sha256::new()));
    value.serialize(&mut s)?;
    s.flush();
    let digest = match s.sink {
        Sink::Sha(h) => h.finalize().into(),
        _ => [0; 32],
    };
    Ok((digest, s.span))
}

/// The canonical encoding of `value` (the bytes [`hash`] hashes), appended to `out`.
#[cfg(test)]
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T, instants: Instants, out: &mut Vec<u8>) -> Result<Span, Error> {
    let mut s = Canonical::new(instants, Sink::Bytes(std::mem::take(out)));
    let written = value.serialize(&mut s);
    s.flush();
    if let Sink::Bytes(b) = s.sink {
        *out = b;
    }
    written.map(|()| s.span)
}

/// The span of `value`'s instants, without hashing its encoding.
pub(crate) fn span<T: Serialize + ?Sized>(value: &T) -> Result<Span, Error> {
    let mut s = Canonical::new(Instants::Canonical, Sink::Nowhere);
    value.serialize(&mut s)?;
    Ok(s.span)
}

#[derive(Debug)]
pub(crate) struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Error {}
impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The bytes of the encoding are hashed through this many bytes of buffer on the stack.
const BUF: usize = 512;

/// Where the encoding's bytes go.
enum Sink {
    /// Into SHA-256.
    Sha(Sha256),
    /// Into a buffer (the encoding itself).
    Bytes(Vec<u8>),
    /// Nowhere (a span alone).
    Nowhere,
}

/// Writes the encoding into its [`Sink`].
struct Canonical {
    buf: [u8; BUF],
    n: usize,
    sink: Sink,
    instants: Instants,
    /// The struct fields being written, to name an instant's field.
    path: Path,
    span: Span,
    /// Set by [`INSTANT`]'s newtype: the bytes that follow are an instant.
    instant_next: bool,
}

impl Canonical {
    fn new(instants: Instants, sink: Sink) -> Canonical {
        Canonical { buf: [0; BUF], n: 0, sink, instants, path: Path::default(), span: Span::default(), instant_next: false }
    }
    /// Hands the buffered bytes to the sink.
    fn flush(&mut self) {
        self.sink.take(&self.buf[..self.n]);
        self.n = 0;
    }
    #[inline]
    fn put(&mut self, b: &[u8]) {
        // For a span alone the buffer fills and is emptied into nowhere: one branch less on
        // every write of the encodings that are hashed.
        match self.buf.get_mut(self.n..self.n + b.len()) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.n += b.len();
            }
            None => self.spill(b),
        }
    }
    #[inline(never)]
    fn spill(&mut self, b: &[u8]) {
        self.flush();
        match self.buf.get_mut(..b.len()) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.n = b.len();
            }
            None => self.sink.take(b),
        }
    }
    /// Tag `t`, then `b`'s length and bytes (a string's encoding) with one bounds check when
    /// the buffer has room.
    #[inline]
    fn tagged(&mut self, t: u8, b: &[u8]) {
        let n = self.n;
        match self.buf.get_mut(n..n + 5 + b.len()) {
            Some(dst) => {
                dst[0] = t;
                dst[1..5].copy_from_slice(&(b.len() as u32).to_le_bytes());
                dst[5..].copy_from_slice(b);
                self.n = n + 5 + b.len();
            }
            _ => {
                self.tag(t);
                self.bytes(b);
            }
        }
    }
    /// Tag `t`, then the 8 bytes of a number, as one write.
    #[inline]
    fn tagged8(&mut self, t: u8, v: [u8; 8]) {
        let mut b = [t, 0, 0, 0, 0, 0, 0, 0, 0];
        b[1..].copy_from_slice(&v);
        self.put(&b);
    }
    #[inline]
    fn tag(&mut self, t: u8) {
        self.put(&[t]);
    }
    #[inline]
    fn len(&mut self, n: usize) {
        self.put(&(n as u32).to_le_bytes());
    }
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.put(b);
    }
    #[inline]
    fn name(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    /// An instant handed over as such (`super::instant`, which hands over only instants whose
    /// RFC 3339 text reads back as the very same instant): under [`Instants::Canonical`] noted
    /// and encoded directly; under [`Instants::Spelled`] chrono's own serialization through
    /// `collect_str`, exactly as if it had not been handed over.
    fn instant(&mut self, t: DateTime<FixedOffset>) -> Result<(), Error> {
        match self.instants {
            Instants::Canonical => {
                self.canonical_instant(t);
                Ok(())
            }
            Instants::Spelled => t.serialize(self),
        }
    }
    /// Instant `t` noted in the span and encoded as itself (tag 13, seconds, nanoseconds).
    fn canonical_instant(&mut self, t: DateTime<FixedOffset>) {
        self.canonical_instant_at(t, t.timestamp());
    }
    /// [`Canonical::canonical_instant`] for `t` whose Unix seconds `secs` are known.
    fn canonical_instant_at(&mut self, t: DateTime<FixedOffset>, secs: i64) {
        self.span.note(self.path, t);
        let mut b = [13; 13];
        b[1..9].copy_from_slice(&secs.to_le_bytes());
        b[9..].copy_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
        self.put(&b);
    }
}

impl Sink {
    fn take(&mut self, b: &[u8]) {
        match self {
            Sink::Sha(h) => h.update(b),
            Sink::Bytes(v) => v.extend_from_slice(b),
            Sink::Nowhere => {}
        }
    }
}

/// Sequences and maps without a known length are refused (no type of jiesu produces them).
fn need_len(len: Option<usize>) -> Result<usize, Error> {
    len.ok_or_else(|| Error("canonical encoding needs sequence lengths".into()))
}

impl<'a> ser::Serializer for &'a mut Canonical {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = &'a mut Canonical;
    type SerializeTuple = &'a mut Canonical;
    type SerializeTupleStruct = &'a mut Canonical;
    type SerializeTupleVariant = &'a mut Canonical;
    type SerializeMap = &'a mut Canonical;
    type SerializeStruct = &'a mut Canonical;
    type SerializeStructVariant = &'a mut Canonical;

    /// Not human-readable: jiesu's instants come as `super::instant` writes them for encoders.
    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.put(&[2, v as u8]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.tag(3);
        self.put(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.tag(4);
        self.put(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.tag(5);
        self.put(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.tagged(6, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        if std::mem::take(&mut self.instant_next) {
            let t = unpack(v).ok_or_else(|| Error("an instant could not be encoded".into()))?;
            return self.instant(t);
        }
        self.tag(7);
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.tag(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.tag(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.tag(0);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.tag(0);
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result<(), Error> {
        self.tagged(11, variant.as_bytes());
        self.tag(0);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Error> {
        self.instant_next = name == INSTANT;
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _i: u32, variant: &'static str, value: &T) -> Result<(), Error> {
        self.tag(11);
        self.name(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        let n = need_len(len)?;
        self.tag(8);
        self.len(n);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Error> {
        self.tag(8);
        self.len(len);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(self, _name: &'static str, _i: u32, variant: &'static str, len: usize) -> Result<Self::SerializeTupleVariant, Error> {
        self.tag(11);
        self.name(variant);
        self.serialize_tuple(len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        let n = need_len(len)?;
        self.tag(9);
        self.len(n);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        self.tag(10);
        Ok(self)
    }
    fn serialize_struct_variant(self, _name: &'static str, _i: u32, variant: &'static str, _len: usize) -> Result<Self::SerializeStructVariant, Error> {
        self.tag(11);
        self.name(variant);
        self.tag(10);
        Ok(self)
    }
    /// Values written as text arrive here (chrono's `DateTime` and `NaiveDate` serialize
    /// through `collect_str`): the text is written as a string (`serialize_str`'s bytes) —
    /// unless it reads as an RFC 3339 instant, which is noted in the span and, under
    /// `Instants::Canonical`, replaced by the instant's own encoding.
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        let text = value.to_string();
        if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
            if self.instants == Instants::Canonical {
                self.canonical_instant(t);
                return Ok(());
            }
            self.span.note(self.path, t);
        }
        self.tag(6);
        self.name(&text);
        Ok(())
    }
}

/// The compound serializers whose elements are written one after another, nothing at the end
/// (the length was written first).
macro_rules! pass_through {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Canonical {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}
pass_through!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Canonical {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}
/// Structs: every field in its place, a skipped field as the "absent" marker, then an end tag.
macro_rules! fields_in_place {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Canonical {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                if key == BODY {
                    return value.serialize(&mut **self);
                }
                self.path.push(key);
                let written = value.serialize(&mut **self);
                self.path.pop();
                written
            }
            fn skip_field(&mut self, _key: &'static str) -> Result<(), Error> {
                self.tag(12);
                Ok(())
            }
            fn end(self) -> Result<(), Error> {
                self.tag(0);
                Ok(())
            }
        }
    )*};
}
fields_in_place!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct A {
        #[serde(skip_serializing_if = "Option::is_none")]
        x: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<String>,
    }

    use super::Instants::{Canonical, Spelled};

    fn hash<T: Serialize>(v: &T, i: super::Instants) -> [u8; 32] {
        super::hash(v, i).unwrap().0
    }

    #[test]
    fn a_value_moved_between_optional_fields_changes_the_hash() {
        for i in [Spelled, Canonical] {
            let a = hash(&A { x: Some("v".into()), y: None }, i);
            let b = hash(&A { x: None, y: Some("v".into()) }, i);
            assert_ne!(a, b);
        }
    }

    #[test]
    fn strings_are_length_prefixed() {
        for i in [Spelled, Canonical] {
            assert_ne!(hash(&("ab", "c"), i), hash(&("a", "bc"), i));
        }
    }

    #[derive(Serialize)]
    struct T {
        due_at: chrono::DateTime<chrono::FixedOffset>,
        note: String,
    }

    fn t(at: &str) -> T {
        T { due_at: chrono::DateTime::parse_from_rfc3339(at).unwrap(), note: "x".into() }
    }

    #[test]
    fn canonical_instants_ignore_the_offset_spelled_ones_do_not() {
        let (cst, utc, later) = (t("2026-03-02T09:00:00+08:00"), t("2026-03-02T01:00:00Z"), t("2026-03-02T09:00:01+08:00"));
        assert_eq!(hash(&cst, Canonical), hash(&utc, Canonical));
        assert_ne!(hash(&cst, Canonical), hash(&later, Canonical));
        assert_ne!(hash(&cst, Spelled), hash(&utc, Spelled));
        // An instant and the text that spells it are different values.
        assert_ne!(hash(&cst, Canonical), hash(&("2026-03-02T09:00:00+08:00", "x"), Canonical));
    }

    #[test]
    fn the_span_names_the_field_of_the_earliest_and_latest_instant() {
        #[derive(Serialize)]
        struct Two {
            at: chrono::DateTime<chrono::FixedOffset>,
            inner: T,
        }
        let v = Two { at: chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap(), inner: t("2099-01-01T00:00:00+08:00") };
        let (_, span) = super::hash(&v, Spelled).unwrap();
        assert_eq!(span.earliest.unwrap().0.to_string(), "at");
        assert_eq!(span.latest.unwrap().0.to_string(), "inner.due_at");
        // Text that is not an instant is not noted.
        assert!(super::hash(&("2026-03-02", "x"), Canonical).unwrap().1.earliest.is_none());
    }
}
