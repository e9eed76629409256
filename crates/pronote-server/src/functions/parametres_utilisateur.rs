//! `ParametresUtilisateur`: who the user is (`ressource`; a parent's
//! children in `ressource.listeRessources`), the tabs they may open
//! (`listeOnglets`, a tree) and their authorisations.

use serde_json::{Value, json};

use super::{Ctx, date_v, datetime_v, kind, list};
use crate::data::{Account, AccountKind, Demo};
use crate::rpc::{Reply, RpcResult};

/// The tabs (onglets) an account may use.
pub(crate) fn tabs(account: &Account) -> Vec<u64> {
    match account.kind {
        AccountKind::Student(_) | AccountKind::Parent { .. } => {
            vec![7, 8, 10, 13, 16, 19, 37, 49, 88, 89, 131, 198, 201]
        }
        AccountKind::Staff(_) => vec![7, 8, 16, 19, 49, 105, 131],
        AccountKind::Teacher(_) => vec![7, 8, 16, 49, 105, 131],
    }
}

/// The tabs as the nested `listeOnglets` tree.
fn tab_tree(account: &Account) -> Value {
    match account.kind {
        AccountKind::Student(_) | AccountKind::Parent { .. } => json!([
            {"G": 7},
            {"G": 16, "Onglet": [{"G": 88}, {"G": 89}]},
            {"G": 198, "Onglet": [{"G": 201}, {"G": 13}]},
            {"G": 19},
            {"G": 8},
            {"G": 10},
            {"G": 131},
            {"G": 37},
            {"G": 49},
        ]),
        AccountKind::Staff(_) => {
            json!([{"G": 7}, {"G": 16}, {"G": 105}, {"G": 19}, {"G": 8}, {"G": 131}, {"G": 49}])
        }
        AccountKind::Teacher(_) => {
            json!([{"G": 7}, {"G": 16}, {"G": 105}, {"G": 8}, {"G": 131}, {"G": 49}])
        }
    }
}

/// The student who is their class's delegate (`estDelegue`,
/// `listeClassesDelegue`): the demonstration parent's second child.
const DELEGATE: usize = 1;

/// A period reference `{N, L, G}`.
pub(crate) fn period_ref(ctx: &Ctx<'_>, period: &crate::data::Period) -> Value {
    json!({"N": ctx.id(kind::PERIOD, &format!("p:{}", period.key)), "L": period.name, "G": 2})
}

/// The student resource of `student` (as in `ressource` or a parent's
/// `listeRessources`).
pub(crate) fn student_resource(ctx: &Ctx<'_>, student: usize) -> Value {
    let demo: &Demo = &ctx.shared.demo;
    let Some(s) = demo.students.get(student) else {
        return json!({});
    };
    let class = demo.classes.get(s.class);
    let today = ctx.shared.today();
    let trimesters: Vec<&crate::data::Period> = demo.periods.iter().filter(|p| p.grading).collect();
    let current = trimesters
        .iter()
        .find(|p| p.contains(today))
        .or(trimesters.first())
        .copied();
    let published_default = demo
        .periods
        .iter()
        .rfind(|p| p.published && p.grading && p.start <= today)
        .or(demo.periods.first());
    let all: Vec<Value> = demo.periods.iter().map(|p| period_ref(ctx, p)).collect();
    let tab = |g: u32, default: Option<&crate::data::Period>| {
        let mut v = json!({"G": g, "listePeriodes": list(all.clone())});
        if let Some(p) = default {
            v["periodeParDefaut"] = json!({"_T": 24, "V": period_ref(ctx, p)});
        }
        v
    };
    let delegate = student == DELEGATE;
    let delegate_of: Vec<Value> = class
        .filter(|_| delegate)
        .map(|c| json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", s.class)), "L": c.name, "G": 1}))
        .into_iter()
        .collect();
    let class_ref = class.map(
        |c| json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", s.class)), "L": c.name, "G": 1}),
    );
    let groups: Vec<Value> = class
        .map(|c| {
            let mut names: Vec<&str> = c.template.iter().filter_map(|slot| slot.group).collect();
            names.dedup();
            names.sort_unstable();
            names.dedup();
            names
                .into_iter()
                .map(|g| json!({"N": ctx.id(kind::MISC, &format!("gr:{g}")), "L": g, "G": 2}))
                .collect()
        })
        .unwrap_or_default();
    let mut resource = json!({
        "N": ctx.id(kind::STUDENT, &format!("st:{student}")),
        "L": s.full_name(),
        "G": 4,
        "P": student + 1,
        "Etablissement": {"_T": 24, "V": {"N": ctx.id(kind::MISC, "etab"), "L": demo.school.name}},
        "avecPhoto": true,
        "classeDEleve": class_ref,
        "listeClassesHistoriques": list(class.map(|c| vec![json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", s.class)), "L": c.name, "AvecNote": true, "AvecFiliere": false})]).unwrap_or_default()),
        "listeGroupes": list(groups),
        "listeOngletsPourPiliers": list(vec![]),
        "listeOngletsPourPeriodes": list(vec![
            tab(198, current),
            tab(201, current),
            tab(19, current),
            tab(13, published_default),
        ]),
        "estDelegue": delegate,
        "estMembreCA": false,
        "dateNaissance": date_v(s.birth),
    });
    if delegate {
        resource["listeClassesDelegue"] = list(delegate_of);
    }
    resource
}

fn staff_resource(ctx: &Ctx<'_>, name: String, g: u32, key: &str) -> Value {
    json!({
        "N": ctx.id(g, key),
        "L": name,
        "G": g,
        "Etablissement": {"_T": 24, "V": {"N": ctx.id(kind::MISC, "etab"), "L": ctx.shared.demo.school.name}},
        "avecPhoto": false,
    })
}

/// Every class, each `estResponsable` when `responsible` (a teacher) is
/// its main teacher (always, for vie scolaire: `None`).
pub(crate) fn classes(ctx: &Ctx<'_>, responsible: Option<usize>) -> Value {
    let items: Vec<Value> = ctx
        .shared
        .demo
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "N": ctx.id(kind::CLASS, &format!("cl:{i}")),
                "L": c.name,
                "G": 1,
                "estResponsable": responsible.is_none_or(|t| c.main_teacher == t),
                "niveau": {"_T": 24, "V": {"N": ctx.id(kind::MISC, &format!("niv:{}", c.key)), "L": c.level}},
            })
        })
        .collect();
    list(items)
}

