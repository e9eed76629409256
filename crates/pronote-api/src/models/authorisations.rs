//! What the logged-in user may do and open (`ParametresUtilisateur`):
//! the tabs of the space (`listeOnglets`), the rights
//! (`autorisations`), the classes a student represents
//! (`ressource.listeClassesDelegue`) and the previous connection
//! (`derniereConnexion`).
//!
//! ```
//! use pronote_api::models::authorisations::{Authorisations, tab};
//!
//! fn menu(rights: &Authorisations) {
//!     if rights.can(tab::GRADES) {
//!         println!("grades");
//!     }
//!     if rights.can_discuss_with_teachers() {
//!         println!("write to a teacher");
//!     }
//! }
//! # menu(&Authorisations::default());
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::PrimitiveDateTime;

use pronote_proto::value::{Domain, Id, date, lenient};

use super::ids::ClassId;

/// The numbers of the tabs (`onglets`, the `G` of `listeOnglets`) this
/// crate's calls use, to pass to [`Authorisations::can`].
pub mod tab {
    /// The home page (`PageAccueil`).
    pub const HOME: u32 = 7;
    /// News and surveys (`PageActualites`).
    pub const NEWS: u32 = 8;
    /// The canteen menus (`PageMenus`).
    pub const MENUS: u32 = 10;
    /// Report cards (`PageBulletins`).
    pub const REPORT_CARDS: u32 = 13;
    /// The timetable (`PageEmploiDuTemps`).
    pub const TIMETABLE: u32 = 16;
    /// The notebook: absences, delays, punishments (`PagePresence`).
    pub const NOTEBOOK: u32 = 19;
    /// The teaching staff (`PageEquipePedagogique`).
    pub const TEACHING_STAFF: u32 = 37;
    /// The account's information (`PageInfosPerso`).
    pub const ACCOUNT: u32 = 49;
    /// Homework (`PageCahierDeTexte`, the work to do).
    pub const HOMEWORK: u32 = 88;
    /// Lesson contents (`PageCahierDeTexte`, the contents).
    pub const LESSON_CONTENTS: u32 = 89;
    /// Class lists of a teacher or of vie scolaire (`ListeRessources`).
    pub const CLASS_LISTS: u32 = 105;
    /// The messaging (`ListeMessagerie`).
    pub const DISCUSSIONS: u32 = 131;
    /// Grades (`DernieresNotes`).
    pub const GRADES: u32 = 198;
    /// Competence evaluations (`DernieresEvaluations`).
    pub const EVALUATIONS: u32 = 201;
}

/// The user's tabs and rights (`listeOnglets` and `autorisations` of
/// `ParametresUtilisateur`). Rights the reply does not state read as
/// refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Authorisations {
    /// Every tab the space offers, sub-tabs included, in the reply's
    /// order (`listeOnglets`, a tree of `{G, Onglet}`).
    pub tabs: Vec<u32>,
    /// The tabs present but hidden from the menus
    /// (`listeOngletsInvisibles`).
    pub hidden_tabs: Vec<u32>,
    /// The messaging is readable (`AvecDiscussion`).
    pub discussions: bool,
    /// Writing in the messaging is forbidden (`discussionInterdit`).
    pub discussions_forbidden: bool,
    /// Discussions with teachers (`AvecDiscussionProfesseurs`).
    pub discussions_with_teachers: bool,
    /// Discussions with staff (`AvecDiscussionPersonnels`).
    pub discussions_with_staff: bool,
    /// Discussions with parents (`AvecDiscussionParents`).
    pub discussions_with_parents: bool,
    /// Discussions with students (`AvecDiscussionEleves`).
    pub discussions_with_students: bool,
    /// The rich message editor (`AvecDiscussionAvancee`).
    pub advanced_discussion_editor: bool,
    /// The largest file a student may hand in for homework, in bytes
    /// (`tailleMaxRenduTafEleve`).
    pub max_homework_upload: Option<u64>,
    /// The largest document the school may join, in bytes
    /// (`tailleMaxDocJointEtablissement`).
    pub max_school_attachment: Option<u64>,
    /// The password may be changed (`compte.avecSaisieMotDePasse`).
    pub can_change_password: bool,
    /// The personal information is shown (`compte.avecInformationsPersonnelles`).
    pub personal_information: bool,
    /// The school weeks whose timetable may be read
    /// (`cours.domaineConsultationEDT`); empty when the reply does not say.
    pub timetable_weeks: Vec<u16>,
}

