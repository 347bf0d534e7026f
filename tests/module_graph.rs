//! The shape of `src/` as issue 16 fixed it, read from the sources:
//! - no import cycles among modules (a module and its own sub-modules excepted: a `mod.rs`
//!   re-exports its children and they use its shared items, which is how Rust folders work);
//! - the simulator (`client`, with its shop database `shopdb`) depends on the protocol modules
//!   only, never on the server's;
//! - no two of the server's modules share a name (`auth.rs` and `http/auth.rs` once did), so a
//!   name says which part it serves. The simulator (`client`, `shopdb`) and the migration proxy
//!   (`proxy`) are their own sides: the proxy's report has one file per protocol point named
//!   after its command, as `cmd/` has.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::rust_files;

/// `src/http/relay_endpoint.rs` → `["http", "relay_endpoint"]`; `src/http/mod.rs` → `["http"]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments (doc links name modules without using them) and
/// without its unit tests (they come last; a test may import what the module itself must not,
/// and `super` inside `mod tests` means the file's own module).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string literal ("http://…") is rare in paths that matter here.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names: `crate::a::b`, `super::c` (resolved against `me`), and
/// the items of `crate::a::{b, c::d}` groups.
fn named_paths(me: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for (start, prefix) in [("crate::", None), ("super::", Some(()))] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (ident(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            let mut base: Vec<String> = if prefix.is_some() {
                // `super` of `a/b.rs` ([a, b]) is `a`; of `a/mod.rs` ([a]) the crate root.
                let mut b = me.to_vec();
                b.pop();
                b
            } else {
                Vec::new()
            };
            let mut rest = &code[from..];
            // `super::super::x`: one level up per `super`.
            if prefix.is_some() {
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path = rest[..end].trim_end_matches(':');
            base.extend(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            // `crate::a::{b, c}` and `super::{b, c}` (nothing between the prefix and `{`).
            if rest[end..].starts_with('{') && (end == 0 || rest[..end].ends_with("::")) {
                let group_end = rest[end..].find('}').map(|j| end + j).unwrap_or(end);
                for item in rest[end + 1..group_end].split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() && first != "self" {
                        let mut p = base.clone();
                        p.push(first.to_string());
                        out.push(p);
                    }
                }
            }
            out.push(base);
        }
    }
    out
}

struct Graph {
    modules: BTreeSet<Vec<String>>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut texts = Vec::new();
    let mut modules = BTreeSet::new();
    for f in &files {
        let m = module_path(&src, f);
        if m.first().is_some_and(|p| p == "bin") || m == ["lib"] {
            continue;
        }
        modules.insert(m.clone());
        texts.push((m, std::fs::read_to_string(f).unwrap()));
    }
    let resolve = |p: &[String]| -> Option<Vec<String>> {
        (1..=p.len())
            .rev()
            .map(|n| p[..n].to_vec())
            .find(|c| modules.contains(c))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (me, text) in &texts {
        for p in named_paths(me, &code(text)) {
            let Some(target) = resolve(&p) else { continue };
            // A module and its own descendants or ancestors: one folder, not a cycle.
            if target.starts_with(me) || me.starts_with(&target) {
                continue;
            }
            edges.entry(me.clone()).or_default().insert(target);
        }
    }
    Graph { modules, edges }
}

fn name(m: &[String]) -> String {
    m.join("::")
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(t: &mut T, v: &Vec<String>) {
        t.index.insert(v.clone(), t.next);
        t.low.insert(v.clone(), t.next);
        t.next += 1;
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        let targets: Vec<Vec<String>> =
            t.g.edges
                .get(v)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
        for w in targets {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(&w);
                let done = &w == v;
                comp.push(name(&w));
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for m in &g.modules {
        if !t.index.contains_key(m) {
            visit(&mut t, m);
        }
    }
    t.out
}

#[test]
fn the_reader_sees_the_imports_it_must_see() {
    // The test's own parser, checked on the edges the split was about.
    let g = graph();
    let deps = |m: &str| -> BTreeSet<String> {
        let key: Vec<String> = m.split("::").map(str::to_string).collect();
        g.edges
            .get(&key)
            .map(|s| s.iter().map(|p| name(p)).collect())
            .unwrap_or_default()
    };
    assert!(deps("handler").contains("cmd"), "{:?}", deps("handler"));
    assert!(deps("handler").contains("session"));
    assert!(deps("cmd::greq").contains("session"));
    assert!(deps("registry").contains("relay"));
    assert!(
        deps("http::legacy").contains("http::login"),
        "super:: paths resolve"
    );
    assert!(
        deps("client::session").contains("client::demo"),
        "grouped `use super::{{a, b}}` imports count: {:?}",
        deps("client::session")
    );
    assert!(
        deps("db::writer").contains("db::apply"),
        "{:?}",
        deps("db::writer")
    );
}

#[test]
fn no_import_cycles_among_modules() {
    let found = cycles(&graph());
    assert!(
        found.is_empty(),
        "modules that import each other: {found:?}"
    );
}

#[test]
fn the_simulator_depends_on_protocol_modules_only() {
    let g = graph();
    let allowed = ["wire", "crypto", "assumed", "tstrings", "client", "shopdb"];
    let mut bad = Vec::new();
    for (from, targets) in &g.edges {
        if !["client", "shopdb"].contains(&from[0].as_str()) {
            continue;
        }
        for t in targets {
            if !allowed.contains(&t[0].as_str()) {
                bad.push(format!("{} → {}", name(from), name(t)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "the simulator reaches into the server: {bad:?}"
    );
}

#[test]
fn no_two_server_modules_share_a_name() {
    let g = graph();
    let other_sides = ["client", "shopdb", "proxy", "fuzzing"];
    let mut by_leaf: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for m in &g.modules {
        if other_sides.contains(&m[0].as_str()) {
            continue;
        }
        if let Some(leaf) = m.last() {
            by_leaf.entry(leaf).or_default().push(name(m));
        }
    }
    let clashes: Vec<_> = by_leaf.into_iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(
        clashes.is_empty(),
        "modules with the same name: {clashes:?}"
    );
}
