//! Starting and stopping the whole server: listeners, watchdog, event consumer (and the parts
//! that plug in beside them: HTTP API, database, housekeeping).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::Receiver;

use crate::config::Config;
use crate::context::Shared;
use crate::events::{Event, Events};
use crate::server::{self, ClientListener};
use crate::shutdown::Shutdown;

/// A started server. Dropping it does not stop it: call [`RunningServer::shutdown`].
pub struct RunningServer {
    pub shared: Arc<Shared>,
    /// The bound client (TCP) address of each instance, in instance order.
    pub tcp_addrs: Vec<SocketAddr>,
    /// The bound HTTP API address of each instance, in instance order (tests bind port 0).
    pub http_addrs: Vec<SocketAddr>,
    /// The HTTP API (src/http), stopped after the sessions so waiting relays fail fast.
    http: crate::http::HttpServers,
    wake_addrs: Vec<SocketAddr>,
    threads: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Binds every instance's listener (port 0 picks a free port) and starts serving.
    pub fn start(config: Config, shutdown: Shutdown) -> io::Result<RunningServer> {
        for w in &config.warnings {
            log::warn!("{w}");
        }
        if !config.registration.key_valid() {
            log::warn!(
                "REGISTRATION KEY INVALID OR MISSING for serial {:?}: the server runs, but check [REGISTRATION INFO] (cloud-report-server regkey SERIAL prints the key)",
                config.registration.serial
            );
        }
        let (events, rx) = Events::new();
        // Database layer (issue 4): pool, event writer + spool, subscription fallback,
        // housekeeping. Without a database, events only go to the log.
        let database = crate::db::open(&config.database);
        let subscriptions = database.as_ref().map(crate::db::subscription_store);
        let shared = Arc::new(Shared::new(config, events, shutdown, subscriptions));
        let mut threads = Vec::new();
        match database {
            Some(db) => {
                let sessions = shared.clone();
                let links = crate::db::writer::Links {
                    status: shared.status.clone(),
                    shutdown: shared.shutdown.clone(),
                    live_sessions: Box::new(move || {
                        sessions
                            .metrics
                            .sessions_current
                            .load(std::sync::atomic::Ordering::Relaxed)
                    }),
                };
                threads.push(crate::db::writer::spawn(
                    db.clone(),
                    rx,
                    &shared.config.database,
                    links,
                )?);
                threads.push(crate::housekeeping::spawn(shared.clone(), Some(db))?);
            }
            None => threads.push(spawn_event_logger(rx, shared.shutdown.clone())?),
        }

        let mut tcp_addrs = Vec::new();
        let mut wake_addrs = Vec::new();
        let listeners = shared
            .instances
            .iter()
            .map(|i| ClientListener::bind(i.clone()))
            .collect::<io::Result<Vec<_>>>()?;
        for l in listeners {
            tcp_addrs.push(l.local_addr);
            let (t, wake) = server::spawn_accept_loop(shared.clone(), l)?;
            wake_addrs.push(wake);
            threads.push(t);
        }
        threads.push(server::spawn_watchdog(shared.clone())?);

        // --- HTTP API (src/http): one tiny_http server per instance ---
        let http = crate::http::HttpServers::start(&shared, &tcp_addrs)?;
        let http_addrs = http.addrs();
        // --- end HTTP API ---

        shared.events.emit(Event::ServerStarted {
            uid: shared.events.next_uid(),
            at: shared.started_at,
            version: Shared::version().to_string(),
        });
        log::info!("CloudReportServer {} started", Shared::version());
        Ok(RunningServer {
            shared,
            tcp_addrs,
            http_addrs,
            http,
            wake_addrs,
            threads,
        })
    }

    /// Blocks until shutdown is triggered (signal or [`Shutdown::trigger`]).
    pub fn wait(&self) {
        while !self.shared.shutdown.wait_timeout(Duration::from_secs(3600)) {}
    }

    /// Graceful stop: no new connections, every session closed, threads joined.
    pub fn shutdown(self) {
        log::info!(
            "shutting down: closing {} sessions",
            self.shared.registry.count()
        );
        server::stop_sessions(&self.shared, &self.wake_addrs, Duration::from_secs(5));
        // HTTP API: after the sessions, so a relay still waiting has already failed fast.
        self.http.stop();
        for t in self.threads {
            let _ = t.join();
        }
        log::info!("shutdown complete");
    }
}

/// Without a database, events only go to the log.
fn spawn_event_logger(rx: Receiver<Event>, shutdown: Shutdown) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("events".into())
        .spawn(move || loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(e) => log::debug!("event: {e:?}"),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) if shutdown.is_triggered() => {
                    break
                }
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
            }
        })
}
