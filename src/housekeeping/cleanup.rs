//! The daily cleanup: log files and update files older than `CleanupDays` are deleted, but
//! never the newest version of an update file (see [`version_key`]) and never a file this
//! process has open; the server's history tables are pruned past `HistoryRetentionDays`
//! ([`crate::db::prune`]). Every deletion is logged; errors are logged, never fatal.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local};

use super::Housekeeping;
use crate::db::prune::prune_history;

impl Housekeeping {
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
}
