//! The calendar over arrays: many dates (or instants) in, one result per element out, the
//! element-by-element results and errors of the scalar functions, over the threads that
//! [`Parallelism`] allows.
//!
//! This is the one batch implementation of jiesu: the C library's `*_batch` functions and the
//! Python package's numpy calls are translations of these functions (they pass
//! [`Parallelism::from_env`], the `JIESU_NUM_THREADS` setting).
//!
//! - Dates are day numbers since 1970-01-01 (numpy's `datetime64[D]`), of any integer type
//!   that converts into `i64` (`i32` for C, `i64` or numpy's day type for Python); results go
//!   into any type they convert into (`TryFrom<i64>`). [`NAT`] (`i64::MIN`, numpy's
//!   not-a-time) is a missing date, with numpy's rules (see each function).
//! - An argument is one value for every element ([`Arg::One`]) or one per element
//!   ([`Arg::Each`], as long as the output).
//! - Every result is what the scalar function gives for that element, or the batch fails with
//!   the error of the first failing element, located by a [`BatchError`] (`dates[3]: …`).
//!   A result that is not a date (beyond chrono's years) is refused as the scalar function
//!   refuses it. What `out` holds after a failure is unspecified.
//!
//! # Example
//! ```
//! use jiesu::calendar::batch::{self, Arg};
//! use jiesu::calendar::{Calendar, Roll};
//! use jiesu::parallelism::Parallelism;
//!
//! let cal = Calendar::cn();
//! // 2026-09-30, 2026-10-01 (National Day), 2026-10-10 (a make-up Saturday).
//! let days: [i32; 3] = [20_726, 20_727, 20_736];
//! let mut due = [0i32; 3];
//! batch::busday_offset(&cal, Arg::Each(&days), Arg::One(5), Roll::Forward, &mut due, Parallelism::from_env())?;
//! assert_eq!(due, [20_739, 20_740, 20_742]); // 10-13, 10-14, 10-16
//! let mut worked = [false; 3];
//! batch::is_workday(&cal, Arg::Each(&days), &mut worked, Parallelism::SEQUENTIAL)?;
//! assert_eq!(worked, [true, false, true]);
//! # Ok::<(), jiesu::parallelism::BatchError>(())
//! ```

use std::iter::repeat;

use super::{date_from_epoch_day, Calendar, DayKind, Roll};
use crate::error::{Error, Result};
pub use crate::parallelism::{BatchError, Parallelism};

/// numpy's NaT (not-a-time) as a day number: a missing date. C's `int32_t` days never are.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg, NAT};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [0i64; 2];
/// batch::add_working_days(&Calendar::cn(), Arg::Each(&[20_726, NAT]), Arg::One(5i64), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [20_739, NAT]); // NaT stays NaT, as numpy's
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub const NAT: i64 = i64::MIN;

/// Batches shorter than this stay on the calling thread whatever the [`Parallelism`]: handing
/// blocks to the pool's helpers (waking a sleeping thread, tens of µs on a busy machine) costs
/// more than it saves below it.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::MIN_PARALLEL;
/// use jiesu::parallelism::Parallelism;
/// assert_eq!(Parallelism::threads(8).threads_for(MIN_PARALLEL - 1, MIN_PARALLEL), 1);
/// ```
pub const MIN_PARALLEL: usize = 1 << 16;

/// Fewest elements a thread claims at once.
const MIN_BLOCK: usize = 1 << 12;

/// One argument of a batch call: a single value for every element, or one value per element.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let cal = Calendar::cn();
/// let mut out = [0i64; 2];
/// // One date, two offsets: 2026-09-30 + 1 and + 5 working days.
/// batch::add_working_days(&cal, Arg::One(20_726i64), Arg::Each(&[1i64, 5]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [20_734, 20_739]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg<'a, T> {
    /// The same value for every element.
    One(T),
    /// One value per element: exactly as many as results.
    Each(&'a [T]),
}

/// Whether each date is a working day (ordinary or make-up); [`NAT`] is not (as
/// `numpy.is_busday`).
///
/// Errors: as [`Calendar::is_workday_epoch`] (an uncovered year with the strict policy, a day
/// beyond ±10⁸), named `dates[i]`.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg, NAT};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [true; 3];
/// // 2026-02-14 is a make-up Saturday, 2026-02-17 in the Spring Festival break.
/// batch::is_workday(&Calendar::cn(), Arg::Each(&[20_498i64, 20_501, NAT]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [true, false, false]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn is_workday<D>(cal: &Calendar, dates: Arg<'_, D>, out: &mut [bool], par: Parallelism) -> std::result::Result<(), BatchError>
where
    D: Copy + Into<i64> + Sync,
{
    fill1("dates", dates, out, par, |d| if d == NAT { Ok(false) } else { cal.is_workday_epoch(d) })
}

