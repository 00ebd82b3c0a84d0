#![no_main]
//! Fuzz target `calendar`: see `jiesu_fuzz::calendar` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::calendar(data));
