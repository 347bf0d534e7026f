//! Bench support: an instant auth server, a release server process, RSS readings.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crs::metrics::percentile;
pub use crs::server::raise_fd_limit;

/// An auth server that answers `/objectinfo` at once: result 0 for any object.
pub struct InstantAuth {
    pub url: String,
    server: Arc<tiny_http::Server>,
}

impl InstantAuth {
    pub fn start(workers: usize) -> InstantAuth {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let addr = server.server_addr().to_ip().expect("ip");
        for _ in 0..workers {
            let s = server.clone();
            std::thread::spawn(move || {
                while let Ok(req) = s.recv() {
                    let url = req.url().to_string();
                    let id = url
                        .split(['?', '&'])
                        .find_map(|kv| kv.strip_prefix("objectid="))
                        .unwrap_or("-1")
                        .to_string();
                    let id = if id == "-1" {
                        format!("{:08x}", rand::random::<u32>())
                    } else {
                        id
                    };
                    let body = format!(
                        r#"{{"result":0,"message":"OK","objectid":"{id}","objectname":"Bench","expiredate":"2031-01-01","active":"1"}}"#
                    );
                    let _ = req.respond(tiny_http::Response::from_string(body));
                }
            });
        }
        InstantAuth {
            url: format!("http://{addr}/dreport/api.php"),
            server,
        }
    }
}

impl Drop for InstantAuth {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// The release server binary, started with its own ini in a temp dir.
pub struct ServerProcess {
    pub child: Child,
    pub tcp: SocketAddr,
    pub http: SocketAddr,
    pub dir: PathBuf,
}

pub fn release_binary(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let p = root.join("target/release").join(name);
    if !p.exists() {
        let ok = Command::new("cargo")
            .args(["build", "--release", "--bins"])
            .current_dir(&root)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "cargo build --release failed");
    }
    p
}

impl ServerProcess {
    pub fn start(rest_url: &str, extra_common: &str) -> ServerProcess {
        let dir = std::env::temp_dir().join(format!(
            "crs-bench-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(dir.join("updates")).unwrap();
        let tcp_port = free_port();
        let http_port = free_port();
        let ini = format!(
            "[COMMONSETTINGS]\nCommInterfaceCount=1\nLogFolder=logs\nLogLevel=warn\nMaxSessions=20000\nMaxSessionsPerIP=20000\nMaxUnidentifiedPerIP=20000\nNewObjectsPerIPPerHour=1000000\n\
             [REGISTRATION INFO]\nSERIAL NUMBER=141298787\nKEY=BszXj0gTaKILS6Ap56==\n\
             [SRV_1_COMMON]\nTraceLogEnabled=0\nUpdateFolder=updates\nNoIdTimeoutSec=600\nIdleTimeoutSec=3600\n{extra_common}\n\
             [SRV_1_HTTP]\nHTTP_IPInterface=127.0.0.1\nHTTP_Port={http_port}\nHTTP_Workers=16\n\
             [SRV_1_TCP]\nTCP_IPInterface=127.0.0.1\nTCP_Port={tcp_port}\n\
             [SRV_1_AUTHSERVER]\nREST_URL={rest_url}\n[SRV_1_HTTPLOGINS]\nuser=pass$123\n"
        );
        std::fs::write(dir.join("bench.ini"), ini).unwrap();
        let child = Command::new(release_binary("cloud-report-server"))
            .arg("--config")
            .arg(dir.join("bench.ini"))
            .arg("serve")
            .env_remove("DB_HOST")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let tcp: SocketAddr = format!("127.0.0.1:{tcp_port}").parse().unwrap();
        let start = Instant::now();
        while TcpStream::connect(tcp).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        ServerProcess {
            child,
            tcp,
            http: format!("127.0.0.1:{http_port}").parse().unwrap(),
            dir,
        }
    }

    pub fn rss_kib(&self) -> u64 {
        rss_kib(self.child.id())
    }

    pub fn threads(&self) -> u64 {
        status_field(self.child.id(), "Threads:")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn status_field(pid: u32, field: &str) -> u64 {
    let f = std::fs::File::open(format!("/proc/{pid}/status")).expect("proc status");
    BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

pub fn rss_kib(pid: u32) -> u64 {
    status_field(pid, "VmRSS:")
}
