//! `mode-setup check`: the checks without a window, as a table or one JSON document.

use std::io::{IsTerminal, Write};

use super::{fail, out, say};
use crate::checks::{run_checks, CheckInput, Progress, Report, Status};
use crate::error::Error;
use crate::input;
use crate::mode::ClientOptions;
use crate::secret::Secret;
use crate::text::printable;

pub(super) fn check_input(
    workspace: &str,
    host: &str,
    service_account: Option<&str>,
    expires_on: Option<&str>,
    deep: bool,
) -> Result<CheckInput, Error> {
    let today = chrono::Local::now().date_naive();
    let workspace = input::parse_workspace(workspace)?;
    let host = input::parse_host(host)?;
    let service_account = match service_account {
        Some(s) => input::parse_username(s)?,
        None => None,
    };
    let expires_on = expires_on
        .map(|d| input::parse_expiry(d, today))
        .transpose()?;
    let (key_id, secret) = credentials(&input::host_label(&host), &workspace)?;
    Ok(CheckInput {
        host,
        workspace,
        key_id,
        secret,
        service_account,
        expires_on,
        deep,
        today,
    })
}

pub(super) fn credentials(host: &str, workspace: &str) -> Result<(String, Secret), Error> {
    let id = std::env::var("MODE_API_KEY_ID")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let secret = std::env::var("MODE_API_SECRET")
        .ok()
        .filter(|v| !v.trim().is_empty());
    match (id, secret) {
        (Some(id), Some(secret)) => {
            input::check_secret(&secret)?;
            Ok((input::parse_key_id(&id)?, Secret::new(secret)))
        }
        (Some(_), None) => Err(Error::invalid("secret", "MODE_API_KEY_ID is set but MODE_API_SECRET is not. Set both (the secret is shown once when the key is created in Mode).")),
        (None, Some(_)) => Err(Error::invalid("key_id", "MODE_API_SECRET is set but MODE_API_KEY_ID is not. Set both.")),
        (None, None) => {
            let how = "Provide the key: set MODE_API_KEY_ID and MODE_API_SECRET, or save it for this workspace in the Mode Setup Assistant window.";
            let (saved, _) = crate::store::load(&crate::store::default_path())?;
            let key_id = saved.find(host, workspace).and_then(|p| p.key_id.clone());
            let Some(key_id) = key_id else {
                return Err(Error::invalid("key_id", format!("No key is saved for {workspace} on {host}. {how}")));
            };
            match crate::keystore::load(host, workspace) {
                Ok(Some(secret)) => Ok((key_id, secret)),
                Ok(None) => Err(Error::invalid("secret", format!("No secret is stored in the keyring for {workspace} on {host}. {how}"))),
                Err(e) => Err(Error::invalid("secret", format!("{e} {how}"))),
            }
        }
    }
}

