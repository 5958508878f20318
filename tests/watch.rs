//! The watch as cron runs it: `mode-setup check --save` against a simulated workspace whose
//! world changes between runs, with the notifications observed on the D-Bus session bus as the
//! real notification path sends them, the key read from the real keyring, and the history read
//! back with `mode-setup history`.

#[path = "support/notifications.rs"]
mod notifications;
#[allow(dead_code)] // the parts of the WebDriver client this file does not need
#[path = "support/webdriver.rs"]
mod webdriver;
#[allow(dead_code)] // the parts of the window helpers this file does not need
#[path = "support/window.rs"]
mod window;

use std::path::Path;
use std::process::{Command, Output};

use mode_setup::simulator::scenarios::{CRAWLER, WORKSPACE_KEY_ID, WORKSPACE_SECRET};
use mode_setup::simulator::world::SimMemberState;
use mode_setup::simulator::{scenario, Simulator};
use notifications::Notifications;

const BIN: &str = env!("CARGO_BIN_EXE_mode-setup");

/// One test at a time owns the notification service's name and counts what arrives.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// `mode-setup check --save` for acme, as a cron job runs it: the key from the keyring, unless
/// `first` passes it in the environment to save it.
fn check(config: &Path, host: &str, first: bool) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", config)
        .env_remove("MODE_API_KEY_ID")
        .env_remove("MODE_API_SECRET")
        .args(["check", "--host", host, "--workspace", "acme"])
        .args(["--service-account", CRAWLER, "--save"]);
    if first {
        cmd.env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
            .env("MODE_API_SECRET", WORKSPACE_SECRET);
    }
    tokio::task::block_in_place(|| cmd.output()).unwrap_or_else(|e| panic!("{e}"))
}

