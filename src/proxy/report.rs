//! `proxy-report`: reads the recordings, summarises what the original server and its clients
//! really said, and compares it point by point with what this server implements.
//!
//! The expected side of every comparison is computed from the server's own code — the
//! layouts come from [`crate::assumed`] rendered with [`super::layout_of`], the error texts
//! from [`ProtocolError::reply`], the implemented verbs from [`Command::parse`] — so the report
//! can never disagree with the server about what the server does. Changing an ASSUMED point
//! in `assumed.rs` changes the report's expectation with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

use super::layout_of;
use super::record::{self, event, Decoded, Dir, Record};
use crate::assumed::{self, info_keys};
use crate::cmd::{Command, ProtocolError};
use crate::crypto::cp1251;
use crate::wire::{Reply, Request};

/// The outcome of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Contradicted,
    NotSeen,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Contradicted => "CONTRADICTED",
            Status::NotSeen => "NOT SEEN",
        }
    }
}

/// One point of protocol.md checked against the recordings.
#[derive(Debug, Clone)]
pub struct Point {
    pub name: &'static str,
    /// VERIFIED, HIGH or ASSUMED (protocol.md's evidence level).
    pub level: &'static str,
    pub expected: String,
    pub status: Status,
    /// What was observed (counts, layouts, examples with their recording file).
    pub evidence: Vec<String>,
    /// Where to change the server when contradicted.
    pub fix: &'static str,
    /// A contradiction here means clients would break: not safe to switch.
    pub blocking: bool,
    /// Must be seen at least once before the switch can be called safe.
    pub essential: bool,
}

/// The final word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Safe,
    NotSafe,
    NotProven,
}

/// A reply layout seen: how often and one recording that shows it.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    pub count: usize,
    pub example: String,
}

impl Seen {
    fn add(&mut self, example: &str) {
        self.add_n(example, 1);
    }

    fn add_n(&mut self, example: &str, n: usize) {
        self.count += n;
        if self.example.is_empty() {
            self.example = example.to_string();
        }
    }
}

/// Everything gathered from the recordings.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub sessions: usize,
    pub records: usize,
    pub unreadable_lines: usize,
    pub unreadable_files: Vec<String>,
    pub first_t: Option<String>,
    pub last_t: Option<String>,
    pub upstreams: BTreeSet<String>,
    pub masked: BTreeSet<bool>,
    /// verb → parameter-name lists seen (`ID DT TM ...`) → count.
    pub verbs: BTreeMap<String, BTreeMap<String, Seen>>,
    /// verb → reply layout → count.
    pub layouts: BTreeMap<String, BTreeMap<String, Seen>>,
    pub latency_ms: BTreeMap<String, Vec<f64>>,
    pub info_keys: BTreeMap<String, Seen>,
    pub info_key_orders: BTreeMap<String, Seen>,
    pub info_reply_key_orders: BTreeMap<String, Seen>,
    pub greq_empty_layouts: BTreeMap<String, Seen>,
    pub greq_task_layouts: BTreeMap<String, Seen>,
    /// First task counter of each session that got a task.
    pub first_cmds: BTreeMap<String, Seen>,
    pub cmd_sequence_breaks: Vec<String>,
    pub task_keys: BTreeMap<String, usize>,
    pub task_types: BTreeMap<String, usize>,
    pub tasks_not_json: Vec<String>,
    pub srsp_cmd_match: usize,
    pub srsp_cmd_mismatch: Vec<String>,
    pub result_codes: BTreeMap<String, usize>,
    /// dataset → (results containing it, rows in total).
    pub result_datasets: BTreeMap<String, (usize, u64)>,
    pub results_not_json: Vec<String>,
    pub srsp_ok_layouts: BTreeMap<String, Seen>,
    pub vers_files: BTreeMap<String, String>,
    pub vers_bad_lines: Vec<String>,
    pub vers_ok_layouts: BTreeMap<String, Seen>,
    pub dwnl: Vec<String>,
    pub dwnl_size_mismatch: Vec<String>,
    pub dwnl_ok_layouts: BTreeMap<String, Seen>,
    pub info_ok_layouts: BTreeMap<String, Seen>,
    pub init_ok_layouts: BTreeMap<String, Seen>,
    /// code → (count, texts, verbs, layouts).
    pub errors: BTreeMap<u16, ErrorSeen>,
    pub errl_texts: BTreeMap<String, usize>,
    pub decoded_ok: BTreeMap<String, usize>,
    pub decode_failures: BTreeMap<String, Seen>,
    /// Request payloads that did not decode and that the original refused as well (a client
    /// error, not a crypto difference).
    pub decode_refused: BTreeMap<String, Seen>,
    pub notes: BTreeMap<String, Seen>,
    pub unsolicited: Vec<String>,
    pub first_closer: BTreeMap<String, usize>,
    /// Server-initiated ends: (seconds since the last exchange, identified?, file).
    pub server_closes: Vec<(f64, bool, String)>,
}

#[derive(Debug, Default, Clone)]
pub struct ErrorSeen {
    pub count: usize,
    pub texts: BTreeSet<String>,
    pub verbs: BTreeSet<String>,
    pub layouts: BTreeSet<String>,
    pub example: String,
}

/// Collects the `.jsonl` files under each path (files are taken as they are).
pub fn recording_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect_dir(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file or directory", p.display()),
            ));
        }
    }
    out.sort();
    Ok(out)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads and summarises every recording under `paths`.
pub fn summarise(paths: &[PathBuf]) -> io::Result<Summary> {
    let mut s = Summary::default();
    for file in recording_files(paths)? {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match record::read_file(&file) {
            Ok((records, bad)) => {
                s.files += 1;
                s.unreadable_lines += bad;
                s.add_session(&name, &records);
            }
            Err(e) => s.unreadable_files.push(format!("{name}: {e}")),
        }
    }
    Ok(s)
}

/// Per-session state while reading one recording in order.
#[derive(Default)]
struct SessionState {
    last_greq_cmd: Option<u32>,
    seen_cmds: Vec<u32>,
    identified: bool,
    last_exchange: Option<String>,
    closed: bool,
    /// A request payload that did not decode, waiting for the original's verdict on it.
    failed_request: Option<(String, String)>,
    /// The CMD of an SRSP waiting for its reply.
    srsp_cmd: Option<(Option<u32>, String)>,
}

