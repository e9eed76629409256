//! The flow families: how each kind of SSO is walked through. Each is a
//! public function over a [`Browser`], so a provider that mixes them can
//! be written from these blocks.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::EntCredentials;
use crate::browser::{Browser, Page};
use crate::error::{EntError, Step};
use crate::form::{Form, FormSelector, encode_pairs};

/// EduConnect's unsolicited SSO endpoint (Open ENT NG + EduConnect).
pub const EDUCONNECT_SSO: &str =
    "https://educonnect.education.gouv.fr/idp/profile/SAML2/Unsolicited/SSO";
/// EduConnect's identity provider id (the WAYF `origin`).
pub const EDUCONNECT_IDP: &str = "https://educonnect.education.gouv.fr/idp";
/// Index Education's EduConnect hub (a CAS in front of EduConnect).
pub const HUB_EDUCONNECT: &str = "https://hubeduconnect.index-education.net/EduConnect/cas/login";
/// Toutatice (académie de Rennes) portal, WAYF and remote-user URLs.
pub const TOUTATICE_PORTAL: &str = "https://www.toutatice.fr/portail/auth/MonEspace";
/// See [`TOUTATICE_PORTAL`].
pub const TOUTATICE_WAYF: &str = "https://www.toutatice.fr/wayf/Ctrl";
/// See [`TOUTATICE_PORTAL`].
pub const TOUTATICE_REMOTE_USER: &str = "https://www.toutatice.fr/idp/Authn/RemoteUser";

/// The name of a flow family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// A CAS login form.
    Cas,
    /// A CAS that hands over to EduConnect (SAML).
    CasEduconnect,
    /// EduConnect's own login page (SAML POST binding back to the service).
    Educonnect,
    /// Open ENT NG (`/auth/login` with `email`/`password`).
    OpenEntNg,
    /// Open ENT NG reached through EduConnect's unsolicited SSO, Open ENT
    /// NG's own form as the fallback.
    OpenEntNgEduconnect,
    /// A Shibboleth WAYF discovery service, then EduConnect.
    Wayf,
    /// Index Education's EduConnect hub.
    HubEduconnect,
    /// A plain login form.
    SimpleForm,
    /// Toutatice (Rennes): WAYF, EduConnect, then a remote-user exchange.
    Toutatice,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 9] = [
        Family::Cas,
        Family::CasEduconnect,
        Family::Educonnect,
        Family::OpenEntNg,
        Family::OpenEntNgEduconnect,
        Family::Wayf,
        Family::HubEduconnect,
        Family::SimpleForm,
        Family::Toutatice,
    ];

    /// The wire name (`cas`, `open_ent_ng`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Cas => "cas",
            Family::CasEduconnect => "cas_educonnect",
            Family::Educonnect => "educonnect",
            Family::OpenEntNg => "open_ent_ng",
            Family::OpenEntNgEduconnect => "open_ent_ng_educonnect",
            Family::Wayf => "wayf",
            Family::HubEduconnect => "hub_educonnect",
            Family::SimpleForm => "simple_form",
            Family::Toutatice => "toutatice",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

fn yes() -> bool {
    true
}

