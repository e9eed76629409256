//! The login's cryptography ([protocol notes §5](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)): the key derived from the
//! credentials, the challenge, the session key in `cle`, the
//! double-authentication PIN and the QR code. Both roles: a client
//! answers, a server checks.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::crypto::{AesKey, Cipher, Iv, sha256_upper_hex};
use crate::error::{DecodeError, LoginError};
use crate::version::ChallengeRule;

/// How `Identification` says to normalise the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CaseRules {
    /// `modeCompLog`: lowercase the username.
    pub lowercase_username: bool,
    /// `modeCompMdp`: lowercase the password.
    pub lowercase_password: bool,
}

/// The AES key material of a username/password (or token) login:
/// `username + UPPER(hex(SHA256(alea + password)))`.
///
/// ```
/// use pronote_proto::auth::{login_key, CaseRules};
/// let key = login_key("demonstration", "pronotevs", "AbCdEf123", CaseRules::default());
/// assert_eq!(hex::encode(key.as_bytes()), "a28e482390f028153cd92a094c2fc9a0");
/// ```
pub fn login_key(username: &str, password: &str, alea: &str, rules: CaseRules) -> AesKey {
    let username = username.trim();
    let password = password.trim();
    let username = if rules.lowercase_username {
        username.to_lowercase()
    } else {
        username.to_owned()
    };
    let password = if rules.lowercase_password {
        password.to_lowercase()
    } else {
        password.to_owned()
    };
    let mut salted = String::with_capacity(alea.len() + password.len());
    salted.push_str(alea);
    salted.push_str(&password);
    let mut material = username;
    material.push_str(&sha256_upper_hex(salted.as_bytes()));
    AesKey::from_material(material.as_bytes())
}

/// The key material of an ENT login: `UPPER(hex(SHA256(alea + f)))`, no
/// username and no case rules. ENT servers leave `alea` empty.
///
/// ```
/// use pronote_proto::auth::ent_key;
/// let key = ent_key("F-PARAM-FROM-START", "");
/// assert_eq!(hex::encode(key.as_bytes()), "d0b13a548cf05ad035231f1e6bc30bdc");
/// ```
pub fn ent_key(f: &str, alea: &str) -> AesKey {
    let mut salted = String::with_capacity(alea.len() + f.len());
    salted.push_str(alea);
    salted.push_str(f);
    AesKey::from_material(sha256_upper_hex(salted.as_bytes()).as_bytes())
}

/// Keeps the characters at even indexes: `"0x1x2x"` → `"012"`.
pub fn remove_alea(text: &str) -> String {
    text.chars().step_by(2).collect()
}

/// Answers the login challenge.
///
/// With [`ChallengeRule::Classic`], a challenge that does not decrypt means
/// the key is wrong: [`LoginError::BadCredentials`].
pub fn solve_challenge(
    challenge: &str,
    cipher: &Cipher,
    rule: ChallengeRule,
) -> Result<String, LoginError> {
    match rule {
        ChallengeRule::Classic => {
            let plain = cipher
                .decrypt_hex(challenge, "challenge")
                .map_err(|_| LoginError::BadCredentials)?;
            let text = String::from_utf8(plain).map_err(|_| LoginError::BadCredentials)?;
            Ok(cipher.encrypt_hex(remove_alea(&text).as_bytes()))
        }
        ChallengeRule::AsReceived => Ok(cipher.encrypt_hex(challenge.as_bytes())),
    }
}

/// Answers the challenge with `preferred`, falling back to the other rule
/// when the classic one cannot decrypt (the server moved to the new rule).
/// Returns the answer and the rule used.
pub fn solve_challenge_auto(
    challenge: &str,
    cipher: &Cipher,
    preferred: ChallengeRule,
) -> (String, ChallengeRule) {
    match preferred {
        ChallengeRule::Classic => {
            match solve_challenge(challenge, cipher, ChallengeRule::Classic) {
                Ok(answer) => (answer, ChallengeRule::Classic),
                Err(_) => (
                    cipher.encrypt_hex(challenge.as_bytes()),
                    ChallengeRule::AsReceived,
                ),
            }
        }
        ChallengeRule::AsReceived => (
            cipher.encrypt_hex(challenge.as_bytes()),
            ChallengeRule::AsReceived,
        ),
    }
}

