fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(mode_commands::COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}

mod mode_commands {
    include!("src/command_names.rs");
}
