#![no_main]
//! Fuzz target `guide`: see `jiesu_fuzz::guide` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::guide(data));