/// A flow family with its URLs: everything needed to log in through one
/// provider. Deserializable, so a provider missing from the table can be
/// described in a configuration file.
///
/// ```
/// use pronote_ent::{Family, Flow};
/// let flow: Flow = serde_json::from_str(
///     r#"{"family": "cas", "url": "https://cas.example.fr/login?selection=EDU"}"#,
/// )?;
/// assert_eq!(flow.family(), Family::Cas);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Flow {
    /// A CAS login form at `url`, posted with `username`/`password`.
    Cas {
        /// The CAS login page.
        url: String,
        /// Which form (default: the first with a password field).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<FormSelector>,
    },
    /// A CAS page at `url` that hands over to EduConnect.
    CasEduconnect {
        /// The CAS page (EduConnect selection).
        url: String,
        /// Whether the page hands over with a SAML POST-binding form (else
        /// by plain redirects). Either is followed; with `true` a page
        /// without the form is an error.
        #[serde(default = "yes")]
        saml_redirect: bool,
    },
    /// EduConnect's login page at `url`.
    Educonnect {
        /// The page (a `…/idp/profile/SAML2/…` URL).
        url: String,
    },
    /// Open ENT NG: `email`/`password` posted to `url` (`…/auth/login`).
    OpenEntNg {
        /// The login endpoint.
        url: String,
    },
    /// Open ENT NG through EduConnect's unsolicited SSO.
    OpenEntNgEduconnect {
        /// The ENT's origin (`https://enthdf.fr`).
        domain: String,
        /// The SAML `providerId` (default `{domain}/auth/saml/metadata/idp.xml`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider_id: Option<String>,
        /// EduConnect's SSO endpoint (default [`EDUCONNECT_SSO`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        educonnect_sso: Option<String>,
    },
    /// A WAYF at `{domain}/discovery/WAYF`, then EduConnect.
    Wayf {
        /// The service's origin (`https://cas3.e-lyco.fr`).
        domain: String,
        /// `entityID` (default `{domain}/shibboleth`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_id: Option<String>,
        /// `returnX` (default `{domain}/Shibboleth.sso/Login`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        return_x: Option<String>,
        /// The identity provider chosen (default [`EDUCONNECT_IDP`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        origin: Option<String>,
        /// See [`Flow::CasEduconnect`].
        #[serde(default = "yes")]
        saml_redirect: bool,
    },
    /// Index Education's EduConnect hub, with the PRONOTE URL as service.
    HubEduconnect {
        /// The hub's CAS login URL (default [`HUB_EDUCONNECT`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A plain login form at `url`.
    SimpleForm {
        /// The page with the form.
        url: String,
        /// Which form (default: the first with a password field).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<FormSelector>,
        /// The username field (default `username`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username_field: Option<String>,
        /// The password field (default `password`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        password_field: Option<String>,
    },
    /// Toutatice (académie de Rennes).
    Toutatice {
        /// Default [`TOUTATICE_PORTAL`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        portal_url: Option<String>,
        /// Default [`TOUTATICE_WAYF`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wayf_url: Option<String>,
        /// Default [`TOUTATICE_REMOTE_USER`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remote_user_url: Option<String>,
    },
}

impl Flow {
    /// The family.
    pub fn family(&self) -> Family {
        match self {
            Flow::Cas { .. } => Family::Cas,
            Flow::CasEduconnect { .. } => Family::CasEduconnect,
            Flow::Educonnect { .. } => Family::Educonnect,
            Flow::OpenEntNg { .. } => Family::OpenEntNg,
            Flow::OpenEntNgEduconnect { .. } => Family::OpenEntNgEduconnect,
            Flow::Wayf { .. } => Family::Wayf,
            Flow::HubEduconnect { .. } => Family::HubEduconnect,
            Flow::SimpleForm { .. } => Family::SimpleForm,
            Flow::Toutatice { .. } => Family::Toutatice,
        }
    }

    /// Every URL the flow starts from, defaults filled in (what a
    /// consistency check parses).
    pub fn urls(&self) -> Vec<String> {
        match self {
            Flow::Cas { url, .. }
            | Flow::CasEduconnect { url, .. }
            | Flow::Educonnect { url }
            | Flow::OpenEntNg { url }
            | Flow::SimpleForm { url, .. } => vec![url.clone()],
            Flow::OpenEntNgEduconnect {
                domain,
                educonnect_sso,
                ..
            } => vec![
                domain.clone(),
                educonnect_sso
                    .clone()
                    .unwrap_or_else(|| EDUCONNECT_SSO.into()),
            ],
            Flow::Wayf { domain, .. } => vec![format!("{domain}/discovery/WAYF")],
            Flow::HubEduconnect { url } => {
                vec![url.clone().unwrap_or_else(|| HUB_EDUCONNECT.into())]
            }
            Flow::Toutatice {
                portal_url,
                wayf_url,
                remote_user_url,
            } => vec![
                portal_url
                    .clone()
                    .unwrap_or_else(|| TOUTATICE_PORTAL.into()),
                wayf_url.clone().unwrap_or_else(|| TOUTATICE_WAYF.into()),
                remote_user_url
                    .clone()
                    .unwrap_or_else(|| TOUTATICE_REMOTE_USER.into()),
            ],
        }
    }

