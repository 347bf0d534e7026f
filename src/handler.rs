//! One client connection's loop: read a line, run its command, write exactly one reply.
//!
//! Like mini-redis's `Handler`: the listener ([`crate::server`]) spawns one thread per
//! connection running [`run`]; the commands ([`crate::cmd`]) change the [`Session`] state.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use crate::cmd::{Command, ProtocolError, Response};
use crate::context::{Instance, Shared};
use crate::crypto::cp1251;
use crate::limits::PRE_LOGIN_MAX_LINE;
use crate::logging::escape;
use crate::metrics::Metrics;
use crate::registry::SessionHandle;
use crate::session::Session;
use crate::trace;
use crate::wire::{LineReader, ReadError, Request, SharedSocket, MAX_LINE};

/// How long a reply may take to be written before the client is considered gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

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
        let unidentified_errl = request.verb == "ERRL"
            && matches!(
                err,
                ProtocolError::NoInit(_) | ProtocolError::NotIdentified(_)
            );
        session.warn_with(|| {
            let verb: String = request.verb.chars().take(16).collect();
            let shown = if unidentified_errl {
                // Not stored, but a real client that fails to log in says why here.
                let text = cp1251::to_utf8(&request.rest[..request.rest.len().min(200)]);
                format!("ERRL \"{}\"", escape(&text))
            } else {
                let names: Vec<String> = request
                    .params()
                    .take(16)
                    .map(|(k, _)| String::from_utf8_lossy(k).chars().take(32).collect())
                    .collect();
                format!("{} {}", escape(&verb), escape(&names.join(",")))
            };
            format!("{shown}: {err} → {}", err.code())
        });
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
    let mut session = Session::new(shared.clone(), instance, handle.clone());
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
    session.set_end_reason(reason);
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
