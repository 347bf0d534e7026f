//! The auth REST call made on INFO (http-api.md §4): `GET <REST_URL>/objectinfo?...`.

use std::time::Duration;

use chrono::NaiveDate;
use serde_json::Value;

/// What the client told us about its database (UTF-8, converted from cp1251 at the edge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectInfoRequest {
    pub object_id: String,
    pub object_name: String,
    pub customer_name: String,
    pub eik: String,
    pub address: String,
    pub host: String,
    pub app_ip: String,
    pub app_type: String,
    pub app_version: String,
    pub db_type: String,
    pub comment: String,
}

/// The subscription the INFO reply is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub object_id: String,
    pub object_name: String,
    pub customer_name: String,
    pub expire_date: Option<NaiveDate>,
    pub active: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    /// The auth server answered and said no (`result != 0`).
    #[error("auth server refused: result {result}: {message}")]
    Refused { result: i64, message: String },
    /// No usable answer: connection refused, timeout, not JSON.
    #[error("auth server unreachable: {0}")]
    Unreachable(String),
    #[error("no auth server configured")]
    NotConfigured,
}

/// Where INFO looks when the auth server is unreachable: the object's last known
/// subscription in the database (implemented by the database layer).
pub trait SubscriptionStore: Send + Sync {
    fn last_known(&self, object_id: &str) -> Result<Option<Subscription>, String>;
}

/// A blocking client with the spec's timeouts (connect 5 s, total 10 s).
#[derive(Clone)]
pub struct AuthClient {
    agent: ureq::Agent,
    base_url: String,
}

impl AuthClient {
    pub fn new(base_url: &str) -> Self {
        Self::with_timeouts(base_url, Duration::from_secs(5), Duration::from_secs(10))
    }

