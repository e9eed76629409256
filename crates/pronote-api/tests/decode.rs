//! The typed functions against pronotepy 2.15.7: every reply of the
//! vectors decodes to the values pronotepy parsed, every request carries
//! the fields pronotepy sent, and malformed replies are errors, never
//! panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod vectors;

use pronote_api::function::{Context, Function};
use pronote_api::functions::{GetHomework, GetLessonContents, GetTimetable, SetHomeworkDone};
use pronote_api::models::Instance;
use pronote_api::models::attachment::AttachmentKind;
use pronote_api::models::ids::{LessonContentsId, LessonId};
use pronote_api::models::lesson_content::LessonContents;
use pronote_api::models::timetable::{LessonKind, LessonStatus};
use pronote_proto::crypto::Cipher;
use pronote_proto::urls;
use pronote_proto::value::Id;
use serde_json::{Value, json};
use time::macros::{date, datetime};
use vectors::{HOMEWORK, LESSONS, Vectors, assert_reply_error, assert_superset, reply};

#[test]
fn timetable_reply() {
    let v = Vectors::load();
    let lessons = GetTimetable::week(2)
        .decode(v.reply(LESSONS, "PageEmploiDuTemps"), &v.ctx())
        .unwrap();
    assert_eq!(lessons.len(), 1);
    let lesson = &lessons[0];
    assert_eq!(lesson.id, Id::new("L1#x"));
    assert_eq!(lesson.kind, LessonKind::ClassCouncil); // G 1 in the synthetic reply
    assert_eq!(lesson.order, Some(3));
    assert_eq!(lesson.start, datetime!(2025-09-08 09:00));
    // No `DateDuCoursFin`: ListeHeuresFin[place % PlacesParJour + duree - 1]
    // = ListeHeuresFin[22 % 20 + 1] = 10h00 (PlacesParJour absent: one
    // place per ListeHeures entry). pronotepy computes
    // `place % (len(ListeHeuresFin) - 1)` and gets 10h30; see below.
    assert_eq!(lesson.end, datetime!(2025-09-08 10:00));
    assert_eq!(lesson.week, 2);
    assert_eq!((lesson.place, lesson.slots), (Some(22), Some(2)));
    let subject = lesson.subject.as_ref().unwrap();
    assert_eq!(subject.id, Id::new("S1"));
    assert_eq!(subject.name, "MATHEMATIQUES");
    assert!(!subject.group_subject);
    assert_eq!(lesson.teachers, ["M. PROF"]);
    assert_eq!(lesson.rooms, ["101"]);
    assert_eq!(lesson.groups, ["3A G1"]);
    assert!(lesson.staff.is_empty());
    assert_eq!(lesson.color.as_deref(), Some("#FF0000"));
    assert_eq!(lesson.status, None);
    assert_eq!(lesson.memo, None);
    assert!(!lesson.cancelled && !lesson.exempted && !lesson.detention && !lesson.test);
    assert!(lesson.outing.is_none() && lesson.is_lesson());
    assert!(lesson.visio_links.is_empty());

    // What pronotepy parsed, field by field.
    let parsed = &v.all["endpoint_requests"]["parsed_results"][LESSONS][0];
    assert_eq!(parsed["classrooms"], json!(lesson.rooms));
    assert_eq!(parsed["teacher_names"], json!(lesson.teachers));
    assert_eq!(parsed["group_names"], json!(lesson.groups));
    assert_eq!(parsed["subject"]["name"], json!(subject.name));
    assert_eq!(parsed["num"], json!(lesson.order));
    assert_eq!(parsed["start"], "2025-09-08 09:00:00");
    assert_eq!(parsed["end"], "2025-09-08 10:30:00");
}

