//! Who is connected: every live connection, and object ID → the session that owns it.
//!
//! Shared by the protocol threads (register, drop), the watchdog (close the stale ones) and the
//! HTTP side (find a client to relay to, list clients).

use std::collections::HashMap;
use std::net::{IpAddr, Shutdown as NetShutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate};

use crate::limits::{address_key, NewObjectWindow};
use crate::relay::{RelayHost, RelaySlot};

/// What is known about a connected client, shown by `/server/clientlist/`.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub object_id: Option<String>,
    pub host: String,
    pub app: String,
    pub version: String,
    pub db_type: String,
    pub object_name: String,
    pub customer_name: String,
    pub expire_date: Option<NaiveDate>,
    pub active: bool,
    /// Client clock minus server clock at INIT, in seconds.
    pub clock_skew_secs: Option<i64>,
}

/// One live connection. The session thread owns the socket; the handle keeps a clone so the
/// watchdog and shutdown can close it from outside.
pub struct SessionHandle {
    pub id: u64,
    /// Unique across restarts; the connection-history row's key.
    pub uid: String,
    pub instance: usize,
    pub peer: SocketAddr,
    pub connected_at: DateTime<Local>,
    started: Instant,
    last_activity_ms: AtomicU64,
    socket: Arc<TcpStream>,
    info: Mutex<ClientInfo>,
    relay: Arc<Mutex<RelaySlot>>,
    close_reason: Mutex<Option<String>>,
}

impl RelayHost for SessionHandle {
    fn relay_slot(&self) -> &Arc<Mutex<RelaySlot>> {
        &self.relay
    }
}

impl SessionHandle {
    pub fn new(
        id: u64,
        uid: String,
        instance: usize,
        peer: SocketAddr,
        socket: Arc<TcpStream>,
    ) -> Self {
        SessionHandle {
            id,
            uid,
            instance,
            peer,
            connected_at: Local::now(),
            started: Instant::now(),
            last_activity_ms: AtomicU64::new(0),
            socket,
            info: Mutex::new(ClientInfo::default()),
            relay: Arc::new(Mutex::new(RelaySlot::default())),
            close_reason: Mutex::new(None),
        }
    }

    pub fn touch(&self) {
        self.last_activity_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    pub fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_activity_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    pub fn age(&self) -> Duration {
        self.started.elapsed()
    }

    /// Wall-clock time of the last request.
    pub fn last_activity(&self) -> DateTime<Local> {
        self.connected_at
            + chrono::Duration::milliseconds(self.last_activity_ms.load(Ordering::Relaxed) as i64)
    }

    pub fn info(&self) -> MutexGuard<'_, ClientInfo> {
        self.info.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether INFO has identified the session (no allocation: checked per request).
    pub fn is_identified(&self) -> bool {
        self.info().object_id.is_some()
    }

    pub fn object_id(&self) -> Option<String> {
        self.info().object_id.clone()
    }

    /// Closes the socket from outside; the session thread's blocked read returns and it
    /// cleans up. The first reason given is the one recorded.
    pub fn close(&self, reason: &str) {
        {
            let mut r = self.close_reason.lock().unwrap_or_else(|p| p.into_inner());
            if r.is_none() {
                *r = Some(reason.to_string());
            }
        }
        let _ = self.socket.shutdown(NetShutdown::Both);
    }

    pub fn close_reason(&self) -> Option<String> {
        self.close_reason
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// A claim for an object ID that is live on another connection: that connection, for the
/// caller's log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    pub live_id: u64,
    pub live_peer: SocketAddr,
}

/// Why a new connection was not admitted.
#[derive(Debug, PartialEq, Eq)]
pub enum AdmitError {
    /// `MaxSessions` connections are live.
    Full(usize),
    /// `MaxSessionsPerIP` connections from this address are live.
    PerAddress(usize),
    /// `MaxUnidentifiedPerIP` connections from this address have not identified yet.
    UnidentifiedPerAddress(usize),
}

impl std::fmt::Display for AdmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdmitError::Full(n) => write!(f, "{n} sessions already (MaxSessions)"),
            AdmitError::PerAddress(n) => {
                write!(
                    f,
                    "{n} sessions from this address already (MaxSessionsPerIP)"
                )
            }
            AdmitError::UnidentifiedPerAddress(n) => write!(
                f,
                "{n} unidentified sessions from this address already (MaxUnidentifiedPerIP)"
            ),
        }
    }
}

