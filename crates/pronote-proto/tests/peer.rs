//! The login and session state machines against a small scripted peer
//! built only from proto's server-role functions, for every generation ×
//! flag combination, and the paths the transcripts do not cover: RSA
//! Uuids, double authentication, refusals, a generation learnt from
//! `versionPN`, export/restore.
//!
//! The full simulated server lives in `pronote-server`; this peer is the
//! smallest one that exercises each rule of proto in both roles.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::auth::{self, CaseRules};
use pronote_proto::crypto::{self, AesKey, Cipher, Iv, UuidKey, UuidPrivateKey};
use pronote_proto::envelope;
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::login::{
    DoubleAuthAnswer, Login, LoginConfig, LoginEvent, LoginMethod, LoginOutcome, LoginOutput,
};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::start::{PageFlags, PageRsaKey, StartParams};
use pronote_proto::{
    AccessDenied, Call, Error, Generation, LoginError, Misuse, PeerError, ServerError, Session,
    order,
};
use serde_json::{Value, json};

const ROOT: &str = "http://127.0.0.1:9/pronote";

fn version_of(generation: Generation) -> &'static str {
    match generation {
        Generation::Legacy => "2021.0.2.5",
        Generation::V2022 => "2023.0.3.1",
        Generation::V2024_3_9 => "2024.3.9",
        Generation::V2025 => "2025.2.6",
        _ => "2026.2.5",
    }
}

struct Peer {
    generation: Generation,
    flags: Flags,
    session_id: u64,
    cipher: Cipher,
    next_order: i64,
    rsa: Option<UuidPrivateKey>,
    http: bool,
    /// Version text shown in the page (None: only `versionPN` tells).
    page_version: bool,
    password: String,
    alea: String,
    challenge: String,
    login_cipher: Option<Cipher>,
    double_auth_pin: Option<String>,
    acces: Option<u32>,
    token: String,
    seen_functions: Vec<String>,
    first_payload: Option<Value>,
}

impl Peer {
    fn new(generation: Generation, flags: Flags) -> Self {
        Peer {
            generation,
            flags,
            session_id: 4242,
            cipher: Cipher::initial(),
            next_order: 1,
            rsa: None,
            http: false,
            page_version: true,
            password: "pronotevs".into(),
            alea: "Zq9".into(),
            challenge: String::new(),
            login_cipher: None,
            double_auth_pin: None,
            acces: None,
            token: "TOKEN-1".into(),
            seen_functions: Vec::new(),
            first_payload: None,
        }
    }

    fn page(&self) -> HttpResponse {
        let mut params = StartParams::new(self.session_id, 3);
        let profile = self.generation.profile();
        params.flags = match profile.flags {
            pronote_proto::FlagStyle::Do => PageFlags::Do {
                encrypt: self.flags.encrypt,
                compress: self.flags.compress,
            },
            pronote_proto::FlagStyle::Skip => PageFlags::Skip {
                skip_encrypt: !self.flags.encrypt,
                skip_compress: !self.flags.compress,
            },
        };
        params.http = self.http;
        if let (Some(key), false) = (&self.rsa, self.http) {
            let public = key.public_key();
            params.rsa = Some(PageRsaKey {
                modulus_hex: public.modulus_hex(),
                exponent_hex: public.exponent_hex(),
            });
        }
        let version = if self.page_version {
            format!(
                "<a>PRONOTE {} gestion de vie scolaire</a>",
                version_of(self.generation)
            )
        } else {
            String::new()
        };
        let html = format!(
            "<html><body>{version}<script>window.addEventListener(\"load\", () => {{try{{Start ({});}} catch (e) {{}}}})</script></body></html>",
            params.to_literal()
        );
        HttpResponse::new(200, html)
    }

