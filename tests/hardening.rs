//! Issue 14 findings 1-5 against the real `cloud-report-server` binary over real sockets:
//! slots are read from the binary's `/status` and `/metrics`, memory from
//! `/proc/<pid>/status` (VmRSS). No test here measures speed (that is `make bench`).

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::http::{basic, request};
use common::{eventually, object, AuthServer};
use crs::client::{BosClient, ObjectData};
use crs::crypto::cp1251;

use common::binary::{free_port, server_command, server_ini, IniExtra};

/// The release or debug server binary with its own ini, logs and update folder.
struct Server {
    child: Child,
    tcp: SocketAddr,
    http: SocketAddr,
    dir: tempfile::TempDir,
}

impl Server {
    /// `common` lines go to `[COMMONSETTINGS]`, `tcp` lines to `[SRV_1_TCP]`.
    fn start(rest_url: &str, common: &str, tcp_extra: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("updates")).unwrap();
        let (tcp, http) = (free_port(), free_port());
        let extra = IniExtra {
            commonsettings: common,
            srv_common: "TraceLogEnabled=1",
            tcp: tcp_extra,
            ..IniExtra::default()
        };
        let path = dir.path().join("test.ini");
        std::fs::write(&path, server_ini(rest_url, tcp, http, "logs", &extra)).unwrap();
        let child = server_command(&path, &["serve"])
            .env("CRS_LOG_LEVEL", "info")
            .spawn()
            .unwrap();
        let s = Server {
            child,
            tcp: format!("127.0.0.1:{tcp}").parse().unwrap(),
            http: format!("127.0.0.1:{http}").parse().unwrap(),
            dir,
        };
        common::binary::wait_listening(s.http, Duration::from_secs(20));
        s
    }

    fn connect(&self) -> BosClient {
        BosClient::connect(self.tcp, Duration::from_secs(10)).expect("connect")
    }

    fn identified(&self, id: &str) -> BosClient {
        let mut c = self.connect();
        c.init(3, b"SHOP", "EBOCloudReportSvc.exe", "1.0.0.5")
            .unwrap();
        c.info(&object(id)).expect("info");
        c
    }

    fn status(&self) -> serde_json::Value {
        request(
            self.http,
            "GET",
            "/status",
            &[("Authorization", &basic("user", "pass$123"))],
            None,
        )
        .json()
    }

    fn metrics(&self) -> String {
        request(
            self.http,
            "GET",
            "/metrics",
            &[("Authorization", &basic("user", "pass$123"))],
            None,
        )
        .text()
    }

    fn connected(&self) -> u64 {
        self.status()["clients"]["connected"].as_u64().unwrap()
    }

    fn guard(&self, name: &str) -> u64 {
        self.status()["guards"][name].as_u64().unwrap()
    }

    fn rss_kib(&self) -> u64 {
        rss_kib(self.child.id())
    }

    fn log_path(&self) -> PathBuf {
        self.dir
            .path()
            .join("logs/cloud-report-server_rCURRENT.log")
    }

    /// The log once `marker` is in it (the logger flushes about every second).
    fn log_with(&self, marker: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        eventually(Duration::from_secs(10), || {
            bytes = std::fs::read(self.log_path()).unwrap_or_default();
            String::from_utf8_lossy(&bytes).contains(marker)
        });
        bytes
    }

    fn updates(&self) -> PathBuf {
        self.dir.path().join("updates")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if common::terminate(&mut self.child, Duration::from_secs(20)).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// Samples the server's RSS until stopped; returns the peak.
struct RssPeak {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RssPeak {
    fn start(pid: u32) -> RssPeak {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss_kib(pid)));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        RssPeak {
            stop,
            peak,
            thread: Some(thread),
        }
    }

    fn finish(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak.load(Ordering::Relaxed)
    }
}

/// Whether the server closed `s` (EOF or reset) within a few seconds.
fn closed_by_server(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => return e.kind() != std::io::ErrorKind::WouldBlock,
        }
    }
}

