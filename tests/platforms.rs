//! The app on Linux, macOS and Windows, as far as this machine can prove it: the dependency graph
//! each one builds (`cargo tree --target`, which needs no cross toolchain), the key variables
//! kept from the window however it is started, and a profiles file any of them can read.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Crates that speak D-Bus or the Secret Service: Linux only.
const DBUS_CRATES: [&str; 5] = [
    "dbus",
    "libdbus-sys",
    "zbus",
    "secret-service",
    "dbus-secret-service",
];

struct Platform {
    target: &'static str,
    /// The keyring feature that selects this system's own store.
    keyring_feature: &'static str,
    /// Crates that must be in its graph: its notification backend, its keyring backend.
    has: &'static [&'static str],
    dbus_allowed: bool,
}

const PLATFORMS: [Platform; 3] = [
    Platform {
        target: "x86_64-unknown-linux-gnu",
        keyring_feature: "sync-secret-service",
        has: &["dbus-secret-service", "zbus"],
        dbus_allowed: true,
    },
    Platform {
        target: "aarch64-apple-darwin",
        keyring_feature: "apple-native",
        has: &["security-framework", "mac-notification-sys"],
        dbus_allowed: false,
    },
    Platform {
        target: "x86_64-pc-windows-msvc",
        keyring_feature: "windows-native",
        has: &["windows-sys", "tauri-winrt-notification"],
        dbus_allowed: false,
    },
];

const NATIVE_KEYRING_FEATURES: [&str; 3] =
    ["sync-secret-service", "apple-native", "windows-native"];

/// What the app ships for `target` (normal and build dependencies, no dev-dependencies): the
/// crate names, and the features switched on, as `crate feature`.
fn graph(target: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(["tree", "--workspace", "--locked", "--target", target])
        .args(["--edges", "normal,build,features", "--prefix", "none"])
        .output()
        .unwrap_or_else(|e| panic!("cargo tree could not run: {e}"));
    assert!(
        out.status.success(),
        "the graph for {target} does not resolve:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut crates, mut features) = (BTreeSet::new(), BTreeSet::new());
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut words = line.split_whitespace();
        let (Some(name), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        if second == "feature" {
            let feature = words.next().unwrap_or_default().trim_matches('"');
            features.insert(format!("{name} {feature}"));
        } else {
            crates.insert(name.to_string());
        }
    }
    (crates, features)
}

#[test]
fn each_system_resolves_with_its_own_keyring_and_no_dbus_off_linux() {
    for p in &PLATFORMS {
        let (crates, features) = graph(p.target);
        for name in [
            "mode-setup",
            "mode-setup-core",
            "tauri",
            "tauri-plugin-autostart",
        ] {
            assert!(crates.contains(name), "{}: {name} is missing", p.target);
        }
        for name in p.has {
            assert!(crates.contains(*name), "{}: {name} is missing", p.target);
        }
        let dbus: Vec<_> = DBUS_CRATES
            .iter()
            .filter(|c| crates.contains(**c))
            .collect();
        if !p.dbus_allowed {
            assert!(dbus.is_empty(), "{}: D-Bus crates {dbus:?}", p.target);
        }
        for feature in NATIVE_KEYRING_FEATURES {
            let on = features.contains(&format!("keyring {feature}"));
            assert_eq!(
                on,
                feature == p.keyring_feature,
                "{}: keyring feature {feature}",
                p.target
            );
        }
    }
}

/// A copy of `mode-setup` with a stand-in window beside it that writes down what it was given.
#[cfg(unix)]
fn with_stand_in_window(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    let cli = dir.join("mode-setup");
    std::fs::hard_link(env!("CARGO_BIN_EXE_mode-setup"), &cli)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_mode-setup"), &cli).map(|_| ()))
        .unwrap_or_else(|e| panic!("{e}"));
    let window = dir.join("mode-setup-window");
    let script = format!(
        "#!/bin/sh\n{{ echo \"args: $*\"; env; }} > '{}'\n",
        dir.join("seen").display()
    );
    std::fs::write(&window, script).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&window, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    cli
}

#[cfg(unix)]
#[test]
fn the_window_starts_without_the_key_variables() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("platforms-window");
    let cli = with_stand_in_window(&dir);
    let status = Command::new(&cli)
        .args(["--minimized", "--save-dir", "/exports"])
        .env("MODE_API_KEY_ID", "key-id-marker")
        .env("MODE_API_SECRET", "secret-marker")
        .env("MODE_SETUP_UNRELATED", "kept")
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let seen = std::fs::read_to_string(dir.join("seen")).unwrap_or_default();
    assert!(seen.contains("args: --minimized"), "{seen}");
    assert!(seen.contains("MODE_SETUP_SAVE_DIR=/exports"), "{seen}");
    assert!(seen.contains("MODE_SETUP_UNRELATED=kept"), "{seen}");
    assert!(
        !seen.contains("MODE_API_"),
        "a key variable reached the window:\n{seen}"
    );
    assert!(!seen.contains("marker"), "{seen}");
}

