//! CloudReportServer: the Linux replacement of eboCloudReportServer.
//!
//! The crate is a library so that the server binary, the BosTcpClient simulator, the
//! integration tests and the benchmarks share one implementation of the protocol.

pub mod config;
pub mod crypto;
