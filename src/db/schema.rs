//! The schema-version check: which `dreports` schema the database has, and whether this
//! server may write to it.
//!
//! Version 1 is the legacy production schema (no `t_schema_version` table), version 2 adds
//! the server's tables (`migrations/002_server_tables.sql`, or `schema.sql` for a new
//! database). The server refuses to write to an older schema and names the migration to
//! run; it keeps serving TCP/HTTP and spools its events meanwhile.

use mysql::prelude::Queryable;
use mysql::PooledConn;

use super::DbError;

/// The schema version this server writes to.
pub const REQUIRED_VERSION: i64 = 2;

/// The migration files, by the version they bring the database to.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, "migrations/001_legacy_schema.sql"),
    (2, "migrations/002_server_tables.sql"),
    // dreport only (the server does not read the column, so REQUIRED_VERSION stays 2).
    (3, "migrations/003_object_expense_group.sql"),
    // dreport only: d_timeoffset values outside 0-8 reset to 0 (business-day offset).
    (4, "migrations/004_business_day_offset.sql"),
    // dreport only: t_opertype rows of item management (150-152).
    (5, "migrations/005_item_change_events.sql"),
];

/// The migrations that bring a database at `found` to [`REQUIRED_VERSION`].
pub fn migrations_after(found: i64) -> String {
    if found <= 0 {
        return "schema.sql (a new, empty database; or migrations 001 and 002 in order)".into();
    }
    MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > found && *v <= REQUIRED_VERSION)
        .map(|(_, f)| *f)
        .collect::<Vec<_>>()
        .join(" then ")
}

/// The database's schema version: `MAX(sv_version)`, or 1 when only the legacy tables
/// exist, or 0 for a database without them.
pub fn version(conn: &mut PooledConn) -> Result<i64, DbError> {
    let has = |conn: &mut PooledConn, table: &str| -> Result<bool, DbError> {
        let n: Option<i64> = conn.exec_first(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
            (table,),
        )?;
        Ok(n.unwrap_or(0) > 0)
    };
    if has(conn, "t_schema_version")? {
        let v: Option<Option<i64>> =
            conn.exec_first("SELECT MAX(sv_version) FROM t_schema_version", ())?;
        return Ok(v.flatten().unwrap_or(1));
    }
    Ok(if has(conn, "t_subscriptions")? { 1 } else { 0 })
}

/// `Ok(version)` when the server may write, else [`DbError::SchemaTooOld`] naming the
/// migration(s) to run.
pub fn check(conn: &mut PooledConn) -> Result<i64, DbError> {
    let found = version(conn)?;
    if found < REQUIRED_VERSION {
        return Err(DbError::SchemaTooOld {
            found,
            required: REQUIRED_VERSION,
            migration: migrations_after(found),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_migration_to_run() {
        assert_eq!(migrations_after(1), "migrations/002_server_tables.sql");
        assert!(migrations_after(0).starts_with("schema.sql"));
        assert_eq!(migrations_after(2), "");
        let e = DbError::SchemaTooOld {
            found: 1,
            required: 2,
            migration: migrations_after(1),
        };
        assert!(e.to_string().contains("002_server_tables.sql"), "{e}");
    }
}
