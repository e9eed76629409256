//! Start-page parsing against the pronotepy 2.15.7 vectors
//! (`start_params_parsing`), plus the page shapes of [protocol notes §2](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md).
//!
//! pronotepy splits the literal on `,` and `:` and keeps every value as a
//! string. Where that gives the right answer, we must agree with it; where
//! it is a bug (double-quoted literals with spaces, a value containing `:`,
//! "IP suspended" for any page containing the letters `IP`), we assert our
//! own, correct, result instead.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::collections::BTreeMap;

use pronote_proto::start::{EntTokens, PageFlags, PageRsaKey, StartPage, StartParams};
use pronote_proto::{DecodeError, Error, ServerError, Version};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn vectors() -> Result<Value, Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pronotepy-2.15.7-vectors.json"
    );
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

/// The value pronotepy would report for `key`, rendered from our typed
/// parameters (`None` when we have no such key).
fn attribute(p: &StartParams, key: &str) -> Option<String> {
    let flag = |b: bool| Some(b.to_string());
    match (key, p.flags) {
        ("h", _) => Some(p.session_id.to_string()),
        ("a", _) => Some(p.espace.to_string()),
        ("d", _) => flag(p.demo),
        ("http", _) => p.http.then(|| "true".to_owned()),
        ("poll", _) => p.poll.then(|| "true".to_owned()),
        ("g", _) => p.access_kind.map(|g| g.to_string()),
        ("CrA", PageFlags::Do { encrypt, .. }) => flag(encrypt),
        ("CoA", PageFlags::Do { compress, .. }) => flag(compress),
        ("sCrA", PageFlags::Skip { skip_encrypt, .. }) => flag(skip_encrypt),
        ("sCoA", PageFlags::Skip { skip_compress, .. }) => flag(skip_compress),
        _ => p.extra.get(key).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    }
}

fn start_page_message(r: &Result<StartPage, Error>) -> Option<&str> {
    match r {
        Err(Error::Decode(DecodeError::StartPage(m))) => Some(m),
        _ => None,
    }
}

fn params(session_id: u64, espace: u32) -> StartParams {
    let mut p = StartParams::new(session_id, espace);
    p.session_id_is_number = false;
    p
}

#[test]
fn pronotepy_start_params_cases() -> TestResult {
    let v = vectors()?;
    let cases = v["start_params_parsing"]["cases"]
        .as_object()
        .ok_or("start_params_parsing.cases missing")?;
    assert_eq!(cases.len(), 8, "cases in the vector file");
    for (name, case) in cases {
        let html = case["html"].as_str().ok_or("case without html")?;
        let result = StartPage::parse(html);
        if let Some(attrs) = case.get("attributes").and_then(Value::as_object) {
            // pronotepy succeeded: same attributes, same key set.
            let page = result.map_err(|e| format!("{name}: {e}"))?;
            for (key, expected) in attrs {
                assert_eq!(
                    attribute(&page.params, key).as_deref(),
                    expected.as_str(),
                    "{name}: key {key}"
                );
            }
            assert!(attrs.contains_key("h") && attrs.contains_key("a"), "{name}");
            assert!(
                page.params.extra.keys().all(|k| attrs.contains_key(k)),
                "{name}"
            );
            continue;
        }
        // pronotepy failed: our own expectations, case by case.
        match name.as_str() {
            "spaces_and_double_quotes" => {
                assert_eq!(result?.params, params(99, 1), "{name}");
            }
            "value_with_colon_raises_ValueError_retry" => {
                let mut expected = params(1, 3);
                expected.extra.insert("u".into(), json!("http://x"));
                assert_eq!(result?.params, expected, "{name}");
            }
            "contains_IP_anywhere" => {
                assert_eq!(result?.params, params(1, 3), "{name}");
            }
            "no_Start" => {
                let msg = start_page_message(&result);
                assert!(
                    msg.is_some_and(|m| m.contains("no `Start({...})` call")),
                    "{name}: {result:?}"
                );
            }
            "no_h_raises_ValueError_retry" => {
                let msg = start_page_message(&result);
                assert!(msg.is_some_and(|m| m.contains("`h`")), "{name}: {result:?}");
            }
            other => return Err(format!("vector case {other} has no expectation here").into()),
        }
    }
    Ok(())
}

#[test]
fn false_is_false_not_a_truthy_string() -> TestResult {
    let page = StartPage::parse("<body onload=\"Start({h:'1',a:3,CrA:false})\">")?;
    assert_eq!(
        page.params.flags,
        PageFlags::Do {
            encrypt: false,
            compress: false
        }
    );
    Ok(())
}

