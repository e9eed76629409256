//! HTML forms of login pages, read with a real HTML parser (`scraper`).

use std::fmt;

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

/// Which form of a page to use. Every set criterion must match; the
/// default picks the first form with a password field.
///
/// ```
/// use pronote_ent::FormSelector;
/// let cas: FormSelector = serde_json::from_str(r#"{"class": "cas__login-form"}"#)?;
/// assert_eq!(cas.class.as_deref(), Some("cas__login-form"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSelector {
    /// The form's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One of the form's classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// A field the form must have (default: any `type=password` input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl FormSelector {
    /// Forms with this `id`.
    pub fn id(id: &str) -> Self {
        FormSelector {
            id: Some(id.to_owned()),
            ..FormSelector::default()
        }
    }

    /// Forms with this class.
    pub fn class(class: &str) -> Self {
        FormSelector {
            class: Some(class.to_owned()),
            ..FormSelector::default()
        }
    }

    /// Forms with a field of this name.
    pub fn field(name: &str) -> Self {
        FormSelector {
            field: Some(name.to_owned()),
            ..FormSelector::default()
        }
    }
}

/// How a form is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMethod {
    /// `method=get` (the fields go in the query).
    Get,
    /// `method=post` (urlencoded body).
    Post,
}

/// A form read from a page: where it goes and the fields a browser would
/// send. Field values may be secrets (SAML assertions, passwords): `Debug`
/// shows names only.
///
/// ```
/// use pronote_ent::{Form, FormSelector};
/// let base = url::Url::parse("https://cas.example.fr/login?service=x")?;
/// let html = r#"<form class="cas__login-form" method="post" action="/login?service=x">
///   <input type="hidden" name="execution" value="e1s1">
///   <input name="username"><input type="password" name="password">
///   <input type="submit" name="submit" value="Se connecter"></form>"#;
/// let mut form = Form::find(html, &base, &FormSelector::class("cas__login-form")).ok_or("no form")?;
/// assert_eq!(form.action.as_str(), "https://cas.example.fr/login?service=x");
/// assert_eq!(form.value("execution"), Some("e1s1"));
/// form.set("username", "jean");
/// assert!(String::from_utf8(form.encoded())?.starts_with("execution=e1s1&username=jean"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Form {
    /// Where the form is sent (resolved against the page URL).
    pub action: Url,
    /// How.
    pub method: FormMethod,
    /// The `id` attribute.
    pub id: Option<String>,
    fields: Vec<(String, String)>,
    has_password: bool,
    classes: Vec<String>,
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Form")
            .field("action", &crate::error::display_url(&self.action))
            .field("method", &self.method)
            .field("id", &self.id)
            .field("fields", &self.names().collect::<Vec<_>>())
            .finish()
    }
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

impl Form {
    /// Every form of a page.
    pub fn all(html: &str, base: &Url) -> Vec<Form> {
        let doc = Html::parse_document(html);
        let Some(forms) = selector("form") else {
            return Vec::new();
        };
        doc.select(&forms)
            .filter_map(|el| Form::read(el, base))
            .collect()
    }

    /// The first form matching `which`.
    pub fn find(html: &str, base: &Url, which: &FormSelector) -> Option<Form> {
        Form::all(html, base).into_iter().find(|f| f.matches(which))
    }

    /// The first form carrying a field named `name` (a SAML POST binding
    /// form has `SAMLRequest` or `SAMLResponse`).
    pub fn with_field(html: &str, base: &Url, name: &str) -> Option<Form> {
        Form::find(html, base, &FormSelector::field(name))
    }

    /// Whether the form matches `which`.
    pub fn matches(&self, which: &FormSelector) -> bool {
        let id_ok = which
            .id
            .as_ref()
            .is_none_or(|id| self.id.as_ref() == Some(id));
        let class_ok = which
            .class
            .as_ref()
            .is_none_or(|c| self.classes.iter().any(|k| k == c));
        let field_ok = match &which.field {
            Some(name) => self.value(name).is_some(),
            None => which.id.is_some() || which.class.is_some() || self.has_password,
        };
        id_ok && class_ok && field_ok
    }

