//! Indy numeric replies: `200 TEXT`, `200-A` ... `200 B`, or a bare `200`.

use std::io::{self, BufRead};

/// A reply the server sends (or the client simulator reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    /// Text lines; the client reads them with `TStrings.Values`, so each `NAME=VALUE` pair is its
    /// own line. Empty for a bare code.
    pub lines: Vec<Vec<u8>>,
}

impl Reply {
    /// `200` with no text (PING, SRSP, GREQ with nothing pending).
    pub fn ok() -> Reply {
        Reply {
            code: 200,
            lines: Vec::new(),
        }
    }

    /// One line of text.
    pub fn text(code: u16, text: impl Into<Vec<u8>>) -> Reply {
        Reply {
            code,
            lines: vec![text.into()],
        }
    }

    /// Several `NAME=VALUE` lines.
    pub fn lines(code: u16, lines: Vec<Vec<u8>>) -> Reply {
        Reply { code, lines }
    }

    /// The value of `NAME=` among the lines, like Delphi `Values['NAME']`.
    pub fn value(&self, name: &str) -> Option<&[u8]> {
        self.lines.iter().find_map(|l| {
            let eq = l.iter().position(|&b| b == b'=')?;
            l[..eq]
                .eq_ignore_ascii_case(name.as_bytes())
                .then(|| &l[eq + 1..])
        })
    }

    /// Serialises with CR LF line ends. The code is always three digits (`050`), as Indy
    /// writes it and as [`read_reply`] needs it to read the reply back.
    pub fn encode(&self) -> Vec<u8> {
        let code = format!("{:03}", self.code.min(999));
        let mut out = Vec::with_capacity(8 + self.lines.iter().map(|l| l.len() + 6).sum::<usize>());
        if self.lines.is_empty() {
            out.extend_from_slice(code.as_bytes());
            out.extend_from_slice(b"\r\n");
            return out;
        }
        let last = self.lines.len() - 1;
        for (i, line) in self.lines.iter().enumerate() {
            out.extend_from_slice(code.as_bytes());
            out.push(if i == last { b' ' } else { b'-' });
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
        out
    }
}

/// Why a reply could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error("connection closed before a complete reply")]
    Closed,
    #[error("malformed reply line: {0:?}")]
    Malformed(String),
    #[error("reply line longer than {0} bytes")]
    TooLong(usize),
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
}

/// Reads one complete (possibly multi-line) reply.
pub fn read_reply<R: BufRead>(reader: &mut R, max_line: usize) -> Result<Reply, ReplyError> {
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = read_limited_line(reader, &mut line, max_line)?;
        if n == 0 {
            return Err(ReplyError::Closed);
        }
        while matches!(line.last(), Some(b'\r' | b'\n')) {
            line.pop();
        }
        let (code, sep, text) = split_reply_line(&line)
            .ok_or_else(|| ReplyError::Malformed(String::from_utf8_lossy(&line).into_owned()))?;
        match sep {
            None => {
                return Ok(Reply { code, lines });
            }
            Some(b'-') => lines.push(text.to_vec()),
            Some(_) => {
                lines.push(text.to_vec());
                return Ok(Reply { code, lines });
            }
        }
    }
}

/// `NNN`, `NNN text` or `NNN-text` → (code, separator, text).
pub(crate) fn split_reply_line(line: &[u8]) -> Option<(u16, Option<u8>, &[u8])> {
    if line.len() < 3 || !line[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code = std::str::from_utf8(&line[..3]).ok()?.parse().ok()?;
    match line.get(3) {
        None => Some((code, None, &[])),
        Some(b' ') => Some((code, Some(b' '), &line[4..])),
        Some(b'-') => Some((code, Some(b'-'), &line[4..])),
        Some(_) => None,
    }
}

fn read_limited_line<R: BufRead>(
    reader: &mut R,
    out: &mut Vec<u8>,
    max: usize,
) -> Result<usize, ReplyError> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if buf.is_empty() {
            return Ok(out.len());
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if out.len() + take > max + 2 {
            return Err(ReplyError::TooLong(max));
        }
        out.extend_from_slice(&buf[..take]);
        reader.consume(take);
        if done {
            return Ok(out.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_indy_forms() {
        assert_eq!(Reply::ok().encode(), b"200\r\n");
        assert_eq!(Reply::text(200, "OK").encode(), b"200 OK\r\n");
        assert_eq!(
            Reply::lines(200, vec![b"KEY=30DF".to_vec(), b"LEN=5".to_vec()]).encode(),
            b"200-KEY=30DF\r\n200 LEN=5\r\n"
        );
    }

    #[test]
    fn reads_what_it_writes() {
        for r in [
            Reply::ok(),
            Reply::text(503, "Unknown command"),
            Reply::text(50, "OK"),
            Reply::lines(7, vec![b"A=1".to_vec(), b"B=2".to_vec()]),
            Reply {
                code: 0,
                lines: Vec::new(),
            },
            Reply::lines(200, vec![b"CMD=1".to_vec(), b"DATA=abc==".to_vec()]),
        ] {
            let bytes = r.encode();
            let back = read_reply(&mut &bytes[..], 1024).unwrap();
            assert_eq!(back, r);
        }
        let r = read_reply(&mut &b"200-KEY=30DF\r\n200 LEN=5\r\n"[..], 1024).unwrap();
        assert_eq!(r.value("key"), Some(&b"30DF"[..]));
        assert_eq!(r.value("LEN"), Some(&b"5"[..]));
    }

    #[test]
    fn malformed_and_truncated() {
        assert!(matches!(
            read_reply(&mut &b"20"[..], 100),
            Err(ReplyError::Malformed(_))
        ));
        assert!(matches!(
            read_reply(&mut &b"200-A\r\n"[..], 100),
            Err(ReplyError::Closed)
        ));
        assert!(matches!(
            read_reply(&mut &b"abc def\r\n"[..], 100),
            Err(ReplyError::Malformed(_))
        ));
        assert!(matches!(
            read_reply(&mut &b"200 0123456789\r\n"[..], 4),
            Err(ReplyError::TooLong(4))
        ));
    }
}
