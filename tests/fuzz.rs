//! Thousands of generated and mutated answers thrown at every reader of Mode's responses, and
//! at the whole check run over HTTP: nothing panics, every case ends in a value or a named
//! error. The cases in tests/corpus are replayed first, every run.

use std::path::PathBuf;

use mode_setup::checks::{run_checks, CheckInput, CHECKS};
use mode_setup::input::parse_host;
use mode_setup::mode::client::{embedded_items, error_message, parse_json, parse_retry_after};
use mode_setup::mode::model::*;
use mode_setup::mode::ClientOptions;
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::{scenario, Fault, FaultKind, Simulator};
use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift), so every failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const KEYS: &[&str] = &[
    "token",
    "id",
    "name",
    "_embedded",
    "_links",
    "href",
    "self",
    "member",
    "state",
    "admin",
    "invited",
    "activated_at",
    "member_username",
    "member_token",
    "username",
    "default_access_level",
    "action",
    "accessor_type",
    "accessor_token",
    "data_sources",
    "memberships",
    "spaces",
    "reports",
    "queries",
    "charts",
    "group_memberships",
    "data_source_entitlements",
    "pagination",
    "page",
    "total_pages",
    "workspace",
    "api_key_scope",
    "user",
    "query_count",
    "chart_count",
    "space_type",
    "soft_deleted",
    "expires_at",
    "created_at",
    "message",
    "web",
    "permissions",
];

fn gen_value(r: &mut Rng, depth: u32) -> Value {
    let leaf = depth == 0 || r.below(3) == 0;
    match if leaf { r.below(7) } else { 7 + r.below(2) } {
        0 => Value::Null,
        1 => Value::Bool(r.below(2) == 0),
        2 => json!(*r.pick(&[0i64, 1, -1, i64::MAX, i64::MIN, 34499, 30])),
        3 => json!(*r.pick(&[1e308, -1e308, 0.5, f64::MIN_POSITIVE, 1.0e19])),
        4 => json!(u64::MAX),
        5 => Value::String(
            r.pick(&[
                "",
                "View",
                "RESTRICTED",
                "query",
                "manage",
                "Account",
                "UserGroup",
                "active",
                "pending",
                "deactivated",
                "atlan_crawler",
                "acme",
                "workspace",
                "member",
                "/api/acme/x",
                "https://evil.example/",
                "2026-01-01T00:00:00Z",
                "not a date",
                "\u{1F600}\u{202E}",
                "<b>x</b>",
            ])
            .to_string(),
        ),
        6 => Value::String("x".repeat(r.below(5000) as usize)),
        7 => Value::Array((0..r.below(6)).map(|_| gen_value(r, depth - 1)).collect()),
        _ => {
            let mut m = Map::new();
            for _ in 0..r.below(8) {
                m.insert(r.pick(KEYS).to_string(), gen_value(r, depth - 1));
            }
            Value::Object(m)
        }
    }
}

fn mutate(r: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    match r.below(6) {
        0 if !bytes.is_empty() => {
            let cut = r.below(bytes.len() as u64) as usize;
            bytes.truncate(cut);
        }
        1 if !bytes.is_empty() => {
            let at = r.below(bytes.len() as u64) as usize;
            bytes[at] ^= 1 << r.below(8);
        }
        2 => {
            let at = r.below(bytes.len() as u64 + 1) as usize;
            bytes.splice(at..at, [0xff, 0xfe, 0xc3]);
        }
        3 => {
            let n = 100 + r.below(3000) as usize;
            let mut nested = vec![b'['; n];
            nested.extend(bytes);
            nested.extend(vec![b']'; n]);
            bytes = nested;
        }
        4 => bytes = b"<html><body>Service Unavailable</body></html>".to_vec(),
        _ => {}
    }
    bytes
}

/// Every reader of an answer, fed one body. Each call must return, not panic.
fn read_everything(bytes: &[u8]) {
    let _ = error_message(bytes);
    let Ok(v) = parse_json(bytes, "application/hal+json") else {
        return;
    };
    for key in [
        "data_sources",
        "memberships",
        "spaces",
        "reports",
        "data_source_entitlements",
        "group_memberships",
        "queries",
        "charts",
    ] {
        if let Ok(items) = embedded_items(&v, key) {
            for item in items {
                let _ = DataSource::from_json(item);
                let _ = Membership::from_json(item);
                let _ = Grant::from_json(item);
                let _ = Collection::from_json(item);
                let _ = count(item, "query_count");
            }
        }
    }
    let _ = Verification::from_json(&v);
    let _ = KeyRecord::from_json(&v);
    let _ = DataSource::from_json(&v);
    let _ = Membership::from_json(&v);
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut cases: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| (e.path(), std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "the corpus in {} is missing",
        dir.display()
    );
    cases
}

