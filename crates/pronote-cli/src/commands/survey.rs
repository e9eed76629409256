//! `news answer N` without `--question`: each question of the survey asked
//! in turn, on the terminal (or one line per question from piped stdin),
//! then all answers sent at once.

use std::io::{BufRead, IsTerminal, Write};

use pronote_api::Client;
use pronote_api::models::news::{Answer, NewsItem, QuestionKind};

use crate::commands::messaging::{Answered, parse_answer, require_survey};
use crate::error::{CliError, CliResult};
use crate::output::{print, print_json};
use crate::session::Ctx;

/// How many times a wrong answer is asked again on a terminal.
const RETRIES: u32 = 3;

/// Answers every question of survey `number`.
pub(crate) async fn answer_all(
    ctx: &Ctx,
    client: &Client,
    item: &NewsItem,
    number: u32,
) -> CliResult<()> {
    require_survey(item, number)?;
    let terminal = std::io::stdin().is_terminal();
    let questions: Vec<_> = item
        .questions
        .iter()
        .filter(|q| {
            matches!(
                q.kind,
                QuestionKind::Text | QuestionKind::SingleChoice | QuestionKind::MultipleChoice
            )
        })
        .collect();
    if questions.is_empty() {
        return Err(CliError::Usage(format!(
            "{:?} has no question to answer",
            item.title
        )));
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut answers: Vec<(&str, Answer)> = Vec::new();
    for q in questions {
        let mut prompt = format!("\n{}\n", q.title);
        for line in q.text.trim().lines().filter(|l| l.trim() != q.title) {
            prompt.push_str(&format!("  {line}\n"));
        }
        for c in &q.choices {
            prompt.push_str(&format!("  {}) {}\n", c.rank, c.label));
        }
        prompt.push_str(match q.kind {
            QuestionKind::SingleChoice => "Your choice (a number; empty: skip): ",
            QuestionKind::MultipleChoice => "Your choices (numbers like 1,3; empty: skip): ",
            _ => "Your answer (empty: skip): ",
        });
        let mut attempts = 0;
        loop {
            if terminal {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(prompt.as_bytes());
                let _ = err.flush();
            }
            let line = match lines.next() {
                Some(Ok(line)) => line,
                Some(Err(e)) => {
                    return Err(CliError::Other(format!("reading the answer failed: {e}")));
                }
                None if terminal || !answers.is_empty() => break,
                None => {
                    return Err(CliError::Usage(format!(
                        "no answers: give `--question TITLE ANSWER`, or answer on a terminal (or one line per question on stdin) for {:?}",
                        item.title
                    )));
                }
            };
            let text = line.trim();
            if text.is_empty() {
                break;
            }
            match parse_answer(q, text) {
                Ok(answer) => {
                    answers.push((q.title.as_str(), answer));
                    break;
                }
                Err(e) if terminal && attempts < RETRIES => {
                    attempts += 1;
                    crate::output::eprint_line!("{e}");
                }
                Err(e) => return Err(e),
            }
        }
    }
    if answers.is_empty() {
        return Err(CliError::Usage(
            "every question was skipped: nothing sent".into(),
        ));
    }
    client
        .answer_survey(item, answers.iter().map(|(q, a)| (*q, a.clone())))
        .await
        .map_err(|e| CliError::api(format!("answering {:?}", item.title), e))?;
    if ctx.global.json {
        let list: Vec<Answered<'_>> = answers
            .iter()
            .map(|(q, a)| Answered {
                news: &item.title,
                question: q,
                answer: a,
            })
            .collect();
        return print_json(&list);
    }
    print(&format!(
        "Answered {} question(s) of {:?}.\n",
        answers.len(),
        item.title
    ))
}
