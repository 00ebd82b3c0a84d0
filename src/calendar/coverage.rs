//! The coverage countdown (R-SLA-7): until when a calendar's data is complete, how many days
//! are left from a given date, and a warning when the end is near.
//!
//! The calendar never reads the clock: "today" is always an argument (the local date of the
//! caller's "now", see [`local_date`](super::local_date)).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Calendar, CoveragePolicy};

/// The default warning threshold of [`Calendar::coverage_warning`]: warn when the coverage
/// ends within 60 days — about the time between the State Council's notice of next year's
/// schedule (usually published in November or December) and the end of the year.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::{Calendar, COVERAGE_WARNING_DAYS};
/// let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(); // 60 days before 2026-12-31
/// assert!(Calendar::cn().coverage_warning(today, COVERAGE_WARNING_DAYS).is_some());
/// ```
pub const COVERAGE_WARNING_DAYS: u32 = 60;

/// The calendar's coverage ends soon: the last covered date, the days left, the year whose
/// schedule is missing and how to load it. Made by [`Calendar::coverage_warning`].
///
/// Its `Display` is one English sentence; the fields are there for other renderings (the
/// bulletin's Chinese notice, a platform's dashboard). Serializes as a JSON object.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::Calendar;
/// let w = Calendar::cn().coverage_warning(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 60).unwrap();
/// assert_eq!((w.covered_until, w.days_left, w.missing_year), (NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), 30, 2027));
/// assert!(w.to_string().starts_with("calendar \"CN\" covers dates until 2026-12-31 (30 days left)"));
/// assert!(w.how_to_load.contains("scope = \"national\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageWarning {
    /// The calendar's name (`"CN"`).
    pub calendar: String,
    /// The last covered date (31 December of the last covered year).
    pub covered_until: NaiveDate,
    /// Covered days left after `today`: 0 on the last covered day, negative once it has
    /// passed (−1 on the first uncovered day).
    pub days_left: i64,
    /// The first year the calendar does not cover: the schedule to load.
    pub missing_year: i32,
    /// How to load it (one English sentence naming the notice and the API).
    pub how_to_load: String,
    /// The calendar's coverage policy: what happens meanwhile to computations that reach the
    /// missing year (strict: a coverage error; provisional: weekends-only results marked
    /// provisional).
    pub policy: CoveragePolicy,
}

impl fmt::Display for CoverageWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let left = match self.days_left {
            -1 => "ended 1 day ago".to_string(),
            n if n < 0 => format!("ended {} days ago", -n),
            1 => "1 day left".to_string(),
            n => format!("{n} days left"),
        };
        let meanwhile = match self.policy {
            CoveragePolicy::Strict => "fail with a coverage error",
            CoveragePolicy::Provisional => "are provisional (weekends only)",
        };
        write!(
            f,
            "calendar {:?} covers dates until {} ({left}); {} is not loaded: {} Until then, \
             computations that reach {} {meanwhile} (R-SLA-7).",
            self.calendar, self.covered_until, self.missing_year, self.how_to_load, self.missing_year
        )
    }
}

impl Calendar {
    /// The last date the calendar's data covers (31 December of its last covered year), or
    /// `None` for a weekmask calendar (valid for every date).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::Calendar;
    /// assert_eq!(Calendar::cn().coverage_ends(), NaiveDate::from_ymd_opt(2026, 12, 31));
    /// assert_eq!(Calendar::from_weekmask("1111100", &[]).unwrap().coverage_ends(), None);
    /// ```
    pub fn coverage_ends(&self) -> Option<NaiveDate> {
        // A calendar's coverage was checked to fit chrono's range when it was built.
        self.t.coverage.and_then(|c| NaiveDate::from_ymd_opt(c.to, 12, 31))
    }

    /// How many covered days are left after `today` (the local date of the caller's "now"):
    /// `coverage_ends − today` in days — 0 on the last covered day, negative once coverage has
    /// ended. `None` for a weekmask calendar.
    ///
    /// # Example
    /// ```
    /// use chrono::{DateTime, NaiveDate};
    /// use jiesu::calendar::{local_date, Calendar};
    /// let cal = Calendar::cn();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(cal.days_left(d(2026, 12, 1)), Some(30));
    /// assert_eq!(cal.days_left(d(2026, 12, 31)), Some(0));
    /// assert_eq!(cal.days_left(d(2027, 1, 1)), Some(-1));
    /// // From an instant: its date in China Standard Time (here already 2026-12-02).
    /// let now = DateTime::parse_from_rfc3339("2026-12-01T20:00:00Z").unwrap();
    /// assert_eq!(cal.days_left(local_date(now)), Some(29));
    /// ```
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.coverage_ends().map(|end| (end - today).num_days())
    }

    /// A warning when the coverage ends within `within_days` days of `today` — the last
    /// covered date is at most `within_days` days after `today`, or has passed — naming the
    /// missing year and how to load it; `None` otherwise, and for a weekmask calendar. The
    /// usual threshold is [`COVERAGE_WARNING_DAYS`] (60).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::calendar::Calendar;
    /// let cal = Calendar::cn();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert!(cal.coverage_warning(d(2026, 10, 31), 60).is_none()); // 61 days left
    /// let w = cal.coverage_warning(d(2026, 11, 1), 60).unwrap();   // 60 days left
    /// assert_eq!((w.days_left, w.missing_year), (60, 2027));
    /// assert_eq!(cal.coverage_warning(d(2027, 3, 1), 60).unwrap().days_left, -60);
    /// ```
    pub fn coverage_warning(&self, today: NaiveDate, within_days: u32) -> Option<CoverageWarning> {
        let covered_until = self.coverage_ends()?;
        let days_left = (covered_until - today).num_days();
        if days_left > i64::from(within_days) {
            return None;
        }
        // `to + 1` fits: building the calendar computed the start of that year.
        let missing_year = covered_until.year() + 1;
        let base = self.t.sources.first().map(|d| d.name.as_str()).unwrap_or(&self.t.name);
        let how_to_load = format!(
            "when the State Council General Office publishes its notice on the {missing_year} holiday \
             schedule (国务院办公厅关于{missing_year}年部分节假日安排的通知), paste its text: \
             Calendar::with_notice in Rust, jiesu_calendar_with_notice in C, Calendar.with_notice in \
             Python (review the data first with parse_notice or `cargo run --example notice`); or load \
             the reviewed schedule as a national overlay (calendar data with base = {base:?}, scope = \
             \"national\", coverage = {{ from = {missing_year}, to = {missing_year} }}): \
             Calendar::with_overlay, jiesu_calendar_with_overlay_toml, Calendar.with_overlay, or the \
             engine configuration's calendar.overlays."
        );
        Some(CoverageWarning { calendar: self.t.name.clone(), covered_until, days_left, missing_year, how_to_load, policy: self.policy })
    }
}
