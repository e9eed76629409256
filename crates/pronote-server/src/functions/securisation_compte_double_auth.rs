//! `SecurisationCompteDoubleAuth`: the double-authentication actions.
//! Action 0 checks the PIN (`codePin` = hex of the PIN encrypted with the
//! session key and IV), 2 asks whether a device name is known, 3 saves the
//! user's choice and registers the device (with the PIN when given).

use std::time::Instant;

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
                if let Step::SecondFactor { .. } = ctx.session.step {
                    ctx.session.step = Step::Ready { account };
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
                needs_pin: true, ..
            } = ctx.session.step
            {
                if pin_matches(ctx, account) != Some(true) {
                    return Ok(Reply::data(json!({"result": false})));
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
        1 | 4..=11 => Ok(Reply::data(json!({"result": true}))),
        _ => Err(RpcError::Signature(3)),
    }
}
