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
mod coverage;
mod data;
mod hours;
mod ladder;
mod lunar;
mod notice;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, TimeZone};
use serde::{Deserialize, Serialize};

pub use attribution::{PackageAttribution, PackageDays, PackageErratum, PackageName, CHINESECALENDAR_DATA};
pub use coverage::{CoverageWarning, COVERAGE_WARNING_DAYS};
pub use data::{CalendarData, Coverage, FestivalEntry, OverlayScope, SCHEMA_VERSION};
pub use hours::{BusinessHours, Session};
pub use notice::{parse_notice, Notice, MAX_NOTICE_BYTES};

use crate::error::{Error, Problem, Result};
use data::Mark;
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

/// Seconds east of UTC of China Standard Time (R-SLA-6).
pub const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// Days between 0001-01-01 (chrono's day 1 is 0001-01-01) and 1970-01-01.
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// Largest |n| accepted for working-day offsets: beyond chrono's date range anyway.
const MAX_DAY_OFFSET: i64 = 100_000_000;
/// Largest |day| accepted by the epoch-day API (chrono's dates span about ±96 million days).
pub const MAX_EPOCH_DAY: i64 = 100_000_000;
/// Largest |t| accepted by the Unix-seconds API.
pub const MAX_UNIX_SECONDS: i64 = MAX_EPOCH_DAY * 86_400;
/// Largest span of a weekmask calendar's holiday table, in days (about 400 years).
const MAX_TABLE_DAYS: i64 = 146_097;
/// The epoch days of chrono's first and last dates (-262143-01-01, +262142-12-31): the range
/// of a computed date, so that every result is a date and is accepted back as an argument.
const DATE_DAYS: std::ops::RangeInclusive<i64> = -96_465_292..=95_026_236;
/// The Unix seconds of the first and last instants with a CST date (see [`instant_from_unix`]):
/// the range of a computed instant.
const INSTANT_SECONDS: std::ops::RangeInclusive<i64> = -8_334_601_228_800..=8_210_266_847_999;

/// A computed date, refused (as the date API refuses it) when it is not a date.
#[inline]
fn result_day(day: i64) -> Result<i64> {
    if DATE_DAYS.contains(&day) {
        Ok(day)
    } else {
        Err(result_out_of_range(format_args!("day {day}")))
    }
}

