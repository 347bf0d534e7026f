//! The `cloud-report-server` binary: operator commands, start-up errors, logs, SIGTERM.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crs::client::{BosClient, ObjectData};

use common::binary::{free_port, server_command, server_ini, IniExtra, BIN};

fn ini(dir: &Path, tcp: u32, http: u16, log_folder: &str, extra: &str) -> std::path::PathBuf {
    let srv_common = format!("TraceLogEnabled=1\n{extra}");
    let extra = IniExtra {
        srv_common: &srv_common,
        ..IniExtra::default()
    };
    let text = server_ini("http://127.0.0.1:9/api.php", tcp, http, log_folder, &extra);
    let p = dir.join("test.ini");
    std::fs::write(&p, text).unwrap();
    p
}

/// Connects to the server just started on `tcp`, waiting up to 10 s for it to listen.
fn connect_when_up(tcp: u16) -> BosClient {
    let start = Instant::now();
    loop {
        match BosClient::connect(("127.0.0.1", tcp), Duration::from_secs(1)) {
            Ok(c) => return c,
            Err(_) if start.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => panic!("server did not start: {e}"),
        }
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("DB_HOST")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn regkey_encode_decode() {
    let (code, out, _) = run(&["regkey", "141298787"]);
    assert_eq!(code, 0);
    assert!(crs::crypto::regkey::key_is_valid("141298787", out.trim()));
    let (code, out, _) = run(&[
        "decode",
        "--key",
        "30DFbab7uNE-",
        "lPPuPlNlAjpgvBy6p35Syag92tQKXrP6M4SJY/CTsTvUonEg7e9wBb2rtXqL3W7oFjzq+T5N",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "ID=33987183\r\nEX=250713\r\nEN=-1\r\nCD=250414\r\nCT=120811\r\n"
    );
    let mut child = Command::new(BIN)
        .args(["encode", "--key", "30DFbab7uNE-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ID=33987183\r\nEX=250713\r\nEN=-1\r\nCD=250414\r\nCT=120811\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "lPPuPlNlAjpgvBy6p35Syag92tQKXrP6M4SJY/CTsTvUonEg7e9wBb2rtXqL3W7oFjzq+T5N"
    );
    let (code, _, err) = run(&["decode", "--key", "wrong", "lPPuPlNlAjpgvBy6p35Syag9"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot decode"), "{err}");
    let (code, out, _) = run(&["encode", "--key", "Ключ", "Здравей"]);
    assert_eq!(code, 0);
    let (code, back, _) = run(&["decode", "--key", "Ключ", out.trim()]);
    assert_eq!((code, back.as_str()), (0, "Здравей"));
}

#[test]
fn check_config_reports_invalid_values_and_hides_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let p = ini(dir.path(), 70000, 8080, "logs", "");
    let (code, _, err) = run(&["--config", p.to_str().unwrap(), "check-config"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("test.ini")
            && err.contains("SRV_1_TCP")
            && err.contains("TCP_PORT")
            && err.contains("70000"),
        "{err}"
    );
    let (code, _, err) = run(&["--config", p.to_str().unwrap(), "serve"]);
    assert_eq!(code, 2, "serve refuses to start: {err}");
    let p = ini(dir.path(), 8016, 8080, "logs", "Colour=blue");
    let (code, out, _) = run(&["--config", p.to_str().unwrap(), "check-config"]);
    assert_eq!(code, 0);
    assert!(out.contains("key VALID"), "{out}");
    assert!(out.contains("unknown key Colour"), "{out}");
    assert!(!out.contains("pass$123"), "{out}");
    let (code, _, err) = run(&["--config", "/nonexistent.ini", "check-config"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.ini"), "{err}");
}

#[test]
fn serve_logs_traces_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("updates")).unwrap();
    let tcp = free_port();
    let p = ini(dir.path(), tcp as u32, free_port(), "logs", "");
    // No subcommand: `serve` is the default.
    let mut child = server_command(&p, &[]).spawn().unwrap();
    let mut c = connect_when_up(tcp);
    c.init(2, b"TRACEHOST", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    // The auth server is unreachable: 510, but the line is traced with its key names.
    assert!(c.info(&ObjectData::default()).is_err());
    c.ping().unwrap();
    let status =
        common::terminate(&mut child, Duration::from_secs(10)).expect("no exit after SIGTERM");
    assert_eq!(status.code(), Some(0));
    assert!(c.request(b"PING").is_err(), "sessions closed at shutdown");
    let log = std::fs::read_to_string(dir.path().join("logs/cloud-report-server_rCURRENT.log"))
        .or_else(|_| std::fs::read_to_string(dir.path().join("logs/cloud-report-server.log")))
        .unwrap_or_else(|_| {
            panic!(
                "log file: {:?}",
                std::fs::read_dir(dir.path().join("logs"))
                    .unwrap()
                    .collect::<Vec<_>>()
            )
        });
    assert!(log.contains("started"), "{log}");
    assert!(log.contains("shutdown complete"), "{log}");
    let trace_file = std::fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("trace"))
        .expect("trace log file");
    let trace = std::fs::read_to_string(trace_file.path()).unwrap();
    assert!(trace.contains("> INIT ID=2"), "{trace}");
    assert!(trace.contains("< 200-KEY="), "{trace}");
    assert!(trace.contains("INFO DATA=<"), "DATA elided: {trace}");
    assert!(
        trace.contains("INFO keys:") && trace.contains("ID,ON,FN,FB,FA,DT"),
        "{trace}"
    );
    assert!(
        !trace.contains("Demo customer"),
        "never the values: {trace}"
    );
}

#[test]
fn unwritable_log_folder_does_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let tcp = free_port();
    let p = ini(
        dir.path(),
        tcp as u32,
        free_port(),
        "/proc/crs-cannot-write-here",
        "",
    );
    let child = server_command(&p, &["serve"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut c = connect_when_up(tcp);
    c.ping().unwrap();
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not writable"), "{err}");
}
