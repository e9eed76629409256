//! Request URLs parsed against an earlier one's origin.
//!
//! A session sends every call to the same scheme, host and port; only the
//! path changes (it carries the call's order number). Parsing the whole
//! URL each time runs the host through IDNA processing, about 4 µs of an
//! exchange's 80 on loopback (`perf`, `benches/transport.rs`). When a URL
//! starts with the text of a recent URL's origin, followed by a path, its
//! path is resolved against that URL instead (`Url::join`, which reuses
//! the base's scheme and authority as parsed). Anything else is parsed
//! whole.
//!
//! The cache belongs to the transport's shared part: the sessions of a
//! process, which mostly talk to a few schools, share a handful of
//! entries instead of each keeping its own.

use std::sync::{Mutex, PoisonError};

use url::Url;

use crate::cookies::parse_url;
use crate::error::TransportError;

/// How many origins are remembered.
const ENTRIES: usize = 8;

/// Recent URLs, each with the text of its origin as it was written.
#[derive(Default)]
pub(crate) struct UrlCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    list: Vec<(String, Url)>,
    /// The entry a new origin replaces once the list is full.
    next: usize,
}

impl UrlCache {
    /// `text` parsed as [`parse_url`] parses it.
    pub(crate) fn parse(&self, text: &str) -> Result<Url, TransportError> {
        let Some((origin, path)) = split(text) else {
            return parse_url(text);
        };
        {
            let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, base)) = entries.list.iter().find(|(known, _)| known == origin) {
                if let Ok(url) = base.join(path) {
                    return Ok(url);
                }
            }
        }
        let url = parse_url(text)?;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if !entries.list.iter().any(|(known, _)| known == origin) {
            let entry = (origin.to_owned(), url.clone());
            if entries.list.len() < ENTRIES {
                entries.list.push(entry);
            } else {
                let at = entries.next;
                entries.list[at] = entry;
                entries.next = (at + 1) % ENTRIES;
            }
        }
        Ok(url)
    }
}

/// `text` as its origin's text (`scheme://authority`) and the rest, when
/// the rest is a path the origin can be reused for: it starts with one
/// `/` (two would start an authority of their own) and holds no `\`,
/// which `http` and `https` URLs read as `/`. Tabs and newlines, which
/// the parser drops, and leading or trailing spaces, which it trims, are
/// left to a whole parse too, and so is an empty authority: the parser
/// skips the slashes after `http://` and takes the host from what
/// follows (`http:///a` is `http://a/`), so the path is not a path.
fn split(text: &str) -> Option<(&str, &str)> {
    if text.bytes().any(|b| b == b'\\' || b <= b' ') {
        return None;
    }
    let start = text.find("://")? + 3;
    let end = start + text[start..].find(['/', '?', '#'])?;
    if end == start {
        return None;
    }
    let (origin, path) = text.split_at(end);
    (path.starts_with('/') && !path.starts_with("//")).then_some((origin, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(cache: &UrlCache, text: &str) {
        let cached = cache
            .parse(text)
            .map(|u| u.to_string())
            .map_err(|e| e.to_string());
        let whole = parse_url(text)
            .map(|u| u.to_string())
            .map_err(|e| e.to_string());
        assert_eq!(cached, whole, "{text:?}");
    }

    #[test]
    fn paths_are_resolved_against_the_last_origin() {
        let cache = UrlCache::default();
        for text in [
            "https://Demo.Index-Education.net/pronote/eleve.html",
            "https://Demo.Index-Education.net/pronote/appelfonction/3/1234/abc?x=1#f",
            "https://Demo.Index-Education.net/pronote/./a/../b/%7e/é?q=é",
            "https://Demo.Index-Education.net/",
            "https://Demo.Index-Education.net//double",
            "https://Demo.Index-Education.net?q",
            "https://Demo.Index-Education.net#f",
            "https://Demo.Index-Education.net\\back/slash",
            "https://user:pw@Demo.Index-Education.net:443/x",
            "https://user:pw@Demo.Index-Education.net:443/y",
            "http://127.0.0.1:8080/a b",
            "http://127.0.0.1:8080/a\tb",
            " http://127.0.0.1:8080/lead",
            "http://127.0.0.1:8080/trail ",
            "http://[::1]:8080/v6",
            "http://[::1]:8080/v6/again",
            "http://xn--lve-6lad.fr/idna",
            "http://élève.fr/idna",
            "http://élève.fr/again",
            "ftp://example.org/file",
            "http://",
            "http:///a?",
            "http:///",
            "not a url",
        ] {
            same(&cache, text);
        }
    }

    #[test]
    fn more_origins_than_entries() {
        let cache = UrlCache::default();
        for round in 0..3 {
            for host in 0..(ENTRIES + 3) {
                same(
                    &cache,
                    &format!("https://school{host}.example.fr/pronote/{round}"),
                );
            }
        }
        assert_eq!(cache.entries.lock().unwrap().list.len(), ENTRIES);
    }

    proptest! {
        #[test]
        fn cached_parses_equal_whole_ones(
            origins in proptest::collection::vec(
                "(http|https|HTTP|ftp)://([a-zA-Zé.\\-]{0,12}|\\[::1\\]|127\\.0\\.0\\.1)(:[0-9]{1,5})?",
                1..4,
            ),
            // Mostly paths (the cached case), some of anything else.
            paths in proptest::collection::vec(
                "/[/a-z%.é?#\\\\ \t]{0,16}|[/a-z%.é?#\\\\ \t]{0,6}",
                1..12,
            ),
        ) {
            let cache = UrlCache::default();
            for (i, path) in paths.iter().enumerate() {
                let text = format!("{}{}", origins[i % origins.len()], path);
                let cached = cache.parse(&text).map(|u| u.to_string()).map_err(|e| e.to_string());
                let whole = parse_url(&text).map(|u| u.to_string()).map_err(|e| e.to_string());
                prop_assert_eq!(cached, whole, "{:?}", text);
            }
        }
    }
}
