//! `proxy-report` on recordings of a server (and client) whose layouts differ from what this
//! server assumes: every difference shows up as CONTRADICTED and the verdict says not safe.
//! Also the two subcommands as an operator runs them.

mod proxy_support;

use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crs::client::BosClient;
use crs::crypto::{cp1251, decode_payload, encode_payload, session_key, PayloadKey};
use crs::proxy::report::{self, Status, Verdict};
use crs::wire::Request;
use proxy_support::*;

/// An "original server" that differs from this one: GREQ hands out a task as a single
/// `200 DATA=` line without CMD, ERRL gets a bare `200`, VERS lines are `NAME=SIZE;DATE`,
/// unknown commands get a two-line `500` reply, and `STAT` is a command it knows.
fn different_server(s: TcpStream) {
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    let mut key: Option<PayloadKey> = None;
    let mut task_sent = false;
    loop {
        let raw = read_line(&mut r);
        if raw.is_empty() {
            return;
        }
        let req = Request::parse(&raw);
        let enc = |k: &Option<PayloadKey>, text: &str| {
            encode_payload(k.as_ref().expect("key"), &cp1251::from_utf8(text))
        };
        let reply = match req.verb.as_str() {
            "INIT" => {
                let dict = std::str::from_utf8(req.param("ID").unwrap())
                    .unwrap()
                    .parse()
                    .unwrap();
                let sk = session_key(b"ABCD", 3, dict, req.param("HST").unwrap()).unwrap();
                key = Some(PayloadKey::new(&sk));
                "200-KEY=ABCD\r\n200 LEN=3\r\n".to_string()
            }
            "INFO" => {
                let plain = decode_payload(key.as_ref().unwrap(), req.param("DATA").unwrap());
                assert!(plain.is_ok());
                format!(
                    "200 DATA={}\r\n",
                    enc(
                        &key,
                        "ID=3769d93a\r\nEX=301231\r\nEN=-1\r\nCD=261125\r\nCT=101010\r\n"
                    )
                )
            }
            "PING" | "SRSP" | "ERRL" | "STAT" => "200\r\n".to_string(),
            "GREQ" if !task_sent => {
                task_sent = true;
                format!(
                    "200 DATA={}\r\n",
                    enc(
                        &key,
                        r#"{"Id":"3769d93a","Pass":"0123456789abcdef0123456789abcdef","Sales":{"Type":"Query","SQL":"select 1"}}"#
                    )
                )
            }
            "GREQ" => "200\r\n".to_string(),
            "VERS" => format!("200 DATA={}\r\n", enc(&key, "Bos.exe=12;2026-01-01\r\n")),
            _ => "500-Unknown\r\n500 command\r\n".to_string(),
        };
        if w.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

/// A client session against it, with INFO keys named differently from the assumed ones.
fn record_different_session(proxy_addr: std::net::SocketAddr) {
    let mut c = BosClient::connect(proxy_addr, Duration::from_secs(5)).unwrap();
    c.init(4, b"KASA-1", "EBOCloudReportSvc.exe", "2.0.0.1")
        .unwrap();
    let info = c
        .encode(b"OBJNAME=Shop\r\nID=-1\r\nEIK=123456789\r\n")
        .unwrap();
    let r = c.request(format!("INFO DATA={info}").as_bytes()).unwrap();
    assert_eq!(r.code, 200);
    c.ping().unwrap();
    let r = c.request(b"GREQ").unwrap();
    let task = c.decode(r.value("DATA").unwrap()).unwrap();
    assert!(String::from_utf8_lossy(&task).contains("Sales"));
    let answer = c
        .encode(br#"{"ResultCode":0,"ResultMessage":"OK","Sales":[{"A":1}]}"#)
        .unwrap();
    assert_eq!(
        c.request(format!("SRSP CMD=1 DATA={answer}").as_bytes())
            .unwrap()
            .code,
        200
    );
    assert_eq!(c.request(b"GREQ").unwrap().lines.len(), 0);
    assert_eq!(c.errl(b"[Error]something").unwrap().code, 200);
    assert_eq!(c.request(b"VERS").unwrap().code, 200);
    assert_eq!(c.request(b"STAT").unwrap().code, 200);
    assert_eq!(c.request(b"XXXX").unwrap().code, 500);
}

#[test]
fn a_different_layout_is_contradicted_and_not_safe() {
    let upstream = FakeUpstream::start(different_server);
    let rec = tempfile::tempdir().unwrap();
    let proxy = start_proxy(upstream.addr, rec.path());
    record_different_session(proxy.local_addr);
    let _ = recordings(&proxy, rec.path());
    proxy.shutdown();

    let summary = report::summarise(&[rec.path().to_path_buf()]).unwrap();
    let points = report::compare(&summary);
    let status = |name: &str| {
        points
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    for ok in [
        "INIT reply",
        "Session key and DATA payload crypto",
        "INFO reply",
        "PING reply",
        "GREQ reply, nothing pending",
    ] {
        assert_eq!(status(ok).status, Status::Confirmed, "{:?}", status(ok));
    }
    let keys = status("INFO request keys");
    assert_eq!(keys.status, Status::Contradicted);
    assert!(
        keys.evidence
            .iter()
            .any(|e| e.contains("OBJNAME") && e.contains("EIK")),
        "{keys:?}"
    );
    let greq = status("GREQ reply with a task");
    assert_eq!(greq.status, Status::Contradicted);
    assert!(
        greq.evidence.iter().any(|e| e.starts_with("200 DATA=…")),
        "{greq:?}"
    );
    assert_eq!(status("ERRL reply").status, Status::Contradicted);
    assert_eq!(status("SRSP request").status, Status::Contradicted);
    let vers = status("VERS reply");
    assert_eq!(vers.status, Status::Contradicted);
    assert!(vers
        .evidence
        .iter()
        .any(|e| e.contains("Bos.exe=12;2026-01-01")));
    let form = status("Error reply form");
    assert_eq!(form.status, Status::Contradicted);
    assert!(form
        .evidence
        .iter()
        .any(|e| e.contains("500-Unknown / 500 command")));
    let cmds = status("Commands");
    assert_eq!(cmds.status, Status::Contradicted);
    assert!(cmds
        .evidence
        .iter()
        .any(|e| e.contains("implemented by the original, not here: \"STAT\"")));
    assert!(cmds
        .evidence
        .iter()
        .any(|e| e.contains("refused by the original too: \"XXXX\"")));
    assert_eq!(status("DWNL reply").status, Status::NotSeen);

    let (verdict, text) = report::render(&summary);
    assert_eq!(verdict, Verdict::NotSafe);
    assert!(
        text.contains(
            "[CONTRADICTED] GREQ reply with a task (ASSUMED): expected 200-CMD=… / 200 DATA=…"
        ),
        "{text}"
    );
    assert!(
        text.contains("fix: src/assumed.rs greq_task_reply"),
        "{text}"
    );
    assert!(text.contains("[NOT SEEN] DWNL reply"), "{text}");
    let last = text.trim_end().lines().last().unwrap();
    assert!(last.starts_with("VERDICT: NOT SAFE TO SWITCH"), "{last}");
    assert!(
        last.contains("GREQ reply with a task") && last.contains("INFO request keys"),
        "{last}"
    );
    assert!(
        !text.contains("0123456789abcdef0123456789abcdef"),
        "Pass masked"
    );
    println!("{text}");

    // The same through the operator's command: exit status 1, same verdict.
    let out = Command::new(env!("CARGO_BIN_EXE_cloud-report-server"))
        .arg("proxy-report")
        .arg(rec.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("VERDICT: NOT SAFE TO SWITCH"), "{stdout}");
    let missing = Command::new(env!("CARGO_BIN_EXE_cloud-report-server"))
        .args(["proxy-report", "/nonexistent/recordings"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_proxy_subcommand_records_and_stops_on_sigterm() {
    let upstream = FakeUpstream::start(different_server);
    let rec = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloud-report-server"))
        .args(["proxy", "--listen", &listen, "--upstream"])
        .arg(upstream.addr.to_string())
        .arg("--record")
        .arg(rec.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(wait_for(Duration::from_secs(10), || TcpStream::connect(
        &listen
    )
    .is_ok()));
    let mut c = BosClient::connect(listen.as_str(), Duration::from_secs(5)).unwrap();
    c.init(1, b"POS", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    c.ping().unwrap();
    // SAFETY: signalling our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    drop(c);
    let files: Vec<_> = std::fs::read_dir(rec.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // One session, plus the probe connection made while waiting for the listener.
    assert!(!files.is_empty());
    let out = Command::new(env!("CARGO_BIN_EXE_cloud-report-server"))
        .arg("proxy-report")
        .arg(rec.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("[CONFIRMED] INIT reply"), "{stdout}");
    assert!(stdout.contains("VERDICT: NOT PROVEN YET"), "{stdout}");
}
