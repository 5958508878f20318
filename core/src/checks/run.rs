//! Runs the checks.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use futures::stream::{self, StreamExt};
use reqwest::Url;
use serde_json::Value;

use super::types::*;
use crate::error::Error;
use crate::input::host_label;
use crate::links::WebLinks;
use crate::mode::model::{
    link, text, Access, Accessor, Collection, Connection, Grant, KeyRecord, MemberState,
    Membership, Verification,
};
use crate::mode::{ClientOptions, Listing, ModeClient};
use crate::secret::Secret;

/// Mode's default key lifetime.
pub const DEFAULT_KEY_DAYS: u64 = 90;
/// Days before expiry from which the expiry check warns.
pub const WARN_DAYS: i64 = 30;
/// Reports whose query and chart counts a deep run opens to verify the listing's numbers.
const VERIFY_SAMPLE: usize = 20;

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
enum Subject {
    /// A workspace key with no account named: the key itself, with admin access.
    Key,
    /// A member (by token), with its admin flag.
    Member { token: String, admin: bool },
    /// A member we could not look up (the key may not list members): probe with the key.
    Probe,
}

struct Run<'a> {
    input: &'a CheckInput,
    client: ModeClient,
    web: String,
    links: WebLinks,
    results: Vec<CheckResult>,
    on_progress: &'a (dyn Fn(Progress) + Send + Sync),
    key: KeyInfo,
    connections: Vec<ConnectionRow>,
    counts: Counts,
}