fn history(config: &Path, host: &str, json: bool) -> String {
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", config)
        .args(["history", "--host", host, "--workspace", "acme"]);
    if json {
        cmd.arg("--json");
    }
    let out = tokio::task::block_in_place(|| cmd.output()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// Runs the check and returns the notifications it added.
async fn run_and_count(
    bus: &Notifications,
    config: &Path,
    host: &str,
    first: bool,
) -> (Output, Vec<String>) {
    let before = bus.seen().len();
    let out = check(config, host, first);
    // The notification is sent before the command exits; give the bus a moment to deliver.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let added = bus.seen()[before..]
        .iter()
        .map(|s| s.summary.clone())
        .collect();
    (out, added)
}

#[tokio::test(flavor = "multi_thread")]
async fn each_change_in_mode_gives_exactly_one_notification_and_an_unchanged_run_none() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = Notifications::start().await;
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = scratch.path();
    let world = scenario("healthy", today()).unwrap_or_else(|| panic!("no scenario"));
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let host = sim.url();

    let (out, seen) = run_and_count(&bus, config, &host, true).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        seen.is_empty(),
        "the first run has nothing to compare: {seen:?}"
    );
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "an identical run: {seen:?}");

    // An admin removes the crawler's grant on a restricted connection.
    let grants = sim.with_world(|w| {
        let c = w
            .connection_mut("Postgres (production)")
            .unwrap_or_else(|| panic!("no connection"));
        std::mem::take(&mut c.grants)
    });
    let (out, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        seen,
        vec!["acme: Atlan's crawler can no longer view Postgres (production)"]
    );
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "the same loss is said once: {seen:?}");
    sim.with_world(|w| {
        if let Some(c) = w.connection_mut("Postgres (production)") {
            c.grants = grants;
        }
    });
    let (out, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(seen.is_empty(), "a fix is not a regression: {seen:?}");

    // Someone deactivates the crawler's account.
    sim.with_world(|w| {
        if let Some(m) = w.member_mut(CRAWLER) {
            m.state = SimMemberState::Former;
        }
    });
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(
        seen,
        vec!["acme: The crawler's account atlan_crawler is no longer a current member of acme"]
    );
    sim.with_world(|w| {
        if let Some(m) = w.member_mut(CRAWLER) {
            m.state = SimMemberState::Active;
        }
    });
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "{seen:?}");

    // Someone revokes the key.
    sim.with_world(|w| {
        for k in w.keys.iter_mut().filter(|k| k.id == WORKSPACE_KEY_ID) {
            k.revoked = true;
        }
    });
    let (out, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(
        seen,
        vec!["acme: Mode no longer accepts the crawler's API key: it may have been revoked"]
    );
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "{seen:?}");
    assert!(
        text(&out.stderr).contains("Notified: acme: Mode no longer accepts"),
        "{}",
        text(&out.stderr)
    );

    // A cron job with a mistyped secret: Mode refuses it, but that says nothing of the saved
    // key, so nothing is recorded or notified.
    sim.with_world(|w| {
        for k in w.keys.iter_mut().filter(|k| k.id == WORKSPACE_KEY_ID) {
            k.revoked = false;
        }
    });
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "the key works again: {seen:?}");
    let before = bus.seen().len();
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", config)
        .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
        .env("MODE_API_SECRET", "a-mistyped-secret")
        .args(["check", "--host", &host, "--workspace", "acme"])
        .args(["--service-account", CRAWLER, "--save"]);
    let out = tokio::task::block_in_place(|| cmd.output()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        bus.seen().len(),
        before,
        "a mistyped secret is not a revoked key"
    );

    // The history says it all, oldest first, without the secret.
    let printed = history(config, &host, false);
    assert!(
        printed.contains("Atlan's crawler can no longer view Postgres (production)"),
        "{printed}"
    );
    assert!(printed.contains("(notified)"), "{printed}");
    assert!(
        printed.contains("Not ready for Atlan yet") || printed.contains("Not ready yet"),
        "{printed}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&history(config, &host, true)).unwrap_or_else(|e| panic!("{e}"));
    let runs = json["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        runs.len(),
        10,
        "the mistyped secret's run is not among them: {json}"
    );
    assert_eq!(
        runs.iter().filter(|r| r["notified"] == true).count(),
        3,
        "{json}"
    );
    assert_eq!(json["watch"], true, "the first Ready switched the watch on");
    let stored =
        std::fs::read_to_string(config.join("mode-setup/profiles.json")).unwrap_or_default();
    assert!(!stored.contains(WORKSPACE_SECRET) && !json.to_string().contains(WORKSPACE_SECRET));
    let _ = mode_setup::keystore::delete(&host, "acme");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_while_mode_is_unreachable_gives_none_and_the_second_in_a_row_one() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = Notifications::start().await;
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = scratch.path();
    let world = scenario("healthy", today()).unwrap_or_else(|| panic!("no scenario"));
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let host = sim.url();
    let (out, _) = run_and_count(&bus, config, &host, true).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Mode goes away: nothing answers on its address.
    drop(sim);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (out, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        seen.is_empty(),
        "one unreachable run says nothing: {seen:?}"
    );
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert_eq!(
        seen,
        vec!["acme: Mode could not be reached from this computer on two checks in a row"]
    );
    let (_, seen) = run_and_count(&bus, config, &host, false).await;
    assert!(seen.is_empty(), "the same outage is said once: {seen:?}");
    let printed = history(config, &host, false);
    assert!(printed.contains("Not checked to the end"), "{printed}");
    let _ = mode_setup::keystore::delete(&host, "acme");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_watches_from_the_tray_and_a_click_opens_the_change() {
    use std::time::Duration;
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = Notifications::start().await;
    let world = scenario("healthy", today()).unwrap_or_else(|| panic!("no scenario"));
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let host = sim.url();
    let home = window::Home::new("watch");
    let config = home.dir.join("config");

    // Saved and checked a while ago: Ready, so the watch is on, and a day is up.
    let out = check(&config, &host, true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let store = config.join("mode-setup/profiles.json");
    mode_setup::store::update(&store, |s| {
        for run in s.profiles.iter_mut().flat_map(|p| p.history.iter_mut()) {
            run.at -= chrono::Duration::days(2);
        }
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // Since then an admin took the crawler's View away.
    sim.with_world(|w| {
        if let Some(c) = w.connection_mut("Postgres (production)") {
            c.grants.clear();
        }
    });

    let driver = webdriver::Driver::start(4490, &home.envs());
    let s = window::open(&driver).await;
    s.wait_for("#steps-list").await;
    s.click("#step-invite").await;
    let want = "acme: Atlan's crawler can no longer view Postgres (production)";
    window::wait_until("the watch's notification", Duration::from_secs(90), || {
        bus.seen().iter().any(|n| n.summary == want)
    })
    .await;
    let seen = bus.seen();
    assert_eq!(seen.len(), 1, "one change, one notification: {seen:?}");
    assert!(seen[0].actions.iter().any(|a| a == "default"), "{seen:?}");

    // A click opens the check step on the connection that changed.
    bus.click(0).await;
    s.wait(
        "the check step",
        "return document.querySelector('.panel-inner[data-step=\"check\"]') !== null;",
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(window::check_status(&s, "connection-access").await, "fail");
    let focused = s
        .exec(
            "return document.activeElement && document.activeElement.id;",
            serde_json::json!([]),
        )
        .await;
    assert_eq!(
        focused,
        serde_json::json!("check-title-connection-access"),
        "the check that changed has the focus, its fix beside it"
    );
    let headline = s.text("#headline").await;
    assert!(headline.contains("by the watch"), "{headline}");
    let panel = s.text("#step-panel").await;
    assert!(panel.contains("Postgres (production)"), "{panel}");

    // The Report step's timeline and the settings screen say what happened.
    s.click("#step-report").await;
    s.wait_for("#history-list").await;
    let timeline = s.text("#history-list").await;
    assert!(
        timeline.contains("can no longer view Postgres (production)"),
        "{timeline}"
    );
    assert!(timeline.contains("by the watch"), "{timeline}");
    let summary = s.text("#history-summary").await;
    assert!(summary.starts_with("Not ready since"), "{summary}");
    webdriver::screenshot(&shots(), "16-watch-timeline");
    s.click("#step-reminders").await;
    s.wait_for("#watch-toggle").await;
    let on = s
        .exec(
            "return document.getElementById('watch-toggle').checked;",
            serde_json::json!([]),
        )
        .await;
    assert_eq!(on, serde_json::json!(true));
    s.exec(
        "document.getElementById('watch-title').scrollIntoView({block: 'start'});",
        serde_json::json!([]),
    )
    .await;
    webdriver::screenshot(&shots(), "15-watch-settings");

    // The schedule chosen is the one saved, and a later change of the reminder days keeps it.
    s.click("#watch-every-weekly").await;
    s.wait(
        "the schedule saved",
        "return document.getElementById('watch-every-status').textContent.includes('once a week');",
        Duration::from_secs(10),
    )
    .await;
    s.click("#threshold-14").await;
    s.wait(
        "the days saved",
        "return document.getElementById('threshold-status').textContent.startsWith('Saved');",
        Duration::from_secs(10),
    )
    .await;
    let (saved, _) = mode_setup::store::load(&store).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        saved.settings.watch_every,
        mode_setup::model::WatchEvery::Weekly
    );
    assert!(!saved.settings.thresholds.contains(&14));
    s.close().await;
    let _ = mode_setup::keystore::delete(&host, "acme");
}

fn shots() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts/screenshots")
}
