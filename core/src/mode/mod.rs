//! Mode's REST API: the client and tolerant readers of its answers.

pub mod client;
pub mod model;

pub use client::{ClientOptions, Listing, ModeClient, StatsSnapshot};
