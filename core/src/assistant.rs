//! The window's logic without the window: profiles, the checklist's ticks, the practice
//! workspace, safe links and the message for the Mode admin. The commands call into this.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use futures::future::{AbortHandle, AbortRegistration};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::checks::CheckInput;
use crate::error::{Error, Result};
use crate::input;
use crate::links::WebLinks;
use crate::model::{CheckId, KeyKind, Report, SetupDocument, Status, StepId, TickedBy};
use crate::secret::Secret;
use crate::simulator::{self, scenarios, Simulator};
use crate::store::{self, Profile, Saved, StepState};

/// The id of the practice workspace's profile.
pub const PRACTICE_ID: &str = "practice";
/// The stored host of the practice profile; the real address changes with every start.
pub const PRACTICE_HOST: &str = "practice";

/// What the start and credentials forms send.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileInput {
    pub id: Option<String>,
    pub workspace: String,
    pub host: String,
    pub service_account: String,
    pub key_id: String,
    pub key_kind: Option<KeyKind>,
    pub expires_on: Option<String>,
    pub is_admin: Option<bool>,
}

/// A profile as the window sees it: the saved fields, its Mode links, its last report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    #[serde(flatten)]
    pub profile: Profile,
    pub links: WebLinks,
}

/// Everything the window loads at start.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateView {
    pub profiles: Vec<ProfileView>,
    pub active_profile: Option<String>,
    pub notices: Vec<String>,
}

/// The message a non-admin sends to their Mode admin.
#[derive(Debug, Clone, Serialize)]
pub struct AdminRequest {
    pub subject: String,
    pub body: String,
    pub mailto: String,
}

/// The assistant's state: the saved profiles, the practice simulator, the running check.
pub struct Assistant {
    path: PathBuf,
    saved: Mutex<Saved>,
    notices: Mutex<Vec<String>>,
    practice: tokio::sync::Mutex<Option<Simulator>>,
    practice_web: Mutex<Option<String>>,
    running: Mutex<Option<AbortHandle>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Assistant {
    /// Loads the profiles at `path`, keeping any notice about a damaged file for the window.
    pub fn load(path: PathBuf) -> Assistant {
        let (saved, notices) = store::load(&path);
        Assistant {
            path,
            saved: Mutex::new(saved),
            notices: Mutex::new(notices),
            practice: tokio::sync::Mutex::new(None),
            practice_web: Mutex::new(None),
            running: Mutex::new(None),
        }
    }

    /// Changes the saved state under the store's lock, starting from what is on disk (another
    /// window or `mode-setup` may have written since), and keeps the result in memory.
    fn update<T>(&self, change: impl FnOnce(&mut Saved) -> Result<T>) -> Result<T> {
        let (value, saved) = store::update(&self.path, change)?;
        *lock(&self.saved) = saved;
        Ok(value)
    }

    /// The state for the window; notices are handed over once.
    pub fn state(&self) -> StateView {
        let saved = lock(&self.saved).clone();
        StateView {
            profiles: saved.profiles.iter().map(|p| self.view(p)).collect(),
            active_profile: saved.active_profile.clone(),
            notices: std::mem::take(&mut *lock(&self.notices)),
        }
    }

    /// One profile's view.
    pub fn profile(&self, id: &str) -> Result<ProfileView> {
        let saved = lock(&self.saved);
        saved
            .profile(id)
            .map(|p| self.view(p))
            .ok_or_else(|| unknown_profile(id))
    }

    /// Creates or updates a profile from the form, validating every field.
    pub fn save_profile(&self, form: ProfileInput, today: NaiveDate) -> Result<ProfileView> {
        let profile = self.update(|saved| save_form(saved, form, today))?;
        Ok(self.view(&profile))
    }
}

/// Validates the form and writes it into `saved`; returns the profile as saved.
fn save_form(saved: &mut Saved, form: ProfileInput, today: NaiveDate) -> Result<Profile> {
    {
        let existing = form.id.as_deref().and_then(|id| saved.profile(id)).cloned();
        let practice = existing.as_ref().is_some_and(|p| p.practice);
        let workspace = if practice {
            "acme".to_string()
        } else {
            input::parse_workspace(&form.workspace)?
        };
        let host = if practice {
            PRACTICE_HOST.to_string()
        } else {
            input::host_label(&input::parse_host(&form.host)?)
        };
        let key_id = if form.key_id.trim().is_empty() {
            None
        } else {
            Some(input::parse_key_id(&form.key_id)?)
        };
        let expires_on = match form.expires_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(input::parse_expiry(d, today)?),
        };
        let key_kind =
            match form.key_kind {
                None => None,
                Some(k @ (KeyKind::Workspace | KeyKind::Member | KeyKind::Personal)) => Some(k),
                Some(KeyKind::Unknown) => return Err(Error::invalid(
                    "key_kind",
                    "\"unknown\" is not a kind of Mode key. Choose workspace key or member key.",
                )),
            };
        let service_account = input::parse_username(&form.service_account)?;
        if !practice {
            if let Some(other) = saved.profiles.iter().find(|p| {
                p.host == host && p.workspace == workspace && Some(&p.id) != form.id.as_ref()
            }) {
                return Err(Error::invalid("workspace", format!("Workspace {workspace} is already saved (as \"{}\"). Choose it from the list instead.", other.workspace)));
            }
        }
        let mut profile = existing.unwrap_or_else(|| Profile {
            id: new_id(&workspace),
            ..Default::default()
        });
        if (profile.host != host || profile.workspace != workspace)
            && !profile.host.is_empty()
            && !practice
        {
            // The secret belongs to the old host and workspace: move it along.
            let _ = crate::keystore::load(&profile.host, &profile.workspace)
                .ok()
                .flatten()
                .map(|s| {
                    crate::keystore::store(&host, &workspace, &s)
                        .and_then(|_| crate::keystore::delete(&profile.host, &profile.workspace))
                });
        }
        profile.workspace = workspace;
        profile.host = host;
        profile.key_id = key_id.or(profile.key_id);
        profile.expires_on = expires_on;
        profile.key_kind = key_kind.or(profile.key_kind);
        profile.service_account = service_account;
        profile.is_admin = form.is_admin.or(profile.is_admin);
        let id = profile.id.clone();
        match saved.profile_mut(&id) {
            Some(p) => *p = profile.clone(),
            None => saved.profiles.push(profile.clone()),
        }
        saved.active_profile = Some(id);
        Ok(profile)
    }
}

