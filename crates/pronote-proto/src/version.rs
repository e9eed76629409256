//! PRONOTE versions and the protocol generation each one speaks.
//!
//! Every rule that changed between PRONOTE releases lives in [`Profile`], a
//! plain table built from [`Generation`]: the JSON key names of the envelope
//! and of the secure payload, what the page flags mean, which function keeps
//! a session alive and how the login challenge is answered. When a release
//! changes a rule, this file is the one place to edit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DecodeError;

/// A PRONOTE version number such as `2025.2.11` (or `2022.0.2.5`): up to
/// four numeric components, compared numerically, missing components
/// counting as zero.
///
/// ```
/// use pronote_proto::Version;
/// let v: Version = "2024.3.9".parse()?;
/// assert!(v >= Version::new(&[2024, 3, 9]));
/// assert!(v < "2025.1.3".parse()?);
/// assert_eq!(v.to_string(), "2024.3.9");
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Clone, Copy, Eq)]
pub struct Version {
    parts: [u32; 4],
    len: u8,
}

impl Version {
    /// A version from its components (at most four are kept).
    pub const fn new(parts: &[u32]) -> Self {
        let mut out = [0u32; 4];
        let mut i = 0;
        while i < parts.len() && i < 4 {
            out[i] = parts[i];
            i += 1;
        }
        Version {
            parts: out,
            len: i as u8,
        }
    }

    /// The year component (`2025` in `2025.2.11`).
    pub fn year(&self) -> u32 {
        self.parts[0]
    }

    /// The components as written.
    pub fn components(&self) -> &[u32] {
        &self.parts[..usize::from(self.len)]
    }

    /// Finds `PRONOTE <version>` in a page or an HTTP `Server` header.
    ///
    /// ```
    /// use pronote_proto::Version;
    /// let header = "PRONOTE 2025.2.11 Microsoft-HTTPAPI/2.0";
    /// assert_eq!(Version::find_in_text(header), Some(Version::new(&[2025, 2, 11])));
    /// ```
    pub fn find_in_text(text: &str) -> Option<Version> {
        let mut rest = text;
        while let Some(pos) = rest.find("PRONOTE") {
            let after = rest[pos + "PRONOTE".len()..].trim_start_matches([' ', '\u{a0}']);
            let end = after
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(after.len());
            let candidate = after[..end].trim_end_matches('.');
            if candidate.contains('.') {
                if let Ok(v) = candidate.parse() {
                    return Some(v);
                }
            }
            rest = &rest[pos + "PRONOTE".len()..];
        }
        None
    }

    /// The generation this version speaks.
    pub fn generation(&self) -> Generation {
        Generation::of(*self)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl std::hash::Hash for Version {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Consistent with `PartialEq`: trailing zeros do not count.
        self.parts.hash(state);
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.components().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Version({self})")
    }
}

impl FromStr for Version {
    type Err = DecodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let mut parts = [0u32; 4];
        let mut len = 0usize;
        for piece in s.split('.') {
            if len == 4 || piece.is_empty() || piece.len() > 9 {
                return Err(DecodeError::Version(crate::error::truncate(s, 40)));
            }
            parts[len] = piece
                .parse()
                .map_err(|_| DecodeError::Version(crate::error::truncate(s, 40)))?;
            len += 1;
        }
        Ok(Version {
            parts,
            len: len as u8,
        })
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A protocol generation: the span of releases that share one set of wire
/// rules ([protocol notes §1](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Generation {
    /// Up to 2021: `numeroOrdre`/`nom`/`donneesSec`, `donnees`/`_Signature_`,
    /// RSA key in the page (`MR`/`ER`).
    Legacy,
    /// 2022 to 2024.3.8: as legacy; RSA only with `http`.
    V2022,
    /// 2024.3.9 to 2024.3.11: inner keys `data`/`Signature`; `Navigation`
    /// keeps sessions alive.
    V2024_3_9,
    /// 2025.1.3 and later: envelope `no`/`id`/`dataSec`, page flags
    /// `CrA`/`CoA` meaning "do".
    V2025,
    /// 2026.2.5 and later: the login challenge is no longer alea-wrapped.
    V2026_2_5,
}

impl Generation {
    /// Every generation, oldest first.
    pub const ALL: [Generation; 5] = [
        Generation::Legacy,
        Generation::V2022,
        Generation::V2024_3_9,
        Generation::V2025,
        Generation::V2026_2_5,
    ];

    /// The first release of each generation, the boundaries of the table.
    pub const fn first_version(self) -> Version {
        match self {
            Generation::Legacy => Version::new(&[0]),
            Generation::V2022 => Version::new(&[2022]),
            Generation::V2024_3_9 => Version::new(&[2024, 3, 9]),
            Generation::V2025 => Version::new(&[2025, 1, 3]),
            Generation::V2026_2_5 => Version::new(&[2026, 2, 5]),
        }
    }

    /// The generation a release belongs to.
    pub fn of(version: Version) -> Generation {
        Generation::ALL
            .iter()
            .rev()
            .copied()
            .find(|g| version >= g.first_version())
            .unwrap_or(Generation::Legacy)
    }

