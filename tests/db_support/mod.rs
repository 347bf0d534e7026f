//! Database test support: a private MariaDB per test binary (scripts/test-mariadb.sh on a free
//! port and its own data dir, never the machine's 3306), throw-away databases, SQL files
//! loaded with the real `mariadb` client, and a report server configured for a database.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder};

use crs::config::{Config, DatabaseConfig};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    repo().join("scripts/test-mariadb.sh")
}

pub use crate::common::binary::free_port;

/// A private MariaDB server.
pub struct MariaDb {
    pub dir: PathBuf,
    pub port: u16,
}

impl MariaDb {
    /// Starts a new instance in a fresh directory on a free port.
    pub fn start(tag: &str) -> MariaDb {
        let dir = std::env::temp_dir().join(format!(
            "crs-test-mariadb-{tag}-{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let m = MariaDb {
            dir,
            port: free_port(),
        };
        m.run("start");
        m
    }

    fn run(&self, cmd: &str) {
        let mut c = Command::new("bash");
        c.arg(script()).arg(cmd).arg(&self.dir);
        if cmd == "start" {
            c.arg(self.port.to_string());
        }
        let out = c.output().expect("run test-mariadb.sh");
        assert!(
            out.status.success(),
            "test-mariadb.sh {cmd} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// SIGKILL (an outage), data dir kept.
    pub fn kill(&self) {
        self.run("kill");
    }

    /// Starts again on the same data dir and port (after [`MariaDb::kill`]).
    pub fn restart(&self) {
        self.run("start");
    }

    /// Shuts down and deletes the data dir.
    pub fn stop(&self) {
        self.run("stop");
    }

    pub fn opts(&self, db: Option<&str>) -> OptsBuilder {
        OptsBuilder::new()
            .ip_or_hostname(Some("127.0.0.1"))
            .tcp_port(self.port)
            .user(Some("crs"))
            .pass(Some("crs"))
            .db_name(db)
            .prefer_socket(false)
            .init(vec!["SET NAMES utf8mb4"])
    }

    pub fn conn(&self, db: &str) -> Conn {
        Conn::new(self.opts(Some(db))).expect("connect to test MariaDB")
    }

    /// A new empty database (dropped by the guard).
    pub fn create_db(&self, tag: &str) -> TestDb<'_> {
        let name = format!("crs_{tag}_{:08x}", rand::random::<u32>());
        let mut c = Conn::new(self.opts(None)).expect("connect");
        c.query_drop(format!(
            "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        ))
        .unwrap();
        TestDb { server: self, name }
    }

    /// Loads an SQL file with the real command-line client, like an operator would.
    pub fn load(&self, db: &str, file: &Path) {
        let client = ["mariadb", "mysql"]
            .into_iter()
            .find(|c| {
                Command::new(c)
                    .arg("--version")
                    .stdout(Stdio::null())
                    .status()
                    .is_ok()
            })
            .expect("mariadb client installed");
        let out = Command::new(client)
            .args([
                "--no-defaults",
                "-h127.0.0.1",
                &format!("-P{}", self.port),
                "-ucrs",
                "-pcrs",
                "--default-character-set=utf8mb4",
                db,
            ])
            .stdin(std::fs::File::open(file).expect("sql file"))
            .output()
            .expect("run mariadb client");
        assert!(
            out.status.success(),
            "loading {} into {db} failed: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The report server's `[DATABASE]` settings for `db`.
    pub fn config(&self, db: &str, spool: &Path) -> DatabaseConfig {
        DatabaseConfig {
            enabled: true,
            host: "127.0.0.1".into(),
            port: self.port,
            user: "crs".into(),
            password: "crs".into(),
            name: db.into(),
            pool_size: 4,
            spool_folder: spool.to_path_buf(),
            spool_max_bytes: 64 << 20,
        }
    }
}

impl Drop for MariaDb {
    /// Also on a failed test: the instance is shut down and its data dir deleted (the
    /// per-binary shared instance lives in a static and is stopped at exit instead).
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A throw-away database, dropped at the end of the test.
pub struct TestDb<'a> {
    pub server: &'a MariaDb,
    pub name: String,
}

impl TestDb<'_> {
    pub fn conn(&self) -> Conn {
        self.server.conn(&self.name)
    }

    pub fn load(&self, file: &str) {
        self.server.load(&self.name, &repo().join(file));
    }

    /// A fresh database with schema.sql and the demo seed.
    pub fn seeded(self) -> Self {
        self.load("schema.sql");
        self.load("etc/demo-seed.sql");
        self
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_first::<i64, _>(sql).unwrap().unwrap_or(0)
    }
}

impl Drop for TestDb<'_> {
    fn drop(&mut self) {
        if let Ok(mut c) = Conn::new(self.server.opts(None)) {
            let _ = c.query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.name));
        }
    }
}

static SHARED: OnceLock<MariaDb> = OnceLock::new();

extern "C" fn stop_shared() {
    if let Some(m) = SHARED.get() {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&m.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// One instance for every test of this binary, stopped (and its data dir deleted) when the
/// test process exits.
pub fn shared() -> &'static MariaDb {
    SHARED.get_or_init(|| {
        let m = MariaDb::start("shared");
        // SAFETY: registering a plain extern "C" function with no arguments.
        unsafe {
            libc::atexit(stop_shared);
        }
        m
    })
}

/// Polls `f` every 20 ms until it is true or `timeout` passes.
pub fn wait_for(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    f()
}

/// Applies a database to a test server's config.
pub fn with_db(config: &mut Config, db: DatabaseConfig) {
    config.database = db;
}
