//! The checks that prove a Mode workspace is ready for the Atlan crawler, run in order against
//! Mode's API with one shared client. Each yields pass, warn, fail or skip with a plain-language
//! summary, a fix naming the Mode screen, and a link to it.

mod run;
mod types;

pub use run::{run_checks, CheckInput};
pub use types::*;