impl Assistant {
    /// Removes a profile and its keyring entry.
    pub fn delete_profile(&self, id: &str) -> Result<()> {
        self.update(|saved| {
            let Some(p) = saved.profile(id).cloned() else {
                return Err(unknown_profile(id));
            };
            if !p.practice {
                crate::keystore::delete(&p.host, &p.workspace)?;
            }
            saved.profiles.retain(|x| x.id != id);
            if saved.active_profile.as_deref() == Some(id) {
                saved.active_profile = saved.profiles.first().map(|p| p.id.clone());
            }
            Ok(())
        })
    }

    /// Makes a profile the one shown at start.
    pub fn select_profile(&self, id: &str) -> Result<()> {
        self.update(|saved| {
            if saved.profile(id).is_none() {
                return Err(unknown_profile(id));
            }
            saved.active_profile = Some(id.to_string());
            Ok(())
        })
    }

    /// Creates (or returns) the practice workspace's profile.
    pub async fn start_practice(&self, today: NaiveDate) -> Result<ProfileView> {
        self.update(|saved| {
            if saved.profile(PRACTICE_ID).is_none() {
                saved.profiles.push(Profile {
                    id: PRACTICE_ID.into(),
                    workspace: "acme".into(),
                    host: PRACTICE_HOST.into(),
                    service_account: Some(scenarios::CRAWLER.into()),
                    key_id: Some(scenarios::WORKSPACE_KEY_ID.into()),
                    key_kind: Some(KeyKind::Workspace),
                    expires_on: today.checked_add_days(chrono::Days::new(60)),
                    is_admin: Some(true),
                    practice: true,
                    ..Default::default()
                });
            }
            saved.active_profile = Some(PRACTICE_ID.into());
            Ok(())
        })?;
        self.practice_url().await?;
        self.profile(PRACTICE_ID)
    }

    /// Starts the practice workspace if a practice profile exists, so its links are real.
    pub async fn ensure_practice(&self) -> Result<()> {
        let has = lock(&self.saved).profile(PRACTICE_ID).is_some();
        if has {
            self.practice_url().await?;
        }
        Ok(())
    }

    fn view(&self, p: &Profile) -> ProfileView {
        let web = if p.practice {
            lock(&self.practice_web)
                .clone()
                .unwrap_or_else(|| "http://127.0.0.1".into())
        } else {
            web_base(&p.host)
        };
        ProfileView {
            profile: p.clone(),
            links: WebLinks::new(&web, &p.workspace),
        }
    }

