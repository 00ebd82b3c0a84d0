//! The FFI boundary: status codes, the error object, the one panic-catching macro
//! (`ffi_boundary!`) and the argument-check macros every exported function uses.
//!
//! Conventions (those of rustls-ffi):
//! - every fallible function returns a [`jiesu_status`] and takes a last `jiesu_error **err`
//!   (may be NULL) that receives an error object on failure;
//! - out-parameters are written only on success;
//! - every exported body runs inside [`ffi_boundary!`], which turns a panic into
//!   `JIESU_STATUS_INTERNAL_PANIC` instead of unwinding into C (`tests/boundary.rs` proves each
//!   `extern "C"` function uses it).

use std::any::Any;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use jiesu::ErrorKind;

/// The result of every fallible jiesu function.
///
/// The numbers are part of the ABI: they are explicit, and a number is never reused for
/// another meaning. New codes are appended.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum jiesu_status {
    /// Success. `*err` is left untouched and the out-parameters are written.
    Ok = 0,
    /// A required pointer argument is NULL (the message names the parameter).
    NullArgument = 1,
    /// A text argument is not valid UTF-8 (the message names the parameter and the byte
    /// offset).
    InvalidUtf8 = 2,
    /// A JSON argument does not parse into the expected shape: syntax, truncation, a wrong
    /// type, an unknown or missing field (the message names the parameter, line and column).
    InvalidJson = 3,
    /// An argument is out of range or otherwise unusable: a date outside ±100 000 000 days,
    /// an offset `n` beyond ±100 000 000, a non-working day with `JIESU_ROLL_RAISE`, an
    /// unknown built-in calendar, an unknown category or unit, an unknown enum value, a
    /// missing command field (`(field …)`), a stored history that does not verify
    /// (`[R-FLOW-5]`).
    InvalidInput = 4,
    /// The computation needs a year that the calendar does not cover (R-SLA-7). Load that
    /// year's schedule (`jiesu_calendar_with_overlay_toml`) or use
    /// `JIESU_COVERAGE_POLICY_PROVISIONAL`.
    OutOfCoverage = 5,
    /// The actor's role or unit may not issue this command (`jiesu_ticket_handle`; the message
    /// names the role required and the rule, `[R-ORG-2]`).
    PermissionDenied = 6,
    /// The command is not allowed in the ticket's current state, or too late (a return request
    /// after its window, `[R-SLA-2]`); an archive of a ticket that is not archived.
    InvalidTransition = 7,
    /// Data parsed but breaks a rule of its format; the message lists every problem with its
    /// path (`festivals[3].workdays[0]: …`).
    ValidationFailed = 8,
    /// A size limit was exceeded: an array or text length beyond what can be addressed or
    /// allocated, a keyword automaton too large.
    LimitExceeded = 9,
    /// jiesu panicked (a bug in jiesu): the panic was caught at the boundary, nothing
    /// unwound into C, the handles remain usable. Please report it with the message.
    InternalPanic = 10,
    /// A TOML argument does not parse (syntax, unknown or missing field).
    InvalidToml = 11,
    /// An error this version of the C layer does not know how to classify (a bug in jiesu).
    InternalError = 12,
}

/// An error object: a status and a UTF-8 message naming the field or rule.
///
/// Created by a failing jiesu function (never by the caller), read with
/// `jiesu_error_code` and `jiesu_error_message`, freed with `jiesu_error_free`.
/// It is not shared: use it from one thread at a time.
#[allow(non_camel_case_types)]
pub struct jiesu_error {
    pub(crate) status: jiesu_status,
    pub(crate) message: CString,
}

/// An error on its way to C.
#[derive(Debug)]
pub(crate) struct FfiError {
    pub(crate) status: jiesu_status,
    pub(crate) message: String,
}

impl FfiError {
    pub(crate) fn new(status: jiesu_status, message: impl Into<String>) -> FfiError {
        FfiError { status, message: message.into() }
    }

    #[cold]
    pub(crate) fn null(name: &str) -> FfiError {
        FfiError::new(jiesu_status::NullArgument, format!("{name} is NULL"))
    }

    /// A core error from parsing or checking a JSON argument: `Parse` means invalid JSON.
    #[cold]
    pub(crate) fn json(e: jiesu::Error) -> FfiError {
        FfiError::from_core(e, jiesu_status::InvalidJson)
    }

