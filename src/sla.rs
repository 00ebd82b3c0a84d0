//! SLA clocks of a dispatched ticket (R-SLA-1 … R-SLA-5).
//!
//! An [`SlaPolicy`] holds the time limits (all configuration, with the defaults of
//! `RULES.md`) and computes, for a dispatch instant and a ticket's [`SlaInput`] (urgency,
//! handling class, optional statutory or complex limit), the [`Deadlines`] of the clocks of
//! the glossary: `response`, `return_window`, `first_feedback` (urgent only) and
//! `completion`, each with `due_at` and `warn_at`.
//!
//! Counting (R-SLA-5, default): the dispatch day is not counted; "N working days" ends at
//! 24:00 of the N-th working day after the dispatch date, the exclusive instant
//! `D+1 00:00:00+08:00` (an action at that instant is late). [`Cutoff::CloseOfBusiness`]
//! ends it at the close of business of that day instead.
//!
//! A limit in calendar days (a statutory 法定办理时限 such as 60 days) counts every day, but,
//! by 民法典 第二百零三条, a period whose last day is a 法定休假日 ends on the day after the
//! rest ends: the last day moves past statutory holidays — and past weekends unless
//! [`SlaPolicy::weekends_are_statutory_rest_days`] is off — to the next day that is not one; a
//! make-up working day (调休上班日) is not a rest day.
//!
//! # Example
//! ```
//! use chrono::DateTime;
//! use jiesu::calendar::Calendar;
//! use jiesu::sla::{Clock, HandlingClass, SlaInput, SlaPolicy, Urgency};
//!
//! let cal = Calendar::cn();
//! let t = DateTime::parse_from_rfc3339("2026-02-13T16:00:00+08:00").unwrap();
//! let d = SlaPolicy::default().deadlines(&cal, t, &SlaInput::new(Urgency::Urgent, HandlingClass::Urgent))?;
//! assert_eq!(d.get(Clock::Response).unwrap().due_at.to_rfc3339(), "2026-02-13T17:00:00+08:00");
//! assert_eq!(d.get(Clock::FirstFeedback).unwrap().due_at.to_rfc3339(), "2026-02-14T00:00:00+08:00");
//! assert_eq!(d.get(Clock::Completion).unwrap().due_at.to_rfc3339(), "2026-02-26T00:00:00+08:00");
//! # Ok::<(), jiesu::Error>(())
//! ```

pub mod batch;
mod deadlines;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeDelta, TimeZone};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, epoch_day, Calendar, DayKind};
use crate::error::{Error, Problem, Result};

/// 紧急程度: how fast a ticket must be answered (R-SLA-1) and whether it gets the same-day
/// first feedback (当天反馈, R-SLA-3).
///
/// # Example
/// ```
/// use chrono::DateTime;
/// use jiesu::{calendar::Calendar, sla::*};
/// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
/// let urgent = SlaPolicy::default().deadlines(&Calendar::cn(), t, &SlaInput::new(Urgency::Urgent, HandlingClass::Normal))?;
/// assert_eq!(urgent.get(Clock::Response).unwrap().due_at.to_rfc3339(), "2026-03-02T11:00:00+08:00");
/// assert_eq!(urgent.get(Clock::FirstFeedback).unwrap().due_at.to_rfc3339(), "2026-03-03T00:00:00+08:00");
/// assert_eq!(serde_json::to_string(&Urgency::Urgent).unwrap(), r#""urgent""#);
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 紧急: response within 1 hour of dispatch and a first feedback by the end of the dispatch
    /// day (defaults); the default rule set sends a breach to supervision at once (R-ESC-4).
    Urgent,
    /// 一般: response within 24 hours of dispatch (default).
    #[default]
    Normal,
}

/// 办理类别: which completion limit applies (R-SLA-3).
///
/// # Example
/// ```
/// assert_eq!(serde_json::from_str::<jiesu::sla::HandlingClass>("\"statutory\"").unwrap(), jiesu::sla::HandlingClass::Statutory);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HandlingClass {
    /// Urgent: 3 working days by default.
    Urgent,
    /// General: 5 working days by default.
    #[default]
    Normal,
    /// Multi-department or complex: 10 to 15 working days (the guide says which).
    Complex,
    /// A statutory time limit (法定办理时限) replaces the others.
    Statutory,
}

