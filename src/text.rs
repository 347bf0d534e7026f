//! Two small text rules both the server's storage and its HTTP sides apply: cutting a value to
//! a column's width in characters, and RFC 3986 percent-encoding of a URL component.

/// At most `max` characters (MySQL columns are sized in characters).
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// RFC 3986 percent-encoding of a URL component (UTF-8 bytes; unreserved characters kept).
pub fn percent_encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_on_characters_and_encodes_bytes() {
        assert_eq!(cut("Демо", 2), "Де");
        assert_eq!(cut("ab", 5), "ab");
        assert_eq!(percent_encode("a b/Д~"), "a%20b%2F%D0%94~");
    }
}
