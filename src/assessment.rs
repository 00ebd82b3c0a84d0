//! Assessment (考评) of units and bulletins (通报), R-ANA-1/2.
//!
//! [`assess`] computes, per group (unit, township, category or domain) and period, the core
//! rates of the Beijing 接诉即办 regulation art. 32 — response, resolution, satisfaction —
//! plus on-time completion, returns, extensions, reworks, overdue and supervised counts,
//! repeats and a weighted score. Every rate carries its numerator and denominator. Formulas
//! and weights are configuration ([`AssessmentOptions`]) with the documented defaults.
//! [`bulletin`] builds the weekly or monthly bulletin as data (headline with 环比 and 同比,
//! separate rankings of townships and departments, the lists to follow);
//! [`Bulletin::to_markdown`] and [`Bulletin::to_html`] (printable, with SVG charts) render it.
//!
//! # Example
//!
//! Two street-light tickets of 江那镇, handled by urban management in March 2026 and called
//! back satisfied and basically satisfied: every rate of the unit is computed over them, and
//! the monthly bulletin puts them in its tables.
//!
//! ```
//! use chrono::DateTime;
//! use jiesu::assessment::{assess, bulletin, AssessmentOptions, BulletinKind, Period};
//! use jiesu::engine::Engine;
//! use jiesu::ticket::{Actor, Command, Ticket};
//!
//! let engine = Engine::default_engine();
//! let (center, unit) = (Actor::command_center(), Actor::unit("urban_management"));
//! let handled = |id: &str, day: u32, outcome: &str| -> jiesu::Result<Ticket> {
//!     let at = |hour: u32| DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{hour:02}:00:00+08:00")).unwrap();
//!     let mut t = Ticket::new();
//!     for (hour, (actor, json)) in (9..).zip([
//!         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮",
//!                               "location":{{"township":"jiangna"}}}}"#)),
//!         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
//!         (&unit, r#"{"type":"acknowledge"}"#.into()),
//!         (&unit, r#"{"type":"contact_requester"}"#.into()),
//!         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}",
//!                             "evidence":["photo.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
//!         (&center, r#"{"type":"review_report","accept":true}"#.into()),
//!         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
//!         (&center, r#"{"type":"close"}"#.into()),
//!     ]) {
//!         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(hour))?;
//!     }
//!     Ok(t)
//! };
//! let tickets = [handled("YS-1", 2, "satisfied")?, handled("YS-2", 3, "basically_satisfied")?];
//!
//! let march = Period::month(2026, 3)?;
//! let a = assess(&tickets, &AssessmentOptions::new(march));
//! let g = &a.groups[0];
//! assert_eq!((g.key.as_str(), g.dispatched, g.rank), ("urban_management", 2, Some(1)));
//! assert_eq!(g.on_time_completion_rate.value, Some(1.0));
//! assert_eq!(g.satisfaction_rate.value, Some(0.95)); // (1 + 0.9) / 2
//!
//! let b = bulletin(&tickets, engine.guide(), BulletinKind::Monthly, march, None);
//! assert_eq!((b.totals.received, b.totals.closed), (2, 2));
//! // Two tickets: listed in the departments' table, below the ranking's minimum volume (5).
//! assert_eq!((b.departments[0].name.as_str(), b.departments[0].rank), ("砚山县城市管理局（县综合行政执法局）", None));
//! assert_eq!(b.hot_townships[0].name, "江那镇");
//! # Ok::<(), jiesu::Error>(())
//! ```

mod bulletin_data;
mod bulletin_html;
mod bulletin_text;
mod chart;
mod facts;
mod matters;
mod progress;
mod records;

pub use bulletin_data::{bulletin, Bulletin, BulletinKind, DayCount, Headline, Overview, TicketLine, Topic, Totals, UnitCount, MAX_TREND_DAYS};
pub use bulletin_text::{chinese_date, chinese_deadline, chinese_period};
use facts::is_repeat;
pub use matters::MatterLine;
pub use progress::{assess_records_with_progress, assess_with_progress, tickets_from_jsonl_with_progress, PROGRESS_STEP};
pub use records::{assess_records, records_from_tickets, TicketRecord, RECORD_COLUMNS};

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::error::{Error, Result};
use crate::guide::Guide;
use crate::ticket::Ticket;

