//! The server's database layer (MySQL / MariaDB `dreports`).
//!
//! Why it looks like this: the protocol threads must never wait on MySQL, and no event may be
//! lost while the database is down. So the server hands every [`Event`](crate::events::Event)
//! to a channel; one [`writer`] thread drains it, writing each batch in a transaction guarded
//! by `t_server_applied_events` (exactly-once), or appending to the on-disk [`spool`] while
//! the database is unreachable, and replays the spool in order when it is back.
//!
//! * [`Database`]: the connection pool (lazy: creating it never connects, so the server
//!   starts while the database is down).
//! * [`schema`]: the schema-version check (the server refuses to write to an older schema
//!   and names the migration to run).
//! * [`apply`]: event → rows, prepared statements only.
//! * [`store`]: `t_subscriptions` as the auth fallback of INFO.

pub mod apply;
pub mod prune;
pub mod schema;
pub mod spool;
pub mod store;
pub mod writer;

use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{OptsBuilder, Pool, PoolConstraints, PoolOpts, PooledConn};

use crate::config::DatabaseConfig;

/// How long a TCP connect to the database may take before it counts as down.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A query that does not answer within this is treated as a lost connection.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a caller waits for a free pooled connection.
pub const POOL_WAIT: Duration = Duration::from_secs(5);

/// The one error type of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Mysql(#[from] mysql::Error),
    #[error(
        "database schema version {found} is older than version {required} this server needs: run {migration} (see docs/database.md)"
    )]
    SchemaTooOld {
        found: i64,
        required: i64,
        migration: String,
    },
    #[error("spool {path}: {source}")]
    Spool {
        path: String,
        source: std::io::Error,
    },
}

impl DbError {
    /// Whether retrying later can help (connection lost, server busy or read-only, schema not
    /// yet migrated) as opposed to a row the database will never accept (bad value).
    pub fn is_retryable(&self) -> bool {
        match self {
            DbError::Mysql(mysql::Error::MySqlError(e)) => !matches!(
                e.code,
                // data errors: NULL in NOT NULL, out of range, bad value, bad string, too long,
                // wrong type, check constraint, duplicate key (a row of this uid exists
                // although the applied-events guard does not know it): retrying the same
                // row gives the same answer.
                1048 | 1062 | 1264 | 1265 | 1292 | 1366 | 1367 | 1406 | 1411 | 4025
            ),
            DbError::Mysql(_) => true,
            DbError::SchemaTooOld { .. } => true,
            DbError::Spool { .. } => true,
        }
    }
}

/// The connection pool and what it was built from.
pub struct Database {
    pool: Pool,
    /// `host:port/name` for log lines (never the password).
    target: String,
}

impl Database {
    /// Builds the pool; no connection is made here (minimum pool size 0), so this succeeds
    /// while the database is down.
    pub fn new(config: &DatabaseConfig) -> Result<Database, DbError> {
        let constraints = PoolConstraints::new(0, config.pool_size.max(1))
            .unwrap_or_else(PoolConstraints::new_const::<0, 8>);
        let pool_opts = PoolOpts::default()
            .with_constraints(constraints)
            // Our sessions keep no state beyond the init commands; skipping the reset on
            // every return keeps prepared statements cached.
            .with_reset_connection(false);
        let opts = OptsBuilder::new()
            .ip_or_hostname(Some(config.host.clone()))
            .tcp_port(config.port)
            .user(Some(config.user.clone()))
            .pass(Some(config.password.clone()))
            .db_name(Some(config.name.clone()))
            // Production talks TCP; do not switch to the server's local socket.
            .prefer_socket(false)
            .tcp_connect_timeout(Some(CONNECT_TIMEOUT))
            .read_timeout(Some(IO_TIMEOUT))
            .write_timeout(Some(IO_TIMEOUT))
            .tcp_keepalive_time_ms(Some(60_000))
            // UTF-8 everywhere; TIMESTAMP columns are written in UTC (see apply.rs) so the
            // instant is right whatever the database server's time zone.
            .init(vec![
                "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
                "SET time_zone = '+00:00'",
            ])
            .pool_opts(pool_opts);
        let pool = Pool::new(opts)?;
        Ok(Database {
            pool,
            target: format!("{}:{}/{}", config.host, config.port, config.name),
        })
    }

    /// `host:port/name`, for log lines.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// A pooled connection (connects when the pool has none idle).
    pub fn conn(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.try_get_conn(POOL_WAIT)?)
    }

    /// A cheap round trip, for the health check.
    pub fn ping(&self) -> Result<(), DbError> {
        let mut c = self.conn()?;
        c.exec_drop("SELECT 1", ())?;
        Ok(())
    }
}

/// The database for `config`, or `None` when it is disabled (no `[DATABASE] Host`, no
/// `DB_HOST`) or its settings are unusable (logged).
pub fn open(config: &DatabaseConfig) -> Option<std::sync::Arc<Database>> {
    if !config.enabled {
        log::info!("no database configured: events go to the log only");
        return None;
    }
    match Database::new(config) {
        Ok(db) => Some(std::sync::Arc::new(db)),
        Err(e) => {
            log::error!("database settings unusable, running without a database: {e}");
            None
        }
    }
}

/// `t_subscriptions` as INFO's fallback, for [`crate::context::Shared::subscriptions`].
pub fn subscription_store(
    db: &std::sync::Arc<Database>,
) -> std::sync::Arc<dyn crate::auth_client::SubscriptionStore> {
    std::sync::Arc::new(store::DbSubscriptions::new(db.clone()))
}
