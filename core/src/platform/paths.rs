//! Where the app's files go, by each system's convention: `$XDG_CONFIG_HOME` (else
//! `~/.config`) on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows.

use std::path::PathBuf;

use super::Os;

/// The folder under which the app keeps its own configuration folder.
pub fn config_base() -> PathBuf {
    match Os::CURRENT {
        Os::Linux => xdg_config_home(),
        Os::MacOs | Os::Windows => dirs::config_dir().unwrap_or_else(|| PathBuf::from(".")),
    }
}

/// `$XDG_CONFIG_HOME` when set and not empty, else `$HOME/.config`, else the current folder.
fn xdg_config_home() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."))
}
