//! The rest of the HTTP API over real sockets: the legacy client list, the seed's endpoints,
//! monitoring, update files, credentials on every endpoint, logs without secrets.

mod common;

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use crs::client::{self, ClientOptions, Mode, ObjectData};
use crs::crypto::cp1251;
use crs::status::DbState;

const SHOP: &str = "3769d93a";

/// Every log line of this test binary, to prove that no secret reaches the log.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", record.target(), record.args()));
    }
    fn flush(&self) {}
}

fn capture() -> &'static Capture {
    static C: OnceLock<&'static Capture> = OnceLock::new();
    C.get_or_init(|| {
        let c: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
        if log::set_logger(c).is_ok() {
            log::set_max_level(log::LevelFilter::Info);
        }
        c
    })
}

fn is_time(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok() && s.len() == 19
}

fn with_auth(h: &str) -> Vec<(&str, &str)> {
    vec![("Authorization", h)]
}

#[test]
fn index_needs_no_auth() {
    let t = TestServer::start();
    let r = get(t.http, "/");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    let j = r.json();
    assert_eq!(j["name"], "CloudReportServer");
    assert_eq!(j["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(j["status"], "running");
    assert!(j["uptime_sec"].is_u64());
}

#[test]
fn status_shape() {
    let t = TestServer::start();
    let _c = SimClient::start(&t, SHOP, Mode::Echo);
    let _unidentified = t.connect();
    assert!(eventually(Duration::from_secs(3), || t
        .shared()
        .registry
        .count()
        == 2));
    let auth = basic(USER, PASS);
    let r = request(t.http, "GET", "/status", &with_auth(&auth), None);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["status"], "running");
    assert_eq!(j["clients"]["connected"], 2);
    assert_eq!(j["clients"]["identified"], 1);
    assert_eq!(j["instances"][0]["instance"], 1);
    assert_eq!(j["instances"][0]["tcp"], t.addr.to_string());
    assert_eq!(j["instances"][0]["http"], t.http.to_string());
    assert_eq!(j["instances"][0]["sessions"], 2);
    assert_eq!(j["database"]["state"], "disabled");
    assert_eq!(j["auth_server"]["url"], t.auth.url());
    assert_eq!(j["registration"]["serial"], "141298787");
    assert_eq!(j["registration"]["key_valid"], true);
    assert!(is_time(j["started_at"].as_str().unwrap()));
    for k in [
        "handshakes",
        "relays",
        "relay_errors",
        "bytes_in",
        "bytes_out",
    ] {
        assert!(j["counters"][k].is_u64(), "counters.{k}: {j}");
    }
    for k in ["p50", "p90", "p99"] {
        assert!(j["relay_latency_ms"][k].is_number());
    }
    assert!(j["health"]["folders"]["log"]["path"].is_string());
    assert!(
        j["health"]["folders"]["updates"]["writable"].is_null(),
        "not checked yet"
    );
    // What the housekeeping thread reports is shown as is.
    t.shared().status.update(|h| {
        h.update_folder.path = t.updates.path().to_path_buf();
        h.update_folder.writable = true;
        h.update_folder.free_bytes = Some(12345);
        h.last_health_check = Some("2026-11-25 10:01:00".into());
    });
    let j = request(t.http, "GET", "/status", &with_auth(&auth), None).json();
    assert_eq!(j["health"]["folders"]["updates"]["writable"], true);
    assert_eq!(j["health"]["folders"]["updates"]["free_bytes"], 12345);
    assert_eq!(j["health"]["last_check"], "2026-11-25 10:01:00");
    assert!(j["cleanup"].is_object());
    // No secret anywhere in the answer.
    let text = r.text();
    assert!(!text.contains(PASS), "{text}");
    assert!(
        !text.contains("BszXj0gTaKILS6Ap56"),
        "licence key shown: {text}"
    );
    // u/p works too.
    let r = get(t.http, &format!("/status/?u={USER}&p=pass%24123"));
    assert_eq!(r.status, 200);
    // Only GET/HEAD.
    let r = request(t.http, "POST", "/status", &with_auth(&auth), Some(b"{}"));
    assert_eq!(r.status, 405);
}

#[test]
fn health_follows_the_database_state() {
    let t = TestServer::start();
    let r = get(t.http, "/health");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "ok");
    t.shared().status.update(|h| {
        h.db_state = DbState::Down;
        h.db_last_error = Some("Connection refused".into());
    });
    let r = get(t.http, "/health");
    assert_eq!(r.status, 503);
    let j = r.json();
    assert_eq!(j["status"], "unavailable");
    assert!(j["problems"][0]
        .as_str()
        .unwrap()
        .contains("Connection refused"));
    t.shared()
        .status
        .update(|h| h.db_state = DbState::Connected);
    assert_eq!(get(t.http, "/health").status, 200);
}

