//! PING (VERIFIED): a bare `200`.

use super::{layouts, Spec};
use crate::proxy::report::{Point, Summary};
use crate::wire::Reply;

const SPEC: Spec = Spec {
    name: "PING reply",
    level: "VERIFIED",
    fix: "src/cmd/ping.rs",
    blocking: true,
    essential: true,
};

pub fn reply(s: &Summary) -> Point {
    SPEC.layout(&Reply::ok(), &layouts(s, "PING"))
}
