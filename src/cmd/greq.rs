//! `GREQ` → the pending task (`200-CMD=<n>` / `200 DATA=<enc>`) or a bare `200`.

use crate::assumed;
use crate::cmd::{require_key, ProtocolError};
use crate::crypto::{cp1251, encode_payload};
use crate::relay;
use crate::session::Session;
use crate::wire::Reply;

pub fn apply(session: &mut Session) -> Result<Reply, ProtocolError> {
    let key = require_key(session, "GREQ")?;
    let Some((cmd, task)) = relay::take_for_client(&session.handle) else {
        return Ok(assumed::greq_empty_reply());
    };
    // The web site sends UTF-8 JSON; the Delphi client reads ANSI (cp1251).
    let ansi = match std::str::from_utf8(&task) {
        Ok(text) => cp1251::from_utf8(text),
        Err(_) => task,
    };
    if ansi.is_empty() {
        relay::fail_pending(&session.handle, cmd, "task is empty".into());
        return Ok(assumed::greq_empty_reply());
    }
    Ok(assumed::greq_task_reply(cmd, encode_payload(&key, &ansi)))
}
