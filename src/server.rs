//! The TCP side: one blocking listener per instance, one thread per client session, and the
//! watchdog that closes connections the protocol says to drop.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::context::{Instance, Shared};
use crate::handler;
use crate::limits::{suppressed_note, LogBudget};
use crate::metrics::Metrics;
use crate::registry::{AdmitCaps, AdmitError, SessionHandle};

/// Session threads need little stack: payload work happens on the heap.
pub const SESSION_STACK: usize = 256 * 1024;

/// How often the watchdog looks at every session.
const WATCHDOG_TICK: Duration = Duration::from_millis(500);

/// A bound client listener and the address that wakes its blocked `accept` at shutdown.
pub struct ClientListener {
    pub instance: Arc<Instance>,
    pub listener: TcpListener,
    pub local_addr: SocketAddr,
}

impl ClientListener {
    pub fn bind(instance: Arc<Instance>) -> io::Result<ClientListener> {
        let addr = SocketAddr::new(instance.config.tcp_ip, instance.config.tcp_port);
        let listener = listen(addr, instance.config.tcp_backlog).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot listen on {addr} (instance {}): {e}",
                    instance.config.number
                ),
            )
        })?;
        let local_addr = listener.local_addr()?;
        Ok(ClientListener {
            instance,
            listener,
            local_addr,
        })
    }

    fn wake_addr(&self) -> SocketAddr {
        let mut a = self.local_addr;
        if a.ip().is_unspecified() {
            a.set_ip(if a.is_ipv4() {
                [127, 0, 0, 1].into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        a
    }
}

/// Binds a listener with an explicit backlog (std always asks for 128): after a restart or a
/// network blip thousands of shops connect within a second, and connections beyond the queue
/// are dropped by the kernel and retried by the client seconds later (issue 14 finding 5).
/// Linux caps the value at `net.core.somaxconn`.
pub fn listen(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(backlog.min(i32::MAX as u32) as i32)?;
    Ok(socket.into())
}

/// Accepts clients until shutdown.
pub fn spawn_accept_loop(
    shared: Arc<Shared>,
    l: ClientListener,
) -> io::Result<(JoinHandle<()>, SocketAddr)> {
    let wake = l.wake_addr();
    let name = format!("accept-{}", l.instance.config.number);
    let handle = std::thread::Builder::new().name(name).spawn(move || {
        log::info!(
            "instance {}: listening for clients on {}",
            l.instance.config.number,
            l.local_addr
        );
        let mut refusals = LogBudget::new();
        for stream in l.listener.incoming() {
            if shared.shutdown.is_triggered() {
                break;
            }
            match stream {
                Ok(stream) => admit(&shared, &l.instance, stream, &mut refusals),
                Err(e) => {
                    log::warn!("accept failed: {e}");
                    // Out of descriptors or similar: do not spin.
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
        log::info!(
            "instance {}: client listener closed",
            l.instance.config.number
        );
    })?;
    Ok((handle, wake))
}

fn admit(
    shared: &Arc<Shared>,
    instance: &Arc<Instance>,
    stream: TcpStream,
    refusals: &mut LogBudget,
) {
    let peer = match stream.peer_addr() {
        Ok(p) => p,
        Err(_) => return,
    };
    // One descriptor per session: the thread reads and writes through the same socket the
    // registry uses to close it from outside.
    let stream = Arc::new(stream);
    let id = shared.registry.next_session_id();
    let handle = Arc::new(SessionHandle::new(
        id,
        shared.events.next_uid(),
        instance.config.number,
        peer,
        stream.clone(),
    ));
    let limits = &shared.config.limits;
    let caps = AdmitCaps {
        total: shared.config.max_sessions,
        per_ip: limits.sessions_per_ip,
        unidentified_per_ip: limits.unidentified_per_ip,
    };
    if let Err(e) = shared.registry.add(handle.clone(), caps) {
        Metrics::inc(&shared.metrics.sessions_rejected);
        if !matches!(e, AdmitError::Full(_)) {
            Metrics::inc(&shared.metrics.sessions_refused_per_ip);
        }
        // One line per refusal would let a flood rotate the logs away: a budget, with counts.
        if let Some(suppressed) = refusals.allow() {
            log::warn!(
                "{peer}: connection refused: {e}{}",
                suppressed_note(suppressed)
            );
        }
        return;
    }
    Metrics::inc(&shared.metrics.sessions_total);
    Metrics::inc(&shared.metrics.sessions_current);
    let (s, i, h) = (shared.clone(), instance.clone(), handle.clone());
    let spawned = std::thread::Builder::new()
        .name(format!("s{id}"))
        .stack_size(SESSION_STACK)
        .spawn(move || handler::run(s, i, h, stream));
    if let Err(e) = spawned {
        log::error!("{peer}: cannot start a session thread: {e}");
        shared.registry.remove(&handle);
        shared
            .metrics
            .sessions_current
            .fetch_sub(1, Ordering::Relaxed);
    }
}

/// Closes sessions with no object ID after `NoIdTimeoutSec` and idle ones after
/// `IdleTimeoutSec`.
pub fn spawn_watchdog(shared: Arc<Shared>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || {
            while !shared.shutdown.wait_timeout(WATCHDOG_TICK) {
                for h in shared.registry.all() {
                    let Some(inst) = shared.instance(h.instance) else {
                        continue;
                    };
                    let c = &inst.config;
                    if h.object_id().is_none() && h.age() >= c.no_id_timeout {
                        log::info!(
                            "S{} {}: no object ID after {}s: closing",
                            h.id,
                            h.peer,
                            c.no_id_timeout.as_secs()
                        );
                        h.close(&format!(
                            "no object ID after {}s",
                            c.no_id_timeout.as_secs()
                        ));
                    } else if h.idle_for() >= c.idle_timeout {
                        log::info!(
                            "S{} {}: idle for {}s: closing",
                            h.id,
                            h.peer,
                            c.idle_timeout.as_secs()
                        );
                        h.close(&format!("idle for {}s", c.idle_timeout.as_secs()));
                    }
                }
            }
        })
}

/// Stops accepting, closes every session and waits (bounded) for their threads to finish.
pub fn stop_sessions(shared: &Shared, wake_addrs: &[SocketAddr], grace: Duration) {
    shared.shutdown.trigger();
    for a in wake_addrs {
        let _ = TcpStream::connect_timeout(a, Duration::from_millis(200));
    }
    for h in shared.registry.all() {
        h.close("server shutdown");
    }
    let deadline = Instant::now() + grace;
    while shared.metrics.sessions_current.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Raises the open-file limit to its hard maximum: every session holds one descriptor, and
/// the default soft limit (often 1024) would cap the server far below `MaxSessions`.
pub fn raise_fd_limit() -> u64 {
    // SAFETY: plain libc calls on a local struct.
    unsafe {
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) != 0 {
            return 0;
        }
        if r.rlim_cur < r.rlim_max {
            let wanted = libc::rlimit {
                rlim_cur: r.rlim_max,
                rlim_max: r.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                return wanted.rlim_cur;
            }
        }
        r.rlim_cur
    }
}
