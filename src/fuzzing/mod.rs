//! The properties of every parser of untrusted bytes, in one folder (one file per parser
//! family, the seed corpora in `seeds.rs`, the target table here): the cargo-fuzz targets
//! under `fuzz/` call these functions with the fuzzer's bytes, and `tests/properties.rs` calls
//! the same functions with a few thousand seeded inputs in `cargo test`, so both exercise
//! exactly the same checks.
//!
//! Each function takes arbitrary bytes, turns some of them into parameters (a line cap, chunk
//! sizes, a mode) with [`Input`], runs the parser and **asserts** what must hold: no panic is
//! the least of it; where an encoder exists the parse must round-trip (`encode → parse`), where
//! a stream is cut into chunks the result must not depend on the cut.
//!
//! A crash the fuzzer finds is fixed, not stepped over: its input stays in the seed corpus and
//! in `tests/fuzz_regressions.rs`. Not part of the server's API.

use std::io::{self, Read};

mod client;
mod http;
mod ini;
mod payload;
mod proxy;
mod seeds;
mod text;
mod wire;

pub use client::client_task;
pub use http::http;
pub use ini::ini;
pub use payload::{fuzz_key, payload};
pub use proxy::{proxy_lines, proxy_tap, tap_script};
pub use seeds::{seeds, EXAMPLE_INI};
pub use text::{cp1251, tstrings};
pub use wire::{line_reader, reply, reply_round_trip, reply_stream, request_line};

/// Splits the fuzzer's bytes into small parameters and a remaining payload. Reading past the
/// end yields zeros, so every input is usable.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// Up to `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (a, b) = self.data.split_at(n);
        self.data = b;
        a
    }

    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}

/// A reader that hands out its bytes in the given chunk sizes (cycling), like TCP would.
pub struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl<'a> Chunked<'a> {
    pub fn new(data: &'a [u8], sizes: &[usize]) -> Self {
        let sizes = if sizes.is_empty() {
            vec![usize::MAX]
        } else {
            sizes.iter().map(|&s| s.max(1)).collect()
        };
        Chunked {
            data,
            sizes,
            next: 0,
        }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn chunk_sizes(input: &mut Input) -> Vec<usize> {
    (0..4).map(|_| 1 + input.byte() as usize % 37).collect()
}

/// A property over the fuzzer's bytes.
pub type Property = fn(&[u8]);

/// Every target: its name (the `fuzz/fuzz_targets/<name>.rs` file) and property.
pub const TARGETS: &[(&str, Property)] = &[
    ("line_reader", line_reader),
    ("request_line", request_line),
    ("reply", reply),
    ("payload", payload),
    ("tstrings", tstrings),
    ("cp1251", cp1251),
    ("ini", ini),
    ("http", http),
    ("proxy_lines", proxy_lines),
    ("proxy_tap", proxy_tap_scratch),
    ("client_task", client_task),
];

/// [`proxy_tap`] with a scratch folder per process under the system temp folder.
pub fn proxy_tap_scratch(data: &[u8]) {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR
        .get_or_init(|| std::env::temp_dir().join(format!("crs-fuzz-tap-{}", std::process::id())));
    let per_thread = dir.join(
        format!("{:?}", std::thread::current().id())
            .replace(|c: char| !c.is_ascii_alphanumeric(), ""),
    );
    proxy_tap(data, &per_thread);
    // Leave no folders behind (the parent goes once no other thread uses it).
    let _ = std::fs::remove_dir(&per_thread);
    let _ = std::fs::remove_dir(dir);
}
