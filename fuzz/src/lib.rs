//! Helpers shared by the fuzz targets of `pronote-proto`.
//!
//! * [`JsonObject`]: a PRONOTE-looking JSON object built from arbitrary
//!   bytes (depth- and size-bounded, numbers that survive a trip through
//!   JSON text), for the structured round trips;
//! * [`opaque_field`]: a secure field whose decoding yields exactly the
//!   given bytes, so that the inflate and JSON stages see fuzz input
//!   directly instead of AES noise;
//! * [`assert_round_trip!`]: the one assertion the targets share.

use arbitrary::{Arbitrary, Result, Unstructured};
use pronote_proto::Generation;
use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::payload::{Flags, Limits};
use pronote_proto::version::{EnvelopeKeys, InnerKeys};
use serde_json::{Map, Number, Value};

/// Decoder limits for hostile input: 1 MiB of inflated payload is plenty
/// for inputs of a few kilobytes and keeps deflate bombs cheap.
pub const LIMITS: Limits = Limits::new(1 << 20);

/// The flag combinations under which fuzz bytes are put behind a secure
/// field: unencrypted, so that the bytes reach the JSON parser directly
/// and through inflate without an AES pass per input (AES decryption is
/// fuzzed on the raw body and in the round trips).
pub const OPAQUE_FLAGS: [Flags; 2] = [
    Flags::PLAIN,
    Flags {
        encrypt: false,
        compress: true,
    },
];

/// How deep [`JsonObject`] nests.
pub const MAX_DEPTH: u32 = 5;

/// How many members or items one object or array gets at most.
const MAX_ITEMS: usize = 6;

/// Keys PRONOTE uses, so that structured inputs look like real payloads
/// (and hit the in-payload error signals now and then).
const KEYS: &[&str] = &[
    "data",
    "donnees",
    "Signature",
    "_Signature_",
    "onglet",
    "membre",
    "_T",
    "V",
    "N",
    "L",
    "G",
    "P",
    "E",
    "A",
    "Erreur",
    "Titre",
    "Message",
    "MessageErreur",
    "SignatureAttente",
    "ParametresAtt",
    "delai",
    "RapportSaisie",
    "_erreurSaisie_",
    "_messagesErreur_",
    "ListeCours",
    "DateDuCours",
    "place",
    "duree",
    "ListeContenus",
    "CouleurFond",
    "estAnnule",
    "numeroSemaine",
    "nom",
];

/// Texts PRONOTE sends: French labels, dates, domains, grades, HTML.
const TEXTS: &[&str] = &[
    "",
    "Mathématiques",
    "FRANÇAIS",
    "Histoire-Géographie",
    "M. DUPONT",
    "Salle 104",
    "Cours annulé",
    "15/01/2026 08:30:00",
    "8/9/2025 14:0:0",
    "15/01/26 08h30",
    "[1..3,5]",
    "0111",
    "15,5",
    "|1",
    "<p>Bonjour&nbsp;<b>&eacute;l&egrave;ves</b></p>",
    "114#x5KqJJvVSmP1fM3mD0ZjyCfX0fQmUNNCVszqxf6WzTQ",
    "😀€\u{a0}",
];

/// `_T` codes (the known kinds and a few unknown ones).
const KINDS: &[u64] = &[
    1, 2, 3, 4, 7, 8, 10, 11, 13, 14, 15, 16, 17, 20, 21, 23, 24, 25, 26, 27, 0, 99,
];

/// The two envelope spellings (`numeroOrdre`/`nom`/`donneesSec` and
/// `no`/`id`/`dataSec`).
pub fn envelope_key_sets() -> [EnvelopeKeys; 2] {
    [
        Generation::Legacy.profile().envelope,
        Generation::V2025.profile().envelope,
    ]
}

/// The two payload spellings (`donnees`/`_Signature_` and
/// `data`/`Signature`).
pub fn inner_key_sets() -> [InnerKeys; 2] {
    [
        Generation::Legacy.profile().inner,
        Generation::V2025.profile().inner,
    ]
}

/// A generation chosen by a fuzz byte.
pub fn generation(byte: u8) -> Generation {
    Generation::ALL[usize::from(byte) % Generation::ALL.len()]
}

/// A flag combination chosen by a fuzz byte.
pub fn flags(byte: u8) -> Flags {
    Flags::ALL[usize::from(byte) % Flags::ALL.len()]
}

