//! The recording: one JSON-lines file per proxied session, one [`Record`] per line.
//!
//! The same structs are written by the proxy and read back by `proxy-report`, so the format
//! cannot drift between the two. Every field but `t`, `seq`, `dir` and `event` is optional:
//! a record carries only what applies to its event. Payload values never appear raw: `DATA=`
//! values are elided to their length, and decoded payloads are masked (see [`mask_task`] and
//! [`mask_result`]) unless the proxy runs with `--unmask`.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Version of the record format, written in every `open` record.
pub const FORMAT_VERSION: u32 = 1;

/// Which way the bytes went; `meta` for the proxy's own notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// Client → server (requests).
    C2s,
    /// Server → client (replies).
    S2c,
    /// Neither: session open/close, key derivation, parser notes.
    Meta,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::C2s => "c2s",
            Dir::S2c => "s2c",
            Dir::Meta => "meta",
        }
    }
}

/// The event kinds written to `event`.
pub mod event {
    /// First record: who connected where, format version, masking.
    pub const OPEN: &str = "open";
    /// One complete request line.
    pub const REQUEST: &str = "request";
    /// One complete (possibly multi-line) reply, paired with its request's verb.
    pub const REPLY: &str = "reply";
    /// The session key was derived from INIT and its reply.
    pub const SESSION_KEY: &str = "session_key";
    /// A run of identical polls (PING, GREQ) answered by a bare `200`: `info.count`
    /// exchanges from `info.first` to `t`, `latency_ms` their mean.
    pub const REPEAT: &str = "repeat";
    /// Something the parser could not follow; the bytes were forwarded anyway.
    pub const NOTE: &str = "note";
    /// One direction ended (EOF, reset, write failure).
    pub const CLOSE: &str = "close";
    /// Last record: byte totals.
    pub const END: &str = "end";
}

/// What a record says about the framing, as data: the report counts these flags and never
/// reads the human-readable `text` that goes with them, so rewording a note cannot change a
/// verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A server line that is not `NNN`, `NNN text` or `NNN-text` (a note).
    MalformedReplyLine,
    /// A reply that no request was waiting for.
    Unsolicited,
    /// A multi-line reply whose lines carry different codes.
    MixedCodes,
    /// A multi-line reply with RFC 959 continuation lines that carry no code.
    CodelessLines,
}

/// A decoded `DATA=` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decoded {
    /// A Delphi TStringList (INFO both ways): the `NAME=VALUE` pairs in order.
    Tstrings {
        pairs: Vec<(String, String)>,
        /// Lines without `=` (not counted as pairs).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        other_lines: Vec<String>,
    },
    /// A report task (GREQ reply) or result (SRSP), `Pass` and row values masked unless
    /// `masked` is false.
    Json {
        json: Value,
        masked: bool,
        len: usize,
    },
    /// A VERS list: the lines that parse as `NAME=SIZE;YYYY-MM-DD HH:MM:SS;MD5HEX` and those
    /// that do not.
    Vers {
        files: Vec<VersFile>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        bad_lines: Vec<String>,
    },
    /// A downloaded file: its decoded length and MD5 (compare with VERS).
    File { len: usize, md5: String },
    /// Anything else: its length, what it looks like, and the text only with `--unmask`.
    Text {
        len: usize,
        looks_like: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// The payload did not decode.
    Failed { error: String },
}

/// One VERS line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersFile {
    pub name: String,
    pub size: u64,
    pub modified: String,
    pub md5: String,
}

/// One line of a recording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Local time with milliseconds and offset.
    pub t: String,
    /// Position in the session, from 1.
    pub seq: u64,
    pub dir: Option<Dir>,
    pub event: String,
    /// Request verb (upper case); for a reply, the verb of the request it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// Reply code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// Request parameters in order, `DATA` values elided to `<N bytes>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<(String, String)>>,
    /// ERRL's free text, a note's explanation, a close's cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Reply text lines (without the code), `DATA=` values elided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<String>>,
    /// The reply's wire layout with values replaced by `…`, e.g. `200-CMD=… / 200 DATA=…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Raw bytes of the request line or the reply (line ends included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Time from the request to its complete reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoded: Option<Decoded>,
    /// Free-form details (open: addresses, masking; session_key: ID/LEN; end: totals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Value>,
    /// Framing findings of this record (what `text` explains to a human).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
}

/// Where records go: a file per session, or the log when no `--record` folder was given.
pub enum Sink {
    File { path: PathBuf, out: BufWriter<File> },
    Log { session: u64 },
}

