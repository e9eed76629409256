//! Page-level tests and property tests of the Start-page reader.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

const ONLOAD_PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>PRONOTE</title></head>
<body id="id_body" onload="try { Start ({h:'2052117',sCrA:true,a:3,d:true}) } catch (e) { messageErreur (e) }">
<noscript>JavaScript</noscript><a href="https://www.index-education.com">PRONOTE 2024.3.5 © Index Education</a>
</body></html>"#;

const SCRIPT_PAGE: &str = r#"<html><head>
<script src="StartLogin.js"></script>
<script>window.addEventListener("load", () => {try{Start ({"h":1697793,"d":true,"a":3});} catch (e) {}})</script>
</head><body><div>PRONOTE 2025.2.11 gestion de vie scolaire</div></body></html>"#;

fn start_page_message(r: Result<StartPage>) -> Option<String> {
    match r {
        Err(Error::Decode(DecodeError::StartPage(m))) => Some(m),
        _ => None,
    }
}

#[test]
fn onload_shape() -> TestResult {
    let page = StartPage::parse(ONLOAD_PAGE)?;
    let mut expected = StartParams::new(2052117, 3);
    expected.session_id_is_number = false;
    expected.demo = true;
    expected.flags = PageFlags::Skip {
        skip_encrypt: true,
        skip_compress: false,
    };
    assert_eq!(page.params, expected);
    assert_eq!(page.version, Some(Version::new(&[2024, 3, 5])));
    Ok(())
}

#[test]
fn script_shape() -> TestResult {
    let page = StartPage::parse(SCRIPT_PAGE)?;
    let mut expected = StartParams::new(1697793, 3);
    expected.demo = true;
    assert_eq!(page.params, expected);
    assert!(page.params.session_id_is_number);
    assert_eq!(page.version, Some(Version::new(&[2025, 2, 11])));
    Ok(())
}

#[test]
fn server_errors_only_without_start() -> TestResult {
    for (html, expected) in [
        (
            "<html><body>Votre adresse IP est provisoirement suspendue</body></html>",
            ServerError::IpSuspended,
        ),
        (
            "<html><body><h1>Le site n'est pas disponible</h1></body></html>",
            ServerError::Unavailable,
        ),
        (
            "<html><body>Le site est momentanément indisponible</body></html>",
            ServerError::Busy,
        ),
    ] {
        assert_eq!(
            StartPage::parse(html),
            Err(Error::Server(expected)),
            "{html}"
        );
    }
    // A valid page mentioning the same words still parses.
    let html = "<body onload=\"Start({h:'1',a:3})\"><p>Votre adresse IP est provisoirement suspendue si…</p><SCRIPT></SCRIPT>";
    assert_eq!(StartPage::parse(html)?.params, {
        let mut p = StartParams::new(1, 3);
        p.session_id_is_number = false;
        p
    });
    Ok(())
}

#[test]
fn no_start_is_a_clear_error() {
    for html in [
        "",
        "<html><body>Maintenance</body></html>",
        "<script>StartLogin({h:1,a:3})</script>",
    ] {
        let msg = start_page_message(StartPage::parse(html));
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.contains("no `Start({...})` call found")),
            "{html}: {msg:?}"
        );
    }
}

#[test]
fn bad_literal_or_keys_are_decode_errors() {
    let msg = start_page_message(StartPage::parse("<body onload=\"Start({a:3})\">"));
    assert!(msg.as_deref().is_some_and(|m| m.contains("`h`")), "{msg:?}");
    let msg = start_page_message(StartPage::parse("<body onload=\"Start({h:1})\">"));
    assert!(msg.as_deref().is_some_and(|m| m.contains("`a`")), "{msg:?}");
    let msg = start_page_message(StartPage::parse("<script>Start({h:1,a:3,,})</script>"));
    assert!(
        msg.as_deref().is_some_and(|m| m.contains("object literal")),
        "{msg:?}"
    );
}

#[test]
fn page_size_is_bounded() {
    let huge = "x".repeat(MAX_PAGE_BYTES + 1);
    assert!(start_page_message(StartPage::parse(&huge)).is_some());
}

