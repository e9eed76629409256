//! Every version profile × payload flags: a password login with
//! pronote-proto's client, then timetable, homework, grades and record
//! calls with asserted demo values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::login::{LoginConfig, LoginMethod};
use pronote_proto::{Call, Generation, Session, Version};
use pronote_server::{RunningServer, Server};
use serde_json::{Value, json};

const PROFILES: &[&str] = &[
    "2022.0.2.4",
    "2023.0.3.1",
    "2024.3.8",
    "2024.3.9",
    "2025.1.3",
    "2025.2.6",
    "2026.2.5",
];
const FLAGS: &[(bool, bool)] = &[(true, true), (false, false), (true, false), (false, true)];

async fn start(version: &str, encryption: bool, compression: bool, http: bool) -> RunningServer {
    Server::builder()
        .version(version)
        .encryption(encryption)
        .compression(compression)
        .http_rsa(http)
        .seed(11)
        .start()
        .await
        .unwrap()
}

async fn student_session(server: &RunningServer) -> (Session, Value) {
    let mut config = LoginConfig::new(
        format!("{}eleve.html", server.url()),
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    );
    config.options.uuid_key = server.uuid_public_key();
    let logged = common::login(config, None)
        .await
        .unwrap_or_else(|e| panic!("login on {:?}: {e}", server.config().version));
    let instance = logged.instance();
    (logged.outcome.session, instance)
}

/// A period reference taken from FonctionParametres.
fn period<'a>(instance: &'a Value, name: &str) -> &'a Value {
    instance["General"]["ListePeriodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["L"] == name)
        .unwrap()
}

async fn exercise(server: &RunningServer) {
    let label = format!(
        "{:?} enc={} comp={}",
        server.config().version,
        server.config().encryption,
        server.config().compression
    );
    let (mut session, instance) = student_session(server).await;
    let version: Version = instance["General"]["versionPN"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(version, server.config().version, "{label}");
    assert_eq!(session.state().generation, version.generation(), "{label}");

    let reply = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps")
            .tab(16)
            .data(json!({"numeroSemaine": 2})),
    )
    .await
    .unwrap();
    let lessons = reply.data["ListeCours"].as_array().unwrap();
    // 30 lessons, three of them moved to another room: each move is two
    // entries in its slot (the lesson as planned, cancelled, and the lesson
    // in its new room), as real instances send it.
    assert_eq!(lessons.len(), 33, "{label}: entries of week 2");
    let moved = lessons
        .iter()
        .filter(|l| l["Statut"] == "Changement de salle")
        .count();
    assert_eq!(moved, 3, "{label}: room changes of week 2");
    let first = lessons
        .iter()
        .min_by_key(|l| l["place"].as_u64().unwrap())
        .unwrap();
    assert_eq!(first["DateDuCours"]["V"], "08/09/2025 08:00:00", "{label}");
    let subject = first["ListeContenus"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["G"] == 16)
        .unwrap();
    assert_eq!(subject["L"], "MATH\u{c9}MATIQUES", "{label}");

    let reply = common::call(
        &mut session,
        &Call::new("PageCahierDeTexte")
            .tab(88)
            .data(json!({"domaine": {"_T": 8, "V": "[2..5]"}})),
    )
    .await
    .unwrap();
    assert_eq!(
        reply.data["ListeTravauxAFaire"]["V"]
            .as_array()
            .unwrap()
            .len(),
        35,
        "{label}: homework of weeks 2 to 5"
    );

    let t1 = period(&instance, "Trimestre 1").clone();
    let reply = common::call(
        &mut session,
        &Call::new("DernieresNotes")
            .tab(198)
            .data(json!({"Periode": {"N": t1["N"], "L": t1["L"]}})),
    )
    .await
    .unwrap();
    let grades = reply.data["listeDevoirs"]["V"].as_array().unwrap();
    assert_eq!(grades.len(), 29, "{label}: grades of Trimestre 1");
    assert_eq!(
        reply.data["moyGenerale"]["V"], "13,43",
        "{label}: overall average"
    );

    let reply = common::call(
        &mut session,
        &Call::new("PagePresence")
            .tab(19)
            .data(json!({"periode": {"N": t1["N"], "G": 2, "L": t1["L"]}})),
    )
    .await
    .unwrap();
    assert!(reply.data["listeAbsences"]["V"].is_array(), "{label}");

    let keep_alive = session.keep_alive_call();
    common::call(&mut session, &keep_alive).await.unwrap();
    let logout = session.logout_call();
    common::call(&mut session, &logout).await.unwrap();
}

