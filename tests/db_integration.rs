//! The server's database layer against a real (private) MariaDB: schema and migrations,
//! the rows a session leaves, ERRL text, relays, the auth fallback, the spool across a
//! restart, the schema-version check, history pruning.

mod common;
mod db_support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Local;
use mysql::prelude::Queryable;

use common::TestServer;
use crs::client::BosClient;
use crs::crypto::cp1251;
use crs::events::Event;
use crs::status::DbState;
use db_support::{free_port, shared, wait_for, TestDb};

const WAIT: Duration = Duration::from_secs(20);

fn start_server(db: &TestDb<'_>, spool: &std::path::Path) -> TestServer {
    let cfg = db.server.config(&db.name, spool);
    TestServer::start_with(move |c| c.database = cfg)
}

fn connected(s: &TestServer) -> bool {
    wait_for(WAIT, || {
        s.shared().status.snapshot().db_state == DbState::Connected
    })
}

/// INFOs admitted from the database while the auth server was unreachable.
fn fallbacks(s: &TestServer) -> u64 {
    crs::metrics::Metrics::get(&s.shared().metrics.auth_fallbacks)
}

fn client(addr: SocketAddr, host: &str, object_id: &str) -> Result<BosClient, String> {
    let mut c = BosClient::connect(addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    c.init(3, host.as_bytes(), "EBOCloudReportSvc.exe", "1.0.0.5")
        .map_err(|e| e.to_string())?;
    c.info(&common::object(object_id))
        .map_err(|e| e.to_string())?;
    Ok(c)
}

// ---------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------

/// `migrations/NNN_*.sql` by number, in order (whoever adds one, the tests follow).
fn migrations() -> Vec<(i64, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut out: Vec<(i64, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().to_string();
            let n: i64 = name.get(..3)?.parse().ok()?;
            name.ends_with(".sql")
                .then(|| (n, format!("migrations/{name}")))
        })
        .collect();
    out.sort();
    out
}

/// The schema version schema.sql and the full chain of migrations end at.
fn newest_migration() -> i64 {
    migrations().last().map(|(v, _)| *v).unwrap()
}

#[test]
fn schema_loads_twice_and_demo_seed_loads() {
    let db = shared().create_db("schema");
    db.load("schema.sql");
    db.load("schema.sql");
    db.load("etc/demo-seed.sql");
    db.load("etc/demo-seed.sql");
    assert_eq!(
        db.count("SELECT MAX(sv_version) FROM t_schema_version"),
        newest_migration()
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_opertype WHERE o_opertype_id BETWEEN 200 AND 207"),
        8
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM t_subscriptions"), 3);
    let customer: String = db
        .conn()
        .query_first("SELECT s_customername FROM t_subscriptions WHERE s_objectid = '3769d93a'")
        .unwrap()
        .unwrap();
    assert_eq!(customer, "Демо Маркет ООД");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_devices WHERE d_deviceid = 'demo-phone-1'"),
        2
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_settings WHERE s_name = 'log_level' AND s_value = '3'"),
        1
    );
}

type Columns = Vec<(
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
)>;

type Indexes = Vec<(String, String, i64, String, i64)>;

fn structure(db: &TestDb<'_>) -> (Columns, Indexes) {
    let mut c = db.conn();
    let cols: Columns = c
        .query(
            "SELECT table_name, column_name, CAST(ordinal_position AS CHAR), column_type, is_nullable, \
             column_default, extra FROM information_schema.columns WHERE table_schema = DATABASE() \
             ORDER BY table_name, ordinal_position",
        )
        .unwrap();
    let idx = c
        .query(
            "SELECT table_name, index_name, seq_in_index, column_name, non_unique \
             FROM information_schema.statistics WHERE table_schema = DATABASE() \
             ORDER BY table_name, index_name, seq_in_index",
        )
        .unwrap();
    (cols, idx)
}

