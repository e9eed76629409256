//! The login's steps: what each reply is read for and what is sent next.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::auth::{self, CaseRules};
use crate::crypto::{Cipher, Iv, UuidKey};
use crate::envelope;
use crate::error::{AccessDenied, DecodeError, Error, LoginError};
use crate::http::HttpResponse;
use crate::order::OrderCounter;
use crate::password::{NewPassword, NewPasswordPrompt, PasswordRuleError, PasswordRules};
use crate::payload::Flags;
use crate::session::SessionState;
use crate::start::{PageFlags, StartPage};
use crate::version::{Generation, Version};

use super::{
    DoubleAuthAnswer, DoubleAuthPrompt, IssuedToken, Login, LoginEvent, LoginMethod, LoginOutput,
    Step, mobile_page_url, peek,
};

impl Login {
    pub(super) fn on_page(&mut self, response: &HttpResponse) -> Result<(), Error> {
        if let Some(error) = response.status_error() {
            return Err(error);
        }
        let page = StartPage::parse(&response.text())?;
        let params = page.params;
        let header_version = response.header("server").and_then(Version::find_in_text);
        let version = page.version.or(header_version);
        let options = &self.config.options;
        let flag_generation = match params.flags {
            PageFlags::Do { .. } => Some(Generation::V2025),
            _ => None,
        };
        let (generation, known) = match (options.generation, version, flag_generation) {
            (Some(g), _, _) => (g, true),
            (None, Some(v), _) => (v.generation(), true),
            (None, None, Some(g)) => (g, false),
            (None, None, None) => (Generation::V2025, false),
        };
        self.generation_known = known;
        let flags = resolve_flags(&params.flags, generation);
        let uuid_key = match (&params.rsa, params.http) {
            (Some(key), _) => Some(UuidKey::from_hex(&key.modulus_hex, &key.exponent_hex)?),
            (None, true) => Some(match &options.uuid_key {
                Some(k) => k.clone(),
                None => UuidKey::constant()?,
            }),
            (None, false) => None,
        };
        if matches!(self.config.method, LoginMethod::Ent) {
            let Some(ent) = &params.ent else {
                return Err(LoginError::Requires(
                    "ENT tokens (e/f) in the page: fetch it with the ENT session's cookies",
                )
                .into());
            };
            self.username = ent.username.clone();
            self.secret = ent.password.clone();
        }
        let uuid =
            crate::crypto::uuid_field(&self.iv_temp, uuid_key.as_ref(), &mut self.padding_rng)?;
        self.state = Some(SessionState {
            root: self.root.clone(),
            espace: params.espace,
            session_id: params.session_id,
            generation,
            version,
            flags,
            cipher: Cipher::initial(),
            order: OrderCounter::default(),
            strict: options.strict,
            limits: options.limits,
            tabs: BTreeSet::new(),
            headers: self.common_headers(),
        });
        self.start = Some(params);
        self.outputs
            .push_back(LoginOutput::Event(LoginEvent::Generation {
                generation,
                version,
            }));
        let data = json!({"Uuid": uuid, "identifiantNav": self.navigator_id});
        let mut payload = envelope::inner(&generation.profile().inner, Some(data.clone()), None);
        if !known {
            // The generation is a guess: send the data under both names,
            // as the official client's successors do.
            if let Value::Object(map) = &mut payload {
                for key in ["data", "donnees"] {
                    map.entry(key).or_insert_with(|| data.clone());
                }
            }
        }
        let state = self.state_mut()?;
        let (request, number) = state.post("FonctionParametres", payload)?;
        self.outputs.push_back(LoginOutput::Transmit(request));
        self.step = Step::Parameters { number };
        Ok(())
    }

