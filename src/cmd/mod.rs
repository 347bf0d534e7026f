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

pub use dwnl::Download;
pub use error::ProtocolError;

use crate::crypto::{decode_payload, decode_payload_limited, CryptoError, PayloadKey};
use crate::session::Session;
use crate::wire::{Reply, Request};

/// What a command answers: a reply, or a file streamed in DWNL's reply layout.
pub enum Response {
    Reply(Reply),
    Download(Box<Download>),
}

impl From<Reply> for Response {
    fn from(r: Reply) -> Self {
        Response::Reply(r)
    }
}

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

    /// Whether the command needs a session identified by INFO: before that only INIT, INFO
    /// and PING are served (issue 14: unidentified connections stay cheap).
    pub fn needs_identity(&self) -> bool {
        !matches!(self, Command::Init(_) | Command::Info(_) | Command::Ping)
    }

    pub fn apply(self, session: &mut Session) -> Result<Response, ProtocolError> {
        if self.needs_identity() && !session.handle.is_identified() {
            let verb = self.verb();
            return Err(if session.key.is_none() {
                ProtocolError::NoInit(verb.into())
            } else {
                ProtocolError::NotIdentified(verb.into())
            });
        }
        match self {
            Command::Init(c) => c.apply(session).map(Response::from),
            Command::Info(c) => c.apply(session).map(Response::from),
            Command::Ping => ping::apply(session).map(Response::from),
            Command::Errl(c) => c.apply(session).map(Response::from),
            Command::Greq => greq::apply(session).map(Response::from),
            Command::Srsp(c) => c.apply(session).map(Response::from),
            Command::Vers => vers::apply(session).map(Response::from),
            Command::Dwnl(c) => c.apply(session).map(|d| Response::Download(Box::new(d))),
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Command::Init(_) => "INIT",
            Command::Info(_) => "INFO",
            Command::Ping => "PING",
            Command::Errl(_) => "ERRL",
            Command::Greq => "GREQ",
            Command::Srsp(_) => "SRSP",
            Command::Vers => "VERS",
            Command::Dwnl(_) => "DWNL",
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
    decode_payload(key, data).map_err(map_crypto)
}

/// [`decode`] with a bound on the inflated size.
pub(crate) fn decode_limited(
    key: &PayloadKey,
    data: &[u8],
    max: usize,
) -> Result<Vec<u8>, ProtocolError> {
    decode_payload_limited(key, data, max).map_err(map_crypto)
}

/// [`crate::crypto::payload::check_base64`] as a protocol error (502 for bad Base64).
pub(crate) fn check_encoding(data: &[u8]) -> Result<(), ProtocolError> {
    crate::crypto::payload::check_base64(data).map_err(map_crypto)
}

fn map_crypto(e: CryptoError) -> ProtocolError {
    match e {
        CryptoError::Base64(m) => ProtocolError::BadPacket(format!("bad Base64: {m}")),
        CryptoError::Empty => ProtocolError::BadPacket("empty DATA".into()),
        other => ProtocolError::Undecodable(other.to_string()),
    }
}
