//! The command set (HIGH): a verb the original accepts (a `200` reply) that this server does
//! not know is a gap; one the original refuses as well is client noise.

use super::Spec;
use crate::cmd::{Command, ProtocolError};
use crate::proxy::report::{Point, Summary};
use crate::wire::Request;

/// Whether this server implements `verb` (anything but "unknown command").
pub fn implements(verb: &str) -> bool {
    let req = Request::parse(verb.as_bytes());
    !matches!(Command::parse(&req), Err(ProtocolError::UnknownCommand(_)))
}

const SPEC: Spec = Spec {
    name: "Commands",
    level: "HIGH",
    fix: "src/cmd/mod.rs (add the command)",
    blocking: true,
    essential: true,
};

pub fn point(s: &Summary) -> Point {
    let mut missing = Vec::new();
    let mut refused = Vec::new();
    for (v, seen) in s.verbs.iter().filter(|(v, _)| !implements(v)) {
        let layouts = s.layouts.get(v);
        let line = format!(
            "{v:?} x{} (e.g. {}), answered {}",
            seen.values().map(|x| x.count).sum::<usize>(),
            seen.values()
                .next()
                .map(|x| x.example.as_str())
                .unwrap_or(""),
            layouts
                .map(|l| l.keys().cloned().collect::<Vec<_>>().join(" | "))
                .unwrap_or_else(|| "nothing".into())
        );
        if layouts.is_some_and(|l| l.keys().any(|k| k.starts_with("200"))) {
            missing.push(format!("implemented by the original, not here: {line}"));
        } else {
            refused.push(format!("refused by the original too: {line}"));
        }
    }
    let mut evidence = vec![format!(
        "seen: {}",
        s.verbs.keys().cloned().collect::<Vec<_>>().join(" ")
    )];
    evidence.extend(missing.iter().cloned());
    evidence.extend(refused);
    SPEC.judged(
        "INIT INFO PING ERRL GREQ SRSP VERS DWNL (anything else: 503)".into(),
        !s.verbs.is_empty(),
        !missing.is_empty(),
        evidence,
    )
}