/// A time limit in working or calendar days.
///
/// # Example
/// ```
/// use jiesu::sla::Limit;
/// let l: Limit = serde_json::from_str(r#"{"calendar_days": 60}"#).unwrap();
/// assert_eq!(l, Limit::CalendarDays(60));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// N working days after the dispatch date.
    WorkingDays(u32),
    /// N calendar days after the dispatch date.
    CalendarDays(u32),
}

/// What the SLA needs to know about a ticket: its urgency, handling class and, where the class
/// has one, its own limit. The guide's classification of a ticket gives it.
///
/// # Example
/// ```
/// use jiesu::guide::{AppealType, ClassificationDecision, Guide};
/// use jiesu::sla::{HandlingClass, Limit, SlaInput, Urgency};
/// // 工伤认定 (010303): a statutory limit of 60 calendar days.
/// let c = Guide::yanshan_default().classify(&ClassificationDecision::new("010303", AppealType::Help))?;
/// assert_eq!(c.sla, SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60)));
/// let json: SlaInput = serde_json::from_str(r#"{"urgency":"normal","handling_class":"statutory","limit":{"calendar_days":60}}"#).unwrap();
/// assert_eq!(json, c.sla);
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaInput {
    /// 紧急程度: decides the response limit and the first-feedback clock (R-SLA-1/3).
    pub urgency: Urgency,
    /// 办理类别: decides the completion limit (R-SLA-3).
    pub handling_class: HandlingClass,
    /// The statutory limit (required for `statutory`) or the complex limit (10–15 working
    /// days; default the policy's `complex_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl SlaInput {
    /// An input without a specific limit: the policy's limit of the class applies (for a
    /// complex ticket, the policy's `complex_days`).
    ///
    /// # Example
    /// ```
    /// use jiesu::sla::{HandlingClass, Limit, SlaInput, SlaPolicy, Urgency};
    /// let p = SlaPolicy::default();
    /// assert_eq!(p.completion_limit(&SlaInput::new(Urgency::Normal, HandlingClass::Normal))?, Limit::WorkingDays(5));
    /// assert_eq!(p.completion_limit(&SlaInput::new(Urgency::Normal, HandlingClass::Complex))?, Limit::WorkingDays(10));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn new(urgency: Urgency, handling_class: HandlingClass) -> SlaInput {
        SlaInput { urgency, handling_class, limit: None }
    }

    /// The same input with its own limit: a complex ticket's 10–15 working days or a
    /// statutory limit.
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::*};
    /// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
    /// let complex = SlaInput::new(Urgency::Normal, HandlingClass::Complex);
    /// let d = SlaPolicy::default().deadlines(&Calendar::cn(), t, &complex.with_limit(Limit::WorkingDays(15)))?;
    /// assert_eq!(d.get(Clock::Completion).unwrap().due_at.to_rfc3339(), "2026-03-24T00:00:00+08:00");
    /// // 20 working days is outside the complex range (R-SLA-3).
    /// assert!(SlaPolicy::default().completion_limit(&complex.with_limit(Limit::WorkingDays(20))).unwrap_err().is_validation());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_limit(mut self, limit: Limit) -> SlaInput {
        self.limit = Some(limit);
        self
    }
}

/// The SLA clocks of the glossary.
///
/// # Example
/// ```
/// assert_eq!(jiesu::sla::Clock::ReturnWindow.as_str(), "return_window");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// 响应: acknowledge and first contact (R-SLA-1).
    Response,
    /// 退件时限: a return request is possible until then (R-SLA-2).
    ReturnWindow,
    /// 当天反馈: first feedback of an urgent ticket (R-SLA-3).
    FirstFeedback,
    /// 办结: the completion report must be in by then (R-SLA-3); only an approved extension
    /// moves it (R-SLA-4).
    Completion,
}

