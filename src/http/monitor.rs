//! `/` (liveness, no auth), `/status` (everything an operator asks first) and `/health`
//! (readiness for load balancers and container health checks).

use chrono::Local;
use serde_json::{json, Value};

use super::req::Req;
use super::response::HttpReply;
use super::{read_only, require_login, HttpContext};
use crate::context::Shared;
use crate::metrics::Metrics;
use crate::status::{DbState, FolderHealth};

/// A URL without its `user:password@` part, should an operator have put one there.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

fn uptime(ctx: &HttpContext) -> u64 {
    ctx.shared.started.elapsed().as_secs()
}

/// `GET /`: name, version, uptime. No authentication: a liveness probe.
pub fn index(ctx: &HttpContext) -> HttpReply {
    HttpReply::json(
        200,
        &json!({
            "name": "CloudReportServer",
            "version": Shared::version(),
            "status": "running",
            "uptime_sec": uptime(ctx),
            "started_at": ctx.shared.started_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        }),
    )
}

/// A watched folder as the housekeeping thread last saw it; before its first check only the
/// configured path is known (`writable: null`, not a false alarm).
fn folder(f: &FolderHealth, configured: &std::path::Path) -> Value {
    if f.path.as_os_str().is_empty() {
        return json!({
            "path": configured.display().to_string(),
            "free_bytes": null,
            "writable": null,
            "problem": null,
        });
    }
    json!({
        "path": f.path.display().to_string(),
        "free_bytes": f.free_bytes,
        "writable": f.writable,
        "problem": f.problem,
    })
}

