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
//! `5` f64, `6` str, `7` bytes, `8` seq, `9` map, `10` struct, `11` variant, `12` absent field.

use serde::ser::{self, Serialize};
use sha2::{Digest, Sha256};

/// SHA-256 of the canonical encoding of `value`.
pub(crate) fn hash<T: Serialize + ?Sized>(value: &T) -> Result<[u8; 32], Error> {
    let mut s = Canonical { h: Vec::with_capacity(512) };
    value.serialize(&mut s)?;
    Ok(Sha256::digest(&s.h).into())
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

/// Collects the encoding; hashing it in one call is much faster than many small updates.
struct Canonical {
    h: Vec<u8>,
}

impl Canonical {
    #[inline]
    fn tag(&mut self, t: u8) {
        self.h.push(t);
    }
    #[inline]
    fn len(&mut self, n: usize) {
        self.h.extend_from_slice(&(n as u32).to_le_bytes());
    }
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.h.extend_from_slice(b);
    }
    #[inline]
    fn name(&mut self, s: &str) {
        self.bytes(s.as_bytes());
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

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.tag(2);
        self.h.push(v as u8);
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
        self.h.extend_from_slice(&v.to_le_bytes());
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
        self.h.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.tag(5);
        self.h.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.tag(6);
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
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
        self.tag(11);
        self.name(variant);
        self.tag(0);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
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
    /// The same bytes as `serialize_str(&value.to_string())` (instants arrive here), written
    /// in place: the length is patched in after formatting, with no string allocated.
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        struct Append<'b>(&'b mut Vec<u8>);
        impl std::fmt::Write for Append<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.extend_from_slice(s.as_bytes());
                Ok(())
            }
        }
        self.tag(6);
        let at = self.h.len();
        self.h.extend_from_slice(&[0; 4]);
        std::fmt::write(&mut Append(&mut self.h), format_args!("{value}")).map_err(|_| Error("a value could not be formatted".into()))?;
        let n = self.h.len() - at - 4;
        self.h[at..at + 4].copy_from_slice(&(n as u32).to_le_bytes());
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
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _key: &'static str, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
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

    #[test]
    fn a_value_moved_between_optional_fields_changes_the_hash() {
        let a = super::hash(&A { x: Some("v".into()), y: None }).unwrap();
        let b = super::hash(&A { x: None, y: Some("v".into()) }).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn strings_are_length_prefixed() {
        let a = super::hash(&("ab", "c")).unwrap();
        let b = super::hash(&("a", "bc")).unwrap();
        assert_ne!(a, b);
    }
}
