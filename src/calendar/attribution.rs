//! Another package's attribution of the calendar's days, as data: what a drop-in for that
//! package needs to return what the package returns (the Python `jiesu.compat.chinese_calendar`
//! over [`CHINESECALENDAR_DATA`]) while the core keeps its own attribution.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Calendar, DayKind};
use crate::error::{Error, Problem, Result};

/// How the `chinesecalendar` package (1.11.0) attributes the days of the built-in `CN`
/// calendar (`data/calendar/chinesecalendar-1.11.toml`): its festival names where they differ
/// from `cn.toml`, its in-lieu days, and its errata (where it contradicts a State Council
/// notice).
///
/// # Example
/// ```
/// use jiesu::calendar::{PackageAttribution, CHINESECALENDAR_DATA};
/// assert!(CHINESECALENDAR_DATA.contains("version = \"1.11.0\""));
/// assert_eq!(PackageAttribution::from_toml(CHINESECALENDAR_DATA)?, PackageAttribution::chinesecalendar());
/// # Ok::<(), jiesu::Error>(())
/// ```
pub const CHINESECALENDAR_DATA: &str = include_str!("../../data/calendar/chinesecalendar-1.11.toml");

/// A package's attribution of a calendar's days, as differences from the calendar's data
/// (the format of [`CHINESECALENDAR_DATA`]). [`PackageAttribution::days`] applies it to a
/// calendar.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::PackageAttribution;
/// let a = PackageAttribution::chinesecalendar();
/// assert_eq!((a.package.as_str(), a.version.as_str()), ("chinesecalendar", "1.11.0"));
/// // The one working-day erratum: the package misses the make-up Saturday 2005-12-31.
/// assert_eq!(a.errata[0].date, NaiveDate::from_ymd_opt(2005, 12, 31).unwrap());
/// assert_eq!(a.errata[0].notice, "国办发明电〔2005〕35号");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageAttribution {
    /// The package described (`"chinesecalendar"`).
    pub package: String,
    /// Its version (`"1.11.0"`).
    pub version: String,
    /// The name of the calendar whose days it attributes (`"CN"`).
    pub calendar: String,
    /// Where the package contradicts a State Council notice; the attribution follows the
    /// notice there (as the calendar's data does). Documentation: they change nothing.
    #[serde(default)]
    pub errata: Vec<PackageErratum>,
    /// Rest days the package files under another festival, or under none.
    #[serde(default)]
    pub names: Vec<PackageName>,
    /// The in-lieu days (weekdays off in exchange for make-up working days), as the package
    /// annotates them (no notice states them).
    #[serde(default)]
    pub in_lieu: Vec<NaiveDate>,
}

/// A rest day the package files differently from the calendar's data.
///
/// # Example
/// ```
/// let a = jiesu::calendar::PackageAttribution::chinesecalendar();
/// let n = a.names.iter().find(|n| n.date.to_string() == "2020-10-01").unwrap();
/// assert_eq!(n.festival.as_deref(), Some("national_day")); // cn.toml: mid_autumn_festival
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageName {
    /// The day (a holiday or weekend day of the calendar).
    pub date: NaiveDate,
    /// The festival id the package files it under; `None`: a plain weekend day to the package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub festival: Option<String>,
    /// Why the two differ.
    pub note: String,
}

/// A day where the package contradicts a State Council notice.
///
/// # Example
/// ```
/// let a = jiesu::calendar::PackageAttribution::chinesecalendar();
/// assert!(a.errata.iter().all(|e| e.notice.starts_with("国办发明电")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageErratum {
    /// The day.
    pub date: NaiveDate,
    /// The notice's document number (`国办发明电〔2005〕35号`).
    pub notice: String,
    /// What the notice says and what the package has.
    pub note: String,
}

/// A calendar's days as a package attributes them ([`PackageAttribution::days`]).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::{Calendar, PackageAttribution};
/// let days = PackageAttribution::chinesecalendar().days(&Calendar::cn())?;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(days.holidays[&d(2019, 9, 14)], "mid_autumn_festival"); // a joined weekend, named
/// assert!(!days.holidays.contains_key(&d(2011, 6, 5)));             // inside a break, unnamed
/// assert_eq!(days.workdays[&d(2005, 12, 31)], "new_years_day");       // the notice, not the package
/// assert!(days.in_lieu.contains(&d(2022, 2, 3)));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PackageDays {
    /// The holidays by the package (weekend days it names included), with their festival id.
    pub holidays: BTreeMap<NaiveDate, String>,
    /// The make-up working days, with their festival id.
    pub workdays: BTreeMap<NaiveDate, String>,
    /// The in-lieu days, in order (each one of `holidays`).
    pub in_lieu: Vec<NaiveDate>,
}

