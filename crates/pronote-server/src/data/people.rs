//! The fixed cast: school, subjects, teachers, staff, classes, students
//! and the accounts that log in.

use time::{Date, Weekday};

use super::Draw;
use super::calendar::day;

/// The school.
#[derive(Debug, Clone)]
pub(crate) struct School {
    pub(crate) name: String,
    /// The domain of its e-mail addresses.
    pub(crate) domain: &'static str,
    /// The days the canteen serves lunch.
    pub(crate) canteen_days: Vec<Weekday>,
}

impl School {
    /// The collège: lunch every day but Wednesday.
    pub(crate) fn demo() -> Self {
        School {
            name: "Coll\u{e8}ge Victor Hugo".to_owned(),
            domain: "college-victor-hugo.example",
            canteen_days: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Thursday,
                Weekday::Friday,
            ],
        }
    }

    /// The canteen days as a PRONOTE set of weekday numbers from `base`
    /// for Monday (`[1,2,4,5]` with base 1).
    pub(crate) fn canteen_domain(&self, base: u8) -> String {
        let days: Vec<String> = self
            .canteen_days
            .iter()
            .map(|d| (d.number_days_from_monday() + base).to_string())
            .collect();
        format!("[{}]", days.join(","))
    }
}

/// A web space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Space {
    Student,
    Parent,
    Teacher,
    VieScolaire,
}

impl Space {
    /// The espace id `a` (desktop or mobile page).
    pub(crate) fn espace(self, mobile: bool) -> u32 {
        match (self, mobile) {
            (Space::Student, false) => 3,
            (Space::Parent, false) => 2,
            (Space::Teacher, false) => 1,
            (Space::VieScolaire, false) => 13,
            (Space::Student, true) => 6,
            (Space::Parent, true) => 7,
            (Space::Teacher, true) => 8,
            (Space::VieScolaire, true) => 14,
        }
    }

    /// The page name without `.html`.
    pub(crate) fn page(self) -> &'static str {
        match self {
            Space::Student => "eleve",
            Space::Parent => "parent",
            Space::Teacher => "professeur",
            Space::VieScolaire => "viescolaire",
        }
    }

    /// The page title.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Space::Student => "Espace \u{c9}l\u{e8}ves",
            Space::Parent => "Espace Parents",
            Space::Teacher => "Espace Professeurs",
            Space::VieScolaire => "Espace Vie scolaire",
        }
    }
}

/// A subject.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) color: &'static str,
}

/// A teacher or staff member.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) key: &'static str,
    pub(crate) civility: &'static str,
    pub(crate) last_name: &'static str,
    pub(crate) first_name: &'static str,
    /// Subjects taught (indexes), empty for staff.
    pub(crate) subjects: Vec<usize>,
    /// Function (staff).
    pub(crate) function: &'static str,
    pub(crate) email: String,
}

impl Person {
    /// `M. DUPONT Jean`.
    pub(crate) fn full_name(&self) -> String {
        format!("{} {} {}", self.civility, self.last_name, self.first_name)
    }

    /// `DUPONT J.` as timetables show it.
    pub(crate) fn short_name(&self) -> String {
        let initial: String = self.first_name.chars().take(1).collect();
        format!("{} {initial}.", self.last_name)
    }
}

/// One weekly slot of a class timetable.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) weekday: u32,
    pub(crate) place: u32,
    pub(crate) duration: u32,
    pub(crate) subject: usize,
    pub(crate) teacher: usize,
    pub(crate) room: &'static str,
    pub(crate) group: Option<&'static str>,
}

/// A class.
#[derive(Debug, Clone)]
pub(crate) struct Class {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) level: &'static str,
    pub(crate) template: Vec<Slot>,
    pub(crate) main_teacher: usize,
    pub(crate) roster: Vec<(&'static str, &'static str)>,
}

/// A student with their year.
#[derive(Debug, Clone)]
pub(crate) struct Student {
    pub(crate) key: &'static str,
    pub(crate) last_name: &'static str,
    pub(crate) first_name: &'static str,
    pub(crate) class: usize,
    pub(crate) birth: Date,
    pub(crate) sex: &'static str,
    pub(crate) ine: &'static str,
    pub(crate) email: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) address: [&'static str; 4],
    pub(crate) postal_code: &'static str,
    pub(crate) city: &'static str,
    /// Mean level, out of 20.
    pub(crate) level: f64,
    pub(crate) lessons: Vec<super::timetable::Lesson>,
    pub(crate) homework: Vec<super::homework::Homework>,
    pub(crate) contents: Vec<super::homework::Content>,
    pub(crate) grades: Vec<super::grades::Grade>,
    pub(crate) evaluations: Vec<super::evaluations::Evaluation>,
    pub(crate) events: Vec<super::presence::Event>,
    pub(crate) reports: Vec<super::reports::Report>,
}

