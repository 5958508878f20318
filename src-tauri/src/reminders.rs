//! Expiry reminders from the window: sent as desktop notifications, and a click opens the
//! rotation steps.

use std::sync::Arc;

use tauri::{Emitter, Manager, Runtime};

use mode_setup::assistant::Assistant;

/// Sends the reminders that are due now, and opens the rotation steps when one is clicked.
pub fn send_reminders<R: Runtime>(app: &tauri::AppHandle<R>) {
    let assistant = app.state::<Arc<Assistant>>().inner().clone();
    let app = app.clone();
    std::thread::spawn(move || {
        let today = chrono::Local::now().date_naive();
        for (reminder, handle) in assistant.send_due_reminders(today) {
            let app = app.clone();
            std::thread::spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        crate::tray::show_window(&app);
                        let _ = app.emit(
                            "open-step",
                            serde_json::json!({ "profileId": reminder.profile_id, "step": "reminders" }),
                        );
                    }
                });
            });
        }
    });
}