impl Sink {
    /// Creates `DIR/<yyyymmdd-hhmmss.mmm>-s<id>-<ip>_<port>.jsonl` (never overwrites).
    pub fn create(dir: &Path, session: u64, client: &SocketAddr) -> io::Result<Sink> {
        std::fs::create_dir_all(dir)?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
        let ip = client.ip().to_string().replace(':', "-");
        let base = format!("{stamp}-s{session}-{ip}_{}", client.port());
        let mut n = 1;
        loop {
            let name = if n == 1 {
                format!("{base}.jsonl")
            } else {
                format!("{base}-{n}.jsonl")
            };
            let path = dir.join(name);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => {
                    return Ok(Sink::File {
                        path,
                        out: BufWriter::new(f),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Sink::File { path, .. } => Some(path),
            Sink::Log { .. } => None,
        }
    }

    /// Writes one record and flushes, so a recording is complete up to the last exchange
    /// even if the proxy is killed.
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        let line = serde_json::to_string(r).map_err(io::Error::other)?;
        match self {
            Sink::File { out, .. } => {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()
            }
            Sink::Log { session } => {
                log::info!(target: "proxy", "P{session} {line}");
                Ok(())
            }
        }
    }
}

/// Local time as written in `t`.
pub fn timestamp(at: chrono::DateTime<chrono::Local>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

/// What replaces a masked `Pass`.
pub const MASKED_PASS: &str = "<masked>";

/// A task as recorded: everything kept (dataset names, `Type`, `SQL`, `Param`) except the
/// value of `Pass` (the MD5 of the object password), at any depth.
pub fn mask_task(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    if k.eq_ignore_ascii_case("pass") {
                        let shown = match &v {
                            Value::String(s) if s.is_empty() => String::new(),
                            _ => MASKED_PASS.to_string(),
                        };
                        (k, Value::String(shown))
                    } else {
                        (k, mask_task(v))
                    }
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(mask_task).collect()),
        other => other,
    }
}

/// A result as recorded: top-level scalars (`ResultCode`, `ResultMessage`) kept; every
/// dataset (an array of row objects) becomes `{"rows": N, "columns": [names...]}`; other
/// nested values are reduced to their JSON type. Row values never appear.
pub fn mask_result(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let masked = match v {
                        Value::Array(rows) => mask_rows(&rows),
                        Value::Object(o) => mask_nested(Value::Object(o)),
                        scalar => scalar,
                    };
                    (k, masked)
                })
                .collect(),
        ),
        Value::Array(rows) => mask_rows(&rows),
        other => other,
    }
}

fn mask_rows(rows: &[Value]) -> Value {
    let mut columns: Vec<String> = Vec::new();
    for r in rows {
        if let Value::Object(o) = r {
            for k in o.keys() {
                if !columns.iter().any(|c| c == k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut m = Map::new();
    m.insert("rows".into(), Value::from(rows.len()));
    m.insert(
        "columns".into(),
        Value::Array(columns.into_iter().map(Value::String).collect()),
    );
    Value::Object(m)
}

fn mask_nested(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let masked = match v {
                        Value::Array(rows) => mask_rows(&rows),
                        other => mask_nested(other),
                    };
                    (k, masked)
                })
                .collect(),
        ),
        Value::Array(rows) => mask_rows(&rows),
        Value::String(_) => Value::String("<string>".into()),
        Value::Number(_) => Value::String("<number>".into()),
        Value::Bool(_) => Value::String("<bool>".into()),
        Value::Null => Value::Null,
    }
}

/// Reads every record of one recording; lines that are not records are counted, not fatal.
pub fn read_file(path: &Path) -> io::Result<(Vec<Record>, usize)> {
    let text = std::fs::read_to_string(path)?;
    let mut records = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Record>(line) {
            Ok(r) => records.push(r),
            Err(_) => bad += 1,
        }
    }
    Ok((records, bad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_keeps_everything_but_pass() {
        let t = json!({"Id":"3769d93a","Pass":"fe01ce2a7fbac8fafaed7c982a04e229",
            "DayTurnover":{"Type":"Query","SQL":"select 1"}});
        let m = mask_task(t);
        assert_eq!(m["Pass"], MASKED_PASS);
        assert_eq!(m["Id"], "3769d93a");
        assert_eq!(m["DayTurnover"]["SQL"], "select 1");
        assert_eq!(mask_task(json!({"Pass":""}))["Pass"], "");
    }

    #[test]
    fn result_keeps_names_counts_and_columns() {
        let r = json!({"ResultCode":0,"ResultMessage":"OK",
            "Sales":[{"NAME":"Кафе","QTY":2},{"NAME":"Чай","QTY":1,"EXTRA":true}],
            "Empty":[], "Odd":{"x":"secret","y":[{"a":1}]}});
        let m = mask_result(r);
        assert_eq!(m["ResultCode"], 0);
        assert_eq!(m["ResultMessage"], "OK");
        assert_eq!(
            m["Sales"],
            json!({"rows":2,"columns":["NAME","QTY","EXTRA"]})
        );
        assert_eq!(m["Empty"], json!({"rows":0,"columns":[]}));
        assert_eq!(m["Odd"]["x"], "<string>");
        assert_eq!(m["Odd"]["y"]["rows"], 1);
        assert!(!m.to_string().contains("Кафе"));
    }

    #[test]
    fn records_round_trip() {
        let r = Record {
            t: "x".into(),
            seq: 3,
            dir: Some(Dir::S2c),
            event: event::REPLY.into(),
            verb: Some("GREQ".into()),
            code: Some(200),
            decoded: Some(Decoded::Failed {
                error: "bad".into(),
            }),
            ..Default::default()
        };
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""dir":"s2c""#), "{text}");
        assert!(!text.contains("params"), "{text}");
        assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), r);
    }
}
