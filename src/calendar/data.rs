//! The calendar data format: what `data/calendar/cn.toml` holds, and what a county loads.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A calendar data set: a national schedule, a year added to it, or a local overlay.
///
/// The same structure is read from TOML ([`CalendarData::from_toml`]) and JSON
/// ([`CalendarData::from_json`]). Dates are `YYYY-MM-DD`; a holiday entry may be a range
/// `YYYY-MM-DD..YYYY-MM-DD` (inclusive).
///
/// ```toml
/// schema_version = 1
/// name = "CN"
/// coverage = { from = 2026, to = 2026 }
/// [[festivals]]
/// year = 2026
/// festival = "spring_festival"
/// holidays = ["2026-02-15..2026-02-23"]
/// workdays = ["2026-02-14", "2026-02-28"]
/// ```
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::{Calendar, CalendarData, DayKind};
/// let data = CalendarData::from_json(r#"{"schema_version":1,"name":"X",
///   "coverage":{"from":2026,"to":2026},
///   "festivals":[{"year":2026,"festival":"labour_day","holidays":["2026-05-01..2026-05-05"],"workdays":["2026-05-09"]}]}"#)?;
/// let cal = Calendar::from_data(data)?;
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// assert_eq!(cal.day_kind(d(5, 4))?, DayKind::Holiday);
/// assert_eq!(cal.day_kind(d(5, 9))?, DayKind::MakeupWorkday);
/// // Thursday 04-30, then Wednesday 05-06 after the break.
/// assert_eq!(cal.add_working_days(d(4, 29), 2)?, d(5, 6));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarData {
    /// Format version; must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Name of the calendar or overlay (`"CN"`).
    pub name: String,
    /// For an overlay: the name of the calendar it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// For an overlay: `local` (default; local festivals within the calendar's coverage) or
    /// `national` (a further year of the national schedule, which may extend the coverage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<OverlayScope>,
    /// Free text: where the data comes from, what it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The years whose schedule this data states completely.
    pub coverage: Coverage,
    /// Which weekdays are ordinarily worked, Monday first, numpy style (`"1111100"`).
    /// Only a base calendar sets it; default Monday to Friday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekmask: Option<String>,
    /// Holidays and make-up working days, one entry per festival per year.
    #[serde(default)]
    pub festivals: Vec<FestivalEntry>,
}

/// What an overlay adds: local days within the coverage, or national years beyond it.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use jiesu::calendar::{Calendar, CalendarData, DayKind, OverlayScope, EXAMPLE_OVERLAY_DATA};
/// // The example prefecture overlay (not official data) has no `scope`: it is local.
/// let local = CalendarData::from_toml(EXAMPLE_OVERLAY_DATA)?;
/// assert_eq!(local.scope.unwrap_or_default(), OverlayScope::Local);
/// let cal = Calendar::cn().with_overlay(&local)?;
/// // Its 三月三 (2025-03-31) is a day off; the national calendar's coverage is unchanged.
/// assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())?, DayKind::Holiday);
/// assert_eq!(cal.coverage(), Calendar::cn().coverage());
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverlayScope {
    /// Local holidays and working days (a prefecture's festivals); must lie within the
    /// calendar's coverage.
    #[default]
    Local,
    /// The national schedule of further years (a new State Council notice); may extend the
    /// coverage, which must then overlap or adjoin.
    National,
}

/// The years a calendar (or a data set) covers, inclusive on both ends.
///
/// # Example
/// ```
/// let c = jiesu::calendar::Coverage { from: 2004, to: 2026 };
/// assert!(c.contains_year(2026) && !c.contains_year(2027));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// First covered year.
    pub from: i32,
    /// Last covered year.
    pub to: i32,
}

impl Coverage {
    /// Whether `year` is covered.
    ///
    /// # Example
    /// ```
    /// let c = jiesu::calendar::Coverage { from: 2004, to: 2026 };
    /// assert!(c.contains_year(2004));
    /// ```
    pub fn contains_year(&self, year: i32) -> bool {
        self.from <= year && year <= self.to
    }
}

/// One festival's holidays and make-up working days in one year.
///
/// # Example
/// ```
/// use jiesu::calendar::{Calendar, DayKind};
/// let cn = Calendar::cn();
/// // The 2026 National Day entry of the built-in data, as the State Council notice states it.
/// let e = cn.sources()[0].festivals.iter().find(|f| f.year == 2026 && f.festival == "national_day").unwrap();
/// assert_eq!(e.holidays, ["2026-10-01..2026-10-07"]);
/// assert_eq!(e.workdays, ["2026-09-20", "2026-10-10"]);
/// assert_eq!(e.notice.as_deref(), Some("国办发明电〔2025〕7号"));
/// let sunday = chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
/// assert_eq!(cn.day(sunday)?.kind, DayKind::MakeupWorkday);
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FestivalEntry {
    /// The year the arrangement belongs to (a New Year break may start in December before).
    pub year: i32,
    /// Festival id (`spring_festival`, `national_day`, … or a local snake_case id).
    pub festival: String,
    /// Optional human label (`春节`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Days off: dates or inclusive ranges `A..B`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Make-up working days (调休上班日): weekend days that are worked.
    #[serde(default)]
    pub workdays: Vec<String>,
    /// The notice that set the arrangement, e.g. `国办发明电〔2025〕7号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// What a validated data set says about one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    Holiday,
    Workday,
}

