/// Every IPC command the window may call; build.rs turns each into an `allow-*` permission.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "load_state",
    "parse_workspace",
    "save_profile",
    "delete_profile",
    "select_profile",
    "start_practice",
    "store_secret",
    "secret_status",
    "run_checks",
    "cancel_checks",
    "set_step",
    "open_link",
    "admin_request",
];