/// Whether the calendar's data states the kind of each date ([`Calendar::covers`]); [`NAT`] and
/// days that are not dates are not covered. Never fails but for a length mismatch.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [false; 2];
/// // 2026-12-31 is covered by CN (2004–2026), 2027-01-01 is not.
/// batch::covers(&Calendar::cn(), Arg::Each(&[20_818i64, 20_819]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [true, false]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn covers<D>(cal: &Calendar, dates: Arg<'_, D>, out: &mut [bool], par: Parallelism) -> std::result::Result<(), BatchError>
where
    D: Copy + Into<i64> + Sync,
{
    fill1("dates", dates, out, par, |d| Ok(d != NAT && date_from_epoch_day(d).is_ok_and(|x| cal.covers(x))))
}

/// The kind of each date ([`Calendar::day_kind`]); `None` for [`NAT`].
///
/// Errors: as [`Calendar::day_kind`] of [`date_from_epoch_day`], named `dates[i]`.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg, NAT};
/// use jiesu::calendar::{Calendar, DayKind};
/// use jiesu::parallelism::Parallelism;
/// let mut out = [None; 2];
/// batch::day_kind(&Calendar::cn(), Arg::Each(&[20_498i64, NAT]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [Some(DayKind::MakeupWorkday), None]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn day_kind<D>(cal: &Calendar, dates: Arg<'_, D>, out: &mut [Option<DayKind>], par: Parallelism) -> std::result::Result<(), BatchError>
where
    D: Copy + Into<i64> + Sync,
{
    fill1("dates", dates, out, par, |d| {
        if d == NAT {
            return Ok(None);
        }
        cal.day_kind(date_from_epoch_day(d)?).map(Some)
    })
}

/// Each date plus `n` working days ([`Calendar::add_working_days_epoch`]); [`NAT`] stays NaT.
///
/// Errors: as the scalar function (coverage, |n| or |date| beyond 10⁸, a result that is not a
/// date), named `dates[i]`; a result the output type cannot hold.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let cal = Calendar::cn();
/// let mut out = [0i32; 2];
/// batch::add_working_days(&cal, Arg::Each(&[20_726i32, 20_739]), Arg::Each(&[5i32, -5]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [20_739, 20_726]); // 2026-09-30 + 5 = 2026-10-13, and back
/// // 2026-12-25 + 5 needs 2027: CN does not cover it.
/// let err = batch::add_working_days(&cal, Arg::Each(&[20_726i32, 20_812]), Arg::One(5i32), &mut out, Parallelism::AUTO)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("dates[1]: calendar \"CN\" does not cover year 2027"));
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn add_working_days<D, N, O>(cal: &Calendar, dates: Arg<'_, D>, n: Arg<'_, N>, out: &mut [O], par: Parallelism) -> std::result::Result<(), BatchError>
where
    D: Copy + Into<i64> + Sync,
    N: Copy + Into<i64> + Sync,
    O: TryFrom<i64> + Send,
{
    let table = Tabulated::new(cal, &dates, &n, out.len(), |d, n| cal.add_working_days_epoch(d, n));
    // Inlined into the loop over a block, so that a tabulated element is a load and a store.
    fill2(
        ("dates", "n"),
        dates,
        n,
        out,
        par,
        #[inline(always)]
        |d, n| {
            if d == NAT {
                return output(NAT);
            }
            output(table.get(d, n, |d, n| cal.add_working_days_epoch(d, n))?)
        },
    )
}

