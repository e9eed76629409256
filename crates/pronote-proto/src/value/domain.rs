//! Domains and number sets (`_T` 8, 11, 15, 26): sets of small numbers
//! such as week numbers.
//!
//! Two wire forms exist:
//! * text, `"[1..3,5]"`: comma-separated numbers and inclusive `a..b`
//!   ranges between brackets, `"[]"` when empty;
//! * a bit string, `"0111010…"`: the official client's `TypeDomaine` maps
//!   the character at index `i` (0-based) to the number `i + 1`, a `'1'`
//!   meaning present. So `"0111"` is `{2, 3, 4}`, the same as `"[2..4]"`.
//!
//! Both are 1-based for week domains; number sets (`"[0..3]"`) may hold 0.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::value_error;
use super::wire::{self, Scalar};
use crate::error::DecodeError;

const KIND: &str = "domain";
const WORDS: usize = 7;

/// A set of numbers from 0 to [`Domain::MAX`], stored as a fixed bit set
/// (no allocation, `Copy`).
///
/// Week domains have 62 slots in the official client; the bound of 400
/// leaves room for any calendar while keeping hostile input cheap.
///
/// ```
/// use pronote_proto::value::Domain;
/// let weeks: Domain = "[1..3,5]".parse()?;
/// assert!(weeks.contains(2) && !weeks.contains(4));
/// assert_eq!(weeks.iter().collect::<Vec<_>>(), [1, 2, 3, 5]);
/// assert_eq!(weeks.to_string(), "[1..3,5]");
/// assert_eq!(Domain::parse("01110")?, "[2..4]".parse()?);
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Domain {
    bits: [u64; WORDS],
}

impl Domain {
    /// The largest number a domain holds.
    pub const MAX: u16 = 400;
    /// The longest wire text accepted.
    pub const MAX_INPUT_LEN: usize = 4096;

    /// The empty set.
    pub const fn new() -> Self {
        Domain { bits: [0; WORDS] }
    }

