//! The typed parameters of `Start({...})`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{key, literal};
use crate::error::{DecodeError, Result};
use crate::version::FlagStyle;

/// The parameters a PRONOTE page passes to `Start({...})` ([protocol notes §2](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)).
///
/// Keys this crate does not interpret are kept in [`extra`](Self::extra).
/// `Debug` never shows the ENT password (see [`EntTokens`]).
///
/// ```
/// use pronote_proto::start::{PageFlags, StartParams};
/// let p = StartParams::from_literal("{h:'2052117',sCrA:true,a:3,d:true}")?;
/// assert_eq!(p.session_id, 2052117);
/// assert!(!p.session_id_is_number);
/// assert_eq!(p.espace, 3);
/// assert!(p.demo);
/// assert_eq!(p.flags, PageFlags::Skip { skip_encrypt: true, skip_compress: false });
/// # Ok::<(), pronote_proto::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartParams {
    /// Session id, `h` (a string such as `'2052117'` before 2025, a number
    /// literal since).
    pub session_id: u64,
    /// Whether `h` was a number literal (2025+ pages): the request body's
    /// `session` must then be a JSON number.
    pub session_id_is_number: bool,
    /// Espace (web space) id, `a`: 3 for students, 2 for parents, …
    pub espace: u32,
    /// Demo instance, `d` (false when absent).
    #[serde(default)]
    pub demo: bool,
    /// Access kind, `g` (0 account, 1 account connection, 2 direct
    /// connection, 3 token account connection, 4 token direct connection,
    /// 5 cookie connection).
    #[serde(default)]
    pub access_kind: Option<u32>,
    /// The RSA key of old servers, `MR`/`ER`.
    #[serde(default)]
    pub rsa: Option<PageRsaKey>,
    /// Encryption and compression flags, `sCrA`/`sCoA` or `CrA`/`CoA`.
    #[serde(default)]
    pub flags: PageFlags,
    /// `http`: the instance is served without TLS (RSA-encrypt the Uuid).
    #[serde(default)]
    pub http: bool,
    /// `poll` (obsolete long-poll flag).
    #[serde(default)]
    pub poll: bool,
    /// ENT tokens, `e`/`f`, that replace the username and password.
    #[serde(default)]
    pub ent: Option<EntTokens>,
    /// Every other key, as read.
    #[serde(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The RSA public key an old server puts in its page (`MR`, `ER`), as the
/// hexadecimal text found there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageRsaKey {
    /// Modulus, `MR` (hexadecimal).
    pub modulus_hex: String,
    /// Public exponent, `ER` (hexadecimal).
    pub exponent_hex: String,
}

/// The page's encryption and compression flags.
///
/// Which family is present matters as much as the values: `sCrA`/`sCoA`
/// (up to 2024) mean *skip*, `CrA`/`CoA` (2025+) mean *do*. When a page
/// carries both families, `CrA`/`CoA` win and `sCrA`/`sCoA` stay in
/// [`StartParams::extra`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PageFlags {
    /// No flag key at all: the meaning comes from the protocol generation.
    #[default]
    Absent,
    /// `sCrA` and/or `sCoA` present (an absent one reads as false).
    Skip {
        /// `sCrA`: send the secure payload unencrypted.
        skip_encrypt: bool,
        /// `sCoA`: send the secure payload uncompressed.
        skip_compress: bool,
    },
    /// `CrA` and/or `CoA` present (an absent one reads as false).
    Do {
        /// `CrA`: encrypt the secure payload.
        encrypt: bool,
        /// `CoA`: compress the secure payload.
        compress: bool,
    },
}

