//! Working-day calendar with Chinese statutory holidays, make-up working days (调休上班日),
//! local overlays, business hours and coverage (R-SLA-5, R-SLA-6, R-SLA-7).
//!
//! A [`Calendar`] is a base schedule (the built-in national calendar [`Calendar::cn`], or
//! one loaded from data) plus overlays that add holidays and working days, plus
//! [`BusinessHours`]. It is immutable and cheap to share between threads.
//!
//! Every operation is O(1) (day arithmetic) or O(log n) (working-time arithmetic) through
//! prefix tables built once over the covered years; nothing loops over days.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use jiesu::calendar::{Calendar, DayKind};
//!
//! let cal = Calendar::cn();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! // 2026-02-14 is a Saturday worked for the Spring Festival.
//! assert_eq!(cal.day_kind(d(2026, 2, 14))?, DayKind::MakeupWorkday);
//! assert_eq!(cal.day(d(2026, 2, 17))?.festival, Some("spring_festival"));
//! // The 3rd working day after Friday 2026-02-13 is 2026-02-25.
//! assert_eq!(cal.add_working_days(d(2026, 2, 13), 3)?, d(2026, 2, 25));
//! // numpy semantics, with make-up days.
//! assert_eq!(cal.busday_count(d(2026, 2, 13), d(2026, 2, 26))?, 4);
//! # Ok::<(), jiesu::Error>(())
//! ```

mod attribution;
pub mod batch;
mod build;
mod coverage;
mod data;
mod days;
mod epoch;
mod hours;
mod ladder;
mod lunar;
mod notice;
mod working_time;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, TimeZone};
use serde::{Deserialize, Serialize};

pub use attribution::{PackageAttribution, PackageDays, PackageErratum, PackageName, CHINESECALENDAR_DATA};
pub use coverage::{CoverageWarning, COVERAGE_WARNING_DAYS};
pub use data::{CalendarData, Coverage, FestivalEntry, OverlayScope, SCHEMA_VERSION};
pub use epoch::{
    cst, date_from_epoch_day, epoch_day, instant_from_unix, local_date, start_of_day, to_cst, CST_OFFSET_SECONDS, MAX_EPOCH_DAY, MAX_UNIX_SECONDS,
};
pub use hours::{BusinessHours, Session};
pub use notice::{parse_notice, Notice, MAX_NOTICE_BYTES};

use crate::error::{Error, Problem, Result};
use data::Mark;
pub(crate) use epoch::result_instant;
use epoch::{check_day, check_instant, result_day};
pub(crate) use epoch::{checked_cst, CST};
use ladder::{unit_ladder, weekday, weighted_ladder, Ladder, Outside};

/// The built-in national calendar data (`data/calendar/cn.toml`).
pub const CN_DATA: &str = include_str!("../../data/calendar/cn.toml");

/// The example local overlay shipped with jiesu (`data/calendar/example-wenshan-overlay.toml`).
/// It is an illustration of the format, **not official data**.
pub const EXAMPLE_OVERLAY_DATA: &str = include_str!("../../data/calendar/example-wenshan-overlay.toml");

/// The built-in `CN` calendar, parsed from [`CN_DATA`] once per process at its first use: an
/// immutable value, the one kind of process-wide state the core keeps (README, "Decisions").
/// [`Calendar::cn`] and [`Calendar::builtin`] hand out copies that share its tables.
static CN: LazyLock<Calendar> = LazyLock::new(|| {
    // The embedded data is validated by the test suite; failure here is impossible unless the
    // repository's data file is broken.
    Calendar::from_toml(CN_DATA).expect("built-in CN calendar data is valid")
});

/// Largest |n| accepted for working-day offsets: beyond chrono's date range anyway.
const MAX_DAY_OFFSET: i64 = 100_000_000;
/// Largest span of a weekmask calendar's holiday table, in days (about 400 years).
const MAX_TABLE_DAYS: i64 = 146_097;
/// Largest working-time duration accepted, in seconds (about 300 000 years of office hours).
const MAX_WORKING_SECONDS: i64 = 10_000_000_000_000;

