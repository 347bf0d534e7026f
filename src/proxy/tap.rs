//! The recording tap: follows one session's two byte streams with the project's own parsers
//! and writes what it understood as [`Record`]s.
//!
//! The pumps hand every chunk to the tap (over a channel, on its own thread) after reading it
//! and before forwarding it, so the tap sees a request before the reply it causes. Nothing
//! here can stall the forwarding: the tap only ever consumes. Lines are assembled up to a cap;
//! a longer line is counted and noted, never buffered whole.

use std::collections::VecDeque;

use chrono::{DateTime, Local};
use serde_json::{json, Value};

use super::decode::{decode, elide_value, shown, MAX_SHOWN};
use super::layout_of;
pub use super::lines::{LineSplitter, Piece};
use super::record::{event, timestamp, Dir, Flag, Record, Sink};
use crate::assumed;
use crate::crypto::{session_key, PayloadKey};
use crate::wire::{Reply, Request};

/// What the pumps tell the tap.
#[derive(Debug)]
pub enum TapEvent {
    /// Bytes read from one side (and about to be written to the other).
    Chunk {
        dir: Dir,
        at: DateTime<Local>,
        bytes: Vec<u8>,
    },
    /// Bytes that were forwarded but not shown to the tap (its queue was full).
    Gap { dir: Dir, bytes: u64 },
    /// The read side of `dir` ended.
    Closed {
        dir: Dir,
        at: DateTime<Local>,
        cause: String,
    },
    /// A remark from the proxy (upstream unreachable, write failure, ...).
    Note { at: DateTime<Local>, text: String },
}

struct Pending {
    verb: String,
    at: DateTime<Local>,
    /// INIT's dictionary index and host (cp1251), to derive the key from its reply.
    init: Option<(Option<usize>, Vec<u8>)>,
    /// A poll (PING, GREQ without parameters) held back until its reply shows whether it is
    /// one more of a run of identical polls.
    deferred: Option<Record>,
}

/// A run of identical polls answered by a bare `200`, written as one `repeat` record.
struct Repeat {
    verb: String,
    layout: String,
    count: u64,
    first: DateTime<Local>,
    last: DateTime<Local>,
    latency_ms: f64,
    request_bytes: u64,
    reply_bytes: u64,
}

/// A run of polls is written out at least this often, so a recording shows progress.
const REPEAT_FLUSH_SECS: i64 = 600;

/// Verbs whose bare-`200` exchanges are collapsed into `repeat` records.
const POLL_VERBS: [&str; 2] = ["PING", "GREQ"];

struct ReplyAcc {
    code: u16,
    lines: Vec<Vec<u8>>,
    bytes: usize,
    mixed_codes: bool,
    /// Lines inside a multi-line reply that carry no code (RFC 959 allows them).
    bare_lines: usize,
}

/// The per-session parser and recorder.
pub struct Tap {
    sink: Sink,
    sink_failed: bool,
    seq: u64,
    unmask: bool,
    c2s: LineSplitter,
    s2c: LineSplitter,
    key: Option<PayloadKey>,
    pending: VecDeque<Pending>,
    reply: Option<ReplyAcc>,
    totals: [u64; 2],
    gaps: [u64; 2],
    /// The parser panicked: keep counting bytes, parse nothing more.
    disabled: bool,
    /// Collapse runs of empty polls (`--all-polls` turns this off).
    collapse: bool,
    repeats: Vec<Repeat>,
}

impl Tap {
    /// Writes the `open` record at once.
    pub fn new(sink: Sink, unmask: bool, max_line: usize, open_info: Value) -> Tap {
        let mut t = Tap {
            sink,
            sink_failed: false,
            seq: 0,
            unmask,
            c2s: LineSplitter::new(max_line),
            s2c: LineSplitter::new(max_line),
            key: None,
            pending: VecDeque::new(),
            reply: None,
            totals: [0; 2],
            gaps: [0; 2],
            disabled: false,
            collapse: true,
            repeats: Vec::new(),
        };
        let mut info = open_info;
        if let Value::Object(m) = &mut info {
            m.insert("format".into(), json!(super::record::FORMAT_VERSION));
            m.insert("masked".into(), json!(!unmask));
            m.insert("proxy_version".into(), json!(env!("CARGO_PKG_VERSION")));
        }
        t.emit(Record {
            dir: Some(Dir::Meta),
            event: event::OPEN.into(),
            info: Some(info),
            ..t.base(Local::now())
        });
        t
    }