/// Server: makes a challenge for the classic rule from a random secret:
/// the secret interleaved with filler characters, encrypted.
pub fn make_challenge(secret: &str, filler: char, cipher: &Cipher) -> String {
    let mut wrapped = String::with_capacity(secret.len() * 2);
    for c in secret.chars() {
        wrapped.push(c);
        wrapped.push(filler);
    }
    cipher.encrypt_hex(wrapped.as_bytes())
}

/// Server: checks an answer. Accepts either rule unless `only` is given,
/// because clients differ (pronotepy 2.15.7 always encrypts the challenge
/// as received).
pub fn check_challenge(
    challenge: &str,
    answer: &str,
    cipher: &Cipher,
    only: Option<ChallengeRule>,
) -> bool {
    let Ok(answer) = cipher.decrypt_hex(answer, "challenge answer") else {
        return false;
    };
    let classic = || {
        cipher
            .decrypt_hex(challenge, "challenge")
            .ok()
            .and_then(|p| String::from_utf8(p).ok())
            .is_some_and(|p| remove_alea(&p).as_bytes() == answer.as_slice())
    };
    let as_received = || challenge.as_bytes() == answer.as_slice();
    match only {
        Some(ChallengeRule::Classic) => classic(),
        Some(ChallengeRule::AsReceived) => as_received(),
        None => classic() || as_received(),
    }
}

/// Decrypts `cle` into the session key: the plaintext is a comma-separated
/// list of byte values whose MD5 is the new AES key.
pub fn session_key_from_cle(cle: &str, login_cipher: &Cipher) -> Result<AesKey, DecodeError> {
    let plain = login_cipher.decrypt_hex(cle, "cle")?;
    let text = std::str::from_utf8(&plain).map_err(|_| DecodeError::Utf8 { field: "cle" })?;
    let bytes = text
        .split(',')
        .map(|piece| piece.trim().parse::<u8>())
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| DecodeError::Field {
            context: "Authentification",
            field: "cle",
        })?;
    Ok(AesKey::from_material(&bytes))
}

/// Server: renders session key material as `cle`.
pub fn make_cle(material: &[u8], login_cipher: &Cipher) -> String {
    let text = material
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",");
    login_cipher.encrypt_hex(text.as_bytes())
}

/// The double-authentication PIN as sent in `codePin`.
///
/// ```
/// use pronote_proto::auth::encode_pin;
/// use pronote_proto::crypto::{AesKey, Cipher, Iv};
/// let key = AesKey::from_bytes(hex::decode("1c9c22069f57f13d08c068a889f222c6")?.try_into().unwrap());
/// let iv = Iv::from_bytes(hex::decode("1ac1ef01e96caf1be0d329331a4fc2a8")?.try_into().unwrap());
/// assert_eq!(encode_pin("1234", &Cipher::new(key, iv)), "3ef229195fc8022e37a859b078313fe4");
/// # Ok::<(), hex::FromHexError>(())
/// ```
pub fn encode_pin(pin: &str, session: &Cipher) -> String {
    session.encrypt_hex(pin.as_bytes())
}

/// The content of a PRONOTE QR code: `{jeton, login, url}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCode {
    /// The encrypted token (hex).
    pub jeton: String,
    /// The encrypted username (hex).
    pub login: String,
    /// The space URL.
    pub url: String,
}

