//! The logged-in user and, for parents, their children
//! (`ParametresUtilisateur`).

use super::authorisations::{Authorisations, DelegateClass, delegate_classes, last_connection};
use super::ids::StudentId;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::PrimitiveDateTime;

use pronote_proto::value::Id;

use std::borrow::Cow;

use pronote_proto::value::{Wrapped, lenient};

use crate::error::{Error, Result};
use crate::functions::wire::{WireLabel, WireLink, owned, parse, parse_raw};
use pronote_proto::RawReply;

const FUNCTION: &str = "ParametresUtilisateur";

/// The parts of the reply the user is read from, each as a tree (the
/// resource because the children and the delegate classes are read from
/// it as well); the rest of the reply is skipped.
#[derive(Debug, Deserialize)]
struct WireUser {
    #[serde(rename = "ressource", default)]
    resource: Option<Value>,
    #[serde(rename = "listeOnglets", default)]
    tabs: Option<Value>,
    #[serde(rename = "listeOngletsInvisibles", default)]
    hidden_tabs: Option<Value>,
    #[serde(rename = "autorisations", default)]
    rights: Option<Value>,
    #[serde(rename = "derniereConnexion", default)]
    last_connection: Option<Value>,
}

/// A parent's children (`listeRessources`), each read as its own tree.
#[derive(Debug, Deserialize)]
struct WireChildren {
    #[serde(
        rename = "listeRessources",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    children: Vec<Value>,
}

/// A user or child resource.
#[derive(Debug, Deserialize)]
struct WireStudent<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(rename = "classeDEleve", borrow, default)]
    class: Option<WireLabel<'a>>,
    #[serde(rename = "Etablissement", borrow, default)]
    establishment: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "avecPhoto",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    has_photo: bool,
    #[serde(
        rename = "estDelegue",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    is_delegate: bool,
    #[serde(
        rename = "listeOngletsPourPeriodes",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    period_tabs: Vec<WirePeriodTab>,
}

/// A `listeOngletsPourPeriodes` item: a tab and its default period.
#[derive(Debug, Deserialize)]
struct WirePeriodTab {
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    tab: Option<u32>,
    #[serde(rename = "periodeParDefaut", default)]
    default_period: Option<Wrapped<WireLink>>,
}

/// A student the session can act for: the user itself, or a parent's child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Student {
    /// Session-salted id.
    pub id: StudentId,
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
    /// The default period per tab (tab, period id).
    pub default_periods: Vec<(u32, Id)>,
    /// The student is a class delegate (`estDelegue`).
    #[serde(default)]
    pub is_delegate: bool,
    /// The classes the student is a delegate of (`listeClassesDelegue`).
    #[serde(default)]
    pub delegate_classes: Vec<DelegateClass>,
}

impl Student {
    fn from_value(v: &Value) -> Result<Self> {
        let mut student = Self::from_wire(parse(FUNCTION, v)?)?;
        student.delegate_classes = delegate_classes(v);
        Ok(student)
    }

    fn from_wire(wire: WireStudent<'_>) -> Result<Self> {
        let default_periods = wire
            .period_tabs
            .into_iter()
            .filter_map(|tab| Some((tab.tab?, tab.default_period?.into_inner().id?)))
            .collect();
        Ok(Student {
            id: wire
                .id
                .ok_or_else(|| Error::reply(FUNCTION, "an object has no id (N)"))?
                .into(),
            name: owned(wire.name).unwrap_or_default(),
            kind: wire.kind.unwrap_or(4),
            class_name: wire.class.and_then(|c| owned(c.label)),
            establishment: wire.establishment.and_then(|e| owned(e.into_inner().label)),
            has_photo: wire.has_photo,
            default_periods,
            is_delegate: wire.is_delegate,
            delegate_classes: Vec::new(),
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
#[non_exhaustive]
pub struct User {
    /// The account kind.
    pub kind: AccountKind,
    /// The user's own resource.
    pub resource: Student,
    /// A parent's children (empty otherwise).
    pub children: Vec<Student>,
    /// The tabs and rights of the space (`listeOnglets`, `autorisations`).
    #[serde(default)]
    pub authorisations: Authorisations,
    /// The previous connection of the account (`derniereConnexion`), when
    /// the server tells it.
    #[serde(default, with = "super::json::datetime::option")]
    pub last_connection: Option<PrimitiveDateTime>,
}

impl User {
    /// Reads `ParametresUtilisateur` data.
    pub fn from_reply(data: &Value, espace: u32) -> Result<Self> {
        Self::from_wire(parse(FUNCTION, data)?, espace)
    }

    /// Reads the `ParametresUtilisateur` reply of a login
    /// ([`LoginOutcome::user`](pronote_proto::LoginOutcome::user)) from
    /// its text.
    pub fn from_raw(reply: &RawReply, espace: u32) -> Result<Self> {
        Self::from_wire(parse_raw(FUNCTION, reply)?, espace)
    }

    fn from_wire(wire: WireUser, espace: u32) -> Result<Self> {
        let resource = wire.resource.unwrap_or(Value::Null);
        let children: WireChildren = parse(FUNCTION, &resource)?;
        let children = children
            .children
            .iter()
            .map(Student::from_value)
            .collect::<Result<Vec<_>>>()?;
        Ok(User {
            kind: AccountKind::from_espace(espace),
            resource: Student::from_value(&resource)?,
            children,
            authorisations: Authorisations::from_parts(
                wire.tabs.as_ref(),
                wire.hidden_tabs.as_ref(),
                wire.rights.as_ref(),
            ),
            last_connection: last_connection(wire.last_connection.as_ref()),
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
