//! `eboCloudReportServer.ini` (the original server's file) plus this port's own keys and
//! environment overrides.
//!
//! * [`ini`]: the reader (Delphi `TIniFile` semantics, UTF-8 or Windows-1251).
//! * [`keys`]: every key once (section, default, check, environment override, doc line);
//!   parsing, validation, unknown-key warnings and the `check-config` display come from it.
//! * [`display`]: `check-config`'s text.
//! * This file: the typed configuration the rest of the server reads.

mod display;
pub mod ini;
pub mod keys;

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::crypto::regkey;
use ini::{decode_file, Ini};
use keys::{Effective, Reader};

/// Default location, relative to the working directory.
pub const DEFAULT_PATH: &str = "etc/eboCloudReportServer.ini";

/// Why the configuration cannot be used. Start-up stops with this message.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: cannot parse: {reason}")]
    Parse { file: String, reason: String },
    #[error("{file}: [{section}] {key}={value}: {reason}")]
    Invalid {
        file: String,
        section: String,
        key: String,
        value: String,
        reason: String,
    },
    #[error("{file}: section [{section}] is missing (needed for instance {instance} of CommInterfaceCount)")]
    MissingSection {
        file: String,
        section: String,
        instance: usize,
    },
}

/// The whole effective configuration after the ini and the environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub log_folder: PathBuf,
    pub log_level: String,
    pub max_sessions: usize,
    /// Bounds per client address and session (issue 14; docs/deployment.md, Operations).
    pub limits: Limits,
    pub registration: Registration,
    pub database: DatabaseConfig,
    pub housekeeping: HousekeepingConfig,
    pub instances: Vec<InstanceConfig>,
    /// Unknown keys and other non-fatal findings, logged at start-up.
    pub warnings: Vec<String>,
    /// Every key's effective value and its source, for `check-config`.
    pub effective: Vec<Effective>,
}

/// `[COMMONSETTINGS]` bounds against hostile or broken clients (see [`keys`] for each key's
/// default and meaning). Defaults leave room for many shops behind one NAT address.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub sessions_per_ip: usize,
    pub unidentified_per_ip: usize,
    pub new_objects_per_ip_hour: usize,
    pub errl_per_minute: u32,
    pub duplicate_drops_both: bool,
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub serial: String,
    pub key: String,
}

impl Registration {
    /// The original refused to start on a bad key; we start and warn loudly.
    pub fn key_valid(&self) -> bool {
        !self.serial.is_empty() && regkey::key_is_valid(&self.serial, &self.key)
    }
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// False when neither `[DATABASE] Host` nor `DB_HOST` is set: the server then runs without
    /// a database (events go to the log only).
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub name: String,
    pub pool_size: usize,
    pub spool_folder: PathBuf,
    pub spool_max_bytes: u64,
}

#[derive(Debug, Clone)]
pub struct HousekeepingConfig {
    pub health_check: Duration,
    pub cleanup_days: u32,
    pub history_retention_days: u32,
}

/// One `SRV_n_*` server instance: a TCP listener for clients and an HTTP listener.
#[derive(Debug, Clone)]
pub struct InstanceConfig {
    pub number: usize,
    pub trace_log: bool,
    pub trace_data: bool,
    pub update_folder: PathBuf,
    pub no_id_timeout: Duration,
    pub idle_timeout: Duration,
    pub relay_timeout: Duration,
    pub http_ip: IpAddr,
    pub http_port: u16,
    pub http_workers: usize,
    pub http_max_body: usize,
    /// `HTTP_RequestTimeoutSec` (this port's key, default 30): how long an HTTP client may take
    /// to send its request (headers and body) or to take the response; a stalled client then
    /// loses its connection instead of holding an HTTP worker.
    pub http_request_timeout: Duration,
    /// `HTTP_HeaderTimeoutSec` (10): total time from a request's first byte to its last header
    /// line; the body gets `http_request_timeout` in total (slowloris bounds).
    pub http_header_timeout: Duration,
    /// `HTTP_MaxConnections` (512): HTTP connections read at once; one more is answered 503.
    pub http_max_connections: usize,
    /// `HTTP_RelayThreads` (256): relays waiting for their shop at once, each on a thread of
    /// its own so waiting never holds an HTTP worker; one more is answered 503.
    pub http_relay_threads: usize,
    /// `HTTP_LoginFailures` (10) wrong logins per client address, refilled at
    /// `HTTP_LoginFailuresPerMin` (10); past that the address gets 429 until one refills.
    pub http_login_failures: u32,
    pub http_login_failures_per_min: u32,
    pub tcp_ip: IpAddr,
    pub tcp_port: u16,
    /// `TCP_Backlog`: the listen queue (std fixes 128; a reconnect storm needs thousands).
    pub tcp_backlog: u32,
    pub rest_url: String,
    pub logins: Vec<(String, String)>,
}

