//! # Simple usage
//!
//! ## Creating the server
//!
//! The easiest way to create a server is to call `Server::http()`.
//!
//! The `http()` function returns an `IoResult<Server>` which will return an error
//! in the case where the server creation fails (for example if the listening port is already
//! occupied).
//!
//! ```no_run
//! let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! ```
//!
//! A newly-created `Server` will immediately start listening for incoming connections and HTTP
//! requests.
//!
//! ## Receiving requests
//!
//! Calling `server.recv()` will block until the next request is available.
//! This function returns an `IoResult<Request>`, so you need to handle the possible errors.
//!
//! ```no_run
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//!
//! loop {
//!     // blocks until the next request is received
//!     let request = match server.recv() {
//!         Ok(rq) => rq,
//!         Err(e) => { println!("error: {}", e); break }
//!     };
//!
//!     // do something with the request
//!     // ...
//! }
//! ```
//!
//! In a real-case scenario, you will probably want to spawn multiple worker tasks and call
//! `server.recv()` on all of them. Like this:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::thread;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! let server = Arc::new(server);
//! let mut guards = Vec::with_capacity(4);
//!
//! for _ in (0 .. 4) {
//!     let server = server.clone();
//!
//!     let guard = thread::spawn(move || {
//!         loop {
//!             let rq = server.recv().unwrap();
//!
//!             // ...
//!         }
//!     });
//!
//!     guards.push(guard);
//! }
//! ```
//!
//! If you don't want to block, you can call `server.try_recv()` instead.
//!
//! ## Handling requests
//!
//! The `Request` object returned by `server.recv()` contains informations about the client's request.
//! The most useful methods are probably `request.method()` and `request.url()` which return
//! the requested method (`GET`, `POST`, etc.) and url.
//!
//! To handle a request, you need to create a `Response` object. See the docs of this object for
//! more infos. Here is an example of creating a `Response` from a file:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! ```
//!
//! All that remains to do is call `request.respond()`:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! # let request = server.recv().unwrap();
//! # let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! let _ = request.respond(response);
//! ```
#![forbid(unsafe_code)]
#![deny(rust_2018_idioms)]
#![allow(clippy::match_like_matches_macro)]
// PATCHED (CloudReportServer): upstream 0.12.0 warns about these with newer compilers.
#![allow(unused_imports, dead_code)]

#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use zeroize::Zeroizing;

use std::error::Error;
use std::io::Error as IoError;
use std::io::ErrorKind as IoErrorKind;
use std::io::Result as IoResult;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use client::ClientConnection;
use connection::Connection;
use util::MessagesQueue;

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use request::{ReadWrite, Request};
pub use response::{Response, ResponseBox};
pub use test::TestRequest;

mod client;
mod common;
mod connection;
mod request;
mod response;
mod ssl;
mod test;
mod util;

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket and the reading
///  part of all the client's connections. Requests that have already been returned by
///  the `recv()` function will not close and the responses will be transferred to the client.
pub struct Server {
    // should be false as long as the server exists
    // when set to true, all the subtasks will close within a few hundreds ms
    close: Arc<AtomicBool>,

    // queue for messages received by child threads
    messages: Arc<MessagesQueue<Message>>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,

    /// PATCHED (CloudReportServer): connections being read now, and those refused (cap).
    connections: Arc<AtomicUsize>,
    refused: Arc<AtomicU64>,
    /// PATCHED (CloudReportServer): the accept thread, waited for on drop.
    accept_thread: Option<thread::JoinHandle<()>>,
}

/// PATCHED (CloudReportServer, see PATCHES.md): the bounds of one server. `None` = unbounded
/// (upstream's behaviour).
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Read and write timeout of every accepted connection: the longest silence while a
    /// request or response is under way, and the keep-alive idle limit.
    pub io_timeout: Option<Duration>,
    /// Total time from a request's first byte to the end of its headers.
    pub header_timeout: Option<Duration>,
    /// Total time from the end of the headers to the end of the body.
    pub body_timeout: Option<Duration>,
    /// Connections read at once; one more is answered `503` and closed at once.
    pub max_connections: Option<usize>,
    /// The text of that `503` (plain text).
    pub overload_message: String,
}

