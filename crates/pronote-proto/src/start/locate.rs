//! Finding the `Start({...})` call in a page.
//!
//! The call appears either in an event-handler attribute
//! (`<body onload="try { Start ({h:'1',a:3}) } catch (e) {}">`), where the
//! browser decodes HTML entities (`&quot;`) before running the code, or in a
//! `<script>`, where it does not. A small linear scan of the HTML records
//! where attribute values and comments lie; each `Start` candidate is then
//! read in its context.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::literal::{self, MAX_LITERAL_BYTES};
use crate::error::DecodeError;

/// At most this many `Start(` candidates are tried, so that a page full of
/// broken calls costs bounded work.
const MAX_CANDIDATES: usize = 32;

/// An entity-encoded literal may be this many times longer than the
/// decoded one (`"` → `&quot;`).
const ENCODED_FACTOR: usize = 6;

/// What a span of the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpanKind {
    /// The value of a tag attribute (entities apply).
    Attribute,
    /// An HTML comment (never executed).
    Comment,
}

/// A byte range of the page, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    kind: SpanKind,
}

/// The object literal passed to the first readable `Start(...)` call:
/// `Ok(None)` when the page has no `Start ( {` at all, an error when it has
/// some but none reads.
pub(super) fn find_start_literal(html: &str) -> Result<Option<Map<String, Value>>, DecodeError> {
    let spans = scan_html(html);
    let mut first_error = None;
    let mut tried = 0;
    for (pos, _) in html.match_indices("Start") {
        if tried >= MAX_CANDIDATES {
            break;
        }
        let Some(brace) = call_brace(html, pos) else {
            continue;
        };
        let span = span_at(&spans, pos);
        if span.is_some_and(|s| s.kind == SpanKind::Comment) {
            continue;
        }
        tried += 1;
        let attribute_end = span.map(|s| s.end);
        match read_literal(html, brace, attribute_end) {
            Ok(map) => return Ok(Some(map)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(None),
    }
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphanumeric()
}

/// When `Start` at `pos` is a call with an object literal (`Start`, not
/// part of a longer name, then optional whitespace, `(`, optional
/// whitespace and `{`), the offset of the `{`.
fn call_brace(html: &str, pos: usize) -> Option<usize> {
    let before = html.get(..pos)?;
    if before.chars().next_back().is_some_and(is_ident_char) {
        return None;
    }
    let mut i = pos + "Start".len();
    let mut seen_paren = false;
    loop {
        let c = html.get(i..)?.chars().next()?;
        match c {
            c if c.is_whitespace() => i += c.len_utf8(),
            '(' if !seen_paren => {
                seen_paren = true;
                i += 1;
            }
            '{' if seen_paren => return Some(i),
            _ => return None,
        }
    }
}

/// The span containing `pos`, if any (`spans` are sorted and disjoint).
fn span_at(spans: &[Span], pos: usize) -> Option<Span> {
    let idx = spans.partition_point(|s| s.start <= pos);
    let span = *spans.get(idx.checked_sub(1)?)?;
    (pos < span.end).then_some(span)
}

/// Reads the literal starting at `brace`; inside an attribute value ending
/// at `attribute_end`, entities are decoded first.
fn read_literal(
    html: &str,
    brace: usize,
    attribute_end: Option<usize>,
) -> Result<Map<String, Value>, DecodeError> {
    let max_end = floor_char_boundary(
        html,
        brace.saturating_add(MAX_LITERAL_BYTES * ENCODED_FACTOR),
    );
    let tail = match attribute_end {
        Some(end) => html.get(brace..end.min(max_end)),
        None => html.get(brace..),
    }
    .unwrap_or("");
    if attribute_end.is_some() {
        let decoded = decode_entities(tail);
        return literal::parse_object_prefix(&decoded).map(|(map, _)| map);
    }
    match literal::parse_object_prefix(tail) {
        Ok((map, _)) => Ok(map),
        // Outside any recognised attribute but entity-encoded all the same
        // (a fragment, or HTML this scan misread): decode and retry.
        Err(e) => {
            let bounded = tail
                .get(..floor_char_boundary(tail, MAX_LITERAL_BYTES * ENCODED_FACTOR))
                .unwrap_or("");
            if bounded.contains("&quot;") || bounded.contains("&#") || bounded.contains("&apos;") {
                let decoded = decode_entities(bounded);
                literal::parse_object_prefix(&decoded)
                    .map(|(map, _)| map)
                    .map_err(|_| e)
            } else {
                Err(e)
            }
        }
    }
}

fn decode_entities(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        html_escape::decode_html_entities(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// The largest char boundary of `s` not after `max`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Finds `needle` (ASCII) in `bytes` from `from`, ignoring ASCII case.
fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

fn find_bytes(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// One linear pass over the page recording attribute values and comments,
/// in order. Every offset recorded sits next to an ASCII delimiter or at
/// an end of the page, so it is a char boundary.
fn scan_html(html: &str) -> Vec<Span> {
    let b = html.as_bytes();
    let n = b.len();
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(lt) = find_bytes(b, i, b"<") {
        let next = b.get(lt + 1).copied();
        if b.get(lt..lt + 4) == Some(b"<!--") {
            let end = find_bytes(b, lt + 4, b"-->").map_or(n, |e| e + 3);
            spans.push(Span {
                start: lt,
                end,
                kind: SpanKind::Comment,
            });
            i = end;
        } else if next.is_some_and(|c| c.is_ascii_alphabetic()) {
            i = scan_tag(b, lt, &mut spans);
        } else if matches!(next, Some(b'/' | b'!' | b'?')) {
            i = find_bytes(b, lt + 1, b">").map_or(n, |e| e + 1);
        } else {
            i = lt + 1;
        }
    }
    spans
}

/// Scans the start tag at `lt` (a `<` followed by a letter), records its
/// attribute values and returns the offset after it (after the element's
/// content for raw-text elements such as `<script>`).
fn scan_tag(b: &[u8], lt: usize, spans: &mut Vec<Span>) -> usize {
    let n = b.len();
    let mut k = lt + 1;
    while k < n && !is_html_space(b[k]) && b[k] != b'>' && b[k] != b'/' {
        k += 1;
    }
    let name = &b[lt + 1..k];
    loop {
        while k < n && (is_html_space(b[k]) || b[k] == b'/') {
            k += 1;
        }
        if k >= n {
            return n;
        }
        if b[k] == b'>' {
            k += 1;
            break;
        }
        // Attribute name: at least one byte (a leading `=` belongs to it).
        k += 1;
        while k < n && !is_html_space(b[k]) && !matches!(b[k], b'=' | b'>' | b'/') {
            k += 1;
        }
        while k < n && is_html_space(b[k]) {
            k += 1;
        }
        if k < n && b[k] == b'=' {
            k += 1;
            while k < n && is_html_space(b[k]) {
                k += 1;
            }
            match b.get(k).copied() {
                Some(q @ (b'"' | b'\'')) => {
                    let start = k + 1;
                    let end = find_bytes(b, start, &[q]).unwrap_or(n);
                    spans.push(Span {
                        start,
                        end,
                        kind: SpanKind::Attribute,
                    });
                    k = (end + 1).min(n);
                }
                _ => {
                    let start = k;
                    while k < n && !is_html_space(b[k]) && b[k] != b'>' {
                        k += 1;
                    }
                    spans.push(Span {
                        start,
                        end: k,
                        kind: SpanKind::Attribute,
                    });
                }
            }
        }
    }
    const RAW_TEXT: [&[u8]; 6] = [
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
    ];
    if RAW_TEXT.iter().any(|raw| raw.eq_ignore_ascii_case(name)) {
        let mut closing = Vec::with_capacity(name.len() + 2);
        closing.extend_from_slice(b"</");
        closing.extend_from_slice(name);
        return find_ignore_case(b, k, &closing).unwrap_or(n);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(html: &str) -> Option<Value> {
        find_start_literal(html).ok().flatten().map(Value::Object)
    }

    #[test]
    fn onload_attribute() {
        let html = r#"<html><body id="x" onload="try { Start ({h:'2052117',sCrA:true,a:3,d:true}) } catch (e) { messageErreur (e) }"></body></html>"#;
        assert_eq!(
            found(html),
            Some(json!({"h": "2052117", "sCrA": true, "a": 3, "d": true}))
        );
    }

    #[test]
    fn script_listener() {
        let html = r#"<script>window.addEventListener("load", () => {try{Start ({"h":1697793,"d":true,"a":3});} catch (e) {}})</script>"#;
        assert_eq!(found(html), Some(json!({"h": 1697793, "d": true, "a": 3})));
    }

    #[test]
    fn entity_encoded_attribute() {
        let html = r#"<body onload="Start({&quot;h&quot;:&quot;5&quot;,&quot;a&quot;:3,&quot;u&quot;:&quot;a&amp;b&quot;})">"#;
        assert_eq!(found(html), Some(json!({"h": "5", "a": 3, "u": "a&b"})));
        // Entities are decoded in attributes even when the literal also
        // reads raw.
        let html = r#"<body onload="Start({h:'5',a:3,u:'a&amp;b'})">"#;
        assert_eq!(found(html), Some(json!({"h": "5", "a": 3, "u": "a&b"})));
        // But not in scripts.
        let html = r#"<script>Start({h:'5',a:3,u:'a&amp;b'})</script>"#;
        assert_eq!(found(html), Some(json!({"h": "5", "a": 3, "u": "a&amp;b"})));
        // An encoded fragment outside any tag.
        let html = r#"Start({&quot;h&quot;:1,&quot;a&quot;:3})"#;
        assert_eq!(found(html), Some(json!({"h": 1, "a": 3})));
    }

    #[test]
    fn other_names_do_not_match() {
        for html in [
            "<script>StartLogin({h:1,a:3})</script>",
            "<script>onStart({h:1,a:3})</script>",
            "<script>_Start({h:1,a:3})</script>",
            "<script>Start2({h:1,a:3})</script>",
            "<script>Start = 1; Start(x)</script>",
            "<!-- Start({h:1,a:3}) -->",
            "<p>Starting</p>",
        ] {
            assert_eq!(find_start_literal(html), Ok(None), "{html}");
        }
        assert_eq!(
            found("<script>obj.onStart({h:1}); GApp.Start\n(\n{h:2,a:3})</script>"),
            Some(json!({"h": 2, "a": 3}))
        );
    }

    #[test]
    fn broken_literal_is_an_error_unless_a_later_one_reads() {
        assert!(find_start_literal("<script>Start({h:'1)</script>").is_err());
        assert_eq!(
            found("<script>Start({h:'1)</script><body onload=\"Start({h:'2',a:1})\">"),
            Some(json!({"h": "2", "a": 1}))
        );
    }

    #[test]
    fn scanner_handles_odd_html() {
        for html in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<a b=\"x",
            "<!--",
            "<script>",
            "</",
            "<a =x>",
            "<é>",
            "<a b=é c='é'>é",
            "<script>Start(",
            "<a onload='Start({h:1,a:2",
        ] {
            let _ = find_start_literal(html);
            let spans = scan_html(html);
            for s in &spans {
                assert!(s.start <= s.end && s.end <= html.len(), "{html:?}");
                assert!(html.is_char_boundary(s.start) && html.is_char_boundary(s.end));
            }
        }
        let spans = scan_html("<a x='1' y=\"2\" z=3><!--c--><SCRIPT>a<b='q'</script>");
        let kinds: Vec<_> = spans.iter().map(|s| (s.start, s.end, s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (6, 7, SpanKind::Attribute),
                (12, 13, SpanKind::Attribute),
                (17, 18, SpanKind::Attribute),
                (19, 27, SpanKind::Comment),
            ]
        );
    }

    #[test]
    fn candidates_are_bounded() {
        let html = "<script>Start({h:'".repeat(10_000);
        assert!(find_start_literal(&html).is_err());
    }
}
