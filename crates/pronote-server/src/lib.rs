//! A simulated PRONOTE instance, for testing PRONOTE clients.
//!
//! `pronote-server` speaks the real wire protocol of PRONOTE (the French
//! school-life web application) over HTTP: the space pages with their
//! `Start({...})` call, the encrypted and compressed function calls under
//! `appelfonction/`, the login with its challenge, tokens, QR codes and
//! double authentication, and the replies public clients (pronotepy,
//! Pawnote, `pronote-proto`) read. Its data is a French school year
//! (2025-09-01 to 2026-07-03) generated deterministically from a seed, of
//! a collège or, with [`DemoSchool::Lycee`], of a lycée with an uneven hour
//! grid and semesters. With [`Ent`] the instance is bound to an ENT (CAS),
//! as real instances behind one are.
//!
//! ```text
//!             GET eleve.html ─────────▶ page with Start({h, a, CrA, CoA, …}), a new session h
//!  client ──▶ POST appelfonction/a/h/no ─▶ envelope ─▶ order check ─▶ payload decode
//!                                                          │
//!             reply (order + 1, encrypted) ◀── function handler ◀── demo data
//! ```
//!
//! # Example
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use std::time::Duration;
//! let server = pronote_server::Server::builder()
//!     .version("2025.2.6")
//!     .encryption(true)
//!     .compression(true)
//!     .session_timeout(Duration::from_secs(600))
//!     .seed(7)
//!     .bind("127.0.0.1:0")
//!     .start()
//!     .await?;
//! println!("{}eleve.html", server.url()); // http://127.0.0.1:PORT/pronote/eleve.html
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Demo accounts (all with password `pronotevs`) are listed in
//! `docs/server.md`: `demonstration` on `eleve.html` and on `parent.html`
//! (two children), `securise` (double authentication, PIN `1234`),
//! `viescolaire` on `viescolaire.html`, `desactive` (a disabled account).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod cas;
mod config;
mod data;
mod demo_date;
mod ent;
mod fault;
mod files;
mod functions;
mod geoloc;
mod http;
mod ids;
mod page;
mod rpc;
mod server;
mod session;
mod store;
mod upload;

pub use cas::Ent;
pub use config::{Config, ConfigError, DemoSchool};
pub use demo_date::demo_today;
pub use fault::Fault;
pub use server::{RunningServer, Server, ServerBuilder};
#[doc(hidden)]
pub use upload::multipart_parts;
