//! The legacy report relay over real sockets: dreport's PHP-style request, every ResultCode,
//! real simulated clients (`crs::client`) answering over the TCP protocol.

mod common;

use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use crs::client::{md5_hex, BosClient, Mode};
use crs::crypto::cp1251;

const SHOP: &str = "3769d93a";

/// A server whose relays time out after `relay_ms`.
fn server(relay_ms: u64) -> TestServer {
    TestServer::start_with(|c| {
        c.instances[0].relay_timeout = Duration::from_millis(relay_ms);
        c.instances[0].http_request_timeout = Duration::from_secs(2);
    })
}

fn assert_json_200(r: &HttpResponse) {
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
}

#[test]
fn php_style_get_with_body_and_text_xml() {
    let t = server(5000);
    let _c = SimClient::start(&t, SHOP, Mode::Demo);
    let task = task(
        SHOP,
        &[(
            "CurrentTurnover",
            "select sum(total) from bills where closed_at >= current_date",
        )],
    );
    let r = php_report(t.http, "CurrentTurnover", SHOP, &task);
    assert_json_200(&r);
    let j = r.json();
    assert_eq!(j["ResultCode"], 0, "{j}");
    assert!(j["CurrentTurnover"].is_array(), "{j}");
    // Wrong object password: the client's own code is passed through.
    let wrong = task.replace(&md5_hex(OBJECT_PASSWORD), &md5_hex("nope"));
    let r = php_report(t.http, "CurrentTurnover", SHOP, &wrong);
    assert_json_200(&r);
    assert_eq!(r.code(), 1004);
    assert_eq!(r.message(), "Wrong password");
}

#[test]
fn url_forms_methods_and_credential_forms() {
    let t = server(5000);
    let _c = SimClient::start(&t, SHOP, Mode::Echo);
    let body = task(SHOP, &[("Q", "select 1 from rdb$database")]);
    let auth = basic(USER, PASS);
    type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "GET",
            format!("/report/Q/?id={SHOP}&u=user&p=pass$123"),
            vec![],
        ),
        (
            "GET",
            format!("/report/Q?id={SHOP}&u=user&p=pass$123"),
            vec![],
        ),
        (
            "POST",
            format!("/report/Q/?id={SHOP}&u=user&p=pass%24123"),
            vec![],
        ),
        (
            "POST",
            format!("/report/Q?id={SHOP}&u=user&p=pass%24123"),
            vec![],
        ),
        (
            "POST",
            format!("/report/Q/?id={SHOP}"),
            vec![("Authorization", auth.as_str())],
        ),
        (
            "GET",
            format!("/report/Q?u=user&id={SHOP}&p=pass$123&extra=1"),
            vec![],
        ),
        // The seed's form, name as a parameter.
        (
            "POST",
            format!("/report?id={SHOP}&name=Q"),
            vec![("Authorization", auth.as_str())],
        ),
        (
            "GET",
            format!("/report/?id={SHOP}&name=Q&u=user&p=pass$123"),
            vec![],
        ),
    ];
    for (method, target, headers) in cases {
        let r = request(t.http, method, &target, &headers, Some(body.as_bytes()));
        assert_json_200(&r);
        assert_eq!(r.text(), body, "{method} {target}: echo of the task");
    }
}

