use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read};

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::common::{HTTPVersion, Method};
use crate::util::RefinedTcpStream;
use crate::util::{Deadline, DisarmOnDrop};
use crate::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use crate::Request;

/// PATCHED (CloudReportServer): the longest request or header line accepted (bytes).
const MAX_HEADER_LINE: usize = 16 * 1024;
/// PATCHED (CloudReportServer): the most header lines accepted in one request.
const MAX_HEADERS: usize = 128;

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<Option<SocketAddr>>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,

    // true if the connection goes through SSL
    secure: bool,

    /// PATCHED (CloudReportServer, see PATCHES.md): the request deadline of this connection
    /// (armed for the headers at a request's first byte, for the body after the headers).
    deadline: Option<Arc<Deadline>>,
    header_timeout: Option<Duration>,
    body_timeout: Option<Duration>,
}

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    ReadIoError(IoError),
}

/// PATCHED (CloudReportServer): how long a request may take to arrive, per phase.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestDeadlines {
    pub deadline: Option<Arc<Deadline>>,
    pub header_timeout: Option<Duration>,
    pub body_timeout: Option<Duration>,
}

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub(crate) fn new(
        write_socket: RefinedTcpStream,
        mut read_socket: RefinedTcpStream,
        deadlines: RequestDeadlines,
    ) -> ClientConnection {
        let remote_addr = read_socket.peer_addr();
        let secure = read_socket.secure();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        // PATCHED (CloudReportServer, see PATCHES.md): a new connection must send its first
        // request head within the header deadline (an idle connection costs a thread).
        if let Some(d) = &deadlines.deadline {
            d.arm(deadlines.header_timeout);
        }

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
            secure,
            deadline: deadlines.deadline,
            header_timeout: deadlines.header_timeout,
            body_timeout: deadlines.body_timeout,
        }
    }

    /// true if the connection is HTTPS
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `CRLF` is reached. The next read will start
    ///  at the first byte of the new line.
    ///
    /// PATCHED (CloudReportServer, see PATCHES.md): `request_line` arms the header deadline
    /// once the request's first byte is in. A bare LF or a bare CR (not part of CRLF) and a
    /// non-ASCII byte are `InvalidData` (answered 400 at once) instead of making the line
    /// run on until a timeout.
    fn read_next_line(&mut self, request_line: bool) -> IoResult<AsciiString> {
        let mut buf = Vec::new();
        let mut prev_byte_was_cr = false;

        loop {
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b?,
                None => return Err(IoError::new(ErrorKind::ConnectionAborted, "Unexpected EOF")),
            };
            if request_line && buf.is_empty() {
                if let Some(d) = &self.deadline {
                    // Already armed for a new connection's first request.
                    if d.get().is_none() {
                        d.arm(self.header_timeout);
                    }
                }
            }

            if byte == b'\n' && prev_byte_was_cr {
                buf.pop(); // removing the '\r'
                return AsciiString::from_ascii(buf)
                    .map_err(|_| IoError::new(ErrorKind::InvalidData, "Header is not in ASCII"));
            }
            if byte == b'\n' {
                return Err(IoError::new(ErrorKind::InvalidData, "bare LF in the request head"));
            }
            if prev_byte_was_cr {
                return Err(IoError::new(ErrorKind::InvalidData, "bare CR in the request head"));
            }

            prev_byte_was_cr = byte == b'\r';

            // PATCHED (CloudReportServer, see PATCHES.md): header lines were unbounded.
            if buf.len() >= MAX_HEADER_LINE {
                return Err(IoError::new(ErrorKind::InvalidData, "header line too long"));
            }
            buf.push(byte);
        }
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read.
    fn read(&mut self) -> Result<Request, ReadError> {
        let (method, path, version, headers) = {
            // reading the request line
            let (method, path, version) = {
                let line = self.read_next_line(true).map_err(|e| {
                    if e.kind() == ErrorKind::InvalidData {
                        ReadError::WrongRequestLine
                    } else {
                        ReadError::ReadIoError(e)
                    }
                })?;

                parse_request_line(
                    line.as_str().trim(), // TODO: remove this conversion
                )?
            };

            // getting all headers
            let headers = {
                let mut headers = Vec::new();
                loop {
                    let line = self.read_next_line(false).map_err(|e| {
                        if e.kind() == ErrorKind::InvalidData {
                            ReadError::WrongHeader(version.clone())
                        } else {
                            ReadError::ReadIoError(e)
                        }
                    })?;

                    if line.is_empty() {
                        break;
                    };
                    // PATCHED (CloudReportServer): the number of headers was unbounded.
                    if headers.len() >= MAX_HEADERS {
                        return Err(ReadError::WrongHeader(version));
                    }
                    headers.push(match FromStr::from_str(line.as_str().trim()) {
                        // TODO: remove this conversion
                        Ok(h) => h,
                        _ => return Err(ReadError::WrongHeader(version)),
                    });
                }

                headers
            };

            (method, path, version, headers)
        };

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // PATCHED (CloudReportServer, see PATCHES.md): the body has its own total deadline,
        // disarmed when the request is done with its body (before the next request reads).
        if let Some(d) = &self.deadline {
            d.arm(self.body_timeout);
        }
        let data_source = DisarmOnDrop {
            inner: data_source,
            deadline: self.deadline.clone(),
        };

        // building the next reader
        let request = crate::request::new_request(
            self.secure,
            method,
            path,
            version.clone(),
            headers,
            *self.remote_addr.as_ref().unwrap(),
            data_source,
            writer,
        )
        .map_err(|e| {
            use crate::request;
            match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => {
                    ReadError::ExpectationFailed(version)
                }
                // PATCHED (CloudReportServer): e.g. two different Content-Length values.
                request::RequestCreationError::BadRequest => ReadError::WrongHeader(version),
            }
        })?;

        // return the request
        Ok(request)
    }
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        use crate::{Response, StatusCode};

        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        loop {
            let rq = match self.read() {
                Err(ReadError::WrongRequestLine) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::WrongHeader(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response.raw_print(writer, ver, &[], false, None).ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::ReadIoError(ref err)) if err.kind() == ErrorKind::TimedOut => {
                    // request timeout
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(408));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // closing the connection
                }

                Err(ReadError::ExpectationFailed(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(417));
                    response.raw_print(writer, ver, &[], true, None).ok();
                    return None; // TODO: should be recoverable, but needs handling in case of body
                }

                Err(ReadError::ReadIoError(_)) => return None,

                Ok(rq) => rq,
            };

            // PATCHED (CloudReportServer, see PATCHES.md): upstream answered versions above
            // 1.1 with 505 here while `rq` still held the previous response slot, so the
            // 505 waited for itself and the connection hung. `parse_http_version` now
            // refuses them as a malformed request line (400, connection closed).

            // updating the status of the connection
            let connection_header = rq
                .headers()
                .iter()
                .find(|h| h.field.equiv("Connection"))
                .map(|h| h.value.as_str());

            let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

            match lowercase {
                Some(ref val) if val.contains("close") => self.no_more_requests = true,
                Some(ref val) if val.contains("upgrade") => self.no_more_requests = true,
                Some(ref val)
                    if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) =>
                {
                    self.no_more_requests = true
                }
                None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
                _ => (),
            };

            // returning the request
            return Some(rq);
        }
    }
}

