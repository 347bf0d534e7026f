//! The ini reader: Delphi `TIniFile` semantics. Sections and keys are case-insensitive, values
//! are raw (no escapes, no quotes: `pass$123` and `C:\Updates` stay as written), a `;` after
//! white space starts a trailing comment, and the file may be UTF-8 (with or without BOM) or
//! Windows-1251 as the old Windows server wrote it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::ConfigError;
use crate::crypto::cp1251;

/// The parsed file: upper-cased section → upper-cased key → (key as written, value).
pub struct Ini {
    pub file: String,
    pub sections: BTreeMap<String, BTreeMap<String, (String, String)>>,
}

impl Ini {
    pub fn parse(file: &str, text: &str) -> Result<Ini, ConfigError> {
        let opt = ini::ParseOption {
            enabled_quote: false,
            enabled_escape: false,
            ..Default::default()
        };
        // rust-ini reads a `\` at the end of a line as a line continuation whatever the
        // options, so `UpdateFolder=C:\Updates\` in a LF file swallowed the next line (found by
        // fuzzing). TIniFile has no continuations: a CR after the backslash stops it, and the
        // value's trim removes the CR again.
        let text = text.replace("\\\n", "\\\r\n");
        let text: String = text
            .split_inclusive('\n')
            .map(cut_leading_comment)
            .collect();
        let parsed = ini::Ini::load_from_str_opt(&text, opt).map_err(|e| ConfigError::Parse {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
        let mut sections: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
        for (name, props) in parsed.iter() {
            let name = name.unwrap_or("").trim().to_uppercase();
            let entry = sections.entry(name).or_default();
            for (k, v) in props.iter() {
                entry.insert(
                    k.trim().to_uppercase(),
                    (k.trim().to_string(), strip_comment(v).to_string()),
                );
            }
        }
        Ok(Ini {
            file: file.to_string(),
            sections,
        })
    }

    /// The value of `key` in `section` (both upper case).
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections
            .get(section)
            .and_then(|s| s.get(key))
            .map(|(_, v)| v.as_str())
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }
}

/// `Key= ; note` holds no value: the `;` follows white space, so it starts a comment. rust-ini
/// trims the value before [`strip_comment`] sees it, which turned this into the value `; note`;
/// the line is cut here, where the white space is still visible. `Key=;x` (no space) keeps
/// its value `;x`. Only the `=` form is handled: rust-ini also takes `:` as a separator, which
/// TIniFile (and so the original's files) never used.
fn cut_leading_comment(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_start();
    if trimmed.starts_with([';', '#', '[']) {
        return Cow::Borrowed(line);
    }
    let Some(eq) = line.find('=') else {
        return Cow::Borrowed(line);
    };
    let rest = &line[eq + 1..];
    let after = rest.trim_start_matches([' ', '\t']);
    if after.len() == rest.len() || !after.starts_with(';') {
        return Cow::Borrowed(line);
    }
    let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
    Cow::Owned(format!("{}{ending}", &line[..=eq]))
}

fn strip_comment(v: &str) -> &str {
    let bytes = v.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b';' && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return v[..i].trim();
        }
    }
    v.trim()
}

/// The file's text: UTF-8 (BOM dropped) or, failing that, Windows-1251.
pub fn decode_file(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => cp1251::to_utf8(bytes),
    }
}

/// A port number 1..65535.
pub fn parse_port(v: &str) -> Result<u16, &'static str> {
    match v.trim().parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Ok(_) => Err("port out of range 1..65535"),
        Err(_) => Err("not a number"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_right_after_the_equals_sign_leaves_the_value_empty() {
        let text = "[S]\r\nA= ; no value here\r\nB=;x\nC=v ; note\nD=\t;tab\nE=C:\\Up\\\nF=1\n";
        let ini = Ini::parse("t.ini", text).unwrap();
        assert_eq!(ini.get("S", "A"), Some(""));
        assert_eq!(ini.get("S", "B"), Some(";x"));
        assert_eq!(ini.get("S", "C"), Some("v"));
        assert_eq!(ini.get("S", "D"), Some(""));
        assert_eq!(ini.get("S", "E"), Some("C:\\Up\\"));
        assert_eq!(ini.get("S", "F"), Some("1"));
    }
}
