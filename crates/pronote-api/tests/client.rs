//! The client against `pronote-server` in-process: every login mode on every
//! version profile × flag combination, token rotation, double
//! authentication, parents, transparent re-login after expiry, and every
//! injected fault mapped to a typed error.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pronote_api::function::{CallKind, Context, Function};
use pronote_api::functions::{GetGrades, GetHomework, GetTimetable};
use pronote_api::{
    Credentials, DoubleAuthAnswer, Error, LoginBuilder, LoginOptions, LoginStep, Secret,
};
use pronote_proto::reply_text::ReadError;
use pronote_proto::{Call, LoginError, PeerError, Reply, ReplyText, ServerError};
use pronote_server::{Fault, RunningServer, Server};
use pronote_transport::{HyperTransport, TransportError};
use serde_json::{Value, json};

const PROFILES: [&str; 7] = [
    "2022.0.2.4",
    "2023.0.3.1",
    "2024.3.8",
    "2024.3.9",
    "2025.1.3",
    "2025.2.6",
    "2026.2.5",
];

async fn server(version: &str, encryption: bool, compression: bool) -> RunningServer {
    Server::builder()
        .version(version)
        .encryption(encryption)
        .compression(compression)
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

fn page(server: &RunningServer, page: &str) -> String {
    format!("{}{page}", server.url())
}

/// The personal information page, as raw data: enough to prove a call
/// went through and to see which student it was for. With `one_pass`, the
/// reply is read in one pass with the payload's root (`ReplyText::read`,
/// into a `Value`, which takes any data part: only the server's signals
/// can fail it); otherwise the default, two-pass way.
struct Infos {
    one_pass: bool,
}

/// [`Infos`] read the default way.
const INFOS: Infos = Infos { one_pass: false };

impl Function for Infos {
    const NAME: &'static str = "PageInfosPerso";
    const TAB: Option<u32> = Some(49);
    const KIND: CallKind = CallKind::Read;
    type Output = Value;
    fn data(&self, _ctx: &Context<'_>) -> pronote_api::Result<Option<Value>> {
        Ok(None)
    }
    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> pronote_api::Result<Value> {
        Ok(reply.data)
    }
    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> pronote_api::Result<Value> {
        if !self.one_pass {
            return self.decode_raw(reply.into_raw()?, ctx);
        }
        reply.read().map_err(|e| match e {
            ReadError::Reply(e) => Error::from(e),
            ReadError::Data(e) => panic!("a Value takes any data: {e}"),
        })
    }
}

/// The week-3 timetable, raw, for the selected student.
struct Week3;

impl Function for Week3 {
    const NAME: &'static str = "PageEmploiDuTemps";
    const TAB: Option<u32> = Some(16);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Value>;
    fn data(&self, ctx: &Context<'_>) -> pronote_api::Result<Option<Value>> {
        let student = ctx.student.map(|s| s.reference()).unwrap_or(Value::Null);
        Ok(Some(json!({
            "ressource": student, "Ressource": student,
            "numeroSemaine": 3, "NumeroSemaine": 3,
            "avecAbsencesEleve": false, "avecConseilDeClasse": true, "estEDTPermanence": false,
            "avecAbsencesRessource": true, "avecDisponibilites": true, "avecInfosPrefsGrille": true,
        })))
    }
    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> pronote_api::Result<Vec<Value>> {
        let list = reply.data.get("ListeCours").cloned().unwrap_or(Value::Null);
        let list = list.get("V").cloned().unwrap_or(list);
        Ok(list.as_array().cloned().unwrap_or_default())
    }
}

#[tokio::test]
async fn password_login_on_every_profile_and_flag_combination() {
    for version in PROFILES {
        for (encryption, compression) in
            [(false, false), (true, false), (false, true), (true, true)]
        {
            let s = server(version, encryption, compression).await;
            let client =
                LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
                    .connect()
                    .await
                    .unwrap_or_else(|e| panic!("{version} {encryption}/{compression}: {e}"));
            let instance = client.instance().await;
            let periods: Vec<&str> = instance.periods.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(
                periods,
                [
                    "Trimestre 1",
                    "Trimestre 2",
                    "Trimestre 3",
                    "Semestre 1",
                    "Semestre 2"
                ],
                "{version}"
            );
            assert_eq!(
                instance.version.map(|v| v.to_string()).as_deref(),
                Some(version)
            );
            let user = client.user().await;
            assert_eq!(user.resource.name, "MARTIN Lucas");
            let lessons = client
                .fetch(&Week3)
                .await
                .unwrap_or_else(|e| panic!("{version}: {e}"));
            // 30 lessons, one of them moved to another room: the move is
            // two entries in one slot (the lesson as planned, cancelled, and
            // the lesson in its new room), as real instances send it.
            assert_eq!(lessons.len(), 31, "{version}: entries of week 3");
            s.shutdown().await;
        }
    }
}

#[tokio::test]
async fn token_rotates_and_the_old_one_is_refused() {
    let s = server("2025.2.6", true, true).await;
    let saved: Arc<Mutex<Vec<Credentials>>> = Arc::default();
    let sink = Arc::clone(&saved);
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .request_token(true)
        .on_credentials(move |c| sink.lock().unwrap().push(c.clone()))
        .connect()
        .await
        .unwrap();
    let first = client.credentials().unwrap();
    assert!(matches!(first.secret, Secret::Token { .. }), "{first:?}");
    assert_eq!(saved.lock().unwrap().last(), Some(&first));

    // Log in with the token: a new one is issued and handed over.
    let saved2: Arc<Mutex<Vec<Credentials>>> = Arc::default();
    let sink2 = Arc::clone(&saved2);
    let second = LoginBuilder::credentials(&first)
        .on_credentials(move |c| sink2.lock().unwrap().push(c.clone()))
        .connect()
        .await
        .unwrap();
    let rotated = second.credentials().unwrap();
    assert_ne!(rotated, first);
    assert_eq!(saved2.lock().unwrap().first(), Some(&rotated));
    second.fetch(&INFOS).await.unwrap();

    // The first token is void now.
    let err = LoginBuilder::credentials(&first)
        .connect()
        .await
        .unwrap_err();
    assert!(err.is_bad_credentials(), "{err}");
}

#[tokio::test]
async fn qr_code_issued_by_a_session_logs_a_device_in() {
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let reply = client
        .call_raw(
            &Call::new("JetonAppliMobile")
                .tab(7)
                .data(json!({"code": "4321"})),
        )
        .await
        .unwrap();
    let qr = json!({
        "jeton": reply.data["jeton"],
        "login": reply.data["login"],
        "url": page(&s, "eleve.html"),
    })
    .to_string();
    // A wrong PIN is a typed error before any request.
    let err = LoginBuilder::qr_code(&qr, "0000", "device-1")
        .unwrap()
        .connect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(pronote_proto::Error::Login(LoginError::WrongPin))
        ),
        "{err}"
    );
    let device = LoginBuilder::qr_code(&qr, "4321", "device-1")
        .unwrap()
        .connect()
        .await
        .unwrap();
    let credentials = device.credentials().unwrap();
    assert!(matches!(credentials.secret, Secret::Token { .. }));
    assert_eq!(credentials.device_uuid, "device-1");
    assert!(credentials.page_url.contains("mobile.eleve.html"));
    // And the token logs the same device in again.
    LoginBuilder::credentials(&credentials)
        .connect()
        .await
        .unwrap();
}

