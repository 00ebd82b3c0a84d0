//! `jiesu_calendar`: working days with statutory holidays and make-up working days (调休),
//! overlays and coverage (R-SLA-5 … R-SLA-7), over `jiesu::calendar::Calendar`.
//!
//! Dates are `int32_t` days since 1970-01-01 (numpy's `datetime64[D]`): 2026-09-30 is 20726.

use std::ffi::{c_char, c_int};

use jiesu::calendar::{epoch_day, BusinessHours, Calendar, CalendarData, CoveragePolicy, DayKind, Notice};

use crate::ffi::{c_string, ffi_boundary, jiesu_error, jiesu_status, json_string, to_i32, try_cstr, try_instant, try_out, try_ref, try_str, FfiError};

mod days;

/// A working-day calendar (an opaque handle).
///
/// Made by `jiesu_calendar_builtin`, `jiesu_calendar_from_json`, `jiesu_calendar_from_toml`,
/// `jiesu_calendar_with_overlay_json`, `jiesu_calendar_with_overlay_toml`,
/// `jiesu_calendar_with_notice`, `jiesu_calendar_with_policy` or `jiesu_engine_calendar`;
/// freed with `jiesu_calendar_free`.
/// Immutable: every function may be called on one calendar from many threads at once.
#[allow(non_camel_case_types)]
pub struct jiesu_calendar {
    pub(crate) inner: Calendar,
}

impl jiesu_calendar {
    pub(crate) fn boxed(inner: Calendar) -> *mut jiesu_calendar {
        Box::into_raw(Box::new(jiesu_calendar { inner }))
    }
}

/// What kind of day a date is (`jiesu_calendar_day_kind`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jiesu_day_kind {
    /// An ordinary working day.
    Workday = 0,
    /// An ordinary rest day (by the weekmask).
    Weekend = 1,
    /// A statutory or local holiday.
    Holiday = 2,
    /// A weekend day that is worked (调休上班日), such as 2026-02-14.
    MakeupWorkday = 3,
}

impl From<DayKind> for jiesu_day_kind {
    fn from(k: DayKind) -> jiesu_day_kind {
        match k {
            DayKind::Workday => jiesu_day_kind::Workday,
            DayKind::Weekend => jiesu_day_kind::Weekend,
            DayKind::Holiday => jiesu_day_kind::Holiday,
            DayKind::MakeupWorkday => jiesu_day_kind::MakeupWorkday,
        }
    }
}

/// How `jiesu_calendar_busday_offset` moves a date that is not a working day, exactly as
/// numpy's `busday_offset(roll=…)`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jiesu_roll {
    /// Fail with `JIESU_STATUS_INVALID_INPUT` on a non-working day.
    Raise = 0,
    /// The next working day.
    Forward = 1,
    /// Same as `JIESU_ROLL_FORWARD`.
    Following = 2,
    /// The previous working day.
    Backward = 3,
    /// Same as `JIESU_ROLL_BACKWARD`.
    Preceding = 4,
    /// The next working day, unless it is in another month: then the previous one.
    ModifiedFollowing = 5,
    /// The previous working day, unless it is in another month: then the next one.
    ModifiedPreceding = 6,
}

/// What to do when a computation needs a year the calendar does not cover (R-SLA-7).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jiesu_coverage_policy {
    /// Fail with `JIESU_STATUS_OUT_OF_COVERAGE` naming the year (the default).
    Strict = 0,
    /// Treat uncovered years as weekends-only (by the weekmask); SLA clocks computed that way
    /// carry `"provisional": true`.
    Provisional = 1,
}

/// A `jiesu_roll` as C passes it: any `int`, checked before use (a Rust enum parameter could
/// not be checked). The header shows it as `jiesu_roll` (cbindgen.toml renames it).
pub type RollArg = c_int;
/// A `jiesu_coverage_policy` as C passes it (see [`RollArg`]).
pub type CoveragePolicyArg = c_int;

fn policy_from(policy: CoveragePolicyArg) -> Result<CoveragePolicy, FfiError> {
    Ok(match policy {
        0 => CoveragePolicy::Strict,
        1 => CoveragePolicy::Provisional,
        _ => return Err(FfiError::new(jiesu_status::InvalidInput, format!("policy: {policy} is not a jiesu_coverage_policy (0 or 1)"))),
    })
}

/// A built-in calendar by name: `"CN"`, the national calendar with every statutory holiday and
/// make-up working day 2004–2026 (State Council notices), strict coverage, default business
/// hours (09:00–12:00, 14:30–18:00 Monday to Friday).
///
/// Ownership: on success `*out` receives a new calendar; free it with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`name`, `out`), `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_INPUT` (an unknown name).
///
/// # Safety
/// `name` is NULL or NUL-terminated; `out` is NULL or writable; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_builtin(name: *const c_char, out: *mut *mut jiesu_calendar, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let name = try_cstr!(name);
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(Calendar::builtin(name)?));
        Ok(())
    })
}