#[test]
fn migrations_upgrade_a_legacy_database_to_schema_sql() {
    let fresh = shared().create_db("fresh");
    fresh.load("schema.sql");
    let legacy = shared().create_db("legacy");
    legacy.load("migrations/001_legacy_schema.sql");
    // A legacy database with data in it.
    legacy
        .conn()
        .query_drop(
            "INSERT INTO t_subscriptions (s_objectid, s_objectname, s_expiredate, s_customername) \
             VALUES ('11111111', 'Legacy shop', '2030-01-01', 'Стар клиент'); \
             INSERT INTO t_statistics (s_opertype, s_operid, s_description) VALUES (4, '127.0.0.1', 'old row')",
        )
        .unwrap();
    // Every migration after 001, in order; running each twice is harmless.
    for (_, file) in migrations().iter().filter(|(v, _)| *v > 1) {
        legacy.load(file);
        legacy.load(file);
    }
    let (fc, fi) = structure(&fresh);
    let (lc, li) = structure(&legacy);
    assert!(fc.len() > 60, "{} columns", fc.len());
    assert_eq!(
        fc, lc,
        "columns differ between schema.sql and the migrations"
    );
    assert_eq!(
        fi, li,
        "indexes differ between schema.sql and the migrations"
    );
    let ops = "SELECT o_opertype_id, o_opertype_descr FROM t_opertype ORDER BY 1";
    let fo: Vec<(i64, String)> = fresh.conn().query(ops).unwrap();
    let lo: Vec<(i64, String)> = legacy.conn().query(ops).unwrap();
    assert_eq!(fo, lo, "t_opertype rows differ");
    assert_eq!(
        legacy.count("SELECT MAX(sv_version) FROM t_schema_version"),
        newest_migration()
    );
    assert_eq!(legacy.count("SELECT COUNT(*) FROM t_statistics"), 1);
    assert_eq!(legacy.count("SELECT COUNT(*) FROM t_subscriptions"), 1);
}

// ---------------------------------------------------------------------------------------
// Events → rows
// ---------------------------------------------------------------------------------------

#[test]
fn a_session_leaves_the_right_rows_and_errl_keeps_cyrillic() {
    let db = shared().create_db("session").seeded();
    let spool = tempfile::tempdir().unwrap();
    let mut server = start_server(&db, spool.path());
    assert!(
        connected(&server),
        "{:?}",
        server.shared().status.snapshot()
    );

    let mut c = client(server.addr, "SHOP-1", "3769d93a").unwrap();
    let text = "Грешка при четене на базата: „Склад №1“ — няма връзка";
    let reply = c.errl(&cp1251::from_utf8(text)).unwrap();
    assert_eq!(reply.code, 200);
    c.ping().unwrap();
    drop(c);

    let done = wait_for(WAIT, || {
        db.count("SELECT COUNT(*) FROM t_client_connections WHERE cc_disconnected_at IS NOT NULL")
            == 1
    });
    assert!(done, "no disconnection row");
    let row: (String, String, String, String, String, String, String) = db
        .conn()
        .query_first(
            "SELECT cc_uid, cc_objectid, cc_host, cc_peer_ip, cc_app, cc_version, cc_reason FROM t_client_connections",
        )
        .unwrap()
        .unwrap();
    assert_eq!(row.1, "3769d93a");
    assert_eq!(row.2, "SHOP-1");
    assert_eq!(row.3, "127.0.0.1");
    assert_eq!(row.4, "EBOCloudReportSvc.exe");
    assert_eq!(row.5, "1.0.0.5");
    assert_eq!(row.6, "client closed the connection");
    assert!(
        db.count(
            "SELECT COUNT(*) FROM t_client_connections WHERE cc_disconnected_at >= cc_connected_at"
        ) == 1
    );

    let (stored, object, host): (String, String, String) = db
        .conn()
        .query_first("SELECT ce_text, ce_objectid, ce_host FROM t_client_errors")
        .unwrap()
        .unwrap();
    assert_eq!(stored, text);
    assert_eq!((object.as_str(), host.as_str()), ("3769d93a", "SHOP-1"));

    // log_level 3 (the seed): server start, connect, authorised, ERRL, disconnect.
    for op in [200, 201, 205, 203, 202] {
        assert!(
            wait_for(WAIT, || db.count(&format!(
                "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = {op}"
            )) >= 1),
            "no t_statistics row {op}"
        );
    }
    let errl_stat: String = db
        .conn()
        .query_first("SELECT s_description FROM t_statistics WHERE s_opertype = 203")
        .unwrap()
        .unwrap();
    assert!(errl_stat.contains("Склад №1"), "{errl_stat}");
    let h = server.shared().status.snapshot();
    assert_eq!(h.spool_depth, 0);
    assert_eq!(h.db_events.spooled, 0);
    server.shutdown();
}

