//! The ENT login-page form parser of `pronote-ent` (`Form::all`,
//! `Form::find`, `Form::with_field`) on arbitrary HTML.
//!
//! Input: one byte choosing the page URL the forms resolve against, then
//! the page (UTF-8, invalid bytes replaced). Never panics; every form
//! read encodes to an `application/x-www-form-urlencoded` body that reads
//! back as its own fields, in order; `set` / `remove` do what they say;
//! the selector built from a form's id, class or first field finds a form.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pronote_ent::{Form, FormSelector};
use url::Url;

const BASES: &[&str] = &[
    "https://cas.example-ent.fr/login?service=https%3A%2F%2Fdemo.index-education.net%2Fpronote%2F",
    "https://ent.example.fr/auth/",
    "http://127.0.0.1:8080/cas/login",
    "https://idp.example.fr/idp/profile/SAML2/Redirect/SSO?execution=e1s1",
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, page)) = data.split_first() else {
        return;
    };
    let Ok(base) = Url::parse(BASES[usize::from(choice) % BASES.len()]) else {
        return;
    };
    let html = String::from_utf8_lossy(page);
    let forms = Form::all(&html, &base);
    for form in &forms {
        let _ = format!("{form:?}");
        let names: Vec<String> = form.names().map(str::to_owned).collect();
        let body = form.encoded();
        let read: Vec<(String, String)> = url::form_urlencoded::parse(&body)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let read_names: Vec<&str> = read.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(read_names, names, "encoded names");
        for (name, value) in &read {
            if read.iter().find(|(n, _)| n == name).map(|(_, v)| v) == Some(value) {
                assert_eq!(form.value(name), Some(value.as_str()), "value of {name}");
            }
        }
        let mut edited = form.clone();
        edited.set("username", "jean.dupont");
        assert_eq!(edited.value("username"), Some("jean.dupont"));
        edited.remove("username");
        assert_eq!(edited.value("username"), None);

        let selectors = [
            form.id.as_deref().map(FormSelector::id),
            names.first().map(|n| FormSelector::field(n)),
        ];
        for which in selectors.into_iter().flatten() {
            assert!(form.matches(&which), "a form matches its own {which:?}");
            assert!(
                Form::find(&html, &base, &which).is_some(),
                "find() misses a form matching {which:?}"
            );
        }
        if let Some(name) = names.first() {
            assert!(Form::with_field(&html, &base, name).is_some());
        }
    }
});
