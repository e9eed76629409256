//! Server-side sessions: one per page load, keyed by `h`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use pronote_proto::crypto::Cipher;

use crate::data::Space;
use crate::ids::IdCodec;

/// How a login proves itself (from `Identification`'s flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginMode {
    /// Username and password.
    Password,
    /// Username and password, asking for a mobile token back.
    PasswordForToken,
    /// A QR code's one-time token.
    QrCode,
    /// A token from the previous mobile login.
    Token,
}

/// A login between `Identification` and `Authentification`.
#[derive(Debug, Clone)]
pub(crate) struct PendingLogin {
    /// The account, when the username is known.
    pub(crate) account: Option<usize>,
    /// The login mode.
    pub(crate) mode: LoginMode,
    /// The key the client must have derived.
    pub(crate) login_cipher: Cipher,
    /// The challenge sent.
    pub(crate) challenge: String,
    /// `uuidAppliMobile`.
    pub(crate) device: String,
    /// The token (or QR token) the key was derived from: a concurrent
    /// login may rotate it before this one authenticates.
    pub(crate) token_used: Option<String>,
}

/// Where a session is in its life.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// Page served; `FonctionParametres` expected.
    Fresh,
    /// Instance parameters sent; `Identification` expected.
    Parameters,
    /// Challenge sent; `Authentification` expected.
    Identified(Box<PendingLogin>),
    /// Logged in, double authentication or a new password pending.
    SecondFactor {
        /// The account.
        account: usize,
        /// A PIN must be checked.
        needs_pin: bool,
        /// A new password must be chosen (and saved by action 3).
        needs_password: bool,
    },
    /// Logged in.
    Ready {
        /// The account.
        account: usize,
    },
}

/// One session.
#[derive(Debug)]
pub(crate) struct Session {
    /// `h`.
    pub(crate) id: u64,
    /// `a`.
    pub(crate) espace: u32,
    /// The space served.
    pub(crate) space: Space,
    /// Current key and IV.
    pub(crate) cipher: Cipher,
    /// The number the next request must carry.
    pub(crate) next_order: i64,
    /// The number the next long-poll (`appelpolling`) must carry: -1, -2, …
    pub(crate) next_poll: i64,
    /// Last request time.
    pub(crate) last_seen: Instant,
    /// Id salting.
    pub(crate) ids: IdCodec,
    /// `identifiantNav` in use.
    pub(crate) navigator_id: Option<String>,
    /// Life step.
    pub(crate) step: Step,
    /// Files uploaded and not yet named by `SaisieTAFARendreEleve`, by
    /// the client's file id.
    pub(crate) uploads: HashMap<String, crate::upload::Uploaded>,
    /// ENT tokens put in the page (`e`, `f`).
    pub(crate) ent: Option<crate::ent::EntTokens>,
    /// The device UUID of the login (`uuidAppliMobile`).
    pub(crate) pending_device: Option<String>,
}

impl Session {
    pub(crate) fn new(id: u64, espace: u32, space: Space, salt: [u8; 16], now: Instant) -> Self {
        Session {
            id,
            espace,
            space,
            cipher: Cipher::initial(),
            next_order: 1,
            next_poll: -1,
            last_seen: now,
            ids: IdCodec::new(salt),
            navigator_id: None,
            step: Step::Fresh,
            pending_device: None,
            ent: None,
            uploads: HashMap::new(),
        }
    }

    /// The logged-in account, once fully logged in.
    pub(crate) fn account(&self) -> Option<usize> {
        match self.step {
            Step::Ready { account } => Some(account),
            _ => None,
        }
    }
}

/// A shared, lockable session.
pub(crate) type SessionRef = Arc<Mutex<Session>>;

/// Every live session.
#[derive(Debug)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<u64, (SessionRef, Instant)>>,
    max: usize,
    inserts: std::sync::atomic::AtomicU64,
}

impl Sessions {
    pub(crate) fn new(max: usize) -> Self {
        Sessions {
            map: Mutex::new(HashMap::new()),
            max: max.max(1),
            inserts: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (SessionRef, Instant)>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `id` is taken.
    pub(crate) fn contains(&self, id: u64) -> bool {
        self.lock().contains_key(&id)
    }

    /// Adds a session. Expired sessions are swept every 256 insertions and
    /// when the limit is reached (a session busy in a call is kept); past
    /// the limit the oldest go first.
    pub(crate) fn insert(&self, session: Session, timeout: std::time::Duration, now: Instant) {
        let mut map = self.lock();
        let count = self
            .inserts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if count % 256 == 255 || map.len() >= self.max {
            map.retain(|_, (s, _)| match s.try_lock() {
                Ok(s) => now.saturating_duration_since(s.last_seen) <= timeout,
                Err(_) => true,
            });
        }
        while map.len() >= self.max {
            let oldest = map
                .iter()
                .min_by_key(|(_, (_, created))| *created)
                .map(|(k, _)| *k);
            match oldest {
                Some(k) => {
                    map.remove(&k);
                }
                None => break,
            }
        }
        map.insert(session.id, (Arc::new(Mutex::new(session)), now));
    }

    /// The session `id`.
    pub(crate) fn get(&self, id: u64) -> Option<SessionRef> {
        self.lock().get(&id).map(|(s, _)| Arc::clone(s))
    }

    /// Forgets a session.
    pub(crate) fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Forgets every session.
    pub(crate) fn expire_all(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_sessions_go_past_the_limit() {
        let sessions = Sessions::new(3);
        let now = Instant::now();
        for id in 1..=5u64 {
            let at = now + std::time::Duration::from_millis(id);
            sessions.insert(
                Session::new(id, 3, Space::Student, [0; 16], at),
                std::time::Duration::from_secs(60),
                at,
            );
        }
        assert!(sessions.get(1).is_none() && sessions.get(2).is_none());
        assert!(sessions.get(3).is_some() && sessions.get(5).is_some());
        sessions.expire_all();
        assert!(sessions.get(5).is_none());
    }
}
