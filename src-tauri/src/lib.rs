//! Mode Setup Assistant's window: the Tauri app, its commands and its tray icon. Everything
//! else (the Mode client, the checks, profiles, secrets) is the `mode_setup` engine crate.

pub mod app;
pub mod command_names;
pub mod commands;
pub mod reminders;
pub mod startup;
pub mod tray;
pub mod watch;

pub use app::run;
