//! What a handler needs from a tiny_http request: method, path, query parameters, the
//! Authorization header, and a body read with a size limit and a deadline.

use std::io::Read;
use std::net::SocketAddr;
use std::time::Instant;

use crate::crypto::cp1251;

/// The parts of a request the handlers look at, parsed once.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// The path as sent, before `?` (still percent-encoded).
    pub raw_path: String,
    /// The query string as sent (after `?`), for the access log.
    pub raw_query: String,
    /// Query parameters in order, names as sent, values percent-decoded.
    pub params: Vec<(String, ParamValue)>,
    pub authorization: Option<String>,
    pub content_length: Option<usize>,
    pub peer: Option<SocketAddr>,
}

/// A query parameter value. Dreport's PHP pages send passwords like `pass$123` raw or
/// percent-encoded, and nobody knows whether a raw `+` in a password meant a space; both readings
/// are kept so the login check can try them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamValue {
    /// `+` read as a space (form encoding).
    pub form: String,
    /// `+` kept literally.
    pub literal: String,
}

impl ParamValue {
    pub fn new(raw: &str) -> ParamValue {
        ParamValue {
            form: decode_text(&percent_decode(raw, true)),
            literal: decode_text(&percent_decode(raw, false)),
        }
    }

    /// The readings to try, without duplicates.
    pub fn candidates(&self) -> Vec<&str> {
        if self.form == self.literal {
            vec![&self.form]
        } else {
            vec![&self.form, &self.literal]
        }
    }
}

impl Req {
    pub fn from_tiny(rq: &tiny_http::Request) -> Req {
        let url = rq.url();
        let (raw_path, raw_query) = match url.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (url.to_string(), String::new()),
        };
        let params = raw_query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode_text(&percent_decode(k, true)), ParamValue::new(v))
            })
            .collect();
        fn header(rq: &tiny_http::Request, name: &'static str) -> Option<String> {
            rq.headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        }
        Req {
            method: rq.method().as_str().to_ascii_uppercase(),
            raw_path,
            raw_query,
            params,
            authorization: header(rq, "Authorization"),
            content_length: rq.body_length(),
            peer: rq.remote_addr().copied(),
        }
    }

    /// The first value of parameter `name` (names compare case-insensitively, like the
    /// original's Indy `Params.Values`).
    pub fn param(&self, name: &str) -> Option<&ParamValue> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// A parameter's text (form reading), trimmed; `None` when absent or empty.
    pub fn param_text(&self, name: &str) -> Option<String> {
        self.param(name)
            .map(|v| v.form.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn peer_ip(&self) -> String {
        self.peer
            .map(|p| p.ip().to_string())
            .unwrap_or_else(|| "-".into())
    }

    /// The URL for the access log, with every value that might be a password replaced by
    /// `***` (see [`masked_query`] and [`loggable_path`]).
    pub fn masked_url(&self) -> String {
        let path = loggable_path(&self.raw_path);
        if self.raw_query.is_empty() {
            return path;
        }
        format!("{path}?{}", masked_query(&self.raw_query))
    }
}

/// The parameters whose values the access log shows (the object ID, the account name and
/// the report name). Every other value is masked, so no spelling of `p` (`P`, `p%00`,
/// `%70`, `p[]`, a repeated `p`) can carry a password into the log.
const SHOWN_PARAMS: &[&str] = &["id", "u", "name"];

/// A query string for the log. Pieces are split at `&` **and** `;` (some stacks read `;` as
/// a separator: `?u=user;p=secret` must not log `secret` as part of `u`). A value is shown
/// only for a name of [`SHOWN_PARAMS`] spelled plainly, and only when it decodes to text
/// without separators, `%` or control characters; a name is shown only when it is short and
/// made of letters, digits, `_-.[]` and `%XX`; a piece without `=` is masked whole.
pub fn masked_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut piece = String::new();
    let flush = |piece: &str, out: &mut String| {
        if piece.is_empty() {
            return;
        }
        match piece.split_once('=') {
            Some((k, v)) => {
                let name_ok = plain_name(k);
                let shown = name_ok
                    && SHOWN_PARAMS.iter().any(|n| n.eq_ignore_ascii_case(k))
                    && plain_value(v);
                out.push_str(if name_ok { k } else { "***" });
                out.push('=');
                out.push_str(if shown { v } else { "***" });
            }
            None => out.push_str("***"),
        }
    };
    for c in query.chars() {
        if c == '&' || c == ';' {
            flush(&piece, &mut out);
            piece.clear();
            out.push(c);
        } else {
            piece.push(c);
        }
    }
    flush(&piece, &mut out);
    out
}

fn plain_name(k: &str) -> bool {
    let b = k.as_bytes();
    if b.is_empty() || b.len() > 32 {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'[' | b']') => {
                i += 1
            }
            b'%' if b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

fn plain_value(v: &str) -> bool {
    let decoded = decode_text(&percent_decode(v, true));
    !decoded
        .chars()
        .any(|c| c.is_control() || matches!(c, '&' | ';' | '=' | '%'))
}

/// The request path for a log: the `user:password@` of an absolute-form target
/// (`GET http://user:pw@host/x`) and any `;parameters` of a path segment become `***`.
pub fn loggable_path(raw: &str) -> String {
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, raw),
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = rest.to_string();
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push_str("://");
        let end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.push_str("***@");
            rest = rest[at + 1..].to_string();
        }
    }
    for (i, seg) in rest.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match seg.split_once(';') {
            Some((head, _)) => {
                out.push_str(head);
                out.push_str(";***");
            }
            None => out.push_str(seg),
        }
    }
    out
}

