//! Reading the recordings back into one [`Summary`] (defined beside the points whose evidence
//! it holds): the counts every point shares (verbs and
//! their parameter names, reply layouts, latencies, error replies, decoded payloads, notes,
//! connection ends), and each record handed to the evidence of the points it concerns
//! (`points/*.rs`).

use std::io;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

use super::points::{greq, srsp, Summary};
use crate::proxy::record::{self, event, Decoded, Dir, Flag, Record};

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
    greq: greq::SessionState,
    identified: bool,
    last_exchange: Option<String>,
    closed: bool,
    /// A request payload that did not decode, waiting for the original's verdict on it.
    failed_request: Option<(String, String)>,
    /// The CMD of an SRSP waiting for its reply.
    srsp_cmd: Option<srsp::Pending>,
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
            self.add_time(&r.t);
            match r.event.as_str() {
                event::OPEN => self.add_open(r),
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
                event::NOTE => self.add_note(file, r, &mut st),
                event::CLOSE if !st.closed => {
                    st.closed = true;
                    self.add_close(file, r, &st);
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

    fn add_time(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if self.first_t.as_deref().is_none_or(|f| t < f) {
            self.first_t = Some(t.to_string());
        }
        if self.last_t.as_deref().is_none_or(|l| t > l) {
            self.last_t = Some(t.to_string());
        }
    }

    fn add_open(&mut self, r: &Record) {
        if let Some(info) = &r.info {
            if let Some(u) = info.get("upstream").and_then(Value::as_str) {
                self.upstreams.insert(u.to_string());
            }
            if let Some(m) = info.get("masked").and_then(Value::as_bool) {
                self.masked.insert(m);
            }
        }
    }

    fn add_note(&mut self, file: &str, r: &Record, st: &mut SessionState) {
        let text = r.text.clone().unwrap_or_default();
        let dir = r.dir.map(Dir::as_str).unwrap_or("?");
        let example = format!("{file} #{}: {text}", r.seq);
        self.notes
            .entry(format!("{dir}: {}", note_kind(&text)))
            .or_default()
            .add(&example);
        if r.flags.contains(&Flag::MalformedReplyLine) {
            // A malformed reply still consumed the pending request.
            st.greq.last_cmd = None;
            self.framing.malformed.add(&example);
        }
    }

    fn add_close(&mut self, file: &str, r: &Record, st: &SessionState) {
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
        match verb.as_str() {
            "ERRL" => {
                let text = r.text.clone().unwrap_or_default();
                let text: String = text.chars().take(120).collect();
                *self.errl_texts.entry(text).or_default() += 1;
            }
            // Judged when the reply shows whether the original accepted it.
            "SRSP" => st.srsp_cmd = Some(srsp::Pending::of(r, example.clone())),
            _ => {}
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
            self.greq
                .empty_layouts
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
        if let Some(pending) = st.srsp_cmd.take() {
            self.srsp.on_reply(pending, code, st.greq.last_cmd);
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
        self.framing.on_reply(r, &example, &layout);
        if code != 200 {
            self.add_error(r, code, &verb, &layout, &example);
        } else {
            match verb.as_str() {
                "INIT" => self.init.on_accepted(&layout, &example),
                "INFO" => {
                    st.identified = true;
                    self.info.on_accepted(&layout, &example);
                }
                "GREQ" => self.greq.on_accepted(r, &layout, &example, &mut st.greq),
                "SRSP" => self.srsp.on_accepted(&layout, &example),
                "VERS" => self.vers.on_accepted(&layout, &example),
                "DWNL" => self.dwnl.on_accepted(r, &layout, &example),
                _ => {}
            }
        }
        if let Some(d) = &r.decoded {
            self.add_decoded(&verb, Dir::S2c, d, &example);
        }
    }

    fn add_error(&mut self, r: &Record, code: u16, verb: &str, layout: &str, example: &str) {
        let e = self.errors.entry(code).or_default();
        e.count += 1;
        e.verbs.insert(verb.to_string());
        e.layouts.insert(layout.to_string());
        if let Some(lines) = &r.lines {
            e.texts.insert(lines.join(" | "));
        }
        if e.example.is_empty() {
            e.example = example.to_string();
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
        match (verb, dir) {
            ("INFO", Dir::C2s) => self.info.on_request_payload(d, example),
            ("INFO", Dir::S2c) => self.info.on_reply_payload(d, example),
            ("GREQ", Dir::S2c) => self.greq.on_task(d, example),
            ("SRSP", Dir::C2s) => self.srsp.on_result(d, example),
            ("VERS", Dir::S2c) => self.vers.on_listing(d, example),
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
