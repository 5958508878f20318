//! Mode's REST API: the client and tolerant readers of its answers.

pub mod client;
pub mod model;
mod options;
mod pacer;
mod paging;
mod redact;
mod wire;

pub use client::{ClientOptions, Listing, ModeClient, StatsSnapshot};
