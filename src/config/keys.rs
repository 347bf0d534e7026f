//! Every configuration key, once: where it lives, its default, how it is checked, which
//! environment variable overrides it and one line of documentation. Parsing ([`Reader`]),
//! validation, the unknown-key warnings ([`known`]) and the `check-config` display (the
//! [`Effective`] values the reader records) all come from this table.

use std::net::IpAddr;
use std::time::Duration;

use super::ini::{parse_port, Ini};
use super::{ConfigError, Env};

/// Where a key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A section of its own, e.g. `[COMMONSETTINGS]`.
    Global(&'static str),
    /// A per-instance section `[SRV_<n>_<kind>]`, e.g. `HTTP`.
    Instance(&'static str),
}

/// What values a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Count {
        min: u64,
        max: u64,
    },
    /// Seconds in `min..=max`.
    Secs {
        min: u64,
        max: u64,
    },
    Port,
    Ip,
    /// `0`/`1` (also `true`/`false`, `yes`/`no`, `on`/`off`, Delphi's `-1`).
    Flag,
    Text,
    /// Shown as `******` by `check-config`.
    Secret,
    /// A folder; relative paths resolve against the ini's folder.
    Folder,
}

/// Which environment variable overrides a key (container deployments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvOverride {
    None,
    /// For every instance (or the global key).
    All(&'static str),
    /// For instance 1 only (each instance needs its own port).
    FirstInstance(&'static str),
}

/// One configuration key.
#[derive(Debug)]
pub struct Key {
    pub section: Section,
    /// As documented and as the sample ini writes it; matched case-insensitively.
    pub name: &'static str,
    /// Used when the key is missing or empty.
    pub default: &'static str,
    pub kind: Kind,
    pub env: EnvOverride,
    pub doc: &'static str,
}

macro_rules! keys {
    ($($id:ident: $section:expr, $name:literal, $default:literal, $kind:expr, $env:expr, $doc:literal;)*) => {
        $(pub const $id: Key = Key {
            section: $section,
            name: $name,
            default: $default,
            kind: $kind,
            env: $env,
            doc: $doc,
        };)*
        /// Every key, in the order `check-config` shows them.
        pub const ALL: &[&Key] = &[$(&$id),*];
    };
}

use EnvOverride::{All, FirstInstance, None as NoEnv};
use Kind::*;
use Section::{Global, Instance};

const CS: Section = Global("COMMONSETTINGS");
const REG: Section = Global("REGISTRATION INFO");
const DB: Section = Global("DATABASE");
const HK: Section = Global("HOUSEKEEPING");
const COMMON: Section = Instance("COMMON");
const HTTP: Section = Instance("HTTP");
const TCP: Section = Instance("TCP");
const AUTH: Section = Instance("AUTHSERVER");

keys! {
    COMM_INTERFACE_COUNT: CS, "CommInterfaceCount", "1", Count { min: 1, max: 64 }, NoEnv,
        "number of server instances (SRV_1_* ... SRV_n_*)";
    LOG_FOLDER: CS, "LogFolder", "Logs", Folder, All("CRS_LOG_FOLDER"),
        "folder of the rotating logs (10 MB x 10) and the trace log";
    LOG_LEVEL: CS, "LogLevel", "info", Text, All("CRS_LOG_LEVEL"),
        "error, warn, info, debug or trace";
    MAX_SESSIONS: CS, "MaxSessions", "20000", Count { min: 1, max: u64::MAX }, NoEnv,
        "client sessions at once over all instances; more are refused";
    MAX_SESSIONS_PER_IP: CS, "MaxSessionsPerIP", "1000", Count { min: 1, max: u64::MAX }, NoEnv,
        "client connections from one address (many shops can share a NAT address)";
    MAX_UNIDENTIFIED_PER_IP: CS, "MaxUnidentifiedPerIP", "256", Count { min: 1, max: u64::MAX }, NoEnv,
        "connections from one address that have not passed INFO yet";
    NEW_OBJECTS_PER_IP_PER_HOUR: CS, "NewObjectsPerIPPerHour", "30", Count { min: 1, max: u64::MAX }, NoEnv,
        "INFO ID=-1 registrations (new trial subscriptions) per address per hour";
    ERRL_PER_MINUTE: CS, "ErrlPerMinute", "60", Count { min: 1, max: u32::MAX as u64 }, NoEnv,
        "ERRL reports stored per session per minute (more are answered, counted, not stored)";
    DUPLICATE_DROPS_BOTH: CS, "DuplicateDropsBoth", "1", Flag, NoEnv,
        "a claim for a live object ID drops both connections (legacy); 0 keeps the live one";
    SERIAL_NUMBER: REG, "SERIAL NUMBER", "", Text, NoEnv,
        "licence serial";
    REG_KEY: REG, "KEY", "", Secret, NoEnv,
        "licence key for the serial";
    DB_HOST: DB, "Host", "", Text, All("DB_HOST"),
        "MySQL/MariaDB host; empty = run without a database";
    DB_PORT: DB, "Port", "3306", Port, All("DB_PORT"),
        "database port";
    DB_USER: DB, "User", "dreports", Text, All("DB_USER"),
        "database user";
    DB_PASSWORD: DB, "Password", "", Secret, All("DB_PASSWORD"),
        "database password";
    DB_NAME: DB, "Name", "dreports", Text, All("DB_NAME"),
        "database name";
    DB_POOL_SIZE: DB, "PoolSize", "8", Count { min: 1, max: 512 }, NoEnv,
        "pooled database connections";
    SPOOL_FOLDER: DB, "SpoolFolder", "Spool", Folder, All("CRS_SPOOL_FOLDER"),
        "where events wait while the database is down";
    SPOOL_MAX_BYTES: DB, "SpoolMaxBytes", "268435456", Count { min: 4096, max: u64::MAX }, NoEnv,
        "bound of the spool; older events are dropped (and counted) past it";
    HEALTH_CHECK_SEC: HK, "HealthCheckSec", "30", Secs { min: 1, max: 86400 }, NoEnv,
        "seconds between health checks";
    CLEANUP_DAYS: HK, "CleanupDays", "30", Count { min: 1, max: u32::MAX as u64 }, NoEnv,
        "log and update files older than this are deleted (the newest version of each update is kept)";
    HISTORY_RETENTION_DAYS: HK, "HistoryRetentionDays", "365", Count { min: 1, max: u32::MAX as u64 }, NoEnv,
        "history rows (connections, client errors, relays) older than this are deleted";
    TRACE_LOG_ENABLED: COMMON, "TraceLogEnabled", "0", Flag, NoEnv,
        "protocol trace log";
    TRACE_LOG_DATA: COMMON, "TraceLogData", "0", Flag, NoEnv,
        "also the DATA payloads in the trace log";
    UPDATE_FOLDER: COMMON, "UpdateFolder", "Updates", Folder, FirstInstance("CRS_UPDATE_FOLDER"),
        "files offered to clients by VERS/DWNL";
    NO_ID_TIMEOUT_SEC: COMMON, "NoIdTimeoutSec", "60", Secs { min: 1, max: 86400 }, NoEnv,
        "a connection that has not identified itself (INFO) is closed after this";
    IDLE_TIMEOUT_SEC: COMMON, "IdleTimeoutSec", "120", Secs { min: 1, max: 86400 }, NoEnv,
        "an identified session that sends nothing is closed after this";
    RELAY_TIMEOUT_SEC: COMMON, "RelayTimeoutSec", "30", Secs { min: 1, max: 86400 }, NoEnv,
        "how long a relay waits for the shop's answer";
    HTTP_IP_INTERFACE: HTTP, "HTTP_IPInterface", "127.0.0.1", Ip, FirstInstance("CRS_HTTP_IP"),
        "address the HTTP API listens on (loopback unless dreport runs on another host)";
    HTTP_PORT: HTTP, "HTTP_Port", "8080", Port, FirstInstance("CRS_HTTP_PORT"),
        "HTTP API port";
    HTTP_WORKERS: HTTP, "HTTP_Workers", "32", Count { min: 1, max: 1024 }, NoEnv,
        "HTTP worker threads (parse, log in, read bodies, answer; never wait for a shop)";
    HTTP_RELAY_THREADS: HTTP, "HTTP_RelayThreads", "256", Count { min: 1, max: 10000 }, NoEnv,
        "relays waiting for their shop at once, each on its own thread; one more gets HTTP 503";
    HTTP_MAX_CONNECTIONS: HTTP, "HTTP_MaxConnections", "512", Count { min: 1, max: 100000 }, NoEnv,
        "HTTP connections read at once; one more gets HTTP 503 and is closed";
    HTTP_MAX_BODY_BYTES: HTTP, "HTTP_MaxBodyBytes", "16777216", Count { min: 1024, max: u64::MAX }, NoEnv,
        "largest request body accepted";
    HTTP_HEADER_TIMEOUT_SEC: HTTP, "HTTP_HeaderTimeoutSec", "10", Secs { min: 1, max: 3600 }, NoEnv,
        "total time for a request's headers from its first byte (a new connection: from the connect)";
    HTTP_REQUEST_TIMEOUT_SEC: HTTP, "HTTP_RequestTimeoutSec", "30", Secs { min: 1, max: 3600 }, NoEnv,
        "total time for a request's body; also the longest silence in a request or answer, and keep-alive idle";
    HTTP_LOGIN_FAILURES: HTTP, "HTTP_LoginFailures", "10", Count { min: 1, max: 1000000 }, NoEnv,
        "wrong logins per client address before HTTP 429";
    HTTP_LOGIN_FAILURES_PER_MIN: HTTP, "HTTP_LoginFailuresPerMin", "10", Count { min: 1, max: 1000000 }, NoEnv,
        "how fast that budget refills";
    TCP_IP_INTERFACE: TCP, "TCP_IPInterface", "0.0.0.0", Ip, NoEnv,
        "address the client port listens on";
    TCP_PORT: TCP, "TCP_Port", "8016", Port, FirstInstance("CRS_TCP_PORT"),
        "client (BosTcpClient) port";
    TCP_BACKLOG: TCP, "TCP_Backlog", "4096", Count { min: 1, max: 65535 }, NoEnv,
        "listen queue for reconnect storms (Linux caps it at net.core.somaxconn)";
    REST_URL: AUTH, "REST_URL", "", Text, All("AUTH_SERVER_URL"),
        "dreport's api.php (objectinfo, subscriptioninfo)";
}

/// Whether `key` (upper case) is a key of the section named `section` (upper case); `None`
/// when the section itself is unknown.
pub fn known(section: &str, key: &str) -> Option<bool> {
    let kind = instance_kind(section);
    let mut section_known = false;
    for k in ALL {
        let here = match (k.section, kind) {
            (Global(s), _) => s == section,
            (Instance(s), Some(kind)) => s == kind,
            _ => false,
        };
        if here {
            section_known = true;
            if k.name.eq_ignore_ascii_case(key) {
                return Some(true);
            }
        }
    }
    section_known.then_some(false)
}

/// `HTTP` for `SRV_2_HTTP`.
fn instance_kind(section: &str) -> Option<&str> {
    let rest = section.strip_prefix("SRV_")?;
    let (num, kind) = rest.split_once('_')?;
    num.parse::<usize>().ok()?;
    Some(kind)
}

/// One key's effective value, as `check-config` shows it.
#[derive(Debug, Clone)]
pub struct Effective {
    /// `[SRV_1_HTTP]`-style section name as used.
    pub section: String,
    pub key: &'static Key,
    /// The value (`******` for a secret that is set).
    pub shown: String,
    /// Where it came from: `ini`, `default` or the environment variable's name.
    pub source: String,
}

/// Reads typed values through the table, for the global sections or one instance, and
/// records every effective value.
pub struct Reader<'a> {
    pub ini: &'a Ini,
    pub env: &'a dyn Env,
    /// `Some(n)` while reading instance `n`.
    pub instance: Option<usize>,
    pub effective: Vec<Effective>,
}

