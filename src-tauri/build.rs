fn main() {
    // The configuration is src-tauri/tauri.conf.json, a link to the top-level file; its paths
    // are written relative to src-tauri so the Tauri bundler reads it too.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(mode_commands::COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}

mod mode_commands {
    include!("src/command_names.rs");
}
