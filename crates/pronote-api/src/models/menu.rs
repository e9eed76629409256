//! Canteen menus (`PageMenus`, tab 10).

use super::ids::{FoodId, MealId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A day's meals.
///
/// ```
/// # use pronote_api::models::menu::{DayMenu, DishKind};
/// fn mains(day: &DayMenu) -> Vec<&str> {
///     day.meals.iter()
///         .flat_map(|meal| &meal.dishes)
///         .filter(|dish| dish.kind == DishKind::Main)
///         .flat_map(|dish| dish.foods.iter().map(|f| f.name.as_str()))
///         .collect()
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DayMenu {
    /// The day (`Date`).
    pub date: Date,
    /// Its meals (`ListeRepas`).
    pub meals: Vec<Meal>,
}

/// Lunch or dinner (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MealKind {
    /// 0.
    Lunch,
    /// 1.
    Dinner,
    /// A code this crate does not know.
    Unknown(i64),
}

impl MealKind {
    /// From the wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => MealKind::Lunch,
            1 => MealKind::Dinner,
            other => MealKind::Unknown(other),
        }
    }
}

/// A meal (`ListeRepas` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Meal {
    /// The session-salted id (`N`), when sent.
    pub id: Option<MealId>,
    /// Its name (`L`: `Déjeuner`).
    pub name: Option<String>,
    /// Lunch or dinner (`G`).
    pub kind: MealKind,
    /// Its courses (`ListePlats`), in the server's order.
    pub dishes: Vec<Dish>,
}

/// The course a dish is (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DishKind {
    /// 0: starter.
    Starter,
    /// 1: main course.
    Main,
    /// 2: side dish.
    Side,
    /// 3: drink or other.
    Other,
    /// 4: dessert.
    Dessert,
    /// 5: cheese.
    Cheese,
    /// A code this crate does not know.
    Unknown(i64),
}

impl DishKind {
    /// From the wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => DishKind::Starter,
            1 => DishKind::Main,
            2 => DishKind::Side,
            3 => DishKind::Other,
            4 => DishKind::Dessert,
            5 => DishKind::Cheese,
            other => DishKind::Unknown(other),
        }
    }
}

/// A course (`ListePlats` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dish {
    /// Its kind (`G`).
    pub kind: DishKind,
    /// Its foods (`ListeAliments`).
    pub foods: Vec<Food>,
}

/// A food (`ListeAliments` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Food {
    /// The session-salted id (`N`), when sent.
    pub id: Option<FoodId>,
    /// Its name (`L`).
    pub name: String,
    /// Labels (`listeLabelsAlimentaires`: `Bio`…).
    pub labels: Vec<FoodTag>,
    /// Allergens (`listeAllergenesAlimentaire`).
    pub allergens: Vec<FoodTag>,
}

/// A label or an allergen: its name and colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FoodTag {
    /// The name (`L`).
    pub name: String,
    /// The colour (`couleur`, `#RRGGBB`).
    pub color: Option<String>,
}
