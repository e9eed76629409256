//! Discussions, news and surveys against `pronote-server` in-process:
//! every read asserted on the demo data, every write read back.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::function::{Context, Function};
use pronote_api::functions::UpdateNews;
use pronote_api::models::discussion::{FolderKind, PersonKind};
use pronote_api::models::news::{Answer, NewsKind, QuestionKind};
use pronote_api::models::{Instance, User};
use pronote_api::{Client, Error, LoginBuilder, is_save_rejected};
use pronote_server::{RunningServer, Server};
use pronote_transport::HyperTransport;
use serde_json::json;
use time::macros::date;

const PROFILES: [&str; 3] = ["2022.0.2.4", "2024.3.9", "2026.2.5"];

async fn server(version: &str) -> RunningServer {
    Server::builder()
        .version(version)
        .encryption(true)
        .compression(true)
        .seed(7)
        // The demo year's last day, which an unpinned server takes from
        // any later clock.
        .today(date!(2026 - 07 - 03))
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn student(s: &RunningServer) -> Client<HyperTransport> {
    LoginBuilder::password(
        format!("{}eleve.html", s.url()),
        "demonstration",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap()
}

const HOMEWORK: &str = "Devoir maison n\u{b0}2";
const LATE: &str = "Retard du 12 septembre";
const TRIP: &str = "Voyage en Espagne";

#[tokio::test]
async fn discussions_messages_participants_and_recipients() {
    for version in PROFILES {
        let s = server(version).await;
        let client = student(&s).await;

        let list = client.discussions().await.unwrap();
        let kinds: Vec<_> = list
            .folders
            .iter()
            .map(|f| (f.name.as_str(), f.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Re\u{e7}us", FolderKind::Received),
                ("Brouillons", FolderKind::Drafts),
                ("Corbeille", FolderKind::Trash)
            ]
        );
        let subjects: Vec<_> = list
            .discussions
            .iter()
            .map(|d| d.subject.as_str())
            .collect();
        assert_eq!(subjects, [HOMEWORK, LATE, TRIP], "{version}");
        assert_eq!(list.unread(), 2);
        let homework = list.by_subject(HOMEWORK).unwrap();
        assert_eq!(homework.creator.as_deref(), Some("M. DUPONT Jean"));
        assert_eq!((homework.unread, homework.message_count), (1, 3));
        assert_eq!(homework.date.unwrap().date(), date!(2025 - 09 - 16));
        assert!(!homework.closed && !homework.in_trash() && homework.folders.is_empty());
        let trip = list.by_subject(TRIP).unwrap();
        assert!(trip.closed);
        assert_eq!(trip.creator.as_deref(), Some("Mme GARCIA Lucia"));

        let unread = client.unread_discussions().await.unwrap();
        let subjects: Vec<_> = unread
            .discussions
            .iter()
            .map(|d| d.subject.as_str())
            .collect();
        assert_eq!(subjects, [HOMEWORK, LATE]);

        let thread = client.messages(homework).await.unwrap();
        assert!(thread.can_reply());
        assert_eq!(thread.messages.len(), 3);
        let first = &thread.messages[0];
        assert_eq!(first.author, "M. DUPONT Jean");
        assert_eq!(first.author_kind, PersonKind::Teacher);
        assert!(!first.from_me && first.read);
        assert_eq!(
            first.content,
            "Bonjour, le devoir maison n\u{b0}2 est \u{e0} rendre pour lundi. Bon courage !"
        );
        assert_eq!(
            first.date.unwrap().date(),
            date!(2025 - 09 - 15),
            "{version}"
        );
        let second = &thread.messages[1];
        assert!(second.from_me);
        assert_eq!(second.author, "Moi");
        assert_eq!(second.source.as_ref(), Some(&first.id));
        assert_eq!(
            thread.messages[2].content,
            "Oui, l'exercice 3 est obligatoire."
        );
        assert!(!thread.messages[2].read);
        assert!(!client.messages(trip).await.unwrap().can_reply());

        let participants = client.participants(homework).await.unwrap();
        let names: Vec<_> = participants.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["M. DUPONT Jean"]);
        let to = client.message_recipients(second).await.unwrap();
        assert_eq!(to[0].name, "M. DUPONT Jean");

        let teachers = client.recipients(PersonKind::Teacher).await.unwrap();
        let dupont = teachers
            .iter()
            .find(|t| t.name == "M. DUPONT Jean")
            .unwrap();
        assert_eq!(dupont.kind, PersonKind::Teacher);
        assert_eq!(dupont.subjects, ["MATH\u{c9}MATIQUES"]);
        assert!(dupont.main_teacher && dupont.can_discuss);
        assert_eq!(
            dupont.email.as_deref(),
            Some("jean.dupont@college-victor-hugo.example")
        );
        assert_eq!(teachers.len(), 11, "{version}: the student's teachers");
        assert!(teachers.iter().all(|t| t.kind == PersonKind::Teacher));
        let staff = client.recipients(PersonKind::Staff).await.unwrap();
        let cpe = staff
            .iter()
            .find(|p| p.name == "Mme BERNARD Sophie")
            .unwrap();
        assert_eq!(cpe.kind, PersonKind::Staff);
        assert_eq!(
            cpe.function.as_deref(),
            Some("Conseill\u{e8}re principale d'\u{e9}ducation")
        );
        assert!(
            staff
                .iter()
                .any(|p| p.name == "M. MERCIER Alain" && p.function.as_deref() == Some("Principal"))
        );
    }
}

#[tokio::test]
async fn reply_start_and_closed_discussion() {
    let s = server("2025.2.6").await;
    let client = student(&s).await;
    let list = client.discussions().await.unwrap();

    client
        .reply(list.by_subject(HOMEWORK).unwrap(), "Merci beaucoup !")
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    let homework = list.by_subject(HOMEWORK).unwrap();
    assert_eq!(homework.message_count, 4);
    let thread = client.messages(homework).await.unwrap();
    let last = thread.messages.last().unwrap();
    assert!(last.from_me);
    assert_eq!(last.content, "Merci beaucoup !");
    assert_eq!(last.recipients.as_deref(), Some("M. DUPONT Jean"));

    // A closed discussion: the server's RapportSaisie, typed.
    let err = client
        .reply(
            list.by_subject(TRIP).unwrap(),
            "Puis-je encore m'inscrire ?",
        )
        .await
        .unwrap_err();
    assert!(is_save_rejected(&err), "{err:?}");
    assert!(err.to_string().contains("ferm\u{e9}e"), "{err}");
    let trip = client.discussions().await.unwrap();
    assert_eq!(trip.by_subject(TRIP).unwrap().message_count, 1);

    let teachers = client.recipients(PersonKind::Teacher).await.unwrap();
    let staff = client.recipients(PersonKind::Staff).await.unwrap();
    let french = teachers
        .iter()
        .find(|t| t.name == "Mme MOREAU Claire")
        .unwrap();
    let cpe = staff
        .iter()
        .find(|p| p.name == "Mme BERNARD Sophie")
        .unwrap();
    client
        .start_discussion(
            "Absence de demain",
            "Bonjour, je serai absent.",
            [french, cpe],
        )
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    assert_eq!(list.discussions.len(), 4);
    let new = list.by_subject("Absence de demain").unwrap();
    assert_eq!(
        (new.message_count, new.unread, new.creator.as_deref()),
        (1, 0, None)
    );
    let names: Vec<_> = client
        .participants(new)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Mme MOREAU Claire", "Mme BERNARD Sophie"]);
    let thread = client.messages(new).await.unwrap();
    assert_eq!(thread.messages[0].content, "Bonjour, je serai absent.");

    let err = client
        .start_discussion("Personne", "Bonjour", [])
        .await
        .unwrap_err();
    assert!(is_save_rejected(&err), "{err:?}");
}

#[tokio::test]
async fn read_unread_trash_restore_delete() {
    let s = server("2024.3.9").await;
    let client = student(&s).await;
    let unread_of = |list: &pronote_api::models::Discussions, subject: &str| {
        list.by_subject(subject).unwrap().unread
    };
    let list = client.discussions().await.unwrap();
    client
        .mark_discussion_read(list.by_subject(HOMEWORK).unwrap(), true)
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    assert_eq!(unread_of(&list, HOMEWORK), 0);
    client
        .mark_discussion_read(list.by_subject(HOMEWORK).unwrap(), false)
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    assert_eq!(unread_of(&list, HOMEWORK), 3);

    // Reading with mark_read marks it read.
    let thread = client
        .read_discussion(list.by_subject(LATE).unwrap())
        .await
        .unwrap();
    assert_eq!(thread.messages.len(), 1);
    assert_eq!(thread.messages[0].author_kind, PersonKind::Staff);
    let list = client.discussions().await.unwrap();
    assert_eq!(unread_of(&list, LATE), 0);

    client
        .trash_discussion(list.by_subject(LATE).unwrap())
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    let late = list.by_subject(LATE).unwrap();
    assert!(late.in_trash());
    assert_eq!(late.folders[0].name, "Corbeille");
    client.restore_discussion(late).await.unwrap();
    let list = client.discussions().await.unwrap();
    assert!(!list.by_subject(LATE).unwrap().in_trash());

    client
        .delete_discussion(list.by_subject(LATE).unwrap())
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    assert!(list.by_subject(LATE).is_none());
    assert_eq!(list.discussions.len(), 2);
}

#[tokio::test]
async fn drafts_saved_edited_sent_and_deleted() {
    let s = server("2025.2.6").await;
    let client = student(&s).await;
    let list = client.discussions().await.unwrap();
    let homework = list.by_subject(HOMEWORK).unwrap();

    client
        .save_draft(homework, "Bonjour Monsieur,", None)
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    let homework = list.by_subject(HOMEWORK).unwrap();
    assert_eq!(homework.draft_count, 1);
    assert_eq!(homework.folders[0].kind, FolderKind::Drafts);
    let thread = client.messages(homework).await.unwrap();
    let draft = thread.messages.last().unwrap();
    assert!(draft.draft && draft.from_me);
    assert_eq!(draft.content, "Bonjour Monsieur,");
    assert_eq!(thread.messages.iter().filter(|m| !m.draft).count(), 3);

    // Edit it.
    client
        .save_draft(homework, "Bonjour Monsieur, merci.", Some(draft))
        .await
        .unwrap();
    let thread = client.messages(homework).await.unwrap();
    let draft = thread.messages.last().unwrap();
    assert_eq!(draft.content, "Bonjour Monsieur, merci.");

    // Send it: it becomes a message, the draft is gone.
    client
        .send_draft(homework, draft, "Bonjour Monsieur, merci.")
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    let homework = list.by_subject(HOMEWORK).unwrap();
    assert_eq!((homework.draft_count, homework.message_count), (0, 4));
    assert!(homework.folders.is_empty());
    let thread = client.messages(homework).await.unwrap();
    let last = thread.messages.last().unwrap();
    assert!(!last.draft && last.from_me);
    assert_eq!(last.content, "Bonjour Monsieur, merci.");

    // Save another and delete it: the discussion stays.
    client
        .save_draft(homework, "Brouillon perdu", None)
        .await
        .unwrap();
    let thread = client.messages(homework).await.unwrap();
    let draft = thread.messages.last().unwrap();
    assert!(draft.draft);
    client.delete_draft(draft).await.unwrap();
    let list = client.discussions().await.unwrap();
    let homework = list.by_subject(HOMEWORK).unwrap();
    assert_eq!((homework.draft_count, homework.message_count), (0, 4));
    let thread = client.messages(homework).await.unwrap();
    assert!(thread.messages.iter().all(|m| !m.draft));

    // A closed discussion takes no draft.
    let err = client
        .save_draft(list.by_subject(TRIP).unwrap(), "Et moi ?", None)
        .await
        .unwrap_err();
    assert!(is_save_rejected(&err), "{err:?}");
}

const SURVEY: &str = "Sondage : menus de la cantine";
const MEETING: &str = "R\u{e9}union parents-professeurs";
const BACK: &str = "Rentr\u{e9}e scolaire 2025";

#[tokio::test]
async fn news_list_details_and_read_flags() {
    for version in PROFILES {
        let s = server(version).await;
        let client = student(&s).await;
        let news = client.news().await.unwrap();
        let categories: Vec<_> = news.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            categories,
            [
                "Vie de l'\u{e9}tablissement",
                "Sorties et voyages",
                "Orientation"
            ]
        );
        assert!(news.categories[0].default);
        assert_eq!(news.items.len(), 5, "{version}");
        let back = news.by_title(BACK).unwrap();
        assert_eq!(back.kind, NewsKind::Information);
        assert_eq!(back.author, "M. MERCIER Alain");
        assert_eq!(
            back.category.as_deref(),
            Some("Vie de l'\u{e9}tablissement")
        );
        assert_eq!(back.start, Some(date!(2025 - 09 - 01)));
        assert_eq!(back.end, Some(date!(2025 - 10 - 31)));
        assert_eq!(back.created.date(), date!(2025 - 08 - 30));
        assert_eq!(
            back.content(),
            "Bienvenue \u{e0} tous pour cette nouvelle ann\u{e9}e scolaire. Les emplois du temps d\u{e9}finitifs sont en ligne."
        );
        assert!(!back.read && !back.needs_acknowledgement());

        let meeting = news.by_title(MEETING).unwrap();
        assert!(meeting.needs_acknowledgement());
        let files: Vec<_> = meeting.attachments().map(|a| a.name.as_str()).collect();
        assert_eq!(files, ["Convocation_reunion.pdf"]);
        let details = client.news_details(meeting).await.unwrap();
        assert_eq!(details[0].attachments[0].name, "Convocation_reunion.pdf");
        assert!(details[0].text.contains("jeudi 2 octobre"));

        let survey = news.by_title(SURVEY).unwrap();
        assert_eq!(survey.kind, NewsKind::Survey);
        assert!(survey.anonymous);
        let satisfaction = survey.question("Satisfaction").unwrap();
        assert_eq!(satisfaction.kind, QuestionKind::SingleChoice);
        let choices: Vec<_> = satisfaction
            .choices
            .iter()
            .map(|c| (c.rank, c.label.as_str()))
            .collect();
        assert_eq!(
            choices,
            [
                (1, "Tr\u{e8}s satisfait"),
                (2, "Satisfait"),
                (3, "Peu satisfait"),
                (4, "Pas du tout satisfait")
            ]
        );
        assert_eq!(
            survey.question("Suggestions").unwrap().kind,
            QuestionKind::Text
        );
        assert!(!satisfaction.is_answered());

        client.mark_news_read(back, true).await.unwrap();
        assert!(client.news().await.unwrap().by_title(BACK).unwrap().read);
        client.mark_news_read(back, false).await.unwrap();
        assert!(!client.news().await.unwrap().by_title(BACK).unwrap().read);
    }
}

