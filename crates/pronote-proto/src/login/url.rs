//! Page URLs: the instance root, the page, its mobile variant.

use crate::error::DecodeError;

/// The query that skips the browser check, the ENT redirect and the
/// delegation page; used for mobile (token and QR-code) logins.
pub const MOBILE_QUERY: &str = "fd=1&bydlg=A6ABB224-12DD-4E31-AD3E-8A39A1C2C335&login=true";

/// Splits a page URL into the instance root and the page (with its
/// query): `https://x/pronote/eleve.html?a=1` → (`https://x/pronote`,
/// `eleve.html?a=1`).
///
/// ```
/// use pronote_proto::login::split_page_url;
/// let (root, page) = split_page_url("https://x.fr/pronote/mobile.eleve.html?fd=1")?;
/// assert_eq!((root.as_str(), page.as_str()), ("https://x.fr/pronote", "mobile.eleve.html?fd=1"));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn split_page_url(url: &str) -> Result<(String, String), DecodeError> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| DecodeError::Url("expected an absolute http(s) URL".into()))?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(DecodeError::Url("expected an http or https URL".into()));
    }
    let without_fragment = rest.split('#').next().unwrap_or(rest);
    let (path_part, query) = match without_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (without_fragment, None),
    };
    let Some(slash) = path_part.rfind('/') else {
        return Err(DecodeError::Url(
            "the URL has no path: expected …/pronote/eleve.html".into(),
        ));
    };
    if path_part[..slash].is_empty() {
        return Err(DecodeError::Url("the URL has no host".into()));
    }
    let root = format!("{scheme}://{}", &path_part[..slash]);
    let mut page = path_part[slash + 1..].to_owned();
    if let Some(q) = query {
        page.push('?');
        page.push_str(q);
    }
    Ok((root, page))
}

/// The mobile variant of a space page, as token and QR-code logins use it:
/// the page gets the `mobile.` prefix, the query becomes
/// [`MOBILE_QUERY`], the fragment is dropped.
///
/// ```
/// use pronote_proto::login::mobile_page_url;
/// assert_eq!(
///     mobile_page_url("https://x.fr/pronote/eleve.html?login=true#x")?,
///     "https://x.fr/pronote/mobile.eleve.html?fd=1&bydlg=A6ABB224-12DD-4E31-AD3E-8A39A1C2C335&login=true"
/// );
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn mobile_page_url(url: &str) -> Result<String, DecodeError> {
    let (root, page) = split_page_url(url)?;
    let name = page.split('?').next().unwrap_or("");
    let name = if name.is_empty() { "eleve.html" } else { name };
    let mobile = if name.starts_with("mobile.") {
        name.to_owned()
    } else {
        format!("mobile.{name}")
    };
    Ok(format!("{root}/{mobile}?{MOBILE_QUERY}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(split_page_url("eleve.html").is_err());
        assert!(split_page_url("ftp://x/y.html").is_err());
        assert_eq!(
            mobile_page_url("https://0000000a.index-education.net/pronote/mobile.parent.html?fd=1")
                .ok(),
            Some(format!(
                "https://0000000a.index-education.net/pronote/mobile.parent.html?{MOBILE_QUERY}"
            ))
        );
    }
}
