//! `make bench` part 1: the TCP protocol server under load (issue 2 targets).
//!
//! A release server process is driven by the project's own BosTcpClient library. The load
//! generator and the server share the machine, as they do in the targets.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use crs::client::{BosClient, ObjectData};
use support::*;

fn identified(addr: std::net::SocketAddr, n: usize) -> BosClient {
    let mut c = BosClient::connect(addr, Duration::from_secs(30)).expect("connect");
    c.init(
        1 + n % 10,
        format!("BENCH{n}").as_bytes(),
        "EBOCloudReportSvc.exe",
        "1.0.0.5",
    )
    .expect("init");
    c.info(&ObjectData {
        object_id: format!("{:08x}", 0x2000_0000 + n),
        ..Default::default()
    })
    .expect("info");
    c
}

fn handshakes(addr: std::net::SocketAddr, secs: u64, threads: usize) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let hs: Vec<_> = (0..threads)
        .map(|t| {
            let (stop, count) = (stop.clone(), count.clone());
            std::thread::spawn(move || {
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let n = 1_000_000 + t * 100_000 + i;
                    let c = identified(addr, n);
                    drop(c);
                    count.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect();
    let start = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    let n = count.load(Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    for h in hs {
        h.join().unwrap();
    }
    n as f64 / elapsed
}

fn ping_throughput(addr: std::net::SocketAddr, sessions: usize, secs: u64) -> f64 {
    let mut clients: Vec<BosClient> = (0..sessions).map(|n| identified(addr, n)).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let hs: Vec<_> = clients
        .drain(..)
        .map(|mut c| {
            let (stop, count) = (stop.clone(), count.clone());
            std::thread::spawn(move || {
                let mut local = 0;
                while !stop.load(Ordering::Relaxed) {
                    c.ping().expect("ping");
                    local += 1;
                }
                count.fetch_add(local, Ordering::Relaxed);
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    for h in hs {
        h.join().unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

fn ping_latency(
    addr: std::net::SocketAddr,
    connected: usize,
    active: usize,
    secs: u64,
) -> (f64, f64, usize) {
    let idle: Vec<BosClient> = (0..connected - active)
        .map(|n| identified(addr, 10_000 + n))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let hs: Vec<_> = (0..active)
        .map(|n| {
            let mut c = identified(addr, 20_000 + n);
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(200_000);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    c.ping().expect("ping");
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    let mut all: Vec<f64> = hs.into_iter().flat_map(|h| h.join().unwrap()).collect();
    all.sort_by(|a, b| a.total_cmp(b));
    drop(idle);
    (percentile(&all, 0.5), percentile(&all, 0.99), all.len())
}

fn idle_sessions(server: &ServerProcess, target: usize) -> (usize, u64, u64) {
    let before = server.rss_kib();
    let addr = server.tcp;
    let per_thread = 500;
    let threads: Vec<_> = (0..target.div_ceil(per_thread))
        .map(|t| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                for i in 0..per_thread {
                    let n = 100_000 + t * per_thread + i;
                    if n - 100_000 >= target {
                        break;
                    }
                    match BosClient::connect(addr, Duration::from_secs(30)).and_then(|mut c| {
                        c.init(1, b"IDLE", "a", "1")?;
                        c.info(&ObjectData {
                            object_id: format!("{:08x}", 0x3000_0000 + n),
                            ..Default::default()
                        })?;
                        Ok(c)
                    }) {
                        Ok(c) => v.push(c),
                        Err(e) => {
                            eprintln!("idle session {n}: {e}");
                            break;
                        }
                    }
                }
                v
            })
        })
        .collect();
    let held: Vec<BosClient> = threads
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let after = server.rss_kib();
    let n = held.len();
    drop(held);
    (n, before, after)
}

/// One storm client: connect, INIT, read the two-line reply. Returns the open stream.
fn storm_client(addr: SocketAddr, i: usize) -> std::io::Result<TcpStream> {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(30))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let line = format!(
        "INIT ID={} DT=250411 TM=142807 HST=STORM{i} ATP=EBOCloudReportSvc.exe AVR=1.0.0.5\r\n",
        1 + i % 10
    );
    (&s).write_all(line.as_bytes())?;
    let mut r = BufReader::new(&s);
    loop {
        let mut l = String::new();
        if r.read_line(&mut l)? == 0 {
            return Err(std::io::Error::other("closed before the reply"));
        }
        if l.starts_with("200 ") {
            return Ok(s);
        }
        if !l.starts_with("200-") {
            return Err(std::io::Error::other(format!("reply {l:?}")));
        }
    }
}

/// `n` clients released at once by a barrier, each connecting and sending INIT; every
/// connection stays open until all are done. Returns (failures, handshakes/s, first error).
fn storm(addr: SocketAddr, n: usize) -> (usize, f64, Option<String>) {
    let barrier = Arc::new(Barrier::new(n + 1));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let b = barrier.clone();
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    b.wait();
                    let started = Instant::now();
                    let r = storm_client(addr, i);
                    (r, started, Instant::now())
                })
                .expect("storm thread")
        })
        .collect();
    barrier.wait();
    let results: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
    // From the first client's start to the last successful handshake, both taken by the
    // client threads (the main thread may wake late from the barrier on a loaded machine).
    let start = results.iter().map(|(_, s, _)| *s).min();
    let end = results
        .iter()
        .filter(|(r, _, _)| r.is_ok())
        .map(|(_, _, e)| *e)
        .max();
    let ok = results.iter().filter(|(r, _, _)| r.is_ok()).count();
    let elapsed = match (start, end) {
        (Some(s), Some(e)) => e.duration_since(s),
        _ => Duration::ZERO,
    };
    let first_error = results
        .iter()
        .find_map(|(r, _, _)| r.as_ref().err().map(|e| e.to_string()));
    (
        n - ok,
        ok as f64 / elapsed.as_secs_f64().max(1e-9),
        first_error,
    )
}

/// The minimal accept-and-reply server of the storm comparison: std threads, the same
/// backlog, an INIT-shaped reply to the first line, then it holds the connection until EOF.
fn baseline_server(port: u16, backlog: u32) {
    raise_fd_limit();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let listener = crs::server::listen(addr, backlog).expect("baseline listen");
    for s in listener.incoming().flatten() {
        let _ = std::thread::Builder::new()
            .stack_size(crs::server::SESSION_STACK)
            .spawn(move || {
                let mut r = BufReader::new(&s);
                let mut line = Vec::new();
                if r.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
                    return;
                }
                let _ = (&s).write_all(b"200-KEY=30DF\r\n200 LEN=5\r\n");
                while r.read_until(b'\n', &mut line).unwrap_or(0) > 0 {}
            });
    }
}

const STORM_BACKLOG: u32 = 4096;

/// Runs the storm against the baseline (a child process: 10 000 sockets on each side would
/// not fit one process's descriptor limit) and against a fresh release server.
fn storm_comparison(auth: &InstantAuth, n: usize) {
    let port = free_port();
    let mut baseline = std::process::Command::new(std::env::current_exe().unwrap())
        .env("CRS_BENCH_BASELINE_PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("baseline server");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let up = Instant::now();
    while TcpStream::connect(addr).is_err() && up.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (bf, brate, berr) = storm(addr, n);
    let _ = baseline.kill();
    let _ = baseline.wait();
    std::thread::sleep(Duration::from_secs(2));

    let server = ServerProcess::start(&auth.url, "");
    let (sf, srate, serr) = storm(server.tcp, n);
    drop(server);
    println!(
        "reconnect storm, {n} simultaneous connects + INIT (backlog {STORM_BACKLOG}):\n  \
         minimal accept-and-reply server: {bf} failures, {brate:.0} handshakes/s{}\n  \
         report server:                   {sf} failures, {srate:.0} handshakes/s ({:.2} of the minimal server){}   \
         [target 0 failures, >= 0.5]",
        berr.map(|e| format!(" (first error: {e})")).unwrap_or_default(),
        srate / brate.max(1e-9),
        serr.map(|e| format!(" (first error: {e})")).unwrap_or_default(),
    );
}

fn main() {
    if let Some(port) = std::env::var("CRS_BENCH_BASELINE_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
    {
        baseline_server(port, STORM_BACKLOG);
        return;
    }
    let fds = raise_fd_limit();
    if std::env::var("CRS_BENCH_ONLY").as_deref() == Ok("storm") {
        let auth = InstantAuth::start(4);
        storm_comparison(&auth, storm_size());
        return;
    }
    let auth = InstantAuth::start(4);
    let server = ServerProcess::start(&auth.url, "");
    println!(
        "== protocol benchmark (release server pid {}, fd limit {fds})",
        server.child.id()
    );

    let hs = handshakes(server.tcp, 5, 8);
    println!("handshakes (connect+INIT+INFO with auth call): {hs:.0}/s   [target >= 1500/s]");

    let pings = ping_throughput(server.tcp, 100, 5);
    println!("PING round trips, 100 sessions flat out:      {pings:.0}/s   [target >= 75000/s]");

    let (p50, p99, n) = ping_latency(server.tcp, 1000, 10, 5);
    println!("PING latency, 1000 connected / 10 pinging:    p50 {p50:.3} ms, p99 {p99:.3} ms over {n} pings   [target p99 < 1 ms]");

    let target = std::env::var("CRS_BENCH_IDLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000usize);
    let (held, before, after) = idle_sessions(&server, target);
    let per = (after.saturating_sub(before)) as f64 / held.max(1) as f64;
    println!(
        "idle sessions held: {held}; server RSS {:.1} MiB before, {:.1} MiB with them ({per:.1} KiB per session; threads {})   [target 10000 under 1 GiB]",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        server.threads()
    );
    drop(server);
    storm_comparison(&auth, storm_size());
}

fn storm_size() -> usize {
    std::env::var("CRS_BENCH_STORM")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}
