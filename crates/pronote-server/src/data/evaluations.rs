//! Competence evaluations (`DernieresEvaluations`).

use time::Date;

use super::Draw;
use super::calendar::Period;
use super::people::{Class, Person, Student, Subject};

/// An acquisition level of the socle's four.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Level {
    pub(crate) label: &'static str,
    pub(crate) abbreviation: &'static str,
    /// The level's kind (`G`), as PRONOTE numbers them: 1 expert, 2
    /// acquired, 4 being acquired, 6 not acquired (3, 5 and 7 to 10 are
    /// the other levels and marks: almost acquired, beginning, absent, not
    /// assessed, exempted, not handed in).
    pub(crate) genre: u32,
    /// The points the level is worth in the end-of-cycle assessment
    /// (`ponderation`): 50, 40, 25, 10.
    pub(crate) points: u32,
}

/// The acquisition levels, best first.
pub(crate) const LEVELS: &[Level] = &[
    Level {
        label: "Tr\u{e8}s bonne ma\u{ee}trise",
        abbreviation: "A+",
        genre: 1,
        points: 50,
    },
    Level {
        label: "Ma\u{ee}trise satisfaisante",
        abbreviation: "A",
        genre: 2,
        points: 40,
    },
    Level {
        label: "Ma\u{ee}trise fragile",
        abbreviation: "C",
        genre: 4,
        points: 25,
    },
    Level {
        label: "Ma\u{ee}trise insuffisante",
        abbreviation: "D",
        genre: 6,
        points: 10,
    },
];

/// Socle pillars: (prefix, label).
pub(crate) const PILLARS: &[(&str, &str)] = &[
    (
        "D1.1",
        "Comprendre, s'exprimer en utilisant la langue fran\u{e7}aise \u{e0} l'oral et \u{e0} l'\u{e9}crit",
    ),
    (
        "D1.3",
        "Comprendre, s'exprimer en utilisant les langages math\u{e9}matiques, scientifiques et informatiques",
    ),
    ("D2", "Les m\u{e9}thodes et outils pour apprendre"),
    (
        "D4",
        "Les syst\u{e8}mes naturels et les syst\u{e8}mes techniques",
    ),
    (
        "D5",
        "Les repr\u{e9}sentations du monde et l'activit\u{e9} humaine",
    ),
];

/// Skill items.
pub(crate) const ITEMS: &[&str] = &[
    "Raisonner",
    "Communiquer",
    "Mod\u{e9}liser",
    "Chercher",
    "S'organiser",
    "Lire et comprendre un document",
    "R\u{e9}diger un texte",
];

/// One assessed competence.
#[derive(Debug, Clone)]
pub(crate) struct Competence {
    pub(crate) level: usize,
    pub(crate) pillar: usize,
    pub(crate) item: usize,
    pub(crate) coefficient: u32,
    pub(crate) order: u32,
}

/// One evaluation.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    pub(crate) subject: usize,
    pub(crate) teacher: usize,
    pub(crate) date: Date,
    pub(crate) period: &'static str,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) coefficient: u32,
    pub(crate) competences: Vec<Competence>,
}

/// Draws the evaluations of a student's year.
pub(crate) fn generate(
    student: &mut Student,
    periods: &[Period],
    subjects: &[Subject],
    teachers: &[Person],
    class: &Class,
    draw: &mut Draw,
) {
    let mut out = Vec::new();
    for period in periods.iter().filter(|p| p.grading) {
        for slot_subject in [1usize, 0, 5, 2] {
            let Some(slot) = class.template.iter().find(|s| s.subject == slot_subject) else {
                continue;
            };
            let dates: Vec<Date> = student
                .lessons
                .iter()
                .filter(|l| {
                    l.subject == Some(slot_subject) && period.contains(l.date) && !l.cancelled
                })
                .map(|l| l.date)
                .collect();
            if dates.is_empty() {
                continue;
            }
            for n in 0..draw.range(1, 2) {
                let date = dates[usize::try_from(draw.below(dates.len() as u64)).unwrap_or(0)];
                let count = draw.range(2, 4);
                let competences = (0..count)
                    .map(|i| Competence {
                        level: usize::try_from(draw.below(4)).unwrap_or(0),
                        pillar: usize::try_from(draw.below(PILLARS.len() as u64)).unwrap_or(0),
                        item: usize::try_from(draw.below(ITEMS.len() as u64)).unwrap_or(0),
                        coefficient: 1,
                        order: u32::try_from(i + 1).unwrap_or(1),
                    })
                    .collect();
                let subject_name = subjects.get(slot_subject).map(|s| s.name).unwrap_or("");
                out.push(Evaluation {
                    subject: slot_subject,
                    teacher: slot.teacher.min(teachers.len().saturating_sub(1)),
                    date,
                    period: period.key,
                    name: format!(
                        "\u{c9}valuation {} n\u{b0}{}",
                        subject_name.to_lowercase(),
                        n + 1
                    ),
                    description: "\u{c9}valuation des comp\u{e9}tences du chapitre en cours."
                        .to_owned(),
                    coefficient: 1,
                    competences,
                });
            }
        }
    }
    out.sort_by_key(|e| e.date);
    student.evaluations = out;
}