#[test]
fn protocol_onload_shape() -> TestResult {
    let html = "<html><body onload=\"try { Start ({h:'2052117',sCrA:true,a:3,d:true}) } catch (e) {messageErreur(e)}\"></body></html>";
    let page = StartPage::parse(html)?;
    let mut expected = params(2052117, 3);
    expected.demo = true;
    expected.flags = PageFlags::Skip {
        skip_encrypt: true,
        skip_compress: false,
    };
    assert_eq!(page.params, expected);
    assert_eq!(page.version, None);
    Ok(())
}

#[test]
fn protocol_script_shape_with_number_h() -> TestResult {
    let html = r#"<html><head><script>window.addEventListener("load", () => {try{Start ({"h":1697793,"d":true,"a":3});} catch (e) {}})</script></head>
<body><a>PRONOTE 2025.2.11 gestion de vie scolaire</a></body></html>"#;
    let page = StartPage::parse(html)?;
    let mut expected = StartParams::new(1697793, 3);
    expected.demo = true;
    assert_eq!(page.params, expected);
    assert!(page.params.session_id_is_number);
    assert_eq!(page.version, Some(Version::new(&[2025, 2, 11])));
    Ok(())
}

#[test]
fn entity_encoded_attribute() -> TestResult {
    let html = r#"<body onload="try { Start ({&quot;h&quot;:&quot;77&quot;,&quot;a&quot;:2,&quot;CrA&quot;:true,&quot;CoA&quot;:true,&quot;http&quot;:true,&quot;url&quot;:&quot;https://x/a?b=1&amp;c=2&quot;}) } catch (e) {}">"#;
    let p = StartPage::parse(html)?.params;
    assert_eq!((p.session_id, p.espace), (77, 2));
    assert!(!p.session_id_is_number);
    assert_eq!(
        p.flags,
        PageFlags::Do {
            encrypt: true,
            compress: true
        }
    );
    assert!(p.http);
    assert_eq!(p.extra.get("url"), Some(&json!("https://x/a?b=1&c=2")));
    Ok(())
}

#[test]
fn rsa_key_ent_tokens_and_unknown_keys() -> TestResult {
    let html = "<body onload=\"Start({h:'3',a:3,MR:'B99B77A3D72D3A29',ER:'10001',e:'ent-id',f:'ent-key',g:3,fi:'x:y,z}',p:[1,{q:2}],poll:true})\">";
    let p = StartPage::parse(html)?.params;
    assert_eq!(
        p.rsa,
        Some(PageRsaKey {
            modulus_hex: "B99B77A3D72D3A29".into(),
            exponent_hex: "10001".into()
        })
    );
    assert_eq!(
        p.ent,
        Some(EntTokens {
            username: "ent-id".into(),
            password: "ent-key".into()
        })
    );
    assert_eq!(p.access_kind, Some(3));
    assert!(p.poll);
    let extra: BTreeMap<String, Value> = [
        ("fi".to_owned(), json!("x:y,z}")),
        ("p".to_owned(), json!([1, {"q": 2}])),
    ]
    .into_iter()
    .collect();
    assert_eq!(p.extra, extra);
    assert!(!format!("{p:?}").contains("ent-key"));
    assert_eq!(StartParams::from_literal(&p.to_literal())?, p);
    Ok(())
}

#[test]
fn server_error_pages() {
    assert_eq!(
        StartPage::parse("<html><body>Votre adresse IP est provisoirement suspendue</body></html>"),
        Err(Error::Server(ServerError::IpSuspended))
    );
    assert_eq!(
        StartPage::parse("{\"x\":\"Le site n\\u0027est pas disponible\"}"),
        Err(Error::Server(ServerError::Unavailable))
    );
}

#[test]
fn rendered_pages_parse_back() -> TestResult {
    let mut p = StartParams::new(1697793, 3);
    p.flags = PageFlags::Do {
        encrypt: true,
        compress: false,
    };
    p.ent = Some(EntTokens {
        username: "it's \"quoted\" & <b>".into(),
        password: "a&amp;b".into(),
    });
    let literal = p.to_literal();
    let attribute_page = format!(
        "<body onload=\"try {{ Start ({}) }} catch (e) {{}}\">",
        html_escape::encode_double_quoted_attribute(&literal)
    );
    let script_page = format!(
        "<script>window.addEventListener(\"load\", () => {{try{{Start ({literal});}} catch (e) {{}}}})</script>"
    );
    assert_eq!(StartPage::parse(&attribute_page)?.params, p);
    assert_eq!(StartPage::parse(&script_page)?.params, p);
    Ok(())
}
