//! `DWNL F=<name>` → `200-SIZE=<bytes>` / `200 DATA=<enc(file)>`.

use crate::assumed;
use crate::cmd::{require_key, ProtocolError};
use crate::crypto::cp1251;
use crate::session::Session;
use crate::updates;
use std::io::Write;

use crate::wire::Request;

/// Files larger than this are not sent over the protocol (the reply is one line).
const MAX_FILE: u64 = 256 * 1024 * 1024;

#[derive(Debug)]
pub struct Dwnl<'a> {
    name: &'a [u8],
}

impl<'a> Dwnl<'a> {
    pub fn parse(req: &Request<'a>) -> Result<Dwnl<'a>, ProtocolError> {
        let name = req
            .param(assumed::DWNL_FILE_PARAM)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                ProtocolError::UpdateFailed(format!("DWNL without {}=", assumed::DWNL_FILE_PARAM))
            })?;
        Ok(Dwnl { name })
    }

    /// Opens the file; the session streams it (see [`Download`]).
    pub fn apply(self, session: &mut Session) -> Result<Download, ProtocolError> {
        let key = require_key(session, "DWNL")?;
        let name = cp1251::to_utf8(self.name);
        let shown = crate::logging::escape(&name).into_owned();
        let path =
            updates::resolve(&session.instance.config.update_folder, &name).map_err(|e| {
                ProtocolError::UpdateFailed(crate::logging::escape(&e.to_string()).into_owned())
            })?;
        let file = std::fs::File::open(&path)
            .map_err(|e| ProtocolError::UpdateFailed(format!("{shown}: {e}")))?;
        let size = file
            .metadata()
            .map_err(|e| ProtocolError::UpdateFailed(format!("{shown}: {e}")))?
            .len();
        if size > MAX_FILE {
            return Err(ProtocolError::UpdateFailed(format!(
                "{shown} is {size} bytes, too large"
            )));
        }
        log::info!(
            "S{} {}: DWNL {shown} ({size} bytes)",
            session.handle.id,
            session.handle.peer
        );
        Ok(Download {
            name: shown,
            size,
            file,
            key,
        })
    }
}

/// A DWNL answer: `200-SIZE=<bytes>` / `200 DATA=<enc(file)>`, with the DATA value streamed
/// from the file (zlib, CBC and Base64 all work on a stream), so a download costs a few
/// hundred KiB of buffers whatever the file's size (issue 14 finding 2).
pub struct Download {
    pub name: String,
    pub size: u64,
    file: std::fs::File,
    key: crate::crypto::PayloadKey,
}

impl Download {
    /// Writes the whole reply. `Ok(false)` when the file changed size while being sent (the
    /// reply is then short and the caller closes the connection).
    pub fn write_to(self, out: &mut dyn std::io::Write) -> std::io::Result<(u64, bool)> {
        let mut head = assumed::dwnl_reply(self.size as usize, String::new()).encode();
        head.truncate(head.len().saturating_sub(2)); // "…200 DATA=" without its CR LF
        let mut out = CountingWriter { inner: out, n: 0 };
        out.write_all(&head)?;
        let mut input = std::io::Read::take(self.file, self.size);
        let read = crate::crypto::encode_payload_stream(&self.key, &mut input, &mut out)?;
        out.write_all(b"\r\n")?;
        Ok((out.n, read == self.size))
    }
}

struct CountingWriter<'a> {
    inner: &'a mut dyn std::io::Write,
    n: u64,
}

impl std::io::Write for CountingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
