//! The error replies of protocol.md §5.

use crate::assumed;
use crate::wire::Reply;

/// A request the session could not honour. Each maps to one reply code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProtocolError {
    #[error("bad crypto key: {0}")]
    BadKey(String),
    #[error("{0} before INIT: no session key")]
    NoInit(String),
    #[error("invalid data packet: {0}")]
    BadPacket(String),
    #[error("line too long")]
    LineTooLong,
    #[error("unknown command {0}")]
    UnknownCommand(String),
    #[error("data does not decrypt: {0}")]
    Undecodable(String),
    #[error("reply could not be encoded: {0}")]
    ReplyEncoding(String),
    #[error("client ID could not be initialised: {0}")]
    InitFailed(String),
    #[error("duplicate client ID {0}")]
    DuplicateId(String),
    #[error("no waiting task for task number {0}")]
    NoTask(String),
    #[error("update failed: {0}")]
    UpdateFailed(String),
}

impl ProtocolError {
    pub fn code(&self) -> u16 {
        match self {
            ProtocolError::BadKey(_) | ProtocolError::NoInit(_) => 501,
            ProtocolError::BadPacket(_) | ProtocolError::LineTooLong => 502,
            ProtocolError::UnknownCommand(_) => 503,
            ProtocolError::Undecodable(_) => 504,
            ProtocolError::ReplyEncoding(_) => 505,
            ProtocolError::InitFailed(_) => 510,
            ProtocolError::DuplicateId(_) => 511,
            ProtocolError::NoTask(_) => 520,
            ProtocolError::UpdateFailed(_) => 530,
        }
    }

    /// Short English text on the wire (details stay in the log); the wording is ASSUMED and
    /// lives in [`assumed::error_text`].
    fn text(&self) -> &'static str {
        use assumed::error_text as t;
        match self {
            ProtocolError::BadKey(_) | ProtocolError::NoInit(_) => t::BAD_KEY,
            ProtocolError::BadPacket(_) => t::BAD_PACKET,
            ProtocolError::LineTooLong => t::LINE_TOO_LONG,
            ProtocolError::UnknownCommand(_) => t::UNKNOWN_COMMAND,
            ProtocolError::Undecodable(_) => t::UNDECODABLE,
            ProtocolError::ReplyEncoding(_) => t::REPLY_ENCODING,
            ProtocolError::InitFailed(_) => t::INIT_FAILED,
            ProtocolError::DuplicateId(_) => t::DUPLICATE_ID,
            ProtocolError::NoTask(_) => t::NO_TASK,
            ProtocolError::UpdateFailed(_) => t::UPDATE_FAILED,
        }
    }

    /// One error of every kind, for whoever needs to list what the server can answer (the
    /// migration proxy's report). The match below makes a new kind a compile error here until
    /// it is added to the list.
    pub fn samples() -> Vec<ProtocolError> {
        let all = vec![
            ProtocolError::BadKey(String::new()),
            ProtocolError::NoInit(String::new()),
            ProtocolError::BadPacket(String::new()),
            ProtocolError::LineTooLong,
            ProtocolError::UnknownCommand(String::new()),
            ProtocolError::Undecodable(String::new()),
            ProtocolError::ReplyEncoding(String::new()),
            ProtocolError::InitFailed(String::new()),
            ProtocolError::DuplicateId(String::new()),
            ProtocolError::NoTask(String::new()),
            ProtocolError::UpdateFailed(String::new()),
        ];
        for e in &all {
            match e {
                ProtocolError::BadKey(_)
                | ProtocolError::NoInit(_)
                | ProtocolError::BadPacket(_)
                | ProtocolError::LineTooLong
                | ProtocolError::UnknownCommand(_)
                | ProtocolError::Undecodable(_)
                | ProtocolError::ReplyEncoding(_)
                | ProtocolError::InitFailed(_)
                | ProtocolError::DuplicateId(_)
                | ProtocolError::NoTask(_)
                | ProtocolError::UpdateFailed(_) => {}
            }
        }
        all
    }

    /// Whether the connection closes after the reply: a failed INIT, an oversized line and a
    /// duplicate ID do; everything else keeps the session going.
    pub fn closes(&self) -> bool {
        matches!(
            self,
            ProtocolError::BadKey(_) | ProtocolError::LineTooLong | ProtocolError::DuplicateId(_)
        )
    }

    pub fn reply(&self) -> Reply {
        assumed::error_reply(self.code(), self.text())
    }
}
