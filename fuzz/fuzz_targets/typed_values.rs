//! Every parser of `pronote_proto::value`, on arbitrary text and JSON.
//!
//! * Text parsers (dates, hour labels, domains, decimals, grades, HTML,
//!   versions): never panic, and what parses prints back to text that
//!   parses to the same value (server and client date styles, domain text
//!   and bit-string forms).
//! * JSON: `TypedValue::from_json` on the input and every value nested in
//!   it, `TypedValue::decode` of the text under every `_T`, and serde
//!   deserialization of each value type; what reads writes back to JSON
//!   that reads the same.
//! * Structured values (dates, domains, decimals, grades, calendar
//!   arithmetic) from arbitrary numbers: printing then parsing is the
//!   identity, and `week_start(week_number(d))` is the start of `d`'s week.

#![no_main]

use std::fmt::Debug;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use pronote_fuzz::assert_round_trip;
use pronote_proto::Version;
use pronote_proto::value::{
    DateStyle, Decimal, Domain, Grade, HourTable, Html, Id, NumberSet, Reference, State,
    TypedValue, WireDate, WireList, format_client, format_server, format_server_date, lesson_end,
    lesson_start, parse_date, parse_date_in_year, parse_date_relative, parse_date_time,
    parse_hour_label, week_number, week_start,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use time::{Date, Month, PrimitiveDateTime, Time};

/// Every `_T` code the crate knows, and two it does not.
const KINDS: &[u32] = &[
    1, 2, 3, 4, 7, 8, 10, 11, 13, 14, 15, 16, 17, 20, 21, 23, 24, 25, 26, 27, 5, 99,
];

/// How many nested values `from_json` is tried on.
const MAX_VISITS: usize = 256;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        text_parsers(text);
        for kind in KINDS {
            typed_round_trip(TypedValue::decode(*kind, &Value::String(text.to_owned())));
        }
    }
    if let Ok(json) = serde_json::from_slice::<Value>(data) {
        json_parsers(&json);
    }
    let _ = structured(&mut Unstructured::new(data));
});

fn text_parsers(text: &str) {
    let Ok(today) = Date::from_calendar_date(2026, Month::March, 2) else {
        return;
    };

    if let Ok(dt) = parse_date_time(text) {
        assert_round_trip!(
            "parse_date_time ∘ format_server",
            parse_date_time(&format_server(dt)),
            &dt
        );
        assert_round_trip!(
            "parse_date_time ∘ format_client",
            parse_date_time(&format_client(dt)),
            &dt
        );
        // A full date keeps its own year, and is the same relative to any day.
        assert_round_trip!(
            "parse_date_in_year on a full date",
            parse_date_in_year(text, 1999),
            &dt.date()
        );
        assert_round_trip!(
            "parse_date_relative on a full date",
            parse_date_relative(text, today),
            &dt
        );
    }
    if let Ok(d) = parse_date(text) {
        assert_round_trip!(
            "parse_date ∘ format_server_date",
            parse_date(&format_server_date(d)),
            &d
        );
    }
    let _ = parse_date_in_year(text, 2026);
    let _ = parse_date_relative(text, today);

    if let Ok(t) = parse_hour_label(text) {
        let label = format!("{:02}h{:02}", t.hour(), t.minute());
        assert_round_trip!("parse_hour_label ∘ format", parse_hour_label(&label), &t);
    }

    if let Ok(domain) = Domain::parse(text) {
        domain_round_trip(domain);
    }
    if let Ok(d) = Decimal::parse(text) {
        let _ = d.as_f64();
        assert_round_trip!(
            "Decimal::parse ∘ to_string",
            Decimal::parse(&d.to_string()),
            &d
        );
    }
    if let Ok(g) = Grade::parse(text) {
        let _ = g.as_f64();
        assert_round_trip!("Grade::parse ∘ to_string", Grade::parse(&g.to_string()), &g);
    }
    let _ = Html::from(text).to_plain_text();
    if let Ok(v) = text.parse::<Version>() {
        assert_round_trip!(
            "Version::from_str ∘ to_string",
            v.to_string().parse::<Version>(),
            &v
        );
        let _ = v.generation();
    }
}

fn domain_round_trip(domain: Domain) {
    let text = domain.to_string();
    assert_round_trip!(
        format_args!("Domain::parse ∘ to_string ({text})"),
        Domain::parse(&text),
        &domain
    );
    assert_eq!(domain.len(), domain.iter().count(), "Domain::len");
    assert_eq!(domain.first(), domain.iter().next(), "Domain::first");
    assert_eq!(domain.last(), domain.iter().last(), "Domain::last");
    if !domain.contains(0) {
        let bits = domain.to_bit_string(domain.last().unwrap_or(0));
        assert_round_trip!(
            format_args!("Domain::parse ∘ to_bit_string ({bits})"),
            Domain::parse(&bits),
            &domain
        );
    }
}

/// A decoded typed value writes back to JSON that decodes the same (in
/// both date styles).
fn typed_round_trip(decoded: Result<TypedValue, pronote_proto::DecodeError>) {
    let Ok(value) = decoded else { return };
    for style in [DateStyle::Server, DateStyle::Client] {
        let json = value.to_json_with(style);
        assert_round_trip!(
            format_args!("TypedValue::from_json ∘ to_json_with({style:?}) ({json})"),
            TypedValue::from_json(&json),
            &Some(value.clone()),
        );
    }
}

