//! What a check run produces, typed once and carried as-is everywhere: the `--json` document
//! (schema 1), the last report kept with a profile, the window's results and the setup report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{Access, CheckId, KeyKind, Status, Via};

/// One check's result, written for a Mode admin.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CheckResult {
    pub id: CheckId,
    pub title: String,
    pub status: Status,
    /// One sentence in plain words.
    pub summary: String,
    /// What to do, naming the exact Mode screen and action.
    #[serde(default)]
    pub fix: Option<String>,
    /// The Mode page where the fix happens.
    #[serde(default)]
    pub link: Option<String>,
    /// Technical detail (status codes, library messages), never a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// For a warning Mode's answers could not settle: what is left to confirm by hand, as in
    /// "confirm that the crawler can view Oracle HR". The fix and link say where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
    /// The check could not finish because Mode was busy or unreachable: checking again later
    /// settles it, and it says nothing about the setup.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transient: bool,
}

impl CheckResult {
    pub fn new(id: CheckId, status: Status, summary: impl Into<String>) -> CheckResult {
        CheckResult {
            id,
            title: id.title().to_string(),
            status,
            summary: summary.into(),
            fix: None,
            link: None,
            details: None,
            confirm: None,
            transient: false,
        }
    }

    /// A warning Mode could not settle: `what` is left to confirm by hand ("that ...").
    pub fn confirm(mut self, what: impl Into<String>) -> Self {
        self.confirm = Some(what.into());
        self
    }

    /// Marks a result as caused by Mode being busy or unreachable.
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }

    /// Whether this result leaves something to confirm by hand.
    pub fn to_confirm(&self) -> Option<&str> {
        match self.status {
            Status::Warn => self.confirm.as_deref(),
            _ => None,
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

/// Where a key's expiry date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpirySource {
    /// Typed in by the person.
    Entered,
    /// Read from Mode's key record.
    Mode,
    /// The key's creation date plus Mode's default lifetime.
    Estimated,
}

/// What is known about the key (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyInfo {
    #[serde(default)]
    pub id: Option<String>,
    pub kind: KeyKind,
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub days_left: Option<i64>,
    #[serde(default)]
    pub expiry_source: Option<ExpirySource>,
}

/// One row of the per-connection table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Connection {
    pub token: String,
    pub name: String,
    pub access: Access,
    #[serde(default)]
    pub via: Option<Via>,
    pub link: String,
}

/// How much the workspace holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Counts {
    pub connections: u64,
    pub collections: u64,
    pub personal_collections: u64,
    pub reports: Option<u64>,
    pub queries: Option<u64>,
    pub charts: Option<u64>,
}

/// The whole result of a check run: the `--json` document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Report {
    pub schema: u32,
    pub workspace: String,
    pub host: String,
    /// When the checks ran; absent for a profile that was never checked.
    #[serde(default)]
    pub checked_at: Option<String>,
    pub key: KeyInfo,
    pub checks: Vec<CheckResult>,
    #[serde(default)]
    pub connections: Vec<Connection>,
    #[serde(default)]
    pub counts: Counts,
    /// Ready for Atlan: no check failed and nothing is left to confirm by hand.
    pub ready: bool,
    /// What Mode's answers left open, each to confirm by hand ("confirm that ..."). When
    /// nothing failed and this is not empty, the workspace is probably ready.
    #[serde(default)]
    pub to_confirm: Vec<String>,
    /// One sentence: is the workspace ready for Atlan?
    pub headline: String,
    /// The verdict in one word: ready, probably-ready or not-ready. Absent in reports saved
    /// before it was added; [`Report::verdict`] works it out then.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub app_version: String,
    #[serde(default)]
    pub requests: u64,
}

impl Report {
    pub fn check(&self, id: CheckId) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The status of one check, if it ran.
    pub fn status(&self, id: CheckId) -> Option<Status> {
        self.check(id).map(|c| c.status)
    }

    /// The verdict in one word.
    pub fn verdict(&self) -> Verdict {
        if let Some(v) = self.verdict {
            return v;
        }
        if self.checked_at.is_none() {
            return Verdict::NotReady;
        }
        Verdict::of(&self.checks, &self.to_confirm)
    }

    /// The exit code of `mode-setup check`: 0 ready, 1 not ready, 3 probably ready (something
    /// is left to confirm by hand).
    pub fn exit_code(&self) -> i32 {
        match self.verdict() {
            Verdict::Ready => 0,
            Verdict::NotReady => 1,
            Verdict::ProbablyReady => 3,
        }
    }

