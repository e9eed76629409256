//! One named operation of `pronote_api::Client`, with its arguments and
//! result in their serde form.
//!
//! The Python layer calls `Session.call(name, args)`; this module is the
//! only place that knows which method each name runs, so the synchronous
//! and the asyncio clients can never drift apart.

use pronote_api::Client;
use pronote_api::functions::file_url::FileKind;
use pronote_api::models::account::DoubleAuthMode;
use pronote_api::models::attachment::Attachment;
use pronote_api::models::discussion::{Discussion, Message, PersonKind, Recipient};
use pronote_api::models::grades::Grade;
use pronote_api::models::homepage::Partner;
use pronote_api::models::homework::Homework;
use pronote_api::models::ids::LessonContentsId;
use pronote_api::models::json::iso_local;
use pronote_api::models::news::{Answer, NewsItem};
use pronote_api::models::timetable_pdf::TimetablePdfOptions;
use pronote_api::models::vie_scolaire::{Class, ClassStudent};
use pronote_transport::Transport;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use time::Date;

use crate::Output;

/// Why an operation failed.
#[derive(Debug)]
pub(crate) enum OpError {
    /// The library's error.
    Api(pronote_api::Error),
    /// A missing or malformed argument (the message names it).
    Args(String),
}

impl From<pronote_api::Error> for OpError {
    fn from(e: pronote_api::Error) -> Self {
        OpError::Api(e)
    }
}

type OpResult = Result<Output, OpError>;

/// The operations `run` knows, for `Session.operations()` and the tests
/// that check the Python layer covers them all.
pub const OPERATIONS: &[&str] = &[
    "instance",
    "user",
    "export",
    "credentials",
    "login_count",
    "select_child",
    "selected_student",
    "keep_alive",
    "logout",
    "server_date",
    "current_period",
    "authorisations",
    "delegate_classes",
    "last_connection",
    "timetable",
    "timetable_week",
    "homework",
    "set_homework_done",
    "lesson_contents",
    "lesson_contents_by_id",
    "grades",
    "evaluations",
    "attachment_url",
    "notebook",
    "report_card",
    "report_card_pdf_url",
    "timetable_pdf_url",
    "timetable_pdf_url_with",
    "menus",
    "menus_between",
    "account",
    "ical_url",
    "timetable_ical",
    "teaching_staff",
    "issue_qr_code",
    "homepage",
    "partner_url",
    "classes",
    "class_students",
    "student_file",
    "grade_file_url",
    "is_known_source",
    "register_source",
    "set_double_auth_mode",
    "verify_pin",
    "remove_returned_work",
    "profile_picture_url",
    "hand_in_homework",
    "download",
    "discussions",
    "unread_discussions",
    "messages",
    "read_discussion",
    "reply",
    "reply_to_message",
    "start_discussion",
    "recipients",
    "participants",
    "message_recipients",
    "mark_discussion_read",
    "trash_discussion",
    "restore_discussion",
    "delete_discussion",
    "save_draft",
    "send_draft",
    "delete_draft",
    "news",
    "news_details",
    "mark_news_read",
    "acknowledge_news",
    "answer_survey",
    "delete_news",
];

/// The argument `key` read as `D`.
fn arg<D: DeserializeOwned>(args: &Map<String, Value>, key: &str) -> Result<D, OpError> {
    let value = args.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| OpError::Args(format!("argument `{key}`: {e}")))
}

/// An optional argument.
fn opt<D: DeserializeOwned>(args: &Map<String, Value>, key: &str) -> Result<Option<D>, OpError> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => arg(args, key).map(Some),
    }
}

/// A value, for Python to receive in its serde form.
fn out<S: Serialize + Send + 'static>(value: S) -> OpResult {
    Ok(Output::new(value))
}

/// A model (or a list of models) that the Python layer wraps in its model
/// classes: handed over as views read field by field (`crate::lazy`).
fn model<S: Serialize + Send + Sync + 'static>(value: S) -> OpResult {
    Ok(Output::model(value))
}

fn file_kind(text: &str) -> Result<FileKind, OpError> {
    match text {
        "subject" => Ok(FileKind::GradeSubject),
        "correction" => Ok(FileKind::GradeCorrection),
        other => Err(OpError::Args(format!(
            "argument `kind`: expected \"subject\" or \"correction\", got {other:?}"
        ))),
    }
}

