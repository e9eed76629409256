//! URLs derived from a session rather than called through it: attachment
//! downloads, the iCal feed and the instance description
//! ([protocol notes §8](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md), "Derived URLs").

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::json;

use crate::crypto::Cipher;
use crate::error::DecodeError;

/// The characters left as they are in a file name: alphanumerics and
/// `-_.~()*!'` (what the public clients keep).
const FILE_NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'!')
    .remove(b'\'');

/// The id of the instance-description call used by the mobile app.
pub const INFO_MOBILE_APP_ID: &str = "0D264427-EEFC-4810-A9E9-346942A862A4";

/// The download URL of a file attachment:
/// `{root}/FichiersExternes/{hex(AES({"N":id,"Actif":true}))}/{name}?Session={h}`.
///
/// ```
/// use pronote_proto::crypto::Cipher;
/// use pronote_proto::urls::{attachment_url, decode_attachment_key};
/// let cipher = Cipher::initial();
/// let url = attachment_url("https://x.fr/pronote", 1234567, &cipher, "45#Xy_Z", "Devoir maths (v2).pdf");
/// assert!(url.ends_with("/Devoir%20maths%20(v2).pdf?Session=1234567"));
/// // A server reads the id back.
/// let key = url.split('/').nth(5).unwrap_or_default();
/// assert_eq!(decode_attachment_key(key, &cipher)?, "45#Xy_Z");
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn attachment_url(
    root: &str,
    session_id: u64,
    cipher: &Cipher,
    id: &str,
    name: &str,
) -> String {
    let plain = json!({"N": id, "Actif": true}).to_string();
    let key = cipher.encrypt_hex(plain.as_bytes());
    let name = utf8_percent_encode(name, FILE_NAME);
    format!(
        "{}/FichiersExternes/{key}/{name}?Session={session_id}",
        root.trim_end_matches('/')
    )
}

/// Server side of [`attachment_url`]: the attachment id from the key
/// segment. Accepts a second PKCS#7 layer, which pronotepy adds.
pub fn decode_attachment_key(key: &str, cipher: &Cipher) -> Result<String, DecodeError> {
    let mut plain = cipher.decrypt_hex(key, "attachment key")?;
    if let Some(&pad) = plain.last() {
        let pad = usize::from(pad);
        if (1..=16).contains(&pad)
            && pad <= plain.len()
            && plain[plain.len() - pad..]
                .iter()
                .all(|b| usize::from(*b) == pad)
            && plain.first() == Some(&b'{')
            && plain.get(plain.len() - pad - 1) == Some(&b'}')
        {
            plain.truncate(plain.len() - pad);
        }
    }
    let value: serde_json::Value =
        serde_json::from_slice(&plain).map_err(|e| DecodeError::json("attachment key", &e))?;
    value
        .get("N")
        .and_then(|n| n.as_str())
        .map(str::to_owned)
        .ok_or(DecodeError::Field {
            context: "attachment key",
            field: "N",
        })
}

/// A file name percent-encoded as the clients write it in URLs and upload
/// headers.
pub fn encode_file_name(name: &str) -> String {
    utf8_percent_encode(name, FILE_NAME).to_string()
}

/// The iCal feed of the timetable, from `PageInfosPerso`'s parameters.
pub fn ical_url(root: &str, ical_token: &str, version: &str, extra_param: &str) -> String {
    let enc = |s: &str| utf8_percent_encode(s, FILE_NAME).to_string();
    format!(
        "{}/ical/mesinformations.ics?icalsecurise={}&version={}&param={}",
        root.trim_end_matches('/'),
        enc(ical_token),
        enc(version),
        enc(extra_param)
    )
}

/// The instance description (`infoMobileApp.json`): version, spaces, CAS.
pub fn info_mobile_app_url(root: &str) -> String {
    format!(
        "{}/infoMobileApp.json?id={INFO_MOBILE_APP_ID}",
        root.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_like_the_clients() {
        let url = attachment_url(
            "https://x/pronote/",
            1,
            &Cipher::initial(),
            "1",
            "é à+&/x.pdf",
        );
        assert!(
            url.ends_with("/%C3%A9%20%C3%A0%2B%26%2Fx.pdf?Session=1"),
            "{url}"
        );
        assert!(url.starts_with("https://x/pronote/FichiersExternes/"));
    }

    #[test]
    fn garbage_keys_are_errors() {
        let c = Cipher::initial();
        assert!(decode_attachment_key("zz", &c).is_err());
        assert!(decode_attachment_key(&c.encrypt_hex(b"[1]"), &c).is_err());
    }
}
