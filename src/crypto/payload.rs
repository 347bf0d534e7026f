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

/// [`encode_payload`] of everything `input` yields, written to `out` as it is produced: the
/// file of a DWNL never sits in memory (zlib, CBC and Base64 all work on a stream; only
/// CBC's trailing partial block waits for the end). Returns the bytes read from `input`.
pub fn encode_payload_stream(
    key: &PayloadKey,
    input: &mut dyn Read,
    out: &mut dyn Write,
) -> std::io::Result<u64> {
    let sink = CbcBase64Writer {
        cbc: Some(key.aes.cbc_stream()),
        pending: Vec::with_capacity(STREAM_CHUNK + 32),
        b64_carry: Vec::with_capacity(3),
        out,
    };
    let mut enc = ZlibEncoder::new(sink, Compression::new(ZLIB_LEVEL));
    let n = std::io::copy(input, &mut enc)?;
    let mut sink = enc.finish()?;
    sink.finish()?;
    Ok(n)
}

/// Bytes encrypted and encoded at a time by [`encode_payload_stream`].
const STREAM_CHUNK: usize = 48 * 1024;

/// Encrypts compressed bytes block by block and Base64-encodes them 3 bytes at a time.
struct CbcBase64Writer<'a> {
    cbc: Option<super::dcp::CbcStream>,
    pending: Vec<u8>,
    b64_carry: Vec<u8>,
    out: &'a mut dyn Write,
}

impl CbcBase64Writer<'_> {
    fn emit(&mut self, mut enc: Vec<u8>, last: bool) -> std::io::Result<()> {
        if !self.b64_carry.is_empty() {
            let mut v = std::mem::take(&mut self.b64_carry);
            v.extend_from_slice(&enc);
            enc = v;
        }
        let whole = if last { enc.len() } else { enc.len() / 3 * 3 };
        self.out
            .write_all(LENIENT.encode(&enc[..whole]).as_bytes())?;
        self.b64_carry.extend_from_slice(&enc[whole..]);
        Ok(())
    }

    fn flush_blocks(&mut self) -> std::io::Result<()> {
        let full = self.pending.len() / 16 * 16;
        if full == 0 {
            return Ok(());
        }
        let mut blocks: Vec<u8> = self.pending.drain(..full).collect();
        if let Some(c) = self.cbc.as_mut() {
            c.blocks(&mut blocks);
        }
        self.emit(blocks, false)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.flush_blocks()?;
        let mut tail = std::mem::take(&mut self.pending);
        if let Some(c) = self.cbc.take() {
            c.finish(&mut tail);
        }
        self.emit(tail, true)
    }
}

impl Write for CbcBase64Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= STREAM_CHUNK {
            self.flush_blocks()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reverses [`encode_payload`]. A zlib stream that inflates is the proof of a right key.
pub fn decode_payload(key: &PayloadKey, b64: &[u8]) -> Result<Vec<u8>, CryptoError> {
    decode_payload_limited(key, b64, MAX_PLAINTEXT)
}

/// [`decode_payload`] with a smaller bound on the inflated size (INFO before login).
pub fn decode_payload_limited(
    key: &PayloadKey,
    b64: &[u8],
    max_plain: usize,
) -> Result<Vec<u8>, CryptoError> {
    let b64 = trim_ascii(b64);
    if b64.is_empty() {
        return Err(CryptoError::Empty);
    }
    let mut data = LENIENT
        .decode(b64)
        .map_err(|e| CryptoError::Base64(e.to_string()))?;
    key.aes.decrypt_cbc(&mut data);
    inflate(&data, max_plain.min(MAX_PLAINTEXT))
}

/// Only what [`decode_payload_limited`] checks before decrypting: a non-empty, well-formed
/// Base64 text. For a payload whose content nobody needs (an SRSP nobody waits for).
pub fn check_base64(b64: &[u8]) -> Result<(), CryptoError> {
    let b64 = trim_ascii(b64);
    if b64.is_empty() {
        return Err(CryptoError::Empty);
    }
    LENIENT
        .decode(b64)
        .map(drop)
        .map_err(|e| CryptoError::Base64(e.to_string()))
}

fn inflate(data: &[u8], max: usize) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::with_capacity((data.len() * 3).min(max));
    let mut dec = ZlibDecoder::new(data).take(max as u64 + 1);
    dec.read_to_end(&mut out)
        .map_err(|e| CryptoError::Inflate(e.to_string()))?;
    if out.len() > max {
        return Err(CryptoError::TooLarge(max));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_base64_accepts_what_decode_accepts_and_refuses_the_rest() {
        assert_eq!(check_base64(b"  QUJD \r\n"), Ok(()));
        assert_eq!(check_base64(b"   "), Err(CryptoError::Empty));
        assert!(matches!(check_base64(b"@@@@"), Err(CryptoError::Base64(_))));
        assert!(matches!(
            check_base64(b"QUJ\xff"),
            Err(CryptoError::Base64(_))
        ));
    }

    #[test]
    fn streamed_payload_decodes_like_the_whole_one() {
        let key = PayloadKey::new(b"30DFbab7uNE-");
        for len in [0usize, 1, 15, 16, 17, 100_000, 300_001] {
            let plain: Vec<u8> = (0..len)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect();
            let mut out = Vec::new();
            let n = encode_payload_stream(&key, &mut &plain[..], &mut out).unwrap();
            assert_eq!(n, len as u64);
            assert_eq!(decode_payload(&key, &out).unwrap(), plain, "{len}");
        }
    }

    #[test]
    fn limited_decode_refuses_large_plaintexts() {
        let key = PayloadKey::new(b"k");
        let enc = encode_payload(&key, &vec![b'a'; 5000]);
        assert!(decode_payload_limited(&key, enc.as_bytes(), 4999).is_err());
        assert_eq!(
            decode_payload_limited(&key, enc.as_bytes(), 5000)
                .unwrap()
                .len(),
            5000
        );
    }
}
