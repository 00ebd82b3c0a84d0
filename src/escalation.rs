//! Escalation rules (R-ESC-1 … R-ESC-4, R-ORG-4/5): warnings, urging, supervision, listed
//! supervision, repeated and many-people requests — and when to look again.
//!
//! A [`RuleSet`] is data (TOML or JSON, validated with path-named errors); the default
//! (`data/escalation/default.toml`) implements R-ESC-4 with every threshold a parameter.
//! [`evaluate`] looks at one ticket at `now` and returns the alerts due that were not raised
//! before, and the earliest future instant at which a rule could fire, so the platform sets a
//! timer instead of polling. Recording the alerts as `escalated` events
//! ([`Engine::record_alerts`](crate::engine::Engine::record_alerts)) makes evaluation idempotent.
//! [`evaluate_group`] runs the rules over many tickets (repeated and many-people requests) in
//! one pass with indexes. Nothing reads the wall clock.
//!
//! # Example
//! ```
//! use jiesu::escalation::{evaluate, RuleSet};
//! use jiesu::ticket::Ticket;
//! let rules = RuleSet::default_rules();
//! let cal = jiesu::calendar::Calendar::cn();
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
//! let ev = evaluate(&Ticket::new(), &rules, &cal, now);
//! assert!(ev.alerts.is_empty() && ev.next_check_at.is_none());
//! ```

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::calendar::{epoch_day, Calendar};
use crate::error::{Error, Problem, Result};
use crate::guide::Guide;
use crate::sla::{Clock, HandlingClass, Urgency};
use crate::ticket::{ClockState, EscalationLevel, EventBody, EventKind, MatterLevel, Status, Ticket};

/// The default rule set (`data/escalation/default.toml`).
pub const DEFAULT_RULES: &str = include_str!("../data/escalation/default.toml");

/// The schema version of rule sets.
pub const SCHEMA_VERSION: u32 = 1;

/// What makes a rule fire.
///
/// # Example
/// ```
/// use jiesu::escalation::Trigger;
/// let t: Trigger = serde_json::from_str(r#"{"kind":"clock_breach","clock":"completion","after_working_days":1}"#).unwrap();
/// assert!(matches!(t, Trigger::ClockBreach { after_working_days: 1, .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// At a running clock's `warn_at`.
    ClockWarning {
        /// The clock.
        clock: Clock,
        /// Only for urgent tickets.
        #[serde(default)]
        urgent_only: bool,
    },
    /// At a clock's `due_at` (a breach), or that many working days later; while unmet.
    ClockBreach {
        /// The clock.
        clock: Clock,
        /// Working days after the breach (0: at the breach).
        #[serde(default)]
        after_working_days: u32,
        /// Only for urgent tickets.
        #[serde(default)]
        urgent_only: bool,
    },
    /// When the ticket is dispatched.
    Dispatched {
        /// Only for urgent tickets.
        #[serde(default)]
        urgent_only: bool,
    },
    /// When the number of return requests reaches `at_least`.
    ReturnRequests {
        /// Threshold.
        at_least: u32,
    },
    /// When the number of dissatisfied callbacks reaches `at_least`.
    DissatisfiedCallbacks {
        /// Threshold.
        at_least: u32,
    },
    /// When the number of reopens reaches `at_least`.
    Reopens {
        /// Threshold.
        at_least: u32,
    },
    /// When a leader instructs on the ticket.
    Instructed {},
    /// When a major matter reported up to `level` (R-SCOPE-5) is still undecided at its
    /// `decide_by` (the policy's `major_matter_decision_days`); once per report.
    MajorMatterUndecided {
        /// The level holding the matter.
        level: MatterLevel,
    },
    /// Group rule: the `count`-th request of one requester (same `requester_key`) in the same
    /// category within `window_days`.
    RepeatRequests {
        /// Which occurrence fires (2 = the second request).
        count: u32,
        /// Window in days.
        window_days: u32,
    },
    /// Group rule: at least `min_requesters` distinct requesters, same category and township,
    /// within `window_hours`.
    ManyPeople {
        /// Threshold.
        min_requesters: u32,
        /// Window in hours.
        window_hours: u32,
    },
}

