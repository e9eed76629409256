//! The records part of the client against `pronote-server` in-process:
//! notebook, report cards and PDFs, menus, account and iCal, teaching
//! staff and QR codes, asserting the demo data's values.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::file_url::FileKind;
use pronote_api::models::account::DoubleAuthMode;
use pronote_api::models::homework::ReturnKind;
use pronote_api::models::menu::{DishKind, MealKind};
use pronote_api::models::notebook::ObservationKind;
use pronote_api::models::report::ReportCard;
use pronote_api::models::staff::StaffKind;
use pronote_api::{Client, DoubleAuthAnswer, Error, LoginBuilder, LoginStep, Secret};
use pronote_proto::http::{HttpRequest, Method};
use pronote_server::{RunningServer, Server};
use pronote_transport::{HyperTransport, Transport};
use time::Weekday;
use time::macros::{date, datetime};

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        // The demo year's last day, which an unpinned server takes from
        // any later clock: every term over, every report card out.
        .today(date!(2026 - 07 - 03))
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn student(s: &RunningServer) -> Client {
    LoginBuilder::password(
        format!("{}eleve.html", s.url()),
        "demonstration",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap()
}

async fn get(url: &str) -> (u16, Vec<u8>) {
    let (status, _, body) = get_named(url).await;
    (status, body)
}

/// GETs `url`: the status, the file name of `Content-Disposition`, the body.
async fn get_named(url: &str) -> (u16, String, Vec<u8>) {
    let transport = HyperTransport::builder().build().unwrap();
    let response = transport
        .send(&HttpRequest {
            method: Method::Get,
            url: url.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        })
        .await
        .unwrap();
    let name = response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-disposition"))
        .and_then(|(_, v)| v.split("filename=\"").nth(1))
        .map(|v| v.trim_end_matches('"').to_owned())
        .unwrap_or_default();
    (response.status, name, response.body)
}

#[tokio::test]
async fn notebook_reads_every_kind() {
    let s = server().await;
    let client = student(&s).await;

    let first = client.notebook("Trimestre 1").await.unwrap();
    assert_eq!(first.absences.len(), 1);
    let absence = &first.absences[0];
    assert_eq!(absence.start, datetime!(2025-11-06 8:00));
    assert_eq!(absence.end, datetime!(2025-11-06 17:00));
    assert!(absence.justified && absence.settled && !absence.reason_unknown);
    assert_eq!(absence.hours.as_deref(), Some("7h00"));
    assert_eq!(absence.days, Some(1));
    assert_eq!(absence.reasons, ["Rendez-vous m\u{e9}dical"]);

    assert_eq!(first.delays.len(), 2);
    assert_eq!(first.delays[0].at, datetime!(2025-09-26 8:00));
    assert_eq!(first.delays[0].minutes, Some(4));
    assert!(first.delays[0].reason_unknown && first.delays[0].reasons.is_empty());
    assert_eq!(first.delays[1].reasons, ["Retard de transport"]);
    assert!(first.delays[1].to_justify_by_parents);

    assert!(first.punishments.is_empty());
    let observation = &first.observations[0];
    assert_eq!(observation.label, "Travail non fait");
    assert_eq!(observation.date, date!(2025 - 10 - 02));
    assert_eq!(observation.kind, ObservationKind::LogBookIssue);
    assert_eq!(observation.comment.as_deref(), Some("Exercices non faits."));
    assert_eq!(observation.giver.as_deref(), Some("Mme GARCIA Lucia"));
    assert_eq!(
        observation.subject.as_ref().map(|s| s.name.as_str()),
        Some("ESPAGNOL LV2")
    );
    assert!(first.precautionary_measures.is_empty());

    // The punishments are in the third term: a detention given during a
    // lesson, scheduled a week later, with a work sheet.
    let third = client.notebook("Trimestre 3").await.unwrap();
    assert_eq!(third.punishments.len(), 2);
    let detention = &third.punishments[0];
    assert_eq!(detention.nature, "Retenue");
    assert_eq!(detention.given, date!(2026 - 04 - 09));
    assert!(!detention.outside_lessons);
    assert_eq!(detention.given_at_place, Some(4));
    assert_eq!(
        detention.reasons,
        ["Travail non fait", "Oubli de mat\u{e9}riel"]
    );
    assert_eq!(detention.giver.as_deref(), Some("M. DUPONT Jean"));
    assert_eq!(
        detention.circumstances.as_deref(),
        Some("Travail non rendu \u{e0} trois reprises.")
    );
    assert_eq!(
        detention.work.as_deref(),
        Some("Faire les exercices 1 \u{e0} 4 de la fiche.")
    );
    assert_eq!(detention.work_documents.len(), 1);
    assert_eq!(detention.work_documents[0].name, "Fiche_retenue.pdf");
    assert!(detention.work_documents[0].is_file());
    assert_eq!(detention.minutes, Some(120));
    assert_eq!(detention.schedule.len(), 1);
    assert_eq!(detention.schedule[0].date, date!(2026 - 04 - 16));
    assert_eq!(detention.schedule[0].place, Some(12));
    assert_eq!(detention.schedule[0].minutes, Some(120));
    let extra = &third.punishments[1];
    assert_eq!(extra.nature, "Devoir suppl\u{e9}mentaire");
    assert!(extra.outside_lessons && extra.schedule.is_empty());

    // Across the year, the three observation kinds of the demo.
    let year: Vec<_> = ["Trimestre 1", "Trimestre 2", "Trimestre 3"]
        .into_iter()
        .map(|p| async { client.notebook(p).await.unwrap() })
        .collect();
    let mut encouragements = 0;
    for notebook in year {
        encouragements += notebook
            .await
            .observations
            .iter()
            .filter(|o| o.kind == ObservationKind::Encouragement)
            .count();
    }
    assert_eq!(encouragements, 1);

    // The precautionary measure of the second term.
    let second = client.notebook("Trimestre 2").await.unwrap();
    assert_eq!(second.precautionary_measures.len(), 1);
    let measure = &second.precautionary_measures[0];
    assert_eq!(measure.nature.as_deref(), Some("Mesure conservatoire"));
    assert_eq!(measure.reasons, ["Violence verbale"]);
    assert!(measure.exclusion);
    assert_eq!(measure.decided_by.as_deref(), Some("Mme BERNARD Sophie"));
    assert_eq!(measure.asked_by.as_deref(), Some("M. DUPONT Jean"));
    assert_eq!(measure.asked, Some(date!(2026 - 01 - 29)));
    assert_eq!(measure.start, Some(datetime!(2026-01-29 8:00)));
    assert_eq!(measure.end, Some(datetime!(2026-02-02 17:00)));
    assert_eq!(measure.forbidden_access, [1]);
    assert_eq!(
        measure.circumstances.as_deref(),
        Some("Altercation dans la cour.")
    );

    let unknown = client.notebook("Trimestre 9").await.unwrap_err();
    assert!(matches!(unknown, Error::NotFound(_)), "{unknown}");
    s.shutdown().await;
}

#[tokio::test]
async fn report_card_and_pdfs() {
    let s = server().await;
    let client = student(&s).await;

    let card = client.report_card("Trimestre 1").await.unwrap();
    let report = card.report().expect("the first term is published");
    assert_eq!(report.subjects.len(), 11);
    let french = &report.subjects[0];
    assert_eq!(french.subject.name, "FRAN\u{c7}AIS");
    assert_eq!(french.subject.color.as_deref(), Some("#4F81BD"));
    assert_eq!(
        french.group.as_deref(),
        Some("Enseignements g\u{e9}n\u{e9}raux")
    );
    assert_eq!(french.coefficient.as_deref(), Some("2"));
    assert_eq!(
        french.appreciations,
        ["Ensemble correct mais la participation orale doit progresser."]
    );
    assert_eq!(french.teachers, ["Mme MOREAU Claire"]);
    let marks = [
        &french.student_average,
        &french.class_average,
        &french.min,
        &french.max,
    ]
    .map(|g| g.as_ref().map(ToString::to_string));
    assert_eq!(
        marks,
        ["12,50", "11,87", "7,87", "16,37"].map(|m| Some(m.to_owned())),
        "French: the student's and the class's averages, the lowest and the highest"
    );
    let general: Vec<_> = report
        .appreciations
        .iter()
        .map(|a| (a.title.as_deref(), a.text.as_str()))
        .collect();
    assert_eq!(
        general,
        [
            (
                Some("Appr\u{e9}ciation g\u{e9}n\u{e9}rale"),
                "Bon ensemble, le travail est s\u{e9}rieux."
            ),
            (Some("Mention du conseil de classe"), "Encouragements"),
        ]
    );

    match client.report_card("Trimestre 3").await.unwrap() {
        ReportCard::Unavailable { message } => assert_eq!(
            message,
            "Le bulletin de cette p\u{e9}riode n'est pas encore publi\u{e9}."
        ),
        other => panic!("{other:?}"),
    }

    let pdf = client.report_card_pdf_url("Trimestre 1").await.unwrap();
    assert!(
        pdf.starts_with(&format!("{}FichiersExternes/", s.url())),
        "{pdf}"
    );
    assert!(pdf.contains("Bulletin%5FTrimestre%5F1%2Epdf"), "{pdf}");
    let (status, body) = get(&pdf).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"), "not a PDF");

    let timetable = client.timetable_pdf_url().await.unwrap();
    assert!(
        timetable.contains("Emploi%5Fdu%5Ftemps%2Epdf"),
        "{timetable}"
    );
    let (status, body) = get(&timetable).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"), "not a PDF");
    s.shutdown().await;
}

#[tokio::test]
async fn canteen_menus() {
    let s = server().await;
    let client = student(&s).await;
    let week = client.menus(date!(2025 - 09 - 03)).await.unwrap();
    // Monday to Friday without Wednesday.
    let days: Vec<_> = week.iter().map(|d| d.date).collect();
    assert_eq!(
        days,
        [
            date!(2025 - 09 - 01),
            date!(2025 - 09 - 02),
            date!(2025 - 09 - 04),
            date!(2025 - 09 - 05)
        ]
    );
    assert!(week.iter().all(|d| d.date.weekday() != Weekday::Wednesday));
    let monday = &week[0].meals[0];
    assert_eq!(monday.kind, MealKind::Lunch);
    assert_eq!(monday.name.as_deref(), Some("D\u{e9}jeuner"));
    let kinds: Vec<_> = monday.dishes.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DishKind::Starter,
            DishKind::Main,
            DishKind::Side,
            DishKind::Cheese,
            DishKind::Dessert
        ]
    );
    assert_eq!(monday.dishes[0].foods[0].name, "Betteraves vinaigrette");
    let main = &monday.dishes[1].foods[0];
    assert_eq!(main.name, "Lasagnes \u{e0} la bolognaise");
    let labels: Vec<_> = main.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(labels, ["Fait maison"]);
    let allergens: Vec<_> = main
        .allergens
        .iter()
        .map(|a| (a.name.as_str(), a.color.as_deref()))
        .collect();
    assert_eq!(
        allergens,
        [("Gluten", Some("#F44336")), ("Lait", Some("#9C27B0"))]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn account_ical_feed_and_local_calendar() {
    let s = server().await;
    let client = student(&s).await;
    let account = client.account().await.unwrap();
    assert_eq!(account.address, ["12 rue des Lilas", "B\u{e2}timent B"]);
    assert_eq!(account.postal_code.as_deref(), Some("25000"));
    assert_eq!(account.city.as_deref(), Some("BESAN\u{c7}ON"));
    assert_eq!(account.country.as_deref(), Some("France"));
    assert_eq!(
        account.email.as_deref(),
        Some("lucas.martin@eleves.example")
    );
    assert_eq!(account.phone().as_deref(), Some("+33 612345678"));
    assert_eq!(account.ine.as_deref(), Some("0123456789AB"));
    assert_eq!(account.security_mode, Some(DoubleAuthMode::Inactive));
    assert!(!account.pin_managed);
    assert_eq!(account.ical_feeds.len(), 1);
    let feed = &account.ical_feeds[0];
    assert_eq!(
        feed.name.as_deref(),
        Some("Emploi du temps de MARTIN Lucas")
    );
    assert_eq!(feed.extra, "E0");

    // The demo's students have a (generated) profile picture.
    assert!(client.user().await.resource.has_photo);
    let photo = client.profile_picture_url().await.expect("a photo URL");
    let bytes = client.download(&photo).await.unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{:?}",
        &bytes[..bytes.len().min(8)]
    );

    let url = client.ical_url().await.unwrap().unwrap();
    assert_eq!(
        url,
        format!(
            "{}ical/mesinformations.ics?icalsecurise={}&version=2025.2.6&param=E0",
            s.url(),
            feed.token
        )
    );

    let ics = client
        .timetable_ical(date!(2025 - 09 - 01), date!(2025 - 09 - 05))
        .await
        .unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        ics.contains(
            "DTSTART:20250901T080000\r\nDTEND:20250901T090000\r\nSUMMARY:MATH\u{c9}MATIQUES\r\nLOCATION:S12\r\n"
        ),
        "{ics}"
    );
    let lessons = client
        .timetable(date!(2025 - 09 - 01), date!(2025 - 09 - 05))
        .await
        .unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), lessons.len());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
        assert!(!line.contains('\n'));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn teaching_staff() {
    let s = server().await;
    let client = student(&s).await;
    let staff = client.teaching_staff().await.unwrap();
    let main = &staff[0];
    assert_eq!(main.name, "M. DUPONT Jean");
    assert_eq!(main.kind, StaffKind::Teacher);
    assert!(main.main_teacher);
    assert_eq!(main.subjects[0].name, "MATH\u{c9}MATIQUES");
    assert_eq!(main.subjects[0].weekly_hours.as_deref(), Some("5h00"));
    assert_eq!(
        staff.iter().filter(|m| m.main_teacher).count(),
        1,
        "one main teacher"
    );
    let cpe = staff
        .iter()
        .find(|m| m.name == "Mme BERNARD Sophie")
        .unwrap();
    assert_eq!(cpe.kind, StaffKind::Staff);
    assert_eq!(
        cpe.function.as_deref(),
        Some("Conseill\u{e8}re principale d'\u{e9}ducation")
    );
    assert!(cpe.subjects.is_empty());
    s.shutdown().await;
}

