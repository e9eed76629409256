//! The instance description (`infoMobileApp.json`): what an app reads
//! before any login to know the school, its spaces and its SSO.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::Version;

use crate::error::{Error, Result};

const WHAT: &str = "infoMobileApp.json";

/// One web space of the instance (`Espace Élèves`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Space {
    /// Display name.
    pub name: String,
    /// The page, relative to the instance root (`mobile.eleve.html`).
    pub page: String,
    /// The space id (`genreEspace`), when given.
    pub espace: Option<u32>,
}

/// The SSO (CAS/ENT) the instance redirects to, when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cas {
    /// The CAS server URL.
    pub url: String,
    /// The CAS token (`jetonCAS`).
    pub token: String,
}

/// The instance description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceInfo {
    /// The school's name.
    pub school: String,
    /// The PRONOTE version.
    pub version: Option<Version>,
    /// The server's date, as it writes it.
    pub date: Option<String>,
    /// The spaces.
    pub spaces: Vec<Space>,
    /// The SSO, when active.
    pub cas: Option<Cas>,
}

impl InstanceInfo {
    /// Reads the JSON document.
    ///
    /// ```
    /// use pronote_api::models::InstanceInfo;
    /// let doc = serde_json::json!({
    ///     "nomEtab": "Collège Victor Hugo", "version": [2025, 2, 6],
    ///     "espaces": [{"nom": "Espace Élèves", "URL": "mobile.eleve.html", "genreEspace": 3}],
    ///     "CAS": {"actif": false},
    /// });
    /// let info = InstanceInfo::from_json(&doc)?;
    /// assert_eq!(info.school, "Collège Victor Hugo");
    /// assert_eq!(info.version.map(|v| v.to_string()).as_deref(), Some("2025.2.6"));
    /// assert!(info.cas.is_none());
    /// # Ok::<(), pronote_api::Error>(())
    /// ```
    pub fn from_json(doc: &Value) -> Result<Self> {
        let spaces = doc
            .get("espaces")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::reply(WHAT, "no espaces list"))?
            .iter()
            .map(|s| Space {
                name: s
                    .get("nom")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                page: s
                    .get("URL")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                espace: s
                    .get("genreEspace")
                    .and_then(Value::as_u64)
                    .and_then(|g| u32::try_from(g).ok()),
            })
            .collect();
        let version = match doc.get("version") {
            Some(Value::Array(parts)) => {
                let parts: Vec<u32> = parts
                    .iter()
                    .filter_map(|p| p.as_u64().and_then(|n| u32::try_from(n).ok()))
                    .collect();
                (!parts.is_empty()).then(|| Version::new(&parts))
            }
            Some(Value::String(text)) => text.parse().ok(),
            _ => None,
        };
        let cas = doc
            .get("CAS")
            .filter(|c| c.get("actif").and_then(Value::as_bool) == Some(true))
            .map(|c| Cas {
                url: c
                    .get("casURL")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                token: c
                    .get("jetonCAS")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            });
        Ok(InstanceInfo {
            school: doc
                .get("nomEtab")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            version,
            date: doc.get("date").and_then(Value::as_str).map(str::to_owned),
            spaces,
            cas,
        })
    }
}
