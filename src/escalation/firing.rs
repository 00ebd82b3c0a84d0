//! When a rule fires on a ticket ([`Fire`]): an instant of the ticket's, or one a number of
//! working days after a breach ([`shift_working_days`]), kept as Unix seconds until it is
//! needed; and the earliest of those still to come ([`Next`], `next_check_at`).

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::calendar::{date_from_epoch_day, Calendar, CST, CST_OFFSET_SECONDS};
use crate::error::{Error, Result};

const DAY: i64 = 86_400;

/// The instant `n` working days after a breach at `t` ("older than n working days"): the same
/// time of day `n` working days later when `t` falls on a working day (24:00 of a day counts as
/// that day), or 24:00 of the `n`-th working day after `t`'s day when it falls on a rest day.
/// Monotone in `t`. In epoch-day arithmetic on `t`'s own offset, and kept as Unix seconds
/// ([`Fire::Unix`]): no calendar date is built, here or later unless the instant is needed
/// (this runs for every unmet clock of every ticket of a sweep).
#[inline]
pub(super) fn shift_working_days(cal: &Calendar, t: DateTime<FixedOffset>, n: u32) -> Result<Fire> {
    if n == 0 {
        return Ok(Fire::At(t));
    }
    shift_some_working_days(cal, t, n)
}

/// [`shift_working_days`] for `n >= 1` (out of line: the `n == 0` of a breach rule is inlined).
fn shift_some_working_days(cal: &Calendar, t: DateTime<FixedOffset>, n: u32) -> Result<Fire> {
    let (secs, nanos, offset) = (t.timestamp(), t.timestamp_subsec_nanos(), *t.offset());
    if nanos >= 1_000_000_000 {
        // A leap second: chrono's own arithmetic, as an instant.
        return shift_by_chrono(cal, t, n).map(Fire::At);
    }
    let local = secs + offset.local_minus_utc() as i64;
    // 24:00 of a day (00:00:00.000 of the next) counts as that day.
    let midnight = local.rem_euclid(DAY) == 0 && nanos == 0;
    let day = (local - midnight as i64).div_euclid(DAY);
    let target = cal.add_working_days_epoch(day, n as i64)?;
    let (secs, nanos, offset) = if cal.is_workday_epoch(day)? {
        // The same time of day: whole days later on `t`'s offset.
        let secs = (target - day).checked_mul(DAY).and_then(|d| secs.checked_add(d)).ok_or_else(|| Error::invalid_input("due_at", "instant out of range"))?;
        (secs, nanos, offset)
    } else {
        // 24:00 CST of the target day.
        ((target + 1) * DAY - CST_OFFSET_SECONDS as i64, 0, CST)
    };
    // Refused where building the instant would be (it is built only when needed).
    crate::calendar::result_instant(secs)?;
    Ok(Fire::Unix { secs, nanos, offset })
}

/// [`shift_some_working_days`] by chrono's arithmetic on the instant itself (what it computes
/// without building one): for an instant within a leap second, which Unix seconds do not
/// spell.
#[cold]
fn shift_by_chrono(cal: &Calendar, t: DateTime<FixedOffset>, n: u32) -> Result<DateTime<FixedOffset>> {
    let local = t.timestamp() + t.offset().local_minus_utc() as i64;
    let midnight = local.rem_euclid(DAY) == 0 && t.timestamp_subsec_nanos() == 0;
    let day = (local - midnight as i64).div_euclid(DAY);
    let target = cal.add_working_days_epoch(day, n as i64)?;
    let out_of_range = || Error::invalid_input("due_at", "instant out of range");
    if cal.is_workday_epoch(day)? {
        TimeDelta::try_days(target - day).and_then(|d| t.checked_add_signed(d)).ok_or_else(out_of_range)
    } else {
        crate::calendar::start_of_day(date_from_epoch_day(target + 1)?)
    }
}

/// The instant at which a rule fires on a ticket: one of the ticket's instants, or one shifted
/// by working days and kept as Unix seconds and nanoseconds (below one second) with its offset
/// until it is needed — most are only compared with `now` and with one another, and building a
/// `DateTime` costs more than the shift.
#[derive(Clone, Copy, Debug)]
pub(super) enum Fire {
    /// An instant of the ticket's, as it is.
    At(DateTime<FixedOffset>),
    /// Unix seconds, nanoseconds (below one second) and the offset the instant is spelt in.
    Unix { secs: i64, nanos: u32, offset: FixedOffset },
}

impl Fire {
    /// Whether it comes after `now` (whose [`key_of`] is `now_key`).
    #[inline]
    pub(super) fn is_after(self, now: DateTime<FixedOffset>, now_key: (i64, u32)) -> bool {
        match self {
            Fire::At(t) => t > now,
            Fire::Unix { secs, nanos, .. } => (secs, nanos) > now_key,
        }
    }

    /// The instant itself (`None` only outside chrono's range, which [`shift_working_days`]
    /// has refused already).
    pub(super) fn instant(self) -> Option<DateTime<FixedOffset>> {
        match self {
            Fire::At(t) => Some(t),
            Fire::Unix { secs, nanos, offset } => DateTime::from_timestamp(secs, nanos).map(|t| t.with_timezone(&offset)),
        }
    }
}

