//! Faults injected through the simulator, and a real self-signed TLS server: each ends in a
//! clear check result within a bounded time, and the key never leaves for another host.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mode_setup::checks::{run_checks, CheckInput, Report, Status};
use mode_setup::input::parse_host;
use mode_setup::mode::ClientOptions;
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Fault, FaultKind, RetryAfter, Simulator};

fn options() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(20),
        requests_per_minute: 6000.0,
        burst: 50.0,
        request_timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        max_retries: 2,
        max_body_bytes: 4 * 1024 * 1024,
        ..ClientOptions::default()
    }
}

async fn sim() -> Simulator {
    let w = scenario("healthy", chrono::Local::now().date_naive())
        .unwrap_or_else(|| panic!("scenario"));
    Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn check(host: &str, options: ClientOptions) -> (Report, Duration) {
    let input = CheckInput {
        host: parse_host(host).unwrap_or_else(|e| panic!("{e}")),
        workspace: "acme".into(),
        key_id: WORKSPACE_KEY_ID.into(),
        secret: Secret::new(WORKSPACE_SECRET),
        service_account: Some(CRAWLER.into()),
        expires_on: None,
        deep: false,
        today: chrono::Local::now().date_naive(),
    };
    let started = Instant::now();
    let r = run_checks(&input, options, None, &|_| {})
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (r, started.elapsed())
}

fn status(r: &Report, id: &str) -> (Status, String) {
    r.check(cid(id))
        .map(|c| (c.status, c.summary.clone()))
        .unwrap_or_else(|| panic!("no {id}"))
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried() {
    let s = sim().await;
    s.inject(Fault {
        path_contains: "/data_sources".into(),
        kind: FaultKind::ResetMidBody,
        times: 1,
    });
    let (r, _) = check(&s.url(), options()).await;
    assert_eq!(status(&r, "connection-access").0, Status::Pass);
    s.inject(Fault {
        path_contains: "/data_sources".into(),
        kind: FaultKind::ResetMidBody,
        times: 10,
    });
    let (r, took) = check(&s.url(), options()).await;
    let (st, summary) = status(&r, "connection-access");
    assert_eq!(st, Status::Fail);
    assert!(
        r.check(cid("connection-access"))
            .and_then(|c| c.details.clone())
            .is_some(),
        "{summary}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test]
async fn a_body_that_never_ends_times_out_within_a_bound() {
    let s = sim().await;
    s.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::NeverEnds,
        times: 10,
    });
    let (r, took) = check(&s.url(), options()).await;
    let (st, summary) = status(&r, "host");
    assert_eq!(st, Status::Fail);
    assert!(summary.contains("too long"), "{summary}");
    // Three tries of two seconds each, plus backoff.
    assert!(took < Duration::from_secs(9), "{took:?}");
}

#[tokio::test]
async fn no_answer_at_all_times_out_within_a_bound() {
    let s = sim().await;
    s.inject(Fault {
        path_contains: "/memberships".into(),
        kind: FaultKind::Hang,
        times: 10,
    });
    let (r, took) = check(&s.url(), options()).await;
    // A listing that times out says Mode was busy or unreachable, never that the key may not
    // list: checking again is the fix.
    let (st, summary) = status(&r, "service-account");
    assert_eq!(st, Status::Fail);
    assert!(summary.contains("busy or unreachable"), "{summary}");
    assert!(r.headline.contains("Check again"), "{}", r.headline);
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test]
async fn a_hundred_megabyte_body_is_refused_without_reading_it() {
    let s = sim().await;
    for declared in [true, false] {
        s.inject(Fault {
            path_contains: "/data_sources".into(),
            kind: FaultKind::Huge {
                bytes: 100 * 1024 * 1024,
                declared,
            },
            times: 1,
        });
        let (r, took) = check(&s.url(), options()).await;
        let c = r
            .check(cid("connection-access"))
            .cloned()
            .unwrap_or_else(|| panic!("no check"));
        assert_eq!(c.status, Status::Fail, "declared={declared}");
        assert!(
            c.details.unwrap_or_default().contains("invalid JSON")
                || c.summary.contains("may not list"),
            "declared={declared}"
        );
        assert!(
            took < Duration::from_secs(10),
            "declared={declared}: {took:?}"
        );
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_is_refused_and_the_key_stays_home() {
    let s = sim().await;
    let elsewhere = sim().await;
    s.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::Redirect(format!("{}/api/verify", elsewhere.url())),
        times: 1,
    });
    let (r, _) = check(&s.url(), options()).await;
    let (st, summary) = status(&r, "host");
    assert_eq!(st, Status::Fail);
    assert!(
        summary.contains("redirect") && summary.contains("never sent anywhere else"),
        "{summary}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the other host was contacted"
    );
}

#[tokio::test]
async fn a_429_storm_longer_than_the_budget_ends_the_run_clearly() {
    let s = sim().await;
    s.inject(Fault {
        path_contains: "/".into(),
        kind: FaultKind::TooManyRequests(RetryAfter::Seconds(0)),
        times: 1000,
    });
    let (r, took) = check(
        &s.url(),
        ClientOptions {
            max_rate_limit_retries: 4,
            ..options()
        },
    )
    .await;
    let (st, summary) = status(&r, "credentials");
    assert_eq!(st, Status::Fail);
    assert!(summary.contains("limiting how fast"), "{summary}");
    assert!(took < Duration::from_secs(10));
}

struct TlsServer(Child);

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_self_signed_certificate_fails_the_host_check_with_the_cause() {
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch.path();
    let (key, cert) = (dir.join("key.pem"), dir.join("cert.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("openssl is needed for this test: {e}"));
    assert!(made.success());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        l.local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("{e}"))
    };
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
    let (r, took) = check(&format!("https://127.0.0.1:{port}"), options()).await;
    let (st, summary) = status(&r, "host");
    assert_eq!(st, Status::Fail);
    assert!(summary.contains("certificate"), "{summary}");
    assert!(r
        .check(cid("host"))
        .and_then(|c| c.details.clone())
        .unwrap_or_default()
        .to_lowercase()
        .contains("certificate"));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// The check named by its wire spelling.
fn cid(id: &str) -> mode_setup::model::CheckId {
    mode_setup::model::CheckId::parse(id).unwrap_or_else(|| panic!("no check called {id}"))
}