impl InstanceConfig {
    /// Whether `user`/`password` is one of `[SRV_n_HTTPLOGINS]`, compared in constant time so
    /// the answer time does not leak how much of a password matched.
    pub fn login_ok(&self, user: &str, password: &str) -> bool {
        let mut ok = false;
        for (u, p) in &self.logins {
            let hit = constant_time_eq(u.as_bytes(), user.as_bytes())
                & constant_time_eq(p.as_bytes(), password.as_bytes());
            ok |= hit;
        }
        ok
    }
}

/// Compares without an early exit on the first differing byte.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u8 | ((a.len() ^ b.len()) >> 8) as u8;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0xFF);
        diff |= x ^ y;
    }
    diff == 0 && a.len() == b.len()
}

/// Where to read environment overrides from; tests pass a map instead of the process env.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

impl Env for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }
}

impl Config {
    /// Reads and validates `path`, then applies the process environment.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Self::load_with_env(path, &ProcessEnv)
    }

    pub fn load_with_env(path: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
            file: file.clone(),
            source,
        })?;
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::from_text(&file, &decode_file(&bytes), &base, env).map(|mut c| {
            c.path = path.to_path_buf();
            c
        })
    }

    /// Parses ini text; relative folders resolve against `base` (the ini's folder).
    pub fn from_text(
        file: &str,
        text: &str,
        base: &Path,
        env: &dyn Env,
    ) -> Result<Config, ConfigError> {
        let ini = Ini::parse(file, text)?;
        let resolve = |p: String| -> PathBuf {
            let p = PathBuf::from(p.replace('\\', "/"));
            if p.is_absolute() {
                p
            } else {
                base.join(p)
            }
        };
        let mut r = Reader::new(&ini, env, None);
        let count: usize = r.count(&keys::COMM_INTERFACE_COUNT)?;
        let log_folder = resolve(r.text(&keys::LOG_FOLDER));
        let log_level = r.text(&keys::LOG_LEVEL);
        let max_sessions = r.count(&keys::MAX_SESSIONS)?;
        let limits = Limits {
            sessions_per_ip: r.count(&keys::MAX_SESSIONS_PER_IP)?,
            unidentified_per_ip: r.count(&keys::MAX_UNIDENTIFIED_PER_IP)?,
            new_objects_per_ip_hour: r.count(&keys::NEW_OBJECTS_PER_IP_PER_HOUR)?,
            errl_per_minute: r.count(&keys::ERRL_PER_MINUTE)?,
            duplicate_drops_both: r.flag(&keys::DUPLICATE_DROPS_BOTH)?,
        };
        let registration = Registration {
            serial: r.text(&keys::SERIAL_NUMBER),
            key: r.text(&keys::REG_KEY),
        };
        let host = r.text(&keys::DB_HOST);
        let database = DatabaseConfig {
            enabled: !host.is_empty(),
            host,
            port: r.port(&keys::DB_PORT)?,
            user: r.text(&keys::DB_USER),
            password: r.text(&keys::DB_PASSWORD),
            name: r.text(&keys::DB_NAME),
            pool_size: r.count(&keys::DB_POOL_SIZE)?,
            spool_folder: resolve(r.text(&keys::SPOOL_FOLDER)),
            spool_max_bytes: r.count(&keys::SPOOL_MAX_BYTES)?,
        };
        let housekeeping = HousekeepingConfig {
            health_check: r.secs(&keys::HEALTH_CHECK_SEC)?,
            cleanup_days: r.count(&keys::CLEANUP_DAYS)?,
            history_retention_days: r.count(&keys::HISTORY_RETENTION_DAYS)?,
        };
        let mut effective = r.effective;

        let mut instances = Vec::with_capacity(count);
        for n in 1..=count {
            let mut r = Reader::new(&ini, env, Some(n));
            instances.push(Self::instance(&mut r, n, &resolve)?);
            effective.extend(r.effective);
        }

        Ok(Config {
            path: PathBuf::from(file),
            log_folder,
            log_level,
            max_sessions,
            limits,
            registration,
            database,
            housekeeping,
            instances,
            warnings: unknown_keys(&ini),
            effective,
        })
    }

    fn instance(
        r: &mut Reader,
        n: usize,
        resolve: &dyn Fn(String) -> PathBuf,
    ) -> Result<InstanceConfig, ConfigError> {
        for kind in ["COMMON", "HTTP", "TCP"] {
            let section = format!("SRV_{n}_{kind}");
            if !r.ini.has_section(&section) {
                return Err(ConfigError::MissingSection {
                    file: r.ini.file.clone(),
                    section,
                    instance: n,
                });
            }
        }
        Ok(InstanceConfig {
            number: n,
            trace_log: r.flag(&keys::TRACE_LOG_ENABLED)?,
            trace_data: r.flag(&keys::TRACE_LOG_DATA)?,
            update_folder: resolve(r.text(&keys::UPDATE_FOLDER)),
            no_id_timeout: r.secs(&keys::NO_ID_TIMEOUT_SEC)?,
            idle_timeout: r.secs(&keys::IDLE_TIMEOUT_SEC)?,
            relay_timeout: r.secs(&keys::RELAY_TIMEOUT_SEC)?,
            http_ip: r.ip(&keys::HTTP_IP_INTERFACE)?,
            http_port: r.port(&keys::HTTP_PORT)?,
            http_workers: r.count(&keys::HTTP_WORKERS)?,
            http_max_body: r.count(&keys::HTTP_MAX_BODY_BYTES)?,
            http_request_timeout: r.secs(&keys::HTTP_REQUEST_TIMEOUT_SEC)?,
            http_header_timeout: r.secs(&keys::HTTP_HEADER_TIMEOUT_SEC)?,
            http_max_connections: r.count(&keys::HTTP_MAX_CONNECTIONS)?,
            http_relay_threads: r.count(&keys::HTTP_RELAY_THREADS)?,
            http_login_failures: r.count(&keys::HTTP_LOGIN_FAILURES)?,
            http_login_failures_per_min: r.count(&keys::HTTP_LOGIN_FAILURES_PER_MIN)?,
            tcp_ip: r.ip(&keys::TCP_IP_INTERFACE)?,
            tcp_port: r.port(&keys::TCP_PORT)?,
            tcp_backlog: r.count(&keys::TCP_BACKLOG)?,
            rest_url: r.text(&keys::REST_URL).trim_end_matches('/').to_string(),
            logins: logins(r, n)?,
        })
    }
}

