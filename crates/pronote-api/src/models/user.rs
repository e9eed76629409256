//! The logged-in user and, for parents, their children
//! (`ParametresUtilisateur`).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use pronote_proto::value::Id;

use super::instance::{id_of, list, str_of};
use crate::error::Result;

/// A student the session can act for: the user itself, or a parent's child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Student {
    /// Session-salted id.
    pub id: Id,
    /// Display name (`DUPONT Marie`), stable across sessions.
    pub name: String,
    /// Resource kind (`G`, 4 for a student).
    pub kind: i64,
    /// The class (`3A`).
    pub class_name: Option<String>,
    /// The school.
    pub establishment: Option<String>,
    /// Whether the account has a profile picture.
    pub has_photo: bool,
    /// The raw resource object, sent back as `ressource` in calls.
    #[serde(skip)]
    pub(crate) raw: Value,
    /// The default period per tab (tab, period name).
    pub default_periods: Vec<(u32, Id)>,
}

impl Student {
    fn from_value(v: &Value) -> Result<Self> {
        let establishment = v
            .get("Etablissement")
            .map(|e| e.get("V").unwrap_or(e))
            .map(|e| str_of(e, "L").to_owned())
            .filter(|s| !s.is_empty());
        let class_name = v
            .get("classeDEleve")
            .map(|c| str_of(c, "L").to_owned())
            .filter(|s| !s.is_empty());
        let default_periods = list(v.get("listeOngletsPourPeriodes"))
            .iter()
            .filter_map(|tab| {
                let g = u32::try_from(tab.get("G")?.as_u64()?).ok()?;
                let period = tab.get("periodeParDefaut")?;
                let period = period.get("V").unwrap_or(period);
                Some((g, id_of(period).ok()?))
            })
            .collect();
        Ok(Student {
            id: id_of(v)?,
            name: str_of(v, "L").to_owned(),
            kind: v.get("G").and_then(Value::as_i64).unwrap_or(4),
            class_name,
            establishment,
            has_photo: v.get("avecPhoto").and_then(Value::as_bool).unwrap_or(false),
            raw: v.clone(),
            default_periods,
        })
    }

    /// The `{N, G, L}` reference the server expects in `ressource` and
    /// `Signature.membre`.
    pub fn reference(&self) -> Value {
        json!({"N": self.id, "G": self.kind, "L": self.name})
    }
}

/// The account kind, from the space it logged into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AccountKind {
    /// A student (`eleve.html`).
    Student,
    /// A parent (`parent.html`): acts for a selected child.
    Parent,
    /// A teacher.
    Teacher,
    /// Vie scolaire (school life staff).
    SchoolLife,
    /// Any other space.
    Other(u32),
}

impl AccountKind {
    /// The kind of a web-space id (`a` in the Start page).
    pub fn from_espace(espace: u32) -> Self {
        match espace {
            3 | 6 => AccountKind::Student,
            2 | 7 => AccountKind::Parent,
            1 | 8 => AccountKind::Teacher,
            13 | 14 => AccountKind::SchoolLife,
            other => AccountKind::Other(other),
        }
    }
}

/// The logged-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The account kind.
    pub kind: AccountKind,
    /// The user's own resource.
    pub resource: Student,
    /// A parent's children (empty otherwise).
    pub children: Vec<Student>,
}

impl User {
    /// Reads `ParametresUtilisateur` data.
    pub fn from_reply(data: &Value, espace: u32) -> Result<Self> {
        let resource = data.get("ressource").unwrap_or(&Value::Null);
        let children = list(resource.get("listeRessources"))
            .iter()
            .map(Student::from_value)
            .collect::<Result<Vec<_>>>()?;
        Ok(User {
            kind: AccountKind::from_espace(espace),
            resource: Student::from_value(resource)?,
            children,
        })
    }

    /// The student a call acts for: the selected child for parents, the
    /// user otherwise.
    pub fn student(&self, child: Option<&str>) -> Option<&Student> {
        match (self.kind, child) {
            (AccountKind::Parent, Some(name)) => self.children.iter().find(|c| c.name == name),
            (AccountKind::Parent, None) => self.children.first(),
            _ => Some(&self.resource),
        }
    }
}
