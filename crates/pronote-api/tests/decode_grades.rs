//! The typed functions against pronotepy 2.15.7, continued: grades,
//! evaluations and the notebook decode to the values pronotepy parsed,
//! their requests carry the fields pronotepy sent, malformed replies are
//! errors, and every model round-trips through serde.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod vectors;

use pronote_api::Error;
use pronote_api::function::{Context, Function};
use pronote_api::functions::{
    GetEvaluations, GetGrades, GetHomework, GetLessonContents, GetTimetable,
};
use pronote_api::models::grades::GradeValue;
use pronote_api::models::lesson_content::LessonContents;
use pronote_proto::value::{Decimal, Id};
use serde_json::{Value, json};
use time::macros::date;
use vectors::{HOMEWORK, LESSONS, Vectors, assert_reply_error, assert_superset, reply};

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

    use pronote_api::functions::SetHomeworkDone;

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
