//! Verdicts graded by evidence, as a table: every scenario, with every kind of key, over the
//! recorded shape of Mode's answers and each plausible variant of it. The one promise: no
//! variant and no key turns a workspace that is not ready into "Ready".

use chrono::NaiveDate;
use mode_setup::checks::{run_checks, CheckInput, Report};
use mode_setup::input::parse_host;
use mode_setup::mode::ClientOptions;
use mode_setup::model::{Access, CheckId, Status, Verdict};
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::world::Variant;
use mode_setup::simulator::{scenario, Simulator};
use std::time::Duration;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn fast() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(20),
        requests_per_minute: 60_000.0,
        burst: 500.0,
        request_timeout: Duration::from_secs(5),
        ..ClientOptions::default()
    }
}

/// The keys a person might check with, and whether they named the crawler's account.
#[derive(Debug, Clone, Copy, PartialEq)]
enum KeyCase {
    WorkspaceKeyNamingCrawler,
    WorkspaceKeyAlone,
    MemberKeyNamingCrawler,
    MemberKeyAlone,
}

const KEY_CASES: [KeyCase; 4] = [
    KeyCase::WorkspaceKeyNamingCrawler,
    KeyCase::WorkspaceKeyAlone,
    KeyCase::MemberKeyNamingCrawler,
    KeyCase::MemberKeyAlone,
];

impl KeyCase {
    fn input(self, url: &str) -> CheckInput {
        let (key_id, secret, account) = match self {
            KeyCase::WorkspaceKeyNamingCrawler => (WORKSPACE_KEY_ID, WORKSPACE_SECRET, true),
            KeyCase::WorkspaceKeyAlone => (WORKSPACE_KEY_ID, WORKSPACE_SECRET, false),
            KeyCase::MemberKeyNamingCrawler => (MEMBER_KEY_ID, MEMBER_SECRET, true),
            KeyCase::MemberKeyAlone => (MEMBER_KEY_ID, MEMBER_SECRET, false),
        };
        CheckInput {
            host: parse_host(url).unwrap_or_else(|e| panic!("{e}")),
            workspace: "acme".into(),
            key_id: key_id.into(),
            secret: Secret::new(secret),
            service_account: account.then(|| CRAWLER.to_string()),
            expires_on: today().checked_add_days(chrono::Days::new(80)),
            deep: false,
            today: today(),
        }
    }
}

/// Whether Atlan's crawler, using this key, really can crawl the scenario's workspace: the
/// truth the verdict is judged against. A workspace key reads with admin access whatever the
/// crawler's own account may see; a member key sees what its member (the crawler) sees.
fn truly_ready(scenario: &str, key: KeyCase) -> bool {
    let workspace_key = matches!(
        key,
        KeyCase::WorkspaceKeyNamingCrawler | KeyCase::WorkspaceKeyAlone
    );
    match scenario {
        "healthy" | "expiring" => true,
        "restricted" | "pending-invite" | "former-member" | "no-member" => workspace_key,
        _ => false,
    }
}

const SCENARIOS: [&str; 8] = [
    "healthy",
    "expiring",
    "restricted",
    "pending-invite",
    "former-member",
    "no-member",
    "no-connections",
    "no-collections",
];

