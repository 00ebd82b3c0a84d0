//! `jiesu.SlaPolicy`: the SLA clocks of a dispatched ticket, with timezone-aware datetimes.

use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use jiesu::calendar::Calendar;
use jiesu::sla::{Deadlines, HandlingClass, Limit, SlaInput, SlaPolicy, Urgency};
use jiesu::{Error, Problem};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyInt, PyTimeAccess, PyTzInfo, PyTzInfoAccess};

use crate::calendar::PyCalendar;
use crate::errors::{guard, invalid, to_pyerr, type_error, IntoPy};
use crate::json::{serialize, text_of};

static CST: PyOnceLock<Py<PyTzInfo>> = PyOnceLock::new();

/// China Standard Time as a `datetime.timezone` (UTC+08:00), shared by every result.
pub(crate) fn cst(py: Python<'_>) -> PyResult<&Bound<'_, PyTzInfo>> {
    CST.get_or_try_init(py, || {
        let delta = chrono::TimeDelta::seconds(jiesu::calendar::CST_OFFSET_SECONDS as i64);
        PyTzInfo::fixed_offset(py, delta).map(Bound::unbind)
    })
    .map(|t| t.bind(py))
}

/// A timezone-aware `datetime.datetime` as an instant. Naive datetimes are refused: the zone
/// of a timestamp is data, not something to guess.
pub(crate) fn instant(py: Python<'_>, x: &Bound<'_, PyAny>, field: &str) -> PyResult<DateTime<FixedOffset>> {
    let dt = x.cast::<PyDateTime>().map_err(|_| {
        let many = x.hasattr("__len__").unwrap_or(false) && field == "dispatched_at";
        type_error(format!(
            "{field} must be a timezone-aware datetime.datetime, not {}{}",
            x.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into()),
            if many { "; for many dispatch instants (a Series, an array) use Engine.deadlines_frame" } else { "" }
        ))
    })?;
    // The offset in force at that local time (any tzinfo: fixed, zoneinfo, pytz, pandas).
    let offset = match dt.get_tzinfo() {
        None => None,
        Some(tz) => {
            let off = tz.call_method1("utcoffset", (dt,))?;
            if off.is_none() {
                None
            } else {
                let d = off.cast::<PyDelta>().map_err(|_| type_error(format!("{field}: tzinfo.utcoffset() did not return a timedelta")))?;
                Some(d.get_days() as i64 * 86_400 + d.get_seconds() as i64)
            }
        }
    };
    let Some(offset) = offset else {
        return Err(invalid(
            py,
            field,
            format!(
                "{} is a naive datetime: give a timezone-aware one, e.g. with tzinfo=jiesu.CST \
                 (UTC+08:00) or ZoneInfo(\"Asia/Shanghai\"); jiesu does not guess the zone",
                dt.repr()?
            ),
        ));
    };
    let fixed =
        i32::try_from(offset).ok().and_then(FixedOffset::east_opt).ok_or_else(|| invalid(py, field, format!("UTC offset of {offset} s is out of range")))?;
    let local = chrono::NaiveDate::from_ymd_opt(dt.get_year(), dt.get_month() as u32, dt.get_day() as u32)
        .and_then(|d| d.and_hms_micro_opt(dt.get_hour() as u32, dt.get_minute() as u32, dt.get_second() as u32, dt.get_microsecond()))
        .ok_or_else(|| invalid(py, field, "not a valid date and time"))?;
    local.and_local_timezone(fixed).single().ok_or_else(|| invalid(py, field, "not a valid instant"))
}

/// An instant as a `datetime.datetime` in CST (UTC+08:00).
pub(crate) fn instant_to_py<'py>(py: Python<'py>, t: DateTime<FixedOffset>) -> PyResult<Bound<'py, PyDateTime>> {
    let t = jiesu::calendar::to_cst(t);
    PyDateTime::new(py, t.year(), t.month() as u8, t.day() as u8, t.hour() as u8, t.minute() as u8, t.second() as u8, t.nanosecond() / 1000, Some(cst(py)?))
}