fn page_with(literal: &str, shape: u8) -> String {
    match shape % 4 {
        0 => format!(
            "<html><body onload=\"try {{ Start ({}) }} catch (e) {{}}\"></body></html>",
            html_escape::encode_double_quoted_attribute(literal)
        ),
        1 => format!(
            "<html><script>window.addEventListener(\"load\", () => {{try{{Start ({literal});}} catch (e) {{}}}})</script></html>"
        ),
        2 => format!(
            "<body onload='Start(\n{})'>",
            literal.replace('&', "&amp;").replace('\'', "&#39;")
        ),
        _ => format!(
            "<!-- Start({{h:1,a:1}}) --><div>onStart(x)</div><script>\tStart\n(\t{literal}\n)</script>"
        ),
    }
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Value::from),
        ".*".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn page_flags() -> impl Strategy<Value = PageFlags> {
    prop_oneof![
        Just(PageFlags::Absent),
        (any::<bool>(), any::<bool>()).prop_map(|(skip_encrypt, skip_compress)| PageFlags::Skip {
            skip_encrypt,
            skip_compress
        }),
        (any::<bool>(), any::<bool>())
            .prop_map(|(encrypt, compress)| PageFlags::Do { encrypt, compress }),
    ]
}

const TYPED_KEYS: [&str; 14] = [
    "h", "a", "d", "g", "MR", "ER", "sCrA", "sCoA", "CrA", "CoA", "http", "poll", "e", "f",
];

prop_compose! {
    fn start_params()(
        session_id in 1u64..,
        session_id_is_number in any::<bool>(),
        espace in any::<u32>(),
        demo in any::<bool>(),
        access_kind in any::<Option<u32>>(),
        rsa in proptest::option::of(("[0-9a-fA-F]{1,64}", "[0-9a-f]{1,8}")),
        flags in page_flags(),
        http in any::<bool>(),
        poll in any::<bool>(),
        ent in proptest::option::of((".*", ".*")),
        extra in prop::collection::btree_map("[A-Za-z_$][A-Za-z0-9_$]{0,5}|.{0,8}", json_value(), 0..5),
    ) -> StartParams {
        let extra: BTreeMap<String, Value> = extra
            .into_iter()
            .filter(|(k, _)| !TYPED_KEYS.contains(&k.as_str()))
            .collect();
        StartParams {
            session_id,
            session_id_is_number,
            espace,
            demo,
            access_kind,
            rsa: rsa.map(|(modulus_hex, exponent_hex)| PageRsaKey { modulus_hex, exponent_hex }),
            flags,
            http,
            poll,
            ent: ent.map(|(username, password)| EntTokens { username, password }),
            extra,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in ".*") {
        let _ = StartPage::parse(&text);
        let _ = literal::parse_object(&text);
        let _ = StartParams::from_literal(&text);
    }

    #[test]
    fn arbitrary_text_after_start_never_panics(text in "[{}\\[\\]'\"\\\\:,a-z0-9 .&;#-]{0,64}") {
        for shape in [
            format!("<body onload=\"Start({{{text}\">"),
            format!("<script>Start ( {{{text}</script>"),
            format!("Start({{h:{text}"),
        ] {
            let _ = StartPage::parse(&shape);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = StartPage::parse(&format!("<body onload=\"Start({text})\">"));
    }

    #[test]
    fn literals_round_trip(params in start_params()) {
        let text = params.to_literal();
        prop_assert_eq!(StartParams::from_literal(&text), Ok(params.clone()));
        prop_assert_eq!(
            serde_json::from_str::<Value>(&text).ok().map(|v| v.is_object()),
            Some(true)
        );
    }

    #[test]
    fn pages_round_trip(params in start_params(), shape in 0u8..4) {
        let html = page_with(&params.to_literal(), shape);
        let page = StartPage::parse(&html);
        prop_assert_eq!(page.map(|p| p.params), Ok(params));
    }

    #[test]
    fn json_values_round_trip(value in json_value()) {
        let text = format!("{{k:{value}}}");
        let parsed = literal::parse_object(&text).map(|m| m.get("k").cloned());
        prop_assert_eq!(parsed, Ok(Some(value)));
    }
}

#[test]
fn single_quoted_attribute_with_double_quoted_literal() -> TestResult {
    let html = r#"<body onload='Start( { "h" : "99", "a" : "1", "u": "http://x:1/a,b}" } )'>"#;
    let p = StartPage::parse(html)?.params;
    assert_eq!((p.session_id, p.espace), (99, 1));
    assert_eq!(p.extra.get("u"), Some(&json!("http://x:1/a,b}")));
    Ok(())
}

#[test]
fn page_literal_round_trips_awkward_ent_tokens() {
    let mut p = StartParams::new(7, 2);
    p.flags = PageFlags::Do {
        encrypt: true,
        compress: true,
    };
    p.ent = Some(EntTokens {
        username: "o'brien \"x\" & <y>".into(),
        password: "a\\b:c,d}".into(),
    });
    let page = format!(
        "<body onload=\"try {{ Start ({}) }} catch (e) {{}}\">",
        p.to_page_literal()
    );
    assert!(!page.contains("IP"));
    assert_eq!(StartPage::parse(&page).map(|s| s.params), Ok(p));
}
