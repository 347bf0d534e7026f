//! Fuzz target `client_task`: the property `crs::fuzzing::client_task` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::client_task(data));
