//! DataHub's Mode source, a crawler that runs against the real Mode, as a judge of the simulator:
//! for each simulated workspace it must crawl to the end, report no failure, and find exactly the
//! reports, queries and charts that `mode-setup check --deep` counts.
//!
//! Needs the Python venv that `scripts/datahub-env` makes (`scripts/test` runs it first).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mode_setup::simulator::scenarios::{CRAWLER, WORKSPACE_KEY_ID, WORKSPACE_SECRET};
use mode_setup::simulator::world::Variant;
use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_mode-setup");

/// One simulated workspace: a scenario served with some behaviour variants.
struct Case {
    scenario: &'static str,
    variants: &'static [&'static str],
}

const fn case(scenario: &'static str, variants: &'static [&'static str]) -> Case {
    Case { scenario, variants }
}

/// The recorded shapes (the simulator's default), then one healthy run per variant DataHub can
/// crawl to the end. `repeat-last-page` and `repeat-first-page` are left out on purpose: DataHub
/// pages until it gets an empty page, so a repeated page keeps it crawling forever.
const CASES: &[Case] = &[
    case("healthy", &[]),
    case("restricted", &[]),
    case("deep", &[]),
    case("healthy", &["verify-scope"]),
    case("healthy", &["key-record"]),
    case("healthy", &["probe-403"]),
    case("healthy", &["ids-as-strings"]),
    case("healthy", &["upper-case-access"]),
    case("healthy", &["memberships-lite"]),
];

/// The `deep` scenario is served cut to its first collections (50 reports each: a page of 30,
/// a page of 20, then the page past the end), so DataHub crawls it in seconds.
const DEEP_COLLECTIONS: usize = 4;

/// How long DataHub may take for one workspace.
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// The numbers both sides count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
struct Counts {
    reports: Option<u64>,
    queries: Option<u64>,
    charts: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct CheckDocument {
    counts: Counts,
}

/// The line `scripts/datahub-crawl` prints.
#[derive(Debug, Deserialize)]
struct Crawl {
    finished: bool,
    seconds: f64,
    datahub_version: String,
    #[serde(flatten)]
    counts: Counts,
    failures: Vec<String>,
    warnings: Vec<String>,
    error: Option<String>,
    requests: Vec<String>,
    request_count: u64,
}

struct Outcome {
    label: String,
    check: Counts,
    crawl: Crawl,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn venv_python() -> PathBuf {
    let python = root().join("target/datahub-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/datahub-env to install DataHub's Mode source \
         (scripts/test does this before cargo test)",
        python.display()
    );
    python
}

/// `mode-setup simulate`, stopped when dropped.
struct Served {
    child: Child,
    url: String,
    workspace: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("mode-setup-datahub-{}", std::process::id()))
}

fn scratch(name: &str) -> PathBuf {
    let dir = scratch_dir();
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// The `deep` scenario cut to [`DEEP_COLLECTIONS`] collections, as a `--world` file.
fn small_deep_world() -> PathBuf {
    let today = chrono::Local::now().date_naive();
    let mut world = mode_setup::simulator::scenario("deep", today)
        .unwrap_or_else(|| panic!("the simulator has no scenario called deep"));
    world.collections.truncate(DEEP_COLLECTIONS);
    let path = scratch("deep.json");
    let json = serde_json::to_vec(&world).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn serve(case: &Case) -> Result<Served, String> {
    let mut cmd = Command::new(BIN);
    cmd.arg("simulate").args(["--port", "0"]);
    if case.scenario == "deep" {
        cmd.arg("--world").arg(small_deep_world());
    } else {
        cmd.args(["--scenario", case.scenario]);
    }
    for v in case.variants {
        cmd.args(["--variant", v]);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{BIN}: {e}"));
    let stdout = child.stdout.take();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Some(out) = stdout else { return };
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // `Serving workspace "acme" at http://127.0.0.1:PORT. Press Ctrl+C to stop.`
            if let Some(rest) = line.strip_prefix("Serving workspace \"") {
                let workspace = rest.split('"').next().unwrap_or_default().to_string();
                let url = rest
                    .split(" at ")
                    .nth(1)
                    .and_then(|s| s.split_whitespace().next())
                    .map(|s| s.trim_end_matches('.').to_string())
                    .unwrap_or_default();
                let _ = tx.send((workspace, url));
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok((workspace, url)) => Ok(Served {
            child,
            url,
            workspace,
        }),
        Err(_) => {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            let _ = child.wait();
            Err(format!(
                "`mode-setup simulate` printed no URL: {}",
                err.trim()
            ))
        }
    }
}

fn check(served: &Served) -> Result<Counts, String> {
    let out = Command::new(BIN)
        .args(["check", "--deep", "--json", "--max-rate", "1000000"])
        .args(["--host", &served.url])
        .args([
            "--workspace",
            &served.workspace,
            "--service-account",
            CRAWLER,
        ])
        .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
        .env("MODE_API_SECRET", WORKSPACE_SECRET)
        .env("XDG_CONFIG_HOME", scratch("config"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap_or_else(|e| panic!("{BIN}: {e}"));
    let doc: CheckDocument = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "`mode-setup check --deep --json` printed no report ({e}); exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim()
        )
    })?;
    Ok(doc.counts)
}

/// Runs `scripts/datahub-crawl`; `max_requests` stops a crawl that pages without end early.
fn crawl(python: &Path, served: &Served, max_requests: u64) -> Result<Crawl, String> {
    let mut child = Command::new(python)
        .arg(root().join("scripts/datahub-crawl"))
        .args([
            "--connect-uri",
            &served.url,
            "--workspace",
            &served.workspace,
        ])
        .args(["--token", WORKSPACE_KEY_ID])
        .args(["--time-limit", &TIME_LIMIT.as_secs().to_string()])
        .args(["--max-requests", &max_requests.to_string()])
        .env("MODE_API_SECRET", WORKSPACE_SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    let reader = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    // The script bounds itself; this is the backstop should Python itself hang.
    let deadline = Instant::now() + TIME_LIMIT + Duration::from_secs(60);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.wait();
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    serde_json::from_str(out.trim()).map_err(|e| {
        let lines: Vec<&str> = err.lines().collect();
        let tail = &lines[lines.len().saturating_sub(20)..];
        format!(
            "scripts/datahub-crawl printed no result ({e}); its last lines:\n{}",
            tail.join("\n")
        )
    })
}

/// Serves one case, then counts it with `check --deep` and with DataHub.
fn run(python: &Path, case: &Case) -> Result<Outcome, String> {
    let served = serve(case)?;
    let check = check(&served)?;
    // Every report, query and chart costs DataHub a request or two; far more means a pager that
    // never ends.
    let expected = check.reports.unwrap_or(0) * 3 + check.queries.unwrap_or(0) * 2;
    let crawl = crawl(python, &served, 200 + expected * 2)?;
    Ok(Outcome {
        label: label(case),
        check,
        crawl,
    })
}

fn label(case: &Case) -> String {
    let mut s = case.scenario.to_string();
    for v in case.variants {
        s.push('+');
        s.push_str(v);
    }
    s
}

fn n(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

/// The side-by-side table, written straight to stderr so it shows with or without
/// `--nocapture`.
fn print_table(outcomes: &[Outcome]) {
    let version = outcomes
        .first()
        .map(|o| o.crawl.datahub_version.as_str())
        .unwrap_or("?");
    let width = outcomes
        .iter()
        .map(|o| o.label.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut t = format!(
        "\nDataHub {version} (Mode source) against the simulator\n\
         {:<width$}  {:>20}  {:>20}  {:>7}  {:>5}  {:>4}  {:>4}\n\
         {:<width$}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}\n",
        "case",
        "check --deep",
        "DataHub",
        "seconds",
        "reqs",
        "fail",
        "warn",
        "",
        "rep",
        "qry",
        "cht",
        "rep",
        "qry",
        "cht",
    );
    for o in outcomes {
        let (c, d) = (o.check, o.crawl.counts);
        t.push_str(&format!(
            "{:<width$}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>7.1}  {:>5}  {:>4}  {:>4}{}\n",
            o.label,
            n(c.reports),
            n(c.queries),
            n(c.charts),
            n(d.reports),
            n(d.queries),
            n(d.charts),
            o.crawl.seconds,
            o.crawl.request_count,
            o.crawl.failures.len(),
            o.crawl.warnings.len(),
            if o.crawl.finished {
                ""
            } else {
                "  (unfinished)"
            },
        ));
    }
    for o in outcomes {
        for w in &o.crawl.warnings {
            let short: String = w.chars().take(150).collect();
            let more = if short.len() < w.len() { " ..." } else { "" };
            t.push_str(&format!("  {} warning: {short}{more}\n", o.label));
        }
    }
    let _ = std::io::stderr().write_all(t.as_bytes());
}

#[test]
fn every_variant_datahub_can_finish_has_a_case_and_no_other_does() {
    for v in Variant::ALL {
        let listed = CASES.iter().any(|c| c.variants.contains(&v.name()));
        if v.ends_on_an_empty_page() {
            assert!(
                listed,
                "add case(\"healthy\", &[\"{}\"]) to CASES",
                v.name()
            );
        } else {
            assert!(
                !listed,
                "DataHub never finishes under {}: drop it",
                v.name()
            );
        }
    }
    for c in CASES {
        for name in c.variants {
            assert!(Variant::parse(name).is_some(), "no variant called {name}");
        }
    }
}

#[test]
fn datahub_crawls_every_simulated_workspace_and_counts_what_the_check_counts() {
    let python = venv_python();
    let mut outcomes = Vec::new();
    let mut problems = Vec::new();
    for case in CASES {
        match run(&python, case) {
            Ok(o) => outcomes.push(o),
            Err(e) => problems.push(format!("{}: {e}", label(case))),
        }
    }
    let _ = std::fs::remove_dir_all(scratch_dir());
    print_table(&outcomes);

    for o in &outcomes {
        let c = &o.crawl;
        if !c.finished {
            problems.push(format!(
                "{}: DataHub did not finish: {}; its requests by shape:\n    {}",
                o.label,
                c.error.as_deref().unwrap_or("no reason given"),
                c.requests.join("\n    ")
            ));
        } else if let Some(e) = &c.error {
            problems.push(format!("{}: DataHub stopped with {e}", o.label));
        }
        for f in &c.failures {
            problems.push(format!("{}: DataHub reported a failure: {f}", o.label));
        }
        if o.check.reports.is_none() {
            problems.push(format!("{}: check --deep counted no reports", o.label));
        }
        if c.finished && c.counts != o.check {
            problems.push(format!(
                "{}: counts differ: check --deep {:?}, DataHub {:?}",
                o.label, o.check, c.counts
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