/// The group key of tickets whose township is not known.
pub const UNKNOWN_TOWNSHIP: &str = "unknown";

/// A period `[from, to)` of local (CST) time.
///
/// # Example
/// ```
/// let p = jiesu::assessment::Period::month(2026, 2).unwrap();
/// assert_eq!(p.from.to_rfc3339(), "2026-02-01T00:00:00+08:00");
/// assert_eq!(p.to.to_rfc3339(), "2026-03-01T00:00:00+08:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Inclusive start, in CST.
    pub from: DateTime<FixedOffset>,
    /// Exclusive end, in CST: 00:00 of the day after the period's last day.
    pub to: DateTime<FixedOffset>,
}

impl Period {
    /// The days `[from, to)` as a period, from 00:00 of `from` to 00:00 of `to`; `to` must
    /// be after `from`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use jiesu::assessment::Period;
    /// let d = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    /// let p = Period::days(d(2), d(9))?;
    /// assert_eq!((p.from.to_rfc3339().as_str(), p.to.to_rfc3339().as_str()), ("2026-03-02T00:00:00+08:00", "2026-03-09T00:00:00+08:00"));
    /// assert!(Period::days(d(9), d(2)).is_err());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to <= from {
            return Err(Error::invalid_input("period", format!("period end {to} is not after its start {from}")));
        }
        Ok(Period { from: calendar::start_of_day(from)?, to: calendar::start_of_day(to)? })
    }

    /// A calendar month.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::Period;
    /// let december = Period::month(2026, 12)?;
    /// assert_eq!(december.to.to_rfc3339(), "2027-01-01T00:00:00+08:00");
    /// assert!(Period::month(2026, 13).is_err());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| Error::invalid_input("month", format!("no month {year}-{month}")))?;
        let to = from.checked_add_months(Months::new(1)).ok_or_else(|| Error::invalid_input("month", "out of range"))?;
        Period::days(from, to)
    }

    /// The ISO week (Monday to Sunday) containing `date`.
    ///
    /// # Example
    /// ```
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    /// let w = jiesu::assessment::Period::week_of(d).unwrap();
    /// assert_eq!(w.from.to_rfc3339(), "2026-03-02T00:00:00+08:00");
    /// ```
    pub fn week_of(date: NaiveDate) -> Result<Period> {
        let out_of_range = || Error::invalid_input("date", format!("the week of {date} is outside the supported range"));
        let monday = date.checked_sub_days(Days::new(date.weekday().num_days_from_monday() as u64)).ok_or_else(out_of_range)?;
        Period::days(monday, monday.checked_add_days(Days::new(7)).ok_or_else(out_of_range)?)
    }

    /// The period of the same length just before this one (for "rising" topics).
    ///
    /// # Example
    /// ```
    /// let p = jiesu::assessment::Period::month(2026, 3).unwrap().previous();
    /// assert_eq!(p.to.to_rfc3339(), "2026-03-01T00:00:00+08:00");
    /// ```
    pub fn previous(&self) -> Period {
        let len = self.to - self.from;
        // Saturates at the earliest instant chrono represents (a period of many millennia).
        let earliest = DateTime::<chrono::Utc>::MIN_UTC.fixed_offset();
        Period { from: self.from.checked_sub_signed(len).unwrap_or(earliest), to: self.from }
    }

    /// Whether `t` is in `[from, to)`.
    ///
    /// # Example
    /// ```
    /// let p = jiesu::assessment::Period::month(2026, 3).unwrap();
    /// assert!(!p.contains(p.to));
    /// ```
    pub fn contains(&self, t: DateTime<FixedOffset>) -> bool {
        self.from <= t && t < self.to
    }
}

/// How tickets are grouped: one row of an [`Assessment`] per group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// Per handling unit (承办单位, the default): a ticket counts for its assigned units as
    /// [`RoleCounting`] says, and a return for the unit that asked for it.
    #[default]
    Unit,
    /// Per township (乡镇) where the request is located: the classification's township, else
    /// the registered location's, else [`UNKNOWN_TOWNSHIP`].
    Township,
    /// Per leaf category of the guide (事项分类).
    Category,
    /// Per domain (领域, R-SCOPE-1).
    Domain,
}

