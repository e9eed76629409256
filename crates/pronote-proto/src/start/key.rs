//! Wire names of the `Start({…})` keys read into typed fields.

pub(super) const SESSION: &str = "h";
pub(super) const ESPACE: &str = "a";
pub(super) const DEMO: &str = "d";
pub(super) const ACCESS_KIND: &str = "g";
pub(super) const RSA_MODULUS: &str = "MR";
pub(super) const RSA_EXPONENT: &str = "ER";
pub(super) const SKIP_ENCRYPT: &str = "sCrA";
pub(super) const SKIP_COMPRESS: &str = "sCoA";
pub(super) const ENCRYPT: &str = "CrA";
pub(super) const COMPRESS: &str = "CoA";
pub(super) const HTTP: &str = "http";
pub(super) const POLL: &str = "poll";
pub(super) const ENT_USERNAME: &str = "e";
pub(super) const ENT_PASSWORD: &str = "f";

/// Keys that never stay in `extra` (the flag keys may: see
/// [`PageFlags`](super::PageFlags)).
pub(super) const ALWAYS_TYPED: [&str; 10] = [
    SESSION,
    ESPACE,
    DEMO,
    ACCESS_KIND,
    RSA_MODULUS,
    RSA_EXPONENT,
    HTTP,
    POLL,
    ENT_USERNAME,
    ENT_PASSWORD,
];