fn json_parsers(json: &Value) {
    // Every nested value, breadth first, a bounded number of them.
    let mut queue = vec![json];
    let mut visited = 0;
    while let Some(v) = queue.pop() {
        visited += 1;
        if visited > MAX_VISITS {
            break;
        }
        if let Ok(Some(t)) = TypedValue::from_json(v) {
            typed_round_trip(Ok(t));
        }
        match v {
            Value::Array(items) => queue.extend(items.iter()),
            Value::Object(map) => queue.extend(map.values()),
            _ => {}
        }
    }
    for kind in KINDS {
        typed_round_trip(TypedValue::decode(*kind, json));
    }

    serde_round_trip::<WireDate>(json);
    serde_round_trip::<Domain>(json);
    serde_round_trip::<NumberSet>(json);
    serde_round_trip::<Grade>(json);
    serde_round_trip::<Decimal>(json);
    serde_round_trip::<Html>(json);
    serde_round_trip::<Id>(json);
    serde_round_trip::<State>(json);
    serde_round_trip::<Reference>(json);
    serde_round_trip::<WireList<Reference>>(json);
    serde_round_trip::<WireList<WireDate>>(json);
    serde_round_trip::<TypedValue>(json);
    if let Ok(table) = serde_json::from_value::<HourTable>(json.clone()) {
        for place in [0, 1, 5, u32::MAX] {
            let _ = table.time(place);
            let _ = lesson_start(&table, 4, place);
            let _ = lesson_end(&table, 4, place, 2);
        }
    }
}

/// Reads `T` from the JSON; what reads writes back to JSON that reads the
/// same.
fn serde_round_trip<T>(json: &Value)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_value::<T>(json.clone()) else {
        return;
    };
    let written = match serde_json::to_value(&value) {
        Ok(written) => written,
        Err(e) => panic!("{} does not serialize: {e}", std::any::type_name::<T>()),
    };
    assert_round_trip!(
        format_args!(
            "{} deserialize ∘ serialize ({written})",
            std::any::type_name::<T>()
        ),
        serde_json::from_value::<T>(written.clone()),
        &value,
    );
}

fn structured(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    // Dates and times: the server and client styles read back.
    let date = arb_date(u)?;
    let time = Time::from_hms(
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=59)?,
    )
    .unwrap_or(Time::MIDNIGHT);
    let dt = PrimitiveDateTime::new(date, time);
    assert_round_trip!(
        "parse_date_time ∘ format_server",
        parse_date_time(&format_server(dt)),
        &dt
    );
    assert_round_trip!(
        "parse_date_time ∘ format_client",
        parse_date_time(&format_client(dt)),
        &dt
    );
    assert_round_trip!(
        "parse_date ∘ format_server_date",
        parse_date(&format_server_date(date)),
        &date
    );
    typed_round_trip(Ok(TypedValue::DateTime(dt)));

    // Domains.
    let numbers: Vec<u16> = u.arbitrary()?;
    let domain = Domain::try_from_iter(numbers.iter().map(|n| n % (Domain::MAX + 1)));
    match domain {
        Ok(domain) => {
            for n in &numbers {
                assert!(domain.contains(n % (Domain::MAX + 1)), "Domain::contains");
            }
            domain_round_trip(domain);
            typed_round_trip(Ok(TypedValue::Domain(domain)));
        }
        Err(e) => panic!("Domain::try_from_iter refused numbers ≤ MAX: {e}"),
    }

    // Decimals: any i64 mantissa (19 digits included, FINDINGS.md 1).
    let mantissa = u.arbitrary::<i64>()?;
    let scale = u.int_in_range(0u8..=18)?;
    if let Some(d) = Decimal::new(mantissa, scale) {
        assert_round_trip!(
            format_args!("Decimal::parse ∘ to_string ({d})"),
            Decimal::parse(&d.to_string()),
            &d
        );
        let g = Grade::Value(d);
        assert_round_trip!("Grade::parse ∘ to_string", Grade::parse(&g.to_string()), &g);
    }
    // Marks `|n`: any u32 (10 digits included, FINDINGS.md 2).
    let code = u.arbitrary::<u32>()?;
    let g = Grade::from_code(code);
    assert_eq!(g.code(), Some(code), "Grade::code ∘ from_code");
    assert_round_trip!("Grade::parse ∘ to_string", Grade::parse(&g.to_string()), &g);

    // Calendar: a week starts at most six days before any of its days.
    let first_monday = arb_date(u)?;
    let week = week_number(date, first_monday);
    if let Ok(start) = week_start(week, first_monday) {
        let offset = (date - start).whole_days();
        assert!(
            (0..7).contains(&offset),
            "week_start(week_number({date}, {first_monday})) = {start}"
        );
    }
    let _ = week_start(u.arbitrary()?, first_monday);
    let labels: Vec<&str> = u.arbitrary()?;
    if let Ok(table) = HourTable::from_ordered_labels(labels.iter().copied().take(32)) {
        let (per_day, place, duration) = (u.arbitrary()?, u.arbitrary()?, u.arbitrary()?);
        let _ = lesson_start(&table, per_day, place);
        let _ = lesson_end(&table, per_day, place, duration);
    }
    Ok(())
}

/// A date the server's four-digit years can write (years 0 to 9999).
fn arb_date(u: &mut Unstructured<'_>) -> arbitrary::Result<Date> {
    let year = u.int_in_range(0..=9999)?;
    let ordinal = u.int_in_range(1..=365)?;
    Date::from_ordinal_date(year, ordinal).map_err(|_| arbitrary::Error::IncorrectFormat)
}
