#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
mod budget;
pub mod crypto;
mod deflate;
pub mod envelope;
pub mod error;
pub mod http;
pub mod login;
pub mod order;
pub mod password;
pub mod payload;
pub mod raw_reply;
pub mod reply_text;
pub mod session;
pub mod start;
pub mod urls;
pub mod value;
pub mod version;

pub use error::{
    AccessDenied, DecodeError, Error, LoginError, Misuse, PeerError, Result, ServerError,
};
pub use login::{Login, LoginConfig, LoginEvent, LoginMethod, LoginOutcome, LoginOutput};
pub use raw_reply::RawReply;
pub use reply_text::ReplyText;
pub use session::{Call, PendingCall, PendingUpload, Reply, Session, SessionState, UploadStatus};
pub use start::{StartPage, StartParams};
pub use version::{
    ChallengeRule, EnvelopeKeys, FlagStyle, Generation, InnerKeys, KeepAlive, Profile, Version,
};