    /// A stand-in for a workspace that was never checked: every check "not run".
    pub fn not_run(
        workspace: &str,
        host: &str,
        key_id: Option<&str>,
        kind: KeyKind,
        expires_on: Option<NaiveDate>,
    ) -> Report {
        Report {
            schema: 1,
            workspace: workspace.to_string(),
            host: host.to_string(),
            checked_at: None,
            key: KeyInfo {
                id: key_id.map(str::to_string),
                kind,
                member: None,
                expires_on,
                days_left: None,
                expiry_source: Some(ExpirySource::Entered),
            },
            checks: CheckId::ALL
                .into_iter()
                .map(|id| CheckResult::new(id, Status::Skip, "Not run yet."))
                .collect(),
            connections: vec![],
            counts: Counts::default(),
            ready: false,
            to_confirm: vec![],
            headline: "Not checked yet: run the checks in Mode Setup Assistant to prove the setup."
                .into(),
            verdict: Some(Verdict::NotReady),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            requests: 0,
        }
    }
}

/// The verdict of a check run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Nothing failed and nothing is left to confirm.
    Ready,
    /// Nothing failed, but Mode's answers left something to confirm by hand.
    ProbablyReady,
    /// A check failed (or the checks never ran).
    NotReady,
}

impl Verdict {
    /// Every verdict, best first.
    pub const ALL: [Verdict; 3] = [Verdict::Ready, Verdict::ProbablyReady, Verdict::NotReady];

    /// The verdict for a set of results and what they leave to confirm by hand.
    pub fn of(checks: &[CheckResult], to_confirm: &[String]) -> Verdict {
        if checks.iter().any(|c| c.status == Status::Fail) {
            Verdict::NotReady
        } else if to_confirm.is_empty() {
            Verdict::Ready
        } else {
            Verdict::ProbablyReady
        }
    }

    /// The verdict as a title.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready for Atlan",
            Verdict::ProbablyReady => "Probably ready: confirm by hand",
            Verdict::NotReady => "Not ready yet",
        }
    }
}

/// The word shown beside a warning that Mode's answers could not settle.
pub const COULDNT_CONFIRM: &str = "Couldn't confirm";

/// The verdict for a set of results: whether ready, what is left to confirm, and one sentence.
/// "Ready" is said only when every check that matters passed on Mode's own answers.
pub fn headline(checks: &[CheckResult]) -> (bool, Vec<String>, String) {
    let failed: Vec<&CheckResult> = checks.iter().filter(|c| c.status == Status::Fail).collect();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    let to_confirm: Vec<String> = checks
        .iter()
        .filter_map(|c| c.to_confirm())
        .map(|what| format!("confirm {what}"))
        .collect();
    let open = to_confirm.len();
    let others = warned - open;
    let also = match others {
        0 => String::new(),
        1 => ", and one warning worth a look".into(),
        w => format!(", and {w} warnings worth a look"),
    };
    let headline = match (failed.len(), open) {
        (0, 0) => match others {
            0 => "Ready for Atlan: every check passed.".to_string(),
            1 => "Ready for Atlan, with one warning worth a look.".to_string(),
            w => format!("Ready for Atlan, with {w} warnings worth a look."),
        },
        (0, 1) => format!("Probably ready for Atlan: {}{also}.", to_confirm[0]),
        (0, n) => format!("Probably ready for Atlan: {n} things to confirm by hand{also}."),
        (f, _) if failed.iter().all(|c| c.transient) => format!(
            "Not checked to the end: Mode was busy or unreachable ({f} check{} could not finish). Check again in a few minutes.",
            if f == 1 { "" } else { "s" }
        ),
        (1, _) => {
            "Not ready for Atlan yet: one check failed. Follow its fix, then check again.".into()
        }
        (f, _) => format!(
            "Not ready for Atlan yet: {f} checks failed. Fix them in order, then check again."
        ),
    };
    let ready = Verdict::of(checks, &to_confirm) == Verdict::Ready;
    (ready, to_confirm, headline)
}

/// Progress of a run, for the window and stderr.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub check: Option<CheckResult>,
    pub done: usize,
    pub total: usize,
    pub eta_seconds: Option<u64>,
    pub message: String,
}
