#![no_main]
//! Fuzz target `engine_config`: see `jiesu_fuzz::engine_config` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::engine_config(data));
