//! `PageMenus` (tab 10): the canteen's menus of the week containing a day.
//!
//! Request: `date {_T: 7, V}`. Reply: `ListeJours [{Date, ListeRepas [{N,
//! L, G, ListePlats [{G, ListeAliments [{N, L, listeLabelsAlimentaires,
//! listeAllergenesAlimentaire}]}]}]}]`.

use serde_json::{Value, json};
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::Reply;
use pronote_proto::value::format_server;

use super::{Reader, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::instance::list;
use crate::models::menu::{DayMenu, Dish, DishKind, Food, FoodTag, Meal, MealKind};

const NAME: &str = "PageMenus";
const READ: Reader = Reader(NAME);

/// Reads the menus of the week containing `day`.
///
/// ```
/// use pronote_api::functions::GetMenus;
/// let request = GetMenus::week_of(time::macros::date!(2025-09-08));
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetMenus {
    day: Date,
}

impl GetMenus {
    /// The week containing `day`.
    pub fn week_of(day: Date) -> Self {
        GetMenus { day }
    }
}

impl Function for GetMenus {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(10);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<DayMenu>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "date": {"_T": 7, "V": format_server(PrimitiveDateTime::new(self.day, Time::MIDNIGHT))},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<DayMenu>> {
        READ.req_list(&reply.data, "ListeJours")?
            .iter()
            .map(|day| {
                Ok(DayMenu {
                    date: READ.date(day, "Date")?,
                    meals: list(day.get("ListeRepas"))
                        .iter()
                        .map(meal)
                        .collect::<Result<_>>()?,
                })
            })
            .collect()
    }
}

fn meal(item: &Value) -> Result<Meal> {
    Ok(Meal {
        id: opt_id(item),
        name: opt_string(item, "L"),
        kind: MealKind::from_code(opt_i64(item, "G").ok_or_else(|| READ.error("a meal has no G"))?),
        dishes: list(item.get("ListePlats"))
            .iter()
            .map(|d| {
                Ok(Dish {
                    kind: DishKind::from_code(
                        opt_i64(d, "G").ok_or_else(|| READ.error("a dish has no G"))?,
                    ),
                    foods: list(d.get("ListeAliments"))
                        .iter()
                        .map(food)
                        .collect::<Result<_>>()?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

fn food(item: &Value) -> Result<Food> {
    Ok(Food {
        id: opt_id(item),
        name: READ.string(item, "L", "a food")?,
        labels: tags(item, "listeLabelsAlimentaires"),
        allergens: tags(item, "listeAllergenesAlimentaire"),
    })
}

fn tags(item: &Value, key: &str) -> Vec<FoodTag> {
    list(item.get(key))
        .iter()
        .filter_map(|t| {
            Some(FoodTag {
                name: opt_string(t, "L")?,
                color: opt_string(t, "couleur"),
            })
        })
        .collect()
}
