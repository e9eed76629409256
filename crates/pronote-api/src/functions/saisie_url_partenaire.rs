//! `SaisieURLPartenaire` (tab 7): the signed-in URL of a partner service
//! listed on the home page (canteen booking, wallet…). Request data:
//! `SSO`, the partner's object as received; the URL comes back at the
//! payload root, `RapportSaisie.urlSSO.V`, beside the data.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use pronote_proto::value::lenient;
use pronote_proto::{RawReply, Reply};

use super::wire::{parse, request};

use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::homepage::Partner;

const NAME: &str = "SaisieURLPartenaire";

/// Asks for a partner's signed-in URL.
///
/// ```
/// use pronote_api::functions::GetPartnerUrl;
/// use pronote_api::models::homepage::Partner;
/// // A partner as `GetHomePage` lists it, here read from its JSON form.
/// let partner: Partner = serde_json::from_value(serde_json::json!({
///     "name": "Turboself",
///     "code": "TURBOSELF",
///     "sso": {"codePartenaire": "TURBOSELF"},
/// }))?;
/// let request = GetPartnerUrl::new(&partner);
/// # let _ = request;
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GetPartnerUrl {
    sso: Value,
}

impl GetPartnerUrl {
    /// The URL of `partner`.
    pub fn new(partner: &Partner) -> Self {
        GetPartnerUrl {
            sso: partner.sso.clone(),
        }
    }
}

/// The request: `SSO`, the partner's object as received.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "SSO")]
    sso: &'a Value,
}

impl Function for GetPartnerUrl {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(7);
    // It mints a one-time URL: never sent twice.
    const KIND: CallKind = CallKind::Write;
    type Output = String;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(NAME, &WireRequest { sso: &self.sso })
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<String> {
        sso_url(&reply.rest)
    }

    fn decode_raw(&self, reply: RawReply, _ctx: &Context<'_>) -> Result<String> {
        sso_url(reply.rest())
    }
}

/// The address in `RapportSaisie`, among the reply's root keys.
fn sso_url(rest: &Map<String, Value>) -> Result<String> {
    let missing = || Error::reply(NAME, "no urlSSO in RapportSaisie");
    let report = rest.get("RapportSaisie").ok_or_else(missing)?;
    let report: WireReport<'_> = parse(NAME, report)?;
    report
        .url
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(Cow::into_owned)
        .ok_or_else(missing)
}

/// `RapportSaisie`, outside the data: the one-time address.
#[derive(Debug, Deserialize)]
struct WireReport<'a> {
    #[serde(
        rename = "urlSSO",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    url: Option<Cow<'a, str>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_sends_the_sso_object_back() {
        let s = Session::new();
        let sso = json!({"codePartenaire": "TURBOSELF", "intituleLien": "Cantine", "n": 3});
        let request = GetPartnerUrl { sso: sso.clone() };
        assert_eq!(s.data(&request), json!({"SSO": sso}));
    }
}
