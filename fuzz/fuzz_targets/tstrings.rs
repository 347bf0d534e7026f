//! Fuzz target `tstrings`: the property `crs::fuzzing::tstrings` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::tstrings(data));