/// Finding 1: an INFO whose ON= holds 70 000 characters made the auth call panic and leaked
/// the session's slot. Now the fields are cut to their columns, every one of 55 such INFOs
/// against MaxSessions=50 gets an answer, and every slot comes back.
#[test]
fn finding1_huge_info_fields_cost_no_slot() {
    let auth = AuthServer::start();
    let s = Server::start(
        &auth.url(),
        "MaxSessions=50\nNewObjectsPerIPPerHour=1000",
        "",
    );
    let huge = ObjectData {
        object_name: "N".repeat(70_000),
        customer_name: "C".repeat(70_000),
        address: "\u{1b}[2J".repeat(10_000),
        ..ObjectData::default()
    };
    for i in 0..55 {
        let mut c = s.connect();
        c.init(1 + i % 10, b"HUGE", "a", "1").unwrap();
        let info = c.info(&huge).expect("INFO answered");
        assert_eq!(info.object_id.len(), 8);
    }
    let q = auth.last_query.lock().unwrap().clone();
    let name = q
        .split('&')
        .find_map(|kv| kv.strip_prefix("objectname="))
        .unwrap();
    assert_eq!(name, "N".repeat(100), "cut to t_subscriptions.s_objectname");
    assert!(
        eventually(Duration::from_secs(10), || s.connected() == 0),
        "every slot released: {}",
        s.status()
    );
    assert_eq!(s.guard("handler_panics"), 0);
    let mut real = s.identified("3769d93a");
    real.ping().unwrap();
}

/// Finding 2: memory before any login. 40 connections sending 15 MB without a newline took
/// 600 MB; now each is cut at the pre-login line bound (64 KiB). 10 concurrent DWNL of a 32 MB
/// file took 1.34 GB; now they stream, and only identified sessions may ask.
#[test]
fn finding2_memory_before_login_and_dwnl_are_bounded() {
    let auth = AuthServer::start();
    let s = Server::start(&auth.url(), "", "");
    let base = s.rss_kib();
    let peak = RssPeak::start(s.child.id());
    let addr = s.tcp;
    let threads: Vec<_> = (0..40)
        .map(|_| {
            std::thread::spawn(move || {
                let mut t = TcpStream::connect(addr).unwrap();
                let chunk = vec![b'A'; 64 * 1024];
                let mut sent = 0usize;
                while sent < 15_000_000 {
                    match t.write(&chunk) {
                        Ok(n) => sent += n,
                        Err(_) => break,
                    }
                }
                (sent, closed_by_server(&mut t))
            })
        })
        .collect();
    for h in threads {
        let (sent, closed) = h.join().unwrap();
        assert!(closed, "the server closed the connection");
        assert!(sent < 15_000_000, "cut before 15 MB were taken ({sent})");
    }
    let lines_peak = peak.finish();
    assert!(
        lines_peak < base + 64 * 1024,
        "RSS {base} KiB before, peak {lines_peak} KiB with 40 x 15 MB lines"
    );

    // A 70 000-byte line is refused (502, closed) before INFO and accepted after it.
    let long = vec![b'X'; 70_000];
    let mut c = s.connect();
    c.init(1, b"H", "a", "1").unwrap();
    assert_eq!(c.request(&long).unwrap().code, 502);
    assert!(closed_by_server(&mut c.stream().try_clone().unwrap()));
    let mut c = s.identified("3769d93a");
    assert_eq!(
        c.request(&long).unwrap().code,
        503,
        "unknown verb, not too long"
    );
    drop(c);

    // DWNL needs an identified session.
    std::fs::write(s.updates().join("Big.bin"), vec![0x5Au8; 32 << 20]).unwrap();
    let mut c = s.connect();
    assert_eq!(c.request(b"DWNL F=Big.bin").unwrap().code, 501);
    c.init(1, b"H", "a", "1").unwrap();
    assert_eq!(c.request(b"DWNL F=Big.bin").unwrap().code, 510);
    assert_eq!(c.request(b"VERS").unwrap().code, 510);

    // 10 concurrent downloads of 32 MB stream through a few hundred KiB each.
    auth.objects.lock().unwrap().extend((0..10).map(|i| {
        (
            format!("{:08x}", 0x4000_0000 + i),
            ("d".to_string(), "2030-01-01".to_string(), "1".to_string()),
        )
    }));
    let base = s.rss_kib();
    let peak = RssPeak::start(s.child.id());
    let barrier = Arc::new(Barrier::new(10));
    let threads: Vec<_> = (0..10)
        .map(|i| {
            let mut c = s.identified(&format!("{:08x}", 0x4000_0000 + i));
            let b = barrier.clone();
            std::thread::spawn(move || {
                b.wait();
                c.dwnl("Big.bin").unwrap()
            })
        })
        .collect();
    for h in threads {
        let file = h.join().unwrap();
        assert_eq!(file.len(), 32 << 20);
        assert!(file.iter().all(|&b| b == 0x5A));
    }
    let dwnl_peak = peak.finish();
    assert!(
        dwnl_peak < base + 100 * 1024,
        "RSS {base} KiB before, peak {dwnl_peak} KiB with 10 x 32 MB DWNL"
    );
}

