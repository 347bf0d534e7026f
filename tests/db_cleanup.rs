//! Housekeeping's file cleanup on folders with files of crafted ages, and folder health.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crs::housekeeping::{cleanup_folder, folder_health, FileKind};

/// Creates `name` in `dir` with a modification time `days` days ago (libc utimes).
fn file(dir: &Path, name: &str, days: u64) {
    let path = dir.join(name);
    std::fs::write(&path, name.as_bytes()).unwrap();
    let t = SystemTime::now() - Duration::from_secs(days * 86400 + 60);
    let secs = t.duration_since(UNIX_EPOCH).unwrap().as_secs() as libc::time_t;
    let tv = [
        libc::timeval {
            tv_sec: secs,
            tv_usec: 0,
        },
        libc::timeval {
            tv_sec: secs,
            tv_usec: 0,
        },
    ];
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: valid path and two timevals, as utimes(2) wants.
    assert_eq!(unsafe { libc::utimes(c.as_ptr(), tv.as_ptr()) }, 0);
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn update_files_old_versions_go_the_newest_stays() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(d, "BosTcpClient_6.0.0.10.exe", 90);
    file(d, "BosTcpClient_6.0.0.11.exe", 60);
    file(d, "BosTcpClient_6.0.0.12.exe", 45); // newest version, old: kept
    file(d, "update-2024-01.zip", 200);
    file(d, "update-2024-06.zip", 100);
    file(d, "update-2024-11.zip", 5); // newest and recent
    file(d, "Обновление.txt", 400); // the only version: kept
    file(d, "readme-1.txt", 10); // recent: kept
    file(d, "readme-2.txt", 1);
    std::fs::create_dir(d.join("sub-1.0")).unwrap();
    let r = cleanup_folder(d, 30, FileKind::Update);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.deleted.len(), 4, "{:?}", r.deleted);
    assert_eq!(
        names(d),
        [
            "BosTcpClient_6.0.0.12.exe",
            "readme-1.txt",
            "readme-2.txt",
            "sub-1.0",
            "update-2024-11.zip",
            "Обновление.txt",
        ]
    );
    // Idempotent.
    assert!(cleanup_folder(d, 30, FileKind::Update).deleted.is_empty());
}

#[test]
fn log_files_older_than_the_limit_go_other_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(d, "cloud-report-server_r00001.log", 40);
    file(d, "cloud-report-server_r00002.log", 10);
    file(d, "trace_r00003.log", 31);
    file(d, "old.log.gz", 100);
    file(d, "eboCloudReportServer.ini", 400); // not a log: never touched
                                              // A log file this process has open is never deleted, however old.
    file(d, "cloud-report-server.log", 50);
    let open = std::fs::File::open(d.join("cloud-report-server.log")).unwrap();
    let r = cleanup_folder(d, 30, FileKind::Log);
    assert_eq!(r.deleted.len(), 3, "{:?}", r.deleted);
    assert_eq!(
        names(d),
        [
            "cloud-report-server.log",
            "cloud-report-server_r00002.log",
            "eboCloudReportServer.ini"
        ]
    );
    drop(open);
}

#[test]
fn missing_and_unwritable_folders_are_reported_not_fatal() {
    let r = cleanup_folder(Path::new("/nonexistent/crs-updates"), 30, FileKind::Update);
    assert_eq!(r.errors.len(), 1);
    let f = folder_health(Path::new("/nonexistent/crs-updates"));
    assert!(f.problem.unwrap().contains("missing"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    assert!(folder_health(&file)
        .problem
        .unwrap()
        .contains("not a folder"));
}