    /// Runs the flow: afterwards the browser's cookie jar holds the ENT
    /// session. `pronote_url` is the PRONOTE page (the hub needs it).
    pub async fn run(
        &self,
        browser: &Browser,
        credentials: &EntCredentials,
        pronote_url: &str,
    ) -> Result<(), EntError> {
        match self {
            Flow::Cas { url, form } => {
                let url = browser.url(url)?;
                cas(browser, &url, form.as_ref(), credentials)
                    .await
                    .map(drop)
            }
            Flow::CasEduconnect { url, saml_redirect } => {
                let url = browser.url(url)?;
                cas_educonnect(browser, &url, *saml_redirect, credentials)
                    .await
                    .map(drop)
            }
            Flow::Educonnect { url } => {
                let url = browser.url(url)?;
                let page = browser.get(&url, Step::LoginPage).await?;
                educonnect(browser, page, credentials).await.map(drop)
            }
            Flow::OpenEntNg { url } => {
                let url = browser.url(url)?;
                open_ent_ng(browser, &url, credentials).await.map(drop)
            }
            Flow::OpenEntNgEduconnect {
                domain,
                provider_id,
                educonnect_sso,
            } => {
                let provider_id = provider_id
                    .clone()
                    .unwrap_or_else(|| format!("{domain}/auth/saml/metadata/idp.xml"));
                let sso = browser.url(educonnect_sso.as_deref().unwrap_or(EDUCONNECT_SSO))?;
                let fallback = browser.url(&format!("{domain}/auth/login"))?;
                open_ent_ng_educonnect(browser, &sso, &provider_id, &fallback, credentials)
                    .await
                    .map(drop)
            }
            Flow::Wayf {
                domain,
                entity_id,
                return_x,
                origin,
                saml_redirect,
            } => {
                let mut url = browser.url(&format!("{domain}/discovery/WAYF"))?;
                let entity_id = entity_id
                    .clone()
                    .unwrap_or_else(|| format!("{domain}/shibboleth"));
                let return_x = return_x
                    .clone()
                    .unwrap_or_else(|| format!("{domain}/Shibboleth.sso/Login"));
                let origin = origin.as_deref().unwrap_or(EDUCONNECT_IDP);
                url.set_query(Some(&encode_pairs(
                    [
                        ("entityID", entity_id.as_str()),
                        ("returnX", return_x.as_str()),
                        ("returnIDParam", "entityID"),
                        ("action", "selection"),
                        ("origin", origin),
                    ]
                    .into_iter(),
                )));
                wayf(browser, &url, *saml_redirect, credentials)
                    .await
                    .map(drop)
            }
            Flow::HubEduconnect { url } => {
                let mut url = browser.url(url.as_deref().unwrap_or(HUB_EDUCONNECT))?;
                url.query_pairs_mut().append_pair("service", pronote_url);
                hub_educonnect(browser, &url, credentials).await.map(drop)
            }
            Flow::SimpleForm {
                url,
                form,
                username_field,
                password_field,
            } => {
                let url = browser.url(url)?;
                let fields = (
                    username_field.as_deref().unwrap_or("username"),
                    password_field.as_deref().unwrap_or("password"),
                );
                simple_form(browser, &url, form.as_ref(), fields, credentials)
                    .await
                    .map(drop)
            }
            Flow::Toutatice {
                portal_url,
                wayf_url,
                remote_user_url,
            } => {
                let urls = [
                    browser.url(portal_url.as_deref().unwrap_or(TOUTATICE_PORTAL))?,
                    browser.url(wayf_url.as_deref().unwrap_or(TOUTATICE_WAYF))?,
                    browser.url(remote_user_url.as_deref().unwrap_or(TOUTATICE_REMOTE_USER))?,
                ];
                toutatice(browser, &urls, credentials).await.map(drop)
            }
        }
    }
}

/// Posts a login form found on the page at `url` with the credentials in
/// `fields` (username field, password field). A reply that shows the form
/// again, or a 401/403, means wrong credentials.
pub async fn simple_form(
    browser: &Browser,
    url: &Url,
    which: Option<&FormSelector>,
    fields: (&str, &str),
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let default = FormSelector::default();
    let which = which.unwrap_or(&default);
    let page = browser.get(url, Step::LoginPage).await?;
    let Some(mut form) = page.form(which) else {
        return Err(browser.unexpected(Step::LoginPage, &page, "no login form"));
    };
    form.set(fields.0, &credentials.username)
        .set(fields.1, &credentials.password);
    let reply = browser.submit(&form, Step::Credentials).await?;
    if matches!(reply.status, 401 | 403) || reply.form(which).is_some() {
        return Err(browser.bad_credentials(Step::Credentials));
    }
    if reply.status >= 400 {
        return Err(browser.unexpected(
            Step::Credentials,
            &reply,
            format!("HTTP {} after the login form", reply.status),
        ));
    }
    browser.relay_saml(reply, Step::SamlResponse).await
}

