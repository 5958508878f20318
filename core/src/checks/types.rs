//! What a check run produces: one result per check, the key, the connection table, the counts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::mode::model::Access;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skip,
}

impl Status {
    /// The mark printed beside a check.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// Every check, in the order it runs: (id, title).
pub const CHECKS: &[(&str, &str)] = &[
    ("host", "Mode can be reached"),
    ("credentials", "Mode accepts the key"),
    ("workspace", "The key belongs to this workspace"),
    ("key-type", "The key is a workspace or member key"),
    ("key-expiry", "The key is not about to expire"),
    (
        "service-account",
        "The crawler's account is a current member",
    ),
    ("connection-access", "The crawler can view every connection"),
    ("collections", "Collections are visible"),
    ("reports", "Reports, queries and charts can be read"),
];

/// One check's result, written for a Mode admin.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// One sentence in plain words.
    pub summary: String,
    /// What to do, naming the exact Mode screen and action.
    pub fix: Option<String>,
    /// The Mode page where the fix happens.
    pub link: Option<String>,
    /// Technical detail (status codes, library messages), never a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

impl CheckResult {
    pub fn new(id: &str, status: Status, summary: impl Into<String>) -> CheckResult {
        let title = CHECKS
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .unwrap_or(id);
        CheckResult {
            id: id.to_string(),
            title: title.to_string(),
            status,
            summary: summary.into(),
            fix: None,
            link: None,
            details: None,
        }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }

    pub fn details(mut self, details: Option<String>) -> Self {
        self.details = details;
        self
    }
}

/// The kind of key, as far as Mode lets us tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Workspace,
    Member,
    Personal,
    Unknown,
}

/// What is known about the key (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    pub id: String,
    pub kind: KeyKind,
    pub member: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// Where the expiry date came from: `entered`, `mode` or `estimated`.
    pub expiry_source: Option<&'static str>,
}

/// How the crawler gets its access to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Admin,
    Default,
    Direct,
    Group,
}

/// One row of the per-connection table.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionRow {
    pub token: String,
    pub name: String,
    pub access: Access,
    pub via: Option<Via>,
    pub link: String,
}

/// How much the workspace holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub connections: u64,
    pub collections: u64,
    pub personal_collections: u64,
    pub reports: Option<u64>,
    pub queries: Option<u64>,
    pub charts: Option<u64>,
}

/// The whole result of a check run: the `--json` document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub workspace: String,
    pub host: String,
    pub checked_at: String,
    pub key: KeyInfo,
    pub checks: Vec<CheckResult>,
    pub connections: Vec<ConnectionRow>,
    pub counts: Counts,
    /// No check failed.
    pub ready: bool,
    /// One sentence: is the workspace ready for Atlan?
    pub headline: String,
    pub app_version: String,
    pub requests: u64,
}

impl Report {
    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The exit code of `mode-setup check`: 0 when nothing failed, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.ready {
            0
        } else {
            1
        }
    }
}

/// The one-sentence verdict for a set of results.
pub fn headline(checks: &[CheckResult]) -> (bool, String) {
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    match (failed, warned) {
        (0, 0) => (true, "Ready for Atlan: every check passed.".into()),
        (0, 1) => (
            true,
            "Ready for Atlan, with one warning worth a look.".into(),
        ),
        (0, w) => (
            true,
            format!("Ready for Atlan, with {w} warnings worth a look."),
        ),
        (1, _) => (
            false,
            "Not ready for Atlan yet: one check failed. Follow its fix, then check again.".into(),
        ),
        (f, _) => (
            false,
            format!(
                "Not ready for Atlan yet: {f} checks failed. Fix them in order, then check again."
            ),
        ),
    }
}

/// Progress of a run, for the window and stderr.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub check: Option<CheckResult>,
    pub done: usize,
    pub total: usize,
    pub eta_seconds: Option<u64>,
    pub message: String,
}
