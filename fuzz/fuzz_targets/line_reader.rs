//! Fuzz target `line_reader`: the property `crs::fuzzing::line_reader` (shared with tests/properties.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: {
        crs::fuzzing::skip_known_findings(std::env::var("CRS_FUZZ_SKIP_KNOWN").is_ok_and(|v| v == "1"));
    },
    |data: &[u8]| crs::fuzzing::line_reader(data)
);
