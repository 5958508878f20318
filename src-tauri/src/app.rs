//! Builds and runs the window: plugins, managed state and the command handler.

use crate::commands;

/// Opens the Mode Setup Assistant window and returns the exit status when it closes.
pub fn run() -> i32 {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!("../tauri.conf.json"));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("mode-setup: the window could not be opened: {e}. Is a desktop session (DISPLAY or WAYLAND_DISPLAY) available?");
            1
        }
    }
}
