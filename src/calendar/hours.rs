//! Business hours: the sessions of each kind of working day.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Problem, Result};

/// One working session of a day, `[start, end)` in seconds after local midnight.
///
/// Written `"HH:MM-HH:MM"` in data; `24:00` is allowed as an end, so a day worked around the
/// clock is `"00:00-24:00"` and leaves no hole at midnight.
///
/// # Example
/// ```
/// use jiesu::calendar::Session;
/// let s: Session = "14:30-18:00".parse().unwrap();
/// assert_eq!((s.start, s.end), (52_200, 64_800));
/// assert_eq!(s.to_string(), "14:30-18:00");
/// assert!("18:00-14:30".parse::<Session>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Session {
    /// Seconds after midnight, inclusive.
    pub start: u32,
    /// Seconds after midnight, exclusive; at most 86 400.
    pub end: u32,
}

impl Session {
    /// Length in seconds.
    ///
    /// # Example
    /// ```
    /// let s: jiesu::calendar::Session = "09:00-12:00".parse().unwrap();
    /// assert_eq!(s.seconds(), 3 * 3600);
    /// ```
    pub fn seconds(&self) -> u32 {
        self.end - self.start
    }
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 3600 + m * 60)
}

impl std::str::FromStr for Session {
    type Err = Error;
    fn from_str(s: &str) -> Result<Session> {
        let bad = || Error::invalid_input("session", format!("invalid session {s:?} (expected \"HH:MM-HH:MM\")"));
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let (start, end) = (parse_hhmm(a).ok_or_else(bad)?, parse_hhmm(b).ok_or_else(bad)?);
        if start >= end {
            return Err(Error::invalid_input("session", format!("session {s:?} ends before it starts")));
        }
        Ok(Session { start, end })
    }
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}-{:02}:{:02}", self.start / 3600, self.start % 3600 / 60, self.end / 3600, self.end % 3600 / 60)
    }
}

impl Serialize for Session {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Session, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|e: Error| serde::de::Error::custom(e.message().to_string()))
    }
}

/// A session is the text `"HH:MM-HH:MM"` in JSON (what [`Session`]'s `FromStr` reads and its
/// `Display` writes); the pattern cannot say that the hours are at most 24:00 and that the
/// session ends after it starts, which the parser checks too.
impl schemars::JsonSchema for Session {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Session".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A working session, \"HH:MM-HH:MM\" (start inclusive, end exclusive, at most 24:00; the end after the start).",
            "pattern": "^\\s*(\\+?[0-9]|[0-9]{2}):(\\+[0-9]|[0-9]{2})\\s*-\\s*(\\+?[0-9]|[0-9]{2}):(\\+[0-9]|[0-9]{2})\\s*$",
            "examples": ["09:00-12:00"]
        })
    }
}

/// Business hours per weekday, and for make-up working days (调休上班日).
///
/// Holidays and weekend days have no hours. A make-up working day follows
/// `makeup_workday` when it is set, otherwise Monday's sessions (a normal weekday's).
/// The default is 09:00–12:00 and 14:30–18:00 Monday to Friday, common office hours in Yunnan
/// (configuration, not a rule of the source document).
///
/// # Example
/// ```
/// use chrono::{DateTime, TimeDelta};
/// use jiesu::calendar::{BusinessHours, Calendar};
/// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// let (monday, tuesday) = (t("2026-03-09T00:00:00+08:00"), t("2026-03-10T00:00:00+08:00"));
/// // The default hours hold 6.5 working hours a day ...
/// assert_eq!(Calendar::cn().working_time_between(monday, tuesday)?, TimeDelta::minutes(390));
/// // ... a round-the-clock service 24.
/// let h = BusinessHours::from_json(r#"{"monday":["00:00-24:00"],"tuesday":["00:00-24:00"]}"#)?;
/// assert_eq!(Calendar::cn().with_business_hours(h)?.working_time_between(monday, tuesday)?, TimeDelta::hours(24));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// Monday's sessions.
    #[serde(default)]
    pub monday: Vec<Session>,
    /// Tuesday's sessions.
    #[serde(default)]
    pub tuesday: Vec<Session>,
    /// Wednesday's sessions.
    #[serde(default)]
    pub wednesday: Vec<Session>,
    /// Thursday's sessions.
    #[serde(default)]
    pub thursday: Vec<Session>,
    /// Friday's sessions.
    #[serde(default)]
    pub friday: Vec<Session>,
    /// Saturday's sessions (used only where the weekmask makes Saturday a working day).
    #[serde(default)]
    pub saturday: Vec<Session>,
    /// Sunday's sessions (used only where the weekmask makes Sunday a working day).
    #[serde(default)]
    pub sunday: Vec<Session>,
    /// Sessions of a make-up working day; `None` means Monday's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub makeup_workday: Option<Vec<Session>>,
}

