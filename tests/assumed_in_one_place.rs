//! Every ASSUMED wire form lives in `src/assumed.rs`: the first real recording that
//! contradicts one is fixed by changing that file alone. This test reads the sources and fails
//! when a string literal elsewhere spells an ASSUMED parameter name (`CMD=`, `DATA=`, `SIZE=`,
//! `F=`) or an error reply's wording.

mod common;

use std::path::Path;

use common::rust_files;
use crs::assumed;

/// The contents of the string literals of one line of code (comments skipped).
fn literals(line: &str) -> Vec<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = code.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match (&mut cur, c) {
            (None, '/') if chars.peek() == Some(&'/') => break,
            // A char literal such as '"' is not a string.
            (None, '"') if prev == '\'' => {}
            (None, '"') => cur = Some(String::new()),
            (Some(s), '\\') => {
                if let Some(n) = chars.next() {
                    s.push('\\');
                    s.push(n);
                }
            }
            (Some(_), '"') => out.push(cur.take().unwrap_or_default()),
            (Some(s), c) => s.push(c),
            (None, _) => {}
        }
        prev = c;
    }
    out
}

#[test]
fn assumed_wire_forms_are_spelt_only_in_assumed_rs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let params = [
        assumed::CMD_PARAM,
        assumed::DATA_PARAM,
        assumed::DWNL_SIZE_PARAM,
        assumed::DWNL_FILE_PARAM,
    ];
    let texts = [
        assumed::error_text::BAD_KEY,
        assumed::error_text::BAD_PACKET,
        assumed::error_text::UNKNOWN_COMMAND,
        assumed::error_text::UNDECODABLE,
        assumed::error_text::REPLY_ENCODING,
        assumed::error_text::INIT_FAILED,
        assumed::error_text::DUPLICATE_ID,
        assumed::error_text::NO_TASK,
        assumed::error_text::UPDATE_FAILED,
    ];
    let mut found = Vec::new();
    for f in files {
        // assumed.rs is the place; fuzzing/seeds.rs writes raw wire bytes as seed corpora, like
        // a test.
        if f.ends_with("assumed.rs") || f.ends_with("fuzzing/seeds.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Tests may write raw wire bytes: only the code before the test module counts.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            for lit in literals(line) {
                let named = params.iter().any(|p| {
                    let eq = format!("{p}=");
                    lit.starts_with(&eq) || lit.contains(&format!(" {eq}"))
                });
                let worded = texts.iter().any(|t| lit.contains(t));
                if named || worded {
                    found.push(format!("{}:{}: \"{lit}\"", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "ASSUMED wire forms spelt outside src/assumed.rs (use its constants and builders):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_literal_scanner_sees_strings_not_comments() {
    assert_eq!(
        literals(r#"let a = format!("SRSP CMD={c}", x); // "DATA=""#),
        vec!["SRSP CMD={c}".to_string()]
    );
    assert!(literals(r#"// "SIZE=""#).is_empty());
    assert_eq!(literals(r#"f('"', "a\"b")"#), vec![r#"a\"b"#.to_string()]);
}
