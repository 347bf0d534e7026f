//! The per-connection key agreed in INIT (protocol.md §4 "Session key", VERIFIED).

/// The client's fixed crypto dictionary, indexed 1..=10 by INIT's `ID`.
pub const DICTIONARY: [&str; 10] = [
    "123hk12h8dcal",
    "FT676Ugug6sFa",
    "a6xbBa7A8a9la",
    "qMnxbtyTFvcqi",
    "cx7812vcxFRCC",
    "bab7u682ftysv",
    "YGbsux&Ygsyxg",
    "MSN><hu8asG&&",
    "23yY88syHXvvs",
    "987sX&sysy891",
];

/// Delphi `Copy(s, index, count)` on a byte string (1-based, clamped, never panics).
pub fn delphi_copy(s: &[u8], index: usize, count: usize) -> &[u8] {
    if index == 0 || index > s.len() {
        return &[];
    }
    let start = index - 1;
    let end = start.saturating_add(count).min(s.len());
    &s[start..end]
}

/// `KEY + Copy(Dict[ID],1,LEN) + Copy(HST,1,2) + Copy(HST,Length(HST),1)` on cp1251 bytes.
/// Returns `None` when `dict_id` is outside 1..=10 (the caller answers 501).
pub fn session_key(key: &[u8], len: usize, dict_id: usize, host: &[u8]) -> Option<Vec<u8>> {
    let entry = DICTIONARY.get(dict_id.checked_sub(1)?)?.as_bytes();
    let mut out = Vec::with_capacity(key.len() + len.min(entry.len()) + 3);
    out.extend_from_slice(key);
    out.extend_from_slice(delphi_copy(entry, 1, len));
    out.extend_from_slice(delphi_copy(host, 1, 2));
    out.extend_from_slice(delphi_copy(host, host.len(), 1));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delphi_copy_semantics() {
        assert_eq!(delphi_copy(b"abc", 1, 2), b"ab");
        assert_eq!(delphi_copy(b"abc", 1, 99), b"abc");
        assert_eq!(delphi_copy(b"abc", 3, 1), b"c");
        assert_eq!(delphi_copy(b"abc", 0, 1), b"");
        assert_eq!(delphi_copy(b"", 0, 1), b"");
        assert_eq!(delphi_copy(b"abc", 4, 1), b"");
    }

    #[test]
    fn real_session_key() {
        let k = session_key(b"30DF", 5, 6, b"NEWLPT-NDANAIL-").unwrap();
        assert_eq!(k, b"30DFbab7uNE-");
    }

    #[test]
    fn edge_hosts() {
        assert_eq!(session_key(b"AAAA", 1, 1, b"X").unwrap(), b"AAAA1XX");
        assert_eq!(session_key(b"AAAA", 1, 1, b"").unwrap(), b"AAAA1");
        assert_eq!(session_key(b"AAAA", 0, 1, b"").unwrap(), b"AAAA");
    }

    #[test]
    fn cyrillic_host_uses_cp1251_bytes() {
        let host = crate::crypto::cp1251::from_utf8("МАГАЗИН-PC");
        let k = session_key(b"77BE", 2, 3, &host).unwrap();
        assert_eq!(k, [b"77BEa6".as_slice(), &[0xCC, 0xC0], b"C"].concat());
    }

    #[test]
    fn dictionary_index_out_of_range() {
        assert!(session_key(b"AAAA", 1, 0, b"H").is_none());
        assert!(session_key(b"AAAA", 1, 11, b"H").is_none());
    }
}
