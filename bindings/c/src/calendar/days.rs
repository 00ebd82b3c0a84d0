//! The days of a `jiesu_calendar`: what kind a day is, and working-day and working-time
//! arithmetic, one value or an array at a time (the arrays over the core's batch functions).

use jiesu::calendar::batch::{self, Arg, BatchError};
use jiesu::calendar::{Calendar, Roll};
use jiesu::parallelism::Parallelism;

use super::{jiesu_calendar, jiesu_day_kind, RollArg};
use crate::ffi::{buffer, ffi_boundary, jiesu_error, jiesu_status, to_i32, try_out, try_out_slice, try_ref, try_slice, FfiError, Out, OutSlice};

fn roll_from(roll: RollArg) -> Result<Roll, FfiError> {
    Ok(match roll {
        0 => Roll::Raise,
        1 => Roll::Forward,
        2 => Roll::Following,
        3 => Roll::Backward,
        4 => Roll::Preceding,
        5 => Roll::ModifiedFollowing,
        6 => Roll::ModifiedPreceding,
        _ => return Err(FfiError::new(jiesu_status::InvalidInput, format!("roll: {roll} is not a jiesu_roll (0..=6)"))),
    })
}

/// Runs a core batch (`jiesu::calendar::batch`, with the `JIESU_NUM_THREADS` setting) into a
/// buffer of ours, then, only when every element succeeded, copies it into `out`: all or
/// nothing, and `out` may overlap the inputs. A failure is the core's error of the first
/// failing element, located by the core (`dates[3]: …`).
fn all_or_nothing<R: Copy + Default>(out: OutSlice<R>, len: usize, run: impl FnOnce(&mut [R], Parallelism) -> Result<(), BatchError>) -> Result<(), FfiError> {
    let mut tmp = buffer::<R>(len)?;
    tmp.resize(len, R::default());
    run(&mut tmp, Parallelism::from_env()).map_err(|e| FfiError::from(jiesu::Error::from(e)))?;
    out.write(&tmp);
    Ok(())
}

fn add_working_days(cal: &Calendar, date: i32, n: i32) -> Result<i32, FfiError> {
    to_i32(cal.add_working_days_epoch(date as i64, n as i64)?, "result")
}

fn busday_offset(cal: &Calendar, date: i32, n: i32, roll: Roll) -> Result<i32, FfiError> {
    to_i32(cal.busday_offset_epoch(date as i64, n as i64, roll)?, "result")
}

fn busday_count(cal: &Calendar, begin: i32, end: i32) -> Result<i32, FfiError> {
    to_i32(cal.busday_count_epoch(begin as i64, end as i64)?, "result")
}

/// Whether `date` (days since 1970-01-01) is a working day: an ordinary workday or a make-up
/// working day (2026-02-14 = 20498 is one), not a weekend day or holiday.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`), `JIESU_STATUS_OUT_OF_COVERAGE` (a year
/// the calendar does not cover, strict policy), `JIESU_STATUS_INVALID_INPUT` (|date| > 10^8).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_is_workday(cal: *const jiesu_calendar, date: i32, out: *mut bool, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        out.write(cal.inner.is_workday_epoch(date as i64)?);
        Ok(())
    })
}

/// The kind of `date`: workday, weekend, holiday or make-up working day (调休上班日).
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: as `jiesu_calendar_is_workday`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_day_kind(cal: *const jiesu_calendar, date: i32, out: *mut jiesu_day_kind, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out: Out<jiesu_day_kind> = try_out!(out);
        let day = jiesu::calendar::date_from_epoch_day(date as i64)?;
        out.write(cal.inner.day_kind(day)?.into());
        Ok(())
    })
}

