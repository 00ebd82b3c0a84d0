//! The engine: everything a decision needs — calendar, SLA policy, classification guide —
//! built once from one configuration and shared (immutable, `Send + Sync`).
//!
//! The engine is the top layer: the C and Python layers hold an [`Engine`] and call its
//! operations ([`Engine::handle`], [`Engine::replay`], [`Engine::state`],
//! [`Engine::evaluate`], [`Engine::record_alerts`]), which bring the ticket, escalation and
//! assessment modules together with the engine's configuration and limits. Its configuration
//! is JSON ([`EngineConfig`]), with defaults for every part: the built-in `CN` calendar, the
//! default SLA policy (R-SLA-*), the default Yanshan guide and the default escalation rules.
//!
//! # Example
//! ```
//! use jiesu::engine::Engine;
//! let e = Engine::from_json(r#"{"schema_version": 1, "calendar": {"policy": "provisional"}}"#)?;
//! assert_eq!(e.calendar().policy(), jiesu::calendar::CoveragePolicy::Provisional);
//! assert_eq!(e.guide().id(), "yanshan");
//! # Ok::<(), jiesu::Error>(())
//! ```

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use chrono::{DateTime, FixedOffset};

use crate::calendar::{BusinessHours, Calendar, CalendarData, CoveragePolicy, CoverageWarning, COVERAGE_WARNING_DAYS};
use crate::error::Problem;
use crate::error::{Error, ErrorKind, Result};
use crate::escalation::{self, Alert, Evaluation, RuleSet};
use crate::guide::{Guide, GuideData};
use crate::limits::Limits;
use crate::parallelism::Parallelism;
use crate::sla::SlaPolicy;
use crate::ticket::anchor::MAX_CHAIN_KEYS;
use crate::ticket::{verify_archive_keyed, verify_keyed, ArchiveFile, ChainKey, LogVerification, Verification};
use crate::ticket::{Actor, Command, Context, Event, StateView, Ticket};

mod tickets;

/// The schema version of [`EngineConfig`].
pub const SCHEMA_VERSION: u32 = 1;

/// How to build the calendar.
///
/// # Example
/// ```
/// let c: jiesu::engine::CalendarConfig = serde_json::from_str(r#"{"builtin": "CN"}"#).unwrap();
/// assert!(c.overlays.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// A built-in calendar (`"CN"`), used when `data` is absent.
    pub builtin: String,
    /// A calendar given as data instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<CalendarData>,
    /// Overlays applied in order (local festivals, further national years).
    pub overlays: Vec<CalendarData>,
    /// Coverage policy (R-SLA-7).
    pub policy: CoveragePolicy,
    /// Business hours (default: 09:00–12:00, 14:30–18:00 Monday to Friday).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_hours: Option<BusinessHours>,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        CalendarConfig { builtin: "CN".into(), data: None, overlays: Vec::new(), policy: CoveragePolicy::Strict, business_hours: None }
    }
}

/// An engine's configuration (JSON); every part has its default.
///
/// # Example
/// ```
/// let c = jiesu::engine::EngineConfig::default();
/// assert_eq!(c.schema_version, 1);
/// assert!(c.guide.is_none());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The calendar.
    pub calendar: CalendarConfig,
    /// The SLA policy.
    pub sla: SlaPolicy,
    /// The classification guide; `None` for the default Yanshan guide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideData>,
    /// The escalation rule set; `None` for the default rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<RuleSet>,
    /// The integrator's secret for requester keys (R-PRIV-1): when set, `register` computes
    /// the `requester_key` of a requester given with a phone number and no key (a phone with
    /// no digit, such as `无`, gets none: see [`requester_key`](crate::ticket::requester_key)).
    /// Read, never written, like [`chain_keys`](Self::chain_keys): whoever holds the secret can
    /// turn a phone number into its requester key, so the configuration serializes without it
    /// (an engine's configuration, its `Debug` and its pickles never hold it).
    #[serde(skip_serializing)]
    pub requester_key_secret: Option<String>,
    /// The keys of the keyed chain (README, "Threat model"): `[{"id": "2026-a", "secret":
    /// "…"}]` (HMAC-SHA-256), or `{"id", "ed25519_seed": "<hex>"}` / `{"id", "ed25519_public":
    /// "<hex>"}` (see [`ChainKey`]), at most [`MAX_CHAIN_KEYS`]. When set, the events the
    /// engine decides carry a [`Tag`](crate::ticket::Tag) made with the **last** key that can
    /// sign, and [`Engine::verify`] / [`Engine::verify_archive`] require a tag made by one of
    /// them. Read, never written: the configuration serializes without its keys (so
    /// an engine's configuration, its `Debug` and its pickles never hold a secret).
    #[serde(skip_serializing)]
    pub chain_keys: Vec<ChainKey>,
    /// Resource limits (text length, events, assignments, evidence, guide size, log size);
    /// default [`Limits::default`]. See `docs/LIMITS.md`.
    #[serde(skip_serializing_if = "Limits::is_default")]
    pub limits: Limits,
}

