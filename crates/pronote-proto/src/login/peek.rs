//! The few fields the login reads from the two replies it hands over
//! whole (`FonctionParametres`, `ParametresUtilisateur`), read straight
//! from their text: the rest is skipped here and left to the caller, who
//! reads it into its own types ([`RawReply::data`](crate::RawReply::data)).

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::value::lenient;

/// `FonctionParametres`: the navigator id to send next time, and the
/// server's version (`General.versionPN`).
#[derive(Debug, Default, Deserialize)]
pub(super) struct Parameters {
    #[serde(
        rename = "identifiantNav",
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    pub(super) navigator_id: Option<String>,
    #[serde(rename = "General", default, deserialize_with = "version_of_general")]
    pub(super) version: Option<String>,
}

/// `ParametresUtilisateur`: the tabs of the space (`listeOnglets`).
#[derive(Debug, Default, Deserialize)]
pub(super) struct UserParameters {
    #[serde(rename = "listeOnglets", default)]
    tabs: Option<Value>,
}

impl UserParameters {
    /// Every tab number in `listeOnglets`, at any depth.
    pub(super) fn tabs(&self) -> BTreeSet<u32> {
        let mut tabs = BTreeSet::new();
        if let Some(list) = &self.tabs {
            collect_tabs(list, &mut tabs, 0);
        }
        tabs
    }
}

fn collect_tabs(v: &Value, out: &mut BTreeSet<u32>, depth: usize) {
    if depth > 16 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_tabs(i, out, depth + 1)),
        Value::Object(map) => {
            if let Some(items) = map.get("V") {
                collect_tabs(items, out, depth + 1);
            }
            if let Some(g) = map
                .get("G")
                .and_then(Value::as_u64)
                .and_then(|g| u32::try_from(g).ok())
            {
                out.insert(g);
            }
            if let Some(children) = map.get("Onglet") {
                collect_tabs(children, out, depth + 1);
            }
        }
        Value::Number(n) => {
            if let Some(g) = n.as_u64().and_then(|g| u32::try_from(g).ok()) {
                out.insert(g);
            }
        }
        _ => {}
    }
}

/// `versionPN` of a `General` object; anything that is not an object, or
/// a version that is not text, reads as `None`.
fn version_of_general<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(GeneralVisitor)
}

struct GeneralVisitor;

impl<'de> Visitor<'de> for GeneralVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the General object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut version = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "versionPN" {
                version = match map.next_value::<Value>()? {
                    Value::String(text) => Some(text),
                    _ => None,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(version)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn parameters_read_from_text() {
        let text = r#"{"identifiantNav":"nav-1","General":{"Periodes":[1,{"a":2}],"versionPN":"2025.2.6","x":{"y":[]}}}"#;
        let peek: Parameters = serde_json::from_str(text).unwrap();
        assert_eq!(peek.navigator_id.as_deref(), Some("nav-1"));
        assert_eq!(peek.version.as_deref(), Some("2025.2.6"));
        for odd in [
            r#"{"General":[1,2],"identifiantNav":3}"#,
            r#"{"General":"x","identifiantNav":""}"#,
            r#"{"General":{"versionPN":{"V":1}}}"#,
            r#"{"General":null}"#,
            "{}",
        ] {
            let peek: Parameters = serde_json::from_str(odd).unwrap();
            assert_eq!((peek.navigator_id, peek.version), (None, None), "{odd}");
        }
    }

    #[test]
    fn tabs_at_any_depth_like_pronotepy() {
        let text = r#"{"listeOnglets":[{"G":7,"Onglet":[{"G":16},{"G":88,"Onglet":[{"G":89}]}]},{"_T":24,"V":[{"G":198}]},[{"G":90}],5,-1]}"#;
        let peek: UserParameters = serde_json::from_str(text).unwrap();
        assert_eq!(
            peek.tabs().into_iter().collect::<Vec<_>>(),
            [5, 7, 16, 88, 89, 90, 198]
        );
        let none: UserParameters = serde_json::from_str(r#"{"listeOnglets":"x"}"#).unwrap();
        assert!(none.tabs().is_empty());
    }
}
