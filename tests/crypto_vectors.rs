//! Every vector of `tests/vectors/crypto.json` (the real capture of the original server's INFO
//! reply and licence key included), plus round trips and hostile input. The vectors live in the
//! repository so the suite runs on a plain clone.

use std::path::PathBuf;

use crs::crypto::{
    cp1251, decode_payload, encode_payload, regkey, session_key, CryptoError, PayloadKey,
};
use serde_json::Value;

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/crypto.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("crypto.json is JSON")
}

#[test]
fn session_keys_of_the_vectors() {
    let v = vectors();
    let list = v["session_keys"].as_array().unwrap();
    assert!(!list.is_empty());
    for sk in list {
        let key = session_key(
            sk["KEY"].as_str().unwrap().as_bytes(),
            sk["LEN"].as_u64().unwrap() as usize,
            sk["ID"].as_u64().unwrap() as usize,
            sk["HST"].as_str().unwrap().as_bytes(),
        )
        .unwrap();
        assert_eq!(key, sk["session_key"].as_str().unwrap().as_bytes(), "{sk}");
    }
}

#[test]
fn data_vectors_decode_and_reencode_byte_exactly() {
    let v = vectors();
    let list = v["data"].as_array().unwrap();
    assert!(list.len() >= 4);
    for d in list {
        let key = PayloadKey::new(d["session_key"].as_str().unwrap().as_bytes());
        let b64 = d["base64"].as_str().unwrap();
        let plain = d["plaintext"].as_str().unwrap();
        let decoded = decode_payload(&key, b64.as_bytes()).expect("decodes");
        assert_eq!(decoded, plain.as_bytes(), "{}", d["note"]);
        assert_eq!(encode_payload(&key, plain.as_bytes()), b64, "{}", d["note"]);
    }
}

#[test]
fn real_capture_decodes_without_padding_too() {
    let v = vectors();
    let d = &v["data"][1];
    let key = PayloadKey::new(d["session_key"].as_str().unwrap().as_bytes());
    let b64 = d["base64"].as_str().unwrap();
    let unpadded = b64.trim_end_matches('=');
    assert_ne!(unpadded, b64, "vector 1 is padded");
    assert_eq!(
        decode_payload(&key, unpadded.as_bytes()).unwrap(),
        d["plaintext"].as_str().unwrap().as_bytes()
    );
}

#[test]
fn registration_vector() {
    let v = vectors();
    for r in v["registration"].as_array().unwrap() {
        let serial = r["serial"].as_str().unwrap();
        let key = r["key"].as_str().unwrap();
        assert!(regkey::key_is_valid(serial, key));
        let generated = regkey::key_for_serial(serial);
        assert!(regkey::key_is_valid(serial, &generated));
        assert_eq!(
            generated.trim_end_matches('=')[..17],
            key.trim_end_matches('=')[..17]
        );
        assert!(!regkey::key_is_valid("141298788", key));
        assert!(!regkey::key_is_valid(serial, "not base64!!"));
        assert!(!regkey::key_is_valid(serial, ""));
    }
}

#[test]
fn round_trip_every_length_0_to_300() {
    let key = PayloadKey::new(b"D5F2FDLV");
    for len in 0..=300usize {
        let plain: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
        let b64 = encode_payload(&key, &plain);
        assert_eq!(
            decode_payload(&key, b64.as_bytes()).unwrap(),
            plain,
            "len {len}"
        );
    }
}

#[test]
fn round_trip_random_lengths_up_to_1_mib() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let key = PayloadKey::new(b"30DFbab7uNE-");
    for _ in 0..12 {
        let len = rng.gen_range(0..=1024 * 1024);
        let mut plain = vec![0u8; len];
        rng.fill(&mut plain[..]);
        let b64 = encode_payload(&key, &plain);
        assert_eq!(decode_payload(&key, b64.as_bytes()).unwrap(), plain);
    }
}

#[test]
fn cyrillic_host_end_to_end() {
    let host = cp1251::from_utf8("МАГАЗИН-PC");
    let sk = session_key(b"F156", 6, 4, &host).unwrap();
    let key = PayloadKey::new(&sk);
    let text = cp1251::from_utf8("ТТ=Test\r\nON=Магазин 1\r\nID=-1\r\n");
    let b64 = encode_payload(&key, &text);
    let back = decode_payload(&key, b64.as_bytes()).unwrap();
    assert_eq!(
        cp1251::to_utf8(&back),
        "ТТ=Test\r\nON=Магазин 1\r\nID=-1\r\n"
    );
}

#[test]
fn hostile_input_is_an_error_value() {
    let key = PayloadKey::new(b"30DFbab7uNE-");
    let good = encode_payload(&key, b"ID=-1\r\n");
    // wrong key
    assert!(matches!(
        decode_payload(&PayloadKey::new(b"WRONG"), good.as_bytes()),
        Err(CryptoError::Inflate(_))
    ));
    // truncated
    for cut in 1..good.len() {
        let _ = decode_payload(&key, &good.as_bytes()[..cut]);
    }
    assert!(decode_payload(&key, &good.as_bytes()[..4]).is_err());
    // garbage
    assert!(matches!(
        decode_payload(&key, b"!!!###"),
        Err(CryptoError::Base64(_))
    ));
    assert_eq!(decode_payload(&key, b""), Err(CryptoError::Empty));
    assert_eq!(decode_payload(&key, b"   "), Err(CryptoError::Empty));
    let mut rng_bytes = 0u32;
    for i in 0..500u32 {
        rng_bytes = rng_bytes.wrapping_mul(1103515245).wrapping_add(12345 + i);
        let junk: Vec<u8> = (0..(i % 97))
            .map(|j| (rng_bytes >> (j % 24)) as u8)
            .collect();
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &junk);
        let _ = decode_payload(&key, b64.as_bytes());
    }
}