    pub(super) fn on_parameters(
        &mut self,
        number: i64,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let iv = Iv::from_iv_temp(&self.iv_temp);
        self.state_mut()?.cipher.iv = iv;
        let (reply, peek) =
            self.read_kept::<peek::Parameters>("FonctionParametres", number, response)?;
        if let Some(nav) = peek.navigator_id {
            self.navigator_id = Some(nav.clone());
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::NavigatorId(nav)));
        }
        let version = peek.version.and_then(|v| v.parse::<Version>().ok());
        let forced = self.config.options.generation.is_some();
        if let Some(version) = version {
            let state = self.state_mut()?;
            state.version = Some(version);
            if !forced && state.generation != version.generation() {
                state.generation = version.generation();
                let generation = state.generation;
                self.outputs
                    .push_back(LoginOutput::Event(LoginEvent::Generation {
                        generation,
                        version: Some(version),
                    }));
            }
        }
        self.instance = Some(reply);
        let data = self.identification_data()?;
        let number = self.send("Identification", Some(data), None)?;
        self.step = Step::Identification { number };
        Ok(())
    }

    pub(super) fn identification_data(&mut self) -> Result<Value, Error> {
        let espace = self.start.as_ref().map(|s| s.espace).unwrap_or_default();
        let options = &self.config.options;
        let (ask_mobile, ask_token, in_mobile) = match &self.config.method {
            LoginMethod::Password { .. } => (options.request_token, false, false),
            LoginMethod::QrCode { .. } => (true, true, false),
            LoginMethod::Token { .. } => (false, false, true),
            LoginMethod::Ent => (options.request_token, false, false),
        };
        let uuid = if ask_mobile || in_mobile {
            self.config.device.uuid.clone()
        } else {
            String::new()
        };
        let mut data = json!({
            "genreConnexion": 0,
            "genreEspace": espace,
            "identifiant": self.username,
            "pourENT": matches!(self.config.method, LoginMethod::Ent),
            "enConnexionAuto": false,
            "demandeConnexionAuto": false,
            "demandeConnexionAppliMobile": ask_mobile,
            "demandeConnexionAppliMobileJeton": ask_token,
            "enConnexionAppliMobile": in_mobile,
            "uuidAppliMobile": uuid,
            "loginTokenSAV": "",
        });
        if let (Some(model), Some(platform), Value::Object(map)) = (
            &self.config.device.model,
            &self.config.device.platform,
            &mut data,
        ) {
            map.insert(
                "informationsAppareil".into(),
                json!({"modele": model, "platforme": platform}),
            );
        }
        Ok(data)
    }

    pub(super) fn on_identification(
        &mut self,
        number: i64,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("Identification", number, response)?;
        let data = &reply.data;
        let alea = data.get("alea").and_then(Value::as_str).unwrap_or("");
        let challenge =
            data.get("challenge")
                .and_then(Value::as_str)
                .ok_or(DecodeError::Field {
                    context: "Identification",
                    field: "challenge",
                })?;
        let rules = CaseRules {
            lowercase_username: truthy(data.get("modeCompLog")),
            lowercase_password: truthy(data.get("modeCompMdp")),
        };
        // The key uses the username as sent, as pronotepy and Pawnote do;
        // `login` (the canonical name of mobile logins) only names the
        // issued token.
        if self.config.method.is_mobile() {
            if let Some(login) = data.get("login").and_then(Value::as_str) {
                self.canonical_username = Some(login.to_owned());
            }
        }
        let key = match self.config.method {
            LoginMethod::Ent => auth::ent_key(&self.secret, alea),
            _ => auth::login_key(&self.username, &self.secret, alea, rules),
        };
        let forced_rule = self.config.options.challenge;
        let state = self.state_mut()?;
        let login_cipher = state.cipher.with_key(key);
        let answer = match forced_rule {
            Some(rule) => auth::solve_challenge(challenge, &login_cipher, rule)?,
            // A challenge that does not decrypt with the classic rule means
            // a wrong password on servers that use it; only 2025+ servers may
            // have moved to the new rule early, so only there is the other
            // rule tried (a wrong password then fails server-side).
            None => {
                let generation = state.generation;
                let preferred = generation.profile().challenge;
                if generation >= Generation::V2025 {
                    auth::solve_challenge_auto(challenge, &login_cipher, preferred).0
                } else {
                    auth::solve_challenge(challenge, &login_cipher, preferred)?
                }
            }
        };
        let espace = self.start.as_ref().map(|s| s.espace).unwrap_or_default();
        let data = json!({"connexion": 0, "challenge": answer, "espace": espace});
        let number = self.send("Authentification", Some(data), None)?;
        self.step = Step::Authentication {
            number,
            login_cipher,
        };
        Ok(())
    }

    pub(super) fn on_authentication(
        &mut self,
        number: i64,
        login_cipher: Cipher,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("Authentification", number, response)?;
        let mut data = reply.data;
        let Some(cle) = data.get("cle").and_then(Value::as_str).map(str::to_owned) else {
            return Err(refusal(&data).into());
        };
        let session_key = auth::session_key_from_cle(&cle, &login_cipher)
            .map_err(|_| LoginError::BadCredentials)?;
        if let Some(token) = data
            .get("jetonConnexionAppliMobile")
            .and_then(Value::as_str)
        {
            let page_url = if self.config.method.is_mobile() {
                self.page_url.clone()
            } else {
                mobile_page_url(&self.page_url)?
            };
            let issued = IssuedToken {
                username: data
                    .get("login")
                    .and_then(Value::as_str)
                    .or(self.canonical_username.as_deref())
                    .unwrap_or(&self.username)
                    .to_owned(),
                token: token.to_owned(),
                device_uuid: self.config.device.uuid.clone(),
                page_url,
            };
            self.issued_token = Some(issued.clone());
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::TokenIssued(issued)));
        }
        let state = self.state_mut()?;
        state.cipher = state.cipher.with_key(session_key);
        let actions = data
            .get("actionsDoubleAuth")
            .map(number_set)
            .unwrap_or_default();
        if let Value::Object(map) = &mut data {
            map.remove("cle");
        }
        let new_password = actions.contains(&0).then(|| NewPasswordPrompt {
            rules: PasswordRules::from_wire(
                data.get("reglesSaisieMDP").unwrap_or(&Value::Null),
                Some(&self.username)
                    .filter(|u| !u.is_empty())
                    .map(String::as_str),
            ),
            message: data
                .get("messageForcerModificationMdp")
                .and_then(Value::as_str)
                .filter(|m| !m.trim().is_empty())
                .map(|m| crate::error::truncate(m, 500)),
        });
        self.authentication = data;
        let prompt = DoubleAuthPrompt {
            needs_pin: actions.contains(&3),
            needs_device_name: actions.contains(&3) || actions.contains(&5),
            actions,
        };
        // Choosing a 2FA strategy or a PIN (1, 2, 4) needs the web page;
        // say so before asking anything.
        if prompt.actions.iter().any(|a| matches!(a, 1 | 2 | 4)) {
            return Err(LoginError::Requires(
                "double authentication to be set up in the PRONOTE web page first",
            )
            .into());
        }
        let then = (prompt.needs_pin || prompt.needs_device_name).then_some(prompt);
        if let Some(prompt) = new_password {
            self.outputs
                .push_back(LoginOutput::NewPasswordRequired(prompt.clone()));
            self.step = Step::NewPasswordPrompt { prompt, then };
            return Ok(());
        }
        if let Some(prompt) = then {
            self.outputs
                .push_back(LoginOutput::DoubleAuthRequired(prompt.clone()));
            self.step = Step::DoubleAuthPrompt(prompt);
            return Ok(());
        }
        self.request_user_parameters()
    }

    pub(super) fn on_new_password_check(
        &mut self,
        number: i64,
        mut prompt: NewPasswordPrompt,
        password: NewPassword,
        then: Option<DoubleAuthPrompt>,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("SecurisationCompteDoubleAuth", number, response)?;
        let data = &reply.data;
        if data.get("result").and_then(Value::as_bool) == Some(true) {
            self.new_password = Some(password);
            if let Some(prompt) = then {
                self.outputs
                    .push_back(LoginOutput::DoubleAuthRequired(prompt.clone()));
                self.step = Step::DoubleAuthPrompt(prompt);
                return Ok(());
            }
            return self.save_choices(None);
        }
        if let Some(rules) = data.get("reglesSaisieMDP") {
            prompt.rules = PasswordRules::from_wire(rules, prompt.rules.not_username.as_deref());
        }
        let error = refused_password(data, &prompt.rules, password.expose());
        self.outputs
            .push_back(LoginOutput::NewPasswordRequired(prompt.clone()));
        self.step = Step::NewPasswordPrompt { prompt, then };
        Err(error.into())
    }

    /// Action 3: saves the new password and the device registration.
    pub(super) fn save_choices(&mut self, answer: Option<&DoubleAuthAnswer>) -> Result<(), Error> {
        let cipher = self.state_mut()?.cipher;
        let mut data = json!({"action": 3});
        if let Value::Object(map) = &mut data {
            if let Some(password) = &self.new_password {
                map.insert(
                    "nouveauMDP".into(),
                    Value::String(auth::encode_pin(password.expose(), &cipher)),
                );
            }
            if let Some(answer) = answer {
                if let Some(pin) = &answer.pin {
                    map.insert(
                        "codePin".into(),
                        Value::String(auth::encode_pin(pin, &cipher)),
                    );
                }
                if let Some(name) = &answer.device_name {
                    map.insert("avecIdentification".into(), Value::Bool(true));
                    map.insert("strIdentification".into(), Value::String(name.clone()));
                }
            }
        }
        let number = self.send("SecurisationCompteDoubleAuth", Some(data), None)?;
        self.step = Step::SaveChoices { number };
        Ok(())
    }

    pub(super) fn on_choices_saved(
        &mut self,
        number: i64,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("SecurisationCompteDoubleAuth", number, response)?;
        if let Some(password) = self.new_password.take() {
            if reply.data.get("result").and_then(Value::as_bool) == Some(false) {
                return Err(LoginError::NewPasswordRefused(
                    "the server did not save the new password".into(),
                )
                .into());
            }
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::PasswordChanged(password)));
        }
        if let Some(token) = reply
            .data
            .get("jetonConnexionAppliMobile")
            .and_then(Value::as_str)
        {
            if let Some(issued) = &mut self.issued_token {
                issued.token = token.to_owned();
                let issued = issued.clone();
                self.outputs
                    .push_back(LoginOutput::Event(LoginEvent::TokenIssued(issued)));
            }
        }
        self.request_user_parameters()
    }

    pub(super) fn after_pin(
        &mut self,
        prompt: &DoubleAuthPrompt,
        answer: &DoubleAuthAnswer,
    ) -> Result<(), Error> {
        let register = prompt.needs_device_name && answer.device_name.is_some();
        if register || self.new_password.is_some() {
            let answer = DoubleAuthAnswer {
                pin: answer.pin.clone(),
                device_name: answer.device_name.clone().filter(|_| register),
            };
            return self.save_choices(Some(&answer));
        }
        self.request_user_parameters()
    }

    pub(super) fn request_user_parameters(&mut self) -> Result<(), Error> {
        let number = self.send("ParametresUtilisateur", None, None)?;
        self.step = Step::UserParameters { number };
        Ok(())
    }

    pub(super) fn on_user_parameters(
        &mut self,
        number: i64,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let (reply, peek) =
            self.read_kept::<peek::UserParameters>("ParametresUtilisateur", number, response)?;
        self.state_mut()?.tabs = peek.tabs();
        self.user = Some(reply);
        self.step = Step::Ready;
        self.outputs.push_back(LoginOutput::Ready);
        Ok(())
    }
}