#[test]
fn timetable_end_with_pronotepy_places_per_day() {
    // pronotepy assumes ListeHeuresFin has one entry more than the places
    // of a day; with PlacesParJour saying so, both agree on 10h30.
    let v = Vectors::load();
    let mut general = Vectors::response_of(&v.all, "login", "FonctionParametres");
    let ends = general["General"]["ListeHeuresFin"]["V"]
        .as_array()
        .unwrap()
        .len();
    general["General"]["PlacesParJour"] = json!(ends - 1);
    let instance = Instance::from_reply(&general).unwrap();
    let ctx = Context {
        instance: &instance,
        ..v.ctx()
    };
    let lessons = GetTimetable::week(2)
        .decode(v.reply(LESSONS, "PageEmploiDuTemps"), &ctx)
        .unwrap();
    assert_eq!(lessons[0].end, datetime!(2025-09-08 10:30));
}

#[test]
fn timetable_requests() {
    let v = Vectors::load();
    let sent: Vec<Value> = Vectors::calls(&v.all)
        .iter()
        .filter(|c| c["call"] == LESSONS)
        .map(|c| serde_json::from_str::<Value>(c["dataSec_json"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(sent.len(), 2);
    for (week, theirs) in [2, 3].into_iter().zip(&sent) {
        assert_eq!(theirs["Signature"]["onglet"], json!(GetTimetable::TAB));
        let ours = GetTimetable::week(week).data(&v.ctx()).unwrap().unwrap();
        // pronotepy sends the whole resource object it received, as
        // `ressource` and `Ressource`; we send it as PRONOTE's web client
        // writes an element: its `N`, `G`, `L`.
        let mut theirs = theirs["data"].clone();
        for key in ["ressource", "Ressource"] {
            let object = theirs[key].as_object().unwrap().clone();
            assert!(object.len() > 3, "{key}: {object:?}");
            let element = json!({"N": object["N"], "G": object["G"], "L": object["L"]});
            assert_eq!(ours[key], element, "{key}");
            theirs.as_object_mut().unwrap().remove(key);
        }
        let extra = assert_superset(&ours, &theirs);
        // Pawnote's flags, so that detentions and outings come too.
        for key in &extra {
            assert!(
                [
                    "ressource",
                    "Ressource",
                    "avecCoursSortiePeda",
                    "avecRetenuesEleve",
                    "estEDTAnnuel",
                    "avecRessourcesLibrePiedHoraire"
                ]
                .contains(&key.as_str()),
                "{key}"
            );
        }
    }

    let ours_week = GetTimetable::week(2).data(&v.ctx()).unwrap().unwrap();
    let ours = GetTimetable::between(date!(2025 - 09 - 08), date!(2025 - 09 - 16))
        .data(&v.ctx())
        .unwrap()
        .unwrap();
    assert_eq!(ours["dateDebut"], json!({"_T": 7, "V": "8/9/2025 0:0:0"}));
    assert_eq!(ours["DateDebut"], ours["dateDebut"]);
    assert_eq!(ours["dateFin"], json!({"_T": 7, "V": "16/9/2025 23:59:59"}));
    assert_eq!(ours["DateFin"], ours["dateFin"]);
    assert!(ours.get("numeroSemaine").is_none());
    assert_eq!(ours["ressource"], ours_week["ressource"]);
}

#[test]
fn timetable_between_keeps_the_dates_asked() {
    let v = Vectors::load();
    let r = || v.reply(LESSONS, "PageEmploiDuTemps");
    let on = GetTimetable::between(date!(2025 - 09 - 08), date!(2025 - 09 - 08));
    assert_eq!(on.decode(r(), &v.ctx()).unwrap().len(), 1);
    let after = GetTimetable::between(date!(2025 - 09 - 09), date!(2025 - 09 - 16));
    assert!(after.decode(r(), &v.ctx()).unwrap().is_empty());
}

/// A lesson item on Monday of week 2, `from`–`to` in half hours from 8h.
fn wire_lesson(id: &str, place: u32, slots: u32, extra: Value) -> Value {
    let start = 8 * 60 + 30 * place;
    let mut lesson = json!({
        "N": id,
        "G": 0,
        "place": place,
        "duree": slots,
        "DateDuCours": {"_T": 7, "V": format!("08/09/2025 {:02}:{:02}:00", start / 60, start % 60)},
        "ListeContenus": {"_T": 24, "V": [{"N": "S1", "G": 16, "L": "MATHEMATIQUES"}]},
    });
    for (k, val) in extra.as_object().unwrap() {
        lesson[k] = val.clone();
    }
    lesson
}

#[test]
fn superposed_cancelled_lessons_are_hidden() {
    let v = Vectors::load();
    let data = json!({"ListeCours": [
        wire_lesson("cancelled", 2, 2, json!({"estAnnule": true, "Statut": "Prof. absent"})),
        wire_lesson("replacement", 2, 2, json!({"G": 2, "Statut": "Remplaçant"})),
        wire_lesson("cancelled alone", 6, 2, json!({"estAnnule": true, "Statut": "Cours annulé"})),
        wire_lesson("normal", 8, 2, json!({})),
        wire_lesson("cancelled overlapped", 9, 2, json!({"estAnnule": true})),
    ]});
    let lessons = GetTimetable::week(2)
        .decode(reply(data.clone()), &v.ctx())
        .unwrap();
    let ids: Vec<String> = lessons.iter().map(|l| l.id.to_string()).collect();
    assert_eq!(ids, ["replacement", "cancelled alone", "normal"]);
    assert!(lessons[0].is_replacement());
    assert_eq!(lessons[0].kind, LessonKind::Replacement);
    assert_eq!(lessons[1].status_kind(), Some(LessonStatus::Cancelled));

    let all = GetTimetable::week(2)
        .keep_superposed_cancelled(true)
        .decode(reply(data), &v.ctx())
        .unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0].start <= w[1].start));

    // The cancelled lesson and its replacement share a slot, a subject
    // and (no) groups: one identity, two uids. The replacement, which
    // takes place, keeps the plain identity, hidden cancelled or not.
    let by_id = |id: &str| all.iter().find(|l| l.id.to_string() == id).unwrap();
    let (cancelled, replacement) = (by_id("cancelled"), by_id("replacement"));
    assert_eq!(cancelled.identity(), replacement.identity());
    assert_eq!(replacement.uid, replacement.identity());
    assert_eq!(cancelled.uid, format!("{}-2", cancelled.identity()));
    assert_eq!(lessons[0].uid, replacement.uid);
    let uids: std::collections::BTreeSet<&str> = all.iter().map(|l| l.uid.as_str()).collect();
    assert_eq!(uids.len(), all.len());
}

