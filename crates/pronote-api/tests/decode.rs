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

use pronote_api::Error;
use pronote_api::function::{Context, Function};
use pronote_api::functions::{
    GetEvaluations, GetGrades, GetHomework, GetLessonContents, GetTimetable, SetHomeworkDone,
};
use pronote_api::models::attachment::AttachmentKind;
use pronote_api::models::grades::GradeValue;
use pronote_api::models::ids::{LessonContentsId, LessonId};
use pronote_api::models::lesson_content::LessonContents;
use pronote_api::models::timetable::{LessonKind, LessonStatus};
use pronote_api::models::{Instance, User};
use pronote_proto::Reply;
use pronote_proto::crypto::Cipher;
use pronote_proto::urls;
use pronote_proto::value::{Decimal, Id};
use serde_json::{Value, json};
use time::macros::{date, datetime};

const VECTORS: &str = include_str!("../../pronote-proto/tests/data/pronotepy-2.15.7-vectors.json");

struct Vectors {
    all: Value,
    instance: Instance,
    user: User,
}

impl Vectors {
    fn load() -> Self {
        let all: Value = serde_json::from_str(VECTORS).unwrap();
        let instance =
            Instance::from_reply(&Self::response_of(&all, "login", "FonctionParametres")).unwrap();
        let user = User::from_reply(
            &Self::response_of(&all, "login", "ParametresUtilisateur"),
            3,
        )
        .unwrap();
        Vectors {
            all,
            instance,
            user,
        }
    }

    fn calls(all: &Value) -> &[Value] {
        all["endpoint_requests"]["calls"].as_array().unwrap()
    }

    fn call_of<'a>(all: &'a Value, call: &str, function: &str) -> &'a Value {
        Self::calls(all)
            .iter()
            .find(|c| c["call"] == call && c["function"] == function)
            .unwrap_or_else(|| panic!("no vector for {call} / {function}"))
    }

    fn response_of(all: &Value, call: &str, function: &str) -> Value {
        Self::call_of(all, call, function)["response_dataSec_decoded"]["data"].clone()
    }

    /// The reply pronotepy received.
    fn reply(&self, call: &str, function: &str) -> Reply {
        Reply {
            data: Self::response_of(&self.all, call, function),
            ..Reply::default()
        }
    }

    /// The `data` pronotepy sent.
    fn sent(&self, call: &str, function: &str) -> Value {
        let text = Self::call_of(&self.all, call, function)["dataSec_json"]
            .as_str()
            .unwrap();
        let sent: Value = serde_json::from_str(text).unwrap();
        sent["data"].clone()
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            instance: &self.instance,
            user: &self.user,
            student: self.user.student(None),
        }
    }
}

/// Every field pronotepy sent is in ours, with the same value; returns
/// the fields we add.
fn assert_superset(ours: &Value, theirs: &Value) -> Vec<String> {
    let (ours, theirs) = (ours.as_object().unwrap(), theirs.as_object().unwrap());
    for (key, value) in theirs {
        assert_eq!(ours.get(key), Some(value), "field {key}");
    }
    ours.keys()
        .filter(|k| !theirs.contains_key(*k))
        .cloned()
        .collect()
}

fn reply(data: Value) -> Reply {
    Reply {
        data,
        ..Reply::default()
    }
}

fn assert_reply_error<T: std::fmt::Debug>(result: pronote_api::Result<T>, function: &str) {
    match result {
        Err(Error::Reply { function: f, .. }) => assert_eq!(f, function),
        other => panic!("expected a reply error from {function}, got {other:?}"),
    }
}

const LESSONS: &str = "Client.lessons(date(2025,9,8), date(2025,9,16))";

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

