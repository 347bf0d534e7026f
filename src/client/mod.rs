//! The client side of the protocol: what BosTcpClient does, as a library. Used by the
//! `bos-client` simulator, the integration tests and the benchmarks.

pub mod demo;
mod session;

pub use session::{
    answer_task, connect, md5_hex, serve, ClientOptions, Misbehaviour, Mode, ObjectData,
};

use std::io::{BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use crate::assumed;
use crate::crypto::{cp1251, decode_payload, encode_payload, session_key, CryptoError, PayloadKey};
use crate::tstrings;
use crate::wire::{read_reply, Reply, ReplyError, SharedSocket, MAX_LINE};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("connect to {addr}: {source}")]
    Connect {
        addr: String,
        source: std::io::Error,
    },
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("reply: {0}")]
    Reply(#[from] ReplyError),
    #[error("server answered {code}: {text}")]
    Refused { code: u16, text: String },
    #[error("unexpected reply: {0}")]
    Unexpected(String),
    #[error("payload: {0}")]
    Crypto(#[from] CryptoError),
    #[error("no session key: send INIT first")]
    NoKey,
}

/// The INFO reply: `ID`, `EX`, `EN`, `CD`, `CT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoReply {
    pub object_id: String,
    pub expires: String,
    pub enabled: String,
    pub server_date: String,
    pub server_time: String,
    /// The decrypted plaintext as received.
    pub raw: Vec<u8>,
}

/// One connection to a report server.
pub struct BosClient {
    writer: Arc<TcpStream>,
    reader: BufReader<SharedSocket>,
    key: Option<PayloadKey>,
    /// The session key text (cp1251 bytes), for tests that decode by hand.
    pub session_key: Option<Vec<u8>>,
}

impl BosClient {
    pub fn connect(
        addr: impl ToSocketAddrs + std::fmt::Debug,
        timeout: Duration,
    ) -> Result<BosClient, ClientError> {
        let shown = format!("{addr:?}");
        let connect_err = |source| ClientError::Connect {
            addr: shown.clone(),
            source,
        };
        let sa = addr
            .to_socket_addrs()
            .map_err(connect_err)?
            .next()
            .ok_or_else(|| connect_err(std::io::Error::other("no address")))?;
        let stream = TcpStream::connect_timeout(&sa, timeout).map_err(connect_err)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        let stream = Arc::new(stream);
        let reader = BufReader::with_capacity(16 * 1024, SharedSocket(stream.clone()));
        Ok(BosClient {
            writer: stream,
            reader,
            key: None,
            session_key: None,
        })
    }

    pub fn set_read_timeout(&self, t: Option<Duration>) -> std::io::Result<()> {
        self.writer.set_read_timeout(t)
    }

    /// The underlying socket (tests close it abruptly, or write raw bytes).
    pub fn stream(&self) -> &TcpStream {
        &self.writer
    }

    /// Sends raw bytes; CR LF is added.
    pub fn send_line(&mut self, line: &[u8]) -> Result<(), ClientError> {
        let mut buf = Vec::with_capacity(line.len() + 2);
        buf.extend_from_slice(line);
        buf.extend_from_slice(b"\r\n");
        (&*self.writer).write_all(&buf)?;
        Ok(())
    }

    pub fn read_reply(&mut self) -> Result<Reply, ClientError> {
        Ok(read_reply(&mut self.reader, MAX_LINE + 64)?)
    }

    /// One request, one reply.
    pub fn request(&mut self, line: &[u8]) -> Result<Reply, ClientError> {
        self.send_line(line)?;
        self.read_reply()
    }

    fn expect_ok(reply: Reply) -> Result<Reply, ClientError> {
        if reply.code == 200 {
            Ok(reply)
        } else {
            Err(ClientError::Refused {
                code: reply.code,
                text: reply
                    .lines
                    .first()
                    .map(|l| cp1251::to_utf8(l))
                    .unwrap_or_default(),
            })
        }
    }

    /// INIT with dictionary entry `dict_id` and host name `host` (cp1251 bytes).
    pub fn init(
        &mut self,
        dict_id: usize,
        host: &[u8],
        app: &str,
        version: &str,
    ) -> Result<(), ClientError> {
        let now = chrono::Local::now();
        let mut line = format!(
            "INIT ID={dict_id} DT={} TM={} HST=",
            now.format("%y%m%d"),
            now.format("%H%M%S")
        )
        .into_bytes();
        line.extend_from_slice(host);
        line.extend_from_slice(format!(" ATP={app} AVR={version}").as_bytes());
        let reply = Self::expect_ok(self.request(&line)?)?;
        let key = reply
            .value("KEY")
            .ok_or_else(|| ClientError::Unexpected("INIT reply without KEY".into()))?
            .to_vec();
        let len: usize = reply
            .value("LEN")
            .and_then(|l| std::str::from_utf8(l).ok()?.parse().ok())
            .ok_or_else(|| ClientError::Unexpected("INIT reply without LEN".into()))?;
        let sk = session_key(&key, len, dict_id, host)
            .ok_or_else(|| ClientError::Unexpected(format!("dictionary id {dict_id}")))?;
        self.key = Some(PayloadKey::new(&sk));
        self.session_key = Some(sk);
        Ok(())
    }

