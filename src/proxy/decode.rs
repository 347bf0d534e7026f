//! Decoding one `DATA=` payload for the recording: TStringList (INFO), JSON tasks and results
//! (masked unless `--unmask`), VERS lists, DWNL files, anything else by its look.

use md5::{Digest, Md5};
use serde_json::Value;

use super::record::{mask_result, mask_task, Decoded, Dir, VersFile};
use crate::assumed;
use crate::crypto::{cp1251, decode_payload, PayloadKey};
use crate::tstrings;

/// Longest non-DATA value or text kept in a record.
pub(crate) const MAX_SHOWN: usize = 4096;

/// Decodes one `DATA=` value the way its command uses it.
pub fn decode(
    key: Option<&PayloadKey>,
    unmask: bool,
    verb: &str,
    dir: Dir,
    data: &[u8],
) -> Decoded {
    let Some(key) = key else {
        return Decoded::Failed {
            error: "no session key (INIT and its reply not seen or not usable)".into(),
        };
    };
    let plain = match decode_payload(key, data) {
        Ok(p) => p,
        Err(e) => {
            return Decoded::Failed {
                error: e.to_string(),
            }
        }
    };
    match (verb, dir) {
        ("INFO", _) => decode_tstrings(&plain),
        ("GREQ", Dir::S2c) => decode_json(&plain, true, unmask),
        ("SRSP", Dir::C2s) => decode_json(&plain, false, unmask),
        ("VERS", Dir::S2c) => decode_vers(&plain),
        ("DWNL", Dir::S2c) => Decoded::File {
            len: plain.len(),
            md5: crate::crypto::hex(&Md5::digest(&plain)),
        },
        _ => decode_generic(&plain, unmask),
    }
}

/// A task (GREQ) or result (SRSP): JSON, masked unless `unmask`.
fn decode_json(plain: &[u8], task: bool, unmask: bool) -> Decoded {
    let (text, _) = cp1251::utf8_or_cp1251(plain.to_vec());
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => {
            let json = if unmask {
                v
            } else if task {
                mask_task(v)
            } else {
                mask_result(mask_task(v))
            };
            Decoded::Json {
                json,
                masked: !unmask,
                len: plain.len(),
            }
        }
        Err(e) => Decoded::Text {
            len: plain.len(),
            looks_like: format!("not JSON ({e})"),
            text: unmask.then(|| truncate(&text, 64 * 1024)),
        },
    }
}

/// A payload of an unknown command: JSON, `NAME=VALUE` lines, text or binary.
fn decode_generic(plain: &[u8], unmask: bool) -> Decoded {
    let (text, _) = cp1251::utf8_or_cp1251(plain.to_vec());
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        return Decoded::Json {
            json: if unmask { v } else { mask_result(mask_task(v)) },
            masked: !unmask,
            len: plain.len(),
        };
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let looks_like = if !lines.is_empty() && lines.iter().all(|l| l.contains('=')) {
        let keys: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.split('=').next())
            .take(32)
            .collect();
        format!("NAME=VALUE lines, keys {}", keys.join(","))
    } else if plain.iter().any(|&b| b < 9 || (14..32).contains(&b)) {
        "binary".into()
    } else {
        "text".into()
    };
    Decoded::Text {
        len: plain.len(),
        looks_like,
        text: unmask.then(|| truncate(&text, 64 * 1024)),
    }
}
fn decode_tstrings(plain: &[u8]) -> Decoded {
    let pairs = tstrings::parse(plain)
        .into_iter()
        .map(|(k, v)| (cp1251::to_utf8(&k), shown(&v, MAX_SHOWN)))
        .collect();
    let other_lines = plain
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty() && !l.contains(&b'='))
        .map(|l| shown(l, 200))
        .collect();
    Decoded::Tstrings { pairs, other_lines }
}

fn decode_vers(plain: &[u8]) -> Decoded {
    let text = cp1251::to_utf8(plain);
    let mut files = Vec::new();
    let mut bad_lines = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        match assumed::parse_vers_line(line) {
            Some((name, size, modified, md5)) => files.push(VersFile {
                name,
                size,
                modified,
                md5,
            }),
            None => bad_lines.push(truncate(line, 200)),
        }
    }
    Decoded::Vers { files, bad_lines }
}

/// A parameter or reply-line value as recorded: `DATA` elided to its length.
pub(crate) fn elide_value(name: &[u8], value: &[u8]) -> String {
    if name.eq_ignore_ascii_case(assumed::DATA_PARAM.as_bytes()) {
        format!("<{} bytes>", value.len())
    } else {
        shown(value, MAX_SHOWN)
    }
}

/// cp1251 bytes as UTF-8, cut at `max` bytes.
pub(crate) fn shown(bytes: &[u8], max: usize) -> String {
    if bytes.len() > max {
        format!(
            "{}…(+{} bytes)",
            cp1251::to_utf8(&bytes[..max]),
            bytes.len() - max
        )
    } else {
        cp1251::to_utf8(bytes)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…(+{} bytes)", &s[..end], s.len() - end)
}
