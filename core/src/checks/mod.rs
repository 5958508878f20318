//! The checks that prove a Mode workspace is ready for the Atlan crawler, run in order against
//! Mode's API with one shared client. Each yields pass, warn, fail or skip with a plain-language
//! summary, a fix naming the Mode screen, and a link to it.
//!
//! One file per step of the data flow: [`verify`] (host and credentials), [`workspace`],
//! [`key`] (kind and expiry), [`membership`], [`connections`] with the pure [`access`]
//! decision, [`collections`] and [`reports`]. This module runs them in order and passes typed
//! data from one to the next.

pub mod access;
mod collections;
mod connections;
mod key;
mod membership;
mod reports;
mod verify;
mod workspace;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use futures::future::{AbortRegistration, Abortable};
use reqwest::Url;

use crate::error::Error;
use crate::input::host_label;
use crate::links::WebLinks;
use crate::mode::{ClientOptions, ModeClient};
use crate::secret::Secret;

pub use crate::model::defaults::{DEFAULT_KEY_DAYS, WARN_DAYS};
pub use crate::model::{
    headline, Access, CheckId, CheckResult, Connection, Counts, ExpirySource, KeyInfo, KeyKind,
    Progress, Report, Status, Verdict, Via,
};
pub use futures::future::AbortHandle;

/// Every check, in the order it runs.
pub const CHECKS: [CheckId; 9] = CheckId::ALL;

/// What a check run needs. Everything here has been validated by [`crate::input`].
#[derive(Debug, Clone)]
pub struct CheckInput {
    pub host: Url,
    pub workspace: String,
    pub key_id: String,
    pub secret: Secret,
    pub service_account: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub deep: bool,
    pub today: NaiveDate,
}

/// Who the connection check is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A workspace key with no account named: the key itself, with admin access.
    Key,
    /// A member (by token), with its admin flag.
    Member { token: String, admin: bool },
    /// A member we could not look up (the key may not list members): probe with the key.
    Probe,
}

/// One run's shared state: the client, the links, and what the checks found so far.
struct Run<'a> {
    input: &'a CheckInput,
    client: ModeClient,
    web: String,
    links: WebLinks,
    results: Vec<CheckResult>,
    on_progress: &'a (dyn Fn(Progress) + Send + Sync),
    key: KeyInfo,
    /// The key's kind was learnt from an admin-only read, not from Mode saying so.
    key_kind_probed: bool,
    /// Every member token in the workspace's member list, when it could be read.
    member_tokens: Option<std::collections::HashSet<String>>,
    connections: Vec<Connection>,
    counts: Counts,
}

