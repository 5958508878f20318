//! The commands the window may call. Each is thin: typed arguments, one call into
//! [`mode_setup::assistant`], a typed result. Keyring work runs on a blocking worker.

use std::sync::Arc;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use mode_setup::assistant::{
    AdminRequest, Assistant, Copied, ProfileInput, ProfileView, StateView,
};
use mode_setup::atlan::{Handoff, HandoffField};
use mode_setup::checks;
use mode_setup::error::Error;
use mode_setup::mode::ClientOptions;
use mode_setup::model::{Progress, Report, StepId};
use mode_setup::platform::clipboard::Cleared;
use mode_setup::secret::Secret;

type Shared<'a> = State<'a, Arc<Assistant>>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal {
            detail: format!("a background task stopped unexpectedly ({e})"),
        })?
}

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
    }
}

#[tauri::command]
pub async fn load_state(state: Shared<'_>) -> Result<StateView, Error> {
    state.ensure_practice().await?;
    Ok(state.state())
}

#[derive(Debug, Serialize)]
pub struct Slug {
    pub slug: String,
}

#[tauri::command]
pub fn parse_workspace(input: String) -> Result<Slug, Error> {
    mode_setup::input::parse_workspace(&input).map(|slug| Slug { slug })
}

#[tauri::command]
pub async fn save_profile<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    profile: ProfileInput,
) -> Result<ProfileView, Error> {
    let a = state.inner().clone();
    let saved = blocking(move || a.save_profile(profile, today())).await?;
    crate::reminders::send_reminders(&app);
    Ok(saved)
}

#[tauri::command]
pub async fn delete_profile(state: Shared<'_>, id: String) -> Result<(), Error> {
    let a = state.inner().clone();
    blocking(move || a.delete_profile(&id)).await
}

#[tauri::command]
pub fn select_profile(state: Shared<'_>, id: String) -> Result<(), Error> {
    state.select_profile(&id)
}

#[tauri::command]
pub async fn start_practice(state: Shared<'_>) -> Result<ProfileView, Error> {
    state.start_practice(today()).await
}

#[derive(Debug, Serialize)]
pub struct SecretStatus {
    pub stored: bool,
}

#[tauri::command]
pub async fn store_secret(
    state: Shared<'_>,
    profile_id: String,
    secret: String,
) -> Result<SecretStatus, Error> {
    let a = state.inner().clone();
    let secret = Secret::new(secret);
    blocking(move || a.store_secret(&profile_id, secret)).await?;
    Ok(SecretStatus { stored: true })
}

#[tauri::command]
pub async fn secret_status(state: Shared<'_>, profile_id: String) -> Result<SecretStatus, Error> {
    let a = state.inner().clone();
    blocking(move || a.secret_stored(&profile_id))
        .await
        .map(|stored| SecretStatus { stored })
}

/// Runs the checks of a profile on the app's async runtime. Progress streams to this call's
/// own `on_progress` channel, so each run's events reach only the page that started it.
#[tauri::command]
pub async fn run_checks<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    profile_id: String,
    on_progress: Channel<Progress>,
) -> Result<Report, Error> {
    let input = state.check_input(&profile_id, today()).await?;
    let cancel = state.begin_run();
    let send = move |p: Progress| {
        let _ = on_progress.send(p);
    };
    let report = checks::run_checks(&input, ClientOptions::default(), Some(cancel), &send).await?;
    let a = state.inner().clone();
    let id = profile_id.clone();
    let recorded = report.clone();
    blocking(move || a.record_report(&id, &recorded, today())).await?;
    crate::reminders::send_reminders(&app);
    Ok(report)
}

#[tauri::command]
pub fn cancel_checks(state: Shared<'_>) {
    state.cancel();
}

#[tauri::command]
pub fn set_step(
    state: Shared<'_>,
    profile_id: String,
    step: StepId,
    done: bool,
) -> Result<ProfileView, Error> {
    state.set_step(&profile_id, step, done, today())
}

#[tauri::command]
pub async fn open_link<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    profile_id: String,
    url: String,
) -> Result<(), Error> {
    let url = state.safe_link(&profile_id, &url).await?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::Internal {
            detail: format!("the browser could not be opened: {e}"),
        })
}

#[tauri::command]
pub async fn admin_request(state: Shared<'_>, profile_id: String) -> Result<AdminRequest, Error> {
    state.admin_request(&profile_id).await
}

#[tauri::command]
pub async fn set_watch(
    state: Shared<'_>,
    profile_id: String,
    on: bool,
) -> Result<ProfileView, Error> {
    let a = state.inner().clone();
    blocking(move || a.set_watch(&profile_id, on)).await
}

