//! Choosing a new password at login: the server's rules
//! (`reglesSaisieMDP`) and a password that never shows in `Debug`.
//!
//! A server that wants the user to choose a new password (a first login
//! with a provisional password, a password the school reset) lists action
//! 0 in the `Authentification` reply's `actionsDoubleAuth`, with the rules
//! in `reglesSaisieMDP`: `{min, max, regles: {_T: 26, V: "[…]"}}`, where
//! `regles` holds 0 (at least one letter), 1 (at least one digit), 2 (at
//! least one special character), 3 (lower and upper case letters) and 4
//! (different from the username); a `max` of 0 means no maximum.
//!
//! ```
//! use pronote_proto::password::{PasswordRuleError, PasswordRules};
//! let wire = serde_json::json!({"min": 8, "max": 30, "regles": {"_T": 26, "V": "[1,3]"}});
//! let rules = PasswordRules::from_wire(&wire, Some("demo"));
//! assert_eq!(rules.check("short1A"), Err(PasswordRuleError::TooShort { min: 8 }));
//! assert_eq!(rules.check("longenough1"), Err(PasswordRuleError::NoMixedCase));
//! assert_eq!(rules.check("LongEnough1"), Ok(()));
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Value, json};

/// The `regles` code: at least one letter.
pub const RULE_LETTER: u32 = 0;
/// The `regles` code: at least one digit.
pub const RULE_DIGIT: u32 = 1;
/// The `regles` code: at least one special character.
pub const RULE_SPECIAL: u32 = 2;
/// The `regles` code: lower and upper case letters.
pub const RULE_MIXED_CASE: u32 = 3;
/// The `regles` code: different from the username.
pub const RULE_NOT_USERNAME: u32 = 4;

/// The rules a new password must follow, as the server sent them.
///
/// Letters and case are ASCII letters, and a special character is
/// anything but an ASCII letter or digit, as the official web client
/// checks them. Lengths count characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PasswordRules {
    /// The shortest length allowed.
    pub min: usize,
    /// The longest length allowed (`None`: no limit).
    pub max: Option<usize>,
    /// At least one letter.
    pub letter: bool,
    /// At least one digit.
    pub digit: bool,
    /// At least one special character (not a letter or a digit).
    pub special: bool,
    /// At least one lower case and one upper case letter.
    pub mixed_case: bool,
    /// The password may not be the username; holds the username.
    pub not_username: Option<String>,
}

impl PasswordRules {
    /// Reads `reglesSaisieMDP`. `username` is the account's, for rule 4.
    /// Anything missing or malformed means "no constraint".
    ///
    /// ```
    /// use pronote_proto::password::PasswordRules;
    /// let wire = serde_json::json!({"min": 6, "max": 0, "regles": {"_T": 26, "V": "[0..2,4]"}});
    /// let rules = PasswordRules::from_wire(&wire, Some("jdupont"));
    /// assert_eq!((rules.min, rules.max), (6, None));
    /// assert!(rules.letter && rules.digit && rules.special && !rules.mixed_case);
    /// assert_eq!(rules.not_username.as_deref(), Some("jdupont"));
    /// ```
    pub fn from_wire(value: &Value, username: Option<&str>) -> Self {
        let number = |key: &str| {
            value
                .get(key)
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                })
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
        };
        let codes = value
            .get("regles")
            .map(crate::login::number_set)
            .unwrap_or_default();
        let max = number("max");
        PasswordRules {
            min: number("min"),
            max: (max > 0).then_some(max),
            letter: codes.contains(&RULE_LETTER),
            digit: codes.contains(&RULE_DIGIT),
            special: codes.contains(&RULE_SPECIAL),
            mixed_case: codes.contains(&RULE_MIXED_CASE),
            not_username: codes
                .contains(&RULE_NOT_USERNAME)
                .then(|| username.unwrap_or_default().to_owned())
                .filter(|u| !u.is_empty()),
        }
    }

    /// The rules as `reglesSaisieMDP` (the `regles` set without the
    /// username).
    ///
    /// ```
    /// use pronote_proto::password::PasswordRules;
    /// let wire = serde_json::json!({"min": 8, "max": 30, "regles": {"_T": 26, "V": "[1,3]"}});
    /// assert_eq!(PasswordRules::from_wire(&wire, None).to_wire(), wire);
    /// ```
    pub fn to_wire(&self) -> Value {
        let codes = self.codes();
        let list = codes
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        json!({
            "min": self.min,
            "max": self.max.unwrap_or(0),
            "regles": {"_T": 26, "V": format!("[{list}]")},
        })
    }

    /// The `regles` codes of these rules.
    pub fn codes(&self) -> BTreeSet<u32> {
        [
            (self.letter, RULE_LETTER),
            (self.digit, RULE_DIGIT),
            (self.special, RULE_SPECIAL),
            (self.mixed_case, RULE_MIXED_CASE),
            (self.not_username.is_some(), RULE_NOT_USERNAME),
        ]
        .into_iter()
        .filter_map(|(on, code)| on.then_some(code))
        .collect()
    }

    /// Checks a password; the error names the first rule broken (length
    /// first, then letter, digit, case, special character, username, the
    /// official client's order).
    ///
    /// ```
    /// use pronote_proto::password::{PasswordRuleError, PasswordRules};
    /// let mut rules = PasswordRules::default();
    /// rules.min = 4;
    /// rules.special = true;
    /// assert_eq!(rules.check("abcd"), Err(PasswordRuleError::NoSpecial));
    /// assert_eq!(rules.check("ab-d"), Ok(()));
    /// assert_eq!(rules.check(""), Err(PasswordRuleError::Empty));
    /// ```
    pub fn check(&self, password: &str) -> Result<(), PasswordRuleError> {
        if password.is_empty() {
            return Err(PasswordRuleError::Empty);
        }
        let length = password.chars().count();
        if length < self.min {
            return Err(PasswordRuleError::TooShort { min: self.min });
        }
        if let Some(max) = self.max.filter(|max| length > *max) {
            return Err(PasswordRuleError::TooLong { max });
        }
        let has = |f: fn(&char) -> bool| password.chars().any(|c| f(&c));
        if self.letter && !has(char::is_ascii_alphabetic) {
            return Err(PasswordRuleError::NoLetter);
        }
        if self.digit && !has(char::is_ascii_digit) {
            return Err(PasswordRuleError::NoDigit);
        }
        if self.mixed_case && !(has(char::is_ascii_lowercase) && has(char::is_ascii_uppercase)) {
            return Err(PasswordRuleError::NoMixedCase);
        }
        if self.special && !has(|c| !c.is_ascii_alphanumeric()) {
            return Err(PasswordRuleError::NoSpecial);
        }
        if let Some(username) = &self.not_username {
            if password.eq_ignore_ascii_case(username) {
                return Err(PasswordRuleError::SameAsUsername);
            }
        }
        Ok(())
    }

    /// The rule named by a `reglesNonRespectes` code.
    pub fn error_for_code(&self, code: u32) -> Option<PasswordRuleError> {
        match code {
            RULE_LETTER => Some(PasswordRuleError::NoLetter),
            RULE_DIGIT => Some(PasswordRuleError::NoDigit),
            RULE_SPECIAL => Some(PasswordRuleError::NoSpecial),
            RULE_MIXED_CASE => Some(PasswordRuleError::NoMixedCase),
            RULE_NOT_USERNAME => Some(PasswordRuleError::SameAsUsername),
            _ => None,
        }
    }
}

