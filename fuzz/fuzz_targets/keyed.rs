#![no_main]
//! Fuzz target `keyed`: see `jiesu_fuzz::keyed` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::keyed(data));
