//! `PageMenus` (tab 10): the canteen's lunches of the week containing
//! `date`.

use serde_json::{Value, json};
use time::Duration;

use super::{Ctx, date_v, kind, list, parse_date_value};
use crate::data::calendar::weekday_index;
use crate::data::menus::{ALLERGENS, LABELS};
use crate::rpc::{Reply, RpcResult};

fn labelled(ctx: &Ctx<'_>, prefix: &str, table: &[(&str, &str)], indexes: &[usize]) -> Value {
    list(
        indexes
            .iter()
            .filter_map(|i| table.get(*i).map(|(l, c)| (i, l, c)))
            .map(|(i, label, color)| json!({"N": ctx.id(kind::MISC, &format!("{prefix}:{i}")), "L": label, "couleur": color}))
            .collect(),
    )
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let demo = &ctx.shared.demo;
    let date = parse_date_value(ctx.field("date"))
        .map(|d| d.date())
        .unwrap_or_else(|| ctx.shared.today());
    let monday = date.saturating_sub(Duration::days(i64::from(weekday_index(date))));
    let sunday = monday.saturating_add(Duration::days(6));
    let days: Vec<Value> = demo
        .menus
        .iter()
        .filter(|m| m.date >= monday && m.date <= sunday)
        .map(|m| {
            let dishes: Vec<Value> = m
                .courses
                .iter()
                .map(|(genre, foods)| {
                    json!({
                        "G": genre,
                        "ListeAliments": list(foods.iter().enumerate().map(|(k, f)| json!({
                            "N": ctx.id(kind::MISC, &format!("al:{}:{genre}:{k}", m.date)),
                            "L": f.name,
                            "listeLabelsAlimentaires": labelled(ctx, "lb", LABELS, &f.labels),
                            "listeAllergenesAlimentaire": labelled(ctx, "ag", ALLERGENS, &f.allergens),
                        })).collect()),
                    })
                })
                .collect();
            json!({
                "Date": date_v(m.date),
                "ListeRepas": list(vec![json!({
                    "N": ctx.id(kind::MISC, &format!("re:{}", m.date)),
                    "L": "D\u{e9}jeuner",
                    "G": 0,
                    "ListePlats": list(dishes),
                })]),
            })
        })
        .collect();
    let all_labels: Vec<usize> = (0..LABELS.len()).collect();
    let all_allergens: Vec<usize> = (0..ALLERGENS.len()).collect();
    Ok(Reply::data(json!({
        "AvecRepasMidi": true,
        "AvecRepasSoir": false,
        "DomaineDePresence": {"_T": 8, "V": demo.school.canteen_domain(1)},
        "ListeJours": list(days),
        "ListeAllergenes": labelled(ctx, "ag", ALLERGENS, &all_allergens),
        "Listelabels": labelled(ctx, "lb", LABELS, &all_labels),
    })))
}
