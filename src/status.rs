//! The server's view of its own health, written by the database layer and the housekeeping
//! thread and read by `/status` and `/health`. Kept apart from both so neither depends on the
//! other.

use std::path::PathBuf;
use std::sync::Mutex;

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

#[derive(Debug, Clone, Default)]
pub struct Health {
    pub db_state: DbState,
    pub db_last_error: Option<String>,
    pub spool_depth: u64,
    pub spool_bytes: u64,
    pub auth_reachable: Option<bool>,
    pub auth_last_checked: Option<String>,
    pub auth_last_error: Option<String>,
    pub last_health_check: Option<String>,
    pub log_folder: FolderHealth,
    pub update_folder: FolderHealth,
    pub last_cleanup: Option<String>,
    pub cleanup_deleted_files: u64,
    /// Objects admitted from the database because the auth server was unreachable.
    pub auth_fallbacks: u64,
}

/// Shared, mutex-protected [`Health`].
#[derive(Default)]
pub struct StatusBoard {
    inner: Mutex<Health>,
}

impl StatusBoard {
    pub fn snapshot(&self) -> Health {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn update(&self, f: impl FnOnce(&mut Health)) {
        f(&mut self.inner.lock().unwrap_or_else(|p| p.into_inner()));
    }
}