impl PageFlags {
    /// Whether the secure payload is encrypted. The flags found win; when
    /// there are none, `style` (the generation's reading of absent flags)
    /// decides: [`FlagStyle::Skip`] means encrypt, [`FlagStyle::Do`] means
    /// don't.
    ///
    /// ```
    /// use pronote_proto::FlagStyle;
    /// use pronote_proto::start::PageFlags;
    /// assert!(PageFlags::Absent.encrypt(FlagStyle::Skip));
    /// assert!(!PageFlags::Absent.encrypt(FlagStyle::Do));
    /// let f = PageFlags::Skip { skip_encrypt: true, skip_compress: false };
    /// assert!(!f.encrypt(FlagStyle::Do));
    /// assert!(f.compress(FlagStyle::Do));
    /// ```
    pub fn encrypt(&self, style: FlagStyle) -> bool {
        match *self {
            PageFlags::Absent => style == FlagStyle::Skip,
            PageFlags::Skip { skip_encrypt, .. } => !skip_encrypt,
            PageFlags::Do { encrypt, .. } => encrypt,
        }
    }

    /// Whether the secure payload is compressed, read as in
    /// [`encrypt`](Self::encrypt).
    pub fn compress(&self, style: FlagStyle) -> bool {
        match *self {
            PageFlags::Absent => style == FlagStyle::Skip,
            PageFlags::Skip { skip_compress, .. } => !skip_compress,
            PageFlags::Do { compress, .. } => compress,
        }
    }
}

/// ENT tokens from the page (`e`, `f`), used in place of the username and
/// password. `Debug` prints the password as `"<redacted>"`.
///
/// ```
/// use pronote_proto::start::EntTokens;
/// let t = EntTokens { username: "id".into(), password: "s3cret".into() };
/// assert!(!format!("{t:?}").contains("s3cret"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntTokens {
    /// Token id, `e` (the username to log in with).
    pub username: String,
    /// Token key, `f` (the password to log in with). Secret.
    pub password: String,
}

impl fmt::Debug for EntTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntTokens")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

fn start_error(msg: impl Into<String>) -> crate::error::Error {
    DecodeError::StartPage(msg.into()).into()
}

/// A boolean as pages write it: `true`/`false`, `1`/`0`, or those as
/// strings.
fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => {
            let x = n.as_f64()?;
            if x == 0.0 {
                Some(false)
            } else if x == 1.0 {
                Some(true)
            } else {
                None
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if s == "1" || s.eq_ignore_ascii_case("true") {
                Some(true)
            } else if s == "0" || s.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A non-negative integer written as a number or as a string of digits.
fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            let x = n.as_f64()?;
            // Integral doubles (`3.0`) up to 2^53, where they are exact.
            (x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_992.0).then_some(x as u64)
        }),
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// Removes `name`, treating `null` as absent.
fn take(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    map.remove(name).filter(|v| !v.is_null())
}

fn take_bool(map: &mut Map<String, Value>, name: &str) -> Result<Option<bool>> {
    match take(map, name) {
        None => Ok(None),
        Some(v) => as_bool(&v).map(Some).ok_or_else(|| {
            start_error(format!(
                "key `{name}` must be a boolean (true/false, 1/0 or those as strings)"
            ))
        }),
    }
}

fn take_u32(map: &mut Map<String, Value>, name: &str, what: &str) -> Result<Option<u32>> {
    match take(map, name) {
        None => Ok(None),
        Some(v) => as_u64(&v)
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                start_error(format!(
                    "key `{name}` ({what}) must be a non-negative integer below 2^32, as a number or a string"
                ))
            }),
    }
}

fn take_string(map: &mut Map<String, Value>, name: &str, what: &str) -> Result<Option<String>> {
    match take(map, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(start_error(format!(
            "key `{name}` ({what}) must be a string"
        ))),
    }
}

fn take_hex(map: &mut Map<String, Value>, name: &str, what: &str) -> Result<Option<String>> {
    match take_string(map, name, what)? {
        None => Ok(None),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(Some(s)),
        Some(_) => Err(start_error(format!(
            "key `{name}` ({what}) must be a non-empty hexadecimal string"
        ))),
    }
}

