//! The canteen's menus (`PageMenus`).

use time::{Date, Weekday};

use super::Draw;
use super::calendar::Calendar;

/// Food labels: (label, colour).
pub(crate) const LABELS: &[(&str, &str)] = &[
    ("Bio", "#4CAF50"),
    ("Fait maison", "#FF9800"),
    ("Produit local", "#2196F3"),
];

/// Allergens: (label, colour).
pub(crate) const ALLERGENS: &[(&str, &str)] = &[
    ("Gluten", "#F44336"),
    ("Lait", "#9C27B0"),
    ("\u{152}uf", "#FFC107"),
    ("Poisson", "#3F51B5"),
    ("Fruits \u{e0} coque", "#795548"),
];

/// A dish.
#[derive(Debug, Clone)]
pub(crate) struct Food {
    pub(crate) name: &'static str,
    pub(crate) labels: Vec<usize>,
    pub(crate) allergens: Vec<usize>,
}

/// A day's lunch: courses by dish kind (0 entry, 1 main, 2 side, 4
/// dessert, 5 cheese).
#[derive(Debug, Clone)]
pub(crate) struct DayMenu {
    pub(crate) date: Date,
    pub(crate) courses: Vec<(u32, Vec<Food>)>,
}

const ENTRIES: &[(&str, &[usize], &[usize])] = &[
    ("Carottes r\u{e2}p\u{e9}es", &[0], &[]),
    ("Salade verte", &[2], &[]),
    ("Taboul\u{e9}", &[1], &[0]),
    ("Betteraves vinaigrette", &[], &[]),
    ("Potage de l\u{e9}gumes", &[1, 2], &[]),
    ("\u{152}uf mayonnaise", &[], &[2]),
];
const MAINS: &[(&str, &[usize], &[usize])] = &[
    ("Poulet r\u{f4}ti", &[2], &[]),
    ("Filet de colin meuni\u{e8}re", &[], &[0, 3]),
    ("Lasagnes \u{e0} la bolognaise", &[1], &[0, 1]),
    ("Saucisse de Morteau", &[2], &[]),
    ("Omelette aux fines herbes", &[], &[2]),
    ("Boulettes de soja", &[0], &[0]),
];
const SIDES: &[(&str, &[usize], &[usize])] = &[
    ("Haricots verts", &[0], &[]),
    ("Riz pilaf", &[], &[]),
    ("Pur\u{e9}e de pommes de terre", &[1], &[1]),
    ("P\u{e2}tes", &[], &[0]),
    ("Ratatouille", &[1, 2], &[]),
];
const CHEESES: &[(&str, &[usize], &[usize])] = &[
    ("Comt\u{e9}", &[2], &[1]),
    ("Yaourt nature", &[0], &[1]),
    ("Camembert", &[], &[1]),
];
const DESSERTS: &[(&str, &[usize], &[usize])] = &[
    ("Pomme", &[0, 2], &[]),
    ("Cr\u{e8}me au chocolat", &[], &[1]),
    ("Tarte aux poires", &[1], &[0, 1, 2]),
    ("Compote", &[0], &[]),
    ("Fromage blanc", &[], &[1]),
];

fn food(draw: &mut Draw, pool: &[(&'static str, &'static [usize], &'static [usize])]) -> Food {
    let (name, labels, allergens) = *draw.pick(pool);
    Food {
        name,
        labels: labels.to_vec(),
        allergens: allergens.to_vec(),
    }
}

/// A lunch for every school day the canteen is open.
pub(crate) fn generate(
    calendar: &Calendar,
    canteen_days: &[Weekday],
    draw: &mut Draw,
) -> Vec<DayMenu> {
    calendar
        .school_days()
        .into_iter()
        .filter(|d| canteen_days.contains(&d.weekday()))
        .map(|date| DayMenu {
            date,
            courses: vec![
                (0, vec![food(draw, ENTRIES)]),
                (1, vec![food(draw, MAINS)]),
                (2, vec![food(draw, SIDES)]),
                (5, vec![food(draw, CHEESES)]),
                (4, vec![food(draw, DESSERTS)]),
            ],
        })
        .collect()
}
