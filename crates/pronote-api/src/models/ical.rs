//! The iCalendar (RFC 5545) writer of the workspace: the locally made
//! export of [`Client::timetable_ical`](crate::Client::timetable_ical),
//! the command line's `export ical` and the simulated instance's feed
//! (`pronote-server`) all write their text here.
//!
//! What the format asks for, and this writer does:
//!
//! * lines end with CRLF (§3.1);
//! * content lines longer than 75 octets are folded (CRLF and one space),
//!   never inside a UTF-8 character (§3.1);
//! * TEXT values escape `\`, `;`, `,` and line breaks (§3.3.11);
//! * every event has a `UID` and a `DTSTAMP` in UTC (§3.6.1).
//!
//! The `UID` of a lesson is its stable [`Lesson::uid`] at a domain (the
//! instance's host, see [`uid_domain`]): the same lesson keeps its event
//! across logins, and calendars update events rather than duplicate them.
//!
//! # Times
//!
//! Lessons are written in floating local time (`DTSTART:20250901T080000`,
//! no `Z`, no `TZID`). PRONOTE sends the school's wall-clock time without
//! a zone, and schools are not all in Europe/Paris: the overseas
//! departments and territories (Réunion, Martinique, Guyane, Mayotte,
//! New Caledonia…) and French schools abroad use PRONOTE too. A
//! `TZID=Europe/Paris` with its `VTIMEZONE` would shift their lessons by
//! hours; a floating time is shown at the school's wall-clock time by
//! every calendar, which is what the timetable says. `DTSTAMP` is in UTC,
//! as §3.8.7.2 requires.

use std::fmt::Write as _;

use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::timetable::Lesson;

/// The `PRODID` of the calendars made from lessons.
pub const PRODUCT_ID: &str = "-//pronote-rs//pronote-api//FR";

/// One event (`VEVENT`).
///
/// ```
/// use pronote_api::models::ical::{Calendar, Event};
/// use time::macros::datetime;
/// let event = Event {
///     uid: "5f1c@example.org".into(),
///     start: datetime!(2025-09-08 9:00),
///     end: datetime!(2025-09-08 10:00),
///     summary: "MATHÉMATIQUES".into(),
///     location: Some("S12".into()),
///     description: None,
///     categories: Vec::new(),
///     cancelled: false,
/// };
/// let ics = Calendar { events: vec![event], ..Calendar::default() }
///     .to_ics(datetime!(2025-09-01 12:00 UTC));
/// assert!(ics.contains("\r\nUID:5f1c@example.org\r\nDTSTAMP:20250901T120000Z\r\n"));
/// assert!(ics.contains("\r\nDTSTART:20250908T090000\r\nDTEND:20250908T100000\r\n"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The whole `UID` (`identity@domain`): what calendars key the event
    /// by, so it must not change while the event is the same.
    pub uid: String,
    /// `DTSTART`, in floating local time.
    pub start: PrimitiveDateTime,
    /// `DTEND`, in floating local time.
    pub end: PrimitiveDateTime,
    /// `SUMMARY`.
    pub summary: String,
    /// `LOCATION`, when there is one.
    pub location: Option<String>,
    /// `DESCRIPTION` (may hold line breaks), when there is one.
    pub description: Option<String>,
    /// `CATEGORIES` (none written when empty).
    pub categories: Vec<String>,
    /// `STATUS:CANCELLED` when set, else `STATUS:CONFIRMED`.
    pub cancelled: bool,
}

impl Event {
    /// The event of a lesson: `UID` from [`Lesson::uid`] (its
    /// [`Lesson::identity`] if the uid was left empty) at `domain`,
    /// `SUMMARY` from [`lesson_summary`], the rooms as `LOCATION`, and
    /// teachers, groups, status, planned test, memo and video links as
    /// `DESCRIPTION`, one a line.
    pub fn from_lesson(lesson: &Lesson, domain: &str) -> Self {
        let identity = if lesson.uid.is_empty() {
            lesson.identity()
        } else {
            lesson.uid.clone()
        };
        let description = lesson_description(lesson);
        Event {
            uid: format!("{identity}@{domain}"),
            start: lesson.start,
            end: lesson.end,
            summary: lesson_summary(lesson),
            location: (!lesson.rooms.is_empty()).then(|| lesson.rooms.join(", ")),
            description: (!description.is_empty()).then_some(description),
            categories: lesson_category(lesson)
                .map(|c| vec![c.to_owned()])
                .unwrap_or_default(),
            cancelled: lesson.cancelled,
        }
    }
}