#[test]
fn a_relay_is_logged_and_log_level_is_honoured() {
    let db = shared().create_db("relay").seeded();
    let spool = tempfile::tempdir().unwrap();
    let mut server = start_server(&db, spool.path());
    assert!(connected(&server));
    let events = &server.shared().events;
    let relay = |report: &str| Event::Relay {
        uid: events.next_uid(),
        object_id: "3769d93a".into(),
        report: report.into(),
        caller: "demo-phone-1".into(),
        started: Local::now(),
        duration_ms: 42,
        result_code: 0,
        request_bytes: 321,
        answer_bytes: 4567,
    };
    events.emit(relay("dayturnover"));
    assert!(wait_for(WAIT, || db
        .count("SELECT COUNT(*) FROM t_relay_log")
        == 1));
    let row: (String, String, String, i64, i64, i64, i64) = db
        .conn()
        .query_first(
            "SELECT rl_objectid, rl_report, rl_caller, rl_duration_ms, rl_resultcode, rl_request_bytes, rl_answer_bytes FROM t_relay_log",
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        row,
        (
            "3769d93a".into(),
            "dayturnover".into(),
            "demo-phone-1".into(),
            42,
            0,
            321,
            4567
        )
    );
    assert!(wait_for(WAIT, || db.count(
        "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 204"
    ) == 1));
    server.shutdown();

    // log_level 1: the relay log still gets its row, t_statistics does not.
    db.conn()
        .query_drop("UPDATE t_settings SET s_value = '1' WHERE s_name = 'log_level'")
        .unwrap();
    let mut server = start_server(&db, spool.path());
    assert!(connected(&server));
    let events = &server.shared().events;
    events.emit(Event::Relay {
        uid: events.next_uid(),
        object_id: "3769d93a".into(),
        report: "topitems".into(),
        caller: "demo-phone-1".into(),
        started: Local::now(),
        duration_ms: 7,
        result_code: 1004,
        request_bytes: 1,
        answer_bytes: 2,
    });
    assert!(wait_for(WAIT, || db
        .count("SELECT COUNT(*) FROM t_relay_log")
        == 2));
    server.shutdown();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 204"),
        1
    );
}

// ---------------------------------------------------------------------------------------
// Auth fallback (http-api.md §4)
// ---------------------------------------------------------------------------------------

