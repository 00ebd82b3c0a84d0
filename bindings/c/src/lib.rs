//! C ABI of jiesu (`libjiesu`, `include/jiesu.h`), to the conventions of rustls-ffi.
//!
//! - Every fallible function returns a `jiesu_status` and takes a last `jiesu_error **err`
//!   (may be NULL) that receives an error object on failure; out-parameters are written only
//!   on success.
//! - Handles (`jiesu_calendar`, `jiesu_engine`) are opaque, made by a `_new`-like function and
//!   released by their `_free`; `_free(NULL)` does nothing; they are immutable and may be
//!   shared between threads.
//! - Strings that jiesu returns are freed with `jiesu_string_free`.
//! - Dates are `int32_t` days since 1970-01-01 (civil dates, local), instants `int64_t` Unix
//!   seconds.
//! - Every exported body runs inside `ffi_boundary!` (a panic never unwinds into C).
//!
//! Modules mirror the core: [`calendar`], [`engine`] (engine, guide, SLA), [`ticket`] (the
//! lifecycle over stored events, verification, archive), [`keyed`] (the keyed chain: chain
//! keys, keyed verification and archives), [`escalation`] (alerts,
//! `next_check_at`, group rules) and [`assessment`] (assessment, bulletins).
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod calendar;
pub mod engine;
mod ffi;
// In the header's order: the lifecycle, then escalation, then assessment (kept apart so that
// rustfmt does not sort them).

pub mod ticket;

pub mod keyed;

pub mod escalation;

pub mod assessment;

use std::ffi::c_char;

use ffi::{ffi_boundary, jiesu_status as S};
pub use ffi::{jiesu_error, jiesu_status};

/// The version of the library, `"MAJOR.MINOR.PATCH"`, equal to `JIESU_VERSION` of the header
/// the library was built with (compare them to detect a header/library mismatch).
///
/// Ownership: a static NUL-terminated string; never free it.
/// Thread safety: safe from any thread.
#[no_mangle]
pub extern "C" fn jiesu_version() -> *const c_char {
    ffi_boundary!(on_panic: c"".as_ptr(), { concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast() })
}

/// The status of an error object: never `JIESU_STATUS_OK` for an error a jiesu function
/// returned. For `err == NULL` it returns `JIESU_STATUS_NULL_ARGUMENT`.
///
/// Thread safety: safe from any thread while no other thread frees `err`.
///
/// # Safety
/// `err` is NULL or an error object returned by jiesu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_error_code(err: *const jiesu_error) -> jiesu_status {
    ffi_boundary!(on_panic: S::InternalPanic, {
        // SAFETY: see the function's contract.
        match unsafe { err.as_ref() } {
            Some(e) => e.status,
            None => S::NullArgument,
        }
    })
}

/// The message of an error object: NUL-terminated UTF-8 that names the offending parameter,
/// field (path such as `festivals[3].workdays[0]`) or array index, and the rule id
/// (`[R-SLA-7]`) where one applies. For `err == NULL` it returns an empty string.
///
/// Ownership: the string belongs to `err` and is valid until `jiesu_error_free(err)`; do not
/// free it.
/// Thread safety: safe from any thread while no other thread frees `err`.
///
/// # Safety
/// `err` is NULL or an error object returned by jiesu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_error_message(err: *const jiesu_error) -> *const c_char {
    ffi_boundary!(on_panic: c"".as_ptr(), {
        // SAFETY: see the function's contract.
        match unsafe { err.as_ref() } {
            Some(e) => e.message.as_ptr(),
            None => c"".as_ptr(),
        }
    })
}

