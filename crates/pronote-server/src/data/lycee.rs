//! The second demo school (`--school lycee`): Lycée Louis Pasteur.
//!
//! What sets it apart from the collège, as real lycées differ:
//!
//! * an uneven hour grid ([`Grid::lycee`]): eight 55-minute places,
//!   08h30-09h25, 09h25-10h20, 10h35-11h30, 11h30-12h25, lunch, 13h30-14h25,
//!   14h25-15h20, 15h35-16h30, 16h30-17h25;
//! * semesters (S1 to 31 January, published; S2) instead of trimesters;
//! * room changes, which `PageEmploiDuTemps` shows (for both schools) as
//!   two lessons in one slot: the old one cancelled ("Cours annulé") and the
//!   new one ("Changement de salle"), with distinct `P`;
//! * a canteen on Monday, Tuesday and Thursday only.
//!
//! The accounts are the collège's (same usernames, same roles): students
//! 0 ROBERT Léa (2NDE 3), 1 ROBERT Tom (1ERE G2), 2 NGUYEN Inès (TLE G1);
//! the parent is M. ROBERT Nicolas.

use time::Weekday;

use super::calendar::{Calendar, Period, day};
use super::grid::Grid;
use super::people::{
    self, ANG, ARTS, AccountKind, Class, EPS, ESP, FR, HG, MATHS, MUS, PC, SVT, School, Slot, TECH,
    g, s,
};
use super::{Account, Cast};

/// The e-mail domain.
const DOMAIN: &str = "lycee-louis-pasteur.example";

/// Everything fixed about the lycée.
pub(crate) fn cast() -> Cast {
    let mut subjects = people::subjects();
    if let Some(snt) = subjects.get_mut(TECH) {
        snt.key = "snt";
        snt.name = "SC. NUM\u{c9}RIQUES & TECHNO.";
    }
    let mut teachers = people::teachers();
    let mut staff = people::staff();
    for person in teachers.iter_mut().chain(staff.iter_mut()) {
        person.email = person.email.replace("college-victor-hugo.example", DOMAIN);
    }
    if let Some(head) = staff.get_mut(1) {
        head.function = "Proviseur";
    }
    Cast {
        school: School {
            name: "Lyc\u{e9}e Louis Pasteur".to_owned(),
            domain: DOMAIN,
            canteen_days: vec![Weekday::Monday, Weekday::Tuesday, Weekday::Thursday],
        },
        calendar: Calendar {
            grid: Grid::lycee(),
            ..Calendar::school_year()
        },
        periods: periods(),
        subjects,
        teachers,
        staff,
        classes: classes(),
        students: students(),
    }
}

/// Two semesters, both grading periods.
fn periods() -> Vec<Period> {
    vec![
        Period {
            key: "s1",
            name: "Semestre 1",
            start: day(2025, 9, 1),
            end: day(2026, 1, 31),
            published: true,
            trimester: false,
            grading: true,
        },
        Period {
            key: "s2",
            name: "Semestre 2",
            start: day(2026, 2, 1),
            end: day(2026, 7, 3),
            published: false,
            trimester: false,
            grading: true,
        },
    ]
}

/// A one-place (55-minute) slot.
fn one(weekday: u32, place: u32, subject: usize, teacher: usize, room: &'static str) -> Slot {
    s(weekday, place, 1, subject, teacher, room)
}

/// A two-place slot.
fn two(weekday: u32, place: u32, subject: usize, teacher: usize, room: &'static str) -> Slot {
    s(weekday, place, 2, subject, teacher, room)
}

