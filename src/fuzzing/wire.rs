//! The protocol line and reply format: the line reader (any cut of the stream, any cap),
//! the request parser and the reply parser with its encoder.

use super::{chunk_sizes, Chunked, Input};
use crate::wire::{read_reply, LineReader, ReadError, Reply, ReplyError, Request};

#[derive(Debug, PartialEq, Eq)]
enum LineOutcome {
    Line(Vec<u8>),
    TooLong,
    Truncated(usize),
}

/// The line reader's contract as a model: a line is the bytes before `\n` without one trailing
/// `\r`; content longer than `max + 1` bytes (the cap counts a CR) is `TooLong` and ends the
/// stream; a final line without `\n` is `Truncated`.
fn line_model(stream: &[u8], max: usize) -> Vec<LineOutcome> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < stream.len() {
        let rest = &stream[pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                if i > max + 1 {
                    out.push(LineOutcome::TooLong);
                    return out;
                }
                let line = rest[..i].strip_suffix(b"\r").unwrap_or(&rest[..i]);
                out.push(LineOutcome::Line(line.to_vec()));
                pos += i + 1;
            }
            None => {
                out.push(if rest.len() > max + 1 {
                    LineOutcome::TooLong
                } else {
                    LineOutcome::Truncated(rest.len())
                });
                return out;
            }
        }
    }
    out
}

/// [`LineReader`]: the lines equal the model whatever the chunking of the stream.
pub fn line_reader(data: &[u8]) {
    let mut input = Input::new(data);
    let max = 1 + input.byte() as usize % 64;
    let sizes = chunk_sizes(&mut input);
    let stream = input.rest();
    let mut reader = LineReader::new(Chunked::new(stream, &sizes), max);
    let mut got = Vec::new();
    loop {
        match reader.read_line() {
            Ok(Some(line)) => {
                assert!(
                    line.len() <= max + 1,
                    "line of {} bytes over the cap {max}",
                    line.len()
                );
                got.push(LineOutcome::Line(line.to_vec()));
            }
            Ok(None) => break,
            Err(ReadError::TooLong(m)) => {
                assert_eq!(m, max);
                got.push(LineOutcome::TooLong);
                break;
            }
            Err(ReadError::Truncated(n)) => {
                got.push(LineOutcome::Truncated(n));
                break;
            }
            Err(ReadError::Io(e)) => panic!("i/o error from an in-memory stream: {e}"),
        }
        assert!(got.len() <= stream.len(), "more lines than bytes");
    }
    assert_eq!(got, line_model(stream, max), "max {max}, chunks {sizes:?}");
}

// ---------------------------------------------------------------------------------------------
// wire: request parser

/// [`Request::parse`]: the verb is upper case without spaces; parameters split at the first
/// `=`; `param` finds the first match case-insensitively; rebuilding the line from the parsed
/// verb and parameters parses to the same request.
pub fn request_line(data: &[u8]) {
    let r = Request::parse(data);
    assert!(!r.verb.contains(' '));
    assert_eq!(r.verb, r.verb.to_ascii_uppercase());
    let params: Vec<(&[u8], &[u8])> = r.params().collect();
    for (k, v) in &params {
        assert!(!k.contains(&b' ') && !k.contains(&b'='), "key {k:?}");
        assert!(!v.contains(&b' '), "value {v:?}");
    }
    for (k, _) in &params {
        let name = String::from_utf8_lossy(k);
        if name.as_bytes() == *k {
            let first = params
                .iter()
                .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                .map(|(_, v)| *v);
            assert_eq!(r.param(&name), first);
        }
    }
    assert_eq!(r.param_names().len(), params.len());
    // Everything after the first space, line end trimmed (ERRL's free text).
    let trimmed = {
        let mut l = data;
        while let [rest @ .., b'\r' | b'\n'] = l {
            l = rest;
        }
        l
    };
    match trimmed.iter().position(|&b| b == b' ') {
        Some(i) => {
            assert_eq!(r.rest, &trimmed[i + 1..]);
            assert_eq!(
                r.verb,
                String::from_utf8_lossy(&trimmed[..i]).to_ascii_uppercase()
            );
        }
        None => assert!(r.rest.is_empty()),
    }
    // encode → parse
    let raw_verb = trimmed.split(|&b| b == b' ').next().unwrap_or_default();
    let mut line = raw_verb.to_vec();
    line.push(b' ');
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            line.push(b' ');
        }
        line.extend_from_slice(k);
        line.push(b'=');
        line.extend_from_slice(v);
    }
    line.extend_from_slice(b"\r\n");
    let again = Request::parse(&line);
    assert_eq!(again.verb, r.verb);
    // A line end cannot be told from the last value's own trailing CR or LF once the line is
    // written (`K=abc\r ` parses as `abc\r`, written back as `K=abc\r\r\n` it reads `abc`):
    // the round trip keeps everything but those bytes (found by the request_line target).
    let mut expected = params.clone();
    if let Some((_, v)) = expected.last_mut() {
        while let [rest @ .., b'\r' | b'\n'] = *v {
            *v = rest;
        }
    }
    assert_eq!(again.params().collect::<Vec<_>>(), expected);
}

