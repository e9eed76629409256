//! Order numbers: every message of a session carries its position, as the
//! lowercase hex of AES(ASCII decimal) with the current key and IV.
//!
//! The client numbers its requests 1, 3, 5, …; each reply carries the next
//! even number. The official client's long-poll uses −1, −2, … and the
//! reply echoes the same number.

use serde::{Deserialize, Serialize};

use crate::crypto::Cipher;
use crate::error::{DecodeError, PeerError};

/// The position of the next request in a session's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrderCounter(i64);

impl Default for OrderCounter {
    fn default() -> Self {
        OrderCounter(1)
    }
}

impl OrderCounter {
    /// A counter whose next request number is `next` (an odd number).
    pub const fn starting_at(next: i64) -> Self {
        OrderCounter(next)
    }

    /// The number the next request will carry.
    pub const fn peek(&self) -> i64 {
        self.0
    }

    /// Takes the next request number; the counter moves past its reply's
    /// number too. Every POST consumes its numbers, answered or not.
    pub fn take(&mut self) -> i64 {
        let n = self.0;
        self.0 = self.0.saturating_add(2);
        n
    }
}

/// Encodes an order number for the wire.
///
/// ```
/// use pronote_proto::{crypto::Cipher, order};
/// assert_eq!(order::encode(&Cipher::initial(), 1), "3fa959b13967e0ef176069e01e23c8d7");
/// ```
pub fn encode(cipher: &Cipher, number: i64) -> String {
    cipher.encrypt_hex(itoa_buf(number).as_str().as_bytes())
}

/// Decodes an order number from the wire.
pub fn decode(cipher: &Cipher, wire: &str) -> Result<i64, DecodeError> {
    let plain = cipher.decrypt_hex(wire, "order number")?;
    std::str::from_utf8(&plain)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(DecodeError::Field {
            context: "reply",
            field: "order number",
        })
}

/// Checks a reply's order number against the request's.
///
/// `expected` is the number the reply must carry (request + 1, or the same
/// negative number for the long-poll).
pub fn verify(cipher: &Cipher, wire: &str, expected: i64) -> Result<(), PeerError> {
    match decode(cipher, wire) {
        Ok(got) if got == expected => Ok(()),
        Ok(got) => Err(PeerError::OrderMismatch { expected, got }),
        Err(_) => Err(PeerError::OrderMismatch { expected, got: -1 }),
    }
}

/// The number a reply carries for a request numbered `request`.
pub const fn reply_number(request: i64) -> i64 {
    if request < 0 { request } else { request + 1 }
}

/// A small stack buffer for an integer's decimal text (no allocation).
struct NumberText {
    bytes: [u8; 20],
    start: usize,
}

impl NumberText {
    fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are ever written.
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or("0")
    }
}

fn itoa_buf(n: i64) -> NumberText {
    let mut bytes = [0u8; 20];
    let mut pos = bytes.len();
    let negative = n < 0;
    let mut v = n.unsigned_abs();
    loop {
        pos -= 1;
        bytes[pos] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if negative {
        pos -= 1;
        bytes[pos] = b'-';
    }
    NumberText { bytes, start: pos }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{AesKey, Iv};

    #[test]
    fn numbers_render_in_decimal() {
        for n in [0i64, 1, 9, 10, 12345, -1, -250, i64::MAX, i64::MIN] {
            assert_eq!(itoa_buf(n).as_str(), n.to_string());
        }
    }

    #[test]
    fn round_trip_and_verify() {
        let c = Cipher::new(AesKey::from_material(b"x"), Iv::from_iv_temp(&[3; 16]));
        for n in [1i64, 2, 77, -1] {
            let wire = encode(&c, n);
            assert_eq!(decode(&c, &wire), Ok(n));
        }
        let wire = encode(&c, 4);
        assert_eq!(verify(&c, &wire, 4), Ok(()));
        assert_eq!(
            verify(&c, &wire, 6),
            Err(PeerError::OrderMismatch {
                expected: 6,
                got: 4
            })
        );
        assert!(verify(&c, "00", 6).is_err());
    }

    #[test]
    fn counter_steps_by_two() {
        let mut c = OrderCounter::default();
        assert_eq!((c.take(), c.take(), c.peek()), (1, 3, 5));
        assert_eq!(reply_number(3), 4);
        assert_eq!(reply_number(-2), -2);
    }
}
