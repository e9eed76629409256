//! `PageAccueil` (tab 7): the home page's widgets, read for the useful
//! links, partner SSO entries and canteen wallets.
//!
//! Request (as Pawnote sends): `avecConseilDeClasse`, `dateGrille`,
//! `numeroSemaine` and one object per widget. Reply:
//! `lienUtile.listeLiens [{L, url, commentaire, SSO?}]`, `partenaireARD
//! {SSO, porteMonnaie [{libellePorteMonnaie, valeurSolde, avecWarning,
//! hintPorteMonnaie, hintSolde}]}`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::value::{Wrapped, date, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{Empty, owned, parse, read_text, request};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::homepage::{Homepage, Link, Partner, Wallet};

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

/// The request, as Pawnote sends it: the day and its week, and one object
/// per widget, keyed by the week or by the day.
#[derive(Debug, Serialize)]
struct WireRequest {
    #[serde(rename = "avecConseilDeClasse")]
    with_class_council: bool,
    #[serde(
        rename = "dateGrille",
        serialize_with = "date::typed_server::serialize"
    )]
    grid_day: PrimitiveDateTime,
    #[serde(rename = "numeroSemaine")]
    week: i32,
    #[serde(rename = "coursNonAssures")]
    lessons_not_held: ByWeek,
    #[serde(rename = "personnelsAbsents")]
    absent_staff: ByWeek,
    #[serde(rename = "incidents")]
    incidents: ByWeek,
    #[serde(rename = "exclusions")]
    exclusions: ByWeek,
    #[serde(rename = "donneesVS")]
    school_life: ByWeek,
    #[serde(rename = "donneesProfs")]
    teachers: ByWeek,
    #[serde(rename = "EDT")]
    timetable: ByWeek,
    #[serde(rename = "registreAppel")]
    roll_call: ByDay,
    #[serde(rename = "previsionnelAbsServiceAnnexe")]
    annex_absences: ByDay,
    #[serde(rename = "TAFARendre")]
    work_to_hand_in: ByDay,
    #[serde(rename = "TAFEtActivites")]
    homework: ByDay,
    #[serde(rename = "tableauDeBord")]
    dashboard: ByDay,
    #[serde(rename = "modificationsEDT")]
    timetable_changes: ByDay,
    #[serde(rename = "partenaireCDI")]
    library: Library,
    #[serde(rename = "lienUtile")]
    useful_links: Empty,
}

/// A widget keyed by the week, `{numeroSemaine}`.
#[derive(Debug, Clone, Copy, Serialize)]
struct ByWeek {
    #[serde(rename = "numeroSemaine")]
    week: i32,
}

/// A widget keyed by the day, `{date}`.
#[derive(Debug, Clone, Copy, Serialize)]
struct ByDay {
    #[serde(serialize_with = "date::typed_server::serialize")]
    date: PrimitiveDateTime,
}

/// `partenaireCDI`, `{CDI: {}}`.
#[derive(Debug, Serialize)]
struct Library {
    #[serde(rename = "CDI")]
    library: Empty,
}

