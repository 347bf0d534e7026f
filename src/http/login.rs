//! Who is calling: `u`/`p` query parameters (the legacy form) or HTTP Basic, checked against
//! `[SRV_n_HTTPLOGINS]` in constant time.

use base64::Engine;

use super::req::{decode_text, Req};
use crate::config::InstanceConfig;

/// The realm sent with `401` on the seed's endpoints.
pub const REALM: &str = "CloudReportServer";

/// How a login check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Accepted; the account name (for logs and the relay log's caller).
    Ok(String),
    /// No credentials at all, or only half of them (ResultCode 102).
    Missing,
    /// Wrong user or password (ResultCode 103). Carries the user name tried, for the log.
    Denied(String),
    /// The caller's address spent its failed-login budget (`super::throttle`); the
    /// credentials were not checked. Seconds until it may try again (HTTP 429).
    Throttled(u64),
}

/// Whether the request carries any credentials to check (a query `u` or `p`, or an
/// `Authorization` header): only those are charged to, and refused by, the login budget.
pub fn has_credentials(req: &Req) -> bool {
    req.param("u").is_some() || req.param("p").is_some() || req.authorization.is_some()
}

/// A refused user name as the log may show it: a configured account as is; anything else
/// (it may be a password typed into the wrong field, or `user;p=secret`) cut before the
/// first character that is not a letter, digit, `.`, `_`, `-` or `@`, and to 32 characters.
pub fn loggable_user(user: &str, config: &InstanceConfig) -> String {
    if config.logins.iter().any(|(u, _)| u == user) {
        return format!("{user:?}");
    }
    let shown: String = user
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        .take(32)
        .collect();
    if shown.chars().count() == user.chars().count() {
        format!("{shown:?} (unknown)")
    } else {
        format!(
            "{shown:?}... (unknown, {} characters)",
            user.chars().count()
        )
    }
}

/// Checks the request's credentials. Query parameters win when `u` is present (that is what
/// dreport sends); otherwise an `Authorization: Basic` header is used.
pub fn check(req: &Req, config: &InstanceConfig) -> Login {
    if let Some(u) = req.param("u") {
        let Some(p) = req.param("p") else {
            return Login::Missing;
        };
        let user = u.form.trim().to_string();
        if user.is_empty() {
            return Login::Missing;
        }
        // Try every reading of the values; each comparison is constant-time and all of them
        // are made, so timing does not tell which reading came closer.
        let mut ok = false;
        for uu in u.candidates() {
            for pp in p.candidates() {
                ok |= config.login_ok(uu.trim(), pp);
            }
        }
        return if ok {
            Login::Ok(user)
        } else {
            Login::Denied(user)
        };
    }
    if req.param("p").is_some() {
        return Login::Missing;
    }
    match basic(req) {
        Some((user, pass)) if !user.is_empty() => {
            if config.login_ok(&user, &pass) {
                Login::Ok(user)
            } else {
                Login::Denied(user)
            }
        }
        Some((user, _)) => Login::Denied(user),
        None => Login::Missing,
    }
}

/// `Authorization: Basic base64(user:password)`, when present and well-formed.
fn basic(req: &Req) -> Option<(String, String)> {
    let value = req.authorization.as_deref()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()?;
    let text = decode_text(&raw);
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::req::ParamValue;

    fn cfg() -> InstanceConfig {
        let text = "[COMMONSETTINGS]\n[SRV_1_COMMON]\n[SRV_1_HTTP]\n[SRV_1_TCP]\n[SRV_1_AUTHSERVER]\nREST_URL=http://x/\n[SRV_1_HTTPLOGINS]\nuser=pass$123\nplus=a+b\n";
        let env = std::collections::BTreeMap::<String, String>::new();
        crate::config::Config::from_text("t.ini", text, std::path::Path::new("/tmp"), &env)
            .unwrap()
            .instances
            .remove(0)
    }

    fn req(query: &[(&str, &str)], auth: Option<&str>) -> Req {
        Req {
            method: "GET".into(),
            raw_path: "/".into(),
            raw_query: String::new(),
            params: query
                .iter()
                .map(|(k, v)| (k.to_string(), ParamValue::new(v)))
                .collect(),
            authorization: auth.map(str::to_string),
            content_length: None,
            peer: None,
        }
    }

    #[test]
    fn query_and_basic() {
        let c = cfg();
        assert_eq!(
            check(&req(&[("u", "user"), ("p", "pass$123")], None), &c),
            Login::Ok("user".into())
        );
        assert_eq!(
            check(&req(&[("u", "user"), ("p", "pass%24123")], None), &c),
            Login::Ok("user".into())
        );
        assert_eq!(
            check(&req(&[("U", "plus"), ("P", "a+b")], None), &c),
            Login::Ok("plus".into())
        );
        assert_eq!(
            check(&req(&[("u", "user"), ("p", "nope")], None), &c),
            Login::Denied("user".into())
        );
        assert_eq!(check(&req(&[("u", "user")], None), &c), Login::Missing);
        assert_eq!(check(&req(&[("p", "x")], None), &c), Login::Missing);
        assert_eq!(check(&req(&[], None), &c), Login::Missing);
        // dXNlcjpwYXNzJDEyMw== is user:pass$123
        assert_eq!(
            check(&req(&[], Some("Basic dXNlcjpwYXNzJDEyMw==")), &c),
            Login::Ok("user".into())
        );
        assert_eq!(
            check(&req(&[], Some("basic dXNlcjp4")), &c),
            Login::Denied("user".into())
        );
        assert_eq!(check(&req(&[], Some("Bearer x")), &c), Login::Missing);
        assert_eq!(check(&req(&[], Some("Basic !!!")), &c), Login::Missing);
    }
}
