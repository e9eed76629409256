//! `ListeRessources` (tab 105, vie-scolaire and teacher spaces): the
//! students of a class.
//!
//! Request: `classe {N, G: 1}`, `periode {N, G}`. Reply: `listeRessources
//! [{N, L, entree, neLe, nom, prenoms, sexe, option1…}]`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireRef, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::{ClassId, PeriodId};
use crate::models::vie_scolaire::{Class, ClassStudent};

const NAME: &str = "ListeRessources";

/// Reads the students of a class (from `Client::classes`, in the current
/// session).
///
/// ```
/// # use pronote_api::models::vie_scolaire::Class;
/// use pronote_api::functions::ListClassStudents;
/// # fn run(class: &Class) {
/// let request = ListClassStudents::new(class);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListClassStudents {
    class: Class,
}

impl ListClassStudents {
    /// The students of `class`.
    pub fn new(class: &Class) -> Self {
        ListClassStudents {
            class: class.clone(),
        }
    }
}

/// The request: `classe {N, G: 1}`, `periode {N, G}` of the first period
/// (`null` without one).
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "classe")]
    class: WireRef<'a, ClassId>,
    #[serde(rename = "periode")]
    period: Option<WireRef<'a, PeriodId>>,
}

impl Function for ListClassStudents {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(105);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<ClassStudent>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = ctx
            .instance
            .periods
            .first()
            .map(|p| WireRef::new(&p.id).kind(p.kind));
        request(
            NAME,
            &WireRequest {
                class: WireRef::new(&self.class.id).kind(1),
                period,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<ClassStudent>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<ClassStudent>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl ListClassStudents {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<ClassStudent>> {
        wire.students
            .into_inner()
            .into_iter()
            .map(|item| {
                // option1, option2… up to the first one missing.
                let options = (1..)
                    .map_while(|n| item.others.get(format!("option{n}").as_str()))
                    .filter_map(|o| match o {
                        WireOption::Text(text) if !text.is_empty() => Some(text.to_string()),
                        _ => None,
                    })
                    .collect();
                Ok(ClassStudent {
                    id: item
                        .id
                        .ok_or_else(|| Error::reply(NAME, "a student has no id (N)"))?
                        .into(),
                    name: owned(item.name)
                        .ok_or_else(|| Error::reply(NAME, "a student has no L"))?,
                    last_name: owned(item.last_name).unwrap_or_default(),
                    first_names: owned(item.first_names).unwrap_or_default(),
                    sex: owned(item.sex).unwrap_or_default(),
                    entry_date: item.entry_date.map(WireDate::date),
                    birth_date: item.birth_date.map(WireDate::date),
                    options,
                })
            })
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeRessources", borrow)]
    students: Wrapped<Vec<WireStudent<'a>>>,
}

/// One student of the class.
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
        rename = "nom",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    last_name: Option<Cow<'a, str>>,
    #[serde(
        rename = "prenoms",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_names: Option<Cow<'a, str>>,
    #[serde(
        rename = "sexe",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    sex: Option<Cow<'a, str>>,
    #[serde(rename = "entree", default)]
    entry_date: Option<WireDate>,
    #[serde(rename = "neLe", default)]
    birth_date: Option<WireDate>,
    /// The other fields, among which `option1`, `option2`…
    #[serde(flatten, borrow)]
    others: BTreeMap<Cow<'a, str>, WireOption<'a>>,
}

/// An `optionN` value: text, else ignored.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireOption<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Other(IgnoredAny),
}

/// The user's classes (`listeClasses`), from `ParametresUtilisateur`
/// data; classes without an id or a name are skipped.
#[cfg(feature = "client")]
pub(crate) fn classes_of(user: &Value) -> Vec<Class> {
    let Ok(wire) = parse::<WireUserClasses<'_>>(NAME, user) else {
        return Vec::new();
    };
    wire.classes
        .into_iter()
        .filter_map(|c| {
            Some(Class {
                id: c.id?.into(),
                name: owned(c.name)?,
                level: c.level.and_then(|n| owned(n.into_inner().label)),
                responsible: c.responsible,
            })
        })
        .collect()
}

/// The classes of `ParametresUtilisateur`.
#[cfg(feature = "client")]
#[derive(Debug, Deserialize)]
struct WireUserClasses<'a> {
    #[serde(
        rename = "listeClasses",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    classes: Vec<WireClass<'a>>,
}

/// One class.
#[cfg(feature = "client")]
#[derive(Debug, Deserialize)]
struct WireClass<'a> {
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
    #[serde(rename = "niveau", borrow, default)]
    level: Option<Wrapped<super::wire::WireLabel<'a>>>,
    #[serde(
        rename = "estResponsable",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    responsible: bool,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_names_the_class_and_the_first_period() {
        let s = Session::new();
        let request = ListClassStudents::new(&Class {
            id: crate::models::ids::ClassId::new("3#c"),
            name: "3A".into(),
            level: None,
            responsible: true,
        });
        assert_eq!(
            s.data(&request),
            json!({"classe": {"N": "3#c", "G": 1}, "periode": {"N": "1#p", "G": 2}})
        );
        let instance = crate::models::Instance::from_reply(&json!({"General": {
            "PremierLundi": {"_T": 7, "V": "01/09/2025"},
            "DerniereDate": {"_T": 7, "V": "03/07/2026"},
        }}))
        .unwrap();
        let ctx = Context {
            instance: &instance,
            ..s.ctx()
        };
        assert_eq!(
            request.data(&ctx).unwrap().unwrap(),
            json!({"classe": {"N": "3#c", "G": 1}, "periode": null})
        );
    }
}
