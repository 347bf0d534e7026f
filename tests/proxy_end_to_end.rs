//! The migration proxy in front of the project's own server: every command through it, the
//! bytes on both sides identical, every payload decoded, and the report calling it safe.

mod common;
mod proxy_support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use crs::client::{self, md5_hex, BosClient, ClientOptions, Mode, ObjectData};
use crs::crypto::cp1251;
use crs::proxy::record::{Decoded, MASKED_PASS};
use crs::proxy::report::{self, Status, Verdict};
use crs::proxy::RunningProxy;
use crs::relay;
use md5::Digest;
use proxy_support::*;
use serde_json::Value;

const EXE: &[u8] = b"MZ\x90\x00 fake client update \xff\x00\x01";

fn task(pass: &str) -> String {
    serde_json::json!({
        "Id": "3769d93a",
        "Pass": pass,
        "DayTurnover": {"Type": "Query", "SQL": "select * from x where d = '2026-11-20'"},
        "PaymentTypes": {"Type": "Query", "SQL": "select * from y where d = '2026-11-20'"},
        "Cmd1": {"Type": "Command", "Param": "Refresh"}
    })
    .to_string()
}

/// One hand-driven session doing every command, then a `bos-client` session serving a relay.
fn drive_sessions(t: &TestServer, proxy_addr: std::net::SocketAddr) {
    let mut c = BosClient::connect(proxy_addr, Duration::from_secs(5)).unwrap();
    c.init(
        6,
        &cp1251::from_utf8("МАГАЗИН-PC"),
        "EBOCloudReportSvc.exe",
        "1.0.0.5",
    )
    .unwrap();
    let info = c
        .info(&ObjectData {
            object_id: "3769d93a".into(),
            object_name: "Магазин 1".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(info.object_id, "3769d93a");
    c.ping().unwrap();
    assert_eq!(
        c.errl(b"[Error]Unable to initizlize communication! Terminate connection")
            .unwrap()
            .code,
        200
    );
    assert_eq!(c.greq().unwrap(), None);

    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let ticket = relay::submit(&session, task(&md5_hex("secret")).into_bytes()).unwrap();
    let waiter = std::thread::spawn(move || ticket.wait(Duration::from_secs(10)));
    let (cmd, got) = c.greq().unwrap().unwrap();
    let opts = ClientOptions {
        password: Some("secret".into()),
        mode: Mode::Demo,
        ..Default::default()
    };
    let answer = client::answer_task(&opts, &got);
    assert_eq!(c.srsp(cmd, &answer).unwrap().code, 200);
    match waiter.join().unwrap() {
        relay::RelayOutcome::Answer(a) => assert_eq!(a, answer),
        other => panic!("{other:?}"),
    }
    assert_eq!(c.srsp(cmd, b"{}").unwrap().code, 520, "stale counter");

    let files = c.vers().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(c.dwnl("BosTcpClient.exe").unwrap(), EXE);
    assert!(c
        .dwnl("../etc/passwd")
        .unwrap_err()
        .to_string()
        .contains("530"));
    assert_eq!(c.request(b"HELO world").unwrap().code, 503);
    // A payload nobody can read: refused by the server, so not held against the crypto.
    assert_eq!(
        c.request(b"SRSP CMD=7 DATA=!!!notbase64").unwrap().code,
        502
    );
    drop(c);

    // The simulator, as `bos-client` runs it: connect, identify, poll and answer.
    let opts = ClientOptions {
        server: proxy_addr.to_string(),
        host: "SHOP2".into(),
        password: Some("demo".into()),
        mode: Mode::Demo,
        poll_every: Duration::from_millis(20),
        object: ObjectData {
            object_id: "-1".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut c2, info2) = client::connect(&opts).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let serving = std::thread::spawn(move || client::serve(&mut c2, &opts, &stop2));
    let session = t.shared().registry.by_object(&info2.object_id).unwrap();
    let ticket = relay::submit(&session, task(&md5_hex("demo")).into_bytes()).unwrap();
    match ticket.wait(Duration::from_secs(10)) {
        relay::RelayOutcome::Answer(a) => {
            let v: Value = serde_json::from_str(&cp1251::to_utf8(&a)).unwrap();
            assert_eq!(v["ResultCode"], 0);
        }
        other => panic!("{other:?}"),
    }
    stop.store(true, Ordering::SeqCst);
    serving.join().unwrap().unwrap();
}

#[test]
fn every_command_through_the_proxy_is_forwarded_and_decoded() {
    let t = TestServer::start();
    std::fs::write(t.updates.path().join("BosTcpClient.exe"), EXE).unwrap();
    let rec = tempfile::tempdir().unwrap();
    // client → outer tap → proxy → inner tap → server: the taps see both sides of the proxy.
    let inner = RawTap::start(t.addr);
    let proxy = start_proxy(inner.addr, rec.path());
    let outer = RawTap::start(proxy.local_addr);
    drive_sessions(&t, outer.addr);

    let sessions = recordings(&proxy, rec.path());
    assert_eq!(sessions.len(), 2);
    assert_eq!(proxy.total_sessions(), 2);
    // Byte for byte: what the server got is what the client sent, and the other way round.
    assert!(wait_for(Duration::from_secs(5), || {
        let (a, b) = (outer.seen(), inner.seen());
        a.len() == 2 && b.len() == 2 && (0..2).all(|i| a[i].c2s == b[i].c2s && a[i].s2c == b[i].s2c)
    }));
    let (a, b) = (outer.seen(), inner.seen());
    for i in 0..2 {
        assert_eq!(a[i].c2s, b[i].c2s, "client to server bytes of session {i}");
        assert_eq!(a[i].s2c, b[i].s2c, "server to client bytes of session {i}");
        assert!(a[i].s2c.len() > 100);
    }

    let (file, recs) = &sessions[0];
    let text = std::fs::read_to_string(file).unwrap();
    assert!(!text.contains(&md5_hex("secret")), "Pass is masked");
    // Every payload decoded, but the deliberately broken one.
    for r in recs {
        let broken = r
            .params
            .as_ref()
            .is_some_and(|p| p.contains(&("CMD".into(), "7".into())));
        assert_eq!(
            matches!(r.decoded, Some(Decoded::Failed { .. })),
            broken,
            "{r:?}"
        );
    }
    assert_eq!(recs[0].event, "open");
    assert_eq!(recs.last().unwrap().event, "end");
    assert_eq!(events(recs, "session_key").len(), 1);
    let init = request(recs, "INIT", 0);
    let params = init.params.as_ref().unwrap();
    assert!(
        params.contains(&("HST".into(), "МАГАЗИН-PC".into())),
        "{params:?}"
    );
    assert_eq!(
        reply(recs, "INIT", 0).layout.as_deref(),
        Some("200-KEY=… / 200 LEN=…")
    );

    match &request(recs, "INFO", 0).decoded {
        Some(Decoded::Tstrings { pairs, .. }) => {
            assert!(pairs.contains(&("ТТ".into(), "Test".into())), "{pairs:?}");
            assert!(pairs.contains(&("ID".into(), "3769d93a".into())));
            assert!(pairs.contains(&("ON".into(), "Магазин 1".into())));
        }
        other => panic!("{other:?}"),
    }
    let info_params = request(recs, "INFO", 0).params.clone().unwrap();
    assert_eq!(info_params[0].0, "DATA");
    assert!(
        info_params[0].1.ends_with(" bytes>"),
        "DATA elided: {info_params:?}"
    );
    match &reply(recs, "INFO", 0).decoded {
        Some(Decoded::Tstrings { pairs, .. }) => {
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys, ["ID", "EX", "EN", "CD", "CT"]);
        }
        other => panic!("{other:?}"),
    }
    // Polls answered by a bare 200 are collapsed into `repeat` records.
    let repeats = events(recs, "repeat");
    let rep = |verb: &str| {
        repeats
            .iter()
            .find(|r| r.verb.as_deref() == Some(verb))
            .unwrap_or_else(|| panic!("repeat {verb}: {repeats:?}"))
    };
    assert_eq!(rep("PING").layout.as_deref(), Some("200"));
    assert_eq!(rep("PING").info.as_ref().unwrap()["count"], 1);
    assert_eq!(rep("GREQ").info.as_ref().unwrap()["count"], 1);
    assert_eq!(
        request(recs, "ERRL", 0).text.as_deref(),
        Some("[Error]Unable to initizlize communication! Terminate connection")
    );
    assert_eq!(reply(recs, "ERRL", 0).layout.as_deref(), Some("200 OK"));
    let greq = reply(recs, "GREQ", 0);
    assert_eq!(greq.layout.as_deref(), Some("200-CMD=… / 200 DATA=…"));
    match &greq.decoded {
        Some(Decoded::Json { json, masked, .. }) => {
            assert!(masked);
            assert_eq!(json["Pass"], MASKED_PASS);
            assert_eq!(json["Id"], "3769d93a");
            assert_eq!(
                json["DayTurnover"]["SQL"],
                "select * from x where d = '2026-11-20'"
            );
            assert_eq!(json["Cmd1"]["Param"], "Refresh");
        }
        other => panic!("{other:?}"),
    }
    match &request(recs, "SRSP", 0).decoded {
        Some(Decoded::Json { json, masked, .. }) => {
            assert!(masked);
            assert_eq!(json["ResultCode"], 0);
            let rows = json["DayTurnover"]["rows"].as_u64().unwrap();
            assert!(rows >= 1, "{json}");
            assert!(
                json["PaymentTypes"]["columns"].as_array().unwrap().len() >= 2,
                "{json}"
            );
            assert_eq!(json["Cmd1"]["rows"], 0);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(reply(recs, "SRSP", 1).code, Some(520));
    match &reply(recs, "VERS", 0).decoded {
        Some(Decoded::Vers { files, bad_lines }) => {
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].name, "BosTcpClient.exe");
            assert_eq!(files[0].size, EXE.len() as u64);
            assert!(bad_lines.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let dwnl = reply(recs, "DWNL", 0);
    assert_eq!(dwnl.layout.as_deref(), Some("200-SIZE=… / 200 DATA=…"));
    match &dwnl.decoded {
        Some(Decoded::File { len, md5 }) => {
            assert_eq!(*len, EXE.len());
            assert_eq!(*md5, crs::updates::hex(&md5::Md5::digest(EXE)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(reply(recs, "DWNL", 1).code, Some(530));
    assert_eq!(
        reply(recs, "HELO", 0).layout.as_deref(),
        Some("503 Unknown command")
    );
    assert!(
        request(recs, "HELO", 0).text.is_none(),
        "HELO is a well-formed verb"
    );

    // The simulator's session: its task and answer decoded too.
    let (_, recs2) = &sessions[1];
    assert!(matches!(
        request(recs2, "SRSP", 0).decoded,
        Some(Decoded::Json { .. })
    ));

    // The report: this server against itself is safe to switch to.
    let summary = report::summarise(&[rec.path().to_path_buf()]).unwrap();
    assert_eq!(summary.sessions, 2);
    let points = report::compare(&summary);
    for p in &points {
        assert_ne!(p.status, Status::Contradicted, "{p:?}");
    }
    for name in [
        "INIT reply",
        "INFO request keys",
        "INFO reply",
        "PING reply",
        "ERRL reply",
        "GREQ reply, nothing pending",
        "GREQ reply with a task",
        "Task counter CMD",
        "SRSP request",
        "SRSP reply",
        "VERS reply",
        "DWNL request",
        "DWNL reply",
        "Error reply form",
        "Error codes and texts",
    ] {
        let p = points.iter().find(|p| p.name == name).unwrap();
        assert_eq!(p.status, Status::Confirmed, "{p:?}");
    }
    let crypto = points
        .iter()
        .find(|p| p.name == "Session key and DATA payload crypto")
        .unwrap();
    assert!(
        crypto
            .evidence
            .iter()
            .any(|e| e.contains("SRSP request: 1 not decodable and refused by the original too")),
        "{crypto:?}"
    );
    let (verdict, text) = report::render(&summary);
    assert_eq!(verdict, Verdict::Safe, "{text}");
    let last = text.trim_end().lines().last().unwrap();
    assert!(last.starts_with("VERDICT: SAFE TO SWITCH"), "{last}");
    assert!(
        text.contains("[CONFIRMED] GREQ reply with a task (ASSUMED)"),
        "{text}"
    );
    assert!(text.contains("request key names: DT (2), FA (2)"), "{text}");
    println!("{text}");
    proxy.shutdown();
}

#[test]
fn unmask_records_pass_and_rows() {
    let t = TestServer::start();
    let rec = tempfile::tempdir().unwrap();
    let mut cfg = proxy_config(t.addr, rec.path());
    cfg.unmask = true;
    cfg.every_poll = true;
    let proxy = RunningProxy::start(cfg).unwrap();
    let mut c = BosClient::connect(proxy.local_addr, Duration::from_secs(5)).unwrap();
    c.init(2, b"H", "a", "1").unwrap();
    c.info(&common::object("3769d93a")).unwrap();
    let session = t.shared().registry.by_object("3769d93a").unwrap();
    let pass = md5_hex("x");
    assert_eq!(c.greq().unwrap(), None);
    let ticket = relay::submit(&session, task(&pass).into_bytes()).unwrap();
    let (cmd, _) = c.greq().unwrap().unwrap();
    let answer = cp1251::from_utf8(
        r#"{"ResultCode":0,"ResultMessage":"OK","DayTurnover":[{"NAME":"Кафе","TOTAL":12.5}]}"#,
    );
    c.srsp(cmd, &answer).unwrap();
    assert!(matches!(
        ticket.wait(Duration::from_secs(5)),
        relay::RelayOutcome::Answer(_)
    ));
    drop(c);
    let sessions = recordings(&proxy, rec.path());
    let recs = &sessions[0].1;
    assert!(events(recs, "repeat").is_empty(), "--all-polls");
    assert_eq!(reply(recs, "GREQ", 0).layout.as_deref(), Some("200"));
    match &reply(recs, "GREQ", 1).decoded {
        Some(Decoded::Json { json, masked, .. }) => {
            assert!(!masked);
            assert_eq!(json["Pass"], pass);
        }
        other => panic!("{other:?}"),
    }
    match &request(recs, "SRSP", 0).decoded {
        Some(Decoded::Json { json, .. }) => {
            assert_eq!(json["DayTurnover"][0]["NAME"], "Кафе");
        }
        other => panic!("{other:?}"),
    }
    proxy.shutdown();
}

#[test]
fn many_concurrent_sessions_each_get_their_own_complete_recording() {
    let t = TestServer::start();
    let rec = tempfile::tempdir().unwrap();
    let proxy = start_proxy(t.addr, rec.path());
    let addr = proxy.local_addr;
    let clients: Vec<_> = (0..30)
        .map(|i| {
            std::thread::spawn(move || {
                let mut c = BosClient::connect(addr, Duration::from_secs(5)).unwrap();
                c.init(1 + i % 10, format!("POS-{i}").as_bytes(), "a.exe", "1")
                    .unwrap();
                let info = c.info(&ObjectData::default()).unwrap();
                for _ in 0..20 {
                    c.ping().unwrap();
                    assert_eq!(c.greq().unwrap(), None);
                }
                info.object_id
            })
        })
        .collect();
    let ids: std::collections::BTreeSet<String> =
        clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert_eq!(ids.len(), 30);
    let sessions = recordings(&proxy, rec.path());
    assert_eq!(sessions.len(), 30);
    for (file, recs) in &sessions {
        assert_eq!(recs.last().unwrap().event, "end", "{}", file.display());
        assert!(
            recs.iter()
                .all(|r| !matches!(r.decoded, Some(Decoded::Failed { .. }))),
            "{}",
            file.display()
        );
        let polls: u64 = events(recs, "repeat")
            .iter()
            .map(|r| r.info.as_ref().unwrap()["count"].as_u64().unwrap())
            .sum();
        assert_eq!(polls, 40, "{}", file.display());
    }
    let summary = report::summarise(&[rec.path().to_path_buf()]).unwrap();
    assert_eq!(summary.request_count("PING"), 600);
    assert_eq!(summary.request_count("GREQ"), 600);
    proxy.shutdown();
}
