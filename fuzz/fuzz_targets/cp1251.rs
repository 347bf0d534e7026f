//! Fuzz target `cp1251`: the property `crs::fuzzing::cp1251` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::cp1251(data));
