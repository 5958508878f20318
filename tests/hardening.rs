//! What a hostile or broken network, a damaged disk or a closed pipe can do to `mode-setup`, run
//! as a person runs it: the real binary with its shipped defaults, the simulator on loopback, a
//! proxy started here, the real keyring and the real notification bus.

#[path = "support/notifications.rs"]
mod notifications;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::{Datelike, Days, NaiveDate, TimeZone};
use mode_setup::assistant::{Assistant, ProfileInput};
use mode_setup::checks::{run_checks, CheckInput};
use mode_setup::mode::ClientOptions;
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::world::Variant;
use mode_setup::simulator::{scenario, Fault, FaultKind, Simulator};
use mode_setup::store::{self, Profile, Saved};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_mode-setup");
const WINDOW: &str = env!("CARGO_BIN_EXE_mode-setup-window");

/// Every proxy variable a system may set, upper and lower case.
const PROXY_VARIABLES: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mode-setup-hardening-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

async fn sim(name: &str) -> Simulator {
    let w = scenario(name, today()).unwrap_or_else(|| panic!("no scenario {name}"));
    Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The command with a private config folder, no key, no proxy and no display.
fn mode_setup(config: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", config)
        .env_remove("MODE_API_KEY_ID")
        .env_remove("MODE_API_SECRET")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    for name in PROXY_VARIABLES {
        cmd.env_remove(name);
    }
    cmd
}

/// `mode-setup check` of workspace acme on `host` with the practice workspace key.
fn check(config: &Path, host: &str, secret: &str, extra: &[&str]) -> Command {
    let mut cmd = mode_setup(config);
    cmd.args(["check", "--host", host, "--workspace", "acme"])
        .args(extra)
        .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
        .env("MODE_API_SECRET", secret);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    tokio::task::block_in_place(|| cmd.output()).unwrap_or_else(|e| panic!("{e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn require_session() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "needs a D-Bus session with an unlocked keyring: run the tests through scripts/test"
    );
}

/// A proxy on loopback that records the head of every request it gets and refuses them all.
struct LoggingProxy {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl LoggingProxy {
    fn start() -> LoggingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let url = format!(
            "http://{}",
            listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
        );
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                seen.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(String::from_utf8_lossy(&head).to_string());
                let _ = stream.write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        });
        LoggingProxy { url, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Points every proxy variable of `cmd` at this proxy.
    fn apply(&self, cmd: &mut Command) {
        for name in &PROXY_VARIABLES[..6] {
            cmd.env(name, &self.url);
        }
    }
}

fn basic(secret: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{WORKSPACE_KEY_ID}:{secret}"))
}

/// Every form in which the practice key could leak.
fn key_forms() -> Vec<String> {
    vec![
        WORKSPACE_SECRET.to_string(),
        basic(WORKSPACE_SECRET).trim_end_matches('=').to_string(),
        format!("{WORKSPACE_KEY_ID}:{WORKSPACE_SECRET}"),
    ]
}

fn assert_no_key(what: &str, text: &str) {
    for form in key_forms() {
        assert!(
            !text.contains(&form),
            "{what} holds the key ({form}):\n{text}"
        );
    }
}

// 1. Proxies ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_in_the_environment_never_sees_a_check_of_this_computer() {
    let s = sim("healthy").await;
    let proxy = LoggingProxy::start();
    let config = scratch("proxy-loopback");
    for host in [s.url(), s.url().replace("127.0.0.1", "localhost")] {
        let mut cmd = check(&config, &host, WORKSPACE_SECRET, &["--json"]);
        proxy.apply(&mut cmd);
        let out = run(&mut cmd);
        assert_eq!(out.status.code(), Some(0), "{host}: {}", text(&out.stderr));
    }
    assert!(
        proxy.heads().is_empty(),
        "the proxy saw {:?}",
        proxy.heads()
    );
    assert!(!s.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mode_host_is_reached_through_the_proxy_by_connect_without_the_key() {
    let proxy = LoggingProxy::start();
    let config = scratch("proxy-mode");
    let mut cmd = check(
        &config,
        "https://mode-proxy-check.example",
        WORKSPACE_SECRET,
        &[],
    );
    proxy.apply(&mut cmd);
    let out = run(&mut cmd);
    assert_ne!(out.status.code(), Some(0));
    let heads = proxy.heads();
    assert!(!heads.is_empty(), "the system proxy was not used");
    for head in &heads {
        assert!(
            head.starts_with("CONNECT mode-proxy-check.example:443 "),
            "not a tunnel: {head}"
        );
        assert!(
            !head.to_ascii_lowercase().contains("authorization"),
            "{head}"
        );
        assert_no_key("the proxy's view", head);
    }
}

struct TlsServer(std::process::Child);

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn certificates_the_system_trusts_are_trusted() {
    let dir = scratch("tls");
    let (key, cert) = (dir.join("key.pem"), dir.join("cert.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("openssl is needed for this test: {e}"));
    assert!(made.success());
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let _server = TlsServer(
        Command::new("openssl")
            .args(["s_server", "-quiet", "-www", "-accept", &port.to_string()])
            .arg("-key")
            .arg(&key)
            .arg("-cert")
            .arg(&cert)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the TLS server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let host = format!("https://localhost:{port}");
    let config = scratch("tls-config");
    let host_check = |trusted: bool| {
        let mut cmd = check(&config, &host, WORKSPACE_SECRET, &["--json"]);
        if trusted {
            cmd.env("SSL_CERT_FILE", &cert);
        }
        let out = run(&mut cmd);
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
        doc["checks"][0].clone()
    };
    // Not in any trust store: refused for its certificate.
    let refused = host_check(false);
    assert!(
        refused["summary"]
            .as_str()
            .unwrap_or("")
            .contains("certificate"),
        "{refused}"
    );
    // Trusted by the system (SSL_CERT_FILE): the connection is made, and the answer (a web
    // page) is judged for what it is.
    let trusted = host_check(true);
    let summary = trusted["summary"].as_str().unwrap_or("");
    assert!(
        summary.contains("does not look like Mode's API"),
        "{trusted}"
    );
    assert!(!summary.contains("certificate"), "{trusted}");
}

// 2. --save keeps a secret Mode refused out of the keyring -----------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_secret_is_not_saved_and_the_saved_one_is_kept() {
    require_session();
    let s = sim("healthy").await;
    let host = s.url();
    let config = scratch("save-refused");
    mode_setup::keystore::store(&host, "acme", &Secret::new(WORKSPACE_SECRET))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&mut check(
        &config,
        &host,
        "wrong-secret-marker",
        &["--save", "--json"],
    ));
    let kept = mode_setup::keystore::load(&host, "acme").ok().flatten();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr)
            .contains("The secret was not saved: Mode did not accept it; the saved one is kept."),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(kept.as_ref().map(Secret::expose), Some(WORKSPACE_SECRET));
    let saved =
        store::load(&config.join("mode-setup/profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        saved.0.profiles.is_empty(),
        "a refused key was saved as a profile"
    );

    // A secret Mode accepts is saved.
    let out = run(&mut check(&config, &host, WORKSPACE_SECRET, &["--save"]));
    let _ = mode_setup::keystore::delete(&host, "acme");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Saved acme"),
        "{}",
        text(&out.stderr)
    );
}

// 3. Text from the server ----------------------------------------------------------------------

/// A 401 whose message echoes the Authorization header back, as some proxies and servers do.
fn echoing_401() -> Fault {
    let echo = format!(
        "Bad credentials in Authorization: Basic {} ({WORKSPACE_KEY_ID}:{WORKSPACE_SECRET})",
        basic(WORKSPACE_SECRET)
    );
    Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::Body {
            status: 401,
            content_type: "application/json".into(),
            body: json!({"id": "unauthorized", "message": echo})
                .to_string()
                .into_bytes(),
        },
        times: 1,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_echoed_authorization_header_is_redacted_everywhere() {
    let s = sim("healthy").await;
    let dir = scratch("echo");
    // The command: --json, the text table, stderr and the report file.
    let report = dir.join("setup.html");
    s.inject(echoing_401());
    let report_arg = report.display().to_string();
    let out = run(&mut check(
        &dir,
        &s.url(),
        WORKSPACE_SECRET,
        &["--json", "--report", &report_arg],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc = text(&out.stdout);
    assert!(
        doc.contains("Bad credentials in Authorization: Basic (redacted)"),
        "{doc}"
    );
    assert_no_key("--json", &doc);
    assert_no_key("stderr", &text(&out.stderr));
    assert_no_key(
        "the report",
        &std::fs::read_to_string(&report).unwrap_or_default(),
    );
    s.inject(echoing_401());
    let out = run(&mut check(&dir, &s.url(), WORKSPACE_SECRET, &[]));
    assert_no_key("the text output", &text(&out.stdout));

    // The window's path: the last report saved with the profile, and the reports made from it.
    let a = Assistant::load(dir.join("window/profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    let form = ProfileInput {
        workspace: "acme".into(),
        host: s.url(),
        service_account: CRAWLER.into(),
        key_id: WORKSPACE_KEY_ID.into(),
        ..Default::default()
    };
    let id = a
        .save_profile(form, today())
        .unwrap_or_else(|e| panic!("{e}"))
        .profile
        .id;
    let input = CheckInput {
        host: mode_setup::input::parse_host(&s.url()).unwrap_or_else(|e| panic!("{e}")),
        workspace: "acme".into(),
        key_id: WORKSPACE_KEY_ID.into(),
        secret: Secret::new(WORKSPACE_SECRET),
        service_account: Some(CRAWLER.into()),
        expires_on: None,
        deep: false,
        today: today(),
    };
    s.inject(echoing_401());
    let r = run_checks(&input, ClientOptions::default(), None, &|_| {})
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    a.record_report(&id, &r, today())
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = std::fs::read_to_string(dir.join("window/profiles.json")).unwrap_or_default();
    assert!(saved.contains("(redacted)"), "{saved}");
    assert_no_key("the saved last report", &saved);
    for format in [
        mode_setup::report::Format::Html,
        mode_setup::report::Format::Markdown,
        mode_setup::report::Format::Json,
    ] {
        let rendered = a
            .render_report(&id, format)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_no_key(&format!("the {format:?} report"), &rendered);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn names_with_escape_sequences_and_links_to_other_hosts_are_made_safe() {
    let s = sim("healthy").await;
    let config = scratch("hostile-names");
    let listing = json!({
        "_embedded": {"data_sources": [{
            "token": "evil1", "id": 1,
            "name": "\u{1b}]0;owned\u{7}\u{1b}[31mRed\u{1b}[0m Warehouse\u{1b}[2J\u{9b}1;1H",
            "default_access_level": "restricted",
            "_links": {"web": {"href": "https://evil.example/login"}}
        }]},
        "pagination": {"page": 1, "total_pages": 1}
    });
    let fault = || Fault {
        path_contains: "/api/acme/data_sources".into(),
        kind: FaultKind::Body {
            status: 200,
            content_type: "application/hal+json".into(),
            body: listing.to_string().into_bytes(),
        },
        times: 2,
    };
    let own_page = format!("{}/organizations/acme/data_sources/evil1", s.url());

    s.inject(fault());
    let out = run(&mut check(
        &config,
        &s.url(),
        WORKSPACE_SECRET,
        &["--service-account", CRAWLER],
    ));
    let table = text(&out.stdout);
    assert!(table.contains("Red Warehouse"), "{table}");
    for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(!table.contains(c), "{c:?} reached the terminal:\n{table:?}");
    }
    assert!(table.contains(&format!("Open: {own_page}")), "{table}");
    assert!(!table.contains("evil.example"), "{table}");

    s.inject(fault());
    let out = run(&mut check(
        &config,
        &s.url(),
        WORKSPACE_SECRET,
        &["--service-account", CRAWLER, "--json"],
    ));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["connections"][0]["link"], own_page.as_str());
    assert!(!doc.to_string().contains("evil.example"), "{doc}");
}

// 4. An unreadable profiles file ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_profiles_file_is_named_and_left_alone() {
    // Tests run as root, which reads any file whatever its mode: a folder in place of the file
    // fails to read for everyone.
    let config = scratch("unreadable");
    let path = config.join("mode-setup/profiles.json");
    std::fs::create_dir_all(path.join("kept")).unwrap_or_else(|e| panic!("{e}"));
    let named = path.display().to_string();

    let out = run(mode_setup(&config).args(["check", "--workspace", "acme"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&named), "{}", text(&out.stderr));

    let out = run(mode_setup(&config).arg("remind"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&named), "{}", text(&out.stderr));

    // The window refuses to start empty; without a display it says so on stderr only.
    let out = run(Command::new(WINDOW)
        .env("XDG_CONFIG_HOME", &config)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&named), "{}", text(&out.stderr));

    assert!(
        path.join("kept").is_dir(),
        "the unreadable file was replaced"
    );
    let beside: Vec<_> = std::fs::read_dir(config.join("mode-setup"))
        .map(|r| r.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !beside
            .iter()
            .any(|n| n.to_string_lossy().contains("damaged")),
        "{beside:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_profiles_file_is_still_moved_aside_and_reported() {
    let config = scratch("damaged");
    let dir = config.join("mode-setup");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("profiles.json"), b"{\"profiles\": [ {\"id\": ")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = run(mode_setup(&config).arg("remind"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let beside: Vec<String> = std::fs::read_dir(&dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(beside.iter().any(|n| n.contains("damaged-")), "{beside:?}");
}

// 5. Output that cannot be written -------------------------------------------------------------

fn expiring_profile(config: &Path) {
    let saved = Saved {
        profiles: vec![Profile {
            id: "a".into(),
            workspace: "acme".into(),
            host: "https://app.mode.com".into(),
            key_id: Some("key-a".into()),
            expires_on: today().checked_add_days(Days::new(5)),
            ..Default::default()
        }],
        ..Default::default()
    };
    store::save(&config.join("mode-setup/profiles.json"), &saved).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn remind_records_a_reminder_before_printing_it() {
    let bus = notifications::Notifications::start().await;
    let config = scratch("remind-full");
    expiring_profile(&config);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = run(mode_setup(&config).arg("remind").stdout(full));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("sent and recorded"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(bus.seen().len(), 1);

    // The next run knows it was sent.
    let out = run(mode_setup(&config).arg("remind"));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("No reminders are due"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(bus.seen().len(), 1, "the reminder was sent twice");

    // Into a pipe nobody reads.
    let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("{e}"));
    drop(reader);
    let out = run(mode_setup(&config).arg("remind").stdout(writer));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn check_into_a_closed_pipe_says_so_without_panicking() {
    let s = sim("healthy").await;
    let config = scratch("check-pipe");
    for extra in [&[][..], &["--json"][..]] {
        let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("{e}"));
        drop(reader);
        let out = run(check(&config, &s.url(), WORKSPACE_SECRET, extra).stdout(writer));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("the results could not be written"), "{err}");
    }
}

// 6. Who may read what the app writes ----------------------------------------------------------

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn files_the_command_writes_are_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let s = sim("healthy").await;
    let config = scratch("modes");
    let out = run(mode_setup(&config).arg("remind"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dir = config.join("mode-setup");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("profiles.json")), 0o600);
    assert_eq!(mode(&dir.join("profiles.json.lock")), 0o600);
    let report = config.join("reports/setup.md");
    let report_arg = report.display().to_string();
    let out = run(&mut check(
        &config,
        &s.url(),
        WORKSPACE_SECRET,
        &["--report", &report_arg],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(mode(&report), 0o600);
    // Nothing else is written: no log, no leftover temp file.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(names, ["profiles.json", "profiles.json.lock"]);
    assert_eq!(
        std::fs::read_dir(report.parent().unwrap_or(&dir))
            .map(|r| r.count())
            .unwrap_or(0),
        1
    );
}

// 8. A failed write never hides the results ----------------------------------------------------

/// Runs `cmd` with stdout and stderr into one file, so their order shows.
fn run_merged(cmd: &mut Command, file: &Path) -> (Option<i32>, String) {
    let f = std::fs::File::create(file).unwrap_or_else(|e| panic!("{e}"));
    let g = f.try_clone().unwrap_or_else(|e| panic!("{e}"));
    let status = tokio::task::block_in_place(|| cmd.stdout(f).stderr(g).status())
        .unwrap_or_else(|e| panic!("{e}"));
    (
        status.code(),
        std::fs::read_to_string(file).unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn results_are_shown_before_a_failed_write_and_the_exit_is_two() {
    let s = sim("healthy").await;
    let dir = scratch("write-fails");
    // A folder that cannot exist: a path under a regular file fails even for root.
    let plain = dir.join("plain-file");
    std::fs::write(&plain, b"x").unwrap_or_else(|e| panic!("{e}"));
    let target = plain.join("x.html").display().to_string();
    let (code, both) = run_merged(
        &mut check(
            &dir,
            &s.url(),
            WORKSPACE_SECRET,
            &["--service-account", CRAWLER, "--report", &target],
        ),
        &dir.join("out-report.txt"),
    );
    assert_eq!(code, Some(2), "{both}");
    let results = both
        .find("Ready for Atlan")
        .unwrap_or_else(|| panic!("no results:\n{both}"));
    let error = both
        .find(&target)
        .unwrap_or_else(|| panic!("no error:\n{both}"));
    assert!(results < error, "{both}");

    // No keyring at all: the results, then what to install.
    let (code, both) = run_merged(
        check(
            &dir,
            &s.url(),
            WORKSPACE_SECRET,
            &["--service-account", CRAWLER, "--save"],
        )
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
        &dir.join("out-save.txt"),
    );
    assert_eq!(code, Some(2), "{both}");
    let results = both
        .find("Ready for Atlan")
        .unwrap_or_else(|| panic!("no results:\n{both}"));
    let error = both
        .find("gnome-keyring")
        .unwrap_or_else(|| panic!("no error:\n{both}"));
    assert!(results < error, "{both}");
    assert!(!both.contains(WORKSPACE_SECRET));
}

// 9. The expiry is counted on this computer's calendar -----------------------------------------

/// GNU date in zone `tz`: the system's own reading of the time zone, as the yardstick.
fn date_in(tz: &str, args: &[&str]) -> String {
    let out = Command::new("date")
        .env("TZ", tz)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    text(&out.stdout).trim().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn expiry_is_counted_on_this_computers_calendar_in_every_zone() {
    let mut world = scenario("healthy", today()).unwrap_or_else(|| panic!("scenario"));
    Variant::KeyRecord.apply(&mut world.behaviour);
    let s = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let config = scratch("expiry-zones");
    // A made-up zone whose clocks change tomorrow and the day after, so every run crosses a
    // change of clocks before the expiry.
    let utc = chrono::Utc::now().date_naive();
    let next = |n| utc.checked_add_days(Days::new(n)).unwrap_or(utc);
    let changing = format!("XST8XDT,{}/2,{}/2", next(1).ordinal0(), next(2).ordinal0());
    for tz in ["Pacific/Auckland", "America/Los_Angeles", changing.as_str()] {
        let local_today = NaiveDate::parse_from_str(&date_in(tz, &["+%F"]), "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{tz}: {e}"));
        let day = local_today
            .checked_add_days(Days::new(3))
            .unwrap_or(local_today);
        // Just after midnight and just before the next: the UTC date differs from the local one
        // for one of the two in every zone here.
        for time in ["00:30", "23:30"] {
            let epoch: i64 = date_in(tz, &["-d", &format!("{day} {time}"), "+%s"])
                .parse()
                .unwrap_or_else(|e| panic!("{tz}: {e}"));
            let instant = chrono::Utc
                .timestamp_opt(epoch, 0)
                .single()
                .unwrap_or_else(|| panic!("{epoch}"));
            let record = json!({
                "token": WORKSPACE_KEY_ID, "api_key_scope": "workspace",
                "expires_at": instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            });
            s.inject(Fault {
                path_contains: "/api_keys/".into(),
                kind: FaultKind::Body {
                    status: 200,
                    content_type: "application/hal+json".into(),
                    body: record.to_string().into_bytes(),
                },
                times: 1,
            });
            let out = run(check(&config, &s.url(), WORKSPACE_SECRET, &["--json"]).env("TZ", tz));
            let doc: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{tz}: {e}: {}", text(&out.stderr)));
            let what = format!("{tz}, expiring {day} {time} local ({instant})");
            assert_eq!(doc["key"]["expiry_source"], "mode", "{what}");
            assert_eq!(doc["key"]["expires_on"], day.to_string().as_str(), "{what}");
            assert_eq!(doc["key"]["days_left"], 3, "{what}");
        }
    }
}

// 10. A stalled Mode ---------------------------------------------------------------------------

/// Runs a check against `s` with the shipped defaults and returns how long it took, the exit
/// status, stdout and stderr.
fn stalled_check(s: &Simulator, name: &str) -> (Duration, Option<i32>, String, String) {
    let config = scratch(name);
    let started = Instant::now();
    let out = run(&mut check(
        &config,
        &s.url(),
        WORKSPACE_SECRET,
        &["--service-account", CRAWLER],
    ));
    (
        started.elapsed(),
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_that_never_answers_ends_the_check_within_a_minute() {
    let s = sim("healthy").await;
    s.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::Hang,
        times: 100,
    });
    let (took, code, out, err) = stalled_check(&s, "hang");
    assert!(took < Duration::from_secs(62), "took {took:?}");
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("Mode was busy or unreachable"), "{out}");
    assert!(err.contains("Still waiting for Mode (10 s)…"), "{err}");
    assert!(err.contains("Still waiting for Mode (40 s)…"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_stalls_halfway_ends_the_check_within_a_minute() {
    let s = sim("healthy").await;
    s.inject(Fault {
        path_contains: "/memberships".into(),
        kind: FaultKind::NeverEnds,
        times: 100,
    });
    let (took, code, out, err) = stalled_check(&s, "never-ends");
    assert!(took < Duration::from_secs(62), "took {took:?}");
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("busy or unreachable"), "{out}");
    assert!(out.contains("Mode was busy or unreachable"), "{out}");
    assert!(err.contains("Still waiting for Mode (20 s)…"), "{err}");
}
