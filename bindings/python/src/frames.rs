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

use crate::errors::{to_pyerr, type_error, IntoPy};
use crate::json::{from_py, serialize};
use jiesu::calendar::batch::NAT;

/// The records of a table given column by column (`jiesu._frames.records`: `(rows, {column:
/// (kind, values)})`, kinds `instants` (int64 ns, NaT = `i64::MIN`), `bools` and `values` (a
/// list, None for missing)). Errors name the row and column (`records[3].role`).
pub(crate) fn records_arg(py: Python<'_>, table: &Bound<'_, PyAny>) -> PyResult<Vec<TicketRecord>> {
    let (n, cols): (usize, Bound<'_, PyDict>) = table.extract()?;
    let bad = |i: usize, col: &str, msg: String| to_pyerr(py, &Error::invalid_input(col, msg).at(format_args!("records[{i}]")), None);
    for required in ["ticket_id", "dispatched_at"] {
        if !cols.contains(required)? {
            return Err(to_pyerr(py, &Error::invalid_input(required, format!("records: the column {required:?} is required")), None));
        }
    }
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH.fixed_offset();
    let mut out: Vec<TicketRecord> = (0..n).map(|_| TicketRecord::new(String::new(), epoch)).collect();
    for (name, col) in cols.iter() {
        let name: String = name.extract()?;
        let (kind, values): (String, Bound<'_, PyAny>) = col.extract()?;
        match kind.as_str() {
            "instants" => {
                let ns: numpy::PyReadonlyArray1<'_, i64> = values.extract()?;
                let ns = ns.as_slice()?;
                if ns.len() != n {
                    return Err(bad(0, &name, format!("{} values for {n} rows", ns.len())));
                }
                for (i, (r, &t)) in out.iter_mut().zip(ns).enumerate() {
                    let at = (t != NAT).then(|| jiesu::calendar::to_cst(chrono::DateTime::from_timestamp_nanos(t)));
                    let slot = match name.as_str() {
                        "dispatched_at" => {
                            r.dispatched_at = at.ok_or_else(|| bad(i, &name, "dispatched_at is missing".into()))?;
                            continue;
                        }
                        "completion_due_at" => &mut r.completion_due_at,
                        "completed_at" => &mut r.completed_at,
                        "closed_at" => &mut r.closed_at,
                        "assigned_at" => &mut r.assigned_at,
                        "response_due_at" => &mut r.response_due_at,
                        "acknowledged_at" => &mut r.acknowledged_at,
                        "contacted_at" => &mut r.contacted_at,
                        _ => return Err(bad(i, &name, "not an instant column".into())),
                    };
                    *slot = at;
                }
            }
            "bools" | "values" => {
                let items: Vec<Bound<'_, PyAny>> = values.try_iter()?.collect::<PyResult<_>>()?;
                if items.len() != n {
                    return Err(bad(0, &name, format!("{} values for {n} rows", items.len())));
                }
                for (i, (r, v)) in out.iter_mut().zip(&items).enumerate() {
                    set_value(py, r, &name, i, v).map_err(|e| {
                        if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) {
                            bad(i, &name, e.value(py).to_string())
                        } else {
                            e
                        }
                    })?;
                    if name == "dispatched_at" {
                        return Err(bad(i, &name, "dispatched_at must be a column of aware instants".into()));
                    }
                }
            }
            _ => return Err(type_error(format!("records: unknown column kind {kind:?}"))),
        }
    }
    for (i, r) in out.iter().enumerate() {
        if r.ticket_id.is_empty() {
            return Err(bad(i, "ticket_id", "ticket_id is missing or empty".into()));
        }
    }
    Ok(out)
}

/// One value of a column (`None`: missing) into its field; a `TypeError` for a value of the
/// wrong type, an error of the core for a word it does not know.
fn set_value(py: Python<'_>, r: &mut TicketRecord, name: &str, i: usize, v: &Bound<'_, PyAny>) -> PyResult<()> {
    let text = |v: &Bound<'_, PyAny>| -> PyResult<Option<String>> {
        if v.is_none() {
            return Ok(None);
        }
        v.extract::<String>()
            .map(Some)
            .map_err(|_| type_error(format!("expected a string, not {}", v.get_type().name().map(|n| n.to_string()).unwrap_or_default())))
    };
    let flag = |v: &Bound<'_, PyAny>| -> PyResult<bool> {
        if v.is_none() {
            return Ok(false);
        }
        v.extract::<bool>().map_err(|_| type_error(format!("expected a bool, not {}", v.get_type().name().map(|n| n.to_string()).unwrap_or_default())))
    };
    match name {
        "ticket_id" => r.ticket_id = text(v)?.unwrap_or_default(),
        "category" => r.category = text(v)?,
        "township" => r.township = text(v)?,
        "unit" => r.unit = text(v)?,
        "urgency" => r.urgency = word_at(py, name, Some(i), v)?,
        "handling_class" => r.handling_class = word_at(py, name, Some(i), v)?,
        "domain" => r.domain = word_at(py, name, Some(i), v)?,
        "callback" => r.callback = word_at(py, name, Some(i), v)?,
        "role" => r.role = word_at(py, name, Some(i), v)?,
        "limit" => {
            r.limit = match v.extract::<i64>() {
                Ok(n) => Some(Limit::WorkingDays(u32::try_from(n).map_err(|_| type_error(format!("limit {n} is not a number of days")))?)),
                Err(_) => word_at(py, name, Some(i), v)?,
            }
        }
        "unreasonable" => r.unreasonable = flag(v)?,
        "solved" => r.solved = flag(v)?,
        "extended" => r.extended = flag(v)?,
        "reworked" => r.reworked = flag(v)?,
        "supervised" => r.supervised = flag(v)?,
        "repeat" => r.repeat = flag(v)?,
        "return_requested" => r.return_requested = flag(v)?,
        _ => {}
    }
    Ok(())
}

/// The columns of a record table, for `jiesu._frames`.
pub(crate) fn record_columns() -> Vec<&'static str> {
    RECORD_COLUMNS.to_vec()
}

fn word<T: serde::de::DeserializeOwned>(py: Python<'_>, field: &str, x: &Bound<'_, PyAny>) -> PyResult<Option<T>> {
    word_at(py, field, None, x)
}

/// A word (an enum's snake_case name, or its JSON) of field `field`, of row `row` if given.
fn word_at<T: serde::de::DeserializeOwned>(py: Python<'_>, field: &str, row: Option<usize>, x: &Bound<'_, PyAny>) -> PyResult<Option<T>> {
    if x.is_none() {
        return Ok(None);
    }
    let v = from_py(py, x, field)?;
    jiesu::json::from_value(v).map(Some).map_err(|e| {
        let e = e.at(field);
        to_pyerr(
            py,
            &match row {
                Some(i) => e.at(format_args!("records[{i}]")),
                None => e,
            },
            None,
        )
    })
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
