//! `bos-client shopdb fill`: runs the generator into an empty shop database (made by
//! `scripts/shop-db.sh` from etc/shopdb/schema.sql) in one transaction.

use std::collections::HashMap;

use rsfbclient::{prelude::*, FbError, SqlType, Transaction};

use super::fb;
use super::generate::{generate, Sink, Spec, Summary, Val};

struct FbSink<'t, 'c> {
    tr: &'t mut Transaction<'c, rsfbclient::managed::NativeFbClient<fb::DynLoad>>,
    sql: HashMap<&'static str, String>,
    rows: u64,
}

impl Sink for FbSink<'_, '_> {
    type Error = FbError;

    fn row(
        &mut self,
        table: &'static str,
        cols: &'static str,
        vals: Vec<Val>,
    ) -> Result<(), FbError> {
        let sql = self.sql.entry(cols).or_insert_with(|| {
            let marks = vec!["?"; vals.len()].join(",");
            format!("INSERT INTO {table} ({cols}) VALUES ({marks})")
        });
        let params: Vec<SqlType> = vals
            .into_iter()
            .map(|v| match v {
                Val::Int(i) => SqlType::Integer(i),
                Val::Text(s) => SqlType::Text(s),
                Val::Null => SqlType::Null,
            })
            .collect();
        self.tr.execute(sql, params)?;
        self.rows += 1;
        Ok(())
    }

    fn statement(&mut self, sql: &str) -> Result<(), FbError> {
        self.tr.execute_immediate(sql)
    }
}

/// Fills `db` (a path the embedded engine opens) and commits; returns what was generated
/// and the number of rows inserted.
pub fn fill(db: &str, spec: &Spec) -> Result<(Summary, u64), FbError> {
    let mut conn = fb::connect(db)?;
    let result = conn.with_transaction(|tr| {
        let mut sink = FbSink {
            tr,
            sql: HashMap::new(),
            rows: 0,
        };
        let s = generate(spec, &mut sink)?;
        Ok((s, sink.rows))
    });
    conn.close()?;
    result
}