impl Trigger {
    /// Whether this is a group rule (repeated or many-people requests), evaluated over many
    /// tickets by [`evaluate_group`] rather than on one by [`evaluate`].
    ///
    /// # Example
    /// ```
    /// use jiesu::escalation::Trigger;
    /// assert!(Trigger::RepeatRequests { count: 2, window_days: 30 }.is_group());
    /// assert!(!Trigger::Instructed {}.is_group());
    /// ```
    pub fn is_group(&self) -> bool {
        matches!(self, Trigger::RepeatRequests { .. } | Trigger::ManyPeople { .. })
    }
}

/// Who an alert is for.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&jiesu::escalation::Target::SupervisionOffice).unwrap(), "\"supervision_office\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The handling unit(s).
    Unit,
    /// 指挥中心.
    CommandCenter,
    /// 县委政府督查室.
    SupervisionOffice,
    /// 工作专班.
    TaskForce,
    /// 领导小组.
    LeadingGroup,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::Unit => "unit",
            Target::CommandCenter => "command_center",
            Target::SupervisionOffice => "supervision_office",
            Target::TaskForce => "task_force",
            Target::LeadingGroup => "leading_group",
        }
    }
}

/// One rule.
///
/// # Example
/// ```
/// let r = &jiesu::escalation::RuleSet::default_rules().rules[0];
/// assert_eq!(r.id, "response.warning");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id; recorded in `escalated` events.
    pub id: String,
    /// Trigger.
    pub trigger: Trigger,
    /// Level.
    pub level: EscalationLevel,
    /// Target.
    pub target: Target,
    /// Message template: `{ticket_id}` `{unit}` `{clock}` `{due_at}` `{count}` `{tickets}`.
    pub message: String,
}

/// A rule set.
///
/// # Example
/// ```
/// let rs = jiesu::escalation::RuleSet::default_rules();
/// assert!(rs.rules.len() >= 15);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Id.
    pub id: String,
    /// Version.
    #[serde(default)]
    pub version: String,
    /// Rules, evaluated in order.
    pub rules: Vec<Rule>,
}

const PLACEHOLDERS: [&str; 6] = ["ticket_id", "unit", "clock", "due_at", "count", "tickets"];

impl RuleSet {
    /// The default rule set.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::escalation::RuleSet::default_rules().id, "default");
    /// ```
    pub fn default_rules() -> RuleSet {
        // The embedded data is validated by the test suite.
        RuleSet::from_toml(DEFAULT_RULES).expect("built-in rule set is valid")
    }

    /// Parses and validates TOML.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::escalation::RuleSet::from_toml("schema_version = 1\nid = \"x\"\nrules = []").is_ok());
    /// ```
    pub fn from_toml(text: &str) -> Result<RuleSet> {
        let r: RuleSet = toml::from_str(text).map_err(|e| Error::parse(format!("rule set TOML: {e}")))?;
        r.validate()?;
        Ok(r)
    }

    /// Parses and validates JSON.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::escalation::RuleSet::from_json(r#"{"schema_version":1,"id":"x","rules":[{"id":"a","trigger":{"kind":"reopens","at_least":0},"level":"warning","target":"unit","message":"m"}]}"#).unwrap_err();
    /// assert_eq!(e.problems()[0].path, "rules[0].trigger.at_least");
    /// ```
    pub fn from_json(text: &str) -> Result<RuleSet> {
        let r: RuleSet = crate::json::from_str(text).map_err(|e| e.located("rule set JSON"))?;
        r.validate()?;
        Ok(r)
    }

