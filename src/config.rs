//! `eboCloudReportServer.ini` (protocol.md §6) plus this port's own keys and environment
//! overrides.
//!
//! The file format is Delphi `TIniFile`: sections and keys are case-insensitive, values are raw
//! (no escapes, no quotes: `pass$123` and `C:\Updates` stay as written). The file may be UTF-8
//! (with or without BOM) or Windows-1251 as written by the old Windows server. A `;` preceded by
//! white space starts a trailing comment, as in the spec's example.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::crypto::{cp1251, regkey};

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
    pub registration: Registration,
    pub database: DatabaseConfig,
    pub housekeeping: HousekeepingConfig,
    pub instances: Vec<InstanceConfig>,
    /// Unknown keys and other non-fatal findings, logged at start-up.
    pub warnings: Vec<String>,
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

/// Section names (upper case) and the keys (upper case) each one knows.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "COMMONSETTINGS",
        &["COMMINTERFACECOUNT", "LOGFOLDER", "LOGLEVEL", "MAXSESSIONS"],
    ),
    ("REGISTRATION INFO", &["SERIAL NUMBER", "KEY"]),
    (
        "DATABASE",
        &[
            "HOST",
            "PORT",
            "USER",
            "PASSWORD",
            "NAME",
            "POOLSIZE",
            "SPOOLFOLDER",
            "SPOOLMAXBYTES",
        ],
    ),
    (
        "HOUSEKEEPING",
        &["HEALTHCHECKSEC", "CLEANUPDAYS", "HISTORYRETENTIONDAYS"],
    ),
];

const INSTANCE_KNOWN: &[(&str, &[&str])] = &[
    (
        "COMMON",
        &[
            "TRACELOGENABLED",
            "TRACELOGDATA",
            "UPDATEFOLDER",
            "NOIDTIMEOUTSEC",
            "IDLETIMEOUTSEC",
            "RELAYTIMEOUTSEC",
        ],
    ),
    (
        "HTTP",
        &[
            "HTTP_IPINTERFACE",
            "HTTP_PORT",
            "HTTP_WORKERS",
            "HTTP_MAXBODYBYTES",
            "HTTP_REQUESTTIMEOUTSEC",
            "HTTP_HEADERTIMEOUTSEC",
            "HTTP_MAXCONNECTIONS",
            "HTTP_RELAYTHREADS",
            "HTTP_LOGINFAILURES",
            "HTTP_LOGINFAILURESPERMIN",
        ],
    ),
    ("TCP", &["TCP_IPINTERFACE", "TCP_PORT"]),
    ("AUTHSERVER", &["REST_URL"]),
];

/// The parsed file: upper-cased section → upper-cased key → (key as written, value).
struct Ini {
    file: String,
    sections: BTreeMap<String, BTreeMap<String, (String, String)>>,
}