/// What kind of day a date is.
///
/// # Example
/// ```
/// use jiesu::calendar::DayKind;
/// assert!(DayKind::MakeupWorkday.is_workday());
/// assert_eq!(serde_json::to_string(&DayKind::MakeupWorkday).unwrap(), "\"makeup_workday\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary working day.
    Workday = 0,
    /// An ordinary rest day (by the weekmask).
    Weekend = 1,
    /// A statutory or local holiday.
    Holiday = 2,
    /// A weekend day that is worked (调休上班日).
    MakeupWorkday = 3,
}

impl DayKind {
    /// Whether the day is worked.
    ///
    /// # Example
    /// ```
    /// assert!(!jiesu::calendar::DayKind::Holiday.is_workday());
    /// ```
    pub fn is_workday(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }

    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::DayKind::Weekend.as_str(), "weekend");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Workday => "workday",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::MakeupWorkday => "makeup_workday",
        }
    }

    fn from_u8(b: u8) -> DayKind {
        match b {
            0 => DayKind::Workday,
            1 => DayKind::Weekend,
            2 => DayKind::Holiday,
            _ => DayKind::MakeupWorkday,
        }
    }
}

/// A date with its kind and, for holidays and make-up days, the festival it belongs to.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// let cal = jiesu::calendar::Calendar::cn();
/// let day = cal.day(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()).unwrap();
/// assert_eq!(day.festival, Some("national_day"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day<'a> {
    /// The civil date (local, CST).
    pub date: NaiveDate,
    /// Whether it is worked and why: ordinary working day, weekend, holiday or make-up
    /// working day.
    pub kind: DayKind,
    /// The festival of a holiday or make-up working day.
    pub festival: Option<&'a str>,
}

/// What to do when an operation needs a day outside the calendar's coverage (R-SLA-7).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::{Calendar, CoveragePolicy};
/// let cal = Calendar::cn().with_policy(CoveragePolicy::Provisional);
/// let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
/// assert_eq!(cal.add_working_days(d, 5).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
/// assert!(!cal.covers(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoveragePolicy {
    /// Fail with a coverage error naming the missing year (default).
    #[default]
    Strict,
    /// Treat uncovered years as weekends-only (by the weekmask); results that used such days
    /// are provisional ([`Calendar::covers`] tells which days are covered).
    Provisional,
}

/// How `busday_offset` moves a date that is not a working day, exactly as numpy's `roll`.
///
/// # Example
/// ```
/// use jiesu::calendar::Roll;
/// assert_eq!("modifiedfollowing".parse::<Roll>().unwrap(), Roll::ModifiedFollowing);
/// assert!("sideways".parse::<Roll>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Roll {
    /// Error on a non-working day.
    #[default]
    Raise,
    /// The next working day.
    Forward,
    /// Same as `Forward`.
    Following,
    /// The previous working day.
    Backward,
    /// Same as `Backward`.
    Preceding,
    /// The next working day unless it is in another month, then the previous one.
    ModifiedFollowing,
    /// The previous working day unless it is in another month, then the next one.
    ModifiedPreceding,
}

impl FromStr for Roll {
    type Err = Error;
    fn from_str(s: &str) -> Result<Roll> {
        Ok(match s {
            "raise" => Roll::Raise,
            "forward" => Roll::Forward,
            "following" => Roll::Following,
            "backward" => Roll::Backward,
            "preceding" => Roll::Preceding,
            "modifiedfollowing" => Roll::ModifiedFollowing,
            "modifiedpreceding" => Roll::ModifiedPreceding,
            _ => {
                return Err(Error::invalid_input(
                    "roll",
                    format!(
                        "invalid roll {s:?}: expected raise, forward, following, backward, preceding, \
                         modifiedfollowing or modifiedpreceding"
                    ),
                ))
            }
        })
    }
}

