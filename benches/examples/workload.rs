//! The client workload of `benches/RESULTS.md` with `pronote-api`: log in,
//! two weeks of timetable, every period's grades, four weeks
//! of homework; ROUNDS times in one process, on one thread. Run by
//! `benches/workload/run.py` beside the same workload in pronotepy,
//! `pronote.compat` and Pawnote.
//!
//! ```text
//! cargo run --release -p pronote-benches --example workload -- URL [ROUNDS]
//! ```

use std::process::ExitCode;

use pronote_api::LoginBuilder;
use pronote_api::functions::{GetGrades, GetHomework, GetTimetable};
use time::Duration;
use time::macros::date;

async fn run(url: &str, rounds: u32) -> Result<[usize; 3], pronote_api::Error> {
    let monday = date!(2025 - 11 - 17);
    let mut totals = [0; 3];
    for _ in 0..rounds {
        let client =
            LoginBuilder::password(format!("{url}eleve.html"), "demonstration", "pronotevs")
                .connect()
                .await?;
        let lessons = client
            .fetch(&GetTimetable::between(monday, monday + Duration::days(13)))
            .await?;
        totals[0] += lessons.len();
        for period in client.instance().await.periods {
            let grades = client.fetch(&GetGrades::new(&period.name)).await?;
            totals[1] += grades.grades.len();
        }
        let homework = client
            .fetch(&GetHomework::between(monday, monday + Duration::days(27)))
            .await?;
        totals[2] += homework.len();
    }
    Ok(totals)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: workload URL [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&url, rounds)) {
        Ok(totals) => {
            println!("{} {} {}", totals[0], totals[1], totals[2]);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("workload: {e}");
            ExitCode::FAILURE
        }
    }
}
