//! `PageMenus` (tab 10): the canteen's menus of the week containing a day.
//!
//! Request: `date {_T: 7, V}`. Reply: `ListeJours [{Date, ListeRepas [{N,
//! L, G, ListePlats [{G, ListeAliments [{N, L, listeLabelsAlimentaires,
//! listeAllergenesAlimentaire}]}]}]}]`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::value::{Id, WireDate, Wrapped, date, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::menu::{DayMenu, Dish, DishKind, Food, FoodTag, Meal, MealKind};

const NAME: &str = "PageMenus";

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

/// The request: `date`, in the server's style.
#[derive(Debug, Serialize)]
struct WireRequest {
    #[serde(serialize_with = "date::typed_server::serialize")]
    date: PrimitiveDateTime,
}

impl Function for GetMenus {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(10);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<DayMenu>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                date: PrimitiveDateTime::new(self.day, Time::MIDNIGHT),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<DayMenu>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<DayMenu>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetMenus {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<DayMenu>> {
        wire.days
            .into_inner()
            .into_iter()
            .map(|day| {
                Ok(DayMenu {
                    date: day
                        .date
                        .ok_or_else(|| Error::reply(NAME, "no Date"))?
                        .date(),
                    meals: day.meals.into_iter().map(meal).collect::<Result<_>>()?,
                })
            })
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "ListeJours", borrow)]
    days: Wrapped<Vec<WireDay<'a>>>,
}

/// One day.
#[derive(Debug, Deserialize)]
struct WireDay<'a> {
    #[serde(rename = "Date", default)]
    date: Option<WireDate>,
    #[serde(
        rename = "ListeRepas",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    meals: Vec<WireMeal<'a>>,
}

/// One meal.
#[derive(Debug, Deserialize)]
struct WireMeal<'a> {
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
    #[serde(
        rename = "ListePlats",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    dishes: Vec<WireDish<'a>>,
}

/// One dish.
#[derive(Debug, Deserialize)]
struct WireDish<'a> {
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(
        rename = "ListeAliments",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    foods: Vec<WireFood<'a>>,
}

/// One food.
#[derive(Debug, Deserialize)]
struct WireFood<'a> {
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
        rename = "listeLabelsAlimentaires",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    labels: Vec<WireTag<'a>>,
    #[serde(
        rename = "listeAllergenesAlimentaire",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    allergens: Vec<WireTag<'a>>,
}

/// A food label or allergen.
#[derive(Debug, Deserialize)]
struct WireTag<'a> {
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "couleur",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    color: Option<Cow<'a, str>>,
}

fn meal(item: WireMeal<'_>) -> Result<Meal> {
    Ok(Meal {
        id: item.id.map(Into::into),
        name: owned(item.name),
        kind: MealKind::from_code(
            item.kind
                .ok_or_else(|| Error::reply(NAME, "a meal has no G"))?,
        ),
        dishes: item
            .dishes
            .into_iter()
            .map(|d| {
                Ok(Dish {
                    kind: DishKind::from_code(
                        d.kind
                            .ok_or_else(|| Error::reply(NAME, "a dish has no G"))?,
                    ),
                    foods: d.foods.into_iter().map(food).collect::<Result<_>>()?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

fn food(item: WireFood<'_>) -> Result<Food> {
    Ok(Food {
        id: item.id.map(Into::into),
        name: owned(item.name).ok_or_else(|| Error::reply(NAME, "a food has no L"))?,
        labels: tags(item.labels),
        allergens: tags(item.allergens),
    })
}

fn tags(items: Vec<WireTag<'_>>) -> Vec<FoodTag> {
    items
        .into_iter()
        .filter_map(|t| {
            Some(FoodTag {
                name: owned(t.name)?,
                color: owned(t.color),
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_sends_the_day() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetMenus::week_of(time::macros::date!(2025 - 09 - 15))),
            json!({"date": {"_T": 7, "V": "15/09/2025 00:00:00"}})
        );
    }
}