#[test]
fn detentions_outings_and_links() {
    let v = Vectors::load();
    let data = json!({"ListeCours": [
        wire_lesson("detention", 12, 2, json!({
            "estRetenue": true,
            "DateDuCoursFin": {"_T": 7, "V": "08/09/2025 14:45:00"},
            "ListeContenus": {"_T": 24, "V": [
                {"L": "Retenue", "estHoraire": true},
                {"N": "P1", "G": 34, "L": "Mme CPE"},
                {"N": "R1", "G": 17, "L": "Permanence"},
            ]},
        })),
        wire_lesson("outing", 0, 8, json!({
            "estSortiePedagogique": true,
            "motif": "Musée",
            "accompagnateurs": "M. PROF",
            "strGenreRess": "Classe",
            "strRess": "3A",
            "ListeContenus": {"_T": 24, "V": [{"L": "Sortie pédagogique", "estHoraire": true}]},
        })),
        wire_lesson("visio", 16, 2, json!({
            "dispenseEleve": true,
            "memo": "Apporter la calculatrice",
            "Statut": "Changement de salle",
            "listeVisios": {"_T": 24, "V": [{"url": "https://visio.example/a", "libelleLien": "Classe virtuelle"}]},
            "AvecCdT": true,
            "cahierDeTextes": {"_T": 24, "V": {"N": "CDT9", "estDevoir": true}},
            "ListeContenus": {"_T": 24, "V": [
                {"N": "S1", "G": 16, "L": "MATHEMATIQUES", "estServiceGroupe": true},
                {"N": "T1", "G": 3, "L": "M. PROF"},
                {"N": "T2", "G": 3, "L": "Mme AIDE"},
                {"N": "X", "L": "no kind"},
                {"N": "S2", "G": 17, "L": "102"},
            ]},
        })),
    ]});
    let lessons = GetTimetable::week(2).decode(reply(data), &v.ctx()).unwrap();
    let [outing, detention, visio] = lessons.as_slice() else {
        panic!("three items: {lessons:?}");
    };
    let details = outing.outing.as_ref().unwrap();
    assert_eq!(details.reason.as_deref(), Some("Musée"));
    assert_eq!(details.resource.as_deref(), Some("3A"));
    assert_eq!(outing.title.as_deref(), Some("Sortie pédagogique"));
    assert_eq!(outing.end, datetime!(2025-09-08 12:00));
    assert!(!outing.is_lesson());

    assert!(detention.detention && !detention.is_lesson());
    assert_eq!(detention.title.as_deref(), Some("Retenue"));
    assert_eq!(detention.staff, ["Mme CPE"]);
    assert_eq!(detention.rooms, ["Permanence"]);
    assert_eq!(detention.end, datetime!(2025-09-08 14:45));
    assert!(detention.subject.is_none());

    assert!(visio.exempted && visio.test && visio.is_room_change());
    assert!(visio.subject.as_ref().unwrap().group_subject);
    assert_eq!(visio.teachers, ["M. PROF", "Mme AIDE"]);
    assert_eq!(visio.rooms, ["102"]);
    assert_eq!(visio.memo.as_deref(), Some("Apporter la calculatrice"));
    assert_eq!(visio.visio_links[0].url, "https://visio.example/a");
    assert_eq!(
        visio.visio_links[0].label.as_deref(),
        Some("Classe virtuelle")
    );
    assert_eq!(visio.lesson_content_id, Some(LessonContentsId::new("CDT9")));
}

