//! The checks against the Mode simulator over real loopback HTTP: every check's pass, warn,
//! fail and skip paths, the key kinds, 429 and 5xx recovery, the paging quirks, and GET only.

use std::time::Duration;

use chrono::{Days, NaiveDate};
use mode_setup::checks::{run_checks, CheckInput, KeyKind, Report, Status, CHECKS};
use mode_setup::input::parse_host;
use mode_setup::mode::model::Access;
use mode_setup::mode::ClientOptions;
use mode_setup::secret::Secret;
use mode_setup::simulator::scenarios::*;
use mode_setup::simulator::world::{token, PastEnd, RateLimit, SimKeyKind, SimReport, Variant};
use mode_setup::simulator::{scenario, Fault, FaultKind, RetryAfter, Simulator, World};

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn world(name: &str) -> World {
    scenario(name, today()).unwrap_or_else(|| panic!("no scenario {name}"))
}

/// Fast options for tests: short backoff, generous pace.
fn fast() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(20),
        requests_per_minute: 6000.0,
        burst: 50.0,
        request_timeout: Duration::from_secs(5),
        ..ClientOptions::default()
    }
}

struct Case {
    key_id: &'static str,
    secret: &'static str,
    workspace: &'static str,
    account: Option<&'static str>,
    expires_on: Option<NaiveDate>,
    deep: bool,
    options: ClientOptions,
}

impl Default for Case {
    fn default() -> Self {
        Case {
            key_id: WORKSPACE_KEY_ID,
            secret: WORKSPACE_SECRET,
            workspace: "acme",
            account: Some(CRAWLER),
            expires_on: None,
            deep: false,
            options: fast(),
        }
    }
}

fn input(url: &str, case: &Case) -> CheckInput {
    CheckInput {
        host: parse_host(url).unwrap_or_else(|e| panic!("{e}")),
        workspace: case.workspace.into(),
        key_id: case.key_id.into(),
        secret: Secret::new(case.secret),
        service_account: case.account.map(str::to_string),
        expires_on: case.expires_on,
        deep: case.deep,
        today: today(),
    }
}

