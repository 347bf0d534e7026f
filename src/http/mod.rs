//! The server's own HTTP API (http-api.md §1–§3): the legacy report relay and client list that
//! the dreport PHP pages call, the seed's endpoints, and what monitoring reads.
//!
//! One tiny_http server per instance (`SRV_n_HTTP`), each with a fixed pool of
//! `HTTP_Workers` threads calling `recv`. Workers only do bounded work: parse, check the
//! login, read a body, answer. A relay, once its task is handed to the session, moves to the
//! instance's relay threads ([`relay_pool`], at most `HTTP_RelayThreads`, 503 beyond) to wait
//! for the shop, so slow shops never hold a worker and monitoring answers at once however
//! many relays wait.
//!
//! Bounds (tiny_http patches, `vendor/tiny_http/PATCHES.md`): every read and write waits at
//! most `HTTP_RequestTimeoutSec`; a request's headers must arrive within
//! `HTTP_HeaderTimeoutSec` of its first byte and its body within `HTTP_RequestTimeoutSec` of
//! the headers (slowloris); at most `HTTP_MaxConnections` connections are read at once (503
//! beyond); bodies are capped by `HTTP_MaxBodyBytes`. Wrong logins are limited per client
//! address ([`throttle`], 429 beyond).
//!
//! Module map: [`req`] parsing, [`login`] who is calling, [`throttle`] failed-login slow-down,
//! [`legacy`] `/report/<name>/` and `/server/...`, [`relay_endpoint`] the relay itself with
//! every ResultCode, [`relay_pool`] the threads relays wait on, [`monitor`] `/`, `/status`,
//! `/health`, [`prometheus`] `/metrics`, [`files`] `/updates` and `/download/<file>`.

mod files;
mod legacy;
pub mod login;
mod monitor;
mod prometheus;
pub mod relay_endpoint;
pub mod relay_pool;
pub mod req;
mod response;
pub mod throttle;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::context::{Instance, Shared};
use crate::metrics::Metrics;
use relay_pool::{Permit, RelayPool};
use req::Req;
use response::{Body, HttpReply};
use throttle::LoginThrottle;

/// How often an idle worker looks at the stop flag.
const RECV_TICK: Duration = Duration::from_millis(250);

/// Worker threads mostly wait; JSON and small buffers live on the heap.
const WORKER_STACK: usize = 512 * 1024;

/// The bound addresses of one instance, for `/status`.
#[derive(Debug, Clone)]
pub struct InstanceAddrs {
    pub instance: usize,
    pub tcp: SocketAddr,
    pub http: SocketAddr,
}

/// Counters of the HTTP side that [`Metrics`] does not hold, shared by every instance.
#[derive(Default)]
pub struct HttpStats {
    responses: Mutex<BTreeMap<u16, u64>>,
    pub login_failures: std::sync::atomic::AtomicU64,
    /// Requests answered 429 because their address spent its failed-login budget.
    pub login_throttled: std::sync::atomic::AtomicU64,
    /// Relays waiting for their client right now, each on a relay thread.
    pub relays_in_flight: std::sync::atomic::AtomicU64,
    /// Relays refused with 503 because every relay thread was taken.
    pub relays_refused: std::sync::atomic::AtomicU64,
}

impl HttpStats {
    fn count(&self, status: u16) {
        *self
            .responses
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(status)
            .or_default() += 1;
    }

