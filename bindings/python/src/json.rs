//! JSON between Python and the core: results become plain Python objects (dict, list, str,
//! int, float, bool, None); configuration and decisions given as dicts are serialized with
//! the standard `json` module and parsed by the core (which reports unknown fields precisely).
//!
//! The ticket API (events, actors, commands, alerts, options) converts JSON-like Python objects
//! directly ([`from_py`]): timezone-aware datetimes become RFC 3339 strings (naive ones are
//! refused), dates ISO strings. Views ([`view_to_py`]) give their instants back as aware
//! datetimes in UTC+08:00; events stay the stored JSON (RFC 3339 strings).

use jiesu::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyModule, PySequence, PyString, PyTuple};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::errors::{to_pyerr, type_error};
use crate::sla::{instant, instant_to_py};

/// Deepest nesting [`from_py`] accepts (serde_json's own recursion limit).
const MAX_DEPTH: usize = 128;

static JSON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn json_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    JSON.get_or_try_init(py, || py.import("json").map(Bound::unbind)).map(|m| m.bind(py))
}

/// A serde value as a Python object.
pub(crate) fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A core result as a JSON value (a failure is a bug of jiesu).
fn result_value<T: Serialize + ?Sized>(v: &T) -> PyResult<Value> {
    serde_json::to_value(v).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("internal error serializing a result: {e}")))
}

/// Any serializable core value as a Python object.
pub(crate) fn serialize<'py, T: Serialize + ?Sized>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &result_value(v)?)
}

/// JSON text of a configuration or decision argument: a `str` is taken as JSON text, any
/// other object (a dict) is serialized with `json.dumps`.
pub(crate) fn text_of(py: Python<'_>, x: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = x.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    match json_module(py)?.call_method1("dumps", (x,)) {
        Ok(s) => s.extract(),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) => {
            Err(pyo3::exceptions::PyTypeError::new_err(format!("{what} must be a JSON string or a JSON-serializable dict: {}", e.value(py))))
        }
        Err(e) => Err(e),
    }
}

/// A data argument given as TOML or JSON text, or as a dict.
pub(crate) enum DataText {
    Json(String),
    Toml(String),
}

/// The text of a data argument (a calendar overlay, a guide, a rule set): a `str` is JSON when
/// its first non-blank character is `{` and TOML otherwise (a TOML document starts with a key,
/// a `[table]` or a comment, never with `{`); any other object is serialized to JSON as
/// [`text_of`] does.
pub(crate) fn data_text(py: Python<'_>, x: &Bound<'_, PyAny>, what: &str) -> PyResult<DataText> {
    if let Ok(s) = x.cast::<PyString>() {
        let text = s.to_str()?;
        return Ok(if text.trim_start().starts_with('{') { DataText::Json(text.to_owned()) } else { DataText::Toml(text.to_owned()) });
    }
    text_of(py, x, what).map(DataText::Json)
}

fn type_name(x: &Bound<'_, PyAny>) -> String {
    x.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// A JSON-like Python object as a serde value: dict (str keys) / Mapping, list / tuple /
/// Sequence, str, int, float, bool, None; an aware `datetime` becomes its RFC 3339 text, a
/// `date` its ISO text. `path` names the object in errors (`command.report.answered_at`).
pub(crate) fn from_py(py: Python<'_>, x: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let mut p = path.to_owned();
    from_py_at(py, x, &mut p, 0)
}

fn from_py_at(py: Python<'_>, x: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(to_pyerr(py, &Error::new(ErrorKind::LimitExceeded, format!("nested deeper than {MAX_DEPTH} levels")).with_field(path.as_str()), None));
    }
    if let Ok(s) = x.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(d) = x.cast::<PyDict>() {
        let mut m = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = dict_key(&k, path)?;
            let len = path.len();
            push_key(path, &key);
            let value = from_py_at(py, &v, path, depth + 1)?;
            path.truncate(len);
            m.insert(key, value);
        }
        return Ok(Value::Object(m));
    }
    if let Ok(l) = x.cast::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for (i, v) in l.iter().enumerate() {
            out.push(item_at(py, &v, path, i, depth)?);
        }
        return Ok(Value::Array(out));
    }
    if x.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = x.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = x.cast::<PyInt>() {
        return int_value(py, i.as_any(), path);
    }
    if let Ok(f) = x.cast::<PyFloat>() {
        let v = f.value();
        return serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| to_pyerr(py, &Error::invalid_input(path.as_str(), format!("{v} is not a JSON number")), None));
    }
    if let Ok(t) = x.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for (i, v) in t.iter().enumerate() {
            out.push(item_at(py, &v, path, i, depth)?);
        }
        return Ok(Value::Array(out));
    }
    if x.cast::<PyDateTime>().is_ok() {
        let t = instant(py, x, path)?;
        return Ok(Value::String(t.to_rfc3339()));
    }
    if x.cast::<PyDate>().is_ok() {
        return Ok(Value::String(x.call_method0("isoformat")?.extract()?));
    }
    // numpy booleans (not `bool`, and without `__index__`) and other numpy floats than float64.
    let scalar = x.getattr("ndim").and_then(|n| n.extract::<usize>()).is_ok_and(|n| n == 0);
    if let (true, Ok(kind)) = (scalar, x.getattr("dtype").and_then(|d| d.getattr("kind"))) {
        match kind.extract::<String>().as_deref() {
            Ok("b") => return Ok(Value::Bool(x.is_truthy()?)),
            Ok("f") if x.hasattr("item")? => return from_py_at(py, &x.call_method0("item")?, path, depth),
            _ => {}
        }
    }
    // numpy integers and other objects with __index__.
    if x.hasattr("__index__")? {
        if let Ok(i) = x.call_method0("__index__") {
            return int_value(py, &i, path);
        }
    }
    if let Ok(m) = x.cast::<PyMapping>() {
        let mut out = Map::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = dict_key(&k, path)?;
            let len = path.len();
            push_key(path, &key);
            let value = from_py_at(py, &v, path, depth + 1)?;
            path.truncate(len);
            out.insert(key, value);
        }
        return Ok(Value::Object(out));
    }
    if let (Ok(seq), false) = (x.cast::<PySequence>(), x.hasattr("decode")?) {
        let mut out = Vec::new();
        for (i, v) in seq.try_iter()?.enumerate() {
            out.push(item_at(py, &v?, path, i, depth)?);
        }
        return Ok(Value::Array(out));
    }
    Err(type_error(format!(
        "{}: a {} is not JSON-like (expected dict, list, str, int, float, bool, None or an aware datetime)",
        if path.is_empty() { "value" } else { path.as_str() },
        type_name(x)
    )))
}