#[tokio::test]
async fn every_profile_and_flag_combination() {
    for version in PROFILES {
        for (encryption, compression) in FLAGS {
            let server = start(version, *encryption, *compression, false).await;
            exercise(&server).await;
            server.shutdown().await;
        }
    }
}

#[tokio::test]
async fn http_mode_with_the_server_key() {
    for version in ["2024.3.9", "2025.2.6"] {
        let server = start(version, true, true, true).await;
        let key = server.uuid_public_key().expect("http mode has a key");
        assert_eq!(key.exponent_hex(), "010001");
        let page = common::get(&format!("{}eleve.html", server.url())).await;
        assert!(String::from_utf8_lossy(&page.body).contains("http:true"));
        exercise(&server).await;
        server.shutdown().await;
    }
}

#[tokio::test]
async fn pages_headers_and_start_literal() {
    let server = start("2025.2.6", true, true, false).await;
    let mut ids = Vec::new();
    for (page, espace) in [
        ("eleve.html", 3),
        ("parent.html", 2),
        ("professeur.html", 1),
        ("viescolaire.html", 13),
        ("mobile.eleve.html", 6),
        ("mobile.parent.html", 7),
    ] {
        let name = page;
        let response = common::get(&format!("{}{name}?fd=1&login=true", server.url())).await;
        assert_eq!(response.status, 200, "{name}");
        assert_eq!(
            response.header("server"),
            Some("PRONOTE 2025.2.6 Microsoft-HTTPAPI/2.0")
        );
        let text = String::from_utf8_lossy(&response.body).into_owned();
        assert!(
            !text.contains("IP"),
            "pronotepy refuses pages containing IP"
        );
        assert!(
            text.contains(">PRONOTE 2025.2.6 gestion de vie scolaire"),
            "{text}"
        );
        let page = pronote_proto::start::StartPage::parse(&text).unwrap();
        assert!(page.params.session_id_is_number);
        ids.push(page.params.session_id);
        assert_eq!(page.params.espace, espace, "{name}");
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "a new session per page load");
    let older = Server::builder()
        .version("2023.0.3.1")
        .start()
        .await
        .unwrap();
    let old = common::get(&format!("{}eleve.html", older.url())).await;
    let text = String::from_utf8_lossy(&old.body).into_owned();
    let page = pronote_proto::start::StartPage::parse(&text).unwrap();
    assert!(
        !page.params.session_id_is_number,
        "h is a string before 2025"
    );
    assert_eq!(
        page.version.map(|v| v.generation()),
        Some(Generation::V2022)
    );
    let legacy = Server::builder()
        .version("2022.0.2.4")
        .start()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(
        &common::get(&format!("{}eleve.html", legacy.url()))
            .await
            .body,
    )
    .into_owned();
    let page = pronote_proto::start::StartPage::parse(&text).unwrap();
    let rsa = page.params.rsa.as_ref().expect("MR/ER before 2023");
    let key = legacy
        .uuid_public_key()
        .expect("a server before 2023 has an RSA key");
    assert_eq!(
        (rsa.modulus_hex.as_str(), rsa.exponent_hex.as_str()),
        (key.modulus_hex().as_str(), key.exponent_hex().as_str()),
        "the page's MR/ER are the server's own key"
    );
    let info = common::get(&format!(
        "{}infoMobileApp.json?id=0D264427-EEFC-4810-A9E9-346942A862A4",
        server.url()
    ))
    .await;
    let info: Value = serde_json::from_slice(&info.body).unwrap();
    assert_eq!(info["version"], json!([2025, 2, 6]));
    assert_eq!(
        common::get(&format!("{}nope.html", server.url()))
            .await
            .status,
        404
    );
}