impl Default for BusinessHours {
    fn default() -> Self {
        let day = vec![Session { start: 9 * 3600, end: 12 * 3600 }, Session { start: 14 * 3600 + 1800, end: 18 * 3600 }];
        BusinessHours {
            monday: day.clone(),
            tuesday: day.clone(),
            wednesday: day.clone(),
            thursday: day.clone(),
            friday: day,
            saturday: Vec::new(),
            sunday: Vec::new(),
            makeup_workday: None,
        }
    }
}

impl BusinessHours {
    /// Parses JSON (`{"monday": ["09:00-12:00", …], …}`) and validates.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::calendar::BusinessHours::from_json(r#"{"monday":["09:00-12:00","11:00-13:00"]}"#).unwrap_err();
    /// assert!(e.is_validation());
    /// ```
    pub fn from_json(text: &str) -> Result<BusinessHours> {
        let h: BusinessHours = crate::json::from_str(text).map_err(|e| e.located("business hours JSON"))?;
        h.validate()?;
        Ok(h)
    }

    /// These hours' Monday sessions on every working day of `weekmask` (Monday first), and
    /// none on the other days: the default hours of a weekmask calendar.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::BusinessHours;
    /// let h = BusinessHours::default().on_weekmask([false, false, false, false, false, true, true]);
    /// assert!(h.monday.is_empty() && h.saturday.len() == 2);
    /// ```
    pub fn on_weekmask(&self, weekmask: [bool; 7]) -> BusinessHours {
        let day = |i: usize| if weekmask[i] { self.monday.clone() } else { Vec::new() };
        BusinessHours {
            monday: day(0),
            tuesday: day(1),
            wednesday: day(2),
            thursday: day(3),
            friday: day(4),
            saturday: day(5),
            sunday: day(6),
            makeup_workday: self.makeup_workday.clone(),
        }
    }

    /// The sessions of weekday `i` (Monday = 0).
    pub(crate) fn weekday(&self, i: usize) -> &[Session] {
        match i {
            0 => &self.monday,
            1 => &self.tuesday,
            2 => &self.wednesday,
            3 => &self.thursday,
            4 => &self.friday,
            5 => &self.saturday,
            _ => &self.sunday,
        }
    }

    /// The sessions of a make-up working day.
    pub(crate) fn makeup(&self) -> &[Session] {
        self.makeup_workday.as_deref().unwrap_or(&self.monday)
    }

    /// Checks that each day's sessions are ordered and do not overlap (for hours built in
    /// code; [`from_json`](BusinessHours::from_json) checks them itself).
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::BusinessHours;
    /// assert!(BusinessHours::default().validate().is_ok());
    /// let h = BusinessHours { monday: vec!["09:00-12:00".parse()?, "11:00-13:00".parse()?], ..BusinessHours::default() };
    /// assert_eq!(h.validate().unwrap_err().problems()[0].path, "monday[1]");
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        const NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        let mut problems = Vec::new();
        let mut check = |name: &str, sessions: &[Session]| {
            for (i, s) in sessions.iter().enumerate() {
                if s.start >= s.end || s.end > 86_400 {
                    problems.push(Problem { path: format!("{name}[{i}]"), message: format!("invalid session {s}") });
                }
                if i > 0 && sessions[i - 1].end > s.start {
                    problems.push(Problem { path: format!("{name}[{i}]"), message: format!("session {s} overlaps or precedes {}", sessions[i - 1]) });
                }
            }
        };
        for (i, n) in NAMES.iter().enumerate() {
            check(n, self.weekday(i));
        }
        if let Some(m) = &self.makeup_workday {
            check("makeup_workday", m);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation("business hours", problems))
        }
    }
}

/// Total seconds of a day's sessions.
pub(crate) fn day_seconds(sessions: &[Session]) -> i64 {
    sessions.iter().map(|s| s.seconds() as i64).sum()
}

/// Working seconds of the day before `sod` (seconds after midnight).
pub(crate) fn seconds_before(sessions: &[Session], sod: i64) -> i64 {
    sessions.iter().map(|s| (sod - s.start as i64).clamp(0, s.seconds() as i64)).sum()
}

/// The earliest second of the day at which `r` (> 0) working seconds have elapsed.
pub(crate) fn instant_after(sessions: &[Session], mut r: i64) -> i64 {
    for s in sessions {
        let len = s.seconds() as i64;
        if r <= len {
            return s.start as i64 + r;
        }
        r -= len;
    }
    sessions.last().map_or(0, |s| s.end as i64)
}