/// `numpy.busday_offset` over arrays ([`Calendar::busday_offset_epoch`]): each date rolled by
/// `roll`, then moved `n` working days. [`NAT`] stays NaT, except that [`Roll::Raise`] refuses
/// it ("NaT input in busday_offset", as numpy).
///
/// Errors: as the scalar function (a non-working day with [`Roll::Raise`], coverage, range),
/// named `dates[i]`; a result the output type cannot hold.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg, NAT};
/// use jiesu::calendar::{Calendar, Roll};
/// use jiesu::parallelism::Parallelism;
/// let cal = Calendar::cn();
/// let mut out = [0i64; 2];
/// // 2026-10-01 (a holiday) rolls forward to 2026-10-08.
/// batch::busday_offset(&cal, Arg::Each(&[20_727i64, NAT]), Arg::One(0i64), Roll::Forward, &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [20_734, NAT]);
/// let err = batch::busday_offset(&cal, Arg::Each(&[20_727i64]), Arg::One(0i64), Roll::Raise, &mut out[..1], Parallelism::AUTO)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("dates[0]: non-business day date in busday_offset"));
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn busday_offset<D, N, O>(
    cal: &Calendar,
    dates: Arg<'_, D>,
    n: Arg<'_, N>,
    roll: Roll,
    out: &mut [O],
    par: Parallelism,
) -> std::result::Result<(), BatchError>
where
    D: Copy + Into<i64> + Sync,
    N: Copy + Into<i64> + Sync,
    O: TryFrom<i64> + Send,
{
    let table = Tabulated::new(cal, &dates, &n, out.len(), |d, n| cal.busday_offset_epoch(d, n, roll));
    fill2(
        ("dates", "n"),
        dates,
        n,
        out,
        par,
        #[inline(always)]
        |d, n| {
            if d == NAT {
                return if roll == Roll::Raise { Err(nat_offset()) } else { output(NAT) };
            }
            output(table.get(d, n, |d, n| cal.busday_offset_epoch(d, n, roll))?)
        },
    )
}

/// `numpy.busday_count` over arrays ([`Calendar::busday_count_epoch`]): the working days in
/// `[begin, end)`, negative when `end < begin`. A [`NAT`] on either side is an error, as numpy's.
///
/// Errors: as the scalar function, named `begin[i]`; a count the output type cannot hold.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [0i32; 2];
/// // [2026-09-30, 2026-10-14) has 6 working days; reversed, -6.
/// batch::busday_count(&Calendar::cn(), Arg::Each(&[20_726i32, 20_740]), Arg::Each(&[20_740i32, 20_726]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [6, -6]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn busday_count<B, E, O>(cal: &Calendar, begin: Arg<'_, B>, end: Arg<'_, E>, out: &mut [O], par: Parallelism) -> std::result::Result<(), BatchError>
where
    B: Copy + Into<i64> + Sync,
    E: Copy + Into<i64> + Sync,
    O: TryFrom<i64> + Send,
{
    fill2(("begin", "end"), begin, end, out, par, |b, e| {
        if b == NAT || e == NAT {
            return Err(nat_count());
        }
        output(cal.busday_count_epoch(b, e)?)
    })
}

/// [`busday_count`] for tables with open tickets: a pair with a [`NAT`] on either side counts
/// `NaN` instead of failing (pandas' missing value), every other pair its working days.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg, NAT};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [0f64; 2];
/// batch::busday_count_nan(&Calendar::cn(), Arg::Each(&[20_726i64, 20_726]), Arg::Each(&[20_740i64, NAT]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out[0], 6.0);
/// assert!(out[1].is_nan());
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn busday_count_nan<B, E>(cal: &Calendar, begin: Arg<'_, B>, end: Arg<'_, E>, out: &mut [f64], par: Parallelism) -> std::result::Result<(), BatchError>
where
    B: Copy + Into<i64> + Sync,
    E: Copy + Into<i64> + Sync,
{
    fill2(("begin", "end"), begin, end, out, par, |b, e| if b == NAT || e == NAT { Ok(f64::NAN) } else { Ok(cal.busday_count_epoch(b, e)? as f64) })
}

/// The CST (UTC+08:00) date of each instant, as a day number: `ns` are nanoseconds since the
/// Unix epoch (numpy's and pandas' `datetime64[ns]`, a timezone-aware column's UTC values),
/// [`NAT`] stays [`NAT`]. What a column of aware timestamps means as dates in China.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{cst_days_from_unix_nanos, NAT};
/// // 2026-03-01T16:30:00Z is 2026-03-02 00:30 in China (day 20_514).
/// let t = chrono::DateTime::parse_from_rfc3339("2026-03-01T16:30:00Z").unwrap().timestamp_nanos_opt().unwrap();
/// let mut out = [0i64; 2];
/// cst_days_from_unix_nanos(&[t, NAT], &mut out);
/// assert_eq!(out, [20_514, NAT]);
/// ```
pub fn cst_days_from_unix_nanos(ns: &[i64], out: &mut [i64]) {
    const DAY: i64 = 86_400 * 1_000_000_000;
    let offset = super::CST_OFFSET_SECONDS as i64 * 1_000_000_000;
    for (o, &t) in out.iter_mut().zip(ns) {
        *o = if t == NAT { NAT } else { (t as i128 + offset as i128).div_euclid(DAY as i128) as i64 };
    }
}