impl Clock {
    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::sla::Clock::Completion.as_str(), "completion");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Response => "response",
            Clock::ReturnWindow => "return_window",
            Clock::FirstFeedback => "first_feedback",
            Clock::Completion => "completion",
        }
    }
}

/// Where "N working days" ends on the N-th day (R-SLA-5).
///
/// # Example
/// ```
/// use chrono::DateTime;
/// use jiesu::{calendar::Calendar, sla::*};
/// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
/// let due = |p: &SlaPolicy| p.deadlines(&Calendar::cn(), t, &SlaInput::default()).unwrap().get(Clock::Completion).unwrap().due_at.to_rfc3339();
/// // Five working days after Monday 03-02 end on Monday 03-09: at 24:00 by default, at the end
/// // of the afternoon session with the close-of-business cut-off.
/// assert_eq!(due(&SlaPolicy::default()), "2026-03-10T00:00:00+08:00");
/// let cob = SlaPolicy::from_json(r#"{"cutoff": "close_of_business"}"#)?;
/// assert_eq!(due(&cob), "2026-03-09T18:00:00+08:00");
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cutoff {
    /// 24:00 of the day (default).
    #[default]
    Midnight,
    /// The end of the day's last business-hours session (24:00 if the day has none).
    CloseOfBusiness,
}

/// When a clock's warning (预警) falls.
///
/// # Example
/// ```
/// use jiesu::sla::Warn;
/// let w: Warn = serde_json::from_str(r#"{"lead_seconds": 7200}"#).unwrap();
/// assert_eq!(w, Warn::LeadSeconds(7200));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Warn {
    /// At this fraction (0 < f ≤ 1) of the window from start to due.
    Fraction(f64),
    /// This many seconds before the due instant (never before the start).
    LeadSeconds(i64),
    /// At 00:00 of the n-th working day counted back from the due day (1 = the start of the
    /// last working day before the due instant; never before the start).
    LeadWorkingDays(u32),
}

/// Warning settings per clock: when each clock's warning (预警, R-ESC-4) falls.
///
/// # Example
/// ```
/// use chrono::DateTime;
/// use jiesu::{calendar::Calendar, sla::*};
/// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
/// let warn = |p: &SlaPolicy| p.deadlines(&Calendar::cn(), t, &SlaInput::default()).unwrap().get(Clock::Completion).unwrap().warn_at.to_rfc3339();
/// // Due at 24:00 on 03-09: warned at the start of that day by default, 2 hours before with
/// // a lead of 7200 seconds.
/// assert_eq!(warn(&SlaPolicy::default()), "2026-03-09T00:00:00+08:00");
/// let p = SlaPolicy::from_json(r#"{"warn": {"completion": {"lead_seconds": 7200}}}"#)?;
/// assert_eq!(warn(&p), "2026-03-09T22:00:00+08:00");
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WarnPolicy {
    /// Response clock (default: half the window).
    pub response: Warn,
    /// Return window (default: half the window).
    pub return_window: Warn,
    /// First feedback (default: 2 hours before).
    pub first_feedback: Warn,
    /// Completion (default: at the start of the last working day).
    pub completion: Warn,
}

impl Default for WarnPolicy {
    fn default() -> Self {
        WarnPolicy {
            response: Warn::Fraction(0.5),
            return_window: Warn::Fraction(0.5),
            first_feedback: Warn::LeadSeconds(2 * 3600),
            completion: Warn::LeadWorkingDays(1),
        }
    }
}

