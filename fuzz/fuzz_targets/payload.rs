//! Fuzz target `payload`: the property `crs::fuzzing::payload` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::payload(data));
