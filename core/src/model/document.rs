//! The document a setup report is rendered from: the check report plus who checked, the
//! service account and the checklist's ticks. Never the secret: it is in none of these.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::history::Run;
use super::ids::{StepId, TickedBy};
use super::profile::Profile;
use super::report::Report;

/// One checklist step as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepRow {
    pub id: StepId,
    pub title: String,
    pub done: bool,
    pub at: Option<NaiveDate>,
    pub by: Option<TickedBy>,
}

/// Everything a setup report shows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SetupDocument {
    pub report: Report,
    pub checked_by: String,
    pub service_account: Option<String>,
    pub steps: Vec<StepRow>,
    /// Whether the report is of the practice workspace; absent for a plain check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<bool>,
    /// The workspace's recorded runs, oldest first (none for a plain check).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Run>,
}

impl SetupDocument {
    /// The document for `report`, with the checklist of `profile` when there is one.
    pub fn new(
        report: Report,
        profile: Option<&Profile>,
        service_account: Option<&str>,
        checked_by: String,
    ) -> SetupDocument {
        let steps = StepId::ALL
            .into_iter()
            .map(|id| {
                let st = profile.and_then(|p| p.steps.get(&id));
                StepRow {
                    id,
                    title: id.title().to_string(),
                    done: st.is_some_and(|s| s.done),
                    at: st.map(|s| s.at),
                    by: st.map(|s| s.by),
                }
            })
            .collect();
        SetupDocument {
            report,
            checked_by,
            service_account: service_account
                .map(str::to_string)
                .or_else(|| profile.and_then(|p| p.service_account.clone())),
            steps,
            practice: None,
            history: profile.map(|p| p.history.clone()).unwrap_or_default(),
        }
    }
}
