//! The demo data: a French collège's (or, with `--school lycee`, a
//! lycée's) school year 2025-2026, generated deterministically from a seed.
//!
//! The fixed parts (school, people, classes, weekly timetables, accounts)
//! are written out in [`people`] and [`timetable`] ([`lycee`] for the
//! lycée); what varies with the
//! seed (timetable changes, homework, grades, absences, …) is drawn from a
//! ChaCha generator seeded with it, so one seed always gives the same
//! year.

pub(crate) mod calendar;
pub(crate) mod evaluations;
pub(crate) mod files;
pub(crate) mod grades;
pub(crate) mod grid;
pub(crate) mod homework;
pub(crate) mod lycee;
pub(crate) mod menus;
pub(crate) mod messages;
pub(crate) mod news;
pub(crate) mod people;
pub(crate) mod presence;
pub(crate) mod reports;
pub(crate) mod timetable;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

pub(crate) use calendar::{Calendar, Period};
pub(crate) use people::{Account, AccountKind, Class, Person, School, Space, Student, Subject};

/// A seeded random generator with the few draws the generators need.
pub(crate) struct Draw(ChaCha8Rng);

impl Draw {
    /// A generator for one purpose (`stream`) of one seed.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Draw(rng)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.0.next_u64() % n }
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = u64::try_from(hi - lo).unwrap_or(0).saturating_add(1);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice (the first when empty is
    /// impossible by construction).
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = u64::try_from(items.len()).unwrap_or(1);
        let i = usize::try_from(self.below(n)).unwrap_or(0);
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// One string of a non-empty table.
    pub(crate) fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        let picked: &&'static str = self.pick(items);
        picked
    }

    /// A roughly normal value around `mean` (sum of uniforms).
    pub(crate) fn around(&mut self, mean: f64, spread: f64) -> f64 {
        let mut sum = 0.0;
        for _ in 0..4 {
            sum += (self.below(10_001) as f64) / 10_000.0;
        }
        mean + (sum - 2.0) * spread
    }

    /// Random bytes.
    pub(crate) fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.0.fill_bytes(&mut out);
        out
    }
}

/// The whole demo instance.
#[derive(Debug)]
pub(crate) struct Demo {
    pub(crate) school: School,
    pub(crate) calendar: Calendar,
    pub(crate) periods: Vec<Period>,
    pub(crate) subjects: Vec<Subject>,
    pub(crate) teachers: Vec<Person>,
    pub(crate) staff: Vec<Person>,
    pub(crate) classes: Vec<Class>,
    pub(crate) students: Vec<Student>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) news: Vec<news::News>,
    pub(crate) menus: Vec<menus::DayMenu>,
    pub(crate) files: files::Files,
    /// The files attached to the messages of the initial discussions.
    pub(crate) message_files: messages::MessageFiles,
}

/// The fixed part of a school: what does not depend on the seed.
pub(crate) struct Cast {
    pub(crate) school: School,
    pub(crate) calendar: Calendar,
    pub(crate) periods: Vec<Period>,
    pub(crate) subjects: Vec<Subject>,
    pub(crate) teachers: Vec<Person>,
    pub(crate) staff: Vec<Person>,
    pub(crate) classes: Vec<Class>,
    pub(crate) students: Vec<Student>,
}

impl Cast {
    /// The collège.
    fn college() -> Self {
        Cast {
            school: School::demo(),
            calendar: Calendar::school_year(),
            periods: calendar::periods(),
            subjects: people::subjects(),
            teachers: people::teachers(),
            staff: people::staff(),
            classes: people::classes(),
            students: people::students(),
        }
    }
}

