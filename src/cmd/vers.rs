//! `VERS` → `200 DATA=<enc>` listing the update files (`NAME=SIZE;YYYY-MM-DD HH:MM:SS;MD5`).

use crate::assumed;
use crate::cmd::{require_key, ProtocolError};
use crate::crypto::{cp1251, encode_payload};
use crate::session::Session;
use crate::updates;
use crate::wire::Reply;

pub fn apply(session: &mut Session) -> Result<Reply, ProtocolError> {
    let key = require_key(session, "VERS")?;
    let files = updates::list(&session.instance.config.update_folder)
        .map_err(|e| ProtocolError::UpdateFailed(e.to_string()))?;
    let mut text = String::new();
    for f in &files {
        text.push_str(&assumed::vers_line(
            &f.name,
            f.size,
            &f.modified_text(),
            &f.md5_hex,
        ));
        text.push_str("\r\n");
    }
    let data = encode_payload(&key, &cp1251::from_utf8(&text));
    Ok(assumed::vers_reply(data))
}
