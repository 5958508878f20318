//! Profiles and setup progress, kept as one JSON file in the config directory. Written
//! atomically (temp file, fsync, rename) and for the owner only; a damaged file is moved aside
//! and reported, never silently dropped, and one that can't be read is an error, never replaced.
//! Secrets are never here: they live in the keyring.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::platform;

pub use crate::model::profile::{Profile, Saved, Settings, StepState};

/// The directory this app keeps its files in: `$XDG_CONFIG_HOME/mode-setup` (else
/// `~/.config/mode-setup`) on Linux, `~/Library/Application Support/mode-setup` on macOS,
/// `%APPDATA%\mode-setup` on Windows.
pub fn config_dir() -> PathBuf {
    crate::platform::paths::config_base().join("mode-setup")
}

/// The profiles file (the same JSON on every system: no paths, dates as ISO 8601).
pub fn default_path() -> PathBuf {
    config_dir().join("profiles.json")
}

/// Reads the saved profiles. A missing file is an empty store; a damaged one (not JSON) is
/// renamed to `profiles.json.damaged-<time>` and a notice says so. A file that can't be read at
/// all is an error naming it, and is left alone: starting empty would save over it.
pub fn load(path: &Path) -> Result<(Saved, Vec<String>)> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Saved::default(), vec![]))
        }
        Err(e) => {
            return Err(Error::Store {
                message: format!(
                    "Your saved workspaces in {} could not be read ({e}). Nothing was changed: check that it is a file you may read, then try again.",
                    path.display()
                ),
            })
        }
    };
    match serde_json::from_slice::<Saved>(&bytes) {
        Ok(saved) => Ok((saved, vec![])),
        Err(_) => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let aside = path.with_extension(format!("json.damaged-{stamp}"));
            let notice = match fs::rename(path, &aside) {
                Ok(()) => format!("Your saved workspaces file was damaged. It was kept as {} and a fresh one was started.", aside.display()),
                Err(e) => format!("Your saved workspaces file is damaged and could not be moved aside ({e}): {}", path.display()),
            };
            Ok((Saved::default(), vec![notice]))
        }
    }
}

/// The folder of `path`, created if missing.
fn ensure_dir(path: &Path) -> std::io::Result<&Path> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir)?;
    Ok(dir)
}

/// The app's own folder of `path`, created if missing and kept for its owner alone.
pub(crate) fn ensure_private_dir(path: &Path) -> std::io::Result<&Path> {
    let dir = ensure_dir(path)?;
    platform::files::restrict_dir(dir)?;
    Ok(dir)
}

/// Turns an I/O error about `path` into a message saying what to check.
fn io_error<'a>(
    path: &'a Path,
    what: &'static str,
) -> impl Fn(std::io::Error) -> Error + Copy + 'a {
    move |e| Error::Store {
        message: format!(
            "{} {what} ({e}). Check the disk has space and the folder is writable.",
            path.display()
        ),
    }
}

/// Reads, changes and writes the profiles while holding an exclusive lock on
/// `profiles.json.lock`, so two app windows or the app and `mode-setup` never lose each other's
/// changes. Returns the change's value and the state as written.
pub fn update<T>(path: &Path, change: impl FnOnce(&mut Saved) -> Result<T>) -> Result<(T, Saved)> {
    let fail = io_error(path, "could not be locked for saving");
    ensure_private_dir(path).map_err(fail)?;
    let lock = platform::files::private_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("json.lock"))
        .map_err(fail)?;
    platform::files::restrict_file(&lock).map_err(fail)?;
    lock.lock().map_err(fail)?;
    let (mut saved, _) = load(path)?;
    let value = change(&mut saved)?;
    save(path, &saved)?;
    drop(lock);
    Ok((value, saved))
}

/// Writes the profiles atomically, in a folder only their owner may read.
pub fn save(path: &Path, saved: &Saved) -> Result<()> {
    ensure_private_dir(path).map_err(io_error(path, "could not be written"))?;
    let mut saved = saved.clone();
    saved.version = 1;
    let bytes = serde_json::to_vec_pretty(&saved).map_err(|e| Error::Store {
        message: format!("Your workspaces could not be saved ({e})."),
    })?;
    write_atomic(path, &bytes)
}

