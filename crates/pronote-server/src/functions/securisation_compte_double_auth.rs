//! `SecurisationCompteDoubleAuth`: the double-authentication actions.
//! Action 0 checks the PIN (`codePin` = hex of the PIN encrypted with the
//! session key and IV), 1 checks a new password against the rules
//! (`nouveauMDP`, encrypted the same way), 2 asks whether a device name is
//! known, 3 saves the user's choice: the new password (which replaces the
//! old one at once), the device registration (with the PIN when given).

use std::time::Instant;

use pronote_proto::password::{PasswordRuleError, PasswordRules};
use serde_json::{Value, json};

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};
use crate::session::Step;

fn account_of(step: &Step) -> Option<usize> {
    match step {
        Step::SecondFactor { account, .. } | Step::Ready { account } => Some(*account),
        _ => None,
    }
}

/// Whether `codePin` decrypts to the account's PIN.
fn pin_matches(ctx: &Ctx<'_>, account: usize) -> Option<bool> {
    let code = ctx.field("codePin").and_then(Value::as_str)?;
    let expected = ctx.shared.demo.accounts.get(account)?.pin?;
    let plain = ctx.session.cipher.decrypt_hex(code, "codePin").ok()?;
    Some(plain == expected.as_bytes())
}

/// The rules of the instance's passwords: 8 to 30 characters, a digit, a
/// special character, lower and upper case.
pub(crate) fn password_rules(username: &str) -> PasswordRules {
    PasswordRules::from_wire(
        &json!({"min": 8, "max": 30, "regles": {"_T": 26, "V": "[1,2,3]"}}),
        Some(username),
    )
}

/// The decrypted `nouveauMDP`.
fn new_password(ctx: &Ctx<'_>) -> Option<String> {
    let code = ctx.field("nouveauMDP").and_then(Value::as_str)?;
    let plain = ctx.session.cipher.decrypt_hex(code, "nouveauMDP").ok()?;
    String::from_utf8(plain).ok()
}

/// The refusal of a new password, as the official client reads it
/// (`erreurMDP`, `messageErreur`), or `None` when it is acceptable.
fn password_refusal(ctx: &Ctx<'_>, account: usize, password: Option<&str>) -> Option<Value> {
    let shared = ctx.shared;
    let username = shared.demo.accounts.get(account).map_or("", |a| a.username);
    let rules = password_rules(username);
    let Some(password) = password else {
        return Some(json!({"result": false, "messageErreur": "Mot de passe illisible."}));
    };
    if let Err(rule) = rules.check(password) {
        let code = match rule {
            PasswordRuleError::NoLetter => Some(0),
            PasswordRuleError::NoDigit => Some(1),
            PasswordRuleError::NoSpecial => Some(2),
            PasswordRuleError::NoMixedCase => Some(3),
            PasswordRuleError::SameAsUsername => Some(4),
            _ => None,
        };
        let broken = code.map_or_else(String::new, |c: u32| c.to_string());
        return Some(json!({
            "result": false,
            "erreurMDP": {
                "erreurTailleMDP": code.is_none(),
                "reglesNonRespectes": {"_T": 26, "V": format!("[{broken}]")},
            },
            "reglesSaisieMDP": rules.to_wire(),
        }));
    }
    if shared.store().password(account, &shared.demo).as_deref() == Some(password) {
        return Some(json!({
            "result": false,
            "messageErreur": "Le nouveau mot de passe doit \u{ea}tre diff\u{e9}rent de l'actuel.",
        }));
    }
    None
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = account_of(&ctx.session.step).ok_or(RpcError::Top(8))?;
    let action = ctx
        .field("action")
        .and_then(Value::as_u64)
        .ok_or(RpcError::Signature(3))?;
    let shared = ctx.shared;
    let now = Instant::now();
    match action {
        0 => {
            let ok = pin_matches(ctx, account).unwrap_or(false);
            if ok {
                if let Step::SecondFactor {
                    needs_pin,
                    needs_password,
                    ..
                } = &mut ctx.session.step
                {
                    *needs_pin = false;
                    if !*needs_password {
                        ctx.session.step = Step::Ready { account };
                    }
                }
            } else {
                let mut store = shared.store();
                store.fail_login(
                    account,
                    shared.config.max_login_attempts,
                    shared.config.lockout,
                    now,
                );
                if store.is_locked(account, now) {
                    return Err(RpcError::Fatal(25));
                }
            }
            Ok(Reply::data(json!({"result": ok})))
        }
        1 => {
            let password = new_password(ctx);
            Ok(Reply::data(
                password_refusal(ctx, account, password.as_deref())
                    .unwrap_or_else(|| json!({"result": true})),
            ))
        }
        2 => {
            let label = ctx.field("libelle").and_then(Value::as_str).unwrap_or("");
            let known = shared
                .store()
                .account(account)
                .is_some_and(|s| s.known_devices.contains(label));
            Ok(Reply::data(json!({"dejaConnu": known})))
        }
        3 => {
            if let Step::SecondFactor {
                needs_pin,
                needs_password,
                ..
            } = ctx.session.step
            {
                if needs_pin && pin_matches(ctx, account) != Some(true) {
                    return Ok(Reply::data(json!({"result": false})));
                }
                if needs_password {
                    let password = new_password(ctx);
                    if let Some(refusal) = password_refusal(ctx, account, password.as_deref()) {
                        return Ok(Reply::data(refusal));
                    }
                    if let Some(password) = password {
                        shared.store().set_password(account, password);
                    }
                    tracing::info!(
                        username = shared
                            .demo
                            .accounts
                            .get(account)
                            .map_or("?", |a| a.username),
                        "new password saved"
                    );
                }
                ctx.session.step = Step::Ready { account };
            }
            if ctx.field("avecIdentification").and_then(Value::as_bool) == Some(true) {
                let name = ctx
                    .field("strIdentification")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .chars()
                    .take(30)
                    .collect::<String>();
                let navigator = ctx.session.navigator_id.clone();
                let device = ctx.session.pending_device.clone().filter(|d| !d.is_empty());
                let mut store = shared.store();
                if let Some(state) = store.account(account) {
                    state.known_devices.insert(name);
                    state.known_devices.extend(navigator);
                    state.known_devices.extend(device);
                }
            }
            Ok(Reply::data(json!({"result": true})))
        }
        4..=11 => Ok(Reply::data(json!({"result": true}))),
        _ => Err(RpcError::Signature(3)),
    }
}
