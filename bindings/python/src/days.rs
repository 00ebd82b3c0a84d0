//! Dates between Python and the core: `datetime.date` scalars, numpy `datetime64[D]` arrays
//! (days since 1970-01-01, the core's `*_epoch` representation) and numpy-style broadcasting.
//! The batch computations themselves, their threads (`JIESU_NUM_THREADS`) and their errors are
//! the core's `jiesu::calendar::batch`; this module only prepares numpy's arrays for it and
//! runs it without the GIL.
//!
//! Conversion follows numpy's `busday_offset`: an `ndarray` is used as it is and must cast to
//! `datetime64[D]` under numpy's rule `'safe'`; anything else goes through
//! `numpy.asarray(x, dtype="M8")` first. One deliberate extension: a finer `datetime64` unit
//! (pandas has no day unit) is accepted when every value is a whole day, and refused with a
//! `TypeError` otherwise (never silently floored). Offsets must cast safely to `int64` when
//! they are arrays and are converted like numpy otherwise.

use chrono::{Datelike, NaiveDate};
use jiesu::calendar::batch::{Arg, BatchError};
use jiesu::parallelism::Parallelism;
use numpy::datetime::{units, Datetime};
use numpy::prelude::*;
use numpy::{Element, PyArrayDyn, PyReadonlyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateAccess, PyModule, PyTuple};

use crate::errors::{to_pyerr, type_error, IntoPy};

/// numpy's `datetime64[D]` element.
pub(crate) type Day = Datetime<units::Days>;
/// A numpy `datetime64[D]` array of any dimension.
pub(crate) type DayArray = PyArrayDyn<Day>;

/// numpy's NaT (not-a-time) as an epoch day (the core's batch functions give it numpy's rules).
pub(crate) use jiesu::calendar::batch::NAT;

static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

pub(crate) fn numpy(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    NUMPY.get_or_try_init(py, || py.import("numpy").map(Bound::unbind)).map(|m| m.bind(py))
}

/// The chrono date of a `datetime.date`.
#[inline]
pub(crate) fn naive_date(d: &Bound<'_, PyDate>) -> NaiveDate {
    // Every datetime.date (years 1..=9999) is a chrono date; NaiveDate::MIN is never reached.
    NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into()).unwrap_or(NaiveDate::MIN)
}

/// The epoch day of a `datetime.date` (the core's `epoch_day`).
#[inline]
pub(crate) fn date_to_day(d: &Bound<'_, PyDate>) -> i64 {
    jiesu::calendar::epoch_day(naive_date(d))
}

