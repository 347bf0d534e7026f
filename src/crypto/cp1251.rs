//! Windows-1251 at the edges: the wire carries ANSI bytes, logs, JSON and REST want UTF-8.

use encoding_rs::WINDOWS_1251;

/// Decodes cp1251 bytes to a `String`. Every byte maps to a character, so this never fails.
/// No byte-order-mark sniffing: `FF FE` is `яю` and `EF BB BF` is `п»ї` in cp1251, not a
/// UTF-16/UTF-8 marker (`Encoding::decode` would swallow them or switch encodings).
pub fn to_utf8(bytes: &[u8]) -> String {
    let (text, _) = WINDOWS_1251.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Encodes text to cp1251; characters cp1251 cannot hold become `?` like Delphi's
/// `AnsiString` conversion would.
pub fn from_utf8(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = WINDOWS_1251.encode(text);
    if !had_errors {
        return bytes.into_owned();
    }
    text.chars()
        .flat_map(|c| {
            let mut buf = [0u8; 4];
            let (b, _, bad) = WINDOWS_1251.encode(c.encode_utf8(&mut buf));
            if bad {
                vec![b'?']
            } else {
                b.into_owned()
            }
        })
        .collect()
}

/// Passes valid UTF-8 through unchanged and converts anything else from cp1251: the relay's
/// rule for client results (http-api.md §1). Returns whether a conversion happened.
pub fn utf8_or_cp1251(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (to_utf8(e.as_bytes()), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_round_trip() {
        let host = "МАГАЗИН-PC";
        let bytes = from_utf8(host);
        assert_eq!(bytes.len(), host.chars().count());
        assert_eq!(bytes[0], 0xCC);
        assert_eq!(to_utf8(&bytes), host);
    }

    #[test]
    fn byte_order_marks_are_plain_cp1251() {
        assert_eq!(to_utf8(b"\xff\xfe"), "яю");
        assert_eq!(to_utf8(b"\xfe\xffAB"), "юяAB");
        assert_eq!(to_utf8(b"\xef\xbb\xbfX"), "п»їX");
        assert_eq!(from_utf8(&to_utf8(b"\xff\xfe\x00x")), b"\xff\xfe\x00x");
    }

    #[test]
    fn test_marker_is_two_cyrillic_te() {
        assert_eq!(from_utf8("ТТ"), vec![0xD2, 0xD2]);
    }

    #[test]
    fn unmappable_becomes_question_mark() {
        assert_eq!(from_utf8("a€😀b"), b"a\x88?b".to_vec());
    }

    #[test]
    fn relay_rule_keeps_utf8_and_converts_ansi() {
        assert_eq!(
            utf8_or_cp1251("Ок".as_bytes().to_vec()),
            ("Ок".to_string(), false)
        );
        assert_eq!(utf8_or_cp1251(vec![0xCE, 0xEA]), ("Ок".to_string(), true));
    }
}