/// Classes: 0 = 2NDE 3, 1 = 1ERE G2, 2 = TLE G1. Places 0-3 are the
/// morning (08h30, 09h25, 10h35, 11h30), 4-7 the afternoon (13h30,
/// 14h25, 15h35, 16h30); Wednesday afternoon is free.
fn classes() -> Vec<Class> {
    vec![
        Class {
            key: "2nde3",
            name: "2NDE 3",
            level: "2NDE",
            main_teacher: 2,
            template: vec![
                two(0, 0, MATHS, 2, "B104"),
                one(0, 2, FR, 0, "A201"),
                one(0, 3, ANG, 5, "A110"),
                one(0, 4, HG, 4, "A105"),
                two(0, 5, PC, 8, "LABO P1"),
                one(1, 0, FR, 0, "A201"),
                one(1, 1, HG, 4, "A105"),
                two(1, 2, SVT, 7, "LABO S2"),
                two(1, 4, EPS, 10, "GYMNASE"),
                g(one(1, 6, ESP, 6, "A112"), "2NDE3 ESP"),
                one(1, 7, TECH, 9, "INFO 1"),
                one(2, 0, ANG, 5, "A110"),
                one(2, 1, MATHS, 2, "B104"),
                one(2, 2, FR, 0, "A201"),
                one(2, 3, HG, 4, "A105"),
                g(one(3, 0, ESP, 6, "A112"), "2NDE3 ESP"),
                one(3, 1, FR, 0, "A201"),
                one(3, 2, MATHS, 2, "B104"),
                one(3, 3, HG, 4, "A105"),
                one(3, 4, PC, 8, "LABO P1"),
                one(3, 5, SVT, 7, "LABO S2"),
                one(3, 6, ANG, 5, "A110"),
                one(4, 0, MATHS, 2, "B104"),
                one(4, 1, ANG, 5, "A110"),
                one(4, 2, TECH, 9, "INFO 1"),
                g(one(4, 3, ESP, 6, "A112"), "2NDE3 ESP"),
                two(4, 4, ARTS, 11, "ARTS"),
            ],
            roster: vec![
                ("ROBERT", "L\u{e9}a"),
                ("BAILLY", "Enzo"),
                ("CHARPENTIER", "Lou"),
                ("DESCHAMPS", "Yanis"),
                ("ETIENNE", "Clara"),
                ("FLEURY", "Mathis"),
                ("GUILLOT", "Anna"),
                ("HUET", "Sacha"),
                ("LACROIX", "Mila"),
                ("MAILLARD", "Th\u{e9}o"),
            ],
        },
        Class {
            key: "1g2",
            name: "1ERE G2",
            level: "1ERE",
            main_teacher: 3,
            template: vec![
                one(0, 0, FR, 1, "A203"),
                one(0, 1, HG, 4, "A105"),
                two(0, 2, MATHS, 3, "B106"),
                one(0, 4, ANG, 5, "A110"),
                one(0, 5, SVT, 7, "LABO S2"),
                one(0, 6, MUS, 12, "MUSIQUE"),
                two(1, 0, PC, 8, "LABO P2"),
                one(1, 2, FR, 1, "A203"),
                g(one(1, 3, ESP, 6, "A112"), "1G2 ESP"),
                one(1, 4, MATHS, 3, "B106"),
                one(1, 5, HG, 4, "A105"),
                two(1, 6, EPS, 10, "GYMNASE"),
                one(2, 0, FR, 1, "A203"),
                one(2, 1, ANG, 5, "A110"),
                one(2, 2, MATHS, 3, "B106"),
                one(2, 3, SVT, 7, "LABO S2"),
                two(3, 0, FR, 1, "A203"),
                one(3, 2, ANG, 5, "A110"),
                g(one(3, 3, ESP, 6, "A112"), "1G2 ESP"),
                two(3, 4, MATHS, 3, "B106"),
                one(3, 6, HG, 4, "A105"),
                one(4, 0, PC, 8, "LABO P2"),
                one(4, 1, FR, 1, "A203"),
                one(4, 2, SVT, 7, "LABO S2"),
                one(4, 3, MATHS, 3, "B106"),
                g(one(4, 4, ESP, 6, "A112"), "1G2 ESP"),
            ],
            roster: vec![
                ("ROBERT", "Tom"),
                ("BESSON", "Ma\u{eb}lys"),
                ("CORDIER", "Lenny"),
                ("DUVAL", "Nina"),
                ("GERMAIN", "Oscar"),
                ("JACOB", "Romane"),
                ("LEBRUN", "Timéo"),
                ("MARIE", "Agathe"),
            ],
        },
        Class {
            key: "tg1",
            name: "TLE G1",
            level: "TLE",
            main_teacher: 7,
            template: vec![
                one(0, 0, HG, 4, "A107"),
                one(0, 1, ANG, 5, "A110"),
                two(0, 2, SVT, 7, "LABO S1"),
                two(0, 4, MATHS, 2, "B104"),
                one(0, 6, FR, 0, "A201"),
                one(1, 0, MATHS, 2, "B104"),
                one(1, 1, FR, 0, "A201"),
                one(1, 2, HG, 4, "A105"),
                one(1, 3, ANG, 5, "A110"),
                two(1, 4, PC, 8, "LABO P1"),
                g(one(1, 7, ESP, 6, "A114"), "TG1 ESP"),
                two(2, 0, EPS, 10, "GYMNASE"),
                one(2, 2, MATHS, 2, "B104"),
                one(2, 3, FR, 0, "A201"),
                one(3, 0, SVT, 7, "LABO S1"),
                one(3, 1, MATHS, 2, "B104"),
                one(3, 2, FR, 0, "A201"),
                one(3, 4, ANG, 5, "A110"),
                one(3, 5, HG, 4, "A107"),
                g(one(3, 6, ESP, 6, "A114"), "TG1 ESP"),
                two(4, 0, FR, 0, "A201"),
                one(4, 2, PC, 8, "LABO P1"),
                one(4, 3, ANG, 5, "A110"),
                two(4, 4, SVT, 7, "LABO S1"),
            ],
            roster: vec![
                ("NGUYEN", "In\u{e8}s"),
                ("BARRE", "Louis"),
                ("COSTE", "Elsa"),
                ("DELMAS", "Victor"),
                ("FERRAND", "Jeanne"),
                ("HOARAU", "Kylian"),
                ("MARTY", "Louna"),
            ],
        },
    ]
}

