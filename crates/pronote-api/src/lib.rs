//! The typed, high-level PRONOTE client.
//!
//! ```no_run
//! # async fn run() -> pronote_api::Result<()> {
//! use pronote_api::LoginBuilder;
//! let client = LoginBuilder::password(
//!     "https://demo.index-education.net/pronote/eleve.html",
//!     "demonstration",
//!     "pronotevs",
//! )
//! .on_credentials(|credentials| {
//!     // Persist `credentials` (serde): a rotated token is void once replaced.
//!     let _ = credentials;
//! })
//! .connect()
//! .await?;
//! let instance = client.instance().await;
//! println!("{} periods", instance.periods.len());
//! # Ok(()) }
//! ```
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
mod records;

#[cfg(feature = "client")]
pub use client::{Client, ExportedSession};
pub use credentials::{Credentials, Secret};
#[cfg(feature = "client")]
pub use discovery::instance_info;
pub use error::{Error, Result};
#[cfg(feature = "client")]
pub use login::{DoubleAuthStep, LoginBuilder, LoginStep};
#[cfg(feature = "client")]
pub use messaging::is_save_rejected;
pub use pronote_proto::login::{Device, DoubleAuthAnswer, DoubleAuthPrompt, LoginOptions};
#[cfg(feature = "client")]
pub use records::search_schools;
