//! Decoder limits, and a JSON parser that keeps to them while it parses.
//!
//! The inflate limit alone bounds memory badly: 60 MB of `[0,0,…]`
//! (58 KB of deflate) is 30 million JSON values, about 1 GB once parsed
//! into a [`serde_json::Value`]. [`parse_value`] builds the same `Value`
//! but counts what it allocates (value slots, string bytes, object
//! entries), the number of values and the nesting depth, and stops with
//! [`DecodeError::Budget`] as soon as one passes its limit, before the
//! memory is taken.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::error::DecodeError;

/// Limits that protect a decoder from hostile input.
///
/// [`Limits::new`] derives every limit from the inflate limit; the
/// builder methods change one. A state saved before the decoded-size
/// limits existed (only `max_inflated`) reads back with derived ones.
///
/// ```
/// use pronote_proto::payload::Limits;
/// let limits = Limits::new(1 << 20);
/// assert_eq!(limits.max_decoded, 2 << 20);
/// assert_eq!(limits.max_elements, 1 << 16);
/// let strict = limits.with_max_depth(16);
/// assert_eq!(strict.max_depth, 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "SavedLimits")]
pub struct Limits {
    /// The largest inflated payload accepted, in bytes. A reply that
    /// inflates past it is an error, never silently cut.
    pub max_inflated: usize,
    /// The most memory a decoded payload may take, in bytes, as counted
    /// while parsing (value slots, strings, object entries). Default:
    /// twice `max_inflated`.
    pub max_decoded: usize,
    /// The most JSON values (scalars, arrays, objects) one payload may
    /// hold. Default: `max_inflated / 16`.
    pub max_elements: usize,
    /// The deepest nesting of arrays and objects accepted. Default: 64;
    /// the JSON parser itself never goes past 128.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(64 * 1024 * 1024)
    }
}

impl Limits {
    /// Limits derived from an inflate limit of `max_inflated` bytes.
    pub const fn new(max_inflated: usize) -> Self {
        Limits {
            max_inflated,
            max_decoded: max_inflated.saturating_mul(2),
            max_elements: max_inflated / 16,
            max_depth: 64,
        }
    }

    /// The same limits with another decoded-memory budget, in bytes.
    pub const fn with_max_decoded(mut self, bytes: usize) -> Self {
        self.max_decoded = bytes;
        self
    }

    /// The same limits with another cap on the number of values.
    pub const fn with_max_elements(mut self, elements: usize) -> Self {
        self.max_elements = elements;
        self
    }

    /// The same limits with another nesting cap.
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }
}

/// [`Limits`] as saved, where every limit but the inflate one may be
/// missing (states saved by earlier versions).
#[derive(Deserialize)]
struct SavedLimits {
    max_inflated: usize,
    max_decoded: Option<usize>,
    max_elements: Option<usize>,
    max_depth: Option<usize>,
}

impl From<SavedLimits> for Limits {
    fn from(saved: SavedLimits) -> Self {
        let derived = Limits::new(saved.max_inflated);
        Limits {
            max_inflated: saved.max_inflated,
            max_decoded: saved.max_decoded.unwrap_or(derived.max_decoded),
            max_elements: saved.max_elements.unwrap_or(derived.max_elements),
            max_depth: saved.max_depth.unwrap_or(derived.max_depth),
        }
    }
}

/// Which limit a payload passed (see [`DecodeError::Budget`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BudgetKind {
    /// [`Limits::max_decoded`], in bytes.
    Memory,
    /// [`Limits::max_elements`].
    Elements,
    /// [`Limits::max_depth`].
    Depth,
}

impl fmt::Display for BudgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BudgetKind::Memory => "decoded-size budget (max_decoded bytes)",
            BudgetKind::Elements => "element budget (max_elements values)",
            BudgetKind::Depth => "nesting budget (max_depth levels)",
        })
    }
}

/// One value slot (what a `Value` takes in an array or an object).
const SLOT: usize = size_of::<Value>();
/// An object entry: the key's `String`, the value slot and the tree
/// node's share.
const ENTRY: usize = size_of::<String>() + SLOT + 16;

/// Parses JSON text into a `Value`, keeping to `limits`.
pub fn parse_value(
    json: &[u8],
    limits: &Limits,
    context: &'static str,
) -> Result<Value, DecodeError> {
    let budget = Budget {
        limits,
        bytes: Cell::new(SLOT),
        elements: Cell::new(0),
        depth: Cell::new(0),
        exceeded: Cell::new(None),
    };
    let mut de = serde_json::Deserializer::from_slice(json);
    let parsed = Seed(&budget)
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    parsed.map_err(|e| match budget.exceeded.get() {
        Some(kind) => DecodeError::Budget {
            context,
            kind,
            limit: match kind {
                BudgetKind::Memory => limits.max_decoded,
                BudgetKind::Elements => limits.max_elements,
                BudgetKind::Depth => limits.max_depth,
            },
        },
        None => DecodeError::json(context, &e),
    })
}

