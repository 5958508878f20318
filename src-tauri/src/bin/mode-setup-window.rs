#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
//! The Mode Setup Assistant window (started by `mode-setup` with no subcommand).
fn main() {
    mode_setup_app::startup::mark_start();
    let minimized = std::env::args().any(|a| a == "--minimized");
    std::process::exit(mode_setup_app::run(minimized));
}