/// A CAS login form (`username`/`password`, hidden `execution`/`lt` kept).
pub async fn cas(
    browser: &Browser,
    url: &Url,
    which: Option<&FormSelector>,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    simple_form(browser, url, which, ("username", "password"), credentials).await
}

/// EduConnect's login page: fills `j_username`/`j_password`, keeps the
/// hidden fields (the `csrf_token` of newer IdPs), sends
/// `_eventId_proceed`, then relays the SAML response to the service.
pub async fn educonnect(
    browser: &Browser,
    page: Page,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let which = FormSelector::field("j_username");
    let form = page
        .form(&which)
        .or_else(|| page.form(&FormSelector::default()));
    let Some(mut form) = form else {
        return Err(browser.unexpected(Step::LoginPage, &page, "no EduConnect login form"));
    };
    form.set("j_username", &credentials.username)
        .set("j_password", &credentials.password);
    if form.value("_eventId_proceed").is_none() {
        form.set("_eventId_proceed", "");
    }
    let reply = browser.submit(&form, Step::Credentials).await?;
    if reply.form_with("SAMLResponse").is_some() {
        return browser.relay_saml(reply, Step::SamlResponse).await;
    }
    if matches!(reply.status, 401 | 403) || reply.has_login_form() {
        return Err(browser.bad_credentials(Step::Credentials));
    }
    Err(browser.unexpected(
        Step::SamlResponse,
        &reply,
        "no SAML response after the EduConnect login",
    ))
}

/// A CAS page that hands over to EduConnect.
pub async fn cas_educonnect(
    browser: &Browser,
    url: &Url,
    saml_redirect: bool,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let page = browser.get(url, Step::LoginPage).await?;
    let page = hand_over(browser, page, saml_redirect).await?;
    educonnect(browser, page, credentials).await
}

async fn hand_over(browser: &Browser, page: Page, saml_redirect: bool) -> Result<Page, EntError> {
    if saml_redirect && page.form_with("SAMLRequest").is_none() && !page.has_login_form() {
        return Err(browser.unexpected(Step::SamlRequest, &page, "no SAML request form"));
    }
    browser.relay_saml(page, Step::SamlRequest).await
}

/// Open ENT NG: `email`/`password` posted to `url`. Ending on a login URL
/// means wrong credentials.
pub async fn open_ent_ng(
    browser: &Browser,
    url: &Url,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let reply = browser
        .post(
            url,
            &[
                ("email", credentials.username.as_str()),
                ("password", credentials.password.as_str()),
            ],
            Step::Credentials,
        )
        .await?;
    let on_login = reply.url.path().contains("login");
    if matches!(reply.status, 401 | 403) || (on_login && reply.has_login_form()) {
        return Err(browser.bad_credentials(Step::Credentials));
    }
    if on_login || reply.status >= 400 {
        return Err(browser.unexpected(
            Step::Credentials,
            &reply,
            format!("HTTP {} on the login URL, no login form", reply.status),
        ));
    }
    browser.relay_saml(reply, Step::SamlResponse).await
}

/// Open ENT NG through EduConnect's unsolicited SSO; when EduConnect
/// refuses or ends on a login page, Open ENT NG's own form (`fallback`).
pub async fn open_ent_ng_educonnect(
    browser: &Browser,
    sso: &Url,
    provider_id: &str,
    fallback: &Url,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let mut url = sso.clone();
    url.query_pairs_mut().append_pair("providerId", provider_id);
    let page = browser.get(&url, Step::LoginPage).await?;
    let page = browser.relay_saml(page, Step::SamlRequest).await?;
    match educonnect(browser, page, credentials).await {
        Ok(done) if done.url.path().contains("login") => {
            tracing::debug!(
                provider = browser.provider(),
                "EduConnect ended on a login page: Open ENT NG form"
            );
            let again = done.url.clone();
            open_ent_ng(browser, &again, credentials).await
        }
        Ok(done) => Ok(done),
        Err(EntError::BadCredentials { .. }) => {
            tracing::debug!(
                provider = browser.provider(),
                "EduConnect refused: Open ENT NG form"
            );
            open_ent_ng(browser, fallback, credentials).await
        }
        Err(e) => Err(e),
    }
}

