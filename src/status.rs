//! The server's view of its own health, written by the database layer and the housekeeping
//! thread and read by `/status` and `/health`. Kept apart from both so neither depends on the
//! other.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Database connection state as shown in `/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DbState {
    Connected,
    Down,
    #[default]
    Disabled,
}

impl DbState {
    pub fn as_str(self) -> &'static str {
        match self {
            DbState::Connected => "connected",
            DbState::Down => "down",
            DbState::Disabled => "disabled",
        }
    }
}

/// A watched folder (logs, updates): where, how much room, writable.
#[derive(Debug, Clone, Default)]
pub struct FolderHealth {
    pub path: PathBuf,
    pub free_bytes: Option<u64>,
    pub writable: bool,
    pub problem: Option<String>,
}

/// What the event writer did with the server's events since start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DbEventCounters {
    /// Committed straight to the database.
    pub written: u64,
    /// Appended to the spool because the database was down.
    pub spooled: u64,
    /// Committed from the spool after the database came back.
    pub replayed: u64,
    /// Found already applied (`t_server_applied_events`) and skipped: exactly-once replay.
    pub already_applied: u64,
    /// Refused by the database for their values (logged with the event).
    pub rejected: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Health {
    pub db_state: DbState,
    pub db_last_error: Option<String>,
    pub spool_depth: u64,
    pub spool_bytes: u64,
    /// Events lost because the database was down and the spool full or unusable.
    pub spool_dropped: u64,
    /// The event writer's counters since start (database layer).
    pub db_events: DbEventCounters,
    pub auth_reachable: Option<bool>,
    pub auth_last_checked: Option<String>,
    pub auth_last_error: Option<String>,
    pub last_health_check: Option<String>,
    pub log_folder: FolderHealth,
    pub update_folder: FolderHealth,
    pub last_cleanup: Option<String>,
    pub cleanup_deleted_files: u64,
}

/// Shared, mutex-protected [`Health`]. A clone is another handle on the same board, so a
/// thread that only reports its health gets the board, not the whole server state.
#[derive(Default, Clone)]
pub struct StatusBoard {
    inner: Arc<Mutex<Health>>,
}

impl StatusBoard {
    pub fn snapshot(&self) -> Health {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn update(&self, f: impl FnOnce(&mut Health)) {
        f(&mut self.inner.lock().unwrap_or_else(|p| p.into_inner()));
    }
}