/// Finding 2: per-address caps on connections and on unidentified connections.
#[test]
fn finding2_per_address_caps() {
    let auth = AuthServer::start();
    let s = Server::start(
        &auth.url(),
        "MaxSessionsPerIP=4\nMaxUnidentifiedPerIP=2",
        "",
    );
    let mut a = s.connect();
    a.init(1, b"A", "a", "1").unwrap();
    let mut b = s.connect();
    b.ping().unwrap();
    let mut third = TcpStream::connect(s.tcp).unwrap();
    let _ = third.write_all(b"PING\r\n");
    assert!(closed_by_server(&mut third), "third unidentified refused");
    // Once one identifies, another unidentified connection fits.
    a.info(&object("3769d93a")).unwrap();
    assert!(eventually(Duration::from_secs(5), || s.connected() == 2));
    let mut c = s.connect();
    c.init(2, b"C", "a", "1").unwrap();
    c.info(&object("0badf00d")).unwrap();
    // Total per address: a, b, c + one more = 4; the fifth is refused.
    let mut d = s.connect();
    d.init(2, b"D", "a", "1").unwrap();
    d.info(&ObjectData::default()).unwrap();
    let mut fifth = TcpStream::connect(s.tcp).unwrap();
    let _ = fifth.write_all(b"PING\r\n");
    assert!(closed_by_server(&mut fifth), "fifth connection refused");
    assert!(s.guard("sessions_refused_per_ip") >= 2);
    a.ping().unwrap();
    d.ping().unwrap();
}

