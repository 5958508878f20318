//! What a check leaves behind: the saved key after `check --save`, the ticks a report proves,
//! and the document a setup report is rendered from.

use chrono::NaiveDate;

use super::*;

/// Why `mode-setup check --save` kept the saved secret: Mode refused the new one.
pub const NOT_SAVED_REFUSED: &str =
    "The secret was not saved: Mode did not accept it; the saved one is kept.";
/// Why `mode-setup check --save` kept the saved secret: Mode could not be asked.
pub const NOT_SAVED_UNCHECKED: &str =
    "The secret was not saved: Mode was busy or unreachable and could not confirm it; the saved one is kept.";

/// Saves what `mode-setup check --save` was given: the profile in the store, the secret in the
/// keyring, only once `report` shows that Mode accepted the key; otherwise nothing changes and
/// the error says why. Blocking.
pub fn save_checked(path: &std::path::Path, input: &CheckInput, report: &Report) -> Result<()> {
    match report.check(CheckId::Credentials) {
        Some(c) if c.status == Status::Pass => {}
        Some(c) if c.status == Status::Fail && !c.transient => {
            return Err(Error::invalid("secret", NOT_SAVED_REFUSED))
        }
        _ => return Err(Error::invalid("secret", NOT_SAVED_UNCHECKED)),
    }
    let host = input::host_label(&input.host);
    crate::keystore::store(&host, &input.workspace, &input.secret)?;
    store::update(path, |saved| {
        let id = match saved.find(&host, &input.workspace) {
            Some(p) => p.id.clone(),
            None => {
                let id = new_id(&input.workspace);
                saved.profiles.push(Profile {
                    id: id.clone(),
                    workspace: input.workspace.clone(),
                    host: host.clone(),
                    ..Default::default()
                });
                id
            }
        };
        if let Some(p) = saved.profile_mut(&id) {
            p.key_id = Some(input.key_id.clone());
            let from_mode = (report.key.expiry_source == Some(crate::model::ExpirySource::Mode))
                .then_some(report.key.expires_on)
                .flatten();
            p.expires_on = input.expires_on.or(from_mode).or(p.expires_on);
            p.service_account = input.service_account.clone().or(p.service_account.take());
        }
        saved.active_profile.get_or_insert(id);
        Ok(())
    })
    .map(|_| ())
}

/// The document a setup report is rendered from: the check report plus who checked, the
/// service account and the checklist's ticks. Never the secret: it is not in any of these.
pub fn report_document(
    report: &Report,
    profile: Option<&Profile>,
    service_account: Option<&str>,
) -> SetupDocument {
    SetupDocument::new(report.clone(), profile, service_account, os_user())
}

/// The name of the person at the keyboard, as the operating system knows them.
pub fn os_user() -> String {
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Some(v) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
            return v;
        }
    }
    std::process::Command::new("id")
        .arg("-un")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// A stand-in report for a profile that was never checked: every check "not run".
pub(super) fn not_run_report(p: &Profile) -> Report {
    Report::not_run(
        &p.workspace,
        &p.host,
        p.key_id.as_deref(),
        p.key_kind.unwrap_or(KeyKind::Unknown),
        p.expires_on,
    )
}

/// Ticks the steps a report proves and un-ticks those it disproves.
pub fn apply_report(p: &mut Profile, report: &Report, today: NaiveDate) {
    let st = |id: CheckId| report.status(id);
    let pass = |id: CheckId| matches!(st(id), Some(Status::Pass));
    let fail = |id: CheckId| matches!(st(id), Some(Status::Fail));
    let member_ok = matches!(
        st(CheckId::ServiceAccount),
        Some(Status::Pass | Status::Warn)
    );
    let key_checks = [CheckId::Credentials, CheckId::Workspace, CheckId::KeyType];
    let verdicts: [(StepId, Option<bool>); 4] = [
        (
            StepId::Invite,
            if member_ok {
                Some(true)
            } else if fail(CheckId::ServiceAccount) {
                Some(false)
            } else {
                None
            },
        ),
        (
            StepId::Permissions,
            if member_ok && pass(CheckId::ConnectionAccess) {
                Some(true)
            } else if fail(CheckId::ServiceAccount) || fail(CheckId::ConnectionAccess) {
                Some(false)
            } else {
                None
            },
        ),
        (
            StepId::ApiKey,
            if key_checks.into_iter().all(pass) {
                Some(true)
            } else if key_checks.into_iter().any(fail) {
                Some(false)
            } else {
                None
            },
        ),
        (StepId::Check, Some(report.ready)),
    ];
    for (step, verdict) in verdicts {
        if let Some(done) = verdict {
            p.steps.insert(
                step,
                StepState {
                    done,
                    at: today,
                    by: TickedBy::Check,
                },
            );
        }
    }
    if report.key.kind == KeyKind::Personal {
        p.key_kind = Some(KeyKind::Personal);
    }
    p.last_report = Some(report.clone());
}

/// What one recorded run showed: its history entry, and the notification about a regression
/// with what became of it (`Ok` with the handle once shown).
#[derive(Debug)]
pub struct RecordedRun<H> {
    pub run: crate::model::Run,
    pub alert: Option<(crate::watch::Alert, std::result::Result<H, String>)>,
}

/// Keeps a run's report with its profile (ticks, last report, history, baseline) and shows
/// the notification the watch's rules call for; a shown notification is marked in the history.
/// Call under the store's lock, so the run and its notification are recorded together.
pub fn record_run<H>(
    p: &mut Profile,
    report: &Report,
    by: crate::model::RunBy,
    today: NaiveDate,
    notify: impl FnOnce(&crate::watch::Alert) -> std::result::Result<H, String>,
) -> RecordedRun<H> {
    apply_report(p, report, today);
    let observed = crate::watch::observe(p, report, by);
    let alert = observed.alert.map(|a| {
        let shown = notify(&a);
        if shown.is_ok() {
            crate::watch::mark_notified(p);
        }
        (a, shown)
    });
    RecordedRun {
        run: p.history.last().cloned().unwrap_or(observed.run),
        alert,
    }
}
