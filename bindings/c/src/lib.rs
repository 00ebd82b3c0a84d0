//! C ABI of jiesu (`libjiesu`). Filled by the C ABI issue; for now only the version.
#![allow(unsafe_code)]

use std::ffi::c_char;

/// The library version, a static NUL-terminated UTF-8 string; never free it.
#[no_mangle]
pub extern "C" fn jiesu_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
