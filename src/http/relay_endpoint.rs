//! The report relay over HTTP (http-api.md §1): from the caller's request to the client's
//! answer, with every ResultCode the legacy contract knows.
//!
//! Checks run in this order, the first failing one answers:
//! 429 the caller's address spent its failed-login budget → 102 login info missing → 103
//! login incorrect → 100 `id` missing → 204 body empty or too large → 101 task without
//! `Pass` → 200 client offline → 503 every relay thread taken → 201 busy → (wait, on a relay
//! thread) → the client's answer passed through, or 200 (client left), 202 (dropped as a
//! duplicate ID while we waited), 204 (the task could not be sent, or the answer could not be
//! read), 203 (no answer within `RelayTimeoutSec`).

use std::sync::Arc;
use std::time::Instant;

use chrono::Local;

use super::login::Login;
use super::relay_pool::Permit;
use super::req::{read_body, BodyError, Req};
use super::response::{HttpReply, JSON};
use super::{HttpContext, Routed};
use crate::crypto::cp1251;
use crate::events::Event;
use crate::metrics::Metrics;
use crate::registry::SessionHandle;
use crate::relay::{self as core, RelayOutcome, RelayTicket, SubmitError};

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
    ctx: &Arc<HttpContext>,
    req: &Req,
    rq: &mut tiny_http::Request,
    name: &str,
) -> Routed {
    match relay(ctx, req, rq, name, Face::Legacy) {
        Ok((w, permit)) => Routed::Wait(w, permit),
        Err(reply) => Routed::Now(reply),
    }
}

/// `/report?id=&name=` (Basic auth or `u`/`p`).
pub fn seed_report(ctx: &Arc<HttpContext>, req: &Req, rq: &mut tiny_http::Request) -> Routed {
    let name = req.param_text("name").unwrap_or_default();
    match relay(ctx, req, rq, &name, Face::Seed) {
        Ok((w, permit)) => Routed::Wait(w, permit),
        Err(reply) => Routed::Now(reply),
    }
}

/// What one relay attempt came to, for the statistics.
struct Attempt {
    ctx: Arc<HttpContext>,
    started_wall: chrono::DateTime<Local>,
    started: Instant,
    object_id: String,
    report: String,
    caller: String,
    request_bytes: u64,
}

impl Attempt {
    /// Counts the relay (metrics + `Event::Relay` for the database) and returns the reply.
    fn finish(&self, reply: HttpReply) -> HttpReply {
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

/// A relay whose task is in the session's slot: what its relay thread needs to wait for the
/// answer and turn it into the reply.
pub struct Waiting {
    attempt: Attempt,
    ticket: RelayTicket,
    session: Arc<SessionHandle>,
    name: String,
    by: Option<String>,
}

/// Everything up to the wait, on the worker: `Ok` when the task was handed to the session
/// (finish with [`Waiting::wait`] on a relay thread), `Err` with the reply otherwise.
fn relay(
    ctx: &Arc<HttpContext>,
    req: &Req,
    rq: &mut tiny_http::Request,
    name: &str,
    face: Face,
) -> Result<(Waiting, Permit), HttpReply> {
    let config = &ctx.instance.config;
    let mut attempt = Attempt {
        ctx: ctx.clone(),
        started_wall: Local::now(),
        started: Instant::now(),
        object_id: req.param_text("id").unwrap_or_default(),
        report: name.chars().take(100).collect(),
        caller: req.peer_ip(),
        request_bytes: 0,
    };
    // A code-only answer: HTTP 200 on the legacy face.
    let fail = |code: i64, message: &str| HttpReply::result(200, code, message);

    // 429 / 102 / 103
    let user = match super::check_login(ctx, req) {
        Login::Ok(user) => user,
        Login::Missing => {
            let r = match face {
                Face::Legacy => fail(LOGIN_MISSING, "Login info missing"),
                Face::Seed => HttpReply::unauthorized(LOGIN_MISSING, "Login info missing"),
            };
            return Err(attempt.finish(r));
        }
        Login::Denied(user) => {
            attempt.caller = format!(
                "{}@{}",
                super::login::loggable_user(&user, config),
                req.peer_ip()
            )
            .chars()
            .take(100)
            .collect();
            let r = match face {
                Face::Legacy => fail(LOGIN_DENIED, ACCESS_DENIED),
                Face::Seed => HttpReply::unauthorized(LOGIN_DENIED, ACCESS_DENIED),
            };
            return Err(attempt.finish(r));
        }
        Login::Throttled(secs) => return Err(attempt.finish(HttpReply::throttled(secs))),
    };
    attempt.caller = format!("{}@{}", user, req.peer_ip())
        .chars()
        .take(100)
        .collect();
    let by = Some(user);

    // 100
    if attempt.object_id.is_empty() {
        return Err(attempt.finish(fail(ID_MISSING, "Client id missing").by(by)));
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
            log::warn!(
                "HTTP {} relay to {}: {e}",
                req.peer_ip(),
                super::req::loggable_id(&object_id)
            );
            attempt.request_bytes = req.content_length.unwrap_or(0) as u64;
            let message = format!("[TCPC][SendRequest]{e}");
            let status = match (&e, face) {
                (BodyError::TooLarge { .. }, Face::Seed) => 413,
                _ => 200,
            };
            return Err(attempt.finish(HttpReply::result(status, SEND_FAILED, &message).by(by)));
        }
    };
    attempt.request_bytes = body.len() as u64;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(attempt.finish(fail(SEND_FAILED, DATA_EMPTY).by(by)));
    }

