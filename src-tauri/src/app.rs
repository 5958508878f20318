//! Builds and runs the window: plugins, managed state, the tray, the reminder loop and the
//! command handler.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{Manager, Runtime};

use crate::commands;
use mode_setup::assistant::Assistant;

/// Whether closing the window should hide it (the tray keeps the app alive).
static KEEP_RUNNING: AtomicBool = AtomicBool::new(false);

/// Adds everything the window needs to `builder`; the IPC tests pass a mock builder. The
/// single-instance plugin is added by [`run`] only, so tests can build several apps at once.
pub fn configure<R: Runtime>(
    builder: tauri::Builder<R>,
    assistant: Arc<Assistant>,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--minimized"]),
        ))
        .manage(assistant)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::load_state,
            commands::parse_workspace,
            commands::save_profile,
            commands::delete_profile,
            commands::select_profile,
            commands::start_practice,
            commands::store_secret,
            commands::secret_status,
            commands::run_checks,
            commands::cancel_checks,
            commands::set_step,
            commands::open_link,
            commands::admin_request,
            commands::get_settings,
            commands::set_settings,
            commands::export_report,
            commands::save_calendar,
            commands::ui_ready,
            commands::check_field,
            commands::atlan_handoff,
            commands::copy_for_atlan,
            commands::set_watch,
        ])
}

/// The app's configuration, compiled in from `tauri.conf.json`.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the Mode Setup Assistant window and returns the exit status when the app quits.
pub fn run(minimized: bool) -> i32 {
    let assistant = match Assistant::load(mode_setup::store::default_path()) {
        Ok(a) => Arc::new(a),
        Err(e) => return cannot_start(&e.to_string()),
    };
    // First of all plugins: a second launch hands over to the running window and exits before
    // anything else starts, so one window sends the reminders.
    let single = tauri_plugin_single_instance::init(|app, args, _cwd| {
        if !args.iter().any(|a| a == "--minimized") {
            crate::tray::show_window(app);
        }
    });
    let builder = tauri::Builder::<tauri::Wry>::new().plugin(single);
    let built = configure(builder, assistant)
        .setup(move |app| {
            let handle = app.handle().clone();
            KEEP_RUNNING.store(crate::tray::create(&handle), Ordering::Relaxed);
            if minimized && KEEP_RUNNING.load(Ordering::Relaxed) {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.hide();
                }
            }
            crate::watch::start(&handle);
            // A look at start, then hourly: each reminder fires once, so this is "at least daily".
            tauri::async_runtime::spawn(async move {
                loop {
                    crate::reminders::send_reminders(&handle);
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if KEEP_RUNNING.load(Ordering::Relaxed) {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .build(context());
    match built {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    // A copied secret never stays on the clipboard after the app is gone.
                    let _ = handle.state::<Arc<Assistant>>().release_clipboard();
                }
            });
            0
        }
        Err(e) => {
            eprintln!("mode-setup: the window could not be opened: {e}. Is a desktop session (DISPLAY or WAYLAND_DISPLAY) available?");
            1
        }
    }
}

/// Says why the window cannot start, on stderr and in a message box, and returns exit status 2.
fn cannot_start(message: &str) -> i32 {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "mode-setup: {message}");
    // Without a display the message box would wait for ever; stderr has said it.
    let headless = cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none();
    if !headless {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Mode Setup Assistant")
            .set_description(message)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    2
}
