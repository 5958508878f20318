//! Connect in Atlan with the real system clipboard: the real window, driven through tauri-driver
//! and WebKitWebDriver under Xvfb, copies a saved workspace's secret from a real Secret Service;
//! `xclip` reads the clipboard the way any other program pasting it would.

#[allow(dead_code)] // the helpers this file does not use
#[path = "support/webdriver.rs"]
mod webdriver;
#[allow(dead_code)]
#[path = "support/window.rs"]
mod window;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Simulator};
use serde_json::json;
use webdriver::{screenshot, Driver, Session};
use window::{open, Home};

/// One window at a time: the tests share the X display and its clipboard.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long the app keeps a copied secret on the clipboard, as shipped.
const SHIPPED: Duration = Duration::from_secs(30);

fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts/screenshots")
}

/// What `xclip` reads from the clipboard as `target` (the text when None), or None when the
/// clipboard holds nothing of that kind.
fn clipboard(target: Option<&str>) -> Option<String> {
    let mut cmd = Command::new("xclip");
    cmd.args(["-o", "-selection", "clipboard"]);
    if let Some(t) = target {
        cmd.args(["-t", t]);
    }
    let out = cmd.stderr(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("xclip could not run ({e}); scripts/install-deps --test installs it")
    });
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether the clipboard's text is `text`, said without printing either.
fn holds(text: &str) -> bool {
    clipboard(None).as_deref() == Some(text)
}

/// Another program copying `text`: `xclip` in the foreground, serving it until stopped.
struct CopiedElsewhere(std::process::Child);