#[test]
fn metrics_in_prometheus_format() {
    let t = TestServer::start();
    let _c = SimClient::start(&t, SHOP, Mode::Demo);
    let body = task(SHOP, &[("Q", "select 1")]);
    assert_eq!(php_report(t.http, "Q", SHOP, &body).code(), 0);
    let auth = basic(USER, PASS);
    let r = request(t.http, "GET", "/metrics", &with_auth(&auth), None);
    assert_eq!(r.status, 200);
    assert!(r
        .header("Content-Type")
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = r.text();
    for needle in [
        "# TYPE crs_sessions gauge",
        "crs_sessions 1",
        "crs_sessions_identified 1",
        "# TYPE crs_handshakes_total counter",
        "crs_handshakes_total 1",
        "crs_relays_total{code=\"0\"} 1",
        "# TYPE crs_relay_latency_seconds histogram",
        "crs_relay_latency_seconds_bucket{le=\"+Inf\"} 1",
        "crs_relay_latency_seconds_count 1",
        "crs_bytes_in_total ",
        "crs_bytes_out_total ",
        "crs_auth_calls_total 1",
        "crs_auth_failures_total 0",
        "crs_protocol_errors_total 0",
        "crs_database_state{state=\"disabled\"} 1",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in\n{text}");
    }
    // Every sample line is `name{labels} number`.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (_, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
}

#[test]
fn client_list_and_client_stat_formats() {
    let t = TestServer::start();
    let opts = ClientOptions {
        server: t.addr.to_string(),
        host: "МАГАЗИН-PC".into(),
        app: "EBOCloudReportSvc.exe".into(),
        app_version: "1.0.0.5".into(),
        object: ObjectData {
            object_id: SHOP.into(),
            customer_name: "Демо Маркет ООД".into(),
            db_type: "R".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let (_c, _) = client::connect(&opts).unwrap();
    let r = get(t.http, &format!("/server/clientlist/?u={USER}&p={PASS}"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    let text = r.text();
    // Field order as the original sends it.
    assert!(
        text.starts_with(
            r#"{"ResultCode":0,"ResultMessage":"OK","Clients":[{"Id":"3769d93a","Host":"#
        ),
        "{text}"
    );
    let j = r.json();
    let c = &j["Clients"][0];
    assert_eq!(c["Id"], SHOP);
    assert_eq!(c["Host"], "МАГАЗИН-PC");
    assert_eq!(c["IP"], "127.0.0.1");
    assert_eq!(c["App"], "EBOCloudReportSvc.exe");
    assert_eq!(c["Ver"], "1.0.0.5");
    assert_eq!(c["Db"], "R");
    assert_eq!(c["Name"], "Демо Маркет ООД");
    assert_eq!(c["Exp"], "2030-12-31 00:00:00");
    assert!(is_time(c["Conn"].as_str().unwrap()), "{c}");
    assert!(is_time(c["Act"].as_str().unwrap()), "{c}");
    let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 10);
    // Without trailing slash, and with Basic.
    let auth = basic(USER, PASS);
    let r = request(t.http, "GET", "/server/clientlist", &with_auth(&auth), None);
    assert_eq!(r.json()["Clients"].as_array().unwrap().len(), 1);

    let r = get(
        t.http,
        &format!("/server/clientstat/?id={SHOP}&u={USER}&p={PASS}"),
    );
    let j = r.json();
    assert_eq!(j["ResultCode"], 0);
    assert!(j["Clients"].is_object(), "a single object: {j}");
    assert_eq!(j["Clients"]["Id"], SHOP);
    assert_eq!(j["Clients"]["Exp"], "2030-12-31 00:00:00");
    let r = get(
        t.http,
        &format!("/server/clientstat?id=deadbeef&u={USER}&p={PASS}"),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code(), 200);
    let r = get(t.http, &format!("/server/clientstat/?u={USER}&p={PASS}"));
    assert_eq!(r.code(), 100);
}

#[test]
fn wrong_or_missing_credentials_on_every_endpoint() {
    // Dozens of wrong logins from one address: lift the budget (tests/http_hardening.rs
    // covers the 429 once it is spent).
    let t = TestServer::start_with(|c| c.instances[0].http_login_failures = 1000);
    std::fs::write(t.updates.path().join("a.bin"), b"x").unwrap();
    let body = task(SHOP, &[("Q", "select 1")]);
    let wrong = basic(USER, "wrong");
    let nobody = basic("nobody", PASS);
    let seed = [
        "/status",
        "/metrics",
        "/updates",
        "/download/a.bin",
        "/report?id=3769d93a",
    ];
    for path in seed {
        for (headers, code) in [
            (vec![], 102),
            (with_auth(&wrong), 103),
            (with_auth(&nobody), 103),
            (with_auth("Basic !!notbase64"), 102),
        ] {
            let r = request(t.http, "GET", path, &headers, Some(body.as_bytes()));
            assert_eq!(r.status, 401, "{path} {headers:?}");
            assert_eq!(
                r.header("WWW-Authenticate"),
                Some("Basic realm=\"CloudReportServer\""),
                "{path}"
            );
            assert_eq!(r.code(), code, "{path} {headers:?}");
        }
        let sep = if path.contains('?') { '&' } else { '?' };
        let r = request(
            t.http,
            "GET",
            &format!("{path}{sep}u={USER}&p=wrong"),
            &[],
            Some(body.as_bytes()),
        );
        assert_eq!(r.status, 401, "{path} u/p");
    }
    let legacy = [
        "/report/Q/?id=3769d93a",
        "/report/Q?id=3769d93a",
        "/server/clientlist/",
        "/server/clientstat/?id=3769d93a",
    ];
    for path in legacy {
        let sep = if path.contains('?') { '&' } else { '?' };
        let r = request(
            t.http,
            "GET",
            &format!("{path}{sep}u={USER}&p=wrong"),
            &[],
            Some(body.as_bytes()),
        );
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.code(), 103, "{path}");
        assert_eq!(r.message(), "HTTP authorisation fail! Access denied!");
        let r = request(t.http, "GET", path, &[], Some(body.as_bytes()));
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.code(), 102, "{path}");
        let r = request(
            t.http,
            "GET",
            path,
            &with_auth(&wrong),
            Some(body.as_bytes()),
        );
        assert_eq!(r.code(), 103, "{path} Basic");
    }
}

#[test]
fn updates_and_downloads() {
    let t = TestServer::start();
    let dir = t.updates.path();
    std::fs::write(dir.join("BosTcpClient.exe"), b"MZ fake exe").unwrap();
    std::fs::write(dir.join("Обновление 1.txt"), "текст".as_bytes()).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), b"secret").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.join("link.txt")).unwrap();
    let auth = basic(USER, PASS);
    let h = with_auth(&auth);

    let r = request(t.http, "GET", "/updates", &h, None);
    assert_eq!(r.status, 200);
    let list = r.json();
    let list = list.as_array().unwrap();
    assert_eq!(
        list.len(),
        2,
        "the symlink leading outside is not listed: {list:?}"
    );
    assert_eq!(list[0]["name"], "BosTcpClient.exe");
    assert_eq!(list[0]["size"], 11);
    assert_eq!(list[0]["md5"], client::md5_hex("MZ fake exe"));
    assert_eq!(list[0]["url"], "/download/BosTcpClient.exe");
    assert!(is_time(list[0]["modified"].as_str().unwrap()));

    for entry in list {
        let url = entry["url"].as_str().unwrap();
        let r = request(t.http, "GET", url, &h, None);
        assert_eq!(r.status, 200, "{url}");
        assert_eq!(r.header("Content-Type"), Some("application/octet-stream"));
        assert_eq!(
            r.header("Content-Length").unwrap(),
            entry["size"].to_string()
        );
        let disk = std::fs::read(dir.join(entry["name"].as_str().unwrap())).unwrap();
        assert_eq!(r.body, disk, "{url}");
    }
    // HEAD: headers only.
    let r = request(t.http, "HEAD", "/download/BosTcpClient.exe", &h, None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Length"), Some("11"));

    for bad in [
        "/download/..",
        "/download/../../etc/passwd",
        "/download/..%2f..%2fetc%2fpasswd",
        "/download/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/download/%2E%2E",
        "/download/%252e%252e%252fetc%252fpasswd",
        "/download/%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/download/..%5c..%5cwindows",
        "/download/..\\..\\windows",
        "/download/BosTcpClient.exe%00.txt",
        "/download/C:%5cboot.ini",
        "/download/%2fetc%2fpasswd",
        "/download/.hidden",
        "/download/",
        "/download/link.txt",
    ] {
        let r = request(t.http, "GET", bad, &h, None);
        assert_eq!(r.status, 400, "{bad}: {}", String::from_utf8_lossy(&r.body));
        assert!(!r.body.windows(6).any(|w| w == b"secret"), "{bad}");
    }
    let r = request(t.http, "GET", "/download/missing.zip", &h, None);
    assert_eq!(r.status, 404);
}