    pub fn responses(&self) -> BTreeMap<u16, u64> {
        self.responses
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// What every handler of one instance sees.
pub struct HttpContext {
    pub shared: Arc<Shared>,
    pub instance: Arc<Instance>,
    /// Every instance's addresses (the same table for all instances).
    pub listeners: Arc<Vec<InstanceAddrs>>,
    pub stats: Arc<HttpStats>,
    /// Object IDs whose answers were already logged as converted from cp1251.
    converted_logged: Arc<Mutex<HashSet<String>>>,
    /// This instance's relay threads.
    pub relay_pool: RelayPool,
    /// This instance's failed-login budgets per client address.
    pub throttle: LoginThrottle,
    /// This instance's tiny_http server, for its connection counts.
    server: Weak<tiny_http::Server>,
}

impl HttpContext {
    /// The session of `object_id` if it is connected to this instance. Each instance is
    /// self-contained (its own TCP port, HTTP port and `[SRV_n_HTTPLOGINS]`), so an account of
    /// one instance never reaches the clients of another.
    pub fn own_session(&self, object_id: &str) -> Option<Arc<crate::registry::SessionHandle>> {
        self.shared
            .registry
            .by_object(object_id)
            .filter(|h| h.instance == self.instance.config.number)
    }

    /// HTTP connections being read now and those refused with 503 (`HTTP_MaxConnections`).
    pub fn connections(&self) -> (usize, u64) {
        self.server
            .upgrade()
            .map(|s| (s.num_connections(), s.refused_connections()))
            .unwrap_or((0, 0))
    }

    /// Logs the cp1251 → UTF-8 conversion once per client (http-api.md §1).
    fn note_conversion(&self, object_id: &str) {
        let first = self
            .converted_logged
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(object_id.to_string());
        if first {
            log::info!(
                "client {object_id}: its answers are not UTF-8; converting them from Windows-1251 (logged once per client)"
            );
        }
    }
}

/// One instance's HTTP listener and its workers.
struct HttpServer {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    relay_pool: RelayPool,
}

/// Every instance's HTTP API. Started by [`crate::app::RunningServer::start`].
pub struct HttpServers {
    servers: Vec<HttpServer>,
    stop: Arc<AtomicBool>,
}

impl HttpServers {
    /// Binds every instance's `HTTP_IPInterface:HTTP_Port` (port 0 picks a free port), then
    /// starts the workers. `tcp_addrs` are the client listeners, in instance order.
    pub fn start(shared: &Arc<Shared>, tcp_addrs: &[SocketAddr]) -> io::Result<HttpServers> {
        let mut bound = Vec::new();
        for inst in &shared.instances {
            let c = &inst.config;
            let addr = SocketAddr::new(c.http_ip, c.http_port);
            let listener = TcpListener::bind(addr).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot listen for HTTP on {addr} (instance {}): {e}",
                        c.number
                    ),
                )
            })?;
            let local = listener.local_addr()?;
            bound.push((inst.clone(), listener, local));
        }
        let listeners: Arc<Vec<InstanceAddrs>> = Arc::new(
            bound
                .iter()
                .enumerate()
                .map(|(i, (inst, _, http))| InstanceAddrs {
                    instance: inst.config.number,
                    tcp: tcp_addrs.get(i).copied().unwrap_or(*http),
                    http: *http,
                })
                .collect(),
        );
        let stats = Arc::new(HttpStats::default());
        let converted = Arc::new(Mutex::new(HashSet::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut servers = Vec::new();
        for (inst, listener, addr) in bound {
            let c = &inst.config;
            let timeout = c.http_request_timeout;
            let limits = tiny_http::Limits {
                io_timeout: Some(timeout),
                header_timeout: Some(c.http_header_timeout),
                body_timeout: Some(timeout),
                max_connections: Some(c.http_max_connections),
                overload_message: format!(
                    "503 Service Unavailable: {} HTTP connections are open (HTTP_MaxConnections); try again later",
                    c.http_max_connections
                ),
            };
            let server = tiny_http::Server::from_listener_with_limits(listener, None, limits)
                .map_err(|e| io::Error::other(format!("HTTP server on {addr}: {e}")))?;
            let server = Arc::new(server);
            let relay_pool = RelayPool::new(format!("relay{}", c.number), c.http_relay_threads);
            let ctx = Arc::new(HttpContext {
                shared: shared.clone(),
                instance: inst.clone(),
                listeners: listeners.clone(),
                stats: stats.clone(),
                converted_logged: converted.clone(),
                relay_pool: relay_pool.clone(),
                throttle: LoginThrottle::new(c.http_login_failures, c.http_login_failures_per_min),
                server: Arc::downgrade(&server),
            });
            let mut workers = Vec::new();
            for w in 0..inst.config.http_workers {
                let (server, ctx, stop) = (server.clone(), ctx.clone(), stop.clone());
                let t = std::thread::Builder::new()
                    .name(format!("http{}-{w}", inst.config.number))
                    .stack_size(WORKER_STACK)
                    .spawn(move || worker(&server, &ctx, &stop))?;
                workers.push(t);
            }
            let c = &inst.config;
            log::info!(
                "instance {}: HTTP API on {addr} ({} workers, {} relay threads, {} connections, body limit {} bytes, headers within {}s, body within {}s, {} failed logins per address then {}/min)",
                c.number,
                c.http_workers,
                c.http_relay_threads,
                c.http_max_connections,
                c.http_max_body,
                c.http_header_timeout.as_secs(),
                timeout.as_secs(),
                c.http_login_failures,
                c.http_login_failures_per_min,
            );
            servers.push(HttpServer {
                addr,
                server,
                workers,
                relay_pool,
            });
        }
        Ok(HttpServers { servers, stop })
    }

    /// The bound address of each instance, in instance order.
    pub fn addrs(&self) -> Vec<SocketAddr> {
        self.servers.iter().map(|s| s.addr).collect()
    }

    /// Graceful stop: workers finish the request in hand (relays already failed fast because
    /// the sessions were closed first), then the listeners close.
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        for s in &self.servers {
            for _ in 0..s.workers.len() {
                s.server.unblock();
            }
        }
        for s in self.servers {
            for w in s.workers {
                let _ = w.join();
            }
            // Relays in flight end at once (their sessions were closed first).
            s.relay_pool.stop();
            // Dropping the last Arc closes the listener and ends tiny_http's accept thread.
            drop(s.server);
        }
    }
}

