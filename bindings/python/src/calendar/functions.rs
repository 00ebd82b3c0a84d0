//! The module's functions beside `Calendar`: `parse_notice`, and the internal
//! `_calendar_from_state` (unpickling) and `_panic_for_test`.

use jiesu::calendar::Notice;
use jiesu::parallelism::Parallelism;
use pyo3::prelude::*;
use pyo3::types::PyString;

use super::PyCalendar;
use crate::errors::{guard, invalid, IntoPy};
use crate::json::serialize;

/// The State Council's holiday notice for a year, pasted as text, read and checked into
/// calendar data (a national overlay of ``CN``): ``format="toml"`` (default) renders it as TOML
/// in the layout of ``data/calendar/cn.toml`` with each entry's sentences as comments, for
/// review and commit; ``"json"`` as JSON text; ``"dict"`` as a dict. ``year`` is the year the
/// notice arranges, read from the text when ``None``.
///
/// >>> data = jiesu.parse_notice("一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。", year=2019, format="dict")
/// >>> data["festivals"][0]["holidays"], data["festivals"][0]["workdays"]
/// (['2018-12-30..2019-01-01'], ['2018-12-29'])
#[pyfunction]
#[pyo3(signature = (text, year = None, format = "toml"))]
pub fn parse_notice<'py>(py: Python<'py>, text: &str, year: Option<i32>, format: &str) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        if !matches!(format, "toml" | "json" | "dict") {
            return Err(invalid(py, "format", format!("unknown format {format:?}: expected \"toml\", \"json\" or \"dict\"")));
        }
        let notice = Notice::parse(text, year).py_err(py)?;
        match format {
            "toml" => Ok(PyString::new(py, &notice.to_toml()).into_any()),
            "json" => Ok(PyString::new(py, &notice.to_json()).into_any()),
            _ => serialize(py, notice.data()),
        }
    })
}

/// Rebuilds a calendar from its pickled state.
#[pyfunction]
pub fn _calendar_from_state(py: Python<'_>, state: &str) -> PyResult<PyCalendar> {
    guard(py, || PyCalendar::from_state(state).py_err(py).map(PyCalendar::wrap))
}

/// Used by the test suite: a panic inside a guarded call must surface as `JiesuError`, whether
/// it happens with the GIL (`"here"`), in a GIL-free section (`"detached"`) or in a worker thread
/// of a parallel batch (`"thread"`).
#[pyfunction]
#[pyo3(signature = (message, place = "here"))]
pub fn _panic_for_test(py: Python<'_>, message: &str, place: &str) -> PyResult<()> {
    guard(py, || match place {
        "detached" => py.detach(|| panic!("{message}")),
        "thread" => {
            // The core's batch runner on two threads: the helper thread panics, the calling
            // thread waits for it (at most 10 s) so that the panic is a helper's.
            let caller = std::thread::current().id();
            let helper_ran = std::sync::atomic::AtomicBool::new(false);
            let waited = std::time::Instant::now();
            let _ = py.detach(|| {
                Parallelism::threads(2).try_map((0..1024).collect::<Vec<i32>>(), 2, |_, x| {
                    if std::thread::current().id() != caller {
                        helper_ran.store(true, std::sync::atomic::Ordering::Relaxed);
                        panic!("{message}")
                    }
                    while !helper_ran.load(std::sync::atomic::Ordering::Relaxed) && waited.elapsed() < std::time::Duration::from_secs(10) {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    Ok(x)
                })
            });
            Ok(())
        }
        _ => panic!("{message}"),
    })
}
