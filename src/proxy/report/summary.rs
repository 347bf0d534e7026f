//! Reading the recordings back into one [`Summary`]: counts, layouts, key names, examples.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

use crate::assumed;
use crate::proxy::record::{self, event, Decoded, Dir, Record};

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
    /// Replies with lines that carry no code, or lines with different codes.
    pub odd_replies: Vec<String>,
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
pub(super) fn note_kind(text: &str) -> String {
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
        if let Some(t) = r.text.as_deref() {
            if t.contains("unsolicited") {
                self.unsolicited.push(example.clone());
            }
            if t.contains("without a code") || t.contains("different codes") {
                self.odd_replies.push(format!("{example}: {layout}: {t}"));
            }
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

    /// How many requests of `verb` were seen.
    pub fn request_count(&self, verb: &str) -> usize {
        self.verbs
            .get(verb)
            .map(|m| m.values().map(|s| s.count).sum())
            .unwrap_or(0)
    }
}