/// The page's flags read with the generation's rules.
fn resolve_flags(flags: &PageFlags, generation: Generation) -> Flags {
    let style = generation.profile().flags;
    Flags {
        encrypt: flags.encrypt(style),
        compress: flags.compress(style),
    }
}

/// The refusal behind an `Authentification` reply without `cle`.
fn refusal(data: &Value) -> LoginError {
    let code = data.get("Acces").and_then(Value::as_u64).unwrap_or(1);
    match code {
        0 | 1 => LoginError::BadCredentials,
        10 => LoginError::AccountDisabled,
        _ => LoginError::Refused(match code {
            2 => AccessDenied::Authorisation,
            3 => AccessDenied::ClassConnection,
            4 => AccessDenied::NoResource,
            5 => AccessDenied::Connection,
            6 => AccessDenied::StudentBlocked,
            7 => AccessDenied::AccompanistFunction,
            8 => AccessDenied::AccompanistWithoutStudent,
            9 => {
                let msg = data.get("AccesMessage");
                let text = |k: &str| {
                    msg.and_then(|m| m.get(k))
                        .and_then(Value::as_str)
                        .map(|s| crate::error::truncate(s, 300))
                        .unwrap_or_default()
                };
                AccessDenied::Message {
                    title: text("titre"),
                    message: text("message"),
                }
            }
            other => AccessDenied::Other(u32::try_from(other).unwrap_or(u32::MAX)),
        }),
    }
}

