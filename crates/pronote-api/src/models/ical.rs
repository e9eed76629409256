//! A local iCalendar (RFC 5545) export of timetable lessons, with the
//! text escaping (§3.3.11) and the 75-octet line folding (§3.1) the
//! format requires.
//!
//! Times are written as floating local times (the school's wall clock),
//! as PRONOTE shows them; `DTSTAMP` is the UTC time given by the caller.

use std::fmt::Write as _;

use time::PrimitiveDateTime;

use super::timetable::Lesson;

/// The iCalendar text (`VCALENDAR`, one `VEVENT` per lesson), lines ended
/// with CRLF. `stamp` is the creation time, in UTC (`DTSTAMP`); `domain`
/// makes the event `UID`s unique (`lesson-id@domain`).
///
/// ```
/// use pronote_api::models::ical::{escape_text, fold_line, lessons_to_ical};
/// use time::macros::datetime;
/// assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
/// let long = format!("SUMMARY:{}", "x".repeat(100));
/// assert!(fold_line(&long).split("\r\n").all(|l| l.len() <= 75));
/// let ics = lessons_to_ical(&[], datetime!(2025-09-01 12:00), "example.org");
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
/// ```
pub fn lessons_to_ical(lessons: &[Lesson], stamp: PrimitiveDateTime, domain: &str) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&fold_line(&text));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".to_owned());
    line("VERSION:2.0".to_owned());
    line("PRODID:-//pronote-rs//pronote-api//FR".to_owned());
    line("CALSCALE:GREGORIAN".to_owned());
    for lesson in lessons {
        let summary = lesson
            .subject
            .as_ref()
            .map(|s| s.name.clone())
            .or_else(|| lesson.title.clone())
            .unwrap_or_else(|| "Cours".to_owned());
        line("BEGIN:VEVENT".to_owned());
        line(format!(
            "UID:{}@{}",
            escape_text(&lesson.id.to_string()),
            domain
        ));
        line(format!("DTSTAMP:{}Z", ical_date_time(stamp)));
        line(format!("DTSTART:{}", ical_date_time(lesson.start)));
        line(format!("DTEND:{}", ical_date_time(lesson.end)));
        line(format!("SUMMARY:{}", escape_text(&summary)));
        if !lesson.rooms.is_empty() {
            line(format!(
                "LOCATION:{}",
                escape_text(&lesson.rooms.join(", "))
            ));
        }
        let mut description = Vec::new();
        if !lesson.teachers.is_empty() {
            description.push(lesson.teachers.join(", "));
        }
        if !lesson.groups.is_empty() {
            description.push(lesson.groups.join(", "));
        }
        if let Some(status) = &lesson.status {
            description.push(status.clone());
        }
        if !description.is_empty() {
            line(format!(
                "DESCRIPTION:{}",
                escape_text(&description.join("\n"))
            ));
        }
        if lesson.cancelled {
            line("STATUS:CANCELLED".to_owned());
        }
        line("END:VEVENT".to_owned());
    }
    line("END:VCALENDAR".to_owned());
    out
}

/// `YYYYMMDDTHHMMSS`.
fn ical_date_time(at: PrimitiveDateTime) -> String {
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

/// Escapes a TEXT value: `\` `;` `,` and newlines (RFC 5545 §3.3.11).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Folds a content line into lines of at most 75 octets, continuation
/// lines starting with a space (RFC 5545 §3.1), never splitting a UTF-8
/// character.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
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
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let line = format!("DESCRIPTION:{}", "é".repeat(80));
        let folded = fold_line(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{}", part.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold_line("short"), "short");
    }
}
