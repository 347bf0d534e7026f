//! Answering a report task on the shop database, like BosTcpClient does (shop-reports §D):
//! each dataset `{"Type":"Query","SQL":…}` runs on Firebird and comes back as an array of row
//! objects with upper-cased column names and values shaped as the pages expect.
//!
//! One task = one attachment and one transaction (SNAPSHOT): the datasets see one consistent
//! state, and a task that changes data is all or nothing — any failing statement rolls the
//! whole task back. Two bounds protect the shop PC and the relay:
//! - a statement running longer than [`Limits::timeout`] is cancelled by a watchdog thread
//!   (Firebird 3 has no statement timeout: it deletes the statement's row from
//!   MON$STATEMENTS, which cancels it, and if that does not end it, the attachment's row
//!   from MON$ATTACHMENTS) → [`assumed::RC_TIMEOUT`](crate::assumed::shop::RC_TIMEOUT);
//! - an answer growing past [`Limits::max_answer_bytes`] of JSON is abandoned while
//!   fetching → [`assumed::RC_TOO_LARGE`](crate::assumed::shop::RC_TOO_LARGE).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rsfbclient::managed::{DynLoad, NativeFbAttachmentConfig, NativeTransaction, RowConversion};
use rsfbclient::prelude::{TrIsolationLevel, TrLockResolution, TransactionConfiguration};
use rsfbclient::{charset, Column, Dialect, FbError, SqlType};
use serde_json::Value;

use super::fb;
use crate::assumed::shop as rc;

/// The executor's bounds (docs/shop-database.md).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a task may run on the database.
    pub timeout: Duration,
    /// Largest answer (JSON bytes, before cp1251/zlib/AES/Base64).
    pub max_answer_bytes: usize,
}

impl Default for Limits {
    /// 25 s: the pages give up after 29 s and the server after 30 s, so a cancelled query
    /// still gets its clear answer to the user. 8 MiB: far above any report (a month of a
    /// busy shop's item list is ~1 MiB) and well inside the protocol's 16 MiB line.
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(25),
            max_answer_bytes: 8 * 1024 * 1024,
        }
    }
}

/// A shop database bos-client answers tasks on.
#[derive(Debug, Clone)]
pub struct ShopDb {
    /// What the embedded engine opens: a file path (or any Firebird connection string).
    pub db: String,
    pub limits: Limits,
}

/// Why a task failed (each maps to one result code).
#[derive(Debug)]
enum Failure {
    Sql(String),
    Timeout,
    TooLarge,
}

/// The answer and how long the database work took.
pub struct Answer {
    pub json: String,
    pub db_time: Duration,
}

/// The answer's own keys. A dataset named like one of them (in any case: PHP reads the answer
/// case-sensitively, a person does not) would overwrite `ResultCode` in the caller's eyes, so a
/// task using one is refused as invalid (found by the `client_task` fuzz target).
pub const ANSWER_KEYS: [&str; 2] = ["ResultCode", "ResultMessage"];

/// The task error for a dataset that takes an answer key's name, if `name` is one.
pub fn reserved_dataset(name: &str) -> Option<String> {
    ANSWER_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name))
        .then(|| format!("Invalid task: {name} is the answer's own key, not a dataset name"))
}

fn result(code: i64, message: &str) -> String {
    serde_json::json!({"ResultCode": code, "ResultMessage": message}).to_string()
}

/// SQL as a page sends it, minus what Firebird's DSQL refuses: a trailing `;`.
pub fn strip_sql(sql: &str) -> &str {
    let mut s = sql.trim();
    while let Some(rest) = s.strip_suffix(';') {
        s = rest.trim_end();
    }
    s
}

impl ShopDb {
    pub fn new(db: impl Into<String>) -> ShopDb {
        ShopDb {
            db: db.into(),
            limits: Limits::default(),
        }
    }

    /// Opens and closes the database once: a clear error at start-up instead of at the
    /// first task.
    pub fn check(&self) -> Result<(), String> {
        fb::pin_library()?;
        let mut c = fb::connect(&self.db).map_err(|e| format!("{}: {e}", self.db))?;
        use rsfbclient::prelude::*;
        let _: Vec<(i64,)> = c
            .query("SELECT 1 FROM RDB$DATABASE", ())
            .map_err(|e| format!("{}: {e}", self.db))?;
        c.close().map_err(|e| e.to_string())
    }

    /// Answers one task (UTF-8 JSON). `object_id` is this client's object ID (the task's
    /// `Id` must match it); `expected_pass` the MD5 hex the task's `Pass` must equal.
    pub fn answer(&self, task: &str, object_id: &str, expected_pass: Option<&str>) -> Answer {
        let started = Instant::now();
        let json = self.answer_json(task, object_id, expected_pass);
        Answer {
            json,
            db_time: started.elapsed(),
        }
    }

