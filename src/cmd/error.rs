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
    #[error("no waiting task for CMD={0}")]
    NoTask(String),
    #[error("update failed: {0}")]
    UpdateFailed(String),
    #[error("{0} before INFO: the client is not identified")]
    NotIdentified(String),
    #[error("new object refused: {0}")]
    NewObjectRefused(String),
    #[error("{0} failed INFO attempts: closing")]
    TooManyFailedInfo(u32),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ProtocolError {
    pub fn code(&self) -> u16 {
        match self {
            ProtocolError::BadKey(_) | ProtocolError::NoInit(_) => 501,
            ProtocolError::BadPacket(_) | ProtocolError::LineTooLong => 502,
            ProtocolError::UnknownCommand(_) => 503,
            ProtocolError::Undecodable(_) => 504,
            ProtocolError::ReplyEncoding(_) | ProtocolError::Internal(_) => 505,
            ProtocolError::InitFailed(_)
            | ProtocolError::NotIdentified(_)
            | ProtocolError::NewObjectRefused(_)
            | ProtocolError::TooManyFailedInfo(_) => 510,
            ProtocolError::DuplicateId(_) => 511,
            ProtocolError::NoTask(_) => 520,
            ProtocolError::UpdateFailed(_) => 530,
        }
    }

    /// Short English text on the wire (details stay in the log).
    fn text(&self) -> &'static str {
        match self {
            ProtocolError::BadKey(_) | ProtocolError::NoInit(_) => "Bad crypto key",
            ProtocolError::BadPacket(_) => "Invalid data packet",
            ProtocolError::LineTooLong => "Invalid data packet: line too long",
            ProtocolError::UnknownCommand(_) => "Unknown command",
            ProtocolError::Undecodable(_) => "Data cannot be decrypted",
            ProtocolError::ReplyEncoding(_) => "Reply cannot be encoded",
            ProtocolError::Internal(_) => "Internal server error",
            ProtocolError::InitFailed(_)
            | ProtocolError::NewObjectRefused(_)
            | ProtocolError::TooManyFailedInfo(_) => "Client ID cannot be initialized",
            ProtocolError::NotIdentified(_) => "Client not identified: send INFO first",
            ProtocolError::DuplicateId(_) => "Duplicate client ID",
            ProtocolError::NoTask(_) => "No waiting request",
            ProtocolError::UpdateFailed(_) => "Update failed",
        }
    }

    /// Whether the connection closes after the reply: a failed INIT, an oversized line, a
    /// duplicate ID and too many failed INFOs do; everything else keeps the session going.
    pub fn closes(&self) -> bool {
        matches!(
            self,
            ProtocolError::BadKey(_)
                | ProtocolError::LineTooLong
                | ProtocolError::DuplicateId(_)
                | ProtocolError::TooManyFailedInfo(_)
        )
    }

    pub fn reply(&self) -> Reply {
        assumed::error_reply(self.code(), self.text())
    }
}