    /// Checks every rule and reports all problems with their paths.
    ///
    /// # Example
    /// ```
    /// let mut rs = jiesu::escalation::RuleSet::default_rules();
    /// rs.rules[1].id = rs.rules[0].id.clone();
    /// assert_eq!(rs.validate().unwrap_err().problems()[0].path, "rules[1].id");
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut push = |path: String, message: String| problems.push(Problem { path, message });
        if self.schema_version != SCHEMA_VERSION {
            push("schema_version".into(), format!("unsupported schema version {} (expected {SCHEMA_VERSION})", self.schema_version));
        }
        if self.id.trim().is_empty() {
            push("id".into(), "must not be empty".into());
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, r) in self.rules.iter().enumerate() {
            let p = |f: &str| format!("rules[{i}].{f}");
            if r.id.trim().is_empty() {
                push(p("id"), "must not be empty".into());
            } else if let Some(j) = seen.insert(&r.id, i) {
                push(p("id"), format!("duplicate rule id {:?} (also rules[{j}])", r.id));
            }
            if r.message.trim().is_empty() {
                push(p("message"), "must not be empty".into());
            }
            let mut rest = r.message.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    push(p("message"), "unclosed placeholder".into());
                    break;
                };
                let name = &rest[open + 1..open + close];
                if !PLACEHOLDERS.contains(&name) {
                    push(p("message"), format!("unknown placeholder {{{name}}} (known: {})", PLACEHOLDERS.join(", ")));
                }
                rest = &rest[open + close + 1..];
            }
            match &r.trigger {
                Trigger::ClockBreach { after_working_days, .. } if *after_working_days > 366 => {
                    push(p("trigger.after_working_days"), format!("{after_working_days} is more than 366"))
                }
                Trigger::ReturnRequests { at_least } | Trigger::DissatisfiedCallbacks { at_least } | Trigger::Reopens { at_least } if *at_least == 0 => {
                    push(p("trigger.at_least"), "must be at least 1".into())
                }
                Trigger::RepeatRequests { count, window_days } => {
                    if *count < 2 {
                        push(p("trigger.count"), format!("{count}: a repeat is at least the 2nd request"));
                    }
                    if *window_days == 0 || *window_days > 3660 {
                        push(p("trigger.window_days"), format!("{window_days} is not in 1..=3660"));
                    }
                }
                Trigger::ManyPeople { min_requesters, window_hours } => {
                    if *min_requesters < 2 {
                        push(p("trigger.min_requesters"), format!("{min_requesters}: many people means at least 2"));
                    }
                    if *window_hours == 0 || *window_hours > 87_840 {
                        push(p("trigger.window_hours"), format!("{window_hours} is not in 1..=87840"));
                    }
                }
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation("rule set", problems))
        }
    }
}

/// An alert due now.
///
/// # Example
/// ```
/// let a: Option<jiesu::escalation::Alert> = None;
/// assert!(a.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Alert {
    /// Rule id.
    pub rule: String,
    /// Level.
    pub level: EscalationLevel,
    /// Target.
    pub target: Target,
    /// Rendered message.
    pub message: String,
    /// The ticket the alert is recorded on.
    pub ticket_id: String,
    /// The clock, for clock rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// The unit, for per-unit clocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The instance (clock due instant, dispatch instant, …) the alert is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<DateTime<FixedOffset>>,
    /// When the rule fired (≤ now).
    pub due_since: DateTime<FixedOffset>,
    /// Other tickets involved (group rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<String>,
}

impl Alert {
    /// The body of the `escalated` event that records this alert on its ticket.
    pub(crate) fn to_event_body(&self) -> EventBody {
        EventBody::Escalated {
            rule: self.rule.clone(),
            level: self.level,
            target: self.target.name().to_string(),
            message: self.message.clone(),
            clock: self.clock,
            unit: self.unit.clone(),
            instance: self.instance,
            tickets: self.tickets.clone(),
        }
    }
}

/// Most tickets an alert lists ([`Alert::tickets`], the `tickets` of an `escalated` event;
/// fixed): a group alert lists the latest ones of its window (its `{count}` stays the whole
/// count), and [`Engine::record_alerts`](crate::engine::Engine::record_alerts) and replay
/// refuse a longer list (`LimitExceeded`).
///
/// # Example
/// ```
/// assert_eq!(jiesu::escalation::MAX_ALERT_TICKETS, 1_000);
/// ```
pub const MAX_ALERT_TICKETS: usize = 1_000;

/// The result of evaluating one ticket.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// Alerts due now that were not raised before, ordered by (due_since, rule, unit).
    pub alerts: Vec<Alert>,
    /// The earliest future instant at which a rule could fire (`None`: nothing is scheduled;
    /// evaluate again after the next event).
    pub next_check_at: Option<DateTime<FixedOffset>>,
    /// Rules skipped because their instant needs a year the calendar does not cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

fn is_urgent(t: &Ticket) -> bool {
    t.classification.as_ref().is_some_and(|c| c.sla.urgency == Urgency::Urgent || c.sla.handling_class == HandlingClass::Urgent)
}

