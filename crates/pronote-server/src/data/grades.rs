//! Grades (`Devoirs`), with class statistics, coefficients, scales and the
//! special values (`|1` absent, `|2` exempted, `|3` not graded, …).

use time::Date;

use super::Draw;
use super::calendar::Period;
use super::files::Files;
use super::people::{Student, Subject};

/// A grade value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    /// Points on the grade's scale.
    Points(f64),
    /// A special value `|n` (1 absent, 2 exempted, 3 not graded, 4 unfit,
    /// 5 not returned, 6 absent counts zero, 7 not returned counts zero,
    /// 8 congratulations).
    Special(u8),
}

impl Value {
    /// The wire text: `15,5` or `|1`.
    pub(crate) fn wire(self) -> String {
        match self {
            Value::Points(p) => decimal(p),
            Value::Special(n) => format!("|{n}"),
        }
    }
}

/// A decimal with a comma, trailing zeros removed (`15,5`, `12`, `13,25`).
pub(crate) fn decimal(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

/// A decimal with two digits (`14,00`), as averages are written.
pub(crate) fn decimal2(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

/// One grade.
#[derive(Debug, Clone)]
pub(crate) struct Grade {
    pub(crate) subject: usize,
    pub(crate) date: Date,
    /// The trimester's key.
    pub(crate) period: &'static str,
    pub(crate) value: Value,
    pub(crate) out_of: f64,
    pub(crate) coefficient: f64,
    pub(crate) class_average: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) comment: &'static str,
    pub(crate) bonus: bool,
    pub(crate) optional: bool,
    pub(crate) out_of_20: bool,
    /// File index of the subject and of the correction.
    pub(crate) files: Option<(usize, usize)>,
}

impl Grade {
    /// The grade on 20, when it counts.
    pub(crate) fn on_20(&self) -> Option<f64> {
        match self.value {
            Value::Points(p) if self.out_of > 0.0 => Some(p * 20.0 / self.out_of),
            Value::Special(6) | Value::Special(7) => Some(0.0),
            _ => None,
        }
    }
}

const COMMENTS: &[&str] = &[
    "Contr\u{f4}le",
    "Interrogation \u{e9}crite",
    "Devoir maison",
    "\u{c9}valuation orale",
    "Contr\u{f4}le commun",
    "Expos\u{e9}",
    "Exercices en classe",
];

fn round_half(x: f64) -> f64 {
    (x * 2.0).round() / 2.0
}

/// Draws the grades of a student's year (attached to trimesters).
pub(crate) fn generate(
    student: &mut Student,
    periods: &[Period],
    subjects: &[Subject],
    files: &mut Files,
    draw: &mut Draw,
) {
    let mut grades = Vec::new();
    let mut subject_keys: Vec<usize> = student.lessons.iter().filter_map(|l| l.subject).collect();
    subject_keys.sort_unstable();
    subject_keys.dedup();
    let offsets: Vec<f64> = (0..subjects.len()).map(|_| draw.around(0.0, 2.5)).collect();
    for period in periods.iter().filter(|p| p.grading) {
        for &subject in &subject_keys {
            let dates: Vec<Date> = student
                .lessons
                .iter()
                .filter(|l| {
                    l.subject == Some(subject)
                        && !l.cancelled
                        && period.contains(l.date)
                        && l.is_lesson()
                })
                .map(|l| l.date)
                .collect();
            if dates.is_empty() {
                continue;
            }
            let count = draw.range(2, 4);
            for _ in 0..count {
                let date = dates[usize::try_from(draw.below(dates.len() as u64)).unwrap_or(0)];
                let out_of = *draw.pick(&[20.0, 20.0, 20.0, 20.0, 10.0, 10.0, 5.0]);
                let level =
                    (student.level + offsets.get(subject).copied().unwrap_or(0.0)).clamp(4.0, 19.0);
                let on_20 = draw.around(level, 3.0).clamp(0.0, 20.0);
                let points = round_half(on_20 * out_of / 20.0).clamp(0.0, out_of);
                let special = draw.below(100);
                let value = match special {
                    0..=2 => Value::Special(1),
                    3 => Value::Special(2),
                    4 => Value::Special(3),
                    _ => Value::Points(points),
                };
                let class_average =
                    (draw.around(11.5, 1.5).clamp(6.0, 17.0) * out_of / 20.0 * 100.0).round()
                        / 100.0;
                let min = round_half(
                    (class_average - draw.around(5.0, 2.0).abs() * out_of / 20.0).max(0.0),
                )
                .min(match value {
                    Value::Points(p) => p,
                    _ => out_of,
                });
                let max = round_half(
                    (class_average + draw.around(5.0, 2.0).abs() * out_of / 20.0).min(out_of),
                )
                .max(match value {
                    Value::Points(p) => p,
                    _ => 0.0,
                });
                let comment = *draw.pick(COMMENTS);
                let with_files = draw.chance(6);
                let files_pair = if with_files {
                    let name = subjects.get(subject).map(|s| s.key).unwrap_or("x");
                    let text = vec![
                        comment.to_owned(),
                        subjects
                            .get(subject)
                            .map(|s| s.name)
                            .unwrap_or("")
                            .to_owned(),
                    ];
                    let (a, b) = (
                        files.add(format!("Sujet_{name}.pdf"), text.clone()),
                        files.add(format!("Corrige_{name}.pdf"), text),
                    );
                    match (a, b) {
                        (super::files::Attachment::File(a), super::files::Attachment::File(b)) => {
                            Some((a, b))
                        }
                        _ => None,
                    }
                } else {
                    None
                };
                grades.push(Grade {
                    subject,
                    date,
                    period: period.key,
                    value,
                    out_of,
                    coefficient: *draw.pick(&[1.0, 1.0, 1.0, 2.0, 2.0, 0.5]),
                    class_average,
                    min,
                    max,
                    comment,
                    bonus: draw.chance(2),
                    optional: draw.chance(3),
                    out_of_20: out_of != 20.0 && draw.chance(30),
                    files: files_pair,
                });
            }
        }
    }
    grades.sort_by_key(|g| (g.date, g.subject));
    student.grades = grades;
}

/// Averages of one subject over some grades: (student, class, min, max).
pub(crate) fn subject_averages(grades: &[&Grade]) -> Option<(f64, f64, f64, f64)> {
    let mut weighted = 0.0;
    let mut weights = 0.0;
    let mut class = 0.0;
    let mut class_weights = 0.0;
    for g in grades {
        if let Some(v) = g.on_20() {
            if g.bonus {
                weighted += (v - 10.0).max(0.0) * g.coefficient;
                continue;
            }
            weighted += v * g.coefficient;
            weights += g.coefficient;
        }
        if g.out_of > 0.0 {
            class += g.class_average * 20.0 / g.out_of * g.coefficient;
            class_weights += g.coefficient;
        }
    }
    if weights <= 0.0 || class_weights <= 0.0 {
        return None;
    }
    let student = (weighted / weights).clamp(0.0, 20.0);
    let class = class / class_weights;
    let min = (class - 4.0).max(0.0).min(student);
    let max = (class + 4.5).min(20.0).max(student);
    Some((student, class, min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(decimal(15.5), "15,5");
        assert_eq!(decimal(12.0), "12");
        assert_eq!(decimal(13.25), "13,25");
        assert_eq!(decimal2(14.0), "14,00");
        assert_eq!(Value::Special(1).wire(), "|1");
    }
}