/// Writes a file atomically: a temp file beside the target (a random name, created exclusively
/// and for its owner only), fsync, rename, fsync the folder. A crash at any point leaves either
/// the old file or the new one, never a mix; the file written is readable by its owner only.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = io_error(path, "could not be written");
    let dir = ensure_dir(path).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    platform::files::restrict_file(tmp.as_file()).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // On failure the temp file is removed when `PersistError` drops it.
    tmp.persist(path).map_err(|e| fail(e.error))?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> (Saved, Vec<String>) {
        load(path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A fresh folder, removed when the returned guard is dropped.
    fn temp_dir(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("mode-setup-store-{name}-"))
            .tempdir()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn saved_profiles_round_trip() {
        let scratch = temp_dir("round");
        let path = scratch.path().join("profiles.json");
        let mut saved = Saved::default();
        saved.profiles.push(Profile {
            id: "p1".into(),
            workspace: "acme".into(),
            host: "https://app.mode.com".into(),
            ..Default::default()
        });
        assert!(save(&path, &saved).is_ok());
        let (back, notices) = read(&path);
        assert!(notices.is_empty());
        assert_eq!(
            back.find("https://app.mode.com/", "acme")
                .map(|p| p.id.as_str()),
            Some("p1")
        );
    }

    #[test]
    fn concurrent_updates_from_two_writers_are_never_lost() {
        let scratch = temp_dir("concurrent");
        let path = scratch.path().join("profiles.json");
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for n in 0..40 {
                        let r = update(&path, |s| {
                            s.profiles.push(Profile {
                                id: format!("w{w}-{n}"),
                                ..Default::default()
                            });
                            Ok(())
                        });
                        assert!(r.is_ok());
                    }
                })
            })
            .collect();
        for w in writers {
            assert!(w.join().is_ok());
        }
        let (saved, notices) = read(&path);
        assert!(notices.is_empty());
        assert_eq!(saved.profiles.len(), 80);
    }

    #[test]
    fn a_write_cut_short_before_the_rename_leaves_the_previous_state() {
        let scratch = temp_dir("crash");
        let dir = scratch.path().to_path_buf();
        let path = dir.join("profiles.json");
        let mut saved = Saved::default();
        saved.profiles.push(Profile {
            id: "kept".into(),
            ..Default::default()
        });
        assert!(save(&path, &saved).is_ok());
        // What a crash mid-write leaves behind: a partial temp file beside the real one.
        let _ = fs::write(
            dir.join(".profiles.json.tmp-99999"),
            b"{\"profiles\": [{\"id\": \"ne",
        );
        let (back, notices) = read(&path);
        assert!(notices.is_empty());
        assert_eq!(
            back.profiles
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
            vec!["kept"]
        );
        // The next write replaces the file whole.
        saved.profiles.push(Profile {
            id: "new".into(),
            ..Default::default()
        });
        assert!(save(&path, &saved).is_ok());
        assert_eq!(read(&path).0.profiles.len(), 2);
    }

    #[test]
    fn damaged_file_is_kept_aside_and_reported() {
        let scratch = temp_dir("damaged");
        let dir = scratch.path().to_path_buf();
        let path = dir.join("profiles.json");
        let _ = fs::write(&path, b"{\"profiles\": [ {\"id\": ");
        let (saved, notices) = read(&path);
        assert!(saved.profiles.is_empty());
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("damaged"));
        let kept: Vec<_> = fs::read_dir(&dir)
            .map(|r| r.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(
            kept.iter()
                .any(|n| n.to_string_lossy().contains("damaged-")),
            "{kept:?}"
        );
    }

    #[test]
    fn an_unreadable_file_is_an_error_naming_it_and_is_never_saved_over() {
        // Root reads any file whatever its mode, so a folder stands in for an unreadable file.
        let scratch = temp_dir("unreadable");
        let dir = scratch.path().to_path_buf();
        let path = dir.join("profiles.json");
        let _ = fs::create_dir_all(path.join("inside"));
        let err = load(&path).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains(&path.display().to_string()), "{err}");
        let r = update(&path, |s| {
            s.profiles.push(Profile::default());
            Ok(())
        });
        assert!(r.is_err());
        assert!(
            path.join("inside").is_dir(),
            "the unreadable file was replaced"
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_are_written_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| {
            fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        let scratch = temp_dir("modes");
        let dir = scratch.path().join("mode-setup");
        let path = dir.join("profiles.json");
        assert!(update(&path, |_| Ok(())).is_ok());
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&path.with_extension("json.lock")), 0o600);
        let report = dir.join("setup.html");
        let _ = fs::write(&report, b"old");
        let _ = fs::set_permissions(&report, fs::Permissions::from_mode(0o644));
        assert!(write_atomic(&report, b"new").is_ok());
        assert_eq!(mode(&report), 0o600);
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .map(|r| r.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(leftovers.len(), 3, "{leftovers:?}");
    }
}
