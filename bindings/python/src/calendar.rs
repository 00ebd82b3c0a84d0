//! `jiesu.Calendar`: the core calendar with scalar fast paths and GIL-free batch calls.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use jiesu::calendar::batch::{self, Arg, BatchError};
use jiesu::calendar::{BusinessHours, Calendar, CalendarData, CoveragePolicy, DayKind};
use jiesu::parallelism::Parallelism;
use jiesu::Error;
use numpy::prelude::*;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDelta, PyDict, PyInt, PyList, PyString};
use serde_json::json;

use crate::days::{self, as_date, broadcast_shape, date_to_day, day_operand, day_to_date, int_operand, Day, Operand, NAT};
use crate::errors::{guard, invalid, IntoPy};
use crate::json::{data_text, serialize, text_of, DataText};
mod args;
mod functions;

use args::{delta_micros, micros_to_delta, parse_roll, today_of, unix_micros, unix_to_py, weekmask_text};
pub use functions::{_calendar_from_state, _panic_for_test, parse_notice};

/// The names of the day kinds by code ([`kind_code`]): the core's `DayKind::as_str`, and `""`
/// for NaT.
fn kind_names() -> [&'static str; 5] {
    [DayKind::Workday.as_str(), DayKind::Weekend.as_str(), DayKind::Holiday.as_str(), DayKind::MakeupWorkday.as_str(), ""]
}

/// The index of a day kind (`None`: NaT) in [`kind_names`].
fn kind_code(k: Option<DayKind>) -> u8 {
    match k {
        Some(DayKind::Workday) => 0,
        Some(DayKind::Weekend) => 1,
        Some(DayKind::Holiday) => 2,
        Some(DayKind::MakeupWorkday) => 3,
        None => 4,
    }
}

/// A working-day calendar: statutory holidays, make-up working days (调休), overlays, coverage.
///
/// Build one with ``Calendar.builtin("CN")``, ``Calendar.from_toml(text)``,
/// ``Calendar.from_json(text)`` or ``Calendar.from_weekmask("1111100", holidays)``; refine it
/// with ``with_overlay``, ``with_policy`` and ``with_business_hours``. Calendars are
/// immutable, thread-safe, picklable and compare equal by content.
///
/// Every day function accepts a ``datetime.date`` (and then returns Python objects) or
/// anything numpy turns into ``datetime64[D]`` — a ``datetime64`` scalar, an array, a list
/// (and then returns numpy arrays, broadcast like numpy, or a numpy scalar for 0-d input).
///
/// >>> import datetime as dt, jiesu
/// >>> cal = jiesu.Calendar.builtin("CN")
/// >>> cal.day_kind(dt.date(2026, 2, 14))
/// 'makeup_workday'
/// >>> cal.add_working_days(dt.date(2026, 9, 30), 5)
/// datetime.date(2026, 10, 13)
#[pyclass(frozen, module = "jiesu", name = "Calendar")]
pub struct PyCalendar {
    pub(crate) inner: Arc<Calendar>,
    state: OnceLock<String>,
}

impl PyCalendar {
    pub(crate) fn wrap(cal: Calendar) -> PyCalendar {
        PyCalendar { inner: Arc::new(cal), state: OnceLock::new() }
    }

    /// The data needed to rebuild this calendar (JSON), used by pickling and hashing.
    fn state(&self) -> &str {
        self.state.get_or_init(|| {
            let cal = &*self.inner;
            let mask: String = cal.weekmask().iter().map(|&b| if b { '1' } else { '0' }).collect();
            let holidays: Vec<String> = cal.weekmask_holidays().iter().map(|d| d.to_string()).collect();
            json!({
                "format": 1,
                "sources": cal.sources(),
                "weekmask": mask,
                "holidays": holidays,
                "policy": cal.policy(),
                "business_hours": cal.business_hours(),
            })
            .to_string()
        })
    }