fn param_names(r: &Record) -> String {
    r.params
        .as_ref()
        .map(|p| {
            p.iter()
                .map(|(k, _)| k.to_ascii_uppercase())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn line_value<'a>(r: &'a Record, key: &str) -> Option<&'a str> {
    r.lines.as_ref()?.iter().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        k.eq_ignore_ascii_case(key).then_some(v)
    })
}

fn has_data_line(r: &Record) -> bool {
    line_value(r, assumed::DATA_PARAM).is_some()
}

fn secs_between(a: &str, b: &str) -> Option<f64> {
    let a = DateTime::parse_from_rfc3339(a).ok()?;
    let b = DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_milliseconds() as f64 / 1000.0)
}

/// Normalises a note for counting: digits become `N`, quoted details are cut.
fn note_kind(text: &str) -> String {
    let cut = text.split(['"', '(']).next().unwrap_or(text);
    let mut out: String = cut
        .chars()
        .map(|c| if c.is_ascii_digit() { 'N' } else { c })
        .collect();
    while out.contains("NN") {
        out = out.replace("NN", "N");
    }
    out.trim().trim_end_matches(':').to_string()
}

impl Summary {
    fn add_session(&mut self, file: &str, records: &[Record]) {
        self.sessions += 1;
        self.records += records.len();
        let mut st = SessionState::default();
        for r in records {
            if !r.t.is_empty() {
                if self.first_t.as_ref().is_none_or(|f| r.t < *f) {
                    self.first_t = Some(r.t.clone());
                }
                if self.last_t.as_ref().is_none_or(|l| r.t > *l) {
                    self.last_t = Some(r.t.clone());
                }
            }
            match r.event.as_str() {
                event::OPEN => {
                    if let Some(info) = &r.info {
                        if let Some(u) = info.get("upstream").and_then(Value::as_str) {
                            self.upstreams.insert(u.to_string());
                        }
                        if let Some(m) = info.get("masked").and_then(Value::as_bool) {
                            self.masked.insert(m);
                        }
                    }
                }
                event::REQUEST => {
                    st.last_exchange = Some(r.t.clone());
                    self.add_request(file, r, &mut st);
                }
                event::REPLY => {
                    st.last_exchange = Some(r.t.clone());
                    self.add_reply(file, r, &mut st);
                }
                event::REPEAT => {
                    st.last_exchange = Some(r.t.clone());
                    self.add_repeat(file, r);
                }
                event::NOTE => {
                    let text = r.text.clone().unwrap_or_default();
                    let dir = r.dir.map(Dir::as_str).unwrap_or("?");
                    self.notes
                        .entry(format!("{dir}: {}", note_kind(&text)))
                        .or_default()
                        .add(&format!("{file} #{}: {text}", r.seq));
                    if r.dir == Some(Dir::S2c) && text.starts_with("not an Indy reply") {
                        // A malformed reply still consumed the pending request.
                        st.last_greq_cmd = None;
                    }
                }
                event::CLOSE if !st.closed => {
                    st.closed = true;
                    let text = r.text.clone().unwrap_or_default();
                    let who = if text.starts_with("server") {
                        "server"
                    } else if text.starts_with("client") {
                        "client"
                    } else if text.contains("proxy") {
                        "proxy"
                    } else {
                        "other"
                    };
                    *self
                        .first_closer
                        .entry(format!("{who}: {}", note_kind(&text)))
                        .or_default() += 1;
                    if who == "server" {
                        let idle = st
                            .last_exchange
                            .as_deref()
                            .and_then(|l| secs_between(l, &r.t))
                            .unwrap_or(-1.0);
                        self.server_closes
                            .push((idle, st.identified, file.to_string()));
                    }
                }
                _ => {}
            }
        }
        if let Some((what, ex)) = st.failed_request.take() {
            self.decode_failures
                .entry(what)
                .or_default()
                .add(&format!("{ex} (never answered)"));
        }
    }