    fn reply(&mut self, function: &str, number: i64, data: Value, cipher: Cipher) -> HttpResponse {
        let profile = self.generation.profile();
        let inner = envelope::inner(&profile.inner, Some(data), None);
        let secure = payload::encode_reply(&inner, self.flags, &cipher).unwrap();
        let wire = order::encode(&cipher, number + 1);
        HttpResponse::new(
            200,
            envelope::encode(&profile.envelope, self.session_id, &wire, function, &secure),
        )
    }

    fn error(code: u32) -> HttpResponse {
        HttpResponse::new(
            200,
            json!({"Erreur": {"G": code, "Titre": "x"}}).to_string(),
        )
    }

    fn handle(&mut self, request: &HttpRequest) -> HttpResponse {
        if request.method == Method::Get {
            return self.page();
        }
        let profile = self.generation.profile();
        let env = envelope::decode(&profile.envelope, &request.body).unwrap();
        assert_eq!(env.session, Some(self.session_id));
        let function = env.function.clone().unwrap();
        self.seen_functions.push(function.clone());
        let number = self.next_order;
        if order::decode(&self.cipher, env.order.as_deref().unwrap()) != Ok(number) {
            return Self::error(8);
        }
        assert!(request.url.ends_with(env.order.as_deref().unwrap()));
        self.next_order += 2;
        let payload =
            payload::decode_request(&env.secure, self.flags, &self.cipher, Limits::default())
                .unwrap();
        let data = payload
            .get(profile.inner.data)
            .cloned()
            .unwrap_or(Value::Null);
        match function.as_str() {
            "FonctionParametres" => {
                self.first_payload = Some(payload.clone());
                let uuid = data["Uuid"].as_str().unwrap();
                let iv_temp = crypto::decode_uuid_field(uuid, self.rsa.as_ref()).unwrap();
                self.cipher.iv = Iv::from_iv_temp(&iv_temp);
                let c = self.cipher;
                self.reply(
                    &function,
                    number,
                    json!({"identifiantNav": "NAV-1", "General": {"versionPN": version_of(self.generation)}}),
                    c,
                )
            }
            "Identification" => {
                let username = data["identifiant"].as_str().unwrap().to_owned();
                let key =
                    auth::login_key(&username, &self.password, &self.alea, CaseRules::default());
                let login_cipher = self.cipher.with_key(key);
                let as_received = self.generation >= Generation::V2026_2_5;
                self.challenge = if as_received {
                    "0123456789abcdef".into()
                } else {
                    auth::make_challenge("0123456789", 'x', &login_cipher)
                };
                self.login_cipher = Some(login_cipher);
                let c = self.cipher;
                self.reply(
                    &function,
                    number,
                    json!({"alea": self.alea, "modeCompLog": 0, "modeCompMdp": 0, "challenge": self.challenge}),
                    c,
                )
            }
            "Authentification" => {
                let login_cipher = self.login_cipher.unwrap();
                let answer = data["challenge"].as_str().unwrap();
                let c = self.cipher;
                let only = (self.generation >= Generation::V2026_2_5)
                    .then_some(pronote_proto::ChallengeRule::AsReceived);
                if let Some(code) = self.acces {
                    return self.reply(&function, number, json!({"Acces": code}), c);
                }
                if !auth::check_challenge(&self.challenge, answer, &login_cipher, only) {
                    return self.reply(&function, number, json!({"Acces": 1}), c);
                }
                let material = [7u8, 1, 200, 33];
                let mut out = json!({
                    "cle": auth::make_cle(&material, &login_cipher),
                    "libelleUtil": "Élève Test",
                    "jetonConnexionAppliMobile": self.token,
                });
                if self.double_auth_pin.is_some() {
                    out["actionsDoubleAuth"] = json!({"_T": 26, "V": "[3]"});
                }
                let response = self.reply(&function, number, out, c);
                self.cipher = self.cipher.with_key(AesKey::from_material(&material));
                response
            }
            "SecurisationCompteDoubleAuth" => {
                let c = self.cipher;
                let result = match data["action"].as_u64() {
                    Some(0) => {
                        let pin = c
                            .decrypt_hex(data["codePin"].as_str().unwrap(), "pin")
                            .unwrap();
                        Some(pin) == self.double_auth_pin.as_ref().map(|p| p.as_bytes().to_vec())
                    }
                    Some(3) => data["strIdentification"].as_str().is_some(),
                    _ => false,
                };
                self.reply(&function, number, json!({"result": result}), c)
            }
            "ParametresUtilisateur" => {
                let c = self.cipher;
                self.reply(
                    &function,
                    number,
                    json!({"ressource": {"N": "1#a", "G": 4, "L": "Élève"}, "listeOnglets": [{"G": 7}, {"G": 16, "Onglet": [{"G": 88}]}]}),
                    c,
                )
            }
            _ => {
                let c = self.cipher;
                let sig = payload
                    .get(profile.inner.signature)
                    .cloned()
                    .unwrap_or(Value::Null);
                self.reply(
                    &function,
                    number,
                    json!({"echo": data, "signature": sig, "texte": "déjà"}),
                    c,
                )
            }
        }
    }
}