fn worker(server: &tiny_http::Server, ctx: &Arc<HttpContext>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        match server.recv_timeout(RECV_TICK) {
            Ok(Some(rq)) => serve(ctx, rq),
            Ok(None) => {}
            Err(e) => {
                log::warn!("HTTP receive: {e}");
                std::thread::sleep(RECV_TICK);
            }
        }
    }
}

/// What a handler came to: an answer now, or a relay to finish on a relay thread.
pub enum Routed {
    Now(HttpReply),
    Wait(relay_endpoint::Waiting, Permit),
}

impl From<HttpReply> for Routed {
    fn from(r: HttpReply) -> Routed {
        Routed::Now(r)
    }
}

/// A bug in a handler must not cost a pool a thread: answer 500 and go on.
fn guarded(req: &Req, f: impl FnOnce() -> Routed) -> Routed {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        log::error!(
            "HTTP {} {} {}: handler panicked (bug); answered 500",
            req.peer_ip(),
            req.method,
            req.masked_url()
        );
        Routed::Now(HttpReply::error(500, "internal error"))
    })
}

/// Handles one request and writes the answer, on this worker or, for a relay that waits for
/// its shop, on a relay thread; never panics on input.
fn serve(ctx: &Arc<HttpContext>, mut rq: tiny_http::Request) {
    let started = Instant::now();
    Metrics::inc(&ctx.shared.metrics.http_requests);
    let req = Req::from_tiny(&rq);
    match guarded(&req, || route(ctx, &req, &mut rq)) {
        Routed::Now(reply) => finish(ctx, &req, rq, reply, started),
        Routed::Wait(waiting, permit) => {
            let job_ctx = ctx.clone();
            ctx.relay_pool.run(permit, move || {
                let reply = match guarded(&req, || Routed::Now(waiting.wait())) {
                    Routed::Now(r) => r,
                    Routed::Wait(..) => HttpReply::error(500, "internal error"),
                };
                finish(&job_ctx, &req, rq, reply, started);
            });
        }
    }
}

/// Writes the answer, counts it and writes the access-log line.
fn finish(
    ctx: &HttpContext,
    req: &Req,
    rq: tiny_http::Request,
    reply: HttpReply,
    started: Instant,
) {
    let status = reply.status;
    let bytes = reply.body_len();
    let (code, user) = (reply.result_code, reply.user.clone());
    let written = respond(rq, reply);
    ctx.stats.count(status);
    log::info!(
        target: "crs::http::access",
        "{} \"{} {}\" {} rc={} {}B {:.1}ms user={}{}",
        req.peer_ip(),
        req.method,
        req.masked_url(),
        status,
        code.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
        bytes,
        started.elapsed().as_secs_f64() * 1000.0,
        user.as_deref().unwrap_or("-"),
        match written {
            Ok(()) => String::new(),
            Err(e) => format!(" (answer not delivered: {e})"),
        }
    );
}

