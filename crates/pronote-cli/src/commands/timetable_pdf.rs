//! `timetable --pdf FILE`: PRONOTE's timetable PDF, laid out as its PDF
//! window offers (orientation, colours, fonts, overflowing text, one grid
//! per week, swapped axes, empty slots), for the year or the weeks of
//! `--week` / `--from --to`.

use clap::{Args, ValueEnum};
use pronote_api::Client;
use pronote_api::models::Instance;
use pronote_api::models::timetable_pdf::{PdfColour, PdfOverflow, TimetablePdfOptions};
use time::Date;

use crate::cli::{TimetableArgs, WeekArg};
use crate::commands::read::current_week;
use crate::error::{CliError, CliResult};
use crate::output::print_json;
use crate::session::Ctx;

/// The layout options of `timetable --pdf`.
#[derive(Debug, Args)]
#[command(next_help_heading = "PDF layout (with --pdf)")]
pub(crate) struct PdfLayoutArgs {
    /// Portrait pages (default: landscape).
    #[arg(long, requires = "pdf")]
    pub(crate) portrait: bool,
    /// How lessons are coloured (default: background).
    #[arg(long, value_enum, value_name = "HOW", requires = "pdf")]
    pub(crate) colour: Option<ColourArg>,
    /// What becomes of text that does not fit in its lesson (default:
    /// cut).
    #[arg(long, value_enum, value_name = "HOW", requires = "pdf")]
    pub(crate) overflow: Option<OverflowArg>,
    /// The font size, in points (default: 6.5).
    #[arg(long, value_name = "PT", value_parser = parse_points, requires = "pdf")]
    pub(crate) font_size: Option<f64>,
    /// The smallest size text may shrink to, in points (default: 5).
    #[arg(long, value_name = "PT", value_parser = parse_points, requires = "pdf")]
    pub(crate) min_font_size: Option<f64>,
    /// One grid per week rather than one for all the weeks.
    #[arg(long, requires = "pdf")]
    pub(crate) one_grid_per_week: bool,
    /// Days as rows and hours as columns.
    #[arg(long, requires = "pdf")]
    pub(crate) swap_axes: bool,
    /// Leave out the hours without lessons.
    #[arg(long, requires = "pdf")]
    pub(crate) skip_empty_slots: bool,
}

/// `--colour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColourArg {
    /// Black and white.
    None,
    /// The subject's colour behind the lesson.
    Background,
    /// The subject's colour on the text.
    Text,
}

/// `--overflow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OverflowArg {
    /// Cut.
    Cut,
    /// A reference, the text under the lesson's block.
    UnderBlock,
    /// A reference, the text after the page.
    AfterPage,
    /// A reference, every text gathered at the end.
    AtEnd,
}

/// A font size: a number of points from 1 to 72.
fn parse_points(text: &str) -> Result<f64, String> {
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(points) if (1.0..=72.0).contains(&points) => Ok(points),
        Ok(_) => Err("a font size is from 1 to 72 points".into()),
        Err(_) => Err(format!("{text:?} is not a size in points (6.5)")),
    }
}

/// A school week as the PDF options count them.
fn pdf_week(week: i32, what: &str) -> CliResult<u16> {
    u16::try_from(week)
        .ok()
        .filter(|w| *w >= 1)
        .ok_or_else(|| CliError::Usage(format!("{what} is not in the school year (week {week})")))
}

/// The weeks `--week` or `--from --to` name, if any.
fn weeks(ctx: &Ctx, instance: &Instance, args: &TimetableArgs) -> CliResult<Option<(u16, u16)>> {
    let week_of = |day: Date, what: &str| pdf_week(instance.week_of(day), what);
    Ok(match (args.week, args.from, args.to) {
        (Some(week), _, _) => {
            let number = match week {
                WeekArg::Number(n) => n,
                WeekArg::Relative(n) => current_week(instance, ctx.today()).saturating_add(n),
            };
            let week = pdf_week(number, "--week")?;
            Some((week, week))
        }
        (None, Some(from), Some(to)) => {
            if to < from {
                return Err(CliError::Usage(format!(
                    "--to ({to}) is before --from ({from})"
                )));
            }
            Some((week_of(from, "--from")?, week_of(to, "--to")?))
        }
        _ => None,
    })
}

/// The options the command line asks for.
pub(crate) fn options(
    ctx: &Ctx,
    instance: &Instance,
    args: &TimetableArgs,
) -> CliResult<TimetablePdfOptions> {
    let layout = &args.layout;
    let default = TimetablePdfOptions::default();
    let size = layout.font_size.unwrap_or(default.font_size);
    let min = layout
        .min_font_size
        .unwrap_or(default.min_font_size.min(size));
    if min > size {
        return Err(CliError::Usage(format!(
            "--min-font-size ({min}) is above the font size ({size})"
        )));
    }
    let mut options = default
        .portrait(layout.portrait)
        .font_sizes(size, min)
        .one_grid_per_week(layout.one_grid_per_week)
        .swap_axes(layout.swap_axes)
        .skip_empty_slots(layout.skip_empty_slots);
    if let Some(colour) = layout.colour {
        options = options.colour(match colour {
            ColourArg::None => PdfColour::None,
            ColourArg::Background => PdfColour::Background,
            ColourArg::Text => PdfColour::Text,
        });
    }
    if let Some(overflow) = layout.overflow {
        options = options.overflow(match overflow {
            OverflowArg::Cut => PdfOverflow::None,
            OverflowArg::UnderBlock => PdfOverflow::UnderBlock,
            OverflowArg::AfterPage => PdfOverflow::AfterPage,
            OverflowArg::AtEnd => PdfOverflow::AtEnd,
        });
    }
    if let Some((first, last)) = weeks(ctx, instance, args)? {
        options = options.weeks(first, last);
    }
    Ok(options)
}

/// `timetable --pdf FILE`.
pub(crate) async fn save(
    ctx: &Ctx,
    client: &Client,
    args: &TimetableArgs,
    path: &std::path::Path,
) -> CliResult<()> {
    let instance = client.instance().await;
    let options = options(ctx, &instance, args)?;
    let url = client
        .timetable_pdf_url_with(options.clone())
        .await
        .map_err(|e| CliError::api("asking for the timetable PDF", e))?;
    let bytes =
        crate::commands::files::save_url(client, &url, path, args.force, "the timetable PDF")
            .await?;
    if path.as_os_str() == "-" {
        return Ok(());
    }
    if ctx.global.json {
        return print_json(&serde_json::json!({
            "file": path,
            "bytes": bytes,
            "options": options,
        }));
    }
    crate::output::eprint_line!(
        "Saved the timetable PDF ({bytes} bytes) to {}",
        path.display()
    );
    Ok(())
}
