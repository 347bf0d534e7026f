//! The housekeeping thread: a health check every `HealthCheckSec` and a daily cleanup.
//!
//! * Health check: database ping, auth server reachability ([`AuthClient::ping`]), free disk
//!   space and writability of the log and update folders, spool depth. Written to the
//!   [`StatusBoard`](crate::status::StatusBoard) every time; logged only when something
//!   changes, so a long outage is one warning and one "back" line, not thousands.
//! * Cleanup (shortly after start, then every 24 h): log files and update files older than
//!   `CleanupDays` are deleted, but never the newest version of an update file (see
//!   [`version_key`]) and never a file this process has open; the server's history tables are
//!   pruned past `HistoryRetentionDays`. Every deletion is logged.
//!
//! A missing, full or unwritable folder is reported, never fatal: every step catches its own
//! errors and the thread goes on.
//!
//! [`AuthClient::ping`]: crate::auth::AuthClient::ping

use std::collections::{BTreeMap, HashSet};
use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local, Utc};
use mysql::prelude::Queryable;

use crate::context::Shared;
use crate::db::{Database, DbError};
use crate::status::{DbState, FolderHealth};

/// The first cleanup runs this long after start (the server settles first).
pub const FIRST_CLEANUP_AFTER: Duration = Duration::from_secs(60);
/// Then once a day.
pub const CLEANUP_EVERY: Duration = Duration::from_secs(24 * 3600);
/// Below this much free space a folder is reported as (nearly) full.
pub const LOW_SPACE_BYTES: u64 = 100 * 1024 * 1024;
/// Rows deleted per statement when pruning, so no statement holds locks for long.
const PRUNE_CHUNK: u64 = 10_000;

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
        // database down early (the writer reconnects with its own backoff).
        if let Some(db) = self.db.clone() {
            match db.ping() {
                Ok(()) => {
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

    /// The daily cleanup: old log and update files, old history rows.
    pub fn cleanup(&mut self) {
        let days = self.shared.config.housekeeping.cleanup_days;
        let mut deleted = 0u64;
        let log_report = cleanup_folder(&self.shared.config.log_folder, days, FileKind::Log);
        deleted += log_report.deleted.len() as u64;
        let mut seen = HashSet::new();
        for i in &self.shared.instances {
            if seen.insert(i.config.update_folder.clone()) {
                let r = cleanup_folder(&i.config.update_folder, days, FileKind::Update);
                deleted += r.deleted.len() as u64;
            }
        }
        if let Some(db) = &self.db {
            let keep = self.shared.config.housekeeping.history_retention_days;
            if let Err(e) = prune_history(db, keep) {
                log::warn!("cleanup: pruning the history tables failed: {e} (next try in 24 h)");
            }
        }
        let now = Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
        self.shared.status.update(|h| {
            h.last_cleanup = Some(now);
            h.cleanup_deleted_files += deleted;
        });
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

/// Which files a cleanup may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Log files: `*.log`, rotated `*.log.N` / `*.log.gz`, `*.txt`, `*.trc`.
    Log,
    /// Update files: every plain file, but the newest version of each is kept.
    Update,
}

/// What a cleanup of one folder did.
#[derive(Debug, Default)]
pub struct CleanupReport {
    pub deleted: Vec<PathBuf>,
    pub kept_newest: Vec<PathBuf>,
    pub errors: Vec<String>,
}

/// Whether a log-folder file name looks like a log (so a misconfigured `LogFolder=.` never
/// costs the operator their ini file).
pub fn is_log_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".log") || n.contains(".log.") || n.ends_with(".txt") || n.ends_with(".trc")
}

/// The "file" an update file is a version of: the lower-cased name with every version
/// number taken out. A version number is a run of digits and dots/dashes/underscores that
/// contains a digit, plus a `v` right before it. So `BosTcpClient_6.0.0.12.exe`,
/// `BosTcpClient-6.1.exe` and `BosTcpClient.exe` are versions of `bostcpclient.exe`, and
/// `update-2024-11.zip` and `update-2025-01.zip` versions of `update.zip`. The newest
/// version is the one modified last (the last one the operator put in the folder).
pub fn version_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let (stem, ext) = match lower.rfind('.') {
        Some(i) if i > 0 && !lower[i + 1..].chars().all(|c| c.is_ascii_digit()) => {
            (&lower[..i], &lower[i..])
        }
        _ => (lower.as_str(), ""),
    };
    let chars: Vec<char> = stem.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let sep = |c: char| c == '.' || c == '-' || c == '_' || c == ' ';
        // A run of separators/digits that contains a digit (optionally led by a 'v').
        let start = i;
        let mut j = i;
        if chars[j] == 'v' && j + 1 < chars.len() && chars[j + 1].is_ascii_digit() {
            j += 1;
        }
        let mut has_digit = false;
        while j < chars.len() && (chars[j].is_ascii_digit() || sep(chars[j])) {
            has_digit |= chars[j].is_ascii_digit();
            j += 1;
        }
        if has_digit {
            i = j;
        } else {
            out.push(chars[start]);
            i = start + 1;
        }
    }
    let out = out.trim_matches(|c: char| c == '.' || c == '-' || c == '_' || c == ' ');
    format!("{out}{ext}")
}