#[tokio::test]
async fn qr_code_issued_by_the_client_logs_a_device_in() {
    let s = server().await;
    let client = student(&s).await;
    assert!(matches!(
        client.issue_qr_code("12345").await,
        Err(Error::Usage(_))
    ));
    let qr = client.issue_qr_code("4321").await.unwrap();
    assert_eq!(qr.url, format!("{}mobile.eleve.html", s.url()));
    let text = serde_json::to_string(&qr).unwrap();
    let device = LoginBuilder::qr_code(&text, "4321", "device-7")
        .unwrap()
        .connect()
        .await
        .unwrap();
    let credentials = device.credentials().unwrap();
    assert!(matches!(credentials.secret, Secret::Token { .. }));
    assert_eq!(
        device.user().await.resource.name,
        client.user().await.resource.name
    );
    s.shutdown().await;
}

#[tokio::test]
async fn homepage_links_partners_and_wallets() {
    let s = server().await;
    let client = student(&s).await;
    let home = client.homepage(date!(2025 - 09 - 08)).await.unwrap();
    let links: Vec<_> = home
        .links
        .iter()
        .map(|l| (l.name.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("CDI en ligne", "https://cdi.example.org/"),
            ("Orientation", "https://orientation.example.org/"),
        ]
    );
    assert_eq!(
        home.links[0].description.as_deref(),
        Some("Le portail documentaire du coll\u{e8}ge")
    );
    let partners: Vec<_> = home
        .partners
        .iter()
        .map(|p| (p.name.as_str(), p.code.as_deref()))
        .collect();
    assert_eq!(
        partners,
        [("Turboself", Some("TURBOSELF")), ("ARD", Some("ARD"))]
    );
    assert_eq!(home.partners[0].sso["codePartenaire"], "TURBOSELF");
    // Each partner's signed-in URL.
    let url = client.partner_url(&home.partners[0]).await.unwrap();
    assert!(url.contains("/partenaires/turboself/?"), "{url}");
    assert!(url.contains("jeton="), "{url}");
    let wallets: Vec<_> = home
        .wallets
        .iter()
        .map(|w| (w.name.as_str(), w.balance.as_str(), w.warning))
        .collect();
    assert_eq!(
        wallets,
        [
            ("Restauration", "12,50 \u{20ac}", false),
            ("Caf\u{e9}t\u{e9}ria", "-1,20 \u{20ac}", true),
        ]
    );
    assert_eq!(
        home.wallets[0].hint.as_deref(),
        Some("Porte-monnaie de la cantine")
    );
    s.shutdown().await;
}