#[test]
fn secrets_never_reach_the_log() {
    let cap = capture();
    let t = TestServer::start();
    let _c = SimClient::start(&t, SHOP, Mode::Demo);
    let body = task(SHOP, &[("Q", "select 1")]);
    let secret_basic = basic(USER, "Zz9-very-secret");
    assert_eq!(php_report(t.http, "Q", SHOP, &body).code(), 0);
    get(t.http, "/status?u=user&p=Zz9-very-secret");
    get(
        t.http,
        "/report/Q/?id=3769d93a&u=user&pass=Zz9-very-secret&p=Zz9-very-secret",
    );
    request(t.http, "GET", "/metrics", &with_auth(&secret_basic), None);
    let token = secret_basic.trim_start_matches("Basic ").to_string();
    // Let the access log lines of the last requests land.
    std::thread::sleep(Duration::from_millis(200));
    let lines = cap.0.lock().unwrap().clone();
    let access: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("crs::http::access"))
        .collect();
    assert!(access.len() >= 4, "{lines:#?}");
    assert!(access.iter().any(|l| l.contains("p=***")), "{access:#?}");
    for l in &lines {
        assert!(!l.contains("Zz9-very-secret"), "secret in log: {l}");
        assert!(!l.contains(PASS), "password in log: {l}");
        assert!(!l.contains(&token), "Basic token in log: {l}");
    }
}

