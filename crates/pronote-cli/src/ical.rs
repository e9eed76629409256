//! A local iCalendar (RFC 5545) writer for timetable lessons: text
//! escaping (§3.3.11), line folding at 75 octets (§3.1) and CRLF line
//! ends.
//!
//! Lesson times are written as floating local times (no `Z`, no `TZID`):
//! PRONOTE gives the school's wall-clock time without a zone, and a
//! floating time shows at that wall-clock time in every calendar.

use pronote_api::models::timetable::Lesson;
use time::{OffsetDateTime, PrimitiveDateTime};

/// The product identifier.
const PRODID: &str = "-//pronote-rs//pronote-cli//EN";

/// The whole calendar for `lessons`. `stamp` is the `DTSTAMP` of every
/// event (the time of the export, UTC); `name` the calendar's name.
pub(crate) fn calendar(lessons: &[Lesson], name: &str, stamp: OffsetDateTime) -> String {
    let mut out = String::new();
    let stamp = utc_stamp(stamp);
    push(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, "VERSION:2.0");
    push(&mut out, &format!("PRODID:{PRODID}"));
    push(&mut out, "CALSCALE:GREGORIAN");
    push(&mut out, "METHOD:PUBLISH");
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for lesson in lessons {
        event(&mut out, lesson, &stamp);
    }
    push(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, lesson: &Lesson, stamp: &str) {
    let summary = lesson_summary(lesson);
    push(out, "BEGIN:VEVENT");
    push(out, &format!("UID:{}@pronote-rs", uid(lesson)));
    push(out, &format!("DTSTAMP:{stamp}"));
    push(out, &format!("DTSTART:{}", local_stamp(lesson.start)));
    push(out, &format!("DTEND:{}", local_stamp(lesson.end)));
    push(out, &format!("SUMMARY:{}", escape(&summary)));
    if !lesson.rooms.is_empty() {
        push(
            out,
            &format!("LOCATION:{}", escape(&lesson.rooms.join(", "))),
        );
    }
    let description = description(lesson);
    if !description.is_empty() {
        push(out, &format!("DESCRIPTION:{}", escape(&description)));
    }
    if let Some(category) = category(lesson) {
        push(out, &format!("CATEGORIES:{}", escape(category)));
    }
    push(
        out,
        if lesson.cancelled {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    push(out, "TRANSP:OPAQUE");
    push(out, "END:VEVENT");
}

/// What the lesson is called: the subject, else the title of a detention
/// or outing.
pub(crate) fn lesson_summary(lesson: &Lesson) -> String {
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

fn category(lesson: &Lesson) -> Option<&'static str> {
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

fn description(lesson: &Lesson) -> String {
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

/// A stable identifier: lesson ids are salted per session, so the UID is
/// a hash of what identifies the lesson (start, subject or title, groups).
fn uid(lesson: &Lesson) -> String {
    let key = format!(
        "{}|{}|{}|{}",
        lesson.start,
        lesson.subject.as_ref().map_or("", |s| s.name.as_str()),
        lesson.title.as_deref().unwrap_or(""),
        lesson.groups.join(",")
    );
    format!("{:016x}", fnv1a(key.as_bytes()))
}

/// FNV-1a, 64 bits (stable across builds, unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `20251118T080000`.
fn local_stamp(at: PrimitiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `20251118T070000Z`.
fn utc_stamp(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}Z",
        local_stamp(PrimitiveDateTime::new(utc.date(), utc.time()))
    )
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub(crate) fn escape(text: &str) -> String {
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
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets without splitting a
/// UTF-8 character, ended by CRLF.
fn push(out: &mut String, line: &str) {
    out.push_str(&fold(line));
}

/// Folds a content line (RFC 5545 §3.1): no physical line longer than 75
/// octets; continuation lines start with one space.
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 74 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// Checks the shape of a calendar (used by the tests): every physical
/// line at most 75 octets, CRLF ends, balanced components.
#[cfg(test)]
pub(crate) fn check(text: &str) -> Result<usize, String> {
    let mut depth = Vec::new();
    let mut events = 0;
    let body = text
        .strip_suffix("\r\n")
        .ok_or_else(|| "no final CRLF".to_owned())?;
    let mut logical: Vec<String> = Vec::new();
    for line in body.split("\r\n") {
        if line.len() > 75 {
            return Err(format!("line longer than 75 octets: {line}"));
        }
        if line.contains('\n') || line.contains('\r') {
            return Err("bare line break".to_owned());
        }
        if let Some(rest) = line.strip_prefix(' ') {
            let last = logical.last_mut().ok_or("continuation first")?;
            last.push_str(rest);
        } else {
            logical.push(line.to_owned());
        }
    }
    for line in &logical {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            depth.push(name.to_owned());
        } else if let Some(name) = line.strip_prefix("END:") {
            if depth.pop().as_deref() != Some(name) {
                return Err(format!("unbalanced END:{name}"));
            }
            if name == "VEVENT" {
                events += 1;
            }
        }
    }
    if !depth.is_empty() {
        return Err("unclosed component".to_owned());
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folding_never_splits_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(physical.len() <= 75, "{}", physical.len());
        }
        let joined: String = folded
            .trim_end_matches("\r\n")
            .split("\r\n")
            .enumerate()
            .map(|(i, l)| if i == 0 { l } else { &l[1..] })
            .collect();
        assert_eq!(joined, line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }

    #[test]
    fn an_empty_calendar_is_valid() {
        let text = calendar(&[], "x", OffsetDateTime::UNIX_EPOCH);
        assert_eq!(check(&text), Ok(0));
        assert!(text.contains("PRODID:"));
    }
}