    /// Parses the text form (`"[1..3,5]"`) or the bit-string form
    /// (`"0111"`, index `i` ⇒ number `i + 1`).
    ///
    /// Whitespace around the whole text and around each item is ignored.
    /// Errors: text over [`Domain::MAX_INPUT_LEN`] bytes, a number over
    /// [`Domain::MAX`], a reversed range, an empty item, or a character
    /// other than `'0'`/`'1'` in a bit string.
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        if text.len() > Self::MAX_INPUT_LEN {
            return Err(value_error(KIND, "text too long"));
        }
        let text = text.trim();
        let mut domain = Domain::new();
        if let Some(inner) = text.strip_prefix('[') {
            let inner = inner
                .strip_suffix(']')
                .ok_or_else(|| value_error(KIND, "missing closing ']'"))?;
            if inner.trim().is_empty() {
                return Ok(domain);
            }
            for item in inner.split(',') {
                let item = item.trim();
                match item.split_once("..") {
                    Some((low, high)) => {
                        let low = parse_number(low)?;
                        let high = parse_number(high)?;
                        if low > high {
                            return Err(value_error(KIND, "reversed range"));
                        }
                        domain.insert_range(low..=high)?;
                    }
                    None => {
                        domain.insert(parse_number(item)?)?;
                    }
                }
            }
        } else {
            for (index, byte) in text.bytes().enumerate() {
                match byte {
                    b'0' => {}
                    b'1' => {
                        let number = u16::try_from(index + 1)
                            .map_err(|_| value_error(KIND, "number too large"))?;
                        domain.insert(number)?;
                    }
                    _ => return Err(value_error(KIND, "expected '[' or a string of 0 and 1")),
                }
            }
        }
        Ok(domain)
    }

    /// Builds a set from numbers, failing on one over [`Domain::MAX`].
    ///
    /// ```
    /// use pronote_proto::value::Domain;
    /// assert_eq!(Domain::try_from_iter([5, 1, 2])?.to_string(), "[1..2,5]");
    /// assert!(Domain::try_from_iter([401]).is_err());
    /// # Ok::<(), pronote_proto::DecodeError>(())
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = u16>>(numbers: I) -> Result<Self, DecodeError> {
        let mut domain = Domain::new();
        for number in numbers {
            domain.insert(number)?;
        }
        Ok(domain)
    }

    /// Adds a number; returns whether it was absent. Fails over
    /// [`Domain::MAX`].
    pub fn insert(&mut self, number: u16) -> Result<bool, DecodeError> {
        let (word, mask) = self.locate(number)?;
        let was_absent = *word & mask == 0;
        *word |= mask;
        Ok(was_absent)
    }

    /// Adds every number of an inclusive range. Fails (adding nothing) when
    /// the range ends over [`Domain::MAX`].
    pub fn insert_range(&mut self, range: RangeInclusive<u16>) -> Result<(), DecodeError> {
        let (low, high) = range.into_inner();
        if high > Self::MAX {
            return Err(value_error(KIND, "number too large"));
        }
        for number in low..=high {
            self.insert(number)?;
        }
        Ok(())
    }

    /// Removes a number; returns whether it was present.
    pub fn remove(&mut self, number: u16) -> bool {
        match self.locate(number) {
            Ok((word, mask)) => {
                let was_present = *word & mask != 0;
                *word &= !mask;
                was_present
            }
            Err(_) => false,
        }
    }

    /// Whether the set holds `number`.
    pub fn contains(&self, number: u16) -> bool {
        let index = usize::from(number);
        number <= Self::MAX
            && self
                .bits
                .get(index / 64)
                .is_some_and(|word| word & (1u64 << (index % 64)) != 0)
    }

    /// How many numbers the set holds.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The smallest number, if any.
    pub fn first(&self) -> Option<u16> {
        self.iter().next()
    }

    /// The largest number, if any.
    pub fn last(&self) -> Option<u16> {
        self.bits
            .iter()
            .enumerate()
            .rev()
            .find(|(_, w)| **w != 0)
            .and_then(|(i, w)| u16::try_from(i * 64 + 63 - w.leading_zeros() as usize).ok())
    }

    /// The numbers in ascending order.
    pub fn iter(&self) -> Iter {
        Iter {
            bits: self.bits,
            word: 0,
        }
    }

    /// Finds the word and bit of `number`.
    fn locate(&mut self, number: u16) -> Result<(&mut u64, u64), DecodeError> {
        let index = usize::from(number);
        if number > Self::MAX {
            return Err(value_error(KIND, "number too large"));
        }
        self.bits
            .get_mut(index / 64)
            .map(|word| (word, 1u64 << (index % 64)))
            .ok_or_else(|| value_error(KIND, "number too large"))
    }

    /// The bit-string form: `slots` characters, the one at index `i` being
    /// `'1'` when `i + 1` is in the set (0 cannot be written this way).
    ///
    /// ```
    /// use pronote_proto::value::Domain;
    /// let d: Domain = "[2..3]".parse()?;
    /// assert_eq!(d.to_bit_string(5), "01100");
    /// # Ok::<(), pronote_proto::DecodeError>(())
    /// ```
    pub fn to_bit_string(&self, slots: u16) -> String {
        (1..=slots)
            .map(|n| if self.contains(n) { '1' } else { '0' })
            .collect()
    }
}

fn parse_number(text: &str) -> Result<u16, DecodeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(value_error(KIND, "empty item"));
    }
    if text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(value_error(KIND, "expected a number or a range a..b"));
    }
    let number: u32 = text
        .parse()
        .map_err(|_| value_error(KIND, "expected a number"))?;
    match u16::try_from(number) {
        Ok(n) if n <= Domain::MAX => Ok(n),
        _ => Err(value_error(KIND, "number too large")),
    }
}

/// Iterator over a [`Domain`]'s numbers, ascending.
#[derive(Debug, Clone)]
pub struct Iter {
    bits: [u64; WORDS],
    word: usize,
}

impl Iterator for Iter {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        while let Some(word) = self.bits.get_mut(self.word) {
            if *word != 0 {
                let bit = word.trailing_zeros() as usize;
                *word &= *word - 1;
                return u16::try_from(self.word * 64 + bit).ok();
            }
            self.word += 1;
        }
        None
    }
}