/// Runs every check in order and reports each as it finishes through `on_progress`. Aborting
/// `cancel`'s handle drops the run wherever it is, with every request in flight, and the run
/// ends with [`Error::Cancelled`].
///
/// A stalled Mode never holds the run for long: while a request waits, `on_progress` hears
/// "Still waiting for Mode (N s)…" every ten seconds; the client gives up once Mode has been
/// silent for its patience (45 s by default), and should anything still be waiting a few
/// seconds later, the run stops there and the checks left say Mode was busy or unreachable.
pub async fn run_checks(
    input: &CheckInput,
    options: ClientOptions,
    cancel: Option<AbortRegistration>,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Report, Error> {
    let client = ModeClient::new(
        input.host.clone(),
        &input.key_id,
        input.secret.clone(),
        options,
    )?;
    let web = host_label(&input.host).replace("://api.", "://app.");
    let links = WebLinks::new(&web, &input.workspace);
    let watched = client.clone();
    let done = AtomicUsize::new(0);
    let counting = |p: Progress| {
        if p.check.is_some() {
            done.store(p.done, Ordering::Relaxed);
        }
        on_progress(p)
    };
    let mut run = Run {
        input,
        client,
        links,
        web,
        results: Vec::new(),
        on_progress: &counting,
        key: KeyInfo {
            id: Some(input.key_id.clone()),
            kind: KeyKind::Unknown,
            member: None,
            expires_on: input.expires_on,
            days_left: None,
            expiry_source: input.expires_on.map(|_| ExpirySource::Entered),
        },
        key_kind_probed: false,
        member_tokens: None,
        connections: Vec::new(),
        counts: Counts::default(),
    };
    let within_patience = async {
        tokio::select! {
            () = run.all() => true,
            () = watch(&watched, &done, on_progress) => false,
        }
    };
    let finished = match cancel {
        Some(registration) => Abortable::new(within_patience, registration)
            .await
            .map_err(|_| Error::Cancelled)?,
        None => within_patience.await,
    };
    if !finished {
        run.out_of_time();
    }
    let (ready, to_confirm, headline) = headline(&run.results);
    let verdict = Verdict::of(&run.results, &to_confirm);
    Ok(Report {
        schema: 1,
        workspace: input.workspace.clone(),
        host: host_label(&input.host),
        checked_at: Some(chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        key: run.key,
        checks: run.results,
        connections: run.connections,
        counts: run.counts,
        ready,
        to_confirm,
        headline,
        verdict: Some(verdict),
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        requests: run.client.stats().requests,
    })
}

impl Run<'_> {
    fn ws(&self) -> &str {
        &self.input.workspace
    }

    fn push(&mut self, result: CheckResult) {
        self.results.push(result.clone());
        let done = self.results.len();
        (self.on_progress)(Progress {
            message: format!("{}: {}", result.title, result.status.as_str()),
            check: Some(result),
            done,
            total: CHECKS.len(),
            eta_seconds: None,
        });
    }

    /// Progress without a finished check (a long listing under way).
    fn progress(&self, message: String, eta_seconds: Option<u64>) {
        (self.on_progress)(Progress {
            check: None,
            done: self.results.len(),
            total: CHECKS.len(),
            eta_seconds,
            message,
        });
    }

    fn skip_rest(&mut self, reason: &str) {
        for id in CHECKS.into_iter().skip(self.results.len()) {
            self.push(CheckResult::new(id, Status::Skip, reason));
        }
    }

    async fn all(&mut self) {
        let verify = self.client.get_json("/api/verify").await;
        let Some(verification) = self.host_and_credentials(verify) else {
            let reason = if self.results.len() == 1 {
                "Skipped: Mode could not be reached."
            } else {
                "Skipped: Mode did not accept the key."
            };
            // The expiry date is known without Mode and often explains a refused key.
            for id in CHECKS.into_iter().skip(self.results.len()) {
                if id == CheckId::KeyExpiry && self.input.expires_on.is_some() {
                    let r = self.expiry(None);
                    self.push(r);
                } else {
                    self.push(CheckResult::new(id, Status::Skip, reason));
                }
            }
            return;
        };

        // The workspace record holds the real web links; it is read alongside the key checks.
        let record_path = format!("/api/{}", self.ws());
        let client = self.client.clone();
        let record = async move { client.get_json(&record_path).await };
        let (workspace_record, workspace_ok) =
            futures::join!(record, self.workspace(&verification));
        if let Ok(record) = &workspace_record {
            self.links.apply_workspace_record(&self.web, record);
        }
        if !workspace_ok {
            self.skip_rest("Skipped: the key is not for this workspace.");
            return;
        }

        let record = self.key_type(&verification).await;
        let r = self.expiry(record.as_ref());
        self.push(r);
        let subject = self.service_account(&verification).await;
        self.connection_access(subject).await;
        // Like Atlan's and DataHub's crawlers, the deep count reads shared collections only.
        let shared = self
            .collections()
            .await
            .into_iter()
            .filter(|c| !c.personal)
            .collect();
        self.reports(shared).await;
    }
}

/// Seconds between two "Still waiting for Mode" messages.
const WAIT_NOTICE_SECS: u64 = 10;

/// How long past the client's patience a request may still be waiting before the run stops.
const GRACE: Duration = Duration::from_secs(5);

/// Says "Still waiting for Mode (N s)…" every ten seconds while a request waits for an answer,
/// and returns once the client has waited past its patience and the grace: the run stops then.
async fn watch(
    client: &ModeClient,
    done: &AtomicUsize,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) {
    let mut told = 0u64;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let Some(waited) = client.waiting_for() else {
            told = 0;
            continue;
        };
        if waited >= client.patience() + GRACE {
            return;
        }
        let step = waited.as_secs() / WAIT_NOTICE_SECS * WAIT_NOTICE_SECS;
        if step < told || step == 0 {
            told = step;
            continue;
        }
        if step > told {
            told = step;
            on_progress(Progress {
                check: None,
                done: done.load(Ordering::Relaxed),
                total: CHECKS.len(),
                eta_seconds: None,
                message: waiting_message(step),
            });
        }
    }
}

/// The progress message while Mode has not answered for `secs` seconds.
pub fn waiting_message(secs: u64) -> String {
    format!("Still waiting for Mode ({secs} s)…")
}

impl Run<'_> {
    /// Ends a run Mode stopped answering: the first check left fails as Mode being busy or
    /// unreachable (check again), the others are skipped.
    fn out_of_time(&mut self) {
        let waited = self.client.patience() + GRACE;
        let mut first = true;
        for id in CHECKS {
            if self.results.iter().any(|r| r.id == id) {
                continue;
            }
            let r = if first {
                CheckResult::new(id, Status::Fail, "Mode was busy or unreachable; check again.")
                    .fix("Wait a few minutes, then check again. If it keeps happening, Mode's status page says whether there is an outage.")
                    .details(Some(format!("no answer from Mode for {} s", waited.as_secs())))
                    .transient()
            } else {
                CheckResult::new(id, Status::Skip, "Skipped: Mode stopped answering.")
            };
            first = false;
            self.push(r);
        }
    }
}

/// The result of a check that could not finish because Mode was busy or unreachable while
/// `doing` ("listing the connections"): it blames nothing, and checking again is the fix.
fn busy(id: CheckId, doing: &str, details: Option<String>) -> CheckResult {
    CheckResult::new(
        id,
        Status::Fail,
        format!("Mode was busy or unreachable while {doing}; check again."),
    )
    .fix("Wait a few minutes, then check again. If it keeps happening, Mode's status page says whether there is an outage.")
    .details(details)
    .transient()
}

/// "s" for every count but one.
fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_run_can_be_driven_from_any_thread() {
        fn is_send<T: Send>(_: &T) {}
        let input = CheckInput {
            host: Url::parse("http://127.0.0.1:9").unwrap_or_else(|e| panic!("{e}")),
            workspace: "acme".into(),
            key_id: "k".into(),
            secret: Secret::new("s"),
            service_account: None,
            expires_on: None,
            deep: true,
            today: NaiveDate::default(),
        };
        let run = run_checks(&input, ClientOptions::default(), None, &|_| {});
        is_send(&run);
    }
}
