/// Every IPC command the window may call; build.rs turns each into an `allow-*` permission.
pub const COMMANDS: &[&str] = &["app_info"];
