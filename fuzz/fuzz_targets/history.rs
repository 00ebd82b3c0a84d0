#![no_main]
//! Fuzz target `history`: see `jiesu_fuzz::history` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::history(data));