/// The instant `n` working days after a breach at `t` ("older than n working days"): the same
/// time of day `n` working days later when `t` falls on a working day (24:00 of a day counts as
/// that day), or 24:00 of the `n`-th working day after `t`'s day when it falls on a rest day.
/// Monotone in `t`.
fn shift_working_days(cal: &Calendar, t: DateTime<FixedOffset>, n: u32) -> Result<DateTime<FixedOffset>> {
    if n == 0 {
        return Ok(t);
    }
    let midnight = t.time() == chrono::NaiveTime::MIN;
    let out_of_range = || Error::invalid_input("due_at", "instant out of range");
    let day = if midnight { t.checked_sub_signed(TimeDelta::seconds(1)).ok_or_else(out_of_range)?.date_naive() } else { t.date_naive() };
    let target = cal.add_working_days(day, n as i64)?;
    if cal.is_workday(day)? {
        TimeDelta::try_days(epoch_day(target) - epoch_day(day)).and_then(|d| t.checked_add_signed(d)).ok_or_else(out_of_range)
    } else {
        let next = target.succ_opt().ok_or_else(|| Error::invalid_input("date", "out of range"))?;
        crate::calendar::start_of_day(next)
    }
}

fn raised(t: &Ticket, rule: &str, clock: Option<Clock>, unit: Option<&str>, instance: Option<DateTime<FixedOffset>>) -> bool {
    t.escalations.iter().any(|e| e.rule == rule && e.clock == clock && e.unit.as_deref() == unit && e.instance == instance)
}

fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = &rest[open + 1..open + close];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 1]),
                }
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A candidate firing of a rule on a ticket.
struct Candidate<'a> {
    /// The deadline `{due_at}` names (a clock's due instant, a level's decision limit).
    due: Option<DateTime<FixedOffset>>,
    clock: Option<Clock>,
    unit: Option<&'a str>,
    instance: Option<DateTime<FixedOffset>>,
    fire_at: DateTime<FixedOffset>,
    count: u32,
}

fn clocks_of(t: &Ticket, clock: Clock) -> impl Iterator<Item = &ClockState> {
    let single = match clock {
        Clock::Completion => t.completion.as_ref(),
        Clock::FirstFeedback => t.first_feedback.as_ref(),
        _ => None,
    };
    let per_unit = matches!(clock, Clock::Response | Clock::ReturnWindow);
    single.into_iter().chain(t.assignments.iter().filter(move |_| per_unit).map(move |a| if clock == Clock::Response { &a.response } else { &a.return_window }))
}

/// The instant of the `n`-th event of a kind.
fn nth_event_at(t: &Ticket, kind: EventKind, n: u32, filter: impl Fn(&crate::ticket::EventBody) -> bool) -> Option<DateTime<FixedOffset>> {
    t.events.iter().filter(|e| e.body.kind() == kind && filter(&e.body)).nth(n.saturating_sub(1) as usize).map(|e| e.at)
}

/// A level of escalation for one instance of a clock: (level, clock, unit, due instant).
type LevelKey = (EscalationLevel, Clock, Option<String>, Option<DateTime<FixedOffset>>);

/// Whether `t` has recorded that level for that instance of the clock (by any rule).
fn level_recorded(t: &Ticket, k: &LevelKey) -> bool {
    t.escalations.iter().any(|e| e.level == k.0 && e.clock == Some(k.1) && e.unit == k.2 && e.instance == k.3)
}

/// Evaluates the single-ticket rules of `rules` on `ticket` at `now`.
///
/// Only open tickets raise alerts. A clock rule fires while its clock is unmet and not paused;
/// a rule whose instant lies in a year the calendar does not cover is skipped (and listed).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate, RuleSet};
/// let ev = evaluate(&jiesu::ticket::Ticket::new(), &RuleSet::default_rules(), &jiesu::calendar::Calendar::cn(),
///     chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00+08:00").unwrap());
/// assert!(ev.alerts.is_empty());
/// ```
pub fn evaluate(ticket: &Ticket, rules: &RuleSet, cal: &Calendar, now: DateTime<FixedOffset>) -> Evaluation {
    evaluate_named(ticket, rules, cal, None, now)
}

/// The unit's name in `guide` for `{unit}` in messages (its id without a guide, or for a unit
/// the guide does not know).
fn unit_name(guide: Option<&Guide>, id: &str) -> String {
    guide.and_then(|g| g.unit(id)).map_or_else(|| id.to_string(), |u| u.name.clone())
}

