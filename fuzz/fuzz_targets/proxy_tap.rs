//! Fuzz target `proxy_tap`: the property `crs::fuzzing::proxy_tap_scratch` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::proxy_tap_scratch(data));
