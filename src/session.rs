//! One client session's state: what a command reads and changes, and the release of
//! everything the session holds when it ends, however it ends.
//!
//! The commands (`cmd/`) work on a [`Session`]; the loop that reads lines and runs them lives
//! in [`crate::handler`], so this module knows nothing of the commands.

use std::sync::Arc;

use chrono::Local;

use crate::context::{Instance, Shared};
use crate::crypto::{cp1251, PayloadKey};
use crate::events::Event;
use crate::limits::{suppressed_note, LogBudget, TokenBucket};
use crate::logging::escape;
use crate::registry::SessionHandle;
use crate::relay;
use crate::trace;

/// The state a command works on. Dropping it releases everything the session holds (registry
/// entry, per-address counts, waiting relay, socket, the live-session counter), so a session
/// thread that ends in any way (a return, a panic outside the command guard) never leaks its
/// slot (issue 14 finding 1).
pub struct Session {
    pub shared: Arc<Shared>,
    pub instance: Arc<Instance>,
    pub handle: Arc<SessionHandle>,
    /// Known after INIT.
    pub key: Option<PayloadKey>,
    /// INIT's HST as sent (cp1251).
    pub host_raw: Vec<u8>,
    /// Whether the connection-history row was started (first INIT).
    pub announced: bool,
    /// ERRL reports this session may still store (`ErrlPerMinute`).
    pub errl_bucket: TokenBucket,
    /// ERRL reports dropped since the last stored one.
    pub errl_dropped: u64,
    /// INFO attempts that failed while the session was unidentified.
    pub failed_info: u32,
    /// Warning lines this session may still write.
    log_budget: LogBudget,
    /// Why the session ended, once known; `None` at drop means the thread panicked.
    end_reason: Option<String>,
}

impl Session {
    /// A new session's state, before INIT.
    pub(crate) fn new(
        shared: Arc<Shared>,
        instance: Arc<Instance>,
        handle: Arc<SessionHandle>,
    ) -> Self {
        let errl_per_minute = shared.config.limits.errl_per_minute;
        Session {
            shared,
            instance,
            handle,
            key: None,
            host_raw: Vec::new(),
            announced: false,
            errl_bucket: TokenBucket::per_minute(errl_per_minute),
            errl_dropped: 0,
            failed_info: 0,
            log_budget: LogBudget::new(),
            end_reason: None,
        }
    }

    /// Records why the session ends; logged and stored when the state is dropped.
    pub(crate) fn set_end_reason(&mut self, reason: String) {
        self.end_reason = Some(reason);
    }

    pub fn trace_info_keys(&self, pairs: &[(Vec<u8>, Vec<u8>)]) {
        if self.instance.config.trace_log {
            let names: Vec<String> = pairs
                .iter()
                .map(|(k, _)| escape(&cp1251::to_utf8(k)).into_owned())
                .collect();
            trace::info_keys(self.handle.id, &names);
        }
    }

    /// A warning about this session, within its log budget.
    pub(crate) fn warn(&mut self, args: std::fmt::Arguments<'_>) {
        self.warn_with(|| args.to_string());
    }

    /// [`Session::warn`] for a message that costs something to build: it is built only when
    /// the budget lets the line through (a flood of bad lines builds nothing).
    pub(crate) fn warn_with(&mut self, message: impl FnOnce() -> String) {
        if let Some(suppressed) = self.log_budget.allow() {
            log::warn!(
                "S{} {}: {}{}",
                self.handle.id,
                self.handle.peer,
                message(),
                suppressed_note(suppressed)
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let reason = self
            .handle
            .close_reason()
            .or_else(|| self.end_reason.take())
            .unwrap_or_else(|| "session thread panicked".to_string());
        let suppressed = self.log_budget.pending();
        if suppressed > 0 {
            log::warn!(
                "S{} {}: {suppressed} warning lines about this session were suppressed",
                self.handle.id,
                self.handle.peer
            );
        }
        finish(&self.shared, &self.handle, self.announced, reason);
    }
}

/// Unregisters the session, fails a waiting relay at once, records the disconnection.
fn finish(shared: &Shared, handle: &Arc<SessionHandle>, announced: bool, reason: String) {
    relay::close(handle);
    shared.registry.remove(handle);
    handle.close(&reason);
    shared
        .metrics
        .sessions_current
        .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    let object_id = handle.object_id();
    log::info!(
        "S{} {}: disconnected ({}){}",
        handle.id,
        handle.peer,
        escape(&reason),
        object_id
            .as_deref()
            .map(|o| format!(" client {}", escape(o)))
            .unwrap_or_default()
    );
    if announced {
        shared.events.emit(Event::ClientDisconnected {
            uid: shared.events.next_uid(),
            session_uid: handle.uid.clone(),
            object_id,
            reason,
            at: Local::now(),
        });
    }
    trace::disconnected(handle.id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::net::{TcpListener, TcpStream};
    use std::time::Duration;

    use crate::config::Config;
    use crate::events::Events;
    use crate::metrics::Metrics;
    use crate::registry::AdmitCaps;
    use crate::shutdown::Shutdown;

    const INI: &str = "[COMMONSETTINGS]\n[SRV_1_COMMON]\n[SRV_1_HTTP]\n[SRV_1_TCP]\n";

    /// Issue 14 finding 1: whatever ends a session thread, a panic included, its registry
    /// entry, per-address counts, live counter and socket are released.
    #[test]
    fn a_panicking_session_thread_releases_its_slot() {
        let env: BTreeMap<String, String> = BTreeMap::new();
        let config = Config::from_text("t.ini", INI, std::path::Path::new("/tmp"), &env).unwrap();
        let (events, _rx) = Events::new();
        let shared = Arc::new(Shared::new(config, events, Shutdown::new(), None));
        let instance = shared.instances[0].clone();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server_side, peer) = listener.accept().unwrap();
        let handle = Arc::new(SessionHandle::new(
            1,
            "u1".into(),
            1,
            peer,
            Arc::new(server_side),
        ));
        let caps = AdmitCaps {
            total: 10,
            per_ip: 10,
            unidentified_per_ip: 10,
        };
        shared.registry.add(handle.clone(), caps).unwrap();
        Metrics::inc(&shared.metrics.sessions_current);
        assert_eq!(shared.registry.per_address(peer.ip()), (1, 1));
        let (s, h) = (shared.clone(), handle.clone());
        let thread = std::thread::spawn(move || {
            let _session = Session {
                shared: s,
                instance,
                handle: h,
                key: None,
                host_raw: Vec::new(),
                announced: false,
                errl_bucket: TokenBucket::per_minute(1),
                errl_dropped: 0,
                failed_info: 0,
                log_budget: LogBudget::new(),
                end_reason: None,
            };
            panic!("a handler bug outside the command guard");
        });
        assert!(thread.join().is_err());
        assert_eq!(shared.registry.count(), 0);
        assert_eq!(shared.registry.per_address(peer.ip()), (0, 0));
        assert_eq!(Metrics::get(&shared.metrics.sessions_current), 0);
        assert_eq!(
            handle.close_reason().as_deref(),
            Some("session thread panicked")
        );
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 1];
        assert_eq!(client.read(&mut buf).unwrap_or(0), 0, "socket closed");
    }
}