/// The files this process has open (never deleted: the current log files).
fn open_files() -> HashSet<PathBuf> {
    let mut set = HashSet::new();
    if let Ok(rd) = std::fs::read_dir("/proc/self/fd") {
        for e in rd.flatten() {
            if let Ok(p) = std::fs::read_link(e.path()) {
                set.insert(p);
            }
        }
    }
    set
}

/// Deletes the files of `kind` in `folder` older than `days` days (by modification time),
/// except the newest version of each update file and files this process has open. Each
/// deletion is logged; errors are logged and reported, never fatal.
pub fn cleanup_folder(folder: &Path, days: u32, kind: FileKind) -> CleanupReport {
    let mut report = CleanupReport::default();
    let cutoff = SystemTime::now() - Duration::from_secs(u64::from(days) * 86400);
    let entries = match std::fs::read_dir(folder) {
        Ok(rd) => rd,
        Err(e) => {
            let msg = format!("cleanup: cannot read {}: {e}", folder.display());
            log::warn!("{msg}");
            report.errors.push(msg);
            return report;
        }
    };
    let open = open_files();
    // (name, path, mtime) of every candidate regular file (symlinks are never followed).
    let mut files = Vec::new();
    for e in entries.flatten() {
        let Ok(meta) = e.path().symlink_metadata() else {
            continue;
        };
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !meta.is_file() || name.starts_with('.') {
            continue;
        }
        if kind == FileKind::Log && !is_log_name(&name) {
            continue;
        }
        let mtime = meta.modified().unwrap_or_else(|_| SystemTime::now());
        files.push((name, e.path(), mtime));
    }
    let mut newest: BTreeMap<String, (SystemTime, String)> = BTreeMap::new();
    if kind == FileKind::Update {
        for (name, _, mtime) in &files {
            let key = version_key(name);
            let better = match newest.get(&key) {
                None => true,
                Some((t, n)) => (*mtime, name) > (*t, n),
            };
            if better {
                newest.insert(key, (*mtime, name.clone()));
            }
        }
    }
    for (name, path, mtime) in files {
        if mtime >= cutoff {
            continue;
        }
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if open.contains(&canonical) {
            continue;
        }
        if kind == FileKind::Update
            && newest.get(&version_key(&name)).map(|(_, n)| n) == Some(&name)
        {
            report.kept_newest.push(path);
            continue;
        }
        let age_days = SystemTime::now()
            .duration_since(mtime)
            .map(|d| d.as_secs() / 86400)
            .unwrap_or(0);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                log::info!(
                    "cleanup: deleted {} {} (modified {}, {age_days} days ago; CleanupDays={days})",
                    if kind == FileKind::Log {
                        "log file"
                    } else {
                        "update file"
                    },
                    path.display(),
                    DateTime::<Local>::from(mtime).format("%Y-%m-%d %H:%M:%S")
                );
                report.deleted.push(path);
            }
            Err(e) => {
                let msg = format!("cleanup: cannot delete {}: {e}", path.display());
                log::warn!("{msg}");
                report.errors.push(msg);
            }
        }
    }
    report
}