    /// A core error from parsing or checking a TOML argument: `Parse` means invalid TOML.
    #[cold]
    pub(crate) fn toml(e: jiesu::Error) -> FfiError {
        FfiError::from_core(e, jiesu_status::InvalidToml)
    }

    /// The status of a core error kind; `parse` is the status of `ErrorKind::Parse`, which
    /// depends on the argument's format.
    pub(crate) fn from_core(e: jiesu::Error, parse: jiesu_status) -> FfiError {
        let status = match e.kind() {
            ErrorKind::InvalidInput => jiesu_status::InvalidInput,
            ErrorKind::Parse => parse,
            ErrorKind::Validation => jiesu_status::ValidationFailed,
            ErrorKind::Coverage => jiesu_status::OutOfCoverage,
            ErrorKind::PermissionDenied => jiesu_status::PermissionDenied,
            ErrorKind::InvalidTransition => jiesu_status::InvalidTransition,
            ErrorKind::LimitExceeded => jiesu_status::LimitExceeded,
            _ => jiesu_status::InternalError,
        };
        // Display carries the field (for input and parse errors), the problems' paths (for
        // validation errors) and the rule id.
        FfiError::new(status, e.to_string())
    }

    /// This error with a location prefix (`dates[17]: …`).
    #[cold]
    pub(crate) fn at(mut self, location: std::fmt::Arguments<'_>) -> FfiError {
        self.message = format!("{location}: {}", self.message);
        self
    }

    #[cold]
    pub(crate) fn panic(payload: Box<dyn Any + Send>) -> FfiError {
        let what = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        drop_payload(payload);
        FfiError::new(jiesu_status::InternalPanic, format!("internal error (panic) in jiesu, please report it: {what}"))
    }

    /// Stores the error in `*err` (when `err` is not NULL) and returns its status.
    pub(crate) fn report(self, err: *mut *mut jiesu_error) -> jiesu_status {
        let status = self.status;
        if !err.is_null() {
            let message = CString::new(self.message.replace('\0', "\u{FFFD}")).unwrap_or_default();
            let boxed = Box::into_raw(Box::new(jiesu_error { status, message }));
            // SAFETY: the caller passes a writable `jiesu_error **` or NULL (checked).
            unsafe { err.write(boxed) };
        }
        status
    }
}

impl From<jiesu::Error> for FfiError {
    /// A core error from a computation (no text argument involved).
    fn from(e: jiesu::Error) -> FfiError {
        FfiError::from_core(e, jiesu_status::InvalidInput)
    }
}

/// Drops a panic payload without letting a panicking destructor escape.
pub(crate) fn drop_payload(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// The one boundary of every exported function: runs the body inside `catch_unwind`.
///
/// - `ffi_boundary!(err: err, { … Ok(()) })` for a fallible function: the body returns
///   `Result<(), FfiError>`; the macro evaluates to `JIESU_STATUS_OK`, or stores the error in
///   `*err` and evaluates to its status; a panic becomes `JIESU_STATUS_INTERNAL_PANIC`.
/// - `ffi_boundary!(on_panic: value, { … })` for an infallible function (accessors, `_free`):
///   evaluates to the body's value, or to `value` after a panic.
macro_rules! ffi_boundary {
    (err: $err:expr, $body:block) => {{
        let err_out: *mut *mut $crate::ffi::jiesu_error = $err;
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| -> ::std::result::Result<(), $crate::ffi::FfiError> { $body })) {
            Ok(Ok(())) => $crate::ffi::jiesu_status::Ok,
            Ok(Err(e)) => e.report(err_out),
            Err(payload) => $crate::ffi::FfiError::panic(payload).report(err_out),
        }
    }};
    (on_panic: $fallback:expr, $body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(v) => v,
            Err(payload) => {
                $crate::ffi::drop_payload(payload);
                $fallback
            }
        }
    }};
}
pub(crate) use ffi_boundary;

/// `try_ref!(p)`: `&T` from a non-NULL `*const T` (a handle), else `NULL_ARGUMENT` naming `p`.
macro_rules! try_ref {
    ($p:ident) => {
        // SAFETY: a non-NULL handle pointer comes from the matching `_new` and is not freed
        // while in use (the documented contract).
        match unsafe { $p.as_ref() } {
            Some(r) => r,
            None => return Err($crate::ffi::FfiError::null(stringify!($p))),
        }
    };
}
pub(crate) use try_ref;

