//! `DATA=` payloads: cp1251 text → zlib → DCPcrypt AES-192 CBC (no padding) → Base64.

use std::io::{Read, Write};

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

use super::dcp::DcpAes;
use super::CryptoError;

/// Upper bound on an inflated payload: a 16 MiB line cannot legitimately expand past this, and
/// it stops a zlib bomb from exhausting memory.
pub const MAX_PLAINTEXT: usize = 256 * 1024 * 1024;

/// Delphi's ZLib default (`clDefault`).
const ZLIB_LEVEL: u32 = 6;

/// Emits canonical padded Base64; accepts padded, unpadded and non-canonical trailing bits.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The cipher of one session, built once at INIT from the session key.
#[derive(Clone)]
pub struct PayloadKey {
    aes: DcpAes,
}

impl PayloadKey {
    /// `session_key` is the cp1251 byte string from [`super::session_key`].
    pub fn new(session_key: &[u8]) -> Self {
        PayloadKey {
            aes: DcpAes::from_key_material(session_key),
        }
    }
}

/// Compresses, encrypts and Base64-encodes `plain` (already cp1251 bytes).
pub fn encode_payload(key: &PayloadKey, plain: &[u8]) -> String {
    let mut enc = ZlibEncoder::new(
        Vec::with_capacity(plain.len() / 2 + 16),
        Compression::new(ZLIB_LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(plain);
    let mut data = enc.finish().unwrap_or_default();
    key.aes.encrypt_cbc(&mut data);
    LENIENT.encode(data)
}

/// Reverses [`encode_payload`]. A zlib stream that inflates is the proof of a right key.
pub fn decode_payload(key: &PayloadKey, b64: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let b64 = trim_ascii(b64);
    if b64.is_empty() {
        return Err(CryptoError::Empty);
    }
    let mut data = LENIENT
        .decode(b64)
        .map_err(|e| CryptoError::Base64(e.to_string()))?;
    key.aes.decrypt_cbc(&mut data);
    inflate(&data)
}

fn inflate(data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::with_capacity(data.len() * 3);
    let mut dec = ZlibDecoder::new(data).take(MAX_PLAINTEXT as u64 + 1);
    dec.read_to_end(&mut out)
        .map_err(|e| CryptoError::Inflate(e.to_string()))?;
    if out.len() > MAX_PLAINTEXT {
        return Err(CryptoError::TooLarge(MAX_PLAINTEXT));
    }
    Ok(out)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// Decodes standard Base64 leniently (used for the registration key as well).
pub(crate) fn lenient_base64(input: &str) -> Result<Vec<u8>, CryptoError> {
    LENIENT
        .decode(input.trim())
        .map_err(|e| CryptoError::Base64(e.to_string()))
}

/// Encodes standard padded Base64.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    LENIENT.encode(data)
}

/// The cipher and Base64 layers of [`encode_payload`] without the zlib layer: the fuzz
/// targets (`crate::fuzzing`) hand the inflater arbitrary bytes through the real decoder.
#[doc(hidden)]
pub fn encrypt_raw_for_fuzzing(key: &PayloadKey, raw: &[u8]) -> String {
    let mut data = raw.to_vec();
    key.aes.encrypt_cbc(&mut data);
    LENIENT.encode(data)
}
