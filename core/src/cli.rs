//! The `mode-setup` command: no arguments opens the window; `check` and `simulate` run headless.

use std::io::{IsTerminal, Write};

use clap::{Parser, Subcommand};

use crate::checks::{run_checks, CheckInput, Progress, Report, Status};
use crate::error::Error;
use crate::input;
use crate::mode::ClientOptions;
use crate::secret::Secret;
use crate::simulator::{self, scenarios, Simulator};

#[derive(Parser, Debug)]
#[command(
    name = "mode-setup",
    version,
    about = "Prepare a Mode workspace for the Atlan crawler and prove the setup works.",
    long_about = "Prepare a Mode workspace for the Atlan crawler and prove the setup works.\n\nRun with no arguments to open the Mode Setup Assistant window."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Start in the background (tray only), as at login.
    #[arg(long, hide = true)]
    minimized: bool,
    /// Save exported files into DIR without asking (for automated runs of the window).
    #[arg(long, hide = true, value_name = "DIR")]
    save_dir: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a Mode API key against a workspace, read-only.
    #[command(
        after_help = "The Key ID and secret are read from MODE_API_KEY_ID and MODE_API_SECRET, or else from the system keyring entry saved for this host and workspace.\n\nExit status: 0 when no check failed, 1 when one did, 2 for usage or configuration errors."
    )]
    Check {
        /// The workspace: its short name, or any Mode link pasted from the browser.
        #[arg(long, short = 'w')]
        workspace: String,
        /// Mode's address.
        #[arg(long, default_value = input::DEFAULT_HOST)]
        host: String,
        /// The Mode username the crawler signs in as (optional for member keys).
        #[arg(long)]
        service_account: Option<String>,
        /// The key's expiry date, YYYY-MM-DD.
        #[arg(long)]
        expires_on: Option<String>,
        /// Also walk every collection's reports, queries and charts.
        #[arg(long)]
        deep: bool,
        /// Print one JSON document on stdout and nothing else.
        #[arg(long)]
        json: bool,
        /// Save this workspace and key for the app and for reminders (the secret goes into the
        /// system keyring).
        #[arg(long)]
        save: bool,
        /// Most requests to send in any minute, bursts included. Mode allows about 240 per
        /// workspace, shared with Atlan's own crawler.
        #[arg(long, value_name = "N", default_value_t = crate::mode::client::DEFAULT_MAX_RATE)]
        max_rate: f64,
        /// Also write a setup report to FILE (.html, .md or .json).
        #[arg(long, value_name = "FILE")]
        report: Option<std::path::PathBuf>,
    },
    /// Send the expiry reminders that are due for saved workspaces, then exit (for cron or a
    /// systemd timer).
    Remind,
    /// Serve a simulated Mode workspace on this computer, for trying the checks.
    Simulate {
        /// Which workspace to simulate (see the list printed at start).
        #[arg(long, default_value = "healthy")]
        scenario: String,
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// A workspace described in a JSON file, instead of a named scenario.
        #[arg(long)]
        world: Option<std::path::PathBuf>,
        /// Delay added to every answer, in milliseconds.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Answer 429 above this many requests a minute, like Mode (leaky bucket of 15).
        #[arg(long, value_name = "N")]
        rate_limit: Option<f64>,
        /// Serve another plausible shape of Mode's answers instead of the recorded one
        /// (repeatable; see the list printed at start).
        #[arg(long = "variant", value_name = "NAME")]
        variants: Vec<String>,
    },
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        None => crate::platform::launch::open_window(cli.minimized, cli.save_dir.as_deref()),
        Some(command) => {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("mode-setup: could not start: {e}");
                    return 2;
                }
            };
            runtime.block_on(run_command(command))
        }
    }
}

async fn run_command(command: Command) -> i32 {
    match command {
        Command::Check {
            workspace,
            host,
            service_account,
            expires_on,
            deep,
            json,
            save,
            report,
            max_rate,
        } => {
            if !(1.0..=1_000_000.0).contains(&max_rate) {
                eprintln!(
                    "mode-setup: --max-rate must be between 1 and 1000000 requests a minute."
                );
                return 2;
            }
            if let Some(path) = &report {
                if crate::report::Format::from_path(path).is_none() {
                    eprintln!(
                        "mode-setup: the report file must end in .html, .md or .json (got {}).",
                        path.display()
                    );
                    return 2;
                }
            }
            match check_input(
                &workspace,
                &host,
                service_account.as_deref(),
                expires_on.as_deref(),
                deep,
            ) {
                Ok(input) => check(input, json, save, report, max_rate).await,
                Err(e) => {
                    eprintln!("mode-setup: {e}");
                    2
                }
            }
        }
        Command::Simulate {
            scenario,
            port,
            world,
            latency_ms,
            rate_limit,
            variants,
        } => simulate(&scenario, port, world, latency_ms, rate_limit, &variants).await,
        Command::Remind => remind(),
    }
}

