//! Finding a school's PRONOTE instance by location: Index Éducation's
//! geolocation endpoint (not a PRONOTE function, no session) and the
//! distance ordering.
//!
//! Request: `POST {base}` with the form body
//! `data={"nomFonction":"geoLoc","lat":"<lat>","long":"<lon>"}`. Reply: `{}`
//! (nothing nearby) or a JSON array of `{url, nomEtab, lat, long, cp}`,
//! every value a string.

use std::borrow::Cow;

use pronote_proto::http::{HttpRequest, Method};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The public endpoint.
pub const GEOLOCATION_URL: &str = "https://www.index-education.com/swie/geoloc.php";

/// A school near a point.
///
/// ```
/// use pronote_api::models::school::{parse_schools, sort_by_distance};
/// let body = br#"[
///   {"url": "https://far.index-education.net/pronote/", "nomEtab": "LYCEE LOIN", "lat": "48.85", "long": "2.35", "cp": "75001"},
///   {"url": "https://near.index-education.net/pronote/", "nomEtab": "COLLEGE PRES", "lat": "47.24", "long": "6.02", "cp": "25000"}
/// ]"#;
/// let mut schools = parse_schools(body)?;
/// sort_by_distance(&mut schools, 47.2378, 6.0241);
/// assert_eq!(schools[0].name, "COLLEGE PRES");
/// assert!(schools[0].distance_km.unwrap_or(f64::MAX) < 1.0);
/// # Ok::<(), pronote_api::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct School {
    /// The instance's root URL (`url`, lower-cased as Pawnote does).
    pub url: String,
    /// The name (`nomEtab`, trimmed).
    pub name: String,
    /// Latitude (`lat`).
    pub latitude: f64,
    /// Longitude (`long`).
    pub longitude: f64,
    /// The postal code (`cp`).
    pub postal_code: String,
    /// The distance from the searched point, once sorted.
    pub distance_km: Option<f64>,
}

/// The request for schools around `latitude`, `longitude`, sent to `url`
/// ([`GEOLOCATION_URL`], or a test server).
pub fn geolocation_request(url: &str, latitude: f64, longitude: f64) -> HttpRequest {
    let body =
        format!(r#"data={{"nomFonction":"geoLoc","lat":"{latitude}","long":"{longitude}"}}"#);
    HttpRequest {
        method: Method::Post,
        url: url.to_owned(),
        headers: vec![(
            Cow::Borrowed("Content-Type"),
            "application/x-www-form-urlencoded;charset=UTF-8".to_owned(),
        )],
        body: body.into_bytes(),
    }
}

/// Reads the endpoint's reply. `{}` (or an empty body) is no school;
/// entries without a URL or a readable position are skipped.
pub fn parse_schools(body: &[u8]) -> Result<Vec<School>> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() || text == "{}" {
        return Ok(Vec::new());
    }
    let value: Value =
        serde_json::from_str(text).map_err(|_| Error::reply("geoLoc", "the reply is not JSON"))?;
    let Value::Array(items) = value else {
        return Err(Error::reply("geoLoc", "the reply is not a list"));
    };
    let text_of = |v: &Value, key: &str| -> Option<String> {
        match v.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            Some(School {
                url: text_of(item, "url")?.to_lowercase(),
                name: text_of(item, "nomEtab").unwrap_or_default(),
                latitude: text_of(item, "lat")?.parse().ok()?,
                longitude: text_of(item, "long")?.parse().ok()?,
                postal_code: text_of(item, "cp").unwrap_or_default(),
                distance_km: None,
            })
        })
        .collect())
}

/// The great-circle distance in kilometres (haversine, mean Earth radius
/// 6371 km).
///
/// ```
/// use pronote_api::models::school::haversine_km;
/// // Paris to Besançon: about 327 km.
/// let d = haversine_km(48.8566, 2.3522, 47.2378, 6.0241);
/// assert!((d - 327.0).abs() < 5.0, "{d}");
/// ```
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Fills [`School::distance_km`] from the point and sorts nearest first.
pub fn sort_by_distance(schools: &mut [School], latitude: f64, longitude: f64) {
    for school in schools.iter_mut() {
        school.distance_km = Some(haversine_km(
            latitude,
            longitude,
            school.latitude,
            school.longitude,
        ));
    }
    schools.sort_by(|a, b| {
        a.distance_km
            .unwrap_or(f64::MAX)
            .total_cmp(&b.distance_km.unwrap_or(f64::MAX))
    });
}