    fn from_state(state: &str) -> jiesu::Result<Calendar> {
        let v: serde_json::Value = jiesu::json::from_str(state).map_err(|e| e.at("calendar state"))?;
        let bad = |what: &str| Error::parse(format!("calendar state: bad {what}"));
        let sources: Vec<CalendarData> = serde_json::from_value(v["sources"].clone()).map_err(|_| bad("sources"))?;
        let policy: CoveragePolicy = serde_json::from_value(v["policy"].clone()).map_err(|_| bad("policy"))?;
        let hours: BusinessHours = serde_json::from_value(v["business_hours"].clone()).map_err(|_| bad("business_hours"))?;
        let mut cal = match sources.split_first() {
            Some((base, overlays)) => {
                let mut cal = Calendar::from_data(base.clone())?;
                for o in overlays {
                    cal = cal.with_overlay(o)?;
                }
                cal
            }
            None => {
                let mask = v["weekmask"].as_str().ok_or_else(|| bad("weekmask"))?;
                let holidays: Vec<NaiveDate> = serde_json::from_value(v["holidays"].clone()).map_err(|_| bad("holidays"))?;
                Calendar::from_weekmask(mask, &holidays)?
            }
        };
        cal = cal.with_policy(policy);
        if cal.business_hours() != &hours {
            cal = cal.with_business_hours(hours)?;
        }
        Ok(cal)
    }

    /// Scalar `date` → Python, anything else → numpy: one date operand, through the core's
    /// batch function `f`.
    fn unary<'py, O: numpy::Element + Send>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        f: impl FnOnce(&Calendar, Arg<'_, Day>, &mut [O], Parallelism) -> Result<(), BatchError> + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = day_operand(py, d, "d")?;
        let shape = a.shape().to_vec();
        let a = Operand::new(py, a, &shape)?;
        let (cal, x) = (&*self.inner, a.arg());
        days::run(py, &shape, move |out, par| f(cal, x, out, par))
    }

    /// Two operands broadcast together, through the core's batch function `f`.
    fn binary<'py, B: Copy + Into<i64> + Sync + numpy::Element, O: numpy::Element + Send>(
        &self,
        py: Python<'py>,
        a: Bound<'py, days::DayArray>,
        b: Bound<'py, numpy::PyArrayDyn<B>>,
        f: impl FnOnce(&Calendar, Arg<'_, Day>, Arg<'_, B>, &mut [O], Parallelism) -> Result<(), BatchError> + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let shape = broadcast_shape(py, &[a.shape(), b.shape()])?;
        let a = Operand::new(py, a, &shape)?;
        let b = Operand::new(py, b, &shape)?;
        let (cal, x, y) = (&*self.inner, a.arg(), b.arg());
        days::run(py, &shape, move |out, par| f(cal, x, y, out, par))
    }
}

#[pymethods]
impl PyCalendar {
    /// A built-in calendar by name: ``"CN"`` (the national calendar 2004–2026, strict).
    ///
    /// >>> jiesu.Calendar.builtin("CN").coverage
    /// (2004, 2026)
    #[staticmethod]
    #[pyo3(signature = (name = "CN"))]
    fn builtin(py: Python<'_>, name: &str) -> PyResult<PyCalendar> {
        guard(py, || Calendar::builtin(name).py_err(py).map(PyCalendar::wrap))
    }

