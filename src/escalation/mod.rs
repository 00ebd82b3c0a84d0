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
//! A platform asking "what is due now?" every few minutes stores each ticket's
//! `next_check_at` (exact: before it, evaluating again raises nothing new) and [`sweep`](fn@sweep)s: only
//! the tickets whose instant has come are evaluated, and each gives its new instant to store.
//!
//! Modules: the rule set ([`RuleSet`], [`Trigger`], [`Target`]), the alerts and results
//! ([`Alert`], [`Evaluation`]), the single-ticket rules ([`evaluate`]), the group rules
//! ([`evaluate_group`]) and sweeps ([`sweep`](fn@sweep)).
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
//!
//! A sweep over stored instants, with the engine's rules:
//! ```
//! use jiesu::engine::Engine;
//! use jiesu::ticket::{Actor, Command, Requester, Ticket};
//! use jiesu::guide::{AppealType, ClassificationDecision, Location};
//! let e = Engine::default_engine();
//! let t = |s| chrono::DateTime::parse_from_rfc3339(s).unwrap();
//! let mut ticket = Ticket::new();
//! let register = Command::Register { id: "T-1".into(), channel: Default::default(), appeal_type: AppealType::Complaint,
//!     content: "路灯不亮".into(), requester: Requester::default(), location: Location::township("jiangna") };
//! ticket.execute(&e, &Actor::command_center(), &register, t("2026-03-02T09:00:00+08:00"))?;
//! let code = e.guide().leaves().find(|c| c.appeal_types.contains(&AppealType::Complaint)).unwrap().code.clone();
//! let dispatch = Command::Dispatch { decision: ClassificationDecision::new(&code, AppealType::Complaint) };
//! ticket.execute(&e, &Actor::command_center(), &dispatch, t("2026-03-02T09:10:00+08:00"))?;
//! // After the event: evaluate, store next_check_at.
//! let stored = e.evaluate(&ticket, t("2026-03-02T09:10:00+08:00")).next_check_at;
//! assert!(stored.is_some());
//! // A sweep before it looks at nothing; one at it finds the alert.
//! assert_eq!(e.sweep([(&ticket, stored)], t("2026-03-02T09:15:00+08:00")).checked.len(), 0);
//! let s = e.sweep([(&ticket, stored)], stored.unwrap());
//! assert!(!s.checked[0].evaluation.alerts.is_empty());
//! # Ok::<(), jiesu::Error>(())
//! ```

mod alert;
mod firing;
mod group_index;
mod group_rules;
mod rules;
mod sweep;
mod ticket_rules;

pub use alert::{Alert, Evaluation, GroupEvaluation, MAX_ALERT_TICKETS};
pub use group_rules::{evaluate_group, evaluate_group_named, evaluate_group_par};
pub use rules::{Rule, RuleSet, Target, Trigger};
pub use sweep::{is_due, sweep, sweep_json, sweep_loading, Checked, Sweep};
pub use ticket_rules::{evaluate, evaluate_all, evaluate_named};

/// The default rule set (`data/escalation/default.toml`).
pub const DEFAULT_RULES: &str = include_str!("../../data/escalation/default.toml");

/// The schema version of rule sets.
pub const SCHEMA_VERSION: u32 = 1;