/// A calendar (`VCALENDAR`): its product id, optional name and events.
///
/// ```
/// use pronote_api::models::ical::Calendar;
/// use time::macros::datetime;
/// let calendar = Calendar {
///     name: Some("PRONOTE – MARTIN Lucas".into()),
///     ..Calendar::from_lessons(&[], "demo.example")
/// };
/// let ics = calendar.to_ics(datetime!(2025-09-01 12:00 UTC));
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
/// assert!(ics.contains("\r\nX-WR-CALNAME:PRONOTE – MARTIN Lucas\r\n"));
/// assert!(ics.ends_with("END:VCALENDAR\r\n"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// `PRODID`: who made the calendar.
    pub product: String,
    /// The calendar's name (`X-WR-CALNAME`), when given.
    pub name: Option<String>,
    /// The events, written in this order.
    pub events: Vec<Event>,
}

impl Default for Calendar {
    /// No name, no events, [`PRODUCT_ID`].
    fn default() -> Self {
        Calendar {
            product: PRODUCT_ID.to_owned(),
            name: None,
            events: Vec::new(),
        }
    }
}

impl Calendar {
    /// One event per lesson (see [`Event::from_lesson`]), in the order
    /// given; `domain` ends every `UID`.
    pub fn from_lessons(lessons: &[Lesson], domain: &str) -> Self {
        Calendar {
            events: lessons
                .iter()
                .map(|lesson| Event::from_lesson(lesson, domain))
                .collect(),
            ..Calendar::default()
        }
    }

    /// The iCalendar text, lines ended with CRLF and folded at 75
    /// octets. `stamp` is every event's `DTSTAMP` (the time the calendar
    /// is made), written in UTC whatever its offset.
    pub fn to_ics(&self, stamp: OffsetDateTime) -> String {
        let utc = stamp.to_offset(UtcOffset::UTC);
        let stamp = format!(
            "{}Z",
            date_time(PrimitiveDateTime::new(utc.date(), utc.time()))
        );
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(&fold_line(text));
            out.push_str("\r\n");
        };
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line(&format!("PRODID:{}", escape_text(&self.product)));
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        if let Some(name) = &self.name {
            line(&format!("X-WR-CALNAME:{}", escape_text(name)));
        }
        for event in &self.events {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}", escape_text(&event.uid)));
            line(&format!("DTSTAMP:{stamp}"));
            line(&format!("DTSTART:{}", date_time(event.start)));
            line(&format!("DTEND:{}", date_time(event.end)));
            line(&format!("SUMMARY:{}", escape_text(&event.summary)));
            if let Some(location) = &event.location {
                line(&format!("LOCATION:{}", escape_text(location)));
            }
            if let Some(description) = &event.description {
                line(&format!("DESCRIPTION:{}", escape_text(description)));
            }
            if !event.categories.is_empty() {
                let categories: Vec<String> =
                    event.categories.iter().map(|c| escape_text(c)).collect();
                line(&format!("CATEGORIES:{}", categories.join(",")));
            }
            line(if event.cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            });
            line("TRANSP:OPAQUE");
            line("END:VEVENT");
        }
        line("END:VCALENDAR");
        out
    }
}

/// The iCalendar text of `lessons` (see [`Calendar::from_lessons`] and
/// [`Calendar::to_ics`]): `stamp` is the creation time in UTC
/// (`DTSTAMP`), `domain` ends the event `UID`s (`uid@domain`).
///
/// ```
/// use pronote_api::models::ical::lessons_to_ical;
/// use time::macros::datetime;
/// let ics = lessons_to_ical(&[], datetime!(2025-09-01 12:00), "example.org");
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
/// ```
pub fn lessons_to_ical(lessons: &[Lesson], stamp: PrimitiveDateTime, domain: &str) -> String {
    Calendar::from_lessons(lessons, domain).to_ics(stamp.assume_utc())
}

