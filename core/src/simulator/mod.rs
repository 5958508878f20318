//! A faithful, stateful fake of the part of Mode's API the checks use, served over loopback
//! HTTP for tests, benchmarks and the practice workspace.

pub mod api;
pub mod faults;
pub mod scenarios;
pub mod server;
pub mod world;

pub use scenarios::{scenario, SCENARIOS};
pub use server::{Fault, FaultKind, Recorded, RetryAfter, Simulator};
pub use world::World;
