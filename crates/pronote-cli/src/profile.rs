//! Saved logins: one JSON file per profile under
//! `<config dir>/pronote-rs/profiles/` (`PRONOTE_CONFIG_DIR` replaces
//! `<config dir>/pronote-rs`), written atomically with mode 0600, next to
//! the profile's `watch` snapshot.
//!
//! A token works once: every login hands back a new one, which must reach
//! the disk before anything else can fail. [`Store::save_profile`] writes
//! a temporary file in the same directory, syncs it, renames it over the
//! old file and syncs the directory, so a crash leaves either the old or
//! the new credentials, never a torn file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use pronote_api::Credentials;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{CliError, CliResult};

/// The environment variable that replaces the configuration directory.
pub(crate) const CONFIG_DIR_ENV: &str = "PRONOTE_CONFIG_DIR";

/// What a profile file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Profile {
    /// The file format (1).
    pub(crate) format: u32,
    /// The credentials to log in with next time.
    pub(crate) credentials: Credentials,
    /// Parents: the child chosen at login.
    #[serde(default)]
    pub(crate) child: Option<String>,
}

impl Profile {
    /// A profile of the current format.
    pub(crate) fn new(credentials: Credentials, child: Option<String>) -> Self {
        Profile {
            format: 1,
            credentials,
            child,
        }
    }

    /// The instance root (`https://…/pronote/`) of the saved page.
    pub(crate) fn root(&self) -> String {
        root_of(&self.credentials.page_url)
    }
}

/// The root of an instance from the address of any page under it.
///
/// ```text
/// https://x.fr/pronote/eleve.html?login=true → https://x.fr/pronote/
/// https://x.fr/pronote                       → https://x.fr/pronote/
/// ```
pub(crate) fn root_of(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let last = url.rsplit('/').next().unwrap_or("");
    let root = if last.contains('.') {
        &url[..url.len() - last.len()]
    } else {
        url
    };
    if root.ends_with('/') {
        root.to_owned()
    } else {
        format!("{root}/")
    }
}

/// The profiles directory.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store under `PRONOTE_CONFIG_DIR`, else the platform's
    /// configuration directory.
    pub(crate) fn locate() -> CliResult<Self> {
        let base = match std::env::var_os(CONFIG_DIR_ENV) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::config_dir()
                .map(|d| d.join("pronote-rs"))
                .ok_or_else(|| {
                    CliError::Other(format!(
                        "no configuration directory on this system: set {CONFIG_DIR_ENV}"
                    ))
                })?,
        };
        Ok(Store {
            dir: base.join("profiles"),
        })
    }

    /// The directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The credentials file of a profile.
    pub(crate) fn profile_path(&self, name: &str) -> CliResult<PathBuf> {
        Ok(self.dir.join(format!("{}.json", check_name(name)?)))
    }

    /// The watch snapshot of a profile.
    pub(crate) fn snapshot_path(&self, name: &str) -> CliResult<PathBuf> {
        Ok(self.dir.join(format!("{}.watch.json", check_name(name)?)))
    }

    /// Reads a profile; `None` when it was never saved.
    pub(crate) fn load_profile(&self, name: &str) -> CliResult<Option<Profile>> {
        let path = self.profile_path(name)?;
        let profile: Option<Profile> = read_json(&path)?;
        if let Some(p) = &profile {
            if p.format != 1 {
                return Err(CliError::BadFile {
                    path,
                    reason: format!("format {} is newer than this program", p.format),
                });
            }
        }
        Ok(profile)
    }

    /// Saves a profile atomically (mode 0600).
    pub(crate) fn save_profile(&self, name: &str, profile: &Profile) -> CliResult<()> {
        let path = self.profile_path(name)?;
        write_json_atomic(&path, profile)
    }

    /// Deletes a profile and its snapshot; whether there was one.
    pub(crate) fn remove_profile(&self, name: &str) -> CliResult<bool> {
        let mut removed = false;
        for path in [self.profile_path(name)?, self.snapshot_path(name)?] {
            match fs::remove_file(&path) {
                Ok(()) => removed = true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    return Err(CliError::File {
                        doing: "removing",
                        path,
                        error,
                    });
                }
            }
        }
        Ok(removed)
    }

    /// The saved profile names, sorted.
    pub(crate) fn list(&self) -> CliResult<Vec<String>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => {
                return Err(CliError::File {
                    doing: "listing",
                    path: self.dir.clone(),
                    error,
                });
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
            .filter(|n| !n.ends_with(".watch") && check_name(n).is_ok())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Profile names become file names: letters, digits, `-`, `_`, `.` (not
/// first), at most 64.
fn check_name(name: &str) -> CliResult<&str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(name)
    } else {
        Err(CliError::Usage(format!(
            "{name:?} is not a profile name: use letters, digits, '-', '_' or '.'"
        )))
    }
}

/// Reads a JSON file; `None` when it does not exist.
pub(crate) fn read_json<T: DeserializeOwned>(path: &Path) -> CliResult<Option<T>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(CliError::File {
                doing: "reading",
                path: path.to_owned(),
                error,
            });
        }
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| CliError::BadFile {
            path: path.to_owned(),
            // The position only: the text may hold a token.
            reason: format!("invalid JSON at line {} column {}", e.line(), e.column()),
        })
}

