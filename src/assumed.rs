//! Every protocol detail that protocol.md marks ASSUMED, in one place.
//!
//! Nobody has captured these from a real BosTcpClient yet. The server, the simulator and the
//! migration proxy's report all take them from here, so one capture (see `proxy-report`) that
//! contradicts a choice is fixed by changing this file alone. The trace log records enough
//! (verbs, parameter names, INFO key names) to settle each point.

use crate::wire::Reply;

/// INFO request keys (client → server TStringList). Only `ID` and the Cyrillic test marker
/// are known; the rest are the spec's candidates.
pub mod info_keys {
    pub const OBJECT_ID: &str = "ID";
    pub const OBJECT_NAME: &str = "ON";
    pub const CUSTOMER_NAME: &str = "FN";
    pub const EIK: &str = "FB";
    pub const ADDRESS: &str = "FA";
    pub const HOST: &str = "HS";
    pub const APP_TYPE: &str = "AT";
    pub const APP_VERSION: &str = "AV";
    pub const DB_TYPE: &str = "DT";
    /// `ТТ=Test` in Cyrillic (cp1251 `D2 D2`): optional marker at the start.
    pub const TEST_MARKER: &[u8] = b"\xD2\xD2";
    /// Every key the server interprets, for the proxy's comparison.
    pub const ALL: &[&str] = &[
        OBJECT_ID,
        OBJECT_NAME,
        CUSTOMER_NAME,
        EIK,
        ADDRESS,
        HOST,
        APP_TYPE,
        APP_VERSION,
        DB_TYPE,
    ];
}

/// The English texts of the error replies (the codes are known; the wording is not).
pub mod error_text {
    pub const BAD_KEY: &str = "Bad crypto key";
    pub const BAD_PACKET: &str = "Invalid data packet";
    pub const LINE_TOO_LONG: &str = "Invalid data packet: line too long";
    pub const UNKNOWN_COMMAND: &str = "Unknown command";
    pub const UNDECODABLE: &str = "Data cannot be decrypted";
    pub const REPLY_ENCODING: &str = "Reply cannot be encoded";
    pub const INIT_FAILED: &str = "Client ID cannot be initialized";
    pub const DUPLICATE_ID: &str = "Duplicate client ID";
    pub const NO_TASK: &str = "No waiting request";
    pub const UPDATE_FAILED: &str = "Update failed";
}

/// The wire form of an error reply: `<code> <text>` on one line.
pub fn error_reply(code: u16, text: &str) -> Reply {
    Reply::text(code, text.as_bytes().to_vec())
}

/// ERRL's reply.
pub fn errl_reply() -> Reply {
    Reply::text(200, b"OK".to_vec())
}

/// Parameter names of the task exchange.
pub const CMD_PARAM: &str = "CMD";
pub const DATA_PARAM: &str = "DATA";

/// GREQ with a pending task: `200-CMD=<n>` then `200 DATA=<enc>`.
pub fn greq_task_reply(cmd: u32, data: String) -> Reply {
    Reply::lines(
        200,
        vec![
            format!("{CMD_PARAM}={cmd}").into_bytes(),
            format!("{DATA_PARAM}={data}").into_bytes(),
        ],
    )
}

/// SRSP, the client's answer to task `cmd`: `SRSP CMD=<n> DATA=<enc(result JSON)>`.
pub fn srsp_request(cmd: u32, data: &str) -> String {
    format!("SRSP {CMD_PARAM}={cmd} {DATA_PARAM}={data}")
}

/// SRSP's reply when the answer was taken: a bare `200`.
pub fn srsp_reply() -> Reply {
    Reply::ok()
}

/// GREQ with nothing pending: a bare `200`.
pub fn greq_empty_reply() -> Reply {
    Reply::ok()
}

/// The request counter of a connection starts at 1.
pub const FIRST_CMD: u32 = 1;

/// DWNL's file-name parameter.
pub const DWNL_FILE_PARAM: &str = "F";

/// The size line of DWNL's reply (the decoded file's length in bytes).
pub const DWNL_SIZE_PARAM: &str = "SIZE";

/// One VERS line: `NAME=SIZE;YYYY-MM-DD HH:MM:SS;MD5HEX`.
pub fn vers_line(name: &str, size: u64, modified: &str, md5_hex: &str) -> String {
    format!("{name}={size};{modified};{md5_hex}")
}

/// VERS's reply: `200 DATA=<enc(the vers_line list, CR LF after each)>`.
pub fn vers_reply(data: String) -> Reply {
    Reply::text(200, format!("{DATA_PARAM}={data}").into_bytes())
}

/// Parses a VERS line back (for the simulator and the proxy report).
pub fn parse_vers_line(line: &str) -> Option<(String, u64, String, String)> {
    let (name, rest) = line.split_once('=')?;
    let mut parts = rest.splitn(3, ';');
    let size = parts.next()?.parse().ok()?;
    let modified = parts.next()?.to_string();
    let md5 = parts.next()?.to_string();
    Some((name.to_string(), size, modified, md5))
}

/// DWNL's reply: `200-SIZE=<bytes>` then `200 DATA=<enc(file)>`.
pub fn dwnl_reply(size: usize, data: String) -> Reply {
    Reply::lines(
        200,
        vec![
            format!("{DWNL_SIZE_PARAM}={size}").into_bytes(),
            format!("{DATA_PARAM}={data}").into_bytes(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vers_line_round_trip() {
        let l = vers_line("Bos.exe", 10, "2026-01-02 03:04:05", "abc");
        assert_eq!(l, "Bos.exe=10;2026-01-02 03:04:05;abc");
        assert_eq!(
            parse_vers_line(&l),
            Some((
                "Bos.exe".into(),
                10,
                "2026-01-02 03:04:05".into(),
                "abc".into()
            ))
        );
        assert_eq!(parse_vers_line("x=y"), None);
    }

    #[test]
    fn greq_layout() {
        assert_eq!(
            greq_task_reply(3, "QQ==".into()).encode(),
            b"200-CMD=3\r\n200 DATA=QQ==\r\n"
        );
        assert_eq!(greq_empty_reply().encode(), b"200\r\n");
    }
}