    /// A calendar from TOML data (the format of ``data/calendar/cn.toml``).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<PyCalendar> {
        guard(py, || Calendar::from_toml(text).py_err(py).map(PyCalendar::wrap))
    }

    /// A calendar from JSON data (the same format as TOML).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyCalendar> {
        guard(py, || Calendar::from_json(text).py_err(py).map(PyCalendar::wrap))
    }

    /// A plain numpy-style calendar: a weekmask (``"1111100"``, ``"Mon Tue Wed Thu Fri"`` or 7
    /// booleans, Monday first) and holidays (dates, ``datetime64`` values or ISO strings; NaT
    /// ignored). No make-up days and no coverage limit: ``busday_offset`` and ``busday_count``
    /// give exactly ``numpy.busday_offset`` / ``numpy.busday_count`` with the same arguments.
    ///
    /// >>> wm = jiesu.Calendar.from_weekmask("1111100", ["2026-01-01"])
    /// >>> wm.busday_count(dt.date(2025, 12, 29), dt.date(2026, 1, 5))
    /// 4
    #[staticmethod]
    #[pyo3(signature = (weekmask = None, holidays = None), text_signature = "(weekmask='1111100', holidays=None)")]
    fn from_weekmask(py: Python<'_>, weekmask: Option<&Bound<'_, PyAny>>, holidays: Option<&Bound<'_, PyAny>>) -> PyResult<PyCalendar> {
        guard(py, || {
            let mask = match weekmask {
                Some(w) => weekmask_text(py, w)?,
                None => "1111100".to_owned(),
            };
            let mut list = Vec::new();
            if let Some(h) = holidays {
                let arr = day_operand(py, h, "holidays")?;
                let ro = arr.readonly();
                for &d in ro.as_array().iter() {
                    let d = i64::from(d);
                    if d == NAT {
                        continue;
                    }
                    list.push(jiesu::calendar::date_from_epoch_day(d).py_err(py)?);
                }
            }
            Calendar::from_weekmask(&mask, &list).py_err(py).map(PyCalendar::wrap)
        })
    }

    /// This calendar with an overlay applied: local holidays and working days
    /// (``scope = "local"``), or further national years (``scope = "national"``, e.g. the
    /// 2027 notice). ``overlay`` is TOML or JSON text (JSON when it starts with ``{``) or a dict.
    fn with_overlay(&self, py: Python<'_>, overlay: &Bound<'_, PyAny>) -> PyResult<PyCalendar> {
        guard(py, || {
            let data = match data_text(py, overlay, "overlay")? {
                DataText::Json(text) => CalendarData::from_json(&text),
                DataText::Toml(text) => CalendarData::from_toml(&text),
            }
            .py_err(py)?;
            self.inner.with_overlay(&data).py_err(py).map(PyCalendar::wrap)
        })
    }

    /// This calendar with the State Council's holiday notice for a year
    /// (国务院办公厅关于20XX年部分节假日安排的通知), pasted as text, applied as a national overlay:
    /// the notice's year becomes covered. The text is the yearly notice, optionally followed by
    /// supplementary notices of the same year; the year is read from its title or first
    /// sentence. Every weekday, lunar day, count and make-up day it states is checked; a
    /// failing sentence raises ``ValidationError`` quoting it in «».
    ///
    /// >>> notice = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。"
    /// >>> cal = jiesu.Calendar.builtin("CN").with_notice(notice)
    /// >>> cal.coverage
    /// (2004, 2027)
    /// >>> cal.add_working_days(dt.date(2026, 12, 25), 5)
    /// datetime.date(2027, 1, 4)
    fn with_notice(&self, py: Python<'_>, text: &str) -> PyResult<PyCalendar> {
        guard(py, || self.inner.with_notice(text).py_err(py).map(PyCalendar::wrap))
    }

    /// This calendar with another coverage policy: ``"strict"`` (uncovered years raise
    /// ``CoverageError``) or ``"provisional"`` (uncovered years count weekends only).
    fn with_policy(&self, py: Python<'_>, policy: &str) -> PyResult<PyCalendar> {
        guard(py, || {
            let p = match policy {
                "strict" => CoveragePolicy::Strict,
                "provisional" => CoveragePolicy::Provisional,
                _ => return Err(invalid(py, "policy", format!("unknown coverage policy {policy:?}: expected \"strict\" or \"provisional\""))),
            };
            Ok(PyCalendar::wrap(self.inner.with_policy(p)))
        })
    }

    /// This calendar with other business hours (JSON text or a dict such as
    /// ``{"monday": ["08:30-12:00", "14:30-18:00"], ...}``).
    fn with_business_hours(&self, py: Python<'_>, hours: &Bound<'_, PyAny>) -> PyResult<PyCalendar> {
        guard(py, || {
            let h = BusinessHours::from_json(&text_of(py, hours, "business hours")?).py_err(py)?;
            self.inner.with_business_hours(h).py_err(py).map(PyCalendar::wrap)
        })
    }

    /// The calendar's name (``"CN"``, ``"CN+example-wenshan"``, ``"weekmask:1111100"``).
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The covered years ``(from, to)``, or ``None`` for a weekmask calendar.
    #[getter]
    fn coverage(&self) -> Option<(i32, i32)> {
        self.inner.coverage().map(|c| (c.from, c.to))
    }

    /// The coverage policy: ``"strict"`` or ``"provisional"``.
    #[getter]
    fn policy(&self) -> &'static str {
        match self.inner.policy() {
            CoveragePolicy::Strict => "strict",
            CoveragePolicy::Provisional => "provisional",
        }
    }

    /// The weekmask, Monday first (``"1111100"``).
    #[getter]
    fn weekmask(&self) -> String {
        self.inner.weekmask().iter().map(|&b| if b { '1' } else { '0' }).collect()
    }

    /// The business hours as a dict (``{"monday": ["09:00-12:00", ...], ...}``).
    #[getter]
    fn business_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, self.inner.business_hours()))
    }

    /// The data the calendar was built from, as dicts: the base, then each overlay (empty for a
    /// weekmask calendar).
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize(py, self.inner.sources()))
    }

    /// The last covered date (31 December of the last covered year: ``datetime.date(2026,
    /// 12, 31)`` for ``CN``), or ``None`` for a weekmask calendar.
    ///
    /// >>> cal.coverage_ends
    /// datetime.date(2026, 12, 31)
    #[getter]
    fn coverage_ends<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        guard(py, || self.inner.coverage_ends().map(|d| day_to_date(py, jiesu::calendar::epoch_day(d))).transpose())
    }

    /// The coverage countdown: covered days left after ``now`` — a ``datetime.date``, or a
    /// timezone-aware ``datetime`` (its date in China Standard Time) — 0 on the last covered
    /// day, negative once the coverage has ended; ``None`` for a weekmask calendar. jiesu
    /// never reads the clock: pass ``datetime.date.today()`` or the date a report is issued.
    ///
    /// >>> cal.days_left(dt.date(2026, 12, 1))
    /// 30
    fn days_left(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
        guard(py, || Ok(self.inner.days_left(today_of(py, now)?)))
    }

    /// A warning when the coverage ends within ``within_days`` days of ``now`` (as for
    /// ``days_left``; default 60): a dict with ``calendar`` (its name), ``covered_until`` (a
    /// date), ``days_left``, ``missing_year`` (the year whose schedule is missing),
    /// ``how_to_load`` (one sentence), ``policy`` (``"strict"``: computations reaching that
    /// year raise meanwhile; ``"provisional"``) and ``message`` (the whole warning in English),
    /// or ``None`` when the coverage lasts longer.
    ///
    /// >>> w = cal.coverage_warning(dt.date(2026, 12, 1))
    /// >>> w["missing_year"], w["days_left"]
    /// (2027, 30)
    // A literal default, so that the signature shows it (checked against the core's below).
    #[pyo3(signature = (now, within_days = 60))]
    fn coverage_warning<'py>(&self, py: Python<'py>, now: &Bound<'py, PyAny>, within_days: u32) -> PyResult<Option<Bound<'py, PyDict>>> {
        guard(py, || {
            let Some(w) = self.inner.coverage_warning(today_of(py, now)?, within_days) else {
                return Ok(None);
            };
            let d = PyDict::new(py);
            d.set_item("calendar", &w.calendar)?;
            d.set_item("covered_until", day_to_date(py, jiesu::calendar::epoch_day(w.covered_until))?)?;
            d.set_item("days_left", w.days_left)?;
            d.set_item("missing_year", w.missing_year)?;
            d.set_item("how_to_load", &w.how_to_load)?;
            d.set_item(
                "policy",
                match w.policy {
                    CoveragePolicy::Strict => "strict",
                    CoveragePolicy::Provisional => "provisional",
                },
            )?;
            d.set_item("message", w.to_string())?;
            Ok(Some(d))
        })
    }

    /// Whether the calendar's data states the kind of each date (``False`` for NaT).
    fn covers<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let Some(date) = as_date(d) {
                let day = date_to_day(date);
                let covered = jiesu::calendar::date_from_epoch_day(day).map(|x| self.inner.covers(x)).unwrap_or(false);
                return Ok(PyBool::new(py, covered).to_owned().into_any());
            }
            self.unary(py, d, batch::covers)
        })
    }

    /// Whether each date is a working day (ordinary or make-up). NaT gives ``False``, as
    /// ``numpy.is_busday``. Raises ``CoverageError`` for an uncovered year (strict policy).
    ///
    /// >>> cal.is_workday(dt.date(2026, 10, 10))   # a make-up Saturday
    /// True
    fn is_workday<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let Some(date) = as_date(d) {
                let b = self.inner.is_workday_epoch(date_to_day(date)).py_err(py)?;
                return Ok(PyBool::new(py, b).to_owned().into_any());
            }
            self.unary(py, d, batch::is_workday)
        })
    }

    /// The kind of each date: ``"workday"``, ``"weekend"``, ``"holiday"`` or
    /// ``"makeup_workday"`` (``""`` for NaT). Arrays give a numpy ``str`` array.
    ///
    /// >>> cal.day_kind(dt.date(2026, 10, 1))
    /// 'holiday'
    fn day_kind<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let Some(date) = as_date(d) {
                let day = jiesu::calendar::date_from_epoch_day(date_to_day(date)).py_err(py)?;
                let k = self.inner.day_kind(day).py_err(py)?;
                return Ok(PyString::new(py, k.as_str()).into_any());
            }
            let codes = self.unary(py, d, |cal, x, out: &mut [u8], par| {
                let mut kinds = vec![None; out.len()];
                batch::day_kind(cal, x, &mut kinds, par)?;
                for (o, k) in out.iter_mut().zip(kinds) {
                    *o = kind_code(k);
                }
                Ok(())
            })?;
            let np = days::numpy(py)?;
            let names = np.call_method1("array", (PyList::new(py, kind_names())?,))?;
            names.call_method1("__getitem__", (codes,))
        })
    }

    /// The kind and festival of one date: ``("holiday", "national_day")``,
    /// ``("makeup_workday", "spring_festival")``, ``("weekend", None)``.
    fn day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyDate>) -> PyResult<(&'static str, Option<String>)> {
        guard(py, || {
            let day = jiesu::calendar::date_from_epoch_day(date_to_day(d)).py_err(py)?;
            let info = self.inner.day(day).py_err(py)?;
            Ok((info.kind.as_str(), info.festival.map(str::to_owned)))
        })
    }

    /// Every holiday and make-up working day in ``[start, end]`` as
    /// ``(date, kind, festival)`` tuples, in order.
    fn marked_days<'py>(&self, py: Python<'py>, start: &Bound<'py, PyDate>, end: &Bound<'py, PyDate>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let a = jiesu::calendar::date_from_epoch_day(date_to_day(start)).py_err(py)?;
            let b = jiesu::calendar::date_from_epoch_day(date_to_day(end)).py_err(py)?;
            let out = PyList::empty(py);
            for day in self.inner.marked_days(a, b) {
                let date = day_to_date(py, jiesu::calendar::epoch_day(day.date))?;
                let kind = match day.kind {
                    DayKind::Holiday => "holiday",
                    _ => "makeup_workday",
                };
                out.append((date, kind, day.festival))?;
            }
            Ok(out)
        })
    }

    /// For ``n >= 1`` the n-th working day strictly after each date, for ``n <= -1`` the
    /// |n|-th working day strictly before, for ``n == 0`` the date itself. NaT stays NaT.
    /// Raises ``CoverageError`` when the result needs an uncovered year (strict policy).
    ///
    /// >>> cal.add_working_days(dt.date(2026, 2, 13), 3)
    /// datetime.date(2026, 2, 25)
    fn add_working_days<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>, n: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let (Some(date), Ok(n)) = (as_date(d), n.cast::<PyInt>()) {
                let n: i64 = n.extract()?;
                let r = self.inner.add_working_days_epoch(date_to_day(date), n).py_err(py)?;
                return Ok(day_to_date(py, r)?.into_any());
            }
            let a = day_operand(py, d, "d")?;
            let b = int_operand(py, n, "n")?;
            self.binary(py, a, b, |cal, x, n, out: &mut [Day], par| batch::add_working_days(cal, x, n, out, par))
        })
    }

    /// ``numpy.busday_offset`` on this calendar: roll each date to a working day by ``roll``
    /// (``"raise"``, ``"forward"``/``"following"``, ``"backward"``/``"preceding"``,
    /// ``"modifiedfollowing"``, ``"modifiedpreceding"``), then move ``offsets`` working days.
    /// Same results and errors as numpy (``ValueError`` "Non-business day date in
    /// busday_offset"; NaT stays NaT, except with ``roll="raise"``: "NaT input in
    /// busday_offset"), with make-up days on ``CN``.
    ///
    /// >>> cal.busday_offset(dt.date(2026, 10, 1), 0, roll="forward")
    /// datetime.date(2026, 10, 8)
    #[pyo3(signature = (dates, offsets, roll = "raise"))]
    fn busday_offset<'py>(&self, py: Python<'py>, dates: &Bound<'py, PyAny>, offsets: &Bound<'py, PyAny>, roll: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let roll = parse_roll(py, roll)?;
            if let (Some(date), Ok(n)) = (as_date(dates), offsets.cast::<PyInt>()) {
                let n: i64 = n.extract()?;
                let r = self.inner.busday_offset_epoch(date_to_day(date), n, roll).py_err(py)?;
                return Ok(day_to_date(py, r)?.into_any());
            }
            let a = day_operand(py, dates, "dates")?;
            let b = int_operand(py, offsets, "offsets")?;
            self.binary(py, a, b, move |cal, x, n, out: &mut [Day], par| batch::busday_offset(cal, x, n, roll, out, par))
        })
    }

    /// ``numpy.busday_count`` on this calendar: working days in ``[begin, end)``; when
    /// ``end < begin``, minus the working days in ``(end, begin]`` (numpy's rule).
    ///
    /// ``nat`` says what a NaT on either side gives (open tickets have no closing date):
    /// ``"raise"`` (the default, numpy's behaviour: ``ValueError``) or ``"propagate"`` — the
    /// result is then ``float64``, NaN where either side is NaT (pandas' missing value; an
    /// integer count where both are dates, as a float).
    ///
    /// >>> cal.busday_count(dt.date(2026, 9, 30), dt.date(2026, 10, 14))
    /// 6
    /// >>> cal.busday_count(np.array(["2026-09-30", "2026-09-30"], "M8[D]"),
    /// ...                  np.array(["2026-10-14", "NaT"], "M8[D]"), nat="propagate")
    /// array([ 6., nan])
    #[pyo3(signature = (begin, end, *, nat = "raise"))]
    fn busday_count<'py>(&self, py: Python<'py>, begin: &Bound<'py, PyAny>, end: &Bound<'py, PyAny>, nat: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let propagate = match nat {
                "raise" => false,
                "propagate" => true,
                _ => return Err(invalid(py, "nat", format!("unknown nat {nat:?}: expected \"raise\" or \"propagate\""))),
            };
            if let (false, Some(a), Some(b)) = (propagate, as_date(begin), as_date(end)) {
                let c = self.inner.busday_count_epoch(date_to_day(a), date_to_day(b)).py_err(py)?;
                return Ok(c.into_pyobject(py)?.into_any());
            }
            let a = day_operand(py, begin, "begin")?;
            let b = day_operand(py, end, "end")?;
            if propagate {
                return self.binary(py, a, b, |cal, x, y, out: &mut [f64], par| batch::busday_count_nan(cal, x, y, out, par));
            }
            self.binary(py, a, b, |cal, x, y, out: &mut [i64], par| batch::busday_count(cal, x, y, out, par))
        })
    }

    /// The earliest instant at which ``d`` of working time (business hours, see
    /// ``business_hours``; none on holidays and weekends, the make-up days' hours on make-up
    /// working days) has passed since ``t``: ``t`` itself for a zero duration. ``t`` is a
    /// timezone-aware datetime (a naive one raises ``InvalidInput``), the result is aware in
    /// UTC+08:00. Exact to the microsecond. A negative ``d`` raises ``InvalidInput``; so
    /// does a result beyond ``datetime``'s range. Raises ``CoverageError`` when the work needs
    /// an uncovered year (strict policy).
    ///
    /// >>> start = dt.datetime(2026, 3, 9, 9, 0, tzinfo=jiesu.CST)   # a Monday
    /// >>> cal.add_working_time(start, dt.timedelta(hours=3)).isoformat()
    /// '2026-03-09T12:00:00+08:00'
    /// >>> cal.add_working_time(start, dt.timedelta(hours=4)).isoformat()   # 14:30 after lunch
    /// '2026-03-09T15:30:00+08:00'
    fn add_working_time<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDateTime>> {
        guard(py, || {
            let (s, f) = unix_micros(py, t, "t")?;
            let us = delta_micros(d, "d")?;
            let (secs, micros) = self.inner.add_working_micros(s, f, us).py_err(py)?;
            unix_to_py(py, secs, micros)
        })
    }

    /// The working time (over business hours, as ``add_working_time`` counts it) from ``a``
    /// to ``b``, as a ``timedelta``; negative when ``b`` is before ``a``. Both are
    /// timezone-aware datetimes (naive ones raise ``InvalidInput``). Exact to the
    /// microsecond. Raises ``CoverageError`` for an instant in an uncovered year (strict
    /// policy).
    ///
    /// >>> fri = dt.datetime(2026, 3, 6, 16, 0, tzinfo=jiesu.CST)
    /// >>> cal.working_time_between(fri, fri + dt.timedelta(days=3, hours=-6))   # Monday 10:00
    /// datetime.timedelta(seconds=10800)
    fn working_time_between<'py>(&self, py: Python<'py>, a: &Bound<'py, PyAny>, b: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDelta>> {
        guard(py, || {
            let a = unix_micros(py, a, "a")?;
            let b = unix_micros(py, b, "b")?;
            let us = self.inner.working_micros_between(a, b).py_err(py)?;
            micros_to_delta(py, us)
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        guard(py, || {
            let f = py.import("jiesu._jiesu")?.getattr("_calendar_from_state")?;
            Ok((f, (self.state().to_owned(),)))
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(match other.cast::<PyCalendar>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        })
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        guard(py, || {
            let mut h = DefaultHasher::new();
            self.state().hash(&mut h);
            Ok(h.finish())
        })
    }

    fn __repr__(&self) -> String {
        let cov = match self.inner.coverage() {
            Some(c) => format!("({}, {})", c.from, c.to),
            None => "None".into(),
        };
        format!("<jiesu.Calendar {:?} coverage={cov} policy={:?}>", self.inner.name(), self.policy())
    }
}