/// Writes `value` as JSON to `path` atomically, readable by the owner only.
pub(crate) fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> CliResult<()> {
    let mut json = serde_json::to_vec_pretty(value).map_err(|e| CliError::File {
        doing: "writing",
        path: path.to_owned(),
        error: std::io::Error::other(e.to_string()),
    })?;
    json.push(b'\n');
    write_atomic(path, &json, true)
}

/// Writes an exported file atomically (readable as the umask allows).
pub(crate) fn write_text_atomic(path: &Path, bytes: &[u8]) -> CliResult<()> {
    write_atomic(path, bytes, false)
}

/// Writes a temporary file in the target's directory, syncs it, renames it
/// over the target and syncs the directory. `private` files (and their
/// directory, when created) are readable by the owner only.
fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> CliResult<()> {
    let file_error = |error: std::io::Error| CliError::File {
        doing: "writing",
        path: path.to_owned(),
        error,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if private {
        create_private_dir(dir).map_err(file_error)?;
    } else {
        fs::create_dir_all(dir).map_err(file_error)?;
    }
    // `NamedTempFile` creates the file with mode 0600 on Unix.
    let mut temp = tempfile::Builder::new()
        .prefix(".pronote-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(file_error)?;
    temp.write_all(bytes).map_err(file_error)?;
    #[cfg(unix)]
    if !private {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(file_error)?;
    }
    temp.as_file().sync_all().map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Creates a directory (and its parents) that only the owner can read; an
/// existing one that others can read or enter is tightened to owner-only
/// (`0700`), or refused with an error naming its mode.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return tighten_dir(dir);
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Takes group and other permissions off an existing directory (Unix; a
/// no-op elsewhere).
fn tighten_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir)?.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            let tight = mode & !0o077;
            fs::set_permissions(dir, fs::Permissions::from_mode(tight)).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "the directory has mode {mode:04o} (others can read it) and cannot be \
                         restricted to {tight:04o}: {e}; run `chmod 700` on it"
                    ),
                )
            })?;
            tracing::info!(dir = %dir.display(), "profiles directory restricted from {mode:04o} to {tight:04o}");
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Makes a rename durable (Unix; a no-op elsewhere).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        if let Err(e) = d.sync_all() {
            tracing::debug!(error = %e, "directory sync failed");
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use pronote_api::Secret;

    #[test]
    fn roots() {
        assert_eq!(
            root_of("https://x.fr/pronote/eleve.html?login=true"),
            "https://x.fr/pronote/"
        );
        assert_eq!(root_of("https://x.fr/pronote"), "https://x.fr/pronote/");
        assert_eq!(root_of("https://x.fr/pronote/"), "https://x.fr/pronote/");
    }

    #[test]
    fn names_cannot_escape_the_directory() {
        assert!(check_name("../x").is_err());
        assert!(check_name(".hidden").is_err());
        assert!(check_name("").is_err());
        assert!(check_name("marie-3A_2025").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_open_profiles_directory_is_tightened() -> Result<(), Box<dyn std::error::Error>>
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let profiles = dir.path().join("profiles");
        fs::create_dir(&profiles)?;
        fs::set_permissions(&profiles, fs::Permissions::from_mode(0o755))?;
        let store = Store {
            dir: profiles.clone(),
        };
        let credentials = Credentials {
            page_url: "https://x.fr/pronote/mobile.eleve.html".into(),
            secret: Secret::Token {
                username: "u".into(),
                token: "T".into(),
            },
            device_uuid: "d".into(),
            navigator_id: None,
        };
        store.save_profile("a", &Profile::new(credentials, None))?;
        let mode = fs::metadata(&profiles)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_directory_that_cannot_be_tightened_is_refused_naming_its_mode() {
        // procfs directories are 0555 and refuse chmod, even to root.
        let err = tighten_dir(Path::new("/proc/self")).err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("mode 0555"), "{text}");
        assert!(text.contains("chmod 700"), "{text}");
    }

    #[test]
    fn profiles_round_trip_atomically_and_privately() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store {
            dir: dir.path().join("profiles"),
        };
        assert!(store.load_profile("a")?.is_none());
        let credentials = Credentials {
            page_url: "https://x.fr/pronote/mobile.eleve.html".into(),
            secret: Secret::Token {
                username: "u".into(),
                token: "T".into(),
            },
            device_uuid: "d".into(),
            navigator_id: None,
        };
        store.save_profile("a", &Profile::new(credentials.clone(), None))?;
        store.save_profile("a", &Profile::new(credentials.clone(), Some("X".into())))?;
        let back = store.load_profile("a")?.ok_or("missing")?;
        assert_eq!(back.credentials, credentials);
        assert_eq!(back.child.as_deref(), Some("X"));
        assert_eq!(store.list()?, ["a"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(store.profile_path("a")?)?.permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(store.dir())?.count(), 1);
        assert!(store.remove_profile("a")?);
        assert!(store.list()?.is_empty());
        Ok(())
    }
}
