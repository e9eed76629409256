//! A shared cookie jar: ENT logins leave their session in cookies, and the
//! PRONOTE page fetched afterwards must carry them.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use cookie_store::CookieStore;
use url::Url;

/// A thread-safe cookie jar, cheap to clone (clones share the cookies).
///
/// ```
/// use pronote_transport::CookieJar;
/// let jar = CookieJar::default();
/// jar.add("CASTGC=TGT-1; Path=/", "https://ent.example.fr/cas/login")?;
/// assert_eq!(jar.header_for("https://ent.example.fr/cas/x")?.as_deref(), Some("CASTGC=TGT-1"));
/// assert_eq!(jar.header_for("https://other.example.fr/")?, None);
/// # Ok::<(), pronote_transport::TransportError>(())
/// ```
#[derive(Clone, Default)]
pub struct CookieJar {
    store: Arc<Mutex<CookieStore>>,
}

impl fmt::Debug for CookieJar {
    // Cookie values are session secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self
            .store
            .lock()
            .map(|s| s.iter_unexpired().count())
            .unwrap_or(0);
        f.debug_struct("CookieJar")
            .field("cookies", &count)
            .finish()
    }
}

impl CookieJar {
    /// Stores a `Set-Cookie` value received from `url`. Invalid cookies
    /// are ignored, as a browser does.
    pub fn add(&self, set_cookie: &str, url: &str) -> Result<(), crate::TransportError> {
        let url = parse_url(url)?;
        self.store_from(&url, std::iter::once(set_cookie));
        Ok(())
    }

    /// The `Cookie` header value for a request to `url`, if any cookie
    /// applies.
    pub fn header_for(&self, url: &str) -> Result<Option<String>, crate::TransportError> {
        Ok(self.header_for_url(&parse_url(url)?))
    }

    /// Removes every cookie.
    pub fn clear(&self) {
        self.store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The names of the cookies held (values are secrets).
    pub fn names(&self) -> Vec<String> {
        let store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        store
            .iter_unexpired()
            .map(|c| c.name().to_owned())
            .collect()
    }

    pub(crate) fn store_from<'a>(&self, url: &Url, set_cookies: impl Iterator<Item = &'a str>) {
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        for value in set_cookies {
            // A malformed or foreign-domain cookie is dropped.
            let _ = store.parse(value, url);
        }
    }

    pub(crate) fn header_for_url(&self, url: &Url) -> Option<String> {
        let store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let pairs: Vec<String> = store
            .get_request_values(url)
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }
}

pub(crate) fn parse_url(url: &str) -> Result<Url, crate::TransportError> {
    let parsed = Url::parse(url).map_err(|e| crate::TransportError::InvalidUrl(format!("{e}")))?;
    match parsed.scheme() {
        "http" | "https" => Ok(parsed),
        other => Err(crate::TransportError::InvalidUrl(format!(
            "scheme `{other}` is not http or https"
        ))),
    }
}