/// Students with a full year: 0 Léa ROBERT (2NDE 3), 1 Tom ROBERT (1ERE
/// G2), 2 Inès NGUYEN (TLE G1).
fn students() -> Vec<super::Student> {
    let mut lea = people::student(
        "lea",
        "ROBERT",
        "L\u{e9}a",
        0,
        day(2010, 2, 9),
        "F",
        "0246813579GH",
        14.2,
    );
    lea.email = "lea.robert@eleves.example";
    lea.address = ["8 rue Pasteur", "", "", ""];
    let mut tom = people::student(
        "tom",
        "ROBERT",
        "Tom",
        1,
        day(2009, 5, 21),
        "M",
        "0135792468IJ",
        12.8,
    );
    tom.email = "tom.robert@eleves.example";
    tom.address = ["8 rue Pasteur", "", "", ""];
    tom.phone = "623456789";
    let mut ines = people::student(
        "ines",
        "NGUYEN",
        "In\u{e8}s",
        2,
        day(2008, 10, 3),
        "F",
        "0112233445KL",
        15.1,
    );
    ines.email = "ines.nguyen@eleves.example";
    ines.address = ["21 chemin des Vignes", "", "", ""];
    ines.phone = "688990011";
    vec![lea, tom, ines]
}

/// The parent account is the Robert children's father.
pub(crate) fn rename_parent(accounts: &mut [Account]) {
    for account in accounts {
        if let AccountKind::Parent {
            last_name,
            first_name,
            ..
        } = &mut account.kind
        {
            *last_name = "ROBERT";
            *first_name = "Nicolas";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DemoSchool;
    use crate::data::Demo;
    use crate::data::calendar::hour_label;

    #[test]
    fn the_lycee_is_coherent() {
        let demo = Demo::generate(0, DemoSchool::Lycee);
        assert_eq!(demo.school.name, "Lyc\u{e9}e Louis Pasteur");
        assert_eq!(demo.students[0].full_name(), "ROBERT L\u{e9}a");
        assert_eq!(demo.periods.len(), 2);
        assert!(demo.periods.iter().all(|p| p.grading && !p.trimester));
        let grid = &demo.calendar.grid;
        // Per student: grades of each semester, homework left to do.
        let mut counts = Vec::new();
        for (student, class) in demo.students.iter().zip(&demo.classes) {
            assert_eq!(student.full_name(), {
                let (last, first) = class.roster[0];
                format!("{last} {first}")
            });
            // Every lesson sits in the grid, Wednesday afternoons free of
            // lessons.
            for lesson in &student.lessons {
                assert!(lesson.place + lesson.duration <= grid.places_per_day);
                if lesson.is_lesson() && lesson.date.weekday() == Weekday::Wednesday {
                    assert!(lesson.place + lesson.duration <= grid.afternoon);
                }
            }
            // No two lessons of a class overlap; a room change keeps the
            // room of the weekly timetable to show the old lesson.
            for pair in student.lessons.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if a.is_lesson() && b.is_lesson() && a.date == b.date {
                    assert!(a.place + a.duration <= b.place, "{a:?} {b:?}");
                }
            }
            for lesson in &student.lessons {
                if let Some(usual) = &lesson.previous_room {
                    assert_eq!(lesson.status, Some("Changement de salle"));
                    let slot = class.template.iter().find(|s| {
                        s.weekday == crate::data::calendar::weekday_index(lesson.date)
                            && s.place == lesson.place
                    });
                    assert_eq!(slot.map(|s| s.room), Some(usual.as_str()));
                    assert_ne!(&lesson.room, usual);
                }
            }
            // Grades in both semesters, one report card, homework to do.
            let graded = |key: &str| student.grades.iter().filter(|g| g.period == key).count();
            counts.push((
                student.full_name(),
                graded("s1"),
                graded("s2"),
                student.homework.iter().filter(|h| !h.done).count(),
            ));
            assert_eq!(student.reports.len(), 1);
        }
        assert_eq!(
            counts,
            [
                ("ROBERT L\u{e9}a".to_owned(), 31, 31, 168),
                ("ROBERT Tom".to_owned(), 28, 29, 149),
                ("NGUYEN In\u{e8}s".to_owned(), 21, 26, 144),
            ]
        );
        // No teacher is in two classes at once.
        let mut busy = std::collections::HashSet::new();
        for class in &demo.classes {
            for slot in &class.template {
                for place in slot.place..slot.place + slot.duration {
                    assert!(
                        busy.insert((slot.teacher, slot.weekday, place)),
                        "{} {slot:?}",
                        class.name
                    );
                }
            }
        }
        let changes = demo.students[0]
            .lessons
            .iter()
            .filter(|l| l.previous_room.is_some())
            .count();
        assert_eq!(changes, 33, "room changes of the first student's year");
        // Lunch on canteen days only.
        assert_eq!(demo.menus.len(), 104, "lunches of the year");
        assert!(demo.menus.iter().all(|m| matches!(
            m.date.weekday(),
            Weekday::Monday | Weekday::Tuesday | Weekday::Thursday
        )));
        assert_eq!(hour_label(grid.start(2)), "10h35");
        assert_eq!(demo.school.canteen_domain(1), "[1,2,4]");
    }
}