    /// The wire rules of this generation.
    pub const fn profile(self) -> Profile {
        let legacy_envelope = EnvelopeKeys {
            session: "session",
            order: "numeroOrdre",
            function: "nom",
            secure: "donneesSec",
        };
        let modern_envelope = EnvelopeKeys {
            session: "session",
            order: "no",
            function: "id",
            secure: "dataSec",
        };
        let legacy_inner = InnerKeys {
            data: "donnees",
            signature: "_Signature_",
        };
        let modern_inner = InnerKeys {
            data: "data",
            signature: "Signature",
        };
        match self {
            Generation::Legacy | Generation::V2022 => Profile {
                generation: self,
                envelope: legacy_envelope,
                inner: legacy_inner,
                flags: FlagStyle::Skip,
                keep_alive: KeepAlive::Presence,
                challenge: ChallengeRule::Classic,
            },
            Generation::V2024_3_9 => Profile {
                generation: self,
                envelope: legacy_envelope,
                inner: modern_inner,
                flags: FlagStyle::Skip,
                keep_alive: KeepAlive::Navigation,
                challenge: ChallengeRule::Classic,
            },
            Generation::V2025 => Profile {
                generation: self,
                envelope: modern_envelope,
                inner: modern_inner,
                flags: FlagStyle::Do,
                keep_alive: KeepAlive::Navigation,
                challenge: ChallengeRule::Classic,
            },
            Generation::V2026_2_5 => Profile {
                generation: self,
                envelope: modern_envelope,
                inner: modern_inner,
                flags: FlagStyle::Do,
                keep_alive: KeepAlive::Navigation,
                challenge: ChallengeRule::AsReceived,
            },
        }
    }
}

/// JSON key names of the HTTP body (the envelope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnvelopeKeys {
    /// Session id (`session`).
    pub session: &'static str,
    /// Order number (`numeroOrdre` / `no`).
    pub order: &'static str,
    /// Function name (`nom` / `id`).
    pub function: &'static str,
    /// Secure payload (`donneesSec` / `dataSec`).
    pub secure: &'static str,
}

/// JSON key names inside the secure payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InnerKeys {
    /// The data (`donnees` / `data`).
    pub data: &'static str,
    /// The signature (`_Signature_` / `Signature`).
    pub signature: &'static str,
}

/// How the page's encryption/compression flags read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagStyle {
    /// `sCrA`/`sCoA`: true means SKIP; absent means do.
    Skip,
    /// `CrA`/`CoA`: true means DO; absent means don't.
    Do,
}

/// The function that keeps an idle session alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeepAlive {
    /// `Presence`, every two minutes.
    Presence,
    /// `Navigation {onglet, ongletPrec}` after about 110 s idle.
    Navigation,
}

impl KeepAlive {
    /// The function name.
    pub const fn function(self) -> &'static str {
        match self {
            KeepAlive::Presence => "Presence",
            KeepAlive::Navigation => "Navigation",
        }
    }

    /// How long a session may stay idle before the keep-alive is due, in
    /// seconds (the caller owns the clock).
    pub const fn idle_secs(self) -> u64 {
        match self {
            KeepAlive::Presence => 120,
            KeepAlive::Navigation => 110,
        }
    }
}

/// How the login challenge is answered ([protocol notes §5.4](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ChallengeRule {
    /// Decrypt, keep the characters at even indexes, encrypt again.
    Classic,
    /// Encrypt the challenge string as received (2026.2.5+, and pronotepy
    /// 2.15.7 everywhere).
    AsReceived,
}

/// The wire rules of one generation, as a table.
///
/// ```
/// use pronote_proto::{Generation, Version};
/// let p = Version::new(&[2025, 2, 6]).generation().profile();
/// assert_eq!(p.envelope.order, "no");
/// assert_eq!(p.inner.data, "data");
/// assert_eq!(Generation::V2022.profile().envelope.secure, "donneesSec");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Profile {
    /// The generation this table describes.
    pub generation: Generation,
    /// Envelope key names.
    pub envelope: EnvelopeKeys,
    /// Secure payload key names.
    pub inner: InnerKeys,
    /// What the page flags mean.
    pub flags: FlagStyle,
    /// The keep-alive function.
    pub keep_alive: KeepAlive,
    /// The challenge rule tried first.
    pub challenge: ChallengeRule,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_follow_the_table() {
        let cases = [
            ("2021.0.2.5", Generation::Legacy),
            ("2022.0.2.4", Generation::V2022),
            ("2023.0.3.1", Generation::V2022),
            ("2024.3.8", Generation::V2022),
            ("2024.3.9", Generation::V2024_3_9),
            ("2024.3.11", Generation::V2024_3_9),
            ("2025.1.2", Generation::V2024_3_9),
            ("2025.1.3", Generation::V2025),
            ("2025.2.11", Generation::V2025),
            ("2026.2.4", Generation::V2025),
            ("2026.2.5", Generation::V2026_2_5),
            ("2027.1", Generation::V2026_2_5),
        ];
        for (text, generation) in cases {
            let v: Version = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(v.generation(), generation, "{text}");
        }
    }

    #[test]
    fn numeric_comparison_not_textual() {
        let a: Version = "2024.3.10".parse().unwrap_or_else(|e| panic!("{e}"));
        let b: Version = "2024.3.9".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(a > b);
        assert_eq!(Version::new(&[2025]), Version::new(&[2025, 0, 0]));
    }

    #[test]
    fn bad_versions_are_errors() {
        for bad in ["", "2025..1", "x.y", "1.2.3.4.5", "2025.1.", "99999999999"] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn finds_version_in_page_and_header() {
        let page = r#"<a href="x">PRONOTE 2025.2.11 gestion de vie scolaire</a>"#;
        assert_eq!(
            Version::find_in_text(page),
            Some(Version::new(&[2025, 2, 11]))
        );
        assert_eq!(Version::find_in_text("PRONOTE Mobile APP"), None);
        assert_eq!(
            Version::find_in_text("PRONOTE Mobile; PRONOTE 2024.3.9"),
            Some(Version::new(&[2024, 3, 9]))
        );
    }
}