/// Microseconds in a second.
const MICROS: i128 = 1_000_000;

/// Working time at microsecond resolution, for callers whose instants carry microseconds
/// (Python's `datetime`), on the whole-second functions
/// ([`Calendar::add_working_seconds`](super::Calendar::add_working_seconds),
/// [`Calendar::working_seconds_between`](super::Calendar::working_seconds_between)): the
/// working-time prefix `W` is linear (rate 0 or 1) within each whole second, because business
/// hours start and end on whole minutes, so `W(s + f) = W(s) + f·rate(s)`, and the earliest
/// instant where `W` reaches a value with a fraction `x` lies `1 − x` before the earliest
/// instant where it reaches the next whole second.
impl super::Calendar {
    /// The rate (0 or 1) at which working time passes during the second `[s, s + 1)`; a second
    /// the calendar cannot place (the last of its coverage) counts as outside business hours.
    fn working_rate_at(&self, s: i64) -> i64 {
        self.working_seconds_between(s, s + 1).map(|r| r.clamp(0, 1)).unwrap_or(0)
    }

    /// The instant `d` microseconds of working time after `(s, f)` — Unix seconds `s` plus `f`
    /// microseconds (`0..1_000_000`) — as Unix seconds and microseconds; exact to the
    /// microsecond. A negative `d` is refused as
    /// [`add_working_seconds`](super::Calendar::add_working_seconds) refuses it.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::Calendar;
    /// let cal = Calendar::cn();
    /// // Monday 2026-03-02 11:59:59.5 CST plus 1.5 s of working time: the morning session ends at
    /// // 12:00, so the second second falls at 14:30:01 when the afternoon session has begun.
    /// let s = 1_772_423_999; // 2026-03-02T11:59:59+08:00
    /// let (secs, micros) = cal.add_working_micros(s, 500_000, 1_500_000)?;
    /// assert_eq!((secs - (s + 1), micros), (2 * 3600 + 30 * 60 + 1, 0));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn add_working_micros(&self, s: i64, f: i64, d: i128) -> Result<(i64, i64)> {
        if !(0..1_000_000).contains(&f) {
            return Err(Error::invalid_input("micros", format!("{f} is not in 0..1000000")));
        }
        if d < 0 {
            // The whole-second function refuses negative durations, with its message.
            let secs = i64::try_from(d.div_euclid(MICROS)).unwrap_or(i64::MIN);
            return self.add_working_seconds(s, secs).map(|r| (r, 0));
        }
        if d == 0 {
            return Ok((s, f));
        }
        let rate = if f > 0 { self.working_rate_at(s) } else { 0 };
        let x = i128::from(f * rate) + d % MICROS;
        let whole = d / MICROS + x / MICROS;
        let frac = (x % MICROS) as i64;
        // Beyond i64 the whole-second function refuses the duration as out of range.
        let whole = i64::try_from(whole).unwrap_or(i64::MAX);
        if frac == 0 {
            self.add_working_seconds(s, whole).map(|r| (r, 0))
        } else {
            let u = self.add_working_seconds(s, whole.saturating_add(1))?;
            Ok((u - 1, frac))
        }
    }

    /// The working time from `a` to `b` (each Unix seconds and microseconds `0..1_000_000`),
    /// in microseconds: `W(b) − W(a)`, negative when `b` is before `a`.
    ///
    /// # Example
    /// ```
    /// use jiesu::calendar::Calendar;
    /// let cal = Calendar::cn();
    /// let s = 1_772_423_999; // 2026-03-02T11:59:59+08:00, the last second of the morning session
    /// // From 11:59:59.25 to 14:30:00.75: 0.75 s before noon, 0.75 s after 14:30.
    /// assert_eq!(cal.working_micros_between((s, 250_000), (s + 1 + 9_000, 750_000))?, 1_500_000);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn working_micros_between(&self, a: (i64, i64), b: (i64, i64)) -> Result<i128> {
        for (field, f) in [("a.micros", a.1), ("b.micros", b.1)] {
            if !(0..1_000_000).contains(&f) {
                return Err(Error::invalid_input(field, format!("{f} is not in 0..1000000")));
            }
        }
        let whole = self.working_seconds_between(a.0, b.0)?;
        let part = |(s, f): (i64, i64)| if f > 0 { f * self.working_rate_at(s) } else { 0 };
        Ok(i128::from(whole) * MICROS + i128::from(part(b)) - i128::from(part(a)))
    }
}