#[tokio::test]
async fn double_authentication_is_an_explicit_step() {
    let s = server("2025.2.6", true, true).await;
    let url = page(&s, "eleve.html");
    let err = LoginBuilder::password(&url, "securise", "pronotevs")
        .connect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::DoubleAuthRequired));

    let LoginStep::DoubleAuth(step) = LoginBuilder::password(&url, "securise", "pronotevs")
        .start()
        .await
        .unwrap()
    else {
        panic!("expected a double-auth step");
    };
    assert!(step.prompt().needs_pin);
    let wrong = DoubleAuthAnswer {
        pin: Some("0000".into()),
        device_name: Some("test".into()),
    };
    let (err, step) = step.answer(wrong).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(pronote_proto::Error::Login(LoginError::WrongDoubleAuthPin))
        ),
        "{err}"
    );
    let step = step.expect("the step comes back after a wrong PIN");
    let right = DoubleAuthAnswer {
        pin: Some("1234".into()),
        device_name: Some("test".into()),
    };
    let LoginStep::Connected(client) = step.answer(right).await.map_err(|(e, _)| e).unwrap() else {
        panic!("expected to be connected");
    };
    client.fetch(&INFOS).await.unwrap();
}

#[tokio::test]
async fn refusals_are_typed() {
    let s = server("2025.2.6", true, true).await;
    let url = page(&s, "eleve.html");
    let err = LoginBuilder::password(&url, "demonstration", "wrong")
        .connect()
        .await
        .unwrap_err();
    assert!(err.is_bad_credentials(), "{err}");
    let err = LoginBuilder::password(&url, "desactive", "pronotevs")
        .connect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(pronote_proto::Error::Login(LoginError::AccountDisabled))
        ),
        "{err}"
    );
}

