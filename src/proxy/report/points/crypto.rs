//! The session key and DATA payload crypto (VERIFIED): every payload decodes with the key
//! derived from INIT. The counts are the summary's own (every payload of every command).

use super::Spec;
use crate::proxy::report::{Point, Summary};

const SPEC: Spec = Spec {
    name: "Session key and DATA payload crypto",
    level: "VERIFIED",
    fix: "src/crypto/ (session_key, payload); check the INIT records of the failing sessions",
    blocking: true,
    essential: true,
};

pub fn point(s: &Summary) -> Point {
    let ok: usize = s.decoded_ok.values().sum();
    let failed: usize = s.decode_failures.values().map(|f| f.count).sum();
    let mut evidence = vec![format!("{ok} payloads decoded, {failed} failed")];
    evidence.extend(
        s.decode_failures
            .iter()
            .map(|(k, v)| format!("{k}: {} failed, e.g. {}", v.count, v.example)),
    );
    evidence.extend(s.decode_refused.iter().map(|(k, v)| {
        format!(
            "{k}: {} not decodable and refused by the original too (client error), e.g. {}",
            v.count, v.example
        )
    }));
    SPEC.judged(
        format!(
            "every {}= payload inflates with the key derived from INIT",
            crate::assumed::DATA_PARAM
        ),
        ok + failed > 0,
        failed > 0,
        evidence,
    )
}
