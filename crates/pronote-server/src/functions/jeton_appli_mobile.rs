//! `JetonAppliMobile` (tab 7): issues the data of a login QR code. The
//! client chose a 4-digit PIN (`code`); `jeton` (a one-time token, valid
//! ten minutes) and `login` come back AES-encrypted with `MD5(pin)` and a
//! zero IV, as `pronote_proto::auth::QrCode::make` does.

use std::time::Instant;

use pronote_proto::auth::QrCode;
use serde_json::{Value, json};

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let pin = ctx
        .field("code")
        .and_then(Value::as_str)
        .ok_or(RpcError::Signature(3))?;
    if pin.len() != 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RpcError::Signature(3));
    }
    let index = ctx.account_index()?;
    let account = ctx.account()?;
    let username = account.username;
    let page = format!("{}{}.html", "mobile.", ctx.session.space.page());
    let url = format!("http://{}/pronote/{page}", ctx.shared.address);
    let token = ctx.shared.store().issue_qr(index, Instant::now());
    let qr = QrCode::make(username, &token, &url, pin);
    Ok(Reply::data(
        json!({"jeton": qr.jeton, "login": qr.login, "url": qr.url}),
    ))
}