/// Which assigned units a multi-unit ticket counts for (grouping by unit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleCounting {
    /// Only the lead unit (the default): the unit a county's assessment office holds to
    /// account for the ticket (README, "Decisions").
    #[default]
    LeadOnly,
    /// Every assigned unit (lead, responsible, cooperating), each with its own response clock:
    /// a cooperating unit's figures then sit next to its lead's.
    All,
}

/// Which instant puts a ticket in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The dispatch instant.
    Dispatch,
    /// The completion clock's due instant (extensions included).
    Due,
    /// The closing instant.
    Close,
}

/// Weights of the score (综合得分, R-ANA-2): score = 100 × Σ weight × rate, over the rates a
/// group has (the weights are renormalized over them). Each weight is in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreWeights {
    /// Weight of the response rate (响应率), default 0.1.
    pub response: f64,
    /// Weight of the resolution rate (解决率), default 0.5.
    pub resolution: f64,
    /// Weight of the satisfaction rate (满意率), default 0.4.
    pub satisfaction: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights { response: 0.1, resolution: 0.5, satisfaction: 0.4 }
    }
}

/// Options of an assessment; the defaults are those of `RULES.md` R-ANA-2.
///
/// # Example
/// ```
/// use jiesu::assessment::{assess, AssessmentOptions, Period};
/// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
/// # // called back with `outcome`.
/// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
/// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
/// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
/// #     let mut t = Ticket::new();
/// #     for (h, (actor, json)) in (9..).zip([
/// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
/// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
/// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
/// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
/// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
/// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
/// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
/// #         (&center, r#"{"type":"close"}"#.into()),
/// #     ]) {
/// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
/// #     }
/// #     t
/// # }
/// let tickets = [handled("YS-1", 2, "satisfied"), handled("YS-2", 3, "basically_satisfied")];
/// let mut o = AssessmentOptions::new(Period::month(2026, 3)?);
/// assert_eq!(assess(&tickets, &o).groups[0].satisfaction_rate.value, Some(0.95)); // (1 + 0.9) / 2
/// // A county that counts "basically satisfied" as satisfied:
/// o.basically_satisfied_weight = 1.0;
/// assert_eq!(assess(&tickets, &o).groups[0].satisfaction_rate.value, Some(1.0));
/// # Ok::<(), jiesu::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentOptions {
    /// The period assessed.
    pub period: Period,
    /// Grouping (default: unit).
    #[serde(default)]
    pub group_by: GroupBy,
    /// Multi-unit counting (default: the lead unit only).
    #[serde(default)]
    pub roles: RoleCounting,
    /// Basis of the response rate and the counts (default: dispatch).
    #[serde(default = "basis_dispatch")]
    pub response_basis: Basis,
    /// Basis of completion, resolution and satisfaction (default: due).
    #[serde(default = "basis_due")]
    pub completion_basis: Basis,
    /// Weight of "basically satisfied" in the satisfaction rate (default 0.9).
    #[serde(default = "default_basic")]
    pub basically_satisfied_weight: f64,
    /// Score weights (default 0.1 / 0.5 / 0.4).
    #[serde(default)]
    pub weights: ScoreWeights,
    /// The instant the assessment is made (overdue open tickets are counted at it); default:
    /// the period's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<DateTime<FixedOffset>>,
    /// The fewest tickets dispatched (`dispatched`) for a unit or township to be ranked in a
    /// [`bulletin`] (default 5): one with fewer is listed with its figures but not ranked, so
    /// that a handful of tickets cannot top the table. [`assess`] ranks every group that has a
    /// score whatever this says (its rows carry `dispatched` for a caller to filter).
    #[serde(default = "default_min_ranked")]
    pub min_ranked_volume: u64,
}

fn default_min_ranked() -> u64 {
    DEFAULT_MIN_RANKED_VOLUME
}

/// The default of [`AssessmentOptions::min_ranked_volume`]: 5 tickets dispatched.
pub const DEFAULT_MIN_RANKED_VOLUME: u64 = 5;

fn basis_dispatch() -> Basis {
    Basis::Dispatch
}
fn basis_due() -> Basis {
    Basis::Due
}
fn default_basic() -> f64 {
    0.9
}

