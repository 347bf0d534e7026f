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
    pub const INTERNAL: &str = "Internal server error";
    pub const NOT_IDENTIFIED: &str = "Client not identified: send INFO first";
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

/// The shop side (bos-client executing tasks on Firebird): result codes and value shapes
/// that nobody has observed from a real BosTcpClient. Codes 1004 (wrong password) and 1007
/// (SQL error) are known from the pages; the rest are choices made here.
pub mod shop {
    use base64::Engine as _;
    use serde_json::Value;

    /// ASSUMED: the task is not a JSON object.
    pub const RC_BAD_TASK: i64 = 1001;
    /// ASSUMED meaning of 1003: the task's `Id` is not this client's object ID.
    pub const RC_WRONG_ID: i64 = 1003;
    /// The task's `Pass` is not MD5(object password).
    pub const RC_WRONG_PASS: i64 = 1004;
    /// 1006 is "missing parameter in a Command tag"; ASSUMED: also a Query without `SQL`.
    pub const RC_MISSING_SQL: i64 = 1006;
    /// Firebird refused or failed the statement; ResultMessage is Firebird's message.
    pub const RC_SQL_ERROR: i64 = 1007;
    /// ASSUMED meaning of 1010: a task with no dataset.
    pub const RC_EMPTY_TASK: i64 = 1010;
    /// ASSUMED (ours, outside the original's 1000–1021): the task ran longer than the
    /// executor's time bound and was cancelled.
    pub const RC_TIMEOUT: i64 = 1030;
    /// ASSUMED (ours): the answer grew past the executor's size bound and was refused.
    pub const RC_TOO_LARGE: i64 = 1031;

    /// ASSUMED answer shape of a data-changing statement (UPDATE, INSERT, DELETE, EXECUTE
    /// PROCEDURE without output): its dataset is an empty array `[]`, exactly like a query
    /// that found no rows (the pages ignore it; an empty array or a missing key are both
    /// tolerated). `... RETURNING` statements answer their returned row.
    pub const DML_ANSWER: &str = "[]";

    /// ASSUMED: CHAR(n) values lose their trailing blanks (Delphi's string fields do).
    pub fn char_value(text: &str) -> String {
        text.trim_end_matches(' ').to_string()
    }

    /// ASSUMED (no page reads a BLOB): text that is valid UTF-8 as a string, anything else
    /// as Base64.
    pub fn blob_value(_is_blob: bool, bytes: &[u8]) -> Value {
        match std::str::from_utf8(bytes) {
            Ok(s) => Value::String(s.to_string()),
            Err(_) => Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
    }
}
