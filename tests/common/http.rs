//! HTTP test support: a raw HTTP/1.1 client (so tests can send what PHP sends, GET with a
//! body, odd paths, broken requests) and simulated BosTcpClients serving relays.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use base64::Engine;
use crs::client::{self, ClientOptions, Mode, ObjectData};

use super::TestServer;

pub const USER: &str = "user";
pub const PASS: &str = "pass$123";
/// The object password the simulated clients check (`Pass` = its MD5).
pub const OBJECT_PASSWORD: &str = "secret";

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The ResultCode of a JSON answer.
    pub fn code(&self) -> i64 {
        self.json()["ResultCode"].as_i64().expect("ResultCode")
    }

    pub fn message(&self) -> String {
        self.json()["ResultMessage"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Parses a whole HTTP/1.1 response (the connection was closed after it).
pub fn parse_response(raw: &[u8]) -> HttpResponse {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if let Some(len) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    HttpResponse {
        status,
        headers,
        body,
    }
}

/// Writes `request` as is and reads until the server closes the connection.
pub fn send_raw(addr: SocketAddr, request: &[u8]) -> HttpResponse {
    let mut s = TcpStream::connect(addr).expect("connect HTTP");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request).expect("write request");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw)
}

/// One request with `Connection: close`; `body` is sent for any method (GET too).
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> HttpResponse {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    if let Some(b) = body {
        bytes.extend_from_slice(b);
    }
    send_raw(addr, &bytes)
}

pub fn get(addr: SocketAddr, target: &str) -> HttpResponse {
    request(addr, "GET", target, &[], None)
}

/// `Authorization: Basic ...` for `user:pass`.
pub fn basic(user: &str, pass: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

/// What dreport's PHP does: `GET` with the task as body and `Content-type: text/xml`.
pub fn php_report(addr: SocketAddr, report: &str, id: &str, task: &str) -> HttpResponse {
    request(
        addr,
        "GET",
        &format!("/report/{report}/?id={id}&u={USER}&p={PASS}"),
        &[("Content-type", "text/xml")],
        Some(task.as_bytes()),
    )
}

/// A task JSON as the web site builds it.
pub fn task(id: &str, datasets: &[(&str, &str)]) -> String {
    let mut m = serde_json::Map::new();
    m.insert("Id".into(), id.into());
    m.insert("Pass".into(), client::md5_hex(OBJECT_PASSWORD).into());
    for (name, sql) in datasets {
        m.insert(
            name.to_string(),
            serde_json::json!({"Type": "Query", "SQL": sql}),
        );
    }
    serde_json::Value::Object(m).to_string()
}

/// A simulated BosTcpClient serving tasks on its own thread until dropped.
pub struct SimClient {
    pub object_id: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SimClient {
    pub fn start(t: &TestServer, object_id: &str, mode: Mode) -> SimClient {
        Self::start_with(t, object_id, mode, |_| {})
    }

    pub fn start_with(
        t: &TestServer,
        object_id: &str,
        mode: Mode,
        tweak: impl FnOnce(&mut ClientOptions),
    ) -> SimClient {
        t.auth.objects.lock().unwrap().insert(
            object_id.to_string(),
            ("Shop".into(), "2030-12-31".into(), "1".into()),
        );
        let mut opts = ClientOptions {
            server: t.addr.to_string(),
            host: format!("HOST-{object_id}"),
            object: ObjectData {
                object_id: object_id.into(),
                ..Default::default()
            },
            password: Some(OBJECT_PASSWORD.into()),
            mode,
            poll_every: Duration::from_millis(5),
            ..Default::default()
        };
        tweak(&mut opts);
        let (mut c, info) = client::connect(&opts).expect("simulated client connects");
        assert_eq!(info.object_id, object_id);
        let stop = Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            let _ = client::serve(&mut c, &opts, &s);
        });
        SimClient {
            object_id: object_id.into(),
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for SimClient {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
