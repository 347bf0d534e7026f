//! One module per protocol command (protocol.md §4): each parses its request line and applies
//! it to the session.

mod dwnl;
mod errl;
pub mod error;
mod greq;
mod info;
mod init;
mod ping;
mod srsp;
mod vers;

pub use error::ProtocolError;

use crate::crypto::{decode_payload, CryptoError, PayloadKey};
use crate::session::Session;
use crate::wire::{Reply, Request};

/// A parsed request.
#[derive(Debug)]
pub enum Command<'a> {
    Init(init::Init<'a>),
    Info(info::Info<'a>),
    Ping,
    Errl(errl::Errl<'a>),
    Greq,
    Srsp(srsp::Srsp<'a>),
    Vers,
    Dwnl(dwnl::Dwnl<'a>),
}

impl<'a> Command<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Command<'a>, ProtocolError> {
        Ok(match req.verb.as_str() {
            "INIT" => Command::Init(init::Init::parse(req)?),
            "INFO" => Command::Info(info::Info::parse(req)?),
            "PING" => Command::Ping,
            "ERRL" => Command::Errl(errl::Errl::parse(req)),
            "GREQ" => Command::Greq,
            "SRSP" => Command::Srsp(srsp::Srsp::parse(req)?),
            "VERS" => Command::Vers,
            "DWNL" => Command::Dwnl(dwnl::Dwnl::parse(req)?),
            other => {
                return Err(ProtocolError::UnknownCommand(
                    other.chars().take(16).collect(),
                ))
            }
        })
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        match self {
            Command::Init(c) => c.apply(session),
            Command::Info(c) => c.apply(session),
            Command::Ping => ping::apply(session),
            Command::Errl(c) => c.apply(session),
            Command::Greq => greq::apply(session),
            Command::Srsp(c) => c.apply(session),
            Command::Vers => vers::apply(session),
            Command::Dwnl(c) => c.apply(session),
        }
    }
}

/// The session key, or 501 for a command that needs one before INIT.
pub(crate) fn require_key(session: &Session, verb: &str) -> Result<PayloadKey, ProtocolError> {
    session
        .key
        .clone()
        .ok_or_else(|| ProtocolError::NoInit(verb.to_string()))
}

/// The `DATA=` parameter, or 502.
pub(crate) fn require_data<'a>(req: &Request<'a>) -> Result<&'a [u8], ProtocolError> {
    match req.param(crate::assumed::DATA_PARAM) {
        Some(d) if !d.is_empty() => Ok(d),
        _ => Err(ProtocolError::BadPacket(format!(
            "{}= missing",
            crate::assumed::DATA_PARAM
        ))),
    }
}

/// Decrypts a payload: bad Base64 is 502, anything that does not inflate is 504.
pub(crate) fn decode(key: &PayloadKey, data: &[u8]) -> Result<Vec<u8>, ProtocolError> {
    decode_payload(key, data).map_err(|e| match e {
        CryptoError::Base64(m) => ProtocolError::BadPacket(format!("bad Base64: {m}")),
        CryptoError::Empty => ProtocolError::BadPacket("empty DATA".into()),
        other => ProtocolError::Undecodable(other.to_string()),
    })
}
