//! `GenerationPDF`: the server renders a PDF and answers its path
//! (`url.V`, relative to the instance root). Tab 13 for a report card
//! (`genreGenerationPDF` 2, as Pawnote sends), tab 16 for the timetable
//! (`genreGenerationPDF` 0, as pronotepy sends).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::lenient;
use pronote_proto::value::typed::kind;
use pronote_proto::{Reply, ReplyText};

use super::dernieres_notes::{find_period, period_ref};
use super::wire::{Typed, WireRef, owned, parse, read_text, request, student_ref};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::{PeriodId, StudentId};

const NAME: &str = "GenerationPDF";

/// The path a `GenerationPDF` reply names.
pub(super) fn path(wire: WireReply<'_>) -> Result<String> {
    owned(wire.url).ok_or_else(|| Error::reply(NAME, "no url"))
}

/// The reply: the generated file's path.
#[derive(Debug, Deserialize)]
pub(super) struct WireReply<'a> {
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
}

/// The report card PDF of a period: its path under the instance root.
///
/// ```
/// use pronote_api::functions::GetReportCardPdf;
/// let request = GetReportCardPdf::new("Trimestre 1");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReportCardPdf {
    period: String,
}

impl GetReportCardPdf {
    /// The report card of the period named `period`.
    pub fn new(period: impl Into<String>) -> Self {
        GetReportCardPdf {
            period: period.into(),
        }
    }
}

/// The report card request, as Pawnote sends it.
#[derive(Debug, Serialize)]
struct WireReportCardRequest<'a> {
    #[serde(rename = "avecCodeCompetences")]
    with_skill_codes: bool,
    #[serde(rename = "genreGenerationPDF")]
    kind: u32,
    options: ReportCardOptions,
    #[serde(rename = "periode")]
    period: WireRef<'a, PeriodId>,
}

/// The report card's layout `options`.
#[derive(Debug, Serialize)]
struct ReportCardOptions {
    #[serde(rename = "adapterHauteurService")]
    fit_row_height: bool,
    #[serde(rename = "desEleves")]
    of_students: bool,
    #[serde(rename = "gererRectoVerso")]
    two_sided: bool,
    #[serde(rename = "hauteurServiceMax")]
    row_height_max: u32,
    #[serde(rename = "hauteurServiceMin")]
    row_height_min: u32,
    #[serde(rename = "piedMonobloc")]
    single_block_footer: bool,
    portrait: bool,
    #[serde(rename = "taillePolice")]
    font_size: f64,
    #[serde(rename = "taillePoliceMin")]
    font_size_min: u32,
    #[serde(rename = "taillePolicePied")]
    footer_font_size: f64,
    #[serde(rename = "taillePolicePiedMin")]
    footer_font_size_min: u32,
}

const REPORT_CARD_OPTIONS: ReportCardOptions = ReportCardOptions {
    fit_row_height: false,
    of_students: false,
    two_sided: false,
    row_height_max: 15,
    row_height_min: 10,
    single_block_footer: true,
    portrait: true,
    font_size: 6.5,
    font_size_min: 5,
    footer_font_size: 6.5,
    footer_font_size_min: 5,
};

impl Function for GetReportCardPdf {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(13);
    const KIND: CallKind = CallKind::Read;
    type Output = String;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        request(
            NAME,
            &WireReportCardRequest {
                with_skill_codes: false,
                kind: 2,
                options: REPORT_CARD_OPTIONS,
                period: period_ref(period),
            },
        )
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<String> {
        path(read_text(NAME, &reply)?)
    }
}

/// The timetable PDF of the whole year: its path under the instance root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetTimetablePdf;

/// The timetable request, as pronotepy sends it; `ressource` is `null`
/// without a student. `options` and the weeks' text vary with the layout
/// asked for ([`GetTimetablePdfWith`](super::GetTimetablePdfWith)).
#[derive(Debug, Serialize)]
struct WireTimetableRequest<'a, O, W> {
    options: O,
    #[serde(rename = "genreGenerationPDF")]
    kind: u32,
    #[serde(rename = "estPlanning")]
    planning: bool,
    #[serde(rename = "estPlanningParRessource")]
    planning_by_resource: bool,
    #[serde(rename = "estPlanningOngletParJour")]
    planning_tab_by_day: bool,
    #[serde(rename = "estPlanningParJour")]
    planning_by_day: bool,
    #[serde(rename = "indiceJour")]
    day_index: u32,
    #[serde(rename = "ressource")]
    resource: Option<WireRef<'a, StudentId>>,
    #[serde(rename = "ressources")]
    resources: [Option<WireRef<'a, StudentId>>; 1],
    #[serde(rename = "domaine")]
    weeks: Typed<W>,
    #[serde(rename = "avecCoursAnnules")]
    with_cancelled: bool,
    #[serde(rename = "grilleInverse")]
    inverted_grid: bool,
}

