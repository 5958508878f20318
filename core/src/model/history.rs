//! The watch's record: one compact entry per check run of a saved workspace (when, the verdict,
//! what changed since the run before), and how often the watch runs. No secret is in any of it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ids::CheckId;
use super::report::Verdict;

/// How many runs are kept per workspace.
pub const HISTORY_LEN: usize = 50;

/// How often the watch re-runs the checks of the workspaces it watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum WatchEvery {
    #[default]
    Daily,
    Weekly,
    Off,
}

impl WatchEvery {
    pub const ALL: [WatchEvery; 3] = [WatchEvery::Daily, WatchEvery::Weekly, WatchEvery::Off];

    /// Hours between two runs, or none when the watch is off.
    pub fn hours(self) -> Option<i64> {
        match self {
            WatchEvery::Daily => Some(24),
            WatchEvery::Weekly => Some(24 * 7),
            WatchEvery::Off => None,
        }
    }

    /// The choice as the settings screen words it.
    pub fn label(self) -> &'static str {
        match self {
            WatchEvery::Daily => "Every day",
            WatchEvery::Weekly => "Every week",
            WatchEvery::Off => "Off",
        }
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchEvery::Daily => "daily",
            WatchEvery::Weekly => "weekly",
            WatchEvery::Off => "off",
        }
    }
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunBy {
    /// Someone pressed "Run checks" in the window.
    Window,
    /// The watch, from the tray on its schedule.
    Watch,
    /// `mode-setup check --save`, e.g. from cron.
    Command,
}

impl RunBy {
    pub const ALL: [RunBy; 3] = [RunBy::Window, RunBy::Watch, RunBy::Command];

    /// Who ran it, as it follows a run's time or result: "by the watch".
    pub fn label(self) -> &'static str {
        match self {
            RunBy::Window => "from this window",
            RunBy::Watch => "by the watch",
            RunBy::Command => "by mode-setup check",
        }
    }
}

/// The outcome of a run Mode was too busy to answer, or could not be reached on.
pub const UNFINISHED: &str = "Not checked to the end: Mode was busy or unreachable";

/// What kind of change a run found, compared with the last run Mode answered to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A check that passed (or warned) now warns or fails.
    Worse,
    /// A connection the crawler could view no longer grants it View.
    LostView,
    /// A connection appeared that the crawler can't view.
    NewWithoutView,
    /// Mode was busy or unreachable on two runs in a row.
    Unreachable,
    /// A check that failed or warned now does better.
    Better,
    /// A connection the crawler could not view now grants View.
    GainedView,
}

impl ChangeKind {
    /// Whether the change makes the setup worse (and is worth a notification).
    pub fn is_regression(self) -> bool {
        !matches!(self, ChangeKind::Better | ChangeKind::GainedView)
    }
}

/// One change, in words a Mode admin reads in a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The check it belongs to (a connection's change belongs to `connection-access`).
    pub check: CheckId,
    /// The connection's name, for a connection's change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    /// One sentence: "Atlan's crawler can no longer view Finance DB".
    pub text: String,
}

/// One check run, as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub at: DateTime<FixedOffset>,
    pub verdict: Verdict,
    /// Mode was busy or unreachable, so the run says nothing about the setup.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unfinished: bool,
    pub by: RunBy,
    /// The Key ID the run used (never its secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What changed since the last run Mode answered to the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Whether a desktop notification was shown for it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notified: bool,
}

impl Run {
    /// The regressions among the changes.
    pub fn regressions(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.kind.is_regression())
    }

    /// The run's outcome in a few words.
    pub fn outcome(&self) -> &'static str {
        if self.unfinished {
            UNFINISHED
        } else {
            self.verdict.label()
        }
    }
}

/// "3 November" (and the year when it is not `today`'s).
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    use chrono::Datelike;
    if day.year() == today.year() {
        day.format("%-d %B").to_string()
    } else {
        day.format("%-d %B %Y").to_string()
    }
}