/// `{clock: {"due_at": datetime, "warn_at": datetime, "provisional": bool}}`, in the order
/// response, return_window, first_feedback (urgent only), completion.
pub(crate) fn deadlines_to_py<'py>(py: Python<'py>, d: &Deadlines) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    for c in &d.clocks {
        let item = PyDict::new(py);
        item.set_item("due_at", instant_to_py(py, c.due_at)?)?;
        item.set_item("warn_at", instant_to_py(py, c.warn_at)?)?;
        item.set_item("provisional", c.provisional)?;
        out.set_item(c.clock.as_str(), item)?;
    }
    Ok(out)
}

fn parse_word<T: serde::de::DeserializeOwned>(py: Python<'_>, field: &str, word: &str, expected: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(word.to_owned())).map_err(|_| invalid(py, field, format!("unknown {field} {word:?}: expected {expected}")))
}

/// The SLA input of a ticket from the Python arguments.
pub(crate) fn sla_input(
    py: Python<'_>,
    urgency: &str,
    handling_class: &str,
    statutory: Option<&Bound<'_, PyAny>>,
    complex_days: Option<u32>,
) -> PyResult<SlaInput> {
    let urgency: Urgency = parse_word(py, "urgency", urgency, "\"urgent\" or \"normal\"")?;
    let class: HandlingClass = parse_word(py, "handling_class", handling_class, "\"urgent\", \"normal\", \"complex\" or \"statutory\"")?;
    let mut input = SlaInput::new(urgency, class);
    let refuse =
        |path: &str, message: String| to_pyerr(py, &Error::validation("SLA input", vec![Problem { path: path.into(), message }]).with_rule("R-SLA-3"), None);
    if let Some(s) = statutory {
        if class != HandlingClass::Statutory {
            return Err(refuse("statutory", format!("a statutory limit was given for handling class {handling_class:?}; it applies to \"statutory\" only")));
        }
        let limit = if let Ok(n) = s.cast::<PyInt>() {
            let n: i64 = n.extract()?;
            let n = u32::try_from(n).map_err(|_| refuse("statutory", format!("statutory limit {n} is not a number of days")))?;
            Limit::WorkingDays(n)
        } else {
            let text = text_of(py, s, "statutory")?;
            jiesu::json::from_str(&text).map_err(|_| {
                refuse("statutory", format!("statutory limit {text} must be an int (working days), {{\"working_days\": n}} or {{\"calendar_days\": n}}"))
            })?
        };
        input = input.with_limit(limit);
    }
    if let Some(n) = complex_days {
        if class != HandlingClass::Complex {
            return Err(refuse("complex_days", format!("complex_days was given for handling class {handling_class:?}; it applies to \"complex\" only")));
        }
        input = input.with_limit(Limit::WorkingDays(n));
    }
    Ok(input)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn deadlines<'py>(
    py: Python<'py>,
    policy: &SlaPolicy,
    cal: &Calendar,
    dispatched_at: &Bound<'py, PyAny>,
    urgency: &str,
    handling_class: &str,
    statutory: Option<&Bound<'py, PyAny>>,
    complex_days: Option<u32>,
) -> PyResult<Bound<'py, PyDict>> {
    let t = instant(py, dispatched_at, "dispatched_at")?;
    let input = sla_input(py, urgency, handling_class, statutory, complex_days)?;
    let d = policy.deadlines(cal, t, &input).py_err(py)?;
    deadlines_to_py(py, &d)
}

