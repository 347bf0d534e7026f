//! The DCPcrypt-compatible cryptography of the BosTcpClient protocol.
//!
//! Everything here reproduces what the Delphi client does byte for byte (protocol.md §4, §6):
//! the session key is built from the INIT exchange, every `DATA=` payload is zlib + AES-192 in
//! DCPcrypt's unpadded CBC variant + Base64, and the licence key is DCPcrypt `EncryptString`
//! (CFB-8). Earlier public reimplementations got these details wrong, so each one is covered by
//! the vectors in `tests/vectors/crypto.json` (the real capture included), see `docs/protocol.md`.

pub mod cp1251;
mod dcp;
pub mod payload;
pub mod regkey;
pub mod session_key;

pub use payload::{
    decode_payload, decode_payload_limited, encode_payload, encode_payload_stream, PayloadKey,
};
pub use session_key::{session_key, DICTIONARY};

/// Lower-case hex, as the protocol writes MD5 digests (object passwords in tasks, update file
/// checksums in VERS). Both sides use it; the simulator needs nothing else of the server.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a payload or key could not be decoded. Every variant is a client (or operator) input
/// error: callers turn it into a protocol error reply, never a panic.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("invalid Base64: {0}")]
    Base64(String),
    #[error("payload does not inflate (wrong key or corrupt data): {0}")]
    Inflate(String),
    #[error("payload is empty")]
    Empty,
    #[error("payload inflates to more than {0} bytes")]
    TooLarge(usize),
}
