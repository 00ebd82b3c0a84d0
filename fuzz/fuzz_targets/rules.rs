#![no_main]
//! Fuzz target `rules`: see `jiesu_fuzz::rules` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::rules(data));