#[tauri::command]
pub fn get_settings(state: Shared<'_>) -> mode_setup::store::Settings {
    state.settings()
}

#[tauri::command]
pub fn set_settings<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    settings: mode_setup::store::Settings,
) -> Result<mode_setup::store::Settings, Error> {
    use tauri_plugin_autostart::ManagerExt;
    let autostart = app.autolaunch();
    let changed = if settings.start_at_login {
        autostart.enable()
    } else {
        autostart.disable()
    };
    changed.map_err(|e| Error::Autostart {
        message: format!("Starting at login could not be changed ({e})."),
    })?;
    let saved = state.set_settings(settings)?;
    crate::reminders::send_reminders(&app);
    Ok(saved)
}

#[derive(Debug, Serialize)]
pub struct SavedFile {
    pub path: String,
}

/// Asks where to save (a native dialog; `MODE_SETUP_SAVE_DIR` replaces it in tests) and writes.
async fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    name: String,
    bytes: Vec<u8>,
) -> Result<Option<SavedFile>, Error> {
    let path = match std::env::var_os("MODE_SETUP_SAVE_DIR") {
        Some(dir) => Some(std::path::PathBuf::from(dir).join(&name)),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let dialog = app.dialog().file().set_file_name(&name);
            blocking(move || Ok(dialog.blocking_save_file().and_then(|p| p.into_path().ok())))
                .await?
        }
    };
    let Some(path) = path else { return Ok(None) };
    let target = path.clone();
    blocking(move || mode_setup::store::write_atomic(&target, &bytes)).await?;
    Ok(Some(SavedFile {
        path: path.display().to_string(),
    }))
}

#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    profile_id: String,
    format: String,
) -> Result<Option<SavedFile>, Error> {
    use mode_setup::report::Format;
    let (format, ext) = match format.as_str() {
        "html" => (Format::Html, "html"),
        "markdown" => (Format::Markdown, "md"),
        "json" => (Format::Json, "json"),
        other => {
            return Err(Error::invalid(
                "format",
                format!("\"{other}\" is not a report format."),
            ))
        }
    };
    let text = state.render_report(&profile_id, format)?;
    let ws = state.profile(&profile_id)?.profile.workspace;
    let name = format!("mode-setup-report-{ws}-{}.{ext}", today());
    let saved = save_as(&app, name, text.into_bytes()).await?;
    if saved.is_some() {
        let _ = state.set_step(&profile_id, StepId::Report, true, today());
    }
    Ok(saved)
}

#[tauri::command]
pub async fn save_calendar<R: Runtime>(
    app: AppHandle<R>,
    state: Shared<'_>,
    profile_id: String,
) -> Result<Option<SavedFile>, Error> {
    let ics = state.calendar(&profile_id)?;
    let ws = state.profile(&profile_id)?.profile.workspace;
    save_as(&app, format!("mode-key-expiry-{ws}.ics"), ics.into_bytes()).await
}

#[tauri::command]
pub fn ui_ready(screen: String) {
    crate::startup::painted(&screen);
}

/// A form field [`check_field`] can check.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FormField {
    Workspace,
    Host,
    ServiceAccount,
    KeyId,
    ExpiresOn,
}

/// A field's value as saving the form would keep it.
#[derive(Debug, Serialize)]
pub struct CheckedField {
    pub value: String,
}

/// Checks one field the way saving the form will, so the page can point at every problem
/// before it saves. Rejects with `invalid_input` naming the field.
#[tauri::command]
pub fn check_field(field: FormField, value: String) -> Result<CheckedField, Error> {
    use mode_setup::input;
    let value = match field {
        FormField::Workspace => input::parse_workspace(&value)?,
        FormField::Host => input::host_label(&input::parse_host(&value)?),
        FormField::ServiceAccount => input::parse_username(&value)?.unwrap_or_default(),
        FormField::KeyId => input::parse_key_id(&value)?,
        FormField::ExpiresOn => input::parse_expiry(&value, today())?.to_string(),
    };
    Ok(CheckedField { value })
}

#[tauri::command]
pub async fn atlan_handoff(state: Shared<'_>, profile_id: String) -> Result<Handoff, Error> {
    state.atlan_handoff(&profile_id).await
}

/// Copies one value for Atlan's form to the clipboard, from Rust: the secret goes from the
/// keyring to the clipboard and never to the page. `on_cleared` hears what became of a copied
/// secret when its time was up.
#[tauri::command]
pub async fn copy_for_atlan(
    state: Shared<'_>,
    profile_id: String,
    field: HandoffField,
    on_cleared: Channel<Cleared>,
) -> Result<Copied, Error> {
    let send = move |c: Cleared| {
        let _ = on_cleared.send(c);
    };
    state.copy_for_atlan(&profile_id, field, send).await
}
