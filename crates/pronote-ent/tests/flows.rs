//! Every flow family against simulated identity providers handing over to
//! the simulated PRONOTE: success, wrong password, malformed pages, an
//! outage and a redirect loop, each a distinct error.

mod idp;

use idp::{Idp, Mode, PASSWORD, USERNAME};
use pronote_ent::{EntCredentials, EntError, Family, Flow, FormSelector, Provider, Step};
use pronote_server::{RunningServer, Server};
use pronote_transport::HyperTransport;

type TestResult = Result<(), Box<dyn std::error::Error>>;

struct World {
    server: RunningServer,
    idp: Idp,
}

impl World {
    async fn new() -> Result<World, Box<dyn std::error::Error>> {
        let server = Server::builder()
            .seed(11)
            .bind("127.0.0.1:0")
            .start()
            .await?;
        let idp = Idp::start(server.local_addr()).await?;
        Ok(World { server, idp })
    }

    fn page(&self) -> String {
        format!("{}eleve.html", self.server.url())
    }

    /// A provider of `family` pointing at the simulated IdP.
    fn provider(&self, family: Family) -> Provider {
        let url = |p: &str| self.idp.url(p);
        let flow = match family {
            Family::Cas => Flow::Cas {
                url: url("/cas/login?selection=ATS_parent_eleve"),
                form: Some(FormSelector::class("cas__login-form")),
            },
            Family::CasEduconnect => Flow::CasEduconnect {
                url: url("/cas/login?selection=EDU_parent_eleve&service="),
                saml_redirect: true,
            },
            Family::Educonnect => Flow::Educonnect {
                url: url("/idp/profile/SAML2/Unsolicited/SSO?providerId=urn:test"),
            },
            Family::OpenEntNg => Flow::OpenEntNg {
                url: url("/auth/login"),
            },
            Family::OpenEntNgEduconnect => serde_json::from_value(serde_json::json!({
                "family": "open_ent_ng_educonnect",
                "domain": self.idp.base,
                "educonnect_sso": url("/idp/profile/SAML2/Unsolicited/SSO"),
            }))
            .unwrap_or(Flow::OpenEntNg { url: String::new() }),
            Family::Wayf => serde_json::from_value(serde_json::json!({
                "family": "wayf", "domain": self.idp.base, "saml_redirect": false,
            }))
            .unwrap_or(Flow::OpenEntNg { url: String::new() }),
            Family::HubEduconnect => serde_json::from_value(serde_json::json!({
                "family": "hub_educonnect", "url": url("/hub/cas/login"),
            }))
            .unwrap_or(Flow::OpenEntNg { url: String::new() }),
            Family::SimpleForm => serde_json::from_value(serde_json::json!({
                "family": "simple_form", "url": url("/simple/login"), "form": {"id": "fm1"},
                "username_field": "login", "password_field": "pass",
            }))
            .unwrap_or(Flow::OpenEntNg { url: String::new() }),
            Family::Toutatice => Flow::Toutatice {
                portal_url: Some(url("/portail/auth/MonEspace")),
                wayf_url: Some(url("/wayf/Ctrl")),
                remote_user_url: Some(url("/idp/Authn/RemoteUser")),
            },
            _ => Flow::OpenEntNg { url: String::new() },
        };
        assert_eq!(flow.family(), family, "test provider for {family}");
        Provider {
            name: format!("test_{family}"),
            region: "Loopback".into(),
            flow,
        }
    }

    async fn login(&self, family: Family, password: &str) -> Result<HyperTransport, EntError> {
        let transport = HyperTransport::builder()
            .build()
            .map_err(|e| EntError::UnknownProvider(e.to_string()))?;
        pronote_ent::login(
            &self.provider(family),
            &EntCredentials::new(USERNAME, password),
            &self.page(),
            &transport,
        )
        .await?;
        Ok(transport)
    }
}