async fn run(sim: &Simulator, case: Case) -> Report {
    let input = input(&sim.url(), &case);
    run_checks(&input, case.options, None, &|_| {})
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn start(name: &str) -> Simulator {
    Simulator::start(world(name), 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn status(r: &Report, id: &str) -> Status {
    r.check(cid(id))
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("no check {id}"))
}

fn summary(r: &Report, id: &str) -> String {
    r.check(cid(id))
        .map(|c| c.summary.clone())
        .unwrap_or_default()
}

fn fix(r: &Report, id: &str) -> String {
    r.check(cid(id))
        .and_then(|c| c.fix.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn healthy_workspace_passes_every_check_and_lists_all_nine_in_order() {
    let sim = start("healthy").await;
    let expires = today().checked_add_days(Days::new(60));
    let r = run(
        &sim,
        Case {
            expires_on: expires,
            ..Case::default()
        },
    )
    .await;
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, CHECKS.iter().map(|c| c.as_str()).collect::<Vec<_>>());
    for id in [
        "host",
        "credentials",
        "workspace",
        "key-type",
        "key-expiry",
        "service-account",
        "connection-access",
        "collections",
    ] {
        assert_eq!(status(&r, id), Status::Pass, "{id}: {}", summary(&r, id));
    }
    assert_eq!(status(&r, "reports"), Status::Skip);
    assert!(r.ready);
    assert_eq!(r.key.kind, KeyKind::Workspace);
    assert_eq!(r.key.days_left, Some(60));
    assert_eq!(r.counts.connections, 4);
    assert_eq!(
        (r.counts.collections, r.counts.personal_collections),
        (2, 1)
    );
}

#[tokio::test]
async fn only_get_requests_are_ever_sent() {
    let sim = start("restricted").await;
    let _ = run(
        &sim,
        Case {
            deep: true,
            ..Case::default()
        },
    )
    .await;
    let _ = run(
        &sim,
        Case {
            key_id: MEMBER_KEY_ID,
            secret: MEMBER_SECRET,
            deep: true,
            ..Case::default()
        },
    )
    .await;
    let seen = sim.requests();
    assert!(seen.len() > 20, "too few requests recorded: {}", seen.len());
    let other: Vec<_> = seen.iter().filter(|r| r.method != "GET").collect();
    assert!(other.is_empty(), "non-GET requests: {other:?}");
}

#[tokio::test]
async fn simulator_records_methods_other_than_get() {
    // Guards the GET-only test above: a POST would be seen and recorded.
    let sim = start("healthy").await;
    let client = reqwest::Client::new();
    let _ = client
        .post(format!("{}/api/verify", sim.url()))
        .body("{}")
        .send()
        .await;
    assert!(sim.requests().iter().any(|r| r.method == "POST"));
}

#[tokio::test]
async fn wrong_secret_fails_credentials_and_skips_the_rest() {
    let sim = start("healthy").await;
    let r = run(
        &sim,
        Case {
            secret: "not-the-secret",
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "host"), Status::Pass);
    assert_eq!(status(&r, "credentials"), Status::Fail);
    assert!(fix(&r, "credentials").contains("API Keys"));
    assert!(r
        .check(cid("credentials"))
        .and_then(|c| c.link.clone())
        .is_some());
    for id in [
        "workspace",
        "key-type",
        "key-expiry",
        "service-account",
        "connection-access",
        "collections",
        "reports",
    ] {
        assert_eq!(status(&r, id), Status::Skip, "{id}");
    }
    assert!(!r.ready);
}

#[tokio::test]
async fn revoked_key_is_refused() {
    let sim = start("healthy").await;
    let r = run(
        &sim,
        Case {
            key_id: REVOKED_KEY_ID,
            secret: REVOKED_SECRET,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "credentials"), Status::Fail);
    assert!(summary(&r, "credentials").contains("revoked or has expired"));
}

#[tokio::test]
async fn expired_key_fails_expiry_even_though_mode_refuses_it() {
    let sim = start("healthy").await;
    let past = today().checked_sub_days(Days::new(3));
    sim.with_world(|w| {
        for k in &mut w.keys {
            k.expires_on = past;
        }
    });
    let r = run(
        &sim,
        Case {
            expires_on: past,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "credentials"), Status::Fail);
    assert_eq!(status(&r, "key-expiry"), Status::Fail);
    assert!(
        summary(&r, "key-expiry").contains("3 days ago"),
        "{}",
        summary(&r, "key-expiry")
    );
    assert_eq!(status(&r, "service-account"), Status::Skip);
}

#[tokio::test]
async fn key_expiry_thresholds_warn_at_thirty_days_and_pass_above() {
    let sim = start("healthy").await;
    for (days, want) in [
        (31u64, Status::Pass),
        (30, Status::Warn),
        (1, Status::Warn),
        (0, Status::Warn),
    ] {
        let r = run(
            &sim,
            Case {
                expires_on: today().checked_add_days(Days::new(days)),
                ..Case::default()
            },
        )
        .await;
        assert_eq!(
            status(&r, "key-expiry"),
            want,
            "{days} days: {}",
            summary(&r, "key-expiry")
        );
        assert_eq!(r.key.days_left, Some(days as i64));
    }
}

#[tokio::test]
async fn unknown_expiry_warns_with_the_ninety_day_default() {
    let mut w = world("healthy");
    w.behaviour.verify_self_link = false;
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "key-expiry"), Status::Warn);
    assert!(summary(&r, "key-expiry").contains("90 days"));
    assert_eq!(r.key.expires_on, None);
}

#[tokio::test]
async fn expiry_from_the_key_record_is_used_when_mode_gives_it() {
    let sim = start("quirky").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(
        r.key.expiry_source,
        Some(mode_setup::model::ExpirySource::Mode)
    );
    assert_eq!(r.key.days_left, Some(60));
    assert_eq!(status(&r, "key-expiry"), Status::Pass);
}

#[tokio::test]
async fn key_for_another_workspace_names_the_real_one() {
    let sim = start("healthy").await;
    let r = run(
        &sim,
        Case {
            workspace: "globex",
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "workspace"), Status::Fail);
    assert!(
        summary(&r, "workspace").contains("\"acme\""),
        "{}",
        summary(&r, "workspace")
    );
    assert_eq!(status(&r, "key-type"), Status::Skip);
}

#[tokio::test]
async fn unknown_workspace_fails_when_mode_does_not_name_the_keys_workspace() {
    let mut w = world("healthy");
    w.behaviour.verify_workspace = false;
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        &sim,
        Case {
            workspace: "globex",
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "workspace"), Status::Fail);
    assert!(fix(&r, "workspace").contains("short name"));
    let ok = run(&sim, Case::default()).await;
    assert_eq!(status(&ok, "workspace"), Status::Pass);
}

