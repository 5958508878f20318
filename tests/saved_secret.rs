//! A saved secret stays with the Mode address it was entered for: saving a profile with another
//! host never hands it on, so a typo in the address cannot send the key elsewhere. Runs inside
//! `dbus-run-session` with gnome-keyring unlocked (scripts/test sets that up).

use mode_setup::assistant::{Assistant, ProfileInput};
use mode_setup::keystore;
use mode_setup::secret::Secret;

fn require_session() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "these tests need a D-Bus session with an unlocked keyring: run them through scripts/test"
    );
}

fn form(id: Option<&str>, workspace: &str, host: &str) -> ProfileInput {
    ProfileInput {
        id: id.map(str::to_string),
        workspace: workspace.into(),
        host: host.into(),
        service_account: "atlan_crawler".into(),
        key_id: "abc123def456".into(),
        ..Default::default()
    }
}

#[test]
fn changing_the_host_means_entering_the_secret_again() {
    require_session();
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = Assistant::load(scratch.path().join("profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    let today = chrono::Local::now().date_naive();
    let ws = format!("hostchange{}", std::process::id());
    let (good, typo) = ("https://app.mode.com", "https://app.mode.co");
    let p = a
        .save_profile(form(None, &ws, good), today)
        .unwrap_or_else(|e| panic!("{e}"));
    let id = p.profile.id.clone();
    a.store_secret(&id, Secret::new("host-change-marker"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(a.secret_stored(&id).unwrap_or(false));
    // A secret left at the new address from before must not be picked up either.
    keystore::store(typo, &ws, &Secret::new("left-behind-marker"))
        .unwrap_or_else(|e| panic!("{e}"));

    let moved = a
        .save_profile(form(Some(&id), &ws, typo), today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(moved.profile.host, typo);
    assert!(
        !a.secret_stored(&id).unwrap_or(true),
        "the secret went along to the new address"
    );
    assert_eq!(
        keystore::load(typo, &ws)
            .ok()
            .flatten()
            .map(|s| s.expose().to_string()),
        None,
        "a secret is stored for the new address"
    );
    assert!(
        !keystore::exists(good, &ws).unwrap_or(true),
        "the old address's secret is left behind, used by no profile"
    );

    // Back to the right address: still no secret until it is entered again.
    a.save_profile(form(Some(&id), &ws, good), today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!a.secret_stored(&id).unwrap_or(true));
    a.delete_profile(&id).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn renaming_the_workspace_on_the_same_host_keeps_the_secret() {
    require_session();
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = Assistant::load(scratch.path().join("profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    let today = chrono::Local::now().date_naive();
    let host = "https://rename.mode.example";
    let (old, new) = (
        format!("renamefrom{}", std::process::id()),
        format!("renameto{}", std::process::id()),
    );
    let p = a
        .save_profile(form(None, &old, host), today)
        .unwrap_or_else(|e| panic!("{e}"));
    let id = p.profile.id.clone();
    a.store_secret(&id, Secret::new("rename-marker"))
        .unwrap_or_else(|e| panic!("{e}"));
    a.save_profile(form(Some(&id), &new, host), today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(a.secret_stored(&id).unwrap_or(false));
    assert!(!keystore::exists(host, &old).unwrap_or(true));
    a.delete_profile(&id).unwrap_or_else(|e| panic!("{e}"));
}
