//! DWNL (ASSUMED): the file-name parameter (`assumed::DWNL_FILE_PARAM`) and the reply
//! (`assumed::dwnl_reply`), whose size line must equal the decoded payload's length.

use super::{fmt_seen, Spec};
use crate::assumed;
use crate::proxy::record::{Decoded, Record};
use crate::proxy::report::seen::{count, line_value, SeenBy};
use crate::proxy::report::{Point, Summary};

#[derive(Debug, Default)]
pub struct Evidence {
    /// One line per download: announced size, decoded size, MD5.
    pub downloads: Vec<String>,
    pub size_mismatch: Vec<String>,
    pub ok_layouts: SeenBy,
}

impl Evidence {
    pub(in crate::proxy::report) fn on_accepted(
        &mut self,
        r: &Record,
        layout: &str,
        example: &str,
    ) {
        count(&mut self.ok_layouts, layout, example);
        let size =
            line_value(r, assumed::DWNL_SIZE_PARAM).and_then(|s| s.trim().parse::<usize>().ok());
        let decoded = match &r.decoded {
            Some(Decoded::File { len, md5 }) => Some((*len, md5.clone())),
            _ => None,
        };
        let shown = |v: Option<String>, none: &str| v.unwrap_or_else(|| none.to_string());
        self.downloads.push(format!(
            "{}={} decoded={} md5={}",
            assumed::DWNL_SIZE_PARAM,
            shown(size.map(|s| s.to_string()), "missing"),
            shown(decoded.as_ref().map(|d| d.0.to_string()), "-"),
            decoded.as_ref().map(|d| d.1.as_str()).unwrap_or("-")
        ));
        if size.is_none() || decoded.as_ref().map(|d| d.0) != size {
            self.size_mismatch.push(format!(
                "{example}: {}={} but the payload decodes to {}",
                assumed::DWNL_SIZE_PARAM,
                shown(size.map(|s| s.to_string()), "missing"),
                shown(decoded.map(|d| format!("{} bytes", d.0)), "nothing")
            ));
        }
    }
}

const REQUEST: Spec = Spec {
    name: "DWNL request",
    level: "ASSUMED",
    fix: "src/assumed.rs DWNL_FILE_PARAM",
    blocking: true,
    essential: false,
};

const REPLY: Spec = Spec {
    name: "DWNL reply",
    level: "ASSUMED",
    fix: "src/assumed.rs dwnl_reply",
    blocking: true,
    essential: false,
};

pub fn request(s: &Summary) -> Point {
    let seen = s.verbs.get("DWNL").cloned().unwrap_or_default();
    REQUEST.judged(
        format!("DWNL {}=<name>", assumed::DWNL_FILE_PARAM),
        !seen.is_empty(),
        seen.keys().any(|k| *k != assumed::DWNL_FILE_PARAM),
        fmt_seen(&seen),
    )
}

pub fn reply(s: &Summary) -> Point {
    let e = &s.dwnl;
    let mut p = REPLY.layout(&assumed::dwnl_reply(1, "x".into()), &e.ok_layouts);
    p.expected = format!(
        "{} with {} = decoded length",
        p.expected,
        assumed::DWNL_SIZE_PARAM
    );
    p.evidence.extend(e.downloads.iter().take(5).cloned());
    p.evidence.extend(e.size_mismatch.iter().take(5).cloned());
    p.contradicted_if(!e.size_mismatch.is_empty());
    p
}
