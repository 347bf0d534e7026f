//! The housekeeping thread: a health check every `HealthCheckSec` ([`health`]: database, auth
//! server, folders, spool) and a cleanup shortly after start and then daily ([`cleanup`]: old
//! log and update files, history rows). This file only schedules them and keeps what was last
//! logged. A missing, full or unwritable folder is reported, never fatal: every step catches
//! its own errors and the thread goes on.

mod cleanup;
mod health;

pub use crate::db::prune::{prune_history, Pruned};
pub use cleanup::{cleanup_folder, is_log_name, version_key, CleanupReport, FileKind};
pub use health::{folder_health, free_bytes, LOW_SPACE_BYTES};

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::context::Shared;
use crate::db::Database;

/// The first cleanup runs this long after start (the server settles first).
pub const FIRST_CLEANUP_AFTER: Duration = Duration::from_secs(60);
/// Then once a day.
pub const CLEANUP_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Starts the housekeeping thread (with or without a database).
pub fn spawn(shared: Arc<Shared>, db: Option<Arc<Database>>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("housekeeping".into())
        .spawn(move || {
            let mut hk = Housekeeping::new(shared, db);
            hk.run(FIRST_CLEANUP_AFTER)
        })
}

/// The thread's state: what was last logged, to log only changes.
pub struct Housekeeping {
    shared: Arc<Shared>,
    db: Option<Arc<Database>>,
    last: BTreeMap<&'static str, String>,
}

impl Housekeeping {
    pub fn new(shared: Arc<Shared>, db: Option<Arc<Database>>) -> Self {
        Housekeeping {
            shared,
            db,
            last: BTreeMap::new(),
        }
    }

    fn run(&mut self, first_cleanup: Duration) {
        let interval = self.shared.config.housekeeping.health_check;
        let mut next_cleanup = std::time::Instant::now() + first_cleanup;
        loop {
            self.health_check();
            if std::time::Instant::now() >= next_cleanup {
                self.cleanup();
                next_cleanup = std::time::Instant::now() + CLEANUP_EVERY;
            }
            let wait =
                interval.min(next_cleanup.saturating_duration_since(std::time::Instant::now()));
            if self
                .shared
                .shutdown
                .wait_timeout(wait.max(Duration::from_millis(100)))
            {
                break;
            }
        }
    }
}