/// The caps [`Registry::add`] enforces.
#[derive(Debug, Clone, Copy)]
pub struct AdmitCaps {
    pub total: usize,
    pub per_ip: usize,
    pub unidentified_per_ip: usize,
}

/// Live connections of one address.
#[derive(Debug, Default, Clone, Copy)]
struct PerIp {
    total: usize,
    unidentified: usize,
}

#[derive(Default)]
struct Inner {
    all: HashMap<u64, Arc<SessionHandle>>,
    by_object: HashMap<String, Arc<SessionHandle>>,
    by_ip: HashMap<IpAddr, PerIp>,
}

#[derive(Default)]
pub struct Registry {
    inner: Mutex<Inner>,
    next_id: AtomicU64,
    new_objects: Mutex<NewObjectWindow>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn next_session_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Adds a (new, unidentified) connection unless one of the caps is reached.
    pub fn add(&self, handle: Arc<SessionHandle>, caps: AdmitCaps) -> Result<(), AdmitError> {
        let mut inner = self.lock();
        if inner.all.len() >= caps.total {
            return Err(AdmitError::Full(caps.total));
        }
        let ip = address_key(handle.peer.ip());
        let per = inner.by_ip.get(&ip).copied().unwrap_or_default();
        if per.total >= caps.per_ip {
            return Err(AdmitError::PerAddress(caps.per_ip));
        }
        if per.unidentified >= caps.unidentified_per_ip {
            return Err(AdmitError::UnidentifiedPerAddress(caps.unidentified_per_ip));
        }
        let e = inner.by_ip.entry(ip).or_default();
        e.total += 1;
        e.unidentified += 1;
        inner.all.insert(handle.id, handle);
        Ok(())
    }

    /// The duplicate rule (protocol.md §3) when `object_id` is live on another connection: the
    /// claim is refused, and with `drops_both` (the legacy rule, `DuplicateDropsBoth=1`) the
    /// live connection is closed too. Checked before the auth call, so a claim for a live ID
    /// changes nothing on the auth server (issue 14 finding 4), and by [`Registry::register`]
    /// for claims that raced.
    pub fn check_duplicate(
        &self,
        handle: &Arc<SessionHandle>,
        object_id: &str,
        drops_both: bool,
    ) -> Result<(), Duplicate> {
        let mut inner = self.lock();
        Self::duplicate_locked(&mut inner, handle, object_id, drops_both)
    }

    fn duplicate_locked(
        inner: &mut MutexGuard<'_, Inner>,
        handle: &Arc<SessionHandle>,
        object_id: &str,
        drops_both: bool,
    ) -> Result<(), Duplicate> {
        let Some(other) = inner.by_object.get(object_id).cloned() else {
            return Ok(());
        };
        if other.id == handle.id {
            return Ok(());
        }
        if drops_both {
            inner.by_object.remove(object_id);
            other.close("duplicate client id");
        }
        Err(Duplicate {
            live_id: other.id,
            live_peer: other.peer,
        })
    }

    /// Records one `INFO ID=-1` registration from `ip` unless `cap_per_hour` happened in the
    /// last hour.
    pub fn try_new_object(&self, ip: IpAddr, cap_per_hour: usize) -> bool {
        self.new_objects
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .try_record(ip, cap_per_hour)
    }

