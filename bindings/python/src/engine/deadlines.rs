//! `Engine`'s SLA deadlines with its calendar and policy: for one ticket, and for many at once
//! (`deadlines_frame`, over the core's batch).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::{import_pandas, PyEngine};
use crate::errors::guard;
use crate::frames;
use crate::sla;

#[pymethods]
impl PyEngine {
    /// ``SlaPolicy.deadlines`` with this engine's calendar and policy.
    #[pyo3(signature = (dispatched_at, urgency, handling_class, statutory = None, *, complex_days = None))]
    fn deadlines<'py>(
        &self,
        py: Python<'py>,
        dispatched_at: &Bound<'py, PyAny>,
        urgency: &str,
        handling_class: &str,
        statutory: Option<&Bound<'py, PyAny>>,
        complex_days: Option<u32>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || sla::deadlines(py, self.inner.policy(), self.inner.calendar(), dispatched_at, urgency, handling_class, statutory, complex_days))
    }

    /// ``deadlines`` for many tickets at once: ``dispatched_at`` is a timezone-aware pandas
    /// Series / DatetimeIndex, a list of aware datetimes, or naive ``datetime64`` values with
    /// ``tz`` (their zone, e.g. ``"Asia/Shanghai"``); NaT gives NaT. The SLA input is
    /// ``category`` (codes: the guide's urgency, class and limit) and/or ``urgency``,
    /// ``handling_class``, ``limit`` (an int of working days or ``{"calendar_days": n}``),
    /// each a scalar or one value per row, explicit values overriding the category's.
    /// Returns a DataFrame (the Series' index, if any) with ``<clock>_due_at`` and
    /// ``<clock>_warn_at`` for ``response``, ``return_window``, ``first_feedback`` (NaT when
    /// not urgent) and ``completion``, as ``datetime64[ns, UTC+08:00]``, and ``provisional``.
    /// Computed in the core without the GIL (``JIESU_NUM_THREADS`` threads); equal to
    /// ``deadlines`` row by row. Errors name the row (``.index``). ``progress``: a callable
    /// ``progress(done, total)`` called after each block of 262 144 rows, or ``True`` for a
    /// ``tqdm`` bar when tqdm is installed (an optional dependency: nothing shows without it).
    ///
    /// >>> import pandas as pd
    /// >>> at = pd.Series(pd.to_datetime(["2026-02-13 16:00", "2026-03-02 10:00"]).tz_localize("Asia/Shanghai"))
    /// >>> d = eng.deadlines_frame(at, "urgent", "urgent")
    /// >>> [x.isoformat() for x in d["completion_due_at"]]
    /// ['2026-02-26T00:00:00+08:00', '2026-03-06T00:00:00+08:00']
    #[pyo3(signature = (dispatched_at, urgency = None, handling_class = None, limit = None, *, category = None, tz = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn deadlines_frame<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        dispatched_at: &Bound<'py, PyAny>,
        urgency: Option<&Bound<'py, PyAny>>,
        handling_class: Option<&Bound<'py, PyAny>>,
        limit: Option<&Bound<'py, PyAny>>,
        category: Option<&Bound<'py, PyAny>>,
        tz: Option<&Bound<'py, PyAny>>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            import_pandas(py)?;
            py.import("jiesu._frames")?.call_method1("deadlines_frame", (slf, dispatched_at, urgency, handling_class, limit, category, tz, progress))
        })
    }

    /// The core's batch of ``deadlines_frame`` (int64 nanoseconds in and out).
    fn _sla_batch<'py>(
        &self,
        py: Python<'py>,
        ns: numpy::PyReadonlyArray1<'py, i64>,
        codes: numpy::PyReadonlyArray1<'py, i64>,
        keys: &Bound<'py, PyList>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || frames::sla_batch(py, &self.inner, ns, codes, keys))
    }
}
