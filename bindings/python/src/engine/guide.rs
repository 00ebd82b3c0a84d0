//! `Engine`'s classification guide: suggestions for a request text, the classification of the
//! operator's decision, and the guide's units, categories and SLA inputs as DataFrames.

use jiesu::guide::{ClassificationDecision, Location};
use pyo3::prelude::*;
use pyo3::types::PyString;

use super::{import_pandas, PyEngine};
use crate::errors::{guard, to_pyerr, IntoPy};
use crate::frames;
use crate::json::{serialize, text_of};

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

#[pymethods]
impl PyEngine {
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
}