/// The history in one line, e.g. "Passing since 3 November; 2 changes in 14 runs." Runs are
/// oldest first; `key` is the workspace's key now: a streak is counted only with it.
pub fn summary(runs: &[Run], key: Option<&str>, today: NaiveDate) -> String {
    let finished: Vec<&Run> = runs.iter().filter(|r| !r.unfinished).collect();
    let Some(last) = finished.last() else {
        return match runs.len() {
            0 => "No check has run yet.".into(),
            _ => "No check has finished yet: Mode was busy or unreachable.".into(),
        };
    };
    let changes: usize = runs.iter().map(|r| r.changes.len()).sum();
    let changes = match changes {
        0 => "no changes".to_string(),
        1 => "1 change".to_string(),
        n => format!("{n} changes"),
    };
    let span = match runs.len() {
        1 => "in 1 run".to_string(),
        n => format!("in {n} runs"),
    };
    if last.key.is_some() && key.is_some() && last.key.as_deref() != key {
        return format!("Not checked since the key was replaced; {changes} {span} before.");
    }
    let since = finished
        .iter()
        .rev()
        .take_while(|r| r.verdict == last.verdict && r.key == last.key)
        .last()
        .map_or(last.at, |r| r.at)
        .date_naive();
    let state = match last.verdict {
        Verdict::Ready => "Passing",
        Verdict::ProbablyReady => "Probably ready (something to confirm by hand)",
        Verdict::NotReady => "Not ready",
    };
    let unfinished_since = runs.last().filter(|r| r.unfinished).map(|_| {
        let first = runs
            .iter()
            .rev()
            .take_while(|r| r.unfinished)
            .last()
            .map_or(today, |r| r.at.date_naive());
        format!(
            " The checks could not finish since {} (Mode busy or unreachable).",
            day_label(first, today)
        )
    });
    format!(
        "{state} since {}; {changes} {span}.{}",
        day_label(since, today),
        unfinished_since.unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(at: &str, verdict: Verdict, changes: usize) -> Run {
        Run {
            at: DateTime::parse_from_rfc3339(at).unwrap_or_else(|e| panic!("{e}")),
            verdict,
            unfinished: false,
            by: RunBy::Watch,
            key: Some("k1".into()),
            changes: (0..changes)
                .map(|_| Change {
                    kind: ChangeKind::Worse,
                    check: CheckId::ServiceAccount,
                    connection: None,
                    text: "x".into(),
                })
                .collect(),
            notified: false,
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_summary_counts_from_the_first_run_of_the_current_streak() {
        let runs = vec![
            run("2026-10-30T09:00:00+00:00", Verdict::Ready, 0),
            run("2026-11-01T09:00:00+00:00", Verdict::NotReady, 1),
            run("2026-11-03T09:00:00+00:00", Verdict::Ready, 1),
            run("2026-11-04T09:00:00+00:00", Verdict::Ready, 0),
        ];
        assert_eq!(
            summary(&runs, Some("k1"), day("2026-12-01")),
            "Passing since 3 November; 2 changes in 4 runs."
        );
    }

    #[test]
    fn unfinished_runs_neither_break_the_streak_nor_count_as_a_verdict() {
        let mut busy = run("2026-11-05T09:00:00+00:00", Verdict::NotReady, 0);
        busy.unfinished = true;
        let runs = vec![run("2026-11-03T09:00:00+00:00", Verdict::Ready, 0), busy];
        assert_eq!(
            summary(&runs, Some("k1"), day("2026-12-01")),
            "Passing since 3 November; no changes in 2 runs. The checks could not finish since 5 November (Mode busy or unreachable)."
        );
        assert_eq!(
            summary(&runs[1..], Some("k1"), day("2026-12-01")),
            "No check has finished yet: Mode was busy or unreachable."
        );
        assert_eq!(
            summary(&[], Some("k1"), day("2026-12-01")),
            "No check has run yet."
        );
    }

    #[test]
    fn a_replaced_key_is_not_said_to_pass_until_it_is_checked() {
        let runs = vec![run("2026-11-03T09:00:00+00:00", Verdict::Ready, 0)];
        assert_eq!(
            summary(&runs, Some("k2"), day("2026-12-01")),
            "Not checked since the key was replaced; no changes in 1 run before."
        );
    }

    #[test]
    fn a_run_reads_back_from_its_compact_form() {
        let raw = r#"{"at":"2026-11-03T09:00:00+01:00","verdict":"ready","by":"watch"}"#;
        let r: Run = serde_json::from_str(raw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.verdict, r.changes.len(), r.notified),
            (Verdict::Ready, 0, false)
        );
        assert_eq!(
            serde_json::to_string(&r).unwrap_or_default(),
            r#"{"at":"2026-11-03T09:00:00+01:00","verdict":"ready","by":"watch"}"#
        );
    }
}
