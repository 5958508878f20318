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
use crate::model::{CheckId, KeyKind, Report, RunBy, SetupDocument, Status, StepId, TickedBy};
use crate::secret::Secret;
use crate::simulator::{self, scenarios, Simulator};
use crate::store::{self, Profile, Saved, StepState};

mod documents;
mod forms;
mod handoff;
mod links;
#[cfg(test)]
mod tests;

use documents::not_run_report;
pub use documents::{
    apply_report, os_user, record_run, report_document, save_checked, RecordedRun,
    NOT_SAVED_REFUSED, NOT_SAVED_UNCHECKED,
};
use forms::{new_id, save_form, unknown_profile};
pub use handoff::Copied;
pub use links::{admin_message, check_link, web_base};

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
    /// The history in one line: "Passing since 3 November; 2 changes in 14 runs."
    pub history_summary: String,
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
    clipboard: crate::platform::clipboard::Clipboard,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Assistant {
    /// Loads the profiles at `path`, keeping any notice about a damaged file for the window. A
    /// file that can't be read is an error, so the window never starts empty and saves over it.
    pub fn load(path: PathBuf) -> Result<Assistant> {
        let (saved, notices) = store::load(&path)?;
        Ok(Assistant {
            path,
            saved: Mutex::new(saved),
            notices: Mutex::new(notices),
            practice: tokio::sync::Mutex::new(None),
            practice_web: Mutex::new(None),
            running: Mutex::new(None),
            clipboard: crate::platform::clipboard::Clipboard::system(),
        })
    }

    /// The same assistant copying to `clipboard` instead of the system's.
    pub fn with_clipboard(mut self, clipboard: crate::platform::clipboard::Clipboard) -> Self {
        self.clipboard = clipboard;
        self
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
        // The watch's own state (what the next run is compared with, what is owed) is not the
        // page's business, and the baseline is a whole report: it stays in Rust.
        let profile = Profile {
            baseline: None,
            unnotified: Vec::new(),
            ..p.clone()
        };
        ProfileView {
            profile,
            links: WebLinks::new(&web, &p.workspace),
            history_summary: crate::model::history::summary(
                &p.history,
                p.key_id.as_deref(),
                chrono::Local::now().date_naive(),
            ),
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
        let secret = self.secret_of(&p).await?;
        let host = if p.practice {
            self.practice_url().await?
        } else {
            p.host.clone()
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

    /// The secret of a profile: the simulated one for the practice workspace, else the one in the
    /// keyring, read on a worker thread.
    async fn secret_of(&self, p: &Profile) -> Result<Secret> {
        if p.practice {
            return Ok(Secret::new(scenarios::WORKSPACE_SECRET));
        }
        let (h, w) = (p.host.clone(), p.workspace.clone());
        let secret = tokio::task::spawn_blocking(move || crate::keystore::load(&h, &w))
            .await
            .map_err(|e| Error::Keyring {
                message: format!("The keyring could not be read ({e})."),
            })??;
        secret.ok_or_else(|| {
            Error::invalid(
                "secret",
                "No secret is stored for this key yet. Paste the key's secret in step 3 and save.",
            )
        })
    }

    /// Sends the reminders due `today` and records them, deciding from the store on disk under
    /// its lock (as `mode-setup remind` does), so a reminder another window or `remind` sent is
    /// never sent again. Returns those shown. Blocking (D-Bus calls).
    pub fn send_due_reminders(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<(crate::reminders::Reminder, notify_rust::NotificationHandle)>> {
        let sent = self.update(|saved| {
            Ok(crate::reminders::send_due_in(
                saved,
                today,
                crate::reminders::notify,
            ))
        })?;
        Ok(sent
            .into_iter()
            .filter_map(|s| s.shown.ok().map(|handle| (s.reminder, handle)))
            .collect())
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
            record_run(p, report, RunBy::Window, today, |_| Ok::<(), String>(()));
            Ok(p.clone())
        })?;
        Ok(self.view(&p))
    }

    /// Keeps a watch run's report and, when the setup got worse, shows the notification that
    /// says what changed; both are recorded in one locked write. Returns the notification
    /// shown, whose handle can wait for a click. Blocking (D-Bus calls).
    ///
    /// The run is dropped when it no longer speaks for the workspace: its key, host or
    /// workspace was changed while it ran, or another run (from the window, say) finished
    /// after `started`.
    pub fn record_watch(
        &self,
        id: &str,
        input: &CheckInput,
        started: chrono::DateTime<chrono::FixedOffset>,
        report: &Report,
    ) -> Result<Option<(crate::watch::Alert, notify_rust::NotificationHandle)>> {
        let recorded = self.update(|saved| {
            let p = saved.profile_mut(id).ok_or_else(|| unknown_profile(id))?;
            let same = p.key_id.as_deref() == Some(input.key_id.as_str())
                && p.workspace == input.workspace
                && (p.practice || p.host == input::host_label(&input.host));
            let newer = p.history.last().is_some_and(|r| r.at > started);
            if !same || newer {
                return Ok(None);
            }
            Ok(Some(record_run(
                p,
                report,
                RunBy::Watch,
                input.today,
                crate::watch::notify,
            )))
        })?;
        Ok(match recorded.and_then(|r| r.alert) {
            Some((alert, Ok(handle))) => Some((alert, handle)),
            Some((alert, Err(e))) => {
                eprintln!(
                    "mode-setup: {} (shown at the next chance): {e}",
                    alert.title
                );
                None
            }
            None => None,
        })
    }

    /// Shows the notifications still owed (changes found by a run whose notification could not
    /// be shown) and records them as shown. Returns those shown. Blocking (D-Bus calls).
    pub fn send_owed_alerts(
        &self,
    ) -> Result<Vec<(crate::watch::Alert, notify_rust::NotificationHandle)>> {
        let (on_disk, _) = store::load(&self.path)?;
        if on_disk
            .profiles
            .iter()
            .all(|p| crate::watch::owed(p).is_none())
        {
            return Ok(Vec::new());
        }
        self.update(|saved| {
            let mut shown = Vec::new();
            for p in saved.profiles.iter_mut() {
                let Some(alert) = crate::watch::owed(p) else {
                    continue;
                };
                if let Ok(handle) = crate::watch::notify(&alert) {
                    p.unnotified.clear();
                    shown.push((alert, handle));
                }
            }
            Ok(shown)
        })
    }

    /// The workspaces the watch should check now, decided from the store on disk (another
    /// window or `mode-setup check --save` may have run them since).
    pub fn watch_due(&self, now: chrono::DateTime<chrono::FixedOffset>) -> Result<Vec<String>> {
        let (saved, _) = store::load(&self.path)?;
        Ok(crate::watch::due(&saved, now))
    }

    /// Takes the watch's lock without waiting: `None` while another watch run holds it.
    pub fn watch_lock(&self) -> Result<Option<crate::watch::RunLock>> {
        crate::watch::lock(&self.path, false)
    }

    /// Switches the watch of one workspace on or off.
    pub fn set_watch(&self, id: &str, on: bool) -> Result<ProfileView> {
        let p = self.update(|saved| {
            let p = saved.profile_mut(id).ok_or_else(|| unknown_profile(id))?;
            p.watch = Some(on);
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