impl Student {
    /// `MARTIN Lucas`.
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.last_name, self.first_name)
    }
}

/// What an account is.
#[derive(Debug, Clone)]
pub(crate) enum AccountKind {
    /// A student account.
    Student(usize),
    /// A parent with children (student indexes).
    Parent {
        last_name: &'static str,
        first_name: &'static str,
        civility: &'static str,
        children: Vec<usize>,
    },
    /// A staff member (vie scolaire), index into staff.
    Staff(usize),
    /// A teacher, index into teachers.
    Teacher(usize),
}

/// An account that logs in.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) username: &'static str,
    pub(crate) password: &'static str,
    pub(crate) space: Space,
    pub(crate) kind: AccountKind,
    /// Double-authentication PIN.
    pub(crate) pin: Option<&'static str>,
    /// The account must choose a new password at its next login (until
    /// it does).
    pub(crate) must_change_password: bool,
    /// `Acces` refusal code returned after a correct challenge.
    pub(crate) refusal: Option<u32>,
    /// `paramICal` of the iCal feed.
    pub(crate) ical_token: String,
}

pub(crate) const FR: usize = 0;
pub(crate) const MATHS: usize = 1;
pub(crate) const HG: usize = 2;
pub(crate) const ANG: usize = 3;
pub(crate) const ESP: usize = 4;
pub(crate) const SVT: usize = 5;
pub(crate) const PC: usize = 6;
pub(crate) const TECH: usize = 7;
pub(crate) const EPS: usize = 8;
pub(crate) const ARTS: usize = 9;
pub(crate) const MUS: usize = 10;

/// The subjects.
pub(crate) fn subjects() -> Vec<Subject> {
    vec![
        Subject {
            key: "fr",
            name: "FRAN\u{c7}AIS",
            color: "#4F81BD",
        },
        Subject {
            key: "maths",
            name: "MATH\u{c9}MATIQUES",
            color: "#C0504D",
        },
        Subject {
            key: "hg",
            name: "HISTOIRE-G\u{c9}OGRAPHIE",
            color: "#9BBB59",
        },
        Subject {
            key: "ang",
            name: "ANGLAIS LV1",
            color: "#8064A2",
        },
        Subject {
            key: "esp",
            name: "ESPAGNOL LV2",
            color: "#F79646",
        },
        Subject {
            key: "svt",
            name: "SCIENCES VIE & TERRE",
            color: "#4BACC6",
        },
        Subject {
            key: "pc",
            name: "PHYSIQUE-CHIMIE",
            color: "#2C4D75",
        },
        Subject {
            key: "tech",
            name: "TECHNOLOGIE",
            color: "#772C2A",
        },
        Subject {
            key: "eps",
            name: "ED.PHYSIQUE & SPORT.",
            color: "#5F7530",
        },
        Subject {
            key: "arts",
            name: "ARTS PLASTIQUES",
            color: "#E46C0A",
        },
        Subject {
            key: "mus",
            name: "\u{c9}DUCATION MUSICALE",
            color: "#B65708",
        },
    ]
}

fn person(
    key: &'static str,
    civility: &'static str,
    last: &'static str,
    first: &'static str,
    subjects: Vec<usize>,
    function: &'static str,
) -> Person {
    let email = format!(
        "{}.{}@college-victor-hugo.example",
        first.to_lowercase().replace(['\u{e9}', '\u{e8}'], "e"),
        last.to_lowercase()
    );
    Person {
        key,
        civility,
        last_name: last,
        first_name: first,
        subjects,
        function,
        email,
    }
}