// ---------------------------------------------------------------------------------------------
// wire: reply parser

/// [`read_reply`] over an arbitrary stream: every reply read has a 3-digit code, and encoding
/// it gives bytes that read back to the same reply (`Reply::encode → read_reply`).
pub fn reply_stream(data: &[u8]) {
    let mut input = Input::new(data);
    let max = 1 + input.byte() as usize % 80;
    let stream = input.rest();
    let mut rd: &[u8] = stream;
    let mut replies = 0;
    loop {
        match read_reply(&mut rd, max) {
            Ok(reply) => {
                replies += 1;
                assert!(replies <= stream.len(), "more replies than bytes");
                assert!(reply.code <= 999);
                for l in &reply.lines {
                    assert!(!l.contains(&b'\n'));
                    assert!(!l.ends_with(b"\r"));
                }
                check_reply_value(&reply);
                let bytes = reply.encode();
                let back = read_reply(&mut &bytes[..], usize::MAX - 2);
                assert!(
                    matches!(&back, Ok(b) if *b == reply),
                    "{reply:?} encodes to {:?}, which reads back as {back:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            Err(ReplyError::Closed) => break,
            Err(ReplyError::Malformed(_)) | Err(ReplyError::TooLong(_)) => break,
            Err(ReplyError::Io(e)) => panic!("i/o error from a slice: {e}"),
        }
    }
}

fn check_reply_value(reply: &Reply) {
    for l in &reply.lines {
        let Some(eq) = l.iter().position(|&b| b == b'=') else {
            continue;
        };
        let Ok(name) = std::str::from_utf8(&l[..eq]) else {
            continue;
        };
        let first = reply.lines.iter().find_map(|l2| {
            let e2 = l2.iter().position(|&b| b == b'=')?;
            l2[..e2]
                .eq_ignore_ascii_case(name.as_bytes())
                .then(|| &l2[e2 + 1..])
        });
        assert_eq!(reply.value(name), first);
    }
}

/// `Reply::encode → read_reply` for a reply built from the bytes: code 0..=999, lines without
/// line ends.
pub fn reply_round_trip(data: &[u8]) {
    let mut input = Input::new(data);
    let code = u16::from_le_bytes([input.byte(), input.byte()]) % 1000;
    let lines: Vec<Vec<u8>> = if input.byte().is_multiple_of(4) {
        Vec::new()
    } else {
        input
            .rest()
            .split(|&b| b == b'\n')
            .map(|l| l.iter().copied().filter(|&b| b != b'\r').collect())
            .collect()
    };
    let reply = Reply::lines(code, lines);
    let bytes = reply.encode();
    let back = read_reply(&mut &bytes[..], bytes.len());
    assert!(
        matches!(&back, Ok(b) if *b == reply),
        "{reply:?} encodes to {:?}, which reads back as {back:?}",
        String::from_utf8_lossy(&bytes)
    );
}

/// Both reply properties; the first input byte picks one.
pub fn reply(data: &[u8]) {
    match data.split_first() {
        Some((m, rest)) if m % 2 == 1 => reply_round_trip(rest),
        Some((_, rest)) => reply_stream(rest),
        None => {}
    }
}
