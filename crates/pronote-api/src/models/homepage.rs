//! The home page (`PageAccueil`, tab 7): useful links, partner SSO
//! entries and canteen wallets.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the home page shows that is not elsewhere in the API.
///
/// ```
/// # use pronote_api::models::homepage::Homepage;
/// fn balances(home: &Homepage) -> Vec<String> {
///     home.wallets.iter().map(|w| format!("{}: {}", w.name, w.balance)).collect()
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Homepage {
    /// Useful links (`lienUtile.listeLiens`, those without `SSO`).
    pub links: Vec<Link>,
    /// Partners reached through SSO (links with an `SSO` object, and
    /// `partenaireARD`).
    pub partners: Vec<Partner>,
    /// Canteen wallets (`partenaireARD.porteMonnaie`).
    pub wallets: Vec<Wallet>,
}

/// A useful link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// The name (`L`).
    pub name: String,
    /// The target (`url`).
    pub url: String,
    /// The description (`commentaire`).
    pub description: Option<String>,
}

/// A partner service reached through SSO: its `SSO` object is what
/// `SaisieURLPartenaire` needs to produce the signed-in URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Partner {
    /// The name (`L`, else the partner code).
    pub name: String,
    /// The partner code (`SSO.codePartenaire`: `TURBOSELF`, `ARD`…).
    pub code: Option<String>,
    /// The `SSO` object as received.
    pub sso: Value,
}

/// A canteen wallet (`porteMonnaie` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Wallet {
    /// The name (`libellePorteMonnaie`).
    pub name: String,
    /// The balance as shown (`valeurSolde`, `"12,50 €"`).
    pub balance: String,
    /// A warning is shown (`avecWarning`: low balance).
    pub warning: bool,
    /// The wallet's hint (`hintPorteMonnaie`).
    pub hint: Option<String>,
    /// The balance's hint (`hintSolde`).
    pub balance_hint: Option<String>,
}