/// For `n >= 1` the `n`-th working day strictly after `date`; for `n <= -1` the `|n|`-th
/// working day strictly before; for `n == 0`, `date` itself (R-SLA-5: the dispatch day is not
/// counted). Example: 2026-09-30 (20726) + 5 = 2026-10-13 (20739), across the National Day
/// break and the make-up Saturday 10-10. O(1).
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`), `JIESU_STATUS_OUT_OF_COVERAGE` (the
/// walk needs an uncovered year: 2026-12-25 + 5 needs 2027), `JIESU_STATUS_INVALID_INPUT`
/// (|date| or |n| > 10^8).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_add_working_days(
    cal: *const jiesu_calendar,
    date: i32,
    n: i32,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        out.write(add_working_days(&cal.inner, date, n)?);
        Ok(())
    })
}

/// The instant `secs` seconds of working time after `t` (Unix seconds), counting only the
/// calendar's business hours on working days (working-time limits such as "respond within 4
/// working hours"). Example: Monday 2026-03-09 09:00 CST (1773018000) + 10800 s gives 12:00
/// (1773028800), the end of the morning session; a longer duration resumes at the afternoon
/// session, or on the next working day.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`), `JIESU_STATUS_OUT_OF_COVERAGE` (the
/// walk needs an uncovered year), `JIESU_STATUS_INVALID_INPUT` (`t` out of range, `secs`
/// negative or beyond 10^13).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_add_working_seconds(
    cal: *const jiesu_calendar,
    t: i64,
    secs: i64,
    out: *mut i64,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        out.write(cal.inner.add_working_seconds(t, secs)?);
        Ok(())
    })
}

/// The working time, in seconds, between the instants `a` and `b` (Unix seconds): the part of
/// [a, b) inside business hours on working days, negative when `b < a`. Example: Monday
/// 2026-03-09 09:00 to 12:00 CST (1773018000, 1773028800) is 10800.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`), `JIESU_STATUS_OUT_OF_COVERAGE`,
/// `JIESU_STATUS_INVALID_INPUT` (an instant out of range).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_working_seconds_between(
    cal: *const jiesu_calendar,
    a: i64,
    b: i64,
    out: *mut i64,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        out.write(cal.inner.working_seconds_between(a, b)?);
        Ok(())
    })
}

/// `numpy.busday_offset` with this calendar: roll `date` to a working day by `roll`, then move
/// `n` working days. Example: 2026-10-01 (20727), n = 0, `JIESU_ROLL_FORWARD` gives 2026-10-08
/// (20734).
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_OUT_OF_COVERAGE`,
/// `JIESU_STATUS_INVALID_INPUT` (a non-working day with `JIESU_ROLL_RAISE`, `roll` not a
/// `jiesu_roll`, |date| or |n| > 10^8).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_busday_offset(
    cal: *const jiesu_calendar,
    date: i32,
    n: i32,
    roll: RollArg,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let roll = roll_from(roll)?;
        let out = try_out!(out);
        out.write(busday_offset(&cal.inner, date, n, roll)?);
        Ok(())
    })
}

/// `numpy.busday_count` with this calendar: the working days in `[begin, end)`, negative when
/// `end < begin`. Example: [2026-09-30, 2026-10-14) = [20726, 20740) has 6.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_OUT_OF_COVERAGE`,
/// `JIESU_STATUS_INVALID_INPUT` (|begin| or |end| > 10^8).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_busday_count(
    cal: *const jiesu_calendar,
    begin: i32,
    end: i32,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        out.write(busday_count(&cal.inner, begin, end)?);
        Ok(())
    })
}

/// `jiesu_calendar_is_workday` over an array: `out[i]` = whether `dates[i]` is a working day.
///
/// All or nothing: results are computed into a temporary buffer and copied to `out` only when
/// every element succeeded; on the first failing element the function returns its error (the
/// message starts with `dates[i]: `, `i` the smallest failing index) and `out` is left
/// unwritten. `len` may be 0 (the pointers must still be non-NULL).
///
/// Threads: an array of 65 536 dates or more is split over up to `JIESU_NUM_THREADS` threads
/// (the environment variable, read at each call; unset: the available cores, at most 8;
/// `1`: the calling thread only): the calling thread and helpers of the core's pool (built at
/// the first such batch, kept for the process). The same setting as the Python package's. Set
/// it before the program starts threads.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: as `jiesu_calendar_is_workday`, plus `JIESU_STATUS_LIMIT_EXCEEDED` (`len` beyond the
/// addressable or allocatable size).
///
/// # Safety
/// `cal` is NULL or a live calendar; `dates` is NULL or `len` readable elements; `out` is NULL
/// or `len` writable elements; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_is_workday_batch(
    cal: *const jiesu_calendar,
    dates: *const i32,
    len: usize,
    out: *mut bool,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = &try_ref!(cal).inner;
        let dates = try_slice!(dates, len);
        let out = try_out_slice!(out, len);
        all_or_nothing(out, len, |out, par| batch::is_workday(cal, Arg::Each(dates), out, par))
    })
}

