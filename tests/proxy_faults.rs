//! The proxy under faults: abrupt upstream ends, no upstream, garbage in both directions,
//! huge lines and a tap that falls behind. Bytes always flow unchanged; the recording says
//! what happened.

mod proxy_support;

use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crs::proxy::record::Decoded;
use crs::proxy::RunningProxy;
use proxy_support::*;

fn connect(addr: std::net::SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

fn read_to_end(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return out,
            Err(e) => panic!("read: {e} after {} bytes", out.len()),
        }
    }
}

/// Sets SO_LINGER to 0 so that closing sends a reset instead of a FIN.
fn reset_on_close(s: &TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket and a correctly sized option value.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0);
}

#[test]
fn upstream_closing_abruptly_ends_the_session_and_is_recorded() {
    for reset in [false, true] {
        let upstream = FakeUpstream::start(move |s| {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let _init = read_line(&mut r);
            let mut w = s;
            // Half a reply, then gone.
            w.write_all(b"200-KEY=ABCD\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(50));
            if reset {
                reset_on_close(&w);
            }
            drop(r);
            drop(w);
        });
        let rec = tempfile::tempdir().unwrap();
        let proxy = start_proxy(upstream.addr, rec.path());
        let mut c = connect(proxy.local_addr);
        c.write_all(b"INIT ID=3 DT=250411 TM=142807 HST=SHOP ATP=a.exe AVR=1\r\n")
            .unwrap();
        // The client sees what the server sent, then the close; it does not close itself.
        let got = read_to_end(&mut c);
        assert_eq!(got, b"200-KEY=ABCD\r\n", "reset={reset}");
        assert!(
            wait_for(Duration::from_secs(5), || proxy.active_sessions() == 0),
            "the proxy thread ends although the client keeps its socket (reset={reset})"
        );
        let sessions = recordings(&proxy, rec.path());
        let recs = &sessions[0].1;
        let close = events(recs, "close");
        let first = close[0].text.clone().unwrap();
        assert!(
            first.starts_with("server closed") || first.starts_with("server connection failed"),
            "{first}"
        );
        let partial = close[0].info.as_ref().unwrap()["partial_line_bytes"].as_u64();
        assert_eq!(partial, Some(0));
        let end = events(recs, "end")[0].info.clone().unwrap();
        assert_eq!(end["unanswered"], serde_json::json!(["INIT"]));
        assert_eq!(end["s2c_bytes"], 14);
        drop(c);
        proxy.shutdown();
    }
}

#[test]
fn unreachable_upstream_closes_the_client_and_says_why() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let rec = tempfile::tempdir().unwrap();
    let proxy = start_proxy(port, rec.path());
    let mut c = connect(proxy.local_addr);
    assert!(read_to_end(&mut c).is_empty());
    let sessions = recordings(&proxy, rec.path());
    let notes = events(&sessions[0].1, "note");
    assert!(
        notes[0].text.as_ref().unwrap().contains("unreachable"),
        "{notes:?}"
    );
    proxy.shutdown();
}

