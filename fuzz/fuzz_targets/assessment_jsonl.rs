#![no_main]
//! Fuzz target `assessment_jsonl`: see `jiesu_fuzz::assessment_jsonl` (fuzz/src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jiesu_fuzz::assessment_jsonl(data));
