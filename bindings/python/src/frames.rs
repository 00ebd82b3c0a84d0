//! The tabular API of `jiesu.Engine` for analysts: flat records, vectorized SLA deadlines and
//! the guide as tables. These functions translate between the core and plain Python / numpy
//! values; `jiesu._frames` (Python) turns pandas columns into them and their results into
//! DataFrames.

use jiesu::assessment::{TicketRecord, RECORD_COLUMNS};
use jiesu::calendar::batch::Arg;
use jiesu::engine::Engine;
use jiesu::parallelism::Parallelism;
use jiesu::sla::batch::{self as sla_batch, BatchDeadlines};
use jiesu::sla::{HandlingClass, Limit, SlaInput, Urgency};
use jiesu::Error;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::errors::{to_pyerr, IntoPy};
use crate::json::{from_py, record_from_py, serialize};

/// The records of `rows` (a list of dicts, one per row, as `jiesu._frames.records` gives
/// them), each converted as a table row (missing values absent).
pub(crate) fn records_arg(py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<Vec<TicketRecord>> {
    let rows = rows.cast::<PyList>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let path = format!("records[{i}]");
        let v = record_from_py(py, &row, &path)?;
        out.push(jiesu::json::from_value(v).map_err(|e| to_pyerr(py, &e.at(&path), None))?);
    }
    Ok(out)
}

/// The columns of a record table, for `jiesu._frames`.
pub(crate) fn record_columns() -> Vec<&'static str> {
    RECORD_COLUMNS.to_vec()
}

fn word<T: serde::de::DeserializeOwned>(py: Python<'_>, field: &str, x: &Bound<'_, PyAny>) -> PyResult<Option<T>> {
    if x.is_none() {
        return Ok(None);
    }
    let v = from_py(py, x, field)?;
    jiesu::json::from_value(v).map(Some).map_err(|e| to_pyerr(py, &e.at(field), None))
}

/// The SLA input of one distinct combination `(category, urgency, handling_class, limit)`
/// (each may be None): the category's values, overridden by the explicit ones.
fn input_of(py: Python<'_>, engine: &Engine, key: &Bound<'_, PyAny>) -> PyResult<SlaInput> {
    let t = key.cast::<PyTuple>()?;
    let category: Option<String> = word(py, "category", &t.get_item(0)?)?;
    let urgency: Option<Urgency> = word(py, "urgency", &t.get_item(1)?)?;
    let class: Option<HandlingClass> = word(py, "handling_class", &t.get_item(2)?)?;
    let limit_arg = t.get_item(3)?;
    let limit: Option<Limit> = match limit_arg.extract::<i64>() {
        Ok(n) => {
            Some(Limit::WorkingDays(u32::try_from(n).map_err(|_| to_pyerr(py, &Error::invalid_input("limit", format!("{n} is not a number of days")), None))?))
        }
        Err(_) => word(py, "limit", &limit_arg)?,
    };
    let base = match &category {
        Some(code) => Some(engine.guide().sla_inputs(&[code.as_str()]).map_err(|e| to_pyerr(py, &e.with_field("category"), None))?[0]),
        None => None,
    };
    let (Some(urgency), Some(handling_class)) = (urgency.or(base.map(|b| b.urgency)), class.or(base.map(|b| b.handling_class))) else {
        return Err(to_pyerr(py, &Error::invalid_input("category", "give category codes, or urgency and handling_class"), None));
    };
    let limit = limit.or(base.filter(|b| b.handling_class == handling_class).and_then(|b| b.limit));
    Ok(SlaInput { urgency, handling_class, limit })
}

/// Deadlines of many dispatch instants (`ns`: int64 nanoseconds since the epoch, NaT as
/// `i64::MIN`), each with the SLA input `keys[codes[i]]`: a dict of int64 arrays
/// `<clock>_due_at` / `<clock>_warn_at` (NaT where the clock is absent) and a bool array
/// `provisional`. The core's batch runs without the GIL, over `JIESU_NUM_THREADS` threads.
pub(crate) fn sla_batch<'py>(
    py: Python<'py>,
    engine: &Engine,
    ns: PyReadonlyArray1<'py, i64>,
    codes: PyReadonlyArray1<'py, i64>,
    keys: &Bound<'py, PyList>,
) -> PyResult<Bound<'py, PyDict>> {
    let inputs: Vec<SlaInput> = keys.iter().map(|k| input_of(py, engine, &k)).collect::<PyResult<_>>()?;
    let ns = ns.as_slice()?;
    let codes = codes.as_slice()?;
    let n = ns.len();
    let mut out = vec![BatchDeadlines::default(); n];
    let par = Parallelism::from_env();
    py.detach(|| -> Result<(), jiesu::parallelism::BatchError> {
        if inputs.len() == 1 {
            sla_batch::deadlines(engine.policy(), engine.calendar(), ns, Arg::One(inputs[0]), &mut out, par)
        } else {
            let each: Vec<SlaInput> = codes.iter().map(|&c| inputs.get(c as usize).copied().unwrap_or_default()).collect();
            sla_batch::deadlines(engine.policy(), engine.calendar(), ns, Arg::Each(&each), &mut out, par)
        }
    })
    .map_err(|e| to_pyerr(py, e.error(), Some(e.index())))?;
    let d = PyDict::new(py);
    for (k, clock) in sla_batch::CLOCKS.iter().enumerate() {
        d.set_item(format!("{}_due_at", clock.as_str()), PyArray1::from_iter(py, out.iter().map(|r| r.due_at[k])))?;
        d.set_item(format!("{}_warn_at", clock.as_str()), PyArray1::from_iter(py, out.iter().map(|r| r.warn_at[k])))?;
    }
    d.set_item("provisional", PyArray1::from_iter(py, out.iter().map(|r| r.provisional)))?;
    Ok(d)
}

/// The guide's categories as row dicts (the core's `CategoryRow`).
pub(crate) fn category_rows<'py>(py: Python<'py>, engine: &Engine) -> PyResult<Bound<'py, PyAny>> {
    serialize(py, &engine.guide().category_rows())
}

/// The guide's units as row dicts, each with its parent's name.
pub(crate) fn unit_rows<'py>(py: Python<'py>, engine: &Engine) -> PyResult<Bound<'py, PyAny>> {
    let g = engine.guide();
    let rows = serialize(py, g.units())?;
    for (row, u) in rows.try_iter()?.zip(g.units()) {
        row?.set_item("parent_name", u.parent.as_deref().and_then(|p| g.unit(p)).map(|p| p.name.as_str()))?;
    }
    Ok(rows)
}

/// The SLA inputs of category codes, as row dicts `{"urgency", "handling_class", "limit"}`.
pub(crate) fn sla_inputs<'py>(py: Python<'py>, engine: &Engine, codes: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
    let inputs = engine.guide().sla_inputs(&codes).py_err(py)?;
    serialize(py, &inputs)
}
