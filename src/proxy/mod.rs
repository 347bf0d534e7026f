//! The migration proxy: a transparent TCP proxy in front of the original Windows server that
//! records and decodes live BosTcpClient traffic, and the report that compares what it saw
//! with what this server implements (the ASSUMED points of protocol.md, see [`crate::assumed`]).
//!
//! - [`forward`]: the byte pump, thread per direction, bytes forwarded unchanged and at once;
//! - [`tap`]: incremental parsing of both directions with the project's own parsers
//!   ([`lines`] cuts the streams), session key derivation from INIT, and decoding of every
//!   `DATA=` payload ([`decode`]);
//! - [`record`]: the JSON-lines recording, one file per session, with masking;
//! - [`report`]: `proxy-report`, the summary and the CONFIRMED / CONTRADICTED / NOT SEEN list.

pub mod decode;
pub mod forward;
pub mod lines;
pub mod record;
pub mod report;
pub mod tap;

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::wire::{Reply, MAX_LINE};

/// What `cloud-report-server proxy` is told.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// `ADDR:PORT` the BosTcpClients connect to.
    pub listen: String,
    /// `HOST:PORT` of the original server (resolved for every connection).
    pub upstream: String,
    /// One `.jsonl` file per session goes here; `None` logs the records instead.
    pub record_dir: Option<PathBuf>,
    /// Record `Pass`, row values and unknown payload text in clear.
    pub unmask: bool,
    /// Record every PING/GREQ exchange on its own instead of collapsing runs of empty polls
    /// into `repeat` records.
    pub every_poll: bool,
    /// Longest line the tap parses (longer ones are forwarded and noted).
    pub max_line: usize,
    /// Bytes the tap may have queued before chunks are forwarded without a copy.
    pub tap_queue_bytes: usize,
    pub connect_timeout: Duration,
    /// After the client closed its side, how long the server may still take to answer.
    pub drain_timeout: Duration,
}

impl ProxyConfig {
    pub fn new(listen: impl Into<String>, upstream: impl Into<String>) -> ProxyConfig {
        ProxyConfig {
            listen: listen.into(),
            upstream: upstream.into(),
            record_dir: None,
            unmask: false,
            every_poll: false,
            max_line: MAX_LINE + 1024,
            tap_queue_bytes: 64 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(60),
        }
    }
}

/// The live sessions' sockets (to close them at shutdown) and counters.
#[derive(Default)]
pub(crate) struct Live {
    sockets: Mutex<HashMap<u64, (TcpStream, TcpStream)>>,
    active: AtomicUsize,
    total: AtomicU64,
    /// The whole proxy is shutting down (closes are the proxy's doing).
    stopping: AtomicBool,
}

impl Live {
    fn register(&self, id: u64, client: &TcpStream, upstream: &TcpStream) {
        if let (Ok(c), Ok(u)) = (client.try_clone(), upstream.try_clone()) {
            self.lock().insert(id, (c, u));
        }
    }