/// A calendar from JSON data: the serde JSON of `jiesu::calendar::CalendarData`, the format of
/// `data/calendar/cn.toml` (`schema_version`, `name`, `coverage` `{from, to}`, optional
/// `weekmask`, `festivals[]` with `year`, `festival`, `holidays`, `workdays`, `notice`).
/// `json` is read as exactly `len` bytes of UTF-8 (no NUL terminator needed).
///
/// Ownership: on success `*out` receives a new calendar; free it with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, unknown field, wrong type),
/// `JIESU_STATUS_VALIDATION_FAILED` (every problem with its path, e.g.
/// `festivals[3].workdays[0]: make-up workday 2026-03-04 is not a weekend day`),
/// `JIESU_STATUS_INVALID_INPUT` (an overlay: use `jiesu_calendar_with_overlay_json`).
///
/// # Safety
/// `json` is NULL or points to `len` readable bytes; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_from_json(json: *const c_char, len: usize, out: *mut *mut jiesu_calendar, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let json = try_str!(json, len);
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(Calendar::from_json(json).map_err(FfiError::json)?));
        Ok(())
    })
}

/// A calendar from TOML data, the format of `data/calendar/cn.toml` (see
/// `jiesu_calendar_from_json`). `toml` is read as exactly `len` bytes of UTF-8.
///
/// Ownership: on success `*out` receives a new calendar; free it with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_TOML`, `JIESU_STATUS_VALIDATION_FAILED`, `JIESU_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `toml` is NULL or points to `len` readable bytes; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_from_toml(toml: *const c_char, len: usize, out: *mut *mut jiesu_calendar, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let toml = try_str!(toml, len);
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(Calendar::from_toml(toml).map_err(FfiError::toml)?));
        Ok(())
    })
}

fn with_overlay(cal: &Calendar, data: Result<CalendarData, FfiError>) -> Result<*mut jiesu_calendar, FfiError> {
    Ok(jiesu_calendar::boxed(cal.with_overlay(&data?).map_err(FfiError::json)?))
}

/// A new calendar: `cal` with an overlay given as JSON (`CalendarData` with `base = "CN"`):
/// with `scope = "local"` (default) local holidays and working days within the calendar's
/// coverage; with `scope = "national"` a further year of the national schedule (coverage
/// becomes the union). `cal` itself is unchanged. `json` is read as exactly `len` bytes.
///
/// Ownership: `cal` stays the caller's; on success `*out` receives a new calendar; free it
/// with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON`, `JIESU_STATUS_VALIDATION_FAILED` (a date the base already
/// marks, years outside the coverage, …), `JIESU_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `json` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_with_overlay_json(
    cal: *const jiesu_calendar,
    json: *const c_char,
    len: usize,
    out: *mut *mut jiesu_calendar,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let json = try_str!(json, len);
        let out = try_out!(out);
        out.write(with_overlay(&cal.inner, CalendarData::from_json(json).map_err(FfiError::json))?);
        Ok(())
    })
}

/// A new calendar: `cal` with other business hours (R-SLA-1's working-time limits count
/// only the hours inside them), given as the JSON of `jiesu::calendar::BusinessHours`:
/// `{"monday": ["08:30-12:00", "14:30-18:00"], …, "sunday": [], "makeup_workday": [...]}`
/// (sessions `HH:MM-HH:MM` in China Standard Time, in order, not overlapping; an omitted
/// weekday has no hours, an omitted `makeup_workday` takes Monday's). The default is
/// 09:00–12:00 and 14:30–18:00 Monday to Friday. `cal` itself is unchanged. `json` is read as
/// exactly `len` bytes.
///
/// Ownership: `cal` stays the caller's; on success `*out` receives a new calendar; free it
/// with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_JSON` (syntax, unknown field, a session that is not `HH:MM-HH:MM`),
/// `JIESU_STATUS_VALIDATION_FAILED` (sessions out of order or overlapping, every problem
/// with its path).
///
/// # Safety
/// `cal` is NULL or a live calendar; `json` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_with_business_hours_json(
    cal: *const jiesu_calendar,
    json: *const c_char,
    len: usize,
    out: *mut *mut jiesu_calendar,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let json = try_str!(json, len);
        let out = try_out!(out);
        let hours = BusinessHours::from_json(json).map_err(FfiError::json)?;
        out.write(jiesu_calendar::boxed(cal.inner.with_business_hours(hours).map_err(FfiError::json)?));
        Ok(())
    })
}

