//! CloudReportServer: the Linux replacement of eboCloudReportServer.
//!
//! The crate is a library so that the server binary, the BosTcpClient simulator, the
//! integration tests and the benchmarks share one implementation of the protocol.

pub mod app;
pub mod assumed;
pub mod auth;
pub mod client;
pub mod cmd;
pub mod config;
pub mod context;
pub mod crypto;
pub mod db;
pub mod events;
pub mod housekeeping;
pub mod http;
pub mod limits;
pub mod logging;
pub mod metrics;
pub mod proxy;
pub mod registry;
pub mod relay;
pub mod server;
pub mod session;
pub mod shutdown;
pub mod status;
pub mod trace;
pub mod tstrings;
pub mod updates;
pub mod wire;