#[tokio::test]
async fn member_key_named_by_its_record_leaves_restricted_connections_to_confirm() {
    let mut w = world("healthy");
    Variant::KeyRecord.apply(&mut w.behaviour);
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        &sim,
        Case {
            key_id: MEMBER_KEY_ID,
            secret: MEMBER_SECRET,
            account: None,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(r.key.kind, KeyKind::Member);
    assert_eq!(r.key.member.as_deref(), Some(CRAWLER));
    assert_eq!(status(&r, "key-type"), Status::Pass);
    // A non-admin member key may not list members: left to confirm, with where to look.
    assert_eq!(status(&r, "service-account"), Status::Warn);
    assert!(summary(&r, "service-account").contains("may not list"));
    // Mode documents no access gate on a connection's reports, so a 200 there proves nothing:
    // the restricted connections are left to confirm by hand, never passed.
    assert_eq!(
        status(&r, "connection-access"),
        Status::Warn,
        "{}",
        summary(&r, "connection-access")
    );
    let open: Vec<&str> = r
        .connections
        .iter()
        .filter(|c| c.access == Access::Unknown)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(open, vec!["Postgres (production)", "BigQuery Marketing"]);
    assert!(!r.ready);
}

#[tokio::test]
async fn member_key_probe_finds_connections_without_view() {
    let mut w = world("restricted");
    Variant::Probe403.apply(&mut w.behaviour);
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        &sim,
        Case {
            key_id: MEMBER_KEY_ID,
            secret: MEMBER_SECRET,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "connection-access"), Status::Fail);
    let missing: Vec<&str> = r
        .connections
        .iter()
        .filter(|c| c.access == Access::None)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(missing, vec!["Postgres (production)", "BigQuery Marketing"]);
}

