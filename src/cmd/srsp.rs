//! `SRSP CMD=<n> DATA=<enc>` → `200`: the client's answer to task `n`.

use crate::assumed;
use crate::cmd::{check_encoding, decode, require_data, require_key, ProtocolError};
use crate::relay::{self, Completion};
use crate::session::Session;
use crate::wire::{Reply, Request};

#[derive(Debug)]
pub struct Srsp<'a> {
    cmd: u32,
    data: &'a [u8],
}

impl<'a> Srsp<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Srsp<'a>, ProtocolError> {
        let raw = req.param(assumed::CMD_PARAM).ok_or_else(|| {
            ProtocolError::BadPacket(format!("SRSP without {}=", assumed::CMD_PARAM))
        })?;
        let cmd = std::str::from_utf8(raw)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| {
                ProtocolError::NoTask(String::from_utf8_lossy(raw).chars().take(20).collect())
            })?;
        Ok(Srsp {
            cmd,
            data: require_data(req)?,
        })
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let key = require_key(session, "SRSP")?;
        if !relay::awaits(&session.handle, self.cmd) {
            // Late or unknown: answered 520 without decrypting or inflating anything (an answer
            // nobody waits for costs no AES or zlib work); bad Base64 is still 502.
            check_encoding(self.data)?;
            return match relay::complete(&session.handle, self.cmd, Vec::new()) {
                Completion::Late => Err(self.late(session)),
                _ => Err(ProtocolError::NoTask(self.cmd.to_string())),
            };
        }
        let answer = match decode(&key, self.data) {
            Ok(a) => a,
            Err(e) => {
                relay::fail_pending(
                    &session.handle,
                    self.cmd,
                    format!("the client's answer could not be read: {e}"),
                );
                return Err(e);
            }
        };
        match relay::complete(&session.handle, self.cmd, answer) {
            Completion::Delivered => Ok(assumed::srsp_reply()),
            Completion::Late => Err(self.late(session)),
            Completion::Unknown => Err(ProtocolError::NoTask(self.cmd.to_string())),
        }
    }

    /// An answer that came after its caller gave up: logged, answered 520.
    fn late(&self, session: &Session) -> ProtocolError {
        log::warn!(
            "S{} {}: late SRSP {}={} after its caller timed out: answer dropped",
            session.handle.id,
            session.handle.peer,
            assumed::CMD_PARAM,
            self.cmd
        );
        ProtocolError::NoTask(format!("{} (late)", self.cmd))
    }
}
