//! The `mode-setup` command: no arguments opens the window; `check` and `simulate` run headless.
//! Output goes through [`out`] and [`say`]: a closed pipe or a full disk is reported, never a
//! panic, and what Mode sent is shown only once made [`printable`].

use std::io::Write;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::input;
use crate::text::printable;

mod check;
mod history;
mod remind;
mod simulate;

pub use check::render_text;
use check::{check, check_input};
use history::history;
use remind::remind;
use simulate::simulate;

/// Writes `text` to stdout. A closed pipe or a full disk comes back as an error (Rust ignores
/// SIGPIPE, so `println!` would panic instead).
pub(crate) fn out(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Writes one line to stderr; if even that fails there is nowhere left to say so.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// An error for stderr, with anything Mode sent made printable.
pub(crate) fn fail(e: &Error) -> String {
    format!("mode-setup: {}", printable(&e.to_string()))
}

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
        /// system keyring), and record the run in its history: a check that got worse since the
        /// last one shows a desktop notification (for cron, like the app's watch).
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
    /// Print the recorded check runs of a saved workspace, oldest first, with what changed.
    History {
        /// The workspace: its short name, or any Mode link pasted from the browser.
        #[arg(long, short = 'w')]
        workspace: String,
        /// Mode's address.
        #[arg(long, default_value = input::DEFAULT_HOST)]
        host: String,
        /// Print one JSON document on stdout and nothing else.
        #[arg(long)]
        json: bool,
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
                    say(&format!("mode-setup: could not start: {e}"));
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
                say("mode-setup: --max-rate must be between 1 and 1000000 requests a minute.");
                return 2;
            }
            if let Some(path) = &report {
                if crate::report::Format::from_path(path).is_none() {
                    say(&format!(
                        "mode-setup: the report file must end in .html, .md or .json (got {}).",
                        path.display()
                    ));
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
                    say(&fail(&e));
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
        Command::History {
            workspace,
            host,
            json,
        } => history(&workspace, &host, json),
    }
}
