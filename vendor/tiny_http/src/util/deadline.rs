//! PATCHED (CloudReportServer, see PATCHES.md): a total deadline per request phase.
//!
//! A socket read timeout only bounds the gap between two bytes, so a client sending one byte
//! every few seconds (slowloris) could keep a connection and its thread forever. The
//! connection thread arms a [`Deadline`] when a request's first byte arrives (headers) and
//! again when the headers are complete (body); every read on the socket then waits at most
//! until that instant, and a read after it fails with `TimedOut`. The body reader disarms it
//! when it is dropped, before the next request may read, so keep-alive idle time between
//! requests is governed by the plain socket timeout only.

use std::io::{Error as IoError, ErrorKind, Read, Result as IoResult};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The instant the current request phase must be complete by, shared by the connection
/// thread (which arms it) and the socket's read half (which enforces it).
#[derive(Debug)]
pub struct Deadline {
    at: Mutex<Option<Instant>>,
    /// The socket's own read timeout (the idle limit), restored when no deadline is armed.
    pub(crate) idle: Option<Duration>,
}

impl Deadline {
    pub fn new(idle: Option<Duration>) -> Arc<Deadline> {
        Arc::new(Deadline {
            at: Mutex::new(None),
            idle,
        })
    }

    /// Arms the deadline `limit` from now; `None` disarms it.
    pub fn arm(&self, limit: Option<Duration>) {
        *self.at.lock().unwrap_or_else(|p| p.into_inner()) = limit.map(|l| Instant::now() + l);
    }

    pub fn get(&self) -> Option<Instant> {
        *self.at.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The error a read past the deadline gets (tiny_http answers it with `408`).
pub fn deadline_passed() -> IoError {
    IoError::new(ErrorKind::TimedOut, "request not received within its deadline")
}

/// A body reader that disarms the connection's deadline when the request is done with it.
pub struct DisarmOnDrop<R> {
    pub inner: R,
    pub deadline: Option<Arc<Deadline>>,
}

impl<R: Read> Read for DisarmOnDrop<R> {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        self.inner.read(buf)
    }
}

impl<R> Drop for DisarmOnDrop<R> {
    fn drop(&mut self) {
        // Runs before `inner` is dropped, i.e. before the next request gets the socket.
        if let Some(d) = &self.deadline {
            d.arm(None);
        }
    }
}
