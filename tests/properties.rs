//! A short property-based run inside `cargo test`: the same property functions the fuzz
//! targets call (`crs::fuzzing`, see `fuzz/`), over a few thousand inputs per target made by a
//! seeded PRNG from the seed corpora (mutations, splices, random bytes). Deterministic: a
//! failure prints the seed and the input, and reruns the same way. `make fuzz` runs the
//! coverage-guided version for minutes per target.
//! What fuzzing found is fixed and kept fixed by `tests/fuzz_regressions.rs`; nothing is
//! stepped over here.

use std::path::PathBuf;

use crs::fuzzing::{seeds, TARGETS};

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// Bytes the parsers care about, so mutations hit their edges often.
const INTERESTING: &[&[u8]] = &[
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b"=",
    b"==",
    b"DATA=",
    b"200-",
    b"200 ",
    b"050 ",
    b"999",
    b"%",
    b"%2",
    b"%FF",
    b"+",
    b"&",
    b"?",
    b"[",
    b"]",
    b";",
    b"\xFF\xFE",
    b"\xEF\xBB\xBF",
    b"\x00",
    b"\x98",
    b"{",
    b"}",
    b"\"Type\":\"Query\"",
    b"'0000-01-01'",
    b"'9999-12-31'",
    b"INIT ",
    b"INFO ",
    b"GREQ",
    b"PING",
    b"SRSP",
    b"ERRL ",
];

fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(6) {
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.byte();
            }
            1 => {
                let i = rng.below(v.len() + 1);
                let t = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(i..i, t.iter().copied());
            }
            2 if !v.is_empty() => {
                let i = rng.below(v.len());
                let n = rng.below(v.len() - i + 1).min(64);
                v.drain(i..i + n);
            }
            3 => {
                let i = rng.below(v.len() + 1);
                let n = rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
                v.splice(i..i, bytes);
            }
            4 if !others.is_empty() => {
                let o = &others[rng.below(others.len())];
                let i = rng.below(v.len() + 1);
                let j = rng.below(o.len() + 1);
                v.truncate(i);
                v.extend_from_slice(&o[j..]);
            }
            5 if !v.is_empty() => {
                // Keep the parameter bytes of the target's input format, change the cut.
                v[0] = rng.byte();
            }
            _ => {
                let i = rng.below(v.len() + 1);
                let n = rng.below(200);
                v.truncate(i);
                v.extend((0..n).map(|_| rng.byte()));
            }
        }
    }
    v
}

fn run(target: &str, cases: usize) {
    let property = TARGETS
        .iter()
        .find(|(n, _)| *n == target)
        .expect("target")
        .1;
    let corpus: Vec<Vec<u8>> = seeds()
        .into_iter()
        .filter(|(t, _)| *t == target)
        .map(|(_, b)| b)
        .collect();
    assert!(!corpus.is_empty(), "no seeds for {target}");
    let seed = 0x5EED_0000
        ^ target
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let mut rng = Rng(seed);
    for s in &corpus {
        property(s);
    }
    for case in 0..cases {
        let input = if rng.below(10) == 0 {
            (0..rng.below(300)).map(|_| rng.byte()).collect()
        } else {
            let pick = rng.below(corpus.len());
            mutate(&mut rng, &corpus[pick], &corpus)
        };
        let result = std::panic::catch_unwind(|| property(&input));
        if result.is_err() {
            panic!(
                "{target}: property failed on case {case} (PRNG seed {seed:#x}), input {input:?}"
            );
        }
    }
}

#[test]
fn line_reader() {
    run("line_reader", 3000);
}

#[test]
fn request_line() {
    run("request_line", 3000);
}

#[test]
fn reply() {
    run("reply", 3000);
}

#[test]
fn payload() {
    run("payload", 1500);
}

#[test]
fn tstrings() {
    run("tstrings", 3000);
}

#[test]
fn cp1251() {
    run("cp1251", 3000);
}

#[test]
fn ini() {
    run("ini", 2000);
}

#[test]
fn http() {
    run("http", 2000);
}

#[test]
fn proxy_lines() {
    run("proxy_lines", 3000);
}

#[test]
fn proxy_tap() {
    run("proxy_tap", 500);
}

#[test]
fn client_task() {
    run("client_task", 1000);
}

#[test]
fn every_target_has_a_test_a_fuzz_target_and_seeds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let this = std::fs::read_to_string(root.join("tests/properties.rs")).expect("read");
    for (name, _) in TARGETS {
        assert!(
            this.contains(&format!("run(\"{name}\"")),
            "{name} has no test here"
        );
        let target = root.join(format!("fuzz/fuzz_targets/{name}.rs"));
        assert!(target.exists(), "{} missing", target.display());
        let manifest =
            std::fs::read_to_string(root.join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} not in fuzz/Cargo.toml"
        );
    }
}

/// The committed seed corpora (`fuzz/seeds/<target>/seed-NN`) are what [`seeds`] generates;
/// `CRS_WRITE_SEEDS=1 cargo test --test properties seed_files` rewrites them.
#[test]
fn seed_files_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let write = std::env::var("CRS_WRITE_SEEDS").is_ok_and(|v| v == "1");
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (target, bytes) in seeds() {
        let n = counts.entry(target).or_default();
        *n += 1;
        let path = root.join(target).join(format!("seed-{:02}", *n));
        if write {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        } else {
            let on_disk = std::fs::read(&path).unwrap_or_default();
            assert!(
                on_disk == bytes,
                "{} is stale: CRS_WRITE_SEEDS=1 cargo test --test properties seed_files",
                path.display()
            );
        }
    }
}
