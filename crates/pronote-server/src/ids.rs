//! Session-salted object ids.
//!
//! Real PRONOTE ids look like `29#` followed by 43 base64url characters and
//! change with every session: an id from another session is refused with
//! error `G` 22. Here an id is the internal key of an object (`l:0:12`),
//! prefixed and padded, encrypted with a key drawn for the session:
//! decoding needs no table, and an id from another session does not
//! decrypt (or decrypts without the marker).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use pronote_proto::crypto::{AesKey, Cipher, Iv};

const MARKER: &str = "PNS:";
const MIN_PLAIN: usize = 16;

/// Encodes and decodes the ids of one session.
#[derive(Clone)]
pub(crate) struct IdCodec {
    cipher: Cipher,
}

impl std::fmt::Debug for IdCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdCodec(<redacted>)")
    }
}

impl IdCodec {
    /// A codec from the session's secret salt.
    pub(crate) fn new(salt: [u8; 16]) -> Self {
        IdCodec {
            cipher: Cipher::new(AesKey::from_material(&salt), Iv::ZERO),
        }
    }

    /// The wire id of an internal key. `kind` is the number before `#`.
    pub(crate) fn encode(&self, kind: u32, key: &str) -> String {
        let mut plain = String::with_capacity(MIN_PLAIN + key.len());
        plain.push_str(MARKER);
        plain.push_str(key);
        while plain.len() < MIN_PLAIN {
            plain.push('.');
        }
        let sealed = self.cipher.encrypt(plain.as_bytes());
        format!("{kind}#{}", URL_SAFE_NO_PAD.encode(sealed))
    }

    /// The internal key of a wire id, or `None` when it is not an id of
    /// this session.
    pub(crate) fn decode(&self, wire: &str) -> Option<String> {
        let (_, body) = wire.split_once('#')?;
        let sealed = URL_SAFE_NO_PAD.decode(body.as_bytes()).ok()?;
        let plain = self.cipher.decrypt(&sealed, "id").ok()?;
        let text = String::from_utf8(plain).ok()?;
        let key = text.strip_prefix(MARKER)?;
        Some(key.trim_end_matches('.').to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_foreign_ids() {
        let a = IdCodec::new([1; 16]);
        let b = IdCodec::new([2; 16]);
        let id = a.encode(29, "p:1");
        assert!(id.starts_with("29#"));
        assert_eq!(id.len(), 3 + 43);
        assert_eq!(a.decode(&id).as_deref(), Some("p:1"));
        assert_eq!(b.decode(&id), None);
        assert_eq!(a.decode("garbage"), None);
        assert_eq!(a.decode("1#!!"), None);
        let long = a.encode(4, "l:1:12345:very-long-key-beyond-two-blocks");
        assert_eq!(
            a.decode(&long).as_deref(),
            Some("l:1:12345:very-long-key-beyond-two-blocks")
        );
    }
}
