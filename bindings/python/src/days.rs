//! Dates between Python and the core: `datetime.date` scalars, numpy `datetime64[D]` arrays
//! (days since 1970-01-01, the core's `*_epoch` representation), numpy-style broadcasting and
//! the parallel, GIL-free kernels of the batch calls.
//!
//! Conversion follows numpy's `busday_offset`: an `ndarray` is used as it is and must cast to
//! `datetime64[D]` under numpy's rule `'safe'`; anything else goes through
//! `numpy.asarray(x, dtype="M8")` first. One deliberate extension: a finer `datetime64` unit
//! (pandas has no day unit) is accepted when every value is a whole day, and refused with a
//! `TypeError` otherwise (never silently floored). Offsets must cast safely to `int64` when
//! they are arrays and are converted like numpy otherwise.

use jiesu::Error;
use numpy::datetime::{units, Datetime};
use numpy::prelude::*;
use numpy::{Element, PyArrayDyn, PyReadonlyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateAccess, PyModule, PyTuple};

use crate::errors::{to_pyerr, type_error};

/// numpy's `datetime64[D]` element.
pub(crate) type Day = Datetime<units::Days>;
/// A numpy `datetime64[D]` array of any dimension.
pub(crate) type DayArray = PyArrayDyn<Day>;

/// numpy's NaT (not-a-time) as an epoch day.
pub(crate) const NAT: i64 = i64::MIN;

/// Arrays at least this long are split over the available cores.
const PARALLEL_MIN: usize = 1 << 18;
/// At most this many threads per batch call.
const MAX_THREADS: usize = 8;

static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

