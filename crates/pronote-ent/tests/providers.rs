//! The provider table: consistent, complete against pronotepy 2.15.7, and
//! serialisable for `pronote ent list --json`.

use std::collections::HashSet;

use pronote_ent::{Family, Provider, provider, providers};

/// Every ENT function pronotepy 2.15.7 exports (`pronotepy.ent.__all__`).
const PRONOTEPY: &[&str] = &[
    "cas_arsene76",
    "cas_ent27",
    "cas_kosmos",
    "ent_creuse",
    "ent_creuse_educonnect",
    "occitanie_montpellier",
    "val_doise",
    "val_de_marne",
    "cas_cybercolleges42_edu",
    "ecollege_haute_garonne_edu",
    "ac_orleans_tours",
    "ac_poitiers",
    "ac_reunion",
    "cas_agora06",
    "cas_seinesaintdenis_edu",
    "cas_arsene76_edu",
    "eclat_bfc",
    "ent_auvergnerhonealpe",
    "laclasse_educonnect",
    "monbureaunumerique",
    "ac_reims",
    "occitanie_montpellier_educonnect",
    "occitanie_toulouse_edu",
    "ent77",
    "ent_ecollege78",
    "ent_essonne",
    "ent_mayotte",
    "ile_de_france",
    "neoconnect_guadeloupe",
    "paris_classe_numerique",
    "lyceeconnecte_aquitaine",
    "ent_94",
    "ent_hdf",
    "ent_somme",
    "ent_var",
    "l_normandie",
    "lyceeconnecte_edu",
    "ent_elyco",
    "bordeaux",
    "atrium_sud",
    "laclasse_lyon",
    "extranet_colleges_somme",
    "ac_rennes",
];

#[test]
fn every_entry_is_consistent() {
    let mut names = HashSet::new();
    for p in providers() {
        assert!(names.insert(p.name.as_str()), "duplicate {}", p.name);
        assert!(!p.region.is_empty(), "{}: no region", p.name);
        assert!(
            Family::ALL.contains(&p.flow.family()),
            "{}: unknown family",
            p.name
        );
        let urls = p.flow.urls();
        assert!(!urls.is_empty(), "{}", p.name);
        for u in urls {
            let parsed = url::Url::parse(&u).unwrap_or_else(|e| panic!("{}: {u}: {e}", p.name));
            assert!(
                matches!(parsed.scheme(), "http" | "https"),
                "{}: {u}",
                p.name
            );
            assert!(parsed.host_str().is_some(), "{}: {u}", p.name);
        }
        assert_eq!(provider(&p.name), Some(p), "{} selectable by name", p.name);
    }
}

#[test]
fn covers_pronotepy() {
    for name in PRONOTEPY {
        assert!(provider(name).is_some(), "{name} missing");
    }
    assert!(providers().len() >= PRONOTEPY.len());
    assert_eq!(
        provider("ENT-HDF").map(|p| p.name.as_str()),
        Some("ent_hdf")
    );
    assert!(provider("nope").is_none());
}

#[test]
fn json_list_round_trips() -> Result<(), serde_json::Error> {
    let json = serde_json::to_value(providers())?;
    let array = json.as_array().map(Vec::len);
    assert_eq!(array, Some(providers().len()));
    for entry in json.as_array().into_iter().flatten() {
        for key in ["name", "region", "family"] {
            assert!(
                entry.get(key).is_some_and(|v| v.is_string()),
                "{key} in {entry}"
            );
        }
    }
    let back: Vec<Provider> = serde_json::from_value(json)?;
    assert_eq!(back, providers());
    Ok(())
}

#[test]
fn descriptions_are_checked() {
    let bad = serde_json::from_str::<Provider>(
        r#"{"name": "x", "region": "y", "family": "smoke_signals"}"#,
    );
    assert!(bad.is_err());
    let missing =
        serde_json::from_str::<Provider>(r#"{"name": "x", "region": "y", "family": "cas"}"#);
    assert!(missing.is_err());
}