/// A minimal auth REST server on a fixed port, so it can "come back" where the report
/// server expects it.
struct FixedAuth {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl FixedAuth {
    fn start(port: u16) -> FixedAuth {
        let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port)).expect("bind"));
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let url = req.url().to_string();
                let body = if url.contains("objectid=-1") {
                    r#"{"result":0,"message":"OK","objectid":"abcd0001","objectname":"New","expiredate":"2031-01-15","active":"1"}"#
                } else if url.contains("objectid=3769d93a") {
                    r#"{"result":0,"message":"OK","objectid":"3769d93a","objectname":"Shop 1","expiredate":"2030-06-30","active":"1"}"#
                } else {
                    r#"{"result":3,"message":"Error object not found"}"#
                };
                let _ = req.respond(tiny_http::Response::from_string(body));
            }
        });
        FixedAuth {
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for FixedAuth {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn auth_fallback_in_both_directions() {
    let db = shared().create_db("fallback").seeded();
    let spool = tempfile::tempdir().unwrap();
    let auth_port = free_port();
    let cfg = db.server.config(&db.name, spool.path());
    let mut server = TestServer::start_with(move |c| {
        c.database = cfg;
        c.instances[0].rest_url = format!("http://127.0.0.1:{auth_port}/dreport/api.php");
    });
    assert!(connected(&server));

    // Auth server unreachable: the existing object is admitted from t_subscriptions ...
    let mut c = BosClient::connect(server.addr, Duration::from_secs(5)).unwrap();
    c.init(3, b"SHOP-1", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    let info = c.info(&common::object("3769d93a")).unwrap();
    assert_eq!(info.object_id, "3769d93a");
    assert_eq!(
        info.expires, "991231",
        "expiry from the seed's t_subscriptions"
    );
    assert_eq!(info.enabled, "-1");
    // ... an inactive one is admitted as it is in the database (EN=0) ...
    db.conn()
        .query_drop("UPDATE t_subscriptions SET s_active = 0 WHERE s_objectid = '1a2b3c4d'")
        .unwrap();
    let mut inactive = BosClient::connect(server.addr, Duration::from_secs(5)).unwrap();
    inactive
        .init(3, b"CAFE", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    let i2 = inactive.info(&common::object("1a2b3c4d")).unwrap();
    assert_eq!(i2.enabled, "0");
    // ... a new client (-1) and an unknown object are refused with 510.
    let err = client(server.addr, "NEW-SHOP", "-1")
        .err()
        .expect("refused");
    assert!(err.contains("510"), "{err}");
    let err = client(server.addr, "STRANGER", "deadbeef")
        .err()
        .expect("refused");
    assert!(err.contains("510"), "{err}");
    let h = server.shared().status.snapshot();
    assert_eq!(fallbacks(&server), 2);
    assert_eq!(h.auth_reachable, Some(false));
    assert!(wait_for(WAIT, || db.count(
        "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 207"
    ) == 2));
    assert!(wait_for(WAIT, || db.count(
        "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 206"
    ) == 2));

    // The auth server is back: normal answers again, no fallback.
    let _auth = FixedAuth::start(auth_port);
    drop(c);
    assert!(wait_for(WAIT, || server.shared().registry.count() == 1));
    let mut c = BosClient::connect(server.addr, Duration::from_secs(5)).unwrap();
    c.init(3, b"SHOP-1", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    let info = c.info(&common::object("3769d93a")).unwrap();
    assert_eq!(info.expires, "300630", "expiry from the auth server now");
    let fresh = client(server.addr, "NEW-SHOP", "-1").expect("new client admitted");
    drop(fresh);
    assert_eq!(fallbacks(&server), 2);
    assert!(wait_for(WAIT, || db.count(
        "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 205"
    ) == 2));
    drop(c);
    drop(inactive);
    server.shutdown();
}

// ---------------------------------------------------------------------------------------
// Spool
// ---------------------------------------------------------------------------------------

fn spool_lines(dir: &std::path::Path) -> usize {
    std::fs::read_to_string(dir.join(crs::db::spool::FILE_NAME))
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

#[test]
fn server_starts_without_database_and_the_spool_survives_a_restart() {
    let db = shared().create_db("spool").seeded();
    let spool = tempfile::tempdir().unwrap();

    // 1. The database is unreachable (nothing listens on the port): the server starts,
    //    serves, and spools.
    let mut dead = db.server.config(&db.name, spool.path());
    dead.port = free_port();
    let mut server = TestServer::start_with(move |c| c.database = dead);
    let mut texts = Vec::new();
    for i in 0..5 {
        let mut c = client(server.addr, &format!("SPOOL-{i}"), "3769d93a").unwrap();
        let t = format!("спул грешка {i}");
        c.errl(&cp1251::from_utf8(&t)).unwrap();
        texts.push(t);
        drop(c);
        assert!(wait_for(WAIT, || server.shared().registry.count() == 0));
    }
    // ServerStarted + 5 × (connected, auth, identified, ERRL, disconnected) = 26
    assert!(
        wait_for(WAIT, || server.shared().status.snapshot().spool_depth == 26),
        "{:?}",
        server.shared().status.snapshot()
    );
    let h = server.shared().status.snapshot();
    assert_eq!(h.db_state, DbState::Down);
    assert!(h.db_last_error.is_some());
    server.shutdown();
    assert_eq!(spool_lines(spool.path()), 26);

    // A crash in the middle of a line: torn tail.
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(spool.path().join(crs::db::spool::FILE_NAME))
        .unwrap()
        .write_all(br#"{"ClientError":{"uid":"torn"#)
        .unwrap();

    // 2. A new server with the database reachable replays the spool at start-up.
    let mut server = start_server(&db, spool.path());
    assert!(connected(&server));
    assert!(wait_for(WAIT, || spool_lines(spool.path()) == 0));
    let h = server.shared().status.snapshot();
    assert_eq!(h.db_events.replayed, 26);
    assert_eq!(h.db_events.already_applied, 0);
    server.shutdown();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_client_connections WHERE cc_host LIKE 'SPOOL-%' AND cc_objectid = '3769d93a' AND cc_disconnected_at IS NOT NULL"),
        5
    );
    for t in &texts {
        let n: i64 = db
            .conn()
            .exec_first(
                "SELECT COUNT(*) FROM t_client_errors WHERE ce_text = ?",
                (t,),
            )
            .unwrap()
            .unwrap();
        assert_eq!(n, 1, "{t}");
    }
    // Both servers' start rows, each once.
    assert_eq!(
        db.count("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 200"),
        2
    );
}

#[test]
fn an_old_schema_is_refused_with_the_migration_to_run() {
    let db = shared().create_db("oldschema");
    db.load("migrations/001_legacy_schema.sql");
    db.conn()
        .query_drop("INSERT INTO t_settings (s_name, s_value) VALUES ('log_level', '3')")
        .unwrap();
    let spool = tempfile::tempdir().unwrap();
    let mut server = start_server(&db, spool.path());
    // The server serves TCP, refuses to write, says which migration to run, and spools.
    let c = client(server.addr, "OLD-1", "3769d93a").unwrap();
    drop(c);
    assert!(wait_for(WAIT, || {
        let h = server.shared().status.snapshot();
        h.spool_depth >= 5
    }));
    let h = server.shared().status.snapshot();
    assert_eq!(h.db_state, DbState::Down);
    let err = h.db_last_error.unwrap_or_default();
    assert!(
        err.contains("migrations/002_server_tables.sql"),
        "error does not name the migration: {err}"
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM t_statistics"), 0);
    server.shutdown();

    // After the migration, a restarted server writes everything that was spooled.
    db.load("migrations/002_server_tables.sql");
    let mut server = start_server(&db, spool.path());
    assert!(connected(&server));
    assert!(wait_for(WAIT, || {
        db.count(
        "SELECT COUNT(*) FROM t_client_connections WHERE cc_host = 'OLD-1' AND cc_disconnected_at IS NOT NULL"
    ) == 1
    }));
    server.shutdown();
    assert_eq!(spool_lines(spool.path()), 0);
}

// ---------------------------------------------------------------------------------------
// Housekeeping: history pruning
// ---------------------------------------------------------------------------------------

#[test]
fn history_tables_are_pruned_past_retention() {
    let db = shared().create_db("prune");
    db.load("schema.sql");
    db.conn()
        .query_drop(
            "INSERT INTO t_client_connections (cc_uid, cc_connected_at, cc_disconnected_at) VALUES \
               ('old', NOW() - INTERVAL 400 DAY, NOW() - INTERVAL 399 DAY), \
               ('open-old', NOW() - INTERVAL 400 DAY, NULL), \
               ('new', NOW() - INTERVAL 10 DAY, NOW() - INTERVAL 9 DAY); \
             INSERT INTO t_client_errors (ce_uid, ce_text, ce_created_at) VALUES \
               ('old', 'x', NOW() - INTERVAL 366 DAY), ('new', 'y', NOW()); \
             INSERT INTO t_relay_log (rl_uid, rl_objectid, rl_started_at, rl_duration_ms, rl_resultcode, rl_request_bytes, rl_answer_bytes) VALUES \
               ('old', '3769d93a', NOW() - INTERVAL 500 DAY, 1, 0, 1, 1), ('new', '3769d93a', NOW() - INTERVAL 364 DAY, 1, 0, 1, 1); \
             INSERT INTO t_server_applied_events (ae_uid, ae_applied_at) VALUES \
               ('old', NOW() - INTERVAL 400 DAY), ('new', NOW());",
        )
        .unwrap();
    let spool = tempfile::tempdir().unwrap();
    let database = crs::db::Database::new(&db.server.config(&db.name, spool.path())).unwrap();
    let pruned = crs::housekeeping::prune_history(&database, 365).unwrap();
    assert_eq!(
        pruned,
        vec![
            ("t_client_connections", 2),
            ("t_client_errors", 1),
            ("t_relay_log", 1),
            ("t_server_applied_events", 1)
        ]
    );
    for t in [
        "t_client_connections WHERE cc_uid",
        "t_client_errors WHERE ce_uid",
        "t_relay_log WHERE rl_uid",
        "t_server_applied_events WHERE ae_uid",
    ] {
        assert_eq!(
            db.count(&format!("SELECT COUNT(*) FROM {t} = 'new'")),
            1,
            "{t}"
        );
        assert_eq!(
            db.count(&format!("SELECT COUNT(*) FROM {t} = 'old'")),
            0,
            "{t}"
        );
    }
}

#[test]
fn the_health_check_reports_database_auth_and_folders() {
    let db = shared().create_db("health").seeded();
    let spool = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let cfg = db.server.config(&db.name, spool.path());
    let log_folder = logs.path().to_path_buf();
    let mut server = TestServer::start_with(move |c| {
        c.database = cfg;
        c.log_folder = log_folder;
    });
    assert!(connected(&server));
    let database = crs::db::open(&server.shared().config.database).unwrap();
    let mut hk = crs::housekeeping::Housekeeping::new(server.shared().clone(), Some(database));
    hk.health_check();
    let h = server.shared().status.snapshot();
    assert!(h.last_health_check.is_some());
    assert_eq!(h.auth_reachable, Some(true), "{:?}", h.auth_last_error);
    assert_eq!(h.log_folder.path, logs.path());
    assert!(h.log_folder.writable && h.log_folder.problem.is_none());
    assert!(h.log_folder.free_bytes.unwrap_or(0) > 0);
    assert!(h.update_folder.writable);
    assert_eq!(h.db_state, DbState::Connected);

    // The update folder disappears: reported, nothing stops.
    let updates = server.updates.path().to_path_buf();
    std::fs::remove_dir_all(&updates).unwrap();
    hk.health_check();
    let h = server.shared().status.snapshot();
    assert!(
        h.update_folder
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("missing"),
        "{:?}",
        h.update_folder
    );
    hk.cleanup();
    let h = server.shared().status.snapshot();
    assert!(h.last_cleanup.is_some());
    client(server.addr, "STILL-SERVING", "3769d93a").unwrap();
    std::fs::create_dir_all(&updates).unwrap();
    server.shutdown();
}

#[test]
fn a_full_or_unusable_spool_counts_lost_events_and_never_blocks() {
    // Database unreachable, spool limited to 4 KiB: the server keeps answering, the
    // overflow is counted.
    let spool = tempfile::tempdir().unwrap();
    let mut cfg = shared().config("nodb", spool.path());
    cfg.port = free_port();
    cfg.spool_max_bytes = 4096;
    let mut server = TestServer::start_with(move |c| c.database = cfg);
    for i in 0..8 {
        let mut c = client(server.addr, &format!("FULL-{i}"), "-1").unwrap();
        c.errl(&cp1251::from_utf8(&"ж".repeat(300))).unwrap();
        c.ping().unwrap();
    }
    assert!(wait_for(WAIT, || server
        .shared()
        .status
        .snapshot()
        .spool_dropped
        > 0));
    let h = server.shared().status.snapshot();
    assert!(h.spool_bytes <= 4096, "{h:?}");
    assert!(h.spool_depth > 0);
    assert_eq!(h.db_state, DbState::Down);
    server.shutdown();

    // The spool folder cannot be created at all (a file is in the way).
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let mut cfg = shared().config("nodb", &blocker.path().join("spool"));
    cfg.port = free_port();
    let mut server = TestServer::start_with(move |c| c.database = cfg);
    let mut c = client(server.addr, "NOSPOOL", "-1").unwrap();
    c.ping().unwrap();
    assert!(wait_for(WAIT, || server
        .shared()
        .status
        .snapshot()
        .spool_dropped
        >= 3));
    drop(c);
    server.shutdown();
}

#[test]
fn a_relay_through_the_http_api_lands_in_the_relay_log() {
    use common::http::{php_report, task, SimClient};
    let db = shared().create_db("httprelay").seeded();
    let spool = tempfile::tempdir().unwrap();
    let server = start_server(&db, spool.path());
    assert!(connected(&server));
    let _shop = SimClient::start(&server, "3769d93a", crs::client::Mode::Demo);
    let body = task(
        "3769d93a",
        &[("DayTurnover", "select 1 where d = '2026-11-20'")],
    );
    let r = php_report(server.http, "dayturnover", "3769d93a", &body);
    assert_eq!(r.code(), 0, "{}", r.text());
    // Offline object: ResultCode 200, logged too.
    let r = php_report(server.http, "dayturnover", "0badf00d", &body);
    assert_eq!(r.code(), 200, "{}", r.text());
    assert!(wait_for(WAIT, || db
        .count("SELECT COUNT(*) FROM t_relay_log")
        == 2));
    let (report, code, req, ans): (String, i64, i64, i64) = db
        .conn()
        .query_first(
            "SELECT rl_report, rl_resultcode, rl_request_bytes, rl_answer_bytes FROM t_relay_log WHERE rl_objectid = '3769d93a'",
        )
        .unwrap()
        .unwrap();
    assert_eq!((report.as_str(), code), ("dayturnover", 0));
    assert_eq!(req, body.len() as i64);
    assert!(ans > 50, "answer size recorded: {ans}");
    let offline: i64 = db.count(
        "SELECT COUNT(*) FROM t_relay_log WHERE rl_objectid = '0badf00d' AND rl_resultcode = 200",
    );
    assert_eq!(offline, 1);
}
