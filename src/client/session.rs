//! A whole simulated client: connect, INIT, INFO, then PING and GREQ polling, answering
//! tasks on a real shop database (the default), or in the demo / echo modes kept for
//! machines without Firebird and protocol tests, with switches that misbehave on purpose.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use md5::{Digest, Md5};
use rand::Rng;

use super::{demo, BosClient, ClientError, InfoReply};
use crate::assumed::info_keys;
use crate::crypto::cp1251;
use crate::tstrings;

/// How tasks are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Runs every dataset's SQL on the shop's Firebird database (`--shop-db`).
    Shop,
    /// Invented answers for the core report datasets (opt-in, for machines without Firebird).
    Demo,
    /// The task itself is returned.
    Echo,
}

/// Deliberate protocol violations, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// INFO encrypted with a wrong key.
    WrongKey,
    /// INFO with DATA that is not Base64.
    GarbageBase64,
    /// A line longer than the server accepts.
    OversizedLine,
    /// Sends half of its SRSP and disconnects.
    DisconnectMidReply,
    /// Sends PINGs and never reads a reply.
    NeverRead,
}

/// The client database's description sent in INFO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectData {
    pub object_id: String,
    pub object_name: String,
    pub customer_name: String,
    pub eik: String,
    pub address: String,
    pub db_type: String,
    /// Whether the Cyrillic `ТТ=Test` marker line starts the list.
    pub test_marker: bool,
}

impl Default for ObjectData {
    fn default() -> Self {
        ObjectData {
            object_id: "-1".into(),
            object_name: "Demo shop".into(),
            customer_name: "Demo customer".into(),
            eik: "000000000".into(),
            address: String::new(),
            db_type: "R".into(),
            test_marker: true,
        }
    }
}

impl ObjectData {
    /// The INFO plaintext (cp1251 TStringList).
    pub fn to_tstrings(&self) -> Vec<u8> {
        let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        if self.test_marker {
            pairs.push((info_keys::TEST_MARKER.to_vec(), b"Test".to_vec()));
        }
        for (k, v) in [
            (info_keys::OBJECT_ID, &self.object_id),
            (info_keys::OBJECT_NAME, &self.object_name),
            (info_keys::CUSTOMER_NAME, &self.customer_name),
            (info_keys::EIK, &self.eik),
            (info_keys::ADDRESS, &self.address),
            (info_keys::DB_TYPE, &self.db_type),
        ] {
            pairs.push((k.as_bytes().to_vec(), cp1251::from_utf8(v)));
        }
        tstrings::build(&pairs)
    }
}

/// Everything `bos-client` can be told.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub server: String,
    pub dict_id: Option<usize>,
    pub host: String,
    pub app: String,
    pub app_version: String,
    pub object: ObjectData,
    /// The object password; tasks must carry its MD5 as `Pass`. `None` accepts any.
    pub password: Option<String>,
    pub mode: Mode,
    /// The shop database tasks run on in [`Mode::Shop`].
    pub shop: Option<crate::shopdb::ShopDb>,
    pub ping_every: Duration,
    pub poll_every: Duration,
    /// Answer delay (tests of timeouts).
    pub answer_delay: Duration,
    pub misbehave: Option<Misbehaviour>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            server: "127.0.0.1:8016".into(),
            dict_id: None,
            host: "DEMO-PC".into(),
            app: "EBOCloudReportSvc.exe".into(),
            app_version: "1.0.0.5".into(),
            object: ObjectData::default(),
            password: None,
            mode: Mode::Shop,
            shop: None,
            ping_every: Duration::from_secs(30),
            poll_every: Duration::from_millis(500),
            answer_delay: Duration::ZERO,
            misbehave: None,
        }
    }
}

/// MD5 hex, as the web site sends `Pass`.
pub fn md5_hex(s: &str) -> String {
    crate::crypto::hex(&Md5::digest(s.as_bytes()))
}

/// The answer to one task (UTF-8 JSON in, cp1251 JSON out like the Delphi client), for the
/// object ID in `opts`.
pub fn answer_task(opts: &ClientOptions, task: &[u8]) -> Vec<u8> {
    answer_task_as(opts, &opts.object.object_id, task)
}