    // 101
    if pass_missing(&body) {
        return Err(attempt.finish(fail(PASS_MISSING, "Client password missing").by(by)));
    }

    // 200
    let Some(session) = ctx.own_session(&object_id) else {
        return Err(attempt.finish(fail(OFFLINE, "Client is offline").by(by)));
    };
    // 503: a place among the relay threads, taken before the task reaches the shop.
    let Some(permit) = ctx.relay_pool.try_reserve() else {
        Metrics::inc(&ctx.stats.relays_refused);
        let cap = ctx.relay_pool.cap();
        log::warn!(
            "HTTP {} relay to {}: refused, all {cap} relay threads are waiting for clients (HTTP_RelayThreads)",
            req.peer_ip(),
            super::req::loggable_id(&object_id)
        );
        let r = HttpReply::result(
            503,
            SEND_FAILED,
            &format!(
                "[TCPC][SendRequest]Server busy: {cap} relays are already waiting for their clients (HTTP_RelayThreads); try again later"
            ),
        )
        .with_header("Retry-After", "1".into());
        return Err(attempt.finish(r.by(by)));
    };
    // 201
    let ticket = match core::submit(&session, body) {
        Ok(t) => t,
        Err(SubmitError::Busy) => {
            return Err(attempt.finish(fail(BUSY, "Client is busy").by(by)));
        }
        Err(SubmitError::Offline) => {
            return Err(attempt.finish(offline_or_duplicate(&session).by(by)));
        }
    };
    ctx.stats
        .relays_in_flight
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok((
        Waiting {
            attempt,
            ticket,
            session,
            name: name.to_string(),
            by,
        },
        permit,
    ))
}

impl Waiting {
    /// The wait, on a relay thread: the client polls GREQ, runs the task, answers with SRSP.
    pub fn wait(self) -> HttpReply {
        let Waiting {
            attempt,
            ticket,
            session,
            name,
            by,
        } = self;
        let ctx = &attempt.ctx;
        let object_id = &attempt.object_id;
        let timeout = ctx.instance.config.relay_timeout;
        let outcome = ticket.wait(timeout);
        ctx.stats
            .relays_in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        let fail = |code: i64, message: &str| HttpReply::result(200, code, message);
        let reply = match outcome {
            RelayOutcome::Answer(bytes) => {
                let (text, converted) = cp1251::utf8_or_cp1251(bytes);
                if converted {
                    ctx.note_conversion(object_id);
                }
                let code = answer_code(&text);
                let mut r = HttpReply::bytes(200, JSON, text.into_bytes());
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
                    timeout.as_secs_f64()
                );
                fail(
                    TIMED_OUT,
                    &format!("Client did not answer in time ({}s)", timeout.as_secs_f64()),
                )
            }
        };
        attempt.finish(reply.by(by))
    }
}

/// 202 when the client was dropped because another connection claimed its ID, else 200.
fn offline_or_duplicate(session: &SessionHandle) -> HttpReply {
    if session.close_reason().as_deref() == Some(DUPLICATE_REASON) {
        HttpReply::result(
            200,
            DUPLICATE,
            "Duplicate client id: the client was disconnected",
        )
    } else {
        HttpReply::result(200, OFFLINE, "Client is offline")
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