/// [`evaluate`], with the units of the messages (`{unit}`) named from `guide`
/// ([`Engine::evaluate`](crate::engine::Engine::evaluate) passes its own).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_named, RuleSet};
/// use jiesu::guide::Guide;
/// let now = chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00+08:00").unwrap();
/// let ev = evaluate_named(&jiesu::ticket::Ticket::new(), &RuleSet::default_rules(), &jiesu::calendar::Calendar::cn(), Some(&Guide::yanshan_default()), now);
/// assert!(ev.alerts.is_empty());
/// ```
pub fn evaluate_named(ticket: &Ticket, rules: &RuleSet, cal: &Calendar, guide: Option<&Guide>, now: DateTime<FixedOffset>) -> Evaluation {
    let mut ev = Evaluation::default();
    let Some(status) = ticket.status else { return ev };
    if status.is_terminal() {
        return ev;
    }
    let id = ticket.id.as_deref().unwrap_or("");
    let urgent = is_urgent(ticket);
    // Clock rules apply while the units handle the ticket: not while a report awaits review
    // (accepting it meets the clock at the report's time), nor after.
    let handling = matches!(status, Status::Dispatched | Status::InProgress | Status::ReturnPending);
    let lead = ticket.lead().map(|a| a.unit.as_str());
    // Instants still to come, with the (level, clock, unit, instance) of a breach rule: one
    // level per clock per breach, so one already raised or recorded is no reason to look again.
    let mut future: Vec<(Option<LevelKey>, DateTime<FixedOffset>)> = Vec::new();
    let mut cands: Vec<Candidate> = Vec::new();
    for rule in &rules.rules {
        cands.clear();
        match &rule.trigger {
            Trigger::ClockWarning { clock, urgent_only } | Trigger::ClockBreach { clock, urgent_only, .. } => {
                if *urgent_only && !urgent || !handling {
                    continue;
                }
                let after = match &rule.trigger {
                    Trigger::ClockBreach { after_working_days, .. } => Some(*after_working_days),
                    _ => None,
                };
                for c in clocks_of(ticket, *clock) {
                    if c.met_at.is_some() || c.paused_at.is_some() {
                        continue;
                    }
                    let fire_at = match after {
                        None => c.warn_at,
                        Some(n) => match shift_working_days(cal, c.due_at, n) {
                            Ok(t) => t,
                            Err(_) => {
                                ev.skipped.push(rule.id.clone());
                                continue;
                            }
                        },
                    };
                    // A warning after the breach is pointless; one whose deadline has passed is
                    // superseded by what the breach raises.
                    if after.is_none() && (fire_at >= c.due_at || now >= c.due_at) {
                        continue;
                    }
                    // One level per clock per breach: a level already recorded for this
                    // instance of the clock (by another rule) is not raised again.
                    if rule.level > EscalationLevel::Warning && level_recorded(ticket, &(rule.level, *clock, c.unit.clone(), Some(c.due_at))) {
                        continue;
                    }
                    cands.push(Candidate { due: Some(c.due_at), clock: Some(*clock), unit: c.unit.as_deref(), instance: Some(c.due_at), fire_at, count: 0 });
                }
            }
            Trigger::Dispatched { urgent_only } => {
                if *urgent_only && !urgent {
                    continue;
                }
                if let Some(d) = ticket.dispatched_at {
                    // Ticket-level: raised once per dispatch, whoever leads now.
                    cands.push(Candidate { due: None, clock: None, unit: None, instance: Some(d), fire_at: d, count: 0 });
                }
            }
            Trigger::ReturnRequests { at_least } => {
                if ticket.counters.return_requests >= *at_least {
                    if let Some(at) = nth_event_at(ticket, EventKind::ReturnRequested, *at_least, |_| true) {
                        cands.push(Candidate { due: None, clock: None, unit: None, instance: None, fire_at: at, count: ticket.counters.return_requests });
                    }
                }
            }
            Trigger::DissatisfiedCallbacks { at_least } => {
                if ticket.counters.dissatisfied_callbacks >= *at_least {
                    let at = nth_event_at(ticket, EventKind::CallbackRecorded, *at_least, |b| {
                        matches!(b, crate::ticket::EventBody::CallbackRecorded { outcome: crate::ticket::CallbackOutcome::Dissatisfied, .. })
                    });
                    if let Some(at) = at {
                        cands.push(Candidate {
                            due: None,
                            clock: None,
                            unit: None,
                            instance: None,
                            fire_at: at,
                            count: ticket.counters.dissatisfied_callbacks,
                        });
                    }
                }
            }
            Trigger::Reopens { at_least } => {
                if ticket.counters.reopens >= *at_least {
                    if let Some(at) = nth_event_at(ticket, EventKind::Reopened, *at_least, |_| true) {
                        cands.push(Candidate { due: None, clock: None, unit: None, instance: None, fire_at: at, count: ticket.counters.reopens });
                    }
                }
            }
            Trigger::Instructed {} => {
                if ticket.instructed {
                    if let Some(at) = nth_event_at(ticket, EventKind::Instructed, 1, |_| true) {
                        cands.push(Candidate { due: None, clock: None, unit: None, instance: None, fire_at: at, count: 1 });
                    }
                }
            }
            Trigger::MajorMatterUndecided { level } => {
                if let Some(m) = ticket.major_matter().filter(|m| m.is_pending() && m.level == *level) {
                    cands.push(Candidate { due: Some(m.decide_by), clock: None, unit: None, instance: Some(m.reported_at), fire_at: m.decide_by, count: 0 });
                }
            }
            Trigger::RepeatRequests { .. } | Trigger::ManyPeople { .. } => continue,
        }
        for c in &cands {
            if c.fire_at > now {
                let key = c.clock.filter(|_| rule.level > EscalationLevel::Warning).map(|clock| (rule.level, clock, c.unit.map(str::to_string), c.instance));
                future.push((key, c.fire_at));
                continue;
            }
            if raised(ticket, &rule.id, c.clock, c.unit, c.instance) {
                continue;
            }
            let due = c.due.map(|d| d.to_rfc3339()).unwrap_or_default();
            let vars = [
                ("ticket_id", id.to_string()),
                ("unit", unit_name(guide, c.unit.or(lead).unwrap_or(""))),
                ("clock", c.clock.map(|x| x.as_str()).unwrap_or("").to_string()),
                ("due_at", due),
                ("count", c.count.to_string()),
                ("tickets", String::new()),
            ];
            ev.alerts.push(Alert {
                rule: rule.id.clone(),
                level: rule.level,
                target: rule.target,
                message: render(&rule.message, &vars),
                ticket_id: id.to_string(),
                clock: c.clock,
                unit: c.unit.map(str::to_string),
                instance: c.instance,
                due_since: c.fire_at,
                tickets: Vec::new(),
            });
        }
    }
    ev.alerts.sort_by(|a, b| (a.due_since, &a.rule, &a.unit).cmp(&(b.due_since, &b.rule, &b.unit)));
    // One level per clock per breach: of the rules raising the same level for the same
    // instance of a clock (an urgent ticket's immediate supervision and the general one a
    // working day later), the earliest.
    let mut kept: Vec<LevelKey> = Vec::new();
    ev.alerts.retain(|a| {
        let Some(clock) = a.clock.filter(|_| a.level > EscalationLevel::Warning) else { return true };
        let key = (a.level, clock, a.unit.clone(), a.instance);
        if kept.contains(&key) {
            return false;
        }
        kept.push(key);
        true
    });
    ev.skipped.sort();
    ev.skipped.dedup();
    // (A level recorded before was skipped with its candidates; one raised now is in `kept`.)
    ev.next_check_at = future.into_iter().filter(|(k, _)| k.as_ref().is_none_or(|k| !kept.contains(k))).map(|(_, at)| at).min();
    ev
}

