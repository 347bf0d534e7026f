//! `INFO DATA=<enc>` → `200 DATA=<enc>`: identifies the client database through the auth
//! REST API and registers the session under its object ID (protocol.md §4, http-api.md §4).

use chrono::Local;

use crate::assumed::info_keys;
use crate::auth_client::{AuthError, ObjectInfoRequest, Subscription};
use crate::cmd::{decode_limited, require_data, require_key, ProtocolError};
use crate::crypto::{cp1251, encode_payload};
use crate::events::{AuthOutcome, Event};
use crate::limits::{INFO_MAX_PLAINTEXT, MAX_FAILED_INFO};
use crate::logging::escape;
use crate::metrics::Metrics;
use crate::registry::Duplicate;
use crate::session::Session;
use crate::tstrings;
use crate::wire::{Reply, Request};

#[derive(Debug)]
pub struct Info<'a> {
    data: &'a [u8],
}

impl<'a> Info<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Info<'a>, ProtocolError> {
        Ok(Info {
            data: require_data(req)?,
        })
    }

    pub fn apply(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let result = self.identify(session);
        if result.is_err() && session.handle.object_id().is_none() {
            session.failed_info += 1;
            if session.failed_info >= MAX_FAILED_INFO {
                return Err(ProtocolError::TooManyFailedInfo(session.failed_info));
            }
        }
        result
    }

    fn identify(self, session: &mut Session) -> Result<Reply, ProtocolError> {
        let key = require_key(session, "INFO")?;
        let plain = decode_limited(&key, self.data, INFO_MAX_PLAINTEXT)?;
        let pairs = tstrings::parse(&plain);
        session.trace_info_keys(&pairs);
        // Cut to the columns before anything uses the values (REST, events, logs).
        let request = build_request(&pairs, session).cut_to_columns();
        let shared = session.shared.clone();
        let drops_both = shared.config.limits.duplicate_drops_both;
        if request.object_id != "-1" {
            if let Err(d) =
                shared
                    .registry
                    .check_duplicate(&session.handle, &request.object_id, drops_both)
            {
                return Err(refuse_duplicate(session, request.object_id, "claimed", d));
            }
        } else if !shared.registry.try_new_object(
            session.handle.peer.ip(),
            shared.config.limits.new_objects_per_ip_hour,
        ) {
            Metrics::inc(&shared.metrics.new_objects_refused);
            return Err(ProtocolError::NewObjectRefused(format!(
                "{} new objects from {} in the last hour (NewObjectsPerIPPerHour)",
                shared.config.limits.new_objects_per_ip_hour,
                session.handle.peer.ip()
            )));
        }
        let subscription = authorise(session, &request)?;

        // A claim that raced another for the same ID: the same rule, after the auth call.
        if let Err(d) =
            shared
                .registry
                .register(&session.handle, &subscription.object_id, drops_both)
        {
            return Err(refuse_duplicate(
                session,
                subscription.object_id,
                "registered",
                d,
            ));
        }
        {
            let mut info = session.handle.info();
            info.object_name = subscription.object_name.clone();
            info.customer_name = subscription.customer_name.clone();
            info.expire_date = subscription.expire_date;
            info.active = subscription.active;
            info.db_type = request.db_type.clone();
        }
        Metrics::inc(&session.shared.metrics.identified);
        let events = &session.shared.events;
        events.emit(Event::ClientIdentified {
            uid: events.next_uid(),
            session_uid: session.handle.uid.clone(),
            object_id: subscription.object_id.clone(),
            at: Local::now(),
        });
        log::info!(
            "S{} {}: client {} ({}) identified, expires {}, {}",
            session.handle.id,
            session.handle.peer,
            escape(&subscription.object_id),
            escape(&request.host),
            subscription
                .expire_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
            if subscription.active {
                "active"
            } else {
                "not active"
            }
        );

        let now = Local::now();
        let reply = tstrings::build(&[
            ("ID", subscription.object_id.clone()),
            (
                "EX",
                subscription
                    .expire_date
                    .map(|d| d.format("%y%m%d").to_string())
                    .unwrap_or_else(|| "000000".into()),
            ),
            (
                "EN",
                if subscription.active { "-1" } else { "0" }.to_string(),
            ),
            ("CD", now.format("%y%m%d").to_string()),
            ("CT", now.format("%H%M%S").to_string()),
        ]);
        let data = encode_payload(&key, &cp1251::from_utf8(&String::from_utf8_lossy(&reply)));
        Ok(Reply::text(
            200,
            format!("{}={data}", crate::assumed::DATA_PARAM).into_bytes(),
        ))
    }
}

