//! What the window tests share around a WebDriver session: a fresh home per test, one window of
//! the app at a time, and waits for the check step's results.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use super::webdriver::{Driver, Session};

pub const APP: &str = env!("CARGO_BIN_EXE_mode-setup");

/// A fresh home for one test: config folder and an `xdg-open` stand-in that records URLs.
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn new(name: &str) -> Home {
        let dir =
            std::env::temp_dir().join(format!("mode-setup-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
        let opener = bin.join("xdg-open");
        std::fs::write(
            &opener,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> {}\n",
                dir.join("opened.txt").display()
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let _ = Command::new("chmod").arg("+x").arg(&opener).status();
        Home { dir }
    }

    pub fn envs(&self) -> Vec<(&'static str, String)> {
        let path = format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        vec![
            ("PATH", path),
            (
                "XDG_CONFIG_HOME",
                self.dir.join("config").display().to_string(),
            ),
        ]
    }

    #[allow(dead_code)] // each test binary uses the parts it needs
    pub fn opened(&self) -> String {
        std::fs::read_to_string(self.dir.join("opened.txt")).unwrap_or_default()
    }
}

/// The D-Bus name the running window holds (the single-instance plugin's, from the identifier).
const INSTANCE_NAME: &str = "com.modesetup.assistant.SingleInstance";

/// Whether a window of the app is running in this D-Bus session.
async fn window_running() -> bool {
    let Ok(bus) = zbus::Connection::session().await else {
        return false;
    };
    let Ok(dbus) = zbus::fdo::DBusProxy::new(&bus).await else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(INSTANCE_NAME) else {
        return false;
    };
    dbus.name_has_owner(name).await.unwrap_or(false)
}

/// The process id of the running window, from the session bus.
async fn window_pid() -> Option<u32> {
    let bus = zbus::Connection::session().await.ok()?;
    let dbus = zbus::fdo::DBusProxy::new(&bus).await.ok()?;
    let name = zbus::names::BusName::try_from(INSTANCE_NAME).ok()?;
    dbus.get_connection_unix_process_id(name).await.ok()
}

/// Waits for the last test's window to be gone: a new one would hand over to it and exit. A
/// window a failed test left open (it never closed its session) is stopped.
pub async fn no_window_left() {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while window_running().await {
        if std::time::Instant::now() > deadline {
            let pid = window_pid().await;
            let pid = pid.unwrap_or_else(|| panic!("a window is running, its process unknown"));
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
            for _ in 0..50 {
                if !window_running().await {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("the window left open did not stop");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the app in a new WebDriver session once no other window of it runs.
pub async fn open(driver: &Driver) -> Session {
    no_window_left().await;
    Session::open(driver, APP).await
}

/// [`open`] with command-line arguments.
pub async fn open_with(driver: &Driver, args: &[String]) -> Session {
    no_window_left().await;
    Session::open_with(driver, APP, args).await
}

/// Waits until the checks are not running and the headline says `want`; returns the headline.
pub async fn headline(s: &Session, want: &str) -> String {
    let script = format!(
        "const e = document.getElementById('headline'); const running = document.getElementById('step-check')?.dataset.state === 'running'; return e && !running && e.textContent.includes({want:?}) ? e.textContent : null;"
    );
    s.wait(
        &format!("headline saying {want}"),
        &script,
        Duration::from_secs(30),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The status (`pass`, `fail` ...) of the check `id` in the results list.
#[allow(dead_code)] // each test binary uses the parts it needs
pub async fn check_status(s: &Session, id: &str) -> String {
    s.exec(&format!("const r = document.querySelector('[data-check=\"{id}\"]'); return r && r.dataset.status;"), json!([]))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits until `holds`, or panics naming `what`.
#[allow(dead_code)] // each test binary uses the parts it needs
pub async fn wait_until(what: &str, timeout: Duration, mut holds: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + timeout;
    while !holds() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