impl IntoIterator for Domain {
    type Item = u16;
    type IntoIter = Iter;

    fn into_iter(self) -> Iter {
        self.iter()
    }
}

impl IntoIterator for &Domain {
    type Item = u16;
    type IntoIter = Iter;

    fn into_iter(self) -> Iter {
        self.iter()
    }
}

impl FromIterator<u16> for Domain {
    /// Collects numbers, silently dropping any over [`Domain::MAX`]; use
    /// [`Domain::try_from_iter`] to be told.
    fn from_iter<I: IntoIterator<Item = u16>>(numbers: I) -> Self {
        let mut domain = Domain::new();
        domain.extend(numbers);
        domain
    }
}

impl Extend<u16> for Domain {
    /// Adds numbers, silently dropping any over [`Domain::MAX`].
    fn extend<I: IntoIterator<Item = u16>>(&mut self, numbers: I) {
        for number in numbers {
            let _ = self.insert(number);
        }
    }
}

impl fmt::Display for Domain {
    /// The canonical text form: ascending, runs of two or more numbers as
    /// `a..b` (`[1..3,5]`, `[3..4]`, `[]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        let mut numbers = self.iter().peekable();
        let mut first = true;
        while let Some(low) = numbers.next() {
            let mut high = low;
            while let Some(&next) = numbers.peek() {
                if next != high + 1 {
                    break;
                }
                high = next;
                numbers.next();
            }
            if !first {
                f.write_str(",")?;
            }
            first = false;
            if high > low {
                write!(f, "{low}..{high}")?;
            } else {
                write!(f, "{low}")?;
            }
        }
        f.write_str("]")
    }
}

impl fmt::Debug for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Domain({self})")
    }
}

impl FromStr for Domain {
    type Err = DecodeError;

    fn from_str(text: &str) -> Result<Self, DecodeError> {
        Domain::parse(text)
    }
}

impl Serialize for Domain {
    /// Writes `{"_T": 8, "V": "[…]"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::typed_text(serializer, 8, &self.to_string())
    }
}

impl<'de> Deserialize<'de> for Domain {
    /// Reads `{"_T": _, "V": "…"}` or a bare string, in either form.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

fn deserialize_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Domain, D::Error> {
    match wire::scalar(deserializer, "a PRONOTE domain string or {_T, V}")? {
        Scalar::Text(text) => Domain::parse(&text).map_err(serde::de::Error::custom),
        Scalar::Number(_) => Err(serde::de::Error::custom(value_error(
            KIND,
            "expected a string, found a number",
        ))),
    }
}

/// A number set (`_T` 26, "ensemble de nombres"), e.g. `actionsDoubleAuth`
/// `"[3,5]"` or `modesAffActus` `"[0..3]"`: a [`Domain`] that travels with
/// kind 26.
///
/// ```
/// use pronote_proto::value::{Domain, NumberSet};
/// let modes = NumberSet("[0..3]".parse::<Domain>()?);
/// assert_eq!(serde_json::to_string(&modes).unwrap(), r#"{"_T":26,"V":"[0..3]"}"#);
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NumberSet(pub Domain);

impl From<Domain> for NumberSet {
    fn from(value: Domain) -> Self {
        NumberSet(value)
    }
}

impl fmt::Display for NumberSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for NumberSet {
    /// Writes `{"_T": 26, "V": "[…]"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::typed_text(serializer, 26, &self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for NumberSet {
    /// Reads `{"_T": _, "V": "…"}` or a bare string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer).map(NumberSet)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn numbers(text: &str) -> Vec<u16> {
        Domain::parse(text).unwrap().iter().collect()
    }

    #[test]
    fn text_form() {
        assert_eq!(numbers("[1..3,5]"), [1, 2, 3, 5]);
        assert_eq!(numbers("[]"), Vec::<u16>::new());
        assert_eq!(numbers(" [ 1 , 3 .. 4 ] "), [1, 3, 4]);
        assert_eq!(numbers("[0..3]"), [0, 1, 2, 3]);
        assert_eq!(numbers("[5,1,5]"), [1, 5]);
        assert_eq!(numbers("[400]"), [400]);
        assert_eq!(
            numbers("[1..7,10..16,19..25,28..33,36..44]").len(),
            7 + 7 + 7 + 6 + 9
        );
    }

