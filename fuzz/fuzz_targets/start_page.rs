//! The space page: `StartPage::parse` on arbitrary text never panics, and
//! what it reads survives `StartParams::to_literal` /
//! `StartParams::from_literal`. The object-literal reader
//! (`start::literal::parse_object`) and `Version::find_in_text` get the
//! text directly too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pronote_fuzz::assert_round_trip;
use pronote_proto::Version;
use pronote_proto::start::{StartPage, StartParams, literal};

fuzz_target!(|html: &str| {
    if let Ok(page) = StartPage::parse(html) {
        let text = page.params.to_literal();
        assert_round_trip!(
            format_args!("StartParams::from_literal ∘ to_literal ({text})"),
            StartParams::from_literal(&text),
            &page.params,
        );
    }

    if let Ok(object) = literal::parse_object(html)
        && let Ok(params) = StartParams::from_object(object)
    {
        let text = params.to_literal();
        assert_round_trip!(
            format_args!("StartParams::from_literal ∘ to_literal ({text})"),
            StartParams::from_literal(&text),
            &params,
        );
    }

    if let Some(version) = Version::find_in_text(html) {
        let text = version.to_string();
        assert_round_trip!(
            format_args!("Version parse ∘ to_string ({text})"),
            text.parse::<Version>(),
            &version,
        );
    }
});