/// Runs every check in order and reports each as it finishes through `on_progress`.
pub async fn run_checks(
    input: &CheckInput,
    options: ClientOptions,
    cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Report, Error> {
    let client = ModeClient::with_cancel(
        input.host.clone(),
        &input.key_id,
        input.secret.clone(),
        options,
        cancel.unwrap_or_default(),
    )?;
    let web = host_label(&input.host).replace("://api.", "://app.");
    let links = WebLinks::new(&web, &input.workspace);
    let mut run = Run {
        input,
        client,
        links,
        web,
        results: Vec::new(),
        on_progress,
        key: KeyInfo {
            id: input.key_id.clone(),
            kind: KeyKind::Unknown,
            member: None,
            expires_on: input.expires_on,
            days_left: None,
            expiry_source: input.expires_on.map(|_| "entered"),
        },
        connections: Vec::new(),
        counts: Counts::default(),
    };
    run.all().await?;
    let (ready, headline) = headline(&run.results);
    Ok(Report {
        schema: 1,
        workspace: input.workspace.clone(),
        host: host_label(&input.host),
        checked_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        key: run.key,
        checks: run.results,
        connections: run.connections,
        counts: run.counts,
        ready,
        headline,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        requests: run.client.stats().requests,
    })
}

fn cancelled<T>(r: &Result<T, Error>) -> bool {
    matches!(r, Err(Error::Cancelled))
}

impl Run<'_> {
    fn ws(&self) -> &str {
        &self.input.workspace
    }

    fn push(&mut self, result: CheckResult) {
        self.results.push(result.clone());
        let done = self.results.len();
        (self.on_progress)(Progress {
            message: format!("{}: {}", result.title, result.status.mark().to_lowercase()),
            check: Some(result),
            done,
            total: CHECKS.len(),
            eta_seconds: None,
        });
    }

    fn skip_rest(&mut self, reason: &str) {
        for (id, _) in CHECKS.iter().skip(self.results.len()) {
            self.push(CheckResult::new(id, Status::Skip, reason));
        }
    }

    async fn all(&mut self) -> Result<(), Error> {
        let verify = self.client.get_json("/api/verify").await;
        if cancelled(&verify) {
            return Err(Error::Cancelled);
        }
        let verification = match self.host_and_credentials(verify) {
            Some(v) => v,
            None => {
                let reason = if self.results.len() == 1 {
                    "Skipped: Mode could not be reached."
                } else {
                    "Skipped: Mode did not accept the key."
                };
                // The expiry date is known without Mode and often explains a refused key.
                let mut rest: Vec<&str> = CHECKS
                    .iter()
                    .skip(self.results.len())
                    .map(|c| c.0)
                    .collect();
                while let Some(id) = rest.first().copied() {
                    rest.remove(0);
                    if id == "key-expiry" && self.input.expires_on.is_some() {
                        let r = self.expiry(None);
                        self.push(r);
                    } else {
                        self.push(CheckResult::new(id, Status::Skip, reason));
                    }
                }
                return Ok(());
            }
        };

        // The workspace record holds the real web links; it is read alongside the key checks.
        let record_path = format!("/api/{}", self.ws());
        let (workspace_record, workspace_ok) = {
            let client = self.client.clone();
            let record = async move { client.get_json(&record_path).await };
            let check = self.workspace(&verification);
            let (record, ok) = futures::join!(record, check);
            (record, ok?)
        };
        if let Ok(record) = &workspace_record {
            self.links.apply_workspace_record(&self.web, record);
        }
        if !workspace_ok {
            self.skip_rest("Skipped: the key is not for this workspace.");
            return Ok(());
        }

        let record = self.key_type(&verification).await?;
        let r = self.expiry(record.as_ref());
        self.push(r);
        let subject = self.service_account(&verification).await?;
        self.connection_access(subject).await?;
        let collections = self.collections().await?;
        self.reports(collections).await?;
        Ok(())
    }

    /// `host` and `credentials` from the one `GET /api/verify`.
    fn host_and_credentials(&mut self, verify: Result<Value, Error>) -> Option<Verification> {
        let host = host_label(&self.input.host);
        let answered = if self.input.host.scheme() == "https" {
            format!("{host} answered over a secure connection.")
        } else {
            format!("{host} answered (a test server on this computer).")
        };
        match verify {
            Ok(v) => {
                self.push(CheckResult::new("host", Status::Pass, answered.clone()));
                self.push(CheckResult::new(
                    "credentials",
                    Status::Pass,
                    "Mode accepted the Key ID and secret.",
                ));
                Some(Verification::from_json(&v))
            }
            Err(e) if e.is_unreachable() => {
                let fix = match &e {
                    Error::Redirected { .. } | Error::Tls { .. } | Error::Dns { .. } => {
                        "Check the host under Advanced: it should be https://app.mode.com unless your company uses another Mode address."
                    }
                    _ => "Check that this computer is online and can open app.mode.com in a browser, then check again.",
                };
                self.push(
                    CheckResult::new("host", Status::Fail, e.to_string())
                        .fix(fix)
                        .details(e.details()),
                );
                None
            }
            Err(e @ (Error::NotJson { .. } | Error::NotFound { .. })) => {
                self.push(
                    CheckResult::new("host", Status::Fail, format!("{host} answered, but it does not look like Mode's API."))
                        .fix("Set the host under Advanced to https://app.mode.com (or your company's Mode address).")
                        .details(e.details()),
                );
                None
            }
            Err(e @ Error::Server { .. }) => {
                self.push(
                    CheckResult::new("host", Status::Fail, "Mode is having trouble right now and did not answer properly, even after several tries.")
                        .fix("Wait a few minutes and check again. Mode's status page says whether there is an outage.")
                        .details(e.details()),
                );
                None
            }
            Err(e) => {
                self.push(CheckResult::new("host", Status::Pass, answered.clone()));
                let (summary, fix, link) = match &e {
                    Error::Unauthorized { .. } => (
                        "Mode did not accept this key: the Key ID or secret is wrong, or the key was revoked or has expired.".to_string(),
                        "Copy the Key ID again from Workspace Settings > Features > API Keys. The secret is shown only once: if you don't have it, create a new key there and paste both.",
                        Some(self.links.api_keys.clone()),
                    ),
                    Error::RateLimited { .. } => (
                        e.to_string(),
                        "Wait a few minutes, then check again. Other tools using the same workspace's API may be busy.",
                        None,
                    ),
                    _ => (
                        e.to_string(),
                        "Check the host and the key, then check again. Use Details to see what Mode said.",
                        None,
                    ),
                };
                let mut r = CheckResult::new("credentials", Status::Fail, summary)
                    .fix(fix)
                    .details(e.details());
                if let Some(l) = link {
                    r = r.link(l);
                }
                self.push(r);
                None
            }
        }
    }

    async fn workspace(&mut self, v: &Verification) -> Result<bool, Error> {
        let ws = self.ws().to_string();
        let settings = self.links.settings.clone();
        if let Some(actual) = &v.workspace {
            if actual.eq_ignore_ascii_case(&ws) {
                self.push(CheckResult::new(
                    "workspace",
                    Status::Pass,
                    format!("The key belongs to workspace {ws}."),
                ));
                return Ok(true);
            }
            self.push(
                CheckResult::new(
                    "workspace",
                    Status::Fail,
                    format!("This key belongs to workspace \"{actual}\", not \"{ws}\"."),
                )
                .fix(format!("Either change the workspace to \"{actual}\", or create a key in \"{ws}\" under Workspace Settings > Features > API Keys while that workspace is open."))
                .link(WebLinks::new(&self.web, actual).settings),
            );
            return Ok(false);
        }
        // No workspace in the answer (a personal token, or an older API): ask the workspace.
        let probe = self
            .client
            .get_json(&format!("/api/{ws}/data_sources"))
            .await;
        match probe {
            Ok(_) => {
                self.push(CheckResult::new(
                    "workspace",
                    Status::Pass,
                    format!("The key can read workspace {ws}."),
                ));
                Ok(true)
            }
            Err(Error::Cancelled) => Err(Error::Cancelled),
            Err(e @ Error::NotFound { .. }) => {
                self.push(
                    CheckResult::new("workspace", Status::Fail, format!("Mode has no workspace called \"{ws}\" that this key can see."))
                        .fix("Use the workspace's short name from its address, app.mode.com/organizations/<name> (Workspace Settings > Details), not its display name.")
                        .link(settings)
                        .details(e.details()),
                );
                Ok(false)
            }
            Err(e) => {
                self.push(
                    CheckResult::new("workspace", Status::Fail, format!("This key may not read workspace \"{ws}\"."))
                        .fix(format!("Create the key while workspace \"{ws}\" is open: Workspace Settings > Features > API Keys."))
                        .link(self.links.api_keys.clone())
                        .details(e.details()),
                );
                Ok(false)
            }
        }
    }

    async fn key_type(&mut self, v: &Verification) -> Result<Option<KeyRecord>, Error> {
        let mut record = None;
        if let Some(href) = v.self_link.as_deref().filter(|h| h.contains("/api_keys/")) {
            match self.client.get_json(href).await {
                Ok(body) => record = Some(KeyRecord::from_json(&body)),
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                Err(_) => {}
            }
        }
        let scope = v
            .scope
            .clone()
            .or_else(|| record.as_ref().and_then(|r| r.scope.clone()));
        let mut kind = match scope.as_deref() {
            Some("workspace") => KeyKind::Workspace,
            Some("member") => KeyKind::Member,
            _ if v.is_user => KeyKind::Personal,
            _ => match &record {
                Some(r) if r.member.is_some() => KeyKind::Member,
                Some(_) => KeyKind::Workspace,
                None => KeyKind::Unknown,
            },
        };
        if kind == KeyKind::Unknown {
            match self.client.get_json("/api/account").await {
                Ok(body) if crate::mode::model::flag(&body, "user") == Some(true) => {
                    kind = KeyKind::Personal
                }
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                _ => {}
            }
        }
        self.key.kind = kind;
        self.key.member = match kind {
            KeyKind::Member => record.as_ref().and_then(|r| r.member.clone()),
            KeyKind::Personal => v.username.clone(),
            _ => None,
        };
        let ws = self.ws().to_string();
        let result = match kind {
            KeyKind::Workspace => CheckResult::new(
                "key-type",
                Status::Pass,
                format!("This is a workspace key: it reads with admin access to all of {ws}."),
            ),
            KeyKind::Member => CheckResult::new(
                "key-type",
                Status::Pass,
                match &self.key.member {
                    Some(m) => format!("This is a member key of {m}: the crawler sees what {m} can see."),
                    None => "This is a member key: the crawler sees what its member can see.".into(),
                },
            ),
            KeyKind::Personal => CheckResult::new(
                "key-type",
                Status::Fail,
                "This is a personal API token. Mode retired personal tokens on 28 February 2025, so Atlan cannot rely on it.",
            )
            .fix("Create a workspace key (an admin: Workspace Settings > Features > API Keys > Workspace keys > Create) or a member key for the crawler's account (an admin turns on Member keys; then, signed in as the crawler, Workspace Settings > Personal > My API Keys). Then check the new key here.")
            .link(self.links.api_keys.clone()),
            KeyKind::Unknown => CheckResult::new(
                "key-type",
                Status::Warn,
                "Mode accepted the key but did not say whether it is a workspace or a member key.",
            )
            .fix("Look the key up under Workspace Settings > Features > API Keys: make sure it is listed under Workspace keys or Member keys, not a personal token.")
            .link(self.links.api_keys.clone()),
        };
        self.push(result);
        Ok(record)
    }

    fn expiry(&mut self, record: Option<&KeyRecord>) -> CheckResult {
        let today = self.input.today;
        let (date, source) = match (self.input.expires_on, record) {
            (Some(d), _) => (Some(d), Some("entered")),
            (None, Some(r)) if r.expires_at.is_some() => (r.expires_at, Some("mode")),
            (None, Some(r)) => (
                r.created_at
                    .and_then(|c| c.checked_add_days(Days::new(DEFAULT_KEY_DAYS))),
                r.created_at.map(|_| "estimated"),
            ),
            (None, None) => (None, None),
        };
        self.key.expires_on = date;
        self.key.expiry_source = source;
        self.key.days_left = date.map(|d| (d - today).num_days());
        let link = self.links.api_keys.clone();
        let rotate = "Create a new key (Workspace Settings > Features > API Keys), check it here, paste it into Atlan's Mode connection, then revoke the old key in Mode.";
        let Some(date) = date else {
            if self.key.kind == KeyKind::Personal {
                return CheckResult::new(
                    "key-expiry",
                    Status::Skip,
                    "Skipped: personal tokens have no expiry date, and they no longer work.",
                );
            }
            return CheckResult::new(
                "key-expiry",
                Status::Warn,
                "The expiry date is unknown. Mode keys expire 90 days after creation by default, and Mode sends no reminder.",
            )
            .fix("Find the key's expiry date under Workspace Settings > Features > API Keys and enter it as the key's expiry date, so you are warned before Atlan's crawls start failing.")
            .link(link);
        };
        let days = (date - today).num_days();
        let estimated = if source == Some("estimated") {
            " (estimated: created date plus Mode's default 90 days)"
        } else {
            ""
        };
        if days < 0 {
            let ago = -days;
            CheckResult::new(
                "key-expiry",
                Status::Fail,
                format!("The key expired on {date}, {ago} day{} ago{estimated}: Mode no longer accepts it.", plural(ago)),
            )
            .fix(rotate)
            .link(link)
        } else if days <= WARN_DAYS {
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                d => format!("in {d} days"),
            };
            CheckResult::new(
                "key-expiry",
                Status::Warn,
                format!("The key expires {when}, on {date}{estimated}."),
            )
            .fix(format!("Replace it before then. {rotate}"))
            .link(link)
        } else {
            let mut r = CheckResult::new(
                "key-expiry",
                if estimated.is_empty() {
                    Status::Pass
                } else {
                    Status::Warn
                },
                format!("The key expires on {date}, {days} days from now{estimated}."),
            );
            if !estimated.is_empty() {
                r = r
                    .fix("Check the real date under Workspace Settings > Features > API Keys and enter it as the key's expiry date.")
                    .link(link);
            }
            r
        }
    }

    async fn list_memberships(&self) -> Result<Listing, Error> {
        let ws = self.ws();
        match self
            .client
            .list(&format!("/api/{ws}/memberships"), "memberships")
            .await
        {
            Err(Error::NotFound { .. }) => {
                self.client
                    .list(&format!("/api/{ws}/memberships/lite"), "memberships")
                    .await
            }
            other => other,
        }
    }

    async fn service_account(&mut self, v: &Verification) -> Result<Option<Subject>, Error> {
        let typed = self.input.service_account.clone();
        let key_member = self.key.member.clone();
        let account = typed
            .clone()
            .or_else(|| key_member.clone())
            .or_else(|| v.username.clone());
        let members_link = self.links.members.clone();
        let Some(account) = account else {
            if self.key.kind == KeyKind::Member {
                self.push(
                    CheckResult::new("service-account", Status::Warn, "Mode did not say which member this key belongs to, and no service account was named.")
                        .fix("Enter the crawler's Mode username (for example atlan_crawler) as the service account."),
                );
                return Ok(Some(Subject::Probe));
            }
            self.push(CheckResult::new(
                "service-account",
                Status::Skip,
                "Skipped: no service account was named. A workspace key reads with admin access, so the crawler does not depend on one.",
            ));
            return Ok(Some(Subject::Key));
        };
        let mismatch = match (&typed, &key_member) {
            (Some(t), Some(m)) if !t.eq_ignore_ascii_case(m) => Some(m.clone()),
            _ => None,
        };
        let listing = self.list_memberships().await;
        let listing = match listing {
            Ok(l) => l,
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => {
                self.push(
                    CheckResult::new(
                        "service-account",
                        Status::Skip,
                        format!("Skipped: this key may not list the workspace's members (only admins and workspace keys can), so {account}'s membership could not be checked."),
                    )
                    .fix(format!("Check by hand: Workspace Settings > People > Members should list {account} as a current member."))
                    .link(members_link)
                    .details(e.details()),
                );
                return Ok(Some(Subject::Probe));
            }
        };
        let member = listing
            .items
            .iter()
            .filter_map(Membership::from_json)
            .find(|m| m.username.eq_ignore_ascii_case(&account));
        let ws = self.ws().to_string();
        let Some(member) = member else {
            let truncated = if listing.truncated {
                " (Mode's member list was too long to read in full)"
            } else {
                ""
            };
            self.push(
                CheckResult::new("service-account", Status::Fail, format!("{account} is not a member of {ws}{truncated}."))
                    .fix(format!("Invite the crawler's account: in Mode, open the workspace menu > Invite to Mode, invite its email address, then accept the invite and set the username {account}."))
                    .link(self.links.invite.clone()),
            );
            return Ok(None);
        };
        let page = member
            .web_link
            .as_deref()
            .and_then(|h| crate::links::absolute(&self.web, h))
            .unwrap_or(members_link);
        let result = match &member.state {
            MemberState::Current => {
                let role = if member.admin { "an admin" } else { "a member" };
                match &mismatch {
                    Some(m) => CheckResult::new(
                        "service-account",
                        Status::Warn,
                        format!("{account} is a current member, but this member key belongs to {m}: the crawler will act as {m}."),
                    )
                    .fix(format!("Create the member key while signed in as {account} (Workspace Settings > Personal > My API Keys), or name {m} as the service account.")),
                    None => CheckResult::new("service-account", Status::Pass, format!("{account} is {role} of {ws} in good standing.")),
                }
            }
            MemberState::Pending => CheckResult::new(
                "service-account",
                Status::Fail,
                format!("{account} was invited but the invite was never accepted."),
            )
            .fix("Open the invite email and accept it. If Mode doesn't ask for a name, username and password, you are still signed in to Mode as yourself: sign out first (or use a private window), then open the invite link again.")
            .link(page),
            MemberState::Former => CheckResult::new(
                "service-account",
                Status::Fail,
                format!("{account} is a former member of {ws}: it was removed or deactivated."),
            )
            .fix(format!("Workspace Settings > People > Members > Former: find {account} and choose \"Reinvite to org\", then accept the invite."))
            .link(page),
            MemberState::Other(state) => CheckResult::new(
                "service-account",
                Status::Warn,
                format!("{account} is listed with a membership state Mode calls \"{state}\", which this app does not know."),
            )
            .fix(format!("Check {account} under Workspace Settings > People > Members: it should be a current member."))
            .link(page),
        };
        let usable = matches!(result.status, Status::Pass | Status::Warn)
            && member.state == MemberState::Current;
        self.push(result);
        if !usable {
            return Ok(None);
        }
        let Some(token) = member.member_token else {
            return Ok(Some(Subject::Probe));
        };
        Ok(Some(Subject::Member {
            token,
            admin: member.admin,
        }))
    }

    async fn connection_access(&mut self, subject: Option<Subject>) -> Result<(), Error> {
        let Some(subject) = subject else {
            self.push(CheckResult::new(
                "connection-access",
                Status::Skip,
                "Skipped: the crawler's account is not a current member, so its access can't be checked yet.",
            ));
            return Ok(());
        };
        let ws = self.ws().to_string();
        let listing = match self
            .client
            .list_small(&format!("/api/{ws}/data_sources"), "data_sources")
            .await
        {
            Ok(l) => l,
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => {
                self.push(
                    CheckResult::new("connection-access", Status::Fail, "The key may not list the workspace's connections.")
                        .fix("Use a workspace key, or give the crawler's account View on every connection under Workspace Settings > Manage Connections.")
                        .link(self.links.connections.clone())
                        .details(e.details()),
                );
                return Ok(());
            }
        };
        let connections: Vec<Connection> = listing
            .items
            .iter()
            .filter_map(Connection::from_json)
            .collect();
        self.counts.connections = connections.len() as u64;
        if connections.is_empty() {
            self.push(
                CheckResult::new(
                    "connection-access",
                    Status::Fail,
                    "The crawler sees no connections at all; Atlan would report \"User has access to 0 queryable data sources\".",
                )
                .fix("Add your databases under Workspace Settings > Manage Connections, or give the crawler's account View on them (each connection > Permissions).")
                .link(self.links.connections.clone()),
            );
            return Ok(());
        }
        let rows = self.evaluate(&connections, &subject).await?;
        self.connections = rows;
        let missing: Vec<&ConnectionRow> = self
            .connections
            .iter()
            .filter(|r| r.access == Access::None)
            .collect();
        let unknown: Vec<&ConnectionRow> = self
            .connections
            .iter()
            .filter(|r| r.access == Access::Unknown)
            .collect();
        let total = self.connections.len();
        let result = if !missing.is_empty() {
            let names = missing
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let link = if missing.len() == 1 {
                missing[0].link.clone()
            } else {
                self.links.connections.clone()
            };
            CheckResult::new(
                "connection-access",
                Status::Fail,
                format!("{} of {total} connections do not let the crawler view them: {names}.", missing.len()),
            )
            .fix("For each one: Workspace Settings > Manage Connections > the connection > Permissions, then give the crawler's account View (or set the connection's default access to View). You must be a connection admin there.")
            .link(link)
        } else if !unknown.is_empty() {
            let names = unknown
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            CheckResult::new(
                "connection-access",
                Status::Warn,
                format!("The crawler's access to {} of {total} connections could not be confirmed: {names}.", unknown.len()),
            )
            .fix("Open each one under Workspace Settings > Manage Connections > Permissions and make sure the crawler's account has View.")
            .link(self.links.connections.clone())
        } else {
            CheckResult::new(
                "connection-access",
                Status::Pass,
                format!(
                    "The crawler can view all {total} connection{}.",
                    plural(total as i64)
                ),
            )
        };
        self.push(result);
        Ok(())
    }

    async fn evaluate(
        &mut self,
        connections: &[Connection],
        subject: &Subject,
    ) -> Result<Vec<ConnectionRow>, Error> {
        let ws = self.ws().to_string();
        let row = |c: &Connection, access: Access, via: Option<Via>| ConnectionRow {
            token: c.token.clone(),
            name: c.name.clone(),
            access,
            via,
            link: self
                .links
                .connection(&self.web, &ws, &c.token, c.web_link.as_deref()),
        };
        let mut rows: Vec<ConnectionRow> = Vec::with_capacity(connections.len());
        let mut needs: Vec<&Connection> = Vec::new();
        let is_admin = matches!(subject, Subject::Key | Subject::Member { admin: true, .. });
        for c in connections {
            if is_admin {
                rows.push(row(c, Access::Manage, Some(Via::Admin)));
            } else if c.default_access.grants_view() {
                rows.push(row(c, c.default_access, Some(Via::Default)));
            } else {
                rows.push(row(c, Access::None, None));
                needs.push(c);
            }
        }
        if needs.is_empty() {
            return Ok(rows);
        }
        let limit = self.client_concurrency();
        let member_token = match subject {
            Subject::Member { token, .. } => Some(token.clone()),
            _ => None,
        };
        // Read the grants of the connections whose default access is not enough.
        let mut grants: HashMap<String, Result<Vec<Grant>, Error>> = HashMap::new();
        if member_token.is_some() {
            let client = self.client.clone();
            let ws2 = ws.clone();
            let fetched: Vec<(String, Result<Vec<Grant>, Error>)> =
                stream::iter(needs.iter().map(|c| {
                    let client = client.clone();
                    let path = c
                        .permissions_link
                        .clone()
                        .filter(|h| h.starts_with("/api/"))
                        .unwrap_or_else(|| {
                            format!("/api/{ws2}/data_sources/{}/permissions", c.token)
                        });
                    let token = c.token.clone();
                    async move {
                        let r = client
                            .list_small(&path, "data_source_entitlements")
                            .await
                            .map(|l| l.items.iter().filter_map(Grant::from_json).collect());
                        (token, r)
                    }
                }))
                .buffer_unordered(limit)
                .collect()
                .await;
            for (t, r) in fetched {
                if cancelled(&r) {
                    return Err(Error::Cancelled);
                }
                grants.insert(t, r);
            }
        }
        // Group memberships, only for groups that appear in a grant still needed.
        let mut group_tokens: HashSet<String> = HashSet::new();
        if let Some(me) = &member_token {
            for g in grants.values().flatten().flatten() {
                if let Accessor::Group(t) = &g.accessor {
                    group_tokens.insert(t.clone());
                }
            }
            // A direct grant settles a connection without reading its groups.
            let settled: HashSet<&String> = grants
                .iter()
                .filter(|(_, r)| {
                    r.as_ref().is_ok_and(|gs| {
                        gs.iter().any(|g| {
                            g.action.grants_view() && g.accessor == Accessor::Member(me.clone())
                        })
                    })
                })
                .map(|(t, _)| t)
                .collect();
            let still: HashSet<String> = grants
                .iter()
                .filter(|(t, _)| !settled.contains(t))
                .filter_map(|(_, r)| r.as_ref().ok())
                .flatten()
                .filter_map(|g| match &g.accessor {
                    Accessor::Group(t) if g.action.grants_view() => Some(t.clone()),
                    _ => None,
                })
                .collect();
            group_tokens.retain(|t| still.contains(t));
        }
        let client = self.client.clone();
        let members_of: HashMap<String, Result<HashSet<String>, Error>> =
            stream::iter(group_tokens.into_iter().map(|g| {
                let client = client.clone();
                let path = format!("/api/{ws}/groups/{g}/memberships");
                async move {
                    let r = client
                        .list_small(&path, "group_memberships")
                        .await
                        .map(|l| {
                            l.items
                                .iter()
                                .filter_map(|m| {
                                    text(m, "member_token").or_else(|| text(m, "token"))
                                })
                                .collect()
                        });
                    (g, r)
                }
            }))
            .buffer_unordered(limit)
            .collect()
            .await;
        if members_of.values().any(cancelled) {
            return Err(Error::Cancelled);
        }
        // Connections whose grants could not be read are probed with the key itself.
        let mut probes: Vec<String> = Vec::new();
        for r in rows.iter_mut().filter(|r| r.access == Access::None) {
            let Some(me) = &member_token else {
                probes.push(r.token.clone());
                continue;
            };
            match grants.get(&r.token) {
                Some(Ok(gs)) => {
                    let direct = gs
                        .iter()
                        .filter(|g| g.accessor == Accessor::Member(me.clone()))
                        .map(|g| g.action)
                        .max();
                    let group = gs
                        .iter()
                        .filter(|g| match &g.accessor {
                            Accessor::Group(t) => members_of
                                .get(t)
                                .is_some_and(|m| m.as_ref().is_ok_and(|m| m.contains(me))),
                            _ => false,
                        })
                        .map(|g| g.action)
                        .max();
                    let unreadable_group = gs.iter().any(|g| match &g.accessor {
                        Accessor::Group(t) => members_of.get(t).is_some_and(|m| m.is_err()),
                        _ => false,
                    });
                    match (
                        direct.filter(|a| a.grants_view()),
                        group.filter(|a| a.grants_view()),
                    ) {
                        (Some(a), _) => {
                            r.access = a;
                            r.via = Some(Via::Direct);
                        }
                        (None, Some(a)) => {
                            r.access = a;
                            r.via = Some(Via::Group);
                        }
                        (None, None) if unreadable_group => r.access = Access::Unknown,
                        (None, None) => {}
                    }
                }
                _ => probes.push(r.token.clone()),
            }
        }
        if !probes.is_empty() && matches!(subject, Subject::Probe | Subject::Member { .. }) {
            let client = self.client.clone();
            let results: Vec<(String, Access)> = stream::iter(probes.into_iter().map(|t| {
                let client = client.clone();
                let path = format!("/api/{ws}/data_sources/{t}/reports");
                async move {
                    let access = match client.get_json(&path).await {
                        Ok(_) => Access::View,
                        Err(
                            Error::Forbidden { .. }
                            | Error::NotFound { .. }
                            | Error::Unauthorized { .. },
                        ) => Access::None,
                        Err(Error::Cancelled) => return (t, Access::Unknown),
                        Err(_) => Access::Unknown,
                    };
                    (t, access)
                }
            }))
            .buffer_unordered(limit)
            .collect()
            .await;
            if self
                .client
                .cancel_flag()
                .load(std::sync::atomic::Ordering::Relaxed)
            {
                return Err(Error::Cancelled);
            }
            for (t, access) in results {
                if let Some(r) = rows.iter_mut().find(|r| r.token == t) {
                    r.access = access;
                }
            }
        }
        Ok(rows)
    }

    /// Requests run side by side; the client's own limit on requests in flight.
    fn client_concurrency(&self) -> usize {
        self.client.max_in_flight()
    }

    async fn collections(&mut self) -> Result<Vec<Collection>, Error> {
        let ws = self.ws().to_string();
        let listing = self
            .client
            .list(&format!("/api/{ws}/spaces?filter=all"), "spaces")
            .await;
        let listing = match listing {
            Ok(l) => l,
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => {
                self.push(
                    CheckResult::new("collections", Status::Fail, "The key may not list the workspace's collections.")
                        .fix("Use a workspace key, or give the crawler's account View on the collections Atlan should catalogue (each collection > Share).")
                        .link(self.links.home.clone())
                        .details(e.details()),
                );
                return Ok(vec![]);
            }
        };
        let all: Vec<Collection> = listing
            .items
            .iter()
            .filter_map(Collection::from_json)
            .collect();
        let personal = all.iter().filter(|c| c.personal).count();
        let shared = all.len() - personal;
        self.counts.collections = shared as u64;
        self.counts.personal_collections = personal as u64;
        let result = if shared == 0 {
            CheckResult::new(
                "collections",
                Status::Fail,
                format!("The crawler sees no shared collections (personal collections: {personal}), so Atlan would find no reports."),
            )
            .fix("Create collections for the reports Atlan should catalogue, or give the crawler's account View on them: open each collection in Mode > Share.")
            .link(self.links.home.clone())
        } else if listing.truncated {
            CheckResult::new(
                "collections",
                Status::Warn,
                format!("The crawler sees at least {shared} shared collections; Mode's list was too long to read to the end."),
            )
        } else {
            CheckResult::new(
                "collections",
                Status::Pass,
                format!(
                    "The crawler sees {shared} shared collection{} (and {personal} personal one{}, counted apart).",
                    plural(shared as i64),
                    plural(personal as i64)
                ),
            )
        };
        self.push(result);
        Ok(all)
    }

    async fn reports(&mut self, collections: Vec<Collection>) -> Result<(), Error> {
        if !self.input.deep {
            self.push(CheckResult::new(
                "reports",
                Status::Skip,
                "Skipped: reports are counted only in a deep check.",
            ));
            return Ok(());
        }
        if collections.is_empty() {
            self.push(CheckResult::new(
                "reports",
                Status::Skip,
                "Skipped: there are no collections to look in.",
            ));
            return Ok(());
        }
        let ws = self.ws().to_string();
        let total = collections.len();
        let limit = self.client_concurrency();
        let client = self.client.clone();
        let mut reports = 0u64;
        let mut queries = 0u64;
        let mut charts = 0u64;
        let mut missing_counts: Vec<String> = Vec::new();
        let mut sample: Vec<(String, u64, u64)> = Vec::new();
        let mut failures = 0usize;
        let mut done = 0usize;
        let started = Instant::now();
        let mut pages = stream::iter(collections.into_iter().map(|c| {
            let client = client.clone();
            let path = format!("/api/{ws}/spaces/{}/reports", c.token);
            async move { client.list(&path, "reports").await }
        }))
        .buffer_unordered(limit);
        while let Some(listing) = pages.next().await {
            done += 1;
            match listing {
                Ok(l) => {
                    for r in &l.items {
                        reports += 1;
                        let token = text(r, "token").unwrap_or_default();
                        match (
                            crate::mode::model::count(r, "query_count"),
                            crate::mode::model::count(r, "chart_count"),
                        ) {
                            (Some(q), Some(c)) => {
                                queries += q;
                                charts += c;
                                if sample.len() < VERIFY_SAMPLE {
                                    sample.push((token, q, c));
                                }
                            }
                            _ => missing_counts.push(token),
                        }
                    }
                }
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                Err(_) => failures += 1,
            }
            let elapsed = started.elapsed().as_secs_f64();
            let eta =
                (done > 0).then(|| (elapsed / done as f64 * (total - done) as f64).round() as u64);
            (self.on_progress)(Progress {
                check: None,
                done: self.results.len(),
                total: CHECKS.len(),
                eta_seconds: eta,
                message: format!("Reading reports: collection {done} of {total}"),
            });
        }
        drop(pages);
        // Open the reports whose listing had no counts, and a sample of the rest to verify.
        let to_open: Vec<(String, Option<(u64, u64)>)> = missing_counts
            .iter()
            .map(|t| (t.clone(), None))
            .chain(sample.iter().map(|(t, q, c)| (t.clone(), Some((*q, *c)))))
            .collect();
        let opened = to_open.len();
        let counted: Vec<(Option<Tally>, Result<Tally, Error>)> =
            stream::iter(to_open.into_iter().map(|(t, expected)| {
                let client = client.clone();
                let ws = ws.clone();
                async move { (expected, count_report(&client, &ws, &t).await) }
            }))
            .buffer_unordered(limit)
            .collect()
            .await;
        let mut mismatches = 0usize;
        for (expected, got) in counted {
            match (expected, got) {
                (_, Err(Error::Cancelled)) => return Err(Error::Cancelled),
                (None, Ok((q, c))) => {
                    queries += q;
                    charts += c;
                }
                (Some(e), Ok(g)) if e != g => mismatches += 1,
                (_, Err(_)) => failures += 1,
                _ => {}
            }
        }
        self.counts.reports = Some(reports);
        self.counts.queries = Some(queries);
        self.counts.charts = Some(charts);
        let how = format!(
            "Counts of queries and charts were read from Mode's report lists for {} report{} and counted by opening {} ({opened} opened in all, {mismatches} disagreed with the list).",
            reports as usize - missing_counts.len(),
            plural(reports as i64 - missing_counts.len() as i64),
            missing_counts.len()
        );
        let result = if reports == 0 {
            CheckResult::new("reports", Status::Warn, "The crawler can see the collections but no reports in them.")
                .fix("If the workspace has reports, give the crawler's account View on their collections (each collection > Share).")
                .link(self.links.home.clone())
        } else if failures > 0 || mismatches > 0 {
            CheckResult::new(
                "reports",
                Status::Warn,
                format!("The crawler read {reports} reports, {queries} queries and {charts} charts, but {failures} listings could not be read and {mismatches} counts disagreed."),
            )
            .fix("Check again later; if it persists, look at the collections named in Details in Mode.")
        } else {
            CheckResult::new("reports", Status::Pass, format!("The crawler can read {reports} reports, {queries} queries and {charts} charts."))
        }
        .details(Some(how));
        self.push(result);
        Ok(())
    }
}

/// Queries and charts of one report.
type Tally = (u64, u64);

async fn count_report(client: &ModeClient, ws: &str, report: &str) -> Result<Tally, Error> {
    let queries = client
        .list_small(&format!("/api/{ws}/reports/{report}/queries"), "queries")
        .await?;
    let mut charts = 0u64;
    for q in &queries.items {
        let path = link(q, "charts")
            .filter(|h| h.starts_with("/api/"))
            .or_else(|| {
                text(q, "token").map(|t| format!("/api/{ws}/reports/{report}/queries/{t}/charts"))
            });
        if let Some(path) = path {
            charts += client.list_small(&path, "charts").await?.items.len() as u64;
        }
    }
    Ok((queries.items.len() as u64, charts))
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
