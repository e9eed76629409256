//! `GenerationPDF` (tab 16) with layout options: the timetable PDF as
//! the official client's PDF window asks for it (`options` of
//! `OptionsPDF.EDT`, and `domaine` for the weeks), answering its path
//! (`url.V`) under the instance root.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Value, json};

use pronote_proto::value::lenient;
use pronote_proto::{RawReply, Reply};

use super::GetTimetablePdf;
use super::wire::{owned, parse, parse_raw};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::timetable_pdf::{PdfSpan, TimetablePdfOptions};

const NAME: &str = "GenerationPDF";

/// The timetable PDF laid out by [`TimetablePdfOptions`]: its path under
/// the instance root.
///
/// ```
/// use pronote_api::functions::{GetTimetablePdf, GetTimetablePdfWith};
/// use pronote_api::models::timetable_pdf::TimetablePdfOptions;
///
/// let request: GetTimetablePdfWith =
///     GetTimetablePdf::with_options(TimetablePdfOptions::default().portrait(true).weeks(3, 4));
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GetTimetablePdfWith {
    options: TimetablePdfOptions,
}

impl GetTimetablePdf {
    /// The timetable PDF with these layout options rather than the
    /// year's default layout.
    pub fn with_options(options: TimetablePdfOptions) -> GetTimetablePdfWith {
        GetTimetablePdfWith { options }
    }
}

impl Function for GetTimetablePdfWith {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(16);
    const KIND: CallKind = CallKind::Read;
    type Output = String;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let o = &self.options;
        let student = ctx.student.map(|s| s.reference()).unwrap_or(Value::Null);
        let (annual, domain) = match o.span {
            PdfSpan::Year => (true, "[0]".to_owned()),
            PdfSpan::Weeks { first, last } if first == last => (false, format!("[{first}]")),
            PdfSpan::Weeks { first, last } => (false, format!("[{first}..{last}]")),
        };
        Ok(Some(json!({
            "options": {
                "portrait": o.portrait,
                "taillePolice": o.font_size,
                "taillePoliceMin": o.min_font_size,
                "couleur": o.colour.code(),
                "renvoi": o.overflow.code(),
                "uneGrilleParSemaine": o.one_grid_per_week,
                "inversionGrille": o.swap_axes,
                "ignorerLesPlagesSansCours": o.skip_empty_slots,
                "estEDTAnnuel": annual,
            },
            "genreGenerationPDF": 0,
            "estPlanning": false,
            "estPlanningParRessource": false,
            "estPlanningOngletParJour": false,
            "estPlanningParJour": false,
            "indiceJour": 0,
            "ressource": student,
            "ressources": [student],
            "domaine": {"_T": 8, "V": domain},
            "avecCoursAnnules": true,
            "grilleInverse": o.swap_axes,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_raw(&self, reply: RawReply, _ctx: &Context<'_>) -> Result<String> {
        path(parse_raw(NAME, &reply)?)
    }
}

fn path(wire: WireReply<'_>) -> Result<String> {
    owned(wire.url).ok_or_else(|| Error::reply(NAME, "no url"))
}

/// The reply: the generated file's path.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions::fixture::Session;
    use crate::models::timetable_pdf::{PdfColour, PdfOverflow};

    #[test]
    fn options_on_the_wire() {
        let session = Session::new();
        let options = TimetablePdfOptions::default()
            .portrait(true)
            .colour(PdfColour::Text)
            .overflow(PdfOverflow::AtEnd)
            .weeks(5, 3);
        let data = session.data(&GetTimetablePdf::with_options(options));
        assert_eq!(data["options"]["portrait"], json!(true));
        assert_eq!(data["options"]["couleur"], json!(2));
        assert_eq!(data["options"]["renvoi"], json!(3));
        assert_eq!(data["options"]["estEDTAnnuel"], json!(false));
        assert_eq!(data["domaine"], json!({"_T": 8, "V": "[3..5]"}));
        let year = session.data(&GetTimetablePdf::with_options(
            TimetablePdfOptions::default(),
        ));
        assert_eq!(year["domaine"], json!({"_T": 8, "V": "[0]"}));
        assert_eq!(year["options"]["estEDTAnnuel"], json!(true));
    }
}
