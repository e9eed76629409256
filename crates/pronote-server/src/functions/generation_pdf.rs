//! `GenerationPDF` (tab 13 report card, tab 16 timetable): answers the
//! path of a generated PDF under `FichiersExternes/`.

use serde_json::{Value, json};

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let genre = ctx
        .field("genreGenerationPDF")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let (key, name) = match genre {
        2 => {
            let period = ctx.period("periode")?;
            (
                format!("pdf:bulletin:{student}:{}", period.key),
                format!("Bulletin_{}.pdf", period.name.replace(' ', "_")),
            )
        }
        0 => (
            format!("pdf:edt:{student}{}", timetable_layout(ctx)),
            "Emploi_du_temps.pdf".to_owned(),
        ),
        _ => return Err(RpcError::Signature(3)),
    };
    let url = crate::files::file_path(ctx, &key, &name);
    Ok(Reply::data(json!({"url": {"_T": 23, "V": url}})))
}

/// The layout a timetable request asks for, as a suffix of the file's
/// key: `:portrait` for portrait pages, `:w{a}-{b}` for some weeks
/// rather than the year (`domaine`, unless `estEDTAnnuel`). Empty for
/// the default layout (landscape, the year), whose key stays the one
/// pronotepy's recordings name.
fn timetable_layout(ctx: &Ctx<'_>) -> String {
    let options = ctx.field("options");
    let flag = |name: &str| {
        options
            .and_then(|o| o.get(name))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let mut layout = String::new();
    if flag("portrait") {
        layout.push_str(":portrait");
    }
    let domain = ctx
        .field("domaine")
        .map(|d| d.get("V").unwrap_or(d))
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix('[')?.strip_suffix(']'));
    let weeks = domain.and_then(|d| {
        let (first, last) = d.split_once("..").unwrap_or((d, d));
        Some((
            first.trim().parse::<u16>().ok()?,
            last.trim().parse::<u16>().ok()?,
        ))
    });
    if let Some((first, last)) = weeks.filter(|(f, _)| !flag("estEDTAnnuel") && *f > 0) {
        layout.push_str(&format!(":w{first}-{last}"));
    }
    layout
}
