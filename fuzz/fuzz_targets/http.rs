//! Fuzz target `http`: the property `crs::fuzzing::http` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::http(data));