/// The SLA time limits (R-SLA-1 … R-SLA-5), every one configuration with the default of
/// `RULES.md`.
///
/// # Example
/// ```
/// use jiesu::sla::SlaPolicy;
/// let p = SlaPolicy::from_json(r#"{"normal_days": 7}"#).unwrap();
/// assert_eq!((p.normal_days, p.urgent_days), (7, 3));
/// assert!(SlaPolicy::from_json(r#"{"complex_days": 30}"#).unwrap_err().is_validation());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SlaPolicy {
    /// Response limit of an urgent ticket, clock seconds (default 1 hour).
    pub response_urgent_seconds: i64,
    /// Response limit of a normal ticket, clock seconds (default 24 hours).
    pub response_normal_seconds: i64,
    /// Return window in working days (default 1).
    pub return_window_days: u32,
    /// Completion limit of an urgent ticket, working days (default 3).
    pub urgent_days: u32,
    /// Completion limit of a normal ticket, working days (default 5).
    pub normal_days: u32,
    /// Completion limit of a complex ticket when the guide does not say (default 10).
    pub complex_days: u32,
    /// Smallest complex limit accepted (default 10).
    pub complex_min_days: u32,
    /// Largest complex limit accepted (default 15).
    pub complex_max_days: u32,
    /// Whether urgent tickets get the first-feedback clock (当天反馈, default true).
    pub first_feedback: bool,
    /// Where the last day ends (default 24:00).
    pub cutoff: Cutoff,
    /// Whether weekends count as 法定休假日 when a calendar-day limit ends on one (民法典
    /// 第二百零三条: the last day moves to the day after the rest). Default `true`, the usual
    /// reading: a period ending on a Saturday ends on Monday. With `false` only statutory
    /// (and overlay) holidays move it. Make-up working days never do.
    pub weekends_are_statutory_rest_days: bool,
    /// When each clock's warning (预警) falls.
    pub warn: WarnPolicy,
    /// Working days a level (task force, leading group) has to decide on a major matter
    /// reported up to it (R-SCOPE-5; default 3): the matter's `decide_by`, ending like a
    /// completion limit (the cutoff). The units' clocks are paused meanwhile.
    pub major_matter_decision_days: u32,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            response_urgent_seconds: 3600,
            response_normal_seconds: 24 * 3600,
            return_window_days: 1,
            urgent_days: 3,
            normal_days: 5,
            complex_days: 10,
            complex_min_days: 10,
            complex_max_days: 15,
            first_feedback: true,
            cutoff: Cutoff::Midnight,
            weekends_are_statutory_rest_days: true,
            warn: WarnPolicy::default(),
            major_matter_decision_days: 3,
        }
    }
}

/// One clock's deadline.
///
/// # Example
/// ```
/// use chrono::DateTime;
/// use jiesu::calendar::{Calendar, CoveragePolicy};
/// use jiesu::sla::*;
/// // Dispatched on 2026-12-25, with the provisional policy for 2027 (R-SLA-7).
/// let cal = Calendar::cn().with_policy(CoveragePolicy::Provisional);
/// let t = DateTime::parse_from_rfc3339("2026-12-25T09:00:00+08:00").unwrap();
/// let d = SlaPolicy::default().deadlines(&cal, t, &SlaInput::default())?;
/// let response = d.get(Clock::Response).unwrap();
/// assert_eq!((response.due_at.to_rfc3339().as_str(), response.provisional), ("2026-12-26T09:00:00+08:00", false));
/// // The completion deadline needed 2027's days, which only the provisional rule gave.
/// let completion = d.get(Clock::Completion).unwrap();
/// assert_eq!((completion.due_at.to_rfc3339().as_str(), completion.provisional), ("2027-01-02T00:00:00+08:00", true));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClockDeadline {
    /// Which clock of the glossary this is.
    pub clock: Clock,
    /// When it started ([`SlaPolicy::deadlines`]: the dispatch instant).
    pub started_at: DateTime<FixedOffset>,
    /// The exclusive due instant: acting at `due_at` is late.
    pub due_at: DateTime<FixedOffset>,
    /// When the warning falls.
    pub warn_at: DateTime<FixedOffset>,
    /// True when the computation used an uncovered year under the provisional policy.
    pub provisional: bool,
}

/// The deadlines of a dispatched ticket, in the order response, return window, first feedback
/// (urgent only), completion.
///
/// # Example
/// ```
/// # use chrono::DateTime;
/// # use jiesu::{calendar::Calendar, sla::*};
/// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
/// let d = SlaPolicy::default().deadlines(&Calendar::cn(), t, &SlaInput::default()).unwrap();
/// assert_eq!(d.clocks.len(), 3);
/// assert!(d.get(Clock::FirstFeedback).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Deadlines {
    /// The deadline of each clock the ticket has, in glossary order.
    pub clocks: Vec<ClockDeadline>,
}