const HOMEWORK: &str = "Client.homework(date(2025,9,1), date(2025,9,30))";

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
fn grades_reply_and_request() {
    let v = Vectors::load();
    let request = GetGrades::new("Trimestre 1");
    let ours = request.data(&v.ctx()).unwrap().unwrap();
    let theirs = v.sent("Period.grades", "DernieresNotes");
    let extra = assert_superset(&ours["Periode"], &theirs["Periode"]);
    assert_eq!(extra, ["G"]);
    assert_eq!(ours["Periode"]["G"], 2);
    assert_eq!(GetGrades::TAB, Some(198));

    let overview = request
        .decode(v.reply("Period.grades", "DernieresNotes"), &v.ctx())
        .unwrap();
    let d = |text: &str| Decimal::parse(text).unwrap();
    let g = |text: &str| GradeValue::parse(text).unwrap();
    assert_eq!(overview.period, "Trimestre 1");
    assert_eq!(overview.overall_average, Some(g("14,20")));
    assert_eq!(overview.class_overall_average, Some(g("12,00")));

    let [grade] = overview.grades.as_slice() else {
        panic!("one grade");
    };
    assert_eq!(grade.id, Id::new("D1"));
    assert_eq!(grade.value, GradeValue::Value(d("15,5")));
    assert_eq!(grade.value.as_f64(), Some(15.5));
    assert_eq!(grade.out_of, g("20"));
    assert_eq!(grade.default_out_of, Some(g("20")));
    assert_eq!(grade.coefficient, Some(d("2")));
    assert_eq!(grade.class_average, Some(g("11,2")));
    assert_eq!(grade.max, Some(g("19")));
    assert_eq!(grade.min, Some(GradeValue::Absent));
    assert_eq!(grade.comment.as_deref(), Some("Controle"));
    assert_eq!(grade.date, date!(2025 - 10 - 15));
    assert_eq!(grade.subject.name, "MATHEMATIQUES");
    assert_eq!(grade.period.as_deref(), Some("Trimestre 1"));
    assert!(!grade.bonus && !grade.optional && !grade.out_of_20);

    let parsed = &v.all["endpoint_requests"]["parsed_results"]["Period.grades"][0];
    assert_eq!(parsed["grade"], json!(grade.value.to_string()));
    assert_eq!(parsed["out_of"], json!(grade.out_of.to_string()));
    assert_eq!(
        parsed["coefficient"],
        json!(grade.coefficient.unwrap().to_string())
    );
    assert_eq!(parsed["min"], "Absent");

    let [average] = overview.averages.as_slice() else {
        panic!("one average");
    };
    assert_eq!(average.subject.name, "MATHEMATIQUES");
    assert_eq!(average.student, Some(g("14,20")));
    assert_eq!(average.out_of, Some(g("20")));
    assert_eq!(average.default_out_of, Some(g("20")));
    assert_eq!(average.class_average, Some(g("11,00")));
    assert_eq!(average.min, Some(g("5,00")));
    assert_eq!(average.max, Some(g("18,00")));
    assert_eq!(average.color.as_deref(), Some("#FF0000"));
    let parsed = &v.all["endpoint_requests"]["parsed_results"]["Period.averages"][0];
    assert_eq!(
        parsed["student"],
        json!(average.student.unwrap().to_string())
    );
    assert_eq!(parsed["background_color"], json!(average.color));
}

#[test]
fn special_grades_stay_distinct() {
    let v = Vectors::load();
    let mut data = Vectors::response_of(&v.all, "Period.grades", "DernieresNotes");
    let item = &mut data["listeDevoirs"]["V"][0];
    item["note"] = json!({"_T": 10, "V": "|2"});
    item["coefficient"] = json!(0.5);
    item["estBonus"] = json!(true);
    item["estFacultatif"] = json!(true);
    item["periode"] = json!({"_T": 24, "V": {"N": "P2"}});
    data["moyGenerale"] = json!({"_T": 10, "V": "|3"});
    let overview = GetGrades::new("Trimestre 1")
        .decode(reply(data), &v.ctx())
        .unwrap();
    let grade = &overview.grades[0];
    assert_eq!(grade.value, GradeValue::Exempted);
    assert_eq!(grade.value.as_f64(), None);
    assert_eq!(grade.coefficient, Decimal::new(5, 1));
    assert!(grade.bonus && !grade.optional);
    // The period named from this session's periods by id.
    assert_eq!(grade.period.as_deref(), Some("Trimestre 2"));
    assert_eq!(overview.overall_average, Some(GradeValue::NotGraded));
}

