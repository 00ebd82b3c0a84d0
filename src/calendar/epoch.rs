//! Dates and instants as numbers: China Standard Time, days since 1970-01-01 (numpy's
//! `datetime64[D]`, the C API's days), Unix seconds, and the ranges in which they are accepted
//! as arguments and computed as results (R-SLA-6).

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};

use crate::error::{Error, Result};

/// Seconds east of UTC of China Standard Time (R-SLA-6).
pub const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// Days between 0001-01-01 (chrono's day 1 is 0001-01-01) and 1970-01-01.
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// Largest |day| accepted by the epoch-day API (chrono's dates span about ±96 million days).
pub const MAX_EPOCH_DAY: i64 = 100_000_000;
/// Largest |t| accepted by the Unix-seconds API.
pub const MAX_UNIX_SECONDS: i64 = MAX_EPOCH_DAY * 86_400;
/// The epoch days of chrono's first and last dates (-262143-01-01, +262142-12-31): the range
/// of a computed date, so that every result is a date and is accepted back as an argument.
const DATE_DAYS: std::ops::RangeInclusive<i64> = -96_465_292..=95_026_236;
/// The Unix seconds of the first and last instants with a CST date (see [`instant_from_unix`]):
/// the range of a computed instant.
const INSTANT_SECONDS: std::ops::RangeInclusive<i64> = -8_334_601_228_800..=8_210_266_847_999;

/// A computed date, refused (as the date API refuses it) when it is not a date.
#[inline]
pub(super) fn result_day(day: i64) -> Result<i64> {
    if DATE_DAYS.contains(&day) {
        Ok(day)
    } else {
        Err(result_out_of_range(format_args!("day {day}")))
    }
}

/// A computed instant, refused (as the `DateTime` API refuses it) when it has no CST date.
#[inline]
pub(crate) fn result_instant(t: i64) -> Result<i64> {
    if INSTANT_SECONDS.contains(&t) {
        Ok(t)
    } else {
        Err(result_out_of_range(format_args!("instant {t}")))
    }
}

#[cold]
fn result_out_of_range(what: fmt::Arguments<'_>) -> Error {
    Error::invalid_input("result", format!("the result ({what}) is outside the supported date range"))
}

#[inline]
pub(super) fn check_day(field: &str, day: i64) -> Result<()> {
    if (-MAX_EPOCH_DAY..=MAX_EPOCH_DAY).contains(&day) {
        Ok(())
    } else {
        Err(day_out_of_range(field, day))
    }
}

#[cold]
fn day_out_of_range(field: &str, day: i64) -> Error {
    Error::invalid_input(field, format!("day {day} is outside the supported range ±{MAX_EPOCH_DAY}"))
}

#[inline]
pub(super) fn check_instant(field: &str, t: i64) -> Result<()> {
    if (-MAX_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&t) {
        Ok(())
    } else {
        Err(Error::invalid_input(field, format!("instant {t} is outside the supported range ±{MAX_UNIX_SECONDS} s")))
    }
}

/// China Standard Time, UTC+08:00 with no daylight saving (R-SLA-6).
///
/// # Example
/// ```
/// assert_eq!(jiesu::calendar::cst().local_minus_utc(), 8 * 3600);
/// ```
pub fn cst() -> FixedOffset {
    CST
}

/// China Standard Time as a constant (checked at compile time).
pub(crate) const CST: FixedOffset = match FixedOffset::east_opt(CST_OFFSET_SECONDS) {
    Some(o) => o,
    None => panic!("CST offset out of range"),
};

/// Converts an instant with any offset to China Standard Time.
///
/// # Example
/// ```
/// use chrono::DateTime;
/// let t = DateTime::parse_from_rfc3339("2026-02-13T08:00:00Z").unwrap();
/// assert_eq!(jiesu::calendar::to_cst(t).to_rfc3339(), "2026-02-13T16:00:00+08:00");
/// ```
pub fn to_cst<Tz: TimeZone>(t: DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&cst())
}

