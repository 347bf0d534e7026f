//! `ERRL <free text>` → `200 OK`: the client reports an error; stored with who sent it.

use chrono::Local;

use crate::assumed;
use crate::cmd::ProtocolError;
use crate::crypto::cp1251;
use crate::events::Event;
use crate::logging::escape;
use crate::metrics::Metrics;
use crate::session::Session;
use crate::wire::{Reply, Request};

/// The longest error text stored (the column is TEXT: 64 KiB, and a cp1251 character is at
/// most 3 UTF-8 bytes).
const MAX_TEXT: usize = 16 * 1024;
/// The longest error text in the log line (the database keeps the whole text).
const LOGGED_CHARS: usize = 2000;

#[derive(Debug)]
pub struct Errl<'a> {
    text: &'a [u8],
}

impl<'a> Errl<'a> {
    pub fn parse(req: &Request<'a>) -> Errl<'a> {
        Errl { text: req.rest }
    }

    /// Stores the report unless the session is over `ErrlPerMinute`: then it is answered as
    /// usual (a Delphi client treats any other code as an exception and may reconnect in a
    /// loop), counted and not stored; the log says how many were dropped.
    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        if !session.errl_bucket.take() {
            Metrics::inc(&session.shared.metrics.errl_dropped);
            session.errl_dropped += 1;
            return Ok(assumed::errl_reply());
        }
        let dropped = std::mem::take(&mut session.errl_dropped);
        let mut text = cp1251::to_utf8(&self.text[..self.text.len().min(MAX_TEXT)]);
        text = text.trim().to_string();
        let (object_id, host) = {
            let info = session.handle.info();
            (info.object_id.clone(), info.host.clone())
        };
        let shown: String = text.chars().take(LOGGED_CHARS).collect();
        log::warn!(
            "S{} {}: client error report from {} ({}): {}{}{}",
            session.handle.id,
            session.handle.peer,
            object_id.as_deref().unwrap_or("unidentified client"),
            escape(&host),
            escape(&shown),
            if shown.len() < text.len() {
                " [...]"
            } else {
                ""
            },
            if dropped > 0 {
                format!(" ({dropped} earlier reports over ErrlPerMinute not stored)")
            } else {
                String::new()
            }
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