/// The `datetime.date` of an epoch day (the core's `date_from_epoch_day`), for the years
/// `datetime.date` has.
#[inline]
pub(crate) fn day_to_date(py: Python<'_>, day: i64) -> PyResult<Bound<'_, PyDate>> {
    let date = jiesu::calendar::date_from_epoch_day(day).py_err(py)?;
    let y = date.year();
    if !(1..=9999).contains(&y) {
        return Err(crate::errors::invalid(
            py,
            "date",
            format!("the result (epoch day {day}, year {y}) is outside datetime.date's years 1..9999; pass datetime64[D] arrays for such dates"),
        ));
    }
    PyDate::new(py, y, date.month() as u8, date.day() as u8)
}

/// `x` as an exact `datetime.date` (not a `datetime.datetime`, which numpy refuses), if it is.
#[inline]
pub(crate) fn as_date<'a, 'py>(x: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyDate>> {
    x.cast_exact::<PyDate>().ok()
}

/// A date argument as a numpy `datetime64[D]` array (0-d for a scalar).
pub(crate) fn day_operand<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, DayArray>> {
    if let Ok(a) = x.cast::<DayArray>() {
        return Ok(a.clone());
    }
    let np = numpy(py)?;
    // Timezone-aware timestamps (a pandas Series or Index of them, or the object array
    // `Series.to_numpy()` gives): their dates in China (UTC+08:00), computed by the core.
    let frames = py.import("jiesu._frames")?;
    if frames.call_method1("is_aware_datetimes", (x,))?.extract::<bool>()? {
        let (ns, shape): (numpy::PyReadonlyArray1<'py, i64>, Vec<usize>) = frames.call_method1("aware_days", (x,))?.extract()?;
        let mut days = vec![0i64; ns.len()];
        jiesu::calendar::batch::cst_days_from_unix_nanos(ns.as_slice()?, &mut days);
        let arr = numpy::PyArray1::from_vec(py, days);
        let arr = arr.call_method1("view", ("M8[D]",))?.call_method1("reshape", (PyTuple::new(py, shape)?,))?;
        return Ok(arr.cast_into::<DayArray>()?);
    }
    let arr = if x.is_instance_of::<PyUntypedArray>() { x.clone() } else { np.call_method1("asarray", (x, "M8"))? };
    let target = numpy::dtype::<Day>(py);
    let dtype = arr.getattr("dtype")?;
    let safe: bool = np.call_method1("can_cast", (&dtype, &target, "safe"))?.extract()?;
    if safe {
        return Ok(arr.call_method1("astype", (&target,))?.cast_into::<DayArray>()?);
    }
    // A finer datetime64 unit (what pandas, which has no day unit, always gives) is accepted
    // when every value is a whole day: the conversion loses nothing. numpy's busday functions
    // refuse these; values with a time of day are refused here too (TypeError).
    let kind: String = dtype.getattr("kind")?.extract()?;
    if kind == "M" {
        let days = arr.call_method1("astype", (&target,))?;
        let back = days.call_method1("astype", (&dtype,))?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("equal_nan", true)?;
        let lossless: bool = np.getattr("array_equal")?.call((&back, &arr), Some(&kwargs))?.extract()?;
        if lossless {
            return Ok(days.cast_into::<DayArray>()?);
        }
        return Err(type_error(format!(
            "{name}: {} values with a time of day are not dates (numpy refuses them too); \
             take the date explicitly, e.g. values.astype('datetime64[D]') (floor); timestamps \
             with a time zone are taken as they are (their date in China): \
             series.dt.tz_localize('Asia/Shanghai') for local times, series.dt.tz_localize('UTC') for UTC ones",
            dtype.repr()?
        )));
    }
    Err(type_error(format!("{name}: cannot use {} as dates: numpy does not cast it to datetime64[D] under the rule 'safe'", dtype.repr()?)))
}

/// An integer argument (offsets) as a numpy `int64` array (0-d for a scalar).
pub(crate) fn int_operand<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyArrayDyn<i64>>> {
    if let Ok(a) = x.cast::<PyArrayDyn<i64>>() {
        return Ok(a.clone());
    }
    let np = numpy(py)?;
    let target = numpy::dtype::<i64>(py);
    if x.is_instance_of::<PyUntypedArray>() {
        let dtype = x.getattr("dtype")?;
        let safe: bool = np.call_method1("can_cast", (&dtype, &target, "safe"))?.extract()?;
        if !safe {
            return Err(type_error(format!("{name}: cannot cast {} to int64 under the rule 'safe' (as numpy.busday_offset)", dtype.repr()?)));
        }
        return Ok(x.call_method1("astype", (&target,))?.cast_into::<PyArrayDyn<i64>>()?);
    }
    Ok(np.call_method1("asarray", (x, &target))?.cast_into::<PyArrayDyn<i64>>()?)
}

/// The broadcast shape of `shapes` (numpy's rules; numpy's own error on a mismatch).
pub(crate) fn broadcast_shape(py: Python<'_>, shapes: &[&[usize]]) -> PyResult<Vec<usize>> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    let mut ok = true;
    for s in shapes {
        for (i, &d) in s.iter().rev().enumerate() {
            let r = &mut out[nd - 1 - i];
            if *r == 1 {
                *r = d;
            } else if d != 1 && d != *r {
                ok = false;
            }
        }
    }
    if !ok {
        let tuples: Vec<Bound<'_, PyTuple>> = shapes.iter().map(|s| PyTuple::new(py, s.iter())).collect::<PyResult<_>>()?;
        numpy(py)?.call_method1("broadcast_shapes", PyTuple::new(py, tuples)?)?;
        return Err(pyo3::exceptions::PyValueError::new_err("shape mismatch: operands could not be broadcast together"));
    }
    Ok(out)
}

/// One operand of a batch call, ready for the GIL-free core.
pub(crate) enum Operand<'py, T: Element + Copy> {
    /// A single value, broadcast.
    One(T),
    /// A C-contiguous array of the result's shape.
    Many(PyReadonlyArrayDyn<'py, T>),
}

impl<'py, T: Element + Copy> Operand<'py, T> {
    /// Prepares `arr` for a result of `shape`: a single element becomes `One`, a matching
    /// C-contiguous array is used in place, anything else is broadcast and copied.
    pub(crate) fn new(py: Python<'py>, arr: Bound<'py, PyArrayDyn<T>>, shape: &[usize]) -> PyResult<Self> {
        if arr.len() == 1 {
            let ro = arr.readonly();
            let v = *ro.as_array().iter().next().expect("one element");
            return Ok(Operand::One(v));
        }
        let np = numpy(py)?;
        let arr =
            if arr.shape() == shape { arr } else { np.call_method1("broadcast_to", (&arr, PyTuple::new(py, shape.iter())?))?.cast_into::<PyArrayDyn<T>>()? };
        let arr = if arr.is_c_contiguous() { arr } else { np.call_method1("ascontiguousarray", (&arr,))?.cast_into::<PyArrayDyn<T>>()? };
        Ok(Operand::Many(arr.readonly()))
    }

    /// The operand as an argument of the core's batch functions.
    pub(crate) fn arg(&self) -> Arg<'_, T> {
        match self {
            Operand::One(v) => Arg::One(*v),
            Operand::Many(ro) => Arg::Each(ro.as_slice().expect("C-contiguous by construction")),
        }
    }
}

/// A batch call's result array (uninitialized until the core fills it).
pub(crate) fn new_array<'py, O: Element>(py: Python<'py>, shape: &[usize]) -> Bound<'py, PyArrayDyn<O>> {
    // SAFETY: every element is written by the core before the array is returned to Python;
    // on an error the array is dropped unseen. Elements are plain integers (no drop, no
    // invalid bit patterns).
    unsafe { PyArrayDyn::<O>::new(py, shape, false) }
}

/// Runs a core batch call into a new array of `shape`, without the GIL, and returns the array
/// (a numpy scalar for a 0-d result, as numpy's functions do). The thread setting is the
/// core's (`JIESU_NUM_THREADS`), read with the GIL held; a failing element raises the core's
/// error with its flat index.
pub(crate) fn run<'py, O: Element + Send>(
    py: Python<'py>,
    shape: &[usize],
    f: impl FnOnce(&mut [O], Parallelism) -> Result<(), BatchError> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let out = new_array::<O>(py, shape);
    {
        let mut rw = out.readwrite();
        let slice = rw.as_slice_mut().expect("new arrays are contiguous");
        let par = Parallelism::from_env();
        py.detach(|| f(slice, par)).map_err(|e| to_pyerr(py, e.error(), Some(e.index())))?;
    }
    finish(py, out.into_any())
}

/// A 0-d result as a numpy scalar, anything else as it is.
pub(crate) fn finish<'py>(py: Python<'py>, out: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let ndim: usize = out.getattr("ndim")?.extract()?;
    if ndim == 0 {
        out.get_item(PyTuple::empty(py))
    } else {
        Ok(out)
    }
}
