//! `DWNL F=<name>` → `200-SIZE=<bytes>` / `200 DATA=<enc(file)>`.

use crate::assumed;
use crate::cmd::{require_key, ProtocolError};
use crate::crypto::{cp1251, encode_payload};
use crate::session::Session;
use crate::updates;
use crate::wire::{Reply, Request};

/// Files larger than this are not sent over the protocol (the reply is one line).
const MAX_FILE: u64 = 256 * 1024 * 1024;

#[derive(Debug)]
pub struct Dwnl<'a> {
    name: &'a [u8],
}

impl<'a> Dwnl<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Dwnl<'a>, ProtocolError> {
        let name = req
            .param(assumed::DWNL_FILE_PARAM)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                ProtocolError::UpdateFailed(format!("DWNL without {}=", assumed::DWNL_FILE_PARAM))
            })?;
        Ok(Dwnl { name })
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let key = require_key(session, "DWNL")?;
        let name = cp1251::to_utf8(self.name);
        let path =
            updates::resolve(&session.instance.config.update_folder, &name).map_err(|e| {
                log::warn!(
                    "S{} {}: DWNL refused: {e}",
                    session.handle.id,
                    session.handle.peer
                );
                ProtocolError::UpdateFailed(e.to_string())
            })?;
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE {
            return Err(ProtocolError::UpdateFailed(format!(
                "{name} is {size} bytes, too large"
            )));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| ProtocolError::UpdateFailed(format!("{name}: {e}")))?;
        log::info!(
            "S{} {}: DWNL {name} ({} bytes)",
            session.handle.id,
            session.handle.peer,
            bytes.len()
        );
        Ok(assumed::dwnl_reply(
            bytes.len(),
            encode_payload(&key, &bytes),
        ))
    }
}
