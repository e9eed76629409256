//! Downloads: `FichiersExternes/{hex}/{name}?Session={h}` (attachments and
//! generated PDFs) and the iCal feed.
//!
//! The `hex` part is `AES(session key, session IV, {"N": id, "Actif":
//! true, …})`, as clients build it from an attachment's id. pronotepy pads
//! the JSON before encrypting (so it is padded twice): both forms are
//! accepted.

use hyper::StatusCode;
use hyper::header::{CONTENT_DISPOSITION, HeaderValue};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use pronote_api::models::ical::{Calendar, Event};
use serde_json::Value;

use crate::functions::{Ctx, kind};
use crate::http::{HttpResponse, query_pairs, respond};
use crate::server::Shared;
use crate::session::Step;

/// The relative path of a file (what `GenerationPDF` answers in `url`).
pub(crate) fn file_path(ctx: &Ctx<'_>, key: &str, name: &str) -> String {
    let id = ctx.id(kind::FILE, key);
    let plain = serde_json::json!({"N": id, "Actif": true}).to_string();
    let hex = ctx.session.cipher.encrypt_hex(plain.as_bytes());
    format!(
        "FichiersExternes/{hex}/{}?Session={}",
        utf8_percent_encode(name, NON_ALPHANUMERIC),
        ctx.session.id
    )
}

fn strip_pkcs7(bytes: &[u8]) -> Option<&[u8]> {
    let pad = usize::from(*bytes.last()?);
    if pad == 0 || pad > 16 || pad > bytes.len() {
        return None;
    }
    let (body, padding) = bytes.split_at(bytes.len() - pad);
    padding
        .iter()
        .all(|b| usize::from(*b) == pad)
        .then_some(body)
}

fn missing(shared: &Shared) -> HttpResponse {
    respond(
        shared,
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        crate::page::message_page("Le fichier demand\u{e9} n'existe pas."),
    )
}

/// Serves `FichiersExternes/…`.
pub(crate) fn external_file(shared: &Shared, rest: &str, query: Option<&str>) -> HttpResponse {
    let mut parts = rest.splitn(3, '/');
    let (Some(_), Some(hex_part)) = (parts.next(), parts.next()) else {
        return missing(shared);
    };
    let params = query_pairs(query);
    let Some(session_id) = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Session"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
    else {
        return missing(shared);
    };
    let Some(session_ref) = shared.sessions.get(session_id) else {
        return missing(shared);
    };
    let (key, genre) = {
        let session = session_ref.lock().unwrap_or_else(|e| e.into_inner());
        let idle = std::time::Instant::now().saturating_duration_since(session.last_seen);
        if !matches!(session.step, Step::Ready { .. }) || idle > shared.config.session_timeout {
            return missing(shared);
        }
        let Ok(plain) = session.cipher.decrypt_hex(hex_part, "file id") else {
            return missing(shared);
        };
        let parsed = serde_json::from_slice::<Value>(&plain)
            .ok()
            .or_else(|| strip_pkcs7(&plain).and_then(|p| serde_json::from_slice::<Value>(p).ok()));
        let Some(object) = parsed else {
            return missing(shared);
        };
        let Some(key) = object
            .get("N")
            .and_then(Value::as_str)
            .and_then(|n| session.ids.decode(n))
        else {
            return missing(shared);
        };
        let genre = object.get("G").and_then(Value::as_str).map(str::to_owned);
        (key, genre)
    };
    let uploaded = key.strip_prefix("up:").and_then(|rest| {
        let (s, i) = rest.split_once(':')?;
        let k = (s.parse::<usize>().ok()?, i.parse::<usize>().ok()?);
        shared.store().homework_files.get(&k).cloned()
    });
    let photo = key.starts_with("st:");
    let (name, content_type, bytes) = match uploaded {
        Some(file) => (file.name, "application/octet-stream", file.bytes),
        None if photo => ("photo.png".to_owned(), "image/png", portrait_png()),
        None => {
            let Some((name, lines)) = resolve(shared, &key, genre.as_deref()) else {
                return missing(shared);
            };
            (name, "application/pdf", pdf(&lines))
        }
    };
    let mut response = respond(shared, StatusCode::OK, content_type, bytes);
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{ascii}\"")) {
        response.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    response
}

