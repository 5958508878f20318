//! Expiry reminders as real desktop notifications on the D-Bus session bus, sent by
//! `mode-setup remind` for saved workspaces.

#[path = "support/notifications.rs"]
mod notifications;

use std::path::Path;
use std::process::Command;

use chrono::Days;
use mode_setup::store::{self, Profile, Saved};
use notifications::Notifications;

/// One test at a time owns the notification service's name and counts what arrives.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn save(config: &Path, profiles: Vec<Profile>) {
    let saved = Saved {
        profiles,
        ..Default::default()
    };
    store::save(&config.join("mode-setup/profiles.json"), &saved).unwrap_or_else(|e| panic!("{e}"));
}

fn profile(id: &str, ws: &str, expires_in: Option<i64>) -> Profile {
    Profile {
        id: id.into(),
        workspace: ws.into(),
        host: "https://app.mode.com".into(),
        key_id: Some(format!("key-{id}")),
        expires_on: expires_in.and_then(|d| {
            if d >= 0 {
                today().checked_add_days(Days::new(d as u64))
            } else {
                today().checked_sub_days(Days::new((-d) as u64))
            }
        }),
        ..Default::default()
    }
}

fn remind(config: &Path) -> (i32, String) {
    let out = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_mode-setup"))
            .arg("remind")
            .env("XDG_CONFIG_HOME", config)
            .output()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn remind_sends_each_threshold_once_and_nothing_without_an_expiry_date() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = Notifications::start().await;
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = scratch.path().to_path_buf();
    save(
        &config,
        vec![
            profile("a", "acme", Some(5)),
            profile("b", "globex", None),
            profile("c", "initech", Some(45)),
            profile("d", "umbrella", Some(-2)),
        ],
    );

    let (code, out) = remind(&config);
    assert_eq!(code, 0, "{out}");
    let seen = bus.seen();
    let summaries: Vec<&str> = seen.iter().map(|s| s.summary.as_str()).collect();
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(
        summaries.contains(&"Mode key for acme expires in 5 days"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"Mode key for umbrella has expired"),
        "{summaries:?}"
    );
    assert!(
        !summaries.iter().any(|s| s.contains("globex")),
        "no expiry date, no reminder"
    );
    assert!(
        !summaries.iter().any(|s| s.contains("initech")),
        "45 days is before any threshold"
    );
    let acme = seen.iter().find(|s| s.summary.contains("acme")).cloned();
    let acme = acme.unwrap_or_else(|| panic!("no acme notification"));
    assert_eq!(acme.app_name, "Mode Setup Assistant");
    assert!(
        acme.body.contains("key-a") && acme.body.contains("revoke the old one"),
        "{}",
        acme.body
    );
    assert!(
        acme.actions.iter().any(|a| a == "default"),
        "clicking opens the rotation steps"
    );
    assert!(
        out.contains("Sent: Mode key for acme expires in 5 days"),
        "{out}"
    );

    // Once per threshold per key: the same day again sends nothing more.
    let (code, out) = remind(&config);
    assert_eq!(code, 0);
    assert_eq!(bus.seen().len(), 2, "{out}");
    assert!(out.contains("No reminders are due"), "{out}");

    // A new key for the same workspace starts its own reminders.
    let (mut saved, _) =
        store::load(&config.join("mode-setup/profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    if let Some(p) = saved.profile_mut("a") {
        p.key_id = Some("key-a2".into());
        p.expires_on = today().checked_add_days(Days::new(1));
    }
    store::save(&config.join("mode-setup/profiles.json"), &saved).unwrap_or_else(|e| panic!("{e}"));
    let _ = remind(&config);
    let last = bus
        .seen()
        .last()
        .map(|s| s.summary.clone())
        .unwrap_or_default();
    assert_eq!(last, "Mode key for acme expires tomorrow");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_open_before_remind_does_not_send_the_same_reminder_again() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = Notifications::start().await;
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = scratch.path().to_path_buf();
    save(&config, vec![profile("a", "acme", Some(5))]);
    // The window loads the store, then `mode-setup remind` runs (from cron) while it is open.
    let window = mode_setup::assistant::Assistant::load(config.join("mode-setup/profiles.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, out) = remind(&config);
    assert_eq!(code, 0, "{out}");
    assert_eq!(bus.seen().len(), 1, "{:?}", bus.seen());

    // The window's next look reads what remind recorded, under the store's lock.
    let _ = tokio::task::block_in_place(|| window.send_due_reminders(today()));
    assert_eq!(
        bus.seen().len(),
        1,
        "the window sent a reminder remind had sent: {:?}",
        bus.seen()
    );
    let (code, out) = remind(&config);
    assert_eq!(code, 0);
    assert!(out.contains("No reminders are due"), "{out}");
    assert_eq!(bus.seen().len(), 1);
}