/// `try_out!(p)`: checks an out-parameter `*mut T` is not NULL; gives an [`Out`] that is written
/// once, at the end, on success.
macro_rules! try_out {
    ($p:ident) => {
        match $crate::ffi::Out::new($p) {
            Some(o) => o,
            None => return Err($crate::ffi::FfiError::null(stringify!($p))),
        }
    };
}
pub(crate) use try_out;

/// `try_str!(p, len)`: the `&str` of exactly `len` bytes at `p` (need not be NUL-terminated):
/// `NULL_ARGUMENT`, `LIMIT_EXCEEDED` or `INVALID_UTF8`, each naming `p`.
macro_rules! try_str {
    ($p:ident, $len:ident) => {
        // SAFETY: the caller passes `len` readable bytes at a non-NULL `p` (checked for NULL).
        unsafe { $crate::ffi::text($p, $len, stringify!($p))? }
    };
}
pub(crate) use try_str;

/// `try_opt_str!(p, len)`: like `try_str!`, but NULL gives `None`.
macro_rules! try_opt_str {
    ($p:ident, $len:ident) => {
        if $p.is_null() {
            None
        } else {
            Some($crate::ffi::try_str!($p, $len))
        }
    };
}
pub(crate) use try_opt_str;

/// `try_cstr!(p)`: the `&str` of a NUL-terminated string.
macro_rules! try_cstr {
    ($p:ident) => {
        // SAFETY: the caller passes a NUL-terminated string or NULL (checked).
        unsafe { $crate::ffi::cstr($p, stringify!($p))? }
    };
}
pub(crate) use try_cstr;

/// `try_slice!(p, len)`: the `&[T]` of `len` elements at `p`.
macro_rules! try_slice {
    ($p:ident, $len:ident) => {
        // SAFETY: the caller passes `len` readable elements at a non-NULL `p` (checked).
        unsafe { $crate::ffi::slice($p, $len, stringify!($p))? }
    };
}
pub(crate) use try_slice;

/// `try_out_slice!(p, len)`: checks an output array; written once, at the end, on success.
macro_rules! try_out_slice {
    ($p:ident, $len:ident) => {
        $crate::ffi::OutSlice::new($p, $len, stringify!($p))?
    };
}
pub(crate) use try_out_slice;

/// `try_instant!(secs)`: an instant argument (`int64_t` Unix seconds) as jiesu's instant (China
/// Standard Time); `INVALID_INPUT` naming the argument when out of range.
macro_rules! try_instant {
    ($secs:ident) => {
        $crate::ffi::try_instant!($secs, stringify!($secs))
    };
    ($secs:expr, $name:expr) => {
        jiesu::calendar::instant_from_unix($secs).map_err(|e| $crate::ffi::FfiError::from(e).at(format_args!("{}", $name)))?
    };
}
pub(crate) use try_instant;

/// `try_now!(engine, now)`: an engine call's `now` (`int64_t` Unix seconds) as an instant held
/// to the engine's plausible window (`Engine::check_instant`: milliseconds given as seconds are
/// named as such); `INVALID_INPUT` naming `now` otherwise.
macro_rules! try_now {
    ($engine:expr, $secs:ident) => {
        $engine.check_instant("now", $crate::ffi::try_instant!($secs)).map_err($crate::ffi::FfiError::from)?
    };
}
pub(crate) use try_now;

/// A checked, non-NULL out-parameter, written with [`Out::write`] on success only.
pub(crate) struct Out<T>(std::ptr::NonNull<T>);

impl<T> Out<T> {
    pub(crate) fn new(p: *mut T) -> Option<Out<T>> {
        std::ptr::NonNull::new(p).map(Out)
    }