impl AssessmentOptions {
    /// The default options for `period`: per unit, the lead unit counted, response by
    /// dispatch and completion by due date, "basically satisfied" weighing 0.9, score weights
    /// 0.1 / 0.5 / 0.4, assessed at the period's end.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::{assess, AssessmentOptions, GroupBy, Period};
    /// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
    /// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
    /// # // called back with `outcome`.
    /// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
    /// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
    /// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
    /// #     let mut t = Ticket::new();
    /// #     for (h, (actor, json)) in (9..).zip([
    /// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
    /// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
    /// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
    /// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
    /// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
    /// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
    /// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
    /// #         (&center, r#"{"type":"close"}"#.into()),
    /// #     ]) {
    /// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
    /// #     }
    /// #     t
    /// # }
    /// let tickets = [handled("YS-1", 2, "satisfied")];
    /// // March has the ticket; February does not.
    /// assert_eq!(assess(&tickets, &AssessmentOptions::new(Period::month(2026, 3)?)).groups.len(), 1);
    /// assert!(assess(&tickets, &AssessmentOptions::new(Period::month(2026, 2)?)).groups.is_empty());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn new(period: Period) -> AssessmentOptions {
        AssessmentOptions {
            period,
            group_by: GroupBy::Unit,
            roles: RoleCounting::LeadOnly,
            response_basis: Basis::Dispatch,
            completion_basis: Basis::Due,
            basically_satisfied_weight: 0.9,
            weights: ScoreWeights::default(),
            now: None,
            min_ranked_volume: DEFAULT_MIN_RANKED_VOLUME,
        }
    }

    /// Parses options from JSON (the form the C and Python layers take; missing fields take
    /// their defaults) and validates them.
    ///
    /// # Example
    /// ```
    /// use jiesu::assessment::{assess, AssessmentOptions};
    /// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
    /// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
    /// # // called back with `outcome`.
    /// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
    /// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
    /// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
    /// #     let mut t = Ticket::new();
    /// #     for (h, (actor, json)) in (9..).zip([
    /// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
    /// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
    /// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
    /// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
    /// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
    /// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
    /// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
    /// #         (&center, r#"{"type":"close"}"#.into()),
    /// #     ]) {
    /// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
    /// #     }
    /// #     t
    /// # }
    /// let o = AssessmentOptions::from_json(r#"{"period":{"from":"2026-03-01T00:00:00+08:00","to":"2026-04-01T00:00:00+08:00"},
    ///                                         "group_by":"township"}"#)?;
    /// let a = assess(&[handled("YS-1", 2, "satisfied")], &o);
    /// assert_eq!(a.groups[0].key, "jiangna");
    /// assert!(AssessmentOptions::from_json(r#"{"group_by":"township"}"#).unwrap_err().is_parse()); // no period
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<AssessmentOptions> {
        let o: AssessmentOptions = crate::json::from_str(text).map_err(|e| e.located("assessment options JSON"))?;
        o.validate()?;
        Ok(o)
    }

    /// Checks the options: a period whose end is after its start, weights in [0, 1]; every
    /// problem with its path.
    ///
    /// # Example
    /// ```
    /// let mut o = jiesu::assessment::AssessmentOptions::new(jiesu::assessment::Period::month(2026, 3)?);
    /// o.weights.response = f64::NAN;
    /// o.basically_satisfied_weight = 1.5;
    /// let e = o.validate().unwrap_err();
    /// let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(paths, ["basically_satisfied_weight", "weights.response"]);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.period.to <= self.period.from {
            problems.push(crate::Problem { path: "period".into(), message: "end is not after start".into() });
        }
        for (path, v) in [
            ("basically_satisfied_weight", self.basically_satisfied_weight),
            ("weights.response", self.weights.response),
            ("weights.resolution", self.weights.resolution),
            ("weights.satisfaction", self.weights.satisfaction),
        ] {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                problems.push(crate::Problem { path: path.into(), message: format!("{v} is not in [0, 1]") });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation("assessment options", problems))
        }
    }
}

/// A rate with the numerator and denominator it comes from.
///
/// # Example
/// ```
/// let r = jiesu::assessment::Rate::of(3.0, 4);
/// assert_eq!(r.value, Some(0.75));
/// assert_eq!(jiesu::assessment::Rate::of(0.0, 0).value, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rate {
    /// Numerator: the tickets (or assignments) that count for the rate, weighted for
    /// satisfaction ("basically satisfied" counts 0.9 by default).
    pub numerator: f64,
    /// Denominator: the tickets (or assignments) the rate is taken over.
    pub denominator: u64,
    /// numerator / denominator; `None` when the denominator is 0.
    pub value: Option<f64>,
}

