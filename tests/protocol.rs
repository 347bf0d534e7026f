//! The TCP protocol over real sockets: every command, every error reply, the session rules.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::*;
use crs::client::{self, BosClient, ClientOptions, Misbehaviour, ObjectData};
use crs::crypto::{cp1251, decode_payload, session_key, PayloadKey};
use crs::relay;
use crs::tstrings;

#[test]
fn init_reply_layout_and_session_key() {
    let t = TestServer::start();
    let mut c = t.connect();
    let r = c
        .request(b"INIT ID=6 DT=250411 TM=142807 HST=NEWLPT-NDANAIL- ATP=EBOCloudReportApp.exe AVR=6.0.0.0")
        .unwrap();
    assert_eq!(r.code, 200);
    assert_eq!(r.lines.len(), 2);
    assert!(r.lines[0].starts_with(b"KEY="));
    assert!(r.lines[1].starts_with(b"LEN="));
    let key = r.value("KEY").unwrap();
    assert_eq!(key.len(), 4);
    assert!(key
        .iter()
        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)));
    let len: usize = std::str::from_utf8(r.value("LEN").unwrap())
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=6).contains(&len));
    // The INFO reply decrypts with the key built the Delphi way.
    let sk = session_key(key, len, 6, b"NEWLPT-NDANAIL-").unwrap();
    c.force_key(&sk);
    let info = c.info(&common::object("3769d93a")).unwrap();
    assert_eq!(info.object_id, "3769d93a");
    assert_eq!(info.expires, "301231");
    assert_eq!(info.enabled, "-1");
    let text = String::from_utf8(info.raw.clone()).unwrap();
    let keys: Vec<&str> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split('=').next().unwrap())
        .collect();
    assert_eq!(keys, ["ID", "EX", "EN", "CD", "CT"]);
    assert!(text.ends_with("\r\n"));
}

#[test]
fn init_errors_close_the_connection() {
    let t = TestServer::start();
    for line in [
        &b"INIT ID=0 HST=X"[..],
        b"INIT ID=11 HST=X",
        b"INIT HST=X",
        b"INIT ID=abc HST=X",
    ] {
        let mut c = t.connect();
        let r = c.request(line).unwrap();
        assert_eq!(r.code, 501, "{}", String::from_utf8_lossy(line));
        let mut buf = [0u8; 1];
        c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        assert_eq!(
            c.stream().try_clone().unwrap().read(&mut buf).unwrap_or(0),
            0,
            "closed"
        );
    }
}

