//! `FonctionParametres`: the first call. Receives the `Uuid` (the client's
//! IV seed, RSA-encrypted on `http` and pre-2023 instances), switches the
//! session IV to `MD5(iv_temp)` (this reply is already encrypted with it)
//! and answers the instance's settings.

use pronote_proto::crypto::{Iv, decode_uuid_field};
use serde_json::{Value, json};
use time::PrimitiveDateTime;

use super::{Ctx, date_v, datetime_v, kind, list};
use crate::data::calendar::hour_label;
use crate::rpc::{Reply, RpcError, RpcResult};
use crate::session::Step;

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    if !matches!(ctx.session.step, Step::Fresh) {
        return Err(RpcError::Top(8));
    }
    let uuid = ctx
        .field("Uuid")
        .and_then(Value::as_str)
        .ok_or(RpcError::Fatal(8))?;
    let config = &ctx.shared.config;
    let key = if config.needs_rsa() {
        ctx.shared.rsa.as_ref()
    } else {
        None
    };
    let iv_temp = match decode_uuid_field(uuid, key) {
        Ok(iv) => iv,
        // With `MR`/`ER` in the page, pronotepy 2.13-2.15 still send the
        // raw 16 bytes: a 16-byte value cannot be an RSA block, so it is
        // taken as is (not in `http` mode, where the key is the point).
        Err(_) if config.rsa_in_page() && !config.http => {
            decode_uuid_field(uuid, None).map_err(|_| RpcError::Fatal(8))?
        }
        Err(_) => return Err(RpcError::Fatal(8)),
    };
    ctx.session.cipher.iv = Iv::from_iv_temp(&iv_temp);
    let navigator = match ctx.field("identifiantNav").and_then(Value::as_str) {
        Some(id) if !id.is_empty() && id.len() <= 200 => id.to_owned(),
        _ => ctx.shared.store().new_navigator_id(),
    };
    ctx.session.navigator_id = Some(navigator.clone());
    ctx.session.step = Step::Parameters;
    Ok(Reply::data(json!({
        "identifiantNav": navigator,
        "DateServeurHttp": datetime_v(ctx.shared.now()),
        // The page says `d:true` (a demo instance): the client then takes
        // this date for today.
        "DateDemo": date_v(ctx.shared.today()),
        "General": general(ctx),
        "Theme": {"theme": 1},
    })))
}

