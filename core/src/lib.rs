//! Mode Setup Assistant's engine: the Mode API client, the checks, the simulator, profiles,
//! secrets, reminders, the setup report and the `mode-setup` command. Nothing here uses Tauri;
//! the window lives in the app crate (`src-tauri`) and calls into this.

pub mod assistant;
pub mod atlan;
pub mod calendar;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod error;
pub mod input;
pub mod keystore;
pub mod links;
pub mod mode;
pub mod model;
pub mod platform;
pub mod reminders;
pub mod report;
pub mod secret;
pub mod simulator;
pub mod store;
pub mod text;
pub mod watch;
