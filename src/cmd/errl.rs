//! `ERRL <free text>` → `200 OK`: the client reports an error; stored with who sent it.

use chrono::Local;

use crate::assumed;
use crate::cmd::ProtocolError;
use crate::crypto::cp1251;
use crate::events::Event;
use crate::session::Session;
use crate::wire::{Reply, Request};

/// The longest error text stored (the column is TEXT; the log line is cut too).
const MAX_TEXT: usize = 16 * 1024;

#[derive(Debug)]
pub struct Errl<'a> {
    text: &'a [u8],
}

impl<'a> Errl<'a> {
    pub fn parse(req: &Request<'a>) -> Errl<'a> {
        Errl { text: req.rest }
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let mut text = cp1251::to_utf8(&self.text[..self.text.len().min(MAX_TEXT)]);
        text = text.trim().to_string();
        let (object_id, host) = {
            let info = session.handle.info();
            (info.object_id.clone(), info.host.clone())
        };
        log::warn!(
            "S{} {}: client error report from {} ({}): {}",
            session.handle.id,
            session.handle.peer,
            object_id.as_deref().unwrap_or("unidentified client"),
            host,
            text
        );
        let events = &session.shared.events;
        events.emit(Event::ClientError {
            uid: events.next_uid(),
            object_id,
            host,
            peer_ip: session.handle.peer.ip().to_string(),
            text,
            at: Local::now(),
        });
        Ok(assumed::errl_reply())
    }
}
