#![no_main]
//! Fuzz target `command`: see `jiesu_fuzz::command` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::command(data));
