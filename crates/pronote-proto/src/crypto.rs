//! AES-128-CBC with MD5-derived keys, the IV lifecycle, and RSA for the
//! `Uuid` ([protocol notes §3](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)).
//!
//! PRONOTE never uses a key directly: the AES key is always the MD5 digest
//! of some *key material* (empty before login, then `username + SHA-256`,
//! then the bytes the server sends in `cle`). [`Cipher`] holds the current
//! key and IV; both sides of a session keep one and move it forward at the
//! same points of the login.

use std::fmt;

use aes::Aes128;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use md5::{Digest, Md5};
use rand_core::CryptoRng;
use rsa::{BoxedUint, Pkcs1v15Encrypt, PrivateKey, PublicKey};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::DecodeError;

/// MD5 of `bytes`.
pub fn md5(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

/// Uppercase hexadecimal SHA-256 of `bytes`, as the login key derivation
/// uses it.
pub fn sha256_upper_hex(bytes: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(bytes))
}

/// An AES-128 key (the MD5 of the key material). Its `Debug` is redacted.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AesKey(#[serde(with = "hex_array")] [u8; 16]);

impl AesKey {
    /// The key derived from some key material: `MD5(material)`.
    ///
    /// ```
    /// use pronote_proto::crypto::AesKey;
    /// // Before login the material is empty.
    /// assert_eq!(AesKey::from_material(b""), AesKey::initial());
    /// ```
    pub fn from_material(material: &[u8]) -> Self {
        AesKey(md5(material))
    }

    /// The key used before login: `MD5("")`.
    pub fn initial() -> Self {
        Self::from_material(b"")
    }

    /// A key from its raw 16 bytes (already a digest).
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        AesKey(bytes)
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Debug for AesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AesKey(<redacted>)")
    }
}

/// An AES-CBC initialisation vector. Its `Debug` is redacted: together with
/// the key it decrypts the session.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Iv(#[serde(with = "hex_array")] [u8; 16]);

impl Iv {
    /// The all-zero IV of the very first request.
    pub const ZERO: Iv = Iv([0; 16]);

    /// The session IV derived from the client's random `iv_temp`:
    /// `MD5(iv_temp)`.
    pub fn from_iv_temp(iv_temp: &[u8; 16]) -> Self {
        Iv(md5(iv_temp))
    }

    /// An IV from its raw bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Iv(bytes)
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv(<redacted>)")
    }
}

/// The current AES key and IV of one side of a session.
///
/// ```
/// use pronote_proto::crypto::Cipher;
/// let c = Cipher::initial();
/// // The first order number, "1", encrypted with MD5("") and a zero IV.
/// assert_eq!(hex::encode(c.encrypt(b"1")), "3fa959b13967e0ef176069e01e23c8d7");
/// assert_eq!(c.decrypt(&c.encrypt("é€".as_bytes()), "test")?, "é€".as_bytes());
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cipher {
    /// The AES key.
    pub key: AesKey,
    /// The IV.
    pub iv: Iv,
}

impl Cipher {
    /// The state before anything is exchanged: `MD5("")` and a zero IV.
    pub fn initial() -> Self {
        Cipher {
            key: AesKey::initial(),
            iv: Iv::ZERO,
        }
    }

    /// A cipher from a key and an IV.
    pub const fn new(key: AesKey, iv: Iv) -> Self {
        Cipher { key, iv }
    }

    /// The same IV with another key.
    pub fn with_key(self, key: AesKey) -> Self {
        Cipher { key, iv: self.iv }
    }

    /// AES-128-CBC with PKCS#7 padding (an empty input gives one block).
    pub fn encrypt(&self, plain: &[u8]) -> Vec<u8> {
        cbc::Encryptor::<Aes128>::new(&self.key.0.into(), &self.iv.0.into())
            .encrypt_padded_vec::<Pkcs7>(plain)
    }

    /// The inverse of [`encrypt`](Self::encrypt). `field` names what is being
    /// decrypted, for the error message.
    pub fn decrypt(&self, cipher_text: &[u8], field: &'static str) -> Result<Vec<u8>, DecodeError> {
        if cipher_text.is_empty() || !cipher_text.len().is_multiple_of(16) {
            return Err(DecodeError::BlockLength { field });
        }
        cbc::Decryptor::<Aes128>::new(&self.key.0.into(), &self.iv.0.into())
            .decrypt_padded_vec::<Pkcs7>(cipher_text)
            .map_err(|_| DecodeError::Padding { field })
    }