#[test]
fn homework_reply_and_request() {
    let v = Vectors::load();
    let request = GetHomework::between(date!(2025 - 09 - 01), date!(2025 - 09 - 30));
    let ours = request.data(&v.ctx()).unwrap().unwrap();
    assert_eq!(ours, v.sent(HOMEWORK, "PageCahierDeTexte"));
    assert_eq!(GetHomework::TAB, Some(88));

    let homework = request
        .decode(v.reply(HOMEWORK, "PageCahierDeTexte"), &v.ctx())
        .unwrap();
    assert_eq!(homework.len(), 1);
    let hw = &homework[0];
    let parsed = &v.all["endpoint_requests"]["parsed_results"][HOMEWORK][0];
    assert_eq!(hw.id, Id::new("H1"));
    assert_eq!(hw.subject.name, "MATHEMATIQUES");
    assert_eq!(hw.subject.id, Id::new("S1"));
    assert_eq!(hw.description.as_str(), "<div>Exercice 3 p.&nbsp;12</div>");
    assert_eq!(json!(hw.description_text), parsed["description"]);
    assert_eq!(hw.due, date!(2025 - 09 - 10));
    assert_eq!(hw.given, None);
    assert!(!hw.done);
    assert_eq!(hw.color.as_deref(), Some("#00FF00"));
    assert_eq!(hw.difficulty, None);
    assert_eq!(hw.return_kind, None);
    assert_eq!(hw.attachments.len(), 1);
    let file = &hw.attachments[0];
    assert_eq!(file.id, Id::new("45#Xy_Z"));
    assert_eq!(file.name, "fiche.pdf");
    assert_eq!(file.kind, AttachmentKind::File);
    assert_eq!(file.link, None);

    // The download URL: same layout, name and session as pronotepy's; the
    // key decrypts to the same id (pronotepy pads twice).
    // The simulated session ended with the key of the CrA/CoA transcript.
    let a = &v.all["attachment_url"];
    let session = &v.all["transcripts"]["userpass_CrA_CoA"];
    let cipher: Cipher = serde_json::from_value(
        json!({"key": session["final_session_key"], "iv": session["final_iv"]}),
    )
    .unwrap();
    let h: u64 = a["h"].as_str().unwrap().parse().unwrap();
    let ours = file
        .url(a["root_site"].as_str().unwrap(), h, &cipher)
        .unwrap();
    let theirs = v.all["endpoint_requests"]["parsed_results"]["homework_files"][0]
        .as_str()
        .unwrap();
    let split = |url: &str| -> (String, String, String) {
        let (prefix, rest) = url.split_at(url.find("FichiersExternes/").unwrap() + 17);
        let (key, tail) = rest.split_once('/').unwrap();
        (prefix.into(), key.into(), tail.into())
    };
    let (our_prefix, our_key, our_tail) = split(&ours);
    let (their_prefix, their_key, their_tail) = split(theirs);
    assert_eq!(our_prefix, their_prefix);
    assert_eq!(our_tail, their_tail);
    assert_eq!(
        urls::decode_attachment_key(&our_key, &cipher).unwrap(),
        "45#Xy_Z"
    );
    assert_eq!(
        urls::decode_attachment_key(&their_key, &cipher).unwrap(),
        "45#Xy_Z"
    );
}

