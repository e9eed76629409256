//! `schools near`: the schools with PRONOTE around a position, a postcode
//! or a town (looked up with the French address API), from Index
//! Éducation's geolocation endpoint, or from the demo instance with
//! `--demo`.

use pronote_api::models::school::School;
use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{HyperTransport, Transport};

use crate::cli::{SchoolsCommand, parse_position};
use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, print, print_json, style, title, truncate};
use crate::session::{Ctx, start_demo};

/// The town and postcode search: the French address API.
pub(crate) const GEOCODER_URL: &str = "https://api-adresse.data.gouv.fr/search/";

/// `schools`.
pub(crate) async fn schools(ctx: &Ctx, command: &SchoolsCommand) -> CliResult<()> {
    match command {
        SchoolsCommand::Near {
            place,
            url,
            geocoder,
        } => {
            let transport = ctx.transport()?;
            // Keep the demo instance alive until the search is answered.
            let mut _demo = None;
            let (url, geocoder) = match ctx.global.demo {
                Some(_) => {
                    let server = start_demo(ctx.today()).await?;
                    let address = server.local_addr();
                    _demo = Some(server);
                    (
                        format!("http://{address}/swie/geoloc.php"),
                        format!("http://{address}/search/"),
                    )
                }
                None => (url.clone(), geocoder.clone()),
            };
            let found = find(&transport, &url, &geocoder, place).await?;
            if ctx.global.json {
                return print_json(&found.schools);
            }
            let mut text = title(&format!("Schools near {}", found.label));
            text.push_str(&table(&found.schools));
            print(&text)
        }
    }
}

/// What a search found.
pub(crate) struct Found {
    /// The place as understood (`Besançon (25000)`, or the position).
    pub(crate) label: String,
    /// The schools, nearest first.
    pub(crate) schools: Vec<School>,
}

/// The schools near `place` (a position, a postcode or a town).
pub(crate) async fn find(
    transport: &HyperTransport,
    url: &str,
    geocoder: &str,
    place: &str,
) -> CliResult<Found> {
    let (lat, lon, label) = match parse_position(place) {
        Ok((lat, lon)) => (lat, lon, format!("{lat},{lon}")),
        Err(_)
            if place.contains(',')
                && place
                    .trim()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '-') =>
        {
            return Err(CliError::Usage(
                parse_position(place).err().unwrap_or_default(),
            ));
        }
        Err(_) => locate(transport, geocoder, place).await?,
    };
    let schools = pronote_api::search_schools(transport, url, lat, lon)
        .await
        .map_err(|e| CliError::api("searching the schools", e))?;
    Ok(Found { label, schools })
}

/// The position of a town or postcode.
async fn locate(
    transport: &HyperTransport,
    geocoder: &str,
    place: &str,
) -> CliResult<(f64, f64, String)> {
    let place = place.trim();
    if place.is_empty() {
        return Err(CliError::Usage(
            "give a town, a postcode or LATITUDE,LONGITUDE".into(),
        ));
    }
    let query: String =
        percent_encoding::utf8_percent_encode(place, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let url = format!("{geocoder}?q={query}&type=municipality&limit=5");
    let request = HttpRequest {
        method: Method::Get,
        url: url.clone(),
        headers: vec![("accept".into(), "application/json".to_owned())],
        body: Vec::new(),
    };
    let response = transport
        .send(&request)
        .await
        .map_err(|e| CliError::api(format!("looking {place:?} up"), e.into()))?;
    if response.status != 200 {
        return Err(CliError::Other(format!(
            "looking {place:?} up failed: HTTP status {}",
            response.status
        )));
    }
    let value: serde_json::Value = serde_json::from_slice(&response.body).map_err(|_| {
        CliError::Other(format!(
            "looking {place:?} up failed: the answer is not JSON"
        ))
    })?;
    let first = value
        .get("features")
        .and_then(serde_json::Value::as_array)
        .and_then(|f| f.first())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "no town or postcode matches {place:?}: check the spelling, or give LATITUDE,LONGITUDE"
            ))
        })?;
    let coordinates = first
        .pointer("/geometry/coordinates")
        .and_then(serde_json::Value::as_array);
    let (Some(lon), Some(lat)) = (
        coordinates
            .and_then(|c| c.first())
            .and_then(serde_json::Value::as_f64),
        coordinates
            .and_then(|c| c.get(1))
            .and_then(serde_json::Value::as_f64),
    ) else {
        return Err(CliError::Other(format!(
            "looking {place:?} up failed: the answer has no position"
        )));
    };
    let property = |key: &str| {
        first
            .pointer(&format!("/properties/{key}"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let label = format!("{} ({})", property("city"), property("postcode"));
    Ok((lat, lon, label))
}

/// The schools as a table.
pub(crate) fn table(schools: &[School]) -> String {
    if schools.is_empty() {
        return "No schools.\n".to_owned();
    }
    let mut table = Table::new(&["#", "Distance", "School", "Postal code", "URL"]);
    for (number, s) in (1..).zip(schools) {
        table.row(vec![
            Cell::styled(u32::to_string(&number), style::DIM),
            s.distance_km
                .map(|d| format!("{d:.1} km"))
                .unwrap_or_default()
                .into(),
            Cell::styled(truncate(&s.name, 50), style::TITLE),
            s.postal_code.clone().into(),
            s.url.clone().into(),
        ]);
    }
    table.render()
}