    /// Writes the value (without reading or dropping what was there).
    pub(crate) fn write(self, value: T) {
        // SAFETY: the caller passes a writable, aligned `T*` (non-NULL checked).
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// Largest element count of an array of `T` that can be addressed.
const fn max_len<T>() -> usize {
    isize::MAX as usize / if std::mem::size_of::<T>() == 0 { 1 } else { std::mem::size_of::<T>() }
}

#[cold]
fn too_long(name: &str, len: usize) -> FfiError {
    FfiError::new(jiesu_status::LimitExceeded, format!("{name}: length {len} exceeds the addressable size"))
}

/// A checked output array, written with [`OutSlice::write`] on success only. It may overlap
/// the input arrays: inputs are read completely before it is written.
pub(crate) struct OutSlice<T> {
    ptr: std::ptr::NonNull<T>,
    len: usize,
}

impl<T: Copy> OutSlice<T> {
    pub(crate) fn new(p: *mut T, len: usize, name: &str) -> Result<OutSlice<T>, FfiError> {
        let ptr = std::ptr::NonNull::new(p).ok_or_else(|| FfiError::null(name))?;
        if len > max_len::<T>() {
            return Err(too_long(name, len));
        }
        Ok(OutSlice { ptr, len })
    }

    /// Copies the results (exactly `len` of them) into the array.
    pub(crate) fn write(self, values: &[T]) {
        assert_eq!(values.len(), self.len, "batch result length");
        // SAFETY: the caller passes `len` writable elements (non-NULL checked); `values` is a
        // buffer of ours, so the two do not overlap.
        unsafe { std::ptr::copy_nonoverlapping(values.as_ptr(), self.ptr.as_ptr(), self.len) }
    }
}

/// `len` bytes at `p` as UTF-8.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that stay unchanged during the call.
pub(crate) unsafe fn text<'a>(p: *const c_char, len: usize, name: &str) -> Result<&'a str, FfiError> {
    if p.is_null() {
        return Err(FfiError::null(name));
    }
    if len > max_len::<u8>() {
        return Err(too_long(name, len));
    }
    // SAFETY: as documented above.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8(name, e))
}

#[cold]
fn invalid_utf8(name: &str, e: std::str::Utf8Error) -> FfiError {
    FfiError::new(jiesu_status::InvalidUtf8, format!("{name}: invalid UTF-8 at byte {}", e.valid_up_to()))
}

/// A NUL-terminated string as UTF-8.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn cstr<'a>(p: *const c_char, name: &str) -> Result<&'a str, FfiError> {
    if p.is_null() {
        return Err(FfiError::null(name));
    }
    // SAFETY: as documented above.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|e| invalid_utf8(name, e))
}

/// `len` elements at `p`.
///
/// # Safety
/// `p` is NULL or points to `len` readable elements that stay unchanged during the call.
pub(crate) unsafe fn slice<'a, T>(p: *const T, len: usize, name: &str) -> Result<&'a [T], FfiError> {
    if p.is_null() {
        return Err(FfiError::null(name));
    }
    if len > max_len::<T>() {
        return Err(too_long(name, len));
    }
    // SAFETY: as documented above.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A buffer of `len` results, or `LIMIT_EXCEEDED` when it cannot be allocated (never abort).
pub(crate) fn buffer<T>(len: usize) -> Result<Vec<T>, FfiError> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| FfiError::new(jiesu_status::LimitExceeded, format!("cannot allocate a result buffer of {len} elements")))?;
    Ok(v)
}

/// A string for C, freed with `jiesu_string_free`.
pub(crate) fn c_string(s: String) -> *mut c_char {
    // JSON from serde_json escapes NUL, so this never replaces anything in practice.
    match CString::new(s) {
        Ok(c) => c.into_raw(),
        Err(e) => {
            let s = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{FFFD}");
            CString::new(s).unwrap_or_default().into_raw()
        }
    }
}

/// The JSON text of a value, as a string for C.
pub(crate) fn json_string<T: serde::Serialize>(value: &T) -> Result<*mut c_char, FfiError> {
    serde_json::to_string(value).map(c_string).map_err(|e| FfiError::new(jiesu_status::InternalError, format!("cannot serialize the result: {e}")))
}

/// A value parsed from a JSON argument by the core's parser (duplicate keys refused, no value
/// echoed in errors); the message names the argument.
pub(crate) fn from_json<'a, T: serde::Deserialize<'a>>(text: &'a str, name: &str) -> Result<T, FfiError> {
    jiesu::json::from_str(text).map_err(|e| FfiError::json(e.located("invalid JSON").at(name)))
}

/// An `i64` result of the core as the ABI's `int32_t`.
#[inline]
pub(crate) fn to_i32(v: i64, what: &str) -> Result<i32, FfiError> {
    i32::try_from(v).map_err(|_| FfiError::new(jiesu_status::InvalidInput, format!("{what} {v} does not fit in int32_t")))
}