/// A working-day calendar: base schedule, overlays, business hours, coverage policy.
///
/// Build it with [`Calendar::cn`], [`Calendar::from_toml`], [`Calendar::from_json`] or
/// [`Calendar::from_weekmask`]; refine it with [`Calendar::with_overlay`],
/// [`Calendar::with_policy`] and [`Calendar::with_business_hours`].
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::Calendar;
/// let cal = Calendar::cn();
/// assert_eq!(cal.name(), "CN");
/// assert_eq!((cal.coverage().unwrap().from, cal.coverage().unwrap().to), (2004, 2026));
/// assert!(cal.is_workday(NaiveDate::from_ymd_opt(2026, 1, 4).unwrap())?); // a make-up Sunday
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Calendar {
    policy: CoveragePolicy,
    /// Everything else, immutable once built and shared by clones: a clone (of the built-in
    /// calendar, of an engine's) is a reference count.
    t: Arc<Tables>,
}

/// A calendar's data and derived tables.
#[derive(PartialEq, Eq)]
struct Tables {
    name: String,
    weekmask: [bool; 7],
    coverage: Option<Coverage>,
    /// Every marked day: holidays and make-up workdays, with the festival's index.
    marks: BTreeMap<NaiveDate, (Mark, u16)>,
    festivals: Vec<String>,
    /// The data the calendar was built from (base, then overlays), for serialization.
    sources: Vec<CalendarData>,
    /// Holidays of a weekmask calendar (numpy style), for serialization.
    weekmask_holidays: Vec<NaiveDate>,
    hours: BusinessHours,
    // Derived tables.
    start: i64,
    kinds: Vec<u8>,
    festival_of: Vec<u16>,
    days: Ladder<u32>,
    /// Table offset of the k-th working day (the day ladder's inverse, one load).
    units: Vec<u32>,
    secs: Ladder<i64>,
    /// Sessions by schedule: 0..7 weekdays, 7 make-up days.
    schedules: [Vec<Session>; 8],
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("name", &self.t.name)
            .field("coverage", &self.t.coverage)
            .field("policy", &self.policy)
            .field("marked_days", &self.t.marks.len())
            .finish()
    }
}

const NO_FESTIVAL: u16 = u16::MAX;

impl Calendar {
    /// The calendar's name (`"CN"`, `"CN+example-wenshan"`, `"weekmask:1111100"`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().name(), "CN");
    /// ```
    pub fn name(&self) -> &str {
        &self.t.name
    }

    /// The covered years, or `None` for a weekmask calendar (valid for every date).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().coverage().unwrap().from, 2004);
    /// ```
    pub fn coverage(&self) -> Option<Coverage> {
        self.t.coverage
    }

    /// The coverage policy.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, CoveragePolicy};
    /// assert_eq!(Calendar::cn().policy(), CoveragePolicy::Strict);
    /// ```
    pub fn policy(&self) -> CoveragePolicy {
        self.policy
    }

    /// The business hours.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::calendar::Calendar::cn().business_hours().sunday.is_empty());
    /// ```
    pub fn business_hours(&self) -> &BusinessHours {
        &self.t.hours
    }

    /// The weekmask, Monday first.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().weekmask(), [true, true, true, true, true, false, false]);
    /// ```
    pub fn weekmask(&self) -> [bool; 7] {
        self.t.weekmask
    }

    /// The data the calendar was built from: the base, then each overlay in order (empty for a
    /// weekmask calendar).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().sources()[0].name, "CN");
    /// ```
    pub fn sources(&self) -> &[CalendarData] {
        &self.t.sources
    }

    /// The holidays of a weekmask calendar (empty otherwise).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let h = [NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()];
    /// assert_eq!(jiesu::calendar::Calendar::from_weekmask("1111100", &h).unwrap().weekmask_holidays(), &h);
    /// ```
    pub fn weekmask_holidays(&self) -> &[NaiveDate] {
        &self.t.weekmask_holidays
    }

