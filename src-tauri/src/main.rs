#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    std::process::exit(mode_setup::cli::main());
}
