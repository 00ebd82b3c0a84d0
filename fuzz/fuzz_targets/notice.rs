#![no_main]
//! Fuzz target `notice`: see `jiesu_fuzz::notice` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::notice(data));