/// Unix seconds and nanoseconds of `t`.
pub(super) fn key_of(t: DateTime<FixedOffset>) -> (i64, u32) {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

/// The earliest instant still to come (`next_check_at`). Of equal instants, the first offered
/// stays.
#[derive(Default)]
pub(super) struct Next {
    pub(super) at: Option<DateTime<FixedOffset>>,
}

impl Next {
    /// Takes `fire` when it is earlier. `false` when it is but has no instant.
    pub(super) fn offer(&mut self, fire: Fire) -> bool {
        let earlier = match (fire, self.at) {
            (_, None) => true,
            (Fire::At(t), Some(n)) => t < n,
            (Fire::Unix { secs, nanos, .. }, Some(n)) => (secs, nanos) < key_of(n),
        };
        if earlier {
            let Some(t) = fire.instant() else { return false };
            self.at = Some(t);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shift as chrono's own arithmetic computes it (what the escalation rules computed
    /// before instants were kept as Unix seconds).
    fn by_chrono(cal: &Calendar, t: DateTime<FixedOffset>, n: u32) -> Result<DateTime<FixedOffset>> {
        if n == 0 {
            return Ok(t);
        }
        shift_by_chrono(cal, t, n)
    }

    /// Every 97 minutes of 2025 and 2026 (working days, rest days, 调休, midnights), on CST,
    /// UTC and another offset, with and without nanoseconds, 0 to 5 working days: the same
    /// instant, spelt with the same offset, or the same refusal at the calendar's end.
    #[test]
    fn shifts_as_chrono_does() {
        let cal = Calendar::cn();
        let start = DateTime::parse_from_rfc3339("2025-01-01T00:00:00+08:00").unwrap();
        let offsets = [CST, FixedOffset::east_opt(0).unwrap(), FixedOffset::west_opt(5 * 3600 + 1800).unwrap()];
        let mut compared = 0;
        for k in 0..(2 * 366 * 24 * 60 / 97) {
            for (i, off) in offsets.iter().enumerate() {
                let base = start + TimeDelta::minutes(97 * k) + TimeDelta::nanoseconds(if i == 2 { 123_456_789 } else { 0 });
                let t = base.with_timezone(off);
                for n in 0..=5 {
                    let ours = shift_working_days(&cal, t, n).map(|f| f.instant().unwrap());
                    match (ours, by_chrono(&cal, t, n)) {
                        (Ok(a), Ok(b)) => {
                            assert_eq!((a, a.offset()), (b, b.offset()), "{t} + {n}");
                            compared += 1;
                        }
                        (Err(_), Err(_)) => {}
                        (a, b) => panic!("{t} + {n}: {a:?} vs {b:?}"),
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
        // Midnight exactly (24:00 of the day before) on a working day and on a rest day.
        for at in ["2026-10-09T00:00:00+08:00", "2026-10-01T00:00:00+08:00", "2026-02-28T00:00:00+08:00"] {
            let t = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(shift_working_days(&cal, t, 1).unwrap().instant(), by_chrono(&cal, t, 1).ok());
        }
    }

    #[test]
    fn a_leap_second_shifts_by_chronos_arithmetic() {
        let cal = Calendar::cn();
        let t = DateTime::parse_from_rfc3339("2026-03-02T23:59:60.5+08:00").unwrap();
        assert!(t.timestamp_subsec_nanos() >= 1_000_000_000);
        let fire = shift_working_days(&cal, t, 1).unwrap();
        assert!(matches!(fire, Fire::At(_)));
        assert_eq!(fire.instant(), by_chrono(&cal, t, 1).ok());
        // Monday 2 March 2026 is a working day: Tuesday, the same time of day as chrono adds
        // whole days to a leap second (out of it: no leap second on Tuesday).
        assert_eq!(fire.instant(), Some(DateTime::parse_from_rfc3339("2026-03-03T23:59:59.5+08:00").unwrap()));
    }

    #[test]
    fn the_earliest_stays_and_ties_keep_the_first() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let mut next = Next::default();
        assert!(next.offer(Fire::At(t("2026-03-03T09:00:00+08:00"))));
        let utc = t("2026-03-03T01:00:00Z");
        assert!(next.offer(Fire::Unix { secs: utc.timestamp(), nanos: 0, offset: *utc.offset() }));
        assert_eq!(next.at.unwrap().offset().local_minus_utc(), 8 * 3600, "a tie keeps the first offered");
        let earlier = t("2026-03-03T00:59:59Z");
        assert!(next.offer(Fire::Unix { secs: earlier.timestamp(), nanos: 0, offset: *earlier.offset() }));
        assert_eq!(next.at, Some(earlier));
        assert!(next.offer(Fire::At(t("2026-03-03T08:59:59.5+08:00"))));
        assert_eq!(next.at, Some(earlier));
        assert!(!next.offer(Fire::Unix { secs: i64::MIN / 2, nanos: 0, offset: CST }), "no instant: refused");
    }
}
