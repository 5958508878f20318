//! Profiles and setup progress, kept as one JSON file in the config directory. Written
//! atomically (temp file, fsync, rename); a damaged file is moved aside and reported, never
//! silently dropped. Secrets are never here: they live in the keyring.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// Reads the saved profiles. A missing file is an empty store; a damaged one is renamed to
/// `profiles.json.damaged-<time>` and a notice says so.
pub fn load(path: &Path) -> (Saved, Vec<String>) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Saved::default(), vec![]),
        Err(e) => {
            return (
                Saved::default(),
                vec![format!("Your saved workspaces could not be read ({e}). Nothing was changed; check the file's permissions: {}", path.display())],
            )
        }
    };
    match serde_json::from_slice::<Saved>(&bytes) {
        Ok(saved) => (saved, vec![]),
        Err(_) => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let aside = path.with_extension(format!("json.damaged-{stamp}"));
            let notice = match fs::rename(path, &aside) {
                Ok(()) => format!("Your saved workspaces file was damaged. It was kept as {} and a fresh one was started.", aside.display()),
                Err(e) => format!("Your saved workspaces file is damaged and could not be moved aside ({e}): {}", path.display()),
            };
            (Saved::default(), vec![notice])
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
    ensure_dir(path).map_err(fail)?;
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("json.lock"))
        .map_err(fail)?;
    lock.lock().map_err(fail)?;
    let (mut saved, _) = load(path);
    let value = change(&mut saved)?;
    save(path, &saved)?;
    drop(lock);
    Ok((value, saved))
}

/// Writes the profiles atomically.
pub fn save(path: &Path, saved: &Saved) -> Result<()> {
    let mut saved = saved.clone();
    saved.version = 1;
    let bytes = serde_json::to_vec_pretty(&saved).map_err(|e| Error::Store {
        message: format!("Your workspaces could not be saved ({e})."),
    })?;
    write_atomic(path, &bytes)
}

/// Writes a file atomically: a temp file beside the target, fsync, rename, fsync the folder.
/// A crash at any point leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = io_error(path, "could not be written");
    let dir = ensure_dir(path).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = fs::File::create(&tmp).map_err(fail)?;
        f.write_all(bytes).map_err(fail)?;
        f.sync_all().map_err(fail)?;
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        fail(e)
    })?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("mode-setup-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        let _ = fs::create_dir_all(&d);
        d
    }

    #[test]
    fn saved_profiles_round_trip() {
        let path = temp_dir("round").join("profiles.json");
        let mut saved = Saved::default();
        saved.profiles.push(Profile {
            id: "p1".into(),
            workspace: "acme".into(),
            host: "https://app.mode.com".into(),
            ..Default::default()
        });
        assert!(save(&path, &saved).is_ok());
        let (back, notices) = load(&path);
        assert!(notices.is_empty());
        assert_eq!(
            back.find("https://app.mode.com/", "acme")
                .map(|p| p.id.as_str()),
            Some("p1")
        );
    }

    #[test]
    fn concurrent_updates_from_two_writers_are_never_lost() {
        let path = temp_dir("concurrent").join("profiles.json");
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
        let (saved, notices) = load(&path);
        assert!(notices.is_empty());
        assert_eq!(saved.profiles.len(), 80);
    }

    #[test]
    fn a_write_cut_short_before_the_rename_leaves_the_previous_state() {
        let dir = temp_dir("crash");
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
        let (back, notices) = load(&path);
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
        assert_eq!(load(&path).0.profiles.len(), 2);
    }

    #[test]
    fn damaged_file_is_kept_aside_and_reported() {
        let dir = temp_dir("damaged");
        let path = dir.join("profiles.json");
        let _ = fs::write(&path, b"{\"profiles\": [ {\"id\": ");
        let (saved, notices) = load(&path);
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
}