/// A cipher from fuzz data (any key material, any IV).
pub fn arb_cipher(u: &mut Unstructured<'_>) -> Result<Cipher> {
    let material: &[u8] = u.arbitrary()?;
    let iv: [u8; 16] = u.arbitrary()?;
    Ok(Cipher::new(
        AesKey::from_material(material),
        Iv::from_bytes(iv),
    ))
}

/// A secure field (hex text) whose decoding under `flags` reaches exactly
/// `plain`: encrypted with `cipher` when the flags say so, then
/// hexadecimal. The decoder then inflates (or not) and parses `plain`
/// itself.
pub fn opaque_field(plain: &[u8], flags: Flags, cipher: &Cipher) -> Value {
    let encrypted;
    let bytes = if flags.encrypt {
        encrypted = cipher.encrypt(plain);
        &encrypted[..]
    } else {
        plain
    };
    // One buffer rather than a char-by-char String: this runs per input.
    let mut text = vec![0u8; bytes.len() * 2];
    let _ = hex::encode_to_slice(bytes, &mut text);
    text.make_ascii_uppercase();
    Value::String(String::from_utf8(text).unwrap_or_default())
}

/// A JSON object shaped like a PRONOTE payload.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonObject(pub Value);

impl<'a> Arbitrary<'a> for JsonObject {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        arb_object(u, MAX_DEPTH).map(|m| JsonObject(Value::Object(m)))
    }
}

/// A JSON value of bounded depth.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonValue(pub Value);

impl<'a> Arbitrary<'a> for JsonValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        arb_value(u, MAX_DEPTH).map(JsonValue)
    }
}

/// A string: a PRONOTE-looking text half of the time, any string else.
pub fn arb_text(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 2)? {
        Ok((*u.choose(TEXTS)?).to_owned())
    } else {
        u.arbitrary()
    }
}

fn arb_key(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(3, 4)? {
        Ok((*u.choose(KEYS)?).to_owned())
    } else {
        u.arbitrary()
    }
}

/// A number that comes back identical from JSON text: any integer, or a
/// decimal `m / 10^s` with at most ten significant digits (serde_json
/// parses those exactly without its `float_roundtrip` feature).
fn arb_number(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => Value::from(u.arbitrary::<i64>()?),
        1 => Value::from(u.arbitrary::<u64>()?),
        _ => {
            let mantissa = f64::from(u.arbitrary::<i32>()?);
            let scale = u.int_in_range(0i32..=4)?;
            Number::from_f64(mantissa / 10f64.powi(scale)).map_or(Value::Null, Value::Number)
        }
    })
}

/// A value of depth at most `depth` (0: scalars only).
pub fn arb_value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 3 } else { 6 };
    Ok(match u.int_in_range(0u8..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => arb_number(u)?,
        3 => Value::String(arb_text(u)?),
        4 => {
            let len = u.int_in_range(0..=MAX_ITEMS)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(arb_value(u, depth - 1)?);
            }
            Value::Array(items)
        }
        5 => Value::Object(arb_object(u, depth - 1)?),
        _ => {
            // A typed value `{"_T": k, "V": …}`.
            let mut map = Map::new();
            map.insert("_T".into(), Value::from(*u.choose(KINDS)?));
            map.insert("V".into(), arb_value(u, depth - 1)?);
            Value::Object(map)
        }
    })
}

/// An object of depth at most `depth`.
pub fn arb_object(u: &mut Unstructured<'_>, depth: u32) -> Result<Map<String, Value>> {
    let len = u.int_in_range(0..=MAX_ITEMS)?;
    let mut map = Map::new();
    for _ in 0..len {
        let key = arb_key(u)?;
        let value = arb_value(u, depth)?;
        map.insert(key, value);
    }
    Ok(map)
}

/// Asserts that `$got` (a `Result`) is `Ok` and equal to `$want` (a
/// reference), naming the round trip in the panic message.
#[macro_export]
macro_rules! assert_round_trip {
    ($what:expr, $got:expr, $want:expr $(,)?) => {
        match $got {
            Ok(ref got) if got == $want => {}
            other => panic!(
                "round trip failed: {}\n got: {:?}\nwant: {:?}",
                $what, other, $want
            ),
        }
    };
}
