//! Delphi `TStringList.Text`: `NAME=VALUE` lines ended by CR LF, the plaintext of INFO and VERS.

/// Parses `NAME=VALUE` lines (CR LF or LF); lines without `=` are skipped.
pub fn parse(text: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    text.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter_map(|l| {
            let eq = l.iter().position(|&b| b == b'=')?;
            Some((l[..eq].to_vec(), l[eq + 1..].to_vec()))
        })
        .collect()
}

/// `Values[name]` (case-insensitive, first match).
pub fn value<'a>(pairs: &'a [(Vec<u8>, Vec<u8>)], name: &str) -> Option<&'a [u8]> {
    pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, v)| v.as_slice())
}

/// Builds `TStringList.Text` from pairs, each line ended by CR LF.
pub fn build<K: AsRef<[u8]>, V: AsRef<[u8]>>(pairs: &[(K, V)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in pairs {
        out.extend_from_slice(k.as_ref());
        out.push(b'=');
        out.extend_from_slice(v.as_ref());
        out.extend_from_slice(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = build(&[("ID", "33987183"), ("EX", "250713")]);
        assert_eq!(text, b"ID=33987183\r\nEX=250713\r\n");
        let pairs = parse(&text);
        assert_eq!(value(&pairs, "id"), Some(&b"33987183"[..]));
        assert_eq!(value(&pairs, "XX"), None);
        assert_eq!(parse(b"junk\nA=1=2\n").len(), 1);
        assert_eq!(value(&parse(b"A=1=2"), "A"), Some(&b"1=2"[..]));
    }
}