impl Ini {
    fn parse(file: &str, text: &str) -> Result<Ini, ConfigError> {
        let opt = ini::ParseOption {
            enabled_quote: false,
            enabled_escape: false,
            ..Default::default()
        };
        let parsed = ini::Ini::load_from_str_opt(text, opt).map_err(|e| ConfigError::Parse {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
        let mut sections: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
        for (name, props) in parsed.iter() {
            let name = name.unwrap_or("").trim().to_uppercase();
            let entry = sections.entry(name).or_default();
            for (k, v) in props.iter() {
                entry.insert(
                    k.trim().to_uppercase(),
                    (k.trim().to_string(), strip_comment(v).to_string()),
                );
            }
        }
        Ok(Ini {
            file: file.to_string(),
            sections,
        })
    }

    fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections
            .get(section)
            .and_then(|s| s.get(key))
            .map(|(_, v)| v.as_str())
    }

    fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    fn invalid(&self, section: &str, key: &str, value: &str, reason: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.clone(),
            section: section.to_string(),
            key: key.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    fn number<T: std::str::FromStr>(
        &self,
        section: &str,
        key: &str,
        default: T,
        check: impl Fn(&T) -> bool,
        what: &str,
    ) -> Result<T, ConfigError> {
        match self.get(section, key) {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<T>() {
                Ok(n) if check(&n) => Ok(n),
                Ok(_) => Err(self.invalid(section, key, v, what)),
                Err(_) => Err(self.invalid(section, key, v, "not a number")),
            },
        }
    }

    fn port(&self, section: &str, key: &str, default: u16) -> Result<u16, ConfigError> {
        match self.get(section, key) {
            None | Some("") => Ok(default),
            Some(v) => parse_port(v).map_err(|r| self.invalid(section, key, v, r)),
        }
    }

    fn ip(&self, section: &str, key: &str) -> Result<IpAddr, ConfigError> {
        match self.get(section, key) {
            None | Some("") => Ok(IpAddr::from([0, 0, 0, 0])),
            Some(v) => v
                .parse()
                .map_err(|_| self.invalid(section, key, v, "not an IP address")),
        }
    }

    fn flag(&self, section: &str, key: &str, default: bool) -> Result<bool, ConfigError> {
        match self.get(section, key).map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) => match v.as_str() {
                "" => Ok(default),
                "1" | "true" | "yes" | "on" | "-1" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(self.invalid(section, key, &v, "expected 0 or 1")),
            },
        }
    }
}

fn parse_port(v: &str) -> Result<u16, &'static str> {
    match v.trim().parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Ok(_) => Err("port out of range 1..65535"),
        Err(_) => Err("not a number"),
    }
}

fn strip_comment(v: &str) -> &str {
    let bytes = v.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b';' && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return v[..i].trim();
        }
    }
    v.trim()
}

