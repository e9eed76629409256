//! A parser for the JavaScript object literal a PRONOTE page passes to
//! `Start(...)`.
//!
//! The literal is JavaScript, not JSON: keys may be bare identifiers,
//! strings may be single-quoted, trailing commas are allowed. This module
//! reads that subset of JavaScript into [`serde_json::Value`]s:
//!
//! * strings in `'` or `"` with the JavaScript escapes (`\'`, `\"`, `\\`,
//!   `\n`, `\t`, `\r`, `\b`, `\f`, `\v`, `\0`, `\xHH`, `\uXXXX` with
//!   surrogate pairs, `\u{…}`, line continuations; any other escaped
//!   character stands for itself);
//! * keys written as identifiers, strings or non-negative integers;
//! * integer, decimal, exponent and `0x` hexadecimal numbers, signed or not;
//! * `true`, `false`, `null` and `undefined` (read as `null`);
//! * nested objects and arrays;
//! * whitespace and `//` or `/* */` comments anywhere between tokens;
//! * trailing commas.
//!
//! A later duplicate key replaces the earlier one, as in JavaScript.
//!
//! Hostile input cannot exhaust the stack or memory: nesting is limited to
//! [`MAX_DEPTH`] levels and the literal to [`MAX_LITERAL_BYTES`] bytes. The
//! parser never panics; errors name the byte offset and what was expected,
//! never the input itself.

use serde_json::{Map, Number, Value};

use crate::error::DecodeError;

/// The deepest nesting of objects and arrays accepted (the outer object
/// counts as one level).
pub const MAX_DEPTH: usize = 32;

/// The longest literal accepted, in bytes (real pages use about 100).
pub const MAX_LITERAL_BYTES: usize = 64 * 1024;

/// Parses a whole JavaScript object literal (surrounding whitespace and
/// comments allowed, nothing else).
///
/// ```
/// use pronote_proto::start::literal::parse_object;
/// let obj = parse_object("{h:'2052117', a:3, u:'http://x/a,b}', d:true,}")?;
/// assert_eq!(obj["h"], "2052117");
/// assert_eq!(obj["a"], 3);
/// assert_eq!(obj["u"], "http://x/a,b}");
/// assert_eq!(obj["d"], true);
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
///
/// # Errors
///
/// [`DecodeError::StartPage`] when the text is not a single object literal
/// of the supported subset, is nested deeper than [`MAX_DEPTH`] or is longer
/// than [`MAX_LITERAL_BYTES`].
pub fn parse_object(src: &str) -> Result<Map<String, Value>, DecodeError> {
    let (map, used) = parse_object_prefix(src)?;
    let mut tail = Parser {
        src: src.get(used..).unwrap_or(""),
        pos: 0,
    };
    tail.skip_trivia().map_err(|f| f.into_error(false, used))?;
    if tail.pos < tail.src.len() {
        return Err(literal_error(format!(
            "unexpected text after the closing `}}` at byte {} of the literal",
            used + tail.pos
        )));
    }
    Ok(map)
}

