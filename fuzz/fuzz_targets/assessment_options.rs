#![no_main]
//! Fuzz target `assessment_options`: see `jiesu_fuzz::assessment_options` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::assessment_options(data));
