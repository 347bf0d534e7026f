//! Relay benchmark: `cargo bench --bench relay` (release). Prints numbers; not a test.
//!
//! An in-process report server, 100 protocol clients (the real TCP protocol with its crypto)
//! and 100 HTTP callers, each bound to one client, relaying tasks in a closed loop. Each client
//! is told when its caller sends a request and sends GREQ as soon as the task is in its slot,
//! so the figures measure the server rather than a poll interval.
//!
//! - end-to-end latency: the HTTP caller's view, request written → whole answer read;
//! - server-added latency: end-to-end minus the client's own work (decrypting the task,
//!   building and encrypting the answer), i.e. HTTP parsing, the relay hand-over, the GREQ and
//!   SRSP round trips and the answer's way back, all on loopback.
//!
//! Environment: `BENCH_CLIENTS` (100), `BENCH_SECS` (5), `BENCH_WORKERS` (HTTP_Workers, 128),
//! `BENCH_LOG=info` to run with the server's real logging (files + stderr, access log on;
//! send stderr to /dev/null).

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, Sender};
use crs::client::{BosClient, ObjectData};
use crs::metrics::percentile;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A keep-alive HTTP/1.1 caller (or a new connection per request, like PHP).
struct Caller {
    addr: SocketAddr,
    conn: Option<(TcpStream, BufReader<TcpStream>)>,
    keep_alive: bool,
}

impl Caller {
    fn new(addr: SocketAddr, keep_alive: bool) -> Caller {
        Caller {
            addr,
            conn: None,
            keep_alive,
        }
    }

    fn post(&mut self, target: &str, body: &[u8]) -> Vec<u8> {
        if self.conn.is_none() {
            let s = TcpStream::connect(self.addr).expect("connect");
            s.set_nodelay(true).unwrap();
            let r = BufReader::new(s.try_clone().unwrap());
            self.conn = Some((s, r));
        }
        let (s, r) = self.conn.as_mut().unwrap();
        let close = if self.keep_alive {
            ""
        } else {
            "Connection: close\r\n"
        };
        let mut req = format!(
            "GET {target} HTTP/1.1\r\nHost: bench\r\nContent-type: text/xml\r\n{close}Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        s.write_all(&req).unwrap();
        let mut len = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            r.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(v) = line
                .to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_string())
            {
                len = v.parse().unwrap();
            }
        }
        let mut out = vec![0; len];
        r.read_exact(&mut out).unwrap();
        if !self.keep_alive {
            self.conn = None;
        }
        out
    }
}

/// One protocol client: waits for a "task coming" signal, then for the task to be in its
/// relay slot (an in-process look, with a backoff from 10 µs to 1 ms: a perfectly timed GREQ
/// poll without flooding the server with empty GREQs while the request still queues for a
/// worker), answers, and reports its own work time (µs).
fn client_loop(
    mut c: BosClient,
    session: Arc<crs::registry::SessionHandle>,
    go: Receiver<()>,
    work: Sender<f64>,
    answer: Vec<u8>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::Relaxed) {
        if go.recv_timeout(Duration::from_millis(100)).is_err() {
            continue;
        }
        let mut backoff = Duration::from_micros(10);
        loop {
            if !crs::relay::is_busy(&session) {
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_millis(1));
                continue;
            }
            let reply = c.request(b"GREQ").expect("GREQ");
            let Some(cmd) = reply.value("CMD").map(|v| v.to_vec()) else {
                continue;
            };
            let got = Instant::now();
            let task = c.decode(reply.value("DATA").unwrap()).unwrap();
            assert!(!task.is_empty());
            let line = format!(
                "SRSP CMD={} DATA={}",
                String::from_utf8_lossy(&cmd),
                c.encode(&answer).unwrap()
            );
            let own = got.elapsed().as_secs_f64() * 1e6;
            let r = c.request(line.as_bytes()).expect("SRSP");
            assert_eq!(r.code, 200);
            let _ = work.send(own);
            break;
        }
    }
}

struct Pair {
    id: String,
    go: Sender<()>,
    work: Receiver<f64>,
}

fn report(label: &str, mut e2e: Vec<f64>, mut added: Vec<f64>) {
    e2e.sort_by(f64::total_cmp);
    added.sort_by(f64::total_cmp);
    println!(
        "  {label:<44} end-to-end p50 {:7.3} ms  p99 {:7.3} ms | server-added p50 {:7.3} ms  p99 {:7.3} ms",
        percentile(&e2e, 0.5) / 1000.0,
        percentile(&e2e, 0.99) / 1000.0,
        percentile(&added, 0.5) / 1000.0,
        percentile(&added, 0.99) / 1000.0
    );
}

/// One relay: signal the client, send the request, check the answer; (e2e µs, added µs).
fn relay_once(caller: &mut Caller, pair: &Pair, body: &[u8], expect: &[u8]) -> (f64, f64) {
    let target = format!("/report/Bench/?id={}&u=user&p=pass$123", pair.id);
    let t0 = Instant::now();
    pair.go.send(()).unwrap();
    let answer = caller.post(&target, body);
    let e2e = t0.elapsed().as_secs_f64() * 1e6;
    assert_eq!(answer, expect, "answer for {}", pair.id);
    let own = pair.work.recv_timeout(Duration::from_secs(10)).unwrap();
    (e2e, (e2e - own).max(0.0))
}

