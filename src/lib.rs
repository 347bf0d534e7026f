//! CloudReportServer: the Linux replacement of eboCloudReportServer.
//!
//! The crate is a library so that the server binary, the BosTcpClient simulator, the
//! integration tests and the benchmarks share one implementation of the protocol.
//!
//! # Module map
//!
//! | group | modules | job |
//! |---|---|---|
//! | protocol (both sides) | [`wire`], [`crypto`], [`tstrings`], [`assumed`], [`text`] | the line and reply format, DCPcrypt payloads, Delphi string lists, every ASSUMED wire form in one file, cutting to column widths and percent-encoding |
//! | server: client port | [`server`], [`handler`], [`session`], [`cmd`], [`registry`], [`relay`], [`trace`], [`limits`] | listener, one thread per connection running its loop, the session state, one file per command, who is connected, tasks waiting for a shop, the protocol trace log, per-address and per-session bounds |
//! | server: HTTP API | [`http`] | the legacy relay, client list, monitoring endpoints |
//! | server: shared state | [`app`], [`context`], [`config`], [`shutdown`], [`metrics`], [`status`], [`events`], [`logging`], [`housekeeping`], [`updates`], [`auth_client`] | start/stop, what every thread shares, the ini, counters and health, the event bus, logs, cleanup, update files, the auth REST call |
//! | storage | [`db`] | MySQL pool, the exactly-once event writer and its spool, schema check, subscriptions fallback, history pruning |
//! | client (simulator) | [`client`], [`shopdb`] | what BosTcpClient does, for `bos-client`, tests and benchmarks; the Firebird shop database it answers tasks on (schema, generator, executor) |
//! | migration | [`proxy`] | the recording proxy in front of the original server and its report |

// Protocol, used by both sides.
pub mod assumed;
pub mod crypto;
pub mod text;
pub mod tstrings;
pub mod wire;

// Server: the client port.
pub mod cmd;
pub mod handler;
pub mod limits;
pub mod registry;
pub mod relay;
pub mod server;
pub mod session;
pub mod trace;

// Server: the HTTP API.
pub mod http;

// Server: shared state and services.
pub mod app;
pub mod auth_client;
pub mod config;
pub mod context;
pub mod events;
pub mod housekeeping;
pub mod logging;
pub mod metrics;
pub mod shutdown;
pub mod status;
pub mod updates;

// Storage.
pub mod db;

// Client side (the simulator).
pub mod client;
pub mod shopdb;

// Migration.
pub mod proxy;

// The properties the fuzz targets (`fuzz/`) and `tests/properties.rs` share.
#[doc(hidden)]
pub mod fuzzing;
