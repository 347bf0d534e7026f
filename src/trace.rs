//! The protocol trace log (`TraceLogEnabled=1`): every line in and out per session, with
//! `DATA=` bodies elided to their length unless `TraceLogData=1`, and the key names (never the
//! values) of each decrypted INFO. Written to the `trace` log target, which the logger sends to
//! its own rotating file.

use std::net::SocketAddr;

use crate::crypto::cp1251;

/// The log target of the trace file (flexi_logger routes `{name}` targets to the writer
/// `name`).
pub const TARGET: &str = "{trace}";

/// Elides every `DATA=` value to its length.
pub fn elide(line: &[u8], show_data: bool) -> String {
    let text = cp1251::to_utf8(line);
    if show_data {
        return text;
    }
    let data_eq = format!("{}=", crate::assumed::DATA_PARAM);
    let mut out = String::with_capacity(text.len().min(256));
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match token.find(data_eq.as_str()) {
            Some(pos)
                if token[..pos]
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c == b'-') =>
            {
                let value_len = token.len() - pos - data_eq.len();
                out.push_str(&token[..pos + data_eq.len()]);
                out.push_str(&format!("<{value_len} bytes>"));
            }
            _ => out.push_str(token),
        }
    }
    out
}

pub fn connected(id: u64, peer: &SocketAddr) {
    log::info!(target: TARGET, "S{id} connected from {peer}");
}

pub fn disconnected(id: u64) {
    log::info!(target: TARGET, "S{id} closed");
}

pub fn line_in(id: u64, line: &[u8], show_data: bool) {
    log::info!(target: TARGET, "S{id} > {}", elide(line, show_data));
}

pub fn reply_out(id: u64, bytes: &[u8], show_data: bool) {
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        log::info!(target: TARGET, "S{id} < {}", elide(line, show_data));
    }
}

pub fn info_keys(id: u64, names: &[String]) {
    log::info!(target: TARGET, "S{id} INFO keys: {}", names.join(","));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_elided() {
        assert_eq!(elide(b"INFO DATA=abcd==", false), "INFO DATA=<6 bytes>");
        assert_eq!(
            elide(b"SRSP CMD=1 DATA=xyz", false),
            "SRSP CMD=1 DATA=<3 bytes>"
        );
        assert_eq!(elide(b"200 DATA=xyz", false), "200 DATA=<3 bytes>");
        assert_eq!(elide(b"200-KEY=30DF", false), "200-KEY=30DF");
        assert_eq!(elide(b"INFO DATA=abcd==", true), "INFO DATA=abcd==");
    }
}
