//! Support for the migration proxy tests: a raw recording forwarder (to compare the bytes on
//! both sides of the proxy), scripted fake upstreams, and recording readers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crs::proxy::record::{self, Record};
use crs::proxy::{ProxyConfig, RunningProxy};

/// Bytes seen by a [`RawTap`] on one connection.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    pub c2s: Vec<u8>,
    pub s2c: Vec<u8>,
}

/// A plain forwarder that keeps a copy of every byte, per connection in accept order.
pub struct RawTap {
    pub addr: SocketAddr,
    pub conns: Arc<Mutex<Vec<Arc<Mutex<Seen>>>>>,
}

impl RawTap {
    pub fn start(target: SocketAddr) -> RawTap {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let conns: Arc<Mutex<Vec<Arc<Mutex<Seen>>>>> = Default::default();
        let c2 = conns.clone();
        std::thread::spawn(move || {
            for s in l.incoming() {
                let Ok(client) = s else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                client.set_nodelay(true).unwrap();
                server.set_nodelay(true).unwrap();
                let seen = Arc::new(Mutex::new(Seen::default()));
                c2.lock().unwrap().push(seen.clone());
                let (c1, s1) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let seen1 = seen.clone();
                std::thread::spawn(move || copy(c1, s1, &seen1, true));
                std::thread::spawn(move || copy(server, client, &seen, false));
            }
        });
        RawTap { addr, conns }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.conns
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.lock().unwrap().clone())
            .collect()
    }
}

fn copy(mut from: TcpStream, mut to: TcpStream, seen: &Mutex<Seen>, c2s: bool) {
    let mut buf = [0u8; 8192];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => {
                {
                    let mut s = seen.lock().unwrap();
                    if c2s {
                        s.c2s.extend_from_slice(&buf[..n]);
                    } else {
                        s.s2c.extend_from_slice(&buf[..n]);
                    }
                }
                if to.write_all(&buf[..n]).is_err() {
                    let _ = from.shutdown(Shutdown::Both);
                    return;
                }
            }
        }
    }
}

/// A scripted upstream: every accepted connection runs `script` on its own thread.
pub struct FakeUpstream {
    pub addr: SocketAddr,
    _thread: JoinHandle<()>,
}

impl FakeUpstream {
    pub fn start<F>(script: F) -> FakeUpstream
    where
        F: Fn(TcpStream) + Send + Sync + 'static,
    {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let script = Arc::new(script);
        let thread = std::thread::spawn(move || {
            for s in l.incoming() {
                let Ok(s) = s else { continue };
                let script = script.clone();
                std::thread::spawn(move || script(s));
            }
        });
        FakeUpstream {
            addr,
            _thread: thread,
        }
    }
}

/// Reads one line (with its line end) from a buffered stream; empty at EOF.
pub fn read_line(r: &mut BufReader<TcpStream>) -> Vec<u8> {
    let mut line = Vec::new();
    let _ = r.read_until(b'\n', &mut line);
    line
}

pub fn proxy_config(upstream: SocketAddr, dir: &Path) -> ProxyConfig {
    let mut cfg = ProxyConfig::new("127.0.0.1:0", upstream.to_string());
    cfg.record_dir = Some(dir.to_path_buf());
    cfg
}

pub fn start_proxy(upstream: SocketAddr, dir: &Path) -> RunningProxy {
    RunningProxy::start(proxy_config(upstream, dir)).expect("proxy starts")
}

/// Polls `f` until it is true or `timeout` passes.
pub fn wait_for(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    f()
}

/// Waits until the proxy has no live session, then reads every recording, sorted by name.
pub fn recordings(proxy: &RunningProxy, dir: &Path) -> Vec<(PathBuf, Vec<Record>)> {
    assert!(
        wait_for(Duration::from_secs(10), || proxy.active_sessions() == 0),
        "proxy sessions end"
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let (records, bad) = record::read_file(&f).unwrap();
            assert_eq!(bad, 0, "every line of {} is a record", f.display());
            (f, records)
        })
        .collect()
}

/// The records of one event kind.
pub fn events<'a>(records: &'a [Record], event: &str) -> Vec<&'a Record> {
    records.iter().filter(|r| r.event == event).collect()
}

/// The reply record answering `verb` (the n-th, from 0).
pub fn reply<'a>(records: &'a [Record], verb: &str, n: usize) -> &'a Record {
    records
        .iter()
        .filter(|r| r.event == "reply" && r.verb.as_deref() == Some(verb))
        .nth(n)
        .unwrap_or_else(|| panic!("reply #{n} to {verb}"))
}

pub fn request<'a>(records: &'a [Record], verb: &str, n: usize) -> &'a Record {
    records
        .iter()
        .filter(|r| r.event == "request" && r.verb.as_deref() == Some(verb))
        .nth(n)
        .unwrap_or_else(|| panic!("request #{n} {verb}"))
}
