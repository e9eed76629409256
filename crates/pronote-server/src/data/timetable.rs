//! Lessons: the class's weekly template laid over the school days, with
//! seeded changes (cancellations, room changes, replacements, exemptions,
//! video links, memos), detentions and school outings.

use time::{Date, Weekday};

use super::Draw;
use super::calendar::{Calendar, weekday_index};
use super::people::{Class, EPS, Person};

/// One lesson (or detention, or outing) of a student.
#[derive(Debug, Clone)]
pub(crate) struct Lesson {
    pub(crate) date: Date,
    /// Start place within the day (in the school's grid).
    pub(crate) place: u32,
    /// Length in places.
    pub(crate) duration: u32,
    pub(crate) subject: Option<usize>,
    pub(crate) teacher: Option<usize>,
    pub(crate) staff: Option<usize>,
    pub(crate) room: String,
    pub(crate) group: Option<&'static str>,
    pub(crate) status: Option<&'static str>,
    pub(crate) cancelled: bool,
    /// `G`: 0 normal lesson, 2 replacement.
    pub(crate) kind: u32,
    pub(crate) detention: bool,
    /// The outing's title when this is a school outing.
    pub(crate) outing: Option<&'static str>,
    pub(crate) exempted: bool,
    pub(crate) visio: Option<String>,
    /// The room the lesson had before a room change: such a lesson is
    /// shown as two, the old one cancelled and the new one.
    pub(crate) previous_room: Option<String>,
    pub(crate) memo: Option<&'static str>,
    /// A test is planned (set by the homework generator).
    pub(crate) test: bool,
    /// The lesson content (index into the student's contents).
    pub(crate) content: Option<usize>,
    /// Send `DateDuCoursFin` (not aligned on the grid's end labels).
    pub(crate) exact_end: bool,
}

impl Lesson {
    pub(crate) fn new(date: Date, place: u32, duration: u32) -> Self {
        Lesson {
            date,
            place,
            duration,
            subject: None,
            teacher: None,
            staff: None,
            room: String::new(),
            group: None,
            status: None,
            cancelled: false,
            kind: 0,
            detention: false,
            outing: None,
            exempted: false,
            visio: None,
            previous_room: None,
            memo: None,
            test: false,
            content: None,
            exact_end: false,
        }
    }

    /// Whether this is an ordinary lesson (not detention nor outing).
    pub(crate) fn is_lesson(&self) -> bool {
        !self.detention && self.outing.is_none()
    }
}

const MEMOS: &[&str] = &[
    "Apporter la calculatrice",
    "Pr\u{e9}voir le cahier d'exercices",
    "Cours en salle informatique",
    "Apporter une tenue de sport",
];

const OUTINGS: &[&str] = &[
    "Sortie p\u{e9}dagogique : mus\u{e9}e des Beaux-Arts",
    "Sortie p\u{e9}dagogique : citadelle de Besan\u{e7}on",
    "Sortie p\u{e9}dagogique : th\u{e9}\u{e2}tre, repr\u{e9}sentation du Cid",
];

/// Lays the template over the year.
pub(crate) fn generate(
    calendar: &Calendar,
    class: &Class,
    teachers: &[Person],
    _staff: &[Person],
    draw: &mut Draw,
) -> Vec<Lesson> {
    let rooms = ["S01", "S02", "S14", "S19", "CDI", "S22"];
    let mut lessons = Vec::new();
    let mut wednesdays = Vec::new();
    for date in calendar.school_days() {
        if date.weekday() == Weekday::Wednesday {
            wednesdays.push(date);
        }
        let weekday = weekday_index(date);
        for slot in class.template.iter().filter(|s| s.weekday == weekday) {
            let mut lesson = Lesson::new(date, slot.place, slot.duration);
            lesson.subject = Some(slot.subject);
            lesson.teacher = Some(slot.teacher);
            lesson.room = slot.room.to_owned();
            lesson.group = slot.group;
            let roll = draw.below(1000);
            if roll < 40 {
                lesson.cancelled = true;
                lesson.status = Some(if draw.chance(70) {
                    "Prof. absent"
                } else {
                    "Cours annul\u{e9}"
                });
            } else if roll < 70 {
                lesson.room = (*draw.pick(&rooms)).to_owned();
                lesson.previous_room = Some(slot.room.to_owned());
                lesson.status = Some("Changement de salle");
            } else if roll < 85 {
                let subject = slot.subject;
                if let Some((index, _)) = teachers
                    .iter()
                    .enumerate()
                    .find(|(i, t)| *i != slot.teacher && t.subjects.contains(&subject))
                {
                    lesson.teacher = Some(index);
                    lesson.kind = 2;
                    lesson.status = Some("Rempla\u{e7}ant");
                }
            } else if roll < 95 && slot.subject != EPS {
                lesson.visio = Some(format!(
                    "https://visio.example.com/cours/{}",
                    hex::encode(draw.bytes::<6>())
                ));
            }
            if slot.subject == EPS && !lesson.cancelled && draw.chance(8) {
                lesson.exempted = true;
            }
            if !lesson.cancelled && draw.chance(3) {
                lesson.memo = Some(*draw.pick(MEMOS));
            }
            lessons.push(lesson);
        }
    }
    // Detentions and outings on Wednesday afternoons (no lessons then).
    let grid = &calendar.grid;
    let count = wednesdays.len() as u64;
    if count > 4 {
        for _ in 0..2 {
            let date = wednesdays[usize::try_from(draw.below(count)).unwrap_or(0)];
            if lessons
                .iter()
                .any(|l| l.date == date && l.place >= grid.afternoon)
            {
                continue;
            }
            let mut detention = Lesson::new(date, grid.detention.0, grid.detention.1);
            detention.detention = true;
            detention.staff = Some(0);
            detention.room = "PERMANENCE".to_owned();
            detention.exact_end = true;
            lessons.push(detention);
        }
        for outing_title in OUTINGS.iter().take(2) {
            let date = wednesdays[usize::try_from(draw.below(count)).unwrap_or(0)];
            if lessons
                .iter()
                .any(|l| l.date == date && l.place >= grid.afternoon)
            {
                continue;
            }
            let mut outing = Lesson::new(date, grid.outing.0, grid.outing.1);
            outing.outing = Some(outing_title);
            outing.teacher = Some(class.main_teacher);
            outing.exact_end = true;
            lessons.push(outing);
        }
    }
    lessons.sort_by_key(|l| (l.date, l.place));
    lessons
}