impl Authorisations {
    /// Whether the space offers the tab `tab` (see [`tab`](mod@tab)).
    pub fn can(&self, tab: u32) -> bool {
        self.tabs.contains(&tab)
    }

    /// Whether the user may write in the messaging at all: it is readable
    /// and writing is not forbidden.
    pub fn can_discuss(&self) -> bool {
        self.discussions && !self.discussions_forbidden
    }

    /// Whether the user may start a discussion with teachers.
    pub fn can_discuss_with_teachers(&self) -> bool {
        self.can_discuss() && self.discussions_with_teachers
    }

    /// Whether the user may start a discussion with staff.
    pub fn can_discuss_with_staff(&self) -> bool {
        self.can_discuss() && self.discussions_with_staff
    }

    /// Whether the user may start a discussion with parents.
    pub fn can_discuss_with_parents(&self) -> bool {
        self.can_discuss() && self.discussions_with_parents
    }

    /// Whether the user may start a discussion with students.
    pub fn can_discuss_with_students(&self) -> bool {
        self.can_discuss() && self.discussions_with_students
    }

    /// Whether the timetable of school week `week` may be read; `true`
    /// when the reply states no weeks.
    pub fn can_read_timetable_week(&self, week: u16) -> bool {
        self.timetable_weeks.is_empty() || self.timetable_weeks.contains(&week)
    }

    /// Reads the parts of the `ParametresUtilisateur` data they come
    /// from (`listeOnglets`, `listeOngletsInvisibles`, `autorisations`);
    /// missing or malformed parts read as refused.
    pub(crate) fn from_parts(
        tab_tree: Option<&Value>,
        hidden_tab_tree: Option<&Value>,
        rights: Option<&Value>,
    ) -> Self {
        let mut tabs = Vec::new();
        if let Some(tree) = tab_tree {
            collect_tabs(tree, &mut tabs);
        }
        let mut hidden_tabs = Vec::new();
        if let Some(tree) = hidden_tab_tree {
            collect_tabs(tree, &mut hidden_tabs);
        }
        let rights = rights.unwrap_or(&Value::Null);
        let wire = WireRights::deserialize(rights).unwrap_or_default();
        let account = rights
            .get("compte")
            .and_then(|c| WireAccountRights::deserialize(c).ok())
            .unwrap_or_default();
        let timetable_weeks = rights
            .get("cours")
            .and_then(|c| c.get("domaineConsultationEDT"))
            .and_then(|d| Domain::deserialize(d).ok())
            .map(|d| d.iter().collect())
            .unwrap_or_default();
        Authorisations {
            tabs,
            hidden_tabs,
            discussions: wire.discussions,
            discussions_forbidden: wire.forbidden,
            discussions_with_teachers: wire.teachers,
            discussions_with_staff: wire.staff,
            discussions_with_parents: wire.parents,
            discussions_with_students: wire.students,
            advanced_discussion_editor: wire.advanced,
            max_homework_upload: wire.max_homework_upload,
            max_school_attachment: wire.max_school_attachment,
            can_change_password: account.password,
            personal_information: account.personal,
            timetable_weeks,
        }
    }
}

/// The tab numbers of a `listeOnglets` tree (`[{G, Onglet: […]}]`, bare
/// or wrapped), depth first, each once.
fn collect_tabs(tree: &Value, out: &mut Vec<u32>) {
    let tree = tree.get("V").unwrap_or(tree);
    match tree {
        Value::Array(items) => items.iter().for_each(|item| collect_tabs(item, out)),
        Value::Object(item) => {
            if let Some(g) = item
                .get("G")
                .and_then(Value::as_u64)
                .and_then(|g| u32::try_from(g).ok())
            {
                if !out.contains(&g) {
                    out.push(g);
                }
            }
            if let Some(children) = item.get("Onglet") {
                collect_tabs(children, out);
            }
        }
        // `listeOngletsInvisibles` may list bare numbers.
        Value::Number(n) => {
            if let Some(g) = n.as_u64().and_then(|g| u32::try_from(g).ok()) {
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        }
        _ => {}
    }
}

/// A class the student is a delegate of (`listeClassesDelegue` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelegateClass {
    /// The session-salted id (`N`).
    pub id: ClassId,
    /// The name (`L`: `3A`).
    pub name: String,
}