impl Function for GetHomepage {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(7);
    const KIND: CallKind = CallKind::Read;
    type Output = Homepage;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let week = ctx.instance.week_of(self.day).max(1);
        let day = PrimitiveDateTime::new(self.day, Time::MIDNIGHT);
        let by_week = ByWeek { week };
        let by_day = ByDay { date: day };
        request(
            NAME,
            &WireRequest {
                with_class_council: true,
                grid_day: day,
                week,
                lessons_not_held: by_week,
                absent_staff: by_week,
                incidents: by_week,
                exclusions: by_week,
                school_life: by_week,
                teachers: by_week,
                timetable: by_week,
                roll_call: by_day,
                annex_absences: by_day,
                work_to_hand_in: by_day,
                homework: by_day,
                dashboard: by_day,
                timetable_changes: by_day,
                library: Library { library: Empty {} },
                useful_links: Empty {},
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Homepage> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Homepage> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetHomepage {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Homepage> {
        let mut home = Homepage::default();
        let links = wire.links.map(|l| l.into_inner().items).unwrap_or_default();
        for item in links {
            let name = owned(item.name);
            match item.sso.filter(Value::is_object) {
                Some(sso) => home.partners.push(partner(name, sso)),
                None => {
                    if let (Some(name), Some(url)) = (name, owned(item.url)) {
                        home.links.push(Link {
                            name,
                            url,
                            description: owned(item.description),
                        });
                    }
                }
            }
        }
        if let Some(ard) = wire.ard {
            let ard = ard.into_inner();
            if let Some(sso) = ard.sso.filter(Value::is_object) {
                home.partners.push(partner(None, sso));
            }
            home.wallets = ard
                .wallets
                .into_iter()
                .filter_map(|w| {
                    Some(Wallet {
                        name: owned(w.name).unwrap_or_default(),
                        balance: owned(w.balance)?,
                        warning: w.warning,
                        hint: owned(w.hint),
                        balance_hint: owned(w.balance_hint),
                    })
                })
                .collect();
        }
        Ok(home)
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "lienUtile", borrow, default)]
    links: Option<Wrapped<WireLinks<'a>>>,
    #[serde(rename = "partenaireARD", borrow, default)]
    ard: Option<Wrapped<WireArd<'a>>>,
}

/// `lienUtile`.
#[derive(Debug, Deserialize)]
struct WireLinks<'a> {
    #[serde(
        rename = "listeLiens",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    items: Vec<WireLinkItem<'a>>,
}

/// A useful link, or a partner's single sign-on.
#[derive(Debug, Deserialize)]
struct WireLinkItem<'a> {
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
    #[serde(
        rename = "commentaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    description: Option<Cow<'a, str>>,
    #[serde(rename = "SSO", default)]
    sso: Option<Value>,
}

/// `partenaireARD`: the canteen partner and its wallets.
#[derive(Debug, Deserialize)]
struct WireArd<'a> {
    #[serde(rename = "SSO", default)]
    sso: Option<Value>,
    #[serde(
        rename = "porteMonnaie",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    wallets: Vec<WireWallet<'a>>,
}

/// A wallet.
#[derive(Debug, Deserialize)]
struct WireWallet<'a> {
    #[serde(
        rename = "libellePorteMonnaie",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "valeurSolde",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    balance: Option<Cow<'a, str>>,
    #[serde(
        rename = "avecWarning",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    warning: bool,
    #[serde(
        rename = "hintPorteMonnaie",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    hint: Option<Cow<'a, str>>,
    #[serde(
        rename = "hintSolde",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    balance_hint: Option<Cow<'a, str>>,
}

/// A partner's `SSO` object, read for its code.
#[derive(Debug, Deserialize)]
struct WireSso<'a> {
    #[serde(
        rename = "codePartenaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    code: Option<Cow<'a, str>>,
}

/// A partner from its `SSO` object.
fn partner(name: Option<String>, sso: Value) -> Partner {
    let code = parse::<WireSso<'_>>(NAME, &sso)
        .ok()
        .and_then(|s| owned(s.code));
    Partner {
        name: name.or_else(|| code.clone()).unwrap_or_default(),
        code,
        sso,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_widgets() {
        let s = Session::new();
        let expected = |week: i32, day: &str| {
            let day = json!({"_T": 7, "V": day});
            let by_week = json!({"numeroSemaine": week});
            let by_day = json!({"date": day});
            json!({
                "avecConseilDeClasse": true,
                "dateGrille": day,
                "numeroSemaine": week,
                "coursNonAssures": by_week, "personnelsAbsents": by_week, "incidents": by_week,
                "exclusions": by_week, "donneesVS": by_week, "donneesProfs": by_week,
                "EDT": by_week, "registreAppel": by_day, "previsionnelAbsServiceAnnexe": by_day,
                "TAFARendre": by_day, "TAFEtActivites": by_day, "tableauDeBord": by_day,
                "modificationsEDT": by_day,
                "partenaireCDI": {"CDI": {}},
                "lienUtile": {},
            })
        };
        assert_eq!(
            s.data(&GetHomepage::on(time::macros::date!(2025 - 09 - 15))),
            expected(3, "15/09/2025 00:00:00")
        );
        // Before the first Monday: week 1.
        assert_eq!(
            s.data(&GetHomepage::on(time::macros::date!(2025 - 08 - 20))),
            expected(1, "20/08/2025 00:00:00")
        );
    }
}
