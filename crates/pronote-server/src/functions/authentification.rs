//! `Authentification`: checks the challenge answer. On success the reply
//! (still encrypted with the pre-login key) carries `cle`, the session key
//! material encrypted with the login key; the session switches to
//! `MD5(material)` right after. Mobile logins get a new
//! `jetonConnexionAppliMobile`, which voids the previous one. Accounts
//! with a PIN and an unknown device get `actionsDoubleAuth` 3; accounts
//! that must choose a new password get action 0, the rules
//! (`reglesSaisieMDP`) and `messageForcerModificationMdp`.

use std::time::Instant;

use pronote_proto::auth;
use pronote_proto::crypto::AesKey;
use serde_json::{Value, json};

use super::securisation_compte_double_auth::password_rules;
use super::{Ctx, datetime_v};
use crate::data::AccountKind;
use crate::rpc::{Reply, RpcError, RpcResult};
use crate::session::{LoginMode, Step};

/// The name shown for an account (`libelleUtil`).
pub(crate) fn display_name(demo: &crate::data::Demo, account: &crate::data::Account) -> String {
    match &account.kind {
        AccountKind::Student(s) => demo
            .students
            .get(*s)
            .map(|s| s.full_name())
            .unwrap_or_default(),
        AccountKind::Parent {
            last_name,
            first_name,
            civility,
            ..
        } => format!("{civility} {last_name} {first_name}"),
        AccountKind::Staff(s) => demo
            .staff
            .get(*s)
            .map(|p| p.full_name())
            .unwrap_or_default(),
        AccountKind::Teacher(t) => demo
            .teachers
            .get(*t)
            .map(|p| p.full_name())
            .unwrap_or_default(),
    }
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let Step::Identified(pending) = std::mem::replace(&mut ctx.session.step, Step::Parameters)
    else {
        return Err(RpcError::Top(8));
    };
    let answer = ctx.field("challenge").and_then(Value::as_str).unwrap_or("");
    let shared = ctx.shared;
    let config = &shared.config;
    let now = Instant::now();
    let solved = pending.account.is_some()
        && auth::check_challenge(
            &pending.challenge,
            answer,
            &pending.login_cipher,
            config.challenge_rule(),
        );
    let username = |index: usize| shared.demo.accounts.get(index).map(|a| a.username);
    let Some(index) = pending.account.filter(|_| solved) else {
        tracing::info!(
            username = pending.account.and_then(username).unwrap_or("?"),
            reason = "bad credentials",
            "login refused"
        );
        if let Some(index) = pending.account {
            let mut store = shared.store();
            store.fail_login(index, config.max_login_attempts, config.lockout, now);
            if store.is_locked(index, now) {
                return Err(RpcError::Top(25));
            }
        }
        return Ok(Reply::data(json!({"Acces": 1})));
    };
    let account = shared.demo.accounts.get(index).ok_or(RpcError::Top(8))?;
    if let Some(code) = account.refusal {
        tracing::info!(username = account.username, reason = code, "login refused");
        let mut data = json!({"Acces": code});
        if code == 9 {
            data["AccesMessage"] = json!({"titre": "Acc\u{e8}s suspendu", "message": "Votre acc\u{e8}s est suspendu."});
        }
        return Ok(Reply::data(data));
    }
    let mut store = shared.store();
    // A token rotates at every login: if a concurrent login with the same
    // token finished first, this one's token is no longer valid.
    if let Some(used) = &pending.token_used {
        let current = match pending.mode {
            LoginMode::QrCode => store.qr_token(index, now),
            _ => store.token(index, &pending.device),
        };
        if current.as_ref() != Some(used) {
            tracing::info!(
                username = account.username,
                reason = "stale token",
                "login refused"
            );
            return Ok(Reply::data(json!({"Acces": 1})));
        }
    }
    store.succeed_login(index);
    tracing::info!(username = account.username, "login accepted");
    let material = store.random::<16>();
    let mut data = json!({
        "cle": auth::make_cle(&material, &pending.login_cipher),
        "libelleUtil": display_name(&shared.demo, account),
        "modeSecurisationParDefaut": if account.pin.is_some() { 3 } else { 1 },
    });
    let previous = store.account(index).and_then(|s| {
        let previous = s.last_login.replace(shared.now());
        s.previous_login = previous;
        previous
    });
    if let Some(previous) = previous {
        data["derniereConnexion"] = datetime_v(previous);
    }
    let mobile = matches!(
        pending.mode,
        LoginMode::Token | LoginMode::QrCode | LoginMode::PasswordForToken
    );
    if mobile && !pending.device.is_empty() {
        if pending.mode == LoginMode::QrCode {
            store.consume_qr(index);
        }
        let token = store.issue_token(index, &pending.device);
        data["jetonConnexionAppliMobile"] = Value::String(token);
        data["login"] = Value::String(account.username.to_owned());
    }
    let navigator = ctx.session.navigator_id.clone().unwrap_or_default();
    let known = store.account(index).is_some_and(|s| {
        s.known_devices.contains(&navigator)
            || (!pending.device.is_empty() && s.known_devices.contains(&pending.device))
    });
    let needs_password = store.must_change_password(index);
    drop(store);
    let needs_pin = account.pin.is_some() && !known;
    if needs_pin || needs_password {
        let actions = match (needs_password, needs_pin) {
            (true, true) => "[0,3]",
            (true, false) => "[0]",
            _ => "[3]",
        };
        data["actionsDoubleAuth"] = json!({"_T": 26, "V": actions});
        data["modesPossibles"] = json!({"_T": 26, "V": "[1,3]"});
        data["reglesSaisieMDP"] = password_rules(account.username).to_wire();
        if needs_password {
            data["messageForcerModificationMdp"] = Value::String(
                "Pour des raisons de s\u{e9}curit\u{e9}, vous devez personnaliser votre mot de passe."
                    .into(),
            );
        }
        ctx.session.step = Step::SecondFactor {
            account: index,
            needs_pin,
            needs_password,
        };
    } else {
        ctx.session.step = Step::Ready { account: index };
    }
    ctx.session.pending_device = Some(pending.device.clone());
    Ok(Reply {
        data,
        new_key: Some(AesKey::from_material(&material)),
        ..Reply::default()
    })
}