#[test]
fn evaluations_reply_and_request() {
    let v = Vectors::load();
    let request = GetEvaluations::new("Trimestre 1");
    assert_eq!(
        request.data(&v.ctx()).unwrap().unwrap(),
        v.sent("Period.evaluations", "DernieresEvaluations")
    );
    assert_eq!(GetEvaluations::TAB, Some(201));
    let evaluations = request
        .decode(
            v.reply("Period.evaluations", "DernieresEvaluations"),
            &v.ctx(),
        )
        .unwrap();
    let [evaluation] = evaluations.as_slice() else {
        panic!("one evaluation");
    };
    assert_eq!(evaluation.id, Id::new("EV1"));
    assert_eq!(evaluation.name, "Evaluation 1");
    assert_eq!(evaluation.date, date!(2025 - 09 - 12));
    assert_eq!(evaluation.subject.name, "MATHEMATIQUES");
    assert_eq!(evaluation.teacher.as_deref(), Some("M. PROF"));
    assert_eq!(evaluation.coefficient, Some(Decimal::from_integer(1)));
    assert_eq!(evaluation.description, None);
    assert_eq!(evaluation.levels, ["Palier 1"]);
    assert_eq!(evaluation.domain, None);
    let [skill] = evaluation.acquisitions.as_slice() else {
        panic!("one acquisition");
    };
    let parsed =
        &v.all["endpoint_requests"]["parsed_results"]["Period.evaluations"][0]["acquisitions"][0];
    assert_eq!(skill.id, Id::new("NA1"));
    assert_eq!(json!(skill.level), parsed["level"]);
    assert_eq!(json!(skill.abbreviation), parsed["abbreviation"]);
    assert_eq!(skill.order, Some(1));
    assert_eq!(skill.coefficient, Some(Decimal::from_integer(1)));
    let domain = skill.domain.as_ref().unwrap();
    assert_eq!(
        (domain.id.clone(), domain.name.as_str()),
        (Some(Id::new("DO1")), "Domaine 1")
    );
    assert_eq!(json!(skill.item.as_ref().unwrap().name), parsed["name"]);
    let pillar = skill.pillar.as_ref().unwrap();
    assert_eq!(json!(pillar.name), parsed["pillar"]);
    assert_eq!(pillar.prefixes, ["D1"]);
}

#[test]
fn acquisitions_are_sorted_by_order() {
    let v = Vectors::load();
    let mut data = Vectors::response_of(&v.all, "Period.evaluations", "DernieresEvaluations");
    let first = data["listeEvaluations"]["V"][0]["listeNiveauxDAcquisitions"]["V"][0].clone();
    let mut second = first.clone();
    second["N"] = json!("NA0");
    second["ordre"] = json!(0);
    second["pilier"] =
        json!({"_T": 24, "V": {"N": "PI2", "L": "Pilier 2", "strPrefixes": "D2, D3"}});
    let mut third = first.clone();
    third["N"] = json!("NAX");
    third.as_object_mut().unwrap().remove("ordre");
    data["listeEvaluations"]["V"][0]["listeNiveauxDAcquisitions"]["V"] =
        json!([third, first, second]);
    let evaluations = GetEvaluations::new("Trimestre 1")
        .decode(reply(data), &v.ctx())
        .unwrap();
    let order: Vec<String> = evaluations[0]
        .acquisitions
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(order, ["NA0", "NA1", "NAX"]);
    assert_eq!(
        evaluations[0].acquisitions[0]
            .pillar
            .as_ref()
            .unwrap()
            .prefixes,
        ["D2", "D3"]
    );
}