#[tokio::test]
async fn vie_scolaire_classes_students_and_guardians() {
    // 2025+ wraps `Identite` in `{V}`, older servers send it bare.
    for version in ["2022.0.2.4", "2025.2.6"] {
        let s = Server::builder()
            .version(version)
            .seed(7)
            .bind("127.0.0.1:0")
            .start()
            .await
            .unwrap();
        let staff = LoginBuilder::password(
            format!("{}viescolaire.html", s.url()),
            "viescolaire",
            "pronotevs",
        )
        .connect()
        .await
        .unwrap();
        let classes = staff.classes().await;
        let names: Vec<_> = classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["3A", "6B", "4C"], "{version}");
        assert_eq!(classes[0].level.as_deref(), Some("3EME"));

        let students = staff.class_students(&classes[0]).await.unwrap();
        let lucas = &students[0];
        assert_eq!(lucas.name, "MARTIN Lucas");
        assert_eq!(
            (
                lucas.last_name.as_str(),
                lucas.first_names.as_str(),
                lucas.sex.as_str()
            ),
            ("MARTIN", "Lucas", "M")
        );
        assert_eq!(lucas.entry_date, Some(date!(2025 - 09 - 01)));
        assert_eq!(lucas.birth_date, Some(date!(2011 - 03 - 14)));
        assert_eq!(lucas.options, ["ESPAGNOL LV2"]);
        assert_eq!(students[1].name, "BONNET In\u{e8}s");

        let file = staff.student_file(lucas).await.unwrap();
        assert_eq!(file.identity.last_name, "MARTIN");
        assert_eq!(file.identity.first_names, ["Lucas"]);
        assert_eq!(file.identity.birth_date, Some(date!(2011 - 03 - 14)));
        assert_eq!(file.identity.birth_place.as_deref(), Some("Besan\u{e7}on"));
        assert_eq!(file.identity.address, ["12 rue des Lilas"]);
        assert_eq!(
            file.identity.email.as_deref(),
            Some("lucas.martin@eleves.example")
        );
        assert_eq!(file.guardians.len(), 1);
        let father = &file.guardians[0];
        assert_eq!(father.details.last_name, "M. MARTIN Pierre");
        assert_eq!(father.relationship.as_deref(), Some("P\u{e8}re"));
        assert_eq!(father.responsibility.as_deref(), Some("LEGAL"));
        assert_eq!(
            father.details.email.as_deref(),
            Some("pierre.parent@example.com")
        );
        assert!(father.accepts_email && father.preferred && father.may_pick_up);

        // A student account sees its own class only (as a real
        // `ParametresUtilisateur` says).
        let pupil = student(&s).await;
        let own: Vec<String> = pupil.classes().await.into_iter().map(|c| c.name).collect();
        assert_eq!(own, ["3A"]);
        s.shutdown().await;
    }
}