    async fn practice_url(&self) -> Result<String> {
        let mut sim = self.practice.lock().await;
        if sim.is_none() {
            let world = simulator::scenario("healthy", chrono::Local::now().date_naive())
                .ok_or_else(|| Error::Store {
                    message: "The practice workspace is missing.".into(),
                })?;
            let started = Simulator::start(world, 0)
                .await
                .map_err(|e| Error::Transport {
                    detail: format!("the practice workspace could not start: {e}"),
                })?;
            *lock(&self.practice_web) = Some(started.url());
            *sim = Some(started);
        }
        Ok(sim.as_ref().map(|s| s.url()).unwrap_or_default())
    }

    /// Stores a secret for a profile in the keyring. Blocking: call off the async runtime.
    pub fn store_secret(&self, id: &str, secret: Secret) -> Result<()> {
        input::check_secret(secret.expose())?;
        let p = self.profile(id)?.profile;
        if p.practice {
            return Ok(());
        }
        crate::keystore::store(&p.host, &p.workspace, &secret)
    }

    /// Whether a secret is stored for a profile. Blocking.
    pub fn secret_stored(&self, id: &str) -> Result<bool> {
        let p = self.profile(id)?.profile;
        if p.practice {
            return Ok(true);
        }
        crate::keystore::exists(&p.host, &p.workspace)
    }

    /// What a check of this profile needs, with the secret read from the keyring. Blocking
    /// keyring access happens on a worker thread.
    pub async fn check_input(&self, id: &str, today: NaiveDate) -> Result<CheckInput> {
        let p = self.profile(id)?.profile;
        let key_id = p.key_id.clone().ok_or_else(|| {
            Error::invalid(
                "key_id",
                "Enter the key's Key ID first (step 3, Generate an API key).",
            )
        })?;
        let (host, secret) = if p.practice {
            (
                self.practice_url().await?,
                Secret::new(scenarios::WORKSPACE_SECRET),
            )
        } else {
            let (h, w) = (p.host.clone(), p.workspace.clone());
            let secret = tokio::task::spawn_blocking(move || crate::keystore::load(&h, &w))
                .await
                .map_err(|e| Error::Keyring {
                    message: format!("The keyring could not be read ({e})."),
                })??;
            let secret = secret.ok_or_else(|| Error::invalid("secret", "No secret is stored for this key yet. Paste the key's secret in step 3 and save."))?;
            (p.host.clone(), secret)
        };
        Ok(CheckInput {
            host: input::parse_host(&host)?,
            workspace: p.workspace.clone(),
            key_id,
            secret,
            service_account: p.service_account.clone(),
            expires_on: p.expires_on,
            deep: false,
            today,
        })
    }

    /// Sends the reminders due `today` and records them. Blocking (D-Bus calls).
    pub fn send_due_reminders(
        &self,
        today: NaiveDate,
    ) -> Vec<(crate::reminders::Reminder, notify_rust::NotificationHandle)> {
        let snapshot = lock(&self.saved).clone();
        let (due, passed) = crate::reminders::due(&snapshot, today);
        let mut marks = passed;
        let mut shown = Vec::new();
        for r in due {
            if let Ok(handle) = crate::reminders::notify(&r) {
                marks.push(r.mark.clone());
                shown.push((r, handle));
            }
        }
        if !marks.is_empty() {
            let _ = self.update(|saved| {
                crate::reminders::record(saved, marks);
                Ok(())
            });
        }
        shown
    }

    /// The settings.
    pub fn settings(&self) -> store::Settings {
        lock(&self.saved).settings.clone()
    }

    /// Saves the settings after checking them.
    pub fn set_settings(&self, mut settings: store::Settings) -> Result<store::Settings> {
        settings.thresholds.retain(|t| *t <= 365);
        settings.thresholds.sort_unstable_by(|a, b| b.cmp(a));
        settings.thresholds.dedup();
        if settings.thresholds.is_empty() {
            return Err(Error::invalid(
                "thresholds",
                "Choose at least one day for a reminder.",
            ));
        }
        self.update(|saved| {
            saved.settings = settings.clone();
            Ok(settings)
        })
    }

