//! The report card page (`PageBulletins`, onglet 13) as PRONOTE's own web
//! client reads a published one: `ParametresAffichages` (the columns, the
//! periods' names and abbreviations by id, one appreciation title per
//! appreciation), `existeServiceAvecNotes`/`existeServiceSansNotes`, and
//! in `FonctionParametres` the acquisition levels by their real kinds
//! (`G` 1, 2, 4, 6) with the points they are worth (`ponderation`), which
//! the end-of-cycle block under the report card looks up. Without them the
//! client throws before it lays the report card out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_server::{DemoSchool, RunningServer, Server};
use serde_json::{Value, json};
use time::macros::date;

async fn server(school: DemoSchool) -> RunningServer {
    Server::builder()
        .school(school)
        .version("2025.2.6")
        .seed(3)
        .today(date!(2026 - 07 - 03))
        .start()
        .await
        .unwrap()
}

async fn student(server: &RunningServer) -> common::Logged {
    common::login(common::student_login(&server.url()), None)
        .await
        .unwrap()
}

/// The period named `name` of `FonctionParametres`, as a request sends it.
fn period(instance: &Value, name: &str) -> Value {
    let p = instance["General"]["ListePeriodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["L"] == name)
        .unwrap_or_else(|| panic!("no period {name}"));
    json!({"N": p["N"], "G": p["G"], "L": p["L"]})
}

/// `(N, L)` of each element of a `{_T: 24, V: [...]}` list.
fn entries(list: &Value) -> Vec<(String, String)> {
    assert_eq!(list["_T"], 24, "{list}");
    list["V"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["N"].as_str().unwrap_or_default().to_owned(),
                e["L"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn acquisition_levels_have_their_real_kinds_and_points() {
    let server = server(DemoSchool::College).await;
    let logged = student(&server).await;
    let levels: Vec<(u64, String, String, String)> =
        logged.instance()["General"]["ListeNiveauxDAcquisitions"]["V"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                assert_eq!(l["ponderation"]["_T"], 10, "{l}");
                (
                    l["G"].as_u64().unwrap(),
                    l["L"].as_str().unwrap().to_owned(),
                    l["abbreviation"].as_str().unwrap().to_owned(),
                    l["ponderation"]["V"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    let expected = [
        (1, "Tr\u{e8}s bonne ma\u{ee}trise", "A+", "50"),
        (2, "Ma\u{ee}trise satisfaisante", "A", "40"),
        (4, "Ma\u{ee}trise fragile", "C", "25"),
        (6, "Ma\u{ee}trise insuffisante", "D", "10"),
    ]
    .map(|(g, l, a, p)| (g, l.to_owned(), a.to_owned(), p.to_owned()));
    assert_eq!(levels, expected);

    // The evaluations name their levels with the same kinds.
    let by_kind: Vec<(u64, String)> = levels.iter().map(|l| (l.0, l.1.clone())).collect();
    let instance = logged.instance();
    let mut session = logged.outcome.session;
    let mut seen = 0;
    for name in ["Trimestre 1", "Trimestre 2", "Trimestre 3"] {
        let data = json!({"periode": period(&instance, name)});
        let reply = common::call_data(&mut session, "DernieresEvaluations", 201, data).await;
        for evaluation in reply["listeEvaluations"]["V"].as_array().unwrap() {
            for level in evaluation["listeNiveauxDAcquisitions"]["V"]
                .as_array()
                .unwrap()
            {
                let pair = (
                    level["G"].as_u64().unwrap(),
                    level["L"].as_str().unwrap().to_owned(),
                );
                assert!(by_kind.contains(&pair), "{level}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 51, "acquisition levels in the year's evaluations");
    server.shutdown().await;
}

/// Checks a published report card's display parameters for `name`, whose
/// abbreviation is `short`, among the school's `periods`.
async fn published(school: DemoSchool, name: &str, periods: &[(&str, &str)], subjects: usize) {
    let server = server(school).await;
    let logged = student(&server).await;
    let instance = logged.instance();
    let mut session = logged.outcome.session;
    let asked = period(&instance, name);
    let reply = common::call_data(
        &mut session,
        "PageBulletins",
        13,
        json!({"periode": asked, "eleve": {}, "classe": {}}),
    )
    .await;
    assert!(reply.get("Message").is_none(), "{reply}");
    assert_eq!(reply["existeServiceAvecNotes"], true);
    assert_eq!(reply["existeServiceSansNotes"], false);
    let display = &reply["ParametresAffichages"];
    assert!(display.is_object(), "{reply}");
    for column in [
        "AvecCoefficient",
        "AvecMoyenneEleve",
        "AvecMoyenneClasse",
        "AvecMoyenneInfSup",
    ] {
        assert_eq!(display[column], true, "{column}");
    }
    assert_eq!(display["NombreMoyennesPeriodes"], 0);
    assert_eq!(display["NombreAppreciations"], 1);
    assert_eq!(
        entries(&display["ListeIntitulesAppreciations"])
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>(),
        ["Appr\u{e9}ciations"]
    );
    // Names and abbreviations by the ids the session gave the periods:
    // the client looks the asked period up in both.
    let names = entries(&display["listeLibellesPeriodes"]);
    let abbreviations = entries(&display["listeAbbreviationsPeriodes"]);
    let listed: Vec<(&str, &str)> = names
        .iter()
        .zip(&abbreviations)
        .map(|((n1, l), (n2, a))| {
            assert_eq!(n1, n2);
            (l.as_str(), a.as_str())
        })
        .collect();
    assert_eq!(listed, periods);
    let id = asked["N"].as_str().unwrap();
    assert_eq!(
        names.iter().find(|(n, _)| n == id).map(|(_, l)| l.as_str()),
        Some(name)
    );
    // The subjects of the report card are still there.
    assert_eq!(
        reply["ListeServices"]["V"].as_array().unwrap().len(),
        subjects
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_published_report_card_says_how_to_show_it_college() {
    published(
        DemoSchool::College,
        "Trimestre 1",
        &[
            ("Trimestre 1", "T1"),
            ("Trimestre 2", "T2"),
            ("Trimestre 3", "T3"),
            ("Semestre 1", "S1"),
            ("Semestre 2", "S2"),
        ],
        11,
    )
    .await;
}

#[tokio::test]
async fn a_published_report_card_says_how_to_show_it_lycee() {
    published(
        DemoSchool::Lycee,
        "Semestre 1",
        &[("Semestre 1", "S1"), ("Semestre 2", "S2")],
        10,
    )
    .await;
}

#[tokio::test]
async fn an_unpublished_report_card_is_a_message_only() {
    let server = server(DemoSchool::College).await;
    let logged = student(&server).await;
    let asked = period(&logged.instance(), "Trimestre 3");
    let mut session = logged.outcome.session;
    let reply =
        common::call_data(&mut session, "PageBulletins", 13, json!({"periode": asked})).await;
    assert_eq!(
        reply,
        json!({
            "Message": "Le bulletin de cette p\u{e9}riode n'est pas encore publi\u{e9}.",
            "message": "Le bulletin de cette p\u{e9}riode n'est pas encore publi\u{e9}.",
        })
    );
    server.shutdown().await;
}
