//! The report relay over HTTP (http-api.md §1): from the caller's request to the client's
//! answer, with every ResultCode the legacy contract knows.
//!
//! Checks run in this order, the first failing one answers:
//! 102 login info missing → 103 login incorrect → 100 `id` missing → 204 body empty or too
//! large → 101 task without `Pass` → 200 client offline → 201 busy → (wait) → the client's
//! answer passed through, or 200 (client left), 202 (dropped as a duplicate ID while we
//! waited), 204 (the task could not be sent, or the answer could not be read), 203 (no
//! answer within `RelayTimeoutSec`).

use std::time::Instant;

use chrono::Local;

use super::auth::{self, Login};
use super::request::{read_body, BodyError, Req};
use super::response::{Reply, JSON};
use super::HttpContext;
use crate::crypto::cp1251;
use crate::events::Event;
use crate::metrics::Metrics;
use crate::relay::{self as core, RelayOutcome, SubmitError};

pub const OK: i64 = 0;
pub const ID_MISSING: i64 = 100;
pub const PASS_MISSING: i64 = 101;
pub const LOGIN_MISSING: i64 = 102;
pub const LOGIN_DENIED: i64 = 103;
pub const OFFLINE: i64 = 200;
pub const BUSY: i64 = 201;
pub const DUPLICATE: i64 = 202;
pub const TIMED_OUT: i64 = 203;
pub const SEND_FAILED: i64 = 204;
pub const UNKNOWN_DOCUMENT: i64 = 205;

/// The original's text for ResultCode 103, kept byte for byte.
pub const ACCESS_DENIED: &str = "HTTP authorisation fail! Access denied!";
/// The original's text for an empty body (ResultCode 204).
pub const DATA_EMPTY: &str = "[TCPC][SendRequest]Data is empty!";

/// The close reason the registry gives both connections of a duplicate object ID
/// (`registry::Registry::register`); a relay that lost its client for this reason answers 202.
const DUPLICATE_REASON: &str = "duplicate client id";

/// Which face the relay was called through: errors differ only in the HTTP status.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    /// `/report/<name>/`: always HTTP 200.
    Legacy,
    /// `/report?id=&name=`: 401 for a failed login, 413 for an oversized body.
    Seed,
}

/// `/report/<name>/?id=&u=&p=`.
pub fn legacy_report(
    ctx: &HttpContext,
    req: &Req,
    rq: &mut tiny_http::Request,
    name: &str,
) -> Reply {
    relay(ctx, req, rq, name, Face::Legacy)
}

/// `/report?id=&name=` (Basic auth or `u`/`p`).
pub fn seed_report(ctx: &HttpContext, req: &Req, rq: &mut tiny_http::Request) -> Reply {
    let name = req.param_text("name").unwrap_or_default();
    relay(ctx, req, rq, &name, Face::Seed)
}

/// What one relay attempt came to, for the statistics.
struct Attempt<'a> {
    ctx: &'a HttpContext,
    started_wall: chrono::DateTime<Local>,
    started: Instant,
    object_id: String,
    report: String,
    caller: String,
    request_bytes: u64,
}

impl Attempt<'_> {
    /// Counts the relay (metrics + `Event::Relay` for the database) and returns the reply.
    fn finish(&self, reply: Reply) -> Reply {
        let code = reply.result_code.unwrap_or(OK);
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        self.ctx.shared.metrics.record_relay(code, ms);
        let answer_bytes = if code == OK || code >= 1000 {
            reply.body_len() as u64
        } else {
            0
        };
        self.ctx.shared.events.emit(Event::Relay {
            uid: self.ctx.shared.events.next_uid(),
            // t_relay_log.rl_objectid is VARCHAR(20); a caller may send anything as `id`.
            object_id: self.object_id.chars().take(20).collect(),
            report: self.report.clone(),
            caller: self.caller.clone(),
            started: self.started_wall,
            duration_ms: ms.round() as u64,
            result_code: code,
            request_bytes: self.request_bytes,
            answer_bytes,
        });
        reply
    }
}

