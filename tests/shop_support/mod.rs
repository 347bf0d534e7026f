//! A real Firebird shop database for tests: built once per test binary by
//! `scripts/shop-db.sh create` (reused from its same-day cache), copied per test so tests
//! that write do not disturb each other, and queried independently with isql-fb.
//!
//! Every database of one test process shares one private Firebird home: the embedded
//! engine reads FIREBIRD / FIREBIRD_LOCK once per process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub struct Fixture {
    pub dir: PathBuf,
    pub home: PathBuf,
    pub db: PathBuf,
}

static FIXTURE: OnceLock<Option<Fixture>> = OnceLock::new();
static COPY: Mutex<u32> = Mutex::new(0);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shop (seed 11, central). Without Firebird (shop-db.sh exit code 3) the tests fail, or,
/// with `CRS_ALLOW_NO_FIREBIRD=1`, get `None` and return unrun, printed loudly. Any other
/// failure fails the test.
pub fn fixture() -> Option<&'static Fixture> {
    FIXTURE
        .get_or_init(|| {
            let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shopdb-tests");
            remove_stale(&root);
            let dir = root.join(format!("base-{}", std::process::id()));
            let out = Command::new(repo().join("scripts/shop-db.sh"))
                .args(["create", dir.to_str().unwrap(), "11", "central"])
                .env("BOS_CLIENT", env!("CARGO_BIN_EXE_bos-client"))
                .stderr(Stdio::inherit())
                .output()
                .expect("scripts/shop-db.sh runs");
            if out.status.code() == Some(3) {
                // A test that returns early would count as passed: without Firebird these
                // tests fail, unless the person running them opts out knowingly.
                assert!(
                    std::env::var("CRS_ALLOW_NO_FIREBIRD").is_ok_and(|v| v == "1"),
                    "Firebird is not installed and could not be installed (scripts/shop-db.sh \
                     exit 3): install firebird3.0-server-core firebird3.0-utils libfbclient2, \
                     or set CRS_ALLOW_NO_FIREBIRD=1 to let the shop database tests pass unrun"
                );
                eprintln!(
                    "\n*** CRS_ALLOW_NO_FIREBIRD=1: the shop database tests did not run ***\n"
                );
                return None;
            }
            assert!(out.status.success(), "shop-db.sh create failed");
            let db = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
            assert!(db.is_file(), "{db:?}");
            let home = dir.join("fbhome");
            crs::shopdb::fb::use_home(&home);
            Some(Fixture { dir, home, db })
        })
        .as_ref()
}

/// Deletes the databases of test processes that have ended (a static cannot clean up at
/// exit); the same-day cache `.shopdb-cache` is kept.
fn remove_stale(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if let Some(pid) = name.strip_prefix("base-") {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

impl Fixture {
    /// A private copy of the shop for one test.
    pub fn copy(&self, name: &str) -> PathBuf {
        let mut n = COPY.lock().unwrap();
        *n += 1;
        let path = self.dir.join(format!("{name}-{n}.fdb"));
        std::fs::copy(&self.db, &path).expect("copy the shop database");
        path
    }

    /// An independent query: isql-fb on `db` (same private home), `SET HEADING OFF`;
    /// returns the non-empty output lines, trimmed.
    pub fn isql(&self, db: &Path, sql: &str) -> Vec<String> {
        let mut child = Command::new("isql-fb")
            .args(["-q", "-ch", "UTF8", "-u", "SYSDBA", db.to_str().unwrap()])
            .env("FIREBIRD", self.home.join("root"))
            .env("FIREBIRD_LOCK", self.home.join("lock"))
            .env("FIREBIRD_TMP", self.home.join("tmp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("isql-fb runs");
        use std::io::Write;
        let script = format!("SET HEADING OFF;\n{sql}\n");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.trim().is_empty(), "isql-fb: {err}\nSQL: {sql}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// One value from isql.
    pub fn isql_one(&self, db: &Path, sql: &str) -> String {
        let lines = self.isql(db, sql);
        assert_eq!(lines.len(), 1, "{sql}: {lines:?}");
        lines[0].clone()
    }
}

/// The shop executor on `db` with the given bounds.
pub fn shop(db: &Path, timeout_secs: u64, max_bytes: usize) -> crs::shopdb::ShopDb {
    crs::shopdb::ShopDb {
        db: db.to_str().unwrap().to_string(),
        limits: crs::shopdb::Limits {
            timeout: std::time::Duration::from_secs(timeout_secs),
            max_answer_bytes: max_bytes,
        },
    }
}