/// `0`/`1`, `false`/`true` or absent.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_u64().is_some_and(|n| n != 0),
        Some(Value::String(s)) => !(s.is_empty() || s == "0" || s == "false"),
        _ => false,
    }
}

/// Why the server refused a new password (`erreurMDP`, `messageErreur`).
fn refused_password(data: &Value, rules: &PasswordRules, password: &str) -> LoginError {
    if let Err(rule) = rules.check(password) {
        return LoginError::PasswordRule(rule);
    }
    let errors = data.get("erreurMDP");
    if truthy(errors.and_then(|e| e.get("erreurTailleMDP"))) {
        let length = password.chars().count();
        return LoginError::PasswordRule(match rules.max.filter(|max| length > *max) {
            Some(max) => PasswordRuleError::TooLong { max },
            None => PasswordRuleError::TooShort { min: rules.min },
        });
    }
    if let Some(rule) = errors
        .and_then(|e| e.get("reglesNonRespectes"))
        .map(number_set)
        .and_then(|codes| codes.into_iter().find_map(|c| rules.error_for_code(c)))
    {
        return LoginError::PasswordRule(rule);
    }
    let message = data
        .get("messageErreur")
        .and_then(Value::as_str)
        .filter(|m| !m.trim().is_empty())
        .map(|m| crate::error::truncate(m, 300))
        .unwrap_or_else(|| "the server refused the new password".into());
    LoginError::NewPasswordRefused(message)
}