#[tokio::test]
async fn member_key_detected_from_its_record_when_verify_gives_no_scope() {
    let sim = start("quirky").await;
    let r = run(
        &sim,
        Case {
            key_id: MEMBER_KEY_ID,
            secret: MEMBER_SECRET,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(r.key.kind, KeyKind::Member);
    let w = run(&sim, Case::default()).await;
    assert_eq!(w.key.kind, KeyKind::Workspace);
}

#[tokio::test]
async fn personal_token_fails_key_type_with_the_retirement_date() {
    let sim = start("healthy").await;
    let r = run(
        &sim,
        Case {
            key_id: PERSONAL_KEY_ID,
            secret: PERSONAL_SECRET,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(r.key.kind, KeyKind::Personal);
    assert_eq!(status(&r, "key-type"), Status::Fail);
    assert!(summary(&r, "key-type").contains("28 February 2025"));
    assert!(
        fix(&r, "key-type").contains("workspace key") && fix(&r, "key-type").contains("member key")
    );
}

#[tokio::test]
async fn personal_token_is_told_apart_by_api_account_when_verify_says_nothing() {
    let sim = start("quirky").await;
    let r = run(
        &sim,
        Case {
            key_id: PERSONAL_KEY_ID,
            secret: PERSONAL_SECRET,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(r.key.kind, KeyKind::Personal);
    assert_eq!(status(&r, "key-type"), Status::Fail);
    assert!(sim
        .requests()
        .iter()
        .any(|q| q.path == "/api/account" && q.status == 200));
}

#[tokio::test]
async fn key_of_undetectable_kind_warns() {
    let mut w = world("healthy");
    w.behaviour.verify_scope = false;
    w.behaviour.verify_self_link = false;
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // The audit log answers neither yes nor no (Mode refuses the media type).
    sim.inject(Fault {
        path_contains: "/audit_logs".into(),
        kind: FaultKind::Body {
            status: 406,
            content_type: "application/json".into(),
            body: br#"{"id":"not_acceptable","message":"Not Acceptable"}"#.to_vec(),
        },
        times: 10,
    });
    // Nor does the account endpoint tell an API key from a personal token.
    sim.inject(Fault {
        path_contains: "/api/account".into(),
        kind: FaultKind::Body {
            status: 404,
            content_type: "application/json".into(),
            body: br#"{"id":"not_found","message":"Not found"}"#.to_vec(),
        },
        times: 10,
    });
    let r = run(&sim, Case::default()).await;
    assert_eq!(r.key.kind, KeyKind::Unknown);
    assert_eq!(status(&r, "key-type"), Status::Warn);
    assert!(r
        .to_confirm
        .iter()
        .any(|c| c.contains("Workspace keys or Member keys")));
}

#[tokio::test]
async fn pending_invite_fails_service_account_check() {
    let sim = start("pending-invite").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "service-account"), Status::Fail);
    assert!(
        fix(&r, "service-account").contains("sign out"),
        "{}",
        fix(&r, "service-account")
    );
    assert_eq!(status(&r, "connection-access"), Status::Skip);
}

#[tokio::test]
async fn former_member_fails_with_reinvite_to_org() {
    let sim = start("former-member").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "service-account"), Status::Fail);
    assert!(fix(&r, "service-account").contains("Reinvite to org"));
}

#[tokio::test]
async fn missing_member_fails_with_the_invite_page() {
    let sim = start("no-member").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "service-account"), Status::Fail);
    assert!(fix(&r, "service-account").contains("Invite to Mode"));
    let link = r
        .check(cid("service-account"))
        .and_then(|c| c.link.clone())
        .unwrap_or_default();
    assert!(link.ends_with("/acme/invites/new"), "{link}");
}

#[tokio::test]
async fn workspace_key_without_a_service_account_skips_membership_and_reads_as_admin() {
    let sim = start("restricted").await;
    let r = run(
        &sim,
        Case {
            account: None,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "service-account"), Status::Skip);
    assert_eq!(status(&r, "connection-access"), Status::Pass);
    assert!(r
        .connections
        .iter()
        .all(|c| c.via == Some(mode_setup::checks::Via::Admin)));
}

#[tokio::test]
async fn connections_without_view_fail_each_named_with_its_page() {
    let sim = start("restricted").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "connection-access"), Status::Fail);
    let s = summary(&r, "connection-access");
    assert!(
        s.contains("2 of 4")
            && s.contains("Postgres (production)")
            && s.contains("BigQuery Marketing"),
        "{s}"
    );
    for c in r.connections.iter().filter(|c| c.access == Access::None) {
        assert!(
            c.link
                .contains(&format!("/organizations/acme/data_sources/{}", c.token)),
            "{}",
            c.link
        );
    }
    assert_eq!(
        r.connections
            .iter()
            .filter(|c| c.access.grants_view())
            .count(),
        2
    );
}