impl Rate {
    /// A rate from its parts; no value when nothing was counted (a rate of 0 would rank a unit
    /// that had no tickets last).
    pub fn of(numerator: f64, denominator: u64) -> Rate {
        Rate { numerator, denominator, value: (denominator > 0).then(|| numerator / denominator as f64) }
    }
}

/// One group's figures (a unit, township, category or domain) over the period: the rates and
/// counts of R-ANA-2 (GLOSSARY "Assessment"), each rate with its numerator and denominator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupMetrics {
    /// The group key (unit id, township id, category code or domain).
    pub key: String,
    /// A human name where known.
    pub name: String,
    /// Tickets dispatched (response basis).
    pub dispatched: u64,
    /// Response clocks met in time (R-SLA-1): the lead's at acknowledgement and first contact,
    /// another unit's at acknowledgement.
    pub acknowledged_on_time: u64,
    /// 响应率: `acknowledged_on_time` / the assignments counted (response basis).
    pub response_rate: Rate,
    /// 按时办结率: completion clocks met before the deadline in force (extensions included) /
    /// those met or due by the assessment instant (completion basis).
    pub on_time_completion_rate: Rate,
    /// 解决率: tickets whose last valid callback says solved / tickets with a valid callback
    /// (`unreachable` is not valid; tickets closed as unreasonable are left out).
    pub resolution_rate: Rate,
    /// 满意率: (satisfied + 0.9 × basically satisfied) / valid callbacks, the weight being
    /// configuration; unreasonable tickets are left out.
    pub satisfaction_rate: Rate,
    /// 退件率: tickets whose return the unit asked for (R-SLA-2) / tickets counted; for a unit,
    /// its own requests, counted even after the ticket went elsewhere.
    pub return_rate: Rate,
    /// 延期率: tickets with an approved extension (R-SLA-4) / tickets dispatched; counted for
    /// the lead unit.
    pub extension_rate: Rate,
    /// 重办率: tickets whose report was returned for rework (退回重办, R-FLOW-3) / tickets
    /// dispatched; counted for the lead unit.
    pub rework_rate: Rate,
    /// 超期件: completion clocks breached at the assessment instant or met late.
    pub overdue_count: u64,
    /// 督办件: tickets supervised by the supervision office (R-ORG-4) or escalated to
    /// supervision or above (R-ESC-4).
    pub supervised_count: u64,
    /// Repeated requests (重复件): tickets linked as duplicates or raised by a repeat rule
    /// (R-ESC-1).
    pub repeat_count: u64,
    /// Excluded as unreasonable from resolution and satisfaction.
    pub unreasonable_count: u64,
    /// 100 × the weighted rates (weights renormalized over the rates that exist).
    pub score: Option<f64>,
    /// 1 = best score.
    pub rank: Option<u32>,
}

/// An assessment: one row per group, ranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assessment {
    /// The options used.
    pub options: AssessmentOptions,
    /// Rows, by rank then key.
    pub groups: Vec<GroupMetrics>,
}