pub(super) async fn check(
    input: CheckInput,
    json: bool,
    save: bool,
    report_path: Option<std::path::PathBuf>,
    max_rate: f64,
) -> i32 {
    let interactive = std::io::stderr().is_terminal();
    let shown = std::sync::atomic::AtomicBool::new(false);
    let last_line: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);
    // Lines that are not a finished check: a deep walk's progress, or Mode keeping us waiting.
    let on_progress = |p: Progress| {
        if p.check.is_some() {
            return;
        }
        let mut last = last_line.lock().unwrap_or_else(|e| e.into_inner());
        if !interactive && last.is_some_and(|t| t.elapsed().as_secs_f64() < 2.0) {
            return;
        }
        *last = Some(std::time::Instant::now());
        shown.store(true, std::sync::atomic::Ordering::Relaxed);
        let eta = p
            .eta_seconds
            .filter(|s| *s >= 3)
            .map(|s| format!(", about {s} s left"))
            .unwrap_or_default();
        let message = printable(&p.message);
        let mut err = std::io::stderr().lock();
        if interactive {
            let _ = write!(err, "\r\x1b[2K{message}{eta}");
        } else {
            let _ = writeln!(err, "{message}{eta}");
        }
    };
    // One watch run at a time: a saving check (as from cron) waits for the window's watch.
    let _watch = if save {
        let path = crate::store::default_path();
        match tokio::task::block_in_place(|| crate::watch::lock(&path, true)) {
            Ok(lock) => lock,
            Err(e) => {
                say(&fail(&e));
                return 2;
            }
        }
    } else {
        None
    };
    let options = ClientOptions::with_max_rate(max_rate);
    let result = run_checks(&input, options, None, &on_progress).await;
    if interactive && shown.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
    }
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    };
    // The results come first: a failure to keep them below must never hide them.
    let mut code = report.exit_code();
    let text = if json {
        serde_json::to_string_pretty(&report)
            .map(|t| t + "\n")
            .map_err(std::io::Error::other)
    } else {
        Ok(render_text(&report))
    };
    if let Err(e) = text.and_then(|t| out(&t)) {
        say(&format!(
            "mode-setup: the results could not be written ({e})."
        ));
        code = 2;
    }
    let store_path = crate::store::default_path();
    if save {
        code = save_and_watch(&input, &report, &store_path, code).await;
    }
    if let Some(path) = &report_path {
        let profile = match crate::store::load(&store_path) {
            Ok((saved, _)) => saved
                .find(&input::host_label(&input.host), &input.workspace)
                .cloned(),
            Err(e) => {
                say(&fail(&e));
                code = 2;
                None
            }
        };
        let doc = crate::assistant::report_document(
            &report,
            profile.as_ref(),
            input.service_account.as_deref(),
        );
        let format = crate::report::Format::from_path(path).unwrap_or(crate::report::Format::Json);
        match crate::store::write_atomic(path, crate::report::render(&doc, format).as_bytes()) {
            Ok(()) => say(&format!("Wrote the setup report to {}.", path.display())),
            Err(e) => {
                say(&fail(&e));
                code = 2;
            }
        }
    }
    code
}

/// The human-readable table printed by `mode-setup check`. Every text that came from Mode (or
/// could have: names, summaries, links) is made [`printable`], so no escape sequence in a name
/// reaches the terminal.
pub fn render_text(r: &Report) -> String {
    let p = printable;
    let mut out = String::new();
    let kind = match r.key.kind {
        crate::model::KeyKind::Unknown => "key of unknown kind".to_string(),
        k => k.label().to_lowercase(),
    };
    out.push_str(&format!(
        "Mode setup check for workspace \"{}\" on {}\n",
        p(&r.workspace),
        p(&r.host)
    ));
    let gone = r.status(crate::model::CheckId::KeyExpiry) == Some(Status::Fail);
    let expiry = match (r.key.expires_on, r.key.days_left) {
        (Some(d), Some(n)) if n >= 0 && !gone => format!(", expires {d} ({n} days left)"),
        (Some(d), Some(_)) => format!(", expired {d}"),
        _ => ", expiry unknown".into(),
    };
    let id = p(r.key.id.as_deref().unwrap_or("unknown"));
    out.push_str(&format!("Key {id}: {kind}{expiry}\n\n"));
    for c in &r.checks {
        let open = if c.to_confirm().is_some() {
            " (couldn't confirm)"
        } else {
            ""
        };
        out.push_str(&format!("  {}  {}{open}\n", c.status.mark(), p(&c.title)));
        out.push_str(&format!("        {}\n", p(&c.summary)));
        if let Some(fix) = &c.fix {
            if c.status != Status::Pass {
                out.push_str(&format!("        Fix: {}\n", p(fix)));
            }
        }
        if let Some(link) = &c.link {
            out.push_str(&format!("        Open: {}\n", p(link)));
        }
    }
    if !r.connections.is_empty() {
        out.push_str("\nConnections:\n");
        let width = r
            .connections
            .iter()
            .map(|c| p(&c.name).chars().count())
            .max()
            .unwrap_or(10)
            .min(40);
        for c in &r.connections {
            let access = serde_json::to_value(c.access)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let via = c
                .via
                .and_then(|v| serde_json::to_value(v).ok())
                .and_then(|v| v.as_str().map(str::to_string));
            let mark = match c.access {
                a if a.grants_view() => "ok  ",
                crate::model::Access::Unknown => "UNSURE",
                _ => "MISSING",
            };
            let how = match (access.as_str(), via) {
                ("none", _) => "no View".to_string(),
                ("unknown", _) => "couldn't confirm View".to_string(),
                (a, Some(v)) => format!("{a} (via {v})"),
                (a, None) => a.to_string(),
            };
            out.push_str(&format!("  {mark:<7} {:<width$}  {how}", p(&c.name)));
            if !c.access.grants_view() {
                out.push_str(&format!("  {}", p(&c.link)));
            }
            out.push('\n');
        }
    }
    let n = &r.counts;
    out.push_str(&format!(
        "\nCounts: {} connection{}, {} shared collection{}, {} personal collection{}",
        n.connections,
        if n.connections == 1 { "" } else { "s" },
        n.collections,
        if n.collections == 1 { "" } else { "s" },
        n.personal_collections,
        if n.personal_collections == 1 { "" } else { "s" }
    ));
    if let (Some(rep), Some(q), Some(ch)) = (n.reports, n.queries, n.charts) {
        out.push_str(&format!(", {rep} reports, {q} queries, {ch} charts"));
    }
    out.push_str(&format!("\n\n{}\n", p(&r.headline)));
    if !r.to_confirm.is_empty() && r.verdict() == crate::model::Verdict::ProbablyReady {
        out.push_str("To confirm by hand (each check above says where):\n");
        for what in &r.to_confirm {
            out.push_str(&format!("  - {}\n", p(what)));
        }
    }
    out
}

