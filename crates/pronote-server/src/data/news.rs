//! Information and surveys (`PageActualites`).

use time::{Date, Duration};

use super::Draw;
use super::calendar::{Calendar, day};
use super::files::{Attachment, Files};
use super::people::Person;

/// News categories: (label, default).
pub(crate) const CATEGORIES: &[(&str, bool)] = &[
    ("Vie de l'\u{e9}tablissement", true),
    ("Sorties et voyages", false),
    ("Orientation", false),
];

/// A question (an information has exactly one, of kind 0).
#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub(crate) title: &'static str,
    /// HTML.
    pub(crate) text: String,
    /// `genreReponse`: 0 information, 1 text, 2 one choice, 3 several.
    pub(crate) kind: u32,
    pub(crate) choices: Vec<&'static str>,
    pub(crate) attachments: Vec<Attachment>,
}

/// An information or a survey.
#[derive(Debug, Clone)]
pub(crate) struct News {
    pub(crate) title: &'static str,
    pub(crate) category: usize,
    pub(crate) created: Date,
    pub(crate) start: Date,
    pub(crate) end: Date,
    pub(crate) author: String,
    pub(crate) survey: bool,
    pub(crate) anonymous: bool,
    /// Needs an acknowledgement.
    pub(crate) acknowledge: bool,
    pub(crate) questions: Vec<Question>,
}

/// The year's news.
pub(crate) fn generate(
    _calendar: &Calendar,
    staff: &[Person],
    files: &mut Files,
    draw: &mut Draw,
) -> Vec<News> {
    let principal = staff.get(1).map(Person::full_name).unwrap_or_default();
    let cpe = staff.first().map(Person::full_name).unwrap_or_default();
    let info = |title: &'static str,
                category: usize,
                start: Date,
                author: &str,
                text: &str,
                acknowledge: bool,
                attachments: Vec<Attachment>| News {
        title,
        category,
        created: start.saturating_sub(Duration::days(2)),
        start,
        end: start.saturating_add(Duration::days(60)),
        author: author.to_owned(),
        survey: false,
        anonymous: false,
        acknowledge,
        questions: vec![Question {
            title,
            text: format!("<div>{text}</div>"),
            kind: 0,
            choices: Vec::new(),
            attachments,
        }],
    };
    let offset = draw.range(0, 3);
    vec![
        info(
            "Rentr\u{e9}e scolaire 2025",
            0,
            day(2025, 9, 1),
            &principal,
            "Bienvenue \u{e0} tous pour cette nouvelle ann\u{e9}e scolaire. Les emplois du temps d\u{e9}finitifs sont en ligne.",
            false,
            Vec::new(),
        ),
        info(
            "R\u{e9}union parents-professeurs",
            0,
            day(2025, 9, 15).saturating_add(Duration::days(offset)),
            &principal,
            "La r\u{e9}union parents-professeurs aura lieu le jeudi 2 octobre \u{e0} 18h00 en salle polyvalente.",
            true,
            vec![files.add(
                "Convocation_reunion.pdf",
                vec![
                    "Reunion parents-professeurs".to_owned(),
                    "Jeudi 2 octobre, 18h00".to_owned(),
                ],
            )],
        ),
        info(
            "Sortie au mus\u{e9}e des Beaux-Arts",
            1,
            day(2025, 11, 10),
            &cpe,
            "Une sortie est organis\u{e9}e pour les classes de 3e. Merci de rendre l'autorisation sign\u{e9}e.",
            false,
            Vec::new(),
        ),
        info(
            "Forum des m\u{e9}tiers",
            2,
            day(2026, 1, 12),
            &principal,
            "Le forum des m\u{e9}tiers se tiendra au gymnase le samedi 31 janvier.",
            false,
            Vec::new(),
        ),
        News {
            title: "Sondage : menus de la cantine",
            category: 0,
            created: day(2025, 10, 1),
            start: day(2025, 10, 3),
            end: day(2026, 6, 30),
            author: cpe.clone(),
            survey: true,
            anonymous: true,
            acknowledge: false,
            questions: vec![
                Question {
                    title: "Satisfaction",
                    text:
                        "<div>\u{ca}tes-vous satisfait des repas servis \u{e0} la cantine ?</div>"
                            .to_owned(),
                    kind: 2,
                    choices: vec![
                        "Tr\u{e8}s satisfait",
                        "Satisfait",
                        "Peu satisfait",
                        "Pas du tout satisfait",
                    ],
                    attachments: Vec::new(),
                },
                Question {
                    title: "Suggestions",
                    text: "<div>Quels plats aimeriez-vous voir plus souvent ?</div>".to_owned(),
                    kind: 1,
                    choices: Vec::new(),
                    attachments: Vec::new(),
                },
            ],
        },
    ]
}