#[tokio::test]
async fn acknowledge_answer_and_delete_news() {
    let s = server("2025.2.6").await;
    let client = student(&s).await;
    let news = client.news().await.unwrap();

    client
        .acknowledge_news(news.by_title(MEETING).unwrap())
        .await
        .unwrap();
    let after = client.news().await.unwrap();
    let meeting = after.by_title(MEETING).unwrap();
    assert!(meeting.read && !meeting.needs_acknowledgement());
    assert!(meeting.questions[0].is_answered());

    let survey = news.by_title(SURVEY).unwrap();
    client
        .answer_survey(
            survey,
            [
                ("Satisfaction", Answer::choice(2)),
                ("Suggestions", Answer::text("Plus de frites")),
            ],
        )
        .await
        .unwrap();
    let after = client.news().await.unwrap();
    let survey = after.by_title(SURVEY).unwrap();
    assert!(survey.read);
    let satisfaction = survey.question("Satisfaction").unwrap();
    assert!(satisfaction.is_answered());
    let response = satisfaction.response.as_ref().unwrap();
    assert_eq!(response.value, Some(Answer::choice(2)));
    assert_eq!(
        response.answered_on,
        Some(date!(2026 - 07 - 03)),
        "answered on the server's day"
    );
    let suggestions = survey.question("Suggestions").unwrap();
    assert_eq!(
        suggestions.response.as_ref().unwrap().value,
        Some(Answer::text("Plus de frites"))
    );

    // Answers checked before sending: wrong kinds and unknown ranks.
    for bad in [
        UpdateNews::answer(survey, [("Satisfaction", Answer::choice(9))]),
        UpdateNews::answer(survey, [("Satisfaction", Answer::choices([1, 2]))]),
        UpdateNews::answer(survey, [("Satisfaction", Answer::text("oui"))]),
        UpdateNews::answer(survey, [("Suggestions", Answer::choice(1))]),
        UpdateNews::acknowledge(survey),
    ] {
        assert!(matches!(bad, Err(Error::Usage(_))), "{bad:?}");
    }
    assert!(matches!(
        UpdateNews::answer(survey, [("Nope", Answer::choice(1))]),
        Err(Error::NotFound(_))
    ));

    // Deleted news leaves the user's list.
    client
        .delete_news(after.by_title(BACK).unwrap())
        .await
        .unwrap();
    assert!(client.news().await.unwrap().by_title(BACK).is_none());
}

