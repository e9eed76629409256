//! Login modes, tokens, QR codes, double authentication, refusals,
//! lockout, parents' children, session-salted ids, expiry, tabs and
//! downloads, driven with pronote-proto's client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::time::Duration;

use pronote_proto::auth::QrCode;
use pronote_proto::login::{Device, DoubleAuthAnswer, LoginConfig, LoginEvent, LoginMethod};
use pronote_proto::{Call, ChallengeRule, Error, LoginError, ServerError, Session};
use pronote_server::{RunningServer, Server};
use serde_json::{Value, json};

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .seed(5)
        .start()
        .await
        .unwrap()
}

fn password(server: &RunningServer, page: &str, username: &str, password: &str) -> LoginConfig {
    LoginConfig::new(
        format!("{}{page}", server.url()),
        LoginMethod::Password {
            username: username.into(),
            password: password.into(),
        },
    )
}

async fn student(server: &RunningServer) -> Session {
    common::login(
        password(server, "eleve.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap()
    .outcome
    .session
}

fn issued(events: &[LoginEvent]) -> pronote_proto::login::IssuedToken {
    events
        .iter()
        .find_map(|e| match e {
            LoginEvent::TokenIssued(t) => Some(t.clone()),
            _ => None,
        })
        .expect("a token")
}

#[tokio::test]
async fn token_rotates_and_the_old_one_stops_working() {
    let server = server().await;
    let mut config = password(&server, "eleve.html", "demonstration", "pronotevs");
    config.options.request_token = true;
    config.device = Device {
        uuid: "device-1".into(),
        ..Device::default()
    };
    let first = issued(&common::login(config, None).await.unwrap().events);
    assert!(first.page_url.contains("mobile.eleve.html"));

    let token_login = |token: &pronote_proto::login::IssuedToken| {
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
        config
    };
    let logged = common::login(token_login(&first), None).await.unwrap();
    let second = issued(&logged.events);
    assert_ne!(second.token, first.token);
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
    let err = common::login(token_login(&first), None).await.unwrap_err();
    assert_eq!(err, Error::Login(LoginError::BadCredentials));
    // The token is bound to its device.
    let mut elsewhere = token_login(&second);
    elsewhere.device.uuid = "device-2".into();
    assert!(common::login(elsewhere, None).await.is_err());
    common::login(token_login(&second), None).await.unwrap();
}

#[tokio::test]
async fn qr_code_login_is_one_time() {
    let server = server().await;
    let mut session = student(&server).await;
    let reply = common::call(
        &mut session,
        &Call::new("JetonAppliMobile")
            .tab(7)
            .data(json!({"code": "9876"})),
    )
    .await
    .unwrap();
    let code = QrCode {
        jeton: reply.data["jeton"].as_str().unwrap().into(),
        login: reply.data["login"].as_str().unwrap().into(),
        url: reply.data["url"].as_str().unwrap().into(),
    };
    assert_eq!(code.decrypt("9876").unwrap().username, "demonstration");
    let qr_login = || {
        let mut config = LoginConfig::new(
            "",
            LoginMethod::QrCode {
                code: code.clone(),
                pin: "9876".into(),
            },
        );
        config.device = Device {
            uuid: "qr-device".into(),
            ..Device::default()
        };
        config
    };
    let logged = common::login(qr_login(), None).await.unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
    assert!(logged.outcome.issued_token.is_some());
    assert!(
        common::login(qr_login(), None).await.is_err(),
        "a QR code works once"
    );
    // A bad PIN is refused before anything is sent; a bad `code` by the server.
    let err = common::call(
        &mut session,
        &Call::new("JetonAppliMobile")
            .tab(7)
            .data(json!({"code": "12"})),
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Server(ServerError::AccessDenied));
}

#[tokio::test]
async fn double_authentication() {
    let server = server().await;
    let answer = |pin: &str| DoubleAuthAnswer {
        pin: Some(pin.into()),
        device_name: Some("tests".into()),
    };
    let logged = common::login(
        password(&server, "eleve.html", "securise", "pronotevs"),
        Some(answer("1234")),
    )
    .await
    .unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "DUBOIS Chlo\u{e9}");
    let err = common::login(
        password(&server, "eleve.html", "securise", "pronotevs"),
        Some(answer("0000")),
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Login(LoginError::WrongDoubleAuthPin));
    // A registered device (same navigator id) is not asked again.
    let nav = logged
        .events
        .iter()
        .find_map(|e| match e {
            LoginEvent::NavigatorId(n) => Some(n.clone()),
            _ => None,
        })
        .unwrap();
    let mut config = password(&server, "eleve.html", "securise", "pronotevs");
    config.device.navigator_id = Some(nav);
    common::login(config, None).await.unwrap();
}

#[tokio::test]
async fn refusals_and_lockout() {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(5)
        .lockout(3, Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let err = common::login(
        password(&server, "eleve.html", "desactive", "pronotevs"),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Login(LoginError::AccountDisabled));
    let err = common::login(
        password(&server, "eleve.html", "suspendu", "pronotevs"),
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Login(LoginError::Refused(
                pronote_proto::AccessDenied::Message { .. }
            ))
        ),
        "{err:?}"
    );
    let err = common::login(
        password(&server, "eleve.html", "demonstration", "bad"),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Login(LoginError::BadCredentials));
    let err = common::login(password(&server, "eleve.html", "nobody", "x"), None)
        .await
        .unwrap_err();
    assert_eq!(err, Error::Login(LoginError::BadCredentials));
    // Answers that reach the server (as pronotepy 2.15.7 sends them) count.
    let wrong = || {
        let mut config = password(&server, "eleve.html", "demonstration", "bad");
        config.options.challenge = Some(ChallengeRule::AsReceived);
        config
    };
    // (The classic client above already sent one such answer: proto falls
    // back to the other rule when the challenge does not decrypt.)
    assert_eq!(
        common::login(wrong(), None).await.unwrap_err(),
        Error::Login(LoginError::BadCredentials)
    );
    assert_eq!(
        common::login(wrong(), None).await.unwrap_err(),
        Error::Server(ServerError::RateLimited)
    );
    let err = common::login(
        password(&server, "eleve.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        err,
        Error::Server(ServerError::RateLimited),
        "the account is locked"
    );
    // Another space's account is not.
    common::login(
        password(&server, "parent.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap();
    server.unlock_accounts();
    common::login(
        password(&server, "eleve.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap();
}

fn first_subject(reply: &pronote_proto::Reply) -> String {
    let lessons = reply.data["ListeCours"].as_array().unwrap();
    let first = lessons
        .iter()
        .min_by_key(|l| l["place"].as_u64().unwrap())
        .unwrap();
    first["ListeContenus"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["G"] == 16)
        .unwrap()["L"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn parent_children_and_salted_ids() {
    let server = server().await;
    let logged = common::login(
        password(&server, "parent.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap();
    let children: Vec<Value> = logged.user()["ressource"]["listeRessources"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(children.len(), 2);
    assert_eq!(children[0]["L"], "MARTIN Lucas");
    assert_eq!(children[1]["L"], "MARTIN Emma");
    let mut session = logged.outcome.session;
    let week = json!({"numeroSemaine": 2});
    let member = |c: &Value| json!({"N": c["N"], "G": 4});
    let lucas = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps")
            .tab(16)
            .member(member(&children[0]))
            .data(week.clone()),
    )
    .await
    .unwrap();
    let emma = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps")
            .tab(16)
            .member(member(&children[1]))
            .data(week.clone()),
    )
    .await
    .unwrap();
    assert_eq!(first_subject(&lucas), "MATH\u{c9}MATIQUES");
    assert_eq!(first_subject(&emma), "FRAN\u{c7}AIS");
    // Pawnote names the child in the data's `ressource` instead.
    let by_resource = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps").tab(16).data(json!({"numeroSemaine": 2, "ressource": {"N": children[1]["N"], "G": 4, "L": "MARTIN Emma"}})),
    )
    .await
    .unwrap();
    assert_eq!(first_subject(&by_resource), "FRAN\u{c7}AIS");
    // The same child's id from another session is refused with G 22.
    let other = common::login(
        password(&server, "parent.html", "demonstration", "pronotevs"),
        None,
    )
    .await
    .unwrap();
    let other_children = other.user()["ressource"]["listeRessources"]
        .as_array()
        .unwrap()
        .clone();
    assert_ne!(
        other_children[0]["N"], children[0]["N"],
        "ids are salted per session"
    );
    let err = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps")
            .tab(16)
            .member(member(&other_children[0]))
            .data(week),
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Server(ServerError::ObjectFromPreviousSession));
}

#[tokio::test]
async fn expiry_logout_and_tabs() {
    let server = Server::builder()
        .version("2024.3.9")
        .seed(5)
        .session_timeout(Duration::from_millis(1500))
        .start()
        .await
        .unwrap();
    let mut session = student(&server).await;
    let keep_alive = session.keep_alive_call();
    common::call(&mut session, &keep_alive).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let err = common::call(&mut session, &keep_alive).await.unwrap_err();
    assert_eq!(err, Error::Server(ServerError::SessionExpired));

    let mut session = student(&server).await;
    server.expire_sessions();
    assert_eq!(
        common::call(&mut session, &keep_alive).await.unwrap_err(),
        Error::Server(ServerError::SessionExpired)
    );

    let mut session = student(&server).await;
    let logout = session.logout_call();
    common::call(&mut session, &logout).await.unwrap();
    assert_eq!(
        common::call(&mut session, &keep_alive).await.unwrap_err(),
        Error::Server(ServerError::SessionExpired)
    );

    // A tab outside the account's listeOnglets is refused by the server.
    let session = student(&server).await;
    let mut state = session.export();
    state.tabs.clear();
    let mut session = Session::restore(state).unwrap();
    let err = common::call(
        &mut session,
        &Call::new("ListeRessources").tab(105).data(json!({})),
    )
    .await
    .unwrap_err();
    assert_eq!(err, Error::Server(ServerError::AccessDenied));
}

#[tokio::test]
async fn homework_flags_persist_and_files_download() {
    let server = server().await;
    let mut session = student(&server).await;
    let domain = json!({"domaine": {"_T": 8, "V": "[1..44]"}});
    let reply = common::call(
        &mut session,
        &Call::new("PageCahierDeTexte").tab(88).data(domain.clone()),
    )
    .await
    .unwrap();
    let items = reply.data["ListeTravauxAFaire"]["V"]
        .as_array()
        .unwrap()
        .clone();
    let target = &items[0];
    let flipped = !target["TAFFait"].as_bool().unwrap();
    common::call(
        &mut session,
        &Call::new("SaisieTAFFaitEleve")
            .tab(88)
            .data(json!({"listeTAF": [{"N": target["N"], "TAFFait": flipped, "E": 2}]})),
    )
    .await
    .unwrap();
    let mut later = student(&server).await;
    let reply = common::call(
        &mut later,
        &Call::new("PageCahierDeTexte").tab(88).data(domain),
    )
    .await
    .unwrap();
    assert_eq!(
        reply.data["ListeTravauxAFaire"]["V"][0]["TAFFait"],
        json!(flipped),
        "kept across sessions"
    );
    let items = reply.data["ListeTravauxAFaire"]["V"]
        .as_array()
        .unwrap()
        .clone();

    // Attachment URLs as Pawnote (one padding) and pronotepy (two) build them.
    let file = items
        .iter()
        .flat_map(|h| h["ListePieceJointe"]["V"].as_array().unwrap().clone())
        .find(|a| a["G"] == 1)
        .expect("a file attachment");
    let state = later.state().clone();
    let plain = json!({"N": file["N"], "Actif": true}).to_string();
    let mut padded = plain.clone().into_bytes();
    let pad = 16 - padded.len() % 16;
    padded.extend(std::iter::repeat_n(pad as u8, pad));
    for bytes in [plain.into_bytes(), padded] {
        let url = format!(
            "{}/FichiersExternes/{}/file.pdf?Session={}",
            state.root,
            state.cipher.encrypt_hex(&bytes),
            state.session_id
        );
        let response = common::get(&url).await;
        assert_eq!(response.status, 200);
        assert!(response.body.starts_with(b"%PDF-1.4"));
    }
    let reply = common::call(
        &mut later,
        &Call::new("GenerationPDF")
            .tab(16)
            .data(json!({"genreGenerationPDF": 0})),
    )
    .await
    .unwrap();
    let path = reply.data["url"]["V"].as_str().unwrap();
    let response = common::get(&format!("{}/{path}", state.root)).await;
    assert!(response.body.starts_with(b"%PDF"), "{}", response.status);
    // The iCal feed.
    let infos = common::call(&mut later, &Call::new("PageInfosPerso").tab(49))
        .await
        .unwrap();
    let ical = &infos.data["iCal"]["liste"]["V"][0];
    let url = format!(
        "{}/ical/mesinformations.ics?icalsecurise={}&version=2025.2.6&param={}",
        state.root,
        ical["paramICal"].as_str().unwrap(),
        ical["paramSuppl"].as_str().unwrap()
    );
    let calendar = String::from_utf8(common::get(&url).await.body).unwrap();
    assert!(calendar.starts_with("BEGIN:VCALENDAR") && calendar.contains("BEGIN:VEVENT"));
    // Written by pronote-api's writer: CRLF, folded at 75 octets.
    let body = calendar.strip_suffix("END:VCALENDAR\r\n").unwrap();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75 && !line.contains('\n'), "{line}");
    }
    assert!(calendar.contains("\r\nX-WR-CALNAME:Emploi du temps de "));
}

#[tokio::test]
async fn discussions_write() {
    let server = server().await;
    let mut session = student(&server).await;
    let teachers = common::call(
        &mut session,
        &Call::new("ListeRessourcesPourCommunication")
            .tab(131)
            .data(json!({"onglet": {"N": 0, "G": 3}})),
    )
    .await
    .unwrap();
    let dupont = teachers.data["listeRessourcesPourCommunication"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["L"] == "M. DUPONT Jean")
        .unwrap()
        .clone();
    // Pawnote's form: recipients as {N, G} only.
    common::call(
        &mut session,
        &Call::new("SaisieMessage").tab(131).data(json!({
            "objet": "Nouvelle question",
            "contenu": "Bonjour",
            "listeDestinataires": [{"N": dupont["N"], "G": 3, "E": 2}],
        })),
    )
    .await
    .unwrap();
    let list = common::call(
        &mut session,
        &Call::new("ListeMessagerie")
            .tab(131)
            .data(json!({"avecMessage": true, "avecLu": true})),
    )
    .await
    .unwrap();
    let discussions = list.data["listeMessagerie"]["V"]
        .as_array()
        .unwrap()
        .clone();
    let created = discussions
        .iter()
        .find(|d| d["objet"] == "Nouvelle question")
        .expect("created");
    assert!(created["public"].as_str().unwrap().contains("DUPONT"));
    // Replying to a closed discussion is refused in RapportSaisie.
    let closed = discussions.iter().find(|d| d["ferme"] == true).unwrap();
    let messages = common::call(
        &mut session,
        &Call::new("ListeMessages")
            .tab(131)
            .data(json!({"listePossessionsMessages": closed["listePossessionsMessages"]["V"]})),
    )
    .await
    .unwrap();
    assert_eq!(messages.data["listeBoutons"]["V"], json!([]));
    let err = common::call(
        &mut session,
        &Call::new("SaisieMessage").tab(131).data(json!({
            "messagePourReponse": messages.data["messagePourReponse"]["V"],
            "contenu": "Encore une question",
            "bouton": {"N": 0, "G": 0},
        })),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::Server(ServerError::SaveRejected { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn hand_in_homework_by_upload() {
    use pronote_proto::http::{HttpRequest, Method};
    use std::borrow::Cow;
    let server = server().await;
    let mut session = student(&server).await;
    let domain = json!({"domaine": {"_T": 8, "V": "[1..44]"}});
    let reply = common::call(
        &mut session,
        &Call::new("PageCahierDeTexte").tab(88).data(domain.clone()),
    )
    .await
    .unwrap();
    let target = reply.data["ListeTravauxAFaire"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["peuRendre"] == true)
        .expect("homework to hand in")
        .clone();
    // The upload takes the next order number, like a call.
    let mut state = session.export();
    let number = state.order.take().unwrap();
    let wire = pronote_proto::order::encode(&state.cipher, number);
    let body = format!(
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"u_no\"\r\n\r\n{wire}\r\n\
         --BOUNDARY\r\nContent-Disposition: form-data; name=\"u_ns\"\r\n\r\n{}\r\n\
         --BOUNDARY\r\nContent-Disposition: form-data; name=\"u_idR\"\r\n\r\nSaisieTAFARendreEleve\r\n\
         --BOUNDARY\r\nContent-Disposition: form-data; name=\"u_idF\"\r\n\r\nselecfile_1_1\r\n\
         --BOUNDARY\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"copie.txt\"\r\nContent-Type: text/plain\r\n\r\nma copie\r\n\
         --BOUNDARY--\r\n",
        state.session_id
    );
    let response = common::send(&HttpRequest {
        method: Method::Post,
        url: format!(
            "{}/uploadfilesession/{}/{}",
            state.root, state.espace, state.session_id
        ),
        headers: vec![(
            Cow::Borrowed("content-type"),
            "multipart/form-data; boundary=BOUNDARY".to_owned(),
        )],
        body: body.into_bytes(),
    })
    .await
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&response.body), r#"{"etat":1}"#);
    let mut session = Session::restore(state).unwrap();
    common::call(
        &mut session,
        &Call::new("SaisieTAFARendreEleve").tab(88).data(json!({"listeFichiers": [{
            "E": 1, "G": 1, "L": "copie.txt", "N": "-1", "idFichier": "selecfile_1_1", "TAF": {"N": target["N"]}
        }]})),
    )
    .await
    .unwrap();
    let reply = common::call(
        &mut session,
        &Call::new("PageCahierDeTexte").tab(88).data(domain),
    )
    .await
    .unwrap();
    let handed = reply.data["ListeTravauxAFaire"]["V"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["N"] == target["N"])
        .unwrap()
        .clone();
    assert_eq!(handed["documentRendu"]["V"]["L"], "copie.txt");
    // Its download gives the bytes back.
    let state = session.state();
    let plain = json!({"N": handed["documentRendu"]["V"]["N"], "Actif": true}).to_string();
    let url = format!(
        "{}/FichiersExternes/{}/copie.txt?Session={}",
        state.root,
        state.cipher.encrypt_hex(plain.as_bytes()),
        state.session_id
    );
    assert_eq!(common::get(&url).await.body, b"ma copie");
}

#[tokio::test]
async fn ent_login() {
    use pronote_proto::http::{HttpRequest, Method};
    use std::borrow::Cow;
    let server = server().await;
    let cas = server.url().replace("/pronote/", "/cas/login");
    let post = |password: &str| HttpRequest {
        method: Method::Post,
        url: cas.clone(),
        headers: vec![(
            Cow::Borrowed("content-type"),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body: format!("username=demonstration&password={password}").into_bytes(),
    };
    assert_eq!(common::send(&post("bad")).await.unwrap().status, 401);
    let response = common::send(&post("pronotevs")).await.unwrap();
    assert_eq!(response.status, 302);
    let cookie = response
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let config = LoginConfig::new(format!("{}eleve.html", server.url()), LoginMethod::Ent);
    let logged = common::login_with_cookie(config, None, Some(cookie))
        .await
        .unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
    // Without the ENT's cookie the page has no tokens.
    let config = LoginConfig::new(format!("{}eleve.html", server.url()), LoginMethod::Ent);
    assert!(matches!(
        common::login(config, None).await.unwrap_err(),
        Error::Login(LoginError::Requires(_))
    ));
}