/// The first password rule a new password breaks. It never holds the
/// password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordRuleError {
    /// The password is empty.
    #[error("the new password is empty")]
    Empty,
    /// Fewer characters than `min`.
    #[error("the new password needs at least {min} characters")]
    TooShort {
        /// The shortest length allowed.
        min: usize,
    },
    /// More characters than `max`.
    #[error("the new password may have at most {max} characters")]
    TooLong {
        /// The longest length allowed.
        max: usize,
    },
    /// No letter.
    #[error("the new password needs at least one letter")]
    NoLetter,
    /// No digit.
    #[error("the new password needs at least one digit")]
    NoDigit,
    /// No special character.
    #[error("the new password needs at least one special character (not a letter or a digit)")]
    NoSpecial,
    /// Not both lower and upper case letters.
    #[error("the new password needs lower and upper case letters")]
    NoMixedCase,
    /// The password is the username.
    #[error("the new password may not be the username")]
    SameAsUsername,
}

/// A password being set. Its `Debug` is redacted and it has no `Display`:
/// read it with [`expose`](Self::expose).
///
/// ```
/// use pronote_proto::password::NewPassword;
/// let p = NewPassword::new("S3cret!pass");
/// assert_eq!(p.expose(), "S3cret!pass");
/// assert!(!format!("{p:?}").contains("S3cret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        NewPassword(password.into())
    }

    /// The password itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// What the login asks when the account must choose a new password.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewPasswordPrompt {
    /// The rules the new password must follow.
    pub rules: PasswordRules,
    /// The server's explanation (`messageForcerModificationMdp`), if any.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_named() {
        let wire = json!({"min": 8, "max": 12, "regles": {"_T": 26, "V": "[0..4]"}});
        let rules = PasswordRules::from_wire(&wire, Some("Eleve"));
        assert_eq!(
            rules.check("Ab1!"),
            Err(PasswordRuleError::TooShort { min: 8 })
        );
        assert_eq!(
            rules.check("Abcdefgh1!xyz"),
            Err(PasswordRuleError::TooLong { max: 12 })
        );
        assert_eq!(rules.check("12345678!"), Err(PasswordRuleError::NoLetter));
        assert_eq!(rules.check("Abcdefgh!"), Err(PasswordRuleError::NoDigit));
        assert_eq!(
            rules.check("abcdefg1!"),
            Err(PasswordRuleError::NoMixedCase)
        );
        assert_eq!(rules.check("Abcdefg12"), Err(PasswordRuleError::NoSpecial));
        assert_eq!(rules.check("Abcdef1!"), Ok(()));
        let mut same = rules.clone();
        same.not_username = Some("Abcdef1!".into());
        assert_eq!(
            same.check("abcdef1!".to_uppercase().as_str()),
            Err(PasswordRuleError::NoMixedCase)
        );
        assert_eq!(
            same.check("Abcdef1!"),
            Err(PasswordRuleError::SameAsUsername)
        );
        assert_eq!(rules.to_wire()["regles"]["V"], "[0,1,2,3,4]");
    }

    #[test]
    fn malformed_rules_constrain_nothing() {
        let rules = PasswordRules::from_wire(&json!({"min": "x", "regles": 3}), None);
        assert_eq!(rules, PasswordRules::default());
        assert_eq!(rules.check("a"), Ok(()));
    }

    #[test]
    fn errors_hold_no_password() {
        let rules = PasswordRules::from_wire(&json!({"min": 20}), None);
        let err = rules.check("hunter2hunter2").unwrap_err();
        assert!(!format!("{err:?} {err}").contains("hunter2"));
    }
}
