//! `Identification`: the username and the login mode come in; `alea` and
//! the challenge go out. The challenge is encrypted with the key the
//! client must derive from its secret (password, token or QR token):
//! `MD5(username + UPPER(SHA256(alea + secret)))`. An unknown username
//! gets a challenge nobody can solve, as on a real server.

use std::time::Instant;

use pronote_proto::auth::{self, CaseRules};
use pronote_proto::crypto::{AesKey, Cipher};
use serde_json::{Value, json};

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};
use crate::session::{LoginMode, PendingLogin, Step};

const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

fn flag(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.field(name).and_then(Value::as_bool).unwrap_or(false)
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    if !matches!(ctx.session.step, Step::Parameters | Step::Identified(_)) {
        return Err(RpcError::Top(8));
    }
    let username = ctx
        .field("identifiant")
        .and_then(Value::as_str)
        .ok_or(RpcError::Top(8))?
        .to_owned();
    if let Some(espace) = ctx.field("genreEspace").and_then(Value::as_u64) {
        if espace != u64::from(ctx.session.espace) {
            return Err(RpcError::Top(8));
        }
    }
    let ent = flag(ctx, "pourENT");
    let mode = if flag(ctx, "enConnexionAppliMobile") {
        LoginMode::Token
    } else if flag(ctx, "demandeConnexionAppliMobileJeton") {
        LoginMode::QrCode
    } else if flag(ctx, "demandeConnexionAppliMobile") {
        LoginMode::PasswordForToken
    } else {
        LoginMode::Password
    };
    let device = ctx
        .field("uuidAppliMobile")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let shared = ctx.shared;
    // ENT logins name the `e` token of the page; its `f` is the secret.
    let ent_tokens = if ent {
        ctx.session.ent.clone().filter(|t| t.id == username)
    } else {
        None
    };
    let account = match (&ent_tokens, ent) {
        (Some(tokens), _) => shared
            .demo
            .find_account(&tokens.username, ctx.session.space),
        (None, true) => None,
        (None, false) => shared.demo.find_account(&username, ctx.session.space),
    };
    let now = Instant::now();
    let mut store = shared.store();
    if let Some(index) = account {
        if store.is_locked(index, now) {
            return Err(RpcError::Top(25));
        }
    }
    let secret = account.and_then(|index| match mode {
        _ if ent => ent_tokens.as_ref().map(|t| t.key.clone()),
        LoginMode::Password | LoginMode::PasswordForToken => store.password(index, &shared.demo),
        LoginMode::Token if !device.is_empty() => store.token(index, &device),
        LoginMode::QrCode if !device.is_empty() => store.qr_token(index, now),
        _ => None,
    });
    let alea: String = store
        .random::<16>()
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    let challenge_secret: String = store
        .random::<12>()
        .iter()
        .map(|b| char::from(b'0' + b % 10))
        .collect();
    let filler = char::from(ALPHABET[usize::from(store.random::<1>()[0]) % ALPHABET.len()]);
    let key = match &secret {
        Some(secret) if ent => auth::ent_key(secret, ""),
        Some(secret) => auth::login_key(&username, secret, &alea, CaseRules::default()),
        None => AesKey::from_bytes(store.random::<16>()),
    };
    drop(store);
    let login_cipher = Cipher::new(key, ctx.session.cipher.iv);
    let challenge = if shared.config.challenge_wrapped() {
        auth::make_challenge(&challenge_secret, filler, &login_cipher)
    } else {
        login_cipher.encrypt_hex(challenge_secret.as_bytes())
    };
    ctx.session.step = Step::Identified(Box::new(PendingLogin {
        account: if secret.is_some() { account } else { None },
        mode,
        login_cipher,
        challenge: challenge.clone(),
        device,
        token_used: if matches!(mode, LoginMode::Token | LoginMode::QrCode) {
            secret.clone()
        } else {
            None
        },
    }));
    let mut data = json!({
        "modeCompLog": 0,
        "modeCompMdp": 0,
        "challenge": challenge,
    });
    if !ent {
        data["alea"] = Value::String(alea);
    }
    if mode != LoginMode::Password {
        if let (Some(index), Value::Object(map)) = (account, &mut data) {
            if let Some(a) = shared.demo.accounts.get(index) {
                map.insert("login".into(), Value::String(a.username.to_owned()));
            }
        }
    }
    Ok(Reply::data(data))
}
