//! The rule set: what makes a rule fire ([`Trigger`]), who it alerts ([`Target`]), and the
//! validation of a set with path-named errors.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::sla::Clock;
use crate::ticket::{EscalationLevel, MatterLevel};

use super::{DEFAULT_RULES, SCHEMA_VERSION};

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
    /// tickets by [`evaluate_group`](super::evaluate_group) rather than on one by [`evaluate`](super::evaluate).
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
        RuleSet::shared_default().as_ref().clone()
    }

    /// The default rule set as one value per process, shared as
    /// [`Guide::shared_default`](crate::guide::Guide) is.
    pub(crate) fn shared_default() -> &'static std::sync::Arc<RuleSet> {
        static DEFAULT: std::sync::LazyLock<std::sync::Arc<RuleSet>> = std::sync::LazyLock::new(|| {
            // The embedded data is validated by the test suite.
            std::sync::Arc::new(RuleSet::from_toml(DEFAULT_RULES).expect("built-in rule set is valid"))
        });
        &DEFAULT
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