/// Token, QR-code and double-authentication logins on every profile.
#[tokio::test]
async fn mobile_and_double_auth_logins_on_every_profile() {
    use pronote_proto::auth::QrCode;
    use pronote_proto::login::{Device, DoubleAuthAnswer, LoginEvent};
    for version in PROFILES {
        for (encryption, compression) in [(true, true), (false, false)] {
            let server = start(version, encryption, compression, false).await;
            let label = format!("{version} enc={encryption} comp={compression}");
            // Password login asking for a token, then the token.
            let mut config = LoginConfig::new(
                format!("{}eleve.html", server.url()),
                LoginMethod::Password {
                    username: "demonstration".into(),
                    password: "pronotevs".into(),
                },
            );
            config.options.request_token = true;
            config.options.uuid_key = server.uuid_public_key();
            config.device = Device {
                uuid: "profile-device".into(),
                ..Device::default()
            };
            let logged = common::login(config, None)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            let token = logged
                .events
                .iter()
                .find_map(|e| match e {
                    LoginEvent::TokenIssued(t) => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{label}: no token"));
            let mut config = LoginConfig::new(
                token.page_url.clone(),
                LoginMethod::Token {
                    username: token.username.clone(),
                    token: token.token.clone(),
                },
            );
            config.device = Device {
                uuid: token.device_uuid.clone(),
                ..Device::default()
            };
            let mut session = common::login(config, None)
                .await
                .unwrap_or_else(|e| panic!("{label} token: {e}"))
                .outcome
                .session;
            assert_eq!(session.state().espace, 6, "{label}: mobile page");
            // QR code from that session.
            let reply = common::call(
                &mut session,
                &Call::new("JetonAppliMobile")
                    .tab(7)
                    .data(json!({"code": "2468"})),
            )
            .await
            .unwrap();
            let code = QrCode {
                jeton: reply.data["jeton"].as_str().unwrap().into(),
                login: reply.data["login"].as_str().unwrap().into(),
                url: reply.data["url"].as_str().unwrap().into(),
            };
            let mut config = LoginConfig::new(
                "",
                LoginMethod::QrCode {
                    code,
                    pin: "2468".into(),
                },
            );
            config.device = Device {
                uuid: "qr-device".into(),
                ..Device::default()
            };
            let logged = common::login(config, None)
                .await
                .unwrap_or_else(|e| panic!("{label} QR: {e}"));
            assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas", "{label}");
            // Double authentication.
            let mut config = LoginConfig::new(
                format!("{}eleve.html", server.url()),
                LoginMethod::Password {
                    username: "securise".into(),
                    password: "pronotevs".into(),
                },
            );
            config.options.uuid_key = server.uuid_public_key();
            let answer = DoubleAuthAnswer {
                pin: Some("1234".into()),
                device_name: Some("profiles".into()),
            };
            let logged = common::login(config, Some(answer))
                .await
                .unwrap_or_else(|e| panic!("{label} 2FA: {e}"));
            assert_eq!(
                logged.user()["ressource"]["L"],
                "DUBOIS Chlo\u{e9}",
                "{label}"
            );
            // Expiry.
            let mut session = logged.outcome.session;
            server.expire_sessions();
            let keep_alive = session.keep_alive_call();
            let err = common::call(&mut session, &keep_alive).await.unwrap_err();
            assert_eq!(
                err,
                pronote_proto::Error::Server(pronote_proto::ServerError::SessionExpired),
                "{label}"
            );
            server.shutdown().await;
        }
    }
}
