//! Every typed decoder of `pronote-api`, through its public entry points
//! only (`Function::decode`, `Function::decode_text`,
//! `Instance::from_reply`, `User::from_reply`),
//! so that a rewrite of the decoders behind them keeps the target valid.
//!
//! Input: one byte choosing the decoder, then JSON text. When the JSON is
//! an object `{"source": …, "reply": …}`, `source` is the reply the
//! listing function decodes to get the model a function needs (a
//! discussion, a homework, a news item, …) and `reply` is the reply under
//! test; otherwise the same JSON serves both. A reply payload holding
//! `data`/`donnees` is split as the session splits it; any other value is
//! the reply's data itself. Never panics; whatever the decoder returns is
//! dropped.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pronote_api::function::{Context, Function};
use pronote_api::functions::{
    ApplyDiscussionCommand, DiscussionCommand, GetAccount, GetDiscussions, GetEvaluations,
    GetGrades, GetHomepage, GetHomework, GetLessonContents, GetLessonContentsById, GetMenus,
    GetMessages, GetNews, GetNewsDetails, GetNotebook, GetParticipants, GetPartnerUrl,
    GetRecipients, GetReportCard, GetReportCardPdf, GetStudentFile, GetTeachingStaff, GetTimetable,
    GetTimetablePdf, IsKnownSource, IssueQrCode, ListClassStudents, RegisterSource,
    RemoveReturnedWork, ReplyToDiscussion, SaveDraft, SetDoubleAuthMode, SetHomeworkDone,
    StartDiscussion, UpdateNews, VerifyPin,
};
use pronote_api::models::account::DoubleAuthMode;
use pronote_api::models::ids::{HomeworkId, LessonContentsId};
use pronote_api::models::timetable_pdf::TimetablePdfOptions;
use pronote_api::models::vie_scolaire::Class;
use pronote_api::models::{Instance, PersonKind, Thread, User};
use pronote_proto::value::Id;
use pronote_proto::{Generation, Reply, ReplyText, envelope};
use serde_json::{Value, json};
use std::sync::OnceLock;
use time::macros::date;

/// The session context the decoders see: a school year and a student.
struct Fixture {
    instance: Instance,
    user: User,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let instance = Instance::from_reply(&json!({"General": {
            "PremierLundi": {"_T": 7, "V": "01/09/2025"},
            "DerniereDate": {"_T": 7, "V": "03/07/2026"},
            "ListeHeures": {"_T": 24, "V": [
                {"G": 0, "L": "08h00"}, {"G": 1, "L": "09h00"}, {"G": 2, "L": "10h00"}
            ]},
            "ListePeriodes": [{"N": "1#p", "L": "Trimestre 1", "G": 2,
                "dateDebut": {"_T": 7, "V": "01/09/2025"},
                "dateFin": {"_T": 7, "V": "30/11/2025"}}],
        }}))
        .unwrap_or_else(|e| panic!("fixture instance: {e}"));
        let user = User::from_reply(
            &json!({"ressource": {"N": "1#a", "G": 4, "L": "ELEVE Test"}}),
            3,
        )
        .unwrap_or_else(|e| panic!("fixture user: {e}"));
        Fixture { instance, user }
    })
}

/// A reply as the session hands it to a decoder.
fn reply(value: &Value) -> Reply {
    match value {
        Value::Object(map) if map.contains_key("data") || map.contains_key("donnees") => {
            let keys = Generation::V2025.profile().inner;
            match envelope::split_reply(&keys, value.clone()) {
                Ok(inner) => Reply::from(inner),
                Err(_) => Reply::default(),
            }
        }
        other => Reply {
            data: other.clone(),
            ..Reply::default()
        },
    }
}

/// Builds the request (`data`) and decodes the reply, from its `Value`
/// and from its text in one pass (`Function::decode_text`, what
/// `Client::fetch` calls).
fn run<F: Function>(function: F, value: &Value, ctx: &Context<'_>) {
    let _ = function.data(ctx);
    let _ = function.decode(reply(value), ctx);
    let keys = Generation::V2025.profile().inner;
    if let Ok(text) = serde_json::to_vec(value) {
        if let Ok(reply) = ReplyText::from_payload(text, keys.data, keys.signature) {
            let _ = function.decode_text(reply, ctx);
        }
    }
}

/// The first item a listing function decodes from `source`.
fn first<F: Function<Output = Vec<T>>, T>(f: F, source: &Value, ctx: &Context<'_>) -> Option<T> {
    f.decode(reply(source), ctx).ok()?.into_iter().next()
}

