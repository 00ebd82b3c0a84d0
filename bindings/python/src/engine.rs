//! `jiesu.Engine`: calendar, SLA policy, classification guide and escalation rules from one
//! configuration, and the operations over tickets: the lifecycle (`handle`, `state`,
//! `verify`, `archive`), escalation (`evaluate`, `escalate`, `evaluate_group`) and assessment
//! (`assess`, `bulletin`). Each takes JSON-like Python objects (the serde JSON of the core
//! types) and returns them, over the shared, immutable core engine; the work after the
//! conversion of the arguments runs without the GIL.

use std::sync::Arc;

use jiesu::assessment::{self, Assessment, AssessmentOptions, GroupBy, Period};
use jiesu::engine::Engine;
use jiesu::escalation::{self, Alert, RuleSet};
use jiesu::guide::{ClassificationDecision, GuideData, Location};
use jiesu::ticket::{self as core_ticket, Actor, Command, Event, Ticket};
use jiesu::Error;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyMapping, PyString};
use serde_json::{Map, Value};

use crate::audit::{self, archive_verification, verification};
use crate::calendar::PyCalendar;
use crate::errors::{guard, invalid, to_pyerr, type_error, IntoPy};
use crate::frames;
use crate::json::{data_text, from_py, serialize, serialize_view, text_of, DataText};
use crate::sla::{self, instant, PySlaPolicy};
use crate::ticket::{self, bulletin_kind, list_arg, parse_arg, period_arg, tickets_arg};

/// Everything a decision needs — calendar, SLA policy, classification guide, escalation
/// rules — validated together from one JSON configuration (every part has its default: the
/// built-in ``CN`` calendar, the default SLA policy, the default Yanshan guide and rules).
///
/// ``Engine()`` / ``Engine.default()`` is the default engine; ``Engine(config)`` takes JSON text
/// or a dict, e.g. ``{"schema_version": 1, "calendar": {"policy": "provisional"}}``.
/// Engines are immutable, thread-safe, picklable and compare equal by configuration.
///
/// Tickets are event-sourced: the platform stores each ticket's events (a list of dicts, the
/// JSON of the core's events) and passes them in; ``handle`` returns the new events to append,
/// ``state``, ``evaluate`` and ``assess`` read them. Events keep their instants as RFC 3339
/// strings (ready for ``json.dumps``); every other result gives instants as timezone-aware
/// datetimes in UTC+08:00; arguments take aware datetimes (naive ones raise ``InvalidInput``).
///
/// >>> import jiesu
/// >>> eng = jiesu.Engine.default()
/// >>> top = eng.suggest("江那镇路灯坏了一个多月，晚上漆黑一片")["categories"][0]
/// >>> c = eng.classify({"category": top["code"], "appeal_type": "complaint"})
/// >>> c["guide_id"], c["sla"]["handling_class"]
/// ('yanshan', 'normal')
/// >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=jiesu.CST)
/// >>> cc = {"role": "command_center"}
/// >>> events = eng.handle([], cc, {"type": "register", "id": "YS-1", "appeal_type": "complaint",
/// ...     "content": "路灯坏了", "requester": {"name": "张三", "phone": "13812345678"}}, t)
/// >>> events += eng.handle(events, cc, {"type": "dispatch", "decision": {"category": top["code"]}}, t)
/// >>> [e["type"] for e in events]
/// ['registered', 'dispatched']
/// >>> s = eng.state(events, t + dt.timedelta(days=30))
/// >>> s["status"], s["summary"]["requester"]["phone"], s["clocks"][0]["status"]
/// ('dispatched', '138****5678', 'breached')
///
/// The examples of the methods continue this one (``eng``, ``t``, ``events``).
#[pyclass(frozen, module = "jiesu", name = "Engine")]
pub struct PyEngine {
    inner: Arc<Engine>,
    calendar: Py<PyCalendar>,
    policy: Py<PySlaPolicy>,
}

impl PyEngine {
    fn wrap(py: Python<'_>, engine: Engine) -> PyResult<PyEngine> {
        let calendar = Py::new(py, PyCalendar::wrap(engine.calendar().clone()))?;
        let policy = Py::new(py, PySlaPolicy { inner: Arc::new(engine.policy().clone()) })?;
        Ok(PyEngine { inner: Arc::new(engine), calendar, policy })
    }

    fn config_json(&self) -> PyResult<String> {
        serde_json::to_string(self.inner.config()).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
    }
}

fn location_of(py: Python<'_>, location: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Location>> {
    let Some(l) = location else { return Ok(None) };
    if l.is_none() {
        return Ok(None);
    }
    if let Ok(s) = l.cast::<PyString>() {
        return Ok(Some(Location::township(s.to_str()?)));
    }
    let text = text_of(py, l, "location")?;
    jiesu::json::from_str(&text).map(Some).map_err(|e| to_pyerr(py, &e.at("location"), None))
}