#[test]
fn survey_answers_are_written_as_pawnote_writes_them() {
    let instance = Instance::from_reply(&json!({"General": {
        "PremierLundi": {"_T": 7, "V": "01/09/2025"},
        "DerniereDate": {"_T": 7, "V": "03/07/2026"},
    }}))
    .unwrap();
    let user = User::from_reply(
        &json!({"ressource": {"N": "1#a", "G": 4, "L": "ELEVE Test"}}),
        3,
    )
    .unwrap();
    let ctx = Context {
        instance: &instance,
        user: &user,
        student: user.student(None),
    };
    let item: pronote_api::models::NewsItem = serde_json::from_value(json!({
        "id": "7#n", "title": "Sondage", "kind": "Survey", "category": null,
        "author": "X", "created": "2025-10-02T08:00:00", "start": null, "end": null,
        "read": false, "anonymous": false,
        "audience": {"id": "1#a", "kind": 4, "name": null},
        "questions": [{
            "id": "7#q", "title": "Options", "rank": 1, "kind": "MultipleChoice",
            "text": "", "html": null, "attachments": [], "max_length": null, "max_choices": 2,
            "choices": [
                {"id": null, "label": "A", "rank": 1, "free": false},
                {"id": null, "label": "B", "rank": 2, "free": false},
                {"id": null, "label": "Autre", "rank": 3, "free": true}
            ],
            "response": {"id": 12, "answered": false, "expected": true, "value": null, "answered_on": null}
        }]
    }))
    .unwrap();
    let request = UpdateNews::answer(
        &item,
        [(
            "Options",
            Answer::Choices {
                ranks: vec![1, 3],
                other: Some("Autre chose".to_owned()),
            },
        )],
    )
    .unwrap();
    let data = request.data(&ctx).unwrap().unwrap();
    assert_eq!(
        data["listeActualites"][0]["listeQuestions"][0],
        json!({
            "N": "7#q", "L": "Options", "genreReponse": 3,
            "reponse": {
                "N": 12, "Actif": true,
                "valeurReponse": {"_T": 8, "V": "[1,3]"},
                "valeurReponseLibre": "Autre chose",
                "avecReponse": true, "estReponseAttendue": true, "_validationSaisie": true,
            },
        })
    );
    assert_eq!(data["listeActualites"][0]["genrePublic"], json!(4));
    assert_eq!(
        data["listeActualites"][0]["public"],
        json!({"N": "1#a", "G": 4})
    );
}