/// A computed instant, refused (as the `DateTime` API refuses it) when it has no CST date.
#[inline]
fn result_instant(t: i64) -> Result<i64> {
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
fn check_day(field: &str, day: i64) -> Result<()> {
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
fn check_instant(field: &str, t: i64) -> Result<()> {
    if (-MAX_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&t) {
        Ok(())
    } else {
        Err(Error::invalid_input(field, format!("instant {t} is outside the supported range ±{MAX_UNIX_SECONDS} s")))
    }
}
/// Largest working-time duration accepted, in seconds (about 300 000 years of office hours).
const MAX_WORKING_SECONDS: i64 = 10_000_000_000_000;

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
    /// The built-in national calendar `CN`: statutory holidays and make-up working days
    /// 2004–2026 from the State Council's notices, strict coverage, default business hours.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// assert!(!cal.is_workday(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()).unwrap());
    /// ```
    pub fn cn() -> Calendar {
        CN.clone()
    }

    /// A built-in calendar by name: `"CN"`. The built-in data is parsed once per process, at
    /// its first use; every later call returns a copy that shares it (a reference count).
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::calendar::Calendar::builtin("CN").is_ok());
    /// assert!(jiesu::calendar::Calendar::builtin("XX").unwrap_err().is_invalid_input());
    /// ```
    pub fn builtin(name: &str) -> Result<Calendar> {
        match name {
            "CN" => Ok(Calendar::cn()),
            _ => Err(Error::invalid_input("name", format!("unknown built-in calendar {name:?} (known: \"CN\")"))),
        }
    }

    /// A calendar from TOML data (the format of [`CalendarData`]).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// // A calendar that knows 2026 only, with one festival.
    /// let cal = Calendar::from_toml(r#"
    /// schema_version = 1
    /// name = "X"
    /// coverage = { from = 2026, to = 2026 }
    /// [[festivals]]
    /// year = 2026
    /// festival = "dragon_boat"
    /// holidays = ["2026-06-19"]
    /// "#)?;
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 6, 19).unwrap())?, DayKind::Holiday);
    /// assert!(cal.is_workday(NaiveDate::from_ymd_opt(2025, 6, 19).unwrap()).unwrap_err().is_coverage());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Calendar> {
        Calendar::from_data(CalendarData::from_toml(text)?)
    }

    /// A calendar from JSON data (the format of [`CalendarData`]).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::calendar::Calendar::from_json(r#"{"schema_version":1,"name":"X","coverage":{"from":2026,"to":2026},
    ///   "festivals":[{"year":2026,"festival":"x","workdays":["2026-03-04"]}]}"#).unwrap_err();
    /// assert!(e.to_string().contains("not a weekend day"));
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar> {
        Calendar::from_data(CalendarData::from_json(text)?)
    }

    /// A calendar from parsed data.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, CalendarData};
    /// let data = CalendarData::from_toml(jiesu::calendar::CN_DATA).unwrap();
    /// assert_eq!(Calendar::from_data(data).unwrap(), Calendar::cn());
    /// ```
    pub fn from_data(data: CalendarData) -> Result<Calendar> {
        if let Some(base) = &data.base {
            return Err(Error::invalid_input("base", format!("{:?} is an overlay of {base:?}: apply it with Calendar::with_overlay", data.name)));
        }
        let checked = data.check([true, true, true, true, true, false, false])?;
        let mut festivals = Vec::new();
        let mut marks = BTreeMap::new();
        for (date, (mark, i)) in &checked.days {
            let idx = festival_index(&mut festivals, &data.festivals[*i].festival);
            marks.insert(*date, (*mark, idx));
        }
        Calendar::build(
            data.name.clone(),
            checked.weekmask,
            Some(checked.coverage),
            CoveragePolicy::Strict,
            marks,
            festivals,
            vec![data],
            Vec::new(),
            BusinessHours::default(),
        )
    }

    /// A plain numpy-style calendar: a weekmask and a list of holidays, valid for every date
    /// (no coverage limit, no make-up days). Useful to compare with `numpy.busday_*`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let cal = jiesu::calendar::Calendar::from_weekmask("1111100", &[d(2026, 1, 1)]).unwrap();
    /// assert_eq!(cal.busday_count(d(2025, 12, 29), d(2026, 1, 5)).unwrap(), 4);
    /// assert!(jiesu::calendar::Calendar::from_weekmask("0000000", &[]).is_err());
    /// ```
    pub fn from_weekmask(weekmask: &str, holidays: &[NaiveDate]) -> Result<Calendar> {
        let mask = data::parse_weekmask(weekmask).map_err(|m| Error::invalid_input("weekmask", m))?;
        let mut marks = BTreeMap::new();
        for h in holidays {
            marks.insert(*h, (Mark::Holiday, NO_FESTIVAL));
        }
        let mut list: Vec<NaiveDate> = marks.keys().copied().collect();
        list.dedup();
        Calendar::build(
            format!("weekmask:{}", mask.iter().map(|&b| if b { '1' } else { '0' }).collect::<String>()),
            mask,
            None,
            CoveragePolicy::Strict,
            marks,
            Vec::new(),
            Vec::new(),
            list,
            BusinessHours::default().on_weekmask(mask),
        )
    }

    /// This calendar with an overlay applied: local holidays and working days
    /// (`scope = "local"`, the default, within the coverage), or further years of the national
    /// schedule (`scope = "national"`: a 2027 notice loaded as data; its coverage must overlap
    /// or adjoin, and the result covers the union).
    ///
    /// The overlay's `base` (if set) must be this calendar's name. An overlay may not mark a
    /// day the calendar already marks (a conflict is a validation error naming both).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, CalendarData, DayKind};
    /// let y2027 = CalendarData::from_toml(r#"
    /// schema_version = 1
    /// name = "CN-2027"
    /// base = "CN"
    /// scope = "national"
    /// coverage = { from = 2027, to = 2027 }
    /// [[festivals]]
    /// year = 2027
    /// festival = "new_years_day"
    /// holidays = ["2027-01-01..2027-01-03"]
    /// "#)?;
    /// let cal = Calendar::cn().with_overlay(&y2027)?;
    /// assert_eq!(cal.coverage().unwrap().to, 2027);
    /// let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    /// assert_eq!(cal.add_working_days(d, 5)?, NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_overlay(&self, overlay: &CalendarData) -> Result<Calendar> {
        let Some(cov) = self.t.coverage else {
            return Err(Error::invalid_input("overlay", "a weekmask calendar takes no overlays"));
        };
        let base_name = self.t.sources.first().map(|d| d.name.as_str()).unwrap_or(&self.t.name);
        let mut problems = Vec::new();
        if let Some(b) = &overlay.base {
            if b != base_name && b != &self.t.name {
                problems.push(Problem { path: "base".into(), message: format!("overlay is for {b:?}, not {:?}", self.t.name) });
            }
        }
        if let Some(m) = &overlay.weekmask {
            if data::parse_weekmask(m).ok() != Some(self.t.weekmask) {
                problems.push(Problem { path: "weekmask".into(), message: "an overlay cannot change the weekmask".into() });
            }
        }
        let oc = overlay.coverage;
        match overlay.scope.unwrap_or_default() {
            OverlayScope::National if oc.from > cov.to + 1 || oc.to < cov.from - 1 => problems.push(Problem {
                path: "coverage".into(),
                message: format!("years {}..{} neither overlap nor adjoin {}..{}", oc.from, oc.to, cov.from, cov.to),
            }),
            OverlayScope::Local if oc.from < cov.from || oc.to > cov.to => problems.push(Problem {
                path: "coverage".into(),
                message: format!(
                    "a local overlay's years {}..{} must lie within the calendar's {}..{} \
                     (a new year's national schedule has scope = \"national\")",
                    oc.from, oc.to, cov.from, cov.to
                ),
            }),
            _ => {}
        }
        if !problems.is_empty() {
            return Err(Error::validation("calendar overlay", problems));
        }
        let checked = overlay.check(self.t.weekmask)?;
        let mut festivals = self.t.festivals.clone();
        let mut marks = self.t.marks.clone();
        for (date, (mark, i)) in &checked.days {
            let entry = &overlay.festivals[*i];
            if let Some((_, f)) = marks.get(date) {
                let name = festivals.get(*f as usize).map(String::as_str).unwrap_or("?");
                problems.push(Problem {
                    path: format!("festivals[{i}]"),
                    message: format!("{date} conflicts with the base calendar, which already marks it ({name})"),
                });
                continue;
            }
            let idx = festival_index(&mut festivals, &entry.festival);
            marks.insert(*date, (*mark, idx));
        }
        if !problems.is_empty() {
            return Err(Error::validation("calendar overlay", problems));
        }
        let mut sources = self.t.sources.clone();
        sources.push(overlay.clone());
        Calendar::build(
            format!("{}+{}", self.t.name, overlay.name),
            self.t.weekmask,
            Some(Coverage { from: cov.from.min(oc.from), to: cov.to.max(oc.to) }),
            self.policy,
            marks,
            festivals,
            sources,
            Vec::new(),
            self.t.hours.clone(),
        )
    }

    /// This calendar with another coverage policy (R-SLA-7): what happens to a day of a year
    /// the data does not cover.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, CoveragePolicy};
    /// let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// assert!(Calendar::cn().is_workday(new_year).unwrap_err().is_coverage());
    /// // Provisionally, 2027 has weekends and no holidays: Friday 2027-01-01 is worked.
    /// assert!(Calendar::cn().with_policy(CoveragePolicy::Provisional).is_workday(new_year)?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_policy(&self, policy: CoveragePolicy) -> Calendar {
        let mut c = self.clone();
        c.policy = policy;
        c
    }

    /// This calendar with other business hours (working time and the close-of-business
    /// cut-off follow them).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{BusinessHours, Calendar};
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    /// assert_eq!(Calendar::cn().close_of_business(monday)?.unwrap().to_rfc3339(), "2026-03-09T18:00:00+08:00");
    /// // Mornings only.
    /// let h = BusinessHours::from_json(r#"{"monday":["08:00-12:00"],"tuesday":["08:00-12:00"]}"#)?;
    /// let cal = Calendar::cn().with_business_hours(h)?;
    /// assert_eq!(cal.close_of_business(monday)?.unwrap().to_rfc3339(), "2026-03-09T12:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_business_hours(&self, hours: BusinessHours) -> Result<Calendar> {
        Calendar::build(
            self.t.name.clone(),
            self.t.weekmask,
            self.t.coverage,
            self.policy,
            self.t.marks.clone(),
            self.t.festivals.clone(),
            self.t.sources.clone(),
            self.t.weekmask_holidays.clone(),
            hours,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        name: String,
        weekmask: [bool; 7],
        coverage: Option<Coverage>,
        policy: CoveragePolicy,
        marks: BTreeMap<NaiveDate, (Mark, u16)>,
        festivals: Vec<String>,
        sources: Vec<CalendarData>,
        weekmask_holidays: Vec<NaiveDate>,
        hours: BusinessHours,
    ) -> Result<Calendar> {
        hours.validate()?;
        let (start, end) = match coverage {
            Some(c) => (year_start(c.from)?, year_start(c.to.checked_add(1).ok_or_else(|| Error::invalid_input("coverage", "year overflow"))?)?),
            None => match (marks.keys().next(), marks.keys().next_back()) {
                (Some(a), Some(b)) => (epoch_day(*a), epoch_day(*b) + 1),
                _ => (0, 0),
            },
        };
        if end - start > MAX_TABLE_DAYS {
            return Err(Error::new(
                crate::ErrorKind::LimitExceeded,
                format!("calendar spans {} days; at most {MAX_TABLE_DAYS} (about 400 years) are tabulated", end - start),
            ));
        }
        let len = (end - start) as usize;
        let mut kinds = Vec::with_capacity(len);
        let mut festival_of = vec![NO_FESTIVAL; len];
        for i in 0..len {
            let wd = weekday(start + i as i64);
            kinds.push(if weekmask[wd] { DayKind::Workday as u8 } else { DayKind::Weekend as u8 });
        }
        for (date, (mark, f)) in &marks {
            let i = epoch_day(*date) - start;
            if !(0..len as i64).contains(&i) {
                continue;
            }
            kinds[i as usize] = match mark {
                Mark::Holiday => DayKind::Holiday as u8,
                Mark::Workday => DayKind::MakeupWorkday as u8,
            };
            festival_of[i as usize] = *f;
        }
        let schedules: [Vec<Session>; 8] = std::array::from_fn(|i| if i < 7 { hours.weekday(i).to_vec() } else { hours.makeup().to_vec() });
        let flags: Vec<bool> = kinds.iter().map(|&k| DayKind::from_u8(k).is_workday()).collect();
        let days = unit_ladder(start, &flags, weekmask);
        let units: Vec<u32> = flags.iter().enumerate().filter(|(_, &f)| f).map(|(i, _)| i as u32).collect();
        let sched_secs: Vec<i64> = schedules.iter().map(|s| hours::day_seconds(s)).collect();
        let weights: Vec<i64> = kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| match DayKind::from_u8(k) {
                DayKind::Workday => sched_secs[weekday(start + i as i64)],
                DayKind::MakeupWorkday => sched_secs[7],
                _ => 0,
            })
            .collect();
        let week: [i64; 7] = std::array::from_fn(|i| if weekmask[i] { sched_secs[i] } else { 0 });
        let secs = weighted_ladder(start, &weights, week);
        if week.iter().all(|&w| w == 0) && weights.iter().all(|&w| w == 0) {
            return Err(Error::validation("business hours", vec![Problem { path: "business_hours".into(), message: "no working day has any session".into() }]));
        }
        Ok(Calendar {
            policy,
            t: Arc::new(Tables {
                name,
                weekmask,
                coverage,
                marks,
                festivals,
                sources,
                weekmask_holidays,
                hours,
                start,
                kinds,
                festival_of,
                days,
                units,
                secs,
                schedules,
            }),
        })
    }

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

    /// The kind of `date`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// let cal = Calendar::cn();
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())?, DayKind::MakeupWorkday);
    /// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())?, DayKind::Weekend);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind> {
        self.kind_of(epoch_day(date))
    }

    /// The kind of `date` with its festival.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, DayKind};
    /// let cal = Calendar::cn();
    /// let day = cal.day(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())?;
    /// assert_eq!((day.kind, day.festival), (DayKind::Holiday, Some("new_years_day")));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn day(&self, date: NaiveDate) -> Result<Day<'_>> {
        let d = epoch_day(date);
        let kind = self.kind_of(d)?;
        let i = d - self.t.start;
        let festival =
            if (0..self.t.kinds.len() as i64).contains(&i) { self.t.festivals.get(self.t.festival_of[i as usize] as usize).map(String::as_str) } else { None };
        Ok(Day { date, kind, festival })
    }

    /// Every marked day (holidays and make-up working days) in `[from, to]`, in order.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// let days = cal.marked_days(d(5, 1), d(5, 31));
    /// assert_eq!(days.len(), 6); // 1–5 May off, 9 May worked
    /// ```
    pub fn marked_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<Day<'_>> {
        if from > to {
            return Vec::new();
        }
        self.t
            .marks
            .range(from..=to)
            .map(|(date, (mark, f))| Day {
                date: *date,
                kind: match mark {
                    Mark::Holiday => DayKind::Holiday,
                    Mark::Workday => DayKind::MakeupWorkday,
                },
                festival: self.t.festivals.get(*f as usize).map(String::as_str),
            })
            .collect()
    }

    /// Whether `date` is a working day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// assert!(jiesu::calendar::Calendar::cn().is_workday(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool> {
        self.is_workday_epoch(epoch_day(date))
    }

    /// [`is_workday`](Calendar::is_workday) on an epoch day (days since 1970-01-01).
    ///
    /// # Example
    /// ```
    /// // 2026-10-10 is day 20 736.
    /// assert!(jiesu::calendar::Calendar::cn().is_workday_epoch(20_736)?);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn is_workday_epoch(&self, day: i64) -> Result<bool> {
        Ok(self.kind_of(day)?.is_workday())
    }

    /// For `n >= 1` the `n`-th working day strictly after `date`; for `n <= -1` the `|n|`-th
    /// working day strictly before; for `n == 0`, `date` itself.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(cal.add_working_days(d(2026, 9, 30), 5)?, d(2026, 10, 13));
    /// assert_eq!(cal.add_working_days(d(2026, 10, 13), -5)?, d(2026, 9, 30));
    /// assert!(cal.add_working_days(d(2026, 12, 25), 5).unwrap_err().is_coverage());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        date_from_epoch_day(self.add_working_days_epoch(epoch_day(date), n)?)
    }

    /// [`add_working_days`](Calendar::add_working_days) on epoch days.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// assert_eq!(cal.add_working_days_epoch(20_726, 5)?, 20_739); // 2026-09-30 → 2026-10-13
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn add_working_days_epoch(&self, day: i64, n: i64) -> Result<i64> {
        // Fast path: the date and the result inside the table — two loads.
        let i = day.wrapping_sub(self.t.days.start);
        if (i as u64) < (self.t.days.len as u64) && n != 0 && (-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            let p = &self.t.days.prefix;
            // Index of the target among the table's working days.
            // Branch-free on the sign of n: after the date for n > 0, before it for n < 0.
            let pos = (n > 0) as usize;
            let k = p[i as usize + pos] as i64 + n - pos as i64;
            if (k as u64) < (self.t.units.len() as u64) {
                return Ok(self.t.days.start + self.t.units[k as usize] as i64);
            }
        }
        check_day("date", day)?;
        if n == 0 {
            return Ok(day);
        }
        if !(-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            return Err(Error::invalid_input("n", format!("offset {n} is out of range (|n| <= {MAX_DAY_OFFSET})")));
        }
        if n > 0 {
            let g = self.g_days(day.checked_add(1).ok_or_else(|| Error::invalid_input("date", "date out of range"))?)?;
            self.find_day(g + n)
        } else {
            let g = self.g_days(day)?;
            self.find_day(g + n + 1)
        }
    }

    /// `numpy.busday_offset` with this calendar: roll `date` to a working day by `roll`, then
    /// move `n` working days.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::{Calendar, Roll};
    /// let cal = Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.busday_offset(d(10, 1), 0, Roll::Forward)?, d(10, 8));
    /// assert_eq!(cal.busday_offset(d(10, 1), 0, Roll::Backward)?, d(9, 30));
    /// assert!(cal.busday_offset(d(10, 1), 0, Roll::Raise).unwrap_err().is_invalid_input());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn busday_offset(&self, date: NaiveDate, n: i64, roll: Roll) -> Result<NaiveDate> {
        date_from_epoch_day(self.busday_offset_epoch(epoch_day(date), n, roll)?)
    }

    /// [`busday_offset`](Calendar::busday_offset) on epoch days.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, Roll};
    /// assert_eq!(Calendar::cn().busday_offset_epoch(20_726, 5, Roll::Raise)?, 20_739);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn busday_offset_epoch(&self, day: i64, n: i64, roll: Roll) -> Result<i64> {
        // Fast path inside the table: with p = prefix, the rolled date's index among working
        // days is p[i] forward (whether or not day i is worked) and p[i + 1] - 1 backward.
        let i = day.wrapping_sub(self.t.days.start);
        if (i as u64) < (self.t.days.len as u64) && (-MAX_DAY_OFFSET..=MAX_DAY_OFFSET).contains(&n) {
            let p = &self.t.days.prefix;
            let i = i as usize;
            let base = match roll {
                Roll::Forward | Roll::Following => Some(p[i] as i64),
                Roll::Backward | Roll::Preceding => Some(p[i + 1] as i64 - 1),
                _ if p[i + 1] != p[i] => Some(p[i] as i64),
                Roll::Raise => None,
                Roll::ModifiedFollowing | Roll::ModifiedPreceding => {
                    // Not a working day: next is index p[i], previous p[i] - 1; keep the one in
                    // the same month (following first for ModifiedFollowing).
                    let (next, prev) = (p[i] as i64, p[i] as i64 - 1);
                    let in_month =
                        |k: i64| (k as u64) < (self.t.units.len() as u64) && year_month(self.t.days.start + self.t.units[k as usize] as i64) == year_month(day);
                    let (first, second) = if roll == Roll::ModifiedFollowing { (next, prev) } else { (prev, next) };
                    if in_month(first) {
                        Some(first)
                    } else if (second as u64) < (self.t.units.len() as u64) && (first as u64) < (self.t.units.len() as u64) {
                        Some(second)
                    } else {
                        None
                    }
                }
            };
            if let Some(b) = base {
                let k = b + n;
                if (k as u64) < (self.t.units.len() as u64) {
                    return Ok(self.t.days.start + self.t.units[k as usize] as i64);
                }
            }
        }
        let start = if self.is_workday_epoch(day)? { day } else { self.roll_epoch(day, roll)? };
        self.add_working_days_epoch(start, n)
    }

    #[cold]
    fn roll_epoch(&self, day: i64, roll: Roll) -> Result<i64> {
        let month = |d: i64| -> Result<(i64, u32)> { Ok(year_month(d)) };
        Ok(match roll {
            Roll::Raise => return Err(Error::invalid_input("date", format!("non-business day date in busday_offset: {}", date_from_epoch_day(day)?))),
            Roll::Forward | Roll::Following => self.add_working_days_epoch(day, 1)?,
            Roll::Backward | Roll::Preceding => self.add_working_days_epoch(day, -1)?,
            Roll::ModifiedFollowing => {
                let f = self.add_working_days_epoch(day, 1)?;
                if month(f)? != month(day)? {
                    self.add_working_days_epoch(day, -1)?
                } else {
                    f
                }
            }
            Roll::ModifiedPreceding => {
                let p = self.add_working_days_epoch(day, -1)?;
                if month(p)? != month(day)? {
                    self.add_working_days_epoch(day, 1)?
                } else {
                    p
                }
            }
        })
    }

    /// `numpy.busday_count`: working days in `[begin, end)`; when `end < begin`, minus the
    /// working days in `(end, begin]` (numpy ≥ 1.25).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.busday_count(d(9, 30), d(10, 14))?, 6);
    /// assert_eq!(cal.busday_count(d(10, 14), d(9, 30))?, -6); // (09-30, 10-14]
    /// assert_eq!(cal.busday_count(d(10, 13), d(9, 30))?, -5); // (09-30, 10-13]
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn busday_count(&self, begin: NaiveDate, end: NaiveDate) -> Result<i64> {
        self.busday_count_epoch(epoch_day(begin), epoch_day(end))
    }

    /// [`busday_count`](Calendar::busday_count) on epoch days.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::calendar::Calendar::cn().busday_count_epoch(20_726, 20_740)?, 6);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    #[inline]
    pub fn busday_count_epoch(&self, begin: i64, end: i64) -> Result<i64> {
        // numpy (≥ 1.25): [begin, end) when end >= begin, else minus the count of (end, begin].
        let (a, b, sign) = if end >= begin { (begin, end, 1) } else { (end.wrapping_add(1), begin.wrapping_add(1), -1) };
        let (lo, hi) = (a.wrapping_sub(self.t.days.start), b.wrapping_sub(self.t.days.start));
        if (lo as u64) <= (self.t.days.len as u64) && (hi as u64) <= (self.t.days.len as u64) {
            return Ok(sign * (self.t.days.prefix[hi as usize] as i64 - self.t.days.prefix[lo as usize] as i64));
        }
        check_day("begin", begin)?;
        check_day("end", end)?;
        if begin == end {
            return Ok(0);
        }
        Ok(sign * (self.g_days(b)? - self.g_days(a)?))
    }

    /// Working time from `a` to `b` over business hours (negative when `b < a`).
    ///
    /// # Example
    /// ```
    /// use chrono::{DateTime, TimeDelta};
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// // Friday 16:00 to Monday 10:00: 2 h on Friday, 1 h on Monday.
    /// assert_eq!(cal.working_time_between(t("2026-03-06T16:00:00+08:00"), t("2026-03-09T10:00:00+08:00"))?, TimeDelta::hours(3));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn working_time_between<A: TimeZone, B: TimeZone>(&self, a: DateTime<A>, b: DateTime<B>) -> Result<TimeDelta> {
        let secs = self.working_seconds_between(a.timestamp(), b.timestamp())?;
        Ok(TimeDelta::seconds(secs))
    }

    /// [`working_time_between`](Calendar::working_time_between) on Unix seconds.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// // 2026-03-09 09:00 to 12:00 CST.
    /// assert_eq!(cal.working_seconds_between(1_773_018_000, 1_773_028_800)?, 10_800);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn working_seconds_between(&self, a: i64, b: i64) -> Result<i64> {
        Ok(self.wt(b)? - self.wt(a)?)
    }

    /// Working-time prefix of an instant (Unix seconds).
    fn wt(&self, t: i64) -> Result<i64> {
        check_instant("instant", t)?;
        let local = t.checked_add(CST_OFFSET_SECONDS as i64).ok_or_else(|| Error::invalid_input("instant", "out of range"))?;
        let day = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        if self.strict() && !(self.t.start..=self.t.secs.end()).contains(&day) {
            return Err(self.coverage_error(day));
        }
        let base = self.t.secs.g(day);
        if sod == 0 {
            return Ok(base);
        }
        if self.strict() && !self.covers_day(day) {
            return Err(self.coverage_error(day));
        }
        Ok(base + hours::seconds_before(self.schedule(day)?, sod))
    }

    fn schedule(&self, day: i64) -> Result<&[Session]> {
        Ok(match self.kind_of(day)? {
            DayKind::Workday => &self.t.schedules[weekday(day)],
            DayKind::MakeupWorkday => &self.t.schedules[7],
            _ => &[],
        })
    }

    /// The earliest instant at which `duration` of working time has passed since `t`
    /// (`t` itself for a zero duration). Negative durations are refused.
    ///
    /// # Example
    /// ```
    /// use chrono::{DateTime, TimeDelta};
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = DateTime::parse_from_rfc3339("2026-02-13T16:00:00+08:00").unwrap();
    /// // 2 h left on Friday, then Saturday 2026-02-14 is a make-up working day.
    /// let due = cal.add_working_time(t, TimeDelta::hours(4))?;
    /// assert_eq!(due.to_rfc3339(), "2026-02-14T11:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_time<Tz: TimeZone>(&self, t: DateTime<Tz>, duration: TimeDelta) -> Result<DateTime<FixedOffset>> {
        instant_from_unix(self.add_working_seconds(t.timestamp(), duration.num_seconds())?)
    }

    /// [`add_working_time`](Calendar::add_working_time) on Unix seconds.
    ///
    /// # Example
    /// ```
    /// let cal = jiesu::calendar::Calendar::cn();
    /// // Monday 2026-03-09 09:00 CST + 3 h → 12:00 (the end of the morning session).
    /// assert_eq!(cal.add_working_seconds(1_773_018_000, 10_800)?, 1_773_028_800);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_seconds(&self, t: i64, secs: i64) -> Result<i64> {
        if !(0..=MAX_WORKING_SECONDS).contains(&secs) {
            return Err(Error::invalid_input("duration", format!("working duration {secs} s is out of range (0..={MAX_WORKING_SECONDS})")));
        }
        if secs == 0 {
            return Ok(t);
        }
        let target = self.wt(t)? + secs;
        let day = self.t.secs.find(target).ok_or_else(|| Error::invalid_input("duration", "no working time"))?;
        if self.strict() && !self.covers_day(day) {
            return Err(self.coverage_error(day));
        }
        let r = target - self.t.secs.g(day);
        let sod = hours::instant_after(self.schedule(day)?, r);
        day.checked_mul(86_400)
            .and_then(|x| x.checked_add(sod - CST_OFFSET_SECONDS as i64))
            .ok_or_else(|| Error::invalid_input("duration", "result out of range"))
            .and_then(result_instant)
    }

    /// The end of the last business-hours session of `date` (close of business), or `None`
    /// when the day has no business hours.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = jiesu::calendar::Calendar::cn();
    /// let t = cal.close_of_business(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap())?.unwrap();
    /// assert_eq!(t.to_rfc3339(), "2026-02-14T18:00:00+08:00");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn close_of_business(&self, date: NaiveDate) -> Result<Option<DateTime<FixedOffset>>> {
        let day = epoch_day(date);
        match self.schedule(day)?.last() {
            None => Ok(None),
            Some(s) => instant_from_unix(day * 86_400 + s.end as i64 - CST_OFFSET_SECONDS as i64).map(Some),
        }
    }
}