    /// The setup report of a profile in `format`, from its last check.
    pub fn render_report(&self, id: &str, format: crate::report::Format) -> Result<String> {
        let p = self.profile(id)?.profile;
        let doc = match &p.last_report {
            Some(last) => {
                let mut doc = report_document(last, Some(&p), p.service_account.as_deref());
                doc.practice = Some(p.practice);
                doc
            }
            None => report_document(&not_run_report(&p), Some(&p), p.service_account.as_deref()),
        };
        Ok(crate::report::render(&doc, format))
    }

    /// The calendar file for a profile's key expiry.
    pub fn calendar(&self, id: &str) -> Result<String> {
        let v = self.profile(id)?;
        let p = &v.profile;
        let expires = p.expires_on.ok_or_else(|| {
            Error::invalid(
                "expires_on",
                "Enter the key's expiry date first (step 3), then add it to your calendar.",
            )
        })?;
        let thresholds = self.settings().thresholds;
        Ok(crate::calendar::expiry_event(
            &p.workspace,
            p.key_id.as_deref().unwrap_or("unknown"),
            expires,
            &thresholds,
            chrono::Utc::now(),
            Some(&v.links.api_keys),
        ))
    }

    /// Registers a running check, cancelling the one before, and returns its abort registration.
    pub fn begin_run(&self) -> AbortRegistration {
        let (handle, registration) = AbortHandle::new_pair();
        if let Some(old) = lock(&self.running).replace(handle) {
            old.abort();
        }
        registration
    }

    /// Cancels the running check, if any.
    pub fn cancel(&self) {
        if let Some(handle) = lock(&self.running).take() {
            handle.abort();
        }
    }

    /// Keeps a report with its profile and ticks (or un-ticks) the steps it proves.
    pub fn record_report(
        &self,
        id: &str,
        report: &Report,
        today: NaiveDate,
    ) -> Result<ProfileView> {
        let p = self.update(|saved| {
            let p = saved.profile_mut(id).ok_or_else(|| unknown_profile(id))?;
            apply_report(p, report, today);
            Ok(p.clone())
        })?;
        Ok(self.view(&p))
    }

    /// Ticks or un-ticks a step by hand.
    pub fn set_step(
        &self,
        id: &str,
        step: StepId,
        done: bool,
        today: NaiveDate,
    ) -> Result<ProfileView> {
        let p = self.update(|saved| {
            let p = saved.profile_mut(id).ok_or_else(|| unknown_profile(id))?;
            p.steps.insert(
                step,
                StepState {
                    done,
                    at: today,
                    by: TickedBy::Hand,
                },
            );
            Ok(p.clone())
        })?;
        Ok(self.view(&p))
    }

    /// Checks a link before it is handed to the browser: Mode pages of this profile's host,
    /// Mode's help, or a mailto draft. Anything else is refused.
    pub async fn safe_link(&self, id: &str, url: &str) -> Result<String> {
        let p = self.profile(id)?.profile;
        let web = if p.practice {
            self.practice_url().await?
        } else {
            web_base(&p.host)
        };
        check_link(&web, url)
    }

    /// The message for the Mode admin.
    pub async fn admin_request(&self, id: &str) -> Result<AdminRequest> {
        self.ensure_practice().await?;
        let v = self.profile(id)?;
        Ok(admin_message(&v.profile, &v.links))
    }
}

