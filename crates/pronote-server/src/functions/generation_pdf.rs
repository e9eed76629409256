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
            format!("pdf:edt:{student}"),
            "Emploi_du_temps.pdf".to_owned(),
        ),
        _ => return Err(RpcError::Signature(3)),
    };
    let url = crate::files::file_path(ctx, &key, &name);
    Ok(Reply::data(json!({"url": {"_T": 23, "V": url}})))
}
