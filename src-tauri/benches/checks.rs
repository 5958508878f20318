//! The speed and footprint benchmark: the release `mode-setup check` against the simulator with
//! Mode's latency and rate limit (time scaled, stated in the table), beside a naive client that
//! asks one request at a time with no pacing; then the window's start-up time, idle memory and
//! the binary's size. Run it with `scripts/bench`.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mode_setup::input::parse_host;
use mode_setup::mode::{ClientOptions, ModeClient};
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::{self, *};
use mode_setup::simulator::world::{RateLimit, SimMemberState, World};
use mode_setup::simulator::Simulator;

const BIN: &str = env!("CARGO_BIN_EXE_mode-setup");
/// Mode's limit, requests a minute, and the latency of a round trip to it.
const MODE_RATE: f64 = 240.0;
const LATENCY_MS: f64 = 80.0;
/// Mode's bucket size is not published; this is the simulator's assumption.
const BUCKET: f64 = 15.0;

struct Run {
    requests: u64,
    limited: u64,
    wall: Duration,
    peak_rss_kb: u64,
}

fn scaled_world(mut w: World, scale: f64) -> World {
    w.behaviour.latency_ms = (LATENCY_MS / scale).round().max(0.0) as u64;
    w.behaviour.rate_limit = Some(RateLimit {
        per_minute: MODE_RATE * scale,
        capacity: BUCKET,
    });
    w
}

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Our client: the release binary, paced just under the (scaled) limit.
async fn ours(world: &World, deep: bool, scale: f64) -> Run {
    let sim = Simulator::start(scaled_world(world.clone(), scale), 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut args = vec![
        "check".to_string(),
        "--host".into(),
        sim.url(),
        "--workspace".into(),
        "acme".into(),
        "--service-account".into(),
        CRAWLER.into(),
        "--json".into(),
        "--max-rate".into(),
        format!("{}", mode_setup::mode::client::DEFAULT_MAX_RATE * scale),
    ];
    if deep {
        args.push("--deep".into());
    }
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(&args)
        .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
        .env("MODE_API_SECRET", WORKSPACE_SECRET)
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("mode-setup-bench"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let pid = child.id();
    // Read the answer while it runs: a large document would fill the pipe and stall the check.
    let reader = child.stdout.take().map(|mut s| {
        std::thread::spawn(move || {
            use std::io::Read;
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            out
        })
    });
    let mut peak = 0;
    loop {
        if let Some(kb) = peak_rss_kb(pid) {
            peak = peak.max(kb);
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let wall = started.elapsed();
    let out = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let seen = sim.requests();
    assert!(
        doc["checks"].as_array().is_some_and(|c| c.len() == 9),
        "the check did not finish: {out}"
    );
    Run {
        requests: seen.len() as u64,
        limited: seen.iter().filter(|r| r.status == 429).count() as u64,
        wall,
        peak_rss_kb: peak,
    }
}

/// What the peer connectors do: every request one after another, no pacing, permissions of
/// every connection, members of every group, every report opened; 429s waited out.
async fn naive(world: &World, deep: bool, scale: f64) -> Run {
    let sim = Simulator::start(scaled_world(world.clone(), scale), 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let options = ClientOptions {
        requests_per_minute: 1e9,
        burst: 1e9,
        max_in_flight: 1,
        max_rate_limit_retries: 100_000,
        ..ClientOptions::default()
    };
    let host = parse_host(&sim.url()).unwrap_or_else(|e| panic!("{e}"));
    let c = ModeClient::new(
        host,
        WORKSPACE_KEY_ID,
        Secret::new(WORKSPACE_SECRET),
        options,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let ws = "acme";
    let _ = c.get_json("/api/verify").await;
    let _ = c.get_json("/api/account").await;
    let _ = c
        .list(&format!("/api/{ws}/memberships"), "memberships")
        .await;
    let _ = c
        .list(&format!("/api/{ws}/data_sources"), "data_sources")
        .await;
    for conn in &world.connections {
        let _ = c
            .list(
                &format!("/api/{ws}/data_sources/{}/permissions", conn.token),
                "data_source_entitlements",
            )
            .await;
    }
    for g in &world.groups {
        let _ = c
            .list(
                &format!("/api/{ws}/groups/{}/memberships", g.token),
                "group_memberships",
            )
            .await;
    }
    let _ = c
        .list(&format!("/api/{ws}/spaces?filter=all"), "spaces")
        .await;
    if deep {
        for s in &world.collections {
            let _ = c
                .list(&format!("/api/{ws}/spaces/{}/reports", s.token), "reports")
                .await;
            for r in &s.reports {
                let _ = c
                    .list(&format!("/api/{ws}/reports/{}/queries", r.token), "queries")
                    .await;
                for q in &r.queries {
                    let _ = c
                        .list(
                            &format!("/api/{ws}/reports/{}/queries/{}/charts", r.token, q.token),
                            "charts",
                        )
                        .await;
                }
            }
        }
    }
    let wall = started.elapsed();
    let seen = sim.requests();
    Run {
        requests: seen.len() as u64,
        limited: seen.iter().filter(|r| r.status == 429).count() as u64,
        wall,
        peak_rss_kb: 0,
    }
}

/// The fewest requests that still prove the setup, and the round trips that must follow one
/// another, for the crawler account of `world`.
fn minimum(world: &World, deep: bool) -> (u64, u64) {
    let crawler = world.member(CRAWLER);
    let admin = crawler.is_some_and(|m| m.admin);
    let me_groups: HashSet<&str> = world
        .groups
        .iter()
        .filter(|g| g.members.iter().any(|m| m == CRAWLER))
        .map(|g| g.token.as_str())
        .collect();
    let needs: Vec<_> = world
        .connections
        .iter()
        .filter(|c| !admin && c.default_access.eq_ignore_ascii_case("restricted"))
        .collect();
    let groups: HashSet<&str> = needs
        .iter()
        .filter(|c| {
            !c.grants
                .iter()
                .any(|g| g.member.as_deref() == Some(CRAWLER))
        })
        .flat_map(|c| c.grants.iter().filter_map(|g| g.group.as_deref()))
        .collect();
    let _ = me_groups;
    // A listing ends only on an empty page (or a page with nothing new), so each costs one
    // page more than it holds; the first two pages go out together, so a one-page listing
    // still takes one round trip.
    let walk = |items: usize, size: usize| items.div_ceil(size).max(1) as u64 + 1;
    let trips = |items: usize, size: usize| items.div_ceil(size).max(1) as u64;
    let spaces = walk(world.collections.len(), 30);
    // verify, workspace record, account, audit log; then members and connections (lists Mode
    // does not page: the confirming page repeats the first), grants, groups, collections.
    let mut requests = 4 + 2 + 2 + 2 * needs.len() as u64 + 2 * groups.len() as u64 + spaces;
    let mut path = 6
        + u64::from(!needs.is_empty())
        + u64::from(!groups.is_empty())
        + trips(world.collections.len(), 30);
    if deep {
        let shared = || world.collections.iter().filter(|s| !s.personal);
        let pages: u64 = shared().map(|s| walk(s.reports.len(), 30)).sum();
        let deepest = shared()
            .map(|s| trips(s.reports.len(), 30))
            .max()
            .unwrap_or(1);
        // A sample of 20 reports is opened to verify the listed counts: queries, then the
        // charts of each query, each list with its confirming page.
        let sample: u64 = shared()
            .flat_map(|s| &s.reports)
            .take(20)
            .map(|r| 2 + 2 * r.queries.len() as u64)
            .sum();
        requests += pages + sample;
        path += deepest + 2;
    }
    (requests, path)
}

fn secs(d: Duration, scale: f64) -> f64 {
    d.as_secs_f64() * scale
}

fn pss_kb(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Start-up time to the painted checklist and idle memory of the app and its WebKit processes.
fn window() -> Option<(u64, u64, usize)> {
    if Command::new("xvfb-run")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return None;
    }
    let home = std::env::temp_dir().join(format!("mode-setup-bench-window-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let mut saved = mode_setup::store::Saved::default();
    saved.profiles.push(mode_setup::store::Profile {
        id: "practice".into(),
        workspace: "acme".into(),
        host: "practice".into(),
        practice: true,
        key_id: Some(WORKSPACE_KEY_ID.into()),
        ..Default::default()
    });
    saved.active_profile = Some("practice".into());
    mode_setup::store::save(&home.join("mode-setup/profiles.json"), &saved).ok()?;
    let mut child = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            "dbus-run-session",
            "--",
            BIN,
        ])
        .env("XDG_CONFIG_HOME", &home)
        .env("MODE_SETUP_TRACE_STARTUP", "1")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let stderr = child.stderr.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(ms) = line
                .strip_prefix("startup: checklist painted after ")
                .and_then(|r| r.strip_suffix(" ms"))
            {
                let _ = tx.send(ms.parse::<u64>().unwrap_or(0));
            }
        }
    });
    let painted = rx.recv_timeout(Duration::from_secs(30)).ok();
    std::thread::sleep(Duration::from_secs(4));
    // The app (found by its private config folder) and every process it started (WebKit's).
    let parent = |pid: &str| -> String {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("PPid:"))
                    .map(|l| l[5..].trim().to_string())
            })
            .unwrap_or_default()
    };
    let pids: Vec<String> = std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
                .collect()
        })
        .unwrap_or_default();
    let app: Vec<String> = pids
        .iter()
        .filter(|pid| {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            String::from_utf8_lossy(&environ).contains(&home.display().to_string())
                && String::from_utf8_lossy(&cmd).starts_with("mode-setup")
        })
        .cloned()
        .collect();
    let mut total = 0;
    let mut count = 0;
    for pid in &pids {
        if app.contains(pid) || app.contains(&parent(pid)) {
            total += pss_kb(pid);
            count += 1;
        }
    }
    for pid in &app {
        let _ = Command::new("kill").arg(pid).status();
    }
    let _ = child.wait();
    Some((painted?, total, count))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let today = chrono::Local::now().date_naive();
    let mut large = scenarios::large(today);
    if let Some(m) = large.members.iter_mut().find(|m| m.username == CRAWLER) {
        m.state = SimMemberState::Active;
    }
    // (name, workspace, deep, time scale for ours, time scale for the naive client, the
    // fraction of collections the naive client walks; its time is multiplied back up).
    let cases: Vec<(&str, World, bool, f64, f64, usize)> = vec![
        ("typical", scenarios::typical(today), false, 1.0, 1.0, 1),
        ("large", large, false, 10.0, 50.0, 1),
        ("deep", scenarios::deep(today), true, 10.0, 100.0, 20),
    ];
    let only_window = std::env::args().any(|a| a == "window");
    println!("Mode Setup Assistant benchmark: release build against the Mode simulator");
    println!("Mode's limits as simulated: {MODE_RATE} requests/min (leaky bucket of {BUCKET}), {LATENCY_MS} ms per round trip.");
    println!("Times are in real-Mode seconds: measured wall time x the time scale (rate x scale, latency / scale).");
    println!("The naive client of the deep scenario walks 1/20 of the collections; its figures are multiplied by 20.\n");
    println!("| scenario | scale | requests | minimum | over min | 429s | wall s | floor s | wall/floor | naive requests | naive 429s | naive wall s | naive/ours | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, world, deep, scale, naive_scale, part) in cases.into_iter().filter(|_| !only_window)
    {
        let run = runtime.block_on(ours(&world, deep, scale));
        let mut sample = world.clone();
        let keep = sample.collections.len().div_ceil(part);
        sample.collections.truncate(keep);
        let mut slow = runtime.block_on(naive(&sample, deep, naive_scale));
        if part > 1 {
            slow.requests *= part as u64;
            slow.limited *= part as u64;
            slow.wall *= part as u32;
        }
        let (min, path) = minimum(&world, deep);
        // Our own ceiling of 200 a minute (Atlan's crawler shares Mode's 240) sets the pace.
        let ours = mode_setup::mode::client::DEFAULT_MAX_RATE;
        let floor = (path as f64 * LATENCY_MS / 1000.0).max(min as f64 / (ours / 60.0));
        let wall = secs(run.wall, scale);
        let naive_wall = secs(slow.wall, naive_scale);
        println!(
            "| {name} | {scale}x | {} | {min} | {:+.1}% | {} | {wall:.2} | {floor:.2} | {:.2} | {} | {} | {naive_wall:.1} | {:.1}x | {:.1} MB |",
            run.requests,
            (run.requests as f64 / min as f64 - 1.0) * 100.0,
            run.limited,
            wall / floor,
            slow.requests,
            slow.limited,
            naive_wall / wall,
            run.peak_rss_kb as f64 / 1024.0,
        );
    }
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
    };
    let window_bin = Path::new(BIN).with_file_name("mode-setup-window");
    println!(
        "\nRelease binaries: mode-setup (command line) {:.1} MB, mode-setup-window {:.1} MB.",
        size(Path::new(BIN)),
        size(&window_bin)
    );
    let deb = std::fs::read_dir(Path::new(BIN).with_file_name("bundle").join("deb"))
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "deb"))
        });
    match deb {
        Some(d) => println!("Debian package (download size): {:.1} MB.", size(&d)),
        None => println!("Debian package: not built yet (scripts/package)."),
    }
    match window() {
        Some((painted, pss, processes)) => println!(
            "Window: checklist painted {painted} ms after process start; idle memory {:.0} MB PSS across {processes} processes (app + WebKit).",
            pss as f64 / 1024.0
        ),
        None => println!("Window: not measured (needs xvfb-run; scripts/bench installs it)."),
    }
}