fn check_input(
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

fn credentials(host: &str, workspace: &str) -> Result<(String, Secret), Error> {
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
            let (saved, _) = crate::store::load(&crate::store::default_path());
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

async fn check(
    input: CheckInput,
    json: bool,
    save: bool,
    report_path: Option<std::path::PathBuf>,
    max_rate: f64,
) -> i32 {
    let interactive = std::io::stderr().is_terminal();
    let deep = input.deep;
    let last_line: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);
    let on_progress = move |p: Progress| {
        if p.check.is_some() || !deep {
            return;
        }
        let mut last = last_line.lock().unwrap_or_else(|e| e.into_inner());
        if !interactive && last.is_some_and(|t| t.elapsed().as_secs_f64() < 2.0) {
            return;
        }
        *last = Some(std::time::Instant::now());
        let eta = p
            .eta_seconds
            .filter(|s| *s >= 3)
            .map(|s| format!(", about {s} s left"))
            .unwrap_or_default();
        let mut err = std::io::stderr();
        if interactive {
            let _ = write!(err, "\r\x1b[2K{}{eta}", p.message);
        } else {
            let _ = writeln!(err, "{}{eta}", p.message);
        }
    };
    let options = ClientOptions::with_max_rate(max_rate);
    let result = run_checks(&input, options, None, &on_progress).await;
    if deep && interactive {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            let store_path = crate::store::default_path();
            if save {
                let saved = tokio::task::spawn_blocking({
                    let input = input.clone();
                    let path = store_path.clone();
                    move || crate::assistant::save_checked(&path, &input)
                })
                .await
                .unwrap_or_else(|e| {
                    Err(Error::Store {
                        message: e.to_string(),
                    })
                });
                match saved {
                    Ok(()) => eprintln!("Saved {} on {} for the app and reminders; the secret is in the system keyring.", input.workspace, input::host_label(&input.host)),
                    Err(e) => {
                        eprintln!("mode-setup: {e}");
                        return 2;
                    }
                }
            }
            if let Some(path) = &report_path {
                let (saved, _) = crate::store::load(&store_path);
                let profile = saved
                    .find(&input::host_label(&input.host), &input.workspace)
                    .cloned();
                let doc = crate::assistant::report_document(
                    &report,
                    profile.as_ref(),
                    input.service_account.as_deref(),
                );
                let format =
                    crate::report::Format::from_path(path).unwrap_or(crate::report::Format::Json);
                if let Err(e) =
                    crate::store::write_atomic(path, crate::report::render(&doc, format).as_bytes())
                {
                    eprintln!("mode-setup: {e}");
                    return 2;
                }
                eprintln!("Wrote the setup report to {}.", path.display());
            }
            if json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(e) => {
                        eprintln!("mode-setup: could not write the result: {e}");
                        return 2;
                    }
                }
            } else {
                print!("{}", render_text(&report));
            }
            report.exit_code()
        }
        Err(e) => {
            eprintln!("mode-setup: {e}");
            2
        }
    }
}