fn decode_file(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => cp1251::to_utf8(bytes),
    }
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
        let mut warnings = Vec::new();
        let resolve = |p: &str| -> PathBuf {
            let p = PathBuf::from(p.replace('\\', "/"));
            if p.is_absolute() {
                p
            } else {
                base.join(p)
            }
        };

        let cs = "COMMONSETTINGS";
        let count: usize = ini.number(
            cs,
            "COMMINTERFACECOUNT",
            1,
            |n| (1..=64).contains(n),
            "must be 1..64",
        )?;
        let log_folder = env
            .var("CRS_LOG_FOLDER")
            .map(|p| resolve(&p))
            .unwrap_or_else(|| resolve(ini.get(cs, "LOGFOLDER").unwrap_or("Logs")));
        let log_level = env
            .var("CRS_LOG_LEVEL")
            .or_else(|| ini.get(cs, "LOGLEVEL").map(str::to_string))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "info".to_string());
        let max_sessions = ini.number(
            cs,
            "MAXSESSIONS",
            20000usize,
            |n| *n >= 1,
            "must be at least 1",
        )?;

        let registration = Registration {
            serial: ini
                .get("REGISTRATION INFO", "SERIAL NUMBER")
                .unwrap_or("")
                .to_string(),
            key: ini
                .get("REGISTRATION INFO", "KEY")
                .unwrap_or("")
                .to_string(),
        };

        let db = "DATABASE";
        let db_host = env.var("DB_HOST").or_else(|| {
            ini.get(db, "HOST")
                .filter(|h| !h.is_empty())
                .map(str::to_string)
        });
        let db_port = match env.var("DB_PORT") {
            Some(v) => parse_port(&v).map_err(|r| ConfigError::Invalid {
                file: "environment".into(),
                section: "DB_PORT".into(),
                key: "DB_PORT".into(),
                value: v.clone(),
                reason: r.into(),
            })?,
            None => ini.port(db, "PORT", 3306)?,
        };
        let database = DatabaseConfig {
            enabled: db_host.is_some(),
            host: db_host.unwrap_or_default(),
            port: db_port,
            user: env
                .var("DB_USER")
                .or_else(|| ini.get(db, "USER").map(str::to_string))
                .unwrap_or_else(|| "dreports".into()),
            password: env
                .var("DB_PASSWORD")
                .or_else(|| ini.get(db, "PASSWORD").map(str::to_string))
                .unwrap_or_default(),
            name: env
                .var("DB_NAME")
                .or_else(|| {
                    ini.get(db, "NAME")
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "dreports".into()),
            pool_size: ini.number(
                db,
                "POOLSIZE",
                8usize,
                |n| (1..=512).contains(n),
                "must be 1..512",
            )?,
            spool_folder: env
                .var("CRS_SPOOL_FOLDER")
                .map(|p| resolve(&p))
                .unwrap_or_else(|| resolve(ini.get(db, "SPOOLFOLDER").unwrap_or("Spool"))),
            spool_max_bytes: ini.number(
                db,
                "SPOOLMAXBYTES",
                256u64 << 20,
                |n| *n >= 4096,
                "must be at least 4096",
            )?,
        };

        let hk = "HOUSEKEEPING";
        let housekeeping = HousekeepingConfig {
            health_check: Duration::from_secs(ini.number(
                hk,
                "HEALTHCHECKSEC",
                30u64,
                |n| (1..=86400).contains(n),
                "must be 1..86400",
            )?),
            cleanup_days: ini.number(
                hk,
                "CLEANUPDAYS",
                30u32,
                |n| *n >= 1,
                "must be at least 1",
            )?,
            history_retention_days: ini.number(
                hk,
                "HISTORYRETENTIONDAYS",
                365u32,
                |n| *n >= 1,
                "must be at least 1",
            )?,
        };

        let mut instances = Vec::with_capacity(count);
        for n in 1..=count {
            instances.push(Self::instance(&ini, n, env, &resolve)?);
        }

        for (section, keys) in &ini.sections {
            let known: Option<&[&str]> = KNOWN
                .iter()
                .find(|(s, _)| s == section)
                .map(|(_, k)| *k)
                .or_else(|| instance_keys(section));
            let is_logins = section.ends_with("_HTTPLOGINS") && section.starts_with("SRV_");
            if is_logins || (section.is_empty() && keys.is_empty()) {
                continue;
            }
            match known {
                None => warnings.push(format!("{file}: unknown section [{section}] ignored")),
                Some(k) => {
                    for (upper, (orig, _)) in keys {
                        if !k.contains(&upper.as_str()) {
                            warnings
                                .push(format!("{file}: [{section}] unknown key {orig} ignored"));
                        }
                    }
                }
            }
        }

        Ok(Config {
            path: PathBuf::from(file),
            log_folder,
            log_level,
            max_sessions,
            registration,
            database,
            housekeeping,
            instances,
            warnings,
        })
    }

    fn instance(
        ini: &Ini,
        n: usize,
        env: &dyn Env,
        resolve: &dyn Fn(&str) -> PathBuf,
    ) -> Result<InstanceConfig, ConfigError> {
        let common = format!("SRV_{n}_COMMON");
        let http = format!("SRV_{n}_HTTP");
        let tcp = format!("SRV_{n}_TCP");
        let auth = format!("SRV_{n}_AUTHSERVER");
        let logins_section = format!("SRV_{n}_HTTPLOGINS");
        for s in [&common, &http, &tcp] {
            if !ini.has_section(s) {
                return Err(ConfigError::MissingSection {
                    file: ini.file.clone(),
                    section: s.clone(),
                    instance: n,
                });
            }
        }
        let first = n == 1;
        let env1 = |name: &str| if first { env.var(name) } else { None };
        let env_port = |name: &str| -> Result<Option<u16>, ConfigError> {
            match env1(name) {
                None => Ok(None),
                Some(v) => parse_port(&v).map(Some).map_err(|r| ConfigError::Invalid {
                    file: "environment".into(),
                    section: name.into(),
                    key: name.into(),
                    value: v.clone(),
                    reason: r.into(),
                }),
            }
        };
        let secs = |key: &str, default: u64| -> Result<Duration, ConfigError> {
            Ok(Duration::from_secs(ini.number(
                &common,
                key,
                default,
                |v| (1..=86400).contains(v),
                "must be 1..86400 seconds",
            )?))
        };
        let mut logins: Vec<(String, String)> = ini
            .sections
            .get(&logins_section)
            .map(|m| m.values().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        if let Some(login) = env1("CRS_HTTP_LOGIN") {
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
        Ok(InstanceConfig {
            number: n,
            trace_log: ini.flag(&common, "TRACELOGENABLED", false)?,
            trace_data: ini.flag(&common, "TRACELOGDATA", false)?,
            update_folder: env1("CRS_UPDATE_FOLDER")
                .map(|p| resolve(&p))
                .unwrap_or_else(|| {
                    resolve(
                        ini.get(&common, "UPDATEFOLDER")
                            .filter(|s| !s.is_empty())
                            .unwrap_or("Updates"),
                    )
                }),
            no_id_timeout: secs("NOIDTIMEOUTSEC", 60)?,
            idle_timeout: secs("IDLETIMEOUTSEC", 120)?,
            relay_timeout: secs("RELAYTIMEOUTSEC", 30)?,
            // The API is for dreport and monitoring on the same host or network: without a
            // value it listens on loopback only (CRS_HTTP_IP overrides, e.g. in Docker).
            http_ip: match env1("CRS_HTTP_IP") {
                Some(v) => v.trim().parse().map_err(|_| ConfigError::Invalid {
                    file: "environment".into(),
                    section: "CRS_HTTP_IP".into(),
                    key: "CRS_HTTP_IP".into(),
                    value: v.clone(),
                    reason: "not an IP address".into(),
                })?,
                None => match ini.get(&http, "HTTP_IPINTERFACE") {
                    None | Some("") => IpAddr::from([127, 0, 0, 1]),
                    Some(_) => ini.ip(&http, "HTTP_IPINTERFACE")?,
                },
            },
            http_port: match env_port("CRS_HTTP_PORT")? {
                Some(p) => p,
                None => ini.port(&http, "HTTP_PORT", 8080)?,
            },
            // Workers only parse, route and answer; a relay waits for its shop on a relay
            // thread (HTTP_RelayThreads), so a few dozen workers serve every quick request.
            http_workers: ini.number(
                &http,
                "HTTP_WORKERS",
                32usize,
                |n| (1..=1024).contains(n),
                "must be 1..1024",
            )?,
            http_max_body: ini.number(
                &http,
                "HTTP_MAXBODYBYTES",
                16usize << 20,
                |n| *n >= 1024,
                "must be at least 1024",
            )?,
            http_request_timeout: Duration::from_secs(ini.number(
                &http,
                "HTTP_REQUESTTIMEOUTSEC",
                30u64,
                |v| (1..=3600).contains(v),
                "must be 1..3600 seconds",
            )?),
            http_header_timeout: Duration::from_secs(ini.number(
                &http,
                "HTTP_HEADERTIMEOUTSEC",
                10u64,
                |v| (1..=3600).contains(v),
                "must be 1..3600 seconds",
            )?),
            http_max_connections: ini.number(
                &http,
                "HTTP_MAXCONNECTIONS",
                512usize,
                |n| (1..=100_000).contains(n),
                "must be 1..100000",
            )?,
            http_relay_threads: ini.number(
                &http,
                "HTTP_RELAYTHREADS",
                256usize,
                |n| (1..=10_000).contains(n),
                "must be 1..10000",
            )?,
            http_login_failures: ini.number(
                &http,
                "HTTP_LOGINFAILURES",
                10u32,
                |n| (1..=1_000_000).contains(n),
                "must be 1..1000000",
            )?,
            http_login_failures_per_min: ini.number(
                &http,
                "HTTP_LOGINFAILURESPERMIN",
                10u32,
                |n| (1..=1_000_000).contains(n),
                "must be 1..1000000",
            )?,
            tcp_ip: ini.ip(&tcp, "TCP_IPINTERFACE")?,
            tcp_port: match env_port("CRS_TCP_PORT")? {
                Some(p) => p,
                None => ini.port(&tcp, "TCP_PORT", 8016)?,
            },
            // One auth server serves every instance: the override applies to all of them.
            rest_url: env
                .var("AUTH_SERVER_URL")
                .or_else(|| ini.get(&auth, "REST_URL").map(str::to_string))
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string(),
            logins,
        })
    }
}

fn instance_keys(section: &str) -> Option<&'static [&'static str]> {
    let rest = section.strip_prefix("SRV_")?;
    let (num, kind) = rest.split_once('_')?;
    num.parse::<usize>().ok()?;
    INSTANCE_KNOWN
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, keys)| *keys)
}

