//! `GET /metrics` (auth): the counters in the Prometheus text exposition format 0.0.4.

use std::fmt::Write;

use super::req::Req;
use super::response::{HttpReply, PROMETHEUS};
use super::{read_only, require_login, HttpContext};
use crate::metrics::{Metrics, LATENCY_BUCKETS_MS};
use crate::status::DbState;

struct Out(String);

impl Out {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.0, "# HELP {name} {help}");
        let _ = writeln!(self.0, "# TYPE {name} {kind}");
    }

    fn one(&mut self, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
        self.family(name, kind, help);
        let _ = writeln!(self.0, "{name} {value}");
    }
}

/// Seconds with enough digits for sub-millisecond buckets.
fn secs(ms: f64) -> String {
    let s = format!("{:.6}", ms / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

pub fn metrics(ctx: &HttpContext, req: &Req) -> HttpReply {
    if let Some(r) = read_only(req) {
        return r;
    }
    let user = match require_login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let body = render(ctx);
    HttpReply::bytes(200, PROMETHEUS, body.into_bytes()).by(Some(user))
}

pub fn render(ctx: &HttpContext) -> String {
    let s = &ctx.shared;
    let m = &s.metrics;
    let g = Metrics::get;
    let mut o = Out(String::with_capacity(4096));
    o.one(
        "crs_uptime_seconds",
        "gauge",
        "Seconds since the server started.",
        s.started.elapsed().as_secs(),
    );
    o.one(
        "crs_sessions",
        "gauge",
        "Client TCP connections open now.",
        s.registry.count(),
    );
    o.one(
        "crs_sessions_identified",
        "gauge",
        "Connections with an object ID (INFO done).",
        s.registry.identified_count(),
    );
    o.one(
        "crs_sessions_total",
        "counter",
        "Client connections accepted.",
        g(&m.sessions_total),
    );
    o.one(
        "crs_sessions_rejected_total",
        "counter",
        "Client connections refused (MaxSessions).",
        g(&m.sessions_rejected),
    );
    o.one(
        "crs_handshakes_total",
        "counter",
        "INIT handshakes completed.",
        g(&m.handshakes),
    );
    o.one(
        "crs_identified_total",
        "counter",
        "INFO requests that identified a client.",
        g(&m.identified),
    );
    o.one(
        "crs_info_failed_total",
        "counter",
        "INFO requests refused (510/511).",
        g(&m.info_failed),
    );
    o.one("crs_pings_total", "counter", "PING requests.", g(&m.pings));
    o.one(
        "crs_protocol_errors_total",
        "counter",
        "Protocol requests answered with an error code.",
        g(&m.protocol_errors),
    );
    o.one(
        "crs_bytes_in_total",
        "counter",
        "Bytes received from clients (TCP protocol).",
        g(&m.bytes_in),
    );
    o.one(
        "crs_bytes_out_total",
        "counter",
        "Bytes sent to clients (TCP protocol).",
        g(&m.bytes_out),
    );
    o.one(
        "crs_auth_calls_total",
        "counter",
        "Calls to the auth REST server (objectinfo).",
        g(&m.auth_calls),
    );
    o.one(
        "crs_auth_failures_total",
        "counter",
        "Auth REST calls that failed or were refused.",
        g(&m.auth_failures),
    );
    o.one(
        "crs_auth_fallbacks_total",
        "counter",
        "Clients admitted from the database while the auth server was unreachable.",
        g(&m.auth_fallbacks),
    );
    for (name, help, v) in m.guard_counters() {
        o.one(&format!("crs_{name}_total"), "counter", help, v);
    }
    o.one(
        "crs_http_requests_total",
        "counter",
        "HTTP API requests received.",
        g(&m.http_requests),
    );
    o.one(
        "crs_http_login_failures_total",
        "counter",
        "HTTP API requests with missing or wrong credentials.",
        g(&ctx.stats.login_failures),
    );
    o.one(
        "crs_http_login_throttled_total",
        "counter",
        "HTTP API requests answered 429: their address spent its failed-login budget.",
        g(&ctx.stats.login_throttled),
    );
    o.one(
        "crs_http_relays_in_flight",
        "gauge",
        "Relays waiting for their client now (each on a relay thread, none on a worker).",
        g(&ctx.stats.relays_in_flight),
    );
    o.one(
        "crs_http_relays_refused_total",
        "counter",
        "Relays answered 503 because every relay thread was taken (HTTP_RelayThreads).",
        g(&ctx.stats.relays_refused),
    );
    o.one(
        "crs_http_relay_threads",
        "gauge",
        "Relay threads of this instance at most (HTTP_RelayThreads).",
        ctx.instance.config.http_relay_threads,
    );
    o.one(
        "crs_http_workers",
        "gauge",
        "HTTP worker threads of this instance (HTTP_Workers).",
        ctx.instance.config.http_workers,
    );
    let (open, refused) = ctx.connections();
    o.one(
        "crs_http_connections",
        "gauge",
        "HTTP connections of this instance being read now (at most HTTP_MaxConnections).",
        open,
    );
    o.one(
        "crs_http_connections_refused_total",
        "counter",
        "HTTP connections answered 503 because HTTP_MaxConnections were open.",
        refused,
    );
    o.family(
        "crs_http_responses_total",
        "counter",
        "HTTP API responses by status code.",
    );
    for (status, n) in ctx.stats.responses() {
        let _ = writeln!(o.0, "crs_http_responses_total{{status=\"{status}\"}} {n}");
    }

    let r = m.relay_snapshot();
    o.family(
        "crs_relays_total",
        "counter",
        "Report relays by ResultCode (0 OK, 100-205 server errors, 1000+ the client's).",
    );
    for (code, n) in &r.by_code {
        let _ = writeln!(o.0, "crs_relays_total{{code=\"{code}\"}} {n}");
    }
    o.family(
        "crs_relay_latency_seconds",
        "histogram",
        "Time from the HTTP request to the relay's answer.",
    );
    for (i, le) in LATENCY_BUCKETS_MS.iter().enumerate() {
        let n = r.buckets.get(i).copied().unwrap_or(0);
        let _ = writeln!(
            o.0,
            "crs_relay_latency_seconds_bucket{{le=\"{}\"}} {n}",
            secs(*le)
        );
    }
    let _ = writeln!(
        o.0,
        "crs_relay_latency_seconds_bucket{{le=\"+Inf\"}} {}",
        r.count
    );
    let _ = writeln!(o.0, "crs_relay_latency_seconds_sum {}", secs(r.sum_ms));
    let _ = writeln!(o.0, "crs_relay_latency_seconds_count {}", r.count);

    let h = s.status.snapshot();
    o.family(
        "crs_database_state",
        "gauge",
        "1 for the database's current state (connected, down, disabled).",
    );
    for st in [DbState::Connected, DbState::Down, DbState::Disabled] {
        let _ = writeln!(
            o.0,
            "crs_database_state{{state=\"{}\"}} {}",
            st.as_str(),
            u8::from(h.db_state == st)
        );
    }
    o.one(
        "crs_spool_depth",
        "gauge",
        "Events waiting in the disk spool for the database.",
        h.spool_depth,
    );
    o.one(
        "crs_spool_bytes",
        "gauge",
        "Bytes in the disk spool.",
        h.spool_bytes,
    );
    o.one(
        "crs_spool_dropped_total",
        "counter",
        "Events lost because the database was down and the spool was full or unusable.",
        h.spool_dropped,
    );
    o.one(
        "crs_registration_key_valid",
        "gauge",
        "1 when the licence key matches the serial.",
        u8::from(s.config.registration.key_valid()),
    );
    o.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn seconds_text() {
        assert_eq!(super::secs(1.0), "0.001");
        assert_eq!(super::secs(2.5), "0.0025");
        assert_eq!(super::secs(30000.0), "30");
    }
}