#[test]
fn every_reader_survives_the_corpus_and_ten_thousand_generated_bodies() {
    for (path, bytes) in corpus() {
        let r = std::panic::catch_unwind(|| read_everything(&bytes));
        assert!(r.is_ok(), "corpus case {} panicked", path.display());
    }
    let seeds: Vec<Vec<u8>> = corpus().into_iter().map(|c| c.1).collect();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..10_000u32 {
        let bytes = if case % 2 == 0 {
            serde_json::to_vec(&gen_value(&mut r, 6)).unwrap_or_default()
        } else {
            let base = r.pick(&seeds).clone();
            mutate(&mut r, base)
        };
        let result = std::panic::catch_unwind(|| read_everything(&bytes));
        assert!(
            result.is_ok(),
            "case {case} panicked on {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
    }
}

#[test]
fn retry_after_parsing_never_panics() {
    let now = chrono::Utc::now();
    let mut r = Rng(42);
    for s in [
        "",
        "-0",
        "1e400",
        "NaN",
        "inf",
        "99999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "\u{0}",
    ] {
        let _ = parse_retry_after(s, now);
    }
    for _ in 0..2000 {
        let s: String = (0..r.below(40))
            .map(|_| char::from_u32(r.below(0x3000) as u32).unwrap_or('x'))
            .collect();
        let _ = parse_retry_after(&s, now);
    }
}

#[tokio::test]
async fn whole_check_runs_survive_hostile_answers_on_every_endpoint() {
    let today = chrono::Local::now().date_naive();
    let w = scenario("healthy", today).unwrap_or_else(|| panic!("scenario"));
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let paths = [
        "/api/verify",
        "/api/acme",
        "/api_keys/",
        "/api/account",
        "/memberships",
        "/data_sources",
        "/permissions",
        "/groups/",
        "/spaces",
        "/reports",
        "/queries",
    ];
    let seeds: Vec<Vec<u8>> = corpus().into_iter().map(|c| c.1).collect();
    let mut r = Rng(7);
    let options = ClientOptions {
        backoff_base: std::time::Duration::from_millis(1),
        requests_per_minute: 600_000.0,
        burst: 1000.0,
        max_retries: 1,
        max_rate_limit_retries: 1,
        max_retry_after: std::time::Duration::from_millis(10),
        ..ClientOptions::default()
    };
    for case in 0..300u32 {
        let body = if case % 3 == 0 {
            serde_json::to_vec(&gen_value(&mut r, 5)).unwrap_or_default()
        } else {
            let base = r.pick(&seeds).clone();
            mutate(&mut r, base)
        };
        let status = *r.pick(&[200u16, 200, 200, 400, 401, 403, 404, 422, 429, 500, 503]);
        let content_type = r
            .pick(&[
                "application/hal+json",
                "text/html",
                "application/json; charset=utf-8",
            ])
            .to_string();
        sim.inject(Fault {
            path_contains: r.pick(&paths).to_string(),
            kind: FaultKind::Body {
                status,
                content_type,
                body,
            },
            times: 1 + r.below(3) as u32,
        });
        let input = CheckInput {
            host: parse_host(&sim.url()).unwrap_or_else(|e| panic!("{e}")),
            workspace: "acme".into(),
            key_id: WORKSPACE_KEY_ID.into(),
            secret: Secret::new(WORKSPACE_SECRET),
            service_account: Some(CRAWLER.into()),
            expires_on: None,
            deep: case % 5 == 0,
            today,
        };
        let report = run_checks(&input, options.clone(), None, &|_| {}).await;
        let report = report.unwrap_or_else(|e| panic!("case {case}: the run itself failed: {e}"));
        assert_eq!(report.checks.len(), CHECKS.len(), "case {case}");
        for c in &report.checks {
            assert!(
                !c.summary.trim().is_empty(),
                "case {case}: {} has no summary",
                c.id
            );
        }
    }
}