#[tokio::test]
async fn access_is_found_through_default_direct_group_and_admin() {
    let sim = start("healthy").await;
    let r = run(&sim, Case::default()).await;
    use mode_setup::checks::Via;
    let via: Vec<Option<Via>> = r.connections.iter().map(|c| c.via).collect();
    assert_eq!(
        via,
        vec![
            Some(Via::Default),
            Some(Via::Direct),
            Some(Via::Group),
            Some(Via::Default)
        ]
    );
    sim.with_world(|w| {
        if let Some(m) = w.member_mut(CRAWLER) {
            m.admin = true;
        }
    });
    let r = run(&sim, Case::default()).await;
    assert!(r.connections.iter().all(|c| c.via == Some(Via::Admin)));
}

#[tokio::test]
async fn group_memberships_are_read_only_for_groups_in_a_needed_grant() {
    let sim = start("healthy").await;
    let _ = run(&sim, Case::default()).await;
    let group_reads: Vec<String> = sim
        .requests()
        .into_iter()
        .filter(|q| q.path.contains("/groups/"))
        .map(|q| q.path)
        .collect();
    assert!(!group_reads.is_empty());
    assert!(
        group_reads.iter().all(|p| p.contains(&token("group", 2))),
        "{group_reads:?}"
    );
    let perms = sim
        .requests()
        .into_iter()
        .filter(|q| q.path.ends_with("/permissions"))
        .count();
    assert!(
        perms >= 2,
        "permissions read only for restricted connections, got {perms}"
    );
}

#[tokio::test]
async fn zero_connections_fail_like_atlans_zero_data_sources() {
    let sim = start("no-connections").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "connection-access"), Status::Fail);
    assert!(summary(&r, "connection-access").contains("0 queryable data sources"));
}

#[tokio::test]
async fn zero_collections_fail_and_personal_ones_are_counted_apart() {
    let sim = start("no-collections").await;
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "collections"), Status::Fail);
    assert_eq!(r.counts.personal_collections, 1);
    assert!(sim
        .requests()
        .iter()
        .any(|q| q.path.ends_with("/spaces") && q.query.contains("filter=all")));
}