#[test]
fn new_object_gets_an_id_from_the_auth_server() {
    let t = TestServer::start();
    let mut c = t.connect();
    c.init(1, b"SHOP", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    let info = c.info(&ObjectData::default()).unwrap();
    assert_eq!(info.object_id.len(), 8);
    assert_ne!(info.object_id, "-1");
    assert_eq!(info.expires, "310115");
    let q = t.auth.last_query.lock().unwrap().clone();
    for p in [
        "objectid=-1",
        "hostname=SHOP",
        "apptype=EBOCloudReportSvc.exe",
        "appver=1.0.0.5",
        "appip=127.0.0.1",
        "appdbtype=R",
        "eik=",
        "customername=",
    ] {
        assert!(q.contains(p), "{p} in {q}");
    }
    assert!(t.shared().registry.by_object(&info.object_id).is_some());
}

#[test]
fn inactive_object_gets_en_zero() {
    let t = TestServer::start();
    let mut c = t.connect();
    c.init(2, b"OLD", "a", "1").unwrap();
    let info = c.info(&common::object("0badf00d")).unwrap();
    assert_eq!(info.enabled, "0");
    assert_eq!(info.expires, "200101");
}

#[test]
fn auth_refusals_give_510() {
    let t = TestServer::start();
    for mode in [AUTH_RESULT_3, AUTH_HTTP_400] {
        t.auth.set_mode(mode);
        let mut c = t.connect();
        c.init(2, b"H", "a", "1").unwrap();
        let e = c.info(&common::object("3769d93a")).unwrap_err();
        assert!(e.to_string().contains("510"), "{e}");
        // The session stays usable.
        c.ping().unwrap();
    }
    t.auth.set_mode(AUTH_OK);
    let mut c = t.connect();
    c.init(2, b"H", "a", "1").unwrap();
    let e = c.info(&common::object("ffffffff")).unwrap_err();
    assert!(e.to_string().contains("510"), "unknown object: {e}");
}

#[test]
fn auth_server_refusing_connections_or_timing_out_gives_510() {
    // Connection refused: point at a port nobody listens on.
    let t =
        TestServer::start_with(|c| c.instances[0].rest_url = "http://127.0.0.1:9/api.php".into());
    let mut c = t.connect();
    c.init(2, b"H", "a", "1").unwrap();
    let started = std::time::Instant::now();
    let e = c.info(&common::object("3769d93a")).unwrap_err();
    assert!(e.to_string().contains("510"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(6));
    assert_eq!(t.shared().status.snapshot().auth_reachable, Some(false));

    // Timeout: the auth server sleeps longer than the 10 s total.
    let t = TestServer::start();
    t.auth.set_mode(AUTH_SLOW);
    let mut c = t.connect();
    c.init(2, b"H", "a", "1").unwrap();
    let started = std::time::Instant::now();
    let e = c.info(&common::object("3769d93a")).unwrap_err();
    assert!(e.to_string().contains("510"), "{e}");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(9) && waited < Duration::from_secs(12),
        "{waited:?}"
    );
}

#[test]
fn ping_errl_and_unknown_command() {
    let t = TestServer::start();
    let mut c = t.identified("3769d93a", "SHOP1");
    assert_eq!(c.request(b"PING").unwrap().encode(), b"200\r\n");
    assert_eq!(
        c.request(b"ping").unwrap().code,
        200,
        "verbs are case-insensitive"
    );
    let r = c
        .errl(b"[Error]Unable to initizlize communication! Terminate connection")
        .unwrap();
    assert_eq!(r.encode(), b"200 OK\r\n");
    let r = c.request(b"XYZW a=b").unwrap();
    assert_eq!(r.code, 503);
    let r = c.request(b"").unwrap();
    assert_eq!(r.code, 503);
    let r = c.request(b"\xff\xfe\x00garbage").unwrap();
    assert_eq!(r.code, 503);
    c.ping().unwrap();
}

/// ERRL used to be stored from anyone before INIT (issue 14 finding 3): now it needs an
/// identified session (501 before INIT, 510 before INFO), and keeps Cyrillic after INFO.
#[test]
fn errl_needs_an_identified_session_and_keeps_cyrillic() {
    let t = TestServer::start();
    let mut c = t.connect();
    let text = cp1251::from_utf8("Грешка: няма връзка с базата");
    assert_eq!(c.errl(&text).unwrap().code, 501);
    c.init(2, b"H", "a", "1").unwrap();
    assert_eq!(c.errl(&text).unwrap().code, 510);
    let mut c = t.identified("3769d93a", "H");
    assert_eq!(c.errl(&text).unwrap().code, 200);
}

#[test]
fn data_commands_before_init_get_501_and_stay_open() {
    let t = TestServer::start();
    let mut c = t.connect();
    for line in [
        &b"INFO DATA=abcd"[..],
        b"GREQ",
        b"SRSP CMD=1 DATA=abcd",
        b"VERS",
        b"DWNL F=x",
    ] {
        assert_eq!(
            c.request(line).unwrap().code,
            501,
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    c.ping().unwrap();
}

#[test]
fn bad_data_packets() {
    let t = TestServer::start();
    let mut c = t.connect();
    c.init(4, b"H", "a", "1").unwrap();
    assert_eq!(c.request(b"INFO").unwrap().code, 502, "missing DATA");
    assert_eq!(c.request(b"INFO DATA=").unwrap().code, 502, "empty DATA");
    assert_eq!(
        c.request(b"INFO DATA=!!!***").unwrap().code,
        502,
        "bad Base64"
    );
    assert_eq!(
        c.request(b"INFO DATA=QUJDREVGR0hJSktMTU5PUA==")
            .unwrap()
            .code,
        504,
        "does not inflate"
    );
    // Wrong key.
    let good = c.encode(b"ID=-1\r\n").unwrap();
    c.force_key(b"wrong");
    let wrong = c.encode(b"ID=-1\r\n").unwrap();
    assert_ne!(good, wrong);
    assert_eq!(
        c.request(format!("INFO DATA={wrong}").as_bytes())
            .unwrap()
            .code,
        504
    );
    c.ping().unwrap();
}

#[test]
fn misbehaving_simulators() {
    let t = TestServer::start();
    let opts = |m| ClientOptions {
        server: t.addr.to_string(),
        misbehave: Some(m),
        object: ObjectData {
            object_id: "3769d93a".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = client::connect(&opts(Misbehaviour::WrongKey))
        .err()
        .unwrap();
    assert!(e.to_string().contains("504"), "{e}");
    let e = client::connect(&opts(Misbehaviour::GarbageBase64))
        .err()
        .unwrap();
    assert!(e.to_string().contains("502"), "{e}");
    // Before INFO the line bound is 64 KiB (issue 14): the server answers 502 and closes
    // while the simulator is still writing its 16 MiB, so the simulator sees the 502 or the
    // reset of the connection.
    let e = client::connect(&opts(Misbehaviour::OversizedLine))
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("502") || e.contains("Broken pipe") || e.contains("reset"),
        "{e}"
    );
    // The server is still fine.
    let mut c = t.identified("3769d93a", "H");
    c.ping().unwrap();
}

#[test]
fn oversized_line_is_refused_and_closed() {
    let t = TestServer::start();
    // The 16 MiB bound applies once identified (before INFO it is 64 KiB: tests/hardening.rs).
    let mut c = t.identified("0badf00d", "H");
    let mut line = b"SRSP CMD=1 DATA=".to_vec();
    line.resize(17 * 1024 * 1024, b'A');
    c.send_line(&line).unwrap();
    let r = c.read_reply().unwrap();
    assert_eq!(r.code, 502);
    assert!(c.request(b"PING").is_err(), "connection closed after 502");
    // A long but legal line (2 MiB of DATA) is fine.
    let mut c = t.identified("3769d93a", "H");
    let big = vec![b'x'; 2 * 1024 * 1024];
    let r = c.srsp(1, &big).unwrap();
    assert_eq!(r.code, 520, "no task waiting");
    c.ping().unwrap();
}

#[test]
fn greq_srsp_relay_in_process() {
    let t = TestServer::start();
    let mut c = t.identified("3769d93a", "H");
    assert_eq!(c.greq().unwrap(), None);
    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let task = r#"{"Id":"3769d93a","Pass":"x","Q":{"Type":"Query","SQL":"select 'Цена' from rdb$database"}}"#;
    let ticket = relay::submit(&session, task.as_bytes().to_vec()).unwrap();
    assert_eq!(
        relay::submit(&session, b"{}".to_vec()).err(),
        Some(relay::SubmitError::Busy)
    );
    let waiter = std::thread::spawn(move || ticket.wait(Duration::from_secs(10)));
    let (cmd, got) = c.greq().unwrap().unwrap();
    assert_eq!(cmd, 1);
    assert_eq!(cp1251::to_utf8(&got), task, "the client receives cp1251");
    assert_eq!(c.greq().unwrap(), None, "handed out once");
    let answer = cp1251::from_utf8(r#"{"ResultCode":0,"Q":[{"A":"Цена"}]}"#);
    assert_eq!(c.srsp(cmd, &answer).unwrap().code, 200);
    match waiter.join().unwrap() {
        relay::RelayOutcome::Answer(a) => assert_eq!(a, answer),
        other => panic!("{other:?}"),
    }
    // Stale counter.
    assert_eq!(c.srsp(cmd, b"{}").unwrap().code, 520);
    assert_eq!(c.srsp(99, b"{}").unwrap().code, 520);
    assert_eq!(c.request(b"SRSP CMD=x DATA=abc").unwrap().code, 520);
    assert_eq!(c.request(b"SRSP DATA=abc").unwrap().code, 502);
    // The next task gets counter 2.
    let ticket = relay::submit(&session, b"{\"a\":1}".to_vec()).unwrap();
    let (cmd2, _) = c.greq().unwrap().unwrap();
    assert_eq!(cmd2, 2);
    c.srsp(cmd2, b"{}").unwrap();
    assert!(matches!(
        ticket.wait(Duration::from_secs(5)),
        relay::RelayOutcome::Answer(_)
    ));
}

#[test]
fn late_srsp_after_timeout_gets_520() {
    let t = TestServer::start();
    let mut c = t.identified("3769d93a", "H");
    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let ticket = relay::submit(&session, b"{}".to_vec()).unwrap();
    let (cmd, _) = c.greq().unwrap().unwrap();
    assert_eq!(
        ticket.wait(Duration::from_millis(100)),
        relay::RelayOutcome::TimedOut
    );
    assert!(
        !relay::is_busy(&session),
        "a timed-out task frees the client"
    );
    assert_eq!(c.srsp(cmd, b"{}").unwrap().code, 520);
}

#[test]
fn client_dropping_fails_the_waiting_relay_at_once() {
    let t = TestServer::start();
    let mut c = t.identified("3769d93a", "H");
    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let ticket = relay::submit(&session, b"{}".to_vec()).unwrap();
    c.greq().unwrap().unwrap();
    let started = std::time::Instant::now();
    let waiter = std::thread::spawn(move || ticket.wait(Duration::from_secs(30)));
    c.stream().shutdown(std::net::Shutdown::Both).unwrap();
    assert_eq!(waiter.join().unwrap(), relay::RelayOutcome::Offline);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(eventually(Duration::from_secs(3), || t
        .shared()
        .registry
        .by_object("3769d93a")
        .is_none()));
}

#[test]
fn disconnect_in_the_middle_of_a_reply() {
    let t = TestServer::start();
    let opts = ClientOptions {
        server: t.addr.to_string(),
        misbehave: Some(Misbehaviour::DisconnectMidReply),
        object: ObjectData {
            object_id: "3769d93a".into(),
            ..Default::default()
        },
        poll_every: Duration::from_millis(10),
        ..Default::default()
    };
    let (mut c, _) = client::connect(&opts).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let ticket = relay::submit(&session, b"{\"Id\":\"3769d93a\"}".to_vec()).unwrap();
    client::serve(&mut c, &opts, &stop).unwrap();
    assert_eq!(
        ticket.wait(Duration::from_secs(10)),
        relay::RelayOutcome::Offline
    );
    let mut fresh = t.identified("3769d93a", "H");
    fresh.ping().unwrap();
}

#[test]
fn duplicate_object_id_drops_both() {
    let t = TestServer::start();
    let mut a = t.identified("3769d93a", "A");
    let mut b = t.connect();
    b.init(5, b"B", "x", "1").unwrap();
    let e = b.info(&common::object("3769d93a")).unwrap_err();
    assert!(e.to_string().contains("511"), "{e}");
    assert!(b.request(b"PING").is_err(), "second connection closed");
    assert!(a.request(b"PING").is_err(), "first connection closed too");
    assert!(t.sessions_become(0, Duration::from_secs(3)));
    let mut c = t.identified("3769d93a", "C");
    c.ping().unwrap();
}

#[test]
fn watchdog_closes_unidentified_and_idle_sessions() {
    let t = TestServer::start_with(|c| {
        c.instances[0].no_id_timeout = Duration::from_secs(1);
        c.instances[0].idle_timeout = Duration::from_secs(2);
    });
    let mut unidentified = t.connect();
    unidentified.init(1, b"H", "a", "1").unwrap();
    let mut idle = t.identified("3769d93a", "H");
    std::thread::sleep(Duration::from_millis(1600));
    assert!(
        unidentified.request(b"PING").is_err(),
        "no object id after 1 s"
    );
    // Keep one alive past the idle timeout by pinging.
    let mut alive = t.connect();
    alive.init(1, b"H", "a", "1").unwrap();
    t.auth.objects.lock().unwrap().insert(
        "aaaaaaaa".into(),
        ("x".into(), "2030-01-01".into(), "1".into()),
    );
    alive.info(&common::object("aaaaaaaa")).unwrap();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(500));
        alive.ping().unwrap();
    }
    assert!(idle.request(b"PING").is_err(), "idle for 2 s");
    alive.ping().unwrap();
}

#[test]
fn vers_and_dwnl() {
    let t = TestServer::start();
    std::fs::write(
        t.updates.path().join("BosTcpClient.exe"),
        b"MZ binary \x00\xff",
    )
    .unwrap();
    std::fs::write(t.updates.path().join("Обновление.txt"), "текст".as_bytes()).unwrap();
    std::fs::create_dir(t.updates.path().join("subdir")).unwrap();
    let mut c = t.identified("3769d93a", "H");
    let files = c.vers().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].0, "BosTcpClient.exe");
    assert_eq!(files[0].1, 12);
    assert_eq!(files[0].3.len(), 32);
    assert_eq!(c.dwnl("BosTcpClient.exe").unwrap(), b"MZ binary \x00\xff");
    assert_eq!(c.dwnl("Обновление.txt").unwrap(), "текст".as_bytes());
    for bad in [
        "../etc/passwd",
        "..",
        "a/b",
        "a\\b",
        "C:boot.ini",
        "subdir",
        "missing.exe",
    ] {
        let e = c.dwnl(bad).unwrap_err();
        assert!(e.to_string().contains("530"), "{bad}: {e}");
    }
    assert_eq!(c.request(b"DWNL").unwrap().code, 530);
    assert_eq!(c.request(b"DWNL F=x\x00y").unwrap().code, 530);
    c.ping().unwrap();
}

#[test]
fn vers_on_missing_folder_is_530() {
    let t =
        TestServer::start_with(|c| c.instances[0].update_folder = "/nonexistent/updates".into());
    let mut c = t.identified("3769d93a", "H");
    assert!(c.vers().unwrap_err().to_string().contains("530"));
}

#[test]
fn cyrillic_host_end_to_end() {
    let t = TestServer::start();
    let host = cp1251::from_utf8("МАГАЗИН-PC");
    let mut c = t.connect();
    c.init(7, &host, "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    let sk = c.session_key.clone().unwrap();
    assert_eq!(&sk[sk.len() - 3..], &[0xCC, 0xC0, b'C']);
    let info = c
        .info(&ObjectData {
            object_id: "3769d93a".into(),
            object_name: "Магазин 1".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(info.object_id, "3769d93a");
    let q = t.auth.last_query.lock().unwrap().clone();
    let decoded = percent_decode(&q);
    assert!(decoded.contains("hostname=МАГАЗИН-PC"), "{decoded}");
    assert!(decoded.contains("objectname=Магазин 1"), "{decoded}");
    let s = t.shared().registry.by_object("3769d93a").unwrap();
    assert_eq!(s.info().host, "МАГАЗИН-PC");
}

#[test]
fn info_without_test_marker_and_with_lf_only() {
    let t = TestServer::start();
    let mut c = t.connect();
    c.init(9, b"H", "a", "1").unwrap();
    let sk = c.session_key.clone().unwrap();
    let key = PayloadKey::new(&sk);
    let body = crs::crypto::encode_payload(&key, b"ID=3769d93a\nON=x\n");
    c.stream()
        .write_all(format!("INFO DATA={body}\n").as_bytes())
        .unwrap();
    let r = c.read_reply().unwrap();
    assert_eq!(r.code, 200);
    let plain = decode_payload(&key, r.value("DATA").unwrap()).unwrap();
    assert_eq!(
        tstrings::value(&tstrings::parse(&plain), "ID"),
        Some(&b"3769d93a"[..])
    );
}

#[test]
fn many_concurrent_clients() {
    let t = TestServer::start();
    let addr = t.addr;
    let n = 200;
    {
        let mut objs = t.auth.objects.lock().unwrap();
        for i in 0..n {
            objs.insert(
                format!("{:08x}", 0x1000_0000 + i),
                ("s".into(), "2030-01-01".into(), "1".into()),
            );
        }
    }
    let threads: Vec<_> = (0..n)
        .map(|i| {
            std::thread::spawn(move || {
                let mut c = BosClient::connect(addr, Duration::from_secs(10)).unwrap();
                c.init(1 + i % 10, format!("HOST{i}").as_bytes(), "a", "1")
                    .unwrap();
                let id = format!("{:08x}", 0x1000_0000 + i);
                let info = c
                    .info(&ObjectData {
                        object_id: id.clone(),
                        ..Default::default()
                    })
                    .unwrap();
                assert_eq!(info.object_id, id);
                for _ in 0..20 {
                    c.ping().unwrap();
                }
                c
            })
        })
        .collect();
    let clients: Vec<BosClient> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(t.shared().registry.identified_count(), n);
    drop(clients);
    assert!(t.sessions_become(0, Duration::from_secs(5)));
}

#[test]
fn abrupt_disconnects_leave_nothing_behind() {
    let t = TestServer::start();
    for i in 0..50 {
        let mut s = std::net::TcpStream::connect(t.addr).unwrap();
        match i % 3 {
            0 => {}
            1 => s.write_all(b"INIT ID=1 HST=X").unwrap(),
            _ => s
                .write_all(b"INIT ID=1 HST=X ATP=a AVR=1\r\nINFO DATA=")
                .unwrap(),
        }
        drop(s);
    }
    assert!(t.sessions_become(0, Duration::from_secs(5)));
    let mut c = t.identified("3769d93a", "H");
    c.ping().unwrap();
}

#[test]
fn session_cap_refuses_extra_connections() {
    let t = TestServer::start_with(|c| c.max_sessions = 3);
    let _a = t.connect();
    let _b = t.connect();
    let mut c = t.connect();
    c.ping().unwrap_or(());
    assert!(t.sessions_become(3, Duration::from_secs(2)));
    let mut d = t.connect();
    d.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    assert!(d.request(b"PING").is_err(), "fourth connection is closed");
    assert_eq!(
        crs::metrics::Metrics::get(&t.shared().metrics.sessions_rejected),
        1
    );
}

#[test]
fn never_reading_client_does_not_block_the_server() {
    let t = TestServer::start();
    let opts = ClientOptions {
        server: t.addr.to_string(),
        misbehave: Some(Misbehaviour::NeverRead),
        object: ObjectData {
            object_id: "3769d93a".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut c, _) = client::connect(&opts).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s2 = stop.clone();
    let h = std::thread::spawn(move || {
        let _ = client::serve(&mut c, &opts, &s2);
    });
    std::thread::sleep(Duration::from_millis(500));
    let mut other = t.connect();
    other.ping().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    h.join().unwrap();
}

#[test]
fn odd_but_legal_input_is_accepted() {
    let t = TestServer::start();
    let mut c = t.connect();
    // INIT with an unparsable client clock and no host: the key is still agreed.
    let r = c.request(b"INIT ID=10 DT=99xx99 TM=garbage").unwrap();
    assert_eq!(r.code, 200);
    let key = r.value("KEY").unwrap().to_vec();
    let len: usize = std::str::from_utf8(r.value("LEN").unwrap())
        .unwrap()
        .parse()
        .unwrap();
    c.force_key(&session_key(&key, len, 10, b"").unwrap());
    let info = c.info(&object("3769d93a")).unwrap();
    assert_eq!(info.object_id, "3769d93a");
    let s = t.shared().registry.by_object("3769d93a").unwrap();
    assert_eq!(s.info().clock_skew_secs, None);
    // A huge ERRL of arbitrary bytes (identified: ERRL needs INFO since issue 14): stored
    // cut to 16 KiB, answered, session kept.
    let mut text = vec![0xFFu8, 0x00, b'\t'];
    text.resize(1024 * 1024, 0xE0);
    assert_eq!(c.errl(&text).unwrap().encode(), b"200 OK\r\n");
    c.ping().unwrap();
}