#[test]
fn odd_requests_do_not_hurt() {
    let t = TestServer::start_with(|c| {
        c.instances[0].http_max_body = 4096;
        c.instances[0].http_request_timeout = Duration::from_secs(1);
    });
    // A header line far beyond any sane size: 400, connection closed, server fine.
    let mut raw = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
    raw.extend(std::iter::repeat_n(b'a', 64 * 1024));
    raw.extend_from_slice(b"\r\n\r\n");
    let r = send_raw(t.http, &raw);
    assert_eq!(r.status, 400);
    // Garbage instead of a request line.
    let r = send_raw(t.http, b"\x16\x03\x01 hello\r\n\r\n");
    assert_eq!(r.status, 400);
    // A declared oversized body on an endpoint that takes none: 413 without reading it.
    let r = send_raw(
        t.http,
        b"GET /status HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n",
    );
    assert_eq!(r.status, 413);
    // Keep-alive: two requests on one connection.
    let mut s = std::net::TcpStream::connect(t.http).unwrap();
    use std::io::{Read, Write};
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert_eq!(all.matches("HTTP/1.1 200").count(), 2, "{all}");
    // A connection that never sends anything is closed after the request timeout.
    let started = Instant::now();
    let mut idle = std::net::TcpStream::connect(t.http).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = Vec::new();
    let _ = idle.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(get(t.http, "/").status, 200);
    // Cyrillic in the report name and id is only logged.
    let name = "%D0%9E%D1%82%D1%87%D0%B5%D1%82";
    let r = get(
        t.http,
        &format!("/report/{name}/?id=%D0%AF&u={USER}&p={PASS}"),
    );
    assert_eq!(r.code(), 204, "no body");
    let _ = cp1251::to_utf8(b"");
}

