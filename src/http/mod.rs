//! The server's own HTTP API (http-api.md §1–§3): the legacy report relay and client list that
//! the dreport PHP pages call, the seed's endpoints, and what monitoring reads.
//!
//! One tiny_http server per instance (`SRV_n_HTTP`), each with a fixed pool of
//! `HTTP_Workers` threads calling `recv`. A relay holds its worker while it waits for the
//! client (at most `RelayTimeoutSec`), so the pool size is the number of relays one instance
//! runs at once; requests beyond it queue in tiny_http. Reading the request and writing the
//! answer are bounded by `HTTP_RequestTimeoutSec` (socket timeouts set at accept, see
//! `vendor/tiny_http/PATCHES.md`) and bodies by `HTTP_MaxBodyBytes`.
//!
//! Module map: [`request`] parsing, [`auth`] logins, [`legacy`] `/report/<name>/` and
//! `/server/...`, [`relay`] the relay itself with every ResultCode, [`status`] `/`, `/status`,
//! `/health`, [`metrics`] `/metrics`, [`files`] `/updates` and `/download/<file>`.

pub mod auth;
mod files;
mod legacy;
mod metrics;
pub mod relay;
pub mod request;
mod response;
mod status;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::context::{Instance, Shared};
use crate::metrics::Metrics;
use request::Req;
use response::{Body, Reply};

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
    /// Relays waiting for their client right now: each holds a worker, so this reaching
    /// `HTTP_Workers` means further requests queue.
    pub relays_in_flight: std::sync::atomic::AtomicU64,
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
            let timeout = inst.config.http_request_timeout;
            let server =
                tiny_http::Server::from_listener_with_timeout(listener, None, Some(timeout))
                    .map_err(|e| io::Error::other(format!("HTTP server on {addr}: {e}")))?;
            let server = Arc::new(server);
            let ctx = Arc::new(HttpContext {
                shared: shared.clone(),
                instance: inst.clone(),
                listeners: listeners.clone(),
                stats: stats.clone(),
                converted_logged: converted.clone(),
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
            log::info!(
                "instance {}: HTTP API on {addr} ({} workers, body limit {} bytes, request timeout {}s)",
                inst.config.number,
                inst.config.http_workers,
                inst.config.http_max_body,
                timeout.as_secs()
            );
            servers.push(HttpServer {
                addr,
                server,
                workers,
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
            // Dropping the last Arc closes the listener and ends tiny_http's accept thread.
            drop(s.server);
        }
    }
}

fn worker(server: &tiny_http::Server, ctx: &HttpContext, stop: &AtomicBool) {
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

/// Handles one request and writes the answer; never panics on input.
fn serve(ctx: &HttpContext, mut rq: tiny_http::Request) {
    let started = Instant::now();
    Metrics::inc(&ctx.shared.metrics.http_requests);
    let req = Req::from_tiny(&rq);
    // A bug in a handler must not cost the fixed pool a worker: answer 500 and go on.
    let reply =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| route(ctx, &req, &mut rq)))
            .unwrap_or_else(|_| {
                log::error!(
                    "HTTP {} {} {}: handler panicked (bug); answered 500",
                    req.peer_ip(),
                    req.method,
                    req.masked_url()
                );
                Reply::error(500, "internal error")
            });
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

fn respond(rq: tiny_http::Request, reply: Reply) -> io::Result<()> {
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
fn route(ctx: &HttpContext, req: &Req, rq: &mut tiny_http::Request) -> Reply {
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
        return Reply::error(
            413,
            &format!(
                "request body larger than {} bytes (HTTP_MaxBodyBytes)",
                ctx.instance.config.http_max_body
            ),
        );
    }
    match trimmed {
        "/" => status::index(ctx),
        "/status" => status::status(ctx, req),
        "/health" => status::health(ctx),
        "/metrics" => metrics::metrics(ctx, req),
        "/updates" => files::updates(ctx, req),
        "/report" => relay::seed_report(ctx, req, rq),
        "/server/clientlist" => legacy::client_list(ctx, req),
        "/server/clientstat" => legacy::client_stat(ctx, req),
        "/download" => files::download(ctx, req, ""),
        _ if trimmed.starts_with("/download/") => {
            // The original spelling of the name, not the lower-cased one.
            let raw = &req.raw_path["/download/".len()..];
            files::download(ctx, req, raw)
        }
        _ if trimmed.starts_with("/report/") => {
            let name = &req.raw_path["/report/".len()..];
            let name = name.strip_suffix('/').unwrap_or(name);
            if name.is_empty() || name.contains('/') {
                legacy::unknown(req)
            } else {
                let name = request::decode_text(&request::percent_decode(name, false));
                relay::legacy_report(ctx, req, rq, &name)
            }
        }
        _ => legacy::unknown(req),
    }
}

/// `GET`/`HEAD` only, for the read-only endpoints.
fn read_only(req: &Req) -> Option<Reply> {
    if matches!(req.method.as_str(), "GET" | "HEAD") {
        None
    } else {
        Some(
            Reply::error(405, &format!("method {} not allowed here", req.method))
                .with_header("Allow", "GET, HEAD".into()),
        )
    }
}

/// Authentication for the seed's endpoints: `Ok(user)` or the 401 to send.
fn require_login(ctx: &HttpContext, req: &Req) -> Result<String, Reply> {
    match auth::check(req, &ctx.instance.config) {
        auth::Login::Ok(user) => Ok(user),
        auth::Login::Missing => {
            Metrics::inc(&ctx.stats.login_failures);
            Err(Reply::unauthorized(102, "Login info missing"))
        }
        auth::Login::Denied(user) => {
            Metrics::inc(&ctx.stats.login_failures);
            log::warn!(
                "HTTP {} {}: login refused for user {user:?}",
                req.peer_ip(),
                req.raw_path
            );
            Err(Reply::unauthorized(103, relay::ACCESS_DENIED))
        }
    }
}
