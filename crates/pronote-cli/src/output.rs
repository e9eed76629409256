//! Printing: aligned tables with colour when stdout is a terminal (plain
//! text when piped, `NO_COLOR` honoured), JSON with `--json`, and a
//! progress bar on stderr for multi-week fetches.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use time::{Date, PrimitiveDateTime, Weekday};

use crate::error::{CliError, CliResult};

/// Styles used in tables.
pub(crate) mod style {
    use super::*;

    /// Column headers and titles.
    pub(crate) const HEADER: Style = Style::new().bold().underline();
    /// Section titles.
    pub(crate) const TITLE: Style = Style::new().bold();
    /// Less important text.
    pub(crate) const DIM: Style = Style::new().dimmed();
    /// Something cancelled or missed.
    pub(crate) const BAD: Style = AnsiColor::Red.on_default();
    /// Something changed (room change, replacement).
    pub(crate) const WARN: Style = AnsiColor::Yellow.on_default();
    /// Something done or good.
    pub(crate) const GOOD: Style = AnsiColor::Green.on_default();
    /// Subjects.
    pub(crate) const SUBJECT: Style = AnsiColor::Cyan.on_default().bold();
    /// No style.
    pub(crate) const PLAIN: Style = Style::new();
}

/// One table cell: text and its style.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    text: String,
    style: Style,
}

impl Cell {
    /// A styled cell.
    pub(crate) fn styled(text: impl Into<String>, style: Style) -> Self {
        Cell {
            text: text.into(),
            style,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell {
            text,
            style: Style::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_owned())
    }
}

/// A table printed with aligned columns.
#[derive(Debug, Default)]
pub(crate) struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers.
    pub(crate) fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The table as lines of styled text (the styles are stripped by the
    /// writer when colour is off).
    pub(crate) fn render(&self) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(width(&cell.text));
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, Style)>| {
            let cells: Vec<(&str, Style)> = cells.collect();
            let last = cells.len().saturating_sub(1);
            for (i, (text, st)) in cells.into_iter().enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                out.push_str(&format!("{st}{text}{st:#}"));
                if i < last {
                    let pad = widths
                        .get(i)
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(width(text));
                    out.push_str(&" ".repeat(pad));
                }
            }
            // No trailing spaces.
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        };
        line(
            &mut out,
            &mut self.headers.iter().map(|h| (h.as_str(), style::HEADER)),
        );
        for row in &self.rows {
            line(
                &mut out,
                &mut row.iter().take(columns).map(|c| (c.text.as_str(), c.style)),
            );
        }
        out
    }
}

/// Display width of a text (characters; PRONOTE's texts have no wide
/// characters worth measuring).
fn width(text: &str) -> usize {
    text.chars().count()
}

/// Cuts a text to `max` characters, with an ellipsis.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Writes text to stdout (colour stripped when not a terminal).
pub(crate) fn print(text: &str) -> CliResult<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .or_else(ignore_broken_pipe)
}

/// Writes bytes to stdout as they are.
pub(crate) fn print_bytes(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .or_else(ignore_broken_pipe)
}

/// Writes one line to stderr (colour stripped when not a terminal). A
/// failure to write there is ignored: there is nowhere else to report it.
pub(crate) fn write_stderr_line(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// [`write_stderr_line`] with `format!` arguments.
macro_rules! eprint_line {
    ($($arg:tt)*) => {
        $crate::output::write_stderr_line(&format!($($arg)*))
    };
}
pub(crate) use eprint_line;

/// Prints a value as pretty JSON followed by a newline.
pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Other(format!("writing JSON failed: {e}")))?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .or_else(ignore_broken_pipe)
}

/// `pronote … | head` closes the pipe early: not an error.
fn ignore_broken_pipe(e: std::io::Error) -> CliResult<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CliError::Other(format!("writing to stdout failed: {e}")))
    }
}

/// A styled title line.
pub(crate) fn title(text: &str) -> String {
    let st = style::TITLE;
    format!("{st}{text}{st:#}\n")
}

/// `Mon 17/11`.
pub(crate) fn day_label(date: Date) -> String {
    format!(
        "{} {:02}/{:02}",
        weekday_abbr(date.weekday()),
        date.day(),
        u8::from(date.month())
    )
}

/// `17/11/2025`.
pub(crate) fn date_label(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `08:00`.
pub(crate) fn time_label(at: PrimitiveDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

fn weekday_abbr(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// A bar for `total` steps labelled `what`.
    pub(crate) fn new(total: u64, what: &str) -> Self {
        if total < 2 || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(st) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        {
            bar.set_style(st.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        Progress { bar: Some(bar) }
    }

    /// One step done.
    pub(crate) fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_without_trailing_spaces() {
        let mut t = Table::new(&["A", "Long header"]);
        t.row(vec!["xéz".into(), "1".into()]);
        t.row(vec!["y".into(), Cell::styled("2", style::PLAIN)]);
        let text = t.render();
        let plain: String = anstream::adapter::strip_str(&text).to_string();
        assert_eq!(plain, "A    Long header\nxéz  1\ny    2\n");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("a  b\nc", 10), "a b c");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
