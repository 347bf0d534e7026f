//! The HTTP API's request reading, percent-decoding, parameters and the masked access log.

use super::Input;

const SECRET_NAMES: [&str; 7] = ["p", "pass", "password", "pswd", "pwd", "secret", "token"];

/// `src/http/req.rs`. Percent-decoding never grows the text and reverses full
/// percent-encoding; a request's query becomes one parameter per non-empty `&` piece, found by
/// `param` case-insensitively; `masked_url` keeps every piece but replaces the values of the
/// secret names (`p`, `pass`, ... in any case or percent spelling) by `***`.
pub fn http(data: &[u8]) {
    use crate::http::req::{decode_text, percent_decode, ParamValue, Req};
    let mut input = Input::new(data);
    let mode = input.byte();
    let auth = input.take(mode as usize % 24).to_vec();
    let raw = input.rest();
    let text = String::from_utf8_lossy(raw);

    for plus in [false, true] {
        let d = percent_decode(&text, plus);
        assert!(d.len() <= text.len());
        if !(text.contains('%') || plus && text.contains('+')) {
            assert_eq!(d, text.as_bytes());
        }
    }
    let encoded: String = raw.iter().map(|b| format!("%{b:02X}")).collect();
    assert_eq!(percent_decode(&encoded, true), raw);
    assert_eq!(decode_text(text.as_bytes()), text);

    let v = ParamValue::new(&text);
    let c = v.candidates();
    assert!(!c.is_empty() && c.len() <= 2 && c[0] == v.form);
    if !text.contains('+') {
        assert_eq!(v.form, v.literal);
    }

    // A whole request through tiny_http's own request type.
    let url = if text.starts_with('/') {
        text.to_string()
    } else {
        format!("/{text}")
    };
    let mut test = tiny_http::TestRequest::new().with_path(&url);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Authorization"[..], &auth[..]) {
        test = test.with_header(h);
    }
    let rq: tiny_http::Request = test.into();
    let req = Req::from_tiny(&rq);
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    assert_eq!(req.raw_path, path);
    assert_eq!(req.raw_query, query);
    let pieces: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    assert_eq!(req.params.len(), pieces.len());
    for (name, value) in &req.params {
        let first = req
            .params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v);
        assert_eq!(req.param(name), first);
        if let Some(t) = req.param_text(name) {
            assert_eq!(t, t.trim());
            assert!(!t.is_empty());
        }
        let _ = value;
    }
    // The access log's contract (src/http/req.rs): the query is split at `&` and `;`,
    // piece for piece; a value is shown only for `id`, `u` or `name`, every other value (every
    // spelling of a secret included) is `***`.
    let masked = req.masked_url();
    if !query.is_empty() {
        let (_, mquery) = masked.split_once('?').expect("masked URL keeps its query");
        let split = |q: &str| -> Vec<String> { q.split(['&', ';']).map(str::to_string).collect() };
        let (before, after) = (split(query), split(mquery));
        assert_eq!(before.len(), after.len(), "{masked}");
        for (b, a) in before.iter().zip(&after) {
            if b.is_empty() {
                assert!(a.is_empty(), "{masked}");
                continue;
            }
            match a.split_once('=') {
                Some((k, v)) if v != "***" => {
                    assert!(
                        ["id", "u", "name"]
                            .iter()
                            .any(|n| n.eq_ignore_ascii_case(k)),
                        "value of {k} shown in {masked}"
                    );
                    assert_eq!(a, b, "{masked}");
                }
                Some(_) => {}
                None => assert_eq!(a, "***", "{masked}"),
            }
            if let Some((k, _)) = b.split_once('=') {
                let name = decode_text(&percent_decode(k, true)).to_ascii_lowercase();
                if SECRET_NAMES.contains(&name.as_str()) {
                    assert!(a.ends_with("=***"), "secret not masked in {masked}");
                }
            }
        }
    }
}
