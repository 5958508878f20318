//! The watch: checks re-run on a schedule for saved workspaces, each run compared with the last
//! one Mode answered to the end, and a desktop notification only when the setup got worse. A
//! setup breaks in more ways than expiry: a grant removed, the account deactivated, the key
//! revoked, a new connection that arrives restricted. Mode tells no one; this does.
//!
//! The rules, each tested below:
//! - A run is compared with the last *finished* run (the baseline), never with one Mode was too
//!   busy or unreachable to answer, so a regression is never hidden behind an outage.
//! - Only a regression notifies: a check that passed and now warns or fails, a connection that
//!   lost View, or a new connection without it. Once notified, the same state does not notify
//!   again.
//! - A run that fails only because Mode was busy or unreachable notifies only when the run
//!   after it fails that way too (once for the whole outage).
//! - The key's expiry is left to the reminders, which already warn ahead of it.
//! - One watch run at a time, across the window and `mode-setup`.

use std::fs::File;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local};

use crate::error::{Error, Result};
use crate::model::{
    Change, ChangeKind, CheckId, Profile, Report, Run, RunBy, Saved, Status, Verdict, HISTORY_LEN,
};

/// Most requests a watch run sends in any minute. Nobody is waiting for it, and Mode's limit
/// is shared with Atlan's own crawler, so it asks at a quarter of what a check asked for by a
/// person may.
pub const WATCH_MAX_RATE: f64 = 60.0;

/// A notification about a regression, for one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub profile_id: String,
    pub workspace: String,
    pub title: String,
    pub body: String,
    /// The check whose fix a click opens.
    pub check: CheckId,
}

/// What became of a run.
#[derive(Debug, Clone)]
pub struct Observed {
    pub run: Run,
    /// The notification to show, for a regression seen by the watch or `check --save`.
    pub alert: Option<Alert>,
}

fn rank(s: Status) -> Option<u8> {
    match s {
        Status::Pass => Some(0),
        Status::Warn => Some(1),
        Status::Fail => Some(2),
        // Not run (an earlier check failed, or not asked for): says nothing either way.
        Status::Skip => None,
    }
}

/// Whether a run says nothing about the setup: Mode was busy or unreachable (every failure
/// is), or Mode's host could not be reached at all from this computer (no network, a DNS or
/// certificate problem, a captive portal): that is this computer's trouble until it repeats.
pub fn unfinished(report: &Report) -> bool {
    if report.status(CheckId::Host) == Some(Status::Fail) {
        return true;
    }
    let mut failed = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .peekable();
    failed.peek().is_some() && failed.all(|c| c.transient)
}

/// Whether a check's result settles its question: it ran, and Mode answered it.
fn settled(c: &crate::model::CheckResult) -> bool {
    c.status != Status::Skip && !c.transient
}

/// The next baseline: `now`, except that a check it did not settle (not run, or Mode busy)
/// keeps its last settled result, and the connections are kept when `now` did not settle
/// their access. So a run that skips a check never hides a later change of it.
pub fn merge_baseline(before: Option<&Report>, now: &Report) -> Report {
    let Some(before) = before else {
        return now.clone();
    };
    let mut next = now.clone();
    for c in &mut next.checks {
        if !settled(c) {
            if let Some(old) = before.check(c.id).filter(|o| settled(o)) {
                *c = old.clone();
            }
        }
    }
    for old in before.checks.iter().filter(|o| settled(o)) {
        if next.check(old.id).is_none() {
            next.checks.push(old.clone());
        }
    }
    let access_settled = now.check(CheckId::ConnectionAccess).is_some_and(settled);
    if !access_settled {
        next.connections = before.connections.clone();
    }
    next
}

