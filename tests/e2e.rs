//! The real window, driven through tauri-driver and WebKitWebDriver under Xvfb, with the
//! simulator on loopback and a real Secret Service. Screenshots land in artifacts/screenshots.

#[path = "support/notifications.rs"]
mod notifications;
#[path = "support/webdriver.rs"]
mod webdriver;
#[path = "support/window.rs"]
mod window;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::world::{token, SimGrant};
use mode_setup::simulator::{scenario, Simulator};
use serde_json::json;
use webdriver::{screenshot, Driver, Session};
use window::{check_status, headline, no_window_left, open, open_with, wait_until, Home, APP};

/// One window at a time: the tests share the X display.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts/screenshots")
}

async fn step_state(s: &Session, step: &str) -> String {
    s.exec(
        &format!("return document.getElementById('step-{step}').dataset.state;"),
        json!([]),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_workspace_can_be_completed_with_the_mouse() {
    let _one = ONE_AT_A_TIME.lock().await;
    let home = Home::new("mouse");
    let driver = Driver::start(4450, &home.envs());
    let s = open(&driver).await;
    s.wait_for("#practice-btn").await;
    screenshot(&shots(), "01-start");
    s.click("#practice-btn").await;
    s.wait_for("#steps-list").await;
    s.click("#step-invite").await;
    assert!(
        s.text("#step-panel").await.contains("Sign out"),
        "the invite step warns about being signed in"
    );
    screenshot(&shots(), "02-invite");
    s.click("#step-api-key").await;
    s.wait_for("#credentials-form").await;
    s.wait("the stored-secret note", "const e = document.getElementById('secret-status'); return e && e.textContent.includes('stored');", Duration::from_secs(5)).await;
    screenshot(&shots(), "03-api-key");
    // The practice key is already saved: go on to the checks.
    s.click("#step-check").await;
    s.click("#run-checks-btn").await;
    let h = headline(&s, "Ready for Atlan").await;
    assert!(h.contains("Ready for Atlan"), "{h}");
    for id in [
        "host",
        "credentials",
        "workspace",
        "key-type",
        "service-account",
        "connection-access",
        "collections",
    ] {
        assert_eq!(check_status(&s, id).await, "pass", "{id}");
    }
    screenshot(&shots(), "04-results-practice");
    for step in ["invite", "permissions", "api-key", "check"] {
        assert_eq!(step_state(&s, step).await, "done", "the checks tick {step}");
    }
    for step in ["reminders", "report", "atlan"] {
        s.click(&format!("#step-{step}")).await;
        s.click("#mark-done-btn").await;
        s.wait(
            &format!("{step} ticked"),
            &format!("return document.getElementById('step-{step}').dataset.state === 'done';"),
            Duration::from_secs(5),
        )
        .await;
    }
    assert!(s.text("#ws-progress").await.contains("7 of 7"));
    // Checked and ready: the hand-off into Atlan carries no warning.
    s.click("#step-atlan").await;
    s.wait_for("#atlan-values").await;
    let warned = s
        .exec(
            "return document.getElementById('atlan-not-ready') !== null;",
            json!([]),
        )
        .await;
    assert_eq!(warned, json!(false), "ready, yet the Atlan step warns");
    // The practice workspace's Open in Mode leads to a page of the practice simulator.
    s.click("#step-permissions").await;
    s.click("#step-panel .open-in-mode").await;
    s.wait(
        "the opener to be called",
        "return true;",
        Duration::from_secs(1),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        home.opened().contains("http://127.0.0.1:"),
        "opened: {}",
        home.opened()
    );
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn real_workspace_saves_the_secret_shows_fixes_rechecks_and_survives_a_restart() {
    let _one = ONE_AT_A_TIME.lock().await;
    let marker = format!("e2e-secret-marker-{}", std::process::id());
    let mut world = scenario("restricted", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    if let Some(k) = world.keys.iter_mut().find(|k| k.id == WORKSPACE_KEY_ID) {
        k.secret = marker.clone();
    }
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let home = Home::new("real");
    let driver = Driver::start(4470, &home.envs());
    let s = open(&driver).await;

    // Start: a pasted workspace URL gives the slug.
    s.fill(
        "#workspace-input",
        "https://app.mode.com/organizations/acme/data_sources",
    )
    .await;
    let hint = s.wait("the slug hint", "const t = document.getElementById('workspace-hint').textContent; return t.includes('acme') ? t : null;", Duration::from_secs(5)).await;
    assert!(hint.as_str().unwrap_or_default().contains("acme"));
    s.click("details.advanced summary").await;
    let hint = s.text("#host-hint").await;
    assert!(
        hint.contains("Changing the address means entering the secret again"),
        "{hint}"
    );
    s.fill("#host-input", &sim.url()).await;
    s.click("#is-admin-yes").await;
    screenshot(&shots(), "06-start-filled");
    s.click("#continue-btn").await;
    s.wait_for("#steps-list").await;

    // Credentials: the secret goes to the keyring, never back to the page.
    s.click("#step-api-key").await;
    s.fill("#key-id-input", WORKSPACE_KEY_ID).await;
    s.fill("#secret-input", &marker).await;
    s.click("#save-check-btn").await;
    let h = headline(&s, "Not ready").await;
    assert!(h.contains("Not ready"), "{h}");
    assert_eq!(check_status(&s, "connection-access").await, "fail");
    let fix = s.text("[data-check=\"connection-access\"]").await;
    assert!(fix.contains("Manage Connections"), "{fix}");
    screenshot(&shots(), "07-results-failing");
    assert!(
        !s.dom().await.contains(&marker),
        "the secret is in the page"
    );
    s.click("#step-api-key").await;
    let status = s.text("#secret-status").await;
    assert!(
        status.to_lowercase().contains("secret is stored"),
        "{status}"
    );
    assert!(
        !s.dom().await.contains(&marker),
        "the secret came back to the page"
    );

    // A failing check's Open in Mode hands the connection's page to the system opener.
    s.click("#step-check").await;
    s.click("[data-check=\"connection-access\"] .open-in-mode")
        .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let opened = home.opened();
    assert!(
        opened.contains("/organizations/acme/data_sources"),
        "opened: {opened}"
    );

    // Fix the workspace, then Re-check.
    sim.with_world(|w| {
        for c in w
            .connections
            .iter_mut()
            .filter(|c| c.default_access == "Restricted")
        {
            c.grants.push(SimGrant {
                token: token("fix", c.id),
                action: "view".into(),
                member: Some(CRAWLER.into()),
                group: None,
            });
        }
    });
    s.click("#run-checks-btn").await;
    headline(&s, "Ready for Atlan").await;
    assert_eq!(check_status(&s, "connection-access").await, "pass");
    assert_eq!(step_state(&s, "permissions").await, "done");
    screenshot(&shots(), "08-results-fixed");
    s.close().await;

    // Restart: the profile, its ticks and its last results are still there.
    let s = open(&driver).await;
    s.wait_for("#steps-list").await;
    assert_eq!(step_state(&s, "permissions").await, "done");
    assert_eq!(step_state(&s, "api-key").await, "done");
    let h = headline(&s, "Ready for Atlan").await;
    assert!(h.contains("Ready"));
    assert!(!s.dom().await.contains(&marker));
    s.close().await;
    let _ = mode_setup::keystore::delete(&sim.url(), "acme");
}

/// A saved workspace "acme" on `sim`, the one shown at start, with its key's secret in the
/// keyring (delete it with `keystore::delete(&sim.url(), "acme")`).
fn save_workspace(home: &Home, sim: &Simulator) {
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
    mode_setup::keystore::store(
        &sim.url(),
        "acme",
        &mode_setup::secret::Secret::new(WORKSPACE_SECRET),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_expiring_in_five_days_notifies_and_the_report_exports() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = notifications::Notifications::start().await;
    // A real workspace (on the simulator): the practice key never sends reminders.
    let today = chrono::Local::now().date_naive();
    let sim = Simulator::start(
        scenario("healthy", today).unwrap_or_else(|| panic!("scenario")),
        0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let home = Home::new("remind");
    save_workspace(&home, &sim);
    let driver = Driver::start(4480, &home.envs());
    // The save dialog is replaced by a folder: native dialogs cannot be driven by WebDriver.
    let save_dir = home.dir.join("saved").display().to_string();
    let s = open_with(&driver, &["--save-dir".into(), save_dir]).await;
    s.wait_for("#steps-list").await;
    s.click("#step-api-key").await;
    let in_five = (chrono::Local::now().date_naive() + chrono::Days::new(5)).to_string();
    let set_date = format!(
        "const e = document.getElementById('expires-input'); e.value = {in_five:?}; e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}})); return e.value;"
    );
    assert_eq!(
        s.exec(&set_date, json!([])).await.as_str(),
        Some(in_five.as_str())
    );
    s.click("#save-check-btn").await;
    headline(&s, "Ready for Atlan").await;
    let script = "return true;";
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !bus
        .seen()
        .iter()
        .any(|n| n.summary == "Mode key for acme expires in 5 days")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no notification arrived: {:?}",
            bus.seen()
        );
        s.exec(script, json!([])).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        bus.seen().len(),
        1,
        "one notification per threshold: {:?}",
        bus.seen()
    );
    assert_eq!(check_status(&s, "key-expiry").await, "warn");
    s.click("#step-reminders").await;
    s.wait_for("#rotation-steps").await;
    screenshot(&shots(), "09-reminders");

    s.click("#step-report").await;
    s.click("#export-html-btn").await;
    let status = s
        .wait("the export to finish", "const e = document.getElementById('export-status'); return e && e.textContent.includes('Saved') ? e.textContent : null;", Duration::from_secs(10))
        .await;
    assert!(
        status.as_str().unwrap_or_default().contains(".html"),
        "{status}"
    );
    screenshot(&shots(), "10-report-exported");
    let saved: Vec<_> = std::fs::read_dir(home.dir.join("saved"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let html = std::fs::read_to_string(&saved[0]).unwrap_or_default();
    assert!(
        html.contains("Mode setup report: acme")
            && html.contains("The crawler can view every connection")
    );
    assert!(
        !html.contains(WORKSPACE_SECRET),
        "the secret is in the report"
    );
    s.close().await;
    let _ = mode_setup::keystore::delete(&sim.url(), "acme");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_in_the_window_gets_a_specific_message() {
    let _one = ONE_AT_A_TIME.lock().await;
    let home = Home::new("bad");
    // This one runs in the dark scheme, to see the window as people with a dark desktop do.
    let mut envs = home.envs();
    envs.push(("GTK_THEME", "Adwaita:dark".into()));
    let driver = Driver::start(4490, &envs);
    let s = open(&driver).await;
    for (typed, expect) in [
        ("Acme Corp", "spaces"),
        ("https://example.com/acme", "not to Mode"),
        ("açme", "ç"),
    ] {
        s.fill("#workspace-input", typed).await;
        s.click("#is-admin-yes").await;
        s.click("#continue-btn").await;
        let script = format!("const t = document.getElementById('main').innerText; return t.includes({expect:?}) ? t : null;");
        s.wait(
            &format!("the message for {typed}"),
            &script,
            Duration::from_secs(5),
        )
        .await;
    }
    let dark = s
        .exec(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            json!([]),
        )
        .await;
    screenshot(
        &shots(),
        if dark.as_bool() == Some(true) {
            "11-bad-workspace-dark"
        } else {
            "11-bad-workspace"
        },
    );
    // A wrong host under a closed Advanced, with the workspace wrong too: both messages show.
    s.exec(
        "const d = document.querySelector('details.advanced'); d.open = false; const i = document.getElementById('host-input'); i.value = 'ftp://mode.example.com'; i.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    )
    .await;
    s.fill("#workspace-input", "Acme Corp").await;
    s.click("#continue-btn").await;
    s.wait(
        "the host's message, shown",
        "const e = document.getElementById('host-error'); return !!e && !e.hidden && e.getClientRects().length > 0 && !e.closest('details:not([open])');",
        Duration::from_secs(5),
    )
    .await;
    assert!(
        s.exec("return !document.getElementById('steps-list');", json!([]))
            .await
            .as_bool()
            .unwrap_or(false),
        "nothing was saved"
    );
    s.close().await;
}

/// A window started by the test itself (not through WebDriver), stopped with SIGTERM when
/// dropped, so a failing test leaves no window behind for the next.
struct Launched(std::process::Child);

impl Launched {
    fn start(home: &Home, args: &[&str]) -> Launched {
        let child = Command::new(APP)
            .args(args)
            .envs(home.envs())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        Launched(child)
    }

    /// The exit status once the process has ended, waiting at most `timeout`.
    async fn exited_within(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.0.id().to_string()])
                .status();
            let _ = self.0.wait();
        }
    }
}

/// The X map state of the app's window ("IsViewable", "IsUnMapped"), or None while it has none.
fn window_map_state() -> Option<String> {
    let out = Command::new("xwininfo")
        .args(["-name", "Mode Setup Assistant"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| {
        l.trim()
            .strip_prefix("Map State:")
            .map(|s| s.trim().to_string())
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_brings_the_first_window_forward_and_reminders_arrive_once() {
    let _one = ONE_AT_A_TIME.lock().await;
    no_window_left().await;
    let bus = notifications::Notifications::start().await;
    let home = Home::new("single");
    let store = home.dir.join("config/mode-setup/profiles.json");
    let today = chrono::Local::now().date_naive();
    let profile = |id: &str, days: u64| mode_setup::store::Profile {
        id: id.into(),
        workspace: id.into(),
        host: "https://app.mode.com".into(),
        key_id: Some(format!("key-{id}")),
        expires_on: today.checked_add_days(chrono::Days::new(days)),
        ..Default::default()
    };
    let saved = mode_setup::store::Saved {
        profiles: vec![profile("acme", 5)],
        ..Default::default()
    };
    mode_setup::store::save(&store, &saved).unwrap_or_else(|e| panic!("{e}"));
    let count = |ws: &str| {
        bus.seen()
            .iter()
            .filter(|n| n.summary.contains(&format!("for {ws} ")))
            .count()
    };

    // `mode-setup remind` (from cron) sends acme's; the window starting next must not repeat it.
    let remind = Command::new(APP)
        .arg("remind")
        .envs(home.envs())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(remind.status.success(), "{remind:?}");
    assert_eq!(count("acme"), 1);
    mode_setup::store::update(&store, |s| {
        s.profiles.push(profile("globex", 3));
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // The first window starts in the background, as it does at login.
    let mut first = Launched::start(&home, &["--minimized"]);
    wait_until(
        "the first window's reminder",
        Duration::from_secs(30),
        || count("globex") == 1,
    )
    .await;
    wait_until("the first window", Duration::from_secs(15), || {
        window_map_state().is_some()
    })
    .await;
    assert_eq!(
        window_map_state().as_deref(),
        Some("IsUnMapped"),
        "started minimized, the window waits in the tray"
    );

    // A second launch hands over to the first and ends.
    let mut second = Launched::start(&home, &[]);
    let status = second.exited_within(Duration::from_secs(10)).await;
    assert!(
        status.is_some_and(|s| s.success()),
        "the second launch kept running or failed: {status:?}"
    );
    assert!(
        first.exited_within(Duration::ZERO).await.is_none(),
        "the first window ended"
    );
    wait_until(
        "the first window to come forward",
        Duration::from_secs(5),
        || window_map_state().as_deref() == Some("IsViewable"),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    screenshot(&shots(), "13-second-launch-shows-the-first");
    assert_eq!(
        (count("acme"), count("globex")),
        (1, 1),
        "a reminder arrived twice: {:?}",
        bus.seen()
    );
    drop(first);
    no_window_left().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_mode_shows_the_wait_and_cancel_stops_the_checks() {
    use mode_setup::simulator::{Fault, FaultKind};
    let _one = ONE_AT_A_TIME.lock().await;
    let today = chrono::Local::now().date_naive();
    let sim = Simulator::start(
        scenario("healthy", today).unwrap_or_else(|| panic!("scenario")),
        0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::Hang,
        times: 100,
    });
    let home = Home::new("stalled");
    save_workspace(&home, &sim);
    let driver = Driver::start(4500, &home.envs());
    let s = open(&driver).await;
    s.wait_for("#steps-list").await;
    const ENTER: &str = "\u{E007}";
    s.tab_to("step-check").await;
    s.keys(ENTER).await;
    s.wait_for("#run-checks-btn").await;
    s.tab_to("run-checks-btn").await;
    s.keys(ENTER).await;

    let waiting = s
        .wait(
            "the waiting message",
            "const e = document.getElementById('progress-message'); return e && e.textContent.includes('Still waiting for Mode') ? e.textContent : null;",
            Duration::from_secs(25),
        )
        .await;
    assert!(
        waiting.as_str().unwrap_or_default().contains("(10 s)"),
        "{waiting}"
    );
    let cancel = s
        .exec(
            "const b = document.getElementById('cancel-btn'); const r = b.getBoundingClientRect(); return {text: b.textContent, disabled: b.disabled, shown: getComputedStyle(b).visibility === 'visible' && r.width > 0 && r.height > 0};",
            json!([]),
        )
        .await;
    assert_eq!(
        cancel,
        json!({"text": "Cancel", "disabled": false, "shown": true}),
        "a visible Cancel button while the checks wait"
    );
    // Reached with the keyboard alone, and announced to screen readers.
    s.tab_to("cancel-btn").await;
    let live = s
        .exec(
            "const e = document.getElementById('progress-message'); return e.closest('[aria-live]')?.getAttribute('aria-live') ?? null;",
            json!([]),
        )
        .await;
    assert_eq!(
        live.as_str(),
        Some("polite"),
        "the waiting message is announced"
    );
    screenshot(&shots(), "12-waiting-for-mode");

    let pressed = std::time::Instant::now();
    s.keys(ENTER).await;
    let note = s
        .wait(
            "the checks to stop",
            "const e = document.getElementById('run-note'); return e && e.textContent.includes('stopped') ? e.textContent : null;",
            Duration::from_secs(3),
        )
        .await;
    assert!(
        pressed.elapsed() < Duration::from_secs(3),
        "stopping took {:?}",
        pressed.elapsed()
    );
    assert!(
        note.as_str().unwrap_or_default().contains("stopped"),
        "{note}"
    );
    assert_eq!(
        s.exec(
            "return document.getElementById('run-checks-btn').disabled;",
            json!([])
        )
        .await,
        json!(false),
        "the checks can be started again"
    );
    s.close().await;
    let _ = mode_setup::keystore::delete(&sim.url(), "acme");
}
