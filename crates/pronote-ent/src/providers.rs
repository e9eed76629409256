//! The provider table: every ENT pronotepy 2.15.7 knows, by the same names.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::flow::Flow;
use crate::form::FormSelector;

/// One ENT: a name to select it by, where it serves, and its flow.
///
/// Serialises flat: `{"name": …, "region": …, "family": "cas", "url": …}`;
/// a provider missing from the table can be described the same way.
///
/// ```
/// use pronote_ent::{Family, Provider};
/// let p: Provider = serde_json::from_str(r#"{
///     "name": "mon_ent", "region": "Somewhere",
///     "family": "open_ent_ng", "url": "https://ent.example.fr/auth/login"
/// }"#)?;
/// assert_eq!(p.flow.family(), Family::OpenEntNg);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// The name (pronotepy's function name).
    pub name: String,
    /// The region, département or académie served.
    pub region: String,
    /// The flow and its URLs.
    #[serde(flatten)]
    pub flow: Flow,
}

fn cas(name: &str, region: &str, url: &str) -> Provider {
    Provider {
        name: name.into(),
        region: region.into(),
        flow: Flow::Cas {
            url: url.into(),
            form: Some(FormSelector::class("cas__login-form")),
        },
    }
}

fn cas_edu(name: &str, region: &str, url: &str, saml_redirect: bool) -> Provider {
    Provider {
        name: name.into(),
        region: region.into(),
        flow: Flow::CasEduconnect {
            url: url.into(),
            saml_redirect,
        },
    }
}

fn ng(name: &str, region: &str, url: &str) -> Provider {
    Provider {
        name: name.into(),
        region: region.into(),
        flow: Flow::OpenEntNg { url: url.into() },
    }
}

fn ng_edu(name: &str, region: &str, domain: &str, provider_id: Option<&str>) -> Provider {
    Provider {
        name: name.into(),
        region: region.into(),
        flow: Flow::OpenEntNgEduconnect {
            domain: domain.into(),
            provider_id: provider_id.map(Into::into),
            educonnect_sso: None,
        },
    }
}

fn simple(name: &str, region: &str, url: &str, form: Option<FormSelector>) -> Provider {
    Provider {
        name: name.into(),
        region: region.into(),
        flow: Flow::SimpleForm {
            url: url.into(),
            form,
            username_field: None,
            password_field: None,
        },
    }
}