/// The engine's copy for work without the GIL.
impl PyEngine {
    /// A `now` argument as an instant held to the engine's plausible window (the core's
    /// `Engine::check_instant`).
    fn now(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<chrono::DateTime<chrono::FixedOffset>> {
        let t = instant(py, now, "now")?;
        self.core().check_instant("now", t).map_err(|e| to_pyerr(py, &e, None))
    }

    fn core(&self) -> Arc<Engine> {
        Arc::clone(&self.inner)
    }
}

/// One ticket from an `events` argument, replayed without the GIL.
fn ticket_arg(py: Python<'_>, engine: &Engine, events: &Bound<'_, PyAny>) -> PyResult<Ticket> {
    let values = list_arg(py, events, "events")?;
    py.detach(|| ticket::ticket_of(engine, values, "events")).py_err(py)
}

/// The options of an assessment: the period, the grouping, and the keyword options (the
/// fields of the core's `AssessmentOptions`; an unknown one is a `ParseError`).
fn assessment_options(py: Python<'_>, period: Period, by: &str, options: Option<&Bound<'_, PyDict>>) -> PyResult<AssessmentOptions> {
    let group_by: GroupBy = serde_json::from_value(Value::String(by.to_owned()))
        .map_err(|_| invalid(py, "by", format!("unknown grouping {by:?}: expected \"unit\", \"township\", \"category\" or \"domain\"")))?;
    let mut m = Map::new();
    m.insert("period".into(), serde_json::to_value(period).map_err(|e| type_error(e.to_string()))?);
    m.insert("group_by".into(), serde_json::to_value(group_by).map_err(|e| type_error(e.to_string()))?);
    if let Some(options) = options {
        for (k, v) in options.iter() {
            let k: String = k.extract()?;
            if k == "period" || k == "group_by" {
                return Err(type_error(format!("{k} is an argument of its own (period=..., by=...), not an option")));
            }
            m.insert(k.clone(), from_py(py, &v, &k)?);
        }
    }
    let o: AssessmentOptions = jiesu::json::from_value(Value::Object(m)).map_err(|e| to_pyerr(py, &e.at("options"), None))?;
    o.validate().py_err(py)?;
    Ok(o)
}

/// The rate columns of an assessment frame, in order.
const RATES: [&str; 7] = ["response_rate", "on_time_completion_rate", "resolution_rate", "satisfaction_rate", "return_rate", "extension_rate", "rework_rate"];

/// An assessment as a pandas DataFrame: one row per group, ranked.
fn frame<'py>(py: Python<'py>, pandas: &Bound<'py, PyModule>, a: &Assessment) -> PyResult<Bound<'py, PyAny>> {
    let g = &a.groups;
    let cols = PyDict::new(py);
    let strings = |f: &dyn Fn(&assessment::GroupMetrics) -> &str| -> PyResult<Bound<'py, PyList>> { PyList::new(py, g.iter().map(f)) };
    let ints = |f: &dyn Fn(&assessment::GroupMetrics) -> u64| PyArray1::from_vec(py, g.iter().map(|x| f(x) as i64).collect::<Vec<i64>>());
    cols.set_item("key", strings(&|x| x.key.as_str())?)?;
    cols.set_item("name", strings(&|x| x.name.as_str())?)?;
    cols.set_item("dispatched", ints(&|x| x.dispatched))?;
    cols.set_item("acknowledged_on_time", ints(&|x| x.acknowledged_on_time))?;
    for name in RATES {
        let rate = |x: &assessment::GroupMetrics| -> assessment::Rate {
            match name {
                "response_rate" => x.response_rate,
                "on_time_completion_rate" => x.on_time_completion_rate,
                "resolution_rate" => x.resolution_rate,
                "satisfaction_rate" => x.satisfaction_rate,
                "return_rate" => x.return_rate,
                "extension_rate" => x.extension_rate,
                _ => x.rework_rate,
            }
        };
        let values: Vec<f64> = g.iter().map(|x| rate(x).value.unwrap_or(f64::NAN)).collect();
        let nums: Vec<f64> = g.iter().map(|x| rate(x).numerator).collect();
        let dens: Vec<i64> = g.iter().map(|x| rate(x).denominator as i64).collect();
        cols.set_item(name, PyArray1::from_vec(py, values))?;
        cols.set_item(format!("{name}_num"), PyArray1::from_vec(py, nums))?;
        cols.set_item(format!("{name}_den"), PyArray1::from_vec(py, dens))?;
    }
    cols.set_item("overdue_count", ints(&|x| x.overdue_count))?;
    cols.set_item("supervised_count", ints(&|x| x.supervised_count))?;
    cols.set_item("repeat_count", ints(&|x| x.repeat_count))?;
    cols.set_item("unreasonable_count", ints(&|x| x.unreasonable_count))?;
    let scores: Vec<f64> = g.iter().map(|x| x.score.unwrap_or(f64::NAN)).collect();
    cols.set_item("score", PyArray1::from_vec(py, scores))?;
    let ranks = PyList::new(py, g.iter().map(|x| x.rank))?;
    cols.set_item("rank", pandas.call_method1("array", (ranks, "Int64"))?)?;
    let df = pandas.getattr("DataFrame")?.call1((cols,))?;
    let attrs = df.getattr("attrs")?;
    attrs.set_item("period", (sla::instant_to_py(py, a.options.period.from)?, sla::instant_to_py(py, a.options.period.to)?))?;
    attrs.set_item("by", serialize(py, &a.options.group_by)?)?;
    attrs.set_item("options", serialize_view(py, &a.options)?)?;
    Ok(df)
}

fn import_pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "Engine.assess returns a pandas DataFrame: install pandas (pip install 'jiesu[pandas]'): {}",
            e.value(py)
        ))
    })
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<PyEngine> {
        guard(py, || {
            let engine = match config {
                None => Engine::default_engine(),
                Some(c) => Engine::from_json(&text_of(py, c, "engine configuration")?).py_err(py)?,
            };
            PyEngine::wrap(py, engine)
        })
    }

    /// The default engine: ``CN`` calendar (strict), default SLA policy, Yanshan guide.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<PyEngine> {
        guard(py, || PyEngine::wrap(py, Engine::default_engine()))
    }

    /// An engine from JSON configuration text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyEngine> {
        guard(py, || PyEngine::wrap(py, Engine::from_json(text).py_err(py)?))
    }

    /// This engine with another classification guide (a new version of the guide, another
    /// county's): ``guide`` is TOML text (the format of ``data/guide/yanshan.toml``), JSON
    /// text (when it starts with ``{``) or a dict. The guide is validated against this
    /// engine's limits; the calendar, SLA policy and escalation rules are kept, and this
    /// engine is unchanged. Raises ``ParseError`` for text that is not a guide,
    /// ``ValidationError`` (every problem in ``.problems``) for an inconsistent one,
    /// ``LimitExceeded`` for one over the limits.
    ///
    /// ``eng.with_guide(Path("data/guide/yanshan.toml").read_text(encoding="utf-8"))`` loads
    /// the repository's guide; an incomplete one is refused with every problem:
    ///
    /// >>> try:
    /// ...     eng.with_guide('schema_version = 1\nid = "demo"\nversion = "2026.1"')
    /// ... except jiesu.ValidationError as e:
    /// ...     print(len(e.problems), e.problems[0])
    /// 10 ('exclusions', 'no exclusion for decline reason "litigation"')
    fn with_guide(&self, py: Python<'_>, guide: &Bound<'_, PyAny>) -> PyResult<PyEngine> {
        guard(py, || {
            let text = data_text(py, guide, "guide")?;
            let engine = self.core();
            // Building a guide (its keyword automaton) is the heavy part: without the GIL.
            let new = py
                .detach(|| {
                    let data = match &text {
                        DataText::Json(t) => GuideData::from_json(t),
                        DataText::Toml(t) => GuideData::from_toml(t),
                    }?;
                    engine.with_guide(data)
                })
                .py_err(py)?;
            PyEngine::wrap(py, new)
        })
    }

    /// This engine with another escalation rule set (R-ESC-*): ``rules`` is TOML text (the
    /// format of ``data/escalation/default.toml``), JSON text (when it starts with ``{``) or
    /// a dict such as ``eng.rules``. The rules are validated; the calendar, SLA policy and
    /// guide are kept, and this engine is unchanged. Raises ``ParseError`` or
    /// ``ValidationError``.
    ///
    /// >>> rules = {**eng.rules, "id": "county-2026"}
    /// >>> eng.with_rules(rules).rules["id"], eng.rules["id"]
    /// ('county-2026', 'default')
    fn with_rules(&self, py: Python<'_>, rules: &Bound<'_, PyAny>) -> PyResult<PyEngine> {
        guard(py, || {
            let text = data_text(py, rules, "rules")?;
            let engine = self.core();
            let new = py
                .detach(|| {
                    let r = match &text {
                        DataText::Json(t) => RuleSet::from_json(t),
                        DataText::Toml(t) => RuleSet::from_toml(t),
                    }?;
                    engine.with_rules(r)
                })
                .py_err(py)?;
            PyEngine::wrap(py, new)
        })
    }

    /// This engine holding one more chain key (README, "Threat model"): ``key`` (``bytes``)
    /// is, by ``kind``, an HMAC-SHA-256 secret (``"hmac-sha256"``, the default: 16 to 1024
    /// bytes; use 32 random bytes, e.g. from a key store), an Ed25519 seed (``"ed25519"``, 32
    /// bytes) or an Ed25519 public key (``"ed25519-public"``, 32 bytes: verifies, never tags);
    /// ``key_id`` is 1 to 64 ASCII letters, digits, ``.``, ``_``, ``:``, ``-``. The new engine
    /// tags the events it decides and the archives it makes with its last key that can sign,
    /// and ``verify`` / ``verify_archive`` require tags of one of its keys: the keys this
    /// engine held still verify (rotation). Keys can also come from the configuration
    /// (``"chain_keys": [{"id", "secret" | "ed25519_seed" | "ed25519_public"}]``). The key is
    /// never shown: not in ``config``, errors or ``repr``; a keyed engine refuses to be
    /// pickled (``TypeError``) rather than write its key into the pickle. Raises
    /// ``InvalidInput`` (an unknown kind, a key id or key out of shape) or ``ValidationError``
    /// (a key id the engine already holds).
    ///
    /// >>> keyed = eng.with_chain_key("2026-a", b"0123456789abcdef-county-secret")
    /// >>> keyed.chain_key_id, eng.chain_key_id
    /// ('2026-a', None)
    #[pyo3(signature = (key_id, key, kind = "hmac-sha256"))]
    fn with_chain_key(&self, py: Python<'_>, key_id: &str, key: &[u8], kind: &str) -> PyResult<PyEngine> {
        guard(py, || {
            let key = match kind {
                "hmac-sha256" => core_ticket::ChainKey::new(key_id, key),
                "ed25519" => core_ticket::ChainKey::ed25519(key_id, key),
                "ed25519-public" => core_ticket::ChainKey::ed25519_public(key_id, key),
                _ => return Err(invalid(py, "kind", format!("unknown chain key kind {kind:?}: expected \"hmac-sha256\", \"ed25519\" or \"ed25519-public\""))),
            }
            .py_err(py)?;
            PyEngine::wrap(py, self.inner.with_chain_key(key).py_err(py)?)
        })
    }

    /// The id of the chain key that tags new events (``None`` for an engine that does not tag).
    #[getter]
    fn chain_key_id(&self) -> Option<&str> {
        self.inner.chain_key_id()
    }

    /// The engine's calendar.
    #[getter]
    fn calendar(&self, py: Python<'_>) -> Py<PyCalendar> {
        self.calendar.clone_ref(py)
    }

    /// The engine's SLA policy.
    #[getter]
    fn policy(&self, py: Python<'_>) -> Py<PySlaPolicy> {
        self.policy.clone_ref(py)
    }

    /// The configuration as a dict (every part, defaults filled in).
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, self.inner.config()))
    }

    /// The classification guide's id (``"yanshan"``).
    #[getter]
    fn guide_id(&self) -> &str {
        self.inner.guide().id()
    }

    /// The classification guide's version (``"2026.1"``).
    #[getter]
    fn guide_version(&self) -> &str {
        self.inner.guide().version()
    }

    /// Suggestions for a request text (an aid to the operator, never a decision):
    /// ``{"categories": [...], "exclusions": [...], "emergencies": [...],
    /// "urgency_keywords": [...], "township": ...}``. ``location`` is a township id or name,
    /// or a dict ``{"township": ..., "village": ..., "address": ...}``.
    ///
    /// >>> s = eng.suggest("村里突然停水两天了，水管爆裂一直没人修", location="baga")
    /// >>> s["categories"][0]["urgency"], s["township"]
    /// ('urgent', 'baga')
    #[pyo3(signature = (text, location = None))]
    fn suggest<'py>(&self, py: Python<'py>, text: &str, location: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let loc = location_of(py, location)?;
            let guide = self.inner.guide();
            let s = py.detach(|| guide.suggest(text, loc.as_ref()));
            serialize(py, &s)
        })
    }

    /// The ticket's classification from the operator's decision (a dict or JSON:
    /// ``{"category": code, "appeal_type": ..., "urgency"?, "handling_class"?, "limit"?,
    /// "lead"?, "responsible"?, "cooperating"?, "location"?}``): category, domain, SLA inputs
    /// and assignments, with the guide's id and version. Raises ``InvalidInput`` (field and
    /// rule R-SCOPE-4) for what the guide does not allow, ``ParseError`` for unknown fields.
    fn classify<'py>(&self, py: Python<'py>, decision: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let text = text_of(py, decision, "decision")?;
            let d: ClassificationDecision = jiesu::json::from_str(&text).map_err(|e| to_pyerr(py, &e.at("decision"), None))?;
            // The limits a class accepts are the engine's policy's, as `handle` checks them.
            let c = self.inner.guide().classify_with(&d, self.inner.policy()).py_err(py)?;
            serialize(py, &c)
        })
    }

    /// ``SlaPolicy.deadlines`` with this engine's calendar and policy.
    #[pyo3(signature = (dispatched_at, urgency, handling_class, statutory = None, *, complex_days = None))]
    fn deadlines<'py>(
        &self,
        py: Python<'py>,
        dispatched_at: &Bound<'py, PyAny>,
        urgency: &str,
        handling_class: &str,
        statutory: Option<&Bound<'py, PyAny>>,
        complex_days: Option<u32>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || sla::deadlines(py, self.inner.policy(), self.inner.calendar(), dispatched_at, urgency, handling_class, statutory, complex_days))
    }

    /// The escalation rule set (R-ESC-*) as a dict: ``{"schema_version", "id", "version",
    /// "rules": [{"id", "trigger", "level", "target", "message"}, ...]}``.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, self.inner.rules()))
    }

    /// Decides a command on a ticket and returns the NEW events to append (dicts).
    ///
    /// ``events`` is the ticket's history so far (the list of event dicts as earlier calls
    /// returned them; ``[]`` for a new ticket, where only ``register`` applies): it is replayed
    /// and its hash chain verified (R-FLOW-5), never modified. Every method that takes a
    /// history also takes it as JSON text (an array, or JSON lines), as a pandas DataFrame of
    /// its events (``pd.read_json(path, lines=True, dtype=False)``: without ``dtype=False``
    /// pandas turns ids that look numeric into numbers and a boolean column with gaps into
    /// 0.0 / 1.0, which the core refuses), or as its records (``df.to_dict("records")``): a
    /// missing value (NaN, None, ``pd.NA``, ``NaT``) is an absent field, an integral float an
    /// integer, a ``Timestamp`` its instant (a naive one is UTC, as pandas' dates are).
    /// ``actor`` is ``{"role": "command_center" | "unit" | "unit_leader" |
    /// "supervision_office" | "task_force" | "leading_group", "unit"?: id, "user"?: name}``;
    /// ``command`` is tagged by ``"type"`` (``register``, ``dispatch``, ``acknowledge``,
    /// ``contact_requester``, ``submit_report``, ``review_report``, ``record_callback``,
    /// ``close``, ``archive``, ``request_return``, ``request_extension``, ``urge``, ...) with
    /// its fields; aware datetimes are accepted for its instants. ``now`` is an aware datetime
    /// not before the last event.
    ///
    /// Raises ``PermissionDenied`` (the role or unit may not: R-ORG-*), ``InvalidTransition``
    /// (not in this status; a late return request, R-SLA-2), ``InvalidInput`` (a missing or
    /// unusable field, named in ``.field``; a history that does not verify), ``CoverageError``
    /// (a deadline in a year the calendar does not cover), ``LimitExceeded``, ``ParseError``
    /// (an unknown command ``type`` or field, a malformed event).
    ///
    /// >>> eng.handle([], {"role": "unit", "unit": "water"}, {"type": "close"}, t)
    /// Traceback (most recent call last):
    /// ...
    /// jiesu.errors.PermissionDenied: command close requires role command_center; actor is unit of unit "water" [R-ORG-1]
    fn handle<'py>(
        &self,
        py: Python<'py>,
        events: &Bound<'py, PyAny>,
        actor: &Bound<'py, PyAny>,
        command: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let actor: Actor = parse_arg(py, actor, "actor")?;
            let command: Command = parse_arg(py, command, "command")?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let new = py
                .detach(|| -> Result<Vec<Event>, Error> {
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    t.handle(&*engine, &actor, &command, now)
                })
                .py_err(py)?;
            serialize(py, &new)
        })
    }

    /// The state of a ticket at ``now`` (an aware datetime), from its events: ``{"id",
    /// "status", "summary": {... "requester": masked (R-PRIV-1) ...}, "classification",
    /// "registered_at", "dispatched_at", "closed_at", "suspended_at", "assignments": [{"unit",
    /// "name", "role", "assigned_at", "acknowledged_at", "contacted_at", "contributed"}],
    /// "clocks": [{"clock", "unit", "started_at", "due_at", "warn_at", "met_at", "paused_at",
    /// "provisional", "status": "running" | "paused" | "met" | "met_late" | "breached" | "unused",
    /// "due_at_unix", "warn_at_unix"}],
    /// "pending_return", "pending_extension", "callbacks", "escalations", "duplicates",
    /// "counters", "flags", "event_count", "last_hash"}`` (the core's ``StateView``, as C's
    /// ``jiesu_ticket_state``). Instants are aware datetimes (UTC+08:00), and also Unix seconds
    /// in ``due_at_unix`` / ``warn_at_unix``; ``due_at`` is exclusive. Clocks: completion,
    /// first feedback (urgent), then each assignment's response clock and return window.
    ///
    /// >>> s = eng.state(events, t)
    /// >>> s["status"], s["summary"]["requester"], s["clocks"][0]["clock"]
    /// ('dispatched', {'name': '张*', 'phone': '138****5678'}, 'completion')
    /// >>> s["clocks"][0]["due_at"].isoformat(), s["clocks"][0]["status"]
    /// ('2026-03-10T00:00:00+08:00', 'running')
    fn state<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let t = ticket_arg(py, &self.inner, events)?;
            serialize_view(py, &self.inner.state(&t, now))
        })
    }

    /// Verifies a history's hash chain (R-FLOW-5): ``{"intact": bool, "events": n, "problem":
    /// None | {"index", "kind", "message"}}`` with ``kind`` one of ``altered``,
    /// ``chain_broken``, ``reordered_or_missing``, ``mixed_tickets``, ``schema_version``; with
    /// a keyed engine (``with_chain_key``) also ``tag_missing``, ``tag_invalid`` (rewritten,
    /// even if re-hashed with ``compute_hash``) and ``tag_unknown_key``.
    /// Tampering is a result, not an exception; only events that are not events at all (a
    /// missing field, an unknown type) raise ``ParseError``.
    ///
    /// >>> forged = [dict(e) for e in events]
    /// >>> forged[0]["content"] = "另一内容"
    /// >>> eng.verify(forged)["problem"]["kind"]
    /// 'altered'
    fn verify<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let v = py.detach(|| values.verify(&engine)).py_err(py)?;
            verification(py, &v)
        })
    }

    /// Audits an event log (R-FLOW-5): every ticket's history in it verified as ``verify``
    /// verifies one (with this engine's chain keys), without the GIL and over the threads
    /// ``JIESU_NUM_THREADS`` allows. ``log`` is the path (``str`` or ``os.PathLike``) of an
    /// event log — JSON lines (tickets in any order), one JSON array, or one history a line —
    /// or a pandas DataFrame of one (one event a row). Returns ``{"tickets": [{"ticket_id",
    /// "line", "intact", "events", "problem"}], "intact": int, "not_intact": int}``: one entry
    /// per ticket in the order of its first event; ``line`` names where the problem's event is
    /// (``"line 14"``; the DataFrame's row + 1), None when intact. An event that no longer
    /// reads as one makes its ticket not intact; an event whose ``ticket_id`` cannot be read
    /// raises ``ParseError`` (it cannot be given to a ticket).
    ///
    /// >>> import pandas as pd
    /// >>> audit = eng.verify_log(pd.DataFrame(events))
    /// >>> audit["intact"], audit["tickets"][0]["ticket_id"]
    /// (1, 'YS-1')
    fn verify_log<'py>(&self, py: Python<'py>, log: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || audit::verify_log(py, &self.core(), log))
    }

    /// The archived file (一人一诉一档, R-FLOW-5) of an archived ticket: ``{"schema_version",
    /// "ticket_id", "event_count", "final_hash", "events"}`` (events as stored); check it with
    /// ``jiesu.verify_archive`` (or ``Engine.verify_archive``). A keyed engine adds its tag
    /// (``"tag": {"alg", "key_id", "mac"}``). Raises ``InvalidTransition`` when the ticket is
    /// not archived.
    fn archive<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let t = ticket_arg(py, &self.inner, events)?;
            serialize(py, &self.inner.archive_file(&t).py_err(py)?)
        })
    }

    /// Verifies an archived file (a dict or its JSON text) as ``jiesu.verify_archive`` and,
    /// with a keyed engine, every event's tag and the archive's own (problem index: the number
    /// of events), so that a file truncated and re-counted is refused.
    ///
    /// >>> keyed = eng.with_chain_key("2026-a", b"0123456789abcdef-county-secret")
    /// >>> keyed.verify_archive({"schema_version": 1, "ticket_id": "x", "event_count": 0,
    /// ...     "final_hash": "0" * 64, "events": []})["problem"]["kind"]
    /// 'tag_missing'
    fn verify_archive<'py>(&self, py: Python<'py>, archive: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let engine = self.core();
            let v = archive_verification(py, archive, Some(&engine))?;
            verification(py, &v)
        })
    }

    /// Evaluates the escalation rules (R-ESC-*) on one ticket at ``now``: ``{"alerts": [{"rule",
    /// "level", "target", "message", "ticket_id", "clock"?, "unit"?, "instance"?, "due_since",
    /// "tickets"?}], "next_check_at": datetime | None, "skipped": [rule ids]}``. Alerts already
    /// recorded (``escalate``) are not raised again; ``next_check_at`` is the earliest instant
    /// at which a rule could fire next (set a timer instead of polling).
    ///
    /// >>> ev = eng.evaluate(events, t)
    /// >>> ev["alerts"], ev["next_check_at"].isoformat()
    /// ([], '2026-03-02T21:00:00+08:00')
    /// >>> ev = eng.evaluate(events, ev["next_check_at"])
    /// >>> [(a["rule"], a["level"], a["unit"]) for a in ev["alerts"]]
    /// [('response.warning', 'warning', 'urban_management')]
    fn evaluate<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let ev = py
                .detach(|| -> Result<escalation::Evaluation, Error> {
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    Ok(engine.evaluate(&t, now))
                })
                .py_err(py)?;
            let out = serialize_view(py, &ev)?;
            out.set_item("skipped", PyList::new(py, &ev.skipped)?)?;
            if ev.next_check_at.is_none() {
                out.set_item("next_check_at", py.None())?;
            }
            Ok(out)
        })
    }

    /// Sweeps many tickets at ``now``, evaluating only those whose stored ``next_check_at``
    /// has come (``next_check_at <= now``; ``None``, nothing scheduled, is never due) — the
    /// others are counted, their events not even read. ``tickets`` is an iterable of
    /// ``(events, next_check_at)`` pairs: each ticket's history and the ``next_check_at`` its
    /// last evaluation gave (store it after each event's ``evaluate`` and each sweep).
    /// Returns ``{"checked": [{"index", "ticket_id", "alerts", "next_check_at", "skipped"}],
    /// "not_due": int, "next_sweep_at": datetime | None}``: the due tickets in input order
    /// (record their alerts with ``escalate``, store their new ``next_check_at``), and the
    /// earliest instant at which a sweep can find anything. Group rules change with new
    /// tickets, not with time: run ``evaluate_group`` when tickets are registered.
    ///
    /// >>> s = eng.sweep([(events, t + dt.timedelta(hours=12))], t + dt.timedelta(hours=13))
    /// >>> [(c["index"], [a["rule"] for a in c["alerts"]]) for c in s["checked"]], s["not_due"]
    /// ([(0, ['response.warning'])], 0)
    /// >>> s = eng.sweep([(events, None)], t)
    /// >>> s["checked"], s["not_due"], s["next_sweep_at"]
    /// ([], 1, None)
    fn sweep<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let engine = self.core();
            let pairs = || type_error("tickets must be an iterable of (events, next_check_at) pairs".to_string());
            let mut entries = Vec::new();
            for (i, item) in tickets.try_iter().map_err(|_| pairs())?.enumerate() {
                let (events, next): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?.extract().map_err(|_| pairs())?;
                let next = if next.is_none() { None } else { Some(instant(py, &next, &format!("tickets[{i}][1]"))?) };
                entries.push((events, next));
            }
            let load = |i: usize, events: Bound<'py, PyAny>| -> PyResult<Ticket> {
                let values = list_arg(py, &events, &format!("tickets[{i}][0]"))?;
                py.detach(|| ticket::ticket_of(&engine, values, &format!("tickets[{i}]"))).py_err(py)
            };
            let s = escalation::sweep_loading(entries, load, engine.rules(), engine.calendar(), Some(engine.guide()), now)?;
            let out = serialize_view(py, &s)?;
            for (c, checked) in out.get_item("checked")?.try_iter()?.zip(&s.checked) {
                let c = c?;
                c.set_item("skipped", PyList::new(py, &checked.evaluation.skipped)?)?;
                if checked.evaluation.next_check_at.is_none() {
                    c.set_item("next_check_at", py.None())?;
                }
            }
            if s.next_sweep_at.is_none() {
                out.set_item("next_sweep_at", py.None())?;
            }
            Ok(out)
        })
    }

    /// The ``escalated`` events that record ``alerts`` (from ``evaluate``, or
    /// ``evaluate_group`` for this ticket; the list or the whole result dict) on the ticket,
    /// so that they are not raised again. Append them to the history. The actor is the
    /// command center, user ``escalation_rules``.
    ///
    /// >>> now = t + dt.timedelta(hours=12)
    /// >>> new = eng.escalate(events, eng.evaluate(events, now)["alerts"], now)
    /// >>> [(e["type"], e["rule"]) for e in new]
    /// [('escalated', 'response.warning')]
    /// >>> eng.evaluate([*events, *new], now)["alerts"]
    /// []
    fn escalate<'py>(&self, py: Python<'py>, events: &Bound<'py, PyAny>, alerts: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let alerts = match alerts.cast::<PyMapping>() {
                Ok(m) if m.contains("alerts")? => m.get_item("alerts")?,
                _ => alerts.clone(),
            };
            let alert_values = list_arg(py, &alerts, "alerts")?;
            let values = list_arg(py, events, "events")?;
            let engine = self.core();
            let new = py
                .detach(|| -> Result<Vec<Event>, Error> {
                    let alerts: Vec<Alert> = alert_values.typed("alerts")?;
                    let t = ticket::ticket_of(&engine, values, "events")?;
                    engine.record_alerts(&t, &alerts, now)
                })
                .py_err(py)?;
            serialize(py, &new)
        })
    }

    /// Evaluates the group rules (repeated requests of one requester, many people with the
    /// same request in a township) over many tickets at ``now``: ``{"alerts": [...]}``, each
    /// alert recorded on the ticket named by its ``ticket_id`` (with ``escalate``) and naming
    /// the tickets involved. ``tickets`` is an iterable of event lists, one per ticket, the
    /// path (str or ``os.PathLike``) of a JSON-lines event log, or a pandas DataFrame of such a
    /// log (one event a row; an error names the log's line, the row's number + 1).
    fn evaluate_group<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = self.now(py, now)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let g = py
                .detach(|| -> Result<escalation::GroupEvaluation, ticket::LoadError> {
                    let tickets = ticket::load(source, &engine)?;
                    Ok(engine.evaluate_group(&tickets, now))
                })
                .map_err(|e| e.into_py(py))?;
            serialize_view(py, &g)
        })
    }

    /// Assesses units (or townships, categories, domains: ``by``) over ``period`` (R-ANA-2), as
    /// a pandas DataFrame with one row per group, best first: ``key``, ``name``,
    /// ``dispatched``, ``acknowledged_on_time``, for each rate (``response_rate``,
    /// ``on_time_completion_rate``, ``resolution_rate``, ``satisfaction_rate``,
    /// ``return_rate``, ``extension_rate``, ``rework_rate``) its value (NaN without a
    /// denominator) with ``<rate>_num`` and ``<rate>_den``, ``overdue_count``,
    /// ``supervised_count``, ``repeat_count``, ``unreasonable_count``, ``score`` (100 × the
    /// weighted response, resolution and satisfaction rates) and ``rank`` (1 = best). The
    /// period and options are in ``df.attrs``. pandas is imported by this call only.
    ///
    /// ``tickets`` is an iterable of event lists (one per ticket), the path (str or
    /// ``os.PathLike``) of a JSON-lines event log, or a pandas DataFrame of such a log; ``period`` is ``(from, to)`` (dates or aware
    /// datetimes, ``to`` exclusive), a month ``"2026-10"`` or an ISO week ``"2026-W41"``.
    /// ``options``: ``roles="lead_only"`` (the default) or ``"all"`` (every assigned unit), ``response_basis`` / ``completion_basis``
    /// (``"dispatch" | "due" | "close"``), ``basically_satisfied_weight`` (0.9),
    /// ``weights={"response": 0.1, "resolution": 0.5, "satisfaction": 0.4}``, ``now`` (an
    /// aware datetime; default the period's end). The tickets are replayed (verified) and
    /// assessed without the GIL. ``progress``: a callable ``progress(done, total)``, called as
    /// the histories are replayed (events of a log, or tickets) then as the tickets are
    /// assessed (every 4 096 and at the end of each phase), or ``True`` for a tqdm bar per
    /// phase (when tqdm is installed; nothing otherwise). An exception it raises is raised
    /// once the call is done.
    ///
    /// >>> df = eng.assess([events], "2026-03")
    /// >>> df[["key", "dispatched", "response_rate", "score", "rank"]].to_dict("records")
    /// [{'key': 'urban_management', 'dispatched': 1, 'response_rate': 0.0, 'score': 0.0, 'rank': 1}]
    #[pyo3(signature = (tickets, period, by = "unit", *, progress = None, **options))]
    fn assess<'py>(
        &self,
        py: Python<'py>,
        tickets: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        by: &str,
        progress: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            let period = period_arg(py, period, None)?;
            let options = assessment_options(py, period, by, options)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let a = py
                .detach(|| -> Result<Assessment, ticket::LoadError> {
                    let tickets = ticket::load_with_progress(source, &engine, &mut report.phase("replay"))?;
                    let mut a = assessment::assess_with_progress(&tickets, &options, &mut report.phase("assess"));
                    assessment::name_groups(&mut a, engine.guide());
                    Ok(a)
                })
                .map_err(|e| e.into_py(py))?;
            report.finish()?;
            frame(py, &pandas, &a)
        })
    }

    /// ``assess`` over a flat export instead of event histories: ``records`` is a pandas
    /// DataFrame with one row per ticket and unit (a ticket without units: one row, ``unit``
    /// missing), its columns those of ``jiesu.RECORD_COLUMNS`` — ticket columns ``ticket_id``
    /// (str), ``dispatched_at``, ``category`` or ``urgency`` / ``handling_class`` / ``limit``,
    /// ``domain``, ``township``, ``completion_due_at``, ``completed_at`` (submission of the
    /// accepted report), ``closed_at``, ``unreasonable``, ``callback`` (last outcome),
    /// ``solved``, ``extended``, ``reworked``, ``supervised``, ``repeat``; unit columns
    /// ``unit``, ``role`` (``lead`` / ``responsible`` / ``cooperating``; missing for a unit no
    /// longer assigned that asked to return the ticket), ``assigned_at``,
    /// ``response_due_at``, ``acknowledged_at``, ``contacted_at``, ``return_requested``.
    /// Missing values (NaN, None, NaT) are absent; other columns are ignored; instant
    /// columns must be timezone-aware (``df[c].dt.tz_localize("Asia/Shanghai")`` for local
    /// times). Deadlines left out are computed from the SLA input with this engine's policy
    /// and calendar. Returns the DataFrame of ``assess`` (same columns, same definitions,
    /// same options); ``InvalidInput`` names the row and column (``records[7].township``).
    /// ``progress``: as for ``assess``, over the tickets of the records.
    ///
    /// >>> import pandas as pd
    /// >>> rows = pd.DataFrame({"ticket_id": ["YS-1"], "category": ["040201"], "unit": ["urban_management"],
    /// ...     "role": ["lead"], "dispatched_at": [t], "acknowledged_at": [t + dt.timedelta(hours=2)]})
    /// >>> eng.assess_records(rows, "2026-03")[["key", "dispatched", "response_rate"]].to_dict("records")
    /// [{'key': 'urban_management', 'dispatched': 1, 'response_rate': 0.0}]
    #[pyo3(signature = (records, period, by = "unit", *, progress = None, **options))]
    fn assess_records<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        by: &str,
        progress: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            let period = period_arg(py, period, None)?;
            let options = assessment_options(py, period, by, options)?;
            let table = py.import("jiesu._frames")?.call_method1("records", (records, frames::record_columns()))?;
            let rows = frames::records_arg(py, &table)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let a = py.detach(|| assessment::assess_records_with_progress(&rows, &engine, &options, &mut report.phase("assess"))).py_err(py);
            report.finish()?;
            let mut a = a?;
            assessment::name_groups(&mut a, engine.guide());
            frame(py, &pandas, &a)
        })
    }

    /// The flat records of tickets (``tickets`` as for ``assess``): one row per ticket and
    /// unit with the columns of ``jiesu.RECORD_COLUMNS`` (see ``assess_records``), every
    /// deadline filled in from the tickets' clocks — the export a platform would make, and
    /// ``assess_records`` over it gives the table ``assess`` gives over the tickets. Instants
    /// are ``datetime64[ns, UTC+08:00]`` columns. ``progress``: as for ``assess``, over the
    /// replay of the histories.
    ///
    /// >>> eng.records([events])[["ticket_id", "unit", "role", "completion_due_at"]].to_dict("records")[0]["role"]
    /// 'lead'
    #[pyo3(signature = (tickets, *, progress = None))]
    fn records<'py>(&self, py: Python<'py>, tickets: &Bound<'py, PyAny>, progress: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            import_pandas(py)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let mut report = Progress::new(py, progress)?;
            let rows = py.detach(|| -> Result<Vec<assessment::TicketRecord>, ticket::LoadError> {
                Ok(assessment::records_from_tickets(&ticket::load_with_progress(source, &engine, &mut report.phase("replay"))?))
            });
            report.finish()?;
            let rows = rows.map_err(|e| e.into_py(py))?;
            py.import("jiesu._frames")?.call_method1("records_frame", (serialize(py, &rows)?, frames::record_columns()))
        })
    }

    /// ``deadlines`` for many tickets at once: ``dispatched_at`` is a timezone-aware pandas
    /// Series / DatetimeIndex, a list of aware datetimes, or naive ``datetime64`` values with
    /// ``tz`` (their zone, e.g. ``"Asia/Shanghai"``); NaT gives NaT. The SLA input is
    /// ``category`` (codes: the guide's urgency, class and limit) and/or ``urgency``,
    /// ``handling_class``, ``limit`` (an int of working days or ``{"calendar_days": n}``),
    /// each a scalar or one value per row, explicit values overriding the category's.
    /// Returns a DataFrame (the Series' index, if any) with ``<clock>_due_at`` and
    /// ``<clock>_warn_at`` for ``response``, ``return_window``, ``first_feedback`` (NaT when
    /// not urgent) and ``completion``, as ``datetime64[ns, UTC+08:00]``, and ``provisional``.
    /// Computed in the core without the GIL (``JIESU_NUM_THREADS`` threads); equal to
    /// ``deadlines`` row by row. Errors name the row (``.index``). ``progress``: a callable
    /// ``progress(done, total)`` called after each block of 262 144 rows, or ``True`` for a
    /// ``tqdm`` bar when tqdm is installed (an optional dependency: nothing shows without it).
    ///
    /// >>> import pandas as pd
    /// >>> at = pd.Series(pd.to_datetime(["2026-02-13 16:00", "2026-03-02 10:00"]).tz_localize("Asia/Shanghai"))
    /// >>> d = eng.deadlines_frame(at, "urgent", "urgent")
    /// >>> [x.isoformat() for x in d["completion_due_at"]]
    /// ['2026-02-26T00:00:00+08:00', '2026-03-06T00:00:00+08:00']
    #[pyo3(signature = (dispatched_at, urgency = None, handling_class = None, limit = None, *, category = None, tz = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn deadlines_frame<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        dispatched_at: &Bound<'py, PyAny>,
        urgency: Option<&Bound<'py, PyAny>>,
        handling_class: Option<&Bound<'py, PyAny>>,
        limit: Option<&Bound<'py, PyAny>>,
        category: Option<&Bound<'py, PyAny>>,
        tz: Option<&Bound<'py, PyAny>>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            import_pandas(py)?;
            py.import("jiesu._frames")?.call_method1("deadlines_frame", (slf, dispatched_at, urgency, handling_class, limit, category, tz, progress))
        })
    }

    /// The core's batch of ``deadlines_frame`` (int64 nanoseconds in and out).
    fn _sla_batch<'py>(
        &self,
        py: Python<'py>,
        ns: numpy::PyReadonlyArray1<'py, i64>,
        codes: numpy::PyReadonlyArray1<'py, i64>,
        keys: &Bound<'py, PyList>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || frames::sla_batch(py, &self.inner, ns, codes, keys))
    }

    /// The guide's units as a DataFrame: ``id``, ``name`` (Chinese), ``kind``
    /// (``township`` / ``department``), ``parent``, ``parent_name``, ``external``.
    ///
    /// >>> eng.units().set_index("id").loc["jiangna", "name"]
    /// '江那镇'
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            pandas.getattr("DataFrame")?.call1((frames::unit_rows(py, &self.inner)?,))
        })
    }

    /// The guide's categories as a DataFrame, one row per category (parents first):
    /// ``code``, ``name``, ``name_path`` (``城市管理/市政设施/路灯``), ``parent``, ``level``,
    /// ``is_leaf``, ``domain``, ``appeal_types`` (list), ``urgency``, ``handling_class``,
    /// ``limit`` (None, ``{"working_days": n}`` or ``{"calendar_days": n}``), ``lead``
    /// (None when routed by location), ``by_location``, ``responsible``, ``cooperating``
    /// (lists).
    ///
    /// >>> c = eng.categories().set_index("code")
    /// >>> c.loc["040201", ["name_path", "urgency", "handling_class", "lead"]].tolist()
    /// ['城市管理/市政设施/路灯', 'normal', 'normal', 'urban_management']
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let pandas = import_pandas(py)?;
            pandas.getattr("DataFrame")?.call1((frames::category_rows(py, &self.inner)?,))
        })
    }

    /// The SLA input of each category code (an iterable or Series of codes) as a DataFrame
    /// ``urgency``, ``handling_class``, ``limit`` (the Series' index, if any): what
    /// ``classify`` gives when the operator keeps the guide's values. ``InvalidInput`` names
    /// an unknown code (``codes[3]``).
    ///
    /// >>> eng.sla_inputs(["040201"]).to_dict("records")
    /// [{'urgency': 'normal', 'handling_class': 'normal', 'limit': None}]
    fn sla_inputs<'py>(&self, py: Python<'py>, categories: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            import_pandas(py)?;
            let codes: Vec<String> = py.import("builtins")?.getattr("list")?.call1((categories,))?.extract()?;
            let rows = frames::sla_inputs(py, &self.inner, codes)?;
            py.import("jiesu._frames")?.call_method1("sla_inputs_frame", (rows, categories))
        })
    }

    /// The weekly or monthly bulletin (通报, R-ANA-1) of ``period``: a headline with the
    /// county-wide rates and score (环比, 同比), totals, township and department rankings
    /// (``min_ranked_volume`` option, default 5), hot and rising topics, overdue / supervised /
    /// repeated / many-people / urgent tickets (no requester data). ``format="markdown"`` gives
    /// the Markdown text (Chinese headings and dates); ``"html"`` one printable HTML file (A4,
    /// SVG charts, no network reference); ``"dict"`` the data (instants as aware datetimes);
    /// ``"json"`` its JSON text; ``"frames"`` the dict with every table (each list of rows)
    /// as a pandas DataFrame. ``period`` as for ``assess``, or one date (its month, or its ISO week for
    /// ``kind="weekly"``); ``options`` as for ``assess``.
    ///
    /// >>> print(eng.bulletin([events], "2026-03").splitlines()[0])
    /// # 砚山县接诉即办工作月通报（2026年3月）
    #[pyo3(signature = (tickets, period, kind = "monthly", format = "markdown", **options))]
    fn bulletin<'py>(
        &self,
        py: Python<'py>,
        tickets: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
        kind: &str,
        format: &str,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let kind = bulletin_kind(py, kind)?;
            if !matches!(format, "markdown" | "html" | "dict" | "json" | "frames") {
                return Err(invalid(py, "format", format!("unknown format {format:?}: expected \"markdown\", \"html\", \"dict\", \"json\" or \"frames\"")));
            }
            let period = period_arg(py, period, Some(kind))?;
            let options = assessment_options(py, period, "unit", options)?;
            let source = tickets_arg(py, tickets)?;
            let engine = self.core();
            let b = py
                .detach(|| -> Result<assessment::Bulletin, ticket::LoadError> {
                    let tickets = ticket::load(source, &engine)?;
                    Ok(assessment::bulletin(&tickets, engine.guide(), kind, period, Some(&options)))
                })
                .map_err(|e| e.into_py(py))?;
            match format {
                "markdown" => Ok(PyString::new(py, &py.detach(|| b.to_markdown())).into_any()),
                "html" => Ok(PyString::new(py, &py.detach(|| b.to_html())).into_any()),
                "json" => {
                    let text = serde_json::to_string(&b).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
                    Ok(PyString::new(py, &text).into_any())
                }
                "frames" => {
                    import_pandas(py)?;
                    py.import("jiesu._frames")?.call_method1("bulletin_frames", (serialize_view(py, &b)?,))
                }
                _ => serialize_view(py, &b),
            }
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        if !self.inner.config().chain_keys.is_empty() {
            return Err(type_error(
                "a keyed engine is not pickled (its chain key would be written into the pickle): build it where it is used, with with_chain_key",
            ));
        }
        if self.inner.config().requester_key_secret.is_some() {
            return Err(type_error(
                "an engine with a requester_key_secret is not pickled (the secret would be written into the pickle): build it where it is used",
            ));
        }
        Ok((py.get_type::<PyEngine>().into_any(), (self.config_json()?,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyEngine>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> PyResult<u64> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.config_json()?.hash(&mut h);
        Ok(h.finish())
    }

    fn __repr__(&self) -> String {
        let key = self.inner.chain_key_id().map(|k| format!(" chain_key={k:?}")).unwrap_or_default();
        format!("<jiesu.Engine calendar={:?} guide={} {}{key}>", self.inner.calendar().name(), self.inner.guide().id(), self.inner.guide().version())
    }
}

/// A Python `progress` argument forwarded to the core's progress callbacks: `None`, a callable
/// `progress(done, total)` or `True` (a tqdm bar per phase), as `jiesu._frames.progress_of`
/// makes it. The callbacks run without the GIL and take it for each report; the first exception
/// the callable raises stops the reports and is raised by [`Progress::finish`].
struct Progress {
    report: Option<Py<PyAny>>,
    error: Option<PyErr>,
}

impl Progress {
    fn new(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>) -> PyResult<Progress> {
        let report = match progress {
            None => None,
            Some(p) => Some(py.import("jiesu._frames")?.call_method1("progress_of", (p,))?).filter(|r| !r.is_none()).map(Bound::unbind),
        };
        Ok(Progress { report, error: None })
    }

    /// The core's callback for one phase of the call (`replay`, `assess`).
    fn phase<'a>(&'a mut self, name: &'static str) -> impl FnMut(usize, usize) + 'a {
        move |done, total| {
            if let (Some(r), None) = (&self.report, &self.error) {
                self.error = Python::attach(|py| r.call1(py, (name, done, total)).err());
            }
        }
    }

    fn finish(self) -> PyResult<()> {
        self.error.map_or(Ok(()), Err)
    }
}
