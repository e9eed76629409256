//! HTML fields (`_T` 21, and 27 "safe HTML"): homework descriptions,
//! messages, news.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::value_error;
use super::wire::{self, Scalar};

/// Tags after which text starts on a new line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// Tags whose content is not text.
const SKIPPED_TAGS: &[&str] = &["script", "style", "head", "title"];

/// An HTML fragment as the server sends it.
///
/// Kept as received; [`Html::to_plain_text`] gives readable text. Serde
/// writes `{"_T": 21, "V": "…"}` and reads that or a bare string.
///
/// ```
/// use pronote_proto::value::Html;
/// let html = Html::from("<p>Bonjour&nbsp;<b>&eacute;l&egrave;ves</b></p>");
/// assert_eq!(html.to_plain_text(), "Bonjour\u{a0}élèves");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Html(pub String);

impl Html {
    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text a reader sees: tags removed, entities decoded, `<br>` and
    /// block ends (`</p>`, `</div>`, `</li>`, …) as line breaks, runs of
    /// source whitespace collapsed to one space, `<script>`/`<style>`
    /// content dropped, no leading or trailing blank lines. Non-breaking
    /// spaces (`&nbsp;`) are kept as U+00A0.
    ///
    /// Broken markup never fails: a `<` that does not open a tag is text,
    /// and an unterminated tag ends the text.
    ///
    /// ```
    /// use pronote_proto::value::Html;
    /// let html = Html::from("<div>Exercice 1</div><div>p.&nbsp;42<br/>et   5 &lt; 6</div>");
    /// assert_eq!(html.to_plain_text(), "Exercice 1\np.\u{a0}42\net 5 < 6");
    /// ```
    pub fn to_plain_text(&self) -> String {
        to_plain_text(&self.0)
    }
}

impl From<String> for Html {
    fn from(value: String) -> Self {
        Html(value)
    }
}

impl From<&str> for Html {
    fn from(value: &str) -> Self {
        Html(value.to_owned())
    }
}

impl fmt::Display for Html {
    /// The markup as received.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Html {
    /// Writes `{"_T": 21, "V": "…"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::typed_text(serializer, 21, &self.0)
    }
}

impl<'de> Deserialize<'de> for Html {
    /// Reads `{"_T": _, "V": "…"}` or a bare string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match wire::scalar(deserializer, "an HTML string or {_T, V}")? {
            Scalar::Text(text) => Ok(Html(text.into_owned())),
            Scalar::Number(_) => Err(serde::de::Error::custom(value_error(
                "html",
                "expected a string, found a number",
            ))),
        }
    }
}

/// Accumulates text, collapsing whitespace and placing line breaks.
struct PlainText {
    out: String,
    pending_space: bool,
}

impl PlainText {
    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        for c in decoded.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.pending_space = false;
                self.out.push(c);
            }
        }
    }

    /// A `<br>`: always a new line.
    fn line_break(&mut self) {
        self.pending_space = false;
        self.out.push('\n');
    }

    /// A block edge: a new line unless already at the start of one.
    fn block_edge(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn finish(self) -> String {
        let trimmed = self.out.trim_end_matches('\n');
        let trimmed = trimmed.trim_start_matches('\n');
        trimmed.to_owned()
    }
}

fn to_plain_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut text = PlainText {
        out: String::with_capacity(html.len()),
        pending_space: false,
    };
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        let lt = pos + offset;
        let next = bytes.get(lt + 1).copied();
        let opens_tag = matches!(next, Some(b'a'..=b'z' | b'A'..=b'Z' | b'/' | b'!' | b'?'));
        if !opens_tag {
            pos = lt + 1;
            continue;
        }
        text.text(html.get(text_start..lt).unwrap_or(""));
        // Comments end at `-->`, other tags at the first `>` outside quotes.
        let end = if html.get(lt..).is_some_and(|s| s.starts_with("<!--")) {
            html.get(lt + 4..)
                .and_then(|s| s.find("-->"))
                .map(|i| lt + 4 + i + 3)
        } else {
            tag_end(bytes, lt + 1)
        };
        let Some(end) = end else {
            // Unterminated tag: the rest is markup, not text.
            return text.finish();
        };
        let tag = html.get(lt + 1..end.saturating_sub(1)).unwrap_or("");
        let (closing, name) = tag_name(tag);
        pos = end;
        if !closing && SKIPPED_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            pos = skip_element(html, end, name).unwrap_or(bytes.len());
        } else if name.eq_ignore_ascii_case("br") {
            text.line_break();
        } else if BLOCK_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            text.block_edge();
        }
        text_start = pos;
    }
    text.text(html.get(text_start..).unwrap_or(""));
    text.finish()
}

/// The index just past the `>` closing a tag opened before `from`.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
        i += 1;
    }
    None
}

/// Whether a tag is a closing one, and its name.
fn tag_name(tag: &str) -> (bool, &str) {
    let (closing, rest) = match tag.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    (closing, rest.get(..end).unwrap_or(""))
}

/// The index just past `</name…>`, searching from `from` (linear, no
/// allocation).
fn skip_element(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(offset) = bytes.get(i..)?.windows(2).position(|w| w == b"</") {
        let at = i + offset;
        let name_end = at + 2 + name.len();
        if bytes
            .get(at + 2..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return tag_end(bytes, name_end);
        }
        i = at + 2;
    }
    None
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plain(html: &str) -> String {
        Html::from(html).to_plain_text()
    }

    #[test]
    fn pronotepy_vector() {
        assert_eq!(
            plain("<p>Bonjour&nbsp;<b>&eacute;l&egrave;ves</b></p>"),
            "Bonjour\u{a0}élèves"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(plain("<p>a</p><p>b</p>"), "a\nb");
        assert_eq!(plain("a<br>b<BR/>c<br />d"), "a\nb\nc\nd");
        assert_eq!(plain("a<br><br>b"), "a\n\nb");
        assert_eq!(plain("<ul><li>x</li><li>y</li></ul>"), "x\ny");
        assert_eq!(plain("<div>\n  one\n  two\n</div>"), "one two");
        assert_eq!(plain("<div>a</div>\n<div>b</div>"), "a\nb");
    }

    #[test]
    fn broken_markup() {
        assert_eq!(plain("1 < 2 and 3<4"), "1 < 2 and 3<4");
        assert_eq!(plain("a <b"), "a");
        assert_eq!(plain("<a href='x>y'>lien</a>"), "lien");
        assert_eq!(plain("x<!-- <p>hidden</p> -->y"), "xy");
        assert_eq!(plain("x<!-- never closed"), "x");
        assert_eq!(plain("<script>var a = '<p>';</script>ok"), "ok");
        assert_eq!(plain("<style>p{}</style"), "");
        assert_eq!(plain("&amp;lt; &#233; &unknown; &"), "&lt; é &unknown; &");
        assert_eq!(plain("<>é</>"), "<>é");
        assert_eq!(plain(""), "");
    }

    #[test]
    fn serde() {
        let h: Html = serde_json::from_str(r#"{"_T":21,"V":"<b>x</b>"}"#).unwrap();
        assert_eq!(h.as_str(), "<b>x</b>");
        let safe: Html = serde_json::from_str(r#"{"_T":27,"V":"y"}"#).unwrap();
        assert_eq!(safe.0, "y");
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"_T":21,"V":"<b>x</b>"}"#
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            let _ = plain(&text);
        }

        #[test]
        fn never_panics_markup(text in "[<>/!\\-'\"a-z&;# é\n]{0,80}") {
            let _ = plain(&text);
        }
    }
}