impl Demo {
    /// Generates the year of `school` for `seed`.
    pub(crate) fn generate(seed: u64, school: crate::DemoSchool) -> Self {
        let lycee = school == crate::DemoSchool::Lycee;
        let Cast {
            school,
            calendar,
            periods,
            subjects,
            teachers,
            staff,
            classes,
            mut students,
        } = if lycee {
            lycee::cast()
        } else {
            Cast::college()
        };
        let mut files = files::Files::default();
        for (index, student) in students.iter_mut().enumerate() {
            let stream = 100 + 10 * index as u64;
            let class = &classes[student.class];
            student.lessons = timetable::generate(
                &calendar,
                class,
                &teachers,
                &staff,
                &mut Draw::new(seed, stream),
            );
            homework::generate(
                student,
                &calendar,
                &subjects,
                &mut files,
                &mut Draw::new(seed, stream + 1),
            );
            grades::generate(
                student,
                &periods,
                &subjects,
                &mut files,
                &mut Draw::new(seed, stream + 2),
            );
            evaluations::generate(
                student,
                &periods,
                &subjects,
                &teachers,
                class,
                &mut Draw::new(seed, stream + 3),
            );
            presence::generate(
                student,
                &calendar,
                &staff,
                &teachers,
                class,
                &mut files,
                &mut Draw::new(seed, stream + 4),
            );
            reports::generate(
                student,
                &periods,
                &subjects,
                &teachers,
                class,
                &mut Draw::new(seed, stream + 5),
            );
        }
        let mut accounts = people::accounts(&mut Draw::new(seed, 7));
        if lycee {
            lycee::rename_parent(&mut accounts);
        }
        let news = news::generate(&calendar, &staff, &mut files, &mut Draw::new(seed, 8));
        let menus = menus::generate(&calendar, &school.canteen_days, &mut Draw::new(seed, 9));
        let message_files = messages::MessageFiles::store(&mut files);
        Demo {
            school,
            calendar,
            periods,
            subjects,
            teachers,
            staff,
            classes,
            students,
            accounts,
            news,
            menus,
            files,
            message_files,
        }
    }

    /// The account with this username (case-insensitive) on this space.
    pub(crate) fn find_account(&self, username: &str, space: Space) -> Option<usize> {
        let wanted = username.trim();
        self.accounts
            .iter()
            .position(|a| a.space == space && a.username.eq_ignore_ascii_case(wanted))
    }

    /// A subject by key.
    pub(crate) fn subject(&self, index: usize) -> &Subject {
        &self.subjects[index.min(self.subjects.len().saturating_sub(1))]
    }

    /// A period by key.
    pub(crate) fn period_by_key(&self, key: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(demo: &Demo) -> String {
        let s = &demo.students[0];
        format!(
            "{:?}|{:?}|{:?}|{}",
            s.grades.iter().map(|g| g.value.wire()).collect::<Vec<_>>(),
            s.lessons
                .iter()
                .map(|l| (l.cancelled, l.status))
                .collect::<Vec<_>>(),
            s.homework
                .iter()
                .map(|h| (h.due, h.done))
                .collect::<Vec<_>>(),
            demo.menus.len()
        )
    }

    #[test]
    fn the_seed_decides_everything() {
        let a = Demo::generate(42, crate::DemoSchool::College);
        assert_eq!(
            fingerprint(&a),
            fingerprint(&Demo::generate(42, crate::DemoSchool::College))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&Demo::generate(43, crate::DemoSchool::College))
        );
        // The fixed cast does not depend on the seed.
        assert_eq!(a.students[0].full_name(), "MARTIN Lucas");
        assert_eq!(
            a.classes[0].template.len(),
            Demo::generate(7, crate::DemoSchool::College).classes[0]
                .template
                .len()
        );
        // Seed 42's year for each student: lessons, grades, homework,
        // lesson contents, evaluations, events.
        let counts: Vec<(String, [usize; 6])> = a
            .students
            .iter()
            .map(|s| {
                let counts = [
                    s.lessons.len(),
                    s.grades.len(),
                    s.homework.len(),
                    s.contents.len(),
                    s.evaluations.len(),
                    s.events.len(),
                ];
                (s.full_name(), counts)
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("MARTIN Lucas".to_owned(), [1046, 97, 325, 717, 17, 13]),
                ("MARTIN Emma".to_owned(), [907, 98, 289, 661, 18, 15]),
                ("DUBOIS Chlo\u{e9}".to_owned(), [907, 100, 256, 661, 18, 15]),
            ]
        );
        for student in &a.students {
            assert_eq!(student.reports.len(), 3);
        }
    }
}
