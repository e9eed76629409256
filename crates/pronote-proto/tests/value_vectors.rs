//! Known-answer tests for `pronote_proto::value` against the vectors that
//! pronotepy 2.15.7's own `Util` helpers produced (section `util`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use pronote_proto::value::{
    Grade, HourTable, Html, lesson_start, parse_date, parse_date_in_year, parse_date_relative,
    parse_date_time,
};
use serde_json::Value;
use time::PrimitiveDateTime;
use time::macros::{date, datetime};

fn util() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pronotepy-2.15.7-vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("vector file");
    let all: Value = serde_json::from_str(&text).expect("vector JSON");
    all["util"].clone()
}

fn entries(section: &Value) -> Vec<(&str, &str)> {
    section
        .as_object()
        .expect("an object section")
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().expect("string value")))
        .collect()
}

fn iso(dt: PrimitiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}",
        dt.date(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

#[test]
fn date_parse() {
    let util = util();
    let cases = entries(&util["date_parse"]);
    assert_eq!(cases.len(), 4, "cases in the vector file");
    for (input, expected) in cases {
        assert_eq!(parse_date(input).unwrap().to_string(), expected, "{input}");
    }
}

/// The note: "'dd/mm' (no year) => current year; 'HHMM' (4 digits) =>
/// today's date". Our API takes "today" as an argument instead of reading
/// a clock.
#[test]
fn date_parse_clock_dependent_forms() {
    let util = util();
    let note = util["date_parse_note"].as_str().unwrap();
    assert!(note.contains("dd/mm") && note.contains("HHMM"));

    assert_eq!(
        parse_date_in_year("15/01", 2026).unwrap(),
        date!(2026 - 01 - 15)
    );
    let today = date!(2026 - 03 - 02);
    assert_eq!(
        parse_date_relative("15/01", today).unwrap().date(),
        date!(2026 - 01 - 15)
    );
    assert_eq!(
        parse_date_relative("0830", today).unwrap(),
        datetime!(2026-03-02 08:30)
    );
    assert_eq!(
        parse_date_relative("08h30", today).unwrap(),
        datetime!(2026-03-02 08:30)
    );
    // Without the context, these forms are errors, not guesses.
    assert!(parse_date("15/01").is_err());
    assert!(parse_date("0830").is_err());
}

#[test]
fn datetime_parse() {
    let util = util();
    let cases = entries(&util["datetime_parse"]);
    assert_eq!(cases.len(), 3, "cases in the vector file");
    for (input, expected) in cases {
        assert_eq!(iso(parse_date_time(input).unwrap()), expected, "{input}");
    }
}

#[test]
fn grade_parse() {
    let util = util();
    let cases = entries(&util["grade_parse"]);
    assert_eq!(cases.len(), 10);
    for (input, expected) in cases {
        // pronotepy names the special marks; it passes any other text
        // ("Abs") through unchanged, where we report an error.
        let want = match expected {
            "Absent" => Some(Grade::Absent),
            "Dispense" => Some(Grade::Exempted),
            "NonNote" => Some(Grade::NotGraded),
            "Inapte" => Some(Grade::Unfit),
            "NonRendu" => Some(Grade::NotReturned),
            "AbsentZero" => Some(Grade::AbsentZero),
            "NonRenduZero" => Some(Grade::NotReturnedZero),
            "Felicitations" => Some(Grade::Congratulations),
            _ => None,
        };
        match want {
            Some(grade) => assert_eq!(Grade::parse(input).unwrap(), grade, "{input}"),
            None if input == expected && !input.starts_with(|c: char| c.is_ascii_digit()) => {
                assert!(Grade::parse(input).is_err(), "{input}");
            }
            None => {
                let grade = Grade::parse(input).unwrap();
                assert_eq!(grade.to_string(), expected, "{input}");
                assert!(matches!(grade, Grade::Value(_)));
            }
        }
    }
}

#[test]
fn html_parse() {
    let util = util();
    let cases = entries(&util["html_parse"]);
    assert_eq!(cases.len(), 1, "cases in the vector file");
    for (input, expected) in cases {
        assert_eq!(Html::from(input).to_plain_text(), expected, "{input}");
    }
}

/// pronotepy's `place2time` takes `place % (len(listeHeures) - 1)` when the
/// place exceeds the list; the protocol (and Pawnote) take
/// `place % PlacesParJour`. With `PlacesParJour` = 4 (the list's length),
/// place 6 is day 1, place 2 (09:00); pronotepy's 08:00 is what our helper
/// gives with 3 places per day.
#[test]
fn place2time() {
    let util = util();
    let section = &util["place2time"];
    let hours: HourTable = serde_json::from_value(section["listeHeures"].clone()).unwrap();
    let places_per_day = u32::try_from(hours.len()).unwrap();
    assert_eq!(places_per_day, 4);

    let mut checked = 0;
    for (key, expected) in section.as_object().unwrap() {
        let Some(rest) = key.strip_prefix("place=") else {
            continue;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let place: u32 = digits.parse().unwrap();
        let expected = expected.as_str().unwrap();
        let pronotepy_quirk = place > places_per_day;
        let divisor = if pronotepy_quirk {
            places_per_day - 1
        } else {
            places_per_day
        };
        let time = lesson_start(&hours, divisor, place).unwrap();
        let shown = format!(
            "{:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        );
        assert_eq!(shown, expected, "{key}");
        if pronotepy_quirk {
            let protocol = lesson_start(&hours, places_per_day, place).unwrap();
            assert_eq!(protocol, time::macros::time!(9:00));
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}