#[test]
fn unknown_period_and_missing_student() {
    let v = Vectors::load();
    assert!(matches!(
        GetGrades::new("Semestre 9").data(&v.ctx()),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        GetEvaluations::new("Semestre 9").data(&v.ctx()),
        Err(Error::NotFound(_))
    ));
    let ctx = Context {
        student: None,
        ..v.ctx()
    };
    assert!(matches!(
        GetTimetable::week(2).data(&ctx),
        Err(Error::NotFound(_))
    ));
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

#[test]
fn malformed_notebook_replies_are_errors() {
    let v = Vectors::load();
    let ctx = v.ctx();
    let homework = |data: Value| {
        GetHomework::between(date!(2025 - 09 - 01), date!(2025 - 09 - 30)).decode(reply(data), &ctx)
    };
    let good = || Vectors::response_of(&v.all, HOMEWORK, "PageCahierDeTexte");
    assert_reply_error(homework(json!({})), "PageCahierDeTexte");
    for (key, value) in [
        ("PourLe", Value::Null),
        ("PourLe", json!({"_T": 7, "V": 12})),
        ("Matiere", json!({"V": {"L": "MATHS"}})),
        ("descriptif", json!({"_T": 21, "V": ["x"]})),
        ("N", Value::Null),
        (
            "ListePieceJointe",
            json!({"V": [{"N": "F1", "L": "no kind"}]}),
        ),
        ("ListePieceJointe", json!({"V": [{"G": 1, "L": "no id"}]})),
    ] {
        let mut data = good();
        data["ListeTravauxAFaire"]["V"][0][key] = value;
        assert_reply_error(homework(data), "PageCahierDeTexte");
    }
    let mut data = good();
    data["ListeTravauxAFaire"]["V"][0]
        .as_object_mut()
        .unwrap()
        .remove("descriptif");
    assert_reply_error(homework(data), "PageCahierDeTexte");

    let contents = |data: Value| {
        GetLessonContents::between(date!(2025 - 09 - 08), date!(2025 - 09 - 08))
            .decode(reply(data), &ctx)
    };
    assert_reply_error(
        contents(json!({"ListeCahierDeTextes": {}})),
        "PageCahierDeTexte",
    );
    assert_reply_error(
        contents(json!({"ListeCahierDeTextes": [{"Date": {"V": "08/09/2025"}}]})),
        "PageCahierDeTexte",
    );
    assert_reply_error(
        contents(json!({"ListeCahierDeTextes": [{"N": "C", "Date": {"V": "soon"}}]})),
        "PageCahierDeTexte",
    );
}

#[test]
fn malformed_grade_replies_are_errors() {
    let v = Vectors::load();
    let ctx = v.ctx();
    let grades = |data: Value| GetGrades::new("Trimestre 1").decode(reply(data), &ctx);
    let good = || Vectors::response_of(&v.all, "Period.grades", "DernieresNotes");
    for missing in ["listeDevoirs", "listeServices"] {
        let mut data = good();
        data.as_object_mut().unwrap().remove(missing);
        assert_reply_error(grades(data), "DernieresNotes");
    }
    for (key, value) in [
        ("note", Value::Null),
        ("note", json!({"_T": 10, "V": "Abs"})),
        ("bareme", json!(true)),
        ("noteMin", json!({"_T": 10, "V": "?"})),
        ("coefficient", json!("deux")),
        ("date", json!({"_T": 7, "V": "32/13/2025"})),
        ("service", json!({"V": {"N": "S1"}})),
    ] {
        let mut data = good();
        data["listeDevoirs"]["V"][0][key] = value;
        assert_reply_error(grades(data), "DernieresNotes");
    }
    let mut data = good();
    data["listeServices"]["V"][0]["moyEleve"] = json!({"V": {}});
    assert_reply_error(grades(data), "DernieresNotes");

    let evaluations = |data: Value| GetEvaluations::new("Trimestre 1").decode(reply(data), &ctx);
    let good = || Vectors::response_of(&v.all, "Period.evaluations", "DernieresEvaluations");
    assert_reply_error(evaluations(json!({})), "DernieresEvaluations");
    for key in ["N", "L", "date", "matiere"] {
        let mut data = good();
        data["listeEvaluations"]["V"][0]
            .as_object_mut()
            .unwrap()
            .remove(key);
        assert_reply_error(evaluations(data), "DernieresEvaluations");
    }
    let mut data = good();
    data["listeEvaluations"]["V"][0]["listeNiveauxDAcquisitions"]["V"][0]
        .as_object_mut()
        .unwrap()
        .remove("L");
    assert_reply_error(evaluations(data), "DernieresEvaluations");
}

/// The endpoints end to end against `pronote-server`: every reply of the
/// simulated instance decodes, a homework read before a re-login is still
/// marked done, and a file attachment's URL downloads.
#[cfg(feature = "client")]
#[tokio::test]
async fn endpoints_against_the_simulated_server() {
    use std::io::{Read, Write};

    let server = pronote_server::Server::builder()
        .version("2025.2.6")
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap();
    let page = format!("{}eleve.html", server.url());
    let client = pronote_api::LoginBuilder::password(page, "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let instance = client.instance().await;
    let monday = instance.monday_of(3).unwrap();
    let friday = monday.saturating_add(time::Duration::days(4));

    let week = client.timetable_week(3).await.unwrap();
    assert_eq!(week.len(), 30, "lessons of week 3");
    assert!(week.iter().all(|l| l.week == 3 && l.start < l.end));
    let days = client.timetable(monday, friday).await.unwrap();
    assert_eq!(days.len(), week.len());

    let contents = client.lesson_contents(monday, friday).await.unwrap();
    assert_eq!(contents.len(), 20, "lesson contents of week 3");
    assert_eq!(
        week.iter()
            .filter(|l| LessonContents::find_for(&contents, l).is_some())
            .count(),
        20,
        "lessons of week 3 with their contents"
    );

    for period in &instance.periods {
        let overview = client.grades(&period.name).await.unwrap();
        assert_eq!(overview.period, period.name);
        client.evaluations(&period.name).await.unwrap();
    }
    assert!(matches!(
        client.grades("Semestre 9").await,
        Err(Error::NotFound(_))
    ));

    // Marked done with an id of an earlier session: looked up again.
    let later = monday.saturating_add(time::Duration::days(60));
    let homework = client.homework(monday, later).await.unwrap();
    let todo = homework.iter().find(|h| !h.done).unwrap().clone();
    server.expire_sessions();
    client.homework(todo.due, todo.due).await.unwrap(); // logs in again
    assert!(matches!(
        client.fetch(&SetHomeworkDone::new(&todo, true)).await,
        Err(e) if e.needs_new_session()
    ));
    client.set_homework_done(&todo, true).await.unwrap();
    let again = client.homework(todo.due, todo.due).await.unwrap();
    let same = again
        .iter()
        .find(|h| h.description == todo.description && h.subject.name == todo.subject.name)
        .unwrap();
    assert!(same.done);

    // A file's URL downloads in this session.
    let file = homework
        .iter()
        .flat_map(|h| &h.attachments)
        .find(|a| a.is_file())
        .unwrap();
    let refreshed = client.homework(monday, later).await.unwrap();
    let file = refreshed
        .iter()
        .flat_map(|h| &h.attachments)
        .find(|a| a.is_file() && a.name == file.name)
        .unwrap();
    let url = client.attachment_url(file).await.unwrap();
    let (host, path) = url
        .strip_prefix("http://")
        .unwrap()
        .split_once('/')
        .unwrap();
    let (host, path) = (host.to_owned(), path.to_owned());
    let head = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer[..answer.len().min(20)]).into_owned()
    })
    .await
    .unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