#[test]
fn homework_is_filtered_by_due_date() {
    let v = Vectors::load();
    let later = GetHomework::between(date!(2025 - 09 - 11), date!(2025 - 09 - 30));
    assert!(
        later
            .decode(v.reply(HOMEWORK, "PageCahierDeTexte"), &v.ctx())
            .unwrap()
            .is_empty()
    );
    // Weeks before the first Monday are clamped to week 1.
    let early = GetHomework::between(date!(2025 - 08 - 20), date!(2025 - 09 - 02));
    assert_eq!(
        early.data(&v.ctx()).unwrap().unwrap()["domaine"]["V"],
        "[1..1]"
    );
}

#[test]
fn homework_details() {
    let v = Vectors::load();
    let data = json!({"ListeTravauxAFaire": {"_T": 24, "V": [{
        "N": "H2",
        "descriptif": {"_T": 21, "V": "<p>Lire <b>le chapitre</b></p>"},
        "TAFFait": true,
        "Matiere": {"_T": 24, "V": {"N": "S3", "L": "FRANCAIS", "G": 16}},
        "DonneLe": {"_T": 7, "V": "08/09/2025"},
        "PourLe": {"_T": 7, "V": "12/09/2025"},
        "niveauDifficulte": 3,
        "duree": 45,
        "genreRendu": 2,
        "peuRendre": true,
        "documentRendu": {"_T": 24, "V": {"N": "F9", "G": 1, "L": "copie.pdf"}},
        "ListeThemes": {"_T": 24, "V": [{"N": "TH1", "L": "Lecture", "Matiere": {"V": {"N": "S3", "L": "FRANCAIS"}}}]},
        "cahierDeTextes": {"_T": 24, "V": {"N": "CDT2"}},
        "ListePieceJointe": {"_T": 24, "V": [
            {"N": "46#Ab", "G": 0, "L": "https://example.org/a"},
            {"N": "47#Cd", "G": 0, "L": "Lien", "url": "https://example.org/b"},
            {"N": "48#Ef", "G": 7, "L": "odd"},
        ]},
    }]}});
    let hw = GetHomework::between(date!(2025 - 09 - 01), date!(2025 - 09 - 30))
        .decode(reply(data), &v.ctx())
        .unwrap()
        .remove(0);
    use pronote_api::models::homework::{Difficulty, ReturnKind};
    assert!(hw.done && hw.can_upload);
    assert_eq!(hw.description_text, "Lire le chapitre");
    assert_eq!(hw.given, Some(date!(2025 - 09 - 08)));
    assert_eq!(hw.difficulty, Some(Difficulty::Hard));
    assert_eq!(hw.duration_minutes, Some(45));
    assert_eq!(hw.return_kind, Some(ReturnKind::FileUpload));
    assert_eq!(hw.submitted.as_ref().unwrap().name, "copie.pdf");
    assert_eq!(hw.themes, ["Lecture"]);
    assert_eq!(hw.lesson_content_id, Some(LessonContentsId::new("CDT2")));
    let links: Vec<_> = hw.attachments.iter().map(|a| a.link.clone()).collect();
    assert_eq!(
        links,
        [
            Some("https://example.org/a".into()),
            Some("https://example.org/b".into()),
            None
        ]
    );
    assert_eq!(hw.attachments[2].kind, AttachmentKind::Unknown(7));
    let cipher = Cipher::initial();
    assert_eq!(
        hw.attachments[1]
            .url("https://x/pronote", 1, &cipher)
            .as_deref(),
        Some("https://example.org/b")
    );
}

