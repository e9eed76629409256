//! The account's personal information (`PageInfosPerso`, tab 49).

use serde::{Deserialize, Serialize};

use pronote_proto::value::Id;

/// Contact details, security mode and iCal feeds of the account.
///
/// ```
/// # use pronote_api::models::account::Account;
/// fn contact(account: &Account) -> String {
///     format!("{} {}", account.email.as_deref().unwrap_or("-"), account.phone().unwrap_or_default())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Account {
    /// The non-empty address lines (`adresse1`…`adresse4`).
    pub address: Vec<String>,
    /// `codePostal`.
    pub postal_code: Option<String>,
    /// `ville`.
    pub city: Option<String>,
    /// `province`.
    pub province: Option<String>,
    /// `pays`.
    pub country: Option<String>,
    /// `eMail`.
    pub email: Option<String>,
    /// The country calling code (`indicatifTel`, `33`).
    pub phone_country_code: Option<String>,
    /// The mobile number (`telephonePortable`).
    pub mobile_phone: Option<String>,
    /// The student's national id (`numeroINE`).
    pub ine: Option<String>,
    /// The double-authentication mode (`securisation.mode`).
    pub security_mode: Option<DoubleAuthMode>,
    /// The account manages a PIN (`securisation.avecGestionPIN`).
    pub pin_managed: bool,
    /// The timetable feeds (`iCal.liste`).
    pub ical_feeds: Vec<IcalFeed>,
}

impl Account {
    /// The mobile number with its country code (`+33 611223344`).
    pub fn phone(&self) -> Option<String> {
        let number = self.mobile_phone.as_deref()?;
        Some(match self.phone_country_code.as_deref() {
            Some(code) => format!("+{code} {number}"),
            None => number.to_owned(),
        })
    }
}

/// The parameters of a timetable iCal feed: turn them into a URL with
/// [`IcalFeed::url`] (or `Client::ical_url`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcalFeed {
    /// The session-salted id (`N`), when sent.
    pub id: Option<Id>,
    /// Its name (`L`).
    pub name: Option<String>,
    /// The secured token (`paramICal`).
    pub token: String,
    /// The extra parameter (`paramSuppl`).
    pub extra: String,
}

impl IcalFeed {
    /// The feed's URL under `root` (the instance's `…/pronote`), for the
    /// instance's `version` (`2025.2.6`).
    pub fn url(&self, root: &str, version: &str) -> String {
        pronote_proto::urls::ical_url(root, &self.token, version, &self.extra)
    }
}

/// The double-authentication mode of an account (`securisation.mode`,
/// `SecurisationCompteDoubleAuth` `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DoubleAuthMode {
    /// 0: not chosen yet.
    NotChosen,
    /// 1: no double authentication.
    Inactive,
    /// 2: a notification at each login from an unknown device.
    NotificationOnly,
    /// 3: a PIN at each login from an unknown device.
    Pin,
    /// A code this crate does not know.
    Unknown(i64),
}

impl DoubleAuthMode {
    /// From the wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => DoubleAuthMode::NotChosen,
            1 => DoubleAuthMode::Inactive,
            2 => DoubleAuthMode::NotificationOnly,
            3 => DoubleAuthMode::Pin,
            other => DoubleAuthMode::Unknown(other),
        }
    }

    /// The wire code.
    pub const fn code(self) -> i64 {
        match self {
            DoubleAuthMode::NotChosen => 0,
            DoubleAuthMode::Inactive => 1,
            DoubleAuthMode::NotificationOnly => 2,
            DoubleAuthMode::Pin => 3,
            DoubleAuthMode::Unknown(code) => code,
        }
    }
}
