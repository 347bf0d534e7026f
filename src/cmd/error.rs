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

    /// Short English text on the wire (details stay in the log).
    fn text(&self) -> &'static str {
        match self {
            ProtocolError::BadKey(_) | ProtocolError::NoInit(_) => "Bad crypto key",
            ProtocolError::BadPacket(_) => "Invalid data packet",
            ProtocolError::LineTooLong => "Invalid data packet: line too long",
            ProtocolError::UnknownCommand(_) => "Unknown command",
            ProtocolError::Undecodable(_) => "Data cannot be decrypted",
            ProtocolError::ReplyEncoding(_) => "Reply cannot be encoded",
            ProtocolError::InitFailed(_) => "Client ID cannot be initialized",
            ProtocolError::DuplicateId(_) => "Duplicate client ID",
            ProtocolError::NoTask(_) => "No waiting request",
            ProtocolError::UpdateFailed(_) => "Update failed",
        }
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