#[test]
fn request_errors_100_to_103_and_204_205() {
    let t = server(1000);
    let _c = SimClient::start(&t, SHOP, Mode::Echo);
    let body = task(SHOP, &[("Q", "select 1")]);
    let b = Some(body.as_bytes());
    let cases: Vec<(String, Option<&[u8]>, i64, &str)> = vec![
        (format!("/report/Q/?u={USER}&p={PASS}"), b, 100, ""),
        (format!("/report/Q/?id=&u={USER}&p={PASS}"), b, 100, ""),
        (
            format!("/report/Q/?id={SHOP}&u={USER}&p={PASS}"),
            Some(br#"{"Id":"3769d93a","Q":{"Type":"Query","SQL":"select 1"}}"#),
            101,
            "",
        ),
        (format!("/report/Q/?id={SHOP}"), b, 102, ""),
        (format!("/report/Q/?id={SHOP}&u={USER}"), b, 102, ""),
        (
            format!("/report/Q/?id={SHOP}&u={USER}&p=wrong"),
            b,
            103,
            "HTTP authorisation fail! Access denied!",
        ),
        (
            format!("/report/Q/?id={SHOP}&u=nobody&p={PASS}"),
            b,
            103,
            "HTTP authorisation fail! Access denied!",
        ),
        (
            format!("/report/Q/?id={SHOP}&u={USER}&p={PASS}"),
            Some(b""),
            204,
            "[TCPC][SendRequest]Data is empty!",
        ),
        (
            format!("/report/Q/?id={SHOP}&u={USER}&p={PASS}"),
            None,
            204,
            "[TCPC][SendRequest]Data is empty!",
        ),
        (
            format!("/report/Q/?id={SHOP}&u={USER}&p={PASS}"),
            Some(b" \r\n "),
            204,
            "[TCPC][SendRequest]Data is empty!",
        ),
        (
            format!("/report/a/b/?id={SHOP}&u={USER}&p={PASS}"),
            b,
            205,
            "",
        ),
        (format!("/server/nothing/?u={USER}&p={PASS}"), b, 205, ""),
        ("/favicon.ico".to_string(), None, 205, ""),
    ];
    for (target, body, code, message) in cases {
        let r = request(t.http, "GET", &target, &[], body);
        assert_json_200(&r);
        assert_eq!(r.code(), code, "{target}: {}", r.text());
        if !message.is_empty() {
            assert_eq!(r.message(), message, "{target}");
        }
    }
    // The seed's /report answers a failed login with 401 and the challenge.
    let r = request(t.http, "POST", &format!("/report?id={SHOP}"), &[], b);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.header("WWW-Authenticate"),
        Some("Basic realm=\"CloudReportServer\"")
    );
    assert_eq!(r.code(), 102);
}