/// Every part, with the requester key secret shown only as set or not (`"<set>"`).
impl fmt::Debug for EngineConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngineConfig")
            .field("schema_version", &self.schema_version)
            .field("calendar", &self.calendar)
            .field("sla", &self.sla)
            .field("guide", &self.guide)
            .field("rules", &self.rules)
            .field("requester_key_secret", &self.requester_key_secret.as_ref().map(|_| "<set>"))
            .field("chain_keys", &self.chain_keys)
            .field("limits", &self.limits)
            .finish()
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            schema_version: SCHEMA_VERSION,
            calendar: CalendarConfig::default(),
            sla: SlaPolicy::default(),
            guide: None,
            rules: None,
            requester_key_secret: None,
            chain_keys: Vec::new(),
            limits: Limits::default(),
        }
    }
}

/// Calendar, SLA policy and guide, validated together.
///
/// # Example
/// ```
/// let e = jiesu::engine::Engine::default_engine();
/// assert_eq!(e.calendar().name(), "CN");
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    config: EngineConfig,
    /// Shares its tables with its copies (see [`Calendar`]).
    calendar: Calendar,
    policy: SlaPolicy,
    /// Shared: the default guide is one value per process (`Guide::shared_default`), and an engine's
    /// copies share its guide.
    guide: Arc<Guide>,
    /// Shared as the guide is.
    rules: Arc<RuleSet>,
}

impl PartialEq for Engine {
    fn eq(&self, other: &Engine) -> bool {
        self.config == other.config
    }
}

impl Engine {
    /// The default engine: CN calendar (strict), default SLA policy, default Yanshan guide.
    ///
    /// The built-in data is parsed once per process, at the first call (or the first
    /// [`Calendar::cn`], [`Engine::new`] with the defaults); every engine built from the
    /// defaults shares it, so a later call costs about as much as a copy of the configuration.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert_eq!(e.policy(), &jiesu::sla::SlaPolicy::default());
    /// ```
    pub fn default_engine() -> Engine {
        Engine {
            config: EngineConfig::default(),
            calendar: Calendar::cn(),
            policy: SlaPolicy::default(),
            guide: Arc::clone(Guide::shared_default()),
            rules: Arc::clone(RuleSet::shared_default()),
        }
    }

    /// Builds an engine from its configuration, validating every part.
    ///
    /// # Example
    /// ```
    /// use jiesu::engine::{Engine, EngineConfig};
    /// let mut c = EngineConfig::default();
    /// c.sla.normal_days = 0;
    /// assert!(Engine::new(c).unwrap_err().is_validation());
    /// ```
    pub fn new(config: EngineConfig) -> Result<Engine> {
        if config.schema_version != SCHEMA_VERSION {
            return Err(Error::invalid_input(
                "schema_version",
                format!("unsupported engine schema version {} (expected {SCHEMA_VERSION})", config.schema_version),
            ));
        }
        let mut calendar = match &config.calendar.data {
            Some(d) => Calendar::from_data(d.clone())?,
            None => Calendar::builtin(&config.calendar.builtin)?,
        };
        for o in &config.calendar.overlays {
            calendar = calendar.with_overlay(o)?;
        }
        calendar = calendar.with_policy(config.calendar.policy);
        if let Some(h) = &config.calendar.business_hours {
            calendar = calendar.with_business_hours(h.clone())?;
        }
        config.limits.validate()?;
        config.sla.validate()?;
        check_chain_keys(&config.chain_keys)?;
        let guide = match &config.guide {
            // Building checks the size against the limits first.
            Some(g) => Arc::new(Guide::from_data_with_limits(g.clone(), &config.limits)?),
            None => {
                let g = Guide::shared_default();
                crate::guide::check_size(g.data(), &config.limits)?;
                // Built with the default budget: a smaller one builds it again within it.
                if g.suggester_bytes() > config.limits.max_suggester_bytes {
                    Arc::new(Guide::from_data_with_limits(g.data().clone(), &config.limits)?)
                } else {
                    Arc::clone(g)
                }
            }
        };
        let rules = match &config.rules {
            Some(r) => {
                r.validate()?;
                Arc::new(r.clone())
            }
            None => Arc::clone(RuleSet::shared_default()),
        };
        Ok(Engine { policy: config.sla.clone(), config, calendar, guide, rules })
    }

    /// Builds an engine from JSON configuration.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::engine::Engine::from_json("{\"nope\": 1}").unwrap_err().is_parse());
    /// ```
    pub fn from_json(text: &str) -> Result<Engine> {
        let config: EngineConfig = crate::json::from_str(text).map_err(|e| e.located("engine configuration JSON"))?;
        Engine::new(config)
    }

