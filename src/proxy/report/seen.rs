//! The tallies the recordings' reader and the points' judges share: how often something was
//! seen with its first example, error replies by code, and one reply line's value. A leaf: it
//! knows records, not points or the reader.

use std::collections::{BTreeMap, BTreeSet};

use crate::proxy::record::Record;

/// How often something was seen, and the first place it was seen.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    pub count: usize,
    pub example: String,
}

impl Seen {
    pub(super) fn add(&mut self, example: &str) {
        self.add_n(example, 1);
    }

    pub(super) fn add_n(&mut self, example: &str, n: usize) {
        self.count += n;
        if self.example.is_empty() {
            self.example = example.to_string();
        }
    }
}

/// Counts by key, with the first example of each.
pub type SeenBy = BTreeMap<String, Seen>;

/// One more sighting of `key` in `map`.
pub(super) fn count(map: &mut SeenBy, key: &str, example: &str) {
    map.entry(key.to_string()).or_default().add(example);
}

#[derive(Debug, Default, Clone)]
pub struct ErrorSeen {
    pub count: usize,
    pub texts: BTreeSet<String>,
    pub verbs: BTreeSet<String>,
    pub layouts: BTreeSet<String>,
    pub example: String,
}

/// The value of a `NAME=value` reply line, by name (case-insensitive).
pub(super) fn line_value<'a>(r: &'a Record, key: &str) -> Option<&'a str> {
    r.lines.as_ref()?.iter().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        k.eq_ignore_ascii_case(key).then_some(v)
    })
}