/// The sentence for a check that got worse.
fn worse_text(check: CheckId, now: Status, workspace: &str, account: Option<&str>) -> String {
    let who = account.map_or_else(
        || "The crawler's account".to_string(),
        |a| format!("The crawler's account {a}"),
    );
    let unsure = now == Status::Warn;
    match (check, unsure) {
        (CheckId::Host, _) => "Mode can no longer be reached from this computer".into(),
        (CheckId::Credentials, _) => {
            "Mode no longer accepts the crawler's API key: it may have been revoked".into()
        }
        (CheckId::Workspace, _) => {
            format!("The crawler's API key no longer belongs to {workspace}")
        }
        (CheckId::KeyType, false) => {
            "The crawler's API key is no longer a workspace or member key".into()
        }
        (CheckId::KeyType, true) => "Mode no longer shows what kind of key the crawler uses".into(),
        (CheckId::KeyExpiry, _) => "The crawler's API key is close to its expiry date".into(),
        (CheckId::ServiceAccount, false) => {
            format!("{who} is no longer a current member of {workspace}")
        }
        (CheckId::ServiceAccount, true) => {
            format!("{who} may no longer be a current member of {workspace}")
        }
        (CheckId::ConnectionAccess, false) => {
            "Atlan's crawler can no longer view every connection".into()
        }
        (CheckId::ConnectionAccess, true) => {
            "It is no longer certain that Atlan's crawler can view every connection".into()
        }
        (CheckId::Collections, _) => "Atlan's crawler can no longer see the collections".into(),
        (CheckId::Reports, _) => "Atlan's crawler can no longer read every report".into(),
    }
}

/// What changed from `before` (the last finished run) to `now`. A check that could not finish
/// because Mode was busy says nothing; a check that was not run says nothing.
pub fn diff(before: &Report, now: &Report, account: Option<&str>) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut lost_connections = false;
    // Connections first: they name what changed.
    for c in &now.connections {
        let was = before.connections.iter().find(|b| b.token == c.token);
        let text = match (was.map(|b| b.access.grants_view()), c.access.grants_view()) {
            (Some(true), false) => match c.access {
                crate::model::Access::Unknown => Some((
                    ChangeKind::LostView,
                    format!(
                        "Couldn't confirm that Atlan's crawler can still view {}",
                        c.name
                    ),
                )),
                _ => Some((
                    ChangeKind::LostView,
                    format!("Atlan's crawler can no longer view {}", c.name),
                )),
            },
            (None, false) => Some((
                ChangeKind::NewWithoutView,
                match c.access {
                    crate::model::Access::Unknown => format!(
                        "Couldn't confirm that Atlan's crawler can view the new connection {}",
                        c.name
                    ),
                    _ => format!("Atlan's crawler can't view the new connection {}", c.name),
                },
            )),
            (Some(false), false)
                if c.access == crate::model::Access::None
                    && was.is_some_and(|b| b.access == crate::model::Access::Unknown) =>
            {
                Some((
                    ChangeKind::LostView,
                    format!("Atlan's crawler can't view {}", c.name),
                ))
            }
            (Some(false), true) => Some((
                ChangeKind::GainedView,
                format!("Atlan's crawler can now view {}", c.name),
            )),
            _ => None,
        };
        if let Some((kind, text)) = text {
            lost_connections |= kind.is_regression();
            changes.push(Change {
                kind,
                check: CheckId::ConnectionAccess,
                connection: Some(c.name.clone()),
                text,
            });
        }
    }
    for c in &now.checks {
        if c.transient {
            continue;
        }
        let (Some(was), Some(is)) = (before.status(c.id).and_then(rank), rank(c.status)) else {
            continue;
        };
        if is > was {
            // A connection's change already says it; the check adds nothing.
            if c.id == CheckId::ConnectionAccess && lost_connections {
                continue;
            }
            changes.push(Change {
                kind: ChangeKind::Worse,
                check: c.id,
                connection: None,
                text: worse_text(c.id, c.status, &now.workspace, account),
            });
        } else if is < was {
            changes.push(Change {
                kind: ChangeKind::Better,
                check: c.id,
                connection: None,
                text: format!("Better: {}", c.summary.trim_end_matches('.')),
            });
        }
    }
    changes
}