/// The result of evaluating the group rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupEvaluation {
    /// Alerts not raised before, each recorded on the ticket that completed the pattern and
    /// naming every ticket involved; ordered by (due_since, rule, ticket).
    pub alerts: Vec<Alert>,
}

/// Evaluates the group rules (repeated and many-people requests) over `tickets` at `now`, in
/// one pass per rule over indexes by requester key and category, or category and township —
/// never pairwise.
///
/// A ticket takes part from its registration, once classified (it needs its category).
/// Repeated requests need a `requester_key`; for many-people requests, tickets without a key
/// count as distinct requesters. Each ticket must be given once: a ticket given twice (or with
/// an older snapshot of itself) would raise a repeat alert against itself —
/// [`check_distinct`](crate::assessment::check_distinct) refuses such a list (the list forms of
/// the C and Python layers run it; [`tickets_from_jsonl`](crate::assessment::tickets_from_jsonl)
/// refuses it in a log).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_group, RuleSet};
/// let g = evaluate_group(&[], &RuleSet::default_rules(), chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap());
/// assert!(g.alerts.is_empty());
/// ```
pub fn evaluate_group(tickets: &[Ticket], rules: &RuleSet, now: DateTime<FixedOffset>) -> GroupEvaluation {
    evaluate_group_named(tickets, rules, None, now)
}