#[test]
fn set_done_request() {
    let v = Vectors::load();
    let homework = GetHomework::between(date!(2025 - 09 - 01), date!(2025 - 09 - 30))
        .decode(v.reply(HOMEWORK, "PageCahierDeTexte"), &v.ctx())
        .unwrap();
    let request = SetHomeworkDone::new(&homework[0], true);
    let ours = request.data(&v.ctx()).unwrap().unwrap();
    let theirs = v.sent("Homework.set_done(True)", "SaisieTAFFaitEleve");
    let extra = assert_superset(&ours["listeTAF"][0], &theirs["listeTAF"][0]);
    assert_eq!(extra, ["E"]);
    assert_eq!(ours["listeTAF"][0]["E"], 2);
    assert_eq!(ours["listeTAF"].as_array().unwrap().len(), 1);
    assert_eq!(
        (SetHomeworkDone::NAME, SetHomeworkDone::TAB),
        ("SaisieTAFFaitEleve", Some(88))
    );
    assert_eq!(
        SetHomeworkDone::KIND,
        pronote_api::function::CallKind::Write
    );
    request
        .decode(
            v.reply("Homework.set_done(True)", "SaisieTAFFaitEleve"),
            &v.ctx(),
        )
        .unwrap();
}

#[test]
fn lesson_contents_reply_and_request() {
    let v = Vectors::load();
    let request = GetLessonContents::between(date!(2025 - 09 - 08), date!(2025 - 09 - 08));
    assert_eq!(
        request.data(&v.ctx()).unwrap().unwrap(),
        v.sent("Lesson.content", "PageCahierDeTexte")
    );
    assert_eq!(GetLessonContents::TAB, Some(89));
    let entries = request
        .decode(v.reply("Lesson.content", "PageCahierDeTexte"), &v.ctx())
        .unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.id, Id::new("CDT1"));
    assert_eq!(entry.lesson_id, Some(LessonId::new("L1#x")));
    let content = &entry.contents[0];
    let parsed = &v.all["endpoint_requests"]["parsed_results"]["Lesson.content"];
    assert_eq!(json!(content.title), parsed["title"]);
    assert_eq!(json!(content.description_text), parsed["description"]);
    assert_eq!(
        json!(content.category.as_ref().unwrap().label),
        parsed["category"]
    );
    assert_eq!(content.category.as_ref().unwrap().kind, None);
    assert_eq!(
        content.description.as_ref().map(|h| h.as_str()),
        Some("<p>Intro</p>")
    );
    assert!(content.attachments.is_empty());

    // Matched with the timetable's lesson.
    let lessons = GetTimetable::week(2)
        .decode(v.reply(LESSONS, "PageEmploiDuTemps"), &v.ctx())
        .unwrap();
    let found = LessonContents::find_for(&entries, &lessons[0]).unwrap();
    assert_eq!(found.id, entry.id);
}