fn general(ctx: &Ctx<'_>) -> Value {
    let demo = &ctx.shared.demo;
    let calendar = &demo.calendar;
    let version = ctx.shared.config.version.to_string();
    // The hour grid is the school's: its places need not be regular.
    let grid = &calendar.grid;
    let hours: Vec<Value> = grid
        .start_labels()
        .map(|(p, t)| json!({"G": p, "L": hour_label(t), "A": p % grid.places_per_hour == 0}))
        .collect();
    let ends: Vec<Value> = grid
        .end_labels()
        .map(|(p, t)| json!({"G": p, "L": hour_label(t)}))
        .collect();
    // Real instances: `G` is the kind of period (1 trimester, 2
    // semester) and `periodeNotation` its rank among the periods of that
    // kind.
    let mut ranks = [0u32; 2];
    let periods: Vec<Value> = demo
        .periods
        .iter()
        .map(|p| {
            let kind_index = usize::from(!p.trimester);
            ranks[kind_index] += 1;
            json!({
                "N": ctx.id(kind::PERIOD, &format!("p:{}", p.key)),
                "G": kind_index + 1,
                "L": p.name,
                "A": true,
                "periodeNotation": ranks[kind_index],
                "dateDebut": date_v(p.start),
                "dateFin": date_v(p.end),
            })
        })
        .collect();
    let holidays: Vec<Value> = calendar
        .holidays
        .iter()
        .map(|h| {
            json!({
                "N": ctx.id(kind::MISC, &format!("h:{}", h.key)),
                "L": h.name,
                "dateDebut": date_v(h.start),
                "dateFin": date_v(h.end),
            })
        })
        .collect();
    let last_week = calendar.week(calendar.last_date);
    let odd: Vec<String> = (1..=last_week)
        .filter(|w| w % 2 == 1)
        .map(|w| w.to_string())
        .collect();
    let even: Vec<String> = (1..=last_week)
        .filter(|w| w % 2 == 0)
        .map(|w| w.to_string())
        .collect();
    let levels: Vec<Value> = crate::data::evaluations::LEVELS
        .iter()
        .enumerate()
        .map(|(i, level)| {
            // `G` is the level's kind, which the client looks levels up by
            // (its end-of-cycle assessment, in the report card, needs 1, 2,
            // 4 and 6 with their `ponderation`).
            json!({
                "N": ctx.id(kind::MISC, &format!("na:{i}")),
                "L": level.label,
                "G": level.genre,
                "P": i + 1,
                "abbreviation": level.abbreviation,
                "ponderation": {"_T": 10, "V": level.points.to_string()},
            })
        })
        .collect();
    let today = ctx.shared.today();
    let mut general = json!({
        "urlSiteIndexEducation": {"_T": 23, "V": "https://www.index-education.com/"},
        "langue": "fr",
        "langID": 1036,
        "versionPN": version,
        "millesime": "2025",
        "NomEtablissement": demo.school.name,
        "JourOuvre": date_v(calendar.next_school_day(today)),
        "PremierLundi": date_v(calendar.first_monday),
        "PremiereDate": date_v(calendar.first_date),
        "DerniereDate": date_v(calendar.last_date),
        "PlacesParJour": grid.places_per_day,
        "PlacesParHeure": grid.places_per_hour,
        // The length of one hour of the grid (`PlacesParHeure` places), as
        // a fraction of a day.
        "DureeSequence": grid.sequence_of_day(),
        "PremiereHeure": datetime_v(PrimitiveDateTime::new(calendar.first_monday, grid.start(0))),
        "PlaceDemiJourneeAbsence": grid.half_day,
        "activationDemiPension": true,
        "debutDemiPension": grid.lunch.0,
        "finDemiPension": grid.lunch.1,
        "ListeHeures": list(hours),
        "ListeHeuresFin": list(ends.clone()),
        // The vie scolaire's absence entry ends on the same hours.
        "ListeHeuresFinPourVS": list(ends),
        "recreations": super::page_emploi_du_temps::recreations(grid),
        // Weeks are shown by their school-year number (week 1 first).
        "numeroPremiereSemaine": 1,
        "ListePeriodes": periods,
        "listeJoursFeries": list(holidays),
        "DomainesFrequences": [
            {"_T": 8, "V": "[1..52]"},
            {"_T": 8, "V": format!("[{}]", odd.join(","))},
            {"_T": 8, "V": format!("[{}]", even.join(","))},
        ],
        "LibellesFrequences": ["", "Semaine A", "Semaine B", ""],
        "BaremeNotation": {"_T": 10, "V": "20"},
        "listeAnnotationsAutorisees": {"_T": 26, "V": "[1..8]"},
        "ListeNiveauxDAcquisitions": list(levels),
        "AfficherAbbreviationNiveauDAcquisition": true,
        "AvecRecuperationInfosConnexion": false,
        "maskTelephone": "",
        "maxECTS": 30,
    });
    if let (Some(map), Value::Object(week)) =
        (general.as_object_mut(), week_fields(calendar, &demo.school))
    {
        map.extend(week);
    }
    general
}

/// The days of the week: which are worked, by half-days, with lunch, and
/// the (weekly) cycles the client lays the year out in.
fn week_fields(calendar: &crate::data::calendar::Calendar, school: &crate::data::School) -> Value {
    json!({
        // Working days: Monday is 1 here, 0 in the cycle sets.
        "JoursOuvres": {"_T": 11, "V": "[1..5]"},
        // Mornings, then afternoons (Wednesday afternoon off).
        "DemiJourneesOuvrees": [
            {"_T": 26, "V": "[0..4]"},
            {"_T": 26, "V": "[0,1,3,4]"},
        ],
        "JoursDemiPension": {"_T": 26, "V": school.canteen_domain(0)},
        "setOfJoursCycleOuvre": {"_T": 26, "V": "[0..4]"},
        "joursOuvresParCycle": 5,
        "premierJourSemaine": 2,
        "grillesEDTEnCycle": 0,
        "dateDebutPremierCycle": date_v(calendar.first_monday),
    })
}
