//! The typed, high-level PRONOTE client.
//!
//! Every login mode starts from a [`LoginBuilder`]; each has a runnable
//! program in `examples/` that uses an embedded demo instance when given
//! no URL (`cargo run -p pronote-api --example password`).
//!
//! | mode | start with | example |
//! |---|---|---|
//! | username and password | [`LoginBuilder::password`] | `password.rs` |
//! | stored token (rotates at every login) | [`LoginBuilder::credentials`] | `token.rs` |
//! | QR code and PIN | [`LoginBuilder::qr_code`] | `qr_code.rs` |
//! | ENT (SSO) cookies | [`LoginBuilder::ent`] with a transport holding them | `ent_cookies.rs` |
//! | double authentication | [`LoginBuilder::start`] → [`LoginStep::DoubleAuth`] | `double_auth.rs` |
//! | a new password required at login | [`LoginBuilder::start`] → [`LoginStep::NewPasswordRequired`] | `new_password.rs` |
//!
//! ```no_run
//! # async fn run() -> pronote_api::Result<()> {
//! use pronote_api::{Credentials, DoubleAuthAnswer, LoginBuilder, LoginStep};
//! let url = "https://demo.index-education.net/pronote/eleve.html";
//!
//! // Password; ask for a token so the next login needs no password.
//! let client = LoginBuilder::password(url, "demonstration", "pronotevs")
//!     .request_token(true)
//!     .on_credentials(|c: &Credentials| {
//!         // Persist `c` now (serde): a rotated token voids the previous one.
//!         let _ = serde_json::to_string(c);
//!     })
//!     .connect()
//!     .await?;
//!
//! // Token: the stored credentials.
//! let stored = client.credentials().expect("a token was issued");
//! let again = LoginBuilder::credentials(&stored).connect().await?;
//!
//! // QR code: the JSON of the scanned code and the PIN chosen for it.
//! let qr = r#"{"jeton":"…","login":"…","url":"https://…/pronote/mobile.eleve.html"}"#;
//! let device = LoginBuilder::qr_code(qr, "1234", "my-device-uuid")?.connect().await?;
//!
//! // Double authentication, as explicit steps.
//! match LoginBuilder::password(url, "securise", "pronotevs").start().await? {
//!     LoginStep::Connected(client) => drop(client),
//!     LoginStep::DoubleAuth(step) => {
//!         let answer = DoubleAuthAnswer { pin: Some("1234".into()), device_name: Some("phone".into()) };
//!         let _client = step.answer(answer).await.map_err(|(e, _)| e)?;
//!     }
//!     _ => { /* another step: see below */ }
//! }
//! # let _ = (again, device);
//! # Ok(()) }
//! ```
//!
//! An account may have to choose a new password at login (a provisional
//! password, one the school reset). The step gives the server's rules;
//! [`NewPasswordStep::answer`] checks the password against them before
//! sending anything, and a broken rule comes back named
//! ([`Error::password_rule`]) with the step, to ask again. Once the
//! server saved it the new credentials go to `on_credentials`, and the
//! login goes on (double authentication comes next if the account has it
//! too, as in the official client):
//!
//! ```no_run
//! # async fn run() -> pronote_api::Result<()> {
//! use pronote_api::{LoginBuilder, LoginStep};
//! let url = "https://demo.index-education.net/pronote/eleve.html";
//! let mut step = LoginBuilder::password(url, "nouveau", "pronotevs")
//!     .on_credentials(|c| { let _ = serde_json::to_string(c); /* persist */ })
//!     .start()
//!     .await?;
//! let candidates = ["court", "Nouveau-2026"];
//! let mut tries = candidates.iter();
//! let client = loop {
//!     step = match step {
//!         LoginStep::Connected(client) => break client,
//!         LoginStep::NewPasswordRequired(prompt) => {
//!             let rules = prompt.rules();
//!             println!("{} to {:?} characters", rules.min, rules.max);
//!             // Ask the user; here, two tries.
//!             let Some(candidate) = tries.next() else { return Err(pronote_api::Error::NewPasswordRequired) };
//!             match prompt.answer(candidate).await {
//!                 Ok(next) => next,
//!                 // "court": refused before sending; ask again.
//!                 Err((e, Some(again))) if e.password_rule().is_some() => {
//!                     println!("{e}");
//!                     LoginStep::NewPasswordRequired(again)
//!                 }
//!                 Err((e, _)) => return Err(e),
//!             }
//!         }
//!         _ => return Err(pronote_api::Error::DoubleAuthRequired), // see above
//!     };
//! };
//! # drop(client);
//! # Ok(()) }
//! ```
//!
//! A [`Client`] serialises the calls of its session (PRONOTE numbers every
//! message), logs in again by itself after an expiry before re-sending a
//! read (never a write), and hands rotated tokens to the callback before
//! anything else can fail. Many clients run concurrently; for thousands of
//! accounts share one transport (`HyperTransport::with_cookie_jar`).
#![cfg_attr(docsrs, feature(doc_cfg))]
// The crate docs introduce the client; without it their links to the
// client's items have nothing to point at.
#![cfg_attr(
    not(feature = "client"),
    allow(
        rustdoc::broken_intra_doc_links,
        reason = "the overview links to the `client` feature's items"
    )
)]
#![forbid(unsafe_code)]

#[cfg(feature = "client")]
mod client;
mod credentials;
#[cfg(feature = "client")]
mod discovery;
#[cfg(feature = "client")]
mod endpoints;
#[cfg(feature = "ent")]
pub mod ent;
mod error;
pub mod function;
pub mod functions;
#[cfg(feature = "client")]
mod login;
#[cfg(feature = "client")]
mod messaging;
pub mod models;
#[cfg(feature = "client")]
mod more_records;
#[cfg(feature = "client")]
mod records;
#[cfg(feature = "client")]
mod session_info;

#[cfg(feature = "client")]
pub use client::{Client, ExportedSession};
pub use credentials::{Credentials, Secret};
#[cfg(feature = "client")]
pub use discovery::{instance_info, is_instance_root, space_page_url};
pub use error::{Error, Result};
#[cfg(feature = "client")]
pub use login::{DoubleAuthStep, LoginBuilder, LoginStep, NewPasswordStep};
#[cfg(feature = "client")]
pub use messaging::is_save_rejected;
pub use pronote_proto::login::{Device, DoubleAuthAnswer, DoubleAuthPrompt, LoginOptions};
pub use pronote_proto::password::{NewPasswordPrompt, PasswordRuleError, PasswordRules};
#[cfg(feature = "client")]
pub use records::search_schools;

/// The README's example, compiled with the doc tests so that it stays true.
#[cfg(all(doctest, feature = "client"))]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
