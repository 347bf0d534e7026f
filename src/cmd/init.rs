//! `INIT ID=<k> DT=<yymmdd> TM=<hhmmss> HST=<host> ATP=<exe> AVR=<version>` →
//! `200-KEY=<4 hex>` / `200 LEN=<1..6>`: agrees the session key (protocol.md §4).

use chrono::{Local, NaiveDateTime};
use rand::Rng;

use crate::auth_client::{cut, widths};
use crate::cmd::ProtocolError;
use crate::crypto::{cp1251, session_key, PayloadKey};
use crate::events::Event;
use crate::metrics::Metrics;
use crate::session::Session;
use crate::wire::{Reply, Request};

#[derive(Debug)]
pub struct Init<'a> {
    dict_id: usize,
    host: &'a [u8],
    app: &'a [u8],
    version: &'a [u8],
    client_time: Option<NaiveDateTime>,
}

impl<'a> Init<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Init<'a>, ProtocolError> {
        let id = req
            .param("ID")
            .ok_or_else(|| ProtocolError::BadKey("INIT without ID".into()))?;
        let dict_id = std::str::from_utf8(id)
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| {
                ProtocolError::BadKey(format!(
                    "INIT ID={:?} not 1..10",
                    String::from_utf8_lossy(id)
                ))
            })?;
        let client_time = match (req.param("DT"), req.param("TM")) {
            (Some(d), Some(t)) => {
                let s = format!(
                    "{}{}",
                    String::from_utf8_lossy(d),
                    String::from_utf8_lossy(t)
                );
                NaiveDateTime::parse_from_str(&s, "%y%m%d%H%M%S").ok()
            }
            _ => None,
        };
        Ok(Init {
            dict_id,
            host: req.param("HST").unwrap_or_default(),
            app: req.param("ATP").unwrap_or_default(),
            version: req.param("AVR").unwrap_or_default(),
            client_time,
        })
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let mut rng = rand::thread_rng();
        let key_text = format!("{:04X}", rng.gen::<u16>());
        let len: usize = rng.gen_range(1..=6);
        let key = session_key(key_text.as_bytes(), len, self.dict_id, self.host)
            .ok_or_else(|| ProtocolError::BadKey("dictionary index".into()))?;
        session.key = Some(PayloadKey::new(&key));
        session.host_raw = self.host.to_vec();
        let now = Local::now();
        // Cut to the columns (t_client_connections, t_subscriptions) before any use.
        let host = cut(&cp1251::to_utf8(self.host), widths::HOST);
        let app = cut(&cp1251::to_utf8(self.app), widths::APP_TYPE);
        let version = cut(&cp1251::to_utf8(self.version), widths::APP_VERSION);
        {
            let mut info = session.handle.info();
            info.host = host.clone();
            info.app = app.clone();
            info.version = version.clone();
            info.clock_skew_secs = self
                .client_time
                .map(|t| (t - now.naive_local()).num_seconds());
        }
        Metrics::inc(&session.shared.metrics.handshakes);
        if !session.announced {
            session.announced = true;
            let events = &session.shared.events;
            events.emit(Event::ClientConnected {
                uid: events.next_uid(),
                session_uid: session.handle.uid.clone(),
                peer_ip: session.handle.peer.ip().to_string(),
                host,
                app,
                version,
                at: session.handle.connected_at,
            });
        }
        Ok(Reply::lines(
            200,
            vec![
                format!("KEY={key_text}").into_bytes(),
                format!("LEN={len}").into_bytes(),
            ],
        ))
    }
}