/// [`evaluate_group`], with the units of the messages (`{unit}`) named from `guide`
/// ([`Engine::evaluate_group`](crate::engine::Engine::evaluate_group) passes its own).
///
/// # Example
/// ```
/// use jiesu::escalation::{evaluate_group_named, RuleSet};
/// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
/// assert!(evaluate_group_named(&[], &RuleSet::default_rules(), Some(&jiesu::guide::Guide::yanshan_default()), now).alerts.is_empty());
/// ```
pub fn evaluate_group_named(tickets: &[Ticket], rules: &RuleSet, guide: Option<&Guide>, now: DateTime<FixedOffset>) -> GroupEvaluation {
    let mut out = GroupEvaluation::default();
    let repeat_rules: Vec<&Rule> = rules.rules.iter().filter(|r| matches!(r.trigger, Trigger::RepeatRequests { .. })).collect();
    let many_rules: Vec<&Rule> = rules.rules.iter().filter(|r| matches!(r.trigger, Trigger::ManyPeople { .. })).collect();
    if repeat_rules.is_empty() && many_rules.is_empty() {
        return out;
    }
    let now_ts = now.timestamp();
    // One pass over the tickets interns requester keys, categories and townships to dense
    // integers (first appearance order), so that each index is a sort of small fixed-size
    // entries (group, instant, ticket) and a sliding window that never touches a string: the
    // strings live in a million scattered allocations, and comparing them while sorting was
    // most of the time.
    let mut persons: Interner = Interner::default();
    let mut categories: Interner = Interner::default();
    let mut towns: Interner = Interner::default();
    // (group, registration instant, ticket index).
    let mut repeat: Vec<((usize, usize), i64, usize)> = Vec::new();
    let mut many: Vec<((usize, usize), i64, usize)> = Vec::new();
    // The requester of each ticket in `many`: a key's id, or `usize::MAX - k` for the k-th
    // ticket without a key (a requester of its own).
    let mut person_of: Vec<usize> = vec![usize::MAX; if many_rules.is_empty() { 0 } else { tickets.len() }];
    let mut keyless: usize = 0;
    for (i, t) in tickets.iter().enumerate() {
        let (Some(at), Some(class)) = (t.registered_at, t.classification.as_ref()) else { continue };
        let ts = at.timestamp();
        if ts > now_ts {
            continue;
        }
        let key = t.requester.requester_key.as_deref();
        let person = key.map(|k| persons.id(k));
        let cat = categories.id(&class.category);
        if let (false, Some(p)) = (repeat_rules.is_empty(), person) {
            repeat.push(((p, cat), ts, i));
        }
        let town = class.township.as_deref().or(t.location.township.as_deref());
        if let (false, Some(town)) = (many_rules.is_empty(), town) {
            many.push(((cat, towns.id(town)), ts, i));
            person_of[i] = match person {
                Some(p) => p,
                None => {
                    keyless += 1;
                    usize::MAX - keyless
                }
            };
        }
    }
    // Within a group by instant, then by ticket id (then position) as before.
    let order = |a: &((usize, usize), i64, usize), b: &((usize, usize), i64, usize)| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| tickets[a.2].id.cmp(&tickets[b.2].id)).then(a.2.cmp(&b.2))
    };
    repeat.sort_unstable_by(order);
    many.sort_unstable_by(order);
    for group in repeat.chunk_by(|a, b| a.0 == b.0) {
        for rule in &repeat_rules {
            let Trigger::RepeatRequests { count, window_days } = rule.trigger else { continue };
            let window = window_days as i64 * 86_400;
            let mut lo = 0;
            for hi in 0..group.len() {
                while group[lo].1 <= group[hi].1 - window {
                    lo += 1;
                }
                let n = (hi - lo + 1) as u32;
                if n == count {
                    let involved = group[lo..=hi].iter().map(|r| &tickets[r.2]);
                    push_group_alert(&mut out, rule, guide, &tickets[group[hi].2], involved, n);
                }
            }
        }
    }
    if !many.is_empty() {
        // Distinct requesters in the window: a count per person, dense (keys first, then the
        // tickets without a key).
        let keyed = persons.len();
        let slot = |p: usize| if p < keyed { p } else { keyed + (usize::MAX - p) - 1 };
        let mut counts: Vec<u32> = vec![0; keyed + keyless];
        for group in many.chunk_by(|a, b| a.0 == b.0) {
            for rule in &many_rules {
                let Trigger::ManyPeople { min_requesters, window_hours } = rule.trigger else { continue };
                let window = window_hours as i64 * 3_600;
                let mut distinct: u32 = 0;
                let mut lo = 0;
                let mut last_fire: Option<i64> = None;
                for hi in 0..group.len() {
                    let c = &mut counts[slot(person_of[group[hi].2])];
                    distinct += (*c == 0) as u32;
                    *c += 1;
                    while group[lo].1 <= group[hi].1 - window {
                        let c = &mut counts[slot(person_of[group[lo].2])];
                        *c -= 1;
                        distinct -= (*c == 0) as u32;
                        lo += 1;
                    }
                    // Once per cluster: not again within a window of the last alert.
                    if distinct >= min_requesters && last_fire.is_none_or(|f| group[hi].1 - f >= window) {
                        let involved = group[lo..=hi].iter().map(|r| &tickets[r.2]);
                        match push_group_alert(&mut out, rule, guide, &tickets[group[hi].2], involved, distinct) {
                            Pushed::Yes | Pushed::AlreadyRaised => last_fire = Some(group[hi].1),
                            // A finished ticket completed the pattern: the next open one carries it.
                            Pushed::Finished => {}
                        }
                    }
                }
                // Leave the counts at zero for the next group.
                for r in &group[lo..] {
                    counts[slot(person_of[r.2])] -= 1;
                }
            }
        }
    }
    // Sorted through an index: an alert is large, and a merge sort would move each one
    // log n times.
    let mut order: Vec<usize> = (0..out.alerts.len()).collect();
    let alerts = &out.alerts;
    order.sort_by(|&a, &b| {
        let (a, b) = (&alerts[a], &alerts[b]);
        (a.due_since, &a.rule, &a.ticket_id).cmp(&(b.due_since, &b.rule, &b.ticket_id))
    });
    let mut slots: Vec<Option<Alert>> = std::mem::take(&mut out.alerts).into_iter().map(Some).collect();
    out.alerts = order.into_iter().filter_map(|i| slots[i].take()).collect();
    out
}

