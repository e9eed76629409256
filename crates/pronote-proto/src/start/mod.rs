//! Reading a PRONOTE space page: the `Start({...})` call that opens a
//! session ([protocol notes §2](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)).
//!
//! The page served at `{root}/eleve.html` (or `parent.html`, …) calls
//! `Start` with a JavaScript object literal, in one of two known shapes:
//!
//! ```text
//! <body onload="try { Start ({h:'2052117',sCrA:true,a:3,d:true}) } catch (e) {...}">
//! <script>window.addEventListener("load", () => {try{Start ({"h":1697793,"d":true,"a":3});} catch (e) {}})</script>
//! ```
//!
//! [`StartPage::parse`] finds that call (in an attribute, HTML entities
//! such as `&quot;` are decoded first, as a browser does), reads the
//! literal with a real parser ([`literal`]) and types its keys
//! ([`StartParams`]). A page without a call is checked for the server's
//! known error texts (IP suspended, site unavailable, busy, …).

mod key;
pub mod literal;
mod locate;
mod params;
mod write;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use params::{EntTokens, PageFlags, PageRsaKey, StartParams};

use crate::error::{DecodeError, Error, Result, ServerError};
use crate::version::Version;

/// The largest page accepted, in bytes (real pages are a few kilobytes).
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// What a PRONOTE space page says: the `Start` parameters and, when the
/// page shows it, the server version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPage {
    /// The parameters passed to `Start({...})`.
    pub params: StartParams,
    /// The version in the page (`PRONOTE 2025.2.11 …`), if found.
    pub version: Option<Version>,
}

impl StartPage {
    /// Reads a space page.
    ///
    /// The first `Start ( {` that is not part of a longer name (`onStart`,
    /// `StartLogin` are ignored) and not inside an HTML comment is read.
    ///
    /// ```
    /// use pronote_proto::start::{PageFlags, StartPage};
    /// use pronote_proto::Version;
    /// let html = r#"<html><body onload="try { Start ({h:'2052117',sCrA:true,a:3,d:true}) } catch (e) {}">
    /// <a href="https://www.index-education.com">PRONOTE 2024.3.5 gestion de vie scolaire</a></body></html>"#;
    /// let page = StartPage::parse(html)?;
    /// assert_eq!(page.params.session_id, 2052117);
    /// assert_eq!(page.params.espace, 3);
    /// assert_eq!(page.params.flags, PageFlags::Skip { skip_encrypt: true, skip_compress: false });
    /// assert_eq!(page.version, Some(Version::new(&[2024, 3, 5])));
    ///
    /// let suspended = "<html><body>Votre adresse IP est provisoirement suspendue</body></html>";
    /// assert!(matches!(
    ///     StartPage::parse(suspended),
    ///     Err(pronote_proto::Error::Server(pronote_proto::ServerError::IpSuspended))
    /// ));
    /// # Ok::<(), pronote_proto::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// * [`Error::Server`] when the page has no `Start` call and shows one
    ///   of the server's known error texts;
    /// * [`DecodeError::StartPage`] when it has no call and no known error
    ///   text (probably not a space page URL), when the literal does not
    ///   parse, when `h` or `a` is missing or a key has the wrong type, or
    ///   when the page is larger than [`MAX_PAGE_BYTES`].
    pub fn parse(html: &str) -> Result<StartPage> {
        if html.len() > MAX_PAGE_BYTES {
            return Err(DecodeError::StartPage(format!(
                "page larger than {MAX_PAGE_BYTES} bytes: not a PRONOTE space page"
            ))
            .into());
        }
        match locate::find_start_literal(html)? {
            Some(object) => Ok(StartPage {
                params: StartParams::from_object(object)?,
                version: Version::find_in_text(html),
            }),
            None => Err(match ServerError::from_body_text(html) {
                Some(server) => Error::Server(server),
                None => DecodeError::StartPage(
                    "no `Start({...})` call found: is this the URL of a PRONOTE space page \
                     (such as https://…/pronote/eleve.html)?"
                        .to_owned(),
                )
                .into(),
            }),
        }
    }
}
