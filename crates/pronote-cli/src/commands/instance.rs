//! `instance`: what an instance says before any login
//! (`{root}/infoMobileApp.json?id=…`).

use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{HyperTransport, Transport};
use serde_json::Value;

use crate::cli::InstanceArgs;
use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, print, print_json, style, title};
use crate::profile::root_of;
use crate::session::{Ctx, start_demo};

/// `instance`.
pub(crate) async fn instance(ctx: &Ctx, args: &InstanceArgs) -> CliResult<()> {
    // Keep the demo instance alive until the request is answered.
    let mut _demo = None;
    let root = match (&args.url, ctx.global.demo) {
        (Some(url), _) => root_of(url),
        (None, Some(_)) => {
            let server = start_demo(ctx.today()).await?;
            let url = server.url();
            _demo = Some(server);
            url
        }
        (None, None) => {
            let name = &ctx.global.profile;
            ctx.store()?
                .load_profile(name)?
                .ok_or_else(|| CliError::NoProfile {
                    profile: name.clone(),
                })?
                .root()
        }
    };
    let info = fetch_info(&ctx.transport()?, &root).await?;
    if ctx.global.json {
        return print_json(&info);
    }
    print(&describe(&root, &info))
}

/// GETs and parses `infoMobileApp.json`.
pub(crate) async fn fetch_info(transport: &HyperTransport, root: &str) -> CliResult<Value> {
    let url = pronote_proto::urls::info_mobile_app_url(root);
    let request = HttpRequest {
        method: Method::Get,
        url: url.clone(),
        headers: vec![("accept".into(), "application/json".to_owned())],
        body: Vec::new(),
    };
    let response = transport
        .send(&request)
        .await
        .map_err(|e| CliError::api(format!("reading {url}"), e.into()))?;
    if response.status != 200 {
        return Err(CliError::Other(format!(
            "reading {url} failed: HTTP status {}; check that {root} is a PRONOTE instance",
            response.status
        )));
    }
    serde_json::from_slice(&response.body).map_err(|e| {
        CliError::Other(format!(
            "{url} is not JSON ({e}); check that {root} is a PRONOTE instance"
        ))
    })
}

/// The version as `2025.2.6` (sent as `[2025, 2, 6]` or a string).
fn version_text(info: &Value) -> Option<String> {
    match info.get("version")? {
        Value::Array(parts) => Some(
            parts
                .iter()
                .map(|p| match p {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("."),
        ),
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn describe(root: &str, info: &Value) -> String {
    let mut text = title(&format!("PRONOTE instance at {root}"));
    let mut table = Table::new(&["", ""]);
    let text_of = |key: &str| info.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(school) = text_of("nomEtab") {
        table.row(vec!["School".into(), Cell::styled(school, style::TITLE)]);
    }
    if let Some(version) = version_text(info) {
        table.row(vec!["Version".into(), version.into()]);
    }
    if let Some(date) = text_of("date") {
        table.row(vec!["Server date".into(), date.into()]);
    }
    let cas = info
        .get("CAS")
        .and_then(|c| c.get("actif"))
        .and_then(Value::as_bool);
    if let Some(cas) = cas {
        let login = if cas {
            let url = info
                .get("CAS")
                .and_then(|c| c.get("casURL"))
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("through an ENT / CAS {url}")
        } else {
            "PRONOTE accounts".to_owned()
        };
        table.row(vec!["Login".into(), login.trim_end().to_owned().into()]);
    }
    let rendered = table.render();
    text.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
    let spaces = info
        .get("espaces")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !spaces.is_empty() {
        text.push('\n');
        let mut table = Table::new(&["Space", "Page"]);
        for space in &spaces {
            let name = space.get("nom").and_then(Value::as_str).unwrap_or("?");
            let page = space.get("URL").and_then(Value::as_str).unwrap_or("");
            let page = if page.starts_with("http") {
                page.to_owned()
            } else {
                format!("{root}{page}")
            };
            table.row(vec![name.into(), page.into()]);
        }
        text.push_str(&table.render());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_an_answer() {
        let info = serde_json::json!({
            "version": [2025, 2, 6], "date": "2025-11-18", "nomEtab": "Collège X",
            "CAS": {"actif": false},
            "espaces": [{"nom": "Espace Élèves", "URL": "mobile.eleve.html", "genreEspace": 6}],
        });
        let text = describe("http://x/pronote/", &info);
        let plain = anstream::adapter::strip_str(&text).to_string();
        assert!(plain.contains("2025.2.6"), "{plain}");
        assert!(plain.contains("Collège X"));
        assert!(plain.contains("http://x/pronote/mobile.eleve.html"));
    }
}
