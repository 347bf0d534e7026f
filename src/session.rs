//! One client connection: read a line, run its command, write exactly one reply.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use chrono::Local;

use crate::cmd::{Command, ProtocolError};
use crate::context::{Instance, Shared};
use crate::crypto::{cp1251, PayloadKey};
use crate::events::Event;
use crate::metrics::Metrics;
use crate::registry::SessionHandle;
use crate::relay;
use crate::trace;
use crate::wire::{LineReader, ReadError, Reply, Request, SharedSocket, MAX_LINE};

/// How long a reply may take to be written before the client is considered gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The state a command works on.
pub struct Session {
    pub shared: Arc<Shared>,
    pub instance: Arc<Instance>,
    pub handle: Arc<SessionHandle>,
    /// Known after INIT.
    pub key: Option<PayloadKey>,
    /// INIT's HST as sent (cp1251).
    pub host_raw: Vec<u8>,
    /// Whether the connection-history row was started (first INIT).
    pub announced: bool,
}

impl Session {
    pub fn trace_info_keys(&self, pairs: &[(Vec<u8>, Vec<u8>)]) {
        if self.instance.config.trace_log {
            let names: Vec<String> = pairs.iter().map(|(k, _)| cp1251::to_utf8(k)).collect();
            trace::info_keys(self.handle.id, &names);
        }
    }
}

/// Runs a session to its end on the current thread.
pub fn run(
    shared: Arc<Shared>,
    instance: Arc<Instance>,
    handle: Arc<SessionHandle>,
    stream: Arc<TcpStream>,
) {
    let _ = stream.set_nodelay(true);
    // A backstop: the watchdog closes idle sessions earlier.
    let _ = stream.set_read_timeout(Some(instance.config.idle_timeout + Duration::from_secs(30)));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let trace_on = instance.config.trace_log;
    let trace_data = instance.config.trace_data;
    let mut reader = LineReader::new(SharedSocket(stream.clone()), MAX_LINE);
    let mut writer: &TcpStream = &stream;
    let mut session = Session {
        shared: shared.clone(),
        instance,
        handle: handle.clone(),
        key: None,
        host_raw: Vec::new(),
        announced: false,
    };
    if trace_on {
        trace::connected(handle.id, &handle.peer);
    }
    let reason = loop {
        let line = match reader.read_line() {
            Ok(Some(line)) => line,
            Ok(None) => break "client closed the connection".to_string(),
            Err(ReadError::TooLong(max)) => {
                let err = ProtocolError::LineTooLong;
                log::warn!(
                    "S{} {}: line longer than {max} bytes: closing",
                    handle.id,
                    handle.peer
                );
                Metrics::inc(&shared.metrics.protocol_errors);
                let _ = send(
                    &mut writer,
                    &shared,
                    &err.reply(),
                    trace_on,
                    trace_data,
                    handle.id,
                );
                break "line too long".to_string();
            }
            Err(ReadError::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                break "idle timeout".to_string();
            }
            Err(ReadError::Truncated(n)) => {
                break format!("connection lost in the middle of a line ({n} bytes discarded)")
            }
            Err(ReadError::Io(e)) => break format!("read error: {e}"),
        };
        handle.touch();
        Metrics::add(&shared.metrics.bytes_in, line.len() as u64 + 2);
        if trace_on {
            trace::line_in(handle.id, line, trace_data);
        }
        let request = Request::parse(line);
        let outcome = Command::parse(&request).and_then(|c| c.apply(&mut session));
        let (reply, close) = match outcome {
            Ok(reply) => (reply, false),
            Err(err) => {
                Metrics::inc(&shared.metrics.protocol_errors);
                log::warn!(
                    "S{} {}: {} {}: {err} → {}",
                    handle.id,
                    handle.peer,
                    request.verb.chars().take(16).collect::<String>(),
                    request.param_names().join(","),
                    err.code()
                );
                (err.reply(), err.closes())
            }
        };
        if let Err(e) = send(
            &mut writer,
            &shared,
            &reply,
            trace_on,
            trace_data,
            handle.id,
        ) {
            break format!("write error: {e}");
        }
        if close {
            break format!("closed after {} reply", reply.code);
        }
        if shared.shutdown.is_triggered() {
            break "server shutdown".to_string();
        }
    };
    let reason = handle.close_reason().unwrap_or(reason);
    finish(&shared, &handle, session.announced, reason);
}

fn send(
    writer: &mut &TcpStream,
    shared: &Shared,
    reply: &Reply,
    trace_on: bool,
    trace_data: bool,
    id: u64,
) -> std::io::Result<()> {
    let bytes = reply.encode();
    if trace_on {
        trace::reply_out(id, &bytes, trace_data);
    }
    writer.write_all(&bytes)?;
    Metrics::add(&shared.metrics.bytes_out, bytes.len() as u64);
    Ok(())
}

/// Unregisters the session, fails a waiting relay at once, records the disconnection.
fn finish(shared: &Shared, handle: &Arc<SessionHandle>, announced: bool, reason: String) {
    relay::close(handle);
    shared.registry.remove(handle);
    handle.close(&reason);
    shared
        .metrics
        .sessions_current
        .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    let object_id = handle.object_id();
    log::info!(
        "S{} {}: disconnected ({}){}",
        handle.id,
        handle.peer,
        reason,
        object_id
            .as_deref()
            .map(|o| format!(" client {o}"))
            .unwrap_or_default()
    );
    if announced {
        shared.events.emit(Event::ClientDisconnected {
            uid: shared.events.next_uid(),
            session_uid: handle.uid.clone(),
            object_id,
            reason,
            at: Local::now(),
        });
    }
    trace::disconnected(handle.id);
}