    #[test]
    fn bit_string_form() {
        assert_eq!(numbers("0111010"), [2, 3, 4, 6]);
        assert_eq!(numbers("1"), [1]);
        assert_eq!(numbers(""), Vec::<u16>::new());
        let long = format!("{}1", "0".repeat(399));
        assert_eq!(numbers(&long), [400]);
        let too_far = format!("{}1", "0".repeat(400));
        assert!(Domain::parse(&too_far).is_err());
        // Zeros beyond the bound are harmless.
        assert!(Domain::parse(&"0".repeat(4096)).is_ok());
    }

    #[test]
    fn rejects() {
        for text in [
            "[401]",
            "[1..401]",
            "[3..1]",
            "[1,,2]",
            "[1,]",
            "[-1]",
            "[1",
            "1]",
            "[a]",
            "[1...3]",
            "[1..2..3]",
            "[99999999]",
            "012",
            "[１]",
        ] {
            assert!(Domain::parse(text).is_err(), "{text:?}");
        }
        assert!(Domain::parse(&"0".repeat(4097)).is_err());
    }

    #[test]
    fn display_canonical() {
        let d = Domain::try_from_iter([1, 2, 3, 5, 7, 8, 0]).unwrap();
        assert_eq!(d.to_string(), "[0..3,5,7..8]");
        assert_eq!(Domain::new().to_string(), "[]");
        assert_eq!(d.first(), Some(0));
        assert_eq!(d.last(), Some(8));
        assert_eq!(d.len(), 7);
    }

    #[test]
    fn set_operations() {
        let mut d = Domain::new();
        assert!(d.insert(400).unwrap());
        assert!(!d.insert(400).unwrap());
        assert!(d.insert(401).is_err());
        assert!(d.contains(400));
        assert!(!d.contains(401));
        assert!(!d.contains(u16::MAX));
        assert!(d.remove(400));
        assert!(!d.remove(401));
        assert!(d.is_empty());
        let collected: Domain = [1u16, 500, 2].into_iter().collect();
        assert_eq!(collected.to_string(), "[1..2]");
        assert!(d.insert_range(399..=401).is_err());
        assert!(d.is_empty());
    }

    #[test]
    fn serde() {
        let d: Domain = serde_json::from_str(r#"{"_T":8,"V":"[1..3]"}"#).unwrap();
        assert_eq!(d.len(), 3);
        let bare: Domain = serde_json::from_str(r#""011""#).unwrap();
        assert_eq!(bare.to_string(), "[2..3]");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"_T":8,"V":"[1..3]"}"#
        );
        let set: NumberSet = serde_json::from_str(r#"{"_T":26,"V":"[3,5]"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"{"_T":26,"V":"[3,5]"}"#
        );
        assert!(serde_json::from_str::<Domain>("3").is_err());
        assert!(serde_json::from_str::<Domain>(r#"{"_T":8,"V":"[999]"}"#).is_err());
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(numbers in proptest::collection::btree_set(0u16..=Domain::MAX, 0..120)) {
            let d = Domain::try_from_iter(numbers.iter().copied()).unwrap();
            let back = Domain::parse(&d.to_string()).unwrap();
            prop_assert_eq!(back, d);
            prop_assert_eq!(back.iter().collect::<Vec<_>>(), numbers.into_iter().collect::<Vec<_>>());
        }

        #[test]
        fn bit_string_round_trip(numbers in proptest::collection::btree_set(1u16..=Domain::MAX, 0..60)) {
            let d = Domain::try_from_iter(numbers.iter().copied()).unwrap();
            prop_assert_eq!(Domain::parse(&d.to_bit_string(Domain::MAX)).unwrap(), d);
        }

        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            let _ = Domain::parse(&text);
        }

        #[test]
        fn never_panics_near_miss(text in "[\\[\\]0-9,. 01]{0,64}") {
            if let Ok(d) = Domain::parse(&text) {
                prop_assert_eq!(Domain::parse(&d.to_string()).unwrap(), d);
            }
        }
    }
}