/// Assesses `tickets` per group over the options' period (考评, R-ANA-2). Each ticket must be
/// given once: every ticket given is counted ([`check_distinct`] refuses a list that holds one
/// twice, as the Python layer does before calling this; a log is checked by
/// [`tickets_from_jsonl`]).
///
/// Counting rules (defaults; all in [`AssessmentOptions`]):
/// - a ticket counts in the period by its dispatch instant for `dispatched`, the response rate
///   and the return, extension, rework, supervised and repeat figures; by its completion
///   deadline (extensions included; a deadline at 24:00 of the period's last day is in the
///   period) for on-time completion, resolution and satisfaction;
/// - response rate = response clocks met in time / assignments counted (the lead's clock is met
///   at acknowledgement and first contact; other units' at acknowledgement);
/// - on-time completion = completion clocks met before the deadline in force / those met or
///   due by `now`;
/// - resolution = tickets whose last valid callback says solved / tickets with a valid callback;
///   satisfaction = (satisfied + 0.9 × basically satisfied) / valid callbacks (unreachable
///   excluded); tickets closed as unreasonable are excluded from both;
/// - overdue = completion clocks breached at `now` or met late; score = 100 × (0.1 × response +
///   0.5 × resolution + 0.4 × satisfaction), weights renormalized over the rates that exist.
///
/// # Example
/// ```
/// use jiesu::assessment::{assess, AssessmentOptions, GroupBy, Period};
/// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
/// # // called back with `outcome`.
/// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
/// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
/// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
/// #     let mut t = Ticket::new();
/// #     for (h, (actor, json)) in (9..).zip([
/// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
/// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
/// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
/// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
/// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
/// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
/// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
/// #         (&center, r#"{"type":"close"}"#.into()),
/// #     ]) {
/// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
/// #     }
/// #     t
/// # }
/// let tickets = [handled("YS-1", 2, "satisfied"), handled("YS-2", 3, "basically_satisfied"), handled("YS-3", 4, "satisfied")];
/// let mut o = AssessmentOptions::new(Period::month(2026, 3)?);
/// o.group_by = GroupBy::Domain;
/// let a = assess(&tickets, &o);
/// let g = &a.groups[0];
/// assert_eq!((g.key.as_str(), g.dispatched), ("social_management", 3));
/// assert_eq!((g.response_rate.numerator, g.response_rate.denominator), (3.0, 3));
/// assert_eq!((g.satisfaction_rate.numerator, g.satisfaction_rate.denominator), (2.9, 3));
/// // 100 × (0.1 × 1 + 0.5 × 1 + 0.4 × 2.9/3)
/// assert!((g.score.unwrap() - 98.667).abs() < 0.001);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn assess(tickets: &[Ticket], options: &AssessmentOptions) -> Assessment {
    assess_with_progress(tickets, options, &mut |_, _| {})
}

/// The score (R-ANA-2): 100 × the weighted rates, the weights renormalized over the rates
/// that exist; none when no rate exists.
fn weighted_score(w: &ScoreWeights, response: &Rate, resolution: &Rate, satisfaction: &Rate) -> Option<f64> {
    let parts = [(w.response, response.value), (w.resolution, resolution.value), (w.satisfaction, satisfaction.value)];
    let weight: f64 = parts.iter().filter(|(_, v)| v.is_some()).map(|(w, _)| w).sum();
    (weight > 0.0).then(|| 100.0 * parts.iter().map(|(w, v)| w * v.unwrap_or(0.0)).sum::<f64>() / weight)
}

/// Puts the guide's names on an assessment's groups (units, townships, categories); a domain
/// keeps its glossary name, an unknown township is named 未注明乡镇.
///
/// # Example
/// ```
/// use jiesu::assessment::{assess, name_groups, AssessmentOptions, GroupBy, Period};
/// use jiesu::guide::Guide;
/// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
/// # // called back with `outcome`.
/// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
/// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
/// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
/// #     let mut t = Ticket::new();
/// #     for (h, (actor, json)) in (9..).zip([
/// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
/// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
/// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
/// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
/// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
/// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
/// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
/// #         (&center, r#"{"type":"close"}"#.into()),
/// #     ]) {
/// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
/// #     }
/// #     t
/// # }
/// let mut o = AssessmentOptions::new(Period::month(2026, 3)?);
/// o.group_by = GroupBy::Category;
/// let mut a = assess(&[handled("YS-1", 2, "satisfied")], &o);
/// assert_eq!(a.groups[0].name, "040201");
/// name_groups(&mut a, &Guide::yanshan_default());
/// assert_eq!(a.groups[0].name, "路灯");
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn name_groups(a: &mut Assessment, guide: &Guide) {
    for g in &mut a.groups {
        g.name = match a.options.group_by {
            GroupBy::Township if g.key == UNKNOWN_TOWNSHIP => Some("未注明乡镇".to_string()),
            GroupBy::Unit | GroupBy::Township => guide.unit(&g.key).map(|u| u.name.clone()),
            GroupBy::Category => guide.category(&g.key).map(|c| c.name.clone()),
            GroupBy::Domain => None,
        }
        .unwrap_or_else(|| g.key.clone());
    }
}

