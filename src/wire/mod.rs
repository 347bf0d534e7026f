//! The line format of the BosTcpClient protocol (protocol.md §2): requests are one
//! `VERB NAME=VALUE ...` line, replies are Indy's numeric (RFC 959 style) multi-line replies.
//! Everything here works on bytes: names and free text are Windows-1251.

mod reader;
mod reply;
mod request;

pub use reader::{LineReader, ReadError, MAX_LINE};
pub use reply::{read_reply, Reply, ReplyError};
pub use request::Request;
