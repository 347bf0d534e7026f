//! Framing and strict lock-step (VERIFIED): one Indy reply per request, nothing unsolicited,
//! judged from the tap's structured [`Flag`]s (never from note texts).

use super::Spec;
use crate::proxy::record::{Flag, Record};
use crate::proxy::report::seen::Seen;
use crate::proxy::report::{Point, Summary};

#[derive(Debug, Default)]
pub struct Evidence {
    /// Server lines not in Indy form.
    pub malformed: Seen,
    /// Replies no request was waiting for.
    pub unsolicited: Vec<String>,
    /// Replies with code-less continuation lines or lines of different codes.
    pub odd_replies: Vec<String>,
}

impl Evidence {
    pub(in crate::proxy::report) fn on_reply(&mut self, r: &Record, example: &str, layout: &str) {
        if r.flags.contains(&Flag::Unsolicited) {
            self.unsolicited.push(example.to_string());
        }
        if r.flags.contains(&Flag::MixedCodes) || r.flags.contains(&Flag::CodelessLines) {
            let text = r.text.as_deref().unwrap_or_default();
            self.odd_replies
                .push(format!("{example}: {layout}: {text}"));
        }
    }
}

const SPEC: Spec = Spec {
    name: "Framing and strict lock-step",
    level: "VERIFIED",
    fix: "src/wire/ and src/handler.rs",
    blocking: true,
    essential: true,
};

pub fn point(s: &Summary) -> Point {
    let e = &s.framing;
    let mut evidence = vec![format!(
        "{} replies without a request, {} reply lines not in Indy form, {} replies with code-less or mixed-code lines",
        e.unsolicited.len(),
        e.malformed.count,
        e.odd_replies.len()
    )];
    evidence.extend(e.unsolicited.iter().take(5).cloned());
    evidence.extend(e.odd_replies.iter().take(5).cloned());
    if e.malformed.count > 0 {
        evidence.push(e.malformed.example.clone());
    }
    SPEC.judged(
        "one Indy reply (NNN / NNN text / NNN-…) per request, nothing unsolicited".into(),
        !s.layouts.is_empty(),
        !e.unsolicited.is_empty() || e.malformed.count > 0 || !e.odd_replies.is_empty(),
        evidence,
    )
}
