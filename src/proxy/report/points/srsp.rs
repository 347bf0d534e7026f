//! SRSP (ASSUMED): its parameters (`assumed::CMD_PARAM`, `assumed::DATA_PARAM`), the echoed
//! task counter, the result JSON, and the reply.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{fmt_seen, Spec};
use crate::assumed;
use crate::proxy::record::{Decoded, Record};
use crate::proxy::report::seen::{count, SeenBy};
use crate::proxy::report::{Point, Summary};

#[derive(Debug, Default)]
pub struct Evidence {
    /// Accepted SRSPs whose CMD echoes the last GREQ's.
    pub cmd_match: usize,
    pub cmd_mismatch: Vec<String>,
    pub ok_layouts: SeenBy,
    pub result_codes: BTreeMap<String, usize>,
    /// dataset → (results containing it, rows in total).
    pub result_datasets: BTreeMap<String, (usize, u64)>,
    pub results_not_json: Vec<String>,
}

/// An SRSP waiting for the original's answer: only an accepted one tells how CMD works.
pub struct Pending {
    cmd: Option<u32>,
    example: String,
}

impl Pending {
    pub(in crate::proxy::report) fn of(r: &Record, example: String) -> Pending {
        let cmd = r.params.as_ref().and_then(|p| {
            p.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(assumed::CMD_PARAM))
                .and_then(|(_, v)| v.trim().parse::<u32>().ok())
        });
        Pending { cmd, example }
    }
}

impl Evidence {
    /// The reply to an SRSP: a refused one (stale counter, bad payload) is in the error list.
    pub(in crate::proxy::report) fn on_reply(
        &mut self,
        pending: Pending,
        code: u16,
        last_greq_cmd: Option<u32>,
    ) {
        if code != 200 {
            return;
        }
        match (pending.cmd, last_greq_cmd) {
            (Some(c), Some(g)) if c == g => self.cmd_match += 1,
            (c, g) => self.cmd_mismatch.push(format!(
                "{}: SRSP {}={} after GREQ {}={}, accepted",
                pending.example,
                assumed::CMD_PARAM,
                c.map(|c| c.to_string()).unwrap_or_else(|| "missing".into()),
                assumed::CMD_PARAM,
                g.map(|g| g.to_string()).unwrap_or_else(|| "none".into())
            )),
        }
    }

    pub(in crate::proxy::report) fn on_accepted(&mut self, layout: &str, example: &str) {
        count(&mut self.ok_layouts, layout, example);
    }

    pub(in crate::proxy::report) fn on_result(&mut self, d: &Decoded, example: &str) {
        match d {
            Decoded::Json { json, .. } => {
                let code = json
                    .get("ResultCode")
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "missing".into());
                *self.result_codes.entry(code).or_default() += 1;
                if let Value::Object(m) = json {
                    for (k, v) in m {
                        let rows = match v {
                            Value::Array(a) => Some(a.len() as u64),
                            Value::Object(o) if o.contains_key("rows") => {
                                o.get("rows").and_then(Value::as_u64)
                            }
                            _ => None,
                        };
                        if let Some(rows) = rows {
                            let e = self.result_datasets.entry(k.clone()).or_default();
                            e.0 += 1;
                            e.1 += rows;
                        }
                    }
                }
            }
            Decoded::Text { looks_like, .. } => self
                .results_not_json
                .push(format!("{example}: {looks_like}")),
            _ => {}
        }
    }
}

const REQUEST: Spec = Spec {
    name: "SRSP request",
    level: "ASSUMED",
    fix: "src/assumed.rs CMD_PARAM/DATA_PARAM, src/cmd/srsp.rs",
    blocking: true,
    essential: true,
};

const REPLY: Spec = Spec {
    name: "SRSP reply",
    level: "ASSUMED",
    fix: "src/assumed.rs srsp_reply",
    blocking: true,
    essential: true,
};

pub fn request(s: &Summary) -> Point {
    let e = &s.srsp;
    let want = format!("{} {}", assumed::CMD_PARAM, assumed::DATA_PARAM);
    let seen = s.verbs.get("SRSP").cloned().unwrap_or_default();
    let mut evidence = fmt_seen(&seen);
    evidence.push(format!(
        "accepted SRSPs whose CMD echoes the last GREQ's CMD: {} of {}",
        e.cmd_match,
        e.cmd_match + e.cmd_mismatch.len()
    ));
    evidence.extend(e.cmd_mismatch.iter().take(5).cloned());
    evidence.extend(
        e.results_not_json
            .iter()
            .take(5)
            .map(|r| format!("result is not JSON: {r}")),
    );
    let sorted = |names: &str| {
        let mut v: Vec<&str> = names.split(' ').collect();
        v.sort();
        v.join(" ")
    };
    let names_ok = seen.keys().all(|k| sorted(k) == sorted(&want));
    REQUEST.judged(
        format!(
            "SRSP {}=<n> {}=<enc(result JSON)>, n = the task's CMD",
            assumed::CMD_PARAM,
            assumed::DATA_PARAM
        ),
        !seen.is_empty(),
        !names_ok || !e.cmd_mismatch.is_empty() || !e.results_not_json.is_empty(),
        evidence,
    )
}

pub fn reply(s: &Summary) -> Point {
    REPLY.layout(&assumed::srsp_reply(), &s.srsp.ok_layouts)
}
