//! The commands the window may call. Each is thin: typed arguments, one domain call.

use serde::Serialize;

/// What the window shows about the app itself.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
    }
}