/// `--save`: keeps the key (once Mode accepted it) and records the run in the workspace's
/// history, as the watch does, with a notification when the setup got worse since the last
/// finished run. A run with another key than the saved one (refused, so not saved) is not
/// recorded: it says nothing about the saved key. Returns the exit code.
async fn save_and_watch(
    input: &CheckInput,
    report: &Report,
    store_path: &std::path::Path,
    mut code: i32,
) -> i32 {
    let saved = tokio::task::spawn_blocking({
        let (input, report, path) = (input.clone(), report.clone(), store_path.to_path_buf());
        move || crate::assistant::save_checked(&path, &input, &report)
    })
    .await
    .unwrap_or_else(|e| {
        Err(Error::Internal {
            detail: e.to_string(),
        })
    });
    match saved {
        Ok(()) => say(&format!(
            "Saved {} on {} for the app and reminders; the secret is in the system keyring.",
            input.workspace,
            input::host_label(&input.host)
        )),
        // Mode refused the key (or could not be asked): the check says so already.
        Err(Error::InvalidInput {
            field: "secret",
            message,
        }) => say(&message),
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    }
    let recorded = tokio::task::spawn_blocking({
        let (input, report, path) = (input.clone(), report.clone(), store_path.to_path_buf());
        move || record(&path, &input, &report)
    })
    .await
    .unwrap_or_else(|e| {
        Err(Error::Internal {
            detail: e.to_string(),
        })
    });
    match recorded {
        Ok(Some(run)) => {
            for c in &run.run.changes {
                say(&format!(
                    "Changed since the last check: {}.",
                    printable(&c.text)
                ));
            }
            match run.alert {
                Some((a, Ok(()))) => say(&format!("Notified: {}", printable(&a.title))),
                Some((a, Err(e))) => {
                    say(&format!(
                        "mode-setup: not notified: {}: {e}",
                        printable(&a.title)
                    ));
                    code = 2;
                }
                None => {}
            }
        }
        Ok(None) => {}
        Err(e) => {
            say(&fail(&e));
            code = 2;
        }
    }
    code
}

/// Records the run with the saved workspace it checked, under the store's lock, and shows the
/// notification its changes call for. `None` when the key checked is not the saved one.
fn record(
    path: &std::path::Path,
    input: &CheckInput,
    report: &Report,
) -> Result<Option<crate::assistant::RecordedRun<()>>, Error> {
    let host = input::host_label(&input.host);
    let today = input.today;
    // A secret other than the saved one (Mode refused it, so it was not saved) says nothing
    // about the saved key: a mistyped secret in a cron job is not "the key was revoked".
    match crate::keystore::load(&host, &input.workspace) {
        Ok(Some(saved)) if saved.expose() == input.secret.expose() => {}
        _ => return Ok(None),
    }
    crate::store::update(path, |saved| {
        let id = saved
            .find(&host, &input.workspace)
            .filter(|p| p.key_id.as_deref() == Some(input.key_id.as_str()))
            .map(|p| p.id.clone());
        let Some(p) = id.and_then(|id| saved.profile_mut(&id)) else {
            return Ok(None);
        };
        let recorded =
            crate::assistant::record_run(p, report, crate::model::RunBy::Command, today, |a| {
                crate::watch::notify(a).map(|_| ())
            });
        Ok(Some(recorded))
    })
    .map(|(r, _)| r)
}