    /// Whether the calendar's data states `date`'s kind (always true for a weekmask calendar).
    /// Results that needed an uncovered day under [`CoveragePolicy::Provisional`] are
    /// provisional.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// assert!(!jiesu::calendar::Calendar::cn().covers(NaiveDate::from_ymd_opt(2003, 12, 31).unwrap()));
    /// ```
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.covers_day(epoch_day(date))
    }

    fn covers_day(&self, day: i64) -> bool {
        match self.t.coverage {
            None => true,
            Some(_) => day >= self.t.start && day < self.t.days.end(),
        }
    }

    /// Whether every day of `[begin, end)` (epoch days) is covered.
    pub(crate) fn covers_range(&self, begin: i64, end: i64) -> bool {
        self.t.coverage.is_none() || (begin >= self.t.start && end <= self.t.days.end())
    }

    /// Whether a result that needed the days `[begin, end)` is provisional: the calendar has
    /// the provisional policy and some of those days are not covered.
    pub(crate) fn is_provisional(&self, begin: i64, end: i64) -> bool {
        self.policy == CoveragePolicy::Provisional && !self.covers_range(begin, end)
    }

    #[cold]
    fn coverage_error(&self, day: i64) -> Error {
        let year = match self.t.coverage {
            Some(c) if day < self.t.start => c.from - 1,
            Some(c) if day >= self.t.days.end() => c.to + 1,
            _ => date_from_epoch_day(day).map(|d| d.year()).unwrap_or(0),
        };
        Error::coverage(&self.t.name, year)
    }

    #[inline]
    fn strict(&self) -> bool {
        self.t.coverage.is_some() && self.policy == CoveragePolicy::Strict
    }

    /// `G(d)` of the day ladder, with the coverage check.
    #[inline]
    fn g_days(&self, d: i64) -> Result<i64> {
        if self.strict() {
            match self.t.days.outside(d) {
                None => {}
                Some(Outside::Before) => return Err(self.coverage_error(d)),
                Some(Outside::After) => return Err(self.coverage_error(self.t.days.end())),
            }
        }
        Ok(self.t.days.g(d))
    }

    #[inline]
    fn find_day(&self, x: i64) -> Result<i64> {
        let d = self.t.days.find(x).ok_or_else(|| Error::invalid_input("n", "no such working day"))?;
        if self.strict() && !self.covers_day(d) {
            return Err(self.coverage_error(d));
        }
        result_day(d)
    }

    /// Kind of an epoch day.
    #[inline]
    fn kind_of(&self, day: i64) -> Result<DayKind> {
        let i = day.wrapping_sub(self.t.start);
        if (0..self.t.kinds.len() as i64).contains(&i) {
            return Ok(DayKind::from_u8(self.t.kinds[i as usize]));
        }
        check_day("date", day)?;
        if self.strict() {
            // The day asked about is the missing one.
            let year = date_from_epoch_day(day).map(|d| d.year()).unwrap_or(0);
            return Err(Error::coverage(&self.t.name, year));
        }
        Ok(if self.t.weekmask[weekday(day)] { DayKind::Workday } else { DayKind::Weekend })
    }
}

#[cfg(test)]
mod tests {
    use super::days::year_month;
    use super::*;

    #[test]
    fn year_month_matches_chrono() {
        for day in (-800_000..800_000).step_by(7) {
            let d = date_from_epoch_day(day).unwrap();
            assert_eq!(year_month(day), (d.year() as i64, d.month()), "{d}");
        }
    }

    #[test]
    fn builtin_data_is_valid() {
        let cal = Calendar::builtin("CN").unwrap();
        assert_eq!(cal.coverage(), Some(Coverage { from: 2004, to: 2026 }));
        let overlay = CalendarData::from_toml(EXAMPLE_OVERLAY_DATA).unwrap();
        assert!(overlay.description.as_deref().unwrap_or("").contains("EXAMPLE"));
        cal.with_overlay(&overlay).unwrap();
    }
}