#[tokio::test]
async fn grade_and_punishment_files_download() {
    let s = server().await;
    let client = student(&s).await;
    let grades = client.grades("Trimestre 1").await.unwrap().grades;
    let with_files: Vec<_> = grades
        .iter()
        .filter(|g| g.subject_file_name.is_some() && g.correction_file_name.is_some())
        .collect();
    assert_eq!(
        with_files.len(),
        2,
        "grades with subject and correction files"
    );
    let grade = with_files[0];
    let subject = client
        .grade_file_url(grade, FileKind::GradeSubject)
        .await
        .unwrap();
    let correction = client
        .grade_file_url(grade, FileKind::GradeCorrection)
        .await
        .unwrap();
    assert_ne!(subject, correction);
    let (status, name, body) = get_named(&subject).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"));
    assert_eq!(Some(name.as_str()), grade.subject_file_name.as_deref());
    assert!(name.starts_with("Sujet_"), "{name}");
    let (status, name, body) = get_named(&correction).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"));
    assert_eq!(Some(name.as_str()), grade.correction_file_name.as_deref());
    assert!(name.starts_with("Corrige_"), "{name}");
    // A grade without files has no URL.
    if let Some(plain) = grades.iter().find(|g| g.subject_file_name.is_none()) {
        assert!(
            client
                .grade_file_url(plain, FileKind::GradeSubject)
                .await
                .is_none()
        );
    }

    // The detention's work sheet, through the attachment URL.
    let notebook = client.notebook("Trimestre 3").await.unwrap();
    let sheet = &notebook.punishments[0].work_documents[0];
    let url = client.attachment_url(sheet).await.unwrap();
    let (status, body) = get(&url).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"));
    s.shutdown().await;
}