/// Frees an error object. `jiesu_error_free(NULL)` does nothing.
///
/// Ownership: takes `err`; it (and its message) must not be used afterwards.
///
/// # Safety
/// `err` is NULL or an error object returned by jiesu and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_error_free(err: *mut jiesu_error) {
    ffi_boundary!(on_panic: (), {
        if !err.is_null() {
            // SAFETY: `err` came from `Box::into_raw` in `FfiError::report` (the contract).
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

/// Frees a string returned by jiesu (the `char **out_json` of the JSON functions).
/// `jiesu_string_free(NULL)` does nothing.
///
/// Ownership: takes `s`; it must not be used afterwards. Never pass a string that jiesu did
/// not return, nor `jiesu_version()` or `jiesu_error_message()`.
///
/// # Safety
/// `s` is NULL or a string returned by jiesu through a `char **` out-parameter, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn jiesu_string_free(s: *mut c_char) {
    ffi_boundary!(on_panic: (), {
        if !s.is_null() {
            // SAFETY: `s` came from `CString::into_raw` in `ffi::c_string` (the contract).
            drop(unsafe { std::ffi::CString::from_raw(s) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::{try_out, FfiError, Out};
    use std::ffi::CStr;

    /// Not exported: a body that panics, to prove the boundary catches it.
    unsafe extern "C" fn panics(out: *mut i32, err: *mut *mut jiesu_error) -> jiesu_status {
        ffi_boundary!(err: err, {
            let out: Out<i32> = try_out!(out);
            let v: Vec<i32> = Vec::new();
            out.write(v[usize::from(v.is_empty())]); // index out of bounds
            Ok(())
        })
    }

    #[test]
    fn a_panic_becomes_internal_panic_and_writes_nothing() {
        let mut out = 7;
        let mut err: *mut jiesu_error = std::ptr::null_mut();
        let status = unsafe { panics(&mut out, &mut err) };
        assert_eq!(status, jiesu_status::InternalPanic);
        assert_eq!(out, 7);
        unsafe {
            assert_eq!(jiesu_error_code(err), jiesu_status::InternalPanic);
            let msg = CStr::from_ptr(jiesu_error_message(err)).to_str().unwrap();
            assert!(msg.contains("index out of bounds"), "{msg}");
            jiesu_error_free(err);
            // With err == NULL only the status comes back.
            assert_eq!(panics(&mut out, std::ptr::null_mut()), jiesu_status::InternalPanic);
        }
    }

    #[test]
    fn null_error_accessors() {
        unsafe {
            assert_eq!(jiesu_error_code(std::ptr::null()), jiesu_status::NullArgument);
            assert_eq!(CStr::from_ptr(jiesu_error_message(std::ptr::null())).to_bytes(), b"");
            jiesu_error_free(std::ptr::null_mut());
            jiesu_string_free(std::ptr::null_mut());
        }
    }

    #[test]
    fn version_is_cargo_version() {
        let v = unsafe { CStr::from_ptr(jiesu_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn messages_with_nul_survive() {
        let mut err: *mut jiesu_error = std::ptr::null_mut();
        let s = FfiError::new(jiesu_status::InvalidInput, "a\0b").report(&mut err);
        assert_eq!(s, jiesu_status::InvalidInput);
        unsafe {
            assert_eq!(CStr::from_ptr(jiesu_error_message(err)).to_str().unwrap(), "a\u{FFFD}b");
            jiesu_error_free(err);
        }
    }

    #[test]
    fn every_core_kind_has_its_status() {
        use jiesu::{Error, ErrorKind as K};
        for (kind, status) in [
            (K::InvalidInput, S::InvalidInput),
            (K::Validation, S::ValidationFailed),
            (K::Coverage, S::OutOfCoverage),
            (K::PermissionDenied, S::PermissionDenied),
            (K::InvalidTransition, S::InvalidTransition),
            (K::LimitExceeded, S::LimitExceeded),
        ] {
            assert_eq!(FfiError::json(Error::new(kind, "x")).status, status, "{kind:?}");
        }
        assert_eq!(FfiError::json(Error::parse("x")).status, S::InvalidJson);
        assert_eq!(FfiError::toml(Error::parse("x")).status, S::InvalidToml);
    }

    #[test]
    fn status_numbers_are_stable() {
        // Part of the ABI: never renumber, only append.
        let all = [
            (S::Ok, 0),
            (S::NullArgument, 1),
            (S::InvalidUtf8, 2),
            (S::InvalidJson, 3),
            (S::InvalidInput, 4),
            (S::OutOfCoverage, 5),
            (S::PermissionDenied, 6),
            (S::InvalidTransition, 7),
            (S::ValidationFailed, 8),
            (S::LimitExceeded, 9),
            (S::InternalPanic, 10),
            (S::InvalidToml, 11),
            (S::InternalError, 12),
        ];
        for (s, n) in all {
            assert_eq!(s as i32, n, "{s:?}");
        }
    }
}
