//! Error replies: their wire form (ASSUMED: `assumed::error_reply`) and their codes (HIGH) and
//! texts (ASSUMED) against what [`ProtocolError::reply`] sends for every error kind.

use std::collections::{BTreeMap, BTreeSet};

use super::Spec;
use crate::assumed;
use crate::cmd::ProtocolError;
use crate::crypto::cp1251;
use crate::proxy::layout_of;
use crate::proxy::report::{Point, Summary};

/// The server's own error texts per code, one sample of every [`ProtocolError`] kind.
pub fn server_error_texts() -> BTreeMap<u16, BTreeSet<String>> {
    let mut out: BTreeMap<u16, BTreeSet<String>> = BTreeMap::new();
    for e in ProtocolError::samples() {
        let r = e.reply();
        out.entry(r.code).or_default().insert(
            r.lines
                .iter()
                .map(|l| cp1251::to_utf8(l))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    out
}

const FORM: Spec = Spec {
    name: "Error reply form",
    level: "ASSUMED",
    fix: "src/assumed.rs error_reply",
    blocking: false,
    essential: false,
};

const TEXTS: Spec = Spec {
    name: "Error codes and texts",
    level: "HIGH codes, ASSUMED texts",
    fix: "src/cmd/error.rs (codes), src/assumed.rs error_text / error_reply",
    blocking: false,
    essential: false,
};

fn joined(set: &BTreeSet<String>, sep: &str) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(sep)
}

pub fn form(s: &Summary) -> Point {
    let mut form_bad = Vec::new();
    let mut evidence = Vec::new();
    for (code, e) in &s.errors {
        evidence.push(format!(
            "{code} x{} after {} : {}  (e.g. {})",
            e.count,
            joined(&e.verbs, ","),
            joined(&e.layouts, "  |  "),
            e.example
        ));
        for l in &e.layouts {
            if l.contains(" / ") || !l.contains(' ') {
                form_bad.push(format!("{code}: {l}"));
            }
        }
    }
    evidence.extend(
        form_bad
            .iter()
            .map(|f| format!("not one line with text: {f}")),
    );
    FORM.judged(
        layout_of(&assumed::error_reply(503, "<text>")).replace("503", "<code>"),
        !s.errors.is_empty(),
        !form_bad.is_empty(),
        evidence,
    )
}

pub fn texts(s: &Summary) -> Point {
    let ours = server_error_texts();
    let mut diffs = Vec::new();
    let mut same = 0;
    for (code, e) in &s.errors {
        let Some(texts) = ours.get(code) else {
            diffs.push(format!(
                "{code}: not a code this server sends ({})",
                joined(&e.texts, " / ")
            ));
            continue;
        };
        for t in &e.texts {
            if texts.contains(t) {
                same += 1;
            } else {
                diffs.push(format!(
                    "{code}: original says {t:?}, this server says {}",
                    texts
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
    }
    let mut evidence = vec![format!("{same} code/text pairs identical")];
    evidence.extend(diffs.iter().cloned());
    TEXTS.judged(
        ours.iter()
            .map(|(c, t)| format!("{c} {}", joined(t, "/")))
            .collect::<Vec<_>>()
            .join("; "),
        !s.errors.is_empty(),
        !diffs.is_empty(),
        evidence,
    )
}