/// `[SRV_n_HTTPLOGINS]` (one `user=password` line each), plus `CRS_HTTP_LOGIN=user:password`
/// for instance 1.
fn logins(r: &Reader, n: usize) -> Result<Vec<(String, String)>, ConfigError> {
    let mut logins: Vec<(String, String)> = r
        .ini
        .sections
        .get(&format!("SRV_{n}_HTTPLOGINS"))
        .map(|m| m.values().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    if n == 1 {
        if let Some(login) = r.env.var("CRS_HTTP_LOGIN") {
            match login.split_once(':') {
                Some((u, p)) if !u.is_empty() => logins.push((u.to_string(), p.to_string())),
                _ => {
                    return Err(ConfigError::Invalid {
                        file: "environment".into(),
                        section: "CRS_HTTP_LOGIN".into(),
                        key: "CRS_HTTP_LOGIN".into(),
                        value: "(hidden)".into(),
                        reason: "expected user:password".into(),
                    })
                }
            }
        }
    }
    Ok(logins)
}

/// A warning for every section and key the table does not know (the logins sections are
/// free-form).
fn unknown_keys(ini: &Ini) -> Vec<String> {
    let mut warnings = Vec::new();
    for (section, keys) in &ini.sections {
        let is_logins = section.starts_with("SRV_") && section.ends_with("_HTTPLOGINS");
        if is_logins || (section.is_empty() && keys.is_empty()) {
            continue;
        }
        if keys::known(section, "").is_none() {
            warnings.push(format!("{}: unknown section [{section}] ignored", ini.file));
            continue;
        }
        for (upper, (orig, _)) in keys {
            if keys::known(section, upper) != Some(true) {
                warnings.push(format!(
                    "{}: [{section}] unknown key {orig} ignored",
                    ini.file
                ));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::cp1251;

    const SPEC_EXAMPLE: &str = "[COMMONSETTINGS]\r\nCommInterfaceCount=1        ; number of server instances\r\n[REGISTRATION INFO]\r\nSERIAL NUMBER=141298787     ; licence serial\r\nKEY=BszXj0gTaKILS6Ap56==\r\n[SRV_1_COMMON]\r\nTraceLogEnabled=1\r\nUpdateFolder=Updates\r\n[SRV_1_HTTP]\r\nHTTP_IPInterface=0.0.0.0\r\nHTTP_Port=8080\r\n[SRV_1_TCP]\r\nTCP_IPInterface=0.0.0.0\r\nTCP_Port=8016\r\n[SRV_1_AUTHSERVER]\r\nREST_URL=http://web:8015/dreport/api.php\r\n[SRV_1_HTTPLOGINS]\r\nuser=pass$123               ; one line per account\r\n";

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn parse(text: &str, e: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_text("test.ini", text, Path::new("/srv/crs"), &env(e))
    }

    #[test]
    fn spec_example() {
        let c = parse(SPEC_EXAMPLE, &[]).unwrap();
        assert!(c.registration.key_valid());
        assert_eq!(c.instances.len(), 1);
        let i = &c.instances[0];
        assert_eq!(i.tcp_port, 8016);
        assert_eq!(i.tcp_backlog, 4096);
        assert_eq!(c.limits.sessions_per_ip, 1000);
        assert_eq!(c.limits.unidentified_per_ip, 256);
        assert_eq!(c.limits.new_objects_per_ip_hour, 30);
        assert_eq!(c.limits.errl_per_minute, 60);
        assert!(c.limits.duplicate_drops_both);
        assert_eq!(i.http_port, 8080);
        assert!(i.trace_log);
        assert_eq!(i.update_folder, PathBuf::from("/srv/crs/Updates"));
        assert_eq!(i.rest_url, "http://web:8015/dreport/api.php");
        assert!(i.login_ok("user", "pass$123"));
        assert!(!i.login_ok("user", "pass$12"));
        assert!(!i.login_ok("User", "pass$123"));
        assert_eq!(i.no_id_timeout, Duration::from_secs(60));
        assert_eq!(i.idle_timeout, Duration::from_secs(120));
        assert!(!c.database.enabled);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn environment_overrides() {
        let c = parse(
            SPEC_EXAMPLE,
            &[
                ("DB_HOST", "db"),
                ("DB_PORT", "3307"),
                ("DB_PASSWORD", "s3cret"),
                ("AUTH_SERVER_URL", "http://auth/api.php/"),
                ("CRS_TCP_PORT", "9016"),
                ("CRS_HTTP_LOGIN", "mon:itor"),
            ],
        )
        .unwrap();
        assert!(c.database.enabled);
        assert_eq!(c.database.host, "db");
        assert_eq!(c.database.port, 3307);
        assert_eq!(c.instances[0].rest_url, "http://auth/api.php");
        assert_eq!(c.instances[0].tcp_port, 9016);
        assert!(c.instances[0].login_ok("mon", "itor"));
        let shown = c.to_string();
        assert!(!shown.contains("s3cret"));
        assert!(!shown.contains("itor"));
        assert!(!shown.contains("pass$123"));
    }

    #[test]
    fn two_instances() {
        let text = format!(
            "{SPEC_EXAMPLE}[SRV_2_COMMON]\n[SRV_2_HTTP]\nHTTP_Port=8081\n[SRV_2_TCP]\nTCP_Port=8017\n"
        )
        .replace("CommInterfaceCount=1", "CommInterfaceCount=2");
        let c = parse(
            &text,
            &[
                ("CRS_TCP_PORT", "9000"),
                ("AUTH_SERVER_URL", "http://a/api.php"),
            ],
        )
        .unwrap();
        assert_eq!(c.instances.len(), 2);
        assert_eq!(c.instances[1].rest_url, "http://a/api.php");
        assert_eq!(c.instances[0].tcp_port, 9000);
        assert_eq!(c.instances[1].tcp_port, 8017);
        assert_eq!(c.instances[1].http_port, 8081);
    }

    #[test]
    fn missing_instance_section_names_it() {
        let text = SPEC_EXAMPLE.replace("CommInterfaceCount=1", "CommInterfaceCount=2");
        let e = parse(&text, &[]).unwrap_err().to_string();
        assert!(e.contains("SRV_2_COMMON") && e.contains("test.ini"), "{e}");
    }

    #[test]
    fn invalid_values_name_file_section_key_value() {
        for (from, to, key) in [
            ("TCP_Port=8016", "TCP_Port=70000", "TCP_PORT"),
            ("TCP_Port=8016", "TCP_Port=abc", "TCP_PORT"),
            ("HTTP_Port=8080", "HTTP_Port=0", "HTTP_PORT"),
            (
                "HTTP_IPInterface=0.0.0.0",
                "HTTP_IPInterface=1.2.3",
                "HTTP_IPINTERFACE",
            ),
            (
                "TraceLogEnabled=1",
                "TraceLogEnabled=maybe",
                "TRACELOGENABLED",
            ),
            (
                "CommInterfaceCount=1 ",
                "CommInterfaceCount=x ",
                "COMMINTERFACECOUNT",
            ),
        ] {
            let text = SPEC_EXAMPLE.replace(from, to);
            let e = parse(&text, &[]).unwrap_err().to_string();
            let value = to.split_once('=').unwrap().1.trim();
            assert!(
                e.contains("test.ini") && e.contains(key) && e.contains(value),
                "{e}"
            );
        }
        let e = parse(SPEC_EXAMPLE, &[("DB_PORT", "99999")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("DB_PORT") && e.contains("99999"), "{e}");
    }

    #[test]
    fn unknown_keys_warn() {
        let text = SPEC_EXAMPLE.replace("[SRV_1_TCP]", "[SRV_1_TCP]\nTCP_Colour=blue");
        let c = parse(&format!("{text}[WHATEVER]\na=b\n"), &[]).unwrap();
        assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
        assert!(c.warnings[0].contains("TCP_Colour") || c.warnings[1].contains("TCP_Colour"));
    }

    #[test]
    fn cp1251_file_and_case_insensitivity() {
        let mut bytes =
            b"[commonsettings]\r\ncomminterfacecount=1\r\n[srv_1_common]\r\nupdatefolder=".to_vec();
        bytes.extend_from_slice(&cp1251::from_utf8("Обновления"));
        bytes.extend_from_slice(b"\r\n[srv_1_http]\r\n[srv_1_tcp]\r\ntcp_port=1234\r\n");
        let dir = std::env::temp_dir().join(format!("crs-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.ini");
        std::fs::write(&path, &bytes).unwrap();
        let c = Config::load_with_env(&path, &env(&[])).unwrap();
        assert_eq!(c.instances[0].tcp_port, 1234);
        assert!(c.instances[0].update_folder.ends_with("Обновления"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The table is the only list: every key parses, is known to the warning check, and is
    /// shown by check-config with its source; secrets never are.
    #[test]
    fn one_table_for_parsing_warnings_and_display() {
        let c = parse(SPEC_EXAMPLE, &[("DB_PASSWORD", "s3cret")]).unwrap();
        let shown = c.to_string();
        for k in keys::ALL {
            assert!(shown.contains(k.name), "{} missing from\n{shown}", k.name);
            let section = match k.section {
                keys::Section::Global(s) => s.to_string(),
                keys::Section::Instance(kind) => format!("SRV_1_{kind}"),
            };
            assert_eq!(
                keys::known(&section, &k.name.to_ascii_uppercase()),
                Some(true),
                "{}",
                k.name
            );
        }
        assert!(
            shown.contains("(DB_PASSWORD)") && !shown.contains("s3cret"),
            "{shown}"
        );
        assert!(!shown.contains("BszXj0gTaKILS6Ap56"), "{shown}");
        assert!(
            shown.contains("(ini)") && shown.contains("(default)"),
            "{shown}"
        );
    }

    #[test]
    fn shipped_ini_has_no_unknown_keys() {
        let text = decode_file(include_bytes!("../../etc/eboCloudReportServer.ini"));
        let c = parse(&text, &[]).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }
}
