//! `GenerationPDF`: the server renders a PDF and answers its path
//! (`url.V`, relative to the instance root). Tab 13 for a report card
//! (`genreGenerationPDF` 2, as Pawnote sends), tab 16 for the timetable
//! (`genreGenerationPDF` 0, as pronotepy sends).

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Value, json};

use pronote_proto::value::lenient;
use pronote_proto::{RawReply, Reply};

use super::dernieres_notes::find_period;
use super::wire::{owned, parse, parse_raw};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};

const NAME: &str = "GenerationPDF";

fn path(wire: WireReply<'_>) -> Result<String> {
    owned(wire.url).ok_or_else(|| Error::reply(NAME, "no url"))
}

/// The reply: the generated file's path.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
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

impl Function for GetReportCardPdf {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(13);
    const KIND: CallKind = CallKind::Read;
    type Output = String;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        Ok(Some(json!({
            "avecCodeCompetences": false,
            "genreGenerationPDF": 2,
            "options": {
                "adapterHauteurService": false, "desEleves": false, "gererRectoVerso": false,
                "hauteurServiceMax": 15, "hauteurServiceMin": 10, "piedMonobloc": true,
                "portrait": true, "taillePolice": 6.5, "taillePoliceMin": 5,
                "taillePolicePied": 6.5, "taillePolicePiedMin": 5,
            },
            "periode": {"N": period.id, "G": period.kind, "L": period.name},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_raw(&self, reply: RawReply, _ctx: &Context<'_>) -> Result<String> {
        path(parse_raw(NAME, &reply)?)
    }
}

/// The timetable PDF of the whole year: its path under the instance root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetTimetablePdf;

impl Function for GetTimetablePdf {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(16);
    const KIND: CallKind = CallKind::Read;
    type Output = String;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let student = ctx.student.map(|s| s.reference()).unwrap_or(Value::Null);
        Ok(Some(json!({
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
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        path(parse(NAME, &reply.data)?)
    }

    fn decode_raw(&self, reply: RawReply, _ctx: &Context<'_>) -> Result<String> {
        path(parse_raw(NAME, &reply)?)
    }
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
