//! What is saved between runs: the workspaces being set up, their checklists, the last report
//! and the settings. Typed here once; the store only reads and writes the file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::history::{Change, Run, WatchEvery};
use super::ids::{KeyKind, StepId, TickedBy};
use super::report::Report;

/// One checklist step's state.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepState {
    pub done: bool,
    pub at: NaiveDate,
    /// Ticked by the person or proved by a check.
    pub by: TickedBy,
}

/// One Mode workspace being set up.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Profile {
    pub id: String,
    pub workspace: String,
    pub host: String,
    pub service_account: Option<String>,
    pub key_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub key_kind: Option<KeyKind>,
    pub expires_on: Option<NaiveDate>,
    pub is_admin: Option<bool>,
    pub practice: bool,
    #[serde(deserialize_with = "known_steps")]
    pub steps: BTreeMap<StepId, StepState>,
    /// The last check run's report, exactly as `--json` prints it. One that can no longer be
    /// read (written by another version) is dropped rather than taking the profile with it.
    #[serde(deserialize_with = "lenient")]
    pub last_report: Option<Report>,
    /// Whether the watch re-runs this workspace's checks on its schedule: unset until chosen,
    /// and switched on by the first check that says "Ready".
    pub watch: Option<bool>,
    /// The last runs, oldest first, at most [`HISTORY_LEN`](super::HISTORY_LEN).
    #[serde(deserialize_with = "lenient_list")]
    pub history: Vec<Run>,
    /// What the runs settled, each check's and connection's latest answer from Mode: what the
    /// next run is compared with.
    #[serde(deserialize_with = "lenient")]
    pub baseline: Option<Report>,
    /// Changes whose notification could not be shown yet; shown at the next chance.
    #[serde(deserialize_with = "lenient_list")]
    pub unnotified: Vec<Change>,
}

impl Profile {
    /// Whether the watch re-runs this workspace (never the practice workspace's).
    pub fn watched(&self) -> bool {
        !self.practice && self.watch == Some(true)
    }
}

/// Reads a value, taking anything unreadable as the default.
fn lenient_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    let raw = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(raw).unwrap_or_default())
}

/// Reads the steps, dropping any this version does not know (written by a newer one).
fn known_steps<'de, D>(d: D) -> Result<BTreeMap<StepId, StepState>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = serde_json::Value::deserialize(d)?;
    let serde_json::Value::Object(map) = raw else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| {
            let step = StepId::parse(&k)?;
            serde_json::from_value(v).ok().map(|st| (step, st))
        })
        .collect())
}

/// Reads a list, dropping the entries that can't be read.
fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let raw = serde_json::Value::deserialize(d)?;
    Ok(match raw {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// Reads an optional value, taking anything unreadable as absent.
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let raw = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(raw).ok())
}

/// Settings that apply to every workspace.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Days before expiry on which a reminder is sent.
    pub thresholds: Vec<u32>,
    /// Start the app (in the background) when the user logs in.
    pub start_at_login: bool,
    /// How often the watch re-runs the checks of watched workspaces. A choice this version
    /// does not know reads as the default rather than losing the whole file.
    #[serde(deserialize_with = "lenient_or_default")]
    pub watch_every: WatchEvery,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            thresholds: super::defaults::DEFAULT_THRESHOLDS.to_vec(),
            start_at_login: false,
            watch_every: WatchEvery::Daily,
        }
    }
}

/// Everything saved.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Saved {
    pub version: u32,
    pub profiles: Vec<Profile>,
    pub active_profile: Option<String>,
    pub settings: Settings,
    /// Reminders already sent, so each fires once: `profile|key|expiry|threshold`.
    pub reminders_sent: Vec<String>,
}

impl Saved {
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    pub fn profile_mut(&mut self, id: &str) -> Option<&mut Profile> {
        self.profiles.iter_mut().find(|p| p.id == id)
    }

    /// The saved profile for a host and workspace.
    pub fn find(&self, host: &str, workspace: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| {
            p.host.trim_end_matches('/') == host.trim_end_matches('/') && p.workspace == workspace
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_saved_by_the_previous_version_reads_back_typed() {
        let raw = serde_json::json!({
            "id": "acme-1", "workspace": "acme", "host": "https://app.mode.com",
            "keyKind": "member",
            "steps": {"api-key": {"done": true, "at": "2026-11-01", "by": "hand"}},
            "lastReport": {"schema": 1, "workspace": "acme", "host": "https://app.mode.com",
                "checked_at": "2026-11-01T10:00:00+00:00",
                "key": {"id": "k", "kind": "member", "member": null, "expires_on": null,
                        "days_left": null, "expiry_source": null},
                "checks": [{"id": "host", "title": "Mode can be reached", "status": "pass",
                            "summary": "ok", "fix": null, "link": null}],
                "connections": [], "counts": {"connections": 0, "collections": 0,
                "personal_collections": 0, "reports": null, "queries": null, "charts": null},
                "ready": true, "headline": "Ready", "app_version": "0.1.0", "requests": 3}
        });
        let p: Profile = serde_json::from_value(raw).unwrap_or_default();
        assert_eq!(p.key_kind, Some(KeyKind::Member));
        assert_eq!(
            p.steps.get(&StepId::ApiKey).map(|s| s.by),
            Some(TickedBy::Hand)
        );
        assert_eq!(p.last_report.map(|r| r.requests), Some(3));
    }

    #[test]
    fn a_newer_versions_step_and_schedule_drop_only_themselves() {
        let raw = serde_json::json!({
            "profiles": [{"id": "a", "workspace": "acme",
                "steps": {"invite": {"done": true, "at": "2026-11-01", "by": "hand"},
                          "some-later-step": {"done": true, "at": "2026-11-01", "by": "hand"}}}],
            "settings": {"thresholds": [7], "watchEvery": "hourly"}
        });
        let s: Saved = serde_json::from_value(raw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.profiles[0].steps.len(), 1);
        assert_eq!(s.settings.watch_every, WatchEvery::Daily);
        assert_eq!(s.settings.thresholds, vec![7]);
    }

    #[test]
    fn an_unreadable_last_report_drops_only_the_report() {
        let raw =
            serde_json::json!({"id": "a", "workspace": "acme", "lastReport": {"schema": "x"}});
        let p: Profile = serde_json::from_value(raw).unwrap_or_default();
        assert_eq!((p.id.as_str(), p.last_report.is_none()), ("a", true));
    }
}