    /// Writes every exchange on its own, polls included (default: runs of empty polls are
    /// collapsed into `repeat` records).
    pub fn record_every_poll(&mut self) {
        self.collapse = false;
    }

    fn base(&self, at: DateTime<Local>) -> Record {
        Record {
            t: timestamp(at),
            ..Default::default()
        }
    }

    fn emit(&mut self, mut r: Record) {
        if r.event != event::REPEAT && !self.repeats.is_empty() {
            self.flush_repeats(None);
        }
        self.seq += 1;
        r.seq = self.seq;
        if let Err(e) = self.sink.write(&r) {
            if !self.sink_failed {
                self.sink_failed = true;
                log::error!(
                    "proxy: cannot write the recording {:?}: {e}; forwarding continues",
                    self.sink.path()
                );
            }
        }
    }

    /// Writes the runs of polls (all of them, or only those of `verb`).
    fn flush_repeats(&mut self, verb: Option<&str>) {
        let (out, keep): (Vec<Repeat>, Vec<Repeat>) = std::mem::take(&mut self.repeats)
            .into_iter()
            .partition(|r| verb.is_none_or(|v| v == r.verb));
        self.repeats = keep;
        for rep in out {
            let mut r = self.base(rep.last);
            r.dir = Some(Dir::C2s);
            r.event = event::REPEAT.into();
            r.verb = Some(rep.verb);
            r.code = Some(200);
            r.layout = Some(rep.layout);
            r.latency_ms = Some(rep.latency_ms / rep.count.max(1) as f64);
            r.info = Some(json!({
                "count": rep.count,
                "first": timestamp(rep.first),
                "request_bytes": rep.request_bytes,
                "reply_bytes": rep.reply_bytes,
            }));
            self.emit(r);
        }
    }

    /// The oldest pending request, its held-back record written out (its reply is not a
    /// plain poll answer).
    fn pop_pending_released(&mut self) -> Option<Pending> {
        let mut p = self.pending.pop_front()?;
        if let Some(r) = p.deferred.take() {
            self.emit(r);
        }
        Some(p)
    }

    /// Emits the records of polls held back while waiting for their replies.
    fn release_deferred(&mut self) {
        let held: Vec<Record> = self
            .pending
            .iter_mut()
            .filter_map(|p| p.deferred.take())
            .collect();
        for r in held {
            self.emit(r);
        }
    }

    fn note(&mut self, at: DateTime<Local>, dir: Dir, text: String) {
        self.release_deferred();
        let mut r = self.base(at);
        r.dir = Some(dir);
        r.event = event::NOTE.into();
        r.text = Some(text);
        self.emit(r);
    }