    /// Replaces the session key (the "wrong key" misbehaviour).
    pub fn force_key(&mut self, key: &[u8]) {
        self.key = Some(PayloadKey::new(key));
    }

    pub fn encode(&self, plain: &[u8]) -> Result<String, ClientError> {
        Ok(encode_payload(
            self.key.as_ref().ok_or(ClientError::NoKey)?,
            plain,
        ))
    }

    pub fn decode(&self, b64: &[u8]) -> Result<Vec<u8>, ClientError> {
        Ok(decode_payload(
            self.key.as_ref().ok_or(ClientError::NoKey)?,
            b64,
        )?)
    }

    fn data_of(&self, reply: &Reply) -> Result<Vec<u8>, ClientError> {
        let d = reply
            .value(assumed::DATA_PARAM)
            .ok_or_else(|| ClientError::Unexpected("reply without DATA".into()))?;
        self.decode(d)
    }

    /// INFO with the object's TStringList.
    pub fn info(&mut self, object: &ObjectData) -> Result<InfoReply, ClientError> {
        let plain = object.to_tstrings();
        let line = format!("INFO {}={}", assumed::DATA_PARAM, self.encode(&plain)?);
        let reply = Self::expect_ok(self.request(line.as_bytes())?)?;
        let raw = self.data_of(&reply)?;
        let pairs = tstrings::parse(&raw);
        let get = |k: &str| {
            tstrings::value(&pairs, k)
                .map(cp1251::to_utf8)
                .unwrap_or_default()
        };
        Ok(InfoReply {
            object_id: get("ID"),
            expires: get("EX"),
            enabled: get("EN"),
            server_date: get("CD"),
            server_time: get("CT"),
            raw,
        })
    }

    pub fn ping(&mut self) -> Result<(), ClientError> {
        Self::expect_ok(self.request(b"PING")?).map(|_| ())
    }

    pub fn errl(&mut self, text: &[u8]) -> Result<Reply, ClientError> {
        let mut line = b"ERRL ".to_vec();
        line.extend_from_slice(text);
        self.request(&line)
    }

    /// A pending task: its counter and decrypted bytes (cp1251).
    pub fn greq(&mut self) -> Result<Option<(u32, Vec<u8>)>, ClientError> {
        let reply = Self::expect_ok(self.request(b"GREQ")?)?;
        let Some(cmd) = reply.value(assumed::CMD_PARAM) else {
            return Ok(None);
        };
        let cmd = std::str::from_utf8(cmd)
            .ok()
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| ClientError::Unexpected("GREQ CMD not a number".into()))?;
        Ok(Some((cmd, self.data_of(&reply)?)))
    }

    /// Answers task `cmd`; returns the server's reply (200, or 520 for a stale counter).
    pub fn srsp(&mut self, cmd: u32, answer: &[u8]) -> Result<Reply, ClientError> {
        let line = assumed::srsp_request(cmd, &self.encode(answer)?);
        self.request(line.as_bytes())
    }

    /// The update list: (name, size, modified, md5).
    pub fn vers(&mut self) -> Result<Vec<(String, u64, String, String)>, ClientError> {
        let reply = Self::expect_ok(self.request(b"VERS")?)?;
        let text = cp1251::to_utf8(&self.data_of(&reply)?);
        Ok(text.lines().filter_map(assumed::parse_vers_line).collect())
    }

    pub fn dwnl(&mut self, name: &str) -> Result<Vec<u8>, ClientError> {
        let mut line = format!("DWNL {}=", assumed::DWNL_FILE_PARAM).into_bytes();
        line.extend_from_slice(&cp1251::from_utf8(name));
        let reply = Self::expect_ok(self.request(&line)?)?;
        let data = self.data_of(&reply)?;
        let size: usize = reply
            .value(assumed::DWNL_SIZE_PARAM)
            .and_then(|s| std::str::from_utf8(s).ok()?.parse().ok())
            .ok_or_else(|| ClientError::Unexpected("DWNL without SIZE".into()))?;
        if size != data.len() {
            return Err(ClientError::Unexpected(format!(
                "DWNL {}={size} but {} bytes",
                assumed::DWNL_SIZE_PARAM,
                data.len()
            )));
        }
        Ok(data)
    }
}