/// Teachers, by index: 0 Moreau, 1 Leroy, 2 Dupont, 3 Petit, 4 Garnier,
/// 5 Roussel, 6 Garcia, 7 Fontaine, 8 Lambert, 9 Chevalier, 10 Robin,
/// 11 Faure, 12 Blanc.
pub(crate) fn teachers() -> Vec<Person> {
    vec![
        person("moreau", "Mme", "MOREAU", "Claire", vec![FR], "Professeur"),
        person("leroy", "M.", "LEROY", "Antoine", vec![FR], "Professeur"),
        person("dupont", "M.", "DUPONT", "Jean", vec![MATHS], "Professeur"),
        person("petit", "Mme", "PETIT", "Sarah", vec![MATHS], "Professeur"),
        person("garnier", "M.", "GARNIER", "Paul", vec![HG], "Professeur"),
        person("roussel", "Mme", "ROUSSEL", "Anne", vec![ANG], "Professeur"),
        person("garcia", "Mme", "GARCIA", "Lucia", vec![ESP], "Professeur"),
        person(
            "fontaine",
            "M.",
            "FONTAINE",
            "Marc",
            vec![SVT],
            "Professeur",
        ),
        person("lambert", "Mme", "LAMBERT", "Julie", vec![PC], "Professeur"),
        person(
            "chevalier",
            "M.",
            "CHEVALIER",
            "Luc",
            vec![TECH],
            "Professeur",
        ),
        person("robin", "M.", "ROBIN", "Thomas", vec![EPS], "Professeur"),
        person(
            "faure",
            "Mme",
            "FAURE",
            "L\u{e9}a",
            vec![ARTS],
            "Professeur",
        ),
        person("blanc", "M.", "BLANC", "Hugo", vec![MUS], "Professeur"),
    ]
}

/// Staff, by index: 0 CPE, 1 principal, 2 nurse, 3 assistant.
pub(crate) fn staff() -> Vec<Person> {
    vec![
        person(
            "bernard",
            "Mme",
            "BERNARD",
            "Sophie",
            vec![],
            "Conseill\u{e8}re principale d'\u{e9}ducation",
        ),
        person("mercier", "M.", "MERCIER", "Alain", vec![], "Principal"),
        person(
            "david",
            "Mme",
            "DAVID",
            "Nathalie",
            vec![],
            "Infirmi\u{e8}re",
        ),
        person(
            "henry",
            "M.",
            "HENRY",
            "Louis",
            vec![],
            "Assistant d'\u{e9}ducation",
        ),
    ]
}

/// Shorthand for a weekly slot.
pub(crate) fn s(
    weekday: u32,
    place: u32,
    duration: u32,
    subject: usize,
    teacher: usize,
    room: &'static str,
) -> Slot {
    Slot {
        weekday,
        place,
        duration,
        subject,
        teacher,
        room,
        group: None,
    }
}

/// A slot for a group of the class.
pub(crate) fn g(mut slot: Slot, group: &'static str) -> Slot {
    slot.group = Some(group);
    slot
}

