//! Incremental line splitting with a cap: the tap cuts both byte streams into lines without
//! ever holding more than one (capped) line per direction.

/// One piece cut from a byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// A complete line without its line end, and its raw length with the line end.
    Line(Vec<u8>, usize),
    /// A line longer than the cap: its total length (it was not kept).
    TooLong(u64),
}

/// Incremental `\n`-terminated line splitting with a cap.
#[derive(Debug)]
pub struct LineSplitter {
    buf: Vec<u8>,
    max: usize,
    /// Bytes of an over-long line discarded so far.
    discarding: Option<u64>,
    /// After a gap: the rest of the current line is unknown, skip to the next line end.
    resync: bool,
}

impl LineSplitter {
    pub fn new(max: usize) -> Self {
        LineSplitter {
            buf: Vec::new(),
            max,
            discarding: None,
            resync: false,
        }
    }

    /// Feeds a chunk; returns the pieces it completed.
    pub fn push(&mut self, mut chunk: &[u8]) -> Vec<Piece> {
        let mut out = Vec::new();
        while !chunk.is_empty() {
            let nl = chunk.iter().position(|&b| b == b'\n');
            let (part, rest, complete) = match nl {
                Some(i) => (&chunk[..=i], &chunk[i + 1..], true),
                None => (chunk, &chunk[chunk.len()..], false),
            };
            chunk = rest;
            if self.resync {
                if complete {
                    self.resync = false;
                }
                continue;
            }
            if let Some(n) = self.discarding.as_mut() {
                *n += part.len() as u64;
                if complete {
                    out.push(Piece::TooLong(*n));
                    self.discarding = None;
                }
                continue;
            }
            if self.buf.len() + part.len() > self.max + 2 {
                self.discarding = Some((self.buf.len() + part.len()) as u64);
                self.buf = Vec::new();
                if complete {
                    if let Some(n) = self.discarding.take() {
                        out.push(Piece::TooLong(n));
                    }
                }
                continue;
            }
            if !complete {
                self.buf.extend_from_slice(part);
                continue;
            }
            let mut line = if self.buf.is_empty() {
                part.to_vec()
            } else {
                let mut l = std::mem::take(&mut self.buf);
                l.extend_from_slice(part);
                l
            };
            let raw = line.len();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            out.push(Piece::Line(line, raw));
            if self.buf.capacity() > 1024 * 1024 {
                self.buf = Vec::new();
            }
        }
        out
    }

    /// Some bytes were not seen: drop the partial line and skip to the next line end.
    pub fn gap(&mut self) {
        self.buf = Vec::new();
        self.discarding = None;
        self.resync = true;
    }

    /// Bytes held of an unfinished line (at close: the peer died mid-line).
    pub fn pending(&self) -> u64 {
        self.discarding.unwrap_or(self.buf.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(p: Vec<Piece>) -> Vec<Vec<u8>> {
        p.into_iter()
            .map(|p| match p {
                Piece::Line(l, _) => l,
                Piece::TooLong(n) => format!("<{n}>").into_bytes(),
            })
            .collect()
    }

    #[test]
    fn splits_across_chunks() {
        let mut s = LineSplitter::new(100);
        assert!(s.push(b"PI").is_empty());
        assert_eq!(lines(s.push(b"NG\r\nGREQ\nSR")), [&b"PING"[..], b"GREQ"]);
        assert_eq!(s.pending(), 2);
        assert_eq!(lines(s.push(b"SP\r\n")), [&b"SRSP"[..]]);
        assert_eq!(s.push(b"X\r\n"), [Piece::Line(b"X".to_vec(), 3)]);
    }

    #[test]
    fn caps_long_lines_and_resyncs_after_gaps() {
        let mut s = LineSplitter::new(10);
        assert!(s.push(&[b'A'; 8]).is_empty());
        assert!(s.push(&[b'A'; 8]).is_empty());
        assert_eq!(lines(s.push(b"AA\nOK\n")), [&b"<19>"[..], b"OK"]);
        assert_eq!(lines(s.push(&[b'B'; 30])), Vec::<Vec<u8>>::new());
        assert_eq!(lines(s.push(b"\n")), [&b"<31>"[..]]);
        s.push(b"half");
        s.gap();
        assert_eq!(lines(s.push(b"rest\nPING\n")), [&b"PING"[..]]);
    }
}
