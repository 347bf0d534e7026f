//! The server binary under test: free ports, its ini in the original's layout, and the command
//! that starts it with every environment override removed (a developer's `DB_HOST` or `CRS_*`
//! must not reach a test).

use std::fmt::Display;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_cloud-report-server");

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Lines a test adds to a section of [`server_ini`].
#[derive(Default)]
pub struct IniExtra<'a> {
    pub commonsettings: &'a str,
    pub srv_common: &'a str,
    pub http: &'a str,
    pub tcp: &'a str,
}

/// One instance on 127.0.0.1 (`tcp` is `Display` so a test can write an invalid port), logs in
/// `log_folder`, updates in `updates`, the licence of the test vectors, login `user`/`pass$123`.
pub fn server_ini(
    rest_url: &str,
    tcp: impl Display,
    http: u16,
    log_folder: &str,
    extra: &IniExtra,
) -> String {
    format!(
        "[COMMONSETTINGS]\nCommInterfaceCount=1\nLogFolder={log_folder}\n{}\n\
         [REGISTRATION INFO]\nSERIAL NUMBER=141298787\nKEY=BszXj0gTaKILS6Ap56==\n\
         [SRV_1_COMMON]\nUpdateFolder=updates\n{}\n\
         [SRV_1_HTTP]\nHTTP_IPInterface=127.0.0.1\nHTTP_Port={http}\n{}\n\
         [SRV_1_TCP]\nTCP_IPInterface=127.0.0.1\nTCP_Port={tcp}\n{}\n\
         [SRV_1_AUTHSERVER]\nREST_URL={rest_url}\n[SRV_1_HTTPLOGINS]\nuser=pass$123\n",
        extra.commonsettings, extra.srv_common, extra.http, extra.tcp
    )
}

/// `cloud-report-server --config <ini> <args>` with the environment overrides removed and
/// its output discarded (a test that reads it sets its own `Stdio`).
pub fn server_command(ini: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--config")
        .arg(ini)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for var in [
        "RUST_LOG",
        "DB_HOST",
        "DB_PORT",
        "DB_USER",
        "DB_PASSWORD",
        "DB_NAME",
        "AUTH_SERVER_URL",
        "CRS_TCP_PORT",
        "CRS_HTTP_IP",
        "CRS_HTTP_PORT",
        "CRS_LOG_FOLDER",
        "CRS_UPDATE_FOLDER",
        "CRS_SPOOL_FOLDER",
        "CRS_LOG_LEVEL",
        "CRS_HTTP_LOGIN",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Waits up to `limit` for a server to accept connections on `addr`; fails the test after.
pub fn wait_listening(addr: SocketAddr, limit: Duration) {
    assert!(
        super::eventually(limit, || TcpStream::connect(addr).is_ok()),
        "server did not start listening on {addr} within {limit:?}"
    );
}