/// Saves what `mode-setup check --save` was given: the profile in the store, the secret in the
/// keyring. Blocking.
pub fn save_checked(path: &std::path::Path, input: &CheckInput) -> Result<()> {
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
            p.expires_on = input.expires_on.or(p.expires_on);
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
fn not_run_report(p: &Profile) -> Report {
    Report::not_run(
        &p.workspace,
        &p.host,
        p.key_id.as_deref(),
        p.key_kind.unwrap_or(KeyKind::Unknown),
        p.expires_on,
    )
}

fn unknown_profile(id: &str) -> Error {
    Error::invalid(
        "profile",
        format!(
            "The workspace \"{id}\" is not saved any more. Choose another one or add it again."
        ),
    )
}

fn new_id(workspace: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{workspace}-{:x}", nanos % 0xffff_ffff)
}

/// The web host for a profile's API host.
pub fn web_base(host: &str) -> String {
    host.trim_end_matches('/').to_string()
}

/// Accepts `url` if it is a page on `web` (the profile's Mode host), Mode's help, or mailto.
pub fn check_link(web: &str, url: &str) -> Result<String> {
    let refused = || Error::InvalidInput {
        field: "link",
        message: "That link does not lead to your Mode workspace, so it was not opened.".into(),
    };
    if let Some(rest) = url.strip_prefix("mailto:") {
        if rest.contains('\n') || rest.contains('\r') {
            return Err(refused());
        }
        return Ok(url.to_string());
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| refused())?;
    let base = reqwest::Url::parse(web).map_err(|_| refused())?;
    let help = parsed.scheme() == "https" && parsed.host_str() == Some("mode.com");
    if (parsed.origin() == base.origin() && matches!(parsed.scheme(), "https" | "http")) || help {
        return Ok(parsed.to_string());
    }
    Err(refused())
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

/// The message asking the Mode admin to do their part. It never asks for a secret by email.
pub fn admin_message(p: &Profile, links: &WebLinks) -> AdminRequest {
    let ws = &p.workspace;
    let account = p
        .service_account
        .clone()
        .unwrap_or_else(|| scenarios::CRAWLER.into());
    let subject = format!("Please help set up Mode workspace \"{ws}\" for Atlan");
    let body = format!(
        "Hi,\n\n\
I'm connecting our Mode workspace \"{ws}\" to Atlan, our data catalogue. Atlan's crawler needs its own Mode account and an API key, and these steps need a Mode admin who is also a connection admin on every connection Atlan should see.\n\n\
1. Invite a user for the crawler (username {account}), then accept the invite and set its name, username and password. If Mode doesn't ask for them, sign out of Mode first and open the invite link again.\n   {invite}\n\n\
2. Check that {account} is a current member (not pending or former) under Workspace Settings > People > Members.\n   {members}\n\n\
3. Give {account} View on every connection: Workspace Settings > Manage Connections > each connection > Permissions.\n   {connections}\n\n\
4. Create a workspace API key under Workspace Settings > Features > API Keys (or turn on member keys so {account} can create its own). Mode shows the secret only once.\n   {keys}\n\n\
Then please either run Mode Setup Assistant to check the setup, or paste the Key ID and secret straight into Atlan's Mode connection yourself.\n\n\
Please don't send the API secret by email or chat.\n\nThank you!\n",
        invite = links.invite,
        members = links.members,
        connections = links.connections,
        keys = links.api_keys,
    );
    let mailto = format!(
        "mailto:?subject={}&body={}",
        percent(&subject),
        percent(&body)
    );
    AdminRequest {
        subject,
        body,
        mailto,
    }
}

fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_other_sites_are_refused() {
        let web = "https://app.mode.com";
        assert!(check_link(web, "https://app.mode.com/organizations/acme").is_ok());
        assert!(check_link(web, "https://mode.com/help/articles/api-reference").is_ok());
        assert!(check_link(web, "mailto:?subject=x").is_ok());
        assert!(check_link(web, "https://evil.example/organizations/acme").is_err());
        assert!(check_link(web, "http://app.mode.com/x").is_err());
        assert!(check_link(web, "file:///etc/passwd").is_err());
        assert!(check_link(web, "javascript:alert(1)").is_err());
    }

    #[test]
    fn admin_message_has_the_links_and_never_asks_for_the_secret_by_email() {
        let p = Profile {
            workspace: "acme".into(),
            service_account: Some("atlan_crawler".into()),
            ..Default::default()
        };
        let links = WebLinks::new("https://app.mode.com", "acme");
        let m = admin_message(&p, &links);
        assert!(m.body.contains("https://app.mode.com/acme/invites/new"));
        assert!(m
            .body
            .contains("https://app.mode.com/organizations/acme/data_sources"));
        assert!(m.body.contains("don't send the API secret"));
        assert!(m.mailto.starts_with("mailto:?subject=Please%20help"));
        assert!(!m.mailto.contains(' ') && !m.mailto.contains('\n'));
    }

    #[test]
    fn the_window_gets_the_last_report_as_json_prints_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let a = Assistant::load(dir.path().join("profiles.json"));
        let mut report =
            Report::not_run("acme", "https://app.mode.com", None, KeyKind::Member, None);
        report.checked_at = Some("2026-12-01T10:00:00+00:00".into());
        report.key.days_left = Some(3);
        let p = Profile {
            id: "p".into(),
            last_report: Some(report),
            ..Default::default()
        };
        let v = serde_json::to_value(a.view(&p)).unwrap_or_default();
        assert_eq!(v["lastReport"]["checked_at"], "2026-12-01T10:00:00+00:00");
        assert_eq!(v["lastReport"]["key"]["days_left"], 3);
    }
}