    /// Binds `object_id` to `handle` and sets the handle's object ID (under the registry lock,
    /// so the per-address counts and the map always agree). A clash follows the duplicate rule
    /// of [`Registry::check_duplicate`].
    pub fn register(
        &self,
        handle: &Arc<SessionHandle>,
        object_id: &str,
        drops_both: bool,
    ) -> Result<(), Duplicate> {
        let mut inner = self.lock();
        Self::duplicate_locked(&mut inner, handle, object_id, drops_both)?;
        let first = handle.object_id().is_none();
        // A session re-sending INFO under a new ID gives up its old one.
        if let Some(old) = handle.object_id() {
            if old != object_id {
                if let Some(h) = inner.by_object.get(&old) {
                    if h.id == handle.id {
                        inner.by_object.remove(&old);
                    }
                }
            }
        }
        inner
            .by_object
            .insert(object_id.to_string(), handle.clone());
        handle.info().object_id = Some(object_id.to_string());
        if first && inner.all.contains_key(&handle.id) {
            if let Some(e) = inner.by_ip.get_mut(&address_key(handle.peer.ip())) {
                e.unidentified = e.unidentified.saturating_sub(1);
            }
        }
        Ok(())
    }

    /// Forgets a closed connection (idempotent).
    pub fn remove(&self, handle: &SessionHandle) {
        let mut inner = self.lock();
        let was_live = inner.all.remove(&handle.id).is_some();
        let object_id = handle.object_id();
        if let Some(id) = &object_id {
            if inner.by_object.get(id).map(|h| h.id) == Some(handle.id) {
                inner.by_object.remove(id);
            }
        }
        if was_live {
            let ip = address_key(handle.peer.ip());
            if let Some(e) = inner.by_ip.get_mut(&ip) {
                e.total = e.total.saturating_sub(1);
                if object_id.is_none() {
                    e.unidentified = e.unidentified.saturating_sub(1);
                }
                if e.total == 0 {
                    inner.by_ip.remove(&ip);
                }
            }
        }
    }

    /// Live (total, unidentified) connections from `ip` (by [`address_key`]).
    pub fn per_address(&self, ip: IpAddr) -> (usize, usize) {
        let p = self
            .lock()
            .by_ip
            .get(&address_key(ip))
            .copied()
            .unwrap_or_default();
        (p.total, p.unidentified)
    }

    pub fn by_object(&self, object_id: &str) -> Option<Arc<SessionHandle>> {
        self.lock().by_object.get(object_id).cloned()
    }

    /// Identified sessions, ordered by object ID.
    pub fn identified(&self) -> Vec<Arc<SessionHandle>> {
        let mut v: Vec<_> = self.lock().by_object.values().cloned().collect();
        v.sort_by_key(|h| h.object_id());
        v
    }

    pub fn all(&self) -> Vec<Arc<SessionHandle>> {
        self.lock().all.values().cloned().collect()
    }

    pub fn count(&self) -> usize {
        self.lock().all.len()
    }

    pub fn identified_count(&self) -> usize {
        self.lock().by_object.len()
    }

    pub fn count_instance(&self, instance: usize) -> usize {
        self.lock()
            .all
            .values()
            .filter(|h| h.instance == instance)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn handle(id: u64, listener: &TcpListener) -> Arc<SessionHandle> {
        let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (socket, peer) = listener.accept().unwrap();
        Arc::new(SessionHandle::new(
            id,
            format!("u{id}"),
            1,
            peer,
            Arc::new(socket),
        ))
    }

    /// The duplicate rule is the registry's, for the pre-auth check and for a raced
    /// registration alike: the claim is refused, the live one closed only with `drops_both`.
    #[test]
    fn a_duplicate_claim_follows_the_policy_at_registration_too() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let r = Registry::new();
        let (live, thief) = (handle(1, &listener), handle(2, &listener));
        r.register(&live, "3769d93a", true).unwrap();
        assert_eq!(
            r.register(&live, "3769d93a", true),
            Ok(()),
            "its own ID again"
        );
        let d = r.register(&thief, "3769d93a", false).unwrap_err();
        assert_eq!((d.live_id, d.live_peer), (1, live.peer));
        assert_eq!(live.close_reason(), None, "kept with drops_both = false");
        assert_eq!(r.by_object("3769d93a").map(|h| h.id), Some(1));
        assert!(r.check_duplicate(&thief, "3769d93a", true).is_err());
        assert_eq!(live.close_reason().as_deref(), Some("duplicate client id"));
        assert!(r.by_object("3769d93a").is_none(), "the ID is free again");
    }
}