#[test]
fn models_round_trip_through_serde() {
    let v = Vectors::load();
    let lessons = GetTimetable::week(2)
        .decode(v.reply(LESSONS, "PageEmploiDuTemps"), &v.ctx())
        .unwrap();
    let text = serde_json::to_string(&lessons).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<pronote_api::models::Lesson>>(&text).unwrap(),
        lessons
    );
    let homework = GetHomework::between(date!(2025 - 09 - 01), date!(2025 - 09 - 30))
        .decode(v.reply(HOMEWORK, "PageCahierDeTexte"), &v.ctx())
        .unwrap();
    let text = serde_json::to_string(&homework).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<pronote_api::models::Homework>>(&text).unwrap(),
        homework
    );
    let grades = GetGrades::new("Trimestre 1")
        .decode(v.reply("Period.grades", "DernieresNotes"), &v.ctx())
        .unwrap();
    // Marks are JSON numbers: "15,50" is written 15.5 and reads back as
    // "15,5", equal in value but not in spelling (`Decimal`'s equality is
    // by spelling). What must hold: the JSON reads back to a model that
    // writes the same JSON, and no mark was rounded on the way.
    let text = serde_json::to_string(&grades).unwrap();
    let back = serde_json::from_str::<pronote_api::models::GradesOverview>(&text).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
    assert_eq!(back.grades.len(), grades.grades.len());
    for (read, original) in back.grades.iter().zip(&grades.grades) {
        assert_eq!(read.value.as_f64(), original.value.as_f64(), "{text}");
        assert_eq!(read.id, original.id);
    }
    let evaluations = GetEvaluations::new("Trimestre 1")
        .decode(
            v.reply("Period.evaluations", "DernieresEvaluations"),
            &v.ctx(),
        )
        .unwrap();
    let text = serde_json::to_string(&evaluations).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<pronote_api::models::Evaluation>>(&text).unwrap(),
        evaluations
    );
    let contents = GetLessonContents::between(date!(2025 - 09 - 08), date!(2025 - 09 - 08))
        .decode(v.reply("Lesson.content", "PageCahierDeTexte"), &v.ctx())
        .unwrap();
    let text = serde_json::to_string(&contents).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<LessonContents>>(&text).unwrap(),
        contents
    );
}
