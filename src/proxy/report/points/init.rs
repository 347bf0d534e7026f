//! INIT: the parameters the server reads (HIGH) and its two-line reply (VERIFIED).

use super::{fmt_seen, Spec};
use crate::proxy::report::seen::{count, SeenBy};
use crate::proxy::report::{Point, Summary};
use crate::wire::Reply;

/// What INIT replies the original sent with code 200.
#[derive(Debug, Default)]
pub struct Evidence {
    pub ok_layouts: SeenBy,
}

impl Evidence {
    pub(in crate::proxy::report) fn on_accepted(&mut self, layout: &str, example: &str) {
        count(&mut self.ok_layouts, layout, example);
    }
}

const REQUEST: Spec = Spec {
    name: "INIT request parameters",
    level: "HIGH",
    fix: "src/cmd/init.rs (parameter names)",
    blocking: true,
    essential: true,
};

const REPLY: Spec = Spec {
    name: "INIT reply",
    level: "VERIFIED",
    fix: "src/cmd/init.rs (reply lines)",
    blocking: true,
    essential: true,
};

/// The parameters the server reads from INIT.
const INIT_PARAMS: [&str; 6] = ["ID", "DT", "TM", "HST", "ATP", "AVR"];

pub fn request(s: &Summary) -> Point {
    let seen = s.verbs.get("INIT").cloned().unwrap_or_default();
    let mut bad = Vec::new();
    for names in seen.keys() {
        let list: Vec<&str> = names.split(' ').filter(|n| !n.is_empty()).collect();
        if !list.contains(&"ID") || !list.contains(&"HST") {
            bad.push(format!("{names}: ID or HST missing"));
        }
        for n in &list {
            if !INIT_PARAMS.contains(n) {
                bad.push(format!("{names}: {n} is not read by the server"));
            }
        }
    }
    let mut evidence = fmt_seen(&seen);
    evidence.extend(bad.iter().cloned());
    REQUEST.judged(
        INIT_PARAMS.join(" "),
        !seen.is_empty(),
        !bad.is_empty(),
        evidence,
    )
}

pub fn reply(s: &Summary) -> Point {
    REPLY.layout(
        &Reply::lines(200, vec![b"KEY=30DF".to_vec(), b"LEN=5".to_vec()]),
        &s.init.ok_layouts,
    )
}
