//! The student's record (`PagePresence`): absences, delays, punishments
//! and observations.

use time::{Date, PrimitiveDateTime, Time};

use super::Draw;
use super::calendar::Calendar;
use super::files::{Attachment, Files};
use super::people::{Class, Person, Student};

/// One entry of the record.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// `G` 13.
    Absence {
        start: PrimitiveDateTime,
        end: PrimitiveDateTime,
        justified: bool,
        reason: Option<&'static str>,
        hours: u32,
        days: u32,
    },
    /// `G` 14.
    Delay {
        at: PrimitiveDateTime,
        minutes: u32,
        justified: bool,
        reason: Option<&'static str>,
    },
    /// `G` 41.
    Punishment {
        date: Date,
        /// Place within the day when given during a lesson.
        place: Option<u32>,
        nature: &'static str,
        reasons: Vec<&'static str>,
        giver: usize,
        circumstances: &'static str,
        work: Option<&'static str>,
        minutes: u32,
        schedule: Vec<(Date, u32, u32)>,
        documents: Vec<Attachment>,
    },
    /// `G` 46.
    Observation {
        date: Date,
        label: &'static str,
        kind: u32,
        subject: Option<usize>,
        teacher: usize,
        comment: &'static str,
    },
    /// `G` 72: a precautionary measure (an exclusion from some places
    /// while a disciplinary case is examined).
    PrecautionaryMeasure {
        asked: Date,
        start: PrimitiveDateTime,
        end: PrimitiveDateTime,
        nature: &'static str,
        reasons: Vec<&'static str>,
        decider: usize,
        giver: usize,
        circumstances: &'static str,
        comment: &'static str,
        /// Places the student may not enter (`interditAcces`, a set).
        forbidden: &'static str,
    },
}

impl Event {
    /// The date used for period filtering.
    pub(crate) fn date(&self) -> Date {
        match self {
            Event::Absence { start, .. } => start.date(),
            Event::Delay { at, .. } => at.date(),
            Event::Punishment { date, .. } | Event::Observation { date, .. } => *date,
            Event::PrecautionaryMeasure { asked, .. } => *asked,
        }
    }
}

const ABSENCE_REASONS: &[&str] = &[
    "Maladie",
    "Rendez-vous m\u{e9}dical",
    "Raison familiale",
    "Transport",
];
const DELAY_REASONS: &[&str] = &[
    "Retard de transport",
    "Panne de r\u{e9}veil",
    "Rendez-vous m\u{e9}dical",
];

fn at(date: Date, time: Time) -> PrimitiveDateTime {
    PrimitiveDateTime::new(date, time)
}

/// Draws a year's record.
pub(crate) fn generate(
    student: &mut Student,
    calendar: &Calendar,
    _staff: &[Person],
    teachers: &[Person],
    class: &Class,
    files: &mut Files,
    draw: &mut Draw,
) {
    let days = calendar.school_days();
    if days.len() < 10 {
        return;
    }
    let pick_day =
        |draw: &mut Draw| days[usize::try_from(draw.below(days.len() as u64)).unwrap_or(0)];
    let mut events = Vec::new();
    for _ in 0..draw.range(3, 6) {
        let date = pick_day(draw);
        let whole_day = draw.chance(50);
        let (start, end, hours, n_days) = if whole_day {
            let last = calendar.next_school_day(date.next_day().unwrap_or(date));
            let two = draw.chance(30) && last > date;
            let end_date = if two { last } else { date };
            (
                at(date, calendar.grid.start(0)),
                at(end_date, calendar.grid.day_end),
                if two { 14 } else { 7 },
                if two { 2 } else { 1 },
            )
        } else {
            (
                at(date, calendar.grid.start(0)),
                at(date, calendar.grid.morning_break),
                2,
                0,
            )
        };
        let known = draw.chance(80);
        events.push(Event::Absence {
            start,
            end,
            justified: known && draw.chance(75),
            reason: if known {
                Some(*draw.pick(ABSENCE_REASONS))
            } else {
                None
            },
            hours,
            days: n_days,
        });
    }
    for _ in 0..draw.range(3, 7) {
        let date = pick_day(draw);
        let known = draw.chance(70);
        events.push(Event::Delay {
            at: at(date, calendar.grid.start(0)),
            minutes: u32::try_from(draw.range(3, 20)).unwrap_or(5),
            justified: known && draw.chance(60),
            reason: if known {
                Some(*draw.pick(DELAY_REASONS))
            } else {
                None
            },
        });
    }
    let teacher = class.main_teacher.min(teachers.len().saturating_sub(1));
    let date = pick_day(draw);
    let detention_day = calendar.next_school_day(date.saturating_add(time::Duration::days(7)));
    events.push(Event::Punishment {
        date,
        place: Some(4),
        nature: "Retenue",
        reasons: vec!["Travail non fait", "Oubli de mat\u{e9}riel"],
        giver: teacher,
        circumstances: "Travail non rendu \u{e0} trois reprises.",
        work: Some("Faire les exercices 1 \u{e0} 4 de la fiche."),
        minutes: 120,
        schedule: vec![(detention_day, 12, 4)],
        documents: vec![files.add(
            "Fiche_retenue.pdf",
            vec!["Retenue".to_owned(), "Exercices 1 a 4".to_owned()],
        )],
    });
    events.push(Event::Punishment {
        date: pick_day(draw),
        place: None,
        nature: "Devoir suppl\u{e9}mentaire",
        reasons: vec!["Bavardages r\u{e9}p\u{e9}t\u{e9}s"],
        giver: (teacher + 3) % teachers.len().max(1),
        circumstances: "Bavardages pendant le contr\u{f4}le.",
        work: Some("R\u{e9}diger une page sur le respect des r\u{e8}gles en classe."),
        minutes: 0,
        schedule: Vec::new(),
        documents: Vec::new(),
    });
    for (label, kind, comment) in [
        ("Oubli de mat\u{e9}riel", 0u32, "Cahier oubli\u{e9}."),
        ("Travail non fait", 0, "Exercices non faits."),
        (
            "Encouragements",
            2,
            "Tr\u{e8}s bonne participation, continue ainsi !",
        ),
    ] {
        let slot = draw.pick(&class.template);
        events.push(Event::Observation {
            date: pick_day(draw),
            label,
            kind,
            subject: Some(slot.subject),
            teacher: slot.teacher,
            comment,
        });
    }
    // Drawn without the random source, so that the rest of the demo stays
    // as it was: the middle school day of the year.
    let day = days[days.len() / 2];
    let until = calendar.next_school_day(day.saturating_add(time::Duration::days(2)));
    events.push(Event::PrecautionaryMeasure {
        asked: day,
        start: at(day, calendar.grid.start(0)),
        end: at(until, calendar.grid.day_end),
        nature: "Mesure conservatoire",
        reasons: vec!["Violence verbale"],
        decider: 0,
        giver: teacher,
        circumstances: "Altercation dans la cour.",
        comment: "Dans l'attente du conseil de discipline.",
        forbidden: "[1]",
    });
    events.sort_by_key(Event::date);
    student.events = events;
}
