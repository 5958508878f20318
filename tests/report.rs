//! The setup report from the command line in every format: every check and connection in each,
//! the secret in none, and the HTML rendered by a real browser (Debian's chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

use mode_setup::model::{CheckId, SetupDocument, Verdict};
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Simulator};

const CHECK_TITLES: &[&str] = &[
    "Mode can be reached",
    "Mode accepts the key",
    "The key belongs to this workspace",
    "The key is a workspace or member key",
    "The key is not about to expire",
    "The crawler's account is a current member",
    "The crawler can view every connection",
    "Collections are visible",
    "Reports, queries and charts can be read",
];

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_hold_every_check_and_connection_and_never_the_secret() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run through scripts/test (needs the keyring)"
    );
    let marker = format!("SECRET-MARKER-{}-x9", std::process::id());
    let mut world = scenario("restricted", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    if let Some(k) = world.keys.iter_mut().find(|k| k.id == WORKSPACE_KEY_ID) {
        k.secret = marker.clone();
    }
    let names: Vec<String> = world.connections.iter().map(|c| c.name.clone()).collect();
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch.path().to_path_buf();
    let mut written: Vec<u8> = Vec::new();
    for file in ["report.html", "report.md", "report.json"] {
        let out = tokio::task::block_in_place(|| {
            Command::new(env!("CARGO_BIN_EXE_mode-setup"))
                .args([
                    "check",
                    "--host",
                    &sim.url(),
                    "--workspace",
                    "acme",
                    "--service-account",
                    CRAWLER,
                    "--json",
                    "--save",
                ])
                .arg("--report")
                .arg(dir.join(file))
                .env("MODE_API_KEY_ID", WORKSPACE_KEY_ID)
                .env("MODE_API_SECRET", &marker)
                .env("XDG_CONFIG_HOME", dir.join("config"))
                .output()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out.status.code(),
            Some(1),
            "a connection lacks View: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        written.extend(&out.stdout);
        written.extend(&out.stderr);
        let text =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        if file.ends_with(".json") {
            let doc: SetupDocument = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let mut ids: Vec<CheckId> = doc.report.checks.iter().map(|c| c.id).collect();
            ids.sort();
            assert_eq!(ids, CheckId::ALL, "every check, once");
            assert_eq!(doc.report.connections.len(), names.len());
            assert_eq!(doc.report.verdict(), Verdict::NotReady);
        } else {
            for t in CHECK_TITLES {
                let escaped = t.replace('\'', "&#39;");
                assert!(
                    text.contains(t) || text.contains(&escaped),
                    "{file} lacks the check {t}"
                );
            }
        }
        for n in &names {
            assert!(text.contains(n.as_str()), "{file} lacks the connection {n}");
        }
        assert!(
            text.contains("Not ready for Atlan"),
            "{file} says in one sentence whether it is ready"
        );
        if file.ends_with(".html") {
            assert!(
                text.contains("<p class=\"verdict\">Not ready for Atlan</p>"),
                "the banner says the verdict in words"
            );
        }
    }
    // Every byte written: the three reports, the saved profile, stdout and stderr.
    for f in files_under(&dir) {
        written.extend(std::fs::read(&f).unwrap_or_default());
    }
    assert!(
        files_under(&dir)
            .iter()
            .any(|f| f.ends_with("mode-setup/profiles.json")),
        "--save wrote the profile"
    );
    assert!(
        !String::from_utf8_lossy(&written).contains(&marker),
        "the secret was written somewhere"
    );
    assert!(written
        .windows(marker.len())
        .all(|w| w != marker.as_bytes()));
    // The saved secret went to the keyring, and a second check can use it.
    let stored = mode_setup::keystore::load(&sim.url(), "acme")
        .ok()
        .flatten();
    assert_eq!(stored.as_ref().map(|s| s.expose()), Some(marker.as_str()));
    let _ = mode_setup::keystore::delete(&sim.url(), "acme");

    // The HTML opens in a real browser; the screenshot is kept for people to look at.
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts");
    let _ = std::fs::create_dir_all(&shots);
    let png = shots.join("report-html.png");
    let _ = std::fs::remove_file(&png);
    let status = tokio::task::block_in_place(|| {
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1000,1800",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.join("chromium").display()
            ))
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", dir.join("report.html").display()))
            .output()
    })
    .unwrap_or_else(|e| panic!("chromium could not start ({e}); scripts/test installs it"));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "the screenshot of the HTML report is empty ({size} bytes)"
    );
}

#[test]
fn an_unknown_report_extension_is_refused_before_anything_runs() {
    let out = Command::new(env!("CARGO_BIN_EXE_mode-setup"))
        .args(["check", "--workspace", "acme", "--report", "out.pdf"])
        .env("MODE_API_KEY_ID", "abc")
        .env("MODE_API_SECRET", "def")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".html, .md or .json"));
}