    fn unregister(&self, id: u64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (TcpStream, TcpStream)>> {
        self.sockets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A started proxy. Dropping it does not stop it: call [`RunningProxy::shutdown`].
pub struct RunningProxy {
    pub local_addr: SocketAddr,
    live: Arc<Live>,
    accept: Option<JoinHandle<()>>,
}

impl RunningProxy {
    /// Binds `cfg.listen` (port 0 picks a free port) and starts accepting.
    pub fn start(cfg: ProxyConfig) -> io::Result<RunningProxy> {
        let addr = cfg
            .listen
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no listen address"))?;
        let listener = TcpListener::bind(addr)?;
        let local_addr = listener.local_addr()?;
        if let Some(dir) = &cfg.record_dir {
            std::fs::create_dir_all(dir)?;
        }
        let cfg = Arc::new(cfg);
        let live = Arc::new(Live::default());
        let accept = {
            let (live, cfg) = (live.clone(), cfg.clone());
            std::thread::Builder::new()
                .name("proxy-accept".into())
                .spawn(move || accept_loop(listener, cfg, live))?
        };
        log::info!(
            "migration proxy listening on {local_addr}, forwarding to {}, recording {}",
            cfg.upstream,
            cfg.record_dir
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|| "to the log".into())
        );
        Ok(RunningProxy {
            local_addr,
            live,
            accept: Some(accept),
        })
    }

    /// Sessions being forwarded now.
    pub fn active_sessions(&self) -> usize {
        self.live.active.load(Ordering::SeqCst)
    }

    /// Sessions accepted since start.
    pub fn total_sessions(&self) -> u64 {
        self.live.total.load(Ordering::SeqCst)
    }

    /// Stops accepting, closes every session and waits (up to 5 s) for their recordings to
    /// be finished.
    pub fn shutdown(mut self) {
        self.live.stopping.store(true, Ordering::SeqCst);
        let mut wake = self.local_addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(if wake.is_ipv4() {
                [127, 0, 0, 1].into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_millis(500));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for (c, u) in self.live.lock().values() {
            let _ = c.shutdown(Shutdown::Both);
            let _ = u.shutdown(Shutdown::Both);
        }
        let start = Instant::now();
        while self.active_sessions() > 0 && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        log::info!("migration proxy stopped");
    }
}

fn accept_loop(listener: TcpListener, cfg: Arc<ProxyConfig>, live: Arc<Live>) {
    for conn in listener.incoming() {
        if live.stopping.load(Ordering::SeqCst) {
            break;
        }
        let stream = match conn {
            Ok(s) => s,
            Err(e) => {
                log::warn!("proxy: accept failed: {e}");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let id = live.total.fetch_add(1, Ordering::SeqCst) + 1;
        live.active.fetch_add(1, Ordering::SeqCst);
        let (cfg2, live2) = (cfg.clone(), live.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("proxy-{id}"))
            .stack_size(forward::PUMP_STACK)
            .spawn(move || {
                forward::run_session(id, stream, cfg2, live2.clone());
                live2.active.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            log::error!("proxy: cannot start a session thread: {e}; connection dropped");
            live.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// A reply's wire layout with the values replaced by `…`: `200`, `200 OK`,
/// `200-KEY=… / 200 LEN=…`, `503 Unknown command`. Recorded for every reply and computed for
/// the server's own (assumed) replies, so the report compares like with like.
pub fn layout_of(reply: &Reply) -> String {
    if reply.lines.is_empty() {
        return reply.code.to_string();
    }
    let last = reply.lines.len() - 1;
    let mut parts = Vec::with_capacity(reply.lines.len());
    for (i, line) in reply.lines.iter().enumerate() {
        let sep = if i == last { ' ' } else { '-' };
        let shape = match line.iter().position(|&b| b == b'=') {
            Some(eq) if eq > 0 && eq <= 32 && !line[..eq].contains(&b' ') => {
                format!("{}=…", crate::crypto::cp1251::to_utf8(&line[..eq]))
            }
            _ => {
                let text = crate::crypto::cp1251::to_utf8(line);
                if text.chars().count() > 40 {
                    format!("{}…", text.chars().take(40).collect::<String>())
                } else {
                    text
                }
            }
        };
        parts.push(format!("{}{sep}{shape}", reply.code));
    }
    parts.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assumed;

    #[test]
    fn layouts() {
        assert_eq!(layout_of(&assumed::greq_empty_reply()), "200");
        assert_eq!(
            layout_of(&assumed::greq_task_reply(1, "QQ==".into())),
            "200-CMD=… / 200 DATA=…"
        );
        assert_eq!(layout_of(&assumed::errl_reply()), "200 OK");
        assert_eq!(
            layout_of(&assumed::error_reply(503, "Unknown command")),
            "503 Unknown command"
        );
        assert_eq!(layout_of(&Reply::text(200, b"a b=c".to_vec())), "200 a b=c");
    }
}