    /// Handles one event. A panic inside the parser is caught here: it is noted and parsing
    /// stops for this session, while the pumps keep forwarding.
    pub fn handle(&mut self, ev: TapEvent) {
        if let TapEvent::Chunk { dir, bytes, .. } = &ev {
            self.totals[idx(*dir)] += bytes.len() as u64;
        }
        if self.disabled {
            if let TapEvent::Closed { dir, at, cause } = ev {
                self.closed(dir, at, cause);
            }
            return;
        }
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle_inner(ev)));
        if let Err(p) = result {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            self.disabled = true;
            self.note(
                Local::now(),
                Dir::Meta,
                format!(
                    "parser failed ({what}): no more parsing in this session; forwarding continues"
                ),
            );
        }
    }

    fn handle_inner(&mut self, ev: TapEvent) {
        match ev {
            TapEvent::Chunk { dir, at, bytes } => {
                let pieces = match dir {
                    Dir::C2s => self.c2s.push(&bytes),
                    Dir::S2c => self.s2c.push(&bytes),
                    Dir::Meta => Vec::new(),
                };
                for p in pieces {
                    match (dir, p) {
                        (Dir::C2s, Piece::Line(l, raw)) => self.request(at, &l, raw),
                        (Dir::S2c, Piece::Line(l, raw)) => self.reply_line(at, &l, raw),
                        (_, Piece::TooLong(n)) => {
                            self.note(
                                at,
                                dir,
                                format!("line of {n} bytes exceeds the parser's cap: forwarded, not parsed"),
                            );
                            if dir == Dir::C2s {
                                self.pending.push_back(Pending {
                                    verb: "?".into(),
                                    at,
                                    init: None,
                                    deferred: None,
                                });
                            } else {
                                self.reply = None;
                                self.pop_pending_released();
                            }
                        }
                        (Dir::Meta, _) => {}
                    }
                }
            }
            TapEvent::Gap { dir, bytes } => {
                self.gaps[idx(dir)] += bytes;
                match dir {
                    Dir::C2s => self.c2s.gap(),
                    Dir::S2c => {
                        self.s2c.gap();
                        self.reply = None;
                    }
                    Dir::Meta => {}
                }
                self.note(
                    Local::now(),
                    dir,
                    format!("{bytes} bytes forwarded without parsing (the parser fell behind)"),
                );
            }
            TapEvent::Closed { dir, at, cause } => self.closed(dir, at, cause),
            TapEvent::Note { at, text } => self.note(at, Dir::Meta, text),
        }
    }

    fn closed(&mut self, dir: Dir, at: DateTime<Local>, cause: String) {
        self.release_deferred();
        let partial = match dir {
            Dir::C2s => self.c2s.pending(),
            Dir::S2c => self.s2c.pending(),
            Dir::Meta => 0,
        };
        let mut r = self.base(at);
        r.dir = Some(dir);
        r.event = event::CLOSE.into();
        r.text = Some(cause);
        r.info = Some(json!({
            "bytes": self.totals[idx(dir)],
            "partial_line_bytes": partial,
        }));
        self.emit(r);
    }

    /// Writes the `end` record (byte totals, requests left unanswered).
    pub fn finish(mut self) {
        self.release_deferred();
        let unanswered: Vec<String> = self.pending.iter().map(|p| p.verb.clone()).collect();
        let mut r = self.base(Local::now());
        r.dir = Some(Dir::Meta);
        r.event = event::END.into();
        r.info = Some(json!({
            "c2s_bytes": self.totals[0],
            "s2c_bytes": self.totals[1],
            "c2s_unparsed_bytes": self.gaps[0],
            "s2c_unparsed_bytes": self.gaps[1],
            "unanswered": unanswered,
            "parser_disabled": self.disabled,
        }));
        self.emit(r);
    }

    fn request(&mut self, at: DateTime<Local>, line: &[u8], raw: usize) {
        let req = Request::parse(line);
        let verb = req.verb.clone();
        let mut r = self.base(at);
        r.dir = Some(Dir::C2s);
        r.event = event::REQUEST.into();
        r.verb = Some(shown(verb.as_bytes(), 32));
        r.bytes = Some(raw as u64);
        let mut init = None;
        if verb == "ERRL" {
            r.text = Some(shown(req.rest, MAX_SHOWN));
        } else {
            r.params = Some(
                req.params()
                    .map(|(k, v)| (shown(k, 64), elide_value(k, v)))
                    .collect(),
            );
            if verb == "INIT" {
                let dict = req
                    .param("ID")
                    .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse().ok());
                init = Some((dict, req.param("HST").unwrap_or_default().to_vec()));
            }
            if let Some(data) = req.param(assumed::DATA_PARAM) {
                r.decoded = Some(decode(
                    self.key.as_ref(),
                    self.unmask,
                    &verb,
                    Dir::C2s,
                    data,
                ));
            }
        }
        if verb.len() != 4 || !verb.bytes().all(|b| b.is_ascii_alphabetic()) {
            r.text = Some(format!(
                "not a protocol verb: {:?}",
                shown(&line[..line.len().min(64)], 64)
            ));
        }
        let poll = self.collapse
            && r.text.is_none()
            && r.params.as_ref().is_some_and(|p| p.is_empty())
            && POLL_VERBS.contains(&verb.as_str())
            && self.pending.iter().all(|p| p.deferred.is_none());
        let deferred = if poll {
            Some(r)
        } else {
            self.release_deferred();
            self.emit(r);
            None
        };
        self.pending.push_back(Pending {
            verb,
            at,
            init,
            deferred,
        });
    }

    fn reply_line(&mut self, at: DateTime<Local>, line: &[u8], raw: usize) {
        let Some((code, sep, text)) = crate::wire::split_reply_line(line) else {
            if let Some(acc) = self.reply.as_mut() {
                // Inside a multi-line reply: an RFC 959 continuation line without a code.
                acc.lines.push(line.to_vec());
                acc.bytes += raw;
                acc.bare_lines += 1;
                return;
            }
            let verb = self.pop_pending_released().map(|p| p.verb);
            let mut r = self.base(at);
            r.dir = Some(Dir::S2c);
            r.event = event::NOTE.into();
            r.verb = verb;
            r.bytes = Some(raw as u64);
            r.flags = vec![Flag::MalformedReplyLine];
            r.text = Some(format!(
                "not an Indy reply line (expected NNN, NNN text or NNN-text): {:?}",
                shown(&line[..line.len().min(80)], 80)
            ));
            self.emit(r);
            return;
        };
        let acc = self.reply.get_or_insert(ReplyAcc {
            code,
            lines: Vec::new(),
            bytes: 0,
            mixed_codes: false,
            bare_lines: 0,
        });
        if acc.code != code {
            acc.mixed_codes = true;
            acc.code = code;
        }
        acc.bytes += raw;
        if sep.is_some() {
            acc.lines.push(text.to_vec());
        }
        if sep == Some(b'-') {
            return;
        }
        if let Some(acc) = self.reply.take() {
            self.complete_reply(at, acc);
        }
    }

    fn complete_reply(&mut self, at: DateTime<Local>, acc: ReplyAcc) {
        let reply = Reply::lines(acc.code, acc.lines);
        let mut pending = self.pending.pop_front();
        if let Some(p) = pending.as_mut() {
            if let Some(req) = p.deferred.take() {
                if reply.code == 200
                    && reply.lines.is_empty()
                    && !acc.mixed_codes
                    && acc.bare_lines == 0
                {
                    self.add_repeat(p, &req, at, acc.bytes);
                    return;
                }
                self.emit(req);
            }
        }
        let verb = pending.as_ref().map(|p| p.verb.clone());
        let mut r = self.base(at);
        r.dir = Some(Dir::S2c);
        r.event = event::REPLY.into();
        r.verb = verb.clone();
        r.code = Some(reply.code);
        r.bytes = Some(acc.bytes as u64);
        r.layout = Some(layout_of(&reply));
        r.lines = Some(
            reply
                .lines
                .iter()
                .map(|l| match l.iter().position(|&b| b == b'=') {
                    Some(eq) => format!(
                        "{}={}",
                        shown(&l[..eq], 64),
                        elide_value(&l[..eq], &l[eq + 1..])
                    ),
                    None => shown(l, MAX_SHOWN),
                })
                .collect(),
        );
        if let Some(p) = &pending {
            r.latency_ms = Some((at - p.at).num_microseconds().unwrap_or(0) as f64 / 1000.0);
        }
        let mut notes = Vec::new();
        if acc.mixed_codes {
            r.flags.push(Flag::MixedCodes);
            notes.push("the lines of this reply carry different codes".to_string());
        }
        if acc.bare_lines > 0 {
            r.flags.push(Flag::CodelessLines);
            notes.push(format!(
                "{} continuation lines without a code (RFC 959 style)",
                acc.bare_lines
            ));
        }
        if pending.is_none() {
            r.flags.push(Flag::Unsolicited);
            notes.push("reply without a request (unsolicited)".to_string());
        }
        if !notes.is_empty() {
            r.text = Some(notes.join("; "));
        }
        let verb = verb.unwrap_or_default();
        if let Some(data) = reply.value(assumed::DATA_PARAM) {
            r.decoded = Some(decode(
                self.key.as_ref(),
                self.unmask,
                &verb,
                Dir::S2c,
                data,
            ));
        }
        let init = pending.and_then(|p| p.init);
        self.emit(r);
        if verb == "INIT" {
            self.follow_init(at, &reply, init);
        }
    }

    fn add_repeat(&mut self, p: &Pending, req: &Record, at: DateTime<Local>, reply_bytes: usize) {
        let latency = (at - p.at).num_microseconds().unwrap_or(0) as f64 / 1000.0;
        let layout = "200".to_string();
        match self
            .repeats
            .iter_mut()
            .find(|r| r.verb == p.verb && r.layout == layout)
        {
            Some(r) => {
                r.count += 1;
                r.last = at;
                r.latency_ms += latency;
                r.request_bytes += req.bytes.unwrap_or(0);
                r.reply_bytes += reply_bytes as u64;
            }
            None => self.repeats.push(Repeat {
                verb: p.verb.clone(),
                layout,
                count: 1,
                first: p.at,
                last: at,
                latency_ms: latency,
                request_bytes: req.bytes.unwrap_or(0),
                reply_bytes: reply_bytes as u64,
            }),
        }
        let due = self
            .repeats
            .iter()
            .any(|r| (at - r.first).num_seconds() >= REPEAT_FLUSH_SECS);
        if due {
            self.flush_repeats(None);
        }
    }

    fn follow_init(
        &mut self,
        at: DateTime<Local>,
        reply: &Reply,
        init: Option<(Option<usize>, Vec<u8>)>,
    ) {
        if reply.code != 200 {
            self.key = None;
            return;
        }
        let (dict, host) = init.unwrap_or((None, Vec::new()));
        let key = reply.value("KEY");
        let len = reply
            .value("LEN")
            .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<usize>().ok());
        let derived = match (key, len, dict) {
            (Some(k), Some(l), Some(d)) => session_key(k, l, d, &host),
            _ => None,
        };
        match derived {
            Some(sk) => {
                self.key = Some(PayloadKey::new(&sk));
                let mut r = self.base(at);
                r.dir = Some(Dir::Meta);
                r.event = event::SESSION_KEY.into();
                r.info = Some(json!({"dict_id": dict, "len": len, "key_chars": sk.len()}));
                self.emit(r);
            }
            None => {
                self.key = None;
                self.note(
                    at,
                    Dir::Meta,
                    format!(
                        "no session key: INIT ID={dict:?} and reply KEY={} LEN={len:?} do not give one; DATA payloads of this session cannot be decoded",
                        key.map(|k| shown(k, 16)).unwrap_or_else(|| "missing".into())
                    ),
                );
            }
        }
    }
}

