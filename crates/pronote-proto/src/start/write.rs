//! Writing `Start({…})` parameters back as a literal: the JSON-shaped one
//! and the one real pages put in their `onload` attribute.

use std::fmt::Write as _;

use serde_json::Value;

use super::key;
use super::params::{PageFlags, StartParams};

impl StartParams {
    /// Renders the parameters as a JavaScript object literal in the modern
    /// shape (quoted keys, `h` a number literal when
    /// [`session_id_is_number`](Self::session_id_is_number)), which is also
    /// valid JSON. [`from_literal`](Self::from_literal) reads it back to
    /// equal parameters.
    ///
    /// Keys in [`extra`](Self::extra) that a typed field owns are left out.
    /// To embed the result in a double-quoted HTML attribute, encode it
    /// (`"` → `&quot;`).
    ///
    /// ```
    /// use pronote_proto::start::{PageFlags, StartParams};
    /// let mut p = StartParams::new(42, 3);
    /// p.session_id_is_number = false;
    /// p.flags = PageFlags::Skip { skip_encrypt: true, skip_compress: true };
    /// let text = p.to_literal();
    /// assert_eq!(text, r#"{"h":"42","d":false,"a":3,"sCrA":true,"sCoA":true}"#);
    /// assert_eq!(StartParams::from_literal(&text)?, p);
    /// # Ok::<(), pronote_proto::Error>(())
    /// ```
    pub fn to_literal(&self) -> String {
        let mut out = Literal::default();
        if self.session_id_is_number {
            out.push(key::SESSION, &Value::from(self.session_id));
        } else {
            out.push(key::SESSION, &Value::String(self.session_id.to_string()));
        }
        out.push(key::DEMO, &Value::Bool(self.demo));
        out.push(key::ESPACE, &Value::from(self.espace));
        if let Some(g) = self.access_kind {
            out.push(key::ACCESS_KIND, &Value::from(g));
        }
        if let Some(rsa) = &self.rsa {
            out.push(key::RSA_MODULUS, &Value::String(rsa.modulus_hex.clone()));
            out.push(key::RSA_EXPONENT, &Value::String(rsa.exponent_hex.clone()));
        }
        match self.flags {
            PageFlags::Absent => {}
            PageFlags::Skip {
                skip_encrypt,
                skip_compress,
            } => {
                out.push(key::SKIP_ENCRYPT, &Value::Bool(skip_encrypt));
                out.push(key::SKIP_COMPRESS, &Value::Bool(skip_compress));
            }
            PageFlags::Do { encrypt, compress } => {
                out.push(key::ENCRYPT, &Value::Bool(encrypt));
                out.push(key::COMPRESS, &Value::Bool(compress));
            }
        }
        if self.http {
            out.push(key::HTTP, &Value::Bool(true));
        }
        if self.poll {
            out.push(key::POLL, &Value::Bool(true));
        }
        if let Some(ent) = &self.ent {
            out.push(key::ENT_USERNAME, &Value::String(ent.username.clone()));
            out.push(key::ENT_PASSWORD, &Value::String(ent.password.clone()));
        }
        for (name, value) in &self.extra {
            if key::ALWAYS_TYPED.contains(&name.as_str()) || out.emitted.contains(&name.as_str()) {
                continue;
            }
            // The flag keys of the family not chosen stay in `extra` only
            // beside `CrA`/`CoA` (which win when read back); elsewhere
            // they would change the family.
            let is_do = name == key::ENCRYPT || name == key::COMPRESS;
            let is_skip = name == key::SKIP_ENCRYPT || name == key::SKIP_COMPRESS;
            let kept = matches!(self.flags, PageFlags::Do { .. }) && !value.is_null();
            if is_do || (is_skip && !kept) {
                continue;
            }
            out.push(name, value);
        }
        out.finish()
    }
}

