//! Event → rows. Every event is applied inside the caller's transaction behind
//! `INSERT IGNORE INTO t_server_applied_events(ae_uid)`: when that inserts nothing the
//! event was committed before (a replay after an in-doubt commit, or a spool replayed twice)
//! and is skipped, which makes replay exactly-once.
//!
//! Time columns: `DATETIME(3)` columns (the server's history tables) hold the server's local
//! time, as the legacy system did; the `TIMESTAMP` column `t_statistics.s_datetime` is written
//! in UTC because the connection's `time_zone` is `+00:00` (see [`super::Database::new`]).
//! Every row carries the event's own time, so a replayed event keeps the time it happened.
//!
//! `t_statistics` rows follow `t_settings.log_level` (0 none, 1 REST + errors, 2 + objects,
//! 3 all), like dreport's `Audit::requiredLevel`; see [`required_level`].

use chrono::{DateTime, Local, Utc};
use mysql::prelude::Queryable;
use mysql::Transaction;

use crate::events::{AuthOutcome, Event};
use crate::text::cut;

/// `t_opertype` codes of the server's events (schema.sql / migration 002).
pub mod opertype {
    pub const SERVER_STARTED: i32 = 200;
    pub const CLIENT_CONNECTED: i32 = 201;
    pub const CLIENT_DISCONNECTED: i32 = 202;
    pub const CLIENT_ERROR: i32 = 203;
    pub const RELAY: i32 = 204;
    pub const AUTHORISED: i32 = 205;
    pub const REFUSED: i32 = 206;
    pub const AUTH_FALLBACK: i32 = 207;
}

/// The lowest `log_level` at which an opertype is written to `t_statistics`:
/// errors and auth trouble at 1, objects coming and going at 2, every relay at 3.
pub fn required_level(op: i32) -> u8 {
    use opertype::*;
    match op {
        SERVER_STARTED | CLIENT_ERROR | REFUSED | AUTH_FALLBACK => 1,
        CLIENT_CONNECTED | CLIENT_DISCONNECTED | AUTHORISED => 2,
        _ => 3,
    }
}

/// At most `max` bytes, on a character boundary (TEXT is sized in bytes).
fn cut_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

