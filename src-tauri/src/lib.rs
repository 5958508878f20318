//! Mode Setup Assistant: prepares a Mode workspace for the Atlan crawler and proves it works.
//!
//! The domain modules (`mode`, `checks`, `simulator`, `input`, `links`, `store`, `keystore`)
//! never touch Tauri; `app` and `commands` are the only window code.

pub mod app;
pub mod assistant;
pub mod calendar;
pub mod checks;
pub mod cli;
pub mod command_names;
pub mod commands;
pub mod error;
pub mod input;
pub mod keystore;
pub mod links;
pub mod mode;
pub mod reminders;
pub mod report;
pub mod secret;
pub mod simulator;
pub mod store;
pub mod tray;