impl<'a> Reader<'a> {
    pub fn new(ini: &'a Ini, env: &'a dyn Env, instance: Option<usize>) -> Self {
        Reader {
            ini,
            env,
            instance,
            effective: Vec::new(),
        }
    }

    pub fn section_name(&self, key: &Key) -> String {
        match key.section {
            Global(s) => s.to_string(),
            Instance(kind) => format!("SRV_{}_{kind}", self.instance.unwrap_or(1)),
        }
    }

    fn env_name(&self, key: &Key) -> Option<&'static str> {
        match key.env {
            NoEnv => None,
            All(name) => Some(name),
            FirstInstance(name) => (self.instance == Some(1)).then_some(name),
        }
    }

    /// The raw value (environment, then ini, then default) and an error builder naming its
    /// origin.
    fn raw(&mut self, key: &'static Key) -> Raw {
        let section = self.section_name(key);
        let (value, source) = match self
            .env_name(key)
            .and_then(|n| self.env.var(n).map(|v| (v, n)))
        {
            Some((v, name)) => (v, name.to_string()),
            None => match self
                .ini
                .get(&section, &key.name.to_ascii_uppercase())
                .filter(|v| !v.is_empty())
            {
                Some(v) => (v.to_string(), "ini".to_string()),
                None => (key.default.to_string(), "default".to_string()),
            },
        };
        let shown = if key.kind == Secret && !value.is_empty() {
            "******".to_string()
        } else {
            value.clone()
        };
        self.effective.push(Effective {
            section: section.clone(),
            key,
            shown,
            source: source.clone(),
        });
        Raw {
            file: self.ini.file.clone(),
            section,
            key,
            value,
            source,
        }
    }

    /// A whole number within the key's range.
    pub fn count<T: TryFrom<u64>>(&mut self, key: &'static Key) -> Result<T, ConfigError> {
        let raw = self.raw(key);
        let (min, max) = match key.kind {
            Count { min, max } | Secs { min, max } => (min, max),
            _ => (0, u64::MAX),
        };
        let n: u64 = raw
            .value
            .trim()
            .parse()
            .map_err(|_| raw.invalid("not a number"))?;
        if n < min || n > max {
            return Err(raw.invalid(&if max == u64::MAX {
                format!("must be at least {min}")
            } else if matches!(key.kind, Secs { .. }) {
                format!("must be {min}..{max} seconds")
            } else {
                format!("must be {min}..{max}")
            }));
        }
        T::try_from(n).map_err(|_| raw.invalid("too large"))
    }

    pub fn secs(&mut self, key: &'static Key) -> Result<Duration, ConfigError> {
        self.count::<u64>(key).map(Duration::from_secs)
    }

    pub fn port(&mut self, key: &'static Key) -> Result<u16, ConfigError> {
        let raw = self.raw(key);
        parse_port(&raw.value).map_err(|r| raw.invalid(r))
    }

    pub fn ip(&mut self, key: &'static Key) -> Result<IpAddr, ConfigError> {
        let raw = self.raw(key);
        raw.value
            .trim()
            .parse()
            .map_err(|_| raw.invalid("not an IP address"))
    }

    pub fn flag(&mut self, key: &'static Key) -> Result<bool, ConfigError> {
        let raw = self.raw(key);
        match raw.value.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" | "-1" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(raw.invalid("expected 0 or 1")),
        }
    }

    pub fn text(&mut self, key: &'static Key) -> String {
        self.raw(key).value
    }
}

/// A raw value and where it came from, to name both in an error.
struct Raw {
    file: String,
    section: String,
    key: &'static Key,
    value: String,
    source: String,
}

impl Raw {
    fn invalid(&self, reason: &str) -> ConfigError {
        let from_env = self.source != "ini" && self.source != "default";
        ConfigError::Invalid {
            file: if from_env {
                "environment".into()
            } else {
                self.file.clone()
            },
            section: if from_env {
                self.source.clone()
            } else {
                self.section.clone()
            },
            key: if from_env {
                self.source.clone()
            } else {
                self.key.name.to_ascii_uppercase()
            },
            value: self.value.clone(),
            reason: reason.to_string(),
        }
    }
}