impl CopiedElsewhere {
    fn copy(text: &str) -> CopiedElsewhere {
        use std::io::Write;
        let mut child = Command::new("xclip")
            .args(["-i", "-selection", "clipboard", "-quiet"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        CopiedElsewhere(child)
    }
}

impl Drop for CopiedElsewhere {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A simulated Mode whose workspace key has the secret `secret`, and a saved workspace "acme"
/// on it, shown at start, with that secret in the keyring (removed with `forget`).
async fn workspace_with_secret(home: &Home, secret: &str) -> Simulator {
    let mut world = scenario("healthy", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    if let Some(k) = world.keys.iter_mut().find(|k| k.id == WORKSPACE_KEY_ID) {
        k.secret = secret.into();
    }
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = mode_setup::store::Saved {
        profiles: vec![mode_setup::store::Profile {
            id: "acme".into(),
            workspace: "acme".into(),
            host: sim.url(),
            service_account: Some(CRAWLER.into()),
            key_id: Some(WORKSPACE_KEY_ID.into()),
            is_admin: Some(true),
            ..Default::default()
        }],
        active_profile: Some("acme".into()),
        ..Default::default()
    };
    mode_setup::store::save(&home.dir.join("config/mode-setup/profiles.json"), &saved)
        .unwrap_or_else(|e| panic!("{e}"));
    mode_setup::keystore::store(&sim.url(), "acme", &mode_setup::secret::Secret::new(secret))
        .unwrap_or_else(|e| panic!("{e}"));
    sim
}

fn forget(sim: &Simulator) {
    let _ = mode_setup::keystore::delete(&sim.url(), "acme");
}

/// Opens the Connect in Atlan step and waits for its values.
async fn atlan_step(s: &Session) {
    s.wait_for("#steps-list").await;
    s.click("#step-atlan").await;
    s.wait_for("#copy-secret-btn").await;
}

/// Waits until the secret's line in the step reads `want`; returns it.
async fn secret_line(s: &Session, want: &str, timeout: Duration) -> String {
    let script = format!(
        "const e = document.getElementById('copy-secret-status'); return e && e.textContent.includes({want:?}) ? e.textContent : null;"
    );
    s.wait(
        &format!("the secret's line to say {want}"),
        &script,
        timeout,
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits until `holds` is true of the clipboard, or `timeout` has passed; returns whether it was.
async fn clipboard_until(timeout: Duration, holds: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if holds() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_secret_puts_it_on_the_clipboard_as_a_password_and_clears_it_after_thirty_seconds() {
    let _one = ONE_AT_A_TIME.lock().await;
    let secret = format!("clipboard-secret-marker-{}", std::process::id());
    let home = Home::new("clipboard-clear");
    let sim = workspace_with_secret(&home, &secret).await;
    let driver = Driver::start(4600, &home.envs());
    let s = open(&driver).await;
    atlan_step(&s).await;

    // The values Atlan's form asks for, from the saved workspace; the secret only masked.
    assert_eq!(s.text("#atlan-key-id").await, WORKSPACE_KEY_ID);
    assert_eq!(s.text("#atlan-workspace").await, "acme");
    let sim_host = sim.url().trim_start_matches("http://").to_string();
    assert_eq!(s.text("#atlan-host").await, sim_host);
    assert!(s.text("#atlan-secret").await.contains("Hidden"));
    // Never checked: the step says so before the hand-off.
    assert!(s.text("#atlan-not-ready").await.contains("haven't run yet"));
    assert!(
        !s.dom().await.contains(&secret),
        "the secret is in the page"
    );

    // The command's reply says when the secret is cleared, and nothing of the secret itself.
    s.exec(
        "window.__reply = null; const t = window.__TAURI__.core; t.invoke('copy_for_atlan', {profileId: 'acme', field: 'secret', onCleared: new t.Channel()}).then(r => { window.__reply = JSON.stringify(r); }, e => { window.__reply = 'failed: ' + JSON.stringify(e); });",
        json!([]),
    )
    .await;
    let reply = s
        .wait(
            "the command's reply",
            "return window.__reply;",
            Duration::from_secs(10),
        )
        .await;
    let reply = reply.as_str().unwrap_or_default().to_string();
    assert!(!reply.contains(&secret), "the reply carries the secret");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&reply).ok(),
        Some(json!({"field": "secret", "clearedInSeconds": 30})),
        "{reply}"
    );

    // The button copies it again; this copy's time is the one watched below.
    s.click("#copy-secret-btn").await;
    let copied_at = Instant::now();
    let line = secret_line(&s, "Copied; cleared in", Duration::from_secs(5)).await;
    assert!(
        line.contains("cleared in 30 s") || line.contains("cleared in 29 s"),
        "{line}"
    );
    assert!(holds(&secret), "the clipboard does not hold the secret");
    let targets = clipboard(Some("TARGETS")).unwrap_or_default();
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "no password hint among the clipboard's targets: {targets}"
    );
    assert_eq!(
        clipboard(Some("x-kde-passwordManagerHint")).as_deref(),
        Some("secret")
    );
    assert!(
        !s.dom().await.contains(&secret),
        "the secret is in the page"
    );

    // Still there shortly before its time is up (the first copy's earlier time left it alone) ...
    tokio::time::sleep(
        (copied_at + SHIPPED - Duration::from_secs(3)).saturating_duration_since(Instant::now()),
    )
    .await;
    assert!(
        holds(&secret),
        "the secret was cleared before its 30 s were up"
    );
    let counting = s.text("#copy-secret-status").await;
    let left: Option<u64> = counting
        .strip_prefix("Copied; cleared in ")
        .and_then(|rest| rest.strip_suffix(" s"))
        .and_then(|n| n.parse().ok());
    assert!(
        left.is_some_and(|n| (1..=4).contains(&n)),
        "the countdown does not follow the clock: {counting}"
    );
    // ... and gone right after.
    let gone = clipboard_until(Duration::from_secs(10), || !holds(&secret)).await;
    assert!(gone, "the secret was still on the clipboard after its 30 s");
    assert!(copied_at.elapsed() >= SHIPPED - Duration::from_secs(1));
    secret_line(&s, "Cleared from the clipboard", Duration::from_secs(5)).await;
    assert!(
        !s.dom().await.contains(&secret),
        "the secret is in the page"
    );
    s.close().await;
    forget(&sim);
}

#[tokio::test(flavor = "multi_thread")]
async fn something_copied_within_thirty_seconds_of_the_secret_is_not_cleared() {
    let _one = ONE_AT_A_TIME.lock().await;
    let secret = format!("clipboard-secret-marker-{}", std::process::id());
    let home = Home::new("clipboard-keep");
    let sim = workspace_with_secret(&home, &secret).await;
    let driver = Driver::start(4610, &home.envs());
    let s = open(&driver).await;
    atlan_step(&s).await;

    s.click("#copy-secret-btn").await;
    let copied_at = Instant::now();
    secret_line(&s, "Copied; cleared in", Duration::from_secs(5)).await;
    assert!(holds(&secret), "the clipboard does not hold the secret");

    // Another program copies something else a few seconds later.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let other = format!("copied-elsewhere-{}", std::process::id());
    let _elsewhere = CopiedElsewhere::copy(&other);
    assert!(
        clipboard_until(Duration::from_secs(5), || holds(&other)).await,
        "xclip did not take the clipboard"
    );

    // The secret's time passes; what was copied since stays.
    let line = secret_line(
        &s,
        "You copied something else since",
        SHIPPED + Duration::from_secs(10),
    )
    .await;
    assert!(
        copied_at.elapsed() >= SHIPPED - Duration::from_secs(1),
        "{line}"
    );
    assert!(holds(&other), "what was copied since was cleared");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(holds(&other), "what was copied since was cleared");
    s.close().await;
    forget(&sim);
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_new_key_is_saved_connect_in_atlan_shows_and_copies_the_new_one() {
    let _one = ONE_AT_A_TIME.lock().await;
    let secret = format!("clipboard-secret-marker-{}", std::process::id());
    let home = Home::new("clipboard-rotate");
    let sim = workspace_with_secret(&home, &secret).await;
    let driver = Driver::start(4620, &home.envs());
    let s = open(&driver).await;
    atlan_step(&s).await;
    assert_eq!(s.text("#atlan-key-id").await, WORKSPACE_KEY_ID);

    // The rotation steps lead here.
    s.click("#step-reminders").await;
    s.click("#rotation-atlan-btn").await;
    s.wait_for(".panel-inner[data-step=\"atlan\"] #copy-secret-btn")
        .await;

    // A new key, entered and checked as the rotation steps say.
    s.click("#step-api-key").await;
    s.fill("#key-id-input", MEMBER_KEY_ID).await;
    s.fill("#secret-input", MEMBER_SECRET).await;
    s.click("#save-check-btn").await;
    s.wait(
        "the checks of the new key to finish",
        "const t = document.querySelector('#headline .headline-title'); const running = document.getElementById('step-check')?.dataset.state === 'running'; return t && !running && !['Not checked yet', 'Checking your workspace…'].includes(t.textContent) ? t.textContent : null;",
        Duration::from_secs(30),
    )
    .await;
    atlan_step(&s).await;
    assert_eq!(s.text("#atlan-key-id").await, MEMBER_KEY_ID);

    s.click("#copy-secret-btn").await;
    secret_line(&s, "Copied; cleared in", Duration::from_secs(5)).await;
    assert!(
        holds(MEMBER_SECRET),
        "the clipboard does not hold the new secret"
    );
    assert!(!holds(&secret));
    s.close().await;
    forget(&sim);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workspace_on_app_mode_com_needs_no_host_in_atlan_and_the_guide_opens() {
    let _one = ONE_AT_A_TIME.lock().await;
    let secret = format!("clipboard-secret-marker-{}", std::process::id());
    let home = Home::new("clipboard-mode");
    // Nothing here talks to Mode: the step only reads the saved workspace and the keyring.
    let host = "https://app.mode.com";
    let saved = mode_setup::store::Saved {
        profiles: vec![mode_setup::store::Profile {
            id: "acme".into(),
            workspace: "acme".into(),
            host: host.into(),
            service_account: Some(CRAWLER.into()),
            key_id: Some(WORKSPACE_KEY_ID.into()),
            is_admin: Some(true),
            ..Default::default()
        }],
        active_profile: Some("acme".into()),
        ..Default::default()
    };
    mode_setup::store::save(&home.dir.join("config/mode-setup/profiles.json"), &saved)
        .unwrap_or_else(|e| panic!("{e}"));
    mode_setup::keystore::store(host, "acme", &mode_setup::secret::Secret::new(&secret))
        .unwrap_or_else(|e| panic!("{e}"));
    let driver = Driver::start(4630, &home.envs());
    let s = open(&driver).await;
    atlan_step(&s).await;

    assert_eq!(s.text("#atlan-host").await, "app.mode.com");
    let note = s.text("#atlan-host-hint").await;
    assert!(note.contains("asks for no host"), "{note}");
    assert!(!note.contains("support"), "{note}");
    s.click("#copy-secret-btn").await;
    secret_line(&s, "Copied; cleared in", Duration::from_secs(5)).await;
    assert!(holds(&secret), "the clipboard does not hold the secret");
    assert!(
        !s.dom().await.contains(&secret),
        "the secret is in the page"
    );
    for (shown, name) in [
        ("step-title", "14-connect-in-atlan-top"),
        ("preflight-title", "14-connect-in-atlan-preflight"),
        ("atlan-fill-title", "14-connect-in-atlan"),
    ] {
        s.exec(
            &format!("document.getElementById({shown:?}).scrollIntoView({{block: 'start'}});"),
            json!([]),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&shots(), name);
    }

    s.click("#atlan-guide-btn").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !home.opened().contains("docs.atlan.com") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        home.opened().trim(),
        mode_setup::atlan::GUIDE_URL,
        "the guide button opened something else"
    );
    s.close().await;
    let _ = mode_setup::keystore::delete(host, "acme");
}
