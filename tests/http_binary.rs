//! The shipped binaries end to end: `cloud-report-server` and `bos-client` as processes, a
//! relay over HTTP like dreport's PHP sends it, then SIGTERM → graceful exit 0.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::binary::{free_port, server_command, server_ini, IniExtra};
use common::http::*;
use common::AuthServer;

#[test]
fn server_and_bos_client_processes_relay_a_report() {
    let auth = AuthServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (tcp, http) = (free_port(), free_port());
    let ini = dir.path().join("eboCloudReportServer.ini");
    let extra = IniExtra {
        srv_common: "RelayTimeoutSec=10",
        http: "HTTP_Workers=4",
        ..IniExtra::default()
    };
    std::fs::write(&ini, server_ini(&auth.url(), tcp, http, "Logs", &extra)).unwrap();
    let mut server = server_command(&ini, &["serve"]).spawn().unwrap();
    let http_addr: std::net::SocketAddr = format!("127.0.0.1:{http}").parse().unwrap();
    common::binary::wait_listening(http_addr, Duration::from_secs(10));
    assert_eq!(get(http_addr, "/").json()["status"], "running");

    let mut client = Command::new(env!("CARGO_BIN_EXE_bos-client"))
        .args([
            "--server",
            &format!("127.0.0.1:{tcp}"),
            "--host",
            "SHOP1",
            "--object-id",
            "3769d93a",
            "--password",
            OBJECT_PASSWORD,
            "--mode",
            "demo",
            "--poll-ms",
            "20",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(client.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("CONNECTED id=3769d93a"), "{line}");

    let body = task(
        "3769d93a",
        &[("CurrentTurnover", "select 1 from rdb$database")],
    );
    let r = php_report(http_addr, "CurrentTurnover", "3769d93a", &body);
    assert_eq!(r.status, 200);
    assert_eq!(r.code(), 0, "{}", r.text());
    assert!(r.json()["CurrentTurnover"].is_array());
    let list = get(http_addr, "/server/clientlist/?u=user&p=pass$123").json();
    assert_eq!(list["Clients"][0]["Host"], "SHOP1");

    // SIGTERM: graceful stop, exit code 0.
    let status =
        common::terminate(&mut server, Duration::from_secs(15)).expect("server did not stop");
    assert!(status.success(), "{status:?}");
    let _ = client.kill();
    let _ = client.wait();
    let log: String = std::fs::read_dir(dir.path().join("Logs"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("cloud-report-server")
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(log.contains("HTTP API on 127.0.0.1:"), "{log}");
    assert!(
        log.contains("p=***"),
        "access log line with a masked password"
    );
    assert!(!log.contains("pass$123"), "password in the log");
}