/// [`to_cst`], refusing an instant whose CST wall-clock time is outside chrono's range (the
/// last hours before chrono's latest instant): such a value cannot give its local date.
pub(crate) fn checked_cst<Tz: TimeZone>(t: DateTime<Tz>, field: &str) -> Result<DateTime<FixedOffset>> {
    match t.naive_utc().checked_add_offset(CST) {
        Some(_) => Ok(to_cst(t)),
        None => Err(Error::invalid_input(field, format!("instant {} is outside the supported range", t.naive_utc()))),
    }
}

/// The local (CST) date of an instant.
///
/// # Example
/// ```
/// use chrono::{DateTime, NaiveDate};
/// let t = DateTime::parse_from_rfc3339("2026-02-13T20:00:00Z").unwrap();
/// assert_eq!(jiesu::calendar::local_date(t), NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
/// ```
pub fn local_date<Tz: TimeZone>(t: DateTime<Tz>) -> NaiveDate {
    to_cst(t).date_naive()
}

/// Local midnight (00:00 CST) at the start of `date`, i.e. "24:00 of the day before".
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// let t = jiesu::calendar::start_of_day(NaiveDate::from_ymd_opt(2026, 2, 26).unwrap()).unwrap();
/// assert_eq!(t.to_rfc3339(), "2026-02-26T00:00:00+08:00");
/// ```
pub fn start_of_day(date: NaiveDate) -> Result<DateTime<FixedOffset>> {
    instant_from_unix(epoch_day(date) * 86_400 - CST_OFFSET_SECONDS as i64)
}

/// Days since 1970-01-01 of a date (the representation of numpy's `datetime64[D]` and of the C
/// API).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(jiesu::calendar::epoch_day(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
/// ```
pub fn epoch_day(date: NaiveDate) -> i64 {
    date.num_days_from_ce() as i64 - UNIX_EPOCH_FROM_CE
}

/// The date of a day number since 1970-01-01.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(jiesu::calendar::date_from_epoch_day(20_000)?, NaiveDate::from_ymd_opt(2024, 10, 4).unwrap());
/// assert!(jiesu::calendar::date_from_epoch_day(i64::MAX).is_err());
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn date_from_epoch_day(day: i64) -> Result<NaiveDate> {
    day.checked_add(UNIX_EPOCH_FROM_CE)
        .and_then(|n| i32::try_from(n).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| Error::invalid_input("date", format!("day {day} is outside the supported date range")))
}

/// The instant of a Unix timestamp, in CST. The whole range of chrono's CST instants is
/// accepted (calendar arithmetic is defined there); an engine holds `now` and the instants of
/// commands and events to its plausible window ([`Limits::check_instant`](crate::Limits::check_instant)).
///
/// # Example
/// ```
/// let t = jiesu::calendar::instant_from_unix(0).unwrap();
/// assert_eq!(t.to_rfc3339(), "1970-01-01T08:00:00+08:00");
/// ```
pub fn instant_from_unix(secs: i64) -> Result<DateTime<FixedOffset>> {
    let t = DateTime::from_timestamp(secs, 0).ok_or_else(|| Error::invalid_input("instant", format!("timestamp {secs} is outside the supported range")))?;
    checked_cst(t, "instant")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_ranges_are_chronos() {
        let (first, last) = (*DATE_DAYS.start(), *DATE_DAYS.end());
        assert_eq!(date_from_epoch_day(first).unwrap(), NaiveDate::MIN);
        assert_eq!(date_from_epoch_day(last).unwrap(), NaiveDate::MAX);
        let (first, last) = (*INSTANT_SECONDS.start(), *INSTANT_SECONDS.end());
        assert!(instant_from_unix(first).is_ok() && instant_from_unix(first - 1).is_err());
        assert!(instant_from_unix(last).is_ok() && instant_from_unix(last + 1).is_err());
    }
}
