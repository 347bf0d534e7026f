//! The health check: database ping, auth server reachability, free disk space and
//! writability of the log, update and spool folders, spool depth. Results go to the
//! [`StatusBoard`](crate::status::StatusBoard) every time and to the log only when they change,
//! so a long outage is one warning and one "back" line, not thousands.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use chrono::Local;

use super::Housekeeping;
use crate::status::{DbState, FolderHealth};

/// Below this much free space a folder is reported as (nearly) full.
pub const LOW_SPACE_BYTES: u64 = 100 * 1024 * 1024;

impl Housekeeping {
    /// Logs `text` under `key` when it differs from last time: at warn when `bad`.
    fn on_change(&mut self, key: &'static str, bad: bool, text: String) {
        if self.last.get(key) != Some(&text) {
            if bad {
                log::warn!("health: {text}");
            } else {
                log::info!("health: {text}");
            }
            self.last.insert(key, text);
        }
    }

    /// One health check: results go to `/status` and changes to the log.
    pub fn health_check(&mut self) {
        let now = Local::now().format("%Y-%m-%d %H:%M:%S").to_string();

        // Database: the writer owns the state; a failing ping only marks a connected
        // database down early (the writer reconnects with its own backoff), and a ping that
        // succeeds undoes that mark: a ping that failed just as the writer reconnected must
        // not leave `/status` saying "down" until the next write.
        if let Some(db) = self.db.clone() {
            match db.ping() {
                Ok(()) => {
                    self.shared.status.update(|h| {
                        if h.db_state == DbState::Down && h.spool_depth == 0 {
                            h.db_state = DbState::Connected;
                        }
                    });
                    self.on_change("db", false, format!("database {} reachable", db.target()))
                }
                Err(e) => {
                    let text = e.to_string();
                    self.shared.status.update(|h| {
                        if h.db_state == DbState::Connected {
                            h.db_state = DbState::Down;
                        }
                        h.db_last_error = Some(text.clone());
                    });
                    self.on_change(
                        "db",
                        true,
                        format!("database {} unreachable: {text}", db.target()),
                    );
                }
            }
        }

        // Auth server(s).
        let mut reachable = true;
        let mut errors = Vec::new();
        for i in &self.shared.instances {
            if let Err(e) = i.auth.ping() {
                reachable = false;
                errors.push(format!("{}: {e}", i.auth.url()));
            }
        }
        let auth_error = (!errors.is_empty()).then(|| errors.join("; "));
        self.on_change(
            "auth",
            !reachable,
            match &auth_error {
                None => "auth server reachable".to_string(),
                Some(e) => format!("auth server unreachable: {e}"),
            },
        );

        // Folders.
        let log_folder = folder_health(&self.shared.config.log_folder);
        self.report_folder("log folder", "log", &log_folder);
        let mut update_folder = None;
        let shared = self.shared.clone();
        for i in &shared.instances {
            let f = folder_health(&i.config.update_folder);
            self.report_folder("update folder", "updates", &f);
            update_folder.get_or_insert(f);
        }

        let spool = self.shared.status.snapshot();
        if self.db.is_some() {
            let folder = folder_health(&self.shared.config.database.spool_folder);
            self.report_folder("spool folder", "spool folder", &folder);
            self.on_change(
                "spool",
                spool.spool_depth > 0 || spool.spool_dropped > 0,
                format!(
                    "spool: {} events waiting ({} bytes), {} lost",
                    spool.spool_depth, spool.spool_bytes, spool.spool_dropped
                ),
            );
        }

        self.shared.status.update(|h| {
            h.auth_reachable = Some(reachable);
            h.auth_last_checked = Some(now.clone());
            h.auth_last_error = auth_error;
            h.last_health_check = Some(now);
            h.log_folder = log_folder;
            if let Some(u) = update_folder {
                h.update_folder = u;
            }
        });
    }

    fn report_folder(&mut self, what: &str, key: &'static str, f: &FolderHealth) {
        let text = match &f.problem {
            None => format!("{what} {} ok", f.path.display()),
            Some(p) => format!("{what} {}: {p}", f.path.display()),
        };
        // Free space changes all the time: only the verdict is compared.
        self.on_change(key, f.problem.is_some(), text);
    }
}

/// Free space and writability of a folder; `problem` says what is wrong, if anything.
pub fn folder_health(path: &Path) -> FolderHealth {
    let mut f = FolderHealth {
        path: path.to_path_buf(),
        ..Default::default()
    };
    match std::fs::metadata(path) {
        Err(e) => {
            f.problem = Some(format!("missing or unreadable: {e}"));
            return f;
        }
        Ok(m) if !m.is_dir() => {
            f.problem = Some("is not a folder".into());
            return f;
        }
        Ok(_) => {}
    }
    f.free_bytes = free_bytes(path);
    f.writable = crate::logging::writable(path);
    if !f.writable {
        f.problem = Some("not writable".into());
    } else if let Some(free) = f.free_bytes {
        if free < LOW_SPACE_BYTES {
            f.problem = Some(format!("almost full: {free} bytes free"));
        }
    }
    f
}

/// Bytes available to this (unprivileged) process on the file system of `path` (statvfs).
pub fn free_bytes(path: &Path) -> Option<u64> {
    let c = CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `s` a properly sized out-parameter.
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut s) };
    if rc != 0 {
        return None;
    }
    Some((s.f_bavail as u64).saturating_mul(s.f_frsize as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folder_is_reported() {
        let f = folder_health(Path::new("/nonexistent/crs-folder"));
        assert!(f.problem.unwrap().contains("missing"));
        let dir = tempfile::tempdir().unwrap();
        let f = folder_health(dir.path());
        assert!(f.problem.is_none(), "{:?}", f.problem);
        assert!(f.writable && f.free_bytes.unwrap() > 0);
    }
}
