#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    mode_setup::app::mark_start();
    std::process::exit(mode_setup::cli::main());
}