/// A claim refused by the duplicate rule (the registry applied it): logged and counted.
fn refuse_duplicate(
    session: &Session,
    object_id: String,
    what: &str,
    d: Duplicate,
) -> ProtocolError {
    let shared = &session.shared;
    Metrics::inc(&shared.metrics.duplicate_claims);
    Metrics::inc(&shared.metrics.info_failed);
    let outcome = if shared.config.limits.duplicate_drops_both {
        "both connections dropped"
    } else {
        "claim refused, live connection kept"
    };
    log::warn!(
        "S{} {}: duplicate client id {} {what} while live on S{} {}: {outcome}{}",
        session.handle.id,
        session.handle.peer,
        escape(&object_id),
        d.live_id,
        d.live_peer,
        if what == "claimed" {
            " (auth server not called)"
        } else {
            ""
        }
    );
    ProtocolError::DuplicateId(object_id)
}

fn build_request(pairs: &[(Vec<u8>, Vec<u8>)], session: &Session) -> ObjectInfoRequest {
    let get = |k: &str| {
        tstrings::value(pairs, k)
            .map(|v| cp1251::to_utf8(v).trim().to_string())
            .unwrap_or_default()
    };
    let info = session.handle.info().clone();
    let or = |a: String, b: &str| if a.is_empty() { b.to_string() } else { a };
    ObjectInfoRequest {
        object_id: or(get(info_keys::OBJECT_ID), "-1").to_lowercase(),
        object_name: get(info_keys::OBJECT_NAME),
        customer_name: get(info_keys::CUSTOMER_NAME),
        eik: get(info_keys::EIK),
        address: get(info_keys::ADDRESS),
        // INIT's HST/ATP/AVR are the evidence-backed values; INFO's keys are ASSUMED.
        host: or(info.host.clone(), &get(info_keys::HOST)),
        app_ip: session.handle.peer.ip().to_string(),
        app_type: or(info.app.clone(), &get(info_keys::APP_TYPE)),
        app_version: or(info.version.clone(), &get(info_keys::APP_VERSION)),
        db_type: get(info_keys::DB_TYPE),
        comment: String::new(),
    }
}

/// Asks the auth server; when it is unreachable, an existing object falls back to its last
/// known subscription in the database. A new client (`-1`) has no fallback.
fn authorise(session: &Session, req: &ObjectInfoRequest) -> Result<Subscription, ProtocolError> {
    let shared = &session.shared;
    let events = &shared.events;
    let emit = |outcome: AuthOutcome, object_id: &str, message: String| {
        events.emit(Event::Auth {
            uid: events.next_uid(),
            object_id: object_id.to_string(),
            host: req.host.clone(),
            peer_ip: req.app_ip.clone(),
            outcome,
            message,
            at: Local::now(),
        });
    };
    Metrics::inc(&shared.metrics.auth_calls);
    match session.instance.auth.object_info(req) {
        Ok(sub) => {
            emit(AuthOutcome::Authorised, &sub.object_id, "OK".into());
            Ok(sub)
        }
        Err(AuthError::Refused { result, message }) => {
            Metrics::inc(&shared.metrics.info_failed);
            log::warn!(
                "S{} {}: auth server refused object {} ({}): result {result}: {}",
                session.handle.id,
                session.handle.peer,
                escape(&req.object_id),
                escape(&req.host),
                escape(&message)
            );
            emit(
                AuthOutcome::Refused,
                &req.object_id,
                format!("result {result}: {message}"),
            );
            Err(ProtocolError::InitFailed(format!(
                "auth result {result}: {message}"
            )))
        }
        Err(e) => {
            Metrics::inc(&shared.metrics.auth_failures);
            shared.status.update(|h| {
                h.auth_reachable = Some(false);
                h.auth_last_error = Some(e.to_string());
            });
            let fallback = if req.object_id != "-1" {
                shared
                    .subscriptions
                    .as_ref()
                    .and_then(|s| match s.last_known(&req.object_id) {
                        Ok(found) => found,
                        Err(db) => {
                            log::warn!("auth fallback: database lookup failed: {db}");
                            None
                        }
                    })
            } else {
                None
            };
            match fallback {
                Some(mut sub) => {
                    Metrics::inc(&shared.metrics.auth_fallbacks);
                    log::warn!(
                        "S{} {}: {}; object {} admitted from its database subscription",
                        session.handle.id,
                        session.handle.peer,
                        escape(&e.to_string()),
                        escape(&req.object_id)
                    );
                    if sub.customer_name.is_empty() {
                        sub.customer_name = req.customer_name.clone();
                    }
                    emit(AuthOutcome::Fallback, &req.object_id, e.to_string());
                    Ok(sub)
                }
                None => {
                    Metrics::inc(&shared.metrics.info_failed);
                    log::warn!(
                        "S{} {}: {}; object {} refused (no fallback)",
                        session.handle.id,
                        session.handle.peer,
                        escape(&e.to_string()),
                        escape(&req.object_id)
                    );
                    emit(AuthOutcome::Unreachable, &req.object_id, e.to_string());
                    Err(ProtocolError::InitFailed(e.to_string()))
                }
            }
        }
    }
}
