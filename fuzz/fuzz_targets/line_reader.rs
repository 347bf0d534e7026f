//! Fuzz target `line_reader`: the property `crs::fuzzing::line_reader` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::line_reader(data));