/// Like `jiesu_calendar_with_overlay_json`, with the overlay as TOML (as the shipped
/// `data/calendar/example-wenshan-overlay.toml`, an example, not official data).
///
/// Ownership: `cal` stays the caller's; on success `*out` receives a new calendar; free it
/// with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_INVALID_TOML`, `JIESU_STATUS_VALIDATION_FAILED`, `JIESU_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `toml` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_with_overlay_toml(
    cal: *const jiesu_calendar,
    toml: *const c_char,
    len: usize,
    out: *mut *mut jiesu_calendar,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let toml = try_str!(toml, len);
        let out = try_out!(out);
        out.write(with_overlay(&cal.inner, CalendarData::from_toml(toml).map_err(FfiError::toml))?);
        Ok(())
    })
}

/// A core error about a notice's text: `Parse` (no festival item, no year) is
/// `JIESU_STATUS_INVALID_INPUT`, as the text is neither JSON nor TOML.
fn notice_error(e: jiesu::Error) -> FfiError {
    FfiError::from_core(e, jiesu_status::InvalidInput)
}

/// The notice in `text`; the `year` argument of the notice functions is 0 for "read it from
/// the text".
fn parse_notice(text: &str, year: i32) -> Result<Notice, FfiError> {
    Notice::parse(text, (year != 0).then_some(year)).map_err(notice_error)
}

/// A new calendar: `cal` with the State Council's holiday notice for a year
/// (国务院办公厅关于20XX年部分节假日安排的通知), pasted as text, applied as a national overlay: the
/// notice's year becomes covered. `text` is read as exactly `len` bytes of UTF-8 (at most
/// 65 536, `jiesu::calendar::MAX_NOTICE_BYTES`): the yearly notice, optionally followed by the
/// supplementary notices of the same year, each from its title. The year is read from the
/// title or the first sentence (`现将2027年…`). Every weekday, lunar day, count (`共N天`),
/// `与周末连休` and make-up day the text states is checked; a notice that fails is refused with
/// a message quoting the sentence in «». `cal` itself is unchanged.
///
/// Ownership: `cal` stays the caller's; on success `*out` receives a new calendar; free it
/// with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_LIMIT_EXCEEDED` (text over 65 536 bytes), `JIESU_STATUS_INVALID_INPUT` (no
/// festival item or no year in the text, a New Year break in a December `cal` does not cover),
/// `JIESU_STATUS_VALIDATION_FAILED` (a sentence that fails a check, quoted; a day `cal`
/// already marks).
///
/// # Safety
/// `cal` is NULL or a live calendar; `text` is NULL or points to `len` readable bytes; `out`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_with_notice(
    cal: *const jiesu_calendar,
    text: *const c_char,
    len: usize,
    out: *mut *mut jiesu_calendar,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let text = try_str!(text, len);
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(cal.inner.with_notice(text).map_err(notice_error)?));
        Ok(())
    })
}

/// The State Council's holiday notice for a year, pasted as text (as for
/// `jiesu_calendar_with_notice`), read and checked into calendar data, rendered as TOML in
/// the layout of `data/calendar/cn.toml` for review and commit: a national overlay of `CN`
/// (`base = "CN"`, `scope = "national"`), one `[[festivals]]` entry per festival, each preceded
/// by a comment quoting the sentences it comes from. `year` is the year the notice arranges,
/// or 0 to read it from the text; when both are given they must agree.
///
/// Ownership: `*out` is a new NUL-terminated UTF-8 string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_UTF8`,
/// `JIESU_STATUS_LIMIT_EXCEEDED`, `JIESU_STATUS_INVALID_INPUT` (no festival item or no year
/// in the text, `year` disagreeing with it or outside 1900..=2200),
/// `JIESU_STATUS_VALIDATION_FAILED` (a sentence that fails a check, quoted).
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_notice_toml(
    text: *const c_char,
    len: usize,
    year: i32,
    out: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let text = try_str!(text, len);
        let out = try_out!(out);
        out.write(c_string(parse_notice(text, year)?.to_toml()));
        Ok(())
    })
}

/// Like `jiesu_calendar_notice_toml`, rendered as JSON (the JSON form of the same data, as
/// read by `jiesu_calendar_with_overlay_json`).
///
/// Ownership: `*out` is a new NUL-terminated UTF-8 string; free it with `jiesu_string_free`.
/// Thread safety: safe from any thread.
/// Errors: as `jiesu_calendar_notice_toml`.
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_notice_json(
    text: *const c_char,
    len: usize,
    year: i32,
    out: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let text = try_str!(text, len);
        let out = try_out!(out);
        out.write(c_string(parse_notice(text, year)?.to_json()));
        Ok(())
    })
}

