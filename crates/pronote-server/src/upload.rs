//! `POST uploadfilesession/{a}/{h}`: a file handed in for homework
//! (before `SaisieTAFARendreEleve` names it). A multipart form with the
//! encrypted order number (`u_no` / `numeroOrdre`), the session (`u_ns` /
//! `numeroSession`), the function (`u_idR` / `nomRequete`), the file's
//! client id (`u_idF` / `idFichier`) and the file (`files[]`). The upload
//! consumes two order numbers, like a call; the reply is `{"etat": n}`
//! (3 would mean "still uploading", 0 and 2 failures).

use std::time::Instant;

use pronote_proto::order;
use serde_json::json;

use crate::server::Shared;

/// Largest file accepted (`tailleMaxRenduTafEleve`).
pub(crate) const MAX_FILE: usize = 4 * 1024 * 1024;

/// A file waiting for `SaisieTAFARendreEleve`.
#[derive(Debug, Clone)]
pub(crate) struct Uploaded {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

struct Part<'a> {
    name: String,
    filename: Option<String>,
    body: &'a [u8],
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header_param(line: &str, key: &str) -> Option<String> {
    let pattern = format!("{key}=\"");
    let start = line.find(&pattern)? + pattern.len();
    let end = line[start..].find('"')? + start;
    Some(line[start..end].to_owned())
}

/// Splits a multipart body.
fn parts<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let Some(head_end) = find(rest, b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| find(rest, b"\n\n").map(|i| (i, 2)))
        else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_end.0]).into_owned();
        let content = &rest[head_end.0 + head_end.1..];
        let end = find(content, delimiter.as_bytes()).unwrap_or(content.len());
        let mut data = &content[..end];
        if data.ends_with(b"\r\n") {
            data = &data[..data.len() - 2];
        } else if data.ends_with(b"\n") {
            data = &data[..data.len() - 1];
        }
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or("");
        out.push(Part {
            name: header_param(disposition, "name").unwrap_or_default(),
            filename: header_param(disposition, "filename"),
            body: data,
        });
        rest = &content[end..];
    }
    out
}

/// The parts of a multipart body as the upload endpoint reads them: each
/// part's field name, its file name when it has one, and its bytes (a
/// slice of `body`). Public for the fuzz targets only.
#[doc(hidden)]
pub fn multipart_parts<'a>(
    body: &'a [u8],
    boundary: &str,
) -> Vec<(String, Option<String>, &'a [u8])> {
    parts(body, boundary)
        .into_iter()
        .map(|p| (p.name, p.filename, p.body))
        .collect()
}

fn etat(code: u32) -> Vec<u8> {
    json!({"etat": code}).to_string().into_bytes()
}

/// Handles one upload; always answers `{"etat": n}`.
pub(crate) fn handle(shared: &Shared, rest: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut path = rest.split('/');
    let (Some(_), Some(espace), Some(session_id)) = (path.next(), path.next(), path.next()) else {
        return etat(2);
    };
    let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
    else {
        return etat(2);
    };
    let Some(session_ref) = session_id
        .parse::<u64>()
        .ok()
        .and_then(|id| shared.sessions.get(id))
    else {
        return etat(2);
    };
    let fields = parts(body, &boundary);
    let text = |names: &[&str]| {
        fields
            .iter()
            .find(|p| names.contains(&p.name.as_str()))
            .map(|p| String::from_utf8_lossy(p.body).into_owned())
    };
    let mut session = session_ref.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    if now.saturating_duration_since(session.last_seen) > shared.config.session_timeout
        || espace.parse::<u32>().ok() != Some(session.espace)
        || session.account().is_none()
    {
        return etat(2);
    }
    let Some(wire) = text(&["u_no", "numeroOrdre"]) else {
        return etat(2);
    };
    match order::decode(&session.cipher, wire.trim()) {
        Ok(n) if n == session.next_order => {
            session.next_order = session.next_order.saturating_add(2)
        }
        _ => return etat(2),
    }
    session.last_seen = now;
    let (Some(file_id), Some(file)) = (
        text(&["u_idF", "idFichier"]),
        fields
            .iter()
            .find(|p| p.name == "files[]" && p.filename.is_some()),
    ) else {
        return etat(2);
    };
    if file.body.len() > MAX_FILE || session.uploads.len() >= 20 {
        return etat(2);
    }
    let name = file
        .filename
        .as_deref()
        .map(crate::http::decode_component)
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    session.uploads.insert(
        file_id.trim().chars().take(100).collect(),
        Uploaded {
            name,
            bytes: file.body.to_vec(),
        },
    );
    etat(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"u_no\"\r\n\r\nabc\r\n--XX\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"a%20b.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n";
        let p = parts(body, "XX");
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].name.as_str(), p[0].body), ("u_no", &b"abc"[..]));
        assert_eq!(p[1].filename.as_deref(), Some("a%20b.txt"));
        assert_eq!(p[1].body, b"hello");
        assert!(parts(b"garbage", "XX").is_empty());
    }
}