fn mask(s: &str) -> &'static str {
    if s.is_empty() {
        "(empty)"
    } else {
        "******"
    }
}

impl fmt::Display for Config {
    /// The effective configuration without secrets, for `check-config`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "config file      {}", self.path.display())?;
        writeln!(f, "log folder       {}", self.log_folder.display())?;
        writeln!(f, "log level        {}", self.log_level)?;
        writeln!(f, "max sessions     {}", self.max_sessions)?;
        writeln!(
            f,
            "registration     serial {} key {}",
            if self.registration.serial.is_empty() {
                "(missing)"
            } else {
                &self.registration.serial
            },
            if self.registration.key_valid() {
                "VALID"
            } else {
                "INVALID OR MISSING"
            }
        )?;
        if self.database.enabled {
            writeln!(
                f,
                "database         mysql://{}:{}@{}:{}/{} pool {}",
                self.database.user,
                mask(&self.database.password),
                self.database.host,
                self.database.port,
                self.database.name,
                self.database.pool_size
            )?;
        } else {
            writeln!(
                f,
                "database         disabled (no [DATABASE] Host and no DB_HOST)"
            )?;
        }
        writeln!(
            f,
            "spool            {} (max {} bytes)",
            self.database.spool_folder.display(),
            self.database.spool_max_bytes
        )?;
        writeln!(
            f,
            "housekeeping     health check every {}s, cleanup after {} days, history kept {} days",
            self.housekeeping.health_check.as_secs(),
            self.housekeeping.cleanup_days,
            self.housekeeping.history_retention_days
        )?;
        for i in &self.instances {
            writeln!(f, "instance {}", i.number)?;
            writeln!(f, "  tcp            {}:{}", i.tcp_ip, i.tcp_port)?;
            writeln!(
                f,
                "  http           {}:{} ({} workers, {} relay threads, {} connections, body limit {} bytes)",
                i.http_ip,
                i.http_port,
                i.http_workers,
                i.http_relay_threads,
                i.http_max_connections,
                i.http_max_body
            )?;
            writeln!(
                f,
                "  auth server    {}",
                if i.rest_url.is_empty() {
                    "(none)"
                } else {
                    &i.rest_url
                }
            )?;
            writeln!(f, "  update folder  {}", i.update_folder.display())?;
            writeln!(
                f,
                "  trace log      {} (data bodies {})",
                on_off(i.trace_log),
                on_off(i.trace_data)
            )?;
            writeln!(
                f,
                "  timeouts       no-id {}s, idle {}s, relay {}s",
                i.no_id_timeout.as_secs(),
                i.idle_timeout.as_secs(),
                i.relay_timeout.as_secs()
            )?;
            let users: Vec<&str> = i.logins.iter().map(|(u, _)| u.as_str()).collect();
            writeln!(
                f,
                "  http logins    {} (passwords hidden)",
                if users.is_empty() {
                    "(none)".to_string()
                } else {
                    users.join(", ")
                }
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }
}