#[test]
fn graceful_stop_closes_the_http_port() {
    let mut t = TestServer::start();
    let mut c = t.identified(SHOP, "H");
    let body = task(SHOP, &[("Q", "select 1")]);
    let addr = t.http;
    // A relay waiting for an answer when the server stops is answered, not left hanging.
    let waiter = std::thread::spawn(move || php_report(addr, "Q", SHOP, &body));
    loop {
        if c.greq().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    t.shutdown();
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let r = waiter.join().unwrap();
    assert_eq!(r.code(), 200);
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
}

#[test]
fn each_instance_sees_only_its_own_clients() {
    let t = TestServer::start_with(|c| {
        let mut second = c.instances[0].clone();
        second.number = 2;
        second.logins = vec![("other".into(), "pw2".into())];
        c.instances.push(second);
    });
    let http2 = t.server.as_ref().unwrap().http_addrs[1];
    let tcp2 = t.server.as_ref().unwrap().tcp_addrs[1];
    let _c = SimClient::start(&t, SHOP, Mode::Demo);
    let body = task(SHOP, &[("Q", "select 1")]);
    assert_eq!(php_report(t.http, "Q", SHOP, &body).code(), 0);
    // Instance 2 has its own accounts and does not reach instance 1's client.
    assert_eq!(php_report(http2, "Q", SHOP, &body).code(), 103);
    let r = request(
        http2,
        "GET",
        &format!("/report/Q/?id={SHOP}&u=other&p=pw2"),
        &[],
        Some(body.as_bytes()),
    );
    assert_eq!(r.code(), 200, "offline for instance 2");
    let r = get(http2, "/server/clientlist/?u=other&p=pw2");
    assert_eq!(r.json()["Clients"].as_array().unwrap().len(), 0);
    let r = get(
        http2,
        &format!("/server/clientstat/?id={SHOP}&u=other&p=pw2"),
    );
    assert_eq!(r.code(), 200);
    let r = get(http2, "/status?u=other&p=pw2");
    let j = r.json();
    assert_eq!(j["instances"].as_array().unwrap().len(), 2);
    assert_eq!(j["instances"][1]["tcp"], tcp2.to_string());
    assert_eq!(j["instances"][1]["http"], http2.to_string());
    assert_eq!(j["instances"][0]["sessions"], 1);
    assert_eq!(j["instances"][1]["sessions"], 0);
}