    fn answer_json(&self, task: &str, object_id: &str, expected_pass: Option<&str>) -> String {
        let Ok(Value::Object(task)) = serde_json::from_str::<Value>(task) else {
            return result(rc::RC_BAD_TASK, "Invalid task: not a JSON object");
        };
        let id = match task.get("Id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if !id.eq_ignore_ascii_case(object_id) {
            return result(rc::RC_WRONG_ID, "Wrong object ID");
        }
        if let Some(expected) = expected_pass {
            let pass = task.get("Pass").and_then(Value::as_str).unwrap_or("");
            if !pass.eq_ignore_ascii_case(expected) {
                return result(rc::RC_WRONG_PASS, "Wrong password");
            }
        }
        let mut datasets: Vec<(&str, &str)> = Vec::new();
        for (name, spec) in &task {
            if name == "Id" || name == "Pass" {
                continue;
            }
            let Some(kind) = spec.get("Type").and_then(Value::as_str) else {
                continue;
            };
            if !kind.eq_ignore_ascii_case("Query") && !kind.eq_ignore_ascii_case("Command") {
                continue;
            }
            if let Some(why) = reserved_dataset(name) {
                return result(rc::RC_BAD_TASK, &why);
            }
            match spec.get("SQL").and_then(Value::as_str).map(strip_sql) {
                Some(sql) if !sql.is_empty() => datasets.push((name, sql)),
                _ => {
                    return result(
                        rc::RC_MISSING_SQL,
                        &format!("Dataset {name}: missing SQL parameter"),
                    )
                }
            }
        }
        if datasets.is_empty() {
            return result(rc::RC_EMPTY_TASK, "Empty task: no dataset to run");
        }
        match self.run(&datasets) {
            Ok(arrays) => {
                let mut out =
                    String::with_capacity(64 + arrays.iter().map(|a| a.len()).sum::<usize>());
                out.push_str("{\"ResultCode\":0,\"ResultMessage\":\"OK\"");
                for ((name, _), array) in datasets.iter().zip(arrays) {
                    out.push(',');
                    out.push_str(&Value::String((*name).to_string()).to_string());
                    out.push(':');
                    out.push_str(&array);
                }
                out.push('}');
                out
            }
            Err(Failure::Sql(m)) => result(rc::RC_SQL_ERROR, &m),
            Err(Failure::Timeout) => result(
                rc::RC_TIMEOUT,
                &format!(
                    "Query cancelled: it ran longer than {} s",
                    self.limits.timeout.as_secs()
                ),
            ),
            Err(Failure::TooLarge) => result(
                rc::RC_TOO_LARGE,
                &format!(
                    "Answer refused: larger than {} bytes",
                    self.limits.max_answer_bytes
                ),
            ),
        }
    }

    /// Runs the datasets in one transaction; returns each one's JSON array text.
    fn run(&self, datasets: &[(&str, &str)]) -> Result<Vec<String>, Failure> {
        let sql_err = |e: FbError| Failure::Sql(fb_message(&e));
        fb::pin_library().map_err(Failure::Sql)?;
        let client = DynLoad {
            charset: charset::UTF_8,
            lib_path: fb::client_lib(),
        }
        .try_to_client()
        .map_err(sql_err)?;
        let attach = NativeFbAttachmentConfig {
            db_name: self.db.clone(),
            user: fb::EMBEDDED_USER.to_string(),
            role_name: None,
            remote: None,
        };
        let lock_wait = self.limits.timeout.as_secs().clamp(1, u32::MAX as u64) as u32;
        let mut tx = NativeTransaction::start(
            client,
            &[attach],
            Dialect::D3,
            TransactionConfiguration {
                isolation: TrIsolationLevel::Concurrency,
                lock_resolution: TrLockResolution::Wait(Some(lock_wait)),
                ..TransactionConfiguration::default()
            },
            RowConversion::TextAndBinary,
        )
        .map_err(sql_err)?;
        let attachment = tx
            .query(0, "SELECT CURRENT_CONNECTION FROM RDB$DATABASE", vec![])
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|row| row.into_iter().next())
            .and_then(|c| match c.value {
                SqlType::Text(t) => t.trim().parse::<i64>().ok(),
                SqlType::Integer(i) => Some(i),
                _ => None,
            });
        let deadline = Instant::now() + self.limits.timeout;
        let watchdog = Watchdog::start(self.db.clone(), attachment, deadline);
        let too_large = AtomicBool::new(false);
        let mut size = 0usize;
        let mut arrays = Vec::with_capacity(datasets.len());
        let mut failure = None;
        for (_, sql) in datasets {
            let mut buf = String::from("[");
            let mut first = true;
            let r = tx.query_each(0, sql, vec![], |row| {
                if Instant::now() > deadline {
                    return Err(FbError::Other("timeout".into()));
                }
                let before = buf.len();
                if !first {
                    buf.push(',');
                }
                first = false;
                write_row(&mut buf, &row);
                size += buf.len() - before;
                if size > self.limits.max_answer_bytes {
                    too_large.store(true, Ordering::Relaxed);
                    return Err(FbError::Other("too large".into()));
                }
                Ok(())
            });
            if let Err(e) = r {
                failure = Some(if too_large.load(Ordering::Relaxed) {
                    Failure::TooLarge
                } else if watchdog.fired() || Instant::now() > deadline {
                    Failure::Timeout
                } else {
                    Failure::Sql(fb_message(&e))
                });
                break;
            }
            buf.push(']');
            if first {
                // No row: an empty query, or a statement without a result set.
                buf = crate::assumed::shop::DML_ANSWER.to_string();
            }
            arrays.push(buf);
        }
        let outcome = match failure {
            None => match tx.commit() {
                Ok(()) => Ok(arrays),
                Err(e) => Err(if watchdog.fired() {
                    Failure::Timeout
                } else {
                    Failure::Sql(fb_message(&e))
                }),
            },
            Some(f) => {
                let _ = tx.rollback();
                Err(f)
            }
        };
        watchdog.finish();
        outcome
    }
}