const TESTED: [Family; 9] = [
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

#[test]
fn every_family_is_tested() {
    for family in Family::ALL {
        assert!(TESTED.contains(&family), "{family} has no simulated IdP");
    }
}

#[tokio::test]
async fn every_family_logs_in_to_pronote() -> TestResult {
    let world = World::new().await?;
    for family in TESTED {
        let transport = world
            .login(family, PASSWORD)
            .await
            .map_err(|e| format!("{family}: {e}"))?;
        // The ENT session opens PRONOTE with e/f: log in for real.
        let client = pronote_api::LoginBuilder::ent(world.page())
            .transport(transport)
            .connect()
            .await
            .map_err(|e| format!("{family}: PRONOTE ENT login: {e}"))?;
        assert_eq!(
            client.user().await.resource.name,
            "MARTIN Lucas",
            "{family}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn wrong_password_is_bad_credentials_for_every_family() -> TestResult {
    let world = World::new().await?;
    for family in TESTED {
        match world.login(family, "Wr0ngPass!").await {
            Err(e @ EntError::BadCredentials { .. }) => {
                assert_eq!(e.provider(), Some(format!("test_{family}").as_str()));
                assert_eq!(e.step(), Some(Step::Credentials), "{family}");
                assert!(e.is_bad_credentials());
                assert!(
                    !e.to_string().contains("Wr0ngPass!"),
                    "{family}: password in message"
                );
            }
            other => return Err(format!("{family}: expected BadCredentials, got {other:?}").into()),
        }
    }
    Ok(())
}

#[tokio::test]
async fn malformed_pages_are_unexpected_page_for_every_family() -> TestResult {
    let world = World::new().await?;
    world.idp.set_mode(Mode::Malformed);
    for family in TESTED {
        match world.login(family, PASSWORD).await {
            Err(EntError::UnexpectedPage { provider, url, .. }) => {
                assert_eq!(provider, format!("test_{family}"));
                assert!(!url.contains('?'), "{family}: query in the error URL");
            }
            other => return Err(format!("{family}: expected UnexpectedPage, got {other:?}").into()),
        }
    }
    // Login accepted, but nothing hands over to PRONOTE.
    world.idp.set_mode(Mode::MalformedAfterLogin);
    for family in TESTED {
        match world.login(family, PASSWORD).await {
            Err(EntError::UnexpectedPage { step, .. }) => {
                assert!(
                    matches!(step, Step::SamlResponse | Step::PronotePage),
                    "{family}: {step}"
                );
            }
            other => {
                return Err(format!(
                    "{family}: expected UnexpectedPage after login, got {other:?}"
                )
                .into());
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn outage_and_redirect_loop_are_distinct() -> TestResult {
    let world = World::new().await?;
    world.idp.set_mode(Mode::Down);
    for family in TESTED {
        match world.login(family, PASSWORD).await {
            Err(
                e @ EntError::Unavailable {
                    status: Some(503), ..
                },
            ) => assert!(e.is_transient()),
            other => return Err(format!("{family}: expected Unavailable, got {other:?}").into()),
        }
    }
    world.idp.set_mode(Mode::Loop);
    for family in TESTED {
        match world.login(family, PASSWORD).await {
            Err(EntError::RedirectLoop { provider, .. }) => {
                assert_eq!(provider, format!("test_{family}"))
            }
            other => return Err(format!("{family}: expected RedirectLoop, got {other:?}").into()),
        }
    }
    // Nobody listening.
    let gone = Provider {
        name: "gone".into(),
        region: "Nowhere".into(),
        flow: Flow::Cas {
            url: "http://127.0.0.1:9/cas/login".into(),
            form: None,
        },
    };
    let transport = HyperTransport::builder().build()?;
    let e = pronote_ent::login(
        &gone,
        &EntCredentials::new("a", "b"),
        &world.page(),
        &transport,
    )
    .await;
    assert!(
        matches!(
            e,
            Err(EntError::Unavailable {
                status: None,
                step: Step::LoginPage,
                ..
            })
        ),
        "{e:?}"
    );
    Ok(())
}

#[tokio::test]
async fn hub_refuses_an_untrusted_service() -> TestResult {
    let world = World::new().await?;
    let transport = HyperTransport::builder().build()?;
    let e = pronote_ent::login(
        &world.provider(Family::HubEduconnect),
        &EntCredentials::new(USERNAME, PASSWORD),
        "http://127.0.0.2:1/pronote/eleve.html",
        &transport,
    )
    .await;
    match e {
        Err(EntError::UnexpectedPage { what, .. }) => assert!(what.contains("trust"), "{what}"),
        other => return Err(format!("expected an untrusted-service error, got {other:?}").into()),
    }
    Ok(())
}

#[tokio::test]
async fn a_described_provider_works_without_code() -> TestResult {
    let world = World::new().await?;
    let description = format!(
        r#"{{"name": "my_ent", "region": "Here", "family": "cas", "url": "{}"}}"#,
        world.idp.url("/cas/login")
    );
    let provider: Provider = serde_json::from_str(&description)?;
    let transport = HyperTransport::builder().build()?;
    let session = pronote_ent::login(
        &provider,
        &EntCredentials::new(USERNAME, PASSWORD),
        &world.page(),
        &transport,
    )
    .await?;
    assert_eq!(session.provider, "my_ent");
    assert!(format!("{transport:?}").contains("cookies"));
    assert!(!format!("{transport:?}").contains("TGT-"));
    Ok(())
}
