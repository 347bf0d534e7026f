//! Pruning of the server's history tables (`HistoryRetentionDays`), in chunks of
//! [`PRUNE_CHUNK`] rows so that no statement holds its locks for long.

use chrono::{Local, Utc};
use mysql::prelude::Queryable;

use super::{Database, DbError};

/// Rows deleted per statement when pruning.
pub const PRUNE_CHUNK: u64 = 10_000;

/// Rows deleted per table by [`prune_history`].
pub type Pruned = Vec<(&'static str, u64)>;

/// Deletes the server's history rows older than `days` days, in chunks, logging each table.
pub fn prune_history(db: &Database, days: u32) -> Result<Pruned, DbError> {
    let local_cut = (Local::now() - chrono::Duration::days(i64::from(days)))
        .naive_local()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    // t_server_applied_events.ae_applied_at is a TIMESTAMP, read in the session's UTC.
    let utc_cut = (Utc::now() - chrono::Duration::days(i64::from(days)))
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let statements: [(&'static str, &str, &String); 4] = [
        (
            "t_client_connections",
            "DELETE FROM t_client_connections WHERE cc_connected_at < ? AND (cc_disconnected_at IS NULL OR cc_disconnected_at < ?)",
            &local_cut,
        ),
        (
            "t_client_errors",
            "DELETE FROM t_client_errors WHERE ce_created_at < ?",
            &local_cut,
        ),
        (
            "t_relay_log",
            "DELETE FROM t_relay_log WHERE rl_started_at < ?",
            &local_cut,
        ),
        (
            "t_server_applied_events",
            "DELETE FROM t_server_applied_events WHERE ae_applied_at < ?",
            &utc_cut,
        ),
    ];
    let mut conn = db.conn()?;
    let mut out = Vec::new();
    for (table, sql, cut) in statements {
        let sql = format!("{sql} LIMIT {PRUNE_CHUNK}");
        let mut total = 0u64;
        loop {
            if table == "t_client_connections" {
                conn.exec_drop(&sql, (cut.as_str(), cut.as_str()))?;
            } else {
                conn.exec_drop(&sql, (cut.as_str(),))?;
            }
            let n = conn.affected_rows();
            total += n;
            if n < PRUNE_CHUNK {
                break;
            }
        }
        if total > 0 {
            log::info!(
                "cleanup: deleted {total} rows older than {days} days from {table} (HistoryRetentionDays={days})"
            );
        }
        out.push((table, total));
    }
    Ok(out)
}
