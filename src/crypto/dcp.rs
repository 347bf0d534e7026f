//! DCPcrypt's block-cipher modes over AES-192, as the Delphi client runs them.
//!
//! DCPcrypt derives the cipher key from a SHA-1 hash (20 bytes, zero-extended to AES-192's 24)
//! and, when given no IV, uses `AES_K(16 x 0xFF)`. Its CBC has no padding: a trailing partial
//! block is XORed with the encryption of the previous ciphertext block, so ciphertext length
//! equals plaintext length.

use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockEncrypt, KeyInit};
use aes::Aes192;
use sha1::{Digest, Sha1};

const BLOCK: usize = 16;

/// An initialised cipher: the key schedule plus DCPcrypt's default IV. Cheap to clone; each
/// message starts from the same IV ("a fresh cipher per message").
#[derive(Clone)]
pub struct DcpAes {
    cipher: Aes192,
    iv: [u8; BLOCK],
}

impl DcpAes {
    /// `DCP_rijndael.InitStr(material, TDCP_sha1)`.
    pub fn from_key_material(material: &[u8]) -> Self {
        let digest = Sha1::digest(material);
        let mut key = [0u8; 24];
        key[..20].copy_from_slice(&digest);
        let cipher = Aes192::new(GenericArray::from_slice(&key));
        let mut iv = [0xFFu8; BLOCK];
        encrypt_in_place(&cipher, &mut iv);
        DcpAes { cipher, iv }
    }

    #[cfg(test)]
    pub fn iv(&self) -> [u8; BLOCK] {
        self.iv
    }

    fn encrypt_block(&self, block: &mut [u8; BLOCK]) {
        encrypt_in_place(&self.cipher, block);
    }

    /// DCPcrypt `EncryptCBC`.
    pub fn encrypt_cbc(&self, data: &mut [u8]) {
        let mut chain = self.iv;
        let mut chunks = data.chunks_exact_mut(BLOCK);
        for chunk in &mut chunks {
            xor_into(chunk, &chain);
            chain.copy_from_slice(chunk);
            self.encrypt_block(&mut chain);
            chunk.copy_from_slice(&chain);
        }
        let tail = chunks.into_remainder();
        if !tail.is_empty() {
            self.encrypt_block(&mut chain);
            xor_into(tail, &chain);
        }
    }

    /// DCPcrypt `EncryptCBC` over a stream: full blocks as they come, the trailing partial
    /// block at [`CbcStream::finish`]. Same bytes as [`DcpAes::encrypt_cbc`] on the whole.
    pub fn cbc_stream(&self) -> CbcStream {
        CbcStream {
            aes: self.clone(),
            chain: self.iv,
        }
    }

    /// DCPcrypt `DecryptCBC`.
    pub fn decrypt_cbc(&self, data: &mut [u8]) {
        use aes::cipher::BlockDecrypt;
        let mut chain = self.iv;
        let mut chunks = data.chunks_exact_mut(BLOCK);
        for chunk in &mut chunks {
            let mut cipher_block = [0u8; BLOCK];
            cipher_block.copy_from_slice(chunk);
            self.cipher
                .decrypt_block(GenericArray::from_mut_slice(&mut chunk[..]));
            xor_into(chunk, &chain);
            chain = cipher_block;
        }
        let tail = chunks.into_remainder();
        if !tail.is_empty() {
            self.encrypt_block(&mut chain);
            xor_into(tail, &chain);
        }
    }

    /// DCPcrypt `EncryptCFB8bit`.
    pub fn encrypt_cfb8(&self, data: &mut [u8]) {
        let mut register = self.iv;
        for byte in data.iter_mut() {
            let mut keystream = register;
            self.encrypt_block(&mut keystream);
            *byte ^= keystream[0];
            register.copy_within(1.., 0);
            register[BLOCK - 1] = *byte;
        }
    }

    /// DCPcrypt `DecryptCFB8bit`.
    pub fn decrypt_cfb8(&self, data: &mut [u8]) {
        let mut register = self.iv;
        for byte in data.iter_mut() {
            let mut keystream = register;
            self.encrypt_block(&mut keystream);
            let cipher_byte = *byte;
            *byte ^= keystream[0];
            register.copy_within(1.., 0);
            register[BLOCK - 1] = cipher_byte;
        }
    }
}

/// The state of a streamed CBC encryption (see [`DcpAes::cbc_stream`]).
pub struct CbcStream {
    aes: DcpAes,
    chain: [u8; BLOCK],
}

impl CbcStream {
    /// Encrypts whole blocks in place; `data.len()` must be a multiple of 16.
    pub fn blocks(&mut self, data: &mut [u8]) {
        debug_assert_eq!(data.len() % BLOCK, 0);
        for chunk in data.chunks_exact_mut(BLOCK) {
            xor_into(chunk, &self.chain);
            self.chain.copy_from_slice(chunk);
            self.aes.encrypt_block(&mut self.chain);
            chunk.copy_from_slice(&self.chain);
        }
    }

    /// Encrypts the last, partial block (shorter than 16 bytes; may be empty).
    pub fn finish(mut self, tail: &mut [u8]) {
        if !tail.is_empty() {
            self.aes.encrypt_block(&mut self.chain);
            xor_into(tail, &self.chain);
        }
    }
}

fn encrypt_in_place(cipher: &Aes192, block: &mut [u8; BLOCK]) {
    cipher.encrypt_block(GenericArray::from_mut_slice(&mut block[..]));
}

fn xor_into(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn streamed_cbc_equals_whole_message_cbc() {
        let c = DcpAes::from_key_material(b"key");
        for len in [0usize, 5, 16, 33, 64, 100] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let mut whole = plain.clone();
            c.encrypt_cbc(&mut whole);
            let mut s = c.cbc_stream();
            let mut buf = plain.clone();
            let full = len / 16 * 16;
            let (blocks, tail) = buf.split_at_mut(full);
            for chunk in blocks.chunks_mut(32) {
                s.blocks(chunk);
            }
            s.finish(tail);
            assert_eq!(buf, whole, "{len}");
        }
    }

    #[test]
    fn iv_of_the_captured_session_matches_the_vector() {
        let c = DcpAes::from_key_material(b"30DFbab7uNE-");
        assert_eq!(hex(&c.iv()), "1928cca33c64d1a976e6c546666a3ac1");
    }

    #[test]
    fn cbc_and_cfb8_round_trip_every_length_up_to_70() {
        let c = DcpAes::from_key_material(b"key");
        for len in 0..70 {
            let plain: Vec<u8> = (0..len as u8).collect();
            let mut buf = plain.clone();
            c.encrypt_cbc(&mut buf);
            assert_eq!(buf.len(), len);
            if len > 0 {
                assert_ne!(buf, plain);
            }
            c.decrypt_cbc(&mut buf);
            assert_eq!(buf, plain);
            c.encrypt_cfb8(&mut buf);
            c.decrypt_cfb8(&mut buf);
            assert_eq!(buf, plain);
        }
    }
}
