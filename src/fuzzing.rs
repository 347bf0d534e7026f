//! The properties of every parser of untrusted bytes, in one place: the cargo-fuzz targets
//! under `fuzz/` call these functions with the fuzzer's bytes, and `tests/properties.rs` calls
//! the same functions with a few thousand seeded inputs in `cargo test`, so both exercise
//! exactly the same checks.
//!
//! Each function takes arbitrary bytes, turns some of them into parameters (a line cap, chunk
//! sizes, a mode) with [`Input`], runs the parser and **asserts** what must hold: no panic is
//! the least of it; where an encoder exists the parse must round-trip (`encode → parse`), where
//! a stream is cut into chunks the result must not depend on the cut.
//!
//! A crash the fuzzer finds is fixed, not stepped over: its input stays in the seed corpus and
//! in `tests/fuzz_regressions.rs`. Not part of the server's API.

use std::io::{self, Read};
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use crate::crypto::{cp1251, decode_payload, encode_payload, CryptoError, PayloadKey};
use crate::tstrings;
use crate::wire::{read_reply, LineReader, ReadError, Reply, ReplyError, Request};

/// Splits the fuzzer's bytes into small parameters and a remaining payload. Reading past the
/// end yields zeros, so every input is usable.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// Up to `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (a, b) = self.data.split_at(n);
        self.data = b;
        a
    }

    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}

