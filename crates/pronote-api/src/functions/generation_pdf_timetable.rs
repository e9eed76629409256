//! `GenerationPDF` (tab 16) with layout options: the timetable PDF as
//! the official client's PDF window asks for it (`options` of
//! `OptionsPDF.EDT`, and `domaine` for the weeks), answering its path
//! (`url.V`) under the instance root.

use serde::Serialize;
use serde_json::Value;

use pronote_proto::{Reply, ReplyText};

use super::GetTimetablePdf;
use super::generation_pdf::{path, timetable_request};
use super::wire::{parse, read_text};
use crate::error::Result;
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
        let (annual, weeks) = match o.span {
            PdfSpan::Year => (true, "[0]".to_owned()),
            PdfSpan::Weeks { first, last } if first == last => (false, format!("[{first}]")),
            PdfSpan::Weeks { first, last } => (false, format!("[{first}..{last}]")),
        };
        let options = ChosenOptions {
            portrait: o.portrait,
            font_size: o.font_size,
            font_size_min: o.min_font_size,
            colour: o.colour.code(),
            overflow: o.overflow.code(),
            grid_per_week: o.one_grid_per_week,
            inverted_grid: o.swap_axes,
            skip_empty_slots: o.skip_empty_slots,
            whole_year: annual,
        };
        timetable_request(ctx, options, weeks, o.swap_axes)
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<String> {
        path(read_text(NAME, &reply)?)
    }
}

/// The layout `options` the caller chose, in `OptionsPDF.EDT`'s names.
#[derive(Debug, Serialize)]
struct ChosenOptions {
    portrait: bool,
    #[serde(rename = "taillePolice")]
    font_size: f64,
    #[serde(rename = "taillePoliceMin")]
    font_size_min: f64,
    #[serde(rename = "couleur")]
    colour: u8,
    #[serde(rename = "renvoi")]
    overflow: u8,
    #[serde(rename = "uneGrilleParSemaine")]
    grid_per_week: bool,
    #[serde(rename = "inversionGrille")]
    inverted_grid: bool,
    #[serde(rename = "ignorerLesPlagesSansCours")]
    skip_empty_slots: bool,
    #[serde(rename = "estEDTAnnuel")]
    whole_year: bool,
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

    #[test]
    fn the_whole_request_with_options() {
        let session = Session::new();
        let options = TimetablePdfOptions::default()
            .portrait(true)
            .overflow(PdfOverflow::AtEnd)
            .weeks(4, 4);
        let student = json!({"N": "1#a", "G": 4, "L": "ELEVE Test"});
        assert_eq!(
            session.data(&GetTimetablePdf::with_options(options)),
            json!({
                "options": {
                    "portrait": true, "taillePolice": 6.5, "taillePoliceMin": 5.0, "couleur": 1,
                    "renvoi": 3, "uneGrilleParSemaine": false, "inversionGrille": false,
                    "ignorerLesPlagesSansCours": false, "estEDTAnnuel": false,
                },
                "genreGenerationPDF": 0,
                "estPlanning": false,
                "estPlanningParRessource": false,
                "estPlanningOngletParJour": false,
                "estPlanningParJour": false,
                "indiceJour": 0,
                "ressource": student,
                "ressources": [student],
                "domaine": {"_T": 8, "V": "[4]"},
                "avecCoursAnnules": true,
                "grilleInverse": false,
            })
        );
    }
}
