//! Fuzz target `proxy_lines`: the property `crs::fuzzing::proxy_lines` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crs::fuzzing::proxy_lines(data));