#[test]
fn offline_busy_and_timeout() {
    let t = server(800);
    let body = task(SHOP, &[("Q", "select 1")]);
    // 200: nobody connected under that ID.
    let r = php_report(t.http, "Q", "deadbeef", &body);
    assert_json_200(&r);
    assert_eq!(r.code(), 200);
    // A client that takes 2 s per answer: the first relay times out (203), a second one sent
    // meanwhile finds the client busy (201).
    let _slow = SimClient::start_with(&t, SHOP, Mode::Echo, |o| {
        o.answer_delay = Duration::from_secs(2)
    });
    let addr = t.http;
    let b2 = body.clone();
    let first = std::thread::spawn(move || php_report(addr, "Q", SHOP, &b2));
    let session = t.shared().registry.by_object(SHOP).unwrap();
    assert!(eventually(Duration::from_secs(3), || crs::relay::is_busy(
        &session
    )));
    let r = php_report(t.http, "Q", SHOP, &body);
    assert_json_200(&r);
    assert_eq!(r.code(), 201, "{}", r.text());
    let m = request(
        t.http,
        "GET",
        "/metrics",
        &[("Authorization", &basic(USER, PASS))],
        None,
    );
    assert!(
        m.text().contains("crs_http_relays_in_flight 1"),
        "{}",
        m.text()
    );
    let started = Instant::now();
    let r = first.join().unwrap();
    assert_json_200(&r);
    assert_eq!(r.code(), 203, "{}", r.text());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn late_srsp_is_dropped_and_the_client_is_free_again() {
    let t = server(500);
    let mut c = t.identified(SHOP, "H");
    let body = task(SHOP, &[("Q", "select 1")]);
    let addr = t.http;
    let b2 = body.clone();
    let waiter = std::thread::spawn(move || php_report(addr, "Q", SHOP, &b2));
    let (cmd, got) = next_task(&mut c);
    assert_eq!(cp1251::to_utf8(&got), body);
    let r = waiter.join().unwrap();
    assert_eq!(r.code(), 203);
    // The answer arrives after the caller gave up: refused with 520, nothing breaks.
    assert_eq!(c.srsp(cmd, br#"{"ResultCode":0}"#).unwrap().code, 520);
    // The client takes the next task.
    let b3 = body.clone();
    let waiter = std::thread::spawn(move || php_report(addr, "Q", SHOP, &b3));
    let (cmd, _) = next_task(&mut c);
    assert_eq!(
        c.srsp(cmd, br#"{"ResultCode":0,"Q":[]}"#).unwrap().code,
        200
    );
    let r = waiter.join().unwrap();
    assert_eq!(r.text(), r#"{"ResultCode":0,"Q":[]}"#);
}

#[test]
fn client_dropping_mid_relay_answers_at_once() {
    let t = server(30_000);
    let mut c = t.identified(SHOP, "H");
    let body = task(SHOP, &[("Q", "select 1")]);
    let addr = t.http;
    let started = Instant::now();
    let waiter = std::thread::spawn(move || php_report(addr, "Q", SHOP, &body));
    loop {
        if c.greq().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    c.stream().shutdown(std::net::Shutdown::Both).unwrap();
    let r = waiter.join().unwrap();
    assert_json_200(&r);
    assert_eq!(r.code(), 200, "{}", r.text());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}, not after the 30 s relay timeout",
        started.elapsed()
    );
}

#[test]
fn duplicate_id_while_waiting_gives_202() {
    let t = server(30_000);
    let mut a = t.identified(SHOP, "A");
    let body = task(SHOP, &[("Q", "select 1")]);
    let addr = t.http;
    let waiter = std::thread::spawn(move || php_report(addr, "Q", SHOP, &body));
    loop {
        if a.greq().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // A second installation claims the same object ID: both connections are dropped.
    let mut b = t.connect();
    b.init(4, b"B", "x", "1").unwrap();
    assert!(b.info(&common::object(SHOP)).is_err());
    let r = waiter.join().unwrap();
    assert_json_200(&r);
    assert_eq!(r.code(), 202, "{}", r.text());
}

#[test]
fn cyrillic_task_and_answers_both_ways() {
    let t = server(5000);
    let mut c = t.identified(SHOP, "МАГАЗИН");
    let body = task(
        SHOP,
        &[("Стоки", "select 'Кафе «Родопи»' as name from rdb$database")],
    );
    let addr = t.http;
    // 1. The client answers in cp1251, as Delphi does: the caller gets UTF-8.
    let b2 = body.clone();
    let waiter = std::thread::spawn(move || php_report(addr, "Stoki", SHOP, &b2));
    let (cmd, got) = next_task(&mut c);
    assert_eq!(got, cp1251::from_utf8(&body), "the client receives cp1251");
    let answer = r#"{"ResultCode":0,"ResultMessage":"OK","Стоки":[{"NAME":"Кафе «Родопи»"}]}"#;
    c.srsp(cmd, &cp1251::from_utf8(answer)).unwrap();
    let r = waiter.join().unwrap();
    assert_json_200(&r);
    assert_eq!(r.text(), answer);
    // 2. A client that already answers UTF-8: passed through byte for byte.
    let b3 = body.clone();
    let waiter = std::thread::spawn(move || php_report(addr, "Stoki", SHOP, &b3));
    let (cmd, _) = next_task(&mut c);
    let utf8 = "{\"ResultCode\":0,\"Стоки\":[{\"NAME\":\"Ок €\"}]}";
    c.srsp(cmd, utf8.as_bytes()).unwrap();
    assert_eq!(waiter.join().unwrap().body, utf8.as_bytes());
}

#[test]
fn hundred_clients_relaying_concurrently() {
    let t = server(10_000);
    let n = 100;
    let clients: Vec<SimClient> = (0..n)
        .map(|i| SimClient::start(&t, &format!("{:08x}", 0x2000_0000 + i), Mode::Echo))
        .collect();
    let addr = t.http;
    let started = Instant::now();
    let callers: Vec<_> = (0..n)
        .map(|i| {
            std::thread::spawn(move || {
                let id = format!("{:08x}", 0x2000_0000 + i);
                for round in 0..3 {
                    let body = task(&id, &[("Q", &format!("select {i} /* round {round} */"))]);
                    let r = php_report(addr, "Q", &id, &body);
                    assert_eq!(r.status, 200);
                    assert_eq!(r.text(), body, "caller {i} got someone else's answer");
                }
            })
        })
        .collect();
    for c in callers {
        c.join().unwrap();
    }
    let elapsed = started.elapsed();
    let snap = t.shared().metrics.relay_snapshot();
    assert_eq!(snap.by_code.get(&0).copied(), Some(3 * n as u64));
    eprintln!("300 relays over 100 clients in {elapsed:?}");
    drop(clients);
}

#[test]
fn body_limit_and_slow_bodies() {
    let t = TestServer::start_with(|c| {
        c.instances[0].http_max_body = 2048;
        c.instances[0].http_workers = 1;
        c.instances[0].http_request_timeout = Duration::from_secs(1);
    });
    let _c = SimClient::start(&t, SHOP, Mode::Echo);
    let big = task(SHOP, &[("Q", &"x".repeat(3000))]);
    let target = format!("/report/Q/?id={SHOP}&u={USER}&p={PASS}");
    // Legacy: ResultCode 204 with a clear message, HTTP 200.
    let r = request(t.http, "POST", &target, &[], Some(big.as_bytes()));
    assert_json_200(&r);
    assert_eq!(r.code(), 204);
    assert!(
        r.message().contains("larger than 2048 bytes"),
        "{}",
        r.message()
    );
    // The seed's /report: HTTP 413.
    let r = request(
        t.http,
        "POST",
        &format!("/report?id={SHOP}&u={USER}&p={PASS}"),
        &[],
        Some(big.as_bytes()),
    );
    assert_eq!(r.status, 413);
    assert_eq!(r.code(), 204);
    // Chunked, no length declared: refused after limit + 1 bytes.
    let mut raw = format!(
        "POST {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..3 {
        raw.extend_from_slice(format!("{:x}\r\n{}\r\n", 1000, "y".repeat(1000)).as_bytes());
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let r = send_raw(t.http, &raw);
    assert_eq!(r.code(), 204);
    // A body declared as 100 GB: refused at once, nothing allocated, the server lives on.
    let raw = format!(
        "POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n{{\"Id\":"
    );
    let r = send_raw_with_timeout(t.http, raw.as_bytes(), Duration::from_secs(10));
    assert_eq!(r.code(), 204);
    // A client that stops in the middle of its body does not keep the only worker.
    let raw = format!("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{{\"Id\":");
    let started = Instant::now();
    let mut stalled = std::net::TcpStream::connect(t.http).unwrap();
    std::io::Write::write_all(&mut stalled, raw.as_bytes()).unwrap();
    let small = task(SHOP, &[("Q", "select 1")]);
    let r = php_report(t.http, "Q", SHOP, &small);
    assert_eq!(r.text(), small, "served after the stalled body timed out");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    drop(stalled);
    // Counted by ResultCode.
    let snap = t.shared().metrics.relay_snapshot();
    assert!(
        snap.by_code.get(&204).copied().unwrap_or(0) >= 4,
        "{:?}",
        snap.by_code
    );
}

/// Like `send_raw`, but reads only until the first complete response (the client may keep
/// the connection open).
fn send_raw_with_timeout(
    addr: std::net::SocketAddr,
    request: &[u8],
    timeout: Duration,
) -> HttpResponse {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if raw.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            Err(e) => panic!("no answer: {e}"),
        }
    }
    parse_response(&raw)
}

#[test]
fn relays_are_counted_and_logged_as_events() {
    let t = server(2000);
    let _c = SimClient::start(&t, SHOP, Mode::Demo);
    let body = task(SHOP, &[("CurrentTurnover", "select 1")]);
    assert_eq!(php_report(t.http, "CurrentTurnover", SHOP, &body).code(), 0);
    assert_eq!(
        php_report(t.http, "CurrentTurnover", "deadbeef", &body).code(),
        200
    );
    let m = request(
        t.http,
        "GET",
        "/metrics",
        &[("Authorization", &basic(USER, PASS))],
        None,
    );
    assert_eq!(m.status, 200);
    let text = m.text();
    assert!(text.contains("crs_relays_total{code=\"0\"} 1"), "{text}");
    assert!(text.contains("crs_relays_total{code=\"200\"} 1"), "{text}");
    assert!(text.contains("crs_relay_latency_seconds_count 2"), "{text}");
}

/// Polls GREQ (as the client does) until the server hands out a task.
fn next_task(c: &mut BosClient) -> (u32, Vec<u8>) {
    loop {
        if let Some(x) = c.greq().unwrap() {
            return x;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