fn notifies(c: &Change) -> bool {
    // Expiry has its own reminders, sent ahead of the date; the watch does not repeat them.
    c.kind.is_regression() && c.check != CheckId::KeyExpiry
}

fn alert_for(p: &Profile, changes: &[&Change]) -> Option<Alert> {
    let first = changes.first()?;
    let ws = &p.workspace;
    let title = match changes.len() {
        1 => format!("{ws}: {}", first.text),
        n => format!("{ws}: {n} things changed for Atlan's crawler"),
    };
    let mut body = String::new();
    if changes.len() > 1 {
        for c in changes {
            body.push_str(&format!("• {}\n", c.text));
        }
    }
    body.push_str(&format!(
        "Atlan's next crawl of {ws} will fail or miss content. Open Mode Setup Assistant to see the fix."
    ));
    Some(Alert {
        profile_id: p.id.clone(),
        workspace: ws.clone(),
        title,
        body,
        check: first.check,
    })
}

/// Records a run of `p`'s checks: its history entry (at most [`HISTORY_LEN`] kept), the
/// baseline moved on by what the run settled, the watch switched on by a first "Ready", and the
/// notification to show when `by` is the watch or `mode-setup check --save` and the setup got
/// worse. A run from the window never notifies: the person is looking at its results. Changes
/// whose notification could not be shown before ([`Profile::unnotified`]) are shown with it,
/// unless the run shows them mended.
pub fn observe(p: &mut Profile, report: &Report, by: RunBy) -> Observed {
    let at = report
        .checked_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .unwrap_or_else(|| Local::now().fixed_offset());
    let verdict = report.verdict();
    let account = p.service_account.clone();
    let is_unfinished = unfinished(report);
    let previous = p.history.last().cloned();
    let mut changes = Vec::new();
    if is_unfinished {
        // The second unfinished run in a row is worth saying, once for the whole outage.
        let outage_said = p
            .history
            .iter()
            .rev()
            .take_while(|r| r.unfinished)
            .any(|r| r.regressions().next().is_some());
        if previous.as_ref().is_some_and(|r| r.unfinished) && !outage_said {
            let host = report.status(CheckId::Host) == Some(Status::Fail);
            changes.push(Change {
                kind: ChangeKind::Unreachable,
                check: report
                    .checks
                    .iter()
                    .find(|c| c.status == Status::Fail)
                    .map_or(CheckId::Host, |c| c.id),
                connection: None,
                text: if host {
                    "Mode could not be reached from this computer on two checks in a row".into()
                } else {
                    "Mode was busy or unreachable on two checks in a row".into()
                },
            });
        }
    } else {
        if let Some(before) = &p.baseline {
            changes = diff(before, report, account.as_deref());
        }
        p.baseline = Some(merge_baseline(p.baseline.as_ref(), report));
    }
    if p.watch.is_none() && verdict == Verdict::Ready && !is_unfinished {
        p.watch = Some(true);
    }
    // What could not be shown before and is still so.
    let still: Vec<Change> = std::mem::take(&mut p.unnotified)
        .into_iter()
        .filter(|c| still_holds(c, p.baseline.as_ref(), is_unfinished))
        .collect();
    let alert = match by {
        RunBy::Window => {
            // The person sees the results; what was pending is said by them.
            None
        }
        _ if p.practice => None,
        _ => {
            let mut worse: Vec<&Change> = still.iter().collect();
            for c in changes.iter().filter(|c| notifies(c)) {
                if !worse.iter().any(|w| w.text == c.text) {
                    worse.push(c);
                }
            }
            let alert = alert_for(p, &worse);
            if alert.is_some() {
                // Kept until shown: [`mark_notified`] clears them.
                p.unnotified = worse.into_iter().cloned().collect();
            }
            alert
        }
    };
    let run = Run {
        at,
        verdict,
        unfinished: is_unfinished,
        by,
        key: report.key.id.clone(),
        changes,
        notified: false,
    };
    p.history.push(run.clone());
    let len = p.history.len();
    if len > HISTORY_LEN {
        p.history.drain(..len - HISTORY_LEN);
    }
    Observed { run, alert }
}