#[tokio::test]
async fn double_authentication_settings() {
    let s = server().await;
    let LoginStep::DoubleAuth(step) =
        LoginBuilder::password(format!("{}eleve.html", s.url()), "securise", "pronotevs")
            .start()
            .await
            .unwrap()
    else {
        panic!("expected a double-auth step");
    };
    let answer = DoubleAuthAnswer {
        pin: Some("1234".into()),
        device_name: Some("Premier appareil".into()),
    };
    let LoginStep::Connected(client) = step.answer(answer).await.map_err(|(e, _)| e).unwrap()
    else {
        panic!("expected to be connected");
    };
    let account = client.account().await.unwrap();
    assert_eq!(account.security_mode, Some(DoubleAuthMode::Pin));
    assert!(account.pin_managed);

    // The device named at login is known; another is not until registered.
    assert!(client.is_known_source("Premier appareil").await.unwrap());
    assert!(!client.is_known_source("Ordinateur").await.unwrap());
    assert!(
        client
            .register_source("Ordinateur", Some("1234"))
            .await
            .unwrap()
    );
    assert!(client.is_known_source("Ordinateur").await.unwrap());
    assert!(matches!(
        client.is_known_source(&"x".repeat(31)).await,
        Err(Error::Usage(_))
    ));

    assert!(client.verify_pin("1234").await.unwrap());
    assert!(!client.verify_pin("9999").await.unwrap());
    assert!(
        client
            .set_double_auth_mode(DoubleAuthMode::NotificationOnly)
            .await
            .unwrap()
    );
    s.shutdown().await;
}

