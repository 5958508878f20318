//! The tray icon that keeps reminders coming while the window is closed: Open, Check now, Quit.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use mode_setup::assistant::Assistant;

/// Shows the main window and brings it to the front.
pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// Creates the tray icon. Returns false where the desktop has no tray (the window then closes
/// the app as usual).
/// Waits (on a thread of its own) for a click on a shown notification, then brings the window
/// forward and asks the page to open what `payload` names (`open-step`).
pub fn open_on_click<R: Runtime>(
    app: &AppHandle<R>,
    handle: notify_rust::NotificationHandle,
    payload: serde_json::Value,
) {
    let app = app.clone();
    std::thread::spawn(move || {
        handle.wait_for_action(|action| {
            if action == "default" {
                show_window(&app);
                let _ = app.emit("open-step", payload);
            }
        });
    });
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> bool {
    let built = (|| -> tauri::Result<()> {
        let open = MenuItem::with_id(app, "open", "Open Mode Setup Assistant", true, None::<&str>)?;
        let check = MenuItem::with_id(app, "check", "Check now", true, None::<&str>)?;
        let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
        let menu = Menu::with_items(app, &[&open, &check, &quit])?;
        let mut tray = TrayIconBuilder::with_id("main")
            .tooltip("Mode Setup Assistant: watching your Mode key's expiry")
            .menu(&menu)
            .on_menu_event(|app, event| match event.id.as_ref() {
                "open" => show_window(app),
                "check" => {
                    show_window(app);
                    let active = app
                        .state::<std::sync::Arc<Assistant>>()
                        .state()
                        .active_profile;
                    if let Some(id) = active {
                        let _ = app.emit("check-now", serde_json::json!({ "profileId": id }));
                    }
                }
                "quit" => app.exit(0),
                _ => {}
            });
        if let Some(icon) = app.default_window_icon() {
            tray = tray.icon(icon.clone());
        }
        tray.build(app)?;
        Ok(())
    })();
    built.is_ok()
}