/// A caller-supplied identifier (`id`) as a log line may show it: cut before the first
/// character that is not a letter, digit, `_` or `-`, and to 20 characters.
pub fn loggable_id(id: &str) -> String {
    let shown: String = id
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
        .take(20)
        .collect();
    if shown.len() == id.len() {
        shown
    } else {
        format!("{shown}...")
    }
}

/// Percent-decodes; invalid escapes stay as written (`pass%` is the text `pass%`).
pub fn percent_decode(s: &str, plus_is_space: bool) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Bytes to text: UTF-8 when valid, else Windows-1251 (what an old ANSI page would send).
pub fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => cp1251::to_utf8(bytes),
    }
}

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("request body larger than {limit} bytes (HTTP_MaxBodyBytes)")]
    TooLarge { limit: usize },
    #[error("request body not received within {secs}s")]
    TimedOut { secs: u64 },
    #[error("request body could not be read: {0}")]
    Io(std::io::Error),
}

/// Reads the body: at most `limit` bytes are kept; reading `limit + 1` proves it is too
/// large, so nothing is ever buffered without bound. A declared `Content-Length` above the
/// limit is refused before any byte is read. The socket's own timeout (HTTP_RequestTimeoutSec)
/// bounds each read; `deadline` bounds the whole body against a client dribbling bytes.
pub fn read_body(
    rq: &mut tiny_http::Request,
    limit: usize,
    deadline: Instant,
    timeout_secs: u64,
) -> Result<Vec<u8>, BodyError> {
    if rq.body_length().is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge { limit });
    }
    let initial = rq.body_length().unwrap_or(0).min(64 * 1024);
    let mut body = Vec::with_capacity(initial);
    let mut reader = rq.as_reader().take(limit as u64 + 1);
    let mut buf = [0u8; 16 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(BodyError::TimedOut { secs: timeout_secs });
        }
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                body.extend_from_slice(&buf[..n]);
                if body.len() > limit {
                    return Err(BodyError::TooLarge { limit });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(BodyError::TimedOut { secs: timeout_secs })
            }
            Err(e) => return Err(BodyError::Io(e)),
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_raw_and_bad_escapes() {
        assert_eq!(percent_decode("pass$123", true), b"pass$123");
        assert_eq!(percent_decode("pass%24123", true), b"pass$123");
        assert_eq!(percent_decode("a+b", true), b"a b");
        assert_eq!(percent_decode("a+b", false), b"a+b");
        assert_eq!(percent_decode("100%", true), b"100%");
        assert_eq!(percent_decode("%zz%4", true), b"%zz%4");
        assert_eq!(percent_decode("%D0%9E%D0%BA", true), "Ок".as_bytes());
        let v = ParamValue::new("a+b");
        assert_eq!(v.candidates(), vec!["a b", "a+b"]);
    }

    #[test]
    fn every_spelling_of_p_is_masked() {
        for (q, want) in [
            ("id=1&u=user&p=s3cr3t", "id=1&u=user&p=***"),
            ("u=user&p%00=s3cr3t", "u=user&p%00=***"),
            ("u=user;p=s3cr3t", "u=user;p=***"),
            ("u=user&p=a&p=s3cr3t", "u=user&p=***&p=***"),
            ("U=user&P=s3cr3t", "U=user&P=***"),
            ("u=user&%70=s3cr3t", "u=user&%70=***"),
            ("u=user&p[]=s3cr3t", "u=user&p[]=***"),
            ("u=user&p=x=s3cr3t", "u=user&p=***"),
            ("u=user&s3cr3t", "u=user&***"),
            ("u=user%3Bp%3Ds3cr3t", "u=***"),
            (
                "u=user&p%20=s3cr3t&id=3769d93a",
                "u=user&p%20=***&id=3769d93a",
            ),
            ("id=%D0%AF&name=%D0%9E", "id=%D0%AF&name=%D0%9E"),
            ("u=user&pass$word=s3cr3t", "u=user&***=***"),
            ("u=user&&;p=s3cr3t", "u=user&&;p=***"),
        ] {
            assert_eq!(masked_query(q), want, "{q}");
            assert!(!masked_query(q).contains("s3cr3t"), "{q}");
        }
        assert_eq!(
            loggable_path("http://user:s3cr3t@host/status"),
            "http://***@host/status"
        );
        assert_eq!(loggable_path("/report/Q;p=s3cr3t/"), "/report/Q;***/");
        assert_eq!(loggable_path("/report/Q/"), "/report/Q/");
        assert_eq!(loggable_id("3769d93a"), "3769d93a");
        assert_eq!(loggable_id("x;p=s3cr3t"), "x...");
    }

    #[test]
    fn secrets_are_masked() {
        let r = Req {
            method: "GET".into(),
            raw_path: "/report/x/".into(),
            raw_query: "id=1&u=user&p=pass$123&P=x&pass%77ord=y".into(),
            params: vec![],
            authorization: None,
            content_length: None,
            peer: None,
        };
        assert_eq!(
            r.masked_url(),
            "/report/x/?id=1&u=user&p=***&P=***&pass%77ord=***"
        );
    }
}
