//! INFO: the request's TStringList keys (ASSUMED, `assumed::info_keys`) and the reply's layout
//! and plaintext keys (VERIFIED).

use super::Spec;
use crate::assumed::{self, info_keys};
use crate::crypto::cp1251;
use crate::proxy::record::Decoded;
use crate::proxy::report::seen::{count, SeenBy};
use crate::proxy::report::{Point, Summary};
use crate::wire::Reply;

#[derive(Debug, Default)]
pub struct Evidence {
    /// Key names sent by clients.
    pub keys: SeenBy,
    /// Key names in the order sent.
    pub key_orders: SeenBy,
    /// Plaintext key names of the original's replies, in order.
    pub reply_key_orders: SeenBy,
    pub ok_layouts: SeenBy,
}

fn key_order(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

impl Evidence {
    pub(in crate::proxy::report) fn on_accepted(&mut self, layout: &str, example: &str) {
        count(&mut self.ok_layouts, layout, example);
    }

    pub(in crate::proxy::report) fn on_request_payload(&mut self, d: &Decoded, example: &str) {
        if let Decoded::Tstrings { pairs, .. } = d {
            for (k, _) in pairs {
                self.keys.entry(k.clone()).or_default().add(example);
            }
            self.key_orders
                .entry(key_order(pairs))
                .or_default()
                .add(example);
        }
    }

    pub(in crate::proxy::report) fn on_reply_payload(&mut self, d: &Decoded, example: &str) {
        if let Decoded::Tstrings { pairs, .. } = d {
            self.reply_key_orders
                .entry(key_order(pairs))
                .or_default()
                .add(example);
        }
    }
}

const REQUEST: Spec = Spec {
    name: "INFO request keys",
    level: "ASSUMED",
    fix: "src/assumed.rs info_keys (map the observed names)",
    blocking: true,
    essential: true,
};

const REPLY: Spec = Spec {
    name: "INFO reply",
    level: "VERIFIED",
    fix: "src/cmd/info.rs (reply)",
    blocking: true,
    essential: true,
};

/// The plaintext keys of this server's INFO reply, in order.
const REPLY_KEYS: &str = "ID,EX,EN,CD,CT";

pub fn request(s: &Summary) -> Point {
    let e = &s.info;
    let known = |k: &str| {
        info_keys::ALL.iter().any(|a| a.eq_ignore_ascii_case(k))
            || cp1251::from_utf8(k) == info_keys::TEST_MARKER
    };
    let unknown: Vec<String> = e.keys.keys().filter(|k| !known(k)).cloned().collect();
    let never: Vec<&str> = info_keys::ALL
        .iter()
        .copied()
        .filter(|a| !e.keys.keys().any(|k| k.eq_ignore_ascii_case(a)))
        .collect();
    let has_id = e
        .keys
        .keys()
        .any(|k| k.eq_ignore_ascii_case(info_keys::OBJECT_ID));
    let mut evidence: Vec<String> = e
        .key_orders
        .iter()
        .map(|(k, v)| format!("keys in order: {k}  x{}  (e.g. {})", v.count, v.example))
        .collect();
    if !unknown.is_empty() {
        evidence.push(format!(
            "sent by the client but not read by the server: {}",
            unknown.join(", ")
        ));
    }
    if !never.is_empty() {
        evidence.push(format!(
            "read by the server but never sent: {}",
            never.join(", ")
        ));
    }
    REQUEST.judged(
        format!("ТТ (marker, optional), {}", info_keys::ALL.join(", ")),
        !e.keys.is_empty(),
        !unknown.is_empty() || !has_id,
        evidence,
    )
}

pub fn reply(s: &Summary) -> Point {
    let mut p = REPLY.layout(
        &Reply::text(200, format!("{}=x", assumed::DATA_PARAM).into_bytes()),
        &s.info.ok_layouts,
    );
    p.expected = format!("{} with plaintext keys {REPLY_KEYS}", p.expected);
    for (order, seen) in &s.info.reply_key_orders {
        p.evidence.push(format!(
            "plaintext keys: {order}  x{}  (e.g. {})",
            seen.count, seen.example
        ));
    }
    p.contradicted_if(s.info.reply_key_orders.keys().any(|o| o != REPLY_KEYS));
    p
}