/// A validated data set: the days it marks, each with the index of its festival.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    pub coverage: Coverage,
    pub weekmask: [bool; 7],
    pub days: BTreeMap<NaiveDate, (Mark, usize)>,
}

impl CalendarData {
    /// Parses TOML text (the format of `data/calendar/cn.toml`); the rules of the format are
    /// checked when a calendar is built from it.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{CalendarData, Coverage, CN_DATA};
    /// let cn = CalendarData::from_toml(CN_DATA)?;
    /// assert_eq!(cn.coverage, Coverage { from: 2004, to: 2026 });
    /// assert!(cn.festivals.iter().any(|f| f.year == 2026 && f.festival == "spring_festival"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<CalendarData> {
        toml::from_str(text).map_err(|e| Error::parse(format!("calendar TOML: {e}")))
    }

    /// Parses JSON text of the same structure as the TOML.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::calendar::CalendarData::from_json("{").unwrap_err();
    /// assert!(e.is_parse());
    /// ```
    pub fn from_json(text: &str) -> Result<CalendarData> {
        crate::json::from_str(text).map_err(|e| e.located("calendar JSON"))
    }

    /// Serializes to JSON (what [`CalendarData::from_json`] and the C and Python layers read).
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::{Calendar, CalendarData, CN_DATA};
    /// let json = CalendarData::from_toml(CN_DATA)?.to_json();
    /// assert_eq!(Calendar::from_json(&json)?, Calendar::cn());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Serializes to TOML in the layout of `data/calendar/cn.toml`: the header fields, then one
    /// `[[festivals]]` table per entry.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::CalendarData;
    /// let d = CalendarData::from_toml(jiesu::calendar::CN_DATA).unwrap();
    /// let toml = d.to_toml();
    /// assert!(toml.contains("[[festivals]]\nyear = 2026\nfestival = \"spring_festival\"\nholidays = [\"2026-02-15..2026-02-23\"]"));
    /// assert_eq!(CalendarData::from_toml(&toml).unwrap(), d);
    /// ```
    pub fn to_toml(&self) -> String {
        render_toml(self, &[], &[])
    }

    /// Checks every rule of the format and reports all problems at once.
    pub(crate) fn check(&self, weekmask_default: [bool; 7]) -> Result<Checked> {
        let mut problems = Vec::new();
        let mut push = |path: String, message: String| problems.push(Problem { path, message });
        if self.schema_version != SCHEMA_VERSION {
            push("schema_version".into(), format!("unsupported schema version {} (expected {SCHEMA_VERSION})", self.schema_version));
        }
        if self.name.trim().is_empty() {
            push("name".into(), "must not be empty".into());
        }
        let cov = self.coverage;
        if cov.from > cov.to {
            push("coverage".into(), format!("from {} is after to {}", cov.from, cov.to));
        }
        if cov.from < 1900 || cov.to > 2200 {
            push("coverage".into(), format!("years {}..{} outside 1900..2200", cov.from, cov.to));
        }
        let weekmask = match &self.weekmask {
            None => weekmask_default,
            Some(m) => match parse_weekmask(m) {
                Ok(w) => w,
                Err(msg) => {
                    push("weekmask".into(), msg);
                    weekmask_default
                }
            },
        };
        let mut days: BTreeMap<NaiveDate, (Mark, usize)> = BTreeMap::new();
        let mut seen: BTreeMap<NaiveDate, String> = BTreeMap::new();
        for (i, f) in self.festivals.iter().enumerate() {
            if !is_snake_id(&f.festival) {
                push(format!("festivals[{i}].festival"), format!("{:?} is not a snake_case id", f.festival));
            }
            if !cov.contains_year(f.year) {
                push(format!("festivals[{i}].year"), format!("year {} outside the declared coverage {}..{}", f.year, cov.from, cov.to));
            }
            for (list, mark, key) in [(&f.holidays, Mark::Holiday, "holidays"), (&f.workdays, Mark::Workday, "workdays")] {
                for (j, text) in list.iter().enumerate() {
                    let path = format!("festivals[{i}].{key}[{j}]");
                    let range = match parse_range(text, mark == Mark::Holiday) {
                        Ok(r) => r,
                        Err(msg) => {
                            push(path, msg);
                            continue;
                        }
                    };
                    let mut d = range.0;
                    while d <= range.1 {
                        if !cov.contains_year(d.year()) {
                            push(path.clone(), format!("date {d} outside the declared coverage {}..{}", cov.from, cov.to));
                        } else if (d.year() as i64 - f.year as i64).abs() > 1 {
                            // A New Year break may start in the December before its year.
                            push(path.clone(), format!("date {d} is far from the entry's year {}", f.year));
                        } else if mark == Mark::Workday && weekmask[d.weekday().num_days_from_monday() as usize] {
                            push(path.clone(), format!("make-up workday {d} is not a weekend day ({})", d.weekday()));
                        } else if let Some(prev) = seen.get(&d) {
                            push(path.clone(), format!("date {d} is listed twice (also at {prev})"));
                        } else {
                            seen.insert(d, path.clone());
                            days.insert(d, (mark, i));
                        }
                        match d.succ_opt() {
                            Some(n) => d = n,
                            None => break,
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(Checked { coverage: cov, weekmask, days })
        } else {
            Err(Error::validation("calendar data", problems))
        }
    }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))
}

/// One `#` comment per line of `text`.
fn toml_comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// TOML in the layout of `cn.toml`: `header` comment lines first, `comments[i]` before the
/// i-th festival entry.
pub(crate) fn render_toml(data: &CalendarData, header: &[String], comments: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        toml_comment(&mut out, h);
    }
    out.push_str(&format!("schema_version = {}\n", data.schema_version));
    out.push_str(&format!("name = {}\n", toml_str(&data.name)));
    if let Some(b) = &data.base {
        out.push_str(&format!("base = {}\n", toml_str(b)));
    }
    if let Some(s) = data.scope {
        let s = match s {
            OverlayScope::Local => "local",
            OverlayScope::National => "national",
        };
        out.push_str(&format!("scope = {}\n", toml_str(s)));
    }
    if let Some(d) = &data.description {
        out.push_str(&format!("description = {}\n", toml_str(d)));
    }
    out.push_str(&format!("coverage = {{ from = {}, to = {} }}\n", data.coverage.from, data.coverage.to));
    if let Some(w) = &data.weekmask {
        out.push_str(&format!("weekmask = {}\n", toml_str(w)));
    }
    for (i, f) in data.festivals.iter().enumerate() {
        out.push('\n');
        if let Some(c) = comments.get(i) {
            toml_comment(&mut out, c);
        }
        out.push_str("[[festivals]]\n");
        out.push_str(&format!("year = {}\n", f.year));
        out.push_str(&format!("festival = {}\n", toml_str(&f.festival)));
        if let Some(l) = &f.label {
            out.push_str(&format!("label = {}\n", toml_str(l)));
        }
        out.push_str(&format!("holidays = {}\n", toml_list(&f.holidays)));
        out.push_str(&format!("workdays = {}\n", toml_list(&f.workdays)));
        if let Some(n) = &f.notice {
            out.push_str(&format!("notice = {}\n", toml_str(n)));
        }
    }
    out
}