/// Each instant (Unix seconds) plus `secs` seconds of working time
/// ([`Calendar::add_working_seconds`]).
///
/// Errors: as the scalar function (a negative or too long duration, an instant out of range,
/// coverage, a result without a date), named `instants[i]`.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [0i64; 2];
/// // Monday 2026-03-09 09:00 CST + 3 h and + 4 h: 12:00, then 15:30 after the lunch break.
/// batch::add_working_seconds(&Calendar::cn(), Arg::One(1_773_018_000i64), Arg::Each(&[10_800i64, 14_400]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [1_773_028_800, 1_773_041_400]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn add_working_seconds<T, S>(
    cal: &Calendar,
    instants: Arg<'_, T>,
    secs: Arg<'_, S>,
    out: &mut [i64],
    par: Parallelism,
) -> std::result::Result<(), BatchError>
where
    T: Copy + Into<i64> + Sync,
    S: Copy + Into<i64> + Sync,
{
    fill2(("instants", "secs"), instants, secs, out, par, |t, s| cal.add_working_seconds(t, s))
}

/// The working time in seconds from each `a` to its `b` (Unix seconds,
/// [`Calendar::working_seconds_between`]), negative when `b < a`.
///
/// Errors: as the scalar function (an instant out of range, coverage), named `a[i]`.
///
/// # Example
/// ```
/// use jiesu::calendar::batch::{self, Arg};
/// use jiesu::calendar::Calendar;
/// use jiesu::parallelism::Parallelism;
/// let mut out = [0i64; 2];
/// // Monday 2026-03-09 09:00 to 12:00 CST is 3 h of working time; reversed, -3 h.
/// let (a, b) = (1_773_018_000i64, 1_773_028_800i64);
/// batch::working_seconds_between(&Calendar::cn(), Arg::Each(&[a, b]), Arg::Each(&[b, a]), &mut out, Parallelism::AUTO)?;
/// assert_eq!(out, [10_800, -10_800]);
/// # Ok::<(), jiesu::parallelism::BatchError>(())
/// ```
pub fn working_seconds_between<A, B>(cal: &Calendar, a: Arg<'_, A>, b: Arg<'_, B>, out: &mut [i64], par: Parallelism) -> std::result::Result<(), BatchError>
where
    A: Copy + Into<i64> + Sync,
    B: Copy + Into<i64> + Sync,
{
    fill2(("a", "b"), a, b, out, par, |a, b| cal.working_seconds_between(a, b))
}

/// A batch of dates with one offset (every deadline of a column: `dates + 5 working days`) at
/// least this many times as long as the calendar's table of days first computes the result for
/// every day of the table: each element is then one load instead of the scalar function's
/// lookups.
const TABULATE_FACTOR: usize = 4;

/// The longest table of days tabulated (longer ones would not stay in the cache).
const MAX_TABULATED: i64 = 1 << 16;

/// A day whose result is not tabulated: the scalar function gives it (and its error).
const UNTABULATED: i32 = i32::MIN;

/// The result of a date function with one offset, for every day of the calendar's table.
struct Tabulated {
    /// The first day of the table.
    start: i64,
    /// `result - day` for each day, or [`UNTABULATED`] (an error, or an offset beyond `i32`).
    offsets: Vec<i32>,
}

impl Tabulated {
    /// The table of `f(day, n)`, when the dates are many and `n` is one value; else an empty
    /// one (every element goes to the scalar function).
    fn new<D, N: Copy + Into<i64>>(cal: &Calendar, dates: &Arg<'_, D>, n: &Arg<'_, N>, len: usize, f: impl Fn(i64, i64) -> Result<i64>) -> Tabulated {
        let (start, days) = (cal.t.days.start, cal.t.days.len);
        let n = match (dates, n) {
            (Arg::Each(_), Arg::One(n)) if (1..=MAX_TABULATED).contains(&days) && len >= TABULATE_FACTOR * days as usize => (*n).into(),
            _ => return Tabulated { start, offsets: Vec::new() },
        };
        let offset = |d: i64| f(d, n).ok().and_then(|r| i32::try_from(r - d).ok()).filter(|&o| o != UNTABULATED).unwrap_or(UNTABULATED);
        Tabulated { start, offsets: (start..start + days).map(offset).collect() }
    }

