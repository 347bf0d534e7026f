//! Fuzz target `reply`: the property `crs::fuzzing::reply` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::reply(data));
