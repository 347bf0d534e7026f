//! VERS (ASSUMED): parameters are logged and ignored; the reply lists files as
//! `assumed::vers_line`.

use std::collections::BTreeMap;

use super::{fmt_seen, Spec};
use crate::assumed;
use crate::proxy::record::Decoded;
use crate::proxy::report::seen::{count, SeenBy};
use crate::proxy::report::{Point, Summary};

#[derive(Debug, Default)]
pub struct Evidence {
    /// name → "size, modified, md5" as listed by the original.
    pub files: BTreeMap<String, String>,
    pub bad_lines: Vec<String>,
    pub ok_layouts: SeenBy,
}

impl Evidence {
    pub(in crate::proxy::report) fn on_accepted(&mut self, layout: &str, example: &str) {
        count(&mut self.ok_layouts, layout, example);
    }

    pub(in crate::proxy::report) fn on_listing(&mut self, d: &Decoded, example: &str) {
        if let Decoded::Vers { files, bad_lines } = d {
            for f in files {
                self.files.insert(
                    f.name.clone(),
                    format!("{} bytes, {}, md5 {}", f.size, f.modified, f.md5),
                );
            }
            for b in bad_lines {
                self.bad_lines.push(format!("{example}: {b}"));
            }
        }
    }
}

const REQUEST: Spec = Spec {
    name: "VERS request",
    level: "ASSUMED",
    fix: "src/cmd/vers.rs",
    blocking: false,
    essential: false,
};

const REPLY: Spec = Spec {
    name: "VERS reply",
    level: "ASSUMED",
    fix: "src/assumed.rs vers_line / parse_vers_line, src/cmd/vers.rs",
    blocking: true,
    essential: false,
};

pub fn request(s: &Summary) -> Point {
    let seen = s.verbs.get("VERS").cloned().unwrap_or_default();
    REQUEST.judged(
        "parameters, if any, are logged and ignored".into(),
        !seen.is_empty(),
        false,
        fmt_seen(&seen)
            .into_iter()
            .map(|e| format!("parameters: {e}"))
            .collect(),
    )
}

pub fn reply(s: &Summary) -> Point {
    let e = &s.vers;
    let mut p = REPLY.layout(&assumed::vers_reply("x".into()), &e.ok_layouts);
    p.expected = format!(
        "{} listing {}",
        p.expected,
        assumed::vers_line("NAME", 0, "YYYY-MM-DD HH:MM:SS", "MD5HEX").replace("=0;", "=SIZE;")
    );
    p.evidence.extend(
        e.files
            .iter()
            .take(10)
            .map(|(k, v)| format!("file {k}: {v}")),
    );
    p.evidence.extend(
        e.bad_lines
            .iter()
            .take(5)
            .map(|b| format!("line not in that form: {b}")),
    );
    p.contradicted_if(!e.bad_lines.is_empty());
    p
}