    fn read(el: ElementRef<'_>, base: &Url) -> Option<Form> {
        let attr = |name: &str| el.value().attr(name);
        let action = match attr("action").map(str::trim) {
            None | Some("") => base.clone(),
            Some(a) => base.join(a).ok()?,
        };
        if !matches!(action.scheme(), "http" | "https") {
            return None;
        }
        let method = match attr("method") {
            Some(m) if m.eq_ignore_ascii_case("post") => FormMethod::Post,
            _ => FormMethod::Get,
        };
        let mut fields = Vec::new();
        let mut has_password = false;
        let mut submit_taken = false;
        let controls = selector("input, button, select, textarea")?;
        for control in el.select(&controls) {
            let v = control.value();
            let Some(name) = v.attr("name").filter(|n| !n.is_empty()) else {
                if v.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("password"))
                {
                    has_password = true;
                }
                continue;
            };
            let kind = v.attr("type").unwrap_or("text").to_ascii_lowercase();
            let value = v.attr("value").unwrap_or_default().to_owned();
            match (v.name(), kind.as_str()) {
                ("input", "password") => {
                    has_password = true;
                    fields.push((name.to_owned(), value));
                }
                ("input", "checkbox" | "radio") => {
                    if v.attr("checked").is_some() {
                        fields.push((
                            name.to_owned(),
                            if value.is_empty() { "on".into() } else { value },
                        ));
                    }
                }
                ("input", "submit" | "image") | ("button", _) => {
                    // A browser sends the one button clicked: the first.
                    if !submit_taken && kind != "button" && kind != "reset" {
                        submit_taken = true;
                        fields.push((name.to_owned(), value));
                    }
                }
                ("input", "reset" | "button" | "file") => {}
                ("select", _) => {
                    let options = selector("option")?;
                    let chosen = control
                        .select(&options)
                        .find(|o| o.value().attr("selected").is_some())
                        .or_else(|| control.select(&options).next());
                    if let Some(o) = chosen {
                        let text: String = o.text().collect();
                        let value = o.value().attr("value").map(str::to_owned).unwrap_or(text);
                        fields.push((name.to_owned(), value));
                    }
                }
                ("textarea", _) => fields.push((name.to_owned(), control.text().collect())),
                _ => fields.push((name.to_owned(), value)),
            }
        }
        Some(Form {
            action,
            method,
            id: attr("id").map(str::to_owned),
            classes: el.value().classes().map(str::to_owned).collect(),
            fields,
            has_password,
        })
    }

    /// The value of field `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field names, in page order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(n, _)| n.as_str())
    }

    /// Whether the form has a password field.
    pub fn has_password(&self) -> bool {
        self.has_password
    }

    /// Sets field `name` (added if absent).
    pub fn set(&mut self, name: &str, value: &str) -> &mut Self {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
        self
    }

    /// Removes field `name`.
    pub fn remove(&mut self, name: &str) -> &mut Self {
        self.fields.retain(|(n, _)| n != name);
        self
    }

    /// The fields, `application/x-www-form-urlencoded`.
    pub fn encoded(&self) -> Vec<u8> {
        encode_pairs(self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))).into_bytes()
    }
}

/// `application/x-www-form-urlencoded` text of `pairs`.
pub(crate) fn encode_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (n, v) in pairs {
        ser.append_pair(n, v);
    }
    ser.finish()
}

/// The text of the first element matching `css` (lowercase tag names), if
/// any: what error banners and XML replies are read with.
pub(crate) fn text_of(html: &str, css: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = selector(css)?;
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn base() -> Url {
        Url::parse("https://idp.example.fr/sso/login?x=1").unwrap()
    }

    #[test]
    fn reads_fields_like_a_browser() -> TestResult {
        let html = r#"<html><body><form id="f" action="" method="POST">
            <input type=hidden name=csrf_token value="a&amp;b">
            <input name=j_username><input type=password name=j_password>
            <input type=checkbox name=remember>
            <input type=checkbox name=cgu checked>
            <select name=lang><option value=en>en<option value=fr selected>fr</select>
            <button type=submit name=_eventId_proceed>Go</button>
            <button type=submit name=other>No</button></form></body></html>"#;
        let form = Form::find(html, &base(), &FormSelector::default()).ok_or("no form")?;
        assert_eq!(form.method, FormMethod::Post);
        assert_eq!(form.action, base());
        assert_eq!(form.value("csrf_token"), Some("a&b"));
        assert_eq!(form.value("cgu"), Some("on"));
        assert_eq!(form.value("remember"), None);
        assert_eq!(form.value("lang"), Some("fr"));
        assert_eq!(form.value("_eventId_proceed"), Some(""));
        assert_eq!(form.value("other"), None);
        assert!(form.has_password());
        assert!(!format!("{form:?}").contains("a&b"));
        Ok(())
    }

    #[test]
    fn selectors_and_garbage() {
        let html = "<form class='a b'><input name=SAMLResponse value=x></form><form id=k action='javascript:x'></form>";
        assert!(Form::with_field(html, &base(), "SAMLResponse").is_some());
        assert!(Form::find(html, &base(), &FormSelector::class("b")).is_some());
        assert!(Form::find(html, &base(), &FormSelector::default()).is_none());
        assert!(Form::find(html, &base(), &FormSelector::id("k")).is_none());
        assert!(Form::all("\u{0}<<>>", &base()).is_empty());
        assert_eq!(
            text_of("<p><b id=m> Oups </b>", "#m").as_deref(),
            Some("Oups")
        );
    }
}