/// The domain of the `UID`s for an instance: the host name of its root
/// URL, without a port or user (`https://0750001a.index-education.net/pronote/`
/// gives `0750001a.index-education.net`), else `pronote`. Two schools may
/// have a lesson of the same subject and class at the same time: the host
/// keeps their events apart. The port is left out: it is no part of a
/// domain name, and a local server may listen on another port each time.
///
/// ```
/// use pronote_api::models::ical::uid_domain;
/// assert_eq!(uid_domain("https://demo.example/pronote/"), "demo.example");
/// assert_eq!(uid_domain("http://127.0.0.1:8080/"), "127.0.0.1");
/// assert_eq!(uid_domain("http://[::1]:8080/pronote/"), "[::1]");
/// assert_eq!(uid_domain("no scheme"), "pronote");
/// ```
pub fn uid_domain(root: &str) -> &str {
    root.split_once("://")
        .and_then(|(_, rest)| rest.split(['/', '?', '#']).next())
        .map(|authority| {
            authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host)
        })
        .map(|host| match host.find(']') {
            Some(end) if host.starts_with('[') => host.get(..=end).unwrap_or(host),
            _ => host.split(':').next().unwrap_or(host),
        })
        .filter(|host| !host.is_empty())
        .unwrap_or("pronote")
}

/// What a lesson is called: the subject, else the title of a detention
/// or outing, else "Retenue", "Sortie pédagogique" or "Cours"; followed
/// by " (annulé)" when cancelled, since many calendars show no
/// `STATUS:CANCELLED`.
///
/// ```
/// # use pronote_api::models::timetable::Lesson;
/// # use pronote_api::models::ids::LessonId;
/// # use time::macros::datetime;
/// use pronote_api::models::ical::lesson_summary;
/// let mut lesson = Lesson::new(LessonId::new("1#a"), datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00));
/// lesson.cancelled = true;
/// lesson.detention = true;
/// // A cancelled detention without a title.
/// assert_eq!(lesson_summary(&lesson), "Retenue (annulé)");
/// ```
pub fn lesson_summary(lesson: &Lesson) -> String {
    let base = lesson
        .subject
        .as_ref()
        .map(|s| s.name.clone())
        .or_else(|| lesson.title.clone())
        .unwrap_or_else(|| {
            if lesson.detention {
                "Retenue".to_owned()
            } else if lesson.outing.is_some() {
                "Sortie pédagogique".to_owned()
            } else {
                "Cours".to_owned()
            }
        });
    if lesson.cancelled {
        format!("{base} (annulé)")
    } else {
        base
    }
}

fn lesson_category(lesson: &Lesson) -> Option<&'static str> {
    if lesson.detention {
        Some("Retenue")
    } else if lesson.outing.is_some() {
        Some("Sortie")
    } else if lesson.test {
        Some("Devoir")
    } else {
        None
    }
}

fn lesson_description(lesson: &Lesson) -> String {
    let mut lines = Vec::new();
    if !lesson.teachers.is_empty() {
        lines.push(lesson.teachers.join(", "));
    }
    if !lesson.groups.is_empty() {
        lines.push(lesson.groups.join(", "));
    }
    if let Some(status) = &lesson.status {
        lines.push(status.clone());
    }
    if lesson.test {
        lines.push("Devoir prévu".to_owned());
    }
    if let Some(memo) = &lesson.memo {
        lines.push(memo.clone());
    }
    for link in &lesson.visio_links {
        lines.push(link.url.clone());
    }
    lines.join("\n")
}

