//! The line format of the BosTcpClient protocol (protocol.md §2): requests are one
//! `VERB NAME=VALUE ...` line, replies are Indy's numeric (RFC 959 style) multi-line replies.
//! Everything here works on bytes: names and free text are Windows-1251.

mod reader;
mod reply;
mod request;

pub use reader::{LineReader, ReadError, SharedSocket, MAX_LINE};
/// One reply line → (code, separator, text); the migration proxy parses replies incrementally.
pub(crate) use reply::split_reply_line;
pub use reply::{read_reply, Reply, ReplyError};
pub use request::Request;