/// The process ids of `root` and everything it started, read from /proc.
#[cfg(target_os = "linux")]
fn family(root: u32) -> Vec<u32> {
    let parent_of = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name may hold spaces; the fields after its closing bracket are fixed.
        let after = stat.rsplit_once(')')?.1;
        after.split_whitespace().nth(1)?.parse().ok()
    };
    let all: Vec<u32> = std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut found = vec![root];
    loop {
        let more: Vec<u32> = all
            .iter()
            .copied()
            .filter(|p| !found.contains(p))
            .filter(|p| parent_of(*p).is_some_and(|pp| found.contains(&pp)))
            .collect();
        if more.is_empty() {
            return found;
        }
        found.extend(more);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn no_process_of_the_real_window_holds_the_key_variables() {
    // Needs the desktop the suite runs in (scripts/test: Xvfb and a D-Bus session).
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run through scripts/test, which provides a display"
    );
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mode-setup"))
        .env("MODE_API_KEY_ID", "key-id-marker")
        .env("MODE_API_SECRET", "secret-marker-in-environ")
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Wait for the window's web processes: the secret must reach none of them either.
    let started = std::time::Instant::now();
    let mut pids = family(child.id());
    while started.elapsed() < std::time::Duration::from_secs(30) {
        pids = family(child.id());
        let web = pids.iter().any(|p| {
            std::fs::read_to_string(format!("/proc/{p}/cmdline"))
                .is_ok_and(|c| c.contains("WebKitWebProcess"))
        });
        if web {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let mut read = 0;
    let mut leaked = Vec::new();
    for p in &pids {
        if let Ok(env) = std::fs::read(format!("/proc/{p}/environ")) {
            read += 1;
            let env = String::from_utf8_lossy(&env);
            if env.contains("MODE_API_") || env.contains("secret-marker-in-environ") {
                let cmd = std::fs::read_to_string(format!("/proc/{p}/cmdline")).unwrap_or_default();
                leaked.push(cmd.replace('\0', " "));
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    for p in pids.iter().skip(1) {
        let _ = Command::new("kill").arg(p.to_string()).status();
    }
    assert!(
        read >= 3,
        "expected the window and its web processes, read {read}: {pids:?}"
    );
    assert!(leaked.is_empty(), "the key variables reached: {leaked:?}");
}

/// Every string in a JSON document.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings(v, out);
        }),
        _ => {}
    }
}

#[test]
fn the_profiles_file_holds_nothing_tied_to_one_system() {
    let written_elsewhere = serde_json::json!({
        "version": 1,
        "profiles": [{
            "id": "acme-1", "workspace": "acme", "host": "https://app.mode.com",
            "serviceAccount": "atlan_crawler", "keyId": "k1", "keyKind": "workspace",
            "expiresOn": "2027-02-01", "isAdmin": true, "practice": false,
            "steps": {"api-key": {"done": true, "at": "2026-11-01", "by": "hand"}}
        }],
        "activeProfile": "acme-1",
        "settings": {"thresholds": [30, 7, 1], "startAtLogin": true},
        "remindersSent": ["acme-1|k1|2027-02-01|30"]
    });
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("platforms-profiles");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("profiles.json");
    std::fs::write(&path, written_elsewhere.to_string()).unwrap_or_else(|e| panic!("{e}"));

    let (saved, notices) = mode_setup::store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(saved.profiles.len(), 1);
    assert_eq!(saved.settings.thresholds, [30, 7, 1]);
    mode_setup::store::save(&path, &saved).unwrap_or_else(|e| panic!("{e}"));

    let bytes = std::fs::read(&path).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let mut all = vec![];
    strings(&doc, &mut all);
    assert!(all.contains(&"acme".to_string()), "{doc}");
    let home = std::env::var("HOME").unwrap_or_else(|_| "/nonexistent-home".into());
    for s in &all {
        let drive = s.as_bytes().get(1..3) == Some(b":\\") || s.as_bytes().get(1..3) == Some(b":/");
        assert!(
            !(s.starts_with('/') || s.contains('\\') || drive || s.contains(&home)),
            "the profiles file holds a path: {s:?}"
        );
    }
    assert!(
        !bytes.contains(&b'\r'),
        "line endings differ between systems"
    );
}