fn password_config() -> LoginConfig {
    LoginConfig::new(
        format!("{ROOT}/eleve.html"),
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    )
}

/// Drives a login to its end, answering double-auth prompts with `answer`.
fn run(
    peer: &mut Peer,
    config: LoginConfig,
    answer: Option<DoubleAuthAnswer>,
) -> Result<(LoginOutcome, Vec<LoginEvent>), Error> {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut login = Login::new(config, &mut rng)?;
    let mut events = Vec::new();
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(request)) => {
                let response = peer.handle(&request);
                login.handle_response(&response)?;
            }
            Some(LoginOutput::Event(e)) => events.push(e),
            Some(LoginOutput::DoubleAuthRequired(prompt)) => {
                assert!(prompt.needs_pin && prompt.needs_device_name);
                login.submit_double_auth(answer.clone().expect("a double-auth answer"))?;
            }
            Some(LoginOutput::Ready) => return Ok((login.finish()?, events)),
            Some(other) => panic!("unexpected {other:?}"),
            None => panic!("login stalled"),
        }
    }
}

fn call(
    session: &mut Session,
    peer: &mut Peer,
    call: &Call,
) -> Result<pronote_proto::Reply, Error> {
    let pending = session.call(call)?;
    let response = peer.handle(pending.request());
    pending.handle_response(&response)
}

#[test]
fn every_generation_and_flag_combination() {
    for generation in Generation::ALL {
        for flags in Flags::ALL {
            let mut peer = Peer::new(generation, flags);
            if generation == Generation::Legacy {
                let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                peer.rsa = Some(UuidPrivateKey::generate(&mut rng, 1024).unwrap());
            }
            let (outcome, events) = run(&mut peer, password_config(), None)
                .unwrap_or_else(|e| panic!("{generation:?} {flags:?}: {e}"));
            assert!(events.contains(&LoginEvent::NavigatorId("NAV-1".into())));
            let mut session = outcome.session;
            assert_eq!(session.state().generation, generation);
            assert_eq!(session.state().flags, flags);
            assert!(session.is_tab_allowed(88) && !session.is_tab_allowed(198));
            let reply = call(
                &mut session,
                &mut peer,
                &Call::new("PageEmploiDuTemps")
                    .tab(16)
                    .data(json!({"numeroSemaine": 3})),
            )
            .unwrap_or_else(|e| panic!("{generation:?} {flags:?}: {e}"));
            assert_eq!(reply.data["echo"], json!({"numeroSemaine": 3}));
            assert_eq!(reply.data["signature"], json!({"onglet": 16}));
            assert_eq!(reply.data["texte"], "déjà");
            let keep_alive = session.keep_alive_call();
            call(&mut session, &mut peer, &keep_alive).unwrap();
            let expected = if generation >= Generation::V2024_3_9 {
                "Navigation"
            } else {
                "Presence"
            };
            assert_eq!(
                peer.seen_functions.last().map(String::as_str),
                Some(expected)
            );
        }
    }
}