pub(crate) fn numpy(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    NUMPY
        .get_or_try_init(py, || py.import("numpy").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
#[inline]
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of an epoch day (Howard Hinnant's `civil_from_days`).
#[inline]
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// The epoch day of a `datetime.date`.
#[inline]
pub(crate) fn date_to_day(d: &Bound<'_, PyDate>) -> i64 {
    days_from_civil(
        d.get_year() as i64,
        d.get_month() as u32,
        d.get_day() as u32,
    )
}

/// The `datetime.date` of an epoch day.
#[inline]
pub(crate) fn day_to_date(py: Python<'_>, day: i64) -> PyResult<Bound<'_, PyDate>> {
    let (y, m, d) = civil_from_days(day);
    if !(1..=9999).contains(&y) {
        return Err(crate::errors::invalid(
            py,
            "date",
            format!("the result (epoch day {day}, year {y}) is outside datetime.date's years 1..9999; pass datetime64[D] arrays for such dates"),
        ));
    }
    PyDate::new(py, y as i32, m as u8, d as u8)
}

/// `x` as an exact `datetime.date` (not a `datetime.datetime`, which numpy refuses), if it is.
#[inline]
pub(crate) fn as_date<'a, 'py>(x: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyDate>> {
    x.cast_exact::<PyDate>().ok()
}

/// A date argument as a numpy `datetime64[D]` array (0-d for a scalar).
pub(crate) fn day_operand<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Bound<'py, DayArray>> {
    if let Ok(a) = x.cast::<DayArray>() {
        return Ok(a.clone());
    }
    let np = numpy(py)?;
    let arr = if x.is_instance_of::<PyUntypedArray>() {
        x.clone()
    } else {
        np.call_method1("asarray", (x, "M8"))?
    };
    let target = numpy::dtype::<Day>(py);
    let dtype = arr.getattr("dtype")?;
    let safe: bool = np
        .call_method1("can_cast", (&dtype, &target, "safe"))?
        .extract()?;
    if safe {
        return Ok(arr
            .call_method1("astype", (&target,))?
            .cast_into::<DayArray>()?);
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
        let lossless: bool = np
            .getattr("array_equal")?
            .call((&back, &arr), Some(&kwargs))?
            .extract()?;
        if lossless {
            return Ok(days.cast_into::<DayArray>()?);
        }
        return Err(type_error(format!(
            "{name}: {} values with a time of day are not dates (numpy refuses them too); \
             take the date explicitly, e.g. values.astype('datetime64[D]') (floor) or \
             series.dt.tz_convert('Asia/Shanghai').dt.floor('D') for timestamps in another zone",
            dtype.repr()?
        )));
    }
    Err(type_error(format!(
        "{name}: cannot use {} as dates: numpy does not cast it to datetime64[D] under the rule 'safe'",
        dtype.repr()?
    )))
}

/// An integer argument (offsets) as a numpy `int64` array (0-d for a scalar).
pub(crate) fn int_operand<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Bound<'py, PyArrayDyn<i64>>> {
    if let Ok(a) = x.cast::<PyArrayDyn<i64>>() {
        return Ok(a.clone());
    }
    let np = numpy(py)?;
    let target = numpy::dtype::<i64>(py);
    if x.is_instance_of::<PyUntypedArray>() {
        let dtype = x.getattr("dtype")?;
        let safe: bool = np
            .call_method1("can_cast", (&dtype, &target, "safe"))?
            .extract()?;
        if !safe {
            return Err(type_error(format!(
                "{name}: cannot cast {} to int64 under the rule 'safe' (as numpy.busday_offset)",
                dtype.repr()?
            )));
        }
        return Ok(x
            .call_method1("astype", (&target,))?
            .cast_into::<PyArrayDyn<i64>>()?);
    }
    Ok(np
        .call_method1("asarray", (x, &target))?
        .cast_into::<PyArrayDyn<i64>>()?)
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
        let tuples: Vec<Bound<'_, PyTuple>> = shapes
            .iter()
            .map(|s| PyTuple::new(py, s.iter()))
            .collect::<PyResult<_>>()?;
        numpy(py)?.call_method1("broadcast_shapes", PyTuple::new(py, tuples)?)?;
        return Err(pyo3::exceptions::PyValueError::new_err(
            "shape mismatch: operands could not be broadcast together",
        ));
    }
    Ok(out)
}

/// One operand of a kernel, ready for the GIL-free loop.
pub(crate) enum Operand<'py, T: Element + Copy> {
    /// A single value, broadcast.
    One(T),
    /// A C-contiguous array of the result's shape.
    Many(PyReadonlyArrayDyn<'py, T>),
}

impl<'py, T: Element + Copy> Operand<'py, T> {
    /// Prepares `arr` for a result of `shape`: a single element becomes `One`, a matching
    /// C-contiguous array is used in place, anything else is broadcast and copied.
    pub(crate) fn new(
        py: Python<'py>,
        arr: Bound<'py, PyArrayDyn<T>>,
        shape: &[usize],
    ) -> PyResult<Self> {
        if arr.len() == 1 {
            let ro = arr.readonly();
            let v = *ro.as_array().iter().next().expect("one element");
            return Ok(Operand::One(v));
        }
        let np = numpy(py)?;
        let arr = if arr.shape() == shape {
            arr
        } else {
            np.call_method1("broadcast_to", (&arr, PyTuple::new(py, shape.iter())?))?
                .cast_into::<PyArrayDyn<T>>()?
        };
        let arr = if arr.is_c_contiguous() {
            arr
        } else {
            np.call_method1("ascontiguousarray", (&arr,))?
                .cast_into::<PyArrayDyn<T>>()?
        };
        Ok(Operand::Many(arr.readonly()))
    }

    pub(crate) fn src(&self) -> Src<'_, T> {
        match self {
            Operand::One(v) => Src::One(*v),
            Operand::Many(ro) => Src::Many(ro.as_slice().expect("C-contiguous by construction")),
        }
    }
}

/// A kernel input: one value or one per result element.
#[derive(Clone, Copy)]
pub(crate) enum Src<'a, T> {
    One(T),
    Many(&'a [T]),
}

/// The lane value (an `i64`) of an element.
pub(crate) trait Lane: Copy + Send + Sync {
    fn lane(self) -> i64;
}
impl Lane for i64 {
    #[inline(always)]
    fn lane(self) -> i64 {
        self
    }
}
impl Lane for Day {
    #[inline(always)]
    fn lane(self) -> i64 {
        i64::from(self)
    }
}

impl<T: Lane> Src<'_, T> {
    #[inline(always)]
    fn at(&self, i: usize) -> i64 {
        match self {
            Src::One(v) => v.lane(),
            Src::Many(s) => s[i].lane(),
        }
    }
}

/// Threads for a batch of `n` elements: 1 below `PARALLEL_MIN`, else the available cores (at
/// most `MAX_THREADS`), or `JIESU_NUM_THREADS` when set (read at each call, so that a
/// benchmark or a Dask worker sharing its cores can pin it; `1` = sequential).
fn threads_for(n: usize) -> usize {
    worker_threads(n, PARALLEL_MIN)
}