/// Rebuilds tickets from an event log — JSON lines (one event per line) or one JSON array of
/// events, tickets in any order, each ticket's events in sequence — verifying every history
/// (R-FLOW-5): the input of an assessment over the events a platform stored. Errors name the
/// item: `line 7` in JSON lines, `events[3]` in an array.
///
/// # Example
/// ```
/// use jiesu::assessment::tickets_from_jsonl;
/// # use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// # // A street-light ticket of jiangna, handled by urban management on 2026-03-`day` and
/// # // called back with `outcome`.
/// # fn handled(id: &str, day: u32, outcome: &str) -> Ticket {
/// #     let (engine, center, unit) = (Engine::default_engine(), Actor::command_center(), Actor::unit("urban_management"));
/// #     let at = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{h:02}:00:00+08:00")).unwrap();
/// #     let mut t = Ticket::new();
/// #     for (h, (actor, json)) in (9..).zip([
/// #         (&center, format!(r#"{{"type":"register","id":"{id}","appeal_type":"complaint","content":"路灯不亮","location":{{"township":"jiangna"}}}}"#)),
/// #         (&center, r#"{"type":"dispatch","decision":{"category":"040201","appeal_type":"complaint"}}"#.into()),
/// #         (&unit, r#"{"type":"acknowledge"}"#.into()),
/// #         (&unit, r#"{"type":"contact_requester"}"#.into()),
/// #         (&unit, format!(r#"{{"type":"submit_report","report":{{"result":"已修复","answered_at":"{}","evidence":["p.jpg"],"approved_by":"王局长","solved":true}}}}"#, at(12).to_rfc3339())),
/// #         (&center, r#"{"type":"review_report","accept":true}"#.into()),
/// #         (&center, format!(r#"{{"type":"record_callback","outcome":"{outcome}","solved":true}}"#)),
/// #         (&center, r#"{"type":"close"}"#.into()),
/// #     ]) {
/// #         t.execute(&engine, actor, &serde_json::from_str::<Command>(&json).unwrap(), at(h)).unwrap();
/// #     }
/// #     t
/// # }
/// // The platform's log: every event of every ticket, one JSON object a line.
/// let log: String = [handled("YS-1", 2, "satisfied"), handled("YS-2", 3, "satisfied")]
///     .iter()
///     .flat_map(|t| t.events())
///     .map(|e| serde_json::to_string(e).unwrap() + "\n")
///     .collect();
/// let tickets = tickets_from_jsonl(&log)?;
/// assert_eq!(tickets.len(), 2);
/// // The same log as one JSON array.
/// let array = format!("[{}]", log.trim_end().replace('\n', ","));
/// assert_eq!(tickets_from_jsonl(&array)?, tickets);
/// assert!(tickets_from_jsonl("{").unwrap_err().is_parse());
/// // A history that does not verify names its line and the rule (R-FLOW-5).
/// let e = jiesu::assessment::tickets_from_jsonl(r#"{"schema_version":1,"ticket_id":"A","seq":2,"at":"2026-03-02T09:00:00+08:00","actor":{"role":"command_center"},"type":"closed","outcome":"resolved","prev_hash":"","hash":""}"#).unwrap_err();
/// assert_eq!((e.field(), e.rule()), (Some("line 1"), Some("R-FLOW-5")));
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn tickets_from_jsonl(text: &str) -> Result<Vec<Ticket>> {
    tickets_from_jsonl_with_limits(text, &crate::Limits::default())
}

/// Reads a JSON-lines event log from `reader` (a file the user names, a pipe, a device) for
/// [`tickets_from_jsonl_with_limits`]: at most `limits.max_log_bytes` bytes and one more, to
/// tell a larger log, whatever size the file claims. A larger log is a
/// [`crate::ErrorKind::LimitExceeded`] error (field `jsonl`), a log that is not UTF-8 a
/// [`crate::ErrorKind::Parse`] error; an error of the reader is returned as it is (the outer
/// `Err`).
///
/// # Example
/// ```
/// use jiesu::assessment::read_jsonl_log;
/// let small = jiesu::Limits { max_log_bytes: 1000, ..Default::default() };
/// // An endless source (like /dev/zero or a pipe that never closes) is read up to the limit.
/// let e = read_jsonl_log(std::io::repeat(b'{'), &small).unwrap().unwrap_err();
/// assert!(e.is_limit_exceeded());
/// assert_eq!(e.field(), Some("jsonl"));
/// let text = read_jsonl_log(&b"\n"[..], &small).unwrap()?;
/// assert!(jiesu::assessment::tickets_from_jsonl_with_limits(&text, &small)?.is_empty());
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn read_jsonl_log<R: std::io::Read>(reader: R, limits: &crate::Limits) -> std::io::Result<Result<String>> {
    use std::io::Read;
    let max = limits.max_log_bytes;
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Ok(Err(crate::limits::exceeded("jsonl", format!("the event log has more than {max} bytes (limits.max_log_bytes)"))));
    }
    Ok(String::from_utf8(bytes).map_err(|e| Error::parse(format!("the event log is not UTF-8: {e}")).with_field("jsonl")))
}