/// The classes of some students (`listeClasses` of a student or parent
/// space: the home page's widgets filter by them).
fn classes_of(ctx: &Ctx<'_>, students: &[usize]) -> Value {
    let demo = &ctx.shared.demo;
    let mut seen = Vec::new();
    for s in students.iter().filter_map(|s| demo.students.get(*s)) {
        if !seen.contains(&s.class) {
            seen.push(s.class);
        }
    }
    let items = seen
        .into_iter()
        .filter_map(|c| {
            let class = demo.classes.get(c)?;
            Some(json!({"N": ctx.id(kind::CLASS, &format!("cl:{c}")), "L": class.name, "G": 1}))
        })
        .collect();
    list(items)
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account()?.clone();
    let demo = &ctx.shared.demo;
    // Students and parents write to teachers and staff; teachers and
    // vie scolaire also to parents and students.
    let staff_side = matches!(
        account.kind,
        AccountKind::Staff(_) | AccountKind::Teacher(_)
    );
    let mut data = json!({
        "listeOnglets": tab_tree(&account),
        "listeOngletsInvisibles": [],
        "listeOngletsNotification": [],
        // What the header and the school card show of the school of
        // `ressource.Etablissement` (looked up by its id).
        "listeInformationsEtablissements": list(vec![json!({
            "N": ctx.id(kind::MISC, "etab"),
            "L": demo.school.name,
        })]),
        "autorisations": {
            "AvecDiscussion": true,
            "AvecDiscussionProfesseurs": true,
            "AvecDiscussionPersonnels": true,
            "AvecDiscussionParents": staff_side,
            "AvecDiscussionEleves": staff_side,
            "AvecDiscussionAvancee": false,
            "discussionInterdit": false,
            "tailleMaxRenduTafEleve": 4_194_304,
            "tailleMaxDocJointEtablissement": 4_194_304,
            "consulterDonneesAdministrativesAutresEleves": false,
            "compte": {"avecSaisieMotDePasse": true, "avecInformationsPersonnelles": true},
            "cours": {"domaineConsultationEDT": {"_T": 8, "V": "[1..62]"}, "avecMateriel": false},
        },
    });
    let previous_login = ctx
        .account_index()
        .ok()
        .and_then(|i| ctx.shared.store().account(i).and_then(|s| s.previous_login));
    if let Some(previous) = previous_login {
        data["derniereConnexion"] = datetime_v(previous);
    }
    match &account.kind {
        AccountKind::Student(s) => {
            data["ressource"] = student_resource(ctx, *s);
            data["listeClasses"] = classes_of(ctx, &[*s]);
        }
        AccountKind::Parent {
            last_name,
            first_name,
            children,
            ..
        } => {
            data["listeClasses"] = classes_of(ctx, children);
            let children: Vec<Value> = children.iter().map(|c| student_resource(ctx, *c)).collect();
            let mut resource = staff_resource(
                ctx,
                format!("{last_name} {first_name}"),
                kind::PARENT,
                &format!("pa:{}", ctx.account_index()?),
            );
            resource["listeRessources"] = Value::Array(children);
            data["ressource"] = resource;
        }
        AccountKind::Staff(s) => {
            let name = demo
                .staff
                .get(*s)
                .map(|p| p.full_name())
                .unwrap_or_default();
            data["ressource"] = staff_resource(ctx, name, kind::STAFF, &format!("sf:{s}"));
            data["listeClasses"] = classes(ctx, None);
        }
        AccountKind::Teacher(t) => {
            let name = demo
                .teachers
                .get(*t)
                .map(|p| p.full_name())
                .unwrap_or_default();
            data["ressource"] = staff_resource(ctx, name, kind::TEACHER, &format!("te:{t}"));
            data["listeClasses"] = classes(ctx, Some(*t));
        }
    }
    Ok(Reply::data(data))
}
