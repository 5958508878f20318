//! The watch from the tray: while the app runs, the checks of watched workspaces re-run on the
//! schedule chosen in Reminders, one run at a time, never deep, at the watch's gentle rate. A
//! regression shows a notification; a click opens the check step on the change.

use std::sync::Arc;
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime};

use mode_setup::assistant::Assistant;
use mode_setup::mode::ClientOptions;

/// How long after start the first look is taken: the window paints first.
const FIRST_LOOK: Duration = Duration::from_secs(20);
/// How often the watch looks for a workspace that is due.
const LOOK_EVERY: Duration = Duration::from_secs(15 * 60);

/// Looks for due workspaces shortly after start, then every quarter of an hour.
pub fn start<R: Runtime>(app: &tauri::AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_LOOK).await;
        loop {
            run_due(&app).await;
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}

async fn run_due<R: Runtime>(app: &tauri::AppHandle<R>) {
    let assistant = app.state::<Arc<Assistant>>().inner().clone();
    // One watch run at a time, across windows and `mode-setup check --save`.
    let lock = {
        let a = assistant.clone();
        tokio::task::spawn_blocking(move || a.watch_lock()).await
    };
    let _lock = match lock {
        Ok(Ok(Some(lock))) => lock,
        Ok(Ok(None)) => return,
        Ok(Err(e)) => {
            eprintln!("mode-setup: the watch could not start: {e}");
            return;
        }
        Err(e) => {
            eprintln!("mode-setup: the watch could not start: {e}");
            return;
        }
    };
    // What a run found but could not say (no notification service at the time) comes first.
    let owed = {
        let a = assistant.clone();
        tokio::task::spawn_blocking(move || a.send_owed_alerts()).await
    };
    if let Ok(Ok(owed)) = owed {
        for (alert, handle) in owed {
            open_check_on_click(app, handle, &alert);
        }
    }
    let due = match assistant.watch_due(chrono::Local::now().fixed_offset()) {
        Ok(due) => due,
        Err(e) => {
            eprintln!("mode-setup: the watch could not read the saved workspaces: {e}");
            return;
        }
    };
    for id in due {
        let today = chrono::Local::now().date_naive();
        let input = match assistant.check_input(&id, today).await {
            Ok(input) => input,
            Err(e) => {
                eprintln!("mode-setup: the watch skipped a workspace: {e}");
                continue;
            }
        };
        let started = chrono::Local::now().fixed_offset();
        let options = ClientOptions::with_max_rate(mode_setup::watch::WATCH_MAX_RATE);
        let report = match mode_setup::checks::run_checks(&input, options, None, &|_| {}).await {
            Ok(report) => report,
            Err(e) => {
                eprintln!("mode-setup: the watch could not check a workspace: {e}");
                continue;
            }
        };
        let a = assistant.clone();
        let (pid, recorded) = (id.clone(), report.clone());
        let shown =
            tokio::task::spawn_blocking(move || a.record_watch(&pid, &input, started, &recorded))
                .await;
        let _ = app.emit("profile-updated", serde_json::json!({ "profileId": id }));
        match shown {
            Ok(Ok(Some((alert, handle)))) => open_check_on_click(app, handle, &alert),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => eprintln!("mode-setup: the watch could not record a run: {e}"),
            Err(e) => eprintln!("mode-setup: the watch could not record a run: {e}"),
        }
    }
}

/// A click on the notification opens the check step on the check that changed.
fn open_check_on_click<R: Runtime>(
    app: &tauri::AppHandle<R>,
    handle: notify_rust::NotificationHandle,
    alert: &mode_setup::watch::Alert,
) {
    crate::tray::open_on_click(
        app,
        handle,
        serde_json::json!({
            "profileId": alert.profile_id,
            "step": "check",
            "check": alert.check,
        }),
    );
}