#[tokio::test]
async fn deep_check_counts_reports_queries_and_charts_across_pages() {
    let sim = start("healthy").await;
    let r = run(
        &sim,
        Case {
            deep: true,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(
        status(&r, "reports"),
        Status::Pass,
        "{}",
        summary(&r, "reports")
    );
    assert_eq!(
        (r.counts.reports, r.counts.queries, r.counts.charts),
        (Some(38), Some(73), Some(76))
    );
}

#[tokio::test]
async fn deep_check_with_no_reports_warns() {
    let sim = start("healthy").await;
    sim.with_world(|w| w.collections.iter_mut().for_each(|c| c.reports.clear()));
    let r = run(
        &sim,
        Case {
            deep: true,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "reports"), Status::Warn);
}

#[tokio::test]
async fn every_past_the_end_page_answer_gives_the_same_counts() {
    for past_end in [PastEnd::Empty, PastEnd::RepeatLast, PastEnd::RepeatFirst] {
        let mut w = world("healthy");
        w.behaviour.past_end = past_end;
        w.behaviour.spaces_page_size = 1;
        let sim = Simulator::start(w, 0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let r = run(
            &sim,
            Case {
                deep: true,
                ..Case::default()
            },
        )
        .await;
        assert_eq!(r.counts.reports, Some(38), "{past_end:?}");
        assert_eq!(
            (r.counts.collections, r.counts.personal_collections),
            (2, 1),
            "{past_end:?}"
        );
    }
}

#[tokio::test]
async fn page_cap_is_reported_not_hidden() {
    let mut w = world("healthy");
    w.behaviour.spaces_page_size = 1;
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        &sim,
        Case {
            options: ClientOptions {
                max_pages: 2,
                ..fast()
            },
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "collections"), Status::Warn);
    assert!(summary(&r, "collections").contains("too long"));
}

#[tokio::test]
async fn quirky_answers_are_read_the_same_as_tidy_ones() {
    let sim = start("quirky").await;
    let r = run(
        &sim,
        Case {
            deep: true,
            ..Case::default()
        },
    )
    .await;
    for id in [
        "credentials",
        "workspace",
        "key-type",
        "service-account",
        "connection-access",
        "collections",
        "reports",
    ] {
        assert_eq!(status(&r, id), Status::Pass, "{id}: {}", summary(&r, id));
    }
    assert!(sim
        .requests()
        .iter()
        .any(|q| q.path.ends_with("/memberships/lite")));
}

#[tokio::test]
async fn rate_limited_answers_are_waited_out_in_every_retry_after_form() {
    for after in [
        RetryAfter::Seconds(1),
        RetryAfter::HttpDate(0),
        RetryAfter::Absent,
    ] {
        let sim = start("healthy").await;
        sim.inject(Fault {
            path_contains: "/data_sources".into(),
            kind: FaultKind::TooManyRequests(after),
            times: 2,
        });
        let started = std::time::Instant::now();
        let r = run(&sim, Case::default()).await;
        assert_eq!(status(&r, "connection-access"), Status::Pass, "{after:?}");
        let limited = sim.requests().iter().filter(|q| q.status == 429).count();
        assert_eq!(limited, 2, "{after:?}");
        // The first two pages are asked for side by side, so both 429s arrive together and
        // are sat out together: at least the one second Mode asked for.
        if after == RetryAfter::Seconds(1) {
            assert!(
                started.elapsed() >= Duration::from_secs(1),
                "Retry-After was not honoured"
            );
        }
    }
}

#[tokio::test]
async fn a_429_storm_longer_than_the_budget_ends_in_a_clear_result() {
    let sim = start("healthy").await;
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::TooManyRequests(RetryAfter::Absent),
        times: 100,
    });
    let r = run(
        &sim,
        Case {
            options: ClientOptions {
                max_rate_limit_retries: 3,
                ..fast()
            },
            ..Case::default()
        },
    )
    .await;
    assert_eq!(status(&r, "credentials"), Status::Fail);
    assert!(
        summary(&r, "credentials").contains("limiting"),
        "{}",
        summary(&r, "credentials")
    );
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let sim = start("healthy").await;
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::ServerError(503),
        times: 2,
    });
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "credentials"), Status::Pass);
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::ServerError(502),
        times: 10,
    });
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "host"), Status::Fail);
    assert!(summary(&r, "host").contains("trouble"));
    assert!(
        !summary(&r, "host").contains("502"),
        "no HTTP codes in the summary"
    );
}

#[tokio::test]
async fn flaky_answers_recover_without_failing_any_check() {
    let sim = start("flaky").await;
    inject_flaky(&sim);
    let r = run(&sim, Case::default()).await;
    assert!(r.ready, "{:#?}", r.checks);
    assert!(sim.requests().iter().any(|q| q.status == 503));
}

#[tokio::test]
async fn malformed_body_ends_in_a_named_failure() {
    let sim = start("healthy").await;
    sim.inject(Fault {
        path_contains: "/data_sources".into(),
        kind: FaultKind::Malformed,
        times: 1,
    });
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "connection-access"), Status::Fail);
    assert!(r
        .check(cid("connection-access"))
        .and_then(|c| c.details.clone())
        .unwrap_or_default()
        .contains("JSON"));
}

#[tokio::test]
async fn html_where_json_was_expected_says_the_host_is_not_mode() {
    let sim = start("healthy").await;
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::Redirect("/signin".into()),
        times: 1,
    });
    let r = run(&sim, Case::default()).await;
    assert_eq!(status(&r, "host"), Status::Fail);
    assert!(
        summary(&r, "host").contains("redirect"),
        "{}",
        summary(&r, "host")
    );
}

#[tokio::test]
async fn unreachable_host_fails_the_host_check_with_the_cause() {
    let sim = start("healthy").await;
    let url = sim.url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let input = input(
        &url,
        &Case {
            account: None,
            ..Case::default()
        },
    );
    let r = run_checks(
        &input,
        ClientOptions {
            max_retries: 1,
            ..fast()
        },
        None,
        &|_| {},
    )
    .await;
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status(&r, "host"), Status::Fail);
    assert!(
        summary(&r, "host").contains("Could not connect"),
        "{}",
        summary(&r, "host")
    );
    assert_eq!(status(&r, "credentials"), Status::Skip);
}

