//! Delphi string lists and the cp1251 conversions.

use crate::crypto::cp1251;
use crate::tstrings;

/// [`tstrings::parse`]: names hold no `=` or line end, values no `\n`; `value` is the first
/// case-insensitive match; `parse(build(pairs)) == pairs`.
pub fn tstrings(data: &[u8]) {
    let pairs = tstrings::parse(data);
    for (k, v) in &pairs {
        assert!(!k.contains(&b'=') && !k.contains(&b'\n'), "name {k:?}");
        assert!(!v.contains(&b'\n'), "value {v:?}");
    }
    assert!(pairs.len() <= data.split(|&b| b == b'\n').count());
    for (k, _) in &pairs {
        if let Ok(name) = std::str::from_utf8(k) {
            let first = pairs
                .iter()
                .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_slice());
            assert_eq!(tstrings::value(&pairs, name), first);
        }
    }
    let text = tstrings::build(&pairs);
    assert_eq!(tstrings::parse(&text), pairs);
}

// ---------------------------------------------------------------------------------------------
// cp1251

/// [`cp1251`]: every byte is one character and `from_utf8(to_utf8(b)) == b` for every byte
/// string; text goes to one byte per character and back unchanged, unmappable characters as
/// `?`; the relay rule keeps UTF-8 and converts anything else.
pub fn cp1251(data: &[u8]) {
    let text = cp1251::to_utf8(data);
    assert_eq!(
        text.chars().count(),
        data.len(),
        "to_utf8({data:?}) = {text:?}"
    );
    assert_eq!(
        cp1251::from_utf8(&text),
        data,
        "to_utf8({data:?}) = {text:?}"
    );

    let text = String::from_utf8_lossy(data);
    let bytes = cp1251::from_utf8(&text);
    assert_eq!(bytes.len(), text.chars().count());
    let mut expected = String::with_capacity(text.len());
    for (c, &b) in text.chars().zip(&bytes) {
        let mut buf = [0u8; 4];
        let (_, _, unmappable) = encoding_rs::WINDOWS_1251.encode(c.encode_utf8(&mut buf));
        if unmappable {
            assert_eq!(b, b'?', "{c:?} is not in cp1251");
            expected.push('?');
        } else {
            assert_eq!(cp1251::to_utf8(&[b]), c.to_string());
            expected.push(c);
        }
    }
    assert_eq!(cp1251::to_utf8(&bytes), expected);

    let (s, converted) = cp1251::utf8_or_cp1251(data.to_vec());
    match std::str::from_utf8(data) {
        Ok(t) => assert_eq!((s.as_str(), converted), (t, false)),
        Err(_) => {
            assert!(converted);
            assert_eq!(s.chars().count(), data.len());
        }
    }
}