/// The file behind an internal key: its name and the text of its PDF.
fn resolve(shared: &Shared, key: &str, genre: Option<&str>) -> Option<(String, Vec<String>)> {
    let demo = &shared.demo;
    if let Some(index) = key.strip_prefix("f:").and_then(|k| k.parse::<usize>().ok()) {
        let file = demo.files.get(index)?;
        return Some((file.name.clone(), file.text.clone()));
    }
    if let Some(rest) = key.strip_prefix("g:") {
        let mut parts = rest.split(':').map(str::parse::<usize>);
        let (Some(Ok(s)), Some(Ok(i))) = (parts.next(), parts.next()) else {
            return None;
        };
        let (subject_file, correction_file) = demo.students.get(s)?.grades.get(i)?.files?;
        let index = if genre == Some("DevoirCorrige") {
            correction_file
        } else {
            subject_file
        };
        let file = demo.files.get(index)?;
        return Some((file.name.clone(), file.text.clone()));
    }
    if let Some(rest) = key.strip_prefix("pdf:bulletin:") {
        let (s, period) = rest.split_once(':')?;
        let student = demo.students.get(s.parse::<usize>().ok()?)?;
        let period = demo.period_by_key(period)?;
        let report = student.reports.iter().find(|r| r.period == period.key)?;
        let mut lines = vec![
            demo.school.name.clone(),
            format!("Bulletin - {}", period.name),
            student.full_name(),
            String::new(),
        ];
        for line in &report.subjects {
            lines.push(format!(
                "{} : {}",
                demo.subject(line.subject).name,
                line.appreciation
            ));
        }
        lines.push(String::new());
        lines.push(report.general.to_owned());
        return Some((
            format!("Bulletin_{}.pdf", period.name.replace(' ', "_")),
            lines,
        ));
    }
    if let Some(rest) = key.strip_prefix("pdf:edt:") {
        let mut parts = rest.split(':');
        let student = demo.students.get(parts.next()?.parse::<usize>().ok()?)?;
        let class = demo.classes.get(student.class)?;
        let mut lines = vec![format!(
            "Emploi du temps - {} ({})",
            student.full_name(),
            class.name
        )];
        // The layout the request asked for (see `generation_pdf`).
        for part in parts {
            if part == "portrait" {
                lines.push("Format portrait".to_owned());
            } else if let Some((first, last)) =
                part.strip_prefix('w').and_then(|w| w.split_once('-'))
            {
                lines.push(format!("Semaines {first} a {last}"));
            }
        }
        lines.push(String::new());
        const DAYS: [&str; 5] = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"];
        for slot in &class.template {
            lines.push(format!(
                "{} {} - {} ({})",
                DAYS.get(usize::try_from(slot.weekday).unwrap_or(0))
                    .copied()
                    .unwrap_or(""),
                crate::data::calendar::hour_label(demo.calendar.grid.start(slot.place)),
                demo.subject(slot.subject).name,
                slot.room
            ));
        }
        return Some(("Emploi_du_temps.pdf".to_owned(), lines));
    }
    None
}

/// Replaces what the PDF's standard font cannot show.
fn pdf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mapped = match c {
            '\u{e0}' | '\u{e2}' | '\u{e4}' => 'a',
            '\u{e9}' | '\u{e8}' | '\u{ea}' | '\u{eb}' => 'e',
            '\u{ee}' | '\u{ef}' => 'i',
            '\u{f4}' | '\u{f6}' => 'o',
            '\u{f9}' | '\u{fb}' | '\u{fc}' => 'u',
            '\u{e7}' => 'c',
            '\u{c9}' | '\u{c8}' | '\u{ca}' => 'E',
            '\u{c0}' | '\u{c2}' => 'A',
            '\u{c7}' => 'C',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '?',
        };
        if matches!(mapped, '(' | ')' | '\\') {
            out.push('\\');
        }
        out.push(mapped);
    }
    out
}

