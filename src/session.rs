//! One client connection: read a line, run its command, write exactly one reply.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use chrono::Local;

use crate::cmd::{Command, ProtocolError, Response};
use crate::context::{Instance, Shared};
use crate::crypto::{cp1251, PayloadKey};
use crate::events::Event;
use crate::limits::{suppressed_note, LogBudget, TokenBucket, PRE_LOGIN_MAX_LINE};
use crate::logging::escape;
use crate::metrics::Metrics;
use crate::registry::SessionHandle;
use crate::relay;
use crate::trace;
use crate::wire::{LineReader, ReadError, Request, SharedSocket, MAX_LINE};

/// How long a reply may take to be written before the client is considered gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The state a command works on. Dropping it releases everything the session holds (registry
/// entry, per-address counts, waiting relay, socket, the live-session counter), so a session
/// thread that ends in any way (a return, a panic outside the command guard) never leaks its
/// slot (issue 14 finding 1).
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
    /// ERRL reports this session may still store (`ErrlPerMinute`).
    pub errl_bucket: TokenBucket,
    /// ERRL reports dropped since the last stored one.
    pub errl_dropped: u64,
    /// INFO attempts that failed while the session was unidentified.
    pub failed_info: u32,
    /// Warning lines this session may still write.
    log_budget: LogBudget,
    /// Why the session ended, once known; `None` at drop means the thread panicked.
    end_reason: Option<String>,
}

impl Session {
    pub fn trace_info_keys(&self, pairs: &[(Vec<u8>, Vec<u8>)]) {
        if self.instance.config.trace_log {
            let names: Vec<String> = pairs
                .iter()
                .map(|(k, _)| escape(&cp1251::to_utf8(k)).into_owned())
                .collect();
            trace::info_keys(self.handle.id, &names);
        }
    }