/// [`tickets_from_jsonl`] with another log size limit than the default
/// ([`crate::Limits::max_log_bytes`], 256 MiB): a larger log is a
/// [`crate::ErrorKind::LimitExceeded`] error before anything is parsed.
///
/// # Example
/// ```
/// let small = jiesu::Limits { max_log_bytes: 4, ..Default::default() };
/// let e = jiesu::assessment::tickets_from_jsonl_with_limits("{}\n{}\n", &small).unwrap_err();
/// assert!(e.is_limit_exceeded());
/// ```
pub fn tickets_from_jsonl_with_limits(text: &str, limits: &crate::Limits) -> Result<Vec<Ticket>> {
    tickets_from_jsonl_with_progress(text, limits, &mut |_, _| {})
}

/// The events of an event log with their place: `line 7` in JSON lines, `events[3]` in one
/// JSON array, `line 7[3]` for a line that holds a JSON array (one ticket's history as
/// `jiesu_ticket_handle` returns it and a platform stores it: such histories, one per line,
/// make a log without any JSON library).
fn log_items(text: &str) -> Result<Vec<(String, &str)>> {
    use serde_json::value::RawValue;
    if crate::json::is_array(text) {
        // One array (even spread over lines, pretty-printed), else one array or event a line.
        if let Ok(raw) = crate::json::from_str::<Vec<&RawValue>>(text) {
            return Ok(raw.into_iter().enumerate().map(|(i, r)| (format!("events[{i}]"), r.get())).collect());
        }
    }
    let mut items = Vec::new();
    for (n, line) in crate::json::lines(text) {
        if crate::json::is_array(line) {
            let raw: Vec<&RawValue> = crate::json::from_str(line).map_err(|e| e.located(format!("event log line {n}")).with_field(format!("line {n}")))?;
            items.extend(raw.into_iter().enumerate().map(|(i, r)| (format!("line {n}[{i}]"), r.get())));
        } else {
            items.push((format!("line {n}"), line));
        }
    }
    Ok(items)
}

/// The error for a ticket given twice to an assessment, a bulletin or the group rules (the
/// same ticket, or an older snapshot of it, would be counted twice and raise a repeat alert
/// against itself): the same wording for an event log and for a list of tickets.
fn given_twice(id: &str, detail: &str) -> Error {
    Error::invalid_input("ticket_id", format!("ticket {id:?} is given twice ({detail}): give each ticket once, with its whole history"))
}

/// Refuses a list of tickets that holds one ticket twice (the same ticket, or an older
/// snapshot of it), naming the ticket id and both places: what the list forms of
/// [`assess`], [`bulletin`] and [`evaluate_group`](crate::escalation::evaluate_group) run
/// before computing (those functions count every ticket they are given).
/// [`tickets_from_jsonl`] refuses the same thing in a log, with the same wording.
///
/// # Example
/// ```
/// use jiesu::{engine::Engine, ticket::{Actor, Command, Ticket}};
/// let engine = Engine::default_engine();
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// let register: Command = jiesu::json::from_str(r#"{"type":"register","id":"YS-1","appeal_type":"help","content":"求助"}"#)?;
/// let mut t = Ticket::new();
/// t.execute(&engine, &Actor::command_center(), &register, now)?;
/// let e = jiesu::assessment::check_distinct(&[t.clone(), t]).unwrap_err();
/// assert_eq!(e.field(), Some("tickets[1].ticket_id"));
/// assert_eq!(e.message(), r#"tickets[1]: ticket "YS-1" is given twice (also tickets[0]): give each ticket once, with its whole history"#);
/// # Ok::<(), jiesu::Error>(())
/// ```
pub fn check_distinct(tickets: &[Ticket]) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(tickets.len());
    for (i, t) in tickets.iter().enumerate() {
        let Some(id) = t.id.as_deref() else { continue };
        if let Some(first) = seen.insert(id, i) {
            return Err(given_twice(id, &format!("also tickets[{first}]")).at(format_args!("tickets[{i}]")));
        }
    }
    Ok(())
}