struct Budget<'l> {
    limits: &'l Limits,
    bytes: Cell<usize>,
    elements: Cell<usize>,
    depth: Cell<usize>,
    exceeded: Cell<Option<BudgetKind>>,
}

impl Budget<'_> {
    fn fail<E: de::Error>(&self, kind: BudgetKind) -> E {
        self.exceeded.set(Some(kind));
        E::custom(kind)
    }

    /// Counts one value and `bytes` of memory.
    fn value<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let elements = self.elements.get().saturating_add(1);
        if elements > self.limits.max_elements {
            return Err(self.fail(BudgetKind::Elements));
        }
        self.elements.set(elements);
        self.memory(bytes)
    }

    /// Counts `bytes` of memory.
    fn memory<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let total = self.bytes.get().saturating_add(bytes);
        if total > self.limits.max_decoded {
            return Err(self.fail(BudgetKind::Memory));
        }
        self.bytes.set(total);
        Ok(())
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        let depth = self.depth.get().saturating_add(1);
        if depth > self.limits.max_depth {
            return Err(self.fail(BudgetKind::Depth));
        }
        self.depth.set(depth);
        Ok(())
    }

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}

/// Builds one `Value`, counting it against the budget.
#[derive(Clone, Copy)]
struct Seed<'b, 'l>(&'b Budget<'l>);

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.value(0)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.value(0)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.value(0)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.value(0)?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.value(v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.value(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.value(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let budget = self.0;
        budget.value(0)?;
        budget.enter()?;
        let mut items: Vec<Value> = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            if items.len() == items.capacity() {
                // Grow by doubling, paying for the new slots first.
                let extra = items.capacity().max(4);
                budget.memory(extra.saturating_mul(SLOT))?;
                items.reserve_exact(extra);
            }
            items.push(item);
        }
        budget.leave();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let budget = self.0;
        budget.value(0)?;
        budget.enter()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            budget.memory(ENTRY.saturating_add(key.len()))?;
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        budget.leave();
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str, limits: Limits) -> Result<Value, DecodeError> {
        parse_value(text.as_bytes(), &limits, "test")
    }

    #[test]
    fn builds_the_same_value_as_serde_json() {
        let text = r#"{"a":[1,-2,3.5,"é\n",true,null,{"b":{}}],"c":"x","a2":18446744073709551615}"#;
        let want: Value = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(parse(text, Limits::default()), Ok(want));
        assert_eq!(parse(" 7 ", Limits::default()), Ok(json!(7)));
        assert!(matches!(
            parse("[1,2] x", Limits::default()),
            Err(DecodeError::Json { .. })
        ));
        assert!(matches!(
            parse("[1,", Limits::default()),
            Err(DecodeError::Json { .. })
        ));
    }

    #[test]
    fn each_limit_is_named_when_passed() {
        let small = Limits::new(1 << 20);
        let budget = |text: &str, limits: Limits| match parse(text, limits) {
            Err(DecodeError::Budget { kind, limit, .. }) => Some((kind, limit)),
            _ => None,
        };
        let ten = "[0,0,0,0,0,0,0,0,0,0]";
        assert!(parse(ten, small.with_max_elements(11)).is_ok());
        assert_eq!(
            budget(ten, small.with_max_elements(10)),
            Some((BudgetKind::Elements, 10))
        );
        assert_eq!(
            budget(ten, small.with_max_decoded(200)),
            Some((BudgetKind::Memory, 200))
        );
        assert_eq!(
            budget(
                r#"{"k":"a long string of text"}"#,
                small.with_max_decoded(100)
            ),
            Some((BudgetKind::Memory, 100))
        );
        let deep = format!("{}{}", "[".repeat(5), "]".repeat(5));
        assert!(parse(&deep, small.with_max_depth(5)).is_ok());
        assert_eq!(
            budget(&deep, small.with_max_depth(4)),
            Some((BudgetKind::Depth, 4))
        );
        let text = DecodeError::Budget {
            context: "reply payload",
            kind: BudgetKind::Elements,
            limit: 10,
        }
        .to_string();
        assert!(
            text.contains("element budget") && text.contains("10"),
            "{text}"
        );
    }

    #[test]
    fn saved_limits_without_the_new_fields_read_back_derived() {
        let old: Limits =
            serde_json::from_str(r#"{"max_inflated":1048576}"#).unwrap_or_else(|_| Limits::new(0));
        assert_eq!(old, Limits::new(1 << 20));
        let custom = Limits::new(1 << 20).with_max_depth(9);
        let text = serde_json::to_string(&custom).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Limits>(&text).ok(), Some(custom));
    }
}