/// An item of a history or an alert list as a serde value, read as a row of a table as well
/// as a dict (a record of `DataFrame.to_dict("records")`): a top-level key whose value is
/// missing — `None`, NaN, pandas' `NA` or `NaT` — is absent; a top-level float with an
/// integral value is that integer (pandas stores an integer column with gaps as float64:
/// `seq` 3.0 is 3); a naive pandas `Timestamp` there is UTC (what pandas' date conversion
/// gives). Nested values are converted as [`from_py`] does. The events' own rules stay the
/// core's: a float that is not integral is passed on for the core to refuse.
pub(crate) fn record_from_py(py: Python<'_>, x: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let Ok(d) = x.cast::<PyDict>() else { return from_py(py, x, path) };
    let mut p = path.to_owned();
    let mut m = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key = dict_key(&k, &p)?;
        if is_missing(&v)? {
            continue;
        }
        let len = p.len();
        push_key(&mut p, &key);
        let v = if is_pandas(&v, "Timestamp")? && v.getattr("tzinfo")?.is_none() { v.call_method1("tz_localize", ("UTC",))? } else { v };
        let value = match from_py_at(py, &v, &mut p, 1)? {
            Value::Number(n) => integral(&n).map_or(Value::Number(n), Value::from),
            value => value,
        };
        p.truncate(len);
        m.insert(key, value);
    }
    Ok(Value::Object(m))
}

/// The integer a float number holds exactly, if it does.
fn integral(n: &serde_json::Number) -> Option<i64> {
    let f = n.as_f64().filter(|_| n.is_f64())?;
    // i64::MAX as f64 rounds up to 2^63: the bound is exclusive.
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

/// Whether `x` is an instance of pandas' type `name` (pandas is not imported for this: an
/// object of pandas means pandas is already loaded).
fn is_pandas(x: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    let t = x.get_type();
    Ok(t.name()?.to_str()? == name && t.module()?.to_str()?.starts_with("pandas"))
}

/// Whether `x` is a missing value of a table: `None`, NaN, pandas' `NA` or `NaT`.
fn is_missing(x: &Bound<'_, PyAny>) -> PyResult<bool> {
    if x.is_none() {
        return Ok(true);
    }
    if let Ok(f) = x.cast::<PyFloat>() {
        return Ok(f.value().is_nan());
    }
    if x.cast::<PyString>().is_ok() || x.cast::<PyDict>().is_ok() || x.cast::<PyList>().is_ok() || x.cast::<PyInt>().is_ok() {
        return Ok(false);
    }
    Ok(is_pandas(x, "NAType")? || is_pandas(x, "NaTType")?)
}

/// Whether `x` is a pandas `DataFrame` (pandas is not imported for this).
pub(crate) fn is_data_frame(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<bool> {
    let modules = py.import("sys")?.getattr("modules")?;
    let Some(pandas) = modules.cast::<PyDict>()?.get_item("pandas")? else { return Ok(false) };
    x.is_instance(&pandas.getattr("DataFrame")?)
}

fn item_at(py: Python<'_>, v: &Bound<'_, PyAny>, path: &mut String, i: usize, depth: usize) -> PyResult<Value> {
    let len = path.len();
    path.push_str(&format!("[{i}]"));
    let value = from_py_at(py, v, path, depth + 1);
    path.truncate(len);
    value
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn dict_key(k: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    match k.cast::<PyString>() {
        Ok(s) => Ok(s.to_str()?.to_owned()),
        Err(_) => Err(type_error(format!("{}: keys must be str, not {}", if path.is_empty() { "value" } else { path }, type_name(k)))),
    }
}

fn int_value(py: Python<'_>, i: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if let Ok(v) = i.extract::<i64>() {
        return Ok(Value::from(v));
    }
    if let Ok(v) = i.extract::<u64>() {
        return Ok(Value::from(v));
    }
    Err(to_pyerr(py, &Error::invalid_input(path, format!("integer {i} is out of range")), None))
}

/// A view (state, evaluation, bulletin) as Python objects, with the instants (RFC 3339
/// strings under the fields the core's `jiesu::views::is_instant_field` names) as aware
/// datetimes in UTC+08:00.
pub(crate) fn view_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(view_to_py(py, x)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                match x {
                    Value::String(s) if jiesu::views::is_instant_field(k) => match chrono::DateTime::parse_from_rfc3339(s) {
                        Ok(t) => d.set_item(k, instant_to_py(py, t)?)?,
                        Err(_) => d.set_item(k, s)?,
                    },
                    _ => d.set_item(k, view_to_py(py, x)?)?,
                }
            }
            Ok(d.into_any())
        }
        _ => to_py(py, v),
    }
}

/// Any serializable core value as a view ([`view_to_py`]).
pub(crate) fn serialize_view<'py, T: Serialize + ?Sized>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    view_to_py(py, &result_value(v)?)
}
