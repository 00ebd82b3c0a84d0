//! `jiesu.Engine`: calendar, SLA policy, classification guide and escalation rules from one
//! configuration, and the operations over tickets: the lifecycle (`handle`, `state`,
//! `verify`, `archive`), escalation (`evaluate`, `escalate`, `evaluate_group`) and assessment
//! (`assess`, `bulletin`). Each takes JSON-like Python objects (the serde JSON of the core
//! types) and returns them, over the shared, immutable core engine; the work after the
//! conversion of the arguments runs without the GIL.
//!
//! The class is defined here with its constructors, getters and Python protocol; its methods
//! are in one `#[pymethods]` block per domain (PyO3's `multiple-pymethods`): [`config`] (other
//! guide, rules, chain key), [`guide`] (suggestions, classification, the guide's tables),
//! [`deadlines`], [`lifecycle`], [`escalation`] and [`assessment`].

use std::sync::Arc;

use jiesu::engine::Engine;
use pyo3::prelude::*;

use crate::calendar::PyCalendar;
use crate::errors::{guard, to_pyerr, type_error, IntoPy};
use crate::json::{serialize, text_of};
use crate::sla::{instant, PySlaPolicy};

mod assessment;
mod config;
mod deadlines;
mod escalation;
mod guide;
mod lifecycle;
mod progress;

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

    /// The escalation rule set (R-ESC-*) as a dict: ``{"schema_version", "id", "version",
    /// "rules": [{"id", "trigger", "level", "target", "message"}, ...]}``.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, self.inner.rules()))
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
