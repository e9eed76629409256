//! `PageInfosPerso` (tab 49): the account's contact details, its
//! double-authentication mode and its iCal feed parameters.
//!
//! Request: no data (parents: the child as `membre`). Reply:
//! `Informations {adresse1..4, codePostal, ville, province, pays, eMail,
//! indicatifTel, telephonePortable, numeroINE}`, `securisation {mode,
//! avecGestionPIN}`, `iCal.liste [{N, L, paramICal, paramSuppl}]`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use pronote_proto::value::{Id, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{owned, parse, read_text};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::account::{Account, DoubleAuthMode, IcalFeed};

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

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Account> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Account> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetAccount {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Account> {
        let info = wire.info.map(Wrapped::into_inner).unwrap_or_default();
        let security = wire.security.map(Wrapped::into_inner).unwrap_or_default();
        let ical_feeds = wire
            .ical
            .map(|ical| ical.into_inner().feeds)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|f| {
                Some(IcalFeed {
                    id: f.id,
                    name: owned(f.name),
                    token: owned(f.token)?,
                    extra: owned(f.extra).unwrap_or_default(),
                })
            })
            .collect();
        Ok(Account {
            address: [info.address1, info.address2, info.address3, info.address4]
                .into_iter()
                .filter_map(owned)
                .collect(),
            postal_code: owned(info.postal_code),
            city: owned(info.city),
            province: owned(info.province),
            country: owned(info.country),
            email: owned(info.email),
            phone_country_code: owned(info.phone_country_code),
            mobile_phone: owned(info.mobile_phone),
            ine: owned(info.ine),
            security_mode: security.mode.map(DoubleAuthMode::from_code),
            pin_managed: security.pin_managed,
            ical_feeds,
        })
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "Informations", borrow, default)]
    info: Option<Wrapped<WireInfo<'a>>>,
    #[serde(rename = "securisation", default)]
    security: Option<Wrapped<WireSecurity>>,
    #[serde(rename = "iCal", borrow, default)]
    ical: Option<Wrapped<WireIcal<'a>>>,
}

/// `Informations`: the address and contacts.
#[derive(Debug, Default, Deserialize)]
struct WireInfo<'a> {
    #[serde(
        rename = "adresse1",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address1: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse2",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address2: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse3",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address3: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse4",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address4: Option<Cow<'a, str>>,
    #[serde(
        rename = "codePostal",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    postal_code: Option<Cow<'a, str>>,
    #[serde(
        rename = "ville",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    city: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    province: Option<Cow<'a, str>>,
    #[serde(
        rename = "pays",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    country: Option<Cow<'a, str>>,
    #[serde(
        rename = "eMail",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    email: Option<Cow<'a, str>>,
    #[serde(
        rename = "indicatifTel",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    phone_country_code: Option<Cow<'a, str>>,
    #[serde(
        rename = "telephonePortable",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    mobile_phone: Option<Cow<'a, str>>,
    #[serde(
        rename = "numeroINE",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    ine: Option<Cow<'a, str>>,
}

/// `securisation`: the double authentication settings.
#[derive(Debug, Default, Deserialize)]
struct WireSecurity {
    #[serde(default, deserialize_with = "lenient::opt_int::deserialize")]
    mode: Option<i64>,
    #[serde(
        rename = "avecGestionPIN",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    pin_managed: bool,
}

/// `iCal`: the calendar feeds.
#[derive(Debug, Deserialize)]
struct WireIcal<'a> {
    #[serde(
        rename = "liste",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    feeds: Vec<WireFeed<'a>>,
}

/// One feed.
#[derive(Debug, Deserialize)]
struct WireFeed<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "paramICal",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    token: Option<Cow<'a, str>>,
    #[serde(
        rename = "paramSuppl",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    extra: Option<Cow<'a, str>>,
}