/// `jiesu_calendar_add_working_days` over an array: `out[i]` = `dates[i]` + `n` working days.
/// At least 100 million dates per second on one core.
///
/// All or nothing: results are computed into a temporary buffer and copied to `out` only when
/// every element succeeded; on the first failing element the function returns its error (the
/// message starts with `dates[i]: `) and `out` is left unwritten. `out` may be `dates` itself
/// (in place) or overlap it. `len` may be 0 (the pointers must still be non-NULL). Threads as
/// `jiesu_calendar_is_workday_batch` (`JIESU_NUM_THREADS`).
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: as `jiesu_calendar_add_working_days`, plus `JIESU_STATUS_LIMIT_EXCEEDED` (`len`
/// beyond the addressable or allocatable size).
///
/// # Safety
/// `cal` is NULL or a live calendar; `dates` is NULL or `len` readable elements; `out` is NULL
/// or `len` writable elements; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_add_working_days_batch(
    cal: *const jiesu_calendar,
    dates: *const i32,
    len: usize,
    n: i32,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = &try_ref!(cal).inner;
        let dates = try_slice!(dates, len);
        let out = try_out_slice!(out, len);
        all_or_nothing(out, len, |out, par| batch::add_working_days(cal, Arg::Each(dates), Arg::One(n), out, par))
    })
}

/// `jiesu_calendar_busday_offset` over an array: `out[i]` = `dates[i]` rolled by `roll`, then
/// moved `n` working days.
///
/// All or nothing, as `jiesu_calendar_add_working_days_batch` (temporary buffer; `out` may be
/// `dates`; errors name `dates[i]`); threads as `jiesu_calendar_is_workday_batch`.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: as `jiesu_calendar_busday_offset`, plus `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `dates` is NULL or `len` readable elements; `out` is NULL
/// or `len` writable elements; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_busday_offset_batch(
    cal: *const jiesu_calendar,
    dates: *const i32,
    len: usize,
    n: i32,
    roll: RollArg,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = &try_ref!(cal).inner;
        let dates = try_slice!(dates, len);
        let roll = roll_from(roll)?;
        let out = try_out_slice!(out, len);
        all_or_nothing(out, len, |out, par| batch::busday_offset(cal, Arg::Each(dates), Arg::One(n), roll, out, par))
    })
}

/// `jiesu_calendar_busday_count` over arrays: `out[i]` = working days in
/// `[begin[i], end[i])`.
///
/// All or nothing, as `jiesu_calendar_add_working_days_batch` (temporary buffer; `out` may be
/// `begin` or `end`; errors name `begin[i]`); threads as `jiesu_calendar_is_workday_batch`.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: as `jiesu_calendar_busday_count`, plus `JIESU_STATUS_LIMIT_EXCEEDED`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `begin` and `end` are NULL or `len` readable elements;
/// `out` is NULL or `len` writable elements; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_busday_count_batch(
    cal: *const jiesu_calendar,
    begin: *const i32,
    end: *const i32,
    len: usize,
    out: *mut i32,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = &try_ref!(cal).inner;
        let begin = try_slice!(begin, len);
        let end = try_slice!(end, len);
        let out = try_out_slice!(out, len);
        all_or_nothing(out, len, |out, par| batch::busday_count(cal, Arg::Each(begin), Arg::Each(end), out, par))
    })
}
