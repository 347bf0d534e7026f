//! Fuzz target `request_line`: the property `crs::fuzzing::request_line` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::request_line(data));
