//! The outage test: 50 simulated clients keep doing traffic (connect, INFO, PING, ERRL,
//! disconnect) against an in-process server while its private MariaDB is SIGKILLed and
//! restarted on the same data dir and port. The server must keep answering, and every event
//! must end up in the database exactly once.

mod common;
mod db_support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::TestServer;
use crs::client::{BosClient, ObjectData};
use crs::crypto::cp1251;
use crs::status::DbState;
use db_support::{wait_for, MariaDb};

const CLIENTS: usize = 50;

#[derive(Default)]
struct Tally {
    sessions: AtomicU64,
    errls: AtomicU64,
    pings: AtomicU64,
    failures: Mutex<Vec<String>>,
    /// Slowest PING reply, in ms.
    slowest_ms: AtomicU64,
}

fn one_session(
    server: &TestServer,
    i: usize,
    object_id: &mut String,
    round: u64,
    tally: &Tally,
) -> Result<(), String> {
    let shared = server.shared();
    // The server must have seen the previous connection of this object go away, or the
    // new one would be a duplicate ID.
    if object_id != "-1"
        && !wait_for(Duration::from_secs(5), || {
            shared.registry.by_object(object_id).is_none()
        })
    {
        return Err(format!(
            "client {i}: old session of {object_id} still registered"
        ));
    }
    let mut c =
        BosClient::connect(server.addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    c.init(
        3,
        format!("OUT-{i:02}").as_bytes(),
        "EBOCloudReportSvc.exe",
        "1.0.0.5",
    )
    .map_err(|e| format!("INIT: {e}"))?;
    let info = c
        .info(&ObjectData {
            object_id: object_id.clone(),
            object_name: format!("Outage shop {i}"),
            ..Default::default()
        })
        .map_err(|e| format!("INFO: {e}"))?;
    *object_id = info.object_id;
    tally.sessions.fetch_add(1, Ordering::SeqCst);
    for k in 0..4 {
        let t = Instant::now();
        c.ping().map_err(|e| format!("PING: {e}"))?;
        tally
            .slowest_ms
            .fetch_max(t.elapsed().as_millis() as u64, Ordering::Relaxed);
        tally.pings.fetch_add(1, Ordering::SeqCst);
        if k == 1 {
            let text = format!("Грешка {i}/{round}: няма връзка със сървъра");
            let r = c
                .errl(&cp1251::from_utf8(&text))
                .map_err(|e| format!("ERRL: {e}"))?;
            if r.code != 200 {
                return Err(format!("ERRL answered {}", r.code));
            }
            tally.errls.fetch_add(1, Ordering::SeqCst);
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    Ok(())
}

#[test]
fn fifty_clients_through_a_database_outage_lose_nothing() {
    let started = Instant::now();
    let mdb = MariaDb::start("outage");
    let db = mdb.create_db("outage").seeded();
    let spool = tempfile::tempdir().unwrap();
    let cfg = mdb.config(&db.name, spool.path());
    let server = Arc::new(TestServer::start_with(move |c| c.database = cfg));
    assert!(wait_for(Duration::from_secs(20), || {
        server.shared().status.snapshot().db_state == DbState::Connected
    }));

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (server, stop, tally) = (server.clone(), stop.clone(), tally.clone());
            std::thread::spawn(move || {
                let mut object_id = "-1".to_string();
                let mut round = 0;
                while !stop.load(Ordering::SeqCst) {
                    if let Err(e) = one_session(&server, i, &mut object_id, round, &tally) {
                        tally.failures.lock().unwrap().push(e);
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    round += 1;
                }
            })
        })
        .collect();

    std::thread::sleep(Duration::from_millis(1500));
    let before_kill = tally.sessions.load(Ordering::SeqCst);
    mdb.kill();
    let killed_at = Instant::now();
    // Traffic goes on while the database is gone.
    assert!(
        wait_for(Duration::from_secs(10), || {
            let h = server.shared().status.snapshot();
            h.db_state == DbState::Down && h.spool_depth > 0
        }),
        "the server did not notice the outage: {:?}",
        server.shared().status.snapshot()
    );
    std::thread::sleep(Duration::from_millis(2000));
    let during = tally.sessions.load(Ordering::SeqCst);
    let spooled_peak = server.shared().status.snapshot().spool_depth;
    mdb.restart();
    let outage = killed_at.elapsed();
    std::thread::sleep(Duration::from_millis(1500));
    stop.store(true, Ordering::SeqCst);
    for t in threads {
        t.join().unwrap();
    }
    let failures = tally.failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "the server stopped answering: {} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let sessions = tally.sessions.load(Ordering::SeqCst) as i64;
    let errls = tally.errls.load(Ordering::SeqCst) as i64;
    assert!(
        during > before_kill,
        "no sessions while the database was down"
    );
    // Every session disconnected: its events are all emitted.
    assert!(wait_for(Duration::from_secs(10), || {
        server.shared().registry.count() == 0
            && server
                .shared()
                .metrics
                .sessions_current
                .load(Ordering::SeqCst)
                == 0
    }));

    // ServerStarted + per session: connected, authorised, identified, disconnected; + ERRLs.
    let expected = 1 + 4 * sessions + errls;
    let count = |sql: &str| db.count(sql);
    let all_in = wait_for(Duration::from_secs(45), || {
        let h = server.shared().status.snapshot();
        count("SELECT COUNT(*) FROM t_server_applied_events") >= expected
            && h.spool_depth == 0
            && h.db_state == DbState::Connected
    });
    let h = server.shared().status.snapshot();
    assert!(
        all_in,
        "not everything reached the database: {} of {expected}; status {h:?}",
        count("SELECT COUNT(*) FROM t_server_applied_events")
    );
    assert_eq!(h.db_state, DbState::Connected);
    assert_eq!(h.spool_dropped, 0);
    assert_eq!(h.db_events.rejected, 0);

    // Exactly once, counted by uid and per table.
    assert_eq!(
        count("SELECT COUNT(*) FROM t_server_applied_events"),
        expected
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM t_client_connections WHERE cc_host LIKE 'OUT-%'"),
        sessions
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT cc_uid) FROM t_client_connections WHERE cc_objectid IS NOT NULL AND cc_disconnected_at IS NOT NULL AND cc_reason = 'client closed the connection'"),
        sessions,
        "every connection row identified and closed"
    );
    assert_eq!(count("SELECT COUNT(*) FROM t_client_errors"), errls);
    assert_eq!(
        count("SELECT COUNT(DISTINCT ce_text) FROM t_client_errors WHERE ce_text LIKE 'Грешка %'"),
        errls
    );
    // t_statistics has no unique key: a duplicate replay would show here (log_level 3).
    for (op, n) in [
        (200, 1),
        (201, sessions),
        (205, sessions),
        (203, errls),
        (202, sessions),
    ] {
        assert_eq!(
            count(&format!(
                "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = {op}"
            )),
            n,
            "t_statistics opertype {op}"
        );
    }
    assert_eq!(
        std::fs::metadata(spool.path().join(crs::db::spool::FILE_NAME))
            .unwrap()
            .len(),
        0,
        "spool emptied"
    );
    let c = h.db_events;
    assert!(c.spooled > 0 && c.replayed > 0, "{c:?}");
    // An event whose commit was in doubt when the database died is spooled, then found
    // already applied on replay: counted there, not twice.
    assert!(
        c.written + c.replayed <= expected as u64
            && c.written + c.replayed + c.already_applied >= expected as u64,
        "{c:?} vs {expected}"
    );
    eprintln!(
        "outage test: {CLIENTS} clients, {sessions} sessions, {errls} ERRL, {} PINGs; events {expected}: \
         {} written directly, {} spooled (peak depth {spooled_peak}), {} replayed, {} found already applied, \
         0 duplicates; database down {:.1} s; slowest PING {} ms; {} failures; test took {:.1} s",
        tally.pings.load(Ordering::SeqCst),
        c.written,
        c.spooled,
        c.replayed,
        c.already_applied,
        outage.as_secs_f64(),
        tally.slowest_ms.load(Ordering::Relaxed),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    drop(db);
    match Arc::try_unwrap(server) {
        Ok(mut s) => s.shutdown(),
        Err(_) => panic!("server still shared"),
    }
    drop(mdb); // stops the instance and deletes its data dir
}