#[test]
fn tab_not_allowed_is_refused_before_sending() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    let (outcome, _) = run(&mut peer, password_config(), None).unwrap();
    let mut session = outcome.session;
    let err = session
        .call(&Call::new("DernieresNotes").tab(198))
        .unwrap_err();
    assert_eq!(err, Error::Misuse(Misuse::TabNotAllowed { tab: 198 }));
    assert!(!session.is_desynchronized());
}

#[test]
fn wrong_password_is_bad_credentials() {
    for generation in [Generation::V2022, Generation::V2025, Generation::V2026_2_5] {
        let mut peer = Peer::new(generation, Flags::FULL);
        peer.password = "autre".into();
        let err = run(&mut peer, password_config(), None).unwrap_err();
        assert_eq!(
            err,
            Error::Login(LoginError::BadCredentials),
            "{generation:?}"
        );
    }
}

#[test]
fn access_codes_are_typed() {
    for (code, expected) in [
        (10, LoginError::AccountDisabled),
        (6, LoginError::Refused(AccessDenied::StudentBlocked)),
    ] {
        let mut peer = Peer::new(Generation::V2025, Flags::PLAIN);
        peer.acces = Some(code);
        assert_eq!(
            run(&mut peer, password_config(), None).unwrap_err(),
            Error::Login(expected)
        );
    }
}

#[test]
fn rsa_uuid_with_a_caller_supplied_key() {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let key = UuidPrivateKey::generate(&mut rng, 1024).unwrap();
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    peer.http = true;
    peer.rsa = Some(key.clone());
    let mut config = password_config();
    config.options.uuid_key = Some(key.public_key());
    run(&mut peer, config, None).unwrap();
    // Without the key the client uses the constant one, which the peer
    // cannot decrypt: the Uuid does not decode.
    assert!(UuidKey::constant().is_ok());
}

#[test]
fn double_authentication_pin_and_device() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    peer.double_auth_pin = Some("1234".into());
    let answer = DoubleAuthAnswer {
        pin: Some("1234".into()),
        device_name: Some("Test device".into()),
    };
    let (outcome, events) = run(&mut peer, password_config(), Some(answer)).unwrap();
    // The token was surfaced before double authentication.
    assert!(
        events
            .iter()
            .any(|e| matches!(e, LoginEvent::TokenIssued(t) if t.token == "TOKEN-1"))
    );
    assert_eq!(
        outcome.issued_token.map(|t| t.token),
        Some("TOKEN-1".into())
    );
    let n = peer
        .seen_functions
        .iter()
        .filter(|f| *f == "SecurisationCompteDoubleAuth")
        .count();
    assert_eq!(n, 2);
}