/// The timetable's layout `options`.
#[derive(Debug, Serialize)]
struct TimetableOptions {
    portrait: bool,
    #[serde(rename = "taillePolice")]
    font_size: f64,
    #[serde(rename = "taillePoliceMin")]
    font_size_min: u32,
    #[serde(rename = "couleur")]
    colour: u32,
    #[serde(rename = "renvoi")]
    footnotes: bool,
    #[serde(rename = "uneGrilleParSemaine")]
    grid_per_week: bool,
    #[serde(rename = "inversionGrille")]
    inverted_grid: bool,
    #[serde(rename = "ignorerLesPlagesSansCours")]
    skip_empty_slots: bool,
    #[serde(rename = "estEDTAnnuel")]
    whole_year: bool,
}

const TIMETABLE_OPTIONS: TimetableOptions = TimetableOptions {
    portrait: false,
    font_size: 6.5,
    font_size_min: 5,
    colour: 1,
    footnotes: false,
    grid_per_week: false,
    inverted_grid: false,
    skip_empty_slots: false,
    whole_year: true,
};

impl Function for GetTimetablePdf {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(16);
    const KIND: CallKind = CallKind::Read;
    type Output = String;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        timetable_request(ctx, TIMETABLE_OPTIONS, "[0]", false)
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<String> {
        path(read_text(NAME, &reply)?)
    }
}

/// A timetable PDF request for the context's student: layout `options`,
/// the `weeks` domain's text, and whether the grid is inverted.
pub(super) fn timetable_request<O: Serialize, W: Serialize>(
    ctx: &Context<'_>,
    options: O,
    weeks: W,
    inverted_grid: bool,
) -> Result<Option<Value>> {
    let student = ctx.student.map(student_ref);
    request(
        NAME,
        &WireTimetableRequest {
            options,
            kind: 0,
            planning: false,
            planning_by_resource: false,
            planning_tab_by_day: false,
            planning_by_day: false,
            day_index: 0,
            resource: student,
            resources: [student],
            weeks: Typed::new(kind::DOMAIN, weeks),
            with_cancelled: true,
            inverted_grid,
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn report_card_request() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetReportCardPdf::new("Trimestre 1")),
            json!({
                "avecCodeCompetences": false,
                "genreGenerationPDF": 2,
                "options": {
                    "adapterHauteurService": false, "desEleves": false, "gererRectoVerso": false,
                    "hauteurServiceMax": 15, "hauteurServiceMin": 10, "piedMonobloc": true,
                    "portrait": true, "taillePolice": 6.5, "taillePoliceMin": 5,
                    "taillePolicePied": 6.5, "taillePolicePiedMin": 5,
                },
                "periode": {"N": "1#p", "G": 2, "L": "Trimestre 1"},
            })
        );
    }

    #[test]
    fn timetable_request() {
        let s = Session::new();
        let student = json!({"N": "1#a", "G": 4, "L": "ELEVE Test"});
        let expected = |student: Value| {
            json!({
                "options": {
                    "portrait": false, "taillePolice": 6.5, "taillePoliceMin": 5, "couleur": 1,
                    "renvoi": false, "uneGrilleParSemaine": false, "inversionGrille": false,
                    "ignorerLesPlagesSansCours": false, "estEDTAnnuel": true,
                },
                "genreGenerationPDF": 0,
                "estPlanning": false,
                "estPlanningParRessource": false,
                "estPlanningOngletParJour": false,
                "estPlanningParJour": false,
                "indiceJour": 0,
                "ressource": student,
                "ressources": [student],
                "domaine": {"_T": 8, "V": "[0]"},
                "avecCoursAnnules": true,
                "grilleInverse": false,
            })
        };
        assert_eq!(s.data(&GetTimetablePdf), expected(student));
        let ctx = Context {
            student: None,
            ..s.ctx()
        };
        assert_eq!(
            GetTimetablePdf.data(&ctx).unwrap().unwrap(),
            expected(Value::Null)
        );
    }
}