/// Threads for `n` items of work of which `min` are worth a thread: 1 below `min`, else as
/// [`threads_for`] (the cores, or `JIESU_NUM_THREADS`), never more than `n`.
pub(crate) fn worker_threads(n: usize, min: usize) -> usize {
    if n < min.max(2) {
        return 1;
    }
    if let Some(t) = std::env::var("JIESU_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return t.clamp(1, MAX_THREADS);
    }
    std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .clamp(1, MAX_THREADS)
        .min(n)
}

/// `out[i] = f(a[i], b[i])` over the broadcast operands, split over the cores for long
/// arrays. Stops at the first error and reports the smallest failing index (as a sequential
/// loop, and as numpy, would).
pub(crate) fn map2<A: Lane, B: Lane, O: Send>(
    a: Src<'_, A>,
    b: Src<'_, B>,
    out: &mut [O],
    f: &(impl Fn(i64, i64) -> Result<O, Error> + Sync),
) -> Result<(), (usize, Error)> {
    let run = |base: usize, chunk: &mut [O]| -> Result<(), (usize, Error)> {
        // Monomorphic loops for the usual shapes: array with scalar, array with array.
        match (a, b) {
            (Src::Many(x), Src::One(y)) => {
                let y = y.lane();
                for (i, (o, x)) in chunk.iter_mut().zip(&x[base..]).enumerate() {
                    *o = f(x.lane(), y).map_err(|e| (base + i, e))?;
                }
            }
            (Src::Many(x), Src::Many(y)) => {
                for (i, ((o, x), y)) in chunk.iter_mut().zip(&x[base..]).zip(&y[base..]).enumerate()
                {
                    *o = f(x.lane(), y.lane()).map_err(|e| (base + i, e))?;
                }
            }
            _ => {
                for (i, o) in chunk.iter_mut().enumerate() {
                    *o = f(a.at(base + i), b.at(base + i)).map_err(|e| (base + i, e))?;
                }
            }
        }
        Ok(())
    };
    let n = out.len();
    let threads = threads_for(n);
    if threads <= 1 {
        return run(0, out);
    }
    let size = n.div_ceil(threads);
    on_threads(out.chunks_mut(size).enumerate().map(|(k, chunk)| (k * size, chunk)), run).map(drop)
}

/// Runs `job(first_index, chunk)` for each chunk on a scoped thread of its own and returns the
/// results in chunk order. A panic in a job is resumed here; when jobs fail, the error with
/// the smallest index wins (as a sequential loop would report it).
pub(crate) fn on_threads<C: Send, R: Send>(
    chunks: impl Iterator<Item = (usize, C)>,
    job: impl Fn(usize, C) -> Result<R, (usize, Error)> + Sync,
) -> Result<Vec<R>, (usize, Error)> {
    let results: Vec<Result<R, (usize, Error)>> = std::thread::scope(|s| {
        let job = &job;
        let handles: Vec<_> = chunks
            .map(|(base, chunk)| s.spawn(move || job(base, chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(r) => r,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    });
    let mut out = Vec::with_capacity(results.len());
    let mut first: Option<(usize, Error)> = None;
    for r in results {
        match r {
            Ok(v) => out.push(v),
            Err((i, e)) => {
                if first.as_ref().is_none_or(|(j, _)| i < *j) {
                    first = Some((i, e));
                }
            }
        }
    }
    match first {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// A kernel's result array (uninitialized until the kernel fills it).
pub(crate) fn new_array<'py, O: Element>(
    py: Python<'py>,
    shape: &[usize],
) -> Bound<'py, PyArrayDyn<O>> {
    // SAFETY: every element is written by the kernel before the array is returned to Python;
    // on an error the array is dropped unseen. Elements are plain integers (no drop, no
    // invalid bit patterns).
    unsafe { PyArrayDyn::<O>::new(py, shape, false) }
}

/// Runs a binary kernel without the GIL and returns the array (a numpy scalar for a 0-d
/// result, as numpy's functions do).
pub(crate) fn run2<'py, A: Lane + Element, B: Lane + Element, O: Element + Send>(
    py: Python<'py>,
    a: &Operand<'py, A>,
    b: &Operand<'py, B>,
    shape: &[usize],
    f: impl Fn(i64, i64) -> Result<O, Error> + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    let out = new_array::<O>(py, shape);
    {
        let mut rw = out.readwrite();
        let slice = rw.as_slice_mut().expect("new arrays are contiguous");
        let (sa, sb) = (a.src(), b.src());
        py.detach(|| map2(sa, sb, slice, &f))
            .map_err(|(i, e)| to_pyerr(py, &e, Some(i)))?;
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