fn idx(dir: Dir) -> usize {
    match dir {
        Dir::C2s | Dir::Meta => 0,
        Dir::S2c => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::record::Decoded;

    fn chunk(dir: Dir, bytes: &[u8]) -> TapEvent {
        TapEvent::Chunk {
            dir,
            at: Local::now(),
            bytes: bytes.to_vec(),
        }
    }

    /// The real INIT/INFO exchange captured from the original server (crypto.json): the tap
    /// derives the key from INIT and decodes the captured INFO reply.
    #[test]
    fn decodes_the_real_capture() {
        let dir = tempfile::tempdir().unwrap();
        let peer: std::net::SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let sink = Sink::create(dir.path(), 1, &peer).unwrap();
        let path = sink.path().unwrap().to_path_buf();
        let mut tap = Tap::new(sink, false, 1024, json!({}));
        let init = b"INIT ID=6 DT=250414 TM=120811 HST=NEWLPT-NDANAIL- ATP=EBOCloudReportSvc.exe AVR=1.0.0.5\r\n";
        // Split mid-line on purpose, like TCP may.
        tap.handle(chunk(Dir::C2s, &init[..20]));
        tap.handle(chunk(Dir::C2s, &init[20..]));
        tap.handle(chunk(Dir::S2c, b"200-KEY=30DF\r\n200 LE"));
        tap.handle(chunk(Dir::S2c, b"N=5\r\n"));
        tap.handle(chunk(Dir::C2s, b"INFO DATA=AAAA\r\n"));
        tap.handle(chunk(
            Dir::S2c,
            b"200 DATA=lPPuPlNlAjpgvBy6p35Syag92tQKXrP6M4SJY/CTsTvUonEg7e9wBb2rtXqL3W7oFjzq+T5N\r\n",
        ));
        tap.finish();
        let (recs, bad) = super::super::record::read_file(&path).unwrap();
        assert_eq!(bad, 0);
        let events: Vec<&str> = recs.iter().map(|r| r.event.as_str()).collect();
        assert_eq!(
            events,
            [
                "open",
                "request",
                "reply",
                "session_key",
                "request",
                "reply",
                "end"
            ]
        );
        assert_eq!(recs[2].layout.as_deref(), Some("200-KEY=… / 200 LEN=…"));
        assert_eq!(recs[3].info.as_ref().unwrap()["key_chars"], 12);
        assert!(matches!(recs[4].decoded, Some(Decoded::Failed { .. })));
        match &recs[5].decoded {
            Some(Decoded::Tstrings { pairs, .. }) => {
                let want: Vec<(String, String)> = [
                    ("ID", "33987183"),
                    ("EX", "250713"),
                    ("EN", "-1"),
                    ("CD", "250414"),
                    ("CT", "120811"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
                assert_eq!(*pairs, want);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(recs[5].verb.as_deref(), Some("INFO"));
    }

    #[test]
    fn replies_pair_with_requests_in_order_whatever_their_form() {
        let dir = tempfile::tempdir().unwrap();
        let peer: std::net::SocketAddr = "127.0.0.1:5002".parse().unwrap();
        let sink = Sink::create(dir.path(), 3, &peer).unwrap();
        let path = sink.path().unwrap().to_path_buf();
        let mut tap = Tap::new(sink, false, 1024, json!({}));
        tap.record_every_poll();
        // Pipelined requests; replies: one with a code-less continuation line, one garbage
        // line, one bare code.
        tap.handle(chunk(Dir::C2s, b"VERS\r\nFOO x=1\r\nPING\r\n"));
        tap.handle(chunk(Dir::S2c, b"200-A=1\r\n  more text\r\n200 B=2\r\n"));
        tap.handle(chunk(Dir::S2c, b"garbage\r\n200\r\n"));
        tap.finish();
        let (recs, _) = super::super::record::read_file(&path).unwrap();
        let replies: Vec<&Record> = recs.iter().filter(|r| r.event == "reply").collect();
        assert_eq!(replies.len(), 2);
        assert_eq!(replies[0].verb.as_deref(), Some("VERS"));
        assert_eq!(
            replies[0].layout.as_deref(),
            Some("200-A=… / 200-  more text / 200 B=…")
        );
        assert!(replies[0]
            .text
            .as_deref()
            .unwrap()
            .contains("1 continuation lines without a code"));
        let note = recs.iter().find(|r| r.event == "note").unwrap();
        assert_eq!(note.verb.as_deref(), Some("FOO"));
        assert_eq!(replies[1].verb.as_deref(), Some("PING"));
        assert_eq!(replies[1].layout.as_deref(), Some("200"));
        assert!(replies[0].latency_ms.is_some());
    }

    #[test]
    fn runs_of_empty_polls_become_repeat_records() {
        let dir = tempfile::tempdir().unwrap();
        let peer: std::net::SocketAddr = "127.0.0.1:5001".parse().unwrap();
        let sink = Sink::create(dir.path(), 2, &peer).unwrap();
        let path = sink.path().unwrap().to_path_buf();
        let mut tap = Tap::new(sink, false, 1024, json!({}));
        for i in 0..500 {
            let verb: &[u8] = if i % 50 == 0 {
                b"PING\r\n"
            } else {
                b"GREQ\r\n"
            };
            tap.handle(chunk(Dir::C2s, verb));
            tap.handle(chunk(Dir::S2c, b"200\r\n"));
        }
        // A poll with a real answer ends the runs.
        tap.handle(chunk(Dir::C2s, b"GREQ\r\n"));
        tap.handle(chunk(Dir::S2c, b"200-CMD=1\r\n200 DATA=QQ==\r\n"));
        tap.handle(chunk(Dir::C2s, b"PING\r\n"));
        tap.finish();
        let (recs, _) = super::super::record::read_file(&path).unwrap();
        let shape: Vec<(String, Option<String>)> = recs
            .iter()
            .map(|r| (r.event.clone(), r.verb.clone()))
            .collect();
        let s = |e: &str, v: Option<&str>| (e.to_string(), v.map(str::to_string));
        assert_eq!(
            shape,
            [
                s("open", None),
                s("repeat", Some("PING")),
                s("repeat", Some("GREQ")),
                s("request", Some("GREQ")),
                s("reply", Some("GREQ")),
                s("request", Some("PING")),
                s("end", None),
            ]
        );
        assert_eq!(recs[1].info.as_ref().unwrap()["count"], 10);
        assert_eq!(recs[2].info.as_ref().unwrap()["count"], 490);
        assert_eq!(recs[2].info.as_ref().unwrap()["reply_bytes"], 490 * 5);
        assert_eq!(
            recs[6].info.as_ref().unwrap()["unanswered"],
            json!(["PING"])
        );
    }
}