/// Whether a change not yet notified still describes the workspace, by the latest baseline.
fn still_holds(c: &Change, baseline: Option<&Report>, unfinished_now: bool) -> bool {
    if c.kind == ChangeKind::Unreachable {
        return unfinished_now;
    }
    let Some(b) = baseline else { return true };
    match &c.connection {
        Some(name) => b
            .connections
            .iter()
            .find(|x| &x.name == name)
            .is_some_and(|x| !x.access.grants_view()),
        None => b
            .status(c.check)
            .is_some_and(|s| matches!(s, Status::Warn | Status::Fail)),
    }
}

/// Marks the last run of `p` as notified: nothing is left waiting to be shown.
pub fn mark_notified(p: &mut Profile) {
    if let Some(r) = p.history.last_mut() {
        r.notified = true;
    }
    p.unnotified.clear();
}

/// The notification still owed for `p`: changes found by a run whose notification could not be
/// shown (no notification service yet, say). The watch shows it at its next look.
pub fn owed(p: &Profile) -> Option<Alert> {
    if p.practice {
        return None;
    }
    let changes: Vec<&Change> = p.unnotified.iter().collect();
    alert_for(p, &changes)
}

/// The ids of the watched workspaces due for a run at `now`: the watch is on, the workspace
/// has a key, and its last run (of any kind) is at least the chosen interval old.
pub fn due(saved: &Saved, now: DateTime<FixedOffset>) -> Vec<String> {
    let Some(hours) = saved.settings.watch_every.hours() else {
        return Vec::new();
    };
    saved
        .profiles
        .iter()
        .filter(|p| p.watched() && p.key_id.is_some())
        .filter(|p| {
            p.history.last().is_none_or(|r| {
                let since = now.signed_duration_since(r.at).num_minutes();
                // A little early is on time: a daily run at 9:00 stays at about 9:00. A run
                // stamped in the future (the clock was wrong then) does not stop the watch.
                since >= hours * 60 - 30 || since < -60
            })
        })
        .map(|p| p.id.clone())
        .collect()
}

/// Holds the watch's lock: one watch run at a time across the window and `mode-setup`.
pub struct RunLock(#[allow(dead_code)] File);

/// Takes the lock beside the store at `store_path`, waiting for a run in progress to end when
/// `wait`; without `wait`, `None` says another run holds it.
pub fn lock(store_path: &Path, wait: bool) -> Result<Option<RunLock>> {
    let path = store_path.with_extension("watch.lock");
    let fail = |e: std::io::Error| Error::Store {
        message: format!("{} could not be locked ({e}).", path.display()),
    };
    crate::store::ensure_private_dir(&path).map_err(fail)?;
    let file = crate::platform::files::private_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(fail)?;
    if wait {
        file.lock().map_err(fail)?;
        return Ok(Some(RunLock(file)));
    }
    match file.try_lock() {
        Ok(()) => Ok(Some(RunLock(file))),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(fail(e)),
    }
}

/// Shows an alert as a desktop notification; the handle can wait for a click.
pub fn notify(a: &Alert) -> std::result::Result<notify_rust::NotificationHandle, String> {
    // Notification services may read the body as markup; names from Mode are text.
    let body = a
        .body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut n = notify_rust::Notification::new();
    n.appname("Mode Setup Assistant")
        .summary(&a.title)
        .body(&body)
        .icon("mode-setup");
    // A click on a notification sent by `mode-setup check --save` (which has exited by then)
    // starts the app from its desktop entry (the packages install "Mode Setup Assistant.desktop");
    // the app opens on the change.
    #[cfg(all(unix, not(target_os = "macos")))]
    n.hint(notify_rust::Hint::DesktopEntry(
        "Mode Setup Assistant".into(),
    ));
    n.action("default", "Open the fix")
        .timeout(notify_rust::Timeout::Never)
        .show()
        .map_err(|e| {
            format!("the notification could not be shown ({e}); is a notification service running?")
        })
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