fn festival_index(festivals: &mut Vec<String>, name: &str) -> u16 {
    match festivals.iter().position(|f| f == name) {
        Some(i) => i as u16,
        None => {
            festivals.push(name.to_string());
            (festivals.len() - 1) as u16
        }
    }
}

/// (year, month) of an epoch day, by Howard Hinnant's `civil_from_days` (no table, no loop).
#[inline]
fn year_month(day: i64) -> (i64, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + (m <= 2) as i64;
    (y, m)
}

fn year_start(year: i32) -> Result<i64> {
    NaiveDate::from_ymd_opt(year, 1, 1).map(epoch_day).ok_or_else(|| Error::invalid_input("coverage", format!("year {year} out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_matches_chrono() {
        for day in (-800_000..800_000).step_by(7) {
            let d = date_from_epoch_day(day).unwrap();
            assert_eq!(year_month(day), (d.year() as i64, d.month()), "{d}");
        }
    }

    #[test]
    fn result_ranges_are_chronos() {
        let (first, last) = (*DATE_DAYS.start(), *DATE_DAYS.end());
        assert_eq!(date_from_epoch_day(first).unwrap(), NaiveDate::MIN);
        assert_eq!(date_from_epoch_day(last).unwrap(), NaiveDate::MAX);
        let (first, last) = (*INSTANT_SECONDS.start(), *INSTANT_SECONDS.end());
        assert!(instant_from_unix(first).is_ok() && instant_from_unix(first - 1).is_err());
        assert!(instant_from_unix(last).is_ok() && instant_from_unix(last + 1).is_err());
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