impl Deadlines {
    /// The deadline of `clock`, if the ticket has that clock (only urgent tickets have
    /// `first_feedback`).
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use jiesu::{calendar::Calendar, sla::*};
    /// let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
    /// let d = SlaPolicy::default().deadlines(&Calendar::cn(), t, &SlaInput::default())?;
    /// // A return may be asked for until 24:00 of the next working day (R-SLA-2).
    /// assert_eq!(d.get(Clock::ReturnWindow).unwrap().due_at.to_rfc3339(), "2026-03-04T00:00:00+08:00");
    /// assert!(d.get(Clock::FirstFeedback).is_none());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn get(&self, clock: Clock) -> Option<&ClockDeadline> {
        self.clocks.iter().find(|c| c.clock == clock)
    }
}

impl SlaPolicy {
    /// Parses a policy from JSON (missing fields take their defaults) and validates it: the
    /// `"sla"` part of an engine configuration.
    ///
    /// # Example
    /// ```
    /// use jiesu::sla::SlaPolicy;
    /// assert_eq!(SlaPolicy::from_json("{}")?, SlaPolicy::default());
    /// // A county that gives normal tickets 7 working days.
    /// let p = SlaPolicy::from_json(r#"{"normal_days": 7}"#)?;
    /// assert_eq!((p.normal_days, p.urgent_days), (7, 3));
    /// assert!(SlaPolicy::from_json(r#"{"normal_days": "7"}"#).unwrap_err().is_parse());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<SlaPolicy> {
        let p: SlaPolicy = crate::json::from_str(text).map_err(|e| e.located("SLA policy JSON"))?;
        p.validate()?;
        Ok(p)
    }

    /// Checks every setting and reports all problems.
    ///
    /// # Example
    /// ```
    /// let mut p = jiesu::sla::SlaPolicy::default();
    /// p.normal_days = 0;
    /// assert_eq!(p.validate().unwrap_err().problems()[0].path, "normal_days");
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut need = |ok: bool, path: &str, message: String| {
            if !ok {
                problems.push(Problem { path: path.into(), message });
            }
        };
        const MAX_DAYS: u32 = 3660;
        for (path, v) in [
            ("return_window_days", self.return_window_days),
            ("urgent_days", self.urgent_days),
            ("normal_days", self.normal_days),
            ("complex_days", self.complex_days),
            ("major_matter_decision_days", self.major_matter_decision_days),
        ] {
            need((1..=MAX_DAYS).contains(&v), path, format!("{v} is not in 1..={MAX_DAYS}"));
        }
        for (path, v) in [("response_urgent_seconds", self.response_urgent_seconds), ("response_normal_seconds", self.response_normal_seconds)] {
            need((1..=366 * 86_400).contains(&v), path, format!("{v} is not in 1..={}", 366 * 86_400));
        }
        need(
            self.complex_min_days <= self.complex_days && self.complex_days <= self.complex_max_days,
            "complex_days",
            format!("{} is outside complex_min_days..=complex_max_days ({}..={})", self.complex_days, self.complex_min_days, self.complex_max_days),
        );
        for (path, w) in [
            ("warn.response", self.warn.response),
            ("warn.return_window", self.warn.return_window),
            ("warn.first_feedback", self.warn.first_feedback),
            ("warn.completion", self.warn.completion),
        ] {
            match w {
                Warn::Fraction(f) => need(f.is_finite() && f > 0.0 && f <= 1.0, path, format!("fraction {f} is not in (0, 1]")),
                Warn::LeadSeconds(s) => need((0..=366 * 86_400).contains(&s), path, format!("lead {s} s is not in 0..={}", 366 * 86_400)),
                Warn::LeadWorkingDays(n) => need((1..=366).contains(&n), path, format!("lead {n} working days is not in 1..=366")),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation("SLA policy", problems))
        }
    }
}