/// A new calendar: `cal` with another coverage policy (R-SLA-7). With
/// `JIESU_COVERAGE_POLICY_PROVISIONAL`, uncovered years count as weekends-only instead of
/// failing with `JIESU_STATUS_OUT_OF_COVERAGE`.
///
/// Ownership: `cal` stays the caller's; on success `*out` receives a new calendar; free it
/// with `jiesu_calendar_free`.
/// Thread safety: safe from any thread.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT`, `JIESU_STATUS_INVALID_INPUT` (not a policy).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_with_policy(
    cal: *const jiesu_calendar,
    policy: CoveragePolicyArg,
    out: *mut *mut jiesu_calendar,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let policy = policy_from(policy)?;
        let out = try_out!(out);
        out.write(jiesu_calendar::boxed(cal.inner.with_policy(policy)));
        Ok(())
    })
}

/// Frees a calendar. `jiesu_calendar_free(NULL)` does nothing.
///
/// Ownership: takes `cal`; it must not be used afterwards, and no other thread may be using it.
///
/// # Safety
/// `cal` is NULL or a calendar made by jiesu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_free(cal: *mut jiesu_calendar) {
    ffi_boundary!(on_panic: (), {
        if !cal.is_null() {
            // SAFETY: `cal` came from `Box::into_raw` in `jiesu_calendar::boxed` (the contract).
            drop(unsafe { Box::from_raw(cal) });
        }
    })
}

/// The default threshold of `jiesu_calendar_coverage_warning`: warn when the calendar's
/// coverage ends within 60 days.
pub const JIESU_COVERAGE_WARNING_DAYS: u32 = 60;
// A literal for cbindgen, the core's default checked at compile time.
const _: () = assert!(JIESU_COVERAGE_WARNING_DAYS == jiesu::calendar::COVERAGE_WARNING_DAYS);

#[cold]
fn no_coverage(cal: &Calendar) -> FfiError {
    FfiError::new(jiesu_status::InvalidInput, format!("calendar {:?} has no coverage limit (valid for every date)", cal.name()))
}

/// The last date the calendar covers, in days since 1970-01-01: 31 December of its last
/// covered year — 2026-12-31 (20818) for `"CN"`, later once a further year is loaded with
/// `jiesu_calendar_with_overlay_toml`. Computations that need a later date fail with
/// `JIESU_STATUS_OUT_OF_COVERAGE` (strict policy) (R-SLA-7).
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_coverage_ends(cal: *const jiesu_calendar, out: *mut i32, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let out = try_out!(out);
        let end = cal.inner.coverage_ends().ok_or_else(|| no_coverage(&cal.inner))?;
        out.write(to_i32(epoch_day(end), "coverage end")?);
        Ok(())
    })
}

/// The coverage countdown: how many covered days are left after the date of `now` (Unix
/// seconds; its date in China Standard Time) — the last covered date minus that date, 0 on
/// the last covered day, negative once the coverage has ended. Example: on 2026-12-01 the
/// `"CN"` calendar has 30 days left. jiesu never reads the clock: pass `time(NULL)`, or the
/// instant a report is issued at.
///
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out`), `JIESU_STATUS_INVALID_INPUT` (`now`
/// out of range).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_days_left(cal: *const jiesu_calendar, now: i64, out: *mut i32, err: *mut *mut jiesu_error) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let today = try_instant!(now).date_naive();
        let out = try_out!(out);
        let left = cal.inner.days_left(today).ok_or_else(|| no_coverage(&cal.inner))?;
        out.write(to_i32(left, "days left")?);
        Ok(())
    })
}

/// The warning to show when the calendar's coverage ends within `within_days` days of the
/// date of `now` (Unix seconds; usually `JIESU_COVERAGE_WARNING_DAYS`, 60): on success
/// `*out_json` receives the JSON of `jiesu::calendar::CoverageWarning` —
/// `{"calendar": "CN", "covered_until": "2026-12-31", "days_left": 30, "missing_year": 2027,
/// "how_to_load": "…", "policy": "strict"}`, the year whose schedule is missing and how to
/// load it — or the JSON text `null` when the coverage lasts longer.
///
/// Ownership: on success `*out_json` receives a new string (also `null`); free it with
/// `jiesu_string_free`.
/// Thread safety: safe from any thread, on a shared calendar.
/// Errors: `JIESU_STATUS_NULL_ARGUMENT` (`cal`, `out_json`), `JIESU_STATUS_INVALID_INPUT`
/// (`now` out of range).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out_json` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jiesu_calendar_coverage_warning(
    cal: *const jiesu_calendar,
    now: i64,
    within_days: u32,
    out_json: *mut *mut c_char,
    err: *mut *mut jiesu_error,
) -> jiesu_status {
    ffi_boundary!(err: err, {
        let cal = try_ref!(cal);
        let today = try_instant!(now).date_naive();
        let out_json = try_out!(out_json);
        out_json.write(json_string(&cal.inner.coverage_warning(today, within_days))?);
        Ok(())
    })
}
