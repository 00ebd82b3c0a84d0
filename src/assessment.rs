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
mod log;
mod matters;
mod options;
mod progress;
mod records;

pub use bulletin_data::{bulletin, Bulletin, BulletinKind, DayCount, Headline, Overview, TicketLine, Topic, Totals, UnitCount, MAX_TREND_DAYS};
pub use bulletin_text::{chinese_date, chinese_deadline, chinese_period};
use facts::is_repeat;
use log::given_twice;
pub(crate) use log::log_items;
pub use log::{check_distinct, read_jsonl_log, tickets_from_jsonl, tickets_from_jsonl_with_limits};
pub use matters::MatterLine;
pub use options::{AssessmentOptions, Basis, GroupBy, Period, RoleCounting, ScoreWeights, DEFAULT_MIN_RANKED_VOLUME};
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