#[tokio::test]
async fn client_pacing_keeps_under_the_simulated_rate_limit() {
    let mut w = world("restricted");
    // Mode's leaky bucket, ten times faster so the test is short.
    w.behaviour.rate_limit = Some(RateLimit {
        per_minute: 2400.0,
        capacity: 12.0,
    });
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let options = ClientOptions {
        requests_per_minute: 2280.0,
        burst: 10.0,
        ..fast()
    };
    let r = run(
        &sim,
        Case {
            deep: true,
            options,
            ..Case::default()
        },
    )
    .await;
    let seen = sim.requests();
    assert!(seen.len() > 30, "{}", seen.len());
    assert_eq!(seen.iter().filter(|q| q.status == 429).count(), 0);
    assert_eq!(status(&r, "reports"), Status::Pass);
}

#[tokio::test]
async fn cancelling_ends_the_run_with_cancelled() {
    let mut w = world("healthy");
    w.behaviour.latency_ms = 200;
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (handle, registration) = mode_setup::checks::AbortHandle::new_pair();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        handle.abort();
    });
    let input = input(
        &sim.url(),
        &Case {
            deep: true,
            ..Case::default()
        },
    );
    let r = run_checks(&input, fast(), Some(registration), &|_| {}).await;
    assert!(
        matches!(r, Err(mode_setup::error::Error::Cancelled)),
        "{:?}",
        r.map(|r| r.headline)
    );
}

#[tokio::test]
async fn the_simulator_answers_account_with_400_for_api_keys() {
    let sim = start("healthy").await;
    let resp = reqwest::Client::new()
        .get(format!("{}/api/account", sim.url()))
        .basic_auth(WORKSPACE_KEY_ID, Some(WORKSPACE_SECRET))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.status().as_u16(), 400);
    let body = resp.text().await.unwrap_or_default();
    assert!(body.contains("unsupported for use with Api Keys"));
    let _ = SimKeyKind::Workspace;
}

/// The check named by its wire spelling.
fn cid(id: &str) -> mode_setup::model::CheckId {
    mode_setup::model::CheckId::parse(id).unwrap_or_else(|| panic!("no check called {id}"))
}

#[tokio::test]
async fn pages_cut_short_by_mode_still_count_every_report_to_the_empty_page() {
    // Mode filters a page after cutting it: pages of 30, 24, 30 and 11 reports, then an
    // empty page. A walk that stopped at the first short page would count 54.
    let mut w = world("healthy");
    let hidden_on = |i: usize| (30..36).contains(&i) || (90 + 11..120).contains(&i);
    let reports = (0..120u64)
        .map(|n| SimReport {
            id: 7_000_000 + n,
            token: token("paged", n),
            name: format!("Paged {n}"),
            queries: vec![],
            hidden: hidden_on(n as usize),
        })
        .collect();
    if let Some(c) = w.collections.iter_mut().find(|c| !c.personal) {
        c.reports = reports;
    }
    for c in w.collections.iter_mut().filter(|c| !c.personal).skip(1) {
        c.reports.clear();
    }
    let sim = Simulator::start(w, 0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        &sim,
        Case {
            deep: true,
            ..Case::default()
        },
    )
    .await;
    assert_eq!(r.counts.reports, Some(95), "{}", summary(&r, "reports"));
    let pages: Vec<String> = sim
        .requests()
        .into_iter()
        .filter(|q| q.path.contains(&token("space", 1)) && q.path.ends_with("/reports"))
        .map(|q| q.query)
        .collect();
    assert!(
        pages.iter().any(|q| q.contains("page=5")),
        "the walk must confirm the end with an empty page: {pages:?}"
    );
    assert!(pages.iter().all(|q| q.contains("per_page=30")), "{pages:?}");
}
