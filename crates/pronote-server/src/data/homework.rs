//! Homework (`TravailAFaire`) and lesson contents (`CahierDeTextes`).

use time::Date;

use super::Draw;
use super::calendar::Calendar;
use super::files::{Attachment, Files, LINKS};
use super::people::{ANG, ARTS, EPS, ESP, FR, HG, MATHS, MUS, PC, SVT, Student, Subject, TECH};

/// A piece of homework.
#[derive(Debug, Clone)]
pub(crate) struct Homework {
    pub(crate) subject: usize,
    /// `DonneLe`.
    pub(crate) given: Date,
    /// `PourLe`.
    pub(crate) due: Date,
    /// The lesson it was given in.
    pub(crate) from_lesson: usize,
    /// HTML description.
    pub(crate) description: String,
    /// Initial "done" flag (the store keeps changes).
    pub(crate) done: bool,
    pub(crate) difficulty: u32,
    pub(crate) minutes: u32,
    pub(crate) attachments: Vec<Attachment>,
    /// 0 none, 1 on paper, 2 file upload.
    pub(crate) return_kind: u32,
}

/// A lesson content.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub(crate) title: String,
    /// HTML description.
    pub(crate) description: String,
    /// (`G`, label) of the category.
    pub(crate) category: (u32, &'static str),
    pub(crate) attachments: Vec<Attachment>,
}

fn tasks(subject: usize) -> &'static [&'static str] {
    match subject {
        FR => &[
            "Lire le chapitre 3 du roman et r\u{e9}pondre aux questions 1 \u{e0} 5.",
            "Apprendre la conjugaison du pass\u{e9} simple.",
            "R\u{e9}diger un paragraphe argument\u{e9} (15 lignes).",
            "R\u{e9}viser pour la dict\u{e9}e.",
        ],
        MATHS => &[
            "Exercices 12, 13 et 15 page 42.",
            "Apprendre les propri\u{e9}t\u{e9}s du th\u{e9}or\u{e8}me de Pythagore.",
            "Terminer la fiche sur les fractions.",
            "R\u{e9}viser le chapitre pour le contr\u{f4}le.",
        ],
        HG => &[
            "Apprendre la le\u{e7}on sur la R\u{e9}volution fran\u{e7}aise.",
            "Compl\u{e9}ter la carte des fleuves de France.",
            "Pr\u{e9}parer l'expos\u{e9} sur l'Union europ\u{e9}enne.",
        ],
        ANG => &[
            "Learn the irregular verbs (list 2).",
            "Write 10 sentences about your holidays.",
            "Exercise 4 page 27 of the workbook.",
        ],
        ESP => &[
            "Aprender el vocabulario de la unidad 2.",
            "Ejercicio 3 p\u{e1}gina 18.",
        ],
        SVT => &[
            "Faire le sch\u{e9}ma de la cellule.",
            "Apprendre le bilan sur la digestion.",
        ],
        PC => &[
            "Exercices 5 et 6 sur les circuits \u{e9}lectriques.",
            "Apprendre les formules de la masse volumique.",
        ],
        TECH => &["Terminer le croquis de l'objet technique."],
        ARTS => &["Apporter des magazines pour le collage."],
        MUS => &["Apprendre le refrain de la chanson."],
        _ => &["Revoir la le\u{e7}on."],
    }
}

fn chapters(subject: usize) -> &'static [&'static str] {
    match subject {
        FR => &[
            "Le roman d'aventure",
            "La po\u{e9}sie engag\u{e9}e",
            "Le th\u{e9}\u{e2}tre classique",
            "L'argumentation",
        ],
        MATHS => &[
            "Les fractions",
            "Le th\u{e9}or\u{e8}me de Pythagore",
            "Les fonctions lin\u{e9}aires",
            "Le calcul litt\u{e9}ral",
            "Statistiques",
        ],
        HG => &[
            "La R\u{e9}volution fran\u{e7}aise",
            "La Premi\u{e8}re Guerre mondiale",
            "Les espaces productifs",
            "L'Union europ\u{e9}enne",
        ],
        ANG => &[
            "Unit 1: Back to school",
            "Unit 2: Famous people",
            "Unit 3: Travelling",
        ],
        ESP => &["Unidad 1: En el colegio", "Unidad 2: La familia"],
        SVT => &["La cellule", "La digestion", "Le syst\u{e8}me nerveux"],
        PC => &[
            "Les circuits \u{e9}lectriques",
            "La masse volumique",
            "Les \u{e9}tats de la mati\u{e8}re",
        ],
        TECH => &["Les objets techniques", "La programmation"],
        EPS => &["Course d'orientation", "Badminton", "Natation"],
        ARTS => &["Le collage", "La perspective"],
        MUS => &["Le chant choral", "Les instruments de l'orchestre"],
        _ => &["G\u{e9}n\u{e9}ralit\u{e9}s"],
    }
}