/// The human-readable table printed by `mode-setup check`.
pub fn render_text(r: &Report) -> String {
    let mut out = String::new();
    let kind = match r.key.kind {
        crate::model::KeyKind::Unknown => "key of unknown kind".to_string(),
        k => k.label().to_lowercase(),
    };
    out.push_str(&format!(
        "Mode setup check for workspace \"{}\" on {}\n",
        r.workspace, r.host
    ));
    let expiry = match (r.key.expires_on, r.key.days_left) {
        (Some(d), Some(n)) if n >= 0 => format!(", expires {d} ({n} days left)"),
        (Some(d), Some(_)) => format!(", expired {d}"),
        _ => ", expiry unknown".into(),
    };
    let id = r.key.id.as_deref().unwrap_or("unknown");
    out.push_str(&format!("Key {id}: {kind}{expiry}\n\n"));
    for c in &r.checks {
        let open = if c.to_confirm().is_some() {
            " (couldn't confirm)"
        } else {
            ""
        };
        out.push_str(&format!("  {}  {}{open}\n", c.status.mark(), c.title));
        out.push_str(&format!("        {}\n", c.summary));
        if let Some(fix) = &c.fix {
            if c.status != Status::Pass {
                out.push_str(&format!("        Fix: {fix}\n"));
            }
        }
        if let Some(link) = &c.link {
            out.push_str(&format!("        Open: {link}\n"));
        }
    }
    if !r.connections.is_empty() {
        out.push_str("\nConnections:\n");
        let width = r
            .connections
            .iter()
            .map(|c| c.name.chars().count())
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
            out.push_str(&format!("  {mark:<7} {:<width$}  {how}", c.name));
            if !c.access.grants_view() {
                out.push_str(&format!("  {}", c.link));
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
    out.push_str(&format!("\n\n{}\n", r.headline));
    if !r.to_confirm.is_empty() && r.verdict() == crate::model::Verdict::ProbablyReady {
        out.push_str("To confirm by hand (each check above says where):\n");
        for what in &r.to_confirm {
            out.push_str(&format!("  - {what}\n"));
        }
    }
    out
}

fn remind() -> i32 {
    let path = crate::store::default_path();
    let today = chrono::Local::now().date_naive();
    let sent = crate::store::update(&path, |saved| {
        let (due, passed) = crate::reminders::due(saved, today);
        let mut marks = passed;
        let mut failed = false;
        if due.is_empty() {
            println!("No reminders are due.");
        }
        for r in &due {
            match crate::reminders::notify(r) {
                Ok(_) => {
                    println!("Sent: {}", r.title);
                    marks.push(r.mark.clone());
                }
                Err(e) => {
                    eprintln!("mode-setup: not sent: {}: {e}", r.title);
                    failed = true;
                }
            }
        }
        crate::reminders::record(saved, marks);
        Ok(failed)
    });
    match sent {
        Ok((failed, _)) => i32::from(failed),
        Err(e) => {
            eprintln!("mode-setup: {e}");
            1
        }
    }
}

async fn simulate(
    name: &str,
    port: u16,
    world_file: Option<std::path::PathBuf>,
    latency_ms: u64,
    rate_limit: Option<f64>,
    variants: &[String],
) -> i32 {
    use crate::simulator::world::Variant;
    let today = chrono::Local::now().date_naive();
    let mut chosen = Vec::new();
    for name in variants {
        match Variant::parse(name) {
            Some(v) => chosen.push(v),
            None => {
                eprintln!("mode-setup: there is no variant called \"{name}\". Choose from:");
                for v in Variant::ALL {
                    eprintln!("  {:<18} {}", v.name(), v.describe());
                }
                return 2;
            }
        }
    }
    let (world, label) = match world_file {
        Some(path) => {
            let parsed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    serde_json::from_slice::<simulator::World>(&b).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(w) => (w, format!("from {}", path.display())),
                Err(e) => {
                    eprintln!(
                        "mode-setup: the workspace file {} could not be read: {e}",
                        path.display()
                    );
                    return 2;
                }
            }
        }
        None => match simulator::scenario(name, today) {
            Some(w) => {
                let about = simulator::SCENARIOS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, a)| *a)
                    .unwrap_or("");
                (w, format!("scenario \"{name}\": {about}"))
            }
            None => {
                eprintln!("mode-setup: there is no scenario called \"{name}\". Choose one of:");
                for (n, about) in simulator::SCENARIOS {
                    eprintln!("  {n:<16} {about}");
                }
                return 2;
            }
        },
    };
    let flaky = name == "flaky";
    let mut world = world;
    for v in &chosen {
        v.apply(&mut world.behaviour);
    }
    let label = if chosen.is_empty() {
        label
    } else {
        let names: Vec<&str> = chosen.iter().map(|v| v.name()).collect();
        format!("{label}; variants: {}", names.join(", "))
    };
    world.behaviour.latency_ms = world.behaviour.latency_ms.max(latency_ms);
    if let Some(per_minute) = rate_limit.filter(|r| *r > 0.0) {
        world.behaviour.rate_limit = Some(crate::simulator::world::RateLimit {
            per_minute,
            capacity: 15.0,
        });
    }
    let ws = world.workspace.clone();
    let keys = world.keys.clone();
    let sim = match Simulator::start(world, port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mode-setup: could not listen on 127.0.0.1:{port}: {e}");
            return 2;
        }
    };
    if flaky {
        simulator::scenarios::inject_flaky(&sim);
    }
    let url = sim.url();
    let mut out = String::new();
    out.push_str(&format!("Mode simulator ({label})\n"));
    out.push_str(&format!(
        "Serving workspace \"{ws}\" at {url}. Press Ctrl+C to stop.\n\n"
    ));
    out.push_str("Check it from another terminal:\n");
    out.push_str(&format!(
        "  MODE_API_KEY_ID={} MODE_API_SECRET={} \\\n    mode-setup check --host {url} --workspace {ws} --service-account {}\n\n",
        scenarios::WORKSPACE_KEY_ID,
        scenarios::WORKSPACE_SECRET,
        scenarios::CRAWLER
    ));
    out.push_str("Keys this simulated workspace knows (practice values, not real secrets):\n");
    for k in &keys {
        let expiry = k
            .expires_on
            .map(|d| format!("expires {d}"))
            .unwrap_or_else(|| "no expiry".into());
        out.push_str(&format!(
            "  {:<40} Key ID {}  secret {}  ({expiry})\n",
            k.label, k.id, k.secret
        ));
    }
    out.push_str("\nOther scenarios (--scenario NAME):\n");
    for (n, about) in simulator::SCENARIOS {
        out.push_str(&format!("  {n:<16} {about}\n"));
    }
    out.push_str("\nOther shapes of Mode's answers (--variant NAME, repeatable):\n");
    for v in Variant::ALL {
        out.push_str(&format!("  {:<18} {}\n", v.name(), v.describe()));
    }
    print!("{out}");
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    0
}