async fn check(scenario_name: &str, variant: Option<Variant>, key: KeyCase) -> Report {
    let mut world = scenario(scenario_name, today()).unwrap_or_else(|| panic!("no scenario"));
    if let Some(v) = variant {
        v.apply(&mut world.behaviour);
    }
    let sim = Simulator::start(world, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let input = key.input(&sim.url());
    run_checks(&input, fast(), None, &|_| {})
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn no_variant_and_no_key_turns_a_workspace_that_is_not_ready_into_ready() {
    let shapes: Vec<Option<Variant>> = std::iter::once(None)
        .chain(Variant::ALL.into_iter().map(Some))
        .collect();
    let mut table = String::new();
    let mut wrong = Vec::new();
    for name in SCENARIOS {
        for key in KEY_CASES {
            for shape in &shapes {
                let r = check(name, *shape, key).await;
                let verdict = r.verdict();
                let label = shape.map(|v| v.name()).unwrap_or("recorded shapes");
                table.push_str(&format!("{name:<15} {key:<26?} {label:<18} {verdict:?}\n"));
                if !truly_ready(name, key) && verdict == Verdict::Ready {
                    wrong.push(format!("FALSE PASS {name} {key:?} {label}: {}", r.headline));
                }
                // Healthy workspaces are never failed, whatever shape Mode's answers take.
                if matches!(name, "healthy" | "expiring") && verdict == Verdict::NotReady {
                    wrong.push(format!("false fail {name} {key:?} {label}: {}", r.headline));
                }
                if verdict == Verdict::Ready && !r.ready {
                    wrong.push(format!("ready flag disagrees {name} {key:?} {label}"));
                }
            }
        }
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn on_the_recorded_shapes_each_key_gets_the_verdict_its_evidence_supports() {
    use KeyCase::*;
    use Verdict::*;
    let table: [(&str, KeyCase, Verdict); 12] = [
        ("healthy", WorkspaceKeyNamingCrawler, Ready),
        ("healthy", WorkspaceKeyAlone, Ready),
        ("healthy", MemberKeyNamingCrawler, ProbablyReady),
        ("healthy", MemberKeyAlone, ProbablyReady),
        ("restricted", WorkspaceKeyNamingCrawler, NotReady),
        ("restricted", WorkspaceKeyAlone, Ready),
        ("restricted", MemberKeyAlone, ProbablyReady),
        ("pending-invite", WorkspaceKeyNamingCrawler, NotReady),
        ("former-member", WorkspaceKeyNamingCrawler, NotReady),
        ("no-member", WorkspaceKeyNamingCrawler, NotReady),
        ("no-connections", WorkspaceKeyNamingCrawler, NotReady),
        ("no-collections", WorkspaceKeyAlone, NotReady),
    ];
    for (name, key, want) in table {
        let r = check(name, None, key).await;
        assert_eq!(r.verdict(), want, "{name} {key:?}: {}", r.headline);
    }
}

#[tokio::test]
async fn a_member_key_with_no_account_named_is_never_ready_when_a_connection_is_restricted() {
    // The false pass this app once gave: Mode's verify answer names no scope, the key is
    // atlan_crawler's member key, and no service account was typed.
    let r = check("restricted", None, KeyCase::MemberKeyAlone).await;
    assert_eq!(r.verdict(), Verdict::ProbablyReady, "{}", r.headline);
    assert!(
        r.headline
            .starts_with("Probably ready for Atlan: confirm that the crawler can view"),
        "{}",
        r.headline
    );
    assert!(
        r.headline.contains("Postgres (production)"),
        "{}",
        r.headline
    );
    assert!(!r.ready);
    let all = serde_json::to_string(&r).unwrap_or_default();
    assert!(!all.contains("reads with admin access"), "{all}");
    assert!(r
        .connections
        .iter()
        .all(|c| c.access != Access::Manage && c.via != Some(mode_setup::model::Via::Admin)));
    let access = r.check(CheckId::ConnectionAccess).map(|c| c.status);
    assert_eq!(access, Some(Status::Warn));
    // Where Mode refuses a connection's reports to the key, the same case fails outright.
    let r = check(
        "restricted",
        Some(Variant::Probe403),
        KeyCase::MemberKeyAlone,
    )
    .await;
    assert_eq!(r.verdict(), Verdict::NotReady, "{}", r.headline);
}

#[tokio::test]
async fn a_workspace_key_is_proven_by_the_audit_log_when_verify_names_no_scope() {
    let r = check("healthy", None, KeyCase::WorkspaceKeyAlone).await;
    assert_eq!(r.key.kind, mode_setup::model::KeyKind::Workspace);
    assert_eq!(r.verdict(), Verdict::Ready, "{}", r.headline);
}