/// A small, valid one-page PDF showing `lines`.
pub(crate) fn pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 50 790 Td 16 TL\n");
    for line in lines.iter().take(45) {
        content.push_str(&format!("({}) Tj T*\n", pdf_text(line)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Serves the iCal feed `ical/mesinformations.ics?icalsecurise=…&param=…`,
/// written by the workspace's one iCalendar writer
/// ([`pronote_api::models::ical`]).
pub(crate) fn ical(shared: &Shared, query: Option<&str>) -> HttpResponse {
    let params = query_pairs(query);
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(token), Some(param)) = (get("icalsecurise"), get("param")) else {
        return missing(shared);
    };
    let demo = &shared.demo;
    let Some(account) = demo.accounts.iter().find(|a| a.ical_token == token) else {
        return missing(shared);
    };
    // `param` is `E<student>` (PageInfosPerso) or, from older clients,
    // hex of `lh=<shift>`: then the account's (first) student.
    let default_student = match &account.kind {
        crate::data::AccountKind::Student(s) => Some(*s),
        crate::data::AccountKind::Parent { children, .. } => children.first().copied(),
        _ => None,
    };
    let Some(student_index) = param
        .strip_prefix('E')
        .and_then(|s| s.parse::<usize>().ok())
        .or(default_student)
    else {
        return missing(shared);
    };
    let allowed = match &account.kind {
        crate::data::AccountKind::Student(s) => *s == student_index,
        crate::data::AccountKind::Parent { children, .. } => children.contains(&student_index),
        _ => false,
    };
    let Some(student) = demo.students.get(student_index).filter(|_| allowed) else {
        return missing(shared);
    };
    let events = student
        .lessons
        .iter()
        .enumerate()
        .map(|(i, lesson)| {
            let (start, end) = demo
                .calendar
                .grid
                .span(lesson.date, lesson.place, lesson.duration);
            let summary = match (lesson.subject, lesson.outing, lesson.detention) {
                (_, Some(title), _) => title.to_owned(),
                (_, _, true) => "Retenue".to_owned(),
                (Some(s), _, _) => demo.subject(s).name.to_owned(),
                _ => "Cours".to_owned(),
            };
            Event {
                // The feed's own identity (as PRONOTE's feed has its own):
                // the student and the lesson's place in the generated
                // year, the same for every request.
                uid: format!("{}-{i}@pronote-server", student.key),
                start,
                end,
                summary,
                location: (!lesson.room.is_empty()).then(|| lesson.room.clone()),
                description: lesson
                    .teacher
                    .and_then(|t| demo.teachers.get(t))
                    .map(|teacher| teacher.full_name()),
                categories: Vec::new(),
                cancelled: lesson.cancelled,
            }
        })
        .collect();
    let calendar = Calendar {
        product: "-//pronote-rs//pronote-server//FR".to_owned(),
        name: Some(format!("Emploi du temps de {}", student.full_name())),
        events,
    };
    let out = calendar.to_ics(shared.now().assume_utc());
    respond(shared, StatusCode::OK, "text/calendar; charset=utf-8", out)
}

/// A small generated portrait (PNG, 16×16, a face-coloured disc on a
/// blue background): the demo students' profile picture.
pub(crate) fn portrait_png() -> Vec<u8> {
    use std::io::Write;
    const SIZE: u32 = 16;
    let mut raw = Vec::with_capacity(((SIZE * 3 + 1) * SIZE) as usize);
    for y in 0..SIZE {
        raw.push(0); // no filter
        for x in 0..SIZE {
            let (dx, dy) = (x as i32 - 8, y as i32 - 7);
            let pixel = if dx * dx + dy * dy <= 25 {
                [233, 190, 160]
            } else {
                [70, 110, 180]
            };
            raw.extend_from_slice(&pixel);
        }
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = zlib.write_all(&raw);
    let idat = zlib.finish().unwrap_or_default();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&SIZE.to_be_bytes());
    ihdr.extend_from_slice(&SIZE.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", ihdr.as_slice()),
        (b"IDAT", idat.as_slice()),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_is_well_formed() {
        let bytes = pdf(&["Bonjour (test) \u{e9}t\u{e9}".to_owned()]);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.ends_with("%%EOF\n"));
        assert!(text.contains("(Bonjour \\(test\\) ete) Tj"));
        let xref_at: usize = text
            .lines()
            .rev()
            .nth(1)
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        assert!(bytes[xref_at..].starts_with(b"xref"));
    }

    #[test]
    fn pkcs7() {
        assert_eq!(strip_pkcs7(b"abc\x02\x02"), Some(&b"abc"[..]));
        assert_eq!(strip_pkcs7(b"abc\x02\x03"), None);
        assert_eq!(strip_pkcs7(b""), None);
    }
}