/// Parses a "HTTP/1.1" string.
///
/// PATCHED (CloudReportServer, see PATCHES.md): only HTTP/1.0 and HTTP/1.1 requests can be
/// read by this parser; anything else (`HTTP/2.0`, the HTTP/2 preface `PRI * HTTP/2.0`,
/// `HTTP/0.9`) is a malformed request line.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
///
/// PATCHED (CloudReportServer): exactly `method SP target SP version`, the method a token.
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, path, version] = parts[..] else {
        return Err(ReadError::WrongRequestLine);
    };
    let is_tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if method.is_empty() || !method.chars().all(is_tchar) || path.is_empty() {
        return Err(ReadError::WrongRequestLine);
    }
    let method = method.parse().map_err(|_| ReadError::WrongRequestLine)?;
    let version = parse_http_version(version)?;
    Ok((method, path.to_owned(), version))
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == crate::Method::Get);
        assert!(path == "/hello");
        assert!(ver == crate::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
        assert!(super::parse_request_line("GET / HTTP/2.0").is_err());
        assert!(super::parse_request_line("PRI * HTTP/2.0").is_err());
        assert!(super::parse_request_line("GET  / HTTP/1.1").is_err());
        assert!(super::parse_request_line("GET / HTTP/1.1 x").is_err());
        assert!(super::parse_request_line("G(T / HTTP/1.1").is_err());
    }
}