/// Classes: 0 = 3A, 1 = 6B, 2 = 4C. Places are half hours from 08h00
/// (0 = 08h00, 2 = 09h00, 4 = 10h00, 6 = 11h00, 11 = 13h30, 13 = 14h30,
/// 15 = 15h30); Wednesday afternoon is free.
pub(crate) fn classes() -> Vec<Class> {
    vec![
        Class {
            key: "3a",
            name: "3A",
            level: "3EME",
            main_teacher: 2,
            template: vec![
                s(0, 0, 2, MATHS, 2, "S12"),
                s(0, 2, 2, FR, 0, "S05"),
                s(0, 4, 2, ANG, 5, "S21"),
                s(0, 6, 2, HG, 4, "S08"),
                s(0, 11, 2, PC, 8, "LABO 1"),
                s(0, 13, 4, EPS, 10, "GYMNASE"),
                s(1, 0, 2, FR, 0, "S05"),
                s(1, 2, 2, MATHS, 2, "S12"),
                s(1, 4, 2, SVT, 7, "LABO 2"),
                g(s(1, 6, 2, ESP, 6, "S17"), "3A ESP"),
                s(1, 11, 2, TECH, 9, "TECHNO"),
                s(1, 13, 2, HG, 4, "S08"),
                s(1, 15, 2, ARTS, 11, "ARTS"),
                s(2, 0, 2, ANG, 5, "S21"),
                s(2, 2, 2, MATHS, 2, "S12"),
                s(2, 4, 2, FR, 0, "S05"),
                s(2, 6, 2, MUS, 12, "MUSIQUE"),
                s(3, 0, 2, HG, 4, "S08"),
                g(s(3, 2, 2, ESP, 6, "S17"), "3A ESP"),
                s(3, 4, 2, FR, 0, "S05"),
                s(3, 6, 2, MATHS, 2, "S12"),
                s(3, 11, 2, SVT, 7, "LABO 2"),
                s(3, 13, 2, ANG, 5, "S21"),
                s(3, 15, 2, PC, 8, "LABO 1"),
                s(4, 0, 2, FR, 0, "S05"),
                s(4, 2, 2, EPS, 10, "GYMNASE"),
                s(4, 4, 2, MATHS, 2, "S12"),
                g(s(4, 6, 2, ESP, 6, "S17"), "3A ESP"),
                s(4, 11, 2, HG, 4, "S08"),
                s(4, 13, 2, TECH, 9, "TECHNO"),
            ],
            roster: vec![
                ("MARTIN", "Lucas"),
                ("BONNET", "In\u{e8}s"),
                ("CARON", "Nathan"),
                ("COLIN", "Jade"),
                ("DUMAS", "Hugo"),
                ("FABRE", "Louise"),
                ("GAUTHIER", "Rapha\u{eb}l"),
                ("JOLY", "Ambre"),
                ("LEMAIRE", "Arthur"),
                ("MARCHAND", "Lina"),
                ("NOEL", "Jules"),
                ("PERRIN", "Rose"),
            ],
        },
        Class {
            key: "6b",
            name: "6B",
            level: "6EME",
            main_teacher: 3,
            template: vec![
                s(0, 0, 2, FR, 1, "S03"),
                s(0, 2, 2, MATHS, 3, "S10"),
                s(0, 4, 2, HG, 4, "S08"),
                s(0, 6, 2, ANG, 5, "S21"),
                s(0, 11, 2, SVT, 7, "LABO 2"),
                s(0, 13, 2, ARTS, 11, "ARTS"),
                s(1, 0, 2, MATHS, 3, "S10"),
                s(1, 2, 2, FR, 1, "S03"),
                s(1, 4, 4, EPS, 10, "GYMNASE"),
                s(1, 11, 2, TECH, 9, "TECHNO"),
                s(1, 13, 2, ANG, 5, "S21"),
                s(2, 0, 2, FR, 1, "S03"),
                s(2, 2, 2, HG, 4, "S08"),
                s(2, 4, 2, MATHS, 3, "S10"),
                s(2, 6, 2, MUS, 12, "MUSIQUE"),
                s(3, 0, 2, ANG, 5, "S21"),
                s(3, 2, 2, MATHS, 3, "S10"),
                s(3, 4, 2, FR, 1, "S03"),
                s(3, 6, 2, PC, 8, "LABO 1"),
                s(3, 11, 2, HG, 4, "S08"),
                s(3, 13, 2, SVT, 7, "LABO 2"),
                s(4, 0, 2, MATHS, 3, "S10"),
                s(4, 2, 2, FR, 1, "S03"),
                s(4, 4, 2, ANG, 5, "S21"),
                s(4, 6, 2, TECH, 9, "TECHNO"),
                s(4, 11, 2, EPS, 10, "GYMNASE"),
            ],
            roster: vec![
                ("MARTIN", "Emma"),
                ("AUBERT", "Gabriel"),
                ("BARBIER", "Chlo\u{e9}"),
                ("BRUN", "L\u{e9}o"),
                ("CLEMENT", "Manon"),
                ("DENIS", "Adam"),
                ("GIRARD", "Alice"),
                ("LUCAS", "Paul"),
                ("MEYER", "Zo\u{e9}"),
                ("ROGER", "Ethan"),
                ("SCHMITT", "Lola"),
            ],
        },
        Class {
            key: "4c",
            name: "4C",
            level: "4EME",
            main_teacher: 7,
            template: vec![
                s(0, 0, 2, HG, 4, "S08"),
                s(0, 2, 2, MATHS, 2, "S12"),
                s(0, 4, 2, FR, 1, "S03"),
                g(s(0, 6, 2, ESP, 6, "S17"), "4C ESP"),
                s(0, 11, 2, ANG, 5, "S21"),
                s(0, 13, 2, SVT, 7, "LABO 2"),
                s(1, 0, 2, FR, 1, "S03"),
                s(1, 2, 2, PC, 8, "LABO 1"),
                s(1, 4, 2, MATHS, 2, "S12"),
                s(1, 6, 2, ANG, 5, "S21"),
                s(1, 11, 4, EPS, 10, "GYMNASE"),
                s(2, 0, 2, MATHS, 2, "S12"),
                s(2, 2, 2, TECH, 9, "TECHNO"),
                s(2, 4, 2, FR, 1, "S03"),
                s(2, 6, 2, ARTS, 11, "ARTS"),
                s(3, 0, 2, FR, 1, "S03"),
                s(3, 2, 2, HG, 4, "S08"),
                g(s(3, 4, 2, ESP, 6, "S17"), "4C ESP"),
                s(3, 6, 2, MATHS, 2, "S12"),
                s(3, 11, 2, MUS, 12, "MUSIQUE"),
                s(3, 13, 2, PC, 8, "LABO 1"),
                s(4, 0, 2, ANG, 5, "S21"),
                s(4, 2, 2, FR, 1, "S03"),
                s(4, 4, 2, SVT, 7, "LABO 2"),
                s(4, 6, 2, MATHS, 2, "S12"),
                s(4, 11, 2, HG, 4, "S08"),
            ],
            roster: vec![
                ("DUBOIS", "Chlo\u{e9}"),
                ("ANDRE", "Tom"),
                ("BERTRAND", "Sarah"),
                ("FOURNIER", "Noah"),
                ("LEFEBVRE", "Camille"),
                ("MOREL", "Lucie"),
                ("ROUX", "Maxime"),
                ("VINCENT", "Eva"),
            ],
        },
    ]
}