    pub fn with_timeouts(base_url: &str, connect: Duration, total: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(connect))
            .timeout_global(Some(total))
            .http_status_as_error(false)
            .user_agent("CloudReportServer")
            .build()
            .into();
        AuthClient {
            agent,
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn url(&self) -> &str {
        &self.base_url
    }

    /// Registers or updates the object; `Ok` only for `result == 0`.
    pub fn object_info(&self, req: &ObjectInfoRequest) -> Result<Subscription, AuthError> {
        if self.base_url.is_empty() {
            return Err(AuthError::NotConfigured);
        }
        let url = objectinfo_url(&self.base_url, req)?;
        let mut resp = self
            .agent
            .get(url)
            .call()
            .map_err(|e| AuthError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(1024 * 1024)
            .read_to_string()
            .map_err(|e| AuthError::Unreachable(format!("HTTP {status}: {e}")))?;
        let json: Value = serde_json::from_str(&body).map_err(|_| {
            AuthError::Unreachable(format!(
                "HTTP {status}: answer is not JSON: {}",
                body.chars().take(120).collect::<String>()
            ))
        })?;
        parse_answer(&json, req)
    }

    /// Reachability for the health check: any HTTP answer from the base URL counts.
    pub fn ping(&self) -> Result<(), String> {
        if self.base_url.is_empty() {
            return Err("no auth server configured".into());
        }
        self.agent
            .get(&format!("{}/", self.base_url))
            .call()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The longest objectinfo URL sent. Fields are cut to their columns first (at most ~1.8 k
/// characters, ~16 KiB percent-encoded), so only a misconfigured `REST_URL` reaches this.
pub const MAX_URL: usize = 32 * 1024;

/// Column widths of `t_subscriptions` (schema.sql): what the auth server stores, and what it
/// would refuse or truncate anyway. Applied to every field from the wire before the REST call.
pub mod widths {
    pub const OBJECT_ID: usize = 20;
    pub const OBJECT_NAME: usize = 100;
    pub const CUSTOMER_NAME: usize = 200;
    pub const EIK: usize = 30;
    pub const ADDRESS: usize = 255;
    pub const HOST: usize = 64;
    pub const APP_IP: usize = 50;
    pub const APP_TYPE: usize = 50;
    pub const APP_VERSION: usize = 20;
    pub const DB_TYPE: usize = 20;
    pub const COMMENT: usize = 1024;
}

pub use crate::text::cut;

impl ObjectInfoRequest {
    /// Every field cut to its `t_subscriptions` column.
    pub fn cut_to_columns(mut self) -> Self {
        use widths::*;
        for (f, w) in [
            (&mut self.object_id, OBJECT_ID),
            (&mut self.object_name, OBJECT_NAME),
            (&mut self.customer_name, CUSTOMER_NAME),
            (&mut self.eik, EIK),
            (&mut self.address, ADDRESS),
            (&mut self.host, HOST),
            (&mut self.app_ip, APP_IP),
            (&mut self.app_type, APP_TYPE),
            (&mut self.app_version, APP_VERSION),
            (&mut self.db_type, DB_TYPE),
            (&mut self.comment, COMMENT),
        ] {
            *f = cut(f, w);
        }
        self
    }
}

/// `<base>/objectinfo?objectid=..&..`, built and validated here so no client value can make
/// the HTTP library fail (ureq panicked on a 70 000-character name: issue 14 finding 1).
pub fn objectinfo_url(base: &str, req: &ObjectInfoRequest) -> Result<ureq::http::Uri, AuthError> {
    let req = req.clone().cut_to_columns();
    let pairs = [
        ("objectid", req.object_id.as_str()),
        ("objectname", &req.object_name),
        ("customername", &req.customer_name),
        ("eik", &req.eik),
        ("address", &req.address),
        ("hostname", &req.host),
        ("appip", &req.app_ip),
        ("apptype", &req.app_type),
        ("appver", &req.app_version),
        ("appdbtype", &req.db_type),
        ("comment", &req.comment),
    ];
    let mut url = format!("{base}/objectinfo");
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 && !base.contains('?') {
            '?'
        } else {
            '&'
        });
        url.push_str(k);
        url.push('=');
        url.push_str(&crate::text::percent_encode(v));
    }
    if url.len() > MAX_URL {
        return Err(AuthError::Unreachable(format!(
            "objectinfo URL would be {} bytes (limit {MAX_URL})",
            url.len()
        )));
    }
    ureq::http::Uri::try_from(url)
        .map_err(|e| AuthError::Unreachable(format!("objectinfo URL is invalid: {e}")))
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads `result`, whatever the HTTP status (201 is not an error status: read `result`).
fn parse_answer(json: &Value, req: &ObjectInfoRequest) -> Result<Subscription, AuthError> {
    let result = as_i64(&json["result"])
        .ok_or_else(|| AuthError::Unreachable(format!("answer has no numeric result: {json}")))?;
    if result != 0 {
        return Err(AuthError::Refused {
            result,
            message: as_text(&json["message"]),
        });
    }
    let object_id = as_text(&json["objectid"]);
    if object_id.is_empty() {
        return Err(AuthError::Refused {
            result,
            message: "answer without objectid".into(),
        });
    }
    let expire_date = parse_date(&as_text(&json["expiredate"]));
    let active = as_i64(&json["active"]).map(|a| a != 0).unwrap_or(false);
    let name = as_text(&json["objectname"]);
    let customer = as_text(&json["customername"]);
    Ok(Subscription {
        object_id,
        object_name: if name.is_empty() {
            req.object_name.clone()
        } else {
            name
        },
        customer_name: if customer.is_empty() {
            req.customer_name.clone()
        } else {
            customer
        },
        expire_date,
        active,
    })
}

/// `YYYY-MM-DD` (possibly followed by a time).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let d = s.trim().get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_success_with_string_active() {
        let s = parse_answer(
            &json!({"result":0,"message":"OK","objectid":"3769d93a","objectname":"Shop","expiredate":"2026-01-01","active":"1"}),
            &ObjectInfoRequest { customer_name: "ACME".into(), ..Default::default() },
        )
        .unwrap();
        assert_eq!(s.object_id, "3769d93a");
        assert_eq!(s.expire_date, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert!(s.active);
        assert_eq!(s.customer_name, "ACME");
    }

    #[test]
    fn url_is_encoded_cut_and_bounded() {
        let req = ObjectInfoRequest {
            object_id: "-1".into(),
            object_name: "N".repeat(70_000),
            customer_name: "Фирма & Co ?#=".into(),
            host: "МАГАЗИН-PC\u{0}\u{1b}".into(),
            ..Default::default()
        };
        let uri = objectinfo_url("http://web:8015/dreport/api.php", &req).unwrap();
        let text = uri.to_string();
        assert!(text.starts_with("http://web:8015/dreport/api.php/objectinfo?objectid=-1&"));
        assert!(text.contains(&format!("objectname={}&", "N".repeat(100))));
        assert!(!text.contains(&"N".repeat(101)));
        assert!(
            text.contains("customername=%D0%A4%D0%B8%D1%80%D0%BC%D0%B0%20%26%20Co%20%3F%23%3D&")
        );
        assert!(text.contains("%00%1B"));
        // A base URL that cannot be a URI is an error, never a panic.
        assert!(objectinfo_url("not a url", &req).is_err());
        assert!(objectinfo_url(&format!("http://h/{}", "x".repeat(40_000)), &req).is_err());
    }

    #[test]
    fn refusals() {
        let r = ObjectInfoRequest::default();
        assert_eq!(
            parse_answer(&json!({"result":3,"message":"Error object not found"}), &r),
            Err(AuthError::Refused {
                result: 3,
                message: "Error object not found".into()
            })
        );
        assert!(matches!(
            parse_answer(&json!({"x":1}), &r),
            Err(AuthError::Unreachable(_))
        ));
        assert!(matches!(
            parse_answer(&json!({"result":"0"}), &r),
            Err(AuthError::Refused { .. })
        ));
    }
}