/// The SLA time limits (R-SLA-1 … R-SLA-5): response, return window, first feedback,
/// completion; every limit is configuration with the default of RULES.md.
///
/// ``SlaPolicy()`` or ``SlaPolicy.default()`` is the default policy; ``SlaPolicy(config)``
/// takes JSON text or a dict of the fields to change (``{"normal_days": 7}``).
///
/// >>> import datetime as dt, jiesu
/// >>> cal, policy = jiesu.Calendar.builtin("CN"), jiesu.SlaPolicy.default()
/// >>> t = dt.datetime(2026, 9, 30, 10, tzinfo=jiesu.CST)
/// >>> policy.deadlines(cal, t, "normal", "normal")["completion"]["due_at"].isoformat()
/// '2026-10-14T00:00:00+08:00'
#[pyclass(frozen, module = "jiesu", name = "SlaPolicy")]
pub struct PySlaPolicy {
    pub(crate) inner: Arc<SlaPolicy>,
}

#[pymethods]
impl PySlaPolicy {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<PySlaPolicy> {
        guard(py, || {
            let p = match config {
                None => SlaPolicy::default(),
                Some(c) => SlaPolicy::from_json(&text_of(py, c, "SLA policy")?).py_err(py)?,
            };
            Ok(PySlaPolicy { inner: Arc::new(p) })
        })
    }

    /// The default policy: urgent 1 h / 3 working days, normal 24 h / 5 working days,
    /// complex 10 (10–15), return window 1 working day, first feedback for urgent tickets.
    #[staticmethod]
    fn default() -> PySlaPolicy {
        PySlaPolicy { inner: Arc::new(SlaPolicy::default()) }
    }

    /// A policy from JSON (missing fields take their defaults); raises ``ParseError`` or
    /// ``ValidationError``.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PySlaPolicy> {
        guard(py, || SlaPolicy::from_json(text).py_err(py).map(|p| PySlaPolicy { inner: Arc::new(p) }))
    }

    /// The policy as JSON text (every field).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&*self.inner).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
    }

    /// The policy as a dict (every field).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, &*self.inner))
    }

    /// The deadlines of a ticket dispatched at ``dispatched_at`` (a timezone-aware datetime;
    /// naive ones raise ``InvalidInput``): ``{clock: {"due_at", "warn_at", "provisional"}}``
    /// for the clocks ``response``, ``return_window``, ``first_feedback`` (urgent only) and
    /// ``completion``, as datetimes in UTC+08:00. ``due_at`` is exclusive: acting at it is
    /// late. ``urgency`` is ``"urgent"``/``"normal"``; ``handling_class`` is ``"urgent"``,
    /// ``"normal"``, ``"complex"`` (``complex_days`` 10–15, default 10) or ``"statutory"``
    /// (``statutory`` = working days as an int, or ``{"calendar_days": n}``). Raises
    /// ``CoverageError`` when a deadline needs a year the calendar does not cover.
    ///
    /// >>> d = policy.deadlines(cal, dt.datetime(2026, 2, 13, 16, tzinfo=jiesu.CST), "urgent", "urgent")
    /// >>> d["completion"]["due_at"].isoformat()
    /// '2026-02-26T00:00:00+08:00'
    #[pyo3(signature = (cal, dispatched_at, urgency, handling_class, statutory = None, *, complex_days = None))]
    #[allow(clippy::too_many_arguments)]
    fn deadlines<'py>(
        &self,
        py: Python<'py>,
        cal: &Bound<'py, PyCalendar>,
        dispatched_at: &Bound<'py, PyAny>,
        urgency: &str,
        handling_class: &str,
        statutory: Option<&Bound<'py, PyAny>>,
        complex_days: Option<u32>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || deadlines(py, &self.inner, &cal.get().inner, dispatched_at, urgency, handling_class, statutory, complex_days))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let cls = py.get_type::<PySlaPolicy>().into_any();
        Ok((cls, (self.to_json()?,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PySlaPolicy>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> PyResult<u64> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.to_json()?.hash(&mut h);
        Ok(h.finish())
    }

    fn __repr__(&self) -> PyResult<String> {
        let p = &*self.inner;
        Ok(format!(
            "<jiesu.SlaPolicy urgent_days={} normal_days={} complex_days={} ({}..={})>",
            p.urgent_days, p.normal_days, p.complex_days, p.complex_min_days, p.complex_max_days
        ))
    }
}
