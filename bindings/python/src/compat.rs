//! Data for the drop-ins of `jiesu.compat` (no rules here: the core holds them as data).

use jiesu::calendar::{epoch_day, Calendar, PackageAttribution};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::days::day_to_date;
use crate::errors::{guard, IntoPy};

/// The built-in ``CN`` calendar's days as the ``chinesecalendar`` package (1.11.0) attributes
/// them, for ``jiesu.compat.chinese_calendar``: ``(holidays, workdays, in_lieu)`` — two dicts
/// ``{date: festival id}`` and the list of in-lieu dates, in order. Where the package
/// contradicts a State Council notice they follow the notice (see ``_chinesecalendar_errata``).
#[pyfunction]
pub fn _chinesecalendar_days(py: Python<'_>) -> PyResult<(Bound<'_, PyDict>, Bound<'_, PyDict>, Bound<'_, PyList>)> {
    guard(py, || {
        let days = PackageAttribution::chinesecalendar().days(&Calendar::cn()).py_err(py)?;
        let holidays = PyDict::new(py);
        for (d, f) in &days.holidays {
            holidays.set_item(day_to_date(py, epoch_day(*d))?, f)?;
        }
        let workdays = PyDict::new(py);
        for (d, f) in &days.workdays {
            workdays.set_item(day_to_date(py, epoch_day(*d))?, f)?;
        }
        let in_lieu = PyList::empty(py);
        for d in &days.in_lieu {
            in_lieu.append(day_to_date(py, epoch_day(*d))?)?;
        }
        Ok((holidays, workdays, in_lieu))
    })
}

/// The days where ``chinesecalendar`` (1.11.0) contradicts a State Council notice and the
/// drop-in follows the notice: ``[(date, notice, note)]``.
#[pyfunction]
pub fn _chinesecalendar_errata(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    guard(py, || {
        let out = PyList::empty(py);
        for e in PackageAttribution::chinesecalendar().errata {
            out.append((day_to_date(py, epoch_day(e.date))?, e.notice, e.note))?;
        }
        Ok(out)
    })
}
