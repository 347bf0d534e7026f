//! The licence key of `[REGISTRATION INFO]` (protocol.md §6, VERIFIED): DCPcrypt
//! `EncryptString('ElCloudRepSrv')` keyed on the serial number (SHA-1 → AES-192, CFB-8, Base64).

use super::dcp::DcpAes;
use super::payload::{base64_encode, lenient_base64};

/// What the original product encrypted to make a key.
pub const LICENCE_PLAINTEXT: &[u8] = b"ElCloudRepSrv";

/// The key an operator puts in the ini for `serial`.
pub fn key_for_serial(serial: &str) -> String {
    let mut data = LICENCE_PLAINTEXT.to_vec();
    DcpAes::from_key_material(serial.trim().as_bytes()).encrypt_cfb8(&mut data);
    base64_encode(&data)
}

/// Whether `key` belongs to `serial`. The stored Base64 may carry non-canonical trailing bits,
/// so the comparison is on decrypted bytes, not on the Base64 text.
pub fn key_is_valid(serial: &str, key: &str) -> bool {
    let Ok(mut data) = lenient_base64(key) else {
        return false;
    };
    DcpAes::from_key_material(serial.trim().as_bytes()).decrypt_cfb8(&mut data);
    data == LICENCE_PLAINTEXT
}
