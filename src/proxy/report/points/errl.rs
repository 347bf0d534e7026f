//! ERRL's reply (ASSUMED): `assumed::errl_reply`.

use super::{layouts, Spec};
use crate::assumed;
use crate::proxy::report::{Point, Summary};

const SPEC: Spec = Spec {
    name: "ERRL reply",
    level: "ASSUMED",
    fix: "src/assumed.rs errl_reply",
    blocking: false,
    essential: false,
};

pub fn reply(s: &Summary) -> Point {
    SPEC.layout(&assumed::errl_reply(), &layouts(s, "ERRL"))
}
