//! `ListeRessources` (tab 105, vie-scolaire and teacher spaces): the
//! students of a class.
//!
//! Request: `classe {N, G: 1}`, `periode {N, G}`. Reply: `listeRessources
//! [{N, L, entree, neLe, nom, prenoms, sexe, option1…}]`.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::{Reader, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::vie_scolaire::{Class, ClassStudent};

const NAME: &str = "ListeRessources";
const READ: Reader = Reader(NAME);

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
            .map(|p| json!({"N": p.id, "G": p.kind}))
            .unwrap_or(Value::Null);
        Ok(Some(json!({
            "classe": {"N": self.class.id, "G": 1},
            "periode": period,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<ClassStudent>> {
        READ.req_list(&reply.data, "listeRessources")?
            .iter()
            .map(|item| {
                let options = (1..)
                    .map_while(|n| item.get(format!("option{n}")))
                    .filter_map(Value::as_str)
                    .filter(|o| !o.is_empty())
                    .map(str::to_owned)
                    .collect();
                Ok(ClassStudent {
                    id: READ.id(item, "a student")?,
                    name: READ.string(item, "L", "a student")?,
                    last_name: opt_string(item, "nom").unwrap_or_default(),
                    first_names: opt_string(item, "prenoms").unwrap_or_default(),
                    sex: opt_string(item, "sexe").unwrap_or_default(),
                    entry_date: READ.opt_date(item, "entree")?,
                    birth_date: READ.opt_date(item, "neLe")?,
                    options,
                })
            })
            .collect()
    }
}

/// The classes of a `ParametresUtilisateur` reply (`listeClasses`).
#[cfg(feature = "client")]
pub(crate) fn classes_of(user: &Value) -> Vec<Class> {
    crate::models::instance::list(user.get("listeClasses"))
        .iter()
        .filter_map(|c| {
            Some(Class {
                id: super::opt_id(c)?,
                name: opt_string(c, "L")?,
                level: super::field(c, "niveau").and_then(|n| opt_string(n, "L")),
                responsible: super::flag(c, "estResponsable"),
            })
        })
        .collect()
}
