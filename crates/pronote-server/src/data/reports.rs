//! Report cards (`PageBulletins`): appreciations per subject and overall.

use super::Draw;
use super::calendar::Period;
use super::people::{Class, Person, Student, Subject};

/// A subject line of a report card.
#[derive(Debug, Clone)]
pub(crate) struct ReportSubject {
    pub(crate) subject: usize,
    pub(crate) teacher: usize,
    pub(crate) coefficient: u32,
    pub(crate) appreciation: &'static str,
}

/// A published report card.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub(crate) period: &'static str,
    pub(crate) subjects: Vec<ReportSubject>,
    pub(crate) general: &'static str,
    pub(crate) council: &'static str,
}

const APPRECIATIONS: &[&str] = &[
    "Bon trimestre, continuez ainsi.",
    "Des r\u{e9}sultats encourageants, il faut maintenir les efforts.",
    "Travail s\u{e9}rieux et r\u{e9}gulier.",
    "Ensemble correct mais la participation orale doit progresser.",
    "Des difficult\u{e9}s : il faut revoir les bases r\u{e9}guli\u{e8}rement.",
    "Excellent travail, bravo !",
];

const GENERAL: &[&str] = &[
    "Un trimestre satisfaisant dans l'ensemble. Poursuivez vos efforts.",
    "Bon ensemble, le travail est s\u{e9}rieux.",
    "Trimestre en demi-teinte : des progr\u{e8}s sont attendus.",
];

/// Draws the report cards of the published periods.
pub(crate) fn generate(
    student: &mut Student,
    periods: &[Period],
    _subjects: &[Subject],
    _teachers: &[Person],
    class: &Class,
    draw: &mut Draw,
) {
    let mut reports = Vec::new();
    for period in periods.iter().filter(|p| p.published) {
        let mut lines: Vec<ReportSubject> = Vec::new();
        for slot in &class.template {
            if lines.iter().any(|l| l.subject == slot.subject) {
                continue;
            }
            lines.push(ReportSubject {
                subject: slot.subject,
                teacher: slot.teacher,
                coefficient: if slot.subject <= 1 { 2 } else { 1 },
                appreciation: draw.pick_str(APPRECIATIONS),
            });
        }
        lines.sort_by_key(|l| l.subject);
        reports.push(Report {
            period: period.key,
            subjects: lines,
            general: draw.pick_str(GENERAL),
            council: if draw.chance(40) {
                "Encouragements"
            } else {
                ""
            },
        });
    }
    student.reports = reports;
}