impl StartParams {
    /// Parameters with a session id and an espace and everything else
    /// absent (`h` as a number literal, as 2025+ pages write it).
    ///
    /// ```
    /// use pronote_proto::start::StartParams;
    /// let p = StartParams::new(1697793, 3);
    /// assert_eq!(p.to_literal(), r#"{"h":1697793,"d":false,"a":3}"#);
    /// ```
    pub fn new(session_id: u64, espace: u32) -> Self {
        StartParams {
            session_id,
            session_id_is_number: true,
            espace,
            demo: false,
            access_kind: None,
            rsa: None,
            flags: PageFlags::Absent,
            http: false,
            poll: false,
            ent: None,
            extra: BTreeMap::new(),
        }
    }

    /// Reads the object literal given to `Start(...)` (the text from `{`
    /// to `}`).
    ///
    /// ```
    /// use pronote_proto::start::StartParams;
    /// let p = StartParams::from_literal(r#"{"h":1697793,"d":true,"a":3,"CrA":true}"#)?;
    /// assert!(p.session_id_is_number);
    /// assert_eq!(p.to_literal(), r#"{"h":1697793,"d":true,"a":3,"CrA":true,"CoA":false}"#);
    /// # Ok::<(), pronote_proto::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DecodeError::StartPage`] when the literal does not parse (see
    /// [`literal`]) or a key is missing or has the wrong
    /// type (see [`from_object`](Self::from_object)).
    pub fn from_literal(literal: &str) -> Result<Self> {
        Self::from_object(literal::parse_object(literal)?)
    }