/// `YYYYMMDDTHHMMSS`.
fn date_time(at: PrimitiveDateTime) -> String {
    let mut s = String::with_capacity(15);
    let _ = write!(
        s,
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    s
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` as `\\` `\;`
/// `\,`, a line break (LF, CRLF or a lone CR) as `\n`; other control
/// characters, which TEXT does not allow, are dropped.
///
/// ```
/// use pronote_api::models::ical::escape_text;
/// assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
/// ```
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line (without its CRLF) into physical lines of at
/// most 75 octets, continuation lines starting with one space (RFC 5545
/// §3.1), never splitting a UTF-8 character.
///
/// ```
/// use pronote_api::models::ical::fold_line;
/// let long = format!("SUMMARY:{}", "é".repeat(100));
/// let folded = fold_line(&long);
/// assert!(folded.split("\r\n").all(|l| l.len() <= 75));
/// assert_eq!(folded.replace("\r\n ", ""), long);
/// assert_eq!(fold_line("SHORT"), "SHORT");
/// ```
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 74 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]
mod tests {
    use time::macros::datetime;

    use super::*;

    /// A small reader for the tests: checks the physical lines (CRLF,
    /// 75 octets), unfolds them, and gives each content line as its name
    /// (parameters kept) and its unescaped value.
    fn parse(text: &str) -> Vec<(String, String)> {
        let body = text.strip_suffix("\r\n").expect("a final CRLF");
        let mut logical: Vec<String> = Vec::new();
        for physical in body.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
            assert!(!physical.contains(['\r', '\n']), "bare line break");
            match physical.strip_prefix(' ') {
                Some(rest) => logical.last_mut().expect("not first").push_str(rest),
                None => logical.push(physical.to_owned()),
            }
        }
        logical
            .into_iter()
            .map(|line| {
                let (name, value) = line.split_once(':').expect("a colon");
                let mut out = String::new();
                let mut chars = value.chars();
                while let Some(c) = chars.next() {
                    if c != '\\' {
                        out.push(c);
                        continue;
                    }
                    match chars.next() {
                        Some('n' | 'N') => out.push('\n'),
                        Some(e @ ('\\' | ';' | ',')) => out.push(e),
                        other => panic!("bad escape {other:?} in {line}"),
                    }
                }
                (name.to_owned(), out)
            })
            .collect()
    }

    fn event(summary: &str, description: &str) -> Event {
        Event {
            uid: "0123456789abcdef@demo.example".to_owned(),
            start: datetime!(2025-09-08 9:00),
            end: datetime!(2025-09-08 10:00),
            summary: summary.to_owned(),
            location: Some("Salle 1, bâtiment B; étage 2".to_owned()),
            description: Some(description.to_owned()),
            categories: vec!["Devoir".to_owned(), "a,b".to_owned()],
            cancelled: true,
        }
    }

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        for text in [
            format!("DESCRIPTION:{}", "é".repeat(80)),
            format!("X:{}", "€".repeat(200)),
            format!("X:{}", "🎓a".repeat(60)),
            "x".repeat(75),
            "x".repeat(76),
        ] {
            let folded = fold_line(&text);
            for part in folded.split("\r\n") {
                assert!(part.len() <= 75, "{}", part.len());
            }
            assert_eq!(folded.replace("\r\n ", ""), text);
        }
        assert_eq!(fold_line(&"x".repeat(75)), "x".repeat(75));
        assert_eq!(fold_line("short"), "short");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\rg"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("bell\u{7}\ttab"), "bell\ttab");
    }

    #[test]
    fn the_text_parses_back() {
        let summary = format!("Maths; algèbre, géométrie \\ {}", "é".repeat(50));
        let description = "M. DUPONT\n3A, 3B\nDevoir prévu: chapitre 2; exercices 1,2".to_owned();
        let calendar = Calendar {
            name: Some("PRONOTE – ROBERT Léa, 3A".to_owned()),
            events: vec![event(&summary, &description), {
                let mut e = event("Anglais", "");
                e.cancelled = false;
                e.location = None;
                e.description = None;
                e.categories = Vec::new();
                e
            }],
            ..Calendar::default()
        };
        let text = calendar.to_ics(datetime!(2025-09-01 14:00 +2));
        assert!(!text.replace("\r\n", "").contains('\n'), "LF without CR");
        assert!(text.contains("\r\n "), "a long line is folded");
        let lines = parse(&text);
        let get = |name: &str| -> Vec<&str> {
            lines
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(lines.first().unwrap().1, "VCALENDAR");
        assert_eq!(lines.last().unwrap(), &("END".into(), "VCALENDAR".into()));
        assert_eq!(get("X-WR-CALNAME"), ["PRONOTE – ROBERT Léa, 3A"]);
        assert_eq!(get("BEGIN"), ["VCALENDAR", "VEVENT", "VEVENT"]);
        assert_eq!(get("SUMMARY"), [summary.as_str(), "Anglais"]);
        assert_eq!(get("DESCRIPTION"), [description.as_str()]);
        assert_eq!(get("LOCATION"), ["Salle 1, bâtiment B; étage 2"]);
        // Several categories: the separating comma is not escaped.
        assert!(text.contains("\r\nCATEGORIES:Devoir,a\\,b\r\n"));
        assert_eq!(get("STATUS"), ["CANCELLED", "CONFIRMED"]);
        assert_eq!(get("DTSTAMP"), ["20250901T120000Z"; 2]);
        assert_eq!(get("DTSTART"), ["20250908T090000"; 2]);
        assert_eq!(get("UID"), ["0123456789abcdef@demo.example"; 2]);
    }
}
