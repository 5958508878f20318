//! One typed model from Mode's answer to the pixel: the ids, the report, the saved profiles, the
//! setup document and the defaults. Serde carries these types across every seam; nothing here
//! reads JSON by hand. The window receives their words through [`crate::catalog`].

pub mod defaults;
pub mod document;
pub mod history;
pub mod ids;
pub mod profile;
pub mod report;

pub use document::{SetupDocument, StepRow};
pub use history::{Change, ChangeKind, Run, RunBy, WatchEvery, HISTORY_LEN};
pub use ids::*;
pub use profile::{Profile, Saved, Settings, StepState};
pub use report::{
    headline, CheckResult, Connection, Counts, ExpirySource, KeyInfo, Progress, Report, Verdict,
};
