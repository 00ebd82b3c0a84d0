#![no_main]
//! Fuzz target `suggest`: see `jiesu_fuzz::suggest` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::suggest(data));
