//! `t_subscriptions` as INFO's fallback when the auth REST server is unreachable
//! (http-api.md §4): the object's last known subscription, as dreport last wrote it.

use std::sync::Arc;

use mysql::prelude::Queryable;

use crate::auth_client::{parse_date, Subscription, SubscriptionStore};

use super::Database;

/// The database's subscriptions, for [`crate::context::Shared::subscriptions`].
pub struct DbSubscriptions {
    db: Arc<Database>,
}

impl DbSubscriptions {
    pub fn new(db: Arc<Database>) -> Self {
        DbSubscriptions { db }
    }
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

impl SubscriptionStore for DbSubscriptions {
    fn last_known(&self, object_id: &str) -> Result<Option<Subscription>, String> {
        let mut conn = self.db.conn().map_err(|e| e.to_string())?;
        let row: Option<Row> = conn
            .exec_first(
                "SELECT s_objectid, s_objectname, s_customername, \
                 DATE_FORMAT(s_expiredate, '%Y-%m-%d'), CAST(s_active AS SIGNED) \
                 FROM t_subscriptions WHERE s_objectid = ?",
                (object_id,),
            )
            .map_err(|e| format!("database: {e}"))?;
        Ok(
            row.map(|(id, name, customer, expire, active)| Subscription {
                object_id: id,
                object_name: name.unwrap_or_default(),
                customer_name: customer.unwrap_or_default(),
                expire_date: expire.as_deref().and_then(parse_date),
                active: active.unwrap_or(0) != 0,
            }),
        )
    }
}
