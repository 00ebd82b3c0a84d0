//! Python bindings of jiesu (PyO3). Filled by the Python issue; for now the crate only links
//! the core so that the workspace builds.

/// The version of the core this extension was built against.
pub fn core_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
