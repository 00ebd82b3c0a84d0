//! Gives the shared library its SONAME on Linux: `libjiesu.so.<major>` from 1.0 on,
//! `libjiesu.so.0.<minor>` before (a 0.x minor release may break the ABI), as cargo-c does.
//! `make capi` (mk/capi.mk) installs the file under that name with the usual symlinks.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" {
        let (major, minor) = (var("CARGO_PKG_VERSION_MAJOR"), var("CARGO_PKG_VERSION_MINOR"));
        let soversion = if major == "0" { format!("0.{minor}") } else { major };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libjiesu.so.{soversion}");
    }
}
