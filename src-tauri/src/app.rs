//! Builds and runs the window: plugins, managed state and the command handler.

use std::sync::Arc;

use crate::assistant::Assistant;
use crate::commands;

/// Adds everything the window needs to `builder`; the IPC tests pass a mock builder.
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    assistant: Arc<Assistant>,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
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
        ])
}

/// The app's configuration, compiled in from `tauri.conf.json`.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!("../tauri.conf.json")
}

/// Opens the Mode Setup Assistant window and returns the exit status when it closes.
pub fn run() -> i32 {
    let assistant = Arc::new(Assistant::load(crate::store::default_path()));
    match configure(tauri::Builder::<tauri::Wry>::new(), assistant).run(context()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("mode-setup: the window could not be opened: {e}. Is a desktop session (DISPLAY or WAYLAND_DISPLAY) available?");
            1
        }
    }
}