fn main() {
    let clients = env_num("BENCH_CLIENTS", 100) as usize;
    let secs = env_num("BENCH_SECS", 5);
    let workers = env_num("BENCH_WORKERS", 128) as usize;
    let log_dir = tempfile::tempdir().unwrap();
    let _log = std::env::var("BENCH_LOG")
        .ok()
        .map(|level| crs::logging::init(log_dir.path(), &level));
    let t = common::TestServer::start_with(|c| {
        c.instances[0].http_workers = workers;
        c.instances[0].relay_timeout = Duration::from_secs(30);
    });
    let http = t.http;
    // A realistic answer: ~1.5 KB of rows, UTF-8 (passed through without conversion).
    let rows: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"ITEM":"Item {i}","QTY":{i},"TOTAL":{}.50}}"#, i * 7))
        .collect();
    let answer = format!(
        r#"{{"ResultCode":0,"ResultMessage":"OK","Bench":[{}]}}"#,
        rows.join(",")
    )
    .into_bytes();
    let stop = Arc::new(AtomicBool::new(false));
    let mut pairs = Vec::new();
    let mut threads = Vec::new();
    for i in 0..clients {
        let id = format!("{:08x}", 0x3000_0000 + i);
        t.auth.objects.lock().unwrap().insert(
            id.clone(),
            ("Bench".into(), "2030-12-31".into(), "1".into()),
        );
        let mut c = t.connect();
        c.init(1 + i % 10, format!("BENCH{i}").as_bytes(), "bench", "1")
            .unwrap();
        c.info(&ObjectData {
            object_id: id.clone(),
            ..Default::default()
        })
        .unwrap();
        let session = t.shared().registry.by_object(&id).expect("registered");
        let (go_tx, go_rx) = bounded(1);
        let (work_tx, work_rx) = bounded(1);
        let (a, s) = (answer.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            client_loop(c, session, go_rx, work_tx, a, s)
        }));
        pairs.push(Pair {
            id,
            go: go_tx,
            work: work_rx,
        });
    }
    let task_for = |id: &str| {
        format!(
            r#"{{"Id":"{id}","Pass":"0cc175b9c0f1b6a831c399e269772661","Bench":{{"Type":"Query","SQL":"select i.name as item, sum(b.qty) as qty, sum(b.total) as total from bills b join items i on i.id = b.item_id where b.closed_at >= current_date group by i.name"}}}}"#
        )
        .into_bytes()
    };
    println!(
        "relay bench: {clients} clients, HTTP_Workers={workers}, {} cores, release={}, logging={}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        !cfg!(debug_assertions),
        std::env::var("BENCH_LOG").unwrap_or_else(|_| "off".into())
    );

    // 1. Unloaded: one caller, one relay at a time.
    let pair = &pairs[0];
    let body = task_for(&pair.id);
    for (label, keep) in [
        ("unloaded, 1 caller, keep-alive", true),
        ("unloaded, 1 caller, new connection each (PHP)", false),
    ] {
        let mut caller = Caller::new(http, keep);
        for _ in 0..200 {
            relay_once(&mut caller, pair, &body, &answer);
        }
        let (mut e2e, mut added) = (Vec::new(), Vec::new());
        for _ in 0..2000 {
            let (e, a) = relay_once(&mut caller, pair, &body, &answer);
            e2e.push(e);
            added.push(a);
        }
        report(label, e2e, added);
    }

    // 2. Loaded: every caller at once, closed loop.
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let results: Vec<(Vec<f64>, Vec<f64>)> = std::thread::scope(|scope| {
        let hs: Vec<_> = pairs
            .iter()
            .map(|pair| {
                let answer = &answer;
                let body = task_for(&pair.id);
                scope.spawn(move || {
                    let mut caller = Caller::new(http, true);
                    let (mut e2e, mut added) = (Vec::new(), Vec::new());
                    while Instant::now() < deadline {
                        let (e, a) = relay_once(&mut caller, pair, &body, answer);
                        e2e.push(e);
                        added.push(a);
                    }
                    (e2e, added)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let (mut e2e, mut added) = (Vec::new(), Vec::new());
    for (e, a) in results {
        e2e.extend(e);
        added.extend(a);
    }
    let n = e2e.len();
    report(&format!("loaded, {clients} callers at once"), e2e, added);
    println!(
        "  throughput: {n} relays in {elapsed:.2} s = {:.0} relays/s (target >= 2000)",
        n as f64 / elapsed
    );
    let snap = t.shared().metrics.relay_snapshot();
    println!(
        "  server's own relay histogram (/metrics): count {} p50 {:.3} ms p99 {:.3} ms, codes {:?}",
        snap.count, snap.p50, snap.p99, snap.by_code
    );
    stop.store(true, Ordering::Relaxed);
    drop(pairs);
    for th in threads {
        let _ = th.join();
    }
}