    /// Lowercase hex of [`encrypt`](Self::encrypt).
    pub fn encrypt_hex(&self, plain: &[u8]) -> String {
        hex::encode(self.encrypt(plain))
    }

    /// Decrypts hexadecimal text (either case).
    pub fn decrypt_hex(&self, hex_text: &str, field: &'static str) -> Result<Vec<u8>, DecodeError> {
        let bytes = hex::decode(hex_text).map_err(|_| DecodeError::Hex { field })?;
        self.decrypt(&bytes, field)
    }
}

/// The 1024-bit RSA key (e = 65537) that clients use for the `Uuid` when a
/// page has `http` and no key of its own. Its private half is not public.
pub const CONSTANT_RSA_MODULUS_HEX: &str = "B99B77A3D72D3A29B4271FC7B7300E2F791EB8948174BE7B8024667E915446D4EEA0C2424B8D1EBF7E2DDFF94691C6E994E839225C627D140A8F1146D1B0B5F18A09BBD3D8F421CA1E3E4796B301EEBCCF80D81A32A1580121B8294433C38377083C5517D5921E8A078CDC019B15775292EFDA2C30251B1CCABE812386C893E5";

/// The constant key's public exponent, in hexadecimal.
pub const CONSTANT_RSA_EXPONENT_HEX: &str = "010001";

/// An RSA public key used to protect the `Uuid` (PKCS#1 v1.5).
#[derive(Clone, PartialEq, Eq)]
pub struct UuidKey(PublicKey);

impl UuidKey {
    /// The constant key of modern instances served over plain HTTP.
    pub fn constant() -> Result<Self, DecodeError> {
        Self::from_hex(CONSTANT_RSA_MODULUS_HEX, CONSTANT_RSA_EXPONENT_HEX)
    }

    /// A key from hexadecimal modulus and exponent, as `MR`/`ER` in old
    /// Start pages.
    pub fn from_hex(modulus_hex: &str, exponent_hex: &str) -> Result<Self, DecodeError> {
        let n = decode_hex_int(modulus_hex, "RSA modulus")?;
        let e = decode_hex_int(exponent_hex, "RSA exponent")?;
        let n = BoxedUint::from_be_slice_vartime(&n);
        let e = BoxedUint::from_be_slice_vartime(&e);
        PublicKey::new_with_size_limits(n, e, 512..=8192)
            .map(UuidKey)
            .map_err(|_| DecodeError::Rsa("the page's RSA key is not a usable public key"))
    }

    /// Encrypts with PKCS#1 v1.5 padding, drawing the padding from `rng`.
    pub fn encrypt<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Vec<u8>, DecodeError> {
        self.0
            .encrypt(rng, Pkcs1v15Encrypt, msg)
            .map_err(|_| DecodeError::Rsa("message too long for the RSA key"))
    }

    /// The modulus as uppercase hexadecimal (for `MR`).
    pub fn modulus_hex(&self) -> String {
        use rsa::traits::PublicKeyParts;
        hex::encode_upper(self.0.n().to_be_bytes_trimmed_vartime())
    }

    /// The exponent as uppercase hexadecimal (for `ER`).
    pub fn exponent_hex(&self) -> String {
        use rsa::traits::PublicKeyParts;
        hex::encode_upper(self.0.e().to_be_bytes_trimmed_vartime())
    }
}

impl fmt::Debug for UuidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UuidKey({}…)",
            &self.modulus_hex()[..16.min(self.modulus_hex().len())]
        )
    }
}

/// The server's private half of a [`UuidKey`] (server role: a simulated
/// instance with its own key in `MR`/`ER`, or a test that plays the
/// constant key's owner with a key of its own).
#[derive(Clone)]
pub struct UuidPrivateKey(PrivateKey);

impl UuidPrivateKey {
    /// Generates a key of `bits` bits.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R, bits: usize) -> Result<Self, DecodeError> {
        PrivateKey::new(rng, bits)
            .map(UuidPrivateKey)
            .map_err(|_| DecodeError::Rsa("RSA key generation failed"))
    }

    /// The public half.
    pub fn public_key(&self) -> UuidKey {
        UuidKey(self.0.to_public_key())
    }

    /// Decrypts a PKCS#1 v1.5 ciphertext.
    pub fn decrypt(&self, cipher_text: &[u8]) -> Result<Vec<u8>, DecodeError> {
        self.0
            .decrypt(Pkcs1v15Encrypt, cipher_text)
            .map_err(|_| DecodeError::Rsa("the Uuid does not decrypt with this key"))
    }
}

