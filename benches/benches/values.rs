//! Reading what the server writes: the space page (`StartPage::parse`) and
//! the value conventions of `pronote_proto::value` (domains, dates, grades,
//! typed values, HTML, hour tables).
//!
//! Throughput is in bytes of input text.

#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not parse must abort the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pronote_proto::StartPage;
use pronote_proto::value::{
    Decimal, Domain, Grade, HourTable, Html, TypedValue, parse_date_time, parse_hour_label,
};
use serde_json::Value;

/// A space page as a 2025 server sends it: the head with its scripts and
/// styles, the `Start` call in `onload`, the version in the footer.
fn start_page_attribute() -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <title>PRONOTE - Espace Élèves - COLLÈGE JEAN MOULIN</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"../cssrev/2025.2.8/espace.css\">\n",
    );
    for i in 0..24 {
        page.push_str(&format!(
            "<script type=\"text/javascript\" src=\"../jsrev/2025.2.8/module{i:02}.js\"></script>\n"
        ));
    }
    page.push_str(
        "<noscript><p>Vous devez activer JavaScript pour accéder à PRONOTE.</p></noscript>\
         <!-- Start ({h:'0',a:0}) is not the call -->\
         </head><body id=\"id_body\" class=\"EspaceEleve\" \
         onload=\"try { Start ({h:'2052117',a:3,d:false,CrA:true,CoA:true,\
         g:0,poll:false,http:false}) } catch (e) { messageErreur (e) } \">\
         <div id=\"div\" role=\"main\"></div>\
         <footer><a href=\"https://www.index-education.com/fr/\">PRONOTE 2025.2.8 \
         © Index Éducation 1999-2025</a></footer></body></html>",
    );
    page
}

/// The other known shape: a `<script>` with a JSON-quoted literal.
fn start_page_script() -> String {
    "<!DOCTYPE html><html><head><title>PRONOTE</title></head><body>\
     <script>window.addEventListener(\"load\", () => {try{Start ({\"h\":1697793,\"d\":true,\
     \"a\":3,\"MR\":\"B99B77A3D72D3A29B4271FC7B7300E2F791EB8948174BE7B8024667E915446D4EEA0\
     C2424B8D1EBF7E2DDFF94691C6E994E839225C627D140A8F1146D1B0B5F18A09BBD3D8F421CA1E3E4796B\
     301EEBCCF80D81A32A1580121B8294433C38377083C5517D5921E8A078CDC019B15775292EFDA2C30251B1\
     CCABE812386C893E5\",\"ER\":\"010001\",\"sCrA\":false,\"sCoA\":false});} catch (e) {}})\
     </script><p>PRONOTE 2021.0.2.8</p></body></html>"
        .to_owned()
}

fn bench_text<T>(c: &mut Criterion, group: &str, cases: &[(&str, &str)], f: fn(&str) -> T) {
    let mut group = c.benchmark_group(group);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(700));
    for (name, text) in cases {
        // The fixture parses (the closures expect success).
        black_box(f(text));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| f(black_box(text))));
    }
    group.finish();
}

fn start_pages(c: &mut Criterion) {
    let attribute = start_page_attribute();
    let script = start_page_script();
    for page in [&attribute, &script] {
        StartPage::parse(page).expect("fixture page");
    }
    bench_text(
        c,
        "start_page",
        &[("onload_attribute", &attribute), ("script_json", &script)],
        |t| StartPage::parse(t).expect("page"),
    );
}

fn domains(c: &mut Criterion) {
    // A school year of weeks as `ListePeriodes` and `DomaineDePresence`
    // write them, and the bit-string form.
    let year: String = (1..=44)
        .map(|w| if w % 9 == 0 { '0' } else { '1' })
        .collect();
    bench_text(
        c,
        "domain",
        &[
            ("ranges", "[1..7,9..15,17..24,27..33,35..42]"),
            ("singles", "[1,3,5,8,13,21,34,55,89,144,233,377]"),
            ("bit_string", &year),
        ],
        |t| Domain::parse(t).expect("domain"),
    );
}

fn dates(c: &mut Criterion) {
    bench_text(
        c,
        "date",
        &[
            ("server", "15/01/2026 08:30:00"),
            ("client", "5/1/2026 8:0:0"),
            ("short", "15/01/26 08h30"),
            ("date_only", "15/01/2026"),
        ],
        |t| parse_date_time(t).expect("date"),
    );
    bench_text(c, "hour_label", &[("label", "08h30")], |t| {
        parse_hour_label(t).expect("hour")
    });
}

fn grades(c: &mut Criterion) {
    bench_text(
        c,
        "grade",
        &[("decimal", "15,5"), ("integer", "20"), ("mark", "|1")],
        |t| Grade::parse(t).expect("grade"),
    );
    bench_text(c, "decimal", &[("average", "12,345")], |t| {
        Decimal::parse(t).expect("decimal")
    });
}

fn typed_values(c: &mut Criterion) {
    let cases: Vec<(&str, Value)> = vec![
        (
            "date",
            serde_json::json!({"_T": 7, "V": "08/09/2025 08:00:00"}),
        ),
        (
            "domain",
            serde_json::json!({"_T": 8, "V": "[1..7,9..15,17..24]"}),
        ),
        ("grade", serde_json::json!({"_T": 10, "V": "15,5"})),
        ("html", serde_json::json!({"_T": 21, "V": "<p>Bonjour</p>"})),
        (
            "element",
            serde_json::json!({"_T": 24, "V": {"N": "41#x", "L": "Salle 104"}}),
        ),
    ];
    let mut group = c.benchmark_group("typed_value");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(700));
    for (name, json) in &cases {
        TypedValue::from_json(json)
            .expect("typed value")
            .expect("a typed value");
        group.throughput(Throughput::Elements(1));
        group.bench_function(*name, |b| b.iter(|| TypedValue::from_json(black_box(json))));
    }

    let hours = serde_json::json!({"_T": 24, "V": (0..20).map(|i| serde_json::json!({
        "G": i, "L": format!("{:02}h{:02}", 8 + i / 2, (i % 2) * 30)
    })).collect::<Vec<_>>()})
    .to_string();
    serde_json::from_str::<HourTable>(&hours).expect("hour table");
    group.throughput(Throughput::Bytes(hours.len() as u64));
    group.bench_function("hour_table_20_from_text", |b| {
        b.iter(|| serde_json::from_str::<HourTable>(black_box(&hours)))
    });
    group.finish();

    let html = "<div>Exercice 1 : lire les pages&nbsp;112 &agrave; 118.</div>\
                <div><b>Pour lundi</b> : r&eacute;diger un r&eacute;sum&eacute; \
                (10 lignes)<br/>et apprendre le vocabulaire &laquo;&nbsp;la ville&nbsp;&raquo;.</div>\
                <ul><li>cahier</li><li>manuel</li></ul>";
    bench_text(c, "html", &[("homework", html)], |t| {
        Html::from(t).to_plain_text()
    });
}

criterion_group!(benches, start_pages, domains, dates, grades, typed_values);
criterion_main!(benches);
