//! What changes while the instance runs: login failures and locks, mobile
//! tokens, QR codes, known devices, homework flags, read news and the
//! discussions.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::data::messages::Discussion;
use crate::data::{AccountKind, Demo, Draw};

/// The mutable state of one account.
#[derive(Debug, Default)]
pub(crate) struct AccountState {
    failures: u32,
    locked_until: Option<Instant>,
    /// Mobile token per device UUID.
    tokens: HashMap<String, String>,
    /// One-time QR-code token and its expiry.
    qr: Option<(String, Instant)>,
    /// Devices (navigator ids or device UUIDs) that passed double
    /// authentication.
    pub(crate) known_devices: HashSet<String>,
    pub(crate) last_login: Option<time::PrimitiveDateTime>,
    /// The login before the current one (`derniereConnexion` of
    /// `ParametresUtilisateur`).
    pub(crate) previous_login: Option<time::PrimitiveDateTime>,
    /// The password the user chose at login, replacing the demo one.
    pub(crate) password: Option<String>,
    /// The next login must choose a new password.
    pub(crate) must_change_password: bool,
    pub(crate) discussions: Vec<Discussion>,
    pub(crate) news_read: HashSet<usize>,
    /// News the user deleted from their list.
    pub(crate) news_deleted: HashSet<usize>,
    /// Survey answers per (news, question).
    pub(crate) news_answers: HashMap<(usize, usize), Value>,
}

/// The store.
pub(crate) struct Store {
    pub(crate) accounts: Vec<AccountState>,
    /// Homework "done" flags set by students: (student, homework).
    pub(crate) homework_done: HashMap<(usize, usize), bool>,
    /// Files handed in for homework: (student, homework).
    pub(crate) homework_files: HashMap<(usize, usize), crate::upload::Uploaded>,
    navigator_counter: u64,
    draw: Draw,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

/// How long a QR code stays valid.
const QR_VALIDITY: Duration = Duration::from_secs(600);

impl Store {
    pub(crate) fn new(demo: &Demo, seed: u64) -> Self {
        let accounts = demo
            .accounts
            .iter()
            .map(|account| {
                let (me, parent) = match &account.kind {
                    AccountKind::Student(s) => (
                        demo.students
                            .get(*s)
                            .map(|s| s.full_name())
                            .unwrap_or_default(),
                        false,
                    ),
                    AccountKind::Parent {
                        last_name,
                        first_name,
                        ..
                    } => (format!("{last_name} {first_name}"), true),
                    AccountKind::Staff(s) => (
                        demo.staff
                            .get(*s)
                            .map(|p| p.full_name())
                            .unwrap_or_default(),
                        false,
                    ),
                    AccountKind::Teacher(t) => (
                        demo.teachers
                            .get(*t)
                            .map(|p| p.full_name())
                            .unwrap_or_default(),
                        false,
                    ),
                };
                AccountState {
                    must_change_password: account.must_change_password,
                    discussions: crate::data::messages::initial(
                        &me,
                        &demo.teachers,
                        &demo.staff,
                        parent,
                        &demo.message_files,
                    ),
                    ..AccountState::default()
                }
            })
            .collect();
        Store {
            accounts,
            homework_done: HashMap::new(),
            homework_files: HashMap::new(),
            navigator_counter: 0,
            draw: Draw::new(seed, 0x70_6b_65_6e),
        }
    }

    /// A fresh random token (uppercase hex).
    pub(crate) fn new_token(&mut self) -> String {
        hex::encode_upper(self.draw.bytes::<24>())
    }

    /// A new navigator id.
    pub(crate) fn new_navigator_id(&mut self) -> String {
        self.navigator_counter += 1;
        format!(
            "{}{:04}",
            hex::encode_upper(self.draw.bytes::<8>()),
            self.navigator_counter
        )
    }

    /// Random bytes.
    pub(crate) fn random<const N: usize>(&mut self) -> [u8; N] {
        self.draw.bytes::<N>()
    }

    /// The state of an account.
    pub(crate) fn account(&mut self, index: usize) -> Option<&mut AccountState> {
        self.accounts.get_mut(index)
    }

    /// Whether the account is locked now.
    pub(crate) fn is_locked(&mut self, index: usize, now: Instant) -> bool {
        let Some(state) = self.accounts.get_mut(index) else {
            return false;
        };
        match state.locked_until {
            Some(until) if until > now => true,
            Some(_) => {
                state.locked_until = None;
                state.failures = 0;
                false
            }
            None => false,
        }
    }

    /// Counts a failed login; locks past `max`.
    pub(crate) fn fail_login(&mut self, index: usize, max: u32, lockout: Duration, now: Instant) {
        if let Some(state) = self.accounts.get_mut(index) {
            state.failures += 1;
            if state.failures >= max {
                state.locked_until = Some(now + lockout);
            }
        }
    }

    /// Clears the failure count after a success.
    pub(crate) fn succeed_login(&mut self, index: usize) {
        if let Some(state) = self.accounts.get_mut(index) {
            state.failures = 0;
        }
    }

    /// Unlocks every account.
    pub(crate) fn unlock_all(&mut self) {
        for state in &mut self.accounts {
            state.failures = 0;
            state.locked_until = None;
        }
    }

    /// The account's password now: the one chosen at login, else the
    /// demo one.
    pub(crate) fn password(&self, index: usize, demo: &Demo) -> Option<String> {
        match self.accounts.get(index).and_then(|s| s.password.clone()) {
            Some(chosen) => Some(chosen),
            None => demo.accounts.get(index).map(|a| a.password.to_owned()),
        }
    }

    /// Whether the account must still choose a new password.
    pub(crate) fn must_change_password(&self, index: usize) -> bool {
        self.accounts
            .get(index)
            .is_some_and(|s| s.must_change_password)
    }

    /// Saves the password chosen at login: the old one stops working.
    pub(crate) fn set_password(&mut self, index: usize, password: String) {
        if let Some(state) = self.accounts.get_mut(index) {
            state.password = Some(password);
            state.must_change_password = false;
        }
    }

    /// The current token of a device.
    pub(crate) fn token(&self, index: usize, device: &str) -> Option<String> {
        self.accounts.get(index)?.tokens.get(device).cloned()
    }

    /// Issues (rotates) the token of a device; the previous one stops
    /// working.
    pub(crate) fn issue_token(&mut self, index: usize, device: &str) -> String {
        let token = self.new_token();
        if let Some(state) = self.accounts.get_mut(index) {
            state.tokens.insert(device.to_owned(), token.clone());
        }
        token
    }

    /// Issues a one-time QR token.
    pub(crate) fn issue_qr(&mut self, index: usize, now: Instant) -> String {
        let token = self.new_token();
        if let Some(state) = self.accounts.get_mut(index) {
            state.qr = Some((token.clone(), now + QR_VALIDITY));
        }
        token
    }

    /// The valid QR token of an account.
    pub(crate) fn qr_token(&self, index: usize, now: Instant) -> Option<String> {
        match &self.accounts.get(index)?.qr {
            Some((token, until)) if *until > now => Some(token.clone()),
            _ => None,
        }
    }

    /// Consumes the QR token.
    pub(crate) fn consume_qr(&mut self, index: usize) {
        if let Some(state) = self.accounts.get_mut(index) {
            state.qr = None;
        }
    }
}