/// Parses the object literal at the start of `src` (after optional
/// whitespace) and returns it with the number of bytes it used; whatever
/// follows is left alone.
pub(crate) fn parse_object_prefix(src: &str) -> Result<(Map<String, Value>, usize), DecodeError> {
    let limit = floor_char_boundary(src, MAX_LITERAL_BYTES);
    let truncated = limit < src.len();
    let mut parser = Parser {
        src: src.get(..limit).unwrap_or(""),
        pos: 0,
    };
    let result = parser.skip_trivia().and_then(|()| {
        if parser.peek() == Some(b'{') {
            parser.object(0)
        } else {
            Err(Fail::At(
                parser.pos,
                "expected `{` to open the object literal",
            ))
        }
    });
    match result {
        Ok(map) => Ok((map, parser.pos)),
        Err(fail) => Err(fail.into_error(truncated, 0)),
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

fn literal_error(reason: String) -> DecodeError {
    DecodeError::StartPage(format!("object literal: {reason}"))
}

/// Why parsing stopped (internal; turned into a [`DecodeError`]).
#[derive(Debug)]
enum Fail {
    /// The input ended inside the literal.
    End,
    /// Something unexpected at this byte offset.
    At(usize, &'static str),
}

impl Fail {
    fn into_error(self, truncated: bool, base: usize) -> DecodeError {
        match self {
            Fail::End if truncated => literal_error(format!(
                "longer than {MAX_LITERAL_BYTES} bytes (or never closed)"
            )),
            Fail::End => literal_error(
                "unexpected end of input (an object, array, string or comment is not closed)"
                    .to_owned(),
            ),
            Fail::At(pos, what) => {
                literal_error(format!("{what} at byte {} of the literal", base + pos))
            }
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}'
}

fn is_js_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + offset).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.src.get(self.pos..)?.chars().next()
    }

    fn next_char(&mut self) -> Result<char, Fail> {
        let c = self.peek_char().ok_or(Fail::End)?;
        self.pos += c.len_utf8();
        Ok(c)
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Result<(), Fail> {
        loop {
            match self.peek_char() {
                Some(c) if is_js_whitespace(c) => self.pos += c.len_utf8(),
                Some('/') if self.peek_at(1) == Some(b'/') => {
                    let rest = self.src.get(self.pos..).unwrap_or("");
                    let end = rest
                        .find(['\n', '\r', '\u{2028}', '\u{2029}'])
                        .unwrap_or(rest.len());
                    self.pos += end;
                }
                Some('/') if self.peek_at(1) == Some(b'*') => {
                    let rest = self.src.get(self.pos + 2..).unwrap_or("");
                    let end = rest.find("*/").ok_or(Fail::End)?;
                    self.pos += 2 + end + 2;
                }
                _ => return Ok(()),
            }
        }
    }

    /// `{ key: value, ... }`, the cursor on `{`.
    fn object(&mut self, depth: usize) -> Result<Map<String, Value>, Fail> {
        if depth >= MAX_DEPTH {
            return Err(Fail::At(self.pos, "objects and arrays nested too deeply"));
        }
        self.pos += 1; // `{`
        let mut map = Map::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(Fail::End),
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(map);
                }
                Some(_) => {}
            }
            let key = self.key()?;
            self.skip_trivia()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(Fail::End),
                Some(_) => return Err(Fail::At(self.pos, "expected `:` after a key")),
            }
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            map.insert(key, value);
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(map);
                }
                None => return Err(Fail::End),
                Some(_) => return Err(Fail::At(self.pos, "expected `,` or `}` after a value")),
            }
        }
    }

    /// `[ value, ... ]`, the cursor on `[`.
    fn array(&mut self, depth: usize) -> Result<Vec<Value>, Fail> {
        if depth >= MAX_DEPTH {
            return Err(Fail::At(self.pos, "objects and arrays nested too deeply"));
        }
        self.pos += 1; // `[`
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(Fail::End),
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(_) => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                None => return Err(Fail::End),
                Some(_) => return Err(Fail::At(self.pos, "expected `,` or `]` in an array")),
            }
        }
    }

    /// A property name: identifier, string or non-negative integer.
    fn key(&mut self) -> Result<String, Fail> {
        match self.peek_char() {
            None => Err(Fail::End),
            Some('\'' | '"') => self.string(),
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
                if self.peek_char().is_some_and(is_ident_continue) {
                    return Err(Fail::At(self.pos, "malformed numeric key"));
                }
                Ok(self.src.get(start..self.pos).unwrap_or("").to_owned())
            }
            Some(c) if is_ident_start(c) => Ok(self.identifier().to_owned()),
            Some(_) => Err(Fail::At(self.pos, "expected a key (name or string)")),
        }
    }

    fn identifier(&mut self) -> &str {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !is_ident_continue(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.src.get(start..self.pos).unwrap_or("")
    }

    fn value(&mut self, depth: usize) -> Result<Value, Fail> {
        match self.peek_char() {
            None => Err(Fail::End),
            Some('{') => self.object(depth).map(Value::Object),
            Some('[') => self.array(depth).map(Value::Array),
            Some('\'' | '"') => self.string().map(Value::String),
            Some('-' | '+' | '.' | '0'..='9') => self.number(),
            Some(c) if is_ident_start(c) => {
                let start = self.pos;
                match self.identifier() {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    "null" | "undefined" => Ok(Value::Null),
                    _ => Err(Fail::At(
                        start,
                        "unsupported bare word (only true, false, null and undefined are read)",
                    )),
                }
            }
            Some(_) => Err(Fail::At(self.pos, "expected a value")),
        }
    }

    fn skip_digits(&mut self, radix: u32) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| char::from(b).is_digit(radix)) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, Fail> {
        let start = self.pos;
        let negative = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let digits_start = self.pos;

        // Hexadecimal integer.
        if self.peek() == Some(b'0') && matches!(self.peek_at(1), Some(b'x' | b'X')) {
            self.pos += 2;
            let hex_start = self.pos;
            if self.skip_digits(16) == 0 {
                return Err(Fail::At(start, "malformed hexadecimal number"));
            }
            self.end_of_number(start)?;
            let text = self.src.get(hex_start..self.pos).unwrap_or("");
            let Ok(magnitude) = u64::from_str_radix(text, 16) else {
                return Err(Fail::At(start, "number out of range"));
            };
            return if !negative {
                Ok(Value::from(magnitude))
            } else if let Some(v) = i64::try_from(magnitude).ok().and_then(i64::checked_neg) {
                Ok(Value::from(v))
            } else {
                Err(Fail::At(start, "number out of range"))
            };
        }

        let int_digits = self.skip_digits(10);
        let mut frac_digits = 0;
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            is_float = true;
            frac_digits = self.skip_digits(10);
        }
        if int_digits == 0 && frac_digits == 0 {
            return Err(Fail::At(start, "malformed number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            is_float = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.skip_digits(10) == 0 {
                return Err(Fail::At(start, "malformed number exponent"));
            }
        }
        self.end_of_number(start)?;

        let unsigned = self.src.get(digits_start..self.pos).unwrap_or("");
        if !is_float {
            if negative {
                let signed = self.src.get(start..self.pos).unwrap_or("");
                if let Ok(v) = signed.parse::<i64>() {
                    return Ok(Value::from(v));
                }
            } else if let Ok(v) = unsigned.parse::<u64>() {
                return Ok(Value::from(v));
            }
        }
        // Decimals, and integers too large for 64 bits.
        let magnitude: f64 = unsigned
            .parse()
            .map_err(|_| Fail::At(start, "malformed number"))?;
        let v = if negative { -magnitude } else { magnitude };
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or(Fail::At(start, "number out of range"))
    }

    /// A number must not run into a name (`12px`).
    fn end_of_number(&self, start: usize) -> Result<(), Fail> {
        if self.peek_char().is_some_and(is_ident_continue) {
            Err(Fail::At(start, "malformed number"))
        } else {
            Ok(())
        }
    }

    fn hex_digits(&mut self, count: usize) -> Result<u32, Fail> {
        let mut v = 0u32;
        for _ in 0..count {
            let at = self.pos;
            let c = self.next_char()?;
            let d = c
                .to_digit(16)
                .ok_or(Fail::At(at, "malformed escape sequence in a string"))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// The code unit of a `\uXXXX` or the code point of a `\u{…}`, the
    /// cursor after `\u`.
    fn unicode_escape(&mut self) -> Result<u32, Fail> {
        if self.peek() == Some(b'{') {
            let at = self.pos;
            self.pos += 1;
            let mut v = 0u32;
            let mut count = 0;
            loop {
                let c = self.next_char()?;
                if c == '}' && count > 0 {
                    return Ok(v);
                }
                let d = c
                    .to_digit(16)
                    .ok_or(Fail::At(at, "malformed \\u{...} escape in a string"))?;
                v = v.saturating_mul(16).saturating_add(d);
                count += 1;
                if v > 0x10_FFFF {
                    return Err(Fail::At(at, "\\u{...} escape out of range"));
                }
            }
        }
        self.hex_digits(4)
    }

    /// A quoted string, the cursor on the opening quote.
    fn string(&mut self) -> Result<String, Fail> {
        let quote = self.next_char()?;
        let mut out = String::new();
        loop {
            let at = self.pos;
            match self.next_char()? {
                c if c == quote => return Ok(out),
                '\n' | '\r' => {
                    return Err(Fail::At(at, "line break inside a string (unclosed quote?)"));
                }
                '\\' => self.escape(&mut out)?,
                c => out.push(c),
            }
        }
    }

    /// One escape sequence, the cursor after the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Fail> {
        match self.next_char()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !self.peek().is_some_and(|b| b.is_ascii_digit()) => out.push('\0'),
            'x' => {
                let v = self.hex_digits(2)?;
                out.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            'u' => {
                let unit = self.unicode_escape()?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: combine with a following `\uDC00`-`\uDFFF`.
                    if self.peek() == Some(b'\\') && self.peek_at(1) == Some(b'u') {
                        let save = self.pos;
                        self.pos += 2;
                        let low = self.unicode_escape()?;
                        if (0xDC00..0xE000).contains(&low) {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                        } else {
                            out.push(char::REPLACEMENT_CHARACTER);
                            self.pos = save;
                        }
                    } else {
                        out.push(char::REPLACEMENT_CHARACTER);
                    }
                } else {
                    out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
            }
            // Line continuations.
            '\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            // `\'`, `\"`, `\\`, `\/` and any other character stand for themselves.
            c => out.push(c),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(src: &str) -> Result<Value, DecodeError> {
        parse_object(src).map(Value::Object)
    }

    #[test]
    fn reads_the_two_page_shapes() -> Result<(), DecodeError> {
        assert_eq!(
            obj("{h:'2052117',sCrA:true,a:3,d:true}")?,
            json!({"h": "2052117", "sCrA": true, "a": 3, "d": true})
        );
        assert_eq!(
            obj(r#"{"h":1697793,"d":true,"a":3}"#)?,
            json!({"h": 1697793, "d": true, "a": 3})
        );
        Ok(())
    }

    #[test]
    fn separators_inside_strings_are_data() -> Result<(), DecodeError> {
        assert_eq!(
            obj("{u:'http://x:80/a,b}c', v : \"it's: {ok}\" }")?,
            json!({"u": "http://x:80/a,b}c", "v": "it's: {ok}"})
        );
        Ok(())
    }

    #[test]
    fn escapes() -> Result<(), DecodeError> {
        let v = obj(
            r#"{a:'it\'s', b:"say \"hi\"", c:'back\\slash', d:'l1\nl2\t', e:'\u00e9\x41\u{1F600}', f:'\uD83D\uDE00', g:'\uD83D', h:'a\
b', i:'\/\q\0'}"#,
        )?;
        assert_eq!(
            v,
            json!({
                "a": "it's", "b": "say \"hi\"", "c": "back\\slash", "d": "l1\nl2\t",
                "e": "éA😀", "f": "😀", "g": "\u{fffd}", "h": "ab", "i": "/q\u{0}"
            })
        );
        Ok(())
    }

    #[test]
    fn numbers() -> Result<(), DecodeError> {
        let v = obj(
            "{a:-3, b:+4, c:1.5, d:-0.25, e:.5, f:5., g:1e3, h:0x1F, i:-0x10, j:18446744073709551615, k:99999999999999999999, l:0}",
        )?;
        assert_eq!(v["a"], json!(-3));
        assert_eq!(v["b"], json!(4));
        assert_eq!(v["c"], json!(1.5));
        assert_eq!(v["d"], json!(-0.25));
        assert_eq!(v["e"], json!(0.5));
        assert_eq!(v["f"], json!(5.0));
        assert_eq!(v["g"], json!(1000.0));
        assert_eq!(v["h"], json!(31));
        assert_eq!(v["i"], json!(-16));
        assert_eq!(v["j"], json!(u64::MAX));
        assert_eq!(v["k"], json!(1e20));
        assert_eq!(v["l"], json!(0));
        for bad in [
            "{a:1e}",
            "{a:-}",
            "{a:12px}",
            "{a:0x}",
            "{a:1e999}",
            "{a:.}",
        ] {
            assert!(parse_object(bad).is_err(), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn keys_literals_nesting_trailing_commas_comments() -> Result<(), DecodeError> {
        let v = obj(
            "/* c */ { $x : null, _y: undefined, 'q k': false, 1: [1, [2, {}], ], é: {n: {}, }, // end\n }  ",
        )?;
        assert_eq!(
            v,
            json!({"$x": null, "_y": null, "q k": false, "1": [1, [2, {}]], "é": {"n": {}}})
        );
        assert_eq!(obj("{}")?, json!({}));
        assert_eq!(obj("{a:1,a:2}")?, json!({"a": 2}));
        Ok(())
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "{",
            "{a",
            "{a:",
            "{a:1",
            "{a 1}",
            "{a:1 b:2}",
            "{,}",
            "{a:1,,}",
            "{a:'x}",
            "{a:'x\ny'}",
            "{a:foo}",
            "{a:[1,,2]}",
            "[1]",
            "{a:1} x",
            "{a:1} /*",
            "{a:'\\x4'}",
            "{a:'\\u12'}",
            "{a:'\\u{110000}'}",
            "{a:'\\u{}'}",
            "{1x:1}",
            "{a:`t`}",
        ] {
            assert!(parse_object(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn prefix_reports_length() -> Result<(), DecodeError> {
        let (map, used) = parse_object_prefix("  {a:1}) } catch (e) {}")?;
        assert_eq!(used, 7);
        assert_eq!(Value::Object(map), json!({"a": 1}));
        Ok(())
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "{a:".repeat(100_000), "}".repeat(100_000));
        assert!(parse_object(&deep).is_err());
        let arrays = format!("{{a:{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_object(&arrays).is_err());
        let ok = format!("{}1{}", "{a:".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse_object(&ok).is_ok());
        let too_deep = format!(
            "{}1{}",
            "{a:".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(parse_object(&too_deep).is_err());
    }

    #[test]
    fn size_is_bounded() {
        let long = format!("{{a:'{}'}}", "é".repeat(MAX_LITERAL_BYTES));
        let err = parse_object(&long).err();
        assert!(
            matches!(&err, Some(DecodeError::StartPage(m)) if m.contains("longer than")),
            "{err:?}"
        );
    }

    #[test]
    fn errors_do_not_echo_input() {
        let err = parse_object("{a:'secret-token").err();
        assert!(
            err.as_ref()
                .is_some_and(|e| !e.to_string().contains("secret")),
            "{err:?}"
        );
    }
}
