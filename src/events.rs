//! What happened, for the database: connections, client error reports, relays, auth outcomes.
//!
//! The protocol threads never wait on MySQL: they hand each event to an unbounded channel and
//! go on. The database layer drains it, writing directly or spooling to disk while the
//! database is down. Every event carries a unique `uid`, which makes its replay idempotent.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Local};
use crossbeam_channel::{Receiver, Sender};

/// How an INFO's auth call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AuthOutcome {
    Authorised,
    Refused,
    Fallback,
    Unreachable,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    ServerStarted {
        uid: String,
        at: DateTime<Local>,
        version: String,
    },
    /// INIT succeeded: the connection row is created.
    ClientConnected {
        uid: String,
        session_uid: String,
        peer_ip: String,
        host: String,
        app: String,
        version: String,
        at: DateTime<Local>,
    },
    /// INFO succeeded: the connection row gets its object ID.
    ClientIdentified {
        uid: String,
        session_uid: String,
        object_id: String,
        at: DateTime<Local>,
    },
    ClientDisconnected {
        uid: String,
        session_uid: String,
        object_id: Option<String>,
        reason: String,
        at: DateTime<Local>,
    },
    ClientError {
        uid: String,
        object_id: Option<String>,
        host: String,
        peer_ip: String,
        text: String,
        at: DateTime<Local>,
    },
    Relay {
        uid: String,
        object_id: String,
        report: String,
        caller: String,
        started: DateTime<Local>,
        duration_ms: u64,
        result_code: i64,
        request_bytes: u64,
        answer_bytes: u64,
    },
    Auth {
        uid: String,
        object_id: String,
        host: String,
        peer_ip: String,
        outcome: AuthOutcome,
        message: String,
        at: DateTime<Local>,
    },
}

impl Event {
    pub fn uid(&self) -> &str {
        match self {
            Event::ServerStarted { uid, .. }
            | Event::ClientConnected { uid, .. }
            | Event::ClientIdentified { uid, .. }
            | Event::ClientDisconnected { uid, .. }
            | Event::ClientError { uid, .. }
            | Event::Relay { uid, .. }
            | Event::Auth { uid, .. } => uid,
        }
    }
}

/// The sending side, cloned into every thread that reports events.
#[derive(Clone)]
pub struct Events {
    tx: Sender<Event>,
    boot: String,
    seq: std::sync::Arc<AtomicU64>,
}

impl Events {
    /// A new bus; the receiver goes to the database layer (or a logger when there is none).
    pub fn new() -> (Events, Receiver<Event>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let boot = format!(
            "{}-{:08x}",
            Local::now().format("%Y%m%d%H%M%S"),
            rand::random::<u32>()
        );
        (
            Events {
                tx,
                boot,
                seq: Default::default(),
            },
            rx,
        )
    }

    /// A uid unique across restarts: boot stamp + random + sequence.
    pub fn next_uid(&self) -> String {
        format!("{}-{}", self.boot, self.seq.fetch_add(1, Ordering::Relaxed))
    }

    pub fn emit(&self, event: Event) {
        // The receiver lives as long as the server; a send error only happens at shutdown.
        let _ = self.tx.send(event);
    }
}