/// Dense ids for strings, in order of first appearance (deterministic: the hasher's seed
/// never shows in the ids). foldhash, seeded per process, rather than SipHash: a million
/// requester keys are hashed per evaluation, and its minimal DoS resistance is enough for keys
/// the platform derives (R-PRIV-1).
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, usize, foldhash::fast::RandomState>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a str) -> usize {
        let next = self.ids.len();
        *self.ids.entry(s).or_insert(next)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

enum Pushed {
    Yes,
    AlreadyRaised,
    Finished,
}

fn push_group_alert<'a>(
    out: &mut GroupEvaluation,
    rule: &Rule,
    guide: Option<&Guide>,
    at: &Ticket,
    involved: impl Iterator<Item = &'a Ticket>,
    count: u32,
) -> Pushed {
    if at.status.is_none_or(|s| s.is_terminal()) {
        return Pushed::Finished;
    }
    if raised(at, &rule.id, None, None, None) {
        return Pushed::AlreadyRaised;
    }
    let id = at.id.clone().unwrap_or_default();
    let mut tickets: Vec<String> = involved.filter_map(|t| t.id.clone()).collect();
    // The latest ones, within the limit an alert's list is recorded under.
    if tickets.len() > MAX_ALERT_TICKETS {
        tickets.drain(..tickets.len() - MAX_ALERT_TICKETS);
    }
    let vars = [
        ("ticket_id", id.clone()),
        ("unit", unit_name(guide, at.lead().map(|a| a.unit.as_str()).unwrap_or_default())),
        ("clock", String::new()),
        ("due_at", String::new()),
        ("count", count.to_string()),
        ("tickets", tickets.join(", ")),
    ];
    let Some(due_since) = at.registered_at else { return Pushed::Finished };
    out.alerts.push(Alert {
        rule: rule.id.clone(),
        level: rule.level,
        target: rule.target,
        message: render(&rule.message, &vars),
        ticket_id: id,
        clock: None,
        unit: None,
        instance: None,
        due_since,
        tickets,
    });
    Pushed::Yes
}

impl Target {
    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::escalation::Target::TaskForce.name(), "task_force");
    /// ```
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}
