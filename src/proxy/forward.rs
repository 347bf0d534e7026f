//! The byte pump: one thread per direction copies every chunk through as soon as it is read
//! (TCP_NODELAY on both sockets, no buffering), after handing a copy to the session's tap.
//!
//! The copy goes to the tap *before* the write, so the tap always sees a request before the
//! server can have answered it. The hand-off never blocks: the channel is unbounded but its
//! byte volume is capped, and past the cap chunks are forwarded without a copy (the tap is
//! told how many bytes it missed).

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Local;
use crossbeam_channel::{unbounded, Receiver, Sender};
use serde_json::json;

use super::record::{Dir, Sink};
use super::tap::{Tap, TapEvent};
use super::{Live, ProxyConfig};

/// Size of one read: a chunk is forwarded as soon as it arrives, whatever its size.
const CHUNK: usize = 64 * 1024;

/// Stack of the pump threads: they only copy bytes (the buffer is on the heap), and with
/// thousands of permanent client connections the default 2 MiB per thread adds up.
pub(crate) const PUMP_STACK: usize = 256 * 1024;

/// A pump's handle on the tap.
#[derive(Clone)]
pub(crate) struct TapSender {
    tx: Sender<TapEvent>,
    queued: Arc<AtomicUsize>,
    cap: usize,
}

impl TapSender {
    /// Copies `bytes` to the tap unless its queue is over the cap; `skipped` accumulates the
    /// bytes not copied until the next copy can say so.
    fn chunk(&self, dir: Dir, bytes: &[u8], skipped: &mut u64) {
        let n = bytes.len();
        if self.queued.load(Ordering::Relaxed) + n > self.cap {
            *skipped += n as u64;
            return;
        }
        if *skipped > 0 {
            let _ = self.tx.send(TapEvent::Gap {
                dir,
                bytes: *skipped,
            });
            *skipped = 0;
        }
        self.queued.fetch_add(n, Ordering::Relaxed);
        if self
            .tx
            .send(TapEvent::Chunk {
                dir,
                at: Local::now(),
                bytes: bytes.to_vec(),
            })
            .is_err()
        {
            // The tap is gone (it failed): forwarding goes on without it.
            self.queued.fetch_sub(n, Ordering::Relaxed);
        }
    }

    fn closed(&self, dir: Dir, cause: String) {
        let _ = self.tx.send(TapEvent::Closed {
            dir,
            at: Local::now(),
            cause,
        });
    }

    pub(crate) fn note(&self, text: String) {
        let _ = self.tx.send(TapEvent::Note {
            at: Local::now(),
            text,
        });
    }
}

/// How a pump ended.
#[derive(Debug, PartialEq, Eq)]
enum End {
    /// The source closed cleanly.
    Eof,
    /// The source failed, or the destination refused the bytes.
    Broken,
}