/// A reader that hands out its bytes in the given chunk sizes (cycling), like TCP would.
pub struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl<'a> Chunked<'a> {
    pub fn new(data: &'a [u8], sizes: &[usize]) -> Self {
        let sizes = if sizes.is_empty() {
            vec![usize::MAX]
        } else {
            sizes.iter().map(|&s| s.max(1)).collect()
        };
        Chunked {
            data,
            sizes,
            next: 0,
        }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn chunk_sizes(input: &mut Input) -> Vec<usize> {
    (0..4).map(|_| 1 + input.byte() as usize % 37).collect()
}

// ---------------------------------------------------------------------------------------------
// wire: line reader

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
    assert_eq!(again.params().collect::<Vec<_>>(), params);
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

// ---------------------------------------------------------------------------------------------
// crypto: DATA= payloads

/// The fixed key of the payload target: the session key of the captured INIT exchange in
/// protocol.md §4 (`KEY=30DF LEN=5 ID=6 HST=NEWLPT-NDANAIL-`).
pub fn fuzz_key() -> PayloadKey {
    PayloadKey::new(b"30DFbab7uNE-")
}

/// [`decode_payload`]. Mode 0: `decode(encode(p)) == p` for any plaintext, with white space
/// around the Base64. Mode 1: any text decodes to an error or to at most `MAX_PLAINTEXT`
/// bytes that round-trip. Mode 2: the bytes are taken as the zlib stream under the cipher, so
/// the fuzzer reaches the inflater: the result is what inflating those bytes gives.
pub fn payload(data: &[u8]) {
    let key = fuzz_key();
    let mut input = Input::new(data);
    let mode = input.byte() % 3;
    let body = input.rest();
    match mode {
        0 => {
            let b64 = encode_payload(&key, body);
            assert_eq!(decode_payload(&key, b64.as_bytes()), Ok(body.to_vec()));
            let padded = format!(" \t{b64}\r\n");
            assert_eq!(decode_payload(&key, padded.as_bytes()), Ok(body.to_vec()));
        }
        1 => check_decoded(&key, decode_payload(&key, body)),
        _ => {
            let b64 = crate::crypto::payload::encrypt_raw_for_fuzzing(&key, body);
            let got = decode_payload(&key, b64.as_bytes());
            let mut want = Vec::new();
            let reference = flate2::read::ZlibDecoder::new(body)
                .take(crate::crypto::payload::MAX_PLAINTEXT as u64 + 1)
                .read_to_end(&mut want);
            match (&got, reference) {
                (Ok(p), Ok(_)) => assert_eq!(*p, want),
                (Err(CryptoError::Inflate(_)), Err(_)) => {}
                (Err(CryptoError::Empty), _) => assert!(body.is_empty()),
                (Err(CryptoError::TooLarge(_)), Ok(_)) => {
                    assert!(want.len() > crate::crypto::payload::MAX_PLAINTEXT)
                }
                (g, r) => panic!("decode {g:?} but inflating the plaintext gives {r:?}"),
            }
            check_decoded(&key, got);
        }
    }
}

fn check_decoded(key: &PayloadKey, got: Result<Vec<u8>, CryptoError>) {
    if let Ok(plain) = got {
        assert!(plain.len() <= crate::crypto::payload::MAX_PLAINTEXT);
        let again = encode_payload(key, &plain);
        assert_eq!(decode_payload(key, again.as_bytes()), Ok(plain));
    }
}

// ---------------------------------------------------------------------------------------------
// TStringList

/// [`tstrings::parse`]: names hold no `=` or line end, values no `\n`; `value` is the first
/// case-insensitive match; `parse(build(pairs)) == pairs`.
pub fn tstrings(data: &[u8]) {
    let pairs = tstrings::parse(data);
    for (k, v) in &pairs {
        assert!(!k.contains(&b'=') && !k.contains(&b'\n'), "name {k:?}");
        assert!(!v.contains(&b'\n'), "value {v:?}");
    }
    assert!(pairs.len() <= data.split(|&b| b == b'\n').count());
    for (k, _) in &pairs {
        if let Ok(name) = std::str::from_utf8(k) {
            let first = pairs
                .iter()
                .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_slice());
            assert_eq!(tstrings::value(&pairs, name), first);
        }
    }
    let text = tstrings::build(&pairs);
    assert_eq!(tstrings::parse(&text), pairs);
}

// ---------------------------------------------------------------------------------------------
// cp1251

/// [`cp1251`]: every byte is one character and `from_utf8(to_utf8(b)) == b` for every byte
/// string; text goes to one byte per character and back unchanged, unmappable characters as
/// `?`; the relay rule keeps UTF-8 and converts anything else.
pub fn cp1251(data: &[u8]) {
    let text = cp1251::to_utf8(data);
    assert_eq!(
        text.chars().count(),
        data.len(),
        "to_utf8({data:?}) = {text:?}"
    );
    assert_eq!(
        cp1251::from_utf8(&text),
        data,
        "to_utf8({data:?}) = {text:?}"
    );

    let text = String::from_utf8_lossy(data);
    let bytes = cp1251::from_utf8(&text);
    assert_eq!(bytes.len(), text.chars().count());
    let mut expected = String::with_capacity(text.len());
    for (c, &b) in text.chars().zip(&bytes) {
        let mut buf = [0u8; 4];
        let (_, _, unmappable) = encoding_rs::WINDOWS_1251.encode(c.encode_utf8(&mut buf));
        if unmappable {
            assert_eq!(b, b'?', "{c:?} is not in cp1251");
            expected.push('?');
        } else {
            assert_eq!(cp1251::to_utf8(&[b]), c.to_string());
            expected.push(c);
        }
    }
    assert_eq!(cp1251::to_utf8(&bytes), expected);

    let (s, converted) = cp1251::utf8_or_cp1251(data.to_vec());
    match std::str::from_utf8(data) {
        Ok(t) => assert_eq!((s.as_str(), converted), (t, false)),
        Err(_) => {
            assert!(converted);
            assert_eq!(s.chars().count(), data.len());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ini

const INI_VALUE_CHARS: &[u8] = b"abcXYZ019 $._-/\\:@";
const INI_NAME_CHARS: &[u8] = b"abcXYZ019_ ";

/// The ini reader. Mode 0: arbitrary file bytes through `decode_file`, `Ini::parse` and
/// `Config::from_text` (a configuration that loads has 1..=64 instances and usable ports).
/// Mode 1: an ini built from the bytes (sections, keys, values of a plain alphabet, comments)
/// reads back: each key's last value, trimmed, under its upper-cased section and name.
pub fn ini(data: &[u8]) {
    use crate::config::ini::{decode_file, Ini};
    let mut input = Input::new(data);
    if input.byte().is_multiple_of(2) {
        let bytes = input.rest();
        let text = decode_file(bytes);
        if let Ok(s) = std::str::from_utf8(bytes) {
            if !bytes.starts_with(b"\xEF\xBB\xBF") {
                assert_eq!(text, s);
            }
        }
        if let Ok(ini) = Ini::parse("fuzz.ini", &text) {
            for (name, keys) in &ini.sections {
                assert_eq!(*name, name.trim().to_uppercase());
                for (k, (_, v)) in keys {
                    assert_eq!(*k, k.trim().to_uppercase());
                    assert_eq!(v.trim(), v);
                    assert_eq!(ini.get(name, k), Some(v.as_str()));
                }
            }
        }
        let env = std::collections::BTreeMap::<String, String>::new();
        if let Ok(c) =
            crate::config::Config::from_text("fuzz.ini", &text, Path::new("/nonexistent"), &env)
        {
            assert!((1..=64).contains(&c.instances.len()));
            for i in &c.instances {
                assert!(i.tcp_port >= 1 && i.http_port >= 1);
            }
        }
        return;
    }
    let mut text = String::new();
    let mut want: std::collections::BTreeMap<(String, String), String> = Default::default();
    let mut section = String::new();
    let pick = |b: u8, set: &[u8]| set[b as usize % set.len()] as char;
    while !input.data.is_empty() {
        match input.byte() % 4 {
            0 => {
                let n = 1 + input.byte() as usize % 6;
                let name: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_NAME_CHARS))
                    .collect();
                if name.trim().is_empty() {
                    continue;
                }
                section = name.trim().to_uppercase();
                text.push_str(&format!("[{name}]\r\n"));
            }
            1 => text.push_str("; a comment = not a key\n"),
            _ => {
                if section.is_empty() {
                    continue;
                }
                let n = 1 + input.byte() as usize % 6;
                let key: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_NAME_CHARS))
                    .collect();
                if key.trim().is_empty() {
                    continue;
                }
                let n = input.byte() as usize % 12;
                let value: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_VALUE_CHARS))
                    .collect();
                // A comment after white space, also right after the `=` (`Key= ; comment`).
                let comment = if input.byte().is_multiple_of(3) {
                    " ; trailing comment"
                } else {
                    ""
                };
                text.push_str(&format!("{key}={value}{comment}\n"));
                want.insert(
                    (section.clone(), key.trim().to_uppercase()),
                    value.trim().to_string(),
                );
            }
        }
    }
    let ini = Ini::parse("fuzz.ini", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    for ((s, k), v) in &want {
        assert_eq!(ini.get(s, k), Some(v.as_str()), "[{s}] {k} in\n{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP request and parameters

const SECRET_NAMES: [&str; 7] = ["p", "pass", "password", "pswd", "pwd", "secret", "token"];

/// `src/http/req.rs`. Percent-decoding never grows the text and reverses full
/// percent-encoding; a request's query becomes one parameter per non-empty `&` piece, found by
/// `param` case-insensitively; `masked_url` keeps every piece but replaces the values of the
/// secret names (`p`, `pass`, ... in any case or percent spelling) by `***`.
pub fn http(data: &[u8]) {
    use crate::http::req::{decode_text, percent_decode, ParamValue, Req};
    let mut input = Input::new(data);
    let mode = input.byte();
    let auth = input.take(mode as usize % 24).to_vec();
    let raw = input.rest();
    let text = String::from_utf8_lossy(raw);

    for plus in [false, true] {
        let d = percent_decode(&text, plus);
        assert!(d.len() <= text.len());
        if !(text.contains('%') || plus && text.contains('+')) {
            assert_eq!(d, text.as_bytes());
        }
    }
    let encoded: String = raw.iter().map(|b| format!("%{b:02X}")).collect();
    assert_eq!(percent_decode(&encoded, true), raw);
    assert_eq!(decode_text(text.as_bytes()), text);

    let v = ParamValue::new(&text);
    let c = v.candidates();
    assert!(!c.is_empty() && c.len() <= 2 && c[0] == v.form);
    if !text.contains('+') {
        assert_eq!(v.form, v.literal);
    }

    // A whole request through tiny_http's own request type.
    let url = if text.starts_with('/') {
        text.to_string()
    } else {
        format!("/{text}")
    };
    let mut test = tiny_http::TestRequest::new().with_path(&url);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Authorization"[..], &auth[..]) {
        test = test.with_header(h);
    }
    let rq: tiny_http::Request = test.into();
    let req = Req::from_tiny(&rq);
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    assert_eq!(req.raw_path, path);
    assert_eq!(req.raw_query, query);
    let pieces: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    assert_eq!(req.params.len(), pieces.len());
    for (name, value) in &req.params {
        let first = req
            .params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v);
        assert_eq!(req.param(name), first);
        if let Some(t) = req.param_text(name) {
            assert_eq!(t, t.trim());
            assert!(!t.is_empty());
        }
        let _ = value;
    }
    // The access log's contract (src/http/request.rs): the query is split at `&` and `;`,
    // piece for piece; a value is shown only for `id`, `u` or `name`, every other value (every
    // spelling of a secret included) is `***`.
    let masked = req.masked_url();
    if !query.is_empty() {
        let (_, mquery) = masked.split_once('?').expect("masked URL keeps its query");
        let split = |q: &str| -> Vec<String> { q.split(['&', ';']).map(str::to_string).collect() };
        let (before, after) = (split(query), split(mquery));
        assert_eq!(before.len(), after.len(), "{masked}");
        for (b, a) in before.iter().zip(&after) {
            if b.is_empty() {
                assert!(a.is_empty(), "{masked}");
                continue;
            }
            match a.split_once('=') {
                Some((k, v)) if v != "***" => {
                    assert!(
                        ["id", "u", "name"]
                            .iter()
                            .any(|n| n.eq_ignore_ascii_case(k)),
                        "value of {k} shown in {masked}"
                    );
                    assert_eq!(a, b, "{masked}");
                }
                Some(_) => {}
                None => assert_eq!(a, "***", "{masked}"),
            }
            if let Some((k, _)) = b.split_once('=') {
                let name = decode_text(&percent_decode(k, true)).to_ascii_lowercase();
                if SECRET_NAMES.contains(&name.as_str()) {
                    assert!(a.ends_with("=***"), "secret not masked in {masked}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// proxy: stream parser

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

// ---------------------------------------------------------------------------------------------
// the simulator's task handling

/// `client::demo::answer_on` and `client::answer_task`: any task text gets a JSON object with a
/// `ResultCode` (1001 not an object, 1004 wrong password, 0 with one array per `Query` or
/// `Command` entry); the demo answer is cp1251 JSON; the echo mode returns the task's bytes.
pub fn client_task(data: &[u8]) {
    use crate::client::{answer_task, demo, ClientOptions, Mode};
    let mut input = Input::new(data);
    let mode = input.byte();
    let task_bytes = input.rest();
    let task = String::from_utf8_lossy(task_bytes);
    let today = NaiveDate::from_ymd_opt(2025, 4, 14).expect("date");
    let expected = (mode & 1 == 1).then(|| crate::client::md5_hex("secret"));
    let answer = demo::answer_on(&task, expected.as_deref(), today);
    let obj = answer.as_object().expect("answer is an object");
    let code = obj
        .get("ResultCode")
        .and_then(Value::as_i64)
        .expect("ResultCode");
    match serde_json::from_str::<Value>(&task) {
        Ok(Value::Object(t)) => {
            let pass_ok = expected.as_deref().is_none_or(|e| {
                t.get("Pass")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .eq_ignore_ascii_case(e)
            });
            let reserved = t.iter().any(|(k, v)| {
                matches!(
                    v.get("Type").and_then(Value::as_str),
                    Some("Query" | "Command")
                ) && crate::shopdb::exec::reserved_dataset(k).is_some()
            });
            if !pass_ok {
                assert_eq!(code, 1004);
            } else if reserved {
                assert_eq!(code, 1001, "a dataset named like an answer key");
            } else {
                assert_eq!(code, 0);
                for (k, v) in obj {
                    if k == "ResultCode" || k == "ResultMessage" {
                        continue;
                    }
                    assert!(t.contains_key(k), "answer names {k}, the task does not");
                    assert!(v.is_array(), "{k} is not an array");
                }
            }
        }
        _ => assert_eq!(code, 1001),
    }

    let opts = ClientOptions {
        mode: if mode & 2 == 0 {
            Mode::Demo
        } else {
            Mode::Echo
        },
        password: (mode & 1 == 1).then(|| "secret".to_string()),
        ..ClientOptions::default()
    };
    let out = answer_task(&opts, task_bytes);
    match opts.mode {
        Mode::Demo => {
            let text = cp1251::to_utf8(&out);
            let v: Value = serde_json::from_str(&text).expect("demo answer is JSON");
            assert!(v.get("ResultCode").is_some());
        }
        Mode::Echo => {
            assert_eq!(out, task_bytes, "echo changed the task's bytes");
        }
        // Not chosen above: the Firebird mode needs a database (tests/shop_db.rs covers it).
        Mode::Shop => {}
    }
}

// ---------------------------------------------------------------------------------------------
// targets and seed corpora

/// A property over the fuzzer's bytes.
pub type Property = fn(&[u8]);

/// Every target: its name (the `fuzz/fuzz_targets/<name>.rs` file) and property.
pub const TARGETS: &[(&str, Property)] = &[
    ("line_reader", line_reader),
    ("request_line", request_line),
    ("reply", reply),
    ("payload", payload),
    ("tstrings", tstrings),
    ("cp1251", cp1251),
    ("ini", ini),
    ("http", http),
    ("proxy_lines", proxy_lines),
    ("proxy_tap", proxy_tap_scratch),
    ("client_task", client_task),
];

/// [`proxy_tap`] with a scratch folder per process under the system temp folder.
pub fn proxy_tap_scratch(data: &[u8]) {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR
        .get_or_init(|| std::env::temp_dir().join(format!("crs-fuzz-tap-{}", std::process::id())));
    let per_thread = dir.join(
        format!("{:?}", std::thread::current().id())
            .replace(|c: char| !c.is_ascii_alphanumeric(), ""),
    );
    proxy_tap(data, &per_thread);
    // Leave no folders behind (the parent goes once no other thread uses it).
    let _ = std::fs::remove_dir(&per_thread);
    let _ = std::fs::remove_dir(dir);
}

/// A demo shop's INIT exchange: (request line, reply bytes, session key).
fn demo_init() -> (Vec<u8>, Vec<u8>, PayloadKey) {
    let host = b"DEMO-SHOP-7";
    let init =
        b"INIT ID=3 DT=250414 TM=093012 HST=DEMO-SHOP-7 ATP=EBOCloudReportSvc.exe AVR=1.0.0.5\r\n"
            .to_vec();
    let reply = b"200-KEY=A1B2\r\n200 LEN=4\r\n".to_vec();
    let sk = crate::crypto::session_key(b"A1B2", 4, 3, host).expect("dictionary 3");
    (init, reply, PayloadKey::new(&sk))
}

const DEMO_TASK: &str = r#"{"Id":"7f3a","Pass":"5ebe2294ecd0e0f08eab7690d2a6ee69","DayTurnover":{"Type":"Query","SQL":"select * from day_turnover('2025-04-14')"},"TopItems":{"Type":"Query","SQL":"select first 10 * from top_items('2025-04-01','2025-04-14')"},"SetPrice":{"Type":"Command","SQL":"update items set price=1.20 where id=5"}}"#;

/// Realistic inputs for each target, invented for the purpose (no production data), in each
/// target's input format. `tests/properties.rs` writes them to `fuzz/seeds/<target>/` and
/// mutates them for its short run.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut s: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let (init, init_reply, key) = demo_init();
    let info_plain = tstrings::build(
        &[
            ("ID", "-1"),
            ("ON", "Магазин Демо 7"),
            ("FN", "Демо ООД"),
            ("FB", "000000000"),
            ("FA", "гр. Пример, ул. Тестова 1"),
            ("HS", "DEMO-SHOP-7"),
            ("AT", "EBOCloudReportSvc.exe"),
            ("AV", "1.0.0.5"),
            ("DT", "FB"),
        ]
        .iter()
        .map(|(k, v)| (k.as_bytes().to_vec(), cp1251::from_utf8(v)))
        .collect::<Vec<_>>(),
    );
    let info_reply_plain = tstrings::build(&[
        ("ID", "1007"),
        ("EX", "260101"),
        ("EN", "-1"),
        ("CD", "250414"),
        ("CT", "093013"),
    ]);
    let info_line = format!("INFO DATA={}\r\n", encode_payload(&key, &info_plain)).into_bytes();
    let info_reply =
        format!("200 DATA={}\r\n", encode_payload(&key, &info_reply_plain)).into_bytes();
    let task = cp1251::from_utf8(DEMO_TASK);
    let greq_reply = crate::assumed::greq_task_reply(1, encode_payload(&key, &task)).encode();
    let result = cp1251::from_utf8(
        r#"{"ResultCode":0,"ResultMessage":"OK","DayTurnover":[{"CURR_SIGN":"лв.","TOTAL":812.4,"RECEIPTS":56}]}"#,
    );
    let srsp = format!(
        "{}\r\n",
        crate::assumed::srsp_request(1, &encode_payload(&key, &result))
    )
    .into_bytes();
    let vers_plain = crate::assumed::vers_line(
        "BosTcpClient.exe",
        2_345_678,
        "250401101500",
        "0cc175b9c0f1b6a831c399e269772661",
    );
    let vers_reply =
        crate::assumed::vers_reply(encode_payload(&key, vers_plain.as_bytes())).encode();
    let requests: Vec<Vec<u8>> = vec![
        init.clone(),
        info_line.clone(),
        b"PING\r\n".to_vec(),
        b"GREQ\r\n".to_vec(),
        srsp.clone(),
        b"VERS\r\n".to_vec(),
        b"DWNL F=BosTcpClient.exe\r\n".to_vec(),
        b"ERRL [Error]Unable to connect to database! Terminate\r\n".to_vec(),
        [
            &b"INIT ID=2 DT=250414 TM=101500 HST="[..],
            &cp1251::from_utf8("МАГАЗИН-PC"),
            b" ATP=EBOCloudReportApp.exe AVR=6.0.0.0\r\n",
        ]
        .concat(),
    ];
    let replies: Vec<Vec<u8>> = vec![
        init_reply.clone(),
        info_reply.clone(),
        b"200\r\n".to_vec(),
        greq_reply.clone(),
        vers_reply.clone(),
        b"503 Unknown command\r\n".to_vec(),
        b"501 Bad crypto key\r\n".to_vec(),
        b"520 No waiting request\r\n".to_vec(),
    ];

    let session: Vec<u8> = requests.concat();
    s.push((
        "line_reader",
        [&[200u8, 7, 1, 13, 36][..], &session].concat(),
    ));
    s.push((
        "line_reader",
        [
            &[8u8, 1, 2, 3, 4][..],
            b"PING\r\nGREQ\nLONGER THAN EIGHT\r\nX",
        ]
        .concat(),
    ));
    for r in &requests {
        s.push(("request_line", r.clone()));
    }
    s.push(("reply", [&[0u8, 79][..], &replies.concat()].concat()));
    s.push(("reply", [&[0u8, 12][..], &greq_reply].concat()));
    s.push((
        "reply",
        [&[1u8, 200, 0, 1][..], b"CMD=1\nDATA=QUJD"].concat(),
    ));
    s.push((
        "reply",
        [&[1u8, 0xF7, 1, 1][..], b"Unknown command"].concat(),
    ));
    s.push(("payload", [&[0u8][..], &info_plain].concat()));
    s.push(("payload", [&[0u8][..], &task].concat()));
    s.push((
        "payload",
        [
            &[1u8][..],
            encode_payload(&fuzz_key(), &info_reply_plain).as_bytes(),
        ]
        .concat(),
    ));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = std::io::Write::write_all(&mut z, &result);
    s.push((
        "payload",
        [&[2u8][..], &z.finish().unwrap_or_default()].concat(),
    ));
    s.push(("tstrings", info_plain.clone()));
    s.push(("tstrings", info_reply_plain.clone()));
    s.push((
        "tstrings",
        b"junk line\nA=1=2\r\n=empty name\r\nB=\r\n".to_vec(),
    ));
    s.push(("cp1251", cp1251::from_utf8("Магазин Демо 7, гр. Пример")));
    s.push(("cp1251", (0u8..=255).collect()));
    s.push(("cp1251", "Ок, 12.50 лв.".as_bytes().to_vec()));
    s.push(("ini", [&[0u8][..], EXAMPLE_INI.as_bytes()].concat()));
    s.push((
        "ini",
        [&[0u8][..], &cp1251::from_utf8(EXAMPLE_INI)].concat(),
    ));
    s.push((
        "ini",
        [&[0u8, 0xEF, 0xBB, 0xBF][..], EXAMPLE_INI.as_bytes()].concat(),
    ));
    s.push((
        "ini",
        vec![
            1, 0, 3, b'S', b'R', b'V', 2, 4, b'P', b'o', b'r', b't', 4, b'8', b'0', b'1', b'6', 0,
        ],
    ));
    for url in [
        "/relay?id=1007&u=user&p=pass$123&task=%7B%22Id%22%3A1%7D",
        "/clients?u=user&p=pass%24123",
        "/report/DayTurnover/?id=1007&date=2025-04-14&P=x&pass%77ord=y",
        "/status",
        "/health?x=%D0%9E%D0%BA&y=%CE%EA&z=a+b",
    ] {
        s.push((
            "http",
            [&[18u8][..], b"Basic dXNlcjpwYXNz", url.as_bytes()].concat(),
        ));
    }
    s.push((
        "proxy_lines",
        [&[30u8, 5, 11, 1, 36][..], &session].concat(),
    ));
    s.push((
        "proxy_lines",
        [&[40u8, 36, 36, 36, 36][..], &replies.concat()].concat(),
    ));
    let exchange = tap_script(&[
        (true, &init),
        (false, &init_reply),
        (true, &info_line),
        (false, &info_reply),
        (true, b"PING\r\n"),
        (false, b"200\r\n"),
        (true, b"GREQ\r\n"),
        (false, &greq_reply),
        (true, &srsp),
        (false, b"200\r\n"),
        (true, b"VERS\r\n"),
        (false, &vers_reply),
        (
            true,
            b"ERRL [Error]Unable to connect to database! Terminate\r\n",
        ),
        (false, b"200 OK\r\n"),
    ]);
    s.push(("proxy_tap", [&[0u8][..], &exchange].concat()));
    s.push((
        "proxy_tap",
        [&[0x80u8][..], &exchange, &[2, 10, 3, 0, 7, 0]].concat(),
    ));
    s.push(("client_task", [&[0u8][..], DEMO_TASK.as_bytes()].concat()));
    s.push(("client_task", [&[1u8][..], DEMO_TASK.as_bytes()].concat()));
    s.push(("client_task", [&[2u8][..], &task].concat()));
    s.push(("client_task", [&[0u8][..], br#"{"Id":"1","OpenBills":{"Type":"Query","SQL":"select * from open_bills('2025-04-14')"},"GroupTurnover":{"Type":"Query","SQL":"/*parent:3*/ select * from grp('2025-04-01','2025-04-30')"}}"#].concat()));
    s
}

/// An ini in the original's format with this port's keys (placeholder values).
pub const EXAMPLE_INI: &str = "; example\r\n[COMMONSETTINGS]\r\nCommInterfaceCount=1\r\nLogFolder=../run/logs\r\nLogLevel=info\r\nMaxSessions=20000\r\n\r\n[REGISTRATION INFO]\r\nSERIAL NUMBER=123456789\r\nKEY=\r\n\r\n[DATABASE]\r\nHost=127.0.0.1\r\nPort=3306\r\nUser=dreports\r\nPassword=pass$123 ; comment\r\nName=dreports\r\nPoolSize=8\r\n\r\n[HOUSEKEEPING]\r\nHealthCheckSec=30\r\nCleanupDays=30\r\n\r\n[SRV_1_COMMON]\r\nTraceLogEnabled=1\r\nUpdateFolder=C:\\Updates\r\nNoIdTimeoutSec=60\r\n\r\n[SRV_1_HTTP]\r\nHTTP_IPInterface=127.0.0.1\r\nHTTP_Port=8080\r\n\r\n[SRV_1_TCP]\r\nTCP_IPInterface=0.0.0.0\r\nTCP_Port=8016\r\n\r\n[SRV_1_AUTHSERVER]\r\nREST_URL=http://127.0.0.1:8015/dreport/api.php\r\n\r\n[SRV_1_HTTPLOGINS]\r\nuser=pass$123\r\n";