    /// A warning about this session, within its log budget.
    fn warn(&mut self, args: std::fmt::Arguments<'_>) {
        if let Some(suppressed) = self.log_budget.allow() {
            log::warn!(
                "S{} {}: {args}{}",
                self.handle.id,
                self.handle.peer,
                suppressed_note(suppressed)
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let reason = self
            .handle
            .close_reason()
            .or_else(|| self.end_reason.take())
            .unwrap_or_else(|| "session thread panicked".to_string());
        let suppressed = self.log_budget.pending();
        if suppressed > 0 {
            log::warn!(
                "S{} {}: {suppressed} warning lines about this session were suppressed",
                self.handle.id,
                self.handle.peer
            );
        }
        finish(&self.shared, &self.handle, self.announced, reason);
    }
}

/// The line limit for the session's state: short until INFO has identified the client.
fn line_limit(handle: &SessionHandle) -> usize {
    if handle.is_identified() {
        MAX_LINE
    } else {
        PRE_LOGIN_MAX_LINE
    }
}

/// Runs one request with a panic guard: a panicking handler becomes a 505 reply and a log
/// line, and the session goes on.
fn handle_request(session: &mut Session, line: &[u8]) -> Result<Response, ProtocolError> {
    let request = Request::parse(line);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Command::parse(&request).and_then(|c| c.apply(session))
    }));
    let outcome = match outcome {
        Ok(o) => o,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Metrics::inc(&session.shared.metrics.handler_panics);
            log::error!(
                "S{} {}: {} handler panicked: {}",
                session.handle.id,
                session.handle.peer,
                escape(&request.verb.chars().take(16).collect::<String>()),
                escape(&what)
            );
            Err(ProtocolError::Internal(what))
        }
    };
    if let Err(err) = &outcome {
        Metrics::inc(&session.shared.metrics.protocol_errors);
        if matches!(err, ProtocolError::NotIdentified(_)) {
            Metrics::inc(&session.shared.metrics.unidentified_refused);
        }
        let verb: String = request.verb.chars().take(16).collect();
        let names: String = request
            .param_names()
            .iter()
            .take(16)
            .map(|n| n.chars().take(32).collect::<String>())
            .collect::<Vec<_>>()
            .join(",");
        let mut shown = format!("{} {}", escape(&verb), escape(&names));
        if verb == "ERRL"
            && matches!(
                err,
                ProtocolError::NoInit(_) | ProtocolError::NotIdentified(_)
            )
        {
            // Not stored, but a real client that fails to log in says why here.
            let text = cp1251::to_utf8(&request.rest[..request.rest.len().min(200)]);
            shown = format!("ERRL \"{}\"", escape(&text));
        }
        let code = err.code();
        session.warn(format_args!("{shown}: {err} → {code}"));
    }
    outcome
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
    let errl_per_minute = shared.config.limits.errl_per_minute;
    let mut session = Session {
        shared: shared.clone(),
        instance,
        handle: handle.clone(),
        key: None,
        host_raw: Vec::new(),
        announced: false,
        errl_bucket: TokenBucket::per_minute(errl_per_minute),
        errl_dropped: 0,
        failed_info: 0,
        log_budget: LogBudget::new(),
        end_reason: None,
    };
    let mut reader = LineReader::new(SharedSocket(stream.clone()), PRE_LOGIN_MAX_LINE);
    let mut writer: &TcpStream = &stream;
    if trace_on {
        trace::connected(handle.id, &handle.peer);
    }
    let reason = loop {
        reader.set_max(line_limit(&handle));
        let line = match reader.read_line() {
            Ok(Some(line)) => line,
            Ok(None) => break "client closed the connection".to_string(),
            Err(ReadError::TooLong(max)) => {
                let err = ProtocolError::LineTooLong;
                session.warn(format_args!("line longer than {max} bytes: closing"));
                Metrics::inc(&shared.metrics.protocol_errors);
                let _ = send(
                    &mut writer,
                    &shared,
                    err.reply().into(),
                    trace_on,
                    trace_data,
                    handle.id,
                );
                break format!("line longer than {max} bytes");
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
        let (response, close) = match handle_request(&mut session, line) {
            Ok(r) => (r, false),
            Err(err) => (err.reply().into(), err.closes()),
        };
        let code = match &response {
            Response::Reply(r) => r.code,
            Response::Download(_) => 200,
        };
        match send(
            &mut writer,
            &shared,
            response,
            trace_on,
            trace_data,
            handle.id,
        ) {
            Ok(true) => {}
            Ok(false) => break "update file changed while being sent".to_string(),
            Err(e) => break format!("write error: {e}"),
        }
        if close {
            break format!("closed after {code} reply");
        }
        if shared.shutdown.is_triggered() {
            break "server shutdown".to_string();
        }
    };
    session.end_reason = Some(reason);
    // Dropping `session` unregisters it and records the disconnection.
}

/// Writes one response; `Ok(false)` when a streamed file came out short.
fn send(
    writer: &mut &TcpStream,
    shared: &Shared,
    response: Response,
    trace_on: bool,
    trace_data: bool,
    id: u64,
) -> std::io::Result<bool> {
    match response {
        Response::Reply(reply) => {
            let bytes = reply.encode();
            if trace_on {
                trace::reply_out(id, &bytes, trace_data);
            }
            writer.write_all(&bytes)?;
            Metrics::add(&shared.metrics.bytes_out, bytes.len() as u64);
            Ok(true)
        }
        Response::Download(d) => {
            let (name, size) = (d.name.clone(), d.size);
            // Whole Base64 lines of 64 KiB go to the socket; the file never sits in memory.
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, *writer);
            let (written, complete) = d.write_to(&mut out)?;
            out.flush()?;
            Metrics::add(&shared.metrics.bytes_out, written);
            if trace_on {
                let shown = crate::assumed::dwnl_reply(
                    size as usize,
                    format!("<{written} bytes streamed>"),
                );
                trace::reply_out(id, &shown.encode(), true);
            }
            if !complete {
                log::warn!("S{id}: update file {name} changed size while being sent: closing");
            }
            Ok(complete)
        }
    }
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
        escape(&reason),
        object_id
            .as_deref()
            .map(|o| format!(" client {}", escape(o)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::net::TcpListener;

    use crate::config::Config;
    use crate::events::Events;
    use crate::registry::AdmitCaps;
    use crate::shutdown::Shutdown;

    const INI: &str = "[COMMONSETTINGS]\n[SRV_1_COMMON]\n[SRV_1_HTTP]\n[SRV_1_TCP]\n";

    /// Issue 14 finding 1: whatever ends a session thread, a panic included, its registry
    /// entry, per-address counts, live counter and socket are released.
    #[test]
    fn a_panicking_session_thread_releases_its_slot() {
        let env: BTreeMap<String, String> = BTreeMap::new();
        let config = Config::from_text("t.ini", INI, std::path::Path::new("/tmp"), &env).unwrap();
        let (events, _rx) = Events::new();
        let shared = Arc::new(Shared::new(config, events, Shutdown::new(), None));
        let instance = shared.instances[0].clone();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server_side, peer) = listener.accept().unwrap();
        let handle = Arc::new(SessionHandle::new(
            1,
            "u1".into(),
            1,
            peer,
            Arc::new(server_side),
        ));
        let caps = AdmitCaps {
            total: 10,
            per_ip: 10,
            unidentified_per_ip: 10,
        };
        shared.registry.add(handle.clone(), caps).unwrap();
        Metrics::inc(&shared.metrics.sessions_current);
        assert_eq!(shared.registry.per_address(peer.ip()), (1, 1));
        let (s, h) = (shared.clone(), handle.clone());
        let thread = std::thread::spawn(move || {
            let _session = Session {
                shared: s,
                instance,
                handle: h,
                key: None,
                host_raw: Vec::new(),
                announced: false,
                errl_bucket: TokenBucket::per_minute(1),
                errl_dropped: 0,
                failed_info: 0,
                log_budget: LogBudget::new(),
                end_reason: None,
            };
            panic!("a handler bug outside the command guard");
        });
        assert!(thread.join().is_err());
        assert_eq!(shared.registry.count(), 0);
        assert_eq!(shared.registry.per_address(peer.ip()), (0, 0));
        assert_eq!(Metrics::get(&shared.metrics.sessions_current), 0);
        assert_eq!(
            handle.close_reason().as_deref(),
            Some("session thread panicked")
        );
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 1];
        assert_eq!(client.read(&mut buf).unwrap_or(0), 0, "socket closed");
    }
}