static PROVIDERS: LazyLock<Vec<Provider>> = LazyLock::new(|| {
    vec![
        // CAS
        cas(
            "cas_arsene76",
            "Seine-Maritime (76)",
            "https://cas.arsene76.fr/login?selection=ATS_parent_eleve",
        ),
        cas(
            "cas_ent27",
            "Eure (27)",
            "https://cas.ent27.fr/login?selection=ATS_parent_eleve",
        ),
        cas(
            "cas_kosmos",
            "Kosmos Education",
            "https://cas.kosmoseducation.com/login",
        ),
        cas(
            "ent_creuse",
            "Creuse (23)",
            "https://cas.entcreuse.fr/login?selection=ATS_parent_eleve",
        ),
        cas(
            "occitanie_montpellier",
            "Occitanie (académie de Montpellier)",
            "https://cas.mon-ent-occitanie.fr/login?selection=CSES-ENT_parent_eleve",
        ),
        cas(
            "val_doise",
            "Val-d'Oise (95)",
            "https://cas.moncollege.valdoise.fr/login?selection=eleveparent",
        ),
        // CAS with EduConnect
        cas_edu(
            "val_de_marne",
            "Val-de-Marne (94)",
            "https://cas.moncollege.valdemarne.fr/login?selection=EDU_parent_eleve",
            true,
        ),
        cas_edu(
            "cas_cybercolleges42_edu",
            "Loire (42)",
            "https://cas.cybercolleges42.fr/login?selection=EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "ecollege_haute_garonne_edu",
            "Haute-Garonne (31)",
            "https://cas.ecollege.haute-garonne.fr/login?selection=EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "ac_orleans_tours",
            "Académie d'Orléans-Tours",
            "https://ent.netocentre.fr/cas/login?token=ce8ae867a0accc0b7577fcc340bb99f4&idpId=parentEleveEN-IdP",
            false,
        ),
        cas_edu(
            "ac_poitiers",
            "Académie de Poitiers",
            "https://sp-ts.ac-poitiers.fr/dispatcher/index2.php",
            false,
        ),
        cas_edu(
            "ac_reunion",
            "Académie de La Réunion",
            "https://sso.ac-reunion.fr/saml/discovery/?idp_ident=https://educonnect.education.gouv.fr/idp",
            true,
        ),
        cas_edu(
            "cas_agora06",
            "Alpes-Maritimes (06)",
            "https://cas.agora06.fr/login?selection=EDU&service=",
            true,
        ),
        cas_edu(
            "cas_seinesaintdenis_edu",
            "Seine-Saint-Denis (93)",
            "https://cas.webcollege.seinesaintdenis.fr/login?selection=EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "cas_arsene76_edu",
            "Seine-Maritime (76)",
            "https://cas.arsene76.fr/login?selection=EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "eclat_bfc",
            "Bourgogne-Franche-Comté",
            "https://cas.eclat-bfc.fr/login?selection=EDU&service=",
            true,
        ),
        cas_edu(
            "ent_auvergnerhonealpe",
            "Auvergne-Rhône-Alpes",
            "https://cas.ent.auvergnerhonealpes.fr/login?selection=EDU&service=",
            true,
        ),
        cas_edu(
            "laclasse_educonnect",
            "Métropole de Lyon",
            "https://www.laclasse.com/sso/educonnect",
            false,
        ),
        cas_edu(
            "monbureaunumerique",
            "Grand Est",
            "https://cas.monbureaunumerique.fr/login?selection=EDU&service=",
            true,
        ),
        cas_edu(
            "ac_reims",
            "Académie de Reims",
            "https://cas.monbureaunumerique.fr/login?selection=EDU&service=",
            true,
        ),
        cas_edu(
            "occitanie_montpellier_educonnect",
            "Occitanie (académie de Montpellier)",
            "https://cas.mon-ent-occitanie.fr/login?selection=MONT-EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "occitanie_toulouse_edu",
            "Occitanie (académie de Toulouse)",
            "https://cas.mon-ent-occitanie.fr/login?selection=TOULO-EDU_parent_eleve&service=",
            true,
        ),
        cas_edu(
            "ent_creuse_educonnect",
            "Creuse (23)",
            "https://cas.entcreuse.fr/login?selection=EDU",
            true,
        ),
        // Open ENT NG
        ng(
            "ent77",
            "Seine-et-Marne (77)",
            "https://ent77.seine-et-marne.fr/auth/login",
        ),
        ng(
            "ent_ecollege78",
            "Yvelines (78)",
            "https://ent.ecollege78.fr/auth/login",
        ),
        ng(
            "ent_essonne",
            "Essonne (91)",
            "https://www.moncollege-ent.essonne.fr/auth/login",
        ),
        ng(
            "ent_mayotte",
            "Mayotte (976)",
            "https://mayotte.opendigitaleducation.com/auth/login",
        ),
        ng(
            "ile_de_france",
            "Île-de-France",
            "https://ent.iledefrance.fr/auth/login",
        ),
        ng(
            "neoconnect_guadeloupe",
            "Guadeloupe (971)",
            "https://neoconnect.opendigitaleducation.com/auth/login",
        ),
        ng(
            "paris_classe_numerique",
            "Paris (75)",
            "https://ent.parisclassenumerique.fr/auth/login",
        ),
        ng(
            "lyceeconnecte_aquitaine",
            "Nouvelle-Aquitaine",
            "https://mon.lyceeconnecte.fr/auth/login",
        ),
        // Open ENT NG with EduConnect
        ng_edu(
            "ent_94",
            "Val-de-Marne (94)",
            "https://ent94.opendigitaleducation.com",
            Some("urn:fi:ent:prod-cd94-edu:1.0"),
        ),
        ng_edu("ent_hdf", "Hauts-de-France", "https://enthdf.fr", None),
        ng_edu("ent_somme", "Somme (80)", "https://enthdf.fr", None),
        ng_edu(
            "ent_var",
            "Var (83)",
            "https://moncollege-ent.var.fr",
            Some("urn:fi:ent:prod-cd83-edu:1.0"),
        ),
        ng_edu(
            "l_normandie",
            "Normandie",
            "https://ent.l-educdenormandie.fr",
            None,
        ),
        ng_edu(
            "lyceeconnecte_edu",
            "Nouvelle-Aquitaine",
            "https://mon.lyceeconnecte.fr",
            None,
        ),
        // WAYF
        Provider {
            name: "ent_elyco".into(),
            region: "Pays de la Loire".into(),
            flow: Flow::Wayf {
                domain: "https://cas3.e-lyco.fr".into(),
                entity_id: None,
                return_x: None,
                origin: None,
                saml_redirect: false,
            },
        },
        // Index Education's EduConnect hub
        Provider {
            name: "bordeaux".into(),
            region: "Académie de Bordeaux".into(),
            flow: Flow::HubEduconnect { url: None },
        },
        // Simple forms
        simple(
            "atrium_sud",
            "Provence-Alpes-Côte d'Azur",
            "https://www.atrium-sud.fr/connexion/login",
            Some(FormSelector::id("fm1")),
        ),
        simple(
            "laclasse_lyon",
            "Métropole de Lyon",
            "https://www.laclasse.com/sso/login",
            None,
        ),
        simple(
            "extranet_colleges_somme",
            "Somme (80)",
            "http://www.colleges.cg80.fr/identification/identification.php",
            None,
        ),
        // Toutatice
        Provider {
            name: "ac_rennes".into(),
            region: "Académie de Rennes".into(),
            flow: Flow::Toutatice {
                portal_url: None,
                wayf_url: None,
                remote_user_url: None,
            },
        },
    ]
});

/// Every provider of the table, in a stable order.
///
/// ```
/// let names: Vec<&str> = pronote_ent::providers().iter().map(|p| p.name.as_str()).collect();
/// assert!(names.contains(&"ile_de_france"));
/// ```
pub fn providers() -> &'static [Provider] {
    &PROVIDERS
}

/// The provider named `name` (case-insensitive; `-` and `_` alike).
///
/// ```
/// let p = pronote_ent::provider("Ent-HDF").ok_or("missing")?;
/// assert_eq!(p.region, "Hauts-de-France");
/// # Ok::<(), &str>(())
/// ```
pub fn provider(name: &str) -> Option<&'static Provider> {
    let want = name.trim().replace('-', "_");
    PROVIDERS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(&want))
}
