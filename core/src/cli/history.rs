//! `mode-setup history`: the last runs of a saved workspace's checks, oldest first, with what
//! changed in each.

use super::{fail, out, say};
use crate::input;
use crate::model::Run;
use crate::text::printable;

/// What `--json` prints: the workspace, the one-line summary, and the runs.
#[derive(serde::Serialize)]
struct History<'a> {
    workspace: &'a str,
    host: &'a str,
    watch: Option<bool>,
    summary: String,
    runs: &'a [Run],
}

pub(super) fn history(workspace: &str, host: &str, json: bool) -> i32 {
    let workspace = match input::parse_workspace(workspace) {
        Ok(w) => w,
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    };
    let host = match input::parse_host(host) {
        Ok(h) => input::host_label(&h),
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    };
    let saved = match crate::store::load(&crate::store::default_path()) {
        Ok((saved, _)) => saved,
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    };
    let Some(p) = saved.find(&host, &workspace) else {
        say(&format!(
            "mode-setup: no workspace {workspace} on {host} is saved. Save it with `mode-setup check --save` or in the app first."
        ));
        return 2;
    };
    let today = chrono::Local::now().date_naive();
    let summary = crate::model::history::summary(&p.history, p.key_id.as_deref(), today);
    let text = if json {
        serde_json::to_string_pretty(&History {
            workspace: &p.workspace,
            host: &p.host,
            watch: p.watch,
            summary,
            runs: &p.history,
        })
        .map(|t| t + "\n")
        .unwrap_or_default()
    } else {
        render(&p.workspace, &summary, p.watch, &p.history)
    };
    match out(&text) {
        Ok(()) => 0,
        Err(e) => {
            say(&format!(
                "mode-setup: the history could not be written ({e})."
            ));
            2
        }
    }
}

fn render(workspace: &str, summary: &str, watch: Option<bool>, runs: &[Run]) -> String {
    let mut s = format!("History of {}: {}\n", printable(workspace), summary);
    s.push_str(match watch {
        Some(true) => "Watched: the checks re-run on the schedule chosen in the app's step Reminders and watch.\n",
        Some(false) => "Not watched: switch the watch on in the app's step Reminders and watch.\n",
        None => "Not watched yet: the first check that says Ready switches the watch on.\n",
    });
    s.push('\n');
    if runs.is_empty() {
        s.push_str("No check of this workspace has been recorded yet.\n");
    }
    for r in runs {
        let by = r.by.label();
        let notified = if r.notified { " (notified)" } else { "" };
        s.push_str(&format!(
            "{}  {}, {by}{notified}\n",
            r.at.format("%Y-%m-%d %H:%M"),
            r.outcome()
        ));
        for c in &r.changes {
            s.push_str(&format!("      {}\n", printable(&c.text)));
        }
    }
    s
}
