//! The `mode-setup` command as a script would run it, against the simulator over loopback.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Simulator};

const BIN: &str = env!("CARGO_BIN_EXE_mode-setup");

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn start(name: &str) -> Simulator {
    let w = scenario(name, today()).unwrap_or_else(|| panic!("no scenario {name}"));
    Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn check(url: &str, secret: &str, extra: &[&str]) -> std::process::Output {
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = scratch.path().to_path_buf();
    let mut cmd = Command::new(BIN);
    cmd.args([
        "check",
        "--host",
        url,
        "--workspace",
        "https://app.mode.com/organizations/acme/data_sources",
    ])
    .args(extra)
    .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
    .env("MODE_API_SECRET", secret)
    .env("XDG_CONFIG_HOME", &home)
    .env_remove("DISPLAY")
    .env_remove("WAYLAND_DISPLAY");
    let out = tokio::task::block_in_place(|| cmd.output());
    out.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_is_one_document_with_all_nine_checks_and_no_secret() {
    let sim = start("healthy").await;
    let out = check(
        &sim.url(),
        WORKSPACE_SECRET,
        &[
            "--json",
            "--service-account",
            "atlan_crawler",
            "--expires-on",
            "2099-01-01",
        ],
    );
    // 2099 is over five years away: refused as a configuration error.
    assert_eq!(out.status.code(), Some(2));
    let soon = today()
        .checked_add_days(chrono::Days::new(45))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let out = check(
        &sim.url(),
        WORKSPACE_SECRET,
        &[
            "--json",
            "--service-account",
            "atlan_crawler",
            "--expires-on",
            &soon,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document: {e}"));
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["workspace"], "acme");
    assert_eq!(doc["key"]["kind"], "workspace");
    assert_eq!(doc["key"]["days_left"], 45);
    let ids: Vec<&str> = doc["checks"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        vec![
            "host",
            "credentials",
            "workspace",
            "key-type",
            "key-expiry",
            "service-account",
            "connection-access",
            "collections",
            "reports"
        ]
    );
    assert_eq!(doc["connections"].as_array().map(Vec::len), Some(4));
    assert!(doc["counts"]["reports"].is_null());
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(WORKSPACE_SECRET));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_check_exits_one_and_prints_the_fix_and_link() {
    let sim = start("restricted").await;
    let out = check(
        &sim.url(),
        WORKSPACE_SECRET,
        &["--service-account", "atlan_crawler"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAIL  The crawler can view every connection"),
        "{text}"
    );
    assert!(text.contains("Fix: For each one: Workspace Settings > Manage Connections"));
    assert!(text.contains("MISSING"));
    assert!(text.contains("Not ready for Atlan yet"));
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_check_reports_progress_on_stderr_only() {
    let sim = start("healthy").await;
    let out = check(&sim.url(), WORKSPACE_SECRET, &["--deep", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["counts"]["reports"], 38);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Reading reports"));
}

#[test]
fn missing_credentials_exit_two_saying_how_to_provide_them() {
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = scratch.path().to_path_buf();
    let out = Command::new(BIN)
        .args(["check", "--workspace", "acme"])
        .env_remove("MODE_API_KEY_ID")
        .env_remove("MODE_API_SECRET")
        .env("XDG_CONFIG_HOME", &home)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("MODE_API_KEY_ID") && err.contains("MODE_API_SECRET"),
        "{err}"
    );
}

#[test]
fn bad_input_exits_two_with_a_specific_message() {
    for (args, expect) in [
        (vec!["--workspace", "Acme Corp"], "spaces"),
        (
            vec!["--workspace", "https://example.com/acme"],
            "not to Mode",
        ),
        (
            vec!["--workspace", "acme", "--host", "http://app.mode.com"],
            "https://",
        ),
        (
            vec!["--workspace", "acme", "--expires-on", "9999-12-31"],
            "five years",
        ),
    ] {
        let out = Command::new(BIN)
            .arg("check")
            .args(&args)
            .env("MODE_API_KEY_ID", "abc")
            .env("MODE_API_SECRET", "def")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    let out = Command::new(BIN)
        .args(["check", "--workspace", "acme"])
        .env("MODE_API_KEY_ID", "\"ab\ncd\"")
        .env("MODE_API_SECRET", "def")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line breaks"));
}

#[test]
fn simulate_prints_the_url_and_the_keys_to_use() {
    let mut child = Command::new(BIN)
        .args(["simulate", "--scenario", "restricted"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let end = line.starts_with("  deep");
            lines.push(line);
            if end {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.join("\n");
    assert!(text.contains("at http://127.0.0.1:"), "{text}");
    assert!(
        text.contains(WORKSPACE_KEY_ID)
            && text.contains(MEMBER_KEY_ID)
            && text.contains(PERSONAL_KEY_ID)
    );
    let url = text
        .split("at ")
        .nth(1)
        .and_then(|s| s.split('.').next().map(|_| ()))
        .is_some();
    assert!(url);
}

#[test]
fn unknown_scenario_lists_the_real_ones() {
    let out = Command::new(BIN)
        .args(["simulate", "--scenario", "nope"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pending-invite"));
}