impl StartParams {
    /// Renders the params the way real pages write them inside the
    /// `onload` attribute: bare keys, single-quoted strings, and flags only
    /// when true (the public clients test a flag's presence, not its
    /// value). `extra` keys are left out. What a simulated server puts in
    /// `<body onload="try { Start ({…}) } catch (e) {}">`.
    ///
    /// ```
    /// use pronote_proto::start::{PageFlags, StartParams, StartPage};
    /// let mut p = StartParams::new(2052117, 3);
    /// p.session_id_is_number = false;
    /// p.flags = PageFlags::Skip { skip_encrypt: true, skip_compress: false };
    /// let literal = p.to_page_literal();
    /// assert_eq!(literal, "{h:'2052117',a:3,sCrA:true}");
    /// let page = format!("<body onload=\"try {{ Start ({literal}) }} catch (e) {{}}\">");
    /// assert_eq!(StartPage::parse(&page)?.params, p);
    /// # Ok::<(), pronote_proto::Error>(())
    /// ```
    pub fn to_page_literal(&self) -> String {
        fn quoted(text: &str) -> String {
            let mut out = String::with_capacity(text.len() + 2);
            out.push('\'');
            for c in text.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '"' => out.push_str("\\u0022"),
                    '&' => out.push_str("\\u0026"),
                    '<' => out.push_str("\\u003c"),
                    c => out.push(c),
                }
            }
            out.push('\'');
            out
        }
        let mut parts = Vec::with_capacity(8);
        parts.push(if self.session_id_is_number {
            format!("h:{}", self.session_id)
        } else {
            format!("h:{}", quoted(&self.session_id.to_string()))
        });
        parts.push(format!("a:{}", self.espace));
        if self.demo {
            parts.push("d:true".into());
        }
        if let Some(g) = self.access_kind {
            parts.push(format!("g:{g}"));
        }
        if let Some(rsa) = &self.rsa {
            parts.push(format!("MR:{}", quoted(&rsa.modulus_hex)));
            parts.push(format!("ER:{}", quoted(&rsa.exponent_hex)));
        }
        let flags: [(&str, bool); 2] = match self.flags {
            PageFlags::Absent => [("", false), ("", false)],
            PageFlags::Skip {
                skip_encrypt,
                skip_compress,
            } => [
                (key::SKIP_ENCRYPT, skip_encrypt),
                (key::SKIP_COMPRESS, skip_compress),
            ],
            PageFlags::Do { encrypt, compress } => {
                [(key::ENCRYPT, encrypt), (key::COMPRESS, compress)]
            }
        };
        for (name, on) in flags {
            if on {
                parts.push(format!("{name}:true"));
            }
        }
        if self.http {
            parts.push("http:true".into());
        }
        if self.poll {
            parts.push("poll:true".into());
        }
        if let Some(ent) = &self.ent {
            parts.push(format!("e:{}", quoted(&ent.username)));
            parts.push(format!("f:{}", quoted(&ent.password)));
        }
        format!("{{{}}}", parts.join(","))
    }
}

/// A literal being written, remembering the keys already in it.
#[derive(Default)]
struct Literal<'k> {
    text: String,
    emitted: Vec<&'k str>,
}

impl<'k> Literal<'k> {
    fn push(&mut self, name: &'k str, value: &Value) {
        self.text
            .push(if self.emitted.is_empty() { '{' } else { ',' });
        // `Value`'s Display writes compact JSON, which is valid JavaScript.
        let _ = write!(self.text, "{}:{}", Value::String(name.to_owned()), value);
        self.emitted.push(name);
    }

    fn finish(mut self) -> String {
        if self.emitted.is_empty() {
            self.text.push('{');
        }
        self.text.push('}');
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn to_literal_skips_owned_extra_keys() -> TestResult {
        let mut p = StartParams::new(5, 3);
        p.extra.insert("h".into(), json!("999"));
        p.extra.insert("http".into(), json!("junk"));
        p.extra.insert("CrA".into(), json!(true));
        p.extra.insert("sCoA".into(), json!(true));
        p.extra.insert("zz".into(), json!("kept"));
        let back = StartParams::from_literal(&p.to_literal())?;
        assert_eq!(back.session_id, 5);
        assert_eq!(back.flags, PageFlags::Absent);
        assert_eq!(back.extra.len(), 1);
        assert_eq!(back.extra.get("zz"), Some(&json!("kept")));
        Ok(())
    }
}