/// A WAYF discovery URL (query included), then EduConnect.
pub async fn wayf(
    browser: &Browser,
    url: &Url,
    saml_redirect: bool,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let page = browser.get(url, Step::Discovery).await?;
    let page = hand_over(browser, page, saml_redirect).await?;
    educonnect(browser, page, credentials).await
}

/// Index Education's hub (`url` has the `service` query), then EduConnect.
pub async fn hub_educonnect(
    browser: &Browser,
    url: &Url,
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let page = browser.get(url, Step::LoginPage).await?;
    let message = crate::form::text_of(&page.body, "#zone_msgDetail").unwrap_or_default();
    if message.contains("url de service est vide") {
        return Err(browser.unexpected(Step::LoginPage, &page, "the hub got no service URL"));
    }
    if message.contains("pas une url de confiance") {
        return Err(browser.unexpected(
            Step::LoginPage,
            &page,
            "the hub does not trust this PRONOTE URL (is the instance on the hub?)",
        ));
    }
    let page = hand_over(browser, page, true).await?;
    educonnect(browser, page, credentials).await
}

/// Toutatice: portal WAYF form, EduConnect, then the remote-user exchange.
/// `urls`: portal, WAYF controller, remote-user endpoint.
pub async fn toutatice(
    browser: &Browser,
    urls: &[Url; 3],
    credentials: &EntCredentials,
) -> Result<Page, EntError> {
    let [portal, wayf_ctrl, remote_user] = urls;
    let page = browser.get(portal, Step::Discovery).await?;
    let Some(choice) = page.form_with("entityID") else {
        return Err(browser.unexpected(Step::Discovery, &page, "no WAYF form"));
    };
    let pick = |n: &str| choice.value(n).unwrap_or_default().to_owned();
    let (entity, ret, idp) = (pick("entityID"), pick("return"), pick("_saml_idp"));
    let login = browser
        .post(
            wayf_ctrl,
            &[("entityID", &entity), ("return", &ret), ("_saml_idp", &idp)],
            Step::Discovery,
        )
        .await?;
    let login = browser.relay_saml(login, Step::SamlRequest).await?;
    let execution = login
        .url
        .query_pairs()
        .find(|(k, _)| k == "execution")
        .map(|(_, v)| v.into_owned());
    educonnect(browser, login.clone(), credentials).await?;
    let Some(execution) = execution else {
        return Err(browser.unexpected(
            Step::AfterLogin,
            &login,
            "no `execution` in the EduConnect URL",
        ));
    };
    let session = cookie_value(browser, remote_user, "IDP_JSESSIONID").unwrap_or_default();
    let mut first = remote_user.clone();
    first.set_query(Some(&encode_pairs(
        [
            ("conversation", execution.as_str()),
            ("redirectToLoaderRemoteUser", "0"),
            ("sessionid", session.as_str()),
        ]
        .into_iter(),
    )));
    let reply = browser.get(&first, Step::AfterLogin).await?;
    let text = |css: &str| crate::form::text_of(&reply.body, css);
    if text("erreurfonctionnelle").is_some() || text("erreurtechnique").is_some() {
        return Err(browser.unexpected(Step::AfterLogin, &reply, "Toutatice reported an error"));
    }
    let (Some(conversation), Some(uid)) = (text("conversation"), text("uidinsession")) else {
        return Err(browser.unexpected(
            Step::AfterLogin,
            &reply,
            "no conversation in the remote-user reply",
        ));
    };
    let mut second = remote_user.clone();
    second.set_query(Some(&encode_pairs(
        [
            ("conversation", conversation.as_str()),
            ("uidInSession", uid.as_str()),
            ("sessionid", session.as_str()),
        ]
        .into_iter(),
    )));
    browser.get(&second, Step::AfterLogin).await
}

fn cookie_value(browser: &Browser, url: &Url, name: &str) -> Option<String> {
    let header = browser.cookie_jar().header_for(url.as_str()).ok()??;
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// Whether `form` is a SAML POST-binding form.
pub fn is_saml_form(form: &Form) -> bool {
    form.value("SAMLRequest").is_some() || form.value("SAMLResponse").is_some()
}