impl PackageAttribution {
    /// The built-in attribution of the `chinesecalendar` package ([`CHINESECALENDAR_DATA`]).
    ///
    /// # Example
    /// ```
    /// let a = jiesu::calendar::PackageAttribution::chinesecalendar();
    /// assert_eq!(a.calendar, "CN");
    /// assert_eq!(a.in_lieu.len(), 152);
    /// ```
    pub fn chinesecalendar() -> PackageAttribution {
        // Checked against the built-in CN calendar by the test suite.
        PackageAttribution::from_toml(CHINESECALENDAR_DATA).expect("built-in chinesecalendar attribution is valid")
    }

    /// An attribution from TOML (the format of [`CHINESECALENDAR_DATA`]).
    ///
    /// # Example
    /// ```
    /// let a = jiesu::calendar::PackageAttribution::from_toml(
    ///     "package = \"p\"\nversion = \"1\"\ncalendar = \"CN\"\nin_lieu = [\"2026-10-07\"]\n").unwrap();
    /// assert_eq!(a.in_lieu.len(), 1);
    /// assert!(jiesu::calendar::PackageAttribution::from_toml("package = 1").unwrap_err().is_parse());
    /// ```
    pub fn from_toml(text: &str) -> Result<PackageAttribution> {
        toml::from_str(text).map_err(|e| Error::parse(format!("package attribution TOML: {e}")))
    }

    /// The calendar's holidays, make-up working days and in-lieu days as the package
    /// attributes them: the calendar's marked days with the package's names applied, and its
    /// in-lieu days. Refuses (validation error, every problem with its path) an attribution
    /// for another calendar, a name on a day that is not a holiday or weekend day, an
    /// in-lieu day that is not a weekday holiday, a date given twice.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, PackageAttribution};
    /// let days = PackageAttribution::chinesecalendar().days(&Calendar::cn())?;
    /// assert_eq!(days.in_lieu.len(), 152);
    /// let other = Calendar::from_weekmask("1111100", &[]).unwrap();
    /// assert!(PackageAttribution::chinesecalendar().days(&other).unwrap_err().is_validation());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn days(&self, cal: &Calendar) -> Result<PackageDays> {
        let mut problems = Vec::new();
        let base = cal.sources().first().map(|d| d.name.as_str());
        if base != Some(self.calendar.as_str()) {
            problems.push(Problem { path: "calendar".into(), message: format!("the attribution is for {:?}, not {:?}", self.calendar, cal.name()) });
            return Err(Error::validation("package attribution", problems));
        }
        let (mut holidays, mut workdays) = (BTreeMap::new(), BTreeMap::new());
        if let Some(c) = cal.coverage() {
            let (from, to) = (NaiveDate::from_ymd_opt(c.from, 1, 1), NaiveDate::from_ymd_opt(c.to, 12, 31));
            if let (Some(from), Some(to)) = (from, to) {
                for day in cal.marked_days(from, to) {
                    let festival = day.festival.unwrap_or_default().to_string();
                    match day.kind {
                        DayKind::MakeupWorkday => workdays.insert(day.date, festival),
                        _ => holidays.insert(day.date, festival),
                    };
                }
            }
        }
        let mut seen = BTreeMap::new();
        for (i, n) in self.names.iter().enumerate() {
            let path = format!("names[{i}]");
            if let Some(first) = seen.insert(n.date, i) {
                problems.push(Problem { path, message: format!("{} is also names[{first}]", n.date) });
                continue;
            }
            match cal.day_kind(n.date) {
                Ok(DayKind::Holiday | DayKind::Weekend) => {}
                Ok(k) => {
                    problems.push(Problem { path, message: format!("{} is a {}, not a rest day", n.date, k.as_str()) });
                    continue;
                }
                Err(e) => {
                    problems.push(Problem { path, message: e.to_string() });
                    continue;
                }
            }
            match &n.festival {
                Some(f) => holidays.insert(n.date, f.clone()),
                None => holidays.remove(&n.date),
            };
        }
        let mut in_lieu = self.in_lieu.clone();
        in_lieu.sort();
        for (i, w) in in_lieu.windows(2).enumerate() {
            if w[0] == w[1] {
                problems.push(Problem { path: format!("in_lieu[{}]", i + 1), message: format!("{} is listed twice", w[0]) });
            }
        }
        for (i, d) in self.in_lieu.iter().enumerate() {
            let weekday = chrono::Datelike::weekday(d).num_days_from_monday() < 5;
            if !holidays.contains_key(d) || !weekday {
                problems.push(Problem { path: format!("in_lieu[{i}]"), message: format!("{d} is not a weekday holiday") });
            }
        }
        for (i, e) in self.errata.iter().enumerate() {
            if let Err(err) = cal.day_kind(e.date) {
                problems.push(Problem { path: format!("errata[{i}]"), message: err.to_string() });
            }
        }
        in_lieu.dedup();
        if problems.is_empty() {
            Ok(PackageDays { holidays, workdays, in_lieu })
        } else {
            Err(Error::validation("package attribution", problems))
        }
    }
}