/// [`answer_task`] for the object ID the server gave this connection in INFO.
pub fn answer_task_as(opts: &ClientOptions, object_id: &str, task: &[u8]) -> Vec<u8> {
    let text = cp1251::to_utf8(task);
    let pass = opts.password.as_deref().map(md5_hex);
    let answer = match opts.mode {
        Mode::Echo => text,
        Mode::Demo => demo::answer(&text, pass.as_deref()).to_string(),
        Mode::Shop => match &opts.shop {
            Some(shop) => {
                let a = shop.answer(&text, object_id, pass.as_deref());
                log::info!(
                    "task answered in {:.1} ms on the shop database",
                    a.db_time.as_secs_f64() * 1000.0
                );
                a.json
            }
            None => serde_json::json!({
                "ResultCode": crate::assumed::shop::RC_SQL_ERROR,
                "ResultMessage": "bos-client has no shop database (--shop-db)"
            })
            .to_string(),
        },
    };
    cp1251::from_utf8(&answer)
}

/// Connects and identifies; returns the client and the INFO reply.
pub fn connect(opts: &ClientOptions) -> Result<(BosClient, InfoReply), ClientError> {
    let mut c = BosClient::connect(opts.server.as_str(), Duration::from_secs(10))?;
    let dict = opts
        .dict_id
        .unwrap_or_else(|| rand::thread_rng().gen_range(1..=10));
    c.init(
        dict,
        &cp1251::from_utf8(&opts.host),
        &opts.app,
        &opts.app_version,
    )?;
    match opts.misbehave {
        Some(Misbehaviour::WrongKey) => c.force_key(b"definitely-not-the-key"),
        Some(Misbehaviour::GarbageBase64) => {
            let r = c.request(
                format!("INFO {}=!!!not*base64!!!", crate::assumed::DATA_PARAM).as_bytes(),
            )?;
            return Err(ClientError::Refused {
                code: r.code,
                text: "garbage Base64 sent on purpose".into(),
            });
        }
        Some(Misbehaviour::OversizedLine) => {
            let mut line = crate::assumed::srsp_request(crate::assumed::FIRST_CMD, "").into_bytes();
            line.resize(crate::wire::MAX_LINE + 1024, b'A');
            c.send_line(&line)?;
            let r = c.read_reply()?;
            return Err(ClientError::Refused {
                code: r.code,
                text: "oversized line sent on purpose".into(),
            });
        }
        _ => {}
    }
    let info = c.info(&opts.object)?;
    Ok((c, info))
}

/// Runs a connected client until `stop` is set or the connection fails: PING every
/// `ping_every`, GREQ every `poll_every`, tasks answered by mode.
pub fn serve(
    c: &mut BosClient,
    opts: &ClientOptions,
    stop: &AtomicBool,
) -> Result<(), ClientError> {
    let mut last_ping = Instant::now();
    let object_id = c
        .object_id
        .clone()
        .unwrap_or_else(|| opts.object.object_id.clone());
    if opts.misbehave == Some(Misbehaviour::NeverRead) {
        while !stop.load(Ordering::Relaxed) {
            c.send_line(b"PING")?;
            std::thread::sleep(Duration::from_millis(1));
        }
        return Ok(());
    }
    while !stop.load(Ordering::Relaxed) {
        if last_ping.elapsed() >= opts.ping_every {
            c.ping()?;
            last_ping = Instant::now();
        }
        if let Some((cmd, task)) = c.greq()? {
            let answer = answer_task_as(opts, &object_id, &task);
            if !opts.answer_delay.is_zero() {
                std::thread::sleep(opts.answer_delay);
            }
            if opts.misbehave == Some(Misbehaviour::DisconnectMidReply) {
                let line = crate::assumed::srsp_request(cmd, &c.encode(&answer)?);
                use std::io::Write;
                let half = &line.as_bytes()[..line.len() / 2];
                let mut s = c.stream();
                s.write_all(half)?;
                let _ = s.shutdown(std::net::Shutdown::Both);
                return Ok(());
            }
            let r = c.srsp(cmd, &answer)?;
            if r.code != 200 {
                log::warn!(
                    "SRSP {}={cmd} answered {}",
                    crate::assumed::CMD_PARAM,
                    r.code
                );
            }
            continue;
        }
        std::thread::sleep(opts.poll_every);
    }
    Ok(())
}
