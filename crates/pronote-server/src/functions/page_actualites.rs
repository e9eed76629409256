//! `PageActualites` (tab 8): information and surveys (`listeModesAff[0]
//! .listeActualites`), or one item's details (`actualite {N}`), with the
//! account's read flags and answers.

use serde_json::{Value, json};

use super::page_cahier_de_texte::attachment_json;
use super::{Ctx, date_v, datetime_v, elem, html_v, kind, list};
use crate::data::AccountKind;
use crate::data::news::CATEGORIES;
use crate::rpc::{Reply, RpcError, RpcResult};

/// The logged-in user as a reference `{N, G, L}`.
pub(crate) fn user_ref(ctx: &Ctx<'_>) -> Result<Value, RpcError> {
    let index = ctx.account_index()?;
    let account = ctx.account()?;
    let demo = &ctx.shared.demo;
    let name = super::authentification::display_name(demo, account);
    Ok(match &account.kind {
        AccountKind::Student(s) => {
            json!({"N": ctx.id(kind::STUDENT, &format!("st:{s}")), "G": 4, "L": name})
        }
        AccountKind::Parent { .. } => {
            json!({"N": ctx.id(kind::PARENT, &format!("pa:{index}")), "G": 5, "L": name})
        }
        AccountKind::Staff(s) => {
            json!({"N": ctx.id(kind::STAFF, &format!("sf:{s}")), "G": 34, "L": name})
        }
        AccountKind::Teacher(t) => {
            json!({"N": ctx.id(kind::TEACHER, &format!("te:{t}")), "G": 3, "L": name})
        }
    })
}

fn category_ref(ctx: &Ctx<'_>, index: usize) -> Value {
    let (label, default) = CATEGORIES.get(index).copied().unwrap_or(("", false));
    json!({"N": ctx.id(kind::MISC, &format!("nc:{index}")), "L": label, "estDefaut": default})
}

/// One news item with the account's state.
pub(crate) fn news_json(ctx: &Ctx<'_>, index: usize) -> Result<Value, RpcError> {
    let demo = &ctx.shared.demo;
    let news = demo.news.get(index).ok_or(RpcError::Top(22))?;
    let account = ctx.account_index()?;
    let (read, answers) = {
        let mut store = ctx.shared.store();
        let state = store.account(account);
        let read = state.as_ref().is_some_and(|s| s.news_read.contains(&index));
        let answers: Vec<Option<Value>> = (0..news.questions.len())
            .map(|j| {
                state
                    .as_ref()
                    .and_then(|s| s.news_answers.get(&(index, j)).cloned())
            })
            .collect();
        (read, answers)
    };
    let questions: Vec<Value> = news
        .questions
        .iter()
        .enumerate()
        .map(|(j, q)| {
            let answer = answers.get(j).cloned().flatten();
            let mut reponse = json!({
                "N": ctx.id(kind::MISC, &format!("r:{index}:{j}")),
                "Actif": true,
                "avecReponse": answer.is_some() || (q.kind == 0 && read && news.acknowledge),
                "estReponseAttendue": news.survey || news.acknowledge,
            });
            if let Some(a) = answer {
                reponse["valeurReponse"] = a;
                reponse["reponduLe"] = date_v(ctx.shared.today());
            }
            json!({
                "N": ctx.id(kind::MISC, &format!("q:{index}:{j}")),
                "L": q.title,
                "titre": q.title,
                "rang": j + 1,
                "genreReponse": q.kind,
                "tailleReponse": 500,
                "avecMaximum": false,
                "nombreReponsesMax": 0,
                "texte": html_v(q.text.clone()),
                "listePiecesJointes": list(q.attachments.iter().map(|a| attachment_json(ctx, a)).collect()),
                "reponse": elem(reponse),
                "listeChoix": list(q.choices.iter().enumerate().map(|(k, c)| json!({
                    "N": ctx.id(kind::MISC, &format!("ch:{index}:{j}:{k}")),
                    "L": c,
                    "rang": k + 1,
                    "estReponseLibre": false,
                })).collect()),
            })
        })
        .collect();
    let category = category_ref(ctx, news.category);
    Ok(json!({
        "N": ctx.id(kind::NEWS, &format!("n:{index}")),
        "L": news.title,
        "estInformation": !news.survey,
        "estSondage": news.survey,
        "estModele": false,
        "estModelePartage": false,
        "categorie": elem(category.clone()),
        "nature": elem(category),
        "dateCreation": datetime_v(time::PrimitiveDateTime::new(news.created, time::Time::from_hms(8, 0, 0).unwrap_or(time::Time::MIDNIGHT))),
        "dateDebut": date_v(news.start),
        "dateFin": date_v(news.end),
        "auteur": news.author,
        "public": elem(user_ref(ctx)?),
        "lue": read,
        "reponseAnonyme": news.anonymous,
        "listeQuestions": list(questions),
    }))
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    if let Some(item) = ctx.field("actualite") {
        let key = ctx.key_of_ref(Some(item))?;
        let index = key
            .strip_prefix("n:")
            .and_then(|k| k.parse::<usize>().ok())
            .ok_or(RpcError::Top(22))?;
        return Ok(Reply::data(
            json!({"detailsActualite": news_json(ctx, index)?}),
        ));
    }
    let deleted: std::collections::HashSet<usize> = {
        let account = ctx.account_index()?;
        let mut store = ctx.shared.store();
        store
            .account(account)
            .map(|s| s.news_deleted.clone())
            .unwrap_or_default()
    };
    let today = ctx.shared.today();
    let items = (0..ctx.shared.demo.news.len())
        .filter(|i| !deleted.contains(i))
        // Nothing published after the instance's today.
        .filter(|&i| {
            ctx.shared
                .demo
                .news
                .get(i)
                .is_some_and(|n| n.created <= today)
        })
        .map(|i| news_json(ctx, i))
        .collect::<Result<Vec<_>, _>>()?;
    let categories: Vec<Value> = (0..CATEGORIES.len())
        .map(|i| category_ref(ctx, i))
        .collect();
    Ok(Reply::data(json!({
        "listeCategories": list(categories),
        "listeModesAff": [{"G": 0, "listeActualites": list(items)}],
    })))
}
