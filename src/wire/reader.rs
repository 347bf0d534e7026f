//! A bounded line reader: SRSP lines carry whole report results, so lines may be long, but a
//! peer must never make the server buffer without bound.

use std::io::{self, BufRead, BufReader, Read};
use std::net::TcpStream;
use std::sync::Arc;

/// The longest request line accepted (protocol.md §2: at least 16 MiB).
pub const MAX_LINE: usize = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("line longer than {0} bytes")]
    TooLong(usize),
    #[error("connection closed in the middle of a line ({0} bytes discarded)")]
    Truncated(usize),
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
}

/// Reads through a socket that is also written to and closed elsewhere (`&TcpStream` is
/// `Read`), so one connection needs one descriptor: a server with thousands of sessions, and a
/// load generator holding as many, stay within the open-file limit.
pub struct SharedSocket(pub Arc<TcpStream>);

impl Read for SharedSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self.0).read(buf)
    }
}

/// Reads `\n`-terminated lines (CR LF or bare LF) from a byte stream.
pub struct LineReader<R> {
    inner: BufReader<R>,
    max: usize,
    buf: Vec<u8>,
}

impl<R: Read> LineReader<R> {
    pub fn new(inner: R, max: usize) -> Self {
        LineReader {
            inner: BufReader::with_capacity(8 * 1024, inner),
            max,
            buf: Vec::new(),
        }
    }

    /// Changes the longest line accepted from the next line on (short before login).
    pub fn set_max(&mut self, max: usize) {
        self.max = max;
    }

    /// The next line without its line end; `Ok(None)` at a clean end of stream. A final line
    /// without a line end is an incomplete request (the peer died while sending): `Truncated`.
    /// On `TooLong` the stream position is undefined: the caller replies and closes.
    pub fn read_line(&mut self) -> Result<Option<&[u8]>, ReadError> {
        self.buf.clear();
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if available.is_empty() {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                return Err(ReadError::Truncated(self.buf.len()));
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    if self.buf.len() + i > self.max + 1 {
                        return Err(ReadError::TooLong(self.max));
                    }
                    self.buf.extend_from_slice(&available[..i]);
                    self.inner.consume(i + 1);
                    break;
                }
                None => {
                    let n = available.len();
                    if self.buf.len() + n > self.max + 1 {
                        return Err(ReadError::TooLong(self.max));
                    }
                    self.buf.extend_from_slice(available);
                    self.inner.consume(n);
                }
            }
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        // Give back memory after an exceptionally long line so idle sessions stay small.
        if self.buf.capacity() > 1024 * 1024 && self.buf.len() < 64 * 1024 {
            self.buf.shrink_to(64 * 1024);
        }
        Ok(Some(&self.buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lf_and_last_line() {
        let mut r = LineReader::new(&b"PING\r\nGREQ\nLAST"[..], 100);
        assert_eq!(r.read_line().unwrap(), Some(&b"PING"[..]));
        assert_eq!(r.read_line().unwrap(), Some(&b"GREQ"[..]));
        assert!(matches!(r.read_line(), Err(ReadError::Truncated(4))));
        let mut r = LineReader::new(&b"PING\r\n"[..], 100);
        assert_eq!(r.read_line().unwrap(), Some(&b"PING"[..]));
        assert_eq!(r.read_line().unwrap(), None);
    }

    #[test]
    fn too_long_is_refused() {
        let data = vec![b'A'; 5000];
        let mut r = LineReader::new(&data[..], 1000);
        assert!(matches!(r.read_line(), Err(ReadError::TooLong(1000))));
        let mut ok = vec![b'B'; 1000];
        ok.extend_from_slice(b"\r\n");
        let mut r = LineReader::new(&ok[..], 1000);
        assert_eq!(r.read_line().unwrap().unwrap().len(), 1000);
    }
}
