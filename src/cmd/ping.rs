//! `PING` → `200`: keeps the connection alive (the idle timer is refreshed for every request).

use crate::cmd::ProtocolError;
use crate::metrics::Metrics;
use crate::session::Session;
use crate::wire::Reply;

pub fn apply(session: &mut Session) -> Result<Reply, ProtocolError> {
    Metrics::inc(&session.shared.metrics.pings);
    Ok(Reply::ok())
}