#[tokio::test]
async fn parents_act_for_the_selected_child() {
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "parent.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let user = client.user().await;
    let names: Vec<&str> = user.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["MARTIN Lucas", "MARTIN Emma"]);
    let a = user.children[0].name.clone();
    let b = user.children[1].name.clone();
    client.select_child(&a).await.unwrap();
    let lessons_a = client.fetch(&Week3).await.unwrap();
    client.select_child(&b).await.unwrap();
    assert_eq!(client.selected_student().await.as_deref(), Some(b.as_str()));
    let lessons_b = client.fetch(&Week3).await.unwrap();
    assert_ne!(lessons_a, lessons_b, "two children, two timetables");
    assert!(matches!(
        client.select_child("Nobody").await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn expired_sessions_are_reestablished_for_reads() {
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let before = client.fetch(&Week3).await.unwrap();
    s.expire_sessions();
    // A read logs in again and is sent again, with this session's ids.
    let after = client.fetch(&Week3).await.unwrap();
    assert_eq!(before.len(), after.len());
    assert_eq!(client.login_count().await, 2);
    // A raw call counts as a write: the expiry is reported, not retried.
    s.expire_sessions();
    let err = client
        .call_raw(&Call::new("PageInfosPerso").tab(49))
        .await
        .unwrap_err();
    assert!(err.needs_new_session(), "{err}");
}

#[tokio::test]
async fn refusals_inside_the_payload_fail_typed_reads() {
    // The timetable is read in one pass with the payload's root, `INFOS`
    // the two-pass way: both see the server's in-payload refusal, whatever
    // the data part holds.
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let refused = |e: &Error| {
        matches!(
            e,
            Error::Protocol(pronote_proto::Error::Server(ServerError::AccessDenied))
        )
    };
    // The timetable's wire struct refuses the empty data part of a
    // refusal; the homework's and the grades' accept it, so only the
    // signal tells the refusal.
    s.inject(Fault::Refused, Some(1));
    let err = client.fetch(&GetTimetable::week(3)).await.unwrap_err();
    assert!(refused(&err), "{err:?}");
    s.inject(Fault::Refused, Some(1));
    let monday = time::macros::date!(2025 - 11 - 17);
    let homework = GetHomework::between(monday, monday + time::Duration::days(6));
    let err = client.fetch(&homework).await.unwrap_err();
    assert!(refused(&err), "{err:?}");
    s.inject(Fault::Refused, Some(1));
    let err = client
        .fetch(&GetGrades::new("Trimestre 1"))
        .await
        .unwrap_err();
    assert!(refused(&err), "{err:?}");
    for _ in 0..2 {
        s.inject(Fault::Refused, Some(1));
        let err = client.fetch(&INFOS).await.unwrap_err();
        assert!(refused(&err), "{err:?}");
        s.inject(Fault::Refused, Some(1));
        let err = client.fetch(&Infos { one_pass: true }).await.unwrap_err();
        assert!(refused(&err), "{err:?}");
    }
    assert_eq!(
        client.fetch(&Infos { one_pass: true }).await.unwrap(),
        client.fetch(&INFOS).await.unwrap()
    );
    // The session stayed in step: the next reads need no new login.
    assert!(
        !client
            .fetch(&GetTimetable::week(3))
            .await
            .unwrap()
            .is_empty()
    );
    client.fetch(&INFOS).await.unwrap();
    assert_eq!(client.login_count().await, 1);
}

#[tokio::test]
async fn exported_sessions_resume() {
    // Compressed replies are kept as the server deflated them, the others
    // deflated by the client; a resumed session keeps what it was given.
    for (encrypt, compress) in [(true, true), (false, false), (true, false)] {
        exported_session_resumes(encrypt, compress).await;
    }
}

async fn exported_session_resumes(encrypt: bool, compress: bool) {
    let s = server("2025.2.6", encrypt, compress).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    client.fetch(&INFOS).await.unwrap();
    let exported = client.export().await;
    // The login replies come back whole from what the client keeps.
    assert_eq!(
        exported.instance["General"]["NomEtablissement"],
        "Collège Victor Hugo"
    );
    assert!(
        exported.user["ressource"]["L"].is_string(),
        "{}",
        exported.user
    );
    let json = serde_json::to_string(&exported).unwrap();
    drop(client);
    let resumed = pronote_api::Client::resume(
        HyperTransport::builder().build().unwrap(),
        serde_json::from_str(&json).unwrap(),
    )
    .unwrap();
    resumed.fetch(&INFOS).await.unwrap();
    assert_eq!(
        resumed.login_count().await,
        0,
        "the live session was reused"
    );
    let again = resumed.export().await;
    assert_eq!(again.instance, exported.instance);
    assert_eq!(again.user, exported.user);
}

#[tokio::test]
async fn injected_faults_map_to_typed_errors() {
    let s = server("2025.2.6", true, true).await;
    let url = page(&s, "eleve.html");
    let client = LoginBuilder::password(&url, "demonstration", "pronotevs")
        .options(LoginOptions::default())
        .connect()
        .await
        .unwrap();

    type Check = fn(&Error) -> bool;
    let cases: Vec<(Fault, Check)> = vec![
        (Fault::RateLimited, |e| {
            matches!(
                e,
                Error::Protocol(pronote_proto::Error::Server(ServerError::RateLimited))
            )
        }),
        (Fault::IpSuspended, |e| {
            matches!(
                e,
                Error::Protocol(pronote_proto::Error::Server(ServerError::IpSuspended))
            )
        }),
        (Fault::Busy, |e| {
            matches!(
                e,
                Error::Protocol(pronote_proto::Error::Server(ServerError::Busy))
            )
        }),
        (Fault::Unavailable, |e| {
            matches!(
                e,
                Error::Protocol(pronote_proto::Error::Server(ServerError::Unavailable))
            )
        }),
        (Fault::HttpStatus(502), |e| {
            matches!(
                e,
                Error::Protocol(pronote_proto::Error::Peer(PeerError::HttpStatus(502)))
            )
        }),
        (Fault::GarbledBody, |e| {
            matches!(e, Error::Protocol(pronote_proto::Error::Decode(_)))
        }),
        (Fault::DropConnection, |e| {
            matches!(
                e,
                Error::Transport(TransportError::Io { .. } | TransportError::Connect { .. })
            )
        }),
    ];
    for (fault, check) in cases {
        s.inject(fault.clone(), Some(1));
        // Raw calls are never retried, so the fault itself shows.
        let err = client
            .call_raw(&Call::new("PageInfosPerso").tab(49))
            .await
            .unwrap_err();
        assert!(check(&err), "{fault:?} gave {err:?}");
        s.clear_faults();
        // The client recovers: the next read logs in again if it must.
        client
            .fetch(&INFOS)
            .await
            .unwrap_or_else(|e| panic!("after {fault:?}: {e}"));
    }

    // A wrong order number desynchronises the session; reads recover.
    s.inject(Fault::WrongOrderNumber, Some(1));
    let err = client
        .call_raw(&Call::new("PageInfosPerso").tab(49))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(pronote_proto::Error::Peer(PeerError::OrderMismatch { .. }))
        ),
        "{err}"
    );
    client.fetch(&INFOS).await.unwrap();

    // A slow server trips the request timeout.
    let transport = HyperTransport::builder()
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let slow = LoginBuilder::password(&url, "demonstration", "pronotevs")
        .transport(transport)
        .connect()
        .await
        .unwrap();
    s.inject(Fault::Slow(Duration::from_secs(2)), Some(1));
    let err = slow
        .call_raw(&Call::new("PageInfosPerso").tab(49))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Timeout { .. })),
        "{err}"
    );
}

