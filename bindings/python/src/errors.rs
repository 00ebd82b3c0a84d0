//! jiesu errors as Python exceptions, and the panic guard.
//!
//! The exception classes live in `jiesu/errors.py` (so that they can inherit from both
//! `JiesuError` and `ValueError`, carry attributes and pickle); this module imports them once
//! and raises the one matching the core error's kind, with its message, field, rule, year,
//! problems and, for a batch call, the flat index of the failing element.

use std::panic::{catch_unwind, AssertUnwindSafe};

use jiesu::{Error, ErrorKind};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyTuple};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS.get_or_try_init(py, || py.import("jiesu.errors").map(Bound::unbind)).map(|m| m.bind(py))
}

/// The snake_case name of an error kind (the `kind` attribute of the exception).
pub(crate) fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "invalid_input",
        ErrorKind::Parse => "parse",
        ErrorKind::Validation => "validation",
        ErrorKind::Coverage => "coverage",
        ErrorKind::PermissionDenied => "permission_denied",
        ErrorKind::InvalidTransition => "invalid_transition",
        ErrorKind::LimitExceeded => "limit_exceeded",
        _ => "internal",
    }
}

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "InvalidInput",
        ErrorKind::Parse => "ParseError",
        ErrorKind::Validation => "ValidationError",
        ErrorKind::Coverage => "CoverageError",
        ErrorKind::PermissionDenied => "PermissionDenied",
        ErrorKind::InvalidTransition => "InvalidTransition",
        ErrorKind::LimitExceeded => "LimitExceeded",
        _ => "JiesuError",
    }
}

/// The message shown to Python: the core's `Display` (message, field, rule), with numpy's
/// spelling where the binding promises numpy's errors, and the failing element of a batch.
fn message(e: &Error, index: Option<usize>) -> String {
    let mut text = e.to_string();
    // numpy raises ValueError("Non-business day date in busday_offset"); keep its spelling.
    if let Some(rest) = text.strip_prefix("non-business day date in busday_offset") {
        text = format!("Non-business day date in busday_offset{rest}");
    }
    if let Some(i) = index {
        text.push_str(&format!(" (at index {i})"));
    }
    text
}

/// The Python exception for a core error; `index` is the flat (C-order) index of the failing
/// element of a batch call.
pub(crate) fn to_pyerr(py: Python<'_>, e: &Error, index: Option<usize>) -> PyErr {
    let msg = message(e, index);
    let build = || -> PyResult<PyErr> {
        let module = errors_module(py)?;
        let cls = module.getattr(class_name(e.kind()))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", kind_name(e.kind()))?;
        kwargs.set_item("field", e.field())?;
        kwargs.set_item("rule", e.rule())?;
        kwargs.set_item("year", e.year())?;
        let problems = PyList::empty(py);
        for p in e.problems() {
            problems.append(PyTuple::new(py, [p.path.as_str(), p.message.as_str()])?)?;
        }
        kwargs.set_item("problems", problems)?;
        kwargs.set_item("index", index)?;
        let exc = cls.call((msg.clone(),), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    };
    match build() {
        Ok(err) => err,
        // Only when the `jiesu` package itself is broken; still a precise message.
        Err(_) => match e.kind() {
            ErrorKind::Coverage | ErrorKind::PermissionDenied => PyRuntimeError::new_err(msg),
            _ => PyValueError::new_err(msg),
        },
    }
}

/// Shorthand: a core `Result` to a `PyResult`.
pub(crate) trait IntoPy<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for jiesu::Result<T> {
    #[inline]
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, &e, None))
    }
}

/// An `InvalidInput` error about `field`.
pub(crate) fn invalid(py: Python<'_>, field: &str, msg: impl Into<String>) -> PyErr {
    to_pyerr(py, &Error::invalid_input(field, msg), None)
}

/// A `TypeError` (wrong Python type, as numpy and the standard library raise).
pub(crate) fn type_error(msg: impl Into<String>) -> PyErr {
    PyTypeError::new_err(msg.into())
}

/// Runs `f`, turning a Rust panic into `jiesu.JiesuError` (kind `internal`) instead of
/// PyO3's `PanicException` (a `BaseException` that `except Exception` does not catch).
#[inline]
pub(crate) fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(internal(py, payload)),
    }
}

#[cold]
fn internal(py: Python<'_>, payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what =
        payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_else(|| "unknown panic".into());
    let msg = format!("internal error in jiesu (a bug; please report it): {what}");
    let build = || -> PyResult<PyErr> {
        let cls = errors_module(py)?.getattr("JiesuError")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", "internal")?;
        Ok(PyErr::from_value(cls.call((msg.clone(),), Some(&kwargs))?))
    };
    build().unwrap_or_else(|_| PyRuntimeError::new_err(msg))
}
