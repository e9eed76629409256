//! Finding the demo school the way apps find real ones: Index Éducation's
//! geolocation endpoint (`POST /swie/geoloc.php`, form body
//! `data={"nomFonction":"geoLoc","lat":"…","long":"…"}`, answering the
//! schools near the point, or `{}`), and a town / postcode search shaped
//! like the French address API (`GET /search/?q=…&type=municipality`,
//! a GeoJSON feature collection), so that a school can be looked up by
//! town or postcode with no network beyond this server.
//!
//! The demo school stands in Besançon (postcode 25000).

use crate::http::{HttpResponse, json};
use crate::server::Shared;

/// The geolocation endpoint's path.
pub(crate) const GEOLOC_PATH: &str = "/swie/geoloc.php";
/// The town search's path.
pub(crate) const SEARCH_PATH: &str = "/search/";

/// The demo school's position and town.
const LATITUDE: f64 = 47.2378;
const LONGITUDE: f64 = 6.0241;
const POSTCODE: &str = "25000";
const TOWN: &str = "Besan\u{e7}on";
/// How far from the school (in degrees of latitude / longitude) a point
/// still finds it: about 50 km.
const REACH_LAT: f64 = 0.45;
const REACH_LON: f64 = 0.65;

/// Answers a geolocation request: the demo school when the point is near
/// it, else `{}` (what the real endpoint answers for nothing nearby).
/// `host` is the request's `Host`, giving the school's URL.
pub(crate) fn geoloc(shared: &Shared, host: &str, body: &[u8]) -> HttpResponse {
    let point = position(body);
    let near = point.is_some_and(|(lat, lon)| {
        (lat - LATITUDE).abs() <= REACH_LAT && (lon - LONGITUDE).abs() <= REACH_LON
    });
    let reply = if near {
        serde_json::json!([{
            "url": format!("http://{host}{}/", crate::http::ROOT),
            "nomEtab": shared.demo.school.name.to_uppercase(),
            "lat": LATITUDE.to_string(),
            "long": LONGITUDE.to_string(),
            "cp": POSTCODE,
        }])
    } else {
        serde_json::json!({})
    };
    json(shared, reply.to_string().into_bytes())
}

/// The point of a `data={…}` form body (percent-encoded or not).
fn position(body: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(body).ok()?;
    let data = text
        .split('&')
        .find_map(|pair| pair.strip_prefix("data="))?;
    let decoded = percent_encoding::percent_decode_str(data)
        .decode_utf8()
        .ok()?
        .replace('+', " ");
    let value: serde_json::Value = serde_json::from_str(&decoded).ok()?;
    let number = |key: &str| match value.get(key)? {
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        serde_json::Value::Number(n) => n.as_f64(),
        _ => None,
    };
    Some((number("lat")?, number("long")?))
}

/// Answers a town search (`q`: a town name or a postcode): the demo
/// school's town when it matches, else no feature.
pub(crate) fn search(shared: &Shared, query: Option<&str>) -> HttpResponse {
    let wanted = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .map(|q| {
            percent_encoding::percent_decode_str(&q.replace('+', " "))
                .decode_utf8_lossy()
                .trim()
                .to_lowercase()
        })
        .unwrap_or_default();
    let town = TOWN.to_lowercase();
    let matches = !wanted.is_empty()
        && (wanted == POSTCODE
            || town.starts_with(&wanted)
            || wanted == "besancon"
            || wanted.starts_with(&town));
    let features = if matches {
        serde_json::json!([{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [LONGITUDE, LATITUDE]},
            "properties": {
                "label": TOWN,
                "name": TOWN,
                "postcode": POSTCODE,
                "city": TOWN,
                "type": "municipality",
            },
        }])
    } else {
        serde_json::json!([])
    };
    let reply = serde_json::json!({"type": "FeatureCollection", "features": features});
    json(shared, reply.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_position_is_read_from_the_form() {
        let raw = br#"data={"nomFonction":"geoLoc","lat":"47.2","long":"6.1"}"#;
        assert_eq!(position(raw), Some((47.2, 6.1)));
        let encoded = b"data=%7B%22lat%22%3A%2247.2%22%2C%22long%22%3A6.1%7D";
        assert_eq!(position(encoded), Some((47.2, 6.1)));
        assert_eq!(position(b"nothing"), None);
    }
}
