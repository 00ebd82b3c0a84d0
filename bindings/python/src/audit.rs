//! Checking what the platform stored (R-FLOW-5): verification results as dicts,
//! `jiesu.verify_archive`, `jiesu.compute_hash`, and the event-log audit behind
//! `Engine.verify_log`.

use jiesu::engine::Engine;
use jiesu::ticket::{self as core_ticket, Event};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{guard, to_pyerr, IntoPy};
use crate::json::{from_py, serialize};
use crate::ticket;

/// A verification as a dict: `{"intact", "events", "problem"}` (`problem` None when intact).
pub(crate) fn verification<'py>(py: Python<'py>, v: &core_ticket::Verification) -> PyResult<Bound<'py, PyAny>> {
    let out = serialize(py, v)?;
    if v.problem.is_none() {
        out.set_item("problem", py.None())?;
    }
    Ok(out)
}

/// Verifies an archived file (from ``Engine.archive``, as a dict or its JSON text): the hash
/// chain, and that it ends at the recorded final hash with the recorded number of events, so
/// that a truncated file is detected (``kind == "truncated"``). Returns ``{"intact", "events",
/// "problem"}`` as ``Engine.verify``.
///
/// >>> jiesu.verify_archive({"schema_version": 1, "ticket_id": "x", "event_count": 1,
/// ...     "final_hash": "00", "events": []})["problem"]["kind"]
/// 'truncated'
#[pyfunction]
pub(crate) fn verify_archive<'py>(py: Python<'py>, archive: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let v = archive_verification(py, archive, None)?;
        verification(py, &v)
    })
}

/// An `archive` argument (JSON text or a dict) verified by the core, its events read leniently
/// (an archived event that no longer reads as one is `intact: false` at its index); by
/// `engine` (its chain keys) or, without one, the public chain only.
pub(crate) fn archive_verification(py: Python<'_>, archive: &Bound<'_, PyAny>, engine: Option<&Engine>) -> PyResult<core_ticket::Verification> {
    let v = if let Ok(s) = archive.cast::<PyString>() {
        let text = s.to_str()?.to_owned();
        py.detach(|| match engine {
            Some(engine) => engine.verify_archive_text(&text),
            None => core_ticket::verify_archive_text(&text),
        })
        .map_err(|e| e.located("invalid JSON"))
    } else {
        let value = from_py(py, archive, "archive")?;
        py.detach(|| match engine {
            Some(engine) => engine.verify_archive_value(value),
            None => core_ticket::verify_archive_value(value),
        })
    };
    v.map_err(|e| to_pyerr(py, &e.at("archive"), None))
}

/// The canonical hash (hex SHA-256) an event must carry — what ``Engine.handle`` writes and
/// ``Engine.verify`` checks — for integrators that build or check events themselves.
///
/// >>> jiesu.compute_hash(events[0]) == events[0]["hash"]
/// True
#[pyfunction]
pub(crate) fn compute_hash(py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(py, || {
        let e: Event = ticket::parse_event_arg(py, event, "event")?;
        core_ticket::compute_hash(&e).py_err(py)
    })
}

/// An event log audited by `engine` (`Engine.verify_log`): the log argument read as
/// `ticket::log_text` reads it, the audit run by the core without the GIL (over the threads
/// `JIESU_NUM_THREADS` allows); each ticket's entry as a dict, its `problem` and `line` None
/// when it is intact.
pub(crate) fn verify_log<'py>(py: Python<'py>, engine: &Engine, log: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let source = ticket::log_arg(py, log)?;
    let audit = py
        .detach(|| -> Result<core_ticket::LogVerification, ticket::LoadError> {
            let text = ticket::log_text(source, engine.limits())?;
            Ok(engine.verify_log(&text, jiesu::parallelism::Parallelism::from_env())?)
        })
        .map_err(|e| e.into_py(py))?;
    let out = serialize(py, &audit)?;
    for (t, entry) in out.get_item("tickets")?.try_iter()?.zip(&audit.tickets) {
        let t = t?;
        if entry.line.is_none() {
            t.set_item("line", py.None())?;
        }
        if entry.verification.problem.is_none() {
            t.set_item("problem", py.None())?;
        }
    }
    Ok(out)
}
