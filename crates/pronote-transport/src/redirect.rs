//! The one redirect routine, shared by exchanges and streams: where to go
//! next, with which method, and whether the caller's headers may follow.

use std::collections::HashSet;

use pronote_proto::http::Method;
use url::{Origin, Url};

use crate::error::TransportError;

/// Whether a status is a redirect the transport follows.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// A URL for logs and errors: without its query and fragment, which may
/// hold tickets.
pub(crate) fn strip_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

/// The state of one chain of redirects.
#[derive(Debug)]
pub(crate) struct Redirects {
    origin: Origin,
    max: usize,
    followed: usize,
    visited: HashSet<(Method, String)>,
}

impl Redirects {
    /// A chain starting with `method` on `start`, following at most `max`
    /// redirects.
    pub(crate) fn new(start: &Url, method: Method, max: usize) -> Self {
        let mut visited = HashSet::new();
        visited.insert((method, start.to_string()));
        Redirects {
            origin: start.origin(),
            max,
            followed: 0,
            visited,
        }
    }

    /// How many redirects were followed.
    pub(crate) fn followed(&self) -> usize {
        self.followed
    }

    /// Whether the caller's headers (cookies included) may be sent to
    /// `url`: only on the origin (scheme, host, port) they were given for.
    pub(crate) fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.origin
    }

    /// The next request after a response with `status` and `location` to
    /// a `method` request on `from`: `None` when the response is the final
    /// one. Refuses a redirect from `https` to `http`
    /// ([`TransportError::InsecureRedirect`]), to another scheme, past the
    /// limit, or back to a request already made. 303 (and 301/302 after a
    /// POST) turn the request into a GET without body, as browsers do.
    pub(crate) fn next(
        &mut self,
        from: &Url,
        status: u16,
        location: Option<&str>,
        method: Method,
    ) -> Result<Option<(Url, Method)>, TransportError> {
        let Some(location) = location.filter(|_| is_redirect(status)) else {
            return Ok(None);
        };
        if self.followed >= self.max {
            return Err(TransportError::TooManyRedirects(self.max));
        }
        let next = from
            .join(location)
            .map_err(|e| TransportError::InvalidUrl(format!("redirect target: {e}")))?;
        if !matches!(next.scheme(), "http" | "https") {
            return Err(TransportError::InvalidUrl(
                "redirect to a non-http URL".into(),
            ));
        }
        if from.scheme() == "https" && next.scheme() == "http" {
            return Err(TransportError::InsecureRedirect {
                from: strip_query(from),
                to: strip_query(&next),
            });
        }
        let method = if status == 303 || (matches!(status, 301 | 302) && method == Method::Post) {
            Method::Get
        } else {
            method
        };
        if !self.visited.insert((method, next.to_string())) {
            return Err(TransportError::RedirectLoop(strip_query(&next)));
        }
        tracing::debug!(status, to = %strip_query(&next), "following redirect");
        self.followed += 1;
        Ok(Some((next, method)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn https_to_http_is_refused() {
        let start = url("https://demo.index-education.net/pronote/eleve.html?x=1");
        let mut chain = Redirects::new(&start, Method::Get, 10);
        let err = chain.next(
            &start,
            302,
            Some("http://demo.index-education.net/pronote/"),
            Method::Get,
        );
        match err {
            Err(TransportError::InsecureRedirect { from, to }) => {
                assert_eq!(from, "https://demo.index-education.net/pronote/eleve.html");
                assert_eq!(to, "http://demo.index-education.net/pronote/");
            }
            other => panic!("{other:?}"),
        }
        // http to https, and http to http (local instances), are followed.
        let plain = url("http://127.0.0.1:8080/pronote/");
        let mut chain = Redirects::new(&plain, Method::Get, 10);
        let to_tls = chain.next(&plain, 301, Some("https://127.0.0.1/pronote/"), Method::Get);
        assert!(matches!(to_tls, Ok(Some(_))));
        let local = chain.next(&plain, 302, Some("/pronote/eleve.html"), Method::Get);
        assert!(matches!(local, Ok(Some(_))));
        assert_eq!(chain.followed(), 2);
    }

    #[test]
    fn methods_limits_loops_and_origins() {
        let start = url("https://a.example/login");
        let mut chain = Redirects::new(&start, Method::Post, 2);
        assert!(chain.same_origin(&url("https://a.example/other?q")));
        assert!(!chain.same_origin(&url("https://b.example/login")));
        assert!(!chain.same_origin(&url("https://a.example:8443/login")));
        assert!(!chain.same_origin(&url("http://a.example/login")));
        assert!(matches!(
            chain.next(&start, 200, Some("/x"), Method::Post),
            Ok(None)
        ));
        assert!(matches!(
            chain.next(&start, 302, None, Method::Post),
            Ok(None)
        ));
        let kept = chain.next(&start, 307, Some("/keep"), Method::Post);
        assert_eq!(kept.ok().flatten().map(|(_, m)| m), Some(Method::Post));
        let changed = chain.next(&start, 302, Some("https://b.example/"), Method::Post);
        assert_eq!(changed.ok().flatten().map(|(_, m)| m), Some(Method::Get));
        assert!(matches!(
            chain.next(&start, 302, Some("/third"), Method::Get),
            Err(TransportError::TooManyRedirects(2))
        ));
        let mut looping = Redirects::new(&start, Method::Get, 10);
        assert!(matches!(
            looping.next(&start, 302, Some("/login"), Method::Get),
            Err(TransportError::RedirectLoop(_))
        ));
        assert!(matches!(
            looping.next(&start, 302, Some("ftp://a.example/"), Method::Get),
            Err(TransportError::InvalidUrl(_))
        ));
    }
}
