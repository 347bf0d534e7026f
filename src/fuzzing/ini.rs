//! The ini reader: arbitrary files, and generated ones whose values must read back.

use std::path::Path;

use super::Input;

const INI_VALUE_CHARS: &[u8] = b"abcXYZ019 $._-/\\:@";
const INI_NAME_CHARS: &[u8] = b"abcXYZ019_ ";

/// The ini reader. Mode 0: arbitrary file bytes through `decode_file`, `Ini::parse` and
/// `Config::from_text` (a configuration that loads has 1..=64 instances and usable ports).
/// Mode 1: an ini built from the bytes (sections, keys, values of a plain alphabet, comments)
/// reads back: each key's last value, trimmed, under its upper-cased section and name.
pub fn ini(data: &[u8]) {
    use crate::config::ini::{decode_file, Ini};
    let mut input = Input::new(data);
    if input.byte().is_multiple_of(2) {
        let bytes = input.rest();
        let text = decode_file(bytes);
        if let Ok(s) = std::str::from_utf8(bytes) {
            if !bytes.starts_with(b"\xEF\xBB\xBF") {
                assert_eq!(text, s);
            }
        }
        if let Ok(ini) = Ini::parse("fuzz.ini", &text) {
            for (name, keys) in &ini.sections {
                assert_eq!(*name, name.trim().to_uppercase());
                for (k, (_, v)) in keys {
                    assert_eq!(*k, k.trim().to_uppercase());
                    assert_eq!(v.trim(), v);
                    assert_eq!(ini.get(name, k), Some(v.as_str()));
                }
            }
        }
        let env = std::collections::BTreeMap::<String, String>::new();
        if let Ok(c) =
            crate::config::Config::from_text("fuzz.ini", &text, Path::new("/nonexistent"), &env)
        {
            assert!((1..=64).contains(&c.instances.len()));
            for i in &c.instances {
                assert!(i.tcp_port >= 1 && i.http_port >= 1);
            }
        }
        return;
    }
    let mut text = String::new();
    let mut want: std::collections::BTreeMap<(String, String), String> = Default::default();
    let mut section = String::new();
    let pick = |b: u8, set: &[u8]| set[b as usize % set.len()] as char;
    while !input.data.is_empty() {
        match input.byte() % 4 {
            0 => {
                let n = 1 + input.byte() as usize % 6;
                let name: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_NAME_CHARS))
                    .collect();
                if name.trim().is_empty() {
                    continue;
                }
                section = name.trim().to_uppercase();
                text.push_str(&format!("[{name}]\r\n"));
            }
            1 => text.push_str("; a comment = not a key\n"),
            _ => {
                if section.is_empty() {
                    continue;
                }
                let n = 1 + input.byte() as usize % 6;
                let key: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_NAME_CHARS))
                    .collect();
                if key.trim().is_empty() {
                    continue;
                }
                let n = input.byte() as usize % 12;
                let value: String = input
                    .take(n)
                    .iter()
                    .map(|&b| pick(b, INI_VALUE_CHARS))
                    .collect();
                // A comment after white space, also right after the `=` (`Key= ; comment`).
                let comment = if input.byte().is_multiple_of(3) {
                    " ; trailing comment"
                } else {
                    ""
                };
                text.push_str(&format!("{key}={value}{comment}\n"));
                want.insert(
                    (section.clone(), key.trim().to_uppercase()),
                    value.trim().to_string(),
                );
            }
        }
    }
    let ini = Ini::parse("fuzz.ini", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    for ((s, k), v) in &want {
        assert_eq!(ini.get(s, k), Some(v.as_str()), "[{s}] {k} in\n{text}");
    }
}