fn respond(rq: tiny_http::Request, reply: HttpReply) -> io::Result<()> {
    let mut headers = vec![header("Content-Type", reply.content_type)];
    for (k, v) in &reply.headers {
        headers.push(header(k, v));
    }
    headers.push(header("Server", "CloudReportServer"));
    headers.retain(Option::is_some);
    let headers: Vec<tiny_http::Header> = headers.into_iter().flatten().collect();
    let status = tiny_http::StatusCode(reply.status);
    match reply.body {
        Body::Bytes(b) => {
            let len = b.len();
            rq.respond(tiny_http::Response::new(
                status,
                headers,
                io::Cursor::new(b),
                Some(len),
                None,
            ))
        }
        Body::File(f, len) => rq.respond(tiny_http::Response::new(
            status,
            headers,
            f,
            Some(len),
            None,
        )),
    }
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Which handler answers. Paths compare case-insensitively and with or without a trailing
/// slash. Anything unknown is the legacy "unknown document" (ResultCode 205, HTTP 200), as
/// the original server answered every path it did not know.
fn route(ctx: &Arc<HttpContext>, req: &Req, rq: &mut tiny_http::Request) -> Routed {
    let lower = req.raw_path.to_ascii_lowercase();
    let trimmed = if lower.len() > 1 {
        lower.strip_suffix('/').unwrap_or(&lower)
    } else {
        lower.as_str()
    };
    let body_allowed = matches!(trimmed.split('/').nth(1), Some("report") | Some("server"));
    // Endpoints that take no body refuse a declared oversized one at once (HTTP 413).
    if !body_allowed
        && req
            .content_length
            .is_some_and(|n| n > ctx.instance.config.http_max_body)
    {
        return HttpReply::error(
            413,
            &format!(
                "request body larger than {} bytes (HTTP_MaxBodyBytes)",
                ctx.instance.config.http_max_body
            ),
        )
        .into();
    }
    match trimmed {
        "/" => monitor::index(ctx).into(),
        "/status" => monitor::status(ctx, req).into(),
        "/health" => monitor::health(ctx).into(),
        "/metrics" => prometheus::metrics(ctx, req).into(),
        "/updates" => files::updates(ctx, req).into(),
        "/report" => relay_endpoint::seed_report(ctx, req, rq),
        "/server/clientlist" => legacy::client_list(ctx, req).into(),
        "/server/clientstat" => legacy::client_stat(ctx, req).into(),
        "/download" => files::download(ctx, req, "").into(),
        _ if trimmed.starts_with("/download/") => {
            // The original spelling of the name, not the lower-cased one.
            let raw = &req.raw_path["/download/".len()..];
            files::download(ctx, req, raw).into()
        }
        _ if trimmed.starts_with("/report/") => {
            let name = &req.raw_path["/report/".len()..];
            let name = name.strip_suffix('/').unwrap_or(name);
            if name.is_empty() || name.contains('/') {
                legacy::unknown(req).into()
            } else {
                let name = req::decode_text(&req::percent_decode(name, false));
                relay_endpoint::legacy_report(ctx, req, rq, &name)
            }
        }
        _ => legacy::unknown(req).into(),
    }
}

/// `GET`/`HEAD` only, for the read-only endpoints.
fn read_only(req: &Req) -> Option<HttpReply> {
    if matches!(req.method.as_str(), "GET" | "HEAD") {
        None
    } else {
        Some(
            HttpReply::error(405, &format!("method {} not allowed here", req.method))
                .with_header("Allow", "GET, HEAD".into()),
        )
    }
}

/// The login check every endpoint uses: the address's failed-login budget first (429 once
/// spent, credentials not even looked at), then the credentials; failures are counted,
/// logged and charged to the address, a success clears its record.
pub fn check_login(ctx: &HttpContext, req: &Req) -> login::Login {
    let ip = req
        .peer
        .map(|p| p.ip())
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    if login::has_credentials(req) {
        if let Err(wait) = ctx.throttle.check(ip) {
            Metrics::inc(&ctx.stats.login_throttled);
            return login::Login::Throttled(wait.as_secs().max(1));
        }
    }
    let login = login::check(req, &ctx.instance.config);
    match &login {
        login::Login::Ok(_) => ctx.throttle.succeeded(ip),
        login::Login::Missing => Metrics::inc(&ctx.stats.login_failures),
        login::Login::Denied(user) => {
            Metrics::inc(&ctx.stats.login_failures);
            log::warn!(
                "HTTP {} {}: login refused for user {}",
                req.peer_ip(),
                req::loggable_path(&req.raw_path),
                login::loggable_user(user, &ctx.instance.config)
            );
            if ctx.throttle.failed(ip) {
                log::warn!(
                    "HTTP {}: {} failed logins; further logins from this address are refused with 429 (HTTP_LoginFailures, refilled at {}/min)",
                    req.peer_ip(),
                    ctx.instance.config.http_login_failures,
                    ctx.instance.config.http_login_failures_per_min
                );
            }
        }
        login::Login::Throttled(_) => {}
    }
    login
}

/// Authentication for the seed's endpoints: `Ok(user)` or the 401 / 429 to send.
fn require_login(ctx: &HttpContext, req: &Req) -> Result<String, HttpReply> {
    match check_login(ctx, req) {
        login::Login::Ok(user) => Ok(user),
        login::Login::Missing => Err(HttpReply::unauthorized(102, "Login info missing")),
        login::Login::Denied(_) => Err(HttpReply::unauthorized(103, relay_endpoint::ACCESS_DENIED)),
        login::Login::Throttled(secs) => Err(HttpReply::throttled(secs)),
    }
}