    fn add_request(&mut self, file: &str, r: &Record, st: &mut SessionState) {
        let verb = r.verb.clone().unwrap_or_default();
        let example = format!("{file} #{}", r.seq);
        let names = if verb == "ERRL" {
            "<free text>".to_string()
        } else {
            param_names(r)
        };
        self.verbs
            .entry(verb.clone())
            .or_default()
            .entry(names)
            .or_default()
            .add(&example);
        if verb == "ERRL" {
            let text = r.text.clone().unwrap_or_default();
            let text: String = text.chars().take(120).collect();
            *self.errl_texts.entry(text).or_default() += 1;
        }
        if verb == "SRSP" {
            let cmd = r.params.as_ref().and_then(|p| {
                p.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(assumed::CMD_PARAM))
                    .and_then(|(_, v)| v.trim().parse::<u32>().ok())
            });
            // Judged when the reply shows whether the original accepted it.
            st.srsp_cmd = Some((cmd, example.clone()));
        }
        match &r.decoded {
            Some(Decoded::Failed { error }) => {
                // Judged when the reply shows whether the original could read it.
                if let Some((what, ex)) = st.failed_request.take() {
                    self.decode_failures.entry(what).or_default().add(&ex);
                }
                st.failed_request =
                    Some((format!("{verb} request"), format!("{example}: {error}")));
            }
            Some(d) => self.add_decoded(&verb, Dir::C2s, d, &example),
            None => {}
        }
    }

    /// A run of polls answered by a bare `200` (collapsed by the tap).
    fn add_repeat(&mut self, file: &str, r: &Record) {
        let verb = r.verb.clone().unwrap_or_default();
        let example = format!("{file} #{}", r.seq);
        let layout = r.layout.clone().unwrap_or_default();
        let n = r
            .info
            .as_ref()
            .and_then(|i| i.get("count"))
            .and_then(Value::as_u64)
            .unwrap_or(1) as usize;
        self.verbs
            .entry(verb.clone())
            .or_default()
            .entry(String::new())
            .or_default()
            .add_n(&example, n);
        self.layouts
            .entry(verb.clone())
            .or_default()
            .entry(layout.clone())
            .or_default()
            .add_n(&example, n);
        if let Some(l) = r.latency_ms {
            self.latency_ms.entry(verb.clone()).or_default().push(l);
        }
        if verb == "GREQ" {
            self.greq_empty_layouts
                .entry(layout)
                .or_default()
                .add_n(&example, n);
        }
    }

    fn add_reply(&mut self, file: &str, r: &Record, st: &mut SessionState) {
        let verb = r.verb.clone().unwrap_or_else(|| "(none)".into());
        let example = format!("{file} #{}", r.seq);
        let layout = r.layout.clone().unwrap_or_default();
        let code = r.code.unwrap_or(0);
        if let Some((cmd, ex)) = st.srsp_cmd.take() {
            // Only answers the original accepted tell how CMD works; a refused one (stale
            // counter, bad payload) is in the error list.
            if code == 200 {
                match (cmd, st.last_greq_cmd) {
                    (Some(c), Some(g)) if c == g => self.srsp_cmd_match += 1,
                    (c, g) => self.srsp_cmd_mismatch.push(format!(
                        "{ex}: SRSP {}={} after GREQ {}={}, accepted",
                        assumed::CMD_PARAM,
                        c.map(|c| c.to_string()).unwrap_or_else(|| "missing".into()),
                        assumed::CMD_PARAM,
                        g.map(|g| g.to_string()).unwrap_or_else(|| "none".into())
                    )),
                }
            }
        }
        if let Some((what, ex)) = st.failed_request.take() {
            // The original accepted a payload the proxy could not decode: a real difference.
            let bucket = if code == 200 {
                &mut self.decode_failures
            } else {
                &mut self.decode_refused
            };
            bucket
                .entry(what)
                .or_default()
                .add(&format!("{ex} (original answered {layout})"));
        }
        self.layouts
            .entry(verb.clone())
            .or_default()
            .entry(layout.clone())
            .or_default()
            .add(&example);
        if let Some(l) = r.latency_ms {
            self.latency_ms.entry(verb.clone()).or_default().push(l);
        }
        if r.text.as_deref().is_some_and(|t| t.contains("unsolicited")) {
            self.unsolicited.push(example.clone());
        }
        if code != 200 {
            let e = self.errors.entry(code).or_default();
            e.count += 1;
            e.verbs.insert(verb.clone());
            e.layouts.insert(layout.clone());
            if let Some(lines) = &r.lines {
                e.texts.insert(lines.join(" | "));
            }
            if e.example.is_empty() {
                e.example = example.clone();
            }
        } else {
            match verb.as_str() {
                "INIT" => self
                    .init_ok_layouts
                    .entry(layout.clone())
                    .or_default()
                    .add(&example),
                "INFO" => {
                    st.identified = true;
                    self.info_ok_layouts
                        .entry(layout.clone())
                        .or_default()
                        .add(&example)
                }
                "GREQ" => {
                    if has_data_line(r) {
                        self.greq_task_layouts
                            .entry(layout.clone())
                            .or_default()
                            .add(&example);
                        let cmd = line_value(r, assumed::CMD_PARAM)
                            .and_then(|c| c.trim().parse::<u32>().ok());
                        st.last_greq_cmd = cmd;
                        if let Some(c) = cmd {
                            if st.seen_cmds.is_empty() {
                                self.first_cmds
                                    .entry(c.to_string())
                                    .or_default()
                                    .add(&example);
                            } else if st.seen_cmds.last().map(|l| l + 1) != Some(c) {
                                self.cmd_sequence_breaks
                                    .push(format!("{example}: CMD={c} after {:?}", st.seen_cmds));
                            }
                            st.seen_cmds.push(c);
                        }
                    } else {
                        self.greq_empty_layouts
                            .entry(layout.clone())
                            .or_default()
                            .add(&example);
                    }
                }
                "SRSP" => self
                    .srsp_ok_layouts
                    .entry(layout.clone())
                    .or_default()
                    .add(&example),
                "VERS" => self
                    .vers_ok_layouts
                    .entry(layout.clone())
                    .or_default()
                    .add(&example),
                "DWNL" => {
                    self.dwnl_ok_layouts
                        .entry(layout.clone())
                        .or_default()
                        .add(&example);
                    let size = line_value(r, "SIZE").and_then(|s| s.trim().parse::<usize>().ok());
                    let decoded = match &r.decoded {
                        Some(Decoded::File { len, md5 }) => Some((*len, md5.clone())),
                        _ => None,
                    };
                    self.dwnl.push(format!(
                        "SIZE={} decoded={} md5={}",
                        size.map(|s| s.to_string())
                            .unwrap_or_else(|| "missing".into()),
                        decoded
                            .as_ref()
                            .map(|d| d.0.to_string())
                            .unwrap_or_else(|| "-".into()),
                        decoded.as_ref().map(|d| d.1.as_str()).unwrap_or("-")
                    ));
                    if size.is_none() || decoded.as_ref().map(|d| d.0) != size {
                        self.dwnl_size_mismatch.push(format!(
                            "{example}: SIZE={} but the payload decodes to {}",
                            size.map(|s| s.to_string())
                                .unwrap_or_else(|| "missing".into()),
                            decoded
                                .map(|d| format!("{} bytes", d.0))
                                .unwrap_or_else(|| "nothing".into())
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(d) = &r.decoded {
            self.add_decoded(&verb, Dir::S2c, d, &example);
        }
    }

    fn add_decoded(&mut self, verb: &str, dir: Dir, d: &Decoded, example: &str) {
        let what = format!(
            "{verb} {}",
            if dir == Dir::C2s { "request" } else { "reply" }
        );
        if let Decoded::Failed { error } = d {
            self.decode_failures
                .entry(what)
                .or_default()
                .add(&format!("{example}: {error}"));
            return;
        }
        *self.decoded_ok.entry(what).or_default() += 1;
        match (verb, dir, d) {
            ("INFO", Dir::C2s, Decoded::Tstrings { pairs, .. }) => {
                for (k, _) in pairs {
                    self.info_keys.entry(k.clone()).or_default().add(example);
                }
                let order: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
                self.info_key_orders
                    .entry(order.join(","))
                    .or_default()
                    .add(example);
            }
            ("INFO", Dir::S2c, Decoded::Tstrings { pairs, .. }) => {
                let order: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
                self.info_reply_key_orders
                    .entry(order.join(","))
                    .or_default()
                    .add(example);
            }
            (
                "GREQ",
                Dir::S2c,
                Decoded::Json {
                    json: Value::Object(m),
                    ..
                },
            ) => {
                for (k, v) in m {
                    *self.task_keys.entry(k.clone()).or_default() += 1;
                    if let Some(t) = v.get("Type").and_then(Value::as_str) {
                        *self.task_types.entry(t.to_string()).or_default() += 1;
                    }
                }
            }
            ("GREQ", Dir::S2c, Decoded::Text { looks_like, .. }) => {
                self.tasks_not_json.push(format!("{example}: {looks_like}"))
            }
            ("SRSP", Dir::C2s, Decoded::Json { json, .. }) => {
                let code = json
                    .get("ResultCode")
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "missing".into());
                *self.result_codes.entry(code).or_default() += 1;
                if let Value::Object(m) = json {
                    for (k, v) in m {
                        let rows = match v {
                            Value::Array(a) => Some(a.len() as u64),
                            Value::Object(o) if o.contains_key("rows") => {
                                o.get("rows").and_then(Value::as_u64)
                            }
                            _ => None,
                        };
                        if let Some(rows) = rows {
                            let e = self.result_datasets.entry(k.clone()).or_default();
                            e.0 += 1;
                            e.1 += rows;
                        }
                    }
                }
            }
            ("SRSP", Dir::C2s, Decoded::Text { looks_like, .. }) => self
                .results_not_json
                .push(format!("{example}: {looks_like}")),
            ("VERS", Dir::S2c, Decoded::Vers { files, bad_lines }) => {
                for f in files {
                    self.vers_files.insert(
                        f.name.clone(),
                        format!("{} bytes, {}, md5 {}", f.size, f.modified, f.md5),
                    );
                }
                for b in bad_lines {
                    self.vers_bad_lines.push(format!("{example}: {b}"));
                }
            }
            _ => {}
        }
    }

    fn reply_count(&self, verb: &str) -> usize {
        self.layouts
            .get(verb)
            .map(|m| m.values().map(|s| s.count).sum())
            .unwrap_or(0)
    }

    fn request_count(&self, verb: &str) -> usize {
        self.verbs
            .get(verb)
            .map(|m| m.values().map(|s| s.count).sum())
            .unwrap_or(0)
    }
}

fn fmt_seen(m: &BTreeMap<String, Seen>) -> Vec<String> {
    m.iter()
        .map(|(k, s)| {
            let k = if k.is_empty() { "(none)" } else { k };
            format!("{k}  x{}  (e.g. {})", s.count, s.example)
        })
        .collect()
}

/// Compares observed layouts with one expected layout.
fn layout_point(
    name: &'static str,
    level: &'static str,
    expected: &Reply,
    seen: &BTreeMap<String, Seen>,
    fix: &'static str,
    blocking: bool,
    essential: bool,
) -> Point {
    let want = layout_of(expected);
    let status = if seen.is_empty() {
        Status::NotSeen
    } else if seen.keys().all(|k| *k == want) {
        Status::Confirmed
    } else {
        Status::Contradicted
    };
    Point {
        name,
        level,
        expected: want,
        status,
        evidence: fmt_seen(seen),
        fix,
        blocking,
        essential,
    }
}

/// The server's own error texts per code, from [`ProtocolError::reply`].
pub fn server_error_texts() -> BTreeMap<u16, BTreeSet<String>> {
    let mut out: BTreeMap<u16, BTreeSet<String>> = BTreeMap::new();
    for e in [
        ProtocolError::BadKey(String::new()),
        ProtocolError::NoInit(String::new()),
        ProtocolError::BadPacket(String::new()),
        ProtocolError::LineTooLong,
        ProtocolError::UnknownCommand(String::new()),
        ProtocolError::Undecodable(String::new()),
        ProtocolError::ReplyEncoding(String::new()),
        ProtocolError::InitFailed(String::new()),
        ProtocolError::DuplicateId(String::new()),
        ProtocolError::NoTask(String::new()),
        ProtocolError::UpdateFailed(String::new()),
    ] {
        let r = e.reply();
        out.entry(r.code).or_default().insert(
            r.lines
                .iter()
                .map(|l| cp1251::to_utf8(l))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    out
}

/// Whether this server implements `verb` (anything but "unknown command").
pub fn implements(verb: &str) -> bool {
    let line = verb.as_bytes();
    let req = Request::parse(line);
    !matches!(Command::parse(&req), Err(ProtocolError::UnknownCommand(_)))
}

/// Every comparison, in protocol order.
pub fn compare(s: &Summary) -> Vec<Point> {
    let mut points = Vec::new();

    // INIT request (HIGH): the parameters the server reads.
    const INIT_PARAMS: [&str; 6] = ["ID", "DT", "TM", "HST", "ATP", "AVR"];
    {
        let seen = s.verbs.get("INIT").cloned().unwrap_or_default();
        let mut bad = Vec::new();
        for names in seen.keys() {
            let list: Vec<&str> = names.split(' ').filter(|n| !n.is_empty()).collect();
            if !list.contains(&"ID") || !list.contains(&"HST") {
                bad.push(format!("{names}: ID or HST missing"));
            }
            for n in &list {
                if !INIT_PARAMS.contains(n) {
                    bad.push(format!("{names}: {n} is not read by the server"));
                }
            }
        }
        let mut evidence = fmt_seen(&seen);
        evidence.extend(bad.iter().cloned());
        points.push(Point {
            name: "INIT request parameters",
            level: "HIGH",
            expected: INIT_PARAMS.join(" "),
            status: if seen.is_empty() {
                Status::NotSeen
            } else if bad.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/cmd/init.rs (parameter names)",
            blocking: true,
            essential: true,
        });
    }
    points.push(layout_point(
        "INIT reply",
        "VERIFIED",
        &Reply::lines(200, vec![b"KEY=30DF".to_vec(), b"LEN=5".to_vec()]),
        &s.init_ok_layouts,
        "src/cmd/init.rs (reply lines)",
        true,
        true,
    ));
    {
        let ok: usize = s.decoded_ok.values().sum();
        let failed: usize = s.decode_failures.values().map(|f| f.count).sum();
        let mut evidence = vec![format!("{ok} payloads decoded, {failed} failed")];
        evidence.extend(
            s.decode_failures
                .iter()
                .map(|(k, v)| format!("{k}: {} failed, e.g. {}", v.count, v.example)),
        );
        evidence.extend(s.decode_refused.iter().map(|(k, v)| {
            format!(
                "{k}: {} not decodable and refused by the original too (client error), e.g. {}",
                v.count, v.example
            )
        }));
        points.push(Point {
            name: "Session key and DATA payload crypto",
            level: "VERIFIED",
            expected: "every DATA= payload inflates with the key derived from INIT".into(),
            status: if ok + failed == 0 {
                Status::NotSeen
            } else if failed == 0 {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/crypto/ (session_key, payload); check the INIT records of the failing sessions",
            blocking: true,
            essential: true,
        });
    }
    {
        let known = |k: &str| {
            info_keys::ALL.iter().any(|a| a.eq_ignore_ascii_case(k))
                || cp1251::from_utf8(k) == info_keys::TEST_MARKER
        };
        let unknown: Vec<String> = s.info_keys.keys().filter(|k| !known(k)).cloned().collect();
        let never: Vec<&str> = info_keys::ALL
            .iter()
            .copied()
            .filter(|a| !s.info_keys.keys().any(|k| k.eq_ignore_ascii_case(a)))
            .collect();
        let has_id = s
            .info_keys
            .keys()
            .any(|k| k.eq_ignore_ascii_case(info_keys::OBJECT_ID));
        let mut evidence: Vec<String> = s
            .info_key_orders
            .iter()
            .map(|(k, v)| format!("keys in order: {k}  x{}  (e.g. {})", v.count, v.example))
            .collect();
        if !unknown.is_empty() {
            evidence.push(format!(
                "sent by the client but not read by the server: {}",
                unknown.join(", ")
            ));
        }
        if !never.is_empty() {
            evidence.push(format!(
                "read by the server but never sent: {}",
                never.join(", ")
            ));
        }
        points.push(Point {
            name: "INFO request keys",
            level: "ASSUMED",
            expected: format!("ТТ (marker, optional), {}", info_keys::ALL.join(", ")),
            status: if s.info_keys.is_empty() {
                Status::NotSeen
            } else if unknown.is_empty() && has_id {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/assumed.rs info_keys (map the observed names)",
            blocking: true,
            essential: true,
        });
    }
    {
        let mut p = layout_point(
            "INFO reply",
            "VERIFIED",
            &Reply::text(200, format!("{}=x", assumed::DATA_PARAM).into_bytes()),
            &s.info_ok_layouts,
            "src/cmd/info.rs (reply)",
            true,
            true,
        );
        let want = "ID,EX,EN,CD,CT";
        p.expected = format!("{} with plaintext keys {want}", p.expected);
        for (order, seen) in &s.info_reply_key_orders {
            p.evidence.push(format!(
                "plaintext keys: {order}  x{}  (e.g. {})",
                seen.count, seen.example
            ));
            if order != want {
                p.status = Status::Contradicted;
            }
        }
        points.push(p);
    }
    points.push(layout_point(
        "PING reply",
        "VERIFIED",
        &Reply::ok(),
        s.layouts.get("PING").unwrap_or(&BTreeMap::new()),
        "src/cmd/ping.rs",
        true,
        true,
    ));
    points.push(layout_point(
        "ERRL reply",
        "ASSUMED",
        &assumed::errl_reply(),
        s.layouts.get("ERRL").unwrap_or(&BTreeMap::new()),
        "src/assumed.rs errl_reply",
        false,
        false,
    ));
    points.push(layout_point(
        "GREQ reply, nothing pending",
        "ASSUMED",
        &assumed::greq_empty_reply(),
        &s.greq_empty_layouts,
        "src/assumed.rs greq_empty_reply",
        true,
        true,
    ));
    {
        let mut p = layout_point(
            "GREQ reply with a task",
            "ASSUMED",
            &assumed::greq_task_reply(assumed::FIRST_CMD, "x".into()),
            &s.greq_task_layouts,
            "src/assumed.rs greq_task_reply (and CMD_PARAM)",
            true,
            true,
        );
        p.expected = format!("{} (task JSON in DATA)", p.expected);
        if !s.tasks_not_json.is_empty() {
            p.status = Status::Contradicted;
            p.evidence.extend(
                s.tasks_not_json
                    .iter()
                    .take(5)
                    .map(|t| format!("task is not JSON: {t}")),
            );
        }
        points.push(p);
    }
    {
        let first_ok = s
            .first_cmds
            .keys()
            .all(|k| *k == assumed::FIRST_CMD.to_string());
        let mut evidence: Vec<String> = s
            .first_cmds
            .iter()
            .map(|(k, v)| {
                format!(
                    "first CMD of a session: {k}  x{}  (e.g. {})",
                    v.count, v.example
                )
            })
            .collect();
        evidence.extend(s.cmd_sequence_breaks.iter().take(5).cloned());
        points.push(Point {
            name: "Task counter CMD",
            level: "ASSUMED",
            expected: format!("starts at {} and grows by 1 per task", assumed::FIRST_CMD),
            status: if s.first_cmds.is_empty() {
                Status::NotSeen
            } else if first_ok && s.cmd_sequence_breaks.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/assumed.rs FIRST_CMD, src/relay.rs take_for_client",
            blocking: false,
            essential: false,
        });
    }
    {
        let want = format!("{} {}", assumed::CMD_PARAM, assumed::DATA_PARAM);
        let seen = s.verbs.get("SRSP").cloned().unwrap_or_default();
        let mut evidence = fmt_seen(&seen);
        evidence.push(format!(
            "accepted SRSPs whose CMD echoes the last GREQ's CMD: {} of {}",
            s.srsp_cmd_match,
            s.srsp_cmd_match + s.srsp_cmd_mismatch.len()
        ));
        evidence.extend(s.srsp_cmd_mismatch.iter().take(5).cloned());
        let names_ok = seen.keys().all(|k| {
            let mut a: Vec<&str> = k.split(' ').collect();
            let mut b: Vec<&str> = want.split(' ').collect();
            a.sort();
            b.sort();
            a == b
        });
        points.push(Point {
            name: "SRSP request",
            level: "ASSUMED",
            expected: format!(
                "SRSP {}=<n> {}=<enc(result JSON)>, n = the task's CMD",
                assumed::CMD_PARAM,
                assumed::DATA_PARAM
            ),
            status: if seen.is_empty() {
                Status::NotSeen
            } else if names_ok && s.srsp_cmd_mismatch.is_empty() && s.results_not_json.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence: {
                let mut e = evidence;
                e.extend(
                    s.results_not_json
                        .iter()
                        .take(5)
                        .map(|r| format!("result is not JSON: {r}")),
                );
                e
            },
            fix: "src/assumed.rs CMD_PARAM/DATA_PARAM, src/cmd/srsp.rs",
            blocking: true,
            essential: true,
        });
    }
    points.push(layout_point(
        "SRSP reply",
        "ASSUMED",
        &Reply::ok(),
        &s.srsp_ok_layouts,
        "src/cmd/srsp.rs (reply)",
        true,
        true,
    ));
    {
        let seen = s.verbs.get("VERS").cloned().unwrap_or_default();
        points.push(Point {
            name: "VERS request",
            level: "ASSUMED",
            expected: "parameters, if any, are logged and ignored".into(),
            status: if seen.is_empty() {
                Status::NotSeen
            } else {
                Status::Confirmed
            },
            evidence: fmt_seen(&seen)
                .into_iter()
                .map(|e| format!("parameters: {e}"))
                .collect(),
            fix: "src/cmd/vers.rs",
            blocking: false,
            essential: false,
        });
    }
    {
        let mut p = layout_point(
            "VERS reply",
            "ASSUMED",
            &Reply::text(200, format!("{}=x", assumed::DATA_PARAM).into_bytes()),
            &s.vers_ok_layouts,
            "src/assumed.rs vers_line / parse_vers_line, src/cmd/vers.rs",
            true,
            false,
        );
        p.expected = format!(
            "{} listing {}",
            p.expected,
            assumed::vers_line("NAME", 0, "YYYY-MM-DD HH:MM:SS", "MD5HEX").replace("=0;", "=SIZE;")
        );
        p.evidence.extend(
            s.vers_files
                .iter()
                .take(10)
                .map(|(k, v)| format!("file {k}: {v}")),
        );
        if !s.vers_bad_lines.is_empty() {
            p.status = Status::Contradicted;
            p.evidence.extend(
                s.vers_bad_lines
                    .iter()
                    .take(5)
                    .map(|b| format!("line not in that form: {b}")),
            );
        }
        points.push(p);
    }
    {
        let want = assumed::DWNL_FILE_PARAM.to_string();
        let seen = s.verbs.get("DWNL").cloned().unwrap_or_default();
        points.push(Point {
            name: "DWNL request",
            level: "ASSUMED",
            expected: format!("DWNL {}=<name>", assumed::DWNL_FILE_PARAM),
            status: if seen.is_empty() {
                Status::NotSeen
            } else if seen.keys().all(|k| *k == want) {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence: fmt_seen(&seen),
            fix: "src/assumed.rs DWNL_FILE_PARAM",
            blocking: true,
            essential: false,
        });
    }
    {
        let mut p = layout_point(
            "DWNL reply",
            "ASSUMED",
            &assumed::dwnl_reply(1, "x".into()),
            &s.dwnl_ok_layouts,
            "src/assumed.rs dwnl_reply",
            true,
            false,
        );
        p.expected = format!("{} with SIZE = decoded length", p.expected);
        p.evidence.extend(s.dwnl.iter().take(5).cloned());
        if !s.dwnl_size_mismatch.is_empty() {
            p.status = Status::Contradicted;
            p.evidence
                .extend(s.dwnl_size_mismatch.iter().take(5).cloned());
        }
        points.push(p);
    }
    {
        let ours = server_error_texts();
        let mut form_bad = Vec::new();
        let mut evidence = Vec::new();
        for (code, e) in &s.errors {
            evidence.push(format!(
                "{code} x{} after {} : {}  (e.g. {})",
                e.count,
                e.verbs.iter().cloned().collect::<Vec<_>>().join(","),
                e.layouts.iter().cloned().collect::<Vec<_>>().join("  |  "),
                e.example
            ));
            for l in &e.layouts {
                if l.contains(" / ") || !l.contains(' ') {
                    form_bad.push(format!("{code}: {l}"));
                }
            }
        }
        evidence.extend(
            form_bad
                .iter()
                .map(|f| format!("not one line with text: {f}")),
        );
        points.push(Point {
            name: "Error reply form",
            level: "ASSUMED",
            expected: layout_of(&assumed::error_reply(503, "<text>")).replace("503", "<code>"),
            status: if s.errors.is_empty() {
                Status::NotSeen
            } else if form_bad.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/assumed.rs error_reply",
            blocking: false,
            essential: false,
        });
        let mut diffs = Vec::new();
        let mut same = 0;
        for (code, e) in &s.errors {
            match ours.get(code) {
                None => diffs.push(format!(
                    "{code}: not a code this server sends ({})",
                    e.texts.iter().cloned().collect::<Vec<_>>().join(" / ")
                )),
                Some(texts) => {
                    for t in &e.texts {
                        if texts.contains(t) {
                            same += 1;
                        } else {
                            diffs.push(format!(
                                "{code}: original says {t:?}, this server says {}",
                                texts
                                    .iter()
                                    .map(|t| format!("{t:?}"))
                                    .collect::<Vec<_>>()
                                    .join(" or ")
                            ));
                        }
                    }
                }
            }
        }
        let mut evidence = vec![format!("{same} code/text pairs identical")];
        evidence.extend(diffs.iter().cloned());
        points.push(Point {
            name: "Error codes and texts",
            level: "HIGH codes, ASSUMED texts",
            expected: ours
                .iter()
                .map(|(c, t)| format!("{c} {}", t.iter().cloned().collect::<Vec<_>>().join("/")))
                .collect::<Vec<_>>()
                .join("; "),
            status: if s.errors.is_empty() {
                Status::NotSeen
            } else if diffs.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/cmd/error.rs (texts), src/assumed.rs error_reply",
            blocking: false,
            essential: false,
        });
    }
    {
        // A verb this server does not know is a gap only if the original accepted it (a 200
        // reply); one the original refuses as well is client noise.
        let mut missing = Vec::new();
        let mut refused = Vec::new();
        for (v, seen) in s.verbs.iter().filter(|(v, _)| !implements(v)) {
            let layouts = s.layouts.get(v);
            let line = format!(
                "{v:?} x{} (e.g. {}), answered {}",
                seen.values().map(|x| x.count).sum::<usize>(),
                seen.values()
                    .next()
                    .map(|x| x.example.as_str())
                    .unwrap_or(""),
                layouts
                    .map(|l| l.keys().cloned().collect::<Vec<_>>().join(" | "))
                    .unwrap_or_else(|| "nothing".into())
            );
            if layouts.is_some_and(|l| l.keys().any(|k| k.starts_with("200"))) {
                missing.push(format!("implemented by the original, not here: {line}"));
            } else {
                refused.push(format!("refused by the original too: {line}"));
            }
        }
        let mut evidence = vec![format!(
            "seen: {}",
            s.verbs.keys().cloned().collect::<Vec<_>>().join(" ")
        )];
        evidence.extend(missing.iter().cloned());
        evidence.extend(refused);
        points.push(Point {
            name: "Commands",
            level: "HIGH",
            expected: "INIT INFO PING ERRL GREQ SRSP VERS DWNL (anything else: 503)".into(),
            status: if s.verbs.is_empty() {
                Status::NotSeen
            } else if missing.is_empty() {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/cmd/mod.rs (add the command)",
            blocking: true,
            essential: true,
        });
    }
    {
        let malformed: usize = s
            .notes
            .iter()
            .filter(|(k, _)| k.starts_with("s2c: not an Indy reply"))
            .map(|(_, v)| v.count)
            .sum();
        let mut evidence = vec![format!(
            "{} replies without a request, {malformed} reply lines not in Indy form",
            s.unsolicited.len()
        )];
        evidence.extend(s.unsolicited.iter().take(5).cloned());
        evidence.extend(
            s.notes
                .iter()
                .filter(|(k, _)| k.starts_with("s2c: not an Indy reply"))
                .map(|(_, v)| v.example.clone()),
        );
        points.push(Point {
            name: "Framing and strict lock-step",
            level: "VERIFIED",
            expected: "one Indy reply (NNN / NNN text / NNN-…) per request, nothing unsolicited"
                .into(),
            status: if s.reply_count("PING") + s.reply_count("INIT") == 0 && s.layouts.is_empty() {
                Status::NotSeen
            } else if s.unsolicited.is_empty() && malformed == 0 {
                Status::Confirmed
            } else {
                Status::Contradicted
            },
            evidence,
            fix: "src/wire/ and src/session.rs",
            blocking: true,
            essential: true,
        });
    }
    points
}

/// The verdict and its one line.
pub fn verdict(points: &[Point]) -> (Verdict, String) {
    let blocking: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::Contradicted && p.blocking)
        .collect();
    let cosmetic: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::Contradicted && !p.blocking)
        .collect();
    let missing: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::NotSeen && p.essential)
        .collect();
    let unseen: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::NotSeen && !p.essential)
        .collect();
    let names = |v: &[&Point]| {
        v.iter()
            .map(|p| format!("{} ({})", p.name, p.fix))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let short = |v: &[&Point]| v.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
    if !blocking.is_empty() {
        let mut line = format!(
            "VERDICT: NOT SAFE TO SWITCH: fix first: {}",
            names(&blocking)
        );
        if !cosmetic.is_empty() {
            let _ = write!(line, "; also differs (cosmetic): {}", short(&cosmetic));
        }
        return (Verdict::NotSafe, line);
    }
    if !missing.is_empty() {
        let mut line = format!(
            "VERDICT: NOT PROVEN YET: nothing contradicts the server, but not seen: {}; keep recording (and run a report on the dreport site for a recorded shop so GREQ/SRSP pass through)",
            short(&missing)
        );
        if !cosmetic.is_empty() {
            let _ = write!(line, "; differs (cosmetic): {}", names(&cosmetic));
        }
        return (Verdict::NotProven, line);
    }
    let mut line = "VERDICT: SAFE TO SWITCH: every essential point confirmed".to_string();
    if !cosmetic.is_empty() {
        let _ = write!(
            line,
            "; differs but harmless, fix when convenient: {}",
            names(&cosmetic)
        );
    }
    if !unseen.is_empty() {
        let _ = write!(line, "; not seen (residual risk): {}", short(&unseen));
    }
    (Verdict::Safe, line)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// The whole report as text (summary, comparison, verdict last).
pub fn render(s: &Summary) -> (Verdict, String) {
    let mut o = String::new();
    let _ = writeln!(o, "CloudReportServer migration proxy report");
    let _ = writeln!(
        o,
        "recordings: {} files, {} sessions, {} records ({} unreadable lines), {} .. {}, {}",
        s.files,
        s.sessions,
        s.records,
        s.unreadable_lines,
        s.first_t.as_deref().unwrap_or("-"),
        s.last_t.as_deref().unwrap_or("-"),
        match (s.masked.contains(&true), s.masked.contains(&false)) {
            (true, false) => "masked",
            (false, true) => "UNMASKED",
            (true, true) => "partly unmasked",
            _ => "-",
        }
    );
    if !s.upstreams.is_empty() {
        let _ = writeln!(
            o,
            "upstream: {}",
            s.upstreams.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    for f in &s.unreadable_files {
        let _ = writeln!(o, "unreadable: {f}");
    }

    let _ = writeln!(o, "\n== Commands (client -> server): parameter names");
    for (verb, sets) in &s.verbs {
        for (names, seen) in sets {
            let _ = writeln!(
                o,
                "  {verb:<6} x{:<6} {}",
                seen.count,
                if names.is_empty() { "(none)" } else { names }
            );
        }
    }
    let _ = writeln!(o, "\n== Reply layouts per command (server -> client)");
    for (verb, layouts) in &s.layouts {
        let lat = s.latency_ms.get(verb).map(|v| v.as_slice()).unwrap_or(&[]);
        let _ = writeln!(
            o,
            "  {verb} (latency p50 {:.1} ms, max {:.1} ms)",
            percentile(lat, 0.5),
            percentile(lat, 1.0)
        );
        for (layout, seen) in layouts {
            let _ = writeln!(o, "    x{:<6} {layout}", seen.count);
        }
    }
    let _ = writeln!(o, "\n== INFO");
    let keys: Vec<String> = s
        .info_keys
        .iter()
        .map(|(k, v)| format!("{k} ({})", v.count))
        .collect();
    let _ = writeln!(o, "  request key names: {}", or_none(&keys.join(", ")));
    for (order, seen) in &s.info_key_orders {
        let _ = writeln!(o, "  request key order: {order}  x{}", seen.count);
    }
    for (order, seen) in &s.info_reply_key_orders {
        let _ = writeln!(o, "  reply key order:   {order}  x{}", seen.count);
    }
    let _ = writeln!(o, "\n== Tasks (GREQ -> SRSP)");
    let tasks: usize = s.greq_task_layouts.values().map(|v| v.count).sum();
    let empty: usize = s.greq_empty_layouts.values().map(|v| v.count).sum();
    let _ = writeln!(
        o,
        "  GREQ: {tasks} with a task, {empty} with nothing pending; SRSP: {}",
        s.request_count("SRSP")
    );
    let _ = writeln!(
        o,
        "  task keys: {}",
        or_none(
            &s.task_keys
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  task types: {}",
        or_none(
            &s.task_types
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  result codes: {}",
        or_none(
            &s.result_codes
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  result datasets: {}",
        or_none(
            &s.result_datasets
                .iter()
                .map(|(k, (n, rows))| format!("{k} ({n} results, {rows} rows)"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(o, "\n== Updates (VERS / DWNL)");
    for (name, what) in &s.vers_files {
        let _ = writeln!(o, "  listed: {name}: {what}");
    }
    for d in &s.dwnl {
        let _ = writeln!(o, "  downloaded: {d}");
    }
    if s.vers_files.is_empty() && s.dwnl.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    let _ = writeln!(o, "\n== Error replies");
    for (code, e) in &s.errors {
        let _ = writeln!(
            o,
            "  {code} x{} after {}: {}",
            e.count,
            e.verbs.iter().cloned().collect::<Vec<_>>().join(","),
            e.texts.iter().cloned().collect::<Vec<_>>().join(" / ")
        );
    }
    if s.errors.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    if !s.errl_texts.is_empty() {
        let _ = writeln!(o, "\n== ERRL texts");
        for (t, n) in s.errl_texts.iter().take(20) {
            let _ = writeln!(o, "  x{n} {t}");
        }
    }
    let _ = writeln!(o, "\n== Payloads decoded");
    for (what, n) in &s.decoded_ok {
        let _ = writeln!(o, "  {what}: {n}");
    }
    for (what, f) in &s.decode_failures {
        let _ = writeln!(o, "  {what}: {} FAILED, e.g. {}", f.count, f.example);
    }
    for (what, f) in &s.decode_refused {
        let _ = writeln!(
            o,
            "  {what}: {} undecodable, refused by the original too, e.g. {}",
            f.count, f.example
        );
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o, "\n== Parser notes (bytes were forwarded regardless)");
        for (kind, seen) in &s.notes {
            let _ = writeln!(o, "  x{} {kind}  (e.g. {})", seen.count, seen.example);
        }
    }
    let _ = writeln!(o, "\n== Connection ends (first side to close)");
    for (who, n) in &s.first_closer {
        let _ = writeln!(o, "  x{n} {who}");
    }
    if !s.server_closes.is_empty() {
        let idle: Vec<String> = s
            .server_closes
            .iter()
            .take(20)
            .map(|(secs, id, _)| {
                format!("{secs:.1} s{}", if *id { "" } else { " (not identified)" })
            })
            .collect();
        let _ = writeln!(
            o,
            "  server closes, time since the last exchange: {}",
            idle.join(", ")
        );
    }

    let points = compare(s);
    let _ = writeln!(
        o,
        "\n== Comparison with this server (src/assumed.rs and the command modules)"
    );
    for p in &points {
        let _ = writeln!(
            o,
            "[{}] {} ({}): expected {}",
            p.status.label(),
            p.name,
            p.level,
            p.expected
        );
        for e in p.evidence.iter().take(12) {
            let _ = writeln!(o, "      {e}");
        }
        if p.status == Status::Contradicted {
            let _ = writeln!(
                o,
                "      fix: {}{}",
                p.fix,
                if p.blocking { "" } else { " (not blocking)" }
            );
        }
    }
    let (v, line) = verdict(&points);
    let _ = writeln!(o, "\n{line}");
    (v, o)
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "(none)"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implemented_verbs() {
        for v in [
            "INIT", "INFO", "PING", "ERRL", "GREQ", "SRSP", "VERS", "DWNL",
        ] {
            assert!(implements(v), "{v}");
        }
        assert!(!implements("HELO"));
        assert!(!implements(""));
    }

    #[test]
    fn error_texts_come_from_the_server() {
        let t = server_error_texts();
        assert!(t[&503].contains("Unknown command"));
        assert_eq!(t[&502].len(), 2);
    }

    #[test]
    fn empty_summary_is_not_proven() {
        let (v, text) = render(&Summary::default());
        assert_eq!(v, Verdict::NotProven);
        assert!(text.contains("[NOT SEEN] GREQ reply with a task"), "{text}");
        assert!(text
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("VERDICT: NOT PROVEN"));
    }

    #[test]
    fn note_kinds_group_numbers() {
        assert_eq!(
            note_kind("line of 123 bytes exceeds the cap"),
            "line of N bytes exceeds the cap"
        );
    }
}
