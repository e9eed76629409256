//! `PageInfosPerso` (tab 49): the account's contact details, its
//! double-authentication mode and its iCal feed parameters.
//!
//! Request: no data (parents: the child as `membre`). Reply:
//! `Informations {adresse1..4, codePostal, ville, province, pays, eMail,
//! indicatifTel, telephonePortable, numeroINE}`, `securisation {mode,
//! avecGestionPIN}`, `iCal.liste [{N, L, paramICal, paramSuppl}]`.

use serde_json::Value;

use pronote_proto::Reply;

use super::{field, flag, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::account::{Account, DoubleAuthMode, IcalFeed};
use crate::models::instance::list;

const NAME: &str = "PageInfosPerso";

/// Reads the account's personal information.
///
/// ```
/// use pronote_api::functions::GetAccount;
/// let request = GetAccount;
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetAccount;

impl Function for GetAccount {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(49);
    const KIND: CallKind = CallKind::Read;
    type Output = Account;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(None)
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Account> {
        let data = &reply.data;
        let empty = Value::Null;
        let info = field(data, "Informations").unwrap_or(&empty);
        let security = field(data, "securisation").unwrap_or(&empty);
        let ical = field(data, "iCal").unwrap_or(&empty);
        let ical_feeds = list(ical.get("liste"))
            .iter()
            .filter_map(|f| {
                Some(IcalFeed {
                    id: opt_id(f),
                    name: opt_string(f, "L"),
                    token: opt_string(f, "paramICal")?,
                    extra: opt_string(f, "paramSuppl").unwrap_or_default(),
                })
            })
            .collect();
        Ok(Account {
            address: ["adresse1", "adresse2", "adresse3", "adresse4"]
                .iter()
                .filter_map(|k| opt_string(info, k))
                .collect(),
            postal_code: opt_string(info, "codePostal"),
            city: opt_string(info, "ville"),
            province: opt_string(info, "province"),
            country: opt_string(info, "pays"),
            email: opt_string(info, "eMail"),
            phone_country_code: opt_string(info, "indicatifTel"),
            mobile_phone: opt_string(info, "telephonePortable"),
            ine: opt_string(info, "numeroINE"),
            security_mode: opt_i64(security, "mode").map(DoubleAuthMode::from_code),
            pin_managed: flag(security, "avecGestionPIN"),
            ical_feeds,
        })
    }
}
