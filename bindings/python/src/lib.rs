//! Python bindings of jiesu (PyO3): the extension module `jiesu._jiesu` of the `jiesu`
//! package (`python/jiesu`, built by maturin from the root `pyproject.toml`).
//!
//! Thin layer over the core: `Calendar` (scalar fast paths; numpy `datetime64[D]` batches run
//! over the core's `*_epoch` functions without the GIL, split over the cores for long arrays),
//! `SlaPolicy` (deadlines as timezone-aware datetimes), `Engine` (calendar + policy + guide +
//! escalation rules, and the ticket lifecycle, escalation and assessment over event lists;
//! see `ticket`), `verify_archive`, `compute_hash`, `parse_notice`.
//! Core errors become the exceptions of `jiesu.errors`; a Rust panic becomes
//! `jiesu.JiesuError` (kind `internal`), never PyO3's `PanicException`.
//!
//! The doc comments of the `#[pyfunction]`s, `#[pyclass]`es and their methods are the Python
//! docstrings (`help(jiesu.Engine.replay)`), written in Python's notation — `events[0]`,
//! `row["kind"]`, `datetime64[D]` — which rustdoc would read as links: its link check is off
//! for this crate only (`make lint` documents its private items with every other warning
//! denied).
#![allow(rustdoc::broken_intra_doc_links)]

use pyo3::prelude::*;

mod audit;
mod calendar;
mod compat;
mod days;
mod engine;
mod errors;
mod frames;
mod json;
mod sla;
mod ticket;

/// The version of the core this extension was built against.
pub fn core_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Native part of the ``jiesu`` package (import ``jiesu`` instead).
#[pymodule]
fn _jiesu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", core_version())?;
    m.add("CST", sla::cst(py)?)?;
    m.add("RECORD_COLUMNS", pyo3::types::PyTuple::new(py, frames::record_columns())?)?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<sla::PySlaPolicy>()?;
    m.add_class::<engine::PyEngine>()?;
    m.add_function(wrap_pyfunction!(audit::verify_archive, m)?)?;
    m.add_function(wrap_pyfunction!(audit::compute_hash, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::parse_notice, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::_calendar_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::_panic_for_test, m)?)?;
    m.add_function(wrap_pyfunction!(compat::_chinesecalendar_days, m)?)?;
    m.add_function(wrap_pyfunction!(compat::_chinesecalendar_errata, m)?)?;
    Ok(())
}