    /// Reads already-parsed `Start` parameters.
    ///
    /// `h` must be a positive integer and `a` a non-negative integer, each
    /// a number or a string of digits. Booleans may be written `true`,
    /// `false`, `1`, `0` or as those strings. `MR`/`ER` and `e`/`f` come in
    /// pairs. `null` counts as absent. Every key not read into a field is
    /// kept in [`extra`](Self::extra).
    ///
    /// # Errors
    ///
    /// [`DecodeError::StartPage`] naming the key that is missing or has the
    /// wrong type (never its value).
    pub fn from_object(mut map: Map<String, Value>) -> Result<Self> {
        let (session_id, session_id_is_number) = match take(&mut map, key::SESSION) {
            None => {
                return Err(start_error(
                    "key `h` (session id) is missing from the Start(...) parameters",
                ));
            }
            Some(v) => match as_u64(&v) {
                Some(id) if id > 0 => (id, v.is_number()),
                _ => {
                    return Err(start_error(
                        "key `h` (session id) must be a positive integer, as a number or a string",
                    ));
                }
            },
        };
        let espace = take_u32(&mut map, key::ESPACE, "espace id")?.ok_or_else(|| {
            start_error("key `a` (espace id) is missing from the Start(...) parameters")
        })?;
        let demo = take_bool(&mut map, key::DEMO)?.unwrap_or(false);
        let access_kind = take_u32(&mut map, key::ACCESS_KIND, "access kind")?;

        let modulus = take_hex(&mut map, key::RSA_MODULUS, "RSA modulus")?;
        let exponent = take_hex(&mut map, key::RSA_EXPONENT, "RSA exponent")?;
        let rsa = match (modulus, exponent) {
            (Some(modulus_hex), Some(exponent_hex)) => Some(PageRsaKey {
                modulus_hex,
                exponent_hex,
            }),
            (None, None) => None,
            _ => {
                return Err(start_error(
                    "keys `MR` and `ER` (RSA key) must both be present, or neither",
                ));
            }
        };

        for name in [
            key::ENCRYPT,
            key::COMPRESS,
            key::SKIP_ENCRYPT,
            key::SKIP_COMPRESS,
        ] {
            // `null` counts as absent, here too.
            if let Some(v) = take(&mut map, name) {
                map.insert(name.to_owned(), v);
            }
        }
        let flags = if map.contains_key(key::ENCRYPT) || map.contains_key(key::COMPRESS) {
            PageFlags::Do {
                encrypt: take_bool(&mut map, key::ENCRYPT)?.unwrap_or(false),
                compress: take_bool(&mut map, key::COMPRESS)?.unwrap_or(false),
            }
        } else if map.contains_key(key::SKIP_ENCRYPT) || map.contains_key(key::SKIP_COMPRESS) {
            PageFlags::Skip {
                skip_encrypt: take_bool(&mut map, key::SKIP_ENCRYPT)?.unwrap_or(false),
                skip_compress: take_bool(&mut map, key::SKIP_COMPRESS)?.unwrap_or(false),
            }
        } else {
            PageFlags::Absent
        };

        let http = take_bool(&mut map, key::HTTP)?.unwrap_or(false);
        let poll = take_bool(&mut map, key::POLL)?.unwrap_or(false);

        let username = take_string(&mut map, key::ENT_USERNAME, "ENT token id")?;
        let password = take_string(&mut map, key::ENT_PASSWORD, "ENT token key")?;
        let ent = match (username, password) {
            (Some(username), Some(password)) => Some(EntTokens { username, password }),
            (None, None) => None,
            _ => {
                return Err(start_error(
                    "keys `e` and `f` (ENT tokens) must both be present, or neither",
                ));
            }
        };

        Ok(StartParams {
            session_id,
            session_id_is_number,
            espace,
            demo,
            access_kind,
            rsa,
            flags,
            http,
            poll,
            ent,
            extra: map.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    fn start_msg(r: Result<StartParams>) -> String {
        match r {
            Err(crate::error::Error::Decode(DecodeError::StartPage(m))) => m,
            other => format!("not a StartPage error: {other:?}"),
        }
    }

    #[test]
    fn all_keys() -> TestResult {
        let p = StartParams::from_literal(
            "{h:'12',a:'2',d:'1',g:3,MR:'C0FFEE',ER:'10001',CrA:1,CoA:'false',http:true,poll:0,e:'tok',f:'key',fi:'x',p:7}",
        )?;
        assert_eq!(
            p,
            StartParams {
                session_id: 12,
                session_id_is_number: false,
                espace: 2,
                demo: true,
                access_kind: Some(3),
                rsa: Some(PageRsaKey {
                    modulus_hex: "C0FFEE".into(),
                    exponent_hex: "10001".into()
                }),
                flags: PageFlags::Do {
                    encrypt: true,
                    compress: false
                },
                http: true,
                poll: false,
                ent: Some(EntTokens {
                    username: "tok".into(),
                    password: "key".into()
                }),
                extra: [("fi".to_owned(), json!("x")), ("p".to_owned(), json!(7))]
                    .into_iter()
                    .collect(),
            }
        );
        assert_eq!(StartParams::from_literal(&p.to_literal())?, p);
        Ok(())
    }

    #[test]
    fn defaults() -> TestResult {
        let p = StartParams::from_literal("{h:1,a:0}")?;
        assert_eq!(p, StartParams::new(1, 0));
        let p = StartParams::from_literal("{h:1,a:3,d:null,g:null,MR:null,ER:null,e:null,f:null}")?;
        assert_eq!(p, StartParams::new(1, 3));
        Ok(())
    }

    #[test]
    fn flag_families() -> TestResult {
        let p = StartParams::from_literal("{h:1,a:3,sCoA:true}")?;
        assert_eq!(
            p.flags,
            PageFlags::Skip {
                skip_encrypt: false,
                skip_compress: true
            }
        );
        let p = StartParams::from_literal("{h:1,a:3,CrA:false}")?;
        assert_eq!(
            p.flags,
            PageFlags::Do {
                encrypt: false,
                compress: false
            }
        );
        let p = StartParams::from_literal("{h:1,a:3,sCrA:true,CoA:true}")?;
        assert_eq!(
            p.flags,
            PageFlags::Do {
                encrypt: false,
                compress: true
            }
        );
        assert_eq!(p.extra.get("sCrA"), Some(&json!(true)));
        assert_eq!(StartParams::from_literal(&p.to_literal())?, p);
        Ok(())
    }

    #[test]
    fn missing_and_bad_keys_are_named() {
        let cases = [
            ("{a:3}", "`h`"),
            ("{h:null,a:3}", "`h`"),
            ("{h:'',a:3}", "`h`"),
            ("{h:0,a:3}", "`h`"),
            ("{h:'-1',a:3}", "`h`"),
            ("{h:-1,a:3}", "`h`"),
            ("{h:1.5,a:3}", "`h`"),
            ("{h:'1x',a:3}", "`h`"),
            ("{h:true,a:3}", "`h`"),
            ("{h:99999999999999999999,a:3}", "`h`"),
            ("{h:1}", "`a`"),
            ("{h:1,a:'x'}", "`a`"),
            ("{h:1,a:-3}", "`a`"),
            ("{h:1,a:4294967296}", "`a`"),
            ("{h:1,a:3,d:'yes'}", "`d`"),
            ("{h:1,a:3,d:2}", "`d`"),
            ("{h:1,a:3,g:'z'}", "`g`"),
            ("{h:1,a:3,MR:'ab'}", "`MR`"),
            ("{h:1,a:3,ER:'03'}", "`MR`"),
            ("{h:1,a:3,MR:'xyz',ER:'03'}", "`MR`"),
            ("{h:1,a:3,MR:'ab',ER:3}", "`ER`"),
            ("{h:1,a:3,e:'u'}", "`e`"),
            ("{h:1,a:3,f:'p'}", "`f`"),
            ("{h:1,a:3,e:1,f:'p'}", "`e`"),
            ("{h:1,a:3,http:'x'}", "`http`"),
            ("{h:1,a:3,sCrA:[]}", "`sCrA`"),
            ("{h:1,a:3,CoA:{}}", "`CoA`"),
        ];
        for (literal, key) in cases {
            let msg = start_msg(StartParams::from_literal(literal));
            assert!(msg.contains(key), "{literal}: {msg}");
        }
    }

    #[test]
    fn lenient_numbers_and_booleans() -> TestResult {
        let p = StartParams::from_literal("{h:' 7 ',a:3.0,d:'TRUE',http:1,poll:'0'}")?;
        assert_eq!(p.session_id, 7);
        assert_eq!(p.espace, 3);
        assert!(p.demo && p.http && !p.poll);
        let p = StartParams::from_literal("{h:7.0,a:3}")?;
        assert!(p.session_id_is_number);
        Ok(())
    }

    #[test]
    fn debug_redacts_the_ent_password() -> TestResult {
        let p = StartParams::from_literal("{h:1,a:3,e:'visible-id',f:'TOP-SECRET'}")?;
        let dbg = format!("{p:?} {p:#?}");
        assert!(!dbg.contains("TOP-SECRET"), "{dbg}");
        assert!(
            dbg.contains("visible-id") && dbg.contains("<redacted>"),
            "{dbg}"
        );
        // Errors never echo values either.
        let msg = start_msg(StartParams::from_literal("{h:1,a:3,e:7,f:'TOP-SECRET'}"));
        assert!(!msg.contains("TOP-SECRET"), "{msg}");
        Ok(())
    }

    #[test]
    fn serde_round_trip() -> TestResult {
        let p = StartParams::from_literal(
            "{h:1,a:3,sCrA:true,e:'u',f:'p',MR:'ab',ER:'3',x:[1,{y:null}]}",
        )?;
        let json = serde_json::to_string(&p)?;
        let back: StartParams = serde_json::from_str(&json)?;
        assert_eq!(back, p);
        Ok(())
    }

    #[test]
    fn flags_resolution() {
        use FlagStyle::{Do, Skip};
        let skip = PageFlags::Skip {
            skip_encrypt: false,
            skip_compress: true,
        };
        assert!(skip.encrypt(Do) && !skip.compress(Skip));
        let dof = PageFlags::Do {
            encrypt: true,
            compress: false,
        };
        assert!(dof.encrypt(Skip) && !dof.compress(Skip));
        assert!(PageFlags::Absent.compress(Skip) && !PageFlags::Absent.compress(Do));
    }
}
