//! The points of the protocol, one file each, in protocol order. Each file holds the evidence
//! its point collects while the recordings are read (fed by [`super::summary`]) and the
//! function that judges it; the expected side always comes from the server's own code.

pub mod commands;
pub mod crypto;
pub mod dwnl;
pub mod errl;
pub mod errors;
pub mod framing;
pub mod greq;
pub mod info;
pub mod init;
pub mod ping;
pub mod srsp;
pub mod vers;

pub use commands::implements;
pub use errors::server_error_texts;

use std::collections::{BTreeMap, BTreeSet};

use super::seen::{ErrorSeen, SeenBy};
use super::{Point, Status};
use crate::proxy::layout_of;
use crate::wire::Reply;

/// Everything gathered from the recordings: the tallies every point shares and each point's
/// own evidence. Defined here, beside the points, because it holds their evidence types;
/// `summary.rs` fills it and the points' judges read it, so the points never import
/// `summary.rs` (the dependency runs one way).
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub sessions: usize,
    pub records: usize,
    pub unreadable_lines: usize,
    pub unreadable_files: Vec<String>,
    pub first_t: Option<String>,
    pub last_t: Option<String>,
    pub upstreams: BTreeSet<String>,
    pub masked: BTreeSet<bool>,
    /// verb → parameter-name lists seen (`ID DT TM ...`) → count.
    pub verbs: BTreeMap<String, SeenBy>,
    /// verb → reply layout → count.
    pub layouts: BTreeMap<String, SeenBy>,
    pub latency_ms: BTreeMap<String, Vec<f64>>,
    /// code → (count, texts, verbs, layouts).
    pub errors: BTreeMap<u16, ErrorSeen>,
    pub errl_texts: BTreeMap<String, usize>,
    pub decoded_ok: BTreeMap<String, usize>,
    pub decode_failures: SeenBy,
    /// Request payloads that did not decode and that the original refused as well (a client
    /// error, not a crypto difference).
    pub decode_refused: SeenBy,
    pub notes: SeenBy,
    pub first_closer: BTreeMap<String, usize>,
    /// Server-initiated ends: (seconds since the last exchange, identified?, file).
    pub server_closes: Vec<(f64, bool, String)>,
    pub init: init::Evidence,
    pub info: info::Evidence,
    pub greq: greq::Evidence,
    pub srsp: srsp::Evidence,
    pub vers: vers::Evidence,
    pub dwnl: dwnl::Evidence,
    pub framing: framing::Evidence,
}

/// What a point says about itself, apart from its evidence.
pub struct Spec {
    pub name: &'static str,
    /// VERIFIED, HIGH or ASSUMED.
    pub level: &'static str,
    /// Where to change the server when contradicted.
    pub fix: &'static str,
    /// A contradiction would break clients.
    pub blocking: bool,
    /// Must be seen before the switch is called safe.
    pub essential: bool,
}

impl Spec {
    /// The point judged by [`Status::judge`].
    pub fn judged(
        &self,
        expected: String,
        seen: bool,
        contradicted: bool,
        evidence: Vec<String>,
    ) -> Point {
        Point {
            name: self.name,
            level: self.level,
            expected,
            status: Status::judge(seen, contradicted),
            evidence,
            fix: self.fix,
            blocking: self.blocking,
            essential: self.essential,
        }
    }

    /// Observed reply layouts against the one layout this server sends.
    pub fn layout(&self, expected: &Reply, seen: &SeenBy) -> Point {
        let want = layout_of(expected);
        let contradicted = seen.keys().any(|k| *k != want);
        self.judged(want, !seen.is_empty(), contradicted, fmt_seen(seen))
    }
}

/// `key  xN  (e.g. file #seq)` per key.
pub fn fmt_seen(m: &SeenBy) -> Vec<String> {
    m.iter()
        .map(|(k, s)| {
            let k = if k.is_empty() { "(none)" } else { k };
            format!("{k}  x{}  (e.g. {})", s.count, s.example)
        })
        .collect()
}

/// The reply layouts seen for `verb`.
pub fn layouts<'a>(s: &'a Summary, verb: &str) -> std::borrow::Cow<'a, SeenBy> {
    match s.layouts.get(verb) {
        Some(l) => std::borrow::Cow::Borrowed(l),
        None => std::borrow::Cow::Owned(SeenBy::new()),
    }
}

/// Every comparison, in protocol order.
pub fn compare(s: &Summary) -> Vec<Point> {
    vec![
        init::request(s),
        init::reply(s),
        crypto::point(s),
        info::request(s),
        info::reply(s),
        ping::reply(s),
        errl::reply(s),
        greq::empty_reply(s),
        greq::task_reply(s),
        greq::counter(s),
        srsp::request(s),
        srsp::reply(s),
        vers::request(s),
        vers::reply(s),
        dwnl::request(s),
        dwnl::reply(s),
        errors::form(s),
        errors::texts(s),
        commands::point(s),
        framing::point(s),
    ]
}