impl fmt::Debug for QrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrCode")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl QrCode {
    /// Parses the JSON text of a scanned QR code.
    pub fn from_json(text: &str) -> Result<Self, LoginError> {
        serde_json::from_str(text)
            .map_err(|_| LoginError::BadQrCode("expected JSON with jeton, login and url"))
    }

    /// Decrypts `login` and `jeton` with the 4-digit PIN chosen when the
    /// code was made (key `MD5(pin)`, zero IV).
    pub fn decrypt(&self, pin: &str) -> Result<QrSecrets, LoginError> {
        let cipher = Cipher::new(AesKey::from_material(pin.as_bytes()), Iv::ZERO);
        let open = |field: &str, name: &'static str| -> Result<String, LoginError> {
            let plain = cipher.decrypt_hex(field, name).map_err(|e| match e {
                DecodeError::Hex { .. } => LoginError::BadQrCode("a field is not hexadecimal"),
                _ => LoginError::WrongPin,
            })?;
            String::from_utf8(plain).map_err(|_| LoginError::WrongPin)
        };
        Ok(QrSecrets {
            username: open(&self.login, "login")?,
            token: open(&self.jeton, "jeton")?,
        })
    }

    /// Server: makes a QR code for a username and a one-time token.
    pub fn make(username: &str, token: &str, url: &str, pin: &str) -> Self {
        let cipher = Cipher::new(AesKey::from_material(pin.as_bytes()), Iv::ZERO);
        QrCode {
            jeton: cipher.encrypt_hex(token.as_bytes()),
            login: cipher.encrypt_hex(username.as_bytes()),
            url: url.to_owned(),
        }
    }
}

/// What a QR code holds once decrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct QrSecrets {
    /// The username.
    pub username: String,
    /// The one-time token (used as the password of a QR login).
    pub token: String,
}

impl fmt::Debug for QrSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrSecrets")
            .field("username", &self.username)
            .field("token", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_alea_keeps_even_indexes() {
        assert_eq!(remove_alea("abcdefg"), "aceg");
        assert_eq!(remove_alea("hello_world"), "hlowrd");
        assert_eq!(remove_alea(""), "");
    }

    #[test]
    fn server_challenge_checks_both_rules() {
        let cipher = Cipher::new(AesKey::from_material(b"k"), Iv::from_iv_temp(&[1; 16]));
        let challenge = make_challenge("0123456789", 'x', &cipher);
        for rule in [ChallengeRule::Classic, ChallengeRule::AsReceived] {
            let answer = solve_challenge(&challenge, &cipher, rule).unwrap_or_default();
            assert!(
                check_challenge(&challenge, &answer, &cipher, None),
                "{rule:?}"
            );
            assert!(
                check_challenge(&challenge, &answer, &cipher, Some(rule)),
                "{rule:?}"
            );
        }
        let wrong = Cipher::new(AesKey::from_material(b"other"), cipher.iv);
        assert_eq!(
            solve_challenge(&challenge, &wrong, ChallengeRule::Classic),
            Err(LoginError::BadCredentials)
        );
        let (answer, _) = solve_challenge_auto(&challenge, &wrong, ChallengeRule::Classic);
        assert!(!check_challenge(&challenge, &answer, &cipher, None));
    }

    #[test]
    fn cle_round_trip() {
        let cipher = Cipher::new(AesKey::from_material(b"k"), Iv::ZERO);
        let cle = make_cle(&[1, 2, 250], &cipher);
        assert_eq!(
            session_key_from_cle(&cle, &cipher),
            Ok(AesKey::from_material(&[1, 2, 250]))
        );
        assert!(session_key_from_cle("00", &cipher).is_err());
    }

    #[test]
    fn qr_round_trip_and_wrong_pin() {
        let qr = QrCode::make(
            "demonstration",
            "TOKEN-1",
            "https://x/pronote/mobile.eleve.html",
            "4321",
        );
        let s = qr.decrypt("4321").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (s.username.as_str(), s.token.as_str()),
            ("demonstration", "TOKEN-1")
        );
        assert!(!format!("{s:?}").contains("TOKEN-1"));
        assert!(matches!(qr.decrypt("0000"), Err(LoginError::WrongPin)));
    }
}