/// Firebird's own message (the status vector text), without the crate's prefix.
fn fb_message(e: &FbError) -> String {
    match e {
        FbError::Sql { msg, .. } => msg.trim().to_string(),
        FbError::Other(m) => m.clone(),
        other => other.to_string(),
    }
}

// Firebird SQL type codes (ibase.h), as the column's original type.
const SQL_TEXT: u32 = 452;
const SQL_DOUBLE: u32 = 480;
const SQL_FLOAT: u32 = 482;
const SQL_LONG: u32 = 496;
const SQL_SHORT: u32 = 500;
const SQL_TIMESTAMP: u32 = 510;
const SQL_BLOB: u32 = 520;
const SQL_D_FLOAT: u32 = 530;
const SQL_TYPE_TIME: u32 = 560;
const SQL_TYPE_DATE: u32 = 570;
const SQL_INT64: u32 = 580;
const SQL_INT128: u32 = 32752;
const SQL_DEC16: u32 = 32760;
const SQL_DEC34: u32 = 32762;
const SQL_BOOLEAN: u32 = 32764;

/// One row as a JSON object: `{"UPPER NAME":value,…}` in column order.
fn write_row(buf: &mut String, row: &[Column]) {
    buf.push('{');
    for (i, col) in row.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        let _ = write!(buf, "{}", Value::String(col.name.to_uppercase()));
        buf.push(':');
        let _ = write!(buf, "{}", json_value(col));
    }
    buf.push('}');
}

/// A column value as §D shapes it (Firebird formatted every scalar as text for us, so
/// NUMERIC digits are exact).
pub fn json_value(col: &Column) -> Value {
    let text = match &col.value {
        SqlType::Null => return Value::Null,
        SqlType::Text(t) => t.as_str(),
        SqlType::Integer(i) => return Value::from(*i),
        SqlType::Int128(i) => return number(&i.to_string()),
        SqlType::Floating(f) => {
            return serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }
        SqlType::Boolean(b) => return Value::Bool(*b),
        SqlType::Timestamp(t) => return Value::String(t.format("%d.%m.%Y %H:%M:%S").to_string()),
        SqlType::Binary(b) => return crate::assumed::shop::blob_value(col.raw_type == SQL_BLOB, b),
    };
    match col.raw_type {
        SQL_SHORT | SQL_LONG | SQL_INT64 | SQL_INT128 | SQL_FLOAT | SQL_DOUBLE | SQL_D_FLOAT
        | SQL_DEC16 | SQL_DEC34 => number(text),
        SQL_TYPE_DATE => Value::String(reformat(text, "%Y-%m-%d", "%d.%m.%Y")),
        // The client library formats coerced timestamps as `27-SEP-2025 8:32:46.0000`.
        SQL_TIMESTAMP => Value::String(reformat_any(
            text,
            &["%d-%b-%Y %H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"],
            "%d.%m.%Y %H:%M:%S",
        )),
        SQL_TYPE_TIME => Value::String(reformat(text, "%H:%M:%S%.f", "%H:%M:%S")),
        SQL_BOOLEAN => Value::Bool(text.trim().eq_ignore_ascii_case("true")),
        SQL_TEXT => Value::String(crate::assumed::shop::char_value(text)),
        _ => Value::String(text.to_string()),
    }
}