#[test]
fn double_authentication_wrong_pin_can_be_retried() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    peer.double_auth_pin = Some("1234".into());
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut login = Login::new(password_config(), &mut rng).unwrap();
    let mut tries = 0;
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(request)) => {
                let response = peer.handle(&request);
                match login.handle_response(&response) {
                    Ok(()) => {}
                    Err(Error::Login(LoginError::WrongDoubleAuthPin)) => {
                        assert!(login.needs_double_auth())
                    }
                    Err(e) => panic!("{e}"),
                }
            }
            Some(LoginOutput::DoubleAuthRequired(_)) => {
                tries += 1;
                let pin = if tries == 1 { "0000" } else { "1234" };
                // A missing device name is refused without a request.
                assert!(
                    login
                        .submit_double_auth(DoubleAuthAnswer {
                            pin: Some(pin.into()),
                            device_name: None
                        })
                        .is_err()
                );
                login
                    .submit_double_auth(DoubleAuthAnswer {
                        pin: Some(pin.into()),
                        device_name: Some("d".into()),
                    })
                    .unwrap();
            }
            Some(LoginOutput::Ready) => break,
            Some(LoginOutput::Event(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(tries, 2);
    login.finish().unwrap();
}

#[test]
fn generation_learnt_from_version_pn() {
    // No version text and no flags in the page: the client guesses and
    // sends the first payload under both data names, then follows
    // versionPN.
    let mut peer = Peer::new(Generation::V2025, Flags::PLAIN);
    peer.page_version = false;
    let (outcome, events) = run(&mut peer, password_config(), None).unwrap();
    let first = peer.first_payload.clone().unwrap();
    assert!(first.get("data").is_some() && first.get("donnees").is_some());
    assert!(
        events
            .iter()
            .any(|e| matches!(e, LoginEvent::Generation { .. }))
    );
    assert_eq!(
        outcome.session.state().version.map(|v| v.to_string()),
        Some("2025.2.6".into())
    );
}

#[test]
fn export_and_restore_continue_the_chain() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    let (outcome, _) = run(&mut peer, password_config(), None).unwrap();
    let exported = serde_json::to_string(&outcome.session.export()).unwrap();
    // The export holds keys, so it must be stored as a secret; Debug of the
    // session does not show them.
    assert!(
        !format!("{:?}", outcome.session)
            .contains(&hex::encode(outcome.session.state().cipher.key.as_bytes()))
    );
    drop(outcome);
    let mut restored = Session::restore(serde_json::from_str(&exported).unwrap()).unwrap();
    let reply = call(
        &mut restored,
        &mut peer,
        &Call::new("PageInfosPerso").tab(16),
    )
    .unwrap();
    assert_eq!(reply.data["signature"], json!({"onglet": 16}));
}

#[test]
fn server_errors_and_desynchronisation() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    let (outcome, _) = run(&mut peer, password_config(), None).unwrap();
    let mut session = outcome.session;
    // The peer's clock moves: it expects a number the client did not send.
    peer.next_order += 2;
    let err = call(&mut session, &mut peer, &Call::new("PageInfosPerso")).unwrap_err();
    assert_eq!(err, Error::Server(ServerError::PageExpired { code: 8 }));
    assert!(err.needs_new_session());
    // A reply with another order number desynchronises the session.
    let pending = session.call(&Call::new("PageInfosPerso")).unwrap();
    let n = pending.number();
    let wrong = peer.reply("PageInfosPerso", n + 10, json!({}), peer.cipher);
    assert!(matches!(
        pending.handle_response(&wrong),
        Err(Error::Peer(PeerError::OrderMismatch { .. }))
    ));
    assert!(session.is_desynchronized());
    assert!(session.call(&Call::new("PageInfosPerso")).is_err());
}

#[test]
fn garbage_replies_are_errors_not_panics() {
    let mut peer = Peer::new(Generation::V2025, Flags::FULL);
    let (outcome, _) = run(&mut peer, password_config(), None).unwrap();
    let mut session = outcome.session;
    let state = session.export();
    let bodies: [&[u8]; 6] = [
        b"",
        b"{}",
        b"[1,2]",
        b"{\"session\":4242,\"no\":\"zz\",\"id\":\"X\",\"dataSec\":\"00\"}",
        b"<html>Le site est momentan\xc3\xa9ment indisponible</html>",
        &[0xff, 0xfe, 0x00],
    ];
    for body in bodies {
        let mut s = Session::restore(state.clone()).unwrap();
        let pending = s.call(&Call::new("X")).unwrap();
        assert!(
            pending
                .handle_response(&HttpResponse::new(200, body.to_vec()))
                .is_err()
        );
    }
    let pending = session.call(&Call::new("X")).unwrap();
    assert_eq!(
        pending.handle_response(&HttpResponse::new(503, "Le site n'est pas disponible")),
        Err(Error::Server(ServerError::Unavailable))
    );
    let _ = Cipher::new(AesKey::initial(), Iv::ZERO);
}