    /// `f(d, n)`: from the table when it holds `d`, else from `f` itself.
    #[inline(always)]
    fn get(&self, d: i64, n: i64, f: impl Fn(i64, i64) -> Result<i64>) -> Result<i64> {
        let i = d.wrapping_sub(self.start) as u64;
        if i < self.offsets.len() as u64 {
            let o = self.offsets[i as usize];
            if o != UNTABULATED {
                return Ok(d + o as i64);
            }
        }
        untabulated(d, n, f)
    }
}

/// `f(d, n)`, out of line: the loop over a block keeps only the table's path.
#[inline(never)]
fn untabulated(d: i64, n: i64, f: impl Fn(i64, i64) -> Result<i64>) -> Result<i64> {
    f(d, n)
}

#[cold]
fn nat_offset() -> Error {
    Error::invalid_input("dates", "NaT input in busday_offset")
}

#[cold]
fn nat_count() -> Error {
    Error::invalid_input("dates", "Cannot compute a business day count with a NaT (not-a-time) date")
}

/// A result in the output type.
#[inline(always)]
fn output<O: TryFrom<i64>>(v: i64) -> Result<O> {
    match O::try_from(v) {
        Ok(o) => Ok(o),
        Err(_) => Err(does_not_fit(v)),
    }
}

#[cold]
fn does_not_fit(v: i64) -> Error {
    Error::invalid_input("result", format!("the result {v} does not fit in the output's type"))
}

/// `out[i] = f(a[i])`.
#[inline(always)]
fn fill1<A, O>(name: &'static str, a: Arg<'_, A>, out: &mut [O], par: Parallelism, f: impl Fn(i64) -> Result<O> + Sync) -> std::result::Result<(), BatchError>
where
    A: Copy + Into<i64> + Sync,
    O: Send,
{
    fill2((name, name), a, Arg::One(0i64), out, par, |x, _| f(x))
}

/// `out[i] = f(a[i], b[i])`, the error of the smallest failing index named `names.0[i]`.
#[inline(always)]
fn fill2<A, B, O>(
    names: (&'static str, &'static str),
    a: Arg<'_, A>,
    b: Arg<'_, B>,
    out: &mut [O],
    par: Parallelism,
    f: impl Fn(i64, i64) -> Result<O> + Sync,
) -> std::result::Result<(), BatchError>
where
    A: Copy + Into<i64> + Sync,
    B: Copy + Into<i64> + Sync,
    O: Send,
{
    check_len(names.0, &a, out.len())?;
    check_len(names.1, &b, out.len())?;
    let lane = |v: &A| -> i64 { (*v).into() };
    let lane_b = |v: &B| -> i64 { (*v).into() };
    par.fill(out, MIN_PARALLEL, MIN_BLOCK, |start, block| {
        let r = start..start + block.len();
        // Monomorphic loops for each shape: array with scalar, array with array, ...
        match (a, b) {
            (Arg::Each(x), Arg::One(y)) => each(start, block, x[r].iter().map(lane), repeat(y.into()), &f),
            (Arg::Each(x), Arg::Each(y)) => each(start, block, x[r.clone()].iter().map(lane), y[r].iter().map(lane_b), &f),
            (Arg::One(x), Arg::Each(y)) => each(start, block, repeat(x.into()), y[r].iter().map(lane_b), &f),
            (Arg::One(x), Arg::One(y)) => each(start, block, repeat(x.into()), repeat(y.into()), &f),
        }
    })
    .map_err(|(i, e)| BatchError::new(names.0, i, e))
}

#[inline(always)]
fn each<O>(
    start: usize,
    block: &mut [O],
    xs: impl Iterator<Item = i64>,
    ys: impl Iterator<Item = i64>,
    f: &impl Fn(i64, i64) -> Result<O>,
) -> std::result::Result<(), (usize, Error)> {
    for (i, ((o, x), y)) in block.iter_mut().zip(xs).zip(ys).enumerate() {
        match f(x, y) {
            Ok(v) => *o = v,
            Err(e) => return Err((start + i, e)),
        }
    }
    Ok(())
}

/// An [`Arg::Each`] must have one value per result.
fn check_len<T>(name: &'static str, arg: &Arg<'_, T>, len: usize) -> std::result::Result<(), BatchError> {
    match arg {
        Arg::Each(x) if x.len() != len => {
            Err(BatchError::new(name, x.len().min(len), Error::invalid_input(name, format!("{name} has {} values for {len} results", x.len()))))
        }
        _ => Ok(()),
    }
}
