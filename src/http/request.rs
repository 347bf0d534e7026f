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

    /// The URL for the access log: every secret-bearing parameter's value replaced by `***`.
    pub fn masked_url(&self) -> String {
        if self.raw_query.is_empty() {
            return self.raw_path.clone();
        }
        let q: Vec<String> = self
            .raw_query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if is_secret_param(k) => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        format!("{}?{}", self.raw_path, q.join("&"))
    }
}

/// Parameter names whose values never reach a log.
fn is_secret_param(name: &str) -> bool {
    let n = decode_text(&percent_decode(name, true)).to_ascii_lowercase();
    matches!(
        n.as_str(),
        "p" | "pass" | "password" | "pswd" | "pwd" | "secret" | "token"
    )
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
