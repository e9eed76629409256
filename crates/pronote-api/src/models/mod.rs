//! Plain Rust models of PRONOTE data, usable without the HTTP client.

pub mod instance;
pub mod user;

pub use instance::{Fortnight, Holiday, Instance, Period};
pub use user::{AccountKind, Student, User};