/// Counts a connection for as long as its thread reads it.
struct ConnectionSlot(Arc<AtomicUsize>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

/// PATCHED (CloudReportServer, see PATCHES.md): answers connections over the cap with `503`
/// on one thread. Each socket gets the answer at once, its write side is shut, and whatever
/// the client already sent is read and thrown away for up to a second before the socket
/// closes (closing with unread data would reset the connection and could lose the `503`).
/// At most 256 sockets wait so; beyond that they are closed without an answer.
fn spawn_refuser(
    message: String,
    limit: usize,
    refused: Arc<AtomicU64>,
) -> std::io::Result<mpsc::SyncSender<Connection>> {
    let (tx, rx) = mpsc::sync_channel::<Connection>(256);
    thread::Builder::new()
        .name("http-refuse".into())
        .spawn(move || {
            use std::io::{Read, Write};
            let body = format!("{message}\n");
            let answer = format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            let mut held: Vec<(Connection, Instant)> = Vec::new();
            let mut last_log: Option<Instant> = None;
            let mut scratch = [0u8; 4096];
            loop {
                match rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(mut sock) => {
                        let _ = sock.set_nonblocking(true);
                        let _ = sock.write(answer.as_bytes());
                        let _ = sock.shutdown(Shutdown::Write);
                        held.push((sock, Instant::now() + Duration::from_secs(1)));
                        if last_log.map_or(true, |t| t.elapsed() >= Duration::from_secs(10)) {
                            last_log = Some(Instant::now());
                            log::warn!(
                                "HTTP connection limit ({limit}) reached: answered 503 ({} connections refused so far)",
                                refused.load(Relaxed)
                            );
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                let now = Instant::now();
                held.retain_mut(|(sock, until)| {
                    if now >= *until {
                        return false;
                    }
                    loop {
                        match sock.read(&mut scratch) {
                            Ok(0) => return false,
                            Ok(_) => continue,
                            Err(e) if e.kind() == IoErrorKind::WouldBlock => return true,
                            Err(_) => return false,
                        }
                    }
                });
            }
        })?;
    Ok(tx)
}

enum Message {
    Error(IoError),
    NewRequest(Request),
}

impl From<IoError> for Message {
    fn from(e: IoError) -> Message {
        Message::Error(e)
    }
}

impl From<Request> for Message {
    fn from(rq: Request) -> Message {
        Message::NewRequest(rq)
    }
}

// this trait is to make sure that Server implements Share and Send
#[doc(hidden)]
trait MustBeShareDummy: Sync + Send {}
#[doc(hidden)]
impl MustBeShareDummy for Server {}

pub struct IncomingRequests<'a> {
    server: &'a Server,
}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// If `Some`, then the server will use SSL to encode the communications.
    pub ssl: Option<SslConfig>,
}

/// Configuration of the server for SSL.
#[derive(Debug, Clone)]
pub struct SslConfig {
    /// Contains the public certificate to send to clients.
    pub certificate: Vec<u8>,
    /// Contains the ultra-secret private key used to decode communications.
    pub private_key: Vec<u8>,
}

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: None,
        })
    }

    /// Shortcut for an HTTPS server on a specific address.
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    #[inline]
    pub fn https<A>(
        addr: A,
        config: SslConfig,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: Some(config),
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            ssl: None,
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener(listener, config.ssl)
    }

    /// Builds a new server using the specified TCP listener.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Self::from_listener_with_timeout(listener, ssl_config, None)
    }

    /// PATCHED (CloudReportServer, see PATCHES.md): like `from_listener`, and every accepted
    /// TCP connection gets `io_timeout` as its read and write timeout, so a client that stalls
    /// while sending headers or a body, or stops reading the response, cannot hold a thread
    /// forever.
    pub fn from_listener_with_timeout<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
        io_timeout: Option<Duration>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Self::from_listener_with_limits(
            listener,
            ssl_config,
            Limits {
                io_timeout,
                ..Limits::default()
            },
        )
    }

    /// PATCHED (CloudReportServer, see PATCHES.md): like `from_listener`, with [`Limits`]:
    /// per-read timeouts, total deadlines for a request's headers and body, and a cap on
    /// the connections read at once (one more gets `503 Service Unavailable`).
    pub fn from_listener_with_limits<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
        limits: Limits,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let io_timeout = limits.io_timeout;
        let connections = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicU64::new(0));
        let refuser = match limits.max_connections {
            Some(max) => Some(spawn_refuser(
                limits.overload_message.clone(),
                max,
                refused.clone(),
            )?),
            None => None,
        };
        let listener = listener.into();
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            log::debug!("Server listening on {}", local_addr);
            (listener, local_addr)
        };

        // building the SSL capabilities
        #[cfg(all(feature = "ssl-openssl", feature = "ssl-rustls"))]
        compile_error!(
            "Features 'ssl-openssl' and 'ssl-rustls' must not be enabled at the same time"
        );
        #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
        type SslContext = ();
        #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
        type SslContext = crate::ssl::SslContextImpl;
        let ssl: Option<SslContext> = {
            match ssl_config {
                #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
                Some(config) => Some(SslContext::from_pem(
                    config.certificate,
                    Zeroizing::new(config.private_key),
                )?),
                #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
                Some(_) => return Err(
                    "Building a server with SSL requires enabling the `ssl` feature in tiny-http"
                        .into(),
                ),
                None => None,
            }
        };

        // creating a task where server.accept() is continuously called
        // and ClientConnection objects are pushed in the messages queue
        let messages = MessagesQueue::with_capacity(8);

        let inside_close_trigger = close_trigger.clone();
        let inside_messages = messages.clone();
        let (inside_connections, inside_refused) = (connections.clone(), refused.clone());
        let accept_thread = thread::spawn(move || {
            // a tasks pool is used to dispatch the connections into threads
            let tasks_pool = util::TaskPool::new();

            log::debug!("Running accept thread");
            while !inside_close_trigger.load(Relaxed) {
                let new_client = match server.accept() {
                    Ok((sock, _)) => {
                        // PATCHED (CloudReportServer, see PATCHES.md): the connection cap.
                        if let (Some(max), Some(refuser)) = (limits.max_connections, &refuser) {
                            if inside_connections.load(Relaxed) >= max {
                                inside_refused.fetch_add(1, Relaxed);
                                // A full refusal queue: close without an answer.
                                let _ = refuser.try_send(sock);
                                continue;
                            }
                        }
                        inside_connections.fetch_add(1, Relaxed);
                        let slot = ConnectionSlot(inside_connections.clone());
                        // PATCHED (CloudReportServer): per-connection I/O timeouts.
                        if let crate::connection::Connection::Tcp(ref tcp) = sock {
                            let _ = tcp.set_read_timeout(io_timeout);
                            let _ = tcp.set_write_timeout(io_timeout);
                        }
                        let deadline = util::Deadline::new(io_timeout);
                        let deadlines = client::RequestDeadlines {
                            deadline: Some(deadline.clone()),
                            header_timeout: limits.header_timeout,
                            body_timeout: limits.body_timeout,
                        };
                        use util::RefinedTcpStream;
                        let (read_closable, write_closable) = match ssl {
                            None => {
                                let (r, w) = RefinedTcpStream::new(sock);
                                (r.with_deadline(deadline), w)
                            }
                            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
                            Some(ref ssl) => {
                                // trying to apply SSL over the connection
                                // if an error occurs, we just close the socket and resume listening
                                let sock = match ssl.accept(sock) {
                                    Ok(s) => s,
                                    Err(_) => continue,
                                };

                                RefinedTcpStream::new(sock)
                            }
                            #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
                            Some(ref _ssl) => unreachable!(),
                        };

                        Ok((
                            ClientConnection::new(write_closable, read_closable, deadlines),
                            slot,
                        ))
                    }
                    Err(e) => Err(e),
                };

                match new_client {
                    Ok((client, slot)) => {
                        let messages = inside_messages.clone();
                        let mut client = Some((client, slot));
                        tasks_pool.spawn(Box::new(move || {
                            if let Some((client, _slot)) = client.take() {
                                // Synchronization is needed for HTTPS requests to avoid a deadlock
                                if client.secure() {
                                    let (sender, receiver) = mpsc::channel();
                                    for rq in client {
                                        messages.push(rq.with_notify_sender(sender.clone()).into());
                                        receiver.recv().unwrap();
                                    }
                                } else {
                                    for rq in client {
                                        messages.push(rq.into());
                                    }
                                }
                            }
                        }));
                    }

                    // PATCHED (CloudReportServer, see PATCHES.md): the original pushed the
                    // error to the request queue and stopped accepting for good, so one
                    // EMFILE or ECONNABORTED killed the server. Log, back off, go on.
                    Err(e) => {
                        if inside_close_trigger.load(Relaxed) {
                            break;
                        }
                        log::error!("Error accepting new client: {}", e);
                        thread::sleep(Duration::from_millis(50));
                    }
                }
            }
            log::debug!("Terminating accept thread");
        });

        // result
        Ok(Server {
            messages,
            close: close_trigger,
            listening_addr: local_addr,
            connections,
            refused,
            accept_thread: Some(accept_thread),
        })
    }

    /// Returns an iterator for all the incoming requests.
    ///
    /// The iterator will return `None` if the server socket is shutdown.
    #[inline]
    pub fn incoming_requests(&self) -> IncomingRequests<'_> {
        IncomingRequests { server: self }
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    ///
    /// PATCHED (CloudReportServer): upstream left this `unimplemented!()`. The connections
    /// whose requests are being read (each holds a thread); a request already handed to the
    /// application no longer counts once its connection has no further request to read.
    pub fn num_connections(&self) -> usize {
        self.connections.load(Relaxed)
    }

    /// PATCHED (CloudReportServer): connections answered `503` because of the cap.
    pub fn refused_connections(&self) -> u64 {
        self.refused.load(Relaxed)
    }

    /// Blocks until an HTTP request has been submitted and returns it.
    pub fn recv(&self) -> IoResult<Request> {
        match self.messages.pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(rq),
            None => Err(IoError::new(IoErrorKind::Other, "thread unblocked")),
        }
    }

    /// Same as `recv()` but doesn't block longer than timeout
    pub fn recv_timeout(&self, timeout: Duration) -> IoResult<Option<Request>> {
        match self.messages.pop_timeout(timeout) {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Same as `recv()` but doesn't block.
    pub fn try_recv(&self) -> IoResult<Option<Request>> {
        match self.messages.try_pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Unblock thread stuck in recv() or incoming_requests().
    /// If there are several such threads, only one is unblocked.
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

impl Iterator for IncomingRequests<'_> {
    type Item = Request;
    fn next(&mut self) -> Option<Request> {
        self.server.recv().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.close.store(true, Relaxed);
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            ListenAddr::Unix(addr) => {
                // TODO: use connect_addr when its stabilized.
                let path = addr.as_pathname().unwrap();
                std::os::unix::net::UnixStream::connect(path).map(Connection::from)
            }
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }
        // PATCHED (CloudReportServer, see PATCHES.md): upstream returned while the accept
        // thread (which owns the listener) might still be running, so the port could accept
        // connections after the server was dropped. Wait for it, at most 2 s.
        if let Some(t) = self.accept_thread.take() {
            let until = std::time::Instant::now() + Duration::from_secs(2);
            while !t.is_finished() && std::time::Instant::now() < until {
                thread::sleep(Duration::from_millis(5));
            }
            if t.is_finished() {
                let _ = t.join();
            }
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr {
            if let Some(path) = addr.as_pathname() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
