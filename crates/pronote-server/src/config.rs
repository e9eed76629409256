//! The instance's settings and the protocol profile derived from the
//! version.

use std::time::Duration;

use pronote_proto::{ChallengeRule, FlagStyle, Profile, Version};

/// The demo school an instance serves.
///
/// ```
/// use pronote_server::DemoSchool;
/// assert_eq!("lycee".parse::<DemoSchool>(), Ok(DemoSchool::Lycee));
/// assert_eq!(DemoSchool::default(), DemoSchool::College);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum DemoSchool {
    /// Collège Victor Hugo: 30-minute places from 08h00, trimesters, a
    /// canteen every day but Wednesday.
    #[default]
    College,
    /// Lycée Louis Pasteur: 55-minute places from 08h30 (lunch
    /// 12h25-13h30), semesters, room changes as superposed lessons, a
    /// canteen on Monday, Tuesday and Thursday only.
    Lycee,
}

impl std::str::FromStr for DemoSchool {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "college" | "coll\u{e8}ge" => Ok(DemoSchool::College),
            "lycee" | "lyc\u{e9}e" => Ok(DemoSchool::Lycee),
            other => Err(format!("unknown school {other:?} (known: college, lycee)")),
        }
    }
}

/// Settings of a simulated instance.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The PRONOTE version to simulate (decides the wire generation).
    pub version: Version,
    /// Encrypt the secure payloads (`CrA` / no `sCrA`).
    pub encryption: bool,
    /// Compress the secure payloads (`CoA` / no `sCoA`).
    pub compression: bool,
    /// Serve as an `http` instance: the `Uuid` is RSA-encrypted with the
    /// server's own key (see [`RunningServer::uuid_public_key`](crate::RunningServer::uuid_public_key)).
    pub http: bool,
    /// Idle time after which a session expires (error `G` 10).
    pub session_timeout: Duration,
    /// Seed of the demo data and of every random draw.
    pub seed: u64,
    /// The demo school served.
    pub school: DemoSchool,
    /// Failed logins after which an account is locked (error `G` 25).
    pub max_login_attempts: u32,
    /// How long a locked account stays locked.
    pub lockout: Duration,
    /// The day the instance believes it is (default: today, clamped into
    /// the school year; [`demo_today`](crate::demo_today) maps a real day
    /// into it the way the command-line server and `pronote --demo` do).
    pub today: Option<time::Date>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Most sessions kept at once (the oldest are dropped first).
    pub max_sessions: usize,
    /// How long a long-poll (`appelpolling`, 2025+) is held before its
    /// empty answer.
    pub poll_hold: Duration,
    /// The ENT the instance is bound to: space pages send visitors
    /// without a session to its login and accept the tickets it hands
    /// back (`None`: the PRONOTE login form).
    pub ent: Option<crate::Ent>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            version: Version::new(&[2025, 2, 6]),
            encryption: true,
            compression: true,
            http: false,
            session_timeout: Duration::from_secs(600),
            seed: 0,
            school: DemoSchool::College,
            max_login_attempts: 5,
            lockout: Duration::from_secs(300),
            today: None,
            max_body: 8 * 1024 * 1024,
            max_sessions: 10_000,
            poll_hold: Duration::from_secs(20),
            ent: None,
        }
    }
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The version does not parse.
    #[error("not a PRONOTE version (expected something like 2025.2.6)")]
    Version,
    /// The listen address does not parse.
    #[error("not a socket address (expected something like 127.0.0.1:0)")]
    Address,
}

impl Config {
    /// The wire rules of the simulated version.
    pub(crate) fn profile(&self) -> Profile {
        self.version.generation().profile()
    }

    /// Whether the page carries the instance's RSA key (`MR`/`ER`) and the
    /// `Uuid` is always RSA-encrypted with it (versions before 2023).
    pub(crate) fn rsa_in_page(&self) -> bool {
        self.version < Version::new(&[2023])
    }

    /// Whether the server needs an RSA key of its own.
    pub(crate) fn needs_rsa(&self) -> bool {
        self.rsa_in_page() || self.http
    }

    /// Whether the page's flags mean "do" (`CrA`/`CoA`).
    pub(crate) fn flags_do(&self) -> bool {
        self.profile().flags == FlagStyle::Do
    }

    /// The challenge rules accepted: `None` accepts both.
    pub(crate) fn challenge_rule(&self) -> Option<ChallengeRule> {
        match self.profile().challenge {
            ChallengeRule::AsReceived => Some(ChallengeRule::AsReceived),
            _ => None,
        }
    }

    /// Whether the login challenge is alea-wrapped (not on 2026.2.5+).
    pub(crate) fn challenge_wrapped(&self) -> bool {
        self.challenge_rule().is_none()
    }

    /// Whether the body's `session` must be a JSON number (2025+).
    pub(crate) fn session_must_be_number(&self) -> bool {
        self.flags_do()
    }

    /// The payload protection in force.
    pub(crate) fn flags(&self) -> pronote_proto::payload::Flags {
        pronote_proto::payload::Flags {
            encrypt: self.encryption,
            compress: self.compression,
        }
    }
}