/// A one-shot HTTP server answering `reply` to the first request; hands
/// the request's text back.
fn one_shot_server(reply: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/swie/geoloc.php", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).unwrap();
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&request).to_string()
    });
    (url, handle)
}

#[tokio::test]
async fn schools_by_location_nearest_first() {
    let reply = r#"[
        {"url": "HTTPS://0750001A.index-education.net/pronote/", "nomEtab": " LYCEE CHARLEMAGNE ", "lat": "48.8539", "long": "2.3619", "cp": "75004"},
        {"url": "https://0250001b.index-education.net/pronote/", "nomEtab": "COLLEGE VICTOR HUGO", "lat": "47.2380", "long": "6.0240", "cp": "25000"},
        {"url": "https://0390001c.index-education.net/pronote/", "nomEtab": "LYCEE DOLE", "lat": "47.0920", "long": "5.4900", "cp": "39100"},
        {"nomEtab": "NO URL", "lat": "1", "long": "1"}
    ]"#;
    let (url, server) = one_shot_server(reply);
    let transport = HyperTransport::builder().build().unwrap();
    let schools = pronote_api::search_schools(&transport, &url, 47.2378, 6.0241)
        .await
        .unwrap();
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /swie/geoloc.php"), "{request}");
    assert!(
        request.ends_with(r#"data={"nomFonction":"geoLoc","lat":"47.2378","long":"6.0241"}"#),
        "{request}"
    );
    let names: Vec<_> = schools.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["COLLEGE VICTOR HUGO", "LYCEE DOLE", "LYCEE CHARLEMAGNE"]
    );
    assert_eq!(
        schools[2].url,
        "https://0750001a.index-education.net/pronote/"
    );
    assert_eq!(schools[0].postal_code, "25000");
    let distances: Vec<f64> = schools.iter().map(|s| s.distance_km.unwrap()).collect();
    assert!(distances[0] < 0.1, "{distances:?}");
    assert!((distances[1] - 43.5).abs() < 2.0, "{distances:?}");
    assert!((distances[2] - 327.0).abs() < 5.0, "{distances:?}");

    // Nothing nearby.
    let (url, server) = one_shot_server("{}");
    assert!(
        pronote_api::search_schools(&transport, &url, 0.0, 0.0)
            .await
            .unwrap()
            .is_empty()
    );
    server.join().unwrap();
}

#[tokio::test]
async fn returned_work_is_withdrawn() {
    let s = server().await;
    let client = student(&s).await;
    let homework = client
        .homework(date!(2025 - 09 - 01), date!(2026 - 07 - 03))
        .await
        .unwrap();
    let upload = homework
        .iter()
        .find(|h| h.return_kind == Some(ReturnKind::FileUpload))
        .expect("a homework handed in as a file");
    client.remove_returned_work(upload).await.unwrap();
    let paper = homework
        .iter()
        .find(|h| h.return_kind != Some(ReturnKind::FileUpload))
        .unwrap();
    assert!(matches!(
        client.remove_returned_work(paper).await,
        Err(Error::Usage(_))
    ));
    let after = client.homework(upload.due, upload.due).await.unwrap();
    let same = after
        .iter()
        .find(|h| h.description == upload.description && h.subject.name == upload.subject.name)
        .unwrap();
    assert!(same.submitted.is_none());
    s.shutdown().await;
}