/// The classes of a `ressource` the student represents
/// (`listeClassesDelegue`, also read as `listeClassesDelegues`); items
/// without an id are skipped.
pub(crate) fn delegate_classes(resource: &Value) -> Vec<DelegateClass> {
    let list = resource
        .get("listeClassesDelegue")
        .or_else(|| resource.get("listeClassesDelegues"));
    let Some(list) = list else {
        return Vec::new();
    };
    let items: Vec<WireClass> = lenient::list::deserialize(list).unwrap_or_default();
    items
        .into_iter()
        .filter_map(|c| {
            Some(DelegateClass {
                id: c.id?.into(),
                name: c.name.unwrap_or_default(),
            })
        })
        .collect()
}

/// The previous connection from `derniereConnexion` (a `_T: 7` date), if
/// the reply names one.
pub(crate) fn last_connection(raw: Option<&Value>) -> Option<PrimitiveDateTime> {
    let raw = raw?;
    let text = raw.get("V").unwrap_or(raw).as_str()?;
    date::parse_date_time(text).ok()
}

#[derive(Debug, Default, Deserialize)]
struct WireRights {
    #[serde(
        rename = "AvecDiscussion",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    discussions: bool,
    #[serde(
        rename = "discussionInterdit",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    forbidden: bool,
    #[serde(
        rename = "AvecDiscussionProfesseurs",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    teachers: bool,
    #[serde(
        rename = "AvecDiscussionPersonnels",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    staff: bool,
    #[serde(
        rename = "AvecDiscussionParents",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    parents: bool,
    #[serde(
        rename = "AvecDiscussionEleves",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    students: bool,
    #[serde(
        rename = "AvecDiscussionAvancee",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    advanced: bool,
    #[serde(
        rename = "tailleMaxRenduTafEleve",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    max_homework_upload: Option<u64>,
    #[serde(
        rename = "tailleMaxDocJointEtablissement",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    max_school_attachment: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct WireAccountRights {
    #[serde(
        rename = "avecSaisieMotDePasse",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    password: bool,
    #[serde(
        rename = "avecInformationsPersonnelles",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    personal: bool,
}

#[derive(Debug, Deserialize)]
struct WireClass {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<String>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    fn rights_of(data: &Value) -> Authorisations {
        Authorisations::from_parts(
            data.get("listeOnglets"),
            data.get("listeOngletsInvisibles"),
            data.get("autorisations"),
        )
    }

    #[test]
    fn reads_tabs_rights_and_connection() {
        let data = json!({
            "listeOnglets": [{"G": 7}, {"G": 16, "Onglet": [{"G": 88}, {"G": 89}]}],
            "listeOngletsInvisibles": [10],
            "autorisations": {
                "AvecDiscussion": true,
                "AvecDiscussionProfesseurs": true,
                "tailleMaxRenduTafEleve": 4096,
                "compte": {"avecSaisieMotDePasse": true},
                "cours": {"domaineConsultationEDT": {"_T": 8, "V": "[1..3]"}},
            },
            "derniereConnexion": {"_T": 7, "V": "04/09/2025 17:30:00"},
        });
        let rights = rights_of(&data);
        assert_eq!(rights.tabs, [7, 16, 88, 89]);
        assert_eq!(rights.hidden_tabs, [10]);
        assert!(rights.can(tab::HOMEWORK) && !rights.can(tab::GRADES));
        assert!(rights.can_discuss_with_teachers() && !rights.can_discuss_with_staff());
        assert_eq!(rights.max_homework_upload, Some(4096));
        assert!(rights.can_change_password && !rights.personal_information);
        assert_eq!(rights.timetable_weeks, [1, 2, 3]);
        assert!(!rights.can_read_timetable_week(4));
        assert_eq!(
            last_connection(data.get("derniereConnexion")),
            Some(datetime!(2025-09-04 17:30:00))
        );
    }

    #[test]
    fn forbidden_or_missing_rights_refuse() {
        let rights = rights_of(&json!({
            "autorisations": {"AvecDiscussion": true, "discussionInterdit": true,
                               "AvecDiscussionProfesseurs": true},
        }));
        assert!(!rights.can_discuss_with_teachers());
        assert_eq!(rights_of(&json!({})), Authorisations::default());
        assert_eq!(last_connection(None), None);
    }

    #[test]
    fn reads_delegate_classes() {
        let resource = json!({"listeClassesDelegue": {"_T": 24, "V": [
            {"N": "1#a", "L": "3A", "G": 1}, {"L": "no id"}
        ]}});
        let classes = delegate_classes(&resource);
        assert_eq!(classes.len(), 1);
        assert_eq!(classes[0].name, "3A");
        assert!(delegate_classes(&json!({})).is_empty());
    }
}
