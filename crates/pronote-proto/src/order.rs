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
    ///
    /// `None` once the numbers are exhausted (the request and its reply
    /// must both fit an `i64`): the counter then stays where it is.
    ///
    /// ```
    /// use pronote_proto::order::OrderCounter;
    /// let mut c = OrderCounter::default();
    /// assert_eq!((c.take(), c.take()), (Some(1), Some(3)));
    /// assert_eq!(OrderCounter::starting_at(i64::MAX).take(), None);
    /// ```
    pub fn take(&mut self) -> Option<i64> {
        let n = self.0;
        self.0 = n.checked_add(2)?;
        Some(n)
    }

    /// Whether the counter is one a client can be at: a positive odd
    /// number (requests are numbered 1, 3, 5, …) whose request and reply
    /// numbers still fit an `i64`.
    pub const fn is_valid(&self) -> bool {
        self.0 > 0 && self.0 % 2 == 1 && self.0 <= i64::MAX - 2
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

/// The number a reply carries for a request numbered `request`; `None`
/// when it does not fit an `i64` (a request numbered `i64::MAX`).
///
/// ```
/// use pronote_proto::order::reply_number;
/// assert_eq!(reply_number(3), Some(4));
/// assert_eq!(reply_number(-2), Some(-2));
/// assert_eq!(reply_number(i64::MAX), None);
/// ```
pub const fn reply_number(request: i64) -> Option<i64> {
    if request < 0 {
        Some(request)
    } else {
        request.checked_add(1)
    }
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
        assert_eq!((c.take(), c.take(), c.peek()), (Some(1), Some(3), 5));
        assert_eq!(reply_number(3), Some(4));
        assert_eq!(reply_number(-2), Some(-2));
    }

    #[test]
    fn counters_near_the_end_of_i64_are_refused_not_wrapped() {
        let mut last = OrderCounter::starting_at(i64::MAX - 2);
        assert!(last.is_valid());
        assert_eq!(last.take(), Some(i64::MAX - 2));
        assert_eq!(reply_number(i64::MAX - 2), Some(i64::MAX - 1));
        // Now at i64::MAX: no request number left, and the counter stays.
        assert!(!last.is_valid());
        assert_eq!(last.take(), None);
        assert_eq!(last.peek(), i64::MAX);
        assert_eq!(reply_number(i64::MAX), None);
        for bad in [0, -1, 2, i64::MIN, i64::MAX] {
            assert!(!OrderCounter::starting_at(bad).is_valid(), "{bad}");
        }
    }
}
