//! `PageAccueil` (tab 7): the home page's widgets, read for the useful
//! links, partner SSO entries and canteen wallets.
//!
//! Request (as Pawnote sends): `avecConseilDeClasse`, `dateGrille`,
//! `numeroSemaine` and one object per widget. Reply:
//! `lienUtile.listeLiens [{L, url, commentaire, SSO?}]`, `partenaireARD
//! {SSO, porteMonnaie [{libellePorteMonnaie, valeurSolde, avecWarning,
//! hintPorteMonnaie, hintSolde}]}`.

use serde_json::{Value, json};
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::Reply;
use pronote_proto::value::format_server;

use super::{field, flag, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::homepage::{Homepage, Link, Partner, Wallet};
use crate::models::instance::list;

const NAME: &str = "PageAccueil";

/// Reads the home page of a day.
///
/// ```
/// use pronote_api::functions::GetHomepage;
/// let request = GetHomepage::on(time::macros::date!(2025-09-08));
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GetHomepage {
    day: Date,
}

impl GetHomepage {
    /// The home page as shown on `day`.
    pub fn on(day: Date) -> Self {
        GetHomepage { day }
    }
}

impl Function for GetHomepage {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(7);
    const KIND: CallKind = CallKind::Read;
    type Output = Homepage;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let week = ctx.instance.week_of(self.day).max(1);
        let day =
            json!({"_T": 7, "V": format_server(PrimitiveDateTime::new(self.day, Time::MIDNIGHT))});
        let by_week = json!({"numeroSemaine": week});
        let by_day = json!({"date": day});
        Ok(Some(json!({
            "avecConseilDeClasse": true,
            "dateGrille": day,
            "numeroSemaine": week,
            "coursNonAssures": by_week, "personnelsAbsents": by_week, "incidents": by_week,
            "exclusions": by_week, "donneesVS": by_week, "donneesProfs": by_week, "EDT": by_week,
            "registreAppel": by_day, "previsionnelAbsServiceAnnexe": by_day, "TAFARendre": by_day,
            "TAFEtActivites": by_day, "tableauDeBord": by_day, "modificationsEDT": by_day,
            "partenaireCDI": {"CDI": {}},
            "lienUtile": {},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Homepage> {
        let data = &reply.data;
        let mut home = Homepage::default();
        let links = field(data, "lienUtile")
            .map(|l| list(l.get("listeLiens")))
            .unwrap_or_default();
        for item in links {
            let name = opt_string(item, "L");
            match item.get("SSO").filter(|s| s.is_object()) {
                Some(sso) => home.partners.push(partner(name, sso)),
                None => {
                    if let (Some(name), Some(url)) = (name, opt_string(item, "url")) {
                        home.links.push(Link {
                            name,
                            url,
                            description: opt_string(item, "commentaire"),
                        });
                    }
                }
            }
        }
        if let Some(ard) = field(data, "partenaireARD") {
            if let Some(sso) = ard.get("SSO").filter(|s| s.is_object()) {
                home.partners.push(partner(None, sso));
            }
            home.wallets = list(ard.get("porteMonnaie"))
                .iter()
                .filter_map(|w| {
                    Some(Wallet {
                        name: opt_string(w, "libellePorteMonnaie").unwrap_or_default(),
                        balance: opt_string(w, "valeurSolde")?,
                        warning: flag(w, "avecWarning"),
                        hint: opt_string(w, "hintPorteMonnaie"),
                        balance_hint: opt_string(w, "hintSolde"),
                    })
                })
                .collect();
        }
        Ok(home)
    }
}

fn partner(name: Option<String>, sso: &Value) -> Partner {
    let code = opt_string(sso, "codePartenaire");
    Partner {
        name: name.or_else(|| code.clone()).unwrap_or_default(),
        code,
        sso: sso.clone(),
    }
}
