//! What a handler answers, before it becomes a tiny_http response.

use std::fs::File;

use serde::Serialize;

use super::login::REALM;

pub const JSON: &str = "application/json; charset=utf-8";
pub const PROMETHEUS: &str = "text/plain; version=0.0.4; charset=utf-8";
pub const OCTETS: &str = "application/octet-stream";

pub enum Body {
    Bytes(Vec<u8>),
    /// A file streamed from disk with its length (never read into memory).
    File(File, usize),
}

/// A handler's answer.
pub struct HttpReply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
    pub headers: Vec<(&'static str, String)>,
    /// The ResultCode, when the answer carries one (access log, statistics).
    pub result_code: Option<i64>,
    /// The account that was accepted, for the access log.
    pub user: Option<String>,
}

/// The legacy error body, fields in the original's order.
#[derive(Serialize)]
pub struct ResultJson<'a> {
    #[serde(rename = "ResultCode")]
    pub code: i64,
    #[serde(rename = "ResultMessage")]
    pub message: &'a str,
}

impl HttpReply {
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> HttpReply {
        HttpReply {
            status,
            content_type,
            body: Body::Bytes(body),
            headers: Vec::new(),
            result_code: None,
            user: None,
        }
    }

    pub fn json<T: Serialize>(status: u16, value: &T) -> HttpReply {
        let body = serde_json::to_vec(value).unwrap_or_else(|e| {
            format!(r#"{{"error":"response could not be encoded: {e}"}}"#).into_bytes()
        });
        HttpReply::bytes(status, JSON, body)
    }

    /// `{"ResultCode":N,"ResultMessage":"..."}` with HTTP `status` (200 on legacy paths).
    pub fn result(status: u16, code: i64, message: &str) -> HttpReply {
        let mut r = HttpReply::json(status, &ResultJson { code, message });
        r.result_code = Some(code);
        r
    }

    /// HTTP 401 with the Basic challenge (the seed's endpoints).
    pub fn unauthorized(code: i64, message: &str) -> HttpReply {
        HttpReply::result(401, code, message)
            .with_header("WWW-Authenticate", format!("Basic realm=\"{REALM}\""))
    }

    /// HTTP 429 with `Retry-After`: the caller's address spent its failed-login budget
    /// (every face, the legacy ones too: dreport treats any non-200 as "no data").
    pub fn throttled(retry_after_secs: u64) -> HttpReply {
        HttpReply::result(
            429,
            103,
            &format!(
                "HTTP authorisation fail! Too many failed logins from this address; try again in {retry_after_secs} s"
            ),
        )
        .with_header("Retry-After", retry_after_secs.to_string())
    }

    /// A plain JSON error for the seed's endpoints: `{"error":"..."}`.
    pub fn error(status: u16, message: &str) -> HttpReply {
        HttpReply::json(status, &serde_json::json!({ "error": message }))
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> HttpReply {
        self.headers.push((name, value));
        self
    }

    pub fn by(mut self, user: Option<String>) -> HttpReply {
        self.user = user;
        self
    }

    pub fn body_len(&self) -> usize {
        match &self.body {
            Body::Bytes(b) => b.len(),
            Body::File(_, n) => *n,
        }
    }
}