#[allow(
    clippy::too_many_arguments,
    reason = "a table of fixed people, one call per row"
)]
pub(crate) fn student(
    key: &'static str,
    last_name: &'static str,
    first_name: &'static str,
    class: usize,
    birth: Date,
    sex: &'static str,
    ine: &'static str,
    level: f64,
) -> Student {
    Student {
        key,
        last_name,
        first_name,
        class,
        birth,
        sex,
        ine,
        email: "",
        phone: "612345678",
        address: ["12 rue des Lilas", "B\u{e2}timent B", "", ""],
        postal_code: "25000",
        city: "BESAN\u{c7}ON",
        level,
        lessons: Vec::new(),
        homework: Vec::new(),
        contents: Vec::new(),
        grades: Vec::new(),
        evaluations: Vec::new(),
        events: Vec::new(),
        reports: Vec::new(),
    }
}

/// Students with a full year: 0 Lucas MARTIN (3A), 1 Emma MARTIN (6B),
/// 2 Chloé DUBOIS (4C).
pub(crate) fn students() -> Vec<Student> {
    let mut lucas = student(
        "lucas",
        "MARTIN",
        "Lucas",
        0,
        day(2011, 3, 14),
        "M",
        "0123456789AB",
        13.6,
    );
    lucas.email = "lucas.martin@eleves.example";
    let mut emma = student(
        "emma",
        "MARTIN",
        "Emma",
        1,
        day(2014, 6, 2),
        "F",
        "0987654321CD",
        15.4,
    );
    emma.email = "emma.martin@eleves.example";
    emma.phone = "698765432";
    let mut chloe = student(
        "chloe",
        "DUBOIS",
        "Chlo\u{e9}",
        2,
        day(2012, 11, 23),
        "F",
        "0555666777EF",
        11.9,
    );
    chloe.email = "chloe.dubois@eleves.example";
    chloe.address = ["3 avenue Fontaine-Argent", "", "", ""];
    chloe.phone = "677889900";
    vec![lucas, emma, chloe]
}

fn token(draw: &mut Draw) -> String {
    hex::encode_upper(draw.bytes::<12>())
}

/// The accounts (every password is `pronotevs`).
pub(crate) fn accounts(draw: &mut Draw) -> Vec<Account> {
    vec![
        Account {
            username: "demonstration",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(0),
            pin: None,
            must_change_password: false,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "demonstration",
            password: "pronotevs",
            space: Space::Parent,
            kind: AccountKind::Parent {
                last_name: "MARTIN",
                first_name: "Pierre",
                civility: "M.",
                children: vec![0, 1],
            },
            pin: None,
            must_change_password: false,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "securise",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(2),
            pin: Some("1234"),
            must_change_password: false,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "desactive",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(2),
            pin: None,
            must_change_password: false,
            refusal: Some(10),
            ical_token: token(draw),
        },
        Account {
            username: "suspendu",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(2),
            pin: None,
            must_change_password: false,
            refusal: Some(9),
            ical_token: token(draw),
        },
        Account {
            username: "viescolaire",
            password: "pronotevs",
            space: Space::VieScolaire,
            kind: AccountKind::Staff(0),
            pin: None,
            must_change_password: false,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "demonstration",
            password: "pronotevs",
            space: Space::Teacher,
            kind: AccountKind::Teacher(2),
            pin: None,
            must_change_password: false,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "nouveau",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(2),
            pin: None,
            must_change_password: true,
            refusal: None,
            ical_token: token(draw),
        },
        Account {
            username: "nouveaupin",
            password: "pronotevs",
            space: Space::Student,
            kind: AccountKind::Student(2),
            pin: Some("1234"),
            must_change_password: true,
            refusal: None,
            ical_token: token(draw),
        },
    ]
}