fn pump(
    dir: Dir,
    mut from: &TcpStream,
    mut to: &TcpStream,
    tap: &TapSender,
    closing: &AtomicBool,
    stopping: &AtomicBool,
) -> End {
    let by_proxy = || closing.load(Ordering::SeqCst) || stopping.load(Ordering::SeqCst);
    let (source, dest) = match dir {
        Dir::C2s => ("client", "server"),
        _ => ("server", "client"),
    };
    let mut buf = vec![0u8; CHUNK];
    let mut skipped = 0u64;
    loop {
        match from.read(&mut buf) {
            Ok(0) => {
                let cause = if by_proxy() {
                    format!("closed by the proxy ({source} side)")
                } else {
                    format!("{source} closed the connection")
                };
                if skipped > 0 {
                    tap.chunk(dir, &[], &mut skipped);
                }
                tap.closed(dir, cause);
                return End::Eof;
            }
            Ok(n) => {
                tap.chunk(dir, &buf[..n], &mut skipped);
                if let Err(e) = to.write_all(&buf[..n]) {
                    tap.closed(
                        dir,
                        format!("writing {n} bytes to the {dest} failed: {e} (the {dest} is gone)"),
                    );
                    return End::Broken;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                tap.closed(
                    dir,
                    format!(
                        "{source} sent nothing for the drain timeout after the other side closed"
                    ),
                );
                return End::Broken;
            }
            Err(e) => {
                let cause = if by_proxy() {
                    format!("closed by the proxy ({source} side)")
                } else {
                    format!("{source} connection failed: {e}")
                };
                tap.closed(dir, cause);
                return End::Broken;
            }
        }
    }
}

/// Connects to the upstream, trying each resolved address in turn.
fn connect_upstream(upstream: &str, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for addr in upstream.to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn spawn_tap(
    id: u64,
    peer: SocketAddr,
    cfg: &ProxyConfig,
    rx: Receiver<TapEvent>,
    queued: Arc<AtomicUsize>,
) -> io::Result<std::thread::JoinHandle<()>> {
    let sink = match &cfg.record_dir {
        Some(dir) => Sink::create(dir, id, &peer).unwrap_or_else(|e| {
            log::error!(
                "P{id}: cannot create a recording in {}: {e}; this session is logged instead",
                dir.display()
            );
            Sink::Log { session: id }
        }),
        None => Sink::Log { session: id },
    };
    let open = json!({
        "session": id,
        "client": peer.to_string(),
        "upstream": cfg.upstream,
        "listen": cfg.listen,
    });
    let (unmask, max_line, every_poll) = (cfg.unmask, cfg.max_line, cfg.every_poll);
    std::thread::Builder::new()
        .name(format!("proxy-tap-{id}"))
        .spawn(move || {
            let mut tap = Tap::new(sink, unmask, max_line, open);
            if every_poll {
                tap.record_every_poll();
            }
            for ev in rx {
                if let TapEvent::Chunk { bytes, .. } = &ev {
                    queued.fetch_sub(bytes.len(), Ordering::Relaxed);
                }
                tap.handle(ev);
            }
            tap.finish();
        })
}

/// Runs one proxied connection to its end: connect upstream, pump both ways, finish the
/// recording. Called on the session's own thread.
pub(crate) fn run_session(id: u64, client: TcpStream, cfg: Arc<ProxyConfig>, live: Arc<Live>) {
    let peer = client
        .peer_addr()
        .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
    let _ = client.set_nodelay(true);
    let (tx, rx) = unbounded();
    let queued = Arc::new(AtomicUsize::new(0));
    let tap = TapSender {
        tx,
        queued: queued.clone(),
        cap: cfg.tap_queue_bytes,
    };
    let tap_thread = match spawn_tap(id, peer, &cfg, rx, queued) {
        Ok(t) => Some(t),
        Err(e) => {
            log::error!("P{id}: cannot start the recording thread: {e}; forwarding only");
            None
        }
    };

    match connect_upstream(&cfg.upstream, cfg.connect_timeout) {
        Ok(upstream) => {
            let _ = upstream.set_nodelay(true);
            log::info!(
                "P{id}: {peer} connected, forwarding to {} ({})",
                cfg.upstream,
                upstream
                    .peer_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            );
            forward(id, client, upstream, &cfg, &live, &tap);
        }
        Err(e) => {
            log::warn!("P{id}: {peer}: upstream {} unreachable: {e}", cfg.upstream);
            tap.note(format!(
                "upstream {} unreachable: {e}; client connection closed",
                cfg.upstream
            ));
            let _ = client.shutdown(Shutdown::Both);
            tap.closed(Dir::C2s, "closed by the proxy: no upstream".into());
        }
    }
    drop(tap);
    if let Some(t) = tap_thread {
        let _ = t.join();
    }
    log::info!("P{id}: {peer} session ended");
}

fn forward(
    id: u64,
    client: TcpStream,
    upstream: TcpStream,
    cfg: &ProxyConfig,
    live: &Arc<Live>,
    tap: &TapSender,
) {
    let (Ok(client2), Ok(upstream2)) = (client.try_clone(), upstream.try_clone()) else {
        tap.note("cannot clone the sockets: connection closed".into());
        let _ = client.shutdown(Shutdown::Both);
        let _ = upstream.shutdown(Shutdown::Both);
        return;
    };
    live.register(id, &client, &upstream);
    if live.stopping.load(Ordering::SeqCst) {
        // Shutdown began while this session was connecting: it missed the sweep.
        tap.note("the proxy is shutting down: connection closed".into());
        let _ = client.shutdown(Shutdown::Both);
        let _ = upstream.shutdown(Shutdown::Both);
        live.unregister(id);
        return;
    }
    // Set when the proxy itself closes a side, so the record says who closed what.
    let closing = Arc::new(AtomicBool::new(false));
    let s2c = {
        let (tap, closing, live2) = (tap.clone(), closing.clone(), live.clone());
        std::thread::Builder::new()
            .name(format!("proxy-s2c-{id}"))
            .stack_size(PUMP_STACK)
            .spawn(move || {
                pump(
                    Dir::S2c,
                    &upstream2,
                    &client2,
                    &tap,
                    &closing,
                    &live2.stopping,
                );
                // The server side ended: the client has nobody to talk to any more, so it is
                // closed too (it sees the same EOF it would have seen from the server).
                closing.store(true, Ordering::SeqCst);
                let _ = client2.shutdown(Shutdown::Both);
            })
    };
    let s2c = match s2c {
        Ok(h) => h,
        Err(e) => {
            tap.note(format!("cannot start the server-to-client pump: {e}"));
            let _ = client.shutdown(Shutdown::Both);
            let _ = upstream.shutdown(Shutdown::Both);
            live.unregister(id);
            return;
        }
    };
    match pump(Dir::C2s, &client, &upstream, tap, &closing, &live.stopping) {
        End::Eof => {
            // Pass the half-close on; the server's last reply still reaches the client unless
            // the server stays silent for the drain timeout.
            let _ = upstream.shutdown(Shutdown::Write);
            let _ = upstream.set_read_timeout(Some(cfg.drain_timeout));
        }
        End::Broken => {
            closing.store(true, Ordering::SeqCst);
            let _ = upstream.shutdown(Shutdown::Both);
            let _ = client.shutdown(Shutdown::Both);
        }
    }
    if s2c.join().is_err() {
        tap.note("the server-to-client pump ended abnormally".into());
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
    live.unregister(id);
}
