//! The repository is self-contained: a user who clones it has nothing beside it, so no source,
//! test, script, doc or build file may read a folder outside the clone, and every relative link
//! in the README and docs/ must name a file that is in the repository.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Folders that are built, installed or generated, never written by hand.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "target",
    "run",
    "node_modules",
    "test-output",
    "vendor",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                walk(&path, out);
            }
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

fn repo_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(&root(), &mut files);
    files.sort();
    files
}

#[test]
fn nothing_reads_a_folder_outside_the_clone() {
    // Spelled in pieces so this file does not match itself.
    let forbidden = [
        concat!("..", "/shared"),
        concat!("CRS_", "SHARED_DIR"),
        concat!("/work", "/shared"),
        concat!("shared", "/spec/"),
        concat!("shared", "/vectors/"),
    ];
    let files = repo_files();
    assert!(
        files.len() > 100,
        "walked only {} files from {}",
        files.len(),
        root().display()
    );
    let mut hits = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            for bad in forbidden {
                if line.contains(bad) {
                    let rel = f.strip_prefix(root()).unwrap_or(f);
                    hits.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "files refer to a folder outside the repository:\n{}",
        hits.join("\n")
    );
}

/// Relative targets of `[text](target)` links in a Markdown text (no URLs, no anchors).
fn relative_links(md: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = md;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find(')') else {
            break;
        };
        let target = rest[..end].trim();
        let target = target.split('#').next().unwrap_or("");
        if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
            links.push(target.to_string());
        }
    }
    links
}

#[test]
fn readme_and_docs_link_only_files_in_the_repository() {
    let mut docs = vec![root().join("README.md")];
    let mut in_docs = Vec::new();
    walk(&root().join("docs"), &mut in_docs);
    docs.extend(
        in_docs
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    assert!(docs.len() >= 5, "README and docs/*.md: {docs:?}");
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in &docs {
        let text = std::fs::read_to_string(doc).expect("docs are UTF-8");
        let dir = doc.parent().expect("a file has a folder");
        for link in relative_links(&text) {
            checked += 1;
            let target = dir.join(&link);
            let inside = target
                .canonicalize()
                .map(|t| t.starts_with(root().canonicalize().expect("root exists")))
                .unwrap_or(false);
            if !inside {
                broken.push(format!("{}: {link}", doc.display()));
            }
        }
    }
    assert!(checked >= 5, "only {checked} relative links found");
    assert!(
        broken.is_empty(),
        "links to files that are not in the repository:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_crypto_vectors_carry_the_real_capture() {
    let text = std::fs::read_to_string(root().join("tests/vectors/crypto.json"))
        .expect("tests/vectors/crypto.json is in the repository");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let real = v["data"]
        .as_array()
        .expect("data vectors")
        .iter()
        .filter(|d| d["note"].as_str().unwrap_or("").starts_with("REAL"))
        .count();
    assert_eq!(real, 1, "the captured INFO reply of the original server");
    assert!(v["registration"][0]["note"]
        .as_str()
        .unwrap_or("")
        .starts_with("REAL"));
}
