//! The migration proxy: its stream splitter and its tap (the recording of both directions).

use std::path::Path;

use serde_json::Value;

use super::{chunk_sizes, Input};

/// [`crate::proxy::lines::LineSplitter`]: the pieces do not depend on how the stream is cut;
/// every byte is accounted for (lines' raw lengths + over-long lines + the pending partial);
/// lines carry no `\n` and respect the cap.
pub fn proxy_lines(data: &[u8]) {
    use crate::proxy::lines::{LineSplitter, Piece};
    let mut input = Input::new(data);
    let max = 1 + input.byte() as usize % 64;
    let sizes = chunk_sizes(&mut input);
    let stream = input.rest();

    let mut whole = LineSplitter::new(max);
    let expected = whole.push(stream);
    let mut cut = LineSplitter::new(max);
    let mut got = Vec::new();
    let mut rest = stream;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        got.extend(cut.push(&rest[..n]));
        rest = &rest[n..];
        i += 1;
    }
    assert_eq!(got, expected, "max {max}, chunks {sizes:?}");
    assert_eq!(cut.pending(), whole.pending());
    let mut accounted = cut.pending();
    for p in &got {
        match p {
            Piece::Line(l, raw) => {
                assert!(!l.contains(&b'\n'));
                assert!(*raw <= max + 2 && l.len() < *raw);
                accounted += *raw as u64;
            }
            Piece::TooLong(n) => {
                assert!(*n > (max + 2) as u64);
                accounted += n;
            }
        }
    }
    assert_eq!(accounted, stream.len() as u64);
}

/// Encodes `(direction, bytes)` chunks as input of [`proxy_tap`] (for seed corpora).
pub fn tap_script(chunks: &[(bool, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (to_server, bytes) in chunks {
        for piece in bytes.chunks(256) {
            out.push(if *to_server { 0 } else { 1 });
            out.push((piece.len() - 1) as u8);
            out.extend_from_slice(piece);
        }
    }
    out
}

/// The recording tap fed a scripted session (`[op, len-1, bytes...]`: op 0 client bytes,
/// 1 server bytes, 2 a gap, 3 a close): its parser never fails (a panic would disable it for
/// the session and note it), every record it writes reads back, and `end` comes last with the
/// byte totals. `dir` is a scratch folder for the recording (deleted again).
pub fn proxy_tap(data: &[u8], dir: &Path) {
    use crate::proxy::record::{event, read_file, Dir, Sink};
    use crate::proxy::tap::{Tap, TapEvent};
    let peer: std::net::SocketAddr = ([127, 0, 0, 1], 5000).into();
    let sink = Sink::create(dir, 1, &peer).expect("scratch recording");
    let path = sink.path().expect("file sink").to_path_buf();
    let mut tap = Tap::new(sink, false, 512, serde_json::json!({}));
    if data.first().is_some_and(|b| b & 0x80 != 0) {
        tap.record_every_poll();
    }
    let mut input = Input::new(data.get(1..).unwrap_or_default());
    let mut totals = [0u64; 2];
    let at = chrono::Local::now();
    while !input.data.is_empty() {
        let op = input.byte();
        let len = input.byte() as usize + 1;
        let side = if op & 4 == 0 { Dir::C2s } else { Dir::S2c };
        match op & 3 {
            0 | 1 => {
                let dir = if op & 3 == 0 { Dir::C2s } else { Dir::S2c };
                let bytes = input.take(len).to_vec();
                totals[usize::from(dir == Dir::S2c)] += bytes.len() as u64;
                tap.handle(TapEvent::Chunk { dir, at, bytes });
            }
            2 => tap.handle(TapEvent::Gap {
                dir: side,
                bytes: len as u64,
            }),
            _ => tap.handle(TapEvent::Closed {
                dir: side,
                at,
                cause: "fuzz".into(),
            }),
        }
    }
    tap.finish();
    let (records, bad) = read_file(&path).expect("recording readable");
    let _ = std::fs::remove_file(&path);
    assert_eq!(bad, 0, "unreadable records");
    // The tap's own notes, not a client's text: an ERRL line may say "parser failed…" too
    // (the fuzzer wrote one, and this check took it for the tap's panic note).
    for r in records.iter().filter(|r| r.event == event::NOTE) {
        if let Some(t) = &r.text {
            assert!(
                !t.starts_with("parser failed"),
                "the tap's parser panicked: {t}"
            );
        }
    }
    for w in records.windows(2) {
        assert!(w[0].seq < w[1].seq);
    }
    let end = records.last().expect("records");
    assert_eq!(end.event, "end");
    let info = end.info.as_ref().expect("end info");
    assert_eq!(info["parser_disabled"], Value::Bool(false));
    assert_eq!(info["c2s_bytes"], Value::from(totals[0]));
    assert_eq!(info["s2c_bytes"], Value::from(totals[1]));
}