#[tokio::test]
async fn classmates_and_parents() {
    let s = server("2025.2.6").await;
    let client = student(&s).await;
    let classmates = client.recipients(PersonKind::Student).await.unwrap();
    assert_eq!(classmates.len(), 11, "classmates of MARTIN Lucas");
    assert!(classmates.iter().all(|c| c.kind == PersonKind::Student));
    assert!(classmates.iter().all(|c| c.name != "MARTIN Lucas"));
    let names: Vec<_> = classmates.iter().take(2).map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["BONNET In\u{e8}s", "CARON Nathan"]);
    let friend = &classmates[0];
    client
        .start_discussion("Expos\u{e9}", "On travaille ensemble ?", [friend])
        .await
        .unwrap();
    let list = client.discussions().await.unwrap();
    let new = list.by_subject("Expos\u{e9}").unwrap();
    let names: Vec<_> = client
        .participants(new)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, [friend.name.as_str()]);

    // A parent's own discussion: the appointment with the maths teacher.
    let parent = LoginBuilder::password(
        format!("{}parent.html", s.url()),
        "demonstration",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap();
    let list = parent.discussions().await.unwrap();
    let meeting = list.by_subject("Rendez-vous").unwrap();
    assert_eq!((meeting.unread, meeting.creator.as_deref()), (1, None));
    let thread = parent.read_discussion(meeting).await.unwrap();
    assert_eq!(thread.messages[0].author_kind, PersonKind::Parent);
    assert!(thread.messages[0].from_me);
    assert_eq!(
        thread.messages[1].content,
        "Bonjour, bien s\u{fb}r : jeudi \u{e0} 17h00 au coll\u{e8}ge, salle S12."
    );
    assert_eq!(thread.messages[1].author, "M. DUPONT Jean");
    let list = parent.discussions().await.unwrap();
    assert_eq!(list.by_subject("Rendez-vous").unwrap().unread, 0);
}