#[test]
fn lesson_contents_with_dates() {
    let v = Vectors::load();
    let data = json!({"ListeCahierDeTextes": {"_T": 24, "V": [
        {
            "N": "CDT1",
            "Date": {"_T": 7, "V": "08/09/2025 09:00:00"},
            "DateFin": {"_T": 7, "V": "08/09/2025 10:00:00"},
            "Matiere": {"_T": 24, "V": {"N": "S1", "L": "MATHEMATIQUES"}},
            "listeProfesseurs": {"_T": 24, "V": [{"N": "T1", "L": "M. PROF"}]},
            "listeGroupes": {"_T": 24, "V": [{"N": "G1", "L": "3A"}]},
            "dateTAF": {"_T": 7, "V": "10/09/2025"},
            "listeContenus": {"_T": 24, "V": [{
                "N": "CO1",
                "L": "Fractions",
                "descriptif": {"_T": 21, "V": ""},
                "categorie": {"_T": 24, "V": {"N": "CA3", "G": 3, "L": "Devoir sur table"}},
                "ListePieceJointe": {"_T": 24, "V": [{"N": "F1", "G": 1, "L": "sujet.pdf"}]},
                "ListeThemes": {"_T": 24, "V": []},
            }]},
        },
        {"N": "CDT2", "Date": {"_T": 7, "V": "09/09/2025 09:00:00"}, "listeContenus": {"V": []}},
    ]}});
    use pronote_api::models::lesson_content::CategoryKind;
    let entries = GetLessonContents::between(date!(2025 - 09 - 08), date!(2025 - 09 - 08))
        .decode(reply(data), &v.ctx())
        .unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.start, Some(datetime!(2025-09-08 09:00)));
    assert_eq!(entry.end, Some(datetime!(2025-09-08 10:00)));
    assert_eq!(entry.subject.as_ref().unwrap().name, "MATHEMATIQUES");
    assert_eq!(entry.teachers, ["M. PROF"]);
    assert_eq!(entry.groups, ["3A"]);
    assert_eq!(entry.homework_due, Some(date!(2025 - 09 - 10)));
    let content = &entry.contents[0];
    assert_eq!(
        content.category.as_ref().unwrap().kind,
        Some(CategoryKind::WrittenTest)
    );
    assert_eq!(content.description_text.as_deref(), Some(""));
    assert_eq!(content.attachments[0].name, "sujet.pdf");
}

#[test]
fn malformed_timetable_replies_are_errors() {
    let v = Vectors::load();
    let ctx = v.ctx();
    let decode = |data: Value| GetTimetable::week(2).decode(reply(data), &ctx);
    let good = || wire_lesson("L", 2, 2, json!({}));
    assert_reply_error(decode(json!({})), "PageEmploiDuTemps");
    assert_reply_error(decode(json!({"ListeCours": 3})), "PageEmploiDuTemps");
    assert_reply_error(decode(Value::Null), "PageEmploiDuTemps");
    let mut no_id = good();
    no_id.as_object_mut().unwrap().remove("N");
    assert_reply_error(decode(json!({"ListeCours": [no_id]})), "PageEmploiDuTemps");
    let mut no_start = good();
    no_start.as_object_mut().unwrap().remove("DateDuCours");
    assert_reply_error(
        decode(json!({"ListeCours": [no_start]})),
        "PageEmploiDuTemps",
    );
    let mut bad_start = good();
    bad_start["DateDuCours"] = json!({"_T": 7, "V": "2025-09-08"});
    assert_reply_error(
        decode(json!({"ListeCours": [bad_start]})),
        "PageEmploiDuTemps",
    );
    let mut no_end = good();
    no_end.as_object_mut().unwrap().remove("duree");
    assert_reply_error(decode(json!({"ListeCours": [no_end]})), "PageEmploiDuTemps");
    let mut off_grid = good();
    off_grid["duree"] = json!(40);
    assert_reply_error(
        decode(json!({"ListeCours": [off_grid]})),
        "PageEmploiDuTemps",
    );
    let mut bad_subject = good();
    bad_subject["ListeContenus"] = json!({"V": [{"G": 16, "L": "MATHS"}]});
    assert_reply_error(
        decode(json!({"ListeCours": [bad_subject]})),
        "PageEmploiDuTemps",
    );
    let mut bad_visio = good();
    bad_visio["listeVisios"] = json!({"V": [{"libelleLien": "x"}]});
    assert_reply_error(
        decode(json!({"ListeCours": [bad_visio]})),
        "PageEmploiDuTemps",
    );
    // Not a list item: still no panic.
    assert_reply_error(decode(json!({"ListeCours": [3, "x"]})), "PageEmploiDuTemps");
}