#[test]
fn garbage_and_huge_lines_are_forwarded_byte_for_byte() {
    // What the upstream sends: garbage, a reply split mid-line, a huge line, a valid reply.
    let mut script: Vec<u8> = b"\xff\xfeHELLO this is not a reply\r\n200-half".to_vec();
    script.extend_from_slice(b" line\r\n200 rest\r\n");
    script.extend_from_slice(b"200 DATA=");
    script.extend(std::iter::repeat_n(b'Q', 300_000));
    script.extend_from_slice(b"\r\n200 OK\r\nno line end at all");
    let script = Arc::new(script);
    let received: Arc<Mutex<Vec<u8>>> = Default::default();
    let (sc, rc) = (script.clone(), received.clone());
    let upstream = FakeUpstream::start(move |mut s| {
        // Everything the client sends first (so the pairing below is deterministic), then the
        // script in odd pieces that cut lines everywhere, after the client's half-close.
        let mut buf = [0u8; 65536];
        loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => rc.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
        for piece in sc.chunks(7777) {
            s.write_all(piece).unwrap();
        }
    });
    let rec = tempfile::tempdir().unwrap();
    let mut cfg = proxy_config(upstream.addr, rec.path());
    cfg.max_line = 1024;
    let proxy = RunningProxy::start(cfg).unwrap();

    let mut sent: Vec<u8> =
        b"\x00\x01\x02 binary junk\r\nINFO DATA=!!!notbase64\r\nPING\n".to_vec();
    sent.extend_from_slice(b"SRSP CMD=1 DATA=");
    sent.extend(std::iter::repeat_n(b'A', 200_000));
    sent.extend_from_slice(b"\r\nPING\r\nhalf a line at the end");
    let mut c = connect(proxy.local_addr);
    for piece in sent.chunks(4093) {
        c.write_all(piece).unwrap();
    }
    c.shutdown(Shutdown::Write).unwrap();
    let got = read_to_end(&mut c);
    assert_eq!(got.len(), script.len());
    assert!(got == *script, "client got exactly what the upstream sent");
    assert!(wait_for(Duration::from_secs(5), || received
        .lock()
        .unwrap()
        .len()
        == sent.len()));
    assert!(
        *received.lock().unwrap() == sent,
        "upstream got exactly what the client sent"
    );

    let sessions = recordings(&proxy, rec.path());
    let recs = &sessions[0].1;
    let notes: Vec<String> = events(recs, "note")
        .iter()
        .map(|n| n.text.clone().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("not an Indy reply line")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .filter(|n| n.contains("exceeds the parser's cap"))
            .count()
            == 2,
        "{notes:?}"
    );
    let junk = request(recs, "\u{0}\u{1}\u{2}", 0);
    assert!(junk
        .text
        .as_ref()
        .unwrap()
        .starts_with("not a protocol verb"));
    match &request(recs, "INFO", 0).decoded {
        Some(Decoded::Failed { error }) => assert!(error.contains("no session key"), "{error}"),
        other => panic!("{other:?}"),
    }
    // Pairing in order: the junk line got the malformed reply, INFO the split one, PING the
    // huge one, the over-long SRSP the last.
    assert_eq!(
        reply(recs, "INFO", 0).layout.as_deref(),
        Some("200-half line / 200 rest")
    );
    assert_eq!(reply(recs, "?", 0).layout.as_deref(), Some("200 OK"));
    let closes = events(recs, "close");
    let partials: Vec<u64> = closes
        .iter()
        .map(|c| {
            c.info.as_ref().unwrap()["partial_line_bytes"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert!(
        partials.contains(&22) && partials.contains(&18),
        "{partials:?}"
    );
    proxy.shutdown();
}

#[test]
fn a_slow_tap_never_holds_the_bytes_back() {
    // A tiny tap queue: most chunks go through uncopied, the record says how many bytes.
    let total = 8 * 1024 * 1024;
    let upstream = FakeUpstream::start(move |mut s| {
        let mut r = BufReader::new(s.try_clone().unwrap());
        let _ = read_line(&mut r);
        let mut line = b"200 DATA=".to_vec();
        line.resize(total, b'Z');
        line.extend_from_slice(b"\r\n");
        s.write_all(&line).unwrap();
    });
    let rec = tempfile::tempdir().unwrap();
    let mut cfg = proxy_config(upstream.addr, rec.path());
    cfg.tap_queue_bytes = 4096;
    let proxy = RunningProxy::start(cfg).unwrap();
    let mut c = connect(proxy.local_addr);
    c.write_all(b"VERS\r\n").unwrap();
    let got = read_to_end(&mut c);
    assert_eq!(got.len(), total + 2);
    drop(c);
    let sessions = recordings(&proxy, rec.path());
    let recs = &sessions[0].1;
    let end = events(recs, "end")[0].info.clone().unwrap();
    let unparsed = end["s2c_unparsed_bytes"].as_u64().unwrap();
    assert_eq!(
        end["s2c_bytes"].as_u64().unwrap() + unparsed,
        (total + 2) as u64
    );
    assert!(unparsed > 0, "{end}");
    assert!(events(recs, "note").iter().any(|n| n
        .text
        .as_ref()
        .unwrap()
        .contains("forwarded without parsing")));
    proxy.shutdown();
}

#[test]
fn shutdown_closes_live_sessions_and_finishes_their_recordings() {
    let upstream = FakeUpstream::start(|s| {
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut w = s;
        loop {
            let l = read_line(&mut r);
            if l.is_empty() {
                return;
            }
            if w.write_all(b"200\r\n").is_err() {
                return;
            }
        }
    });
    let rec = tempfile::tempdir().unwrap();
    let proxy = start_proxy(upstream.addr, rec.path());
    let mut c = connect(proxy.local_addr);
    c.write_all(b"PING\r\n").unwrap();
    let mut buf = [0u8; 5];
    c.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"200\r\n");
    assert_eq!(proxy.active_sessions(), 1);
    let dir = rec.path().to_path_buf();
    proxy.shutdown();
    assert!(read_to_end(&mut c).is_empty(), "client sees the close");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let (recs, _) = crs::proxy::record::read_file(&files[0].as_ref().unwrap().path()).unwrap();
    assert_eq!(recs.last().unwrap().event, "end");
    assert!(events(&recs, "close").iter().any(|c| c
        .text
        .as_ref()
        .unwrap()
        .contains("closed by the proxy")));
}

#[test]
fn the_proxy_adds_no_buffering_delay() {
    // Lock-step PINGs, direct and through the proxy: with TCP_NODELAY on both sides and every
    // chunk written through at once, the median round trip grows by well under a millisecond
    // (a Nagle or delayed-ACK stall would add 40 ms or more).
    let upstream = FakeUpstream::start(|s| {
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut w = s;
        w.set_nodelay(true).unwrap();
        loop {
            if read_line(&mut r).is_empty() || w.write_all(b"200\r\n").is_err() {
                return;
            }
        }
    });
    let rec = tempfile::tempdir().unwrap();
    let proxy = start_proxy(upstream.addr, rec.path());
    let median = |addr| {
        let mut c = connect(addr);
        c.set_nodelay(true).unwrap();
        let mut times = Vec::new();
        let mut buf = [0u8; 5];
        for _ in 0..300 {
            let t = std::time::Instant::now();
            c.write_all(b"PING\r\n").unwrap();
            c.read_exact(&mut buf).unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        times[times.len() / 2]
    };
    let direct = median(upstream.addr);
    let proxied = median(proxy.local_addr);
    println!("PING round trip p50: direct {direct:?}, through the proxy {proxied:?}");
    assert!(
        proxied < direct + Duration::from_millis(20),
        "direct {direct:?}, proxied {proxied:?}"
    );
    let sessions = recordings(&proxy, rec.path());
    let rep = events(&sessions[0].1, "repeat");
    let n: u64 = rep
        .iter()
        .map(|r| r.info.as_ref().unwrap()["count"].as_u64().unwrap())
        .sum();
    assert_eq!(n, 300);
    proxy.shutdown();
}