/// A `_T: 26` number set (`{V: "[3,5]"}`), or a bare string or array.
pub(crate) fn number_set(v: &Value) -> BTreeSet<u32> {
    let inner = v.get("V").unwrap_or(v);
    match inner {
        Value::String(s) => crate::value::Domain::parse(s)
            .map(|d| d.iter().map(u32::from).collect())
            .unwrap_or_default(),
        Value::Array(items) => items
            .iter()
            .filter_map(|x| x.as_u64().and_then(|n| u32::try_from(n).ok()))
            .collect(),
        _ => BTreeSet::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_codes() {
        assert_eq!(refusal(&json!({})), LoginError::BadCredentials);
        assert_eq!(refusal(&json!({"Acces": 10})), LoginError::AccountDisabled);
        assert_eq!(
            refusal(&json!({"Acces": 9, "AccesMessage": {"titre": "T", "message": "M"}})),
            LoginError::Refused(AccessDenied::Message {
                title: "T".into(),
                message: "M".into()
            })
        );
        assert_eq!(
            refusal(&json!({"Acces": 6})),
            LoginError::Refused(AccessDenied::StudentBlocked)
        );
    }

    #[test]
    fn flags_by_generation() {
        assert_eq!(
            resolve_flags(&PageFlags::Absent, Generation::V2025),
            Flags::PLAIN
        );
        assert_eq!(
            resolve_flags(&PageFlags::Absent, Generation::V2022),
            Flags::FULL
        );
        assert_eq!(
            resolve_flags(
                &PageFlags::Skip {
                    skip_encrypt: true,
                    skip_compress: false
                },
                Generation::V2022
            ),
            Flags {
                encrypt: false,
                compress: true
            }
        );
    }

    #[test]
    fn server_refusals_name_the_rule() {
        let rules = PasswordRules::from_wire(
            &json!({"min": 8, "max": 30, "regles": {"_T": 26, "V": "[1]"}}),
            None,
        );
        let refused = |data: Value| refused_password(&data, &rules, "Abcdefgh1");
        assert_eq!(
            refused(
                json!({"result": false, "erreurMDP": {"reglesNonRespectes": {"_T": 26, "V": "[3]"}}})
            ),
            LoginError::PasswordRule(PasswordRuleError::NoMixedCase)
        );
        assert_eq!(
            refused(json!({"result": false, "messageErreur": "D\u{e9}j\u{e0} utilis\u{e9}"})),
            LoginError::NewPasswordRefused("D\u{e9}j\u{e0} utilis\u{e9}".into())
        );
        assert_eq!(
            refused(json!({"result": false})),
            LoginError::NewPasswordRefused("the server refused the new password".into())
        );
        assert_eq!(
            refused_password(&json!({}), &rules, "short1"),
            LoginError::PasswordRule(PasswordRuleError::TooShort { min: 8 })
        );
    }
}