#[tokio::test]
async fn instance_description_before_login() {
    let s = server("2025.2.6", true, true).await;
    let transport = HyperTransport::builder().build().unwrap();
    let info = pronote_api::instance_info(&transport, &s.url())
        .await
        .unwrap();
    assert_eq!(info.school, "Collège Victor Hugo");
    assert_eq!(
        info.version.map(|v| v.to_string()).as_deref(),
        Some("2025.2.6")
    );
    let spaces: Vec<(&str, &str)> = info
        .spaces
        .iter()
        .map(|sp| (sp.name.as_str(), sp.page.as_str()))
        .collect();
    assert_eq!(
        spaces,
        [
            ("Espace \u{c9}l\u{e8}ves", "mobile.eleve.html"),
            ("Espace Parents", "mobile.parent.html"),
            ("Espace Professeurs", "mobile.professeur.html"),
            ("Espace Vie scolaire", "mobile.viescolaire.html"),
        ],
        "the demo's spaces"
    );
    assert!(info.cas.is_none());
    // A page URL works too.
    let again = pronote_api::instance_info(&transport, &page(&s, "eleve.html"))
        .await
        .unwrap();
    assert_eq!(again, info);
}

#[tokio::test]
async fn school_life_and_teacher_accounts_log_in() {
    let s = server("2025.2.6", true, true).await;
    let staff = LoginBuilder::password(page(&s, "viescolaire.html"), "viescolaire", "pronotevs")
        .connect()
        .await
        .unwrap();
    assert_eq!(
        staff.user().await.kind,
        pronote_api::models::AccountKind::SchoolLife
    );
    let teacher = LoginBuilder::password(page(&s, "professeur.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    assert_eq!(
        teacher.user().await.kind,
        pronote_api::models::AccountKind::Teacher
    );
    let week = teacher.fetch(&Week3).await.unwrap();
    assert_eq!(week.len(), 9, "the teacher's lessons of week 3");
}

#[tokio::test]
async fn token_and_qr_logins_on_every_profile() {
    for version in PROFILES {
        let s = server(version, true, true).await;
        let web = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
            .request_token(true)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        let credentials = web.credentials().unwrap();
        let next = LoginBuilder::credentials(&credentials)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{version} token: {e}"));
        assert_ne!(next.credentials(), Some(credentials));
        let reply = web
            .call_raw(
                &Call::new("JetonAppliMobile")
                    .tab(7)
                    .data(json!({"code": "1357"})),
            )
            .await
            .unwrap_or_else(|e| panic!("{version} JetonAppliMobile: {e}"));
        let qr = json!({"jeton": reply.data["jeton"], "login": reply.data["login"], "url": page(&s, "eleve.html")}).to_string();
        LoginBuilder::qr_code(&qr, "1357", "qr-device")
            .unwrap()
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{version} QR: {e}"));
        s.shutdown().await;
    }
}

#[tokio::test(start_paused = true)]
async fn keep_alive_is_sent_only_when_idle() {
    let s = server("2025.2.6", true, true).await;
    // The clock is virtual here, but the connection pool's idle expiry
    // reads the real one: without reuse, no connection outlives the
    // server's (virtual) idle timeout.
    let transport = HyperTransport::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .transport(transport)
        .connect()
        .await
        .unwrap();
    assert!(!client.keep_alive().await.unwrap(), "not idle yet");
    tokio::time::advance(Duration::from_secs(111)).await;
    assert!(client.keep_alive().await.unwrap(), "idle: Navigation sent");
    assert!(!client.keep_alive().await.unwrap());
    client.fetch(&INFOS).await.unwrap();
}

#[tokio::test]
async fn homework_is_handed_in_as_a_file() {
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let year = client
        .homework(
            time::macros::date!(2025 - 09 - 01),
            time::macros::date!(2026 - 07 - 03),
        )
        .await
        .unwrap();
    let upload = year
        .iter()
        .find(|h| h.return_kind == Some(pronote_api::models::homework::ReturnKind::FileUpload))
        .expect("a homework to hand in as a file");
    let paper = year
        .iter()
        .find(|h| h.return_kind == Some(pronote_api::models::homework::ReturnKind::Paper));
    client
        .hand_in_homework(upload, "copie élève.pdf", b"%PDF-1.4 devoir rendu")
        .await
        .unwrap();
    // The order numbers stayed in step: reads go on.
    client.fetch(&INFOS).await.unwrap();
    client.remove_returned_work(upload).await.unwrap();
    if let Some(paper) = paper {
        let err = client
            .hand_in_homework(paper, "x.pdf", b"x")
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Protocol(pronote_proto::Error::Server(_))),
            "{err}"
        );
    }
}

#[tokio::test]
async fn attachments_download_through_the_client() {
    let s = server("2025.2.6", true, true).await;
    let client = LoginBuilder::password(page(&s, "eleve.html"), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let year = client
        .homework(
            time::macros::date!(2025 - 09 - 01),
            time::macros::date!(2026 - 07 - 03),
        )
        .await
        .unwrap();
    let file = year
        .iter()
        .flat_map(|h| h.attachments.iter())
        .find(|a| a.kind == pronote_api::models::attachment::AttachmentKind::File)
        .expect("a file attached to a homework");
    let url = client.attachment_url(file).await.expect("a file URL");
    let bytes = client.download(&url).await.unwrap();
    // Streamed into a writer, the same bytes.
    let mut streamed = Vec::new();
    let n = client.download_to(&url, &mut streamed).await.unwrap();
    assert_eq!((n as usize, &streamed), (bytes.len(), &bytes));
    assert!(
        bytes.starts_with(b"%PDF"),
        "{:?}",
        &bytes[..bytes.len().min(16)]
    );
    let err = client
        .download(&format!("{}FichiersExternes/00/x.pdf", s.url()))
        .await
        .unwrap_err();
    assert!(!matches!(err, Error::Transport(_)), "{err}");
}
