//! CloudReportServer library crate.
