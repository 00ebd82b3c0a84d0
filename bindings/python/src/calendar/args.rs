//! The conversions of `Calendar`'s arguments and results: rolls and weekmasks as numpy
//! spells them, "today" for the coverage countdown, instants and durations in microseconds.

use chrono::NaiveDate;
use jiesu::calendar::Roll;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDelta, PyDeltaAccess, PyString};

use crate::days::{as_date, date_to_day};
use crate::errors::{invalid, type_error, IntoPy};
use crate::sla::{instant, instant_to_py};

pub(super) fn parse_roll(py: Python<'_>, roll: &str) -> PyResult<Roll> {
    roll.parse::<Roll>().py_err(py)
}

pub(super) fn weekmask_text(py: Python<'_>, weekmask: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = weekmask.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    // numpy also takes a sequence of 7 truthy/falsy values, Monday first.
    let items: Vec<Bound<'_, PyAny>> = weekmask
        .try_iter()
        .map_err(|_| type_error("weekmask must be a string such as \"1111100\" or \"Mon Tue Wed Thu Fri\", or 7 booleans"))?
        .collect::<PyResult<_>>()?;
    if items.len() != 7 {
        return Err(invalid(py, "weekmask", format!("a weekmask sequence needs 7 values (Monday first), not {}", items.len())));
    }
    items.iter().map(|x| Ok(if x.is_truthy()? { '1' } else { '0' })).collect()
}

const _: () = assert!(jiesu::calendar::COVERAGE_WARNING_DAYS == 60);

/// "Today" for the coverage countdown: a `datetime.date` as is, an aware `datetime` as its
/// date in China Standard Time.
pub(super) fn today_of(py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Some(d) = as_date(now) {
        return jiesu::calendar::date_from_epoch_day(date_to_day(d)).py_err(py);
    }
    if now.cast::<PyDateTime>().is_err() {
        return Err(type_error(format!(
            "now must be a datetime.date or a timezone-aware datetime.datetime, not {}",
            now.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
        )));
    }
    Ok(jiesu::calendar::local_date(instant(py, now, "now")?))
}

/// Microseconds in a second: the resolution of `datetime` and `timedelta`.
const MICROS: i128 = 1_000_000;

/// An aware `datetime` argument as Unix seconds (floored) and the microseconds after them.
pub(super) fn unix_micros(py: Python<'_>, x: &Bound<'_, PyAny>, field: &str) -> PyResult<(i64, i64)> {
    let t = instant(py, x, field)?;
    Ok((t.timestamp(), i64::from(t.timestamp_subsec_micros())))
}

/// A `timedelta` argument in microseconds.
pub(super) fn delta_micros(x: &Bound<'_, PyAny>, field: &str) -> PyResult<i128> {
    let d = x.cast::<PyDelta>().map_err(|_| {
        type_error(format!("{field} must be a datetime.timedelta, not {}", x.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())))
    })?;
    Ok(i128::from(d.get_days()) * 86_400 * MICROS + i128::from(d.get_seconds()) * MICROS + i128::from(d.get_microseconds()))
}

/// Unix seconds and microseconds as an aware `datetime` in CST (UTC+08:00); a result beyond
/// `datetime`'s range (years 1–9999) is an `InvalidInput` error.
pub(super) fn unix_to_py<'py>(py: Python<'py>, secs: i64, micros: i64) -> PyResult<Bound<'py, PyDateTime>> {
    use chrono::Datelike;
    let out_of_range = || invalid(py, "result", format!("the result (Unix time {secs} s) is outside the range of datetime.datetime"));
    let t =
        jiesu::calendar::instant_from_unix(secs).ok().and_then(|t| t.checked_add_signed(chrono::TimeDelta::microseconds(micros))).ok_or_else(out_of_range)?;
    if !(1..=9999).contains(&t.year()) {
        return Err(out_of_range());
    }
    instant_to_py(py, t)
}

/// Microseconds as a `timedelta`.
pub(super) fn micros_to_delta<'py>(py: Python<'py>, us: i128) -> PyResult<Bound<'py, PyDelta>> {
    let day = 86_400 * MICROS;
    let days = i32::try_from(us.div_euclid(day)).map_err(|_| invalid(py, "result", "the working time is outside the range of datetime.timedelta"))?;
    let rest = us.rem_euclid(day);
    PyDelta::new(py, days, (rest / MICROS) as i32, (rest % MICROS) as i32, true)
}
