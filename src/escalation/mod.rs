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

mod alert;
mod group_rules;
mod rules;
mod ticket_rules;

pub use alert::{Alert, Evaluation, GroupEvaluation, MAX_ALERT_TICKETS};
pub use group_rules::{evaluate_group, evaluate_group_named};
pub use rules::{Rule, RuleSet, Target, Trigger};
pub use ticket_rules::{evaluate, evaluate_named};

/// The default rule set (`data/escalation/default.toml`).
pub const DEFAULT_RULES: &str = include_str!("../../data/escalation/default.toml");

/// The schema version of rule sets.
pub const SCHEMA_VERSION: u32 = 1;
