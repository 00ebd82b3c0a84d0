//! Periods and bulletin kinds from what a caller gives: a month `"2026-10"`, an ISO week
//! `"2026-W41"`, two instants, the month or ISO week of a date, `"monthly"` / `"weekly"`. The
//! Python package (and any other layer) parses its arguments with these, so that every layer
//! accepts the same texts with the same errors.
//!
//! The items are methods of [`Period`] and an implementation of `FromStr` for
//! [`BulletinKind`]; this module only holds them apart from the assessment itself.

use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Weekday};

use crate::assessment::{BulletinKind, Period};
use crate::error::{Error, Result};

impl Period {
    /// The period a text names: a month `"2026-10"` (four-digit year, two-digit month) or an
    /// ISO week `"2026-W41"` (or `"2026-w41"`); blanks around it are ignored. Errors name the
    /// field `period`.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::Period;
    /// let w = Period::parse("2026-W41")?;
    /// assert_eq!((w.from.to_rfc3339(), w.to.to_rfc3339()), ("2026-10-05T00:00:00+08:00".into(), "2026-10-12T00:00:00+08:00".into()));
    /// assert_eq!(Period::parse(" 2026-10 ")?, Period::month(2026, 10)?);
    /// let e = Period::parse("October").unwrap_err();
    /// assert_eq!(e.field(), Some("period"));
    /// assert!(e.message().contains("is not a month (\"2026-10\") or an ISO week (\"2026-W41\")"));
    /// assert!(Period::parse("2026-13").unwrap_err().message().contains("no month 2026-13"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Period> {
        match period_text(text) {
            Some(p) => p.map_err(|e| e.with_field("period")),
            None => Err(Error::invalid_input(
                "period",
                format!("{text:?} is not a month (\"2026-10\") or an ISO week (\"2026-W41\"); give (from, to) for another period"),
            )),
        }
    }

    /// The period `[from, to)` between two instants; `to` must be after `from`.
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::assessment::Period;
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// let p = Period::between(t("2026-03-01T00:00:00+08:00"), t("2026-03-01T12:00:00+08:00"))?;
    /// assert!(p.contains(t("2026-03-01T11:59:59+08:00")));
    /// let e = Period::between(p.to, p.from).unwrap_err();
    /// assert!(e.message().contains("is not after its start"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn between(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Result<Period> {
        if to <= from {
            return Err(Error::invalid_input("period", format!("period end {to} is not after its start {from}")));
        }
        Ok(Period { from, to })
    }

    /// The period of a bulletin of `kind` that contains `date`: its month (monthly) or its ISO
    /// week (weekly).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::assessment::{BulletinKind, Period};
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
    /// assert_eq!(Period::of_kind(BulletinKind::Monthly, d)?, Period::month(2026, 3)?);
    /// assert_eq!(Period::of_kind(BulletinKind::Weekly, d)?.from.to_rfc3339(), "2026-03-02T00:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn of_kind(kind: BulletinKind, date: NaiveDate) -> Result<Period> {
        match kind {
            BulletinKind::Monthly => Period::month(date.year(), date.month()),
            BulletinKind::Weekly => Period::week_of(date),
        }
    }
}

/// A month or an ISO week; `None` when the text is neither.
fn period_text(s: &str) -> Option<Result<Period>> {
    let (y, rest) = s.trim().split_once('-')?;
    let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
    if let Some(w) = rest.strip_prefix('W').or_else(|| rest.strip_prefix('w')) {
        let week: u32 = w.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        return Some(Period::week_of(monday));
    }
    let month: u32 = rest.parse().ok().filter(|_| rest.len() == 2)?;
    Some(Period::month(year, month))
}

impl FromStr for Period {
    type Err = Error;

    /// [`Period::parse`].
    fn from_str(s: &str) -> Result<Period> {
        Period::parse(s)
    }
}

impl FromStr for BulletinKind {
    type Err = Error;

    /// `"monthly"` or `"weekly"` (the serde names); anything else is an error naming the field
    /// `kind`.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::BulletinKind;
    /// assert_eq!("weekly".parse::<BulletinKind>()?, BulletinKind::Weekly);
    /// let e = "daily".parse::<BulletinKind>().unwrap_err();
    /// assert_eq!(e.to_string(), "unknown bulletin kind \"daily\": expected \"monthly\" or \"weekly\" (field kind)");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<BulletinKind> {
        match s {
            "monthly" => Ok(BulletinKind::Monthly),
            "weekly" => Ok(BulletinKind::Weekly),
            _ => Err(Error::invalid_input("kind", format!("unknown bulletin kind {s:?}: expected \"monthly\" or \"weekly\""))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_and_months_parse_and_others_do_not() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Period::parse("2026-W01").unwrap(), Period::week_of(d(2025, 12, 29)).unwrap());
        assert_eq!(Period::parse("2020-w53").unwrap(), Period::week_of(d(2020, 12, 28)).unwrap());
        assert_eq!("2026-02".parse::<Period>().unwrap(), Period::month(2026, 2).unwrap());
        for bad in ["March", "2026-3", "26-03", "2026-W54", "2026-W", "2026-03-01", "", "2026-Q1"] {
            let e = Period::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some("period"), "{bad}");
            assert!(e.message().starts_with(&format!("{bad:?} is not a month")), "{bad}: {e}");
        }
        let e = Period::parse("2026-00").unwrap_err();
        assert_eq!((e.field(), e.message()), (Some("period"), "no month 2026-0"));
    }
}
