//! The secret's round trip through the real Secret Service, and the command reading it back.
//! Runs inside `dbus-run-session` with gnome-keyring unlocked (scripts/test sets that up).

use std::process::Command;

use mode_setup::keystore;
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Simulator};
use mode_setup::store::{self, Profile, Saved};

fn require_session() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "these tests need a D-Bus session with an unlocked keyring: run them through scripts/test"
    );
}

#[test]
fn secret_is_stored_read_and_deleted_in_the_real_keyring() {
    require_session();
    let host = "https://keyring-test.example";
    let ws = format!("ws{}", std::process::id());
    assert!(!keystore::exists(host, &ws).unwrap_or(true));
    keystore::store(host, &ws, &Secret::new("round-trip-marker")).unwrap_or_else(|e| panic!("{e}"));
    assert!(keystore::exists(host, &ws).unwrap_or(false));
    let back = keystore::load(host, &ws).ok().flatten();
    assert_eq!(back.as_ref().map(Secret::expose), Some("round-trip-marker"));
    keystore::delete(host, &ws).unwrap_or_else(|e| panic!("{e}"));
    assert!(!keystore::exists(host, &ws).unwrap_or(true));
    // Deleting again is not an error.
    assert!(keystore::delete(host, &ws).is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn check_reads_the_key_saved_for_the_host_and_workspace() {
    require_session();
    let w = scenario("healthy", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = scratch.path().to_path_buf();
    let host = sim.url();
    let mut saved = Saved::default();
    saved.profiles.push(Profile {
        id: "p1".into(),
        workspace: "acme".into(),
        host: host.clone(),
        key_id: Some(WORKSPACE_KEY_ID.into()),
        ..Default::default()
    });
    store::save(&config.join("mode-setup/profiles.json"), &saved).unwrap_or_else(|e| panic!("{e}"));
    keystore::store(&host, "acme", &Secret::new(WORKSPACE_SECRET))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_mode-setup"))
            .args(["check", "--host", &host, "--workspace", "acme", "--json"])
            .env_remove("MODE_API_KEY_ID")
            .env_remove("MODE_API_SECRET")
            .env("XDG_CONFIG_HOME", &config)
            .output()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let _ = keystore::delete(&host, "acme");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["checks"][1]["status"], "pass");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(WORKSPACE_SECRET));
}

#[test]
fn deleting_a_profile_deletes_its_keyring_entry() {
    require_session();
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch.path().to_path_buf();
    let a = mode_setup::assistant::Assistant::load(dir.join("profiles.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let today = chrono::Local::now().date_naive();
    let form = mode_setup::assistant::ProfileInput {
        workspace: "deleteme".into(),
        host: "https://keyring-delete.example".into(),
        service_account: "atlan_crawler".into(),
        key_id: "abc123def456".into(),
        ..Default::default()
    };
    let p = a
        .save_profile(form, today)
        .unwrap_or_else(|e| panic!("{e}"));
    a.store_secret(&p.profile.id, Secret::new("delete-marker"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(keystore::exists("https://keyring-delete.example", "deleteme").unwrap_or(false));
    a.delete_profile(&p.profile.id)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!keystore::exists("https://keyring-delete.example", "deleteme").unwrap_or(true));
    let (saved, _) = store::load(&dir.join("profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(saved.profiles.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_secret_service_saving_fails_with_what_to_install() {
    // A key Mode accepts, saved from a child process with no session bus: the keyring is
    // unavailable, and saying so is the point.
    let w = scenario("healthy", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let host = sim.url();
    let out = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_mode-setup"))
            .args(["check", "--workspace", "acme", "--host", &host, "--save"])
            .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
            .env("MODE_API_SECRET", WORKSPACE_SECRET)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("XDG_CONFIG_HOME", scratch.path())
            .output()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gnome-keyring") && err.contains("not saved anywhere"),
        "{err}"
    );
    assert!(
        !err.contains(WORKSPACE_SECRET)
            && !String::from_utf8_lossy(&out.stdout).contains(WORKSPACE_SECRET)
    );
}
