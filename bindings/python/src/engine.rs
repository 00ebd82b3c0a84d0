//! `jiesu.Engine`: calendar, SLA policy and classification guide from one configuration.
//!
//! The ticket lifecycle (`handle`, `state`, `verify`), escalation (`evaluate`) and assessment
//! (`assess`) are added here as the core grows: each is a method taking JSON-like Python
//! objects and returning them, over the shared, immutable core engine.

use std::sync::Arc;

use jiesu::engine::Engine;
use jiesu::guide::{ClassificationDecision, Location};
use jiesu::Error;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::calendar::PyCalendar;
use crate::errors::{guard, to_pyerr, IntoPy};
use crate::json::{serialize, text_of};
use crate::sla::{self, PySlaPolicy};

/// Everything a decision needs — calendar, SLA policy, classification guide — validated
/// together from one JSON configuration (every part has its default: the built-in ``CN``
/// calendar, the default SLA policy, the default Yanshan guide).
///
/// ``Engine()`` / ``Engine.default()`` is the default engine; ``Engine(config)`` takes JSON text
/// or a dict, e.g. ``{"schema_version": 1, "calendar": {"policy": "provisional"}}``.
/// Engines are immutable, thread-safe, picklable and compare equal by configuration.
///
/// >>> import jiesu
/// >>> eng = jiesu.Engine.default()
/// >>> top = eng.suggest("江那镇路灯坏了一个多月，晚上漆黑一片")["categories"][0]
/// >>> c = eng.classify({"category": top["code"], "appeal_type": "complaint"})
/// >>> c["guide_id"], c["sla"]["handling_class"]
/// ('yanshan', 'normal')
#[pyclass(frozen, module = "jiesu", name = "Engine")]
pub struct PyEngine {
    inner: Arc<Engine>,
    calendar: Py<PyCalendar>,
    policy: Py<PySlaPolicy>,
}

impl PyEngine {
    fn wrap(py: Python<'_>, engine: Engine) -> PyResult<PyEngine> {
        let calendar = Py::new(py, PyCalendar::wrap(engine.calendar().clone()))?;
        let policy = Py::new(
            py,
            PySlaPolicy {
                inner: Arc::new(engine.policy().clone()),
            },
        )?;
        Ok(PyEngine {
            inner: Arc::new(engine),
            calendar,
            policy,
        })
    }

    fn config_json(&self) -> PyResult<String> {
        serde_json::to_string(self.inner.config())
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
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
    serde_json::from_str(&text).map(Some).map_err(|e| {
        to_pyerr(
            py,
            &Error::parse(format!("location: {e}")).with_field("location"),
            None,
        )
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
                Some(c) => {
                    Engine::from_json(&text_of(py, c, "engine configuration")?).py_err(py)?
                }
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
        guard(py, || {
            PyEngine::wrap(py, Engine::from_json(text).py_err(py)?)
        })
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
    fn suggest<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        location: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
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
    fn classify<'py>(
        &self,
        py: Python<'py>,
        decision: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let text = text_of(py, decision, "decision")?;
            let d: ClassificationDecision = serde_json::from_str(&text).map_err(|e| {
                to_pyerr(
                    py,
                    &Error::parse(format!("classification decision: {e}")).with_field("decision"),
                    None,
                )
            })?;
            let c = self.inner.guide().classify(&d).py_err(py)?;
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
        guard(py, || {
            sla::deadlines(
                py,
                self.inner.policy(),
                self.inner.calendar(),
                dispatched_at,
                urgency,
                handling_class,
                statutory,
                complex_days,
            )
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
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
        format!(
            "<jiesu.Engine calendar={:?} guide={} {}>",
            self.inner.calendar().name(),
            self.inner.guide().id(),
            self.inner.guide().version()
        )
    }
}
