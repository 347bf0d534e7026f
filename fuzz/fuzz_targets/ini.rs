//! Fuzz target `ini`: the property `crs::fuzzing::ini` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::ini(data));
