//! Test support: a real HTTP auth server, an in-process report server on ephemeral ports.
#![allow(dead_code)]

pub mod binary;
pub mod http;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crs::app::RunningServer;
use crs::client::{BosClient, ObjectData};
use crs::config::Config;
use crs::shutdown::Shutdown;

/// How the auth server behaves.
pub const AUTH_OK: usize = 0;
pub const AUTH_RESULT_3: usize = 1;
pub const AUTH_HTTP_400: usize = 2;
pub const AUTH_SLOW: usize = 3;

/// objectid → (name, expiredate, active)
pub type Objects = Arc<Mutex<BTreeMap<String, (String, String, String)>>>;

/// A small real HTTP server answering `/objectinfo` like dreport's api.php.
pub struct AuthServer {
    pub addr: SocketAddr,
    pub mode: Arc<AtomicUsize>,
    pub calls: Arc<AtomicU64>,
    /// objectid → (name, expiredate, active)
    pub objects: Objects,
    pub last_query: Arc<Mutex<String>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl AuthServer {
    pub fn start() -> AuthServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind auth"));
        let addr = server.server_addr().to_ip().expect("ip addr");
        let mode = Arc::new(AtomicUsize::new(AUTH_OK));
        let calls = Arc::new(AtomicU64::new(0));
        let objects: Objects = Default::default();
        objects.lock().unwrap().insert(
            "3769d93a".into(),
            ("Shop 1".into(), "2030-12-31".into(), "1".into()),
        );
        objects.lock().unwrap().insert(
            "0badf00d".into(),
            ("Old shop".into(), "2020-01-01".into(), "0".into()),
        );
        let last_query = Arc::new(Mutex::new(String::new()));
        let (s, m, c, o, lq) = (
            server.clone(),
            mode.clone(),
            calls.clone(),
            objects.clone(),
            last_query.clone(),
        );
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let (s2, m2, c2, o2, lq2) =
                    (s.clone(), m.clone(), c.clone(), o.clone(), lq.clone());
                let _ = s2;
                std::thread::spawn(move || {
                    c2.fetch_add(1, Ordering::SeqCst);
                    let url = req.url().to_string();
                    *lq2.lock().unwrap() = url.clone();
                    let q = query(&url);
                    let (status, body) = match m2.load(Ordering::SeqCst) {
                        AUTH_RESULT_3 => (200, r#"{"result":3,"message":"Error object not found"}"#.to_string()),
                        AUTH_HTTP_400 => (400, r#"{"result":400,"message":"Required field(s) eik is(are) missing or empty"}"#.to_string()),
                        AUTH_SLOW => {
                            std::thread::sleep(Duration::from_secs(12));
                            (200, r#"{"result":0}"#.to_string())
                        }
                        _ => {
                            let id = q.get("objectid").cloned().unwrap_or_default();
                            let mut objs = o2.lock().unwrap();
                            if !url.contains("/objectinfo") {
                                (200, r#"{"result":0,"message":"OK"}"#.to_string())
                            } else if id == "-1" {
                                let new_id = format!("{:08x}", rand::random::<u32>());
                                let name = q.get("objectname").cloned().unwrap_or_default();
                                objs.insert(new_id.clone(), (name.clone(), "2031-01-15".into(), "1".into()));
                                (200, serde_json::json!({"result":0,"message":"OK","objectid":new_id,"objectname":name,"expiredate":"2031-01-15","active":"1"}).to_string())
                            } else if let Some((name, exp, active)) = objs.get(&id) {
                                (201, serde_json::json!({"result":0,"message":"OK","objectid":id,"objectname":name,"expiredate":exp,"active":active}).to_string())
                            } else {
                                (200, r#"{"result":3,"message":"Error object not found"}"#.to_string())
                            }
                        }
                    };
                    let resp = tiny_http::Response::from_string(body)
                        .with_status_code(status)
                        .with_header(
                            tiny_http::Header::from_bytes("Content-Type", "application/json")
                                .unwrap(),
                        );
                    let _ = req.respond(resp);
                });
            }
        });
        AuthServer {
            addr,
            mode,
            calls,
            objects,
            last_query,
            server,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/dreport/api.php", self.addr)
    }

    pub fn set_mode(&self, m: usize) {
        self.mode.store(m, Ordering::SeqCst);
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn query(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').map(|x| x.1).unwrap_or("");
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), percent_decode(v)))
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// INFO data for object `id` (everything else default).
pub fn object(id: &str) -> ObjectData {
    ObjectData {
        object_id: id.into(),
        ..Default::default()
    }
}

/// The ini used by tests: one instance on free ports. Every test client comes from 127.0.0.1,
/// so the per-hour cap on new objects per address is lifted; the other bounds keep their
/// defaults (tests/hardening.rs checks them).
pub fn test_ini(rest_url: &str, update_folder: &Path) -> String {
    format!(
        "[COMMONSETTINGS]\nCommInterfaceCount=1\nMaxSessions=20000\nNewObjectsPerIPPerHour=100000\n\
         [REGISTRATION INFO]\nSERIAL NUMBER=141298787\nKEY=BszXj0gTaKILS6Ap56==\n\
         [SRV_1_COMMON]\nTraceLogEnabled=1\nUpdateFolder={}\nNoIdTimeoutSec=60\nIdleTimeoutSec=120\nRelayTimeoutSec=30\n\
         [SRV_1_HTTP]\nHTTP_IPInterface=127.0.0.1\nHTTP_Port=1\n\
         [SRV_1_TCP]\nTCP_IPInterface=127.0.0.1\nTCP_Port=1\n\
         [SRV_1_AUTHSERVER]\nREST_URL={rest_url}\n\
         [SRV_1_HTTPLOGINS]\nuser=pass$123\n",
        update_folder.display()
    )
}

/// A report server running in this process.
pub struct TestServer {
    pub server: Option<RunningServer>,
    pub addr: SocketAddr,
    /// The instance's HTTP API address.
    pub http: SocketAddr,
    pub auth: AuthServer,
    pub updates: tempfile::TempDir,
}

impl TestServer {
    pub fn start() -> TestServer {
        Self::start_with(|_| {})
    }

    pub fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        let auth = AuthServer::start();
        let updates = tempfile::tempdir().unwrap();
        let text = test_ini(&auth.url(), updates.path());
        let env: BTreeMap<String, String> = BTreeMap::new();
        let mut config =
            Config::from_text("test.ini", &text, Path::new("/tmp"), &env).expect("config");
        for i in &mut config.instances {
            i.tcp_port = 0;
            i.http_port = 0;
        }
        tweak(&mut config);
        let server = RunningServer::start(config, Shutdown::new()).expect("server starts");
        let addr = server.tcp_addrs[0];
        let http = server.http_addrs[0];
        TestServer {
            server: Some(server),
            addr,
            http,
            auth,
            updates,
        }
    }

    pub fn shared(&self) -> &Arc<crs::context::Shared> {
        &self.server.as_ref().unwrap().shared
    }

    pub fn connect(&self) -> BosClient {
        BosClient::connect(self.addr, Duration::from_secs(5)).expect("connect")
    }

    /// INIT + INFO as object `id`.
    pub fn identified(&self, id: &str, host: &str) -> BosClient {
        let mut c = self.connect();
        c.init(3, host.as_bytes(), "EBOCloudReportSvc.exe", "1.0.0.5")
            .expect("init");
        let info = c.info(&object(id)).expect("info");
        assert_eq!(info.object_id.len(), 8);
        c
    }

    /// Waits until exactly `n` connections are live.
    pub fn sessions_become(&self, n: usize, timeout: Duration) -> bool {
        eventually(timeout, || self.shared().registry.count() == n)
    }

    pub fn shutdown(&mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Sends SIGTERM to a server binary under test and waits up to `limit` for it to exit: its
/// exit status, or None when it is still running (the caller decides whether that fails).
pub fn terminate(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    // SAFETY: signalling our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every `.rs` file below `dir` (tests that read the sources).
pub fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Polls `f` until it is true or `timeout` passes.
pub fn eventually(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    f()
}