/// Runs the operation `name` on `client`.
pub(crate) async fn run<T: Transport>(client: &Client<T>, name: &str, args: Value) -> OpResult {
    let args = match args {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(OpError::Args("arguments must be a dict".into())),
    };
    let a = &args;
    match name {
        "instance" => model(client.instance().await),
        "user" => model(client.user().await),
        "export" => out(client.export().await),
        "credentials" => out(client.credentials()),
        "login_count" => out(client.login_count().await),
        "select_child" => out(client.select_child(&arg::<String>(a, "name")?).await?),
        "selected_student" => out(client.selected_student().await),
        "keep_alive" => out(client.keep_alive().await?),
        "logout" => out(client.logout().await?),
        "timetable" => model(
            client
                .timetable(arg::<Date>(a, "from")?, arg(a, "to")?)
                .await?,
        ),
        "timetable_week" => model(client.timetable_week(arg(a, "week")?).await?),
        "homework" => model(
            client
                .homework(arg::<Date>(a, "from")?, arg(a, "to")?)
                .await?,
        ),
        "set_homework_done" => out(client
            .set_homework_done(&arg::<Homework>(a, "homework")?, arg(a, "done")?)
            .await?),
        "lesson_contents" => model(
            client
                .lesson_contents(arg::<Date>(a, "from")?, arg(a, "to")?)
                .await?,
        ),
        "lesson_contents_by_id" => model(
            client
                .lesson_contents_by_id(arg::<LessonContentsId>(a, "id")?)
                .await?,
        ),
        "server_date" => out(client.server_date().await),
        "current_period" => model(client.current_period(arg(a, "tab")?).await),
        "authorisations" => out(client.authorisations().await),
        "delegate_classes" => out(client.delegate_classes().await),
        "last_connection" => out(client.last_connection().await.map(iso_local)),
        "grades" => model(client.grades(&arg::<String>(a, "period")?).await?),
        "evaluations" => model(client.evaluations(&arg::<String>(a, "period")?).await?),
        "attachment_url" => out(client
            .attachment_url(&arg::<Attachment>(a, "attachment")?)
            .await),
        "notebook" => model(client.notebook(&arg::<String>(a, "period")?).await?),
        "report_card" => model(client.report_card(&arg::<String>(a, "period")?).await?),
        "report_card_pdf_url" => out(client
            .report_card_pdf_url(&arg::<String>(a, "period")?)
            .await?),
        "timetable_pdf_url" => out(client.timetable_pdf_url().await?),
        "timetable_pdf_url_with" => out(client.timetable_pdf_url_with(pdf_options(a)?).await?),
        "menus" => model(client.menus(arg(a, "day")?).await?),
        "menus_between" => model(
            client
                .menus_between(arg::<Date>(a, "from")?, arg(a, "to")?)
                .await?,
        ),
        "account" => model(client.account().await?),
        "ical_url" => out(client.ical_url().await?),
        "timetable_ical" => out(client
            .timetable_ical(arg::<Date>(a, "from")?, arg(a, "to")?)
            .await?),
        "teaching_staff" => model(client.teaching_staff().await?),
        "issue_qr_code" => {
            let code = client.issue_qr_code(&arg::<String>(a, "pin")?).await?;
            out(code)
        }
        "homepage" => model(client.homepage(arg(a, "day")?).await?),
        "partner_url" => out(client.partner_url(&arg::<Partner>(a, "partner")?).await?),
        "classes" => model(client.classes().await),
        "class_students" => model(client.class_students(&arg::<Class>(a, "class")?).await?),
        "student_file" => model(
            client
                .student_file(&arg::<ClassStudent>(a, "student")?)
                .await?,
        ),
        "grade_file_url" => {
            let kind = file_kind(&arg::<String>(a, "kind")?)?;
            out(client
                .grade_file_url(&arg::<Grade>(a, "grade")?, kind)
                .await)
        }
        "is_known_source" => out(client
            .is_known_source(&arg::<String>(a, "device_name")?)
            .await?),
        "register_source" => {
            let pin = opt::<String>(a, "pin")?;
            out(client
                .register_source(&arg::<String>(a, "device_name")?, pin.as_deref())
                .await?)
        }
        "set_double_auth_mode" => out(client
            .set_double_auth_mode(arg::<DoubleAuthMode>(a, "mode")?)
            .await?),
        "verify_pin" => out(client.verify_pin(&arg::<String>(a, "pin")?).await?),
        "remove_returned_work" => out(client
            .remove_returned_work(&arg::<Homework>(a, "homework")?)
            .await?),
        "profile_picture_url" => out(client.profile_picture_url().await),
        "hand_in_homework" => {
            let content: Vec<u8> = arg(a, "content")?;
            out(client
                .hand_in_homework(
                    &arg::<Homework>(a, "homework")?,
                    &arg::<String>(a, "file_name")?,
                    &content,
                )
                .await?)
        }
        "download" => out(client.download(&arg::<String>(a, "url")?).await?),
        "discussions" => model(client.discussions().await?),
        "unread_discussions" => model(client.unread_discussions().await?),
        "messages" => model(
            client
                .messages(&arg::<Discussion>(a, "discussion")?)
                .await?,
        ),
        "read_discussion" => out(client
            .read_discussion(&arg::<Discussion>(a, "discussion")?)
            .await?),
        "reply" => out(client
            .reply(
                &arg::<Discussion>(a, "discussion")?,
                &arg::<String>(a, "content")?,
            )
            .await?),
        "reply_to_message" => out(client
            .reply_to_message(
                &arg::<Discussion>(a, "discussion")?,
                &arg::<Message>(a, "message")?,
                &arg::<String>(a, "content")?,
            )
            .await?),
        "start_discussion" => {
            let recipients: Vec<Recipient> = arg(a, "recipients")?;
            out(client
                .start_discussion(
                    &arg::<String>(a, "subject")?,
                    &arg::<String>(a, "content")?,
                    &recipients,
                )
                .await?)
        }
        "recipients" => model(client.recipients(arg::<PersonKind>(a, "kind")?).await?),
        "participants" => model(
            client
                .participants(&arg::<Discussion>(a, "discussion")?)
                .await?,
        ),
        "message_recipients" => out(client
            .message_recipients(&arg::<Message>(a, "message")?)
            .await?),
        "mark_discussion_read" => out(client
            .mark_discussion_read(&arg::<Discussion>(a, "discussion")?, arg(a, "read")?)
            .await?),
        "trash_discussion" => out(client
            .trash_discussion(&arg::<Discussion>(a, "discussion")?)
            .await?),
        "restore_discussion" => out(client
            .restore_discussion(&arg::<Discussion>(a, "discussion")?)
            .await?),
        "delete_discussion" => out(client
            .delete_discussion(&arg::<Discussion>(a, "discussion")?)
            .await?),
        "save_draft" => {
            let existing = opt::<Message>(a, "existing")?;
            out(client
                .save_draft(
                    &arg::<Discussion>(a, "discussion")?,
                    &arg::<String>(a, "content")?,
                    existing.as_ref(),
                )
                .await?)
        }
        "send_draft" => out(client
            .send_draft(
                &arg::<Discussion>(a, "discussion")?,
                &arg::<Message>(a, "draft")?,
                &arg::<String>(a, "content")?,
            )
            .await?),
        "delete_draft" => out(client.delete_draft(&arg::<Message>(a, "draft")?).await?),
        "news" => model(client.news().await?),
        "news_details" => model(client.news_details(&arg::<NewsItem>(a, "item")?).await?),
        "mark_news_read" => out(client
            .mark_news_read(&arg::<NewsItem>(a, "item")?, arg(a, "read")?)
            .await?),
        "acknowledge_news" => out(client
            .acknowledge_news(&arg::<NewsItem>(a, "item")?)
            .await?),
        "answer_survey" => {
            let answers: Vec<(String, Answer)> = arg(a, "answers")?;
            out(client
                .answer_survey(
                    &arg::<NewsItem>(a, "item")?,
                    answers.iter().map(|(q, ans)| (q.as_str(), ans.clone())),
                )
                .await?)
        }
        "delete_news" => out(client.delete_news(&arg::<NewsItem>(a, "item")?).await?),
        other => Err(OpError::Args(format!("unknown operation {other:?}"))),
    }
}

/// `TimetablePdfOptions` from the keys given over the defaults, so that a
/// caller names only what it changes.
fn pdf_options(args: &Map<String, Value>) -> Result<TimetablePdfOptions, OpError> {
    let mut options = serde_json::to_value(TimetablePdfOptions::default())
        .map_err(|e| OpError::Args(format!("argument `options`: {e}")))?;
    let given: Map<String, Value> = arg(args, "options")?;
    if let Some(fields) = options.as_object_mut() {
        for (key, value) in given {
            if !fields.contains_key(&key) {
                return Err(OpError::Args(format!(
                    "argument `options`: no option `{key}`"
                )));
            }
            fields.insert(key, value);
        }
    }
    serde_json::from_value(options).map_err(|e| OpError::Args(format!("argument `options`: {e}")))
}
