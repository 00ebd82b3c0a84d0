//! JSON between Python and the core: results become plain Python objects (dict, list, str,
//! int, float, bool, None); configuration and decisions given as dicts are serialized with
//! the standard `json` module and parsed by the core (which reports unknown fields precisely).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyString};
use serde::Serialize;
use serde_json::Value;

static JSON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn json_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    JSON.get_or_try_init(py, || py.import("json").map(Bound::unbind))
        .map(|m| m.bind(py))
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

/// Any serializable core value as a Python object.
pub(crate) fn serialize<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    v: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v).map_err(|e| {
        pyo3::exceptions::PyRuntimeError::new_err(format!(
            "internal error serializing a result: {e}"
        ))
    })?;
    to_py(py, &value)
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
            Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "{what} must be a JSON string or a JSON-serializable dict: {}",
                e.value(py)
            )))
        }
        Err(e) => Err(e),
    }
}