/// Decimal text → a JSON number (integers stay integers; NaN/∞ → null).
fn number(text: &str) -> Value {
    let t = text.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Value::from(i);
    }
    t.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn reformat_any(text: &str, from: &[&str], to: &str) -> String {
    let t = text.trim();
    from.iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(t, f).ok())
        // ... and leave the time out when it is midnight: `30-DEC-1899`.
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(t, "%d-%b-%Y")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
        .map(|v| v.format(to).to_string())
        .unwrap_or_else(|| t.to_string())
}

/// Firebird's date/time text re-formatted (unparseable text is passed through).
fn reformat(text: &str, from: &str, to: &str) -> String {
    let t = text.trim();
    if from.starts_with("%H") {
        if let Ok(v) = chrono::NaiveTime::parse_from_str(t, from) {
            return v.format(to).to_string();
        }
    } else if from.contains("%H") {
        if let Ok(v) = chrono::NaiveDateTime::parse_from_str(t, from) {
            return v.format(to).to_string();
        }
    } else if let Ok(v) = chrono::NaiveDate::parse_from_str(t, from) {
        return v.format(to).to_string();
    }
    t.to_string()
}

/// Cancels a task's statements once the deadline passes (from its own attachment).
struct Watchdog {
    state: Arc<(Mutex<bool>, Condvar)>,
    fired: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(db: String, attachment: Option<i64>, deadline: Instant) -> Watchdog {
        let state = Arc::new((Mutex::new(false), Condvar::new()));
        let fired = Arc::new(AtomicBool::new(false));
        let thread = attachment.map(|id| {
            let (state, fired) = (state.clone(), fired.clone());
            std::thread::spawn(move || watch(&db, id, deadline, &state, &fired))
        });
        Watchdog {
            state,
            fired,
            thread,
        }
    }

    fn fired(&self) -> bool {
        self.fired.load(Ordering::Relaxed)
    }

    fn finish(mut self) {
        let (lock, cv) = &*self.state;
        if let Ok(mut done) = lock.lock() {
            *done = true;
        }
        cv.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Waits for the task to finish; past the deadline cancels its statements, and 3 s later
/// (still running) ends its attachment.
fn watch(db: &str, id: i64, deadline: Instant, state: &(Mutex<bool>, Condvar), fired: &AtomicBool) {
    let (lock, cv) = state;
    let wait_until = |until: Instant| -> bool {
        let Ok(mut done) = lock.lock() else {
            return true;
        };
        while !*done {
            let now = Instant::now();
            if now >= until {
                return false;
            }
            match cv.wait_timeout(done, until - now) {
                Ok((d, _)) => done = d,
                Err(_) => return true,
            }
        }
        true
    };
    if wait_until(deadline) {
        return;
    }
    fired.store(true, Ordering::Relaxed);
    let kill = |sql: String| {
        if let Ok(mut c) = fb::connect(db) {
            use rsfbclient::prelude::*;
            if let Err(e) = c.execute(&sql, ()) {
                log::warn!("shop watchdog: {sql}: {e}");
            }
            let _ = c.commit();
            let _ = c.close();
        }
    };
    log::warn!("shop query over its time bound: cancelling attachment {id}'s statements");
    kill(format!(
        "DELETE FROM MON$STATEMENTS WHERE MON$ATTACHMENT_ID = {id}"
    ));
    if wait_until(Instant::now() + Duration::from_secs(3)) {
        return;
    }
    log::warn!("shop query still running: ending attachment {id}");
    kill(format!(
        "DELETE FROM MON$ATTACHMENTS WHERE MON$ATTACHMENT_ID = {id}"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(raw: u32, v: SqlType) -> Column {
        Column::new("x", raw, v)
    }

    #[test]
    fn values_are_shaped_like_the_delphi_client() {
        let t = |raw, s: &str| json_value(&col(raw, SqlType::Text(s.into())));
        assert_eq!(t(SQL_TYPE_DATE, "2026-01-05"), "05.01.2026");
        assert_eq!(
            t(SQL_TIMESTAMP, "2017-09-13 15:49:11.1230"),
            "13.09.2017 15:49:11"
        );
        assert_eq!(
            t(SQL_TIMESTAMP, "27-SEP-2025 8:32:46.0000"),
            "27.09.2025 08:32:46"
        );
        assert_eq!(t(SQL_TIMESTAMP, "30-DEC-1899"), "30.12.1899 00:00:00");
        assert_eq!(t(SQL_TYPE_TIME, "08:05:00.0000"), "08:05:00");
        assert_eq!(t(SQL_INT64, "1536.21"), serde_json::json!(1536.21));
        assert_eq!(t(SQL_LONG, "110"), serde_json::json!(110));
        assert_eq!(t(SQL_DOUBLE, "2.350000000000000"), serde_json::json!(2.35));
        assert_eq!(json_value(&col(SQL_LONG, SqlType::Null)), Value::Null);
        assert_eq!(
            strip_sql(" select 1 from rdb$database ;; \n"),
            "select 1 from rdb$database"
        );
    }
}
