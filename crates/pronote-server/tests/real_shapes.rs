//! The replies in the shapes of a real 2025 instance, the ones PRONOTE's
//! own web client needs (issue 10; `conformance/official/` runs that
//! client): each at its real key, type and place.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::login::{LoginConfig, LoginMethod};
use pronote_server::{RunningServer, Server};
use serde_json::{Value, json};

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .seed(3)
        .start()
        .await
        .unwrap()
}

async fn login(server: &RunningServer, page: &str, username: &str) -> common::Logged {
    let config = LoginConfig::new(
        format!("{}{page}", server.url()),
        LoginMethod::Password {
            username: username.into(),
            password: "pronotevs".into(),
        },
    );
    common::login(config, None).await.unwrap()
}

#[tokio::test]
async fn fonction_parametres() {
    let server = server().await;
    let logged = login(&server, "eleve.html", "demonstration").await;
    let reply = &logged.instance();
    assert_eq!(reply["DateServeurHttp"]["_T"], 7);
    assert_eq!(reply["DateDemo"]["_T"], 7);
    let general = &reply["General"];
    assert!(general.get("dateServeurHttp").is_none());
    assert_eq!(general["JoursOuvres"], json!({"_T": 11, "V": "[1..5]"}));
    assert_eq!(
        general["setOfJoursCycleOuvre"],
        json!({"_T": 26, "V": "[0..4]"})
    );
    assert_eq!(
        general["JoursDemiPension"],
        json!({"_T": 26, "V": "[0,1,3,4]"})
    );
    assert!(general.get("joursDemiPension").is_none());
    assert_eq!(general["joursOuvresParCycle"], 5);
    assert_eq!(general["premierJourSemaine"], 2);
    assert_eq!(general["dateDebutPremierCycle"], general["PremierLundi"]);
    let half_days = general["DemiJourneesOuvrees"].as_array().unwrap();
    assert_eq!(half_days.len(), 2);
    // One hour of the grid, as a fraction of a day.
    let hour = general["DureeSequence"].as_f64().unwrap();
    assert!((hour * 24.0 - 1.0).abs() < 1e-9, "{hour}");
    assert_eq!(general["DomainesFrequences"][0]["V"], "[1..52]");
    assert_eq!(general["ListeHeuresFinPourVS"], general["ListeHeuresFin"]);
    assert_eq!(general["recreations"]["_T"], 24);
    assert_eq!(general["numeroPremiereSemaine"], 1);
    assert_eq!(general["LibellesFrequences"].as_array().unwrap().len(), 4);
    let kinds: Vec<(i64, i64)> = general["ListePeriodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["G"].as_i64().unwrap(),
                p["periodeNotation"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds, [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]);

    // The school of `ressource.Etablissement`, looked up by id.
    let user = &logged.user();
    let school = &user["ressource"]["Etablissement"]["V"]["N"];
    assert_eq!(
        &user["listeInformationsEtablissements"]["V"][0]["N"],
        school
    );
    assert_eq!(user["listeClasses"]["V"][0]["L"], "3A");
    server.shutdown().await;
}

#[tokio::test]
async fn timetable() {
    let server = server().await;
    let mut session = login(&server, "eleve.html", "demonstration")
        .await
        .outcome
        .session;
    let domain = common::call_data(
        &mut session,
        "PageEmploiDuTemps_DomainePresence",
        16,
        json!({}),
    )
    .await;
    assert_eq!(domain["Domaine"]["_T"], 8);

    let week = json!({"dateDebut": {"_T": 7, "V": "01/09/2025 0:0:0"}, "dateFin": {"_T": 7, "V": "19/12/2025 0:0:0"}});
    let reply = common::call_data(&mut session, "PageEmploiDuTemps", 16, week).await;
    for key in [
        "absences",
        "prefsGrille",
        "placeCourante",
        "debutDemiPensionHebdo",
        "finDemiPensionHebdo",
    ] {
        assert!(reply.get(key).is_some(), "no {key}");
    }
    let lessons = reply["ListeCours"].as_array().unwrap();
    let mut orders: Vec<i64> = lessons.iter().map(|l| l["P"].as_i64().unwrap()).collect();
    orders.dedup();
    assert_eq!(orders.len(), lessons.len(), "P repeats");

    let contents = |l: &Value| l["ListeContenus"]["V"].as_array().unwrap().clone();
    let changes: Vec<&Value> = lessons
        .iter()
        .filter(|l| l["Statut"] == "Changement de salle")
        .collect();
    assert!(!changes.is_empty());
    for change in changes {
        let planned: Vec<&Value> = lessons
            .iter()
            .filter(|l| l["DateDuCours"] == change["DateDuCours"] && l["estAnnule"] == true)
            .collect();
        assert_eq!(planned.len(), 1, "{change}");
        assert_eq!(planned[0]["Statut"], "Cours annul\u{e9}");
        let room = |l: &Value| {
            contents(l)
                .into_iter()
                .find(|c| c["G"] == 17)
                .map(|c| c["L"].clone())
        };
        assert_ne!(room(planned[0]), room(change));
    }
    for lesson in lessons {
        for c in contents(lesson) {
            match c["G"].as_i64() {
                Some(3) => assert!(c.get("N").is_none(), "a teacher with an id: {c}"),
                Some(16) => assert!(c.get("couleur").is_none(), "a subject with a colour: {c}"),
                _ => {}
            }
        }
        for visio in lesson["listeVisios"]["V"].as_array().into_iter().flatten() {
            assert_eq!(visio["url"]["_T"], 23);
            assert!(visio["N"].is_string());
        }
        let notebook = &lesson["cahierDeTextes"]["V"];
        if notebook["estDevoir"] == true {
            assert_eq!(notebook["originesCategorie"]["V"][0]["G"], 3);
        }
    }
    assert!(lessons.iter().any(|l| l.get("listeVisios").is_some()));
    server.shutdown().await;
}

#[tokio::test]
async fn other_pages() {
    let server = server().await;
    let logged = login(&server, "eleve.html", "demonstration").await;
    let first = logged.instance()["General"]["ListePeriodes"][0].clone();
    let mut session = logged.outcome.session;
    let period = json!({"periode": {"N": first["N"], "G": first["G"], "L": first["L"]}});
    let evaluations = common::call_data(&mut session, "DernieresEvaluations", 201, period).await;
    let first = &evaluations["listeEvaluations"]["V"][0]["matiere"]["V"];
    assert!(first["serviceConcerne"]["V"]["N"].is_string(), "{first}");
    let home = common::call_data(&mut session, "PageAccueil", 7, json!({})).await;
    assert_eq!(
        home["coursNonAssures"]["listeProfCoursNonAssures"]["_T"],
        24
    );
    assert_eq!(home["modificationsEDT"]["listeModificationsEDT"]["_T"], 24);
    let account = common::call_data(&mut session, "PageInfosPerso", 49, json!({})).await;
    assert_eq!(
        account["securisation"]["modesPossibles"],
        json!({"_T": 26, "V": "[1..3]"})
    );

    let mut teacher = login(&server, "professeur.html", "demonstration")
        .await
        .outcome
        .session;
    let classes = common::call_data(&mut teacher, "listeClassesGroupes", 105, json!({})).await;
    let names: Vec<&str> = classes["listeClassesGroupes"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["L"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["3A", "6B", "4C"]);

    let mut cpe = login(&server, "viescolaire.html", "viescolaire")
        .await
        .outcome
        .session;
    let week = json!({"numeroSemaine": 2});
    let own = common::call_data(&mut cpe, "PageEmploiDuTemps", 16, week).await;
    assert_eq!(own["ListeCours"], json!([]));
    server.shutdown().await;
}