fn is_snake_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') && s.as_bytes()[0].is_ascii_lowercase()
}

/// Parses a numpy-style weekmask: seven `0`/`1` characters (Monday first), optionally with
/// spaces, or day abbreviations `"Mon Tue Wed Thu Fri"`.
pub(crate) fn parse_weekmask(s: &str) -> std::result::Result<[bool; 7], String> {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut mask = [false; 7];
    if compact.len() == 7 && compact.bytes().all(|b| b == b'0' || b == b'1') {
        for (i, b) in compact.bytes().enumerate() {
            mask[i] = b == b'1';
        }
    } else {
        let mut rest = compact.as_str();
        while !rest.is_empty() {
            let Some(i) = NAMES.iter().position(|n| rest.starts_with(n)) else {
                return Err(format!("invalid weekmask {s:?}: expected 7 digits 0/1 or day names like \"Mon Tue\""));
            };
            mask[i] = true;
            rest = &rest[3..];
        }
    }
    if !mask.iter().any(|&b| b) {
        return Err(format!("weekmask {s:?} has no working day"));
    }
    Ok(mask)
}

/// Parses `YYYY-MM-DD` strictly.
pub(crate) fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("malformed date {s:?} (expected YYYY-MM-DD)"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("no such date {s:?}"))
}

fn parse_range(s: &str, allow_range: bool) -> std::result::Result<(NaiveDate, NaiveDate), String> {
    match s.split_once("..") {
        Some((a, b)) if allow_range => {
            let (a, b) = (parse_date(a.trim())?, parse_date(b.trim())?);
            if a > b {
                return Err(format!("range {s:?} ends before it starts"));
            }
            if (b - a).num_days() > 31 {
                return Err(format!("range {s:?} is longer than 31 days"));
            }
            Ok((a, b))
        }
        Some(_) => Err(format!("{s:?}: make-up workdays are listed one date at a time")),
        None => {
            let d = parse_date(s.trim())?;
            Ok((d, d))
        }
    }
}