fn relay(
    ctx: &HttpContext,
    req: &Req,
    rq: &mut tiny_http::Request,
    name: &str,
    face: Face,
) -> Reply {
    let config = &ctx.instance.config;
    let mut attempt = Attempt {
        ctx,
        started_wall: Local::now(),
        started: Instant::now(),
        object_id: req.param_text("id").unwrap_or_default(),
        report: name.chars().take(100).collect(),
        caller: req.peer_ip(),
        request_bytes: 0,
    };
    // A code-only answer: HTTP 200 on the legacy face.
    let fail = |code: i64, message: &str| Reply::result(200, code, message);

    // 102 / 103
    let user = match auth::check(req, config) {
        Login::Ok(user) => user,
        Login::Missing => {
            Metrics::inc(&ctx.stats.login_failures);
            let r = match face {
                Face::Legacy => fail(LOGIN_MISSING, "Login info missing"),
                Face::Seed => Reply::unauthorized(LOGIN_MISSING, "Login info missing"),
            };
            return attempt.finish(r);
        }
        Login::Denied(user) => {
            Metrics::inc(&ctx.stats.login_failures);
            log::warn!(
                "HTTP {} relay {name:?}: login refused for user {user:?}",
                req.peer_ip()
            );
            attempt.caller = format!("{}@{}", user, req.peer_ip());
            let r = match face {
                Face::Legacy => fail(LOGIN_DENIED, ACCESS_DENIED),
                Face::Seed => Reply::unauthorized(LOGIN_DENIED, ACCESS_DENIED),
            };
            return attempt.finish(r);
        }
    };
    attempt.caller = format!("{}@{}", user, req.peer_ip())
        .chars()
        .take(100)
        .collect();
    let by = Some(user);

    // 100
    if attempt.object_id.is_empty() {
        return attempt.finish(fail(ID_MISSING, "Client id missing").by(by));
    }
    let object_id = attempt.object_id.clone();

    // 204: the body, bounded in size and time.
    let timeout = config.http_request_timeout;
    let body = match read_body(
        rq,
        config.http_max_body,
        Instant::now() + timeout,
        timeout.as_secs(),
    ) {
        Ok(b) => b,
        Err(e) => {
            log::warn!("HTTP {} relay to {object_id}: {e}", req.peer_ip());
            attempt.request_bytes = req.content_length.unwrap_or(0) as u64;
            let message = format!("[TCPC][SendRequest]{e}");
            let status = match (&e, face) {
                (BodyError::TooLarge { .. }, Face::Seed) => 413,
                _ => 200,
            };
            return attempt.finish(Reply::result(status, SEND_FAILED, &message).by(by));
        }
    };
    attempt.request_bytes = body.len() as u64;
    if body.iter().all(u8::is_ascii_whitespace) {
        return attempt.finish(fail(SEND_FAILED, DATA_EMPTY).by(by));
    }

    // 101
    if pass_missing(&body) {
        return attempt.finish(fail(PASS_MISSING, "Client password missing").by(by));
    }

    // 200 / 201
    let Some(session) = ctx.own_session(&object_id) else {
        return attempt.finish(fail(OFFLINE, "Client is offline").by(by));
    };
    let ticket = match core::submit(&session, body) {
        Ok(t) => t,
        Err(SubmitError::Busy) => {
            return attempt.finish(fail(BUSY, "Client is busy").by(by));
        }
        Err(SubmitError::Offline) => {
            return attempt.finish(offline_or_duplicate(&session).by(by));
        }
    };

    // The wait: the client polls GREQ, runs the task, answers with SRSP.
    let in_flight = &ctx.stats.relays_in_flight;
    in_flight.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let outcome = ticket.wait(config.relay_timeout);
    in_flight.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    let reply = match outcome {
        RelayOutcome::Answer(bytes) => {
            let (text, converted) = cp1251::utf8_or_cp1251(bytes);
            if converted {
                ctx.note_conversion(&object_id);
            }
            let code = answer_code(&text);
            let mut r = Reply::bytes(200, JSON, text.into_bytes());
            r.result_code = Some(code);
            r
        }
        RelayOutcome::Offline => offline_or_duplicate(&session),
        RelayOutcome::SendFailed(why) => {
            log::warn!("relay to {object_id}: {why}");
            fail(SEND_FAILED, &format!("[TCPC][SendRequest]{why}"))
        }
        RelayOutcome::TimedOut => {
            log::warn!(
                "relay to {object_id} ({name}): no answer within {:.1}s",
                config.relay_timeout.as_secs_f64()
            );
            fail(
                TIMED_OUT,
                &format!(
                    "Client did not answer in time ({}s)",
                    config.relay_timeout.as_secs_f64()
                ),
            )
        }
    };
    attempt.finish(reply.by(by))
}

/// 202 when the client was dropped because another connection claimed its ID, else 200.
fn offline_or_duplicate(session: &crate::registry::SessionHandle) -> Reply {
    if session.close_reason().as_deref() == Some(DUPLICATE_REASON) {
        Reply::result(
            200,
            DUPLICATE,
            "Duplicate client id: the client was disconnected",
        )
    } else {
        Reply::result(200, OFFLINE, "Client is offline")
    }
}

/// ResultCode 101, "client password missing", read as: the task is a JSON object without a
/// non-empty string `Pass` (the MD5 of the object password that the client checks). A body
/// that is not a JSON object at all is forwarded untouched: the server does not judge the
/// task, and the client answers it with its own error code.
fn pass_missing(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(task)) => !task.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("pass") && v.as_str().is_some_and(|s| !s.is_empty())
        }),
        _ => false,
    }
}

/// The client's own `ResultCode`, for statistics only (the answer is passed through as is).
/// A scan, not a parse: answers can be megabytes of rows.
pub fn answer_code(answer: &str) -> i64 {
    let Some(at) = answer.find("\"ResultCode\"") else {
        return OK;
    };
    let rest = answer[at + "\"ResultCode\"".len()..].trim_start();
    let Some(rest) = rest.strip_prefix(':') else {
        return OK;
    };
    let rest = rest.trim_start().trim_start_matches('"');
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().unwrap_or(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_code_scan() {
        assert_eq!(answer_code(r#"{"ResultCode":0,"A":[]}"#), 0);
        assert_eq!(
            answer_code(r#"{"ResultCode": 1004,"ResultMessage":"x"}"#),
            1004
        );
        assert_eq!(answer_code(r#"{"ResultCode":"1007"}"#), 1007);
        assert_eq!(answer_code(r#"{"rows":[]}"#), 0);
        assert_eq!(answer_code("not json"), 0);
    }

    #[test]
    fn pass_rule() {
        assert!(!pass_missing(br#"{"Id":"1","Pass":"abc","Q":{}}"#));
        assert!(pass_missing(br#"{"Id":"1","Q":{}}"#));
        assert!(pass_missing(br#"{"Id":"1","Pass":""}"#));
        assert!(pass_missing(br#"{"Id":"1","Pass":null}"#));
        assert!(!pass_missing(b"select 1"));
        assert!(!pass_missing(b"[1,2]"));
    }
}