/// Rows deleted per table by [`prune_history`].
pub type Pruned = Vec<(&'static str, u64)>;

/// Deletes the server's history rows older than `days` days, in chunks, logging each table.
pub fn prune_history(db: &Database, days: u32) -> Result<Pruned, DbError> {
    let local_cut = (Local::now() - chrono::Duration::days(i64::from(days)))
        .naive_local()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    // t_server_applied_events.ae_applied_at is a TIMESTAMP, read in the session's UTC.
    let utc_cut = (Utc::now() - chrono::Duration::days(i64::from(days)))
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let statements: [(&'static str, &str, &String); 4] = [
        (
            "t_client_connections",
            "DELETE FROM t_client_connections WHERE cc_connected_at < ? AND (cc_disconnected_at IS NULL OR cc_disconnected_at < ?) LIMIT 10000",
            &local_cut,
        ),
        (
            "t_client_errors",
            "DELETE FROM t_client_errors WHERE ce_created_at < ? LIMIT 10000",
            &local_cut,
        ),
        (
            "t_relay_log",
            "DELETE FROM t_relay_log WHERE rl_started_at < ? LIMIT 10000",
            &local_cut,
        ),
        (
            "t_server_applied_events",
            "DELETE FROM t_server_applied_events WHERE ae_applied_at < ? LIMIT 10000",
            &utc_cut,
        ),
    ];
    let mut conn = db.conn()?;
    let mut out = Vec::new();
    for (table, sql, cut) in statements {
        let mut total = 0u64;
        loop {
            if table == "t_client_connections" {
                conn.exec_drop(sql, (cut.as_str(), cut.as_str()))?;
            } else {
                conn.exec_drop(sql, (cut.as_str(),))?;
            }
            let n = conn.affected_rows();
            total += n;
            if n < PRUNE_CHUNK {
                break;
            }
        }
        if total > 0 {
            log::info!(
                "cleanup: deleted {total} rows older than {days} days from {table} (HistoryRetentionDays={days})"
            );
        }
        out.push((table, total));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_of_a_file() {
        for (a, b) in [
            ("BosTcpClient_6.0.0.12.exe", "BosTcpClient.exe"),
            ("BosTcpClient-6.1.exe", "bostcpclient.exe"),
            ("update-2024-11.zip", "update-2025-01.zip"),
            (
                "EBOCloudReportSvc v1.0.0.5.zip",
                "EBOCloudReportSvc v1.0.0.6.zip",
            ),
            ("setup2.msi", "setup3.msi"),
        ] {
            assert_eq!(version_key(a), version_key(b), "{a} vs {b}");
        }
        for (a, b) in [
            ("BosTcpClient.exe", "BosTcpClient.zip"),
            ("client.exe", "server.exe"),
        ] {
            assert_ne!(version_key(a), version_key(b), "{a} vs {b}");
        }
        assert_eq!(version_key("BosTcpClient_6.0.0.12.exe"), "bostcpclient.exe");
        assert_eq!(version_key("data.7z"), "data.7z");
    }

    #[test]
    fn log_names() {
        assert!(is_log_name("cloud-report-server_r00001.log"));
        assert!(is_log_name("trace.log.gz"));
        assert!(!is_log_name("eboCloudReportServer.ini"));
    }

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
