//! What an assessment is taken over and how: the period, the grouping, the bases of the rates,
//! the weights of the score ([`AssessmentOptions`], with the documented defaults).

use super::*;

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
