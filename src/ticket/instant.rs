//! How jiesu's types hand their instants to the canonical encoder (`canonical`): a
//! `serialize_with` that writes an instant exactly as chrono does to a human-readable
//! serializer (JSON, TOML: unchanged), and as the instant itself — Unix seconds, nanoseconds
//! and offset, under a name only the canonical encoder (not human-readable) looks for — to
//! the encoder, which then neither spells the instant as text nor parses the text back.
//!
//! Only instants whose RFC 3339 text reads back as the very same instant are handed over so:
//! the encoder has always hashed what the text reads back as (and only noted an instant whose
//! text reads back at all), so an instant chrono spells beyond RFC 3339 (a year outside
//! 0…9999, an offset with seconds, a leap second) still goes through chrono's text.

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};

/// The newtype name under which an instant reaches the canonical encoder.
pub(crate) const INSTANT: &str = "$jiesu::canonical::instant";

/// The instant as 16 bytes: Unix seconds (i64), nanoseconds (u32), offset seconds (i32).
struct Packed<'a>(&'a DateTime<FixedOffset>);

impl Serialize for Packed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&t.timestamp().to_le_bytes());
        b[8..12].copy_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
        b[12..].copy_from_slice(&t.offset().local_minus_utc().to_le_bytes());
        s.serialize_bytes(&b)
    }
}

/// The instant [`Packed`]'s 16 bytes hold.
pub(crate) fn unpack(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    let secs = i64::from_le_bytes(b.get(..8)?.try_into().ok()?);
    let nanos = u32::from_le_bytes(b.get(8..12)?.try_into().ok()?);
    let offset = i32::from_le_bytes(b.get(12..16)?.try_into().ok()?);
    Some(DateTime::from_timestamp(secs, nanos)?.with_timezone(&FixedOffset::east_opt(offset)?))
}

/// Whether `t`'s RFC 3339 text reads back as the very same instant (what is handed over).
/// The local year is within 0…9999 when the local Unix seconds (UTC seconds plus the offset)
/// are within [`FIRST_LOCAL`, `LAST_LOCAL`]: compared so, without working out the date.
pub(crate) fn reads_back(t: &DateTime<FixedOffset>) -> bool {
    reads_back_at(t, t.timestamp())
}

/// [`reads_back`] for `t` whose Unix seconds `secs` (`t.timestamp()`) the caller has at hand.
pub(crate) fn reads_back_at(t: &DateTime<FixedOffset>, secs: i64) -> bool {
    let offset = t.offset().local_minus_utc();
    let local = secs + i64::from(offset);
    (FIRST_LOCAL..=LAST_LOCAL).contains(&local) && offset % 60 == 0 && t.timestamp_subsec_nanos() < 1_000_000_000
}

/// 0000-01-01T00:00:00 and 9999-12-31T23:59:59 as Unix seconds (of the local clock).
const FIRST_LOCAL: i64 = -62_167_219_200;
const LAST_LOCAL: i64 = 253_402_300_799;

/// An instant (`#[serde(serialize_with = "super::instant::serialize")]`).
pub(crate) fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() || !reads_back(t) {
        t.serialize(s)
    } else {
        s.serialize_newtype_struct(INSTANT, &Packed(t))
    }
}

/// An optional instant (`#[serde(serialize_with = "super::instant::option")]`).
pub(crate) fn option<S: Serializer>(t: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
    struct Inner<'a>(&'a DateTime<FixedOffset>);
    impl Serialize for Inner<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, s)
        }
    }
    match t {
        Some(t) => s.serialize_some(&Inner(t)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::canonical::{hash, Instants};
    use chrono::{DateTime, FixedOffset};
    use serde::Serialize;

    /// The same fields, their instants through `serialize_with` or chrono's own `Serialize`.
    #[derive(Serialize)]
    struct Via {
        #[serde(serialize_with = "super::serialize")]
        at: DateTime<FixedOffset>,
        #[serde(serialize_with = "super::option", skip_serializing_if = "Option::is_none")]
        maybe: Option<DateTime<FixedOffset>>,
        note: &'static str,
    }
    #[derive(Serialize)]
    struct Plain {
        at: DateTime<FixedOffset>,
        #[serde(skip_serializing_if = "Option::is_none")]
        maybe: Option<DateTime<FixedOffset>>,
        note: &'static str,
    }

    /// `reads_back` compares seconds; the definition it stands for is the local year.
    #[test]
    fn reads_back_is_the_local_year_within_0_to_9999() {
        use chrono::Datelike;
        let by_year =
            |t: &DateTime<FixedOffset>| (0..=9999).contains(&t.year()) && t.offset().local_minus_utc() % 60 == 0 && t.timestamp_subsec_nanos() < 1_000_000_000;
        let mut n = 0;
        for secs in [super::FIRST_LOCAL, super::LAST_LOCAL, 0, 1_772_413_200] {
            for delta in [-86_401, -3601, -1, 0, 1, 3601, 86_401] {
                for offset in [-86_399, -50_400, -3600, -30, 0, 59, 60, 28_800, 50_400, 86_399] {
                    for nanos in [0, 999_999_999, 1_500_000_000] {
                        let Some(utc) = DateTime::from_timestamp(secs + delta, nanos) else { continue };
                        let t = utc.with_timezone(&FixedOffset::east_opt(offset).unwrap());
                        assert_eq!(super::reads_back(&t), by_year(&t), "{t:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 500);
    }

    #[test]
    fn json_hash_and_span_are_those_of_chrono_s_own_serialization() {
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        let naive = |y, nanos| chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap().and_hms_nano_opt(0, 0, 0, nanos).unwrap();
        let at = |y, nanos, offset| naive(y, nanos).and_local_timezone(FixedOffset::east_opt(offset).unwrap()).unwrap();
        // Spelt beyond RFC 3339 (the text does not read back, or not as the same instant).
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap().and_utc().fixed_offset();
        for (at, maybe) in [
            (t("2026-03-02T09:00:00+08:00"), Some(t("2026-03-02T01:00:00.123456789Z"))),
            (t("2026-03-02T09:00:00.5-05:30"), None),
            (t("1999-12-31T23:59:59+00:00"), Some(t("2099-01-01T00:00:00+14:00"))),
            (at(-262_143, 0, 0), Some(at(10_000, 0, 3600))),
            (at(2026, 0, 8 * 3600 + 30), Some(leap)),
        ] {
            let (via, plain) = (Via { at, maybe, note: "x" }, Plain { at, maybe, note: "x" });
            assert_eq!(serde_json::to_string(&via).unwrap(), serde_json::to_string(&plain).unwrap());
            for instants in [Instants::Spelled, Instants::Canonical] {
                let ((h1, s1), (h2, s2)) = (hash(&via, instants).unwrap(), hash(&plain, instants).unwrap());
                assert_eq!(h1, h2, "{instants:?}");
                for (a, b) in [(s1.earliest, s2.earliest), (s1.latest, s2.latest)] {
                    let key = |m: Option<super::super::canonical::Met>| m.map(|(path, t)| (path.to_string(), t, *t.offset()));
                    assert_eq!(key(a), key(b));
                }
            }
        }
    }
}