    /// This engine with another classification guide (a new guide version, say), validated
    /// against this engine's limits; the calendar, SLA policy and rules are kept.
    ///
    /// # Example
    /// ```
    /// use jiesu::engine::Engine;
    /// let e = Engine::default_engine();
    /// let mut data = e.guide().data().clone();
    /// data.version = "2026.2".into();
    /// let e2 = e.with_guide(data).unwrap();
    /// assert_eq!(e2.guide().version(), "2026.2");
    /// assert_eq!(e.guide().version(), "2026.1");
    /// let mut bad = e.guide().data().clone();
    /// bad.units.clear(); // the categories now route to units that do not exist
    /// assert!(e.with_guide(bad).unwrap_err().is_validation());
    /// ```
    pub fn with_guide(&self, data: GuideData) -> Result<Engine> {
        let guide = Guide::from_data_with_limits(data, &self.config.limits)?;
        let mut config = self.config.clone();
        config.guide = Some(guide.data().clone());
        Ok(Engine { config, calendar: self.calendar.clone(), policy: self.policy.clone(), guide: Arc::new(guide), rules: self.rules.clone() })
    }

    /// This engine with another escalation rule set, validated; the calendar, SLA policy and
    /// guide are kept.
    ///
    /// # Example
    /// ```
    /// use jiesu::engine::Engine;
    /// let e = Engine::default_engine();
    /// let mut rules = e.rules().clone();
    /// rules.id = "county-2026".into();
    /// assert_eq!(e.with_rules(rules).unwrap().rules().id, "county-2026");
    /// let mut bad = e.rules().clone();
    /// bad.id = String::new();
    /// assert!(e.with_rules(bad).unwrap_err().is_validation());
    /// ```
    pub fn with_rules(&self, rules: RuleSet) -> Result<Engine> {
        rules.validate()?;
        let mut config = self.config.clone();
        config.rules = Some(rules.clone());
        Ok(Engine { config, calendar: self.calendar.clone(), policy: self.policy.clone(), guide: self.guide.clone(), rules: Arc::new(rules) })
    }

    /// The configuration (serializes back to JSON; used for pickling).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let again = jiesu::engine::Engine::new(e.config().clone()).unwrap();
    /// assert_eq!(again, e);
    /// ```
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The calendar.
    ///
    /// # Example
    /// ```
    /// assert!(jiesu::engine::Engine::default_engine().calendar().coverage().is_some());
    /// ```
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The warning to show when the calendar's coverage ends within
    /// [`COVERAGE_WARNING_DAYS`] (60) days of `today` (the local date of the caller's "now"):
    /// the missing year and how to load it (R-SLA-7). See [`Calendar::coverage_warning`] for
    /// another threshold.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert!(e.coverage_warning(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).is_none());
    /// let w = e.coverage_warning(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    /// assert_eq!((w.days_left, w.missing_year), (30, 2027));
    /// ```
    pub fn coverage_warning(&self, today: NaiveDate) -> Option<CoverageWarning> {
        self.calendar.coverage_warning(today, COVERAGE_WARNING_DAYS)
    }

    /// The SLA policy.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::engine::Engine::default_engine().policy().normal_days, 5);
    /// ```
    pub fn policy(&self) -> &SlaPolicy {
        &self.policy
    }

    /// The escalation rule set.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::engine::Engine::default_engine().rules().id, "default");
    /// ```
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The resource limits in force (see [`Limits`]).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::engine::Engine::default_engine().limits(), &jiesu::Limits::default());
    /// ```
    pub fn limits(&self) -> &Limits {
        &self.config.limits
    }

    /// The classification guide.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::engine::Engine::default_engine().guide().version(), "2026.1");
    /// ```
    pub fn guide(&self) -> &Guide {
        &self.guide
    }
}

/// The keys' problems (never their secrets): each key's id and secret, no id twice, at most
/// [`MAX_CHAIN_KEYS`].
fn check_chain_keys(keys: &[ChainKey]) -> Result<()> {
    let mut problems = Vec::new();
    if keys.len() > MAX_CHAIN_KEYS {
        problems.push(Problem { path: "chain_keys".into(), message: format!("{} keys; at most {MAX_CHAIN_KEYS}", keys.len()) });
    }
    for (i, k) in keys.iter().enumerate() {
        problems.extend(k.problems(&format!("chain_keys[{i}]."), "id"));
        if keys[..i].iter().any(|o| o.id() == k.id()) {
            problems.push(Problem { path: format!("chain_keys[{i}].id"), message: "a key id held twice".into() });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::validation("chain keys", problems))
    }
}

impl<'a> From<&'a Engine> for Context<'a> {
    fn from(e: &'a Engine) -> Context<'a> {
        e.context()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
        check::<Calendar>();
    }

    #[test]
    fn default_config_round_trips_through_json() {
        let json = serde_json::to_string(&EngineConfig::default()).unwrap();
        let e = Engine::from_json(&json).unwrap();
        assert_eq!(e, Engine::default_engine());
    }
}