impl fmt::Debug for UuidPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UuidPrivateKey(<redacted>)")
    }
}

fn decode_hex_int(text: &str, what: &'static str) -> Result<Vec<u8>, DecodeError> {
    let text = text.trim();
    let padded;
    let even = if text.len() % 2 == 1 {
        padded = format!("0{text}");
        padded.as_str()
    } else {
        text
    };
    hex::decode(even).map_err(|_| DecodeError::Hex { field: what })
}

/// The `Uuid` field of `FonctionParametres`: base64 of `iv_temp`, RSA
/// encrypted first when `key` is given.
///
/// ```
/// use pronote_proto::crypto::uuid_field;
/// let iv_temp: [u8; 16] = core::array::from_fn(|i| i as u8);
/// let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
/// assert_eq!(uuid_field(&iv_temp, None, &mut rng)?, "AAECAwQFBgcICQoLDA0ODw==");
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn uuid_field<R: CryptoRng + ?Sized>(
    iv_temp: &[u8; 16],
    key: Option<&UuidKey>,
    rng: &mut R,
) -> Result<String, DecodeError> {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    match key {
        None => Ok(engine.encode(iv_temp)),
        Some(key) => Ok(engine.encode(key.encrypt(rng, iv_temp)?)),
    }
}

/// Server side of [`uuid_field`]: recovers `iv_temp`. Accepts base64 with or
/// without CRLF wrapping (the official client wraps every 64 characters).
pub fn decode_uuid_field(
    field: &str,
    key: Option<&UuidPrivateKey>,
) -> Result<[u8; 16], DecodeError> {
    use base64::Engine;
    let compact: String = field.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| DecodeError::Base64 { field: "Uuid" })?;
    let plain = match key {
        Some(key) => key.decrypt(&raw)?,
        None => raw,
    };
    plain.try_into().map_err(|_| DecodeError::Field {
        context: "FonctionParametres",
        field: "Uuid",
    })
}

mod hex_array {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 16], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; 16];
        hex::decode_to_slice(text, &mut out).map_err(serde::de::Error::custom)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn empty_plaintext_is_one_block() {
        let c = Cipher::initial();
        assert_eq!(
            hex::encode(c.encrypt(b"")),
            "9f65627ee7d62269d2acd257ec15a744"
        );
    }

    #[test]
    fn decrypt_rejects_bad_lengths_and_padding() {
        let c = Cipher::initial();
        assert_eq!(
            c.decrypt(b"", "x"),
            Err(DecodeError::BlockLength { field: "x" })
        );
        assert_eq!(
            c.decrypt(&[0; 15], "x"),
            Err(DecodeError::BlockLength { field: "x" })
        );
        let other = Cipher::new(AesKey::from_material(b"k"), Iv::ZERO);
        let ct = other.encrypt(b"hello");
        assert_eq!(
            c.decrypt(&ct, "x"),
            Err(DecodeError::Padding { field: "x" })
        );
        assert_eq!(
            c.decrypt_hex("zz", "x"),
            Err(DecodeError::Hex { field: "x" })
        );
    }

    #[test]
    fn iv_from_iv_temp() {
        let iv_temp: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(
            Iv::from_iv_temp(&iv_temp).as_bytes().to_vec(),
            h("1ac1ef01e96caf1be0d329331a4fc2a8")
        );
    }

    #[test]
    fn debug_is_redacted() {
        let c = Cipher::initial();
        let text = format!("{c:?}");
        assert!(!text.contains("d41d8"), "{text}");
        assert!(text.contains("redacted"));
    }

    #[test]
    fn constant_key_parses() {
        let k = UuidKey::constant().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(k.modulus_hex(), CONSTANT_RSA_MODULUS_HEX);
        assert_eq!(k.exponent_hex(), "010001");
    }

    #[test]
    fn serde_round_trip() {
        let c = Cipher::new(AesKey::from_material(b"abc"), Iv::from_iv_temp(&[7; 16]));
        let json = serde_json::to_string(&c).unwrap_or_else(|e| panic!("{e}"));
        let back: Cipher = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, c);
    }
}