/// `GET /status` (auth): the detailed status of brief.md's shape.
pub fn status(ctx: &HttpContext, req: &Req) -> HttpReply {
    if let Some(r) = read_only(req) {
        return r;
    }
    let user = match require_login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let shared = &ctx.shared;
    let cfg = &shared.config;
    let h = shared.status.snapshot();
    let m = &shared.metrics;
    let relays = m.relay_snapshot();
    let relay_errors: u64 = relays
        .by_code
        .iter()
        .filter(|(code, _)| **code != 0)
        .map(|(_, n)| n)
        .sum();
    let instances: Vec<Value> = ctx
        .listeners
        .iter()
        .map(|l| {
            json!({
                "instance": l.instance,
                "tcp": l.tcp.to_string(),
                "http": l.http.to_string(),
                "sessions": shared.registry.count_instance(l.instance),
            })
        })
        .collect();
    let first = shared.instances.first().map(|i| &i.config);
    let auth_url = first.map(|c| redact_url(&c.rest_url)).unwrap_or_default();
    let config: Vec<Value> = shared
        .instances
        .iter()
        .map(|i| {
            let c = &i.config;
            json!({
                "instance": c.number,
                "tcp": format!("{}:{}", c.tcp_ip, c.tcp_port),
                "http": format!("{}:{}", c.http_ip, c.http_port),
                "http_workers": c.http_workers,
                "http_max_body_bytes": c.http_max_body,
                "http_request_timeout_sec": c.http_request_timeout.as_secs(),
                "http_header_timeout_sec": c.http_header_timeout.as_secs(),
                "http_max_connections": c.http_max_connections,
                "http_relay_threads": c.http_relay_threads,
                "http_login_failures": c.http_login_failures,
                "http_login_failures_per_min": c.http_login_failures_per_min,
                "relay_timeout_sec": c.relay_timeout.as_secs_f64(),
                "no_id_timeout_sec": c.no_id_timeout.as_secs(),
                "idle_timeout_sec": c.idle_timeout.as_secs(),
                "update_folder": c.update_folder.display().to_string(),
                "auth_server": redact_url(&c.rest_url),
                "trace_log": c.trace_log,
                "http_users": c.logins.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let log_fallback = cfg.log_folder.clone();
    let upd_fallback = first.map(|c| c.update_folder.clone()).unwrap_or_default();
    let guards: serde_json::Map<String, serde_json::Value> = m
        .guard_counters()
        .into_iter()
        .map(|(k, _, v)| (k.to_string(), json!(v)))
        .collect();
    let body = json!({
        "name": "CloudReportServer",
        "version": Shared::version(),
        "status": if shared.shutdown.is_triggered() { "stopping" } else { "running" },
        "uptime_sec": uptime(ctx),
        "started_at": shared.started_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "now": Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        "clients": {
            "connected": shared.registry.count(),
            "identified": shared.registry.identified_count(),
        },
        "instances": instances,
        "database": {
            "state": h.db_state.as_str(),
            "last_error": h.db_last_error,
            "spool_depth": h.spool_depth,
            "spool_bytes": h.spool_bytes,
            "spool_dropped": h.spool_dropped,
            "events": {
                "written": h.db_events.written,
                "spooled": h.db_events.spooled,
                "replayed": h.db_events.replayed,
                "already_applied": h.db_events.already_applied,
                "rejected": h.db_events.rejected,
            },
        },
        "auth_server": {
            "url": auth_url,
            "reachable": h.auth_reachable,
            "last_checked": h.auth_last_checked,
            "last_error": h.auth_last_error,
            "fallbacks": Metrics::get(&m.auth_fallbacks),
        },
        "registration": {
            "serial": cfg.registration.serial,
            "key_valid": cfg.registration.key_valid(),
        },
        "health": {
            "last_check": h.last_health_check,
            "folders": {
                "log": folder(&h.log_folder, &log_fallback),
                "updates": folder(&h.update_folder, &upd_fallback),
            },
        },
        "cleanup": {
            "last_run": h.last_cleanup,
            "deleted_files": h.cleanup_deleted_files,
        },
        "counters": {
            "sessions_total": Metrics::get(&m.sessions_total),
            "sessions_rejected": Metrics::get(&m.sessions_rejected),
            "handshakes": Metrics::get(&m.handshakes),
            "identified": Metrics::get(&m.identified),
            "relays": relays.count,
            "relay_errors": relay_errors,
            "relays_by_code": relays.by_code.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "protocol_errors": Metrics::get(&m.protocol_errors),
            "bytes_in": Metrics::get(&m.bytes_in),
            "bytes_out": Metrics::get(&m.bytes_out),
            "auth_calls": Metrics::get(&m.auth_calls),
            "auth_failures": Metrics::get(&m.auth_failures),
            "http_requests": Metrics::get(&m.http_requests),
            "http_login_failures": Metrics::get(&ctx.stats.login_failures),
            "http_relays_in_flight": Metrics::get(&ctx.stats.relays_in_flight),
            "http_relays_refused": Metrics::get(&ctx.stats.relays_refused),
            "http_login_throttled": Metrics::get(&ctx.stats.login_throttled),
            "http_connections": ctx.connections().0,
            "http_connections_refused": ctx.connections().1,
        },
        "guards": guards,
        "relay_latency_ms": {
            "p50": relays.p50,
            "p90": relays.p90,
            "p99": relays.p99,
        },
        "config": {
            "file": cfg.path.display().to_string(),
            "log_folder": cfg.log_folder.display().to_string(),
            "log_level": cfg.log_level,
            "max_sessions": cfg.max_sessions,
            "database": {
                "enabled": cfg.database.enabled,
                "host": cfg.database.host,
                "port": cfg.database.port,
                "name": cfg.database.name,
                "user": cfg.database.user,
                "pool_size": cfg.database.pool_size,
                "spool_folder": cfg.database.spool_folder.display().to_string(),
                "spool_max_bytes": cfg.database.spool_max_bytes,
            },
            "housekeeping": {
                "health_check_sec": cfg.housekeeping.health_check.as_secs(),
                "cleanup_days": cfg.housekeeping.cleanup_days,
                "history_retention_days": cfg.housekeeping.history_retention_days,
            },
            "instances": config,
        },
    });
    HttpReply::json(200, &body).by(Some(user))
}

/// Why the server cannot do its job right now, if it cannot.
fn problems(ctx: &HttpContext) -> Vec<String> {
    let mut p = Vec::new();
    let h = ctx.shared.status.snapshot();
    if h.db_state == DbState::Down {
        p.push(format!(
            "database down: {}",
            h.db_last_error.as_deref().unwrap_or("no connection")
        ));
    }
    if ctx.shared.shutdown.is_triggered() {
        p.push("server is shutting down".into());
    }
    if ctx.listeners.is_empty() {
        p.push("no client listener".into());
    }
    p
}

/// `GET /health` (no auth, nothing secret): 200 when the server can do its job, 503 when the
/// database is down (per the status board) or it is shutting down.
pub fn health(ctx: &HttpContext) -> HttpReply {
    let h = ctx.shared.status.snapshot();
    let problems = problems(ctx);
    let ok = problems.is_empty();
    HttpReply::json(
        if ok { 200 } else { 503 },
        &json!({
            "status": if ok { "ok" } else { "unavailable" },
            "problems": problems,
            "database": h.db_state.as_str(),
            "clients": ctx.shared.registry.identified_count(),
            "uptime_sec": uptime(ctx),
        }),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            super::redact_url("http://web:8015/dreport/api.php"),
            "http://web:8015/dreport/api.php"
        );
        assert_eq!(
            super::redact_url("https://u:p@web/api.php?x=a@b"),
            "https://***@web/api.php?x=a@b"
        );
        assert_eq!(super::redact_url(""), "");
    }
}