/// How many decoders `choice` picks from.
const DECODERS: u8 = 40;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, text)) = data.split_first() else {
        return;
    };
    let Ok(json) = serde_json::from_slice::<Value>(text) else {
        return;
    };
    let (source, target) = match (json.get("source"), json.get("reply")) {
        (Some(source), Some(target)) => (source, target),
        _ => (&json, &json),
    };
    let fx = fixture();
    let ctx = Context {
        instance: &fx.instance,
        user: &fx.user,
        student: fx.user.student(None),
    };
    let day = date!(2025 - 09 - 15);
    match choice % DECODERS {
        0 => run(GetTimetable::week(3), target, &ctx),
        1 => run(
            GetTimetable::between(day, date!(2025 - 09 - 30)).keep_superposed_cancelled(true),
            target,
            &ctx,
        ),
        2 => run(
            GetHomework::between(day, date!(2025 - 09 - 30)),
            target,
            &ctx,
        ),
        3 => run(
            GetLessonContents::between(day, date!(2025 - 09 - 30)),
            target,
            &ctx,
        ),
        4 => run(GetGrades::new("Trimestre 1"), target, &ctx),
        5 => run(GetEvaluations::new("Trimestre 1"), target, &ctx),
        6 => run(GetDiscussions::all(), target, &ctx),
        7 => run(GetDiscussions::unread_only(), target, &ctx),
        8 => run(
            GetMessages::with_possessions(vec![Id::new("1#m")]),
            target,
            &ctx,
        ),
        9 => run(GetRecipients::new(PersonKind::Teacher), target, &ctx),
        10 => run(GetNews, target, &ctx),
        11 => run(GetNotebook::new("Trimestre 1"), target, &ctx),
        12 => run(GetReportCard::new("Trimestre 1"), target, &ctx),
        13 => run(GetReportCardPdf::new("Trimestre 1"), target, &ctx),
        14 => run(GetTimetablePdf, target, &ctx),
        15 => run(GetMenus::week_of(day), target, &ctx),
        16 => run(GetAccount, target, &ctx),
        17 => run(GetTeachingStaff, target, &ctx),
        18 => run(GetHomepage::on(day), target, &ctx),
        19 => {
            if let Ok(f) = IssueQrCode::new("1234") {
                run(f, target, &ctx);
            }
        }
        20 => run(
            SetHomeworkDone::with_id(HomeworkId::new("1#h"), true),
            target,
            &ctx,
        ),
        21 => run(StartDiscussion::new("Sujet", "Bonjour"), target, &ctx),
        22 => run(SetDoubleAuthMode::new(DoubleAuthMode::Pin), target, &ctx),
        23 => {
            if let Ok(f) = IsKnownSource::new("pronote-rs") {
                run(f, target, &ctx);
            }
        }
        24 => {
            if let Ok(f) = RegisterSource::new("pronote-rs") {
                run(f.mode(DoubleAuthMode::Pin), target, &ctx);
            }
        }
        25 => run(VerifyPin::new("00112233".into()), target, &ctx),
        26 => {
            let thread = Thread::default();
            if let Ok(f) = ReplyToDiscussion::new(&thread, "Merci") {
                run(f, target, &ctx);
            }
            if let Ok(f) = SaveDraft::new(&thread, "Brouillon") {
                run(f, target, &ctx);
            }
        }
        27 => {
            if let Some(class) = demo_class() {
                run(ListClassStudents::new(&class), target, &ctx);
            }
        }
        28 => {
            let Some(class) = demo_class() else {
                return;
            };
            if let Some(student) = first(ListClassStudents::new(&class), source, &ctx) {
                run(GetStudentFile::new(&student), target, &ctx);
            }
        }
        29 | 30 | 31 => {
            let Ok(listing) = GetDiscussions::all().decode(reply(source), &ctx) else {
                return;
            };
            let Some(discussion) = listing.discussions.first() else {
                return;
            };
            match choice % DECODERS {
                29 => run(GetMessages::new(discussion), target, &ctx),
                30 => {
                    if let Ok(f) = GetParticipants::of_discussion(discussion) {
                        run(f, target, &ctx);
                    }
                }
                _ => run(
                    ApplyDiscussionCommand::new(DiscussionCommand::MarkRead, discussion),
                    target,
                    &ctx,
                ),
            }
        }
        32 => {
            let Ok(thread) = GetMessages::with_possessions(Vec::new()).decode(reply(source), &ctx)
            else {
                return;
            };
            if let Some(message) = thread.messages.first() {
                run(GetParticipants::of_message(message), target, &ctx);
            }
        }
        33 => {
            let Ok(news) = GetNews.decode(reply(source), &ctx) else {
                return;
            };
            if let Some(item) = news.items.first() {
                if let Ok(f) = GetNewsDetails::new(item) {
                    run(f, target, &ctx);
                }
                run(UpdateNews::mark_read(item, true), target, &ctx);
                if let Ok(f) = UpdateNews::acknowledge(item) {
                    run(f, target, &ctx);
                }
                run(UpdateNews::delete(item), target, &ctx);
            }
        }
        34 => {
            let Some(homework) = first(
                GetHomework::between(day, date!(2025 - 09 - 30)),
                source,
                &ctx,
            ) else {
                return;
            };
            run(SetHomeworkDone::new(&homework, false), target, &ctx);
            if let Ok(f) = RemoveReturnedWork::new(&homework) {
                run(f, target, &ctx);
            }
        }
        35 => {
            let Ok(homepage) = GetHomepage::on(day).decode(reply(source), &ctx) else {
                return;
            };
            if let Some(partner) = homepage.partners.first() {
                run(GetPartnerUrl::new(partner), target, &ctx);
            }
        }
        36 => {
            if let Some(recipient) = first(GetRecipients::new(PersonKind::Staff), source, &ctx) {
                run(
                    StartDiscussion::new("Sujet", "Bonjour").to(&recipient),
                    target,
                    &ctx,
                );
            }
        }
        37 => run(
            GetLessonContentsById::new(LessonContentsId::new("37#c")),
            target,
            &ctx,
        ),
        38 => run(
            GetTimetablePdf::with_options(TimetablePdfOptions::default()),
            target,
            &ctx,
        ),
        _ => {
            let _ = Instance::from_reply(&reply(target).data);
            let _ = Instance::from_reply(target);
            let _ = User::from_reply(target, 3);
            let _ = User::from_reply(&reply(target).data, 6);
        }
    }
});

/// A class as a vie scolaire listing gives it (models are read from
/// their JSON; they cannot be built field by field outside the crate).
fn demo_class() -> Option<Class> {
    serde_json::from_value(json!({
        "id": "1#c", "name": "5A", "level": null, "responsible": true,
    }))
    .ok()
}
