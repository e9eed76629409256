//! Sans-IO core of the PRONOTE protocol.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod error;
pub mod start;
pub mod value;
pub mod version;

pub use error::{AccessDenied, DecodeError, Error, LoginError, Misuse, PeerError, Result, ServerError};
pub use version::{ChallengeRule, EnvelopeKeys, FlagStyle, Generation, InnerKeys, KeepAlive, Profile, Version};
