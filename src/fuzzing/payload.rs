//! `DATA=` payloads: zlib + AES-192 + Base64 both ways, and what a wrong key or broken
//! Base64 must give.

use std::io::Read;

use super::Input;
use crate::crypto::{decode_payload, encode_payload, CryptoError, PayloadKey};

/// The fixed key of the payload target: the session key of the captured INIT exchange in
/// protocol.md §4 (`KEY=30DF LEN=5 ID=6 HST=NEWLPT-NDANAIL-`).
pub fn fuzz_key() -> PayloadKey {
    PayloadKey::new(b"30DFbab7uNE-")
}

/// [`decode_payload`]. Mode 0: `decode(encode(p)) == p` for any plaintext, with white space
/// around the Base64. Mode 1: any text decodes to an error or to at most `MAX_PLAINTEXT`
/// bytes that round-trip. Mode 2: the bytes are taken as the zlib stream under the cipher, so
/// the fuzzer reaches the inflater: the result is what inflating those bytes gives.
pub fn payload(data: &[u8]) {
    let key = fuzz_key();
    let mut input = Input::new(data);
    let mode = input.byte() % 3;
    let body = input.rest();
    match mode {
        0 => {
            let b64 = encode_payload(&key, body);
            assert_eq!(decode_payload(&key, b64.as_bytes()), Ok(body.to_vec()));
            let padded = format!(" \t{b64}\r\n");
            assert_eq!(decode_payload(&key, padded.as_bytes()), Ok(body.to_vec()));
        }
        1 => check_decoded(&key, decode_payload(&key, body)),
        _ => {
            let b64 = crate::crypto::payload::encrypt_raw_for_fuzzing(&key, body);
            let got = decode_payload(&key, b64.as_bytes());
            let mut want = Vec::new();
            let reference = flate2::read::ZlibDecoder::new(body)
                .take(crate::crypto::payload::MAX_PLAINTEXT as u64 + 1)
                .read_to_end(&mut want);
            match (&got, reference) {
                (Ok(p), Ok(_)) => assert_eq!(*p, want),
                (Err(CryptoError::Inflate(_)), Err(_)) => {}
                (Err(CryptoError::Empty), _) => assert!(body.is_empty()),
                (Err(CryptoError::TooLarge(_)), Ok(_)) => {
                    assert!(want.len() > crate::crypto::payload::MAX_PLAINTEXT)
                }
                (g, r) => panic!("decode {g:?} but inflating the plaintext gives {r:?}"),
            }
            check_decoded(&key, got);
        }
    }
}

fn check_decoded(key: &PayloadKey, got: Result<Vec<u8>, CryptoError>) {
    if let Ok(plain) = got {
        assert!(plain.len() <= crate::crypto::payload::MAX_PLAINTEXT);
        let again = encode_payload(key, &plain);
        assert_eq!(decode_payload(key, again.as_bytes()), Ok(plain));
    }
}
