//! Expiry reminders from the window: sent as desktop notifications, and a click opens the
//! rotation steps. What is due is decided from the store on disk under its lock, as
//! `mode-setup remind` does, so the two never send the same reminder twice.

use std::sync::Arc;

use tauri::{Manager, Runtime};

use mode_setup::assistant::Assistant;

/// Sends the reminders that are due now, and opens the rotation steps when one is clicked.
pub fn send_reminders<R: Runtime>(app: &tauri::AppHandle<R>) {
    let assistant = app.state::<Arc<Assistant>>().inner().clone();
    let app = app.clone();
    std::thread::spawn(move || {
        let today = chrono::Local::now().date_naive();
        let shown = match assistant.send_due_reminders(today) {
            Ok(shown) => shown,
            Err(e) => {
                eprintln!("mode-setup: reminders could not be sent: {e}");
                return;
            }
        };
        for (reminder, handle) in shown {
            crate::tray::open_on_click(
                &app,
                handle,
                serde_json::json!({ "profileId": reminder.profile_id, "step": "reminders" }),
            );
        }
    });
}