/// Finding 3: flooding before any login. ERRL needs an identified session and is rate-limited;
/// ESC and NUL never reach the log files; `INFO ID=-1` registrations are capped per address.
#[test]
fn finding3_floods_are_refused_limited_and_escaped() {
    let auth = AuthServer::start();
    let s = Server::start(
        &auth.url(),
        "ErrlPerMinute=10\nNewObjectsPerIPPerHour=3",
        "",
    );
    let mut c = s.connect();
    assert_eq!(c.errl(b"before init").unwrap().code, 501);
    c.init(1, b"H", "a", "1").unwrap();
    assert_eq!(c.errl(b"before info").unwrap().code, 510);
    // A flood of bad lines before login: each answered, few logged.
    for _ in 0..500 {
        assert_eq!(c.request(b"XXXX \x1b[31mred\x00").unwrap().code, 503);
    }

    let mut c = s.identified("3769d93a");
    for i in 0..100 {
        let text = format!("\u{1b}[31mERR\u{0}{i} Грешка");
        let r = c.errl(&cp1251::from_utf8(&text)).unwrap();
        assert_eq!(r.encode(), b"200 OK\r\n");
    }
    assert_eq!(s.guard("errl_dropped"), 90);
    drop(c);

    // INFO ID=-1: three registrations from this address per hour, then 510.
    let calls_before = auth.calls.load(Ordering::SeqCst);
    let mut codes = Vec::new();
    for _ in 0..10 {
        let mut c = s.connect();
        c.init(1, b"NEW", "a", "1").unwrap();
        codes.push(match c.info(&ObjectData::default()) {
            Ok(_) => 200,
            Err(e) => {
                assert!(e.to_string().contains("510"), "{e}");
                510
            }
        });
    }
    assert_eq!(codes, [200, 200, 200, 510, 510, 510, 510, 510, 510, 510]);
    assert_eq!(auth.calls.load(Ordering::SeqCst) - calls_before, 3);
    assert_eq!(s.guard("new_objects_refused"), 7);

    // One connection cannot keep trying INFO: closed after 5 failures.
    let mut c = s.connect();
    c.init(1, b"NEW", "a", "1").unwrap();
    for _ in 0..5 {
        assert!(c.info(&ObjectData::default()).is_err());
    }
    assert!(c.ping().is_err(), "closed after 5 failed INFOs");

    let marker = "client error report";
    let log = s.log_with(marker);
    let text = String::from_utf8_lossy(&log);
    let stored = text.lines().filter(|l| l.contains(marker)).count();
    assert_eq!(stored, 10, "ERRL lines in the log");
    assert!(text.contains("\\x1b[31mERR\\x000 Грешка"), "escaped");
    assert!(
        !log.contains(&0x1b) && !log.contains(&0),
        "no raw ESC or NUL in the log"
    );
    let unknown = text.lines().filter(|l| l.contains("XXXX")).count();
    assert!(
        unknown <= 25,
        "{unknown} log lines for 500 bad requests from one session"
    );
    let trace = std::fs::read_dir(s.dir.path().join("logs"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("trace"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .unwrap_or_default();
    assert!(!trace.is_empty());
    assert!(
        !trace.contains(&0x1b) && !trace.contains(&0),
        "trace escaped too"
    );
}

/// Finding 4: a claim for a live object ID reaches neither the auth server nor the
/// subscription record; it is logged and counted, and the legacy rule drops both.
#[test]
fn finding4_duplicate_claim_changes_nothing() {
    let auth = AuthServer::start();
    let s = Server::start(&auth.url(), "", "");
    let mut live = s.identified("3769d93a");
    let calls = auth.calls.load(Ordering::SeqCst);
    let mut thief = s.connect();
    thief.init(4, b"THIEF", "a", "1").unwrap();
    let claim = ObjectData {
        object_id: "3769d93a".into(),
        object_name: "Hijacked".into(),
        customer_name: "Mallory".into(),
        ..ObjectData::default()
    };
    let e = thief.info(&claim).unwrap_err();
    assert!(e.to_string().contains("511"), "{e}");
    assert_eq!(
        auth.calls.load(Ordering::SeqCst),
        calls,
        "objectinfo not called"
    );
    assert!(!auth.last_query.lock().unwrap().contains("Hijacked"));
    assert!(thief.ping().is_err(), "claimant dropped");
    assert!(live.ping().is_err(), "legacy rule: the live one too");
    assert!(s.metrics().contains("crs_duplicate_claims_total 1"));
    assert!(eventually(Duration::from_secs(5), || s.connected() == 0));
    let log = s.log_with("duplicate client id");
    assert!(String::from_utf8_lossy(&log).contains("auth server not called"));
}

/// Finding 4 with `DuplicateDropsBoth=0`: the claimant is refused, the live shop stays.
#[test]
fn finding4_duplicate_claim_can_keep_the_live_shop() {
    let auth = AuthServer::start();
    let s = Server::start(&auth.url(), "DuplicateDropsBoth=0", "");
    let mut live = s.identified("3769d93a");
    let mut thief = s.connect();
    thief.init(4, b"THIEF", "a", "1").unwrap();
    assert!(thief.info(&object("3769d93a")).is_err());
    live.ping().unwrap();
    assert_eq!(s.guard("duplicate_claims"), 1);
}

/// Finding 5: the listen backlog comes from `TCP_Backlog` (std fixed it at 128), and a burst
/// of simultaneous connects and INITs all succeed.
#[test]
fn finding5_backlog_is_configured_and_a_burst_all_succeeds() {
    let auth = AuthServer::start();
    let s = Server::start(&auth.url(), "MaxUnidentifiedPerIP=5000", "TCP_Backlog=3000");
    let somaxconn: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(4096);
    let out = Command::new("ss")
        .args(["-ltnH", &format!("sport = :{}", s.tcp.port())])
        .output()
        .expect("ss (iproute2)");
    let text = String::from_utf8_lossy(&out.stdout);
    let send_q: u32 = text
        .split_whitespace()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("ss output: {text}"));
    assert_eq!(send_q, 3000.min(somaxconn), "{text}");

    let n = 1000;
    let barrier = Arc::new(Barrier::new(n));
    let addr = s.tcp;
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let b = barrier.clone();
            std::thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    b.wait();
                    let mut c = BosClient::connect(addr, Duration::from_secs(30))?;
                    c.init(1 + i % 10, b"STORM", "a", "1")?;
                    Ok::<_, crs::client::ClientError>(c)
                })
                .unwrap()
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
    let failures = results.iter().filter(|r| r.is_err()).count();
    let first_error = results
        .iter()
        .find_map(|r| r.as_ref().err().map(|e| e.to_string()));
    assert_eq!(failures, 0, "{first_error:?}");
    assert_eq!(s.connected(), n as u64);
    drop(results);
    assert!(eventually(Duration::from_secs(10), || s.connected() == 0));
}