const CATEGORIES: &[(u32, &str)] = &[
    (1, "Cours"),
    (2, "Correction"),
    (3, "Devoir surveill\u{e9}"),
    (4, "Travaux pratiques"),
    (7, "Exercices"),
];

/// Draws the homework and lesson contents of a student's year.
pub(crate) fn generate(
    student: &mut Student,
    _calendar: &Calendar,
    subjects: &[Subject],
    files: &mut Files,
    draw: &mut Draw,
) {
    let lessons = &mut student.lessons;
    let mut homework = Vec::new();
    let mut contents = Vec::new();
    for index in 0..lessons.len() {
        let lesson = &lessons[index];
        if !lesson.is_lesson() || lesson.cancelled {
            continue;
        }
        let Some(subject) = lesson.subject else {
            continue;
        };
        let subject_name = subjects.get(subject).map(|s| s.name).unwrap_or("");
        // Lesson content for most lessons.
        if draw.chance(75) {
            let chapter = draw.pick(chapters(subject));
            let category = *draw.pick(CATEGORIES);
            let mut attachments = Vec::new();
            if draw.chance(12) {
                let name = format!("Cours_{}.pdf", chapter.replace([' ', '\'', ':'], "_"));
                attachments.push(files.add(
                    name,
                    vec![
                        subject_name.to_owned(),
                        (*chapter).to_owned(),
                        "Support de cours".to_owned(),
                    ],
                ));
            }
            contents.push(Content {
                title: (*chapter).to_owned(),
                description: format!(
                    "<div>{} : {}.</div><div>Pages {} \u{e0} {} du manuel.</div>",
                    category.1,
                    chapter,
                    draw.range(10, 40),
                    draw.range(41, 80)
                ),
                category,
                attachments,
            });
            lessons[index].content = Some(contents.len() - 1);
        }
        if subject == EPS || !draw.chance(35) {
            continue;
        }
        // Due for the next lesson of the same subject, within three weeks.
        let date = lessons[index].date;
        let Some(next) = (index + 1..lessons.len()).find(|&j| {
            lessons[j].subject == Some(subject) && lessons[j].date > date && lessons[j].is_lesson()
        }) else {
            continue;
        };
        if (lessons[next].date - date).whole_days() > 21 {
            continue;
        }
        let task = draw.pick(tasks(subject));
        let is_test = task.contains("contr\u{f4}le") || draw.chance(5);
        if is_test {
            lessons[next].test = true;
        }
        let mut attachments = Vec::new();
        if draw.chance(15) {
            let name = format!(
                "Exercices_{}_{}.pdf",
                subjects.get(subject).map(|s| s.key).unwrap_or("x"),
                homework.len() + 1
            );
            attachments.push(files.add(name, vec![subject_name.to_owned(), (*task).to_owned()]));
        }
        if draw.chance(8) {
            let (name, url) = *draw.pick(LINKS);
            attachments.push(Attachment::Link { name, url });
        }
        homework.push(Homework {
            subject,
            given: date,
            due: lessons[next].date,
            from_lesson: index,
            description: format!("<div>{task}</div>"),
            done: draw.chance(45),
            difficulty: u32::try_from(draw.range(1, 3)).unwrap_or(1),
            minutes: u32::try_from(draw.range(1, 6) * 10).unwrap_or(10),
            attachments,
            return_kind: if subject == FR && draw.chance(20) {
                1
            } else if draw.chance(15) {
                2
            } else {
                0
            },
        });
    }
    student.homework = homework;
    student.contents = contents;
}