fn local(t: &DateTime<Local>) -> String {
    t.naive_local().format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

fn utc(t: &DateTime<Local>) -> String {
    t.with_timezone(&Utc)
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn int(n: u64) -> i64 {
    n.min(i32::MAX as u64) as i64
}

/// Applies one event. `Ok(false)`: it was applied before and nothing was written.
pub fn apply(tx: &mut Transaction<'_>, event: &Event, log_level: u8) -> mysql::Result<bool> {
    tx.exec_drop(
        "INSERT IGNORE INTO t_server_applied_events (ae_uid) VALUES (?)",
        (cut(event.uid(), 40),),
    )?;
    if tx.affected_rows() == 0 {
        return Ok(false);
    }
    let stat = |tx: &mut Transaction<'_>,
                op: i32,
                operid: &str,
                at: &DateTime<Local>,
                text: String|
     -> mysql::Result<()> {
        if log_level >= required_level(op) {
            tx.exec_drop(
                "INSERT INTO t_statistics (s_opertype, s_operid, s_datetime, s_description) VALUES (?, ?, ?, ?)",
                (op, cut(operid, 30), utc(at), cut(&text, 1024)),
            )?;
        }
        Ok(())
    };
    match event {
        Event::ServerStarted { at, version, .. } => stat(
            tx,
            opertype::SERVER_STARTED,
            "server",
            at,
            format!("CloudReportServer {version} started"),
        )?,
        Event::ClientConnected {
            session_uid,
            peer_ip,
            host,
            app,
            version,
            at,
            ..
        } => {
            tx.exec_drop(
                "INSERT INTO t_client_connections (cc_uid, cc_host, cc_peer_ip, cc_app, cc_version, cc_connected_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    cut(session_uid, 40),
                    cut(host, 64),
                    cut(peer_ip, 50),
                    cut(app, 50),
                    cut(version, 20),
                    local(at),
                ),
            )?;
            stat(
                tx,
                opertype::CLIENT_CONNECTED,
                host,
                at,
                format!("client {host} connected from {peer_ip} ({app} {version})"),
            )?;
        }
        Event::ClientIdentified {
            session_uid,
            object_id,
            ..
        } => {
            tx.exec_drop(
                "UPDATE t_client_connections SET cc_objectid = ? WHERE cc_uid = ?",
                (cut(object_id, 20), cut(session_uid, 40)),
            )?;
        }
        Event::ClientDisconnected {
            session_uid,
            object_id,
            reason,
            at,
            ..
        } => {
            tx.exec_drop(
                "UPDATE t_client_connections SET cc_disconnected_at = ?, cc_reason = ?, cc_objectid = COALESCE(cc_objectid, ?) WHERE cc_uid = ?",
                (
                    local(at),
                    cut(reason, 100),
                    object_id.as_deref().map(|o| cut(o, 20)),
                    cut(session_uid, 40),
                ),
            )?;
            stat(
                tx,
                opertype::CLIENT_DISCONNECTED,
                object_id.as_deref().unwrap_or(""),
                at,
                format!("client disconnected: {reason}"),
            )?;
        }
        Event::ClientError {
            uid,
            object_id,
            host,
            peer_ip,
            text,
            at,
        } => {
            tx.exec_drop(
                "INSERT INTO t_client_errors (ce_uid, ce_objectid, ce_host, ce_peer_ip, ce_text, ce_created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    cut(uid, 40),
                    object_id.as_deref().map(|o| cut(o, 20)),
                    cut(host, 64),
                    cut(peer_ip, 50),
                    cut_bytes(text, 65535),
                    local(at),
                ),
            )?;
            stat(
                tx,
                opertype::CLIENT_ERROR,
                object_id.as_deref().unwrap_or(host),
                at,
                format!("ERRL from {host} ({peer_ip}): {text}"),
            )?;
        }
        Event::Relay {
            uid,
            object_id,
            report,
            caller,
            started,
            duration_ms,
            result_code,
            request_bytes,
            answer_bytes,
        } => {
            tx.exec_drop(
                "INSERT INTO t_relay_log (rl_uid, rl_objectid, rl_report, rl_caller, rl_started_at, rl_duration_ms, rl_resultcode, rl_request_bytes, rl_answer_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cut(uid, 40),
                    cut(object_id, 20),
                    cut(report, 100),
                    cut(caller, 100),
                    local(started),
                    int(*duration_ms),
                    (*result_code).clamp(i32::MIN as i64, i32::MAX as i64),
                    int(*request_bytes),
                    int(*answer_bytes),
                ),
            )?;
            stat(
                tx,
                opertype::RELAY,
                object_id,
                started,
                format!(
                    "report {report} for {caller}: ResultCode {result_code} in {duration_ms} ms"
                ),
            )?;
        }
        Event::Auth {
            object_id,
            host,
            peer_ip,
            outcome,
            message,
            at,
            ..
        } => {
            let (op, what) = match outcome {
                AuthOutcome::Authorised => (opertype::AUTHORISED, "authorised"),
                AuthOutcome::Refused => (opertype::REFUSED, "refused by the auth server"),
                // `message` says why the auth server could not be asked.
                AuthOutcome::Unreachable => (
                    opertype::REFUSED,
                    "refused, no subscription in the database to fall back to",
                ),
                AuthOutcome::Fallback => (opertype::AUTH_FALLBACK, "admitted from t_subscriptions"),
            };
            stat(
                tx,
                op,
                object_id,
                at,
                format!("client {host} ({peer_ip}) {what}: {message}"),
            )?;
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_on_characters() {
        assert_eq!(cut("Демо", 2), "Де");
        assert_eq!(cut("ab", 5), "ab");
        assert_eq!(cut_bytes("Демо", 3), "Д");
        assert_eq!(cut_bytes("Демо", 4), "Де");
    }

    #[test]
    fn levels_match_dreport() {
        assert_eq!(required_level(opertype::CLIENT_ERROR), 1);
        assert_eq!(required_level(opertype::CLIENT_CONNECTED), 2);
        assert_eq!(required_level(opertype::RELAY), 3);
    }
}
