//! The setup report's tests: typed documents in, the words a reviewer reads out.

use chrono::NaiveDate;

use super::*;
use crate::model::*;

mod formats;
mod verdicts;

fn day(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_default()
}

fn check(id: CheckId, status: Status, summary: &str, fix: Option<&str>) -> CheckResult {
    let mut c = CheckResult::new(id, status, summary);
    c.fix = fix.map(str::to_string);
    c
}

fn connection(token: &str, name: &str, access: Access, via: Option<Via>) -> Connection {
    Connection {
        token: token.into(),
        name: name.into(),
        access,
        via,
        link: format!("https://app.mode.com/organizations/acme/data_sources/{token}"),
    }
}

fn step(id: StepId, at: Option<&str>, by: Option<TickedBy>) -> StepRow {
    StepRow {
        id,
        title: id.title().into(),
        done: at.is_some(),
        at: at.map(day),
        by,
    }
}

/// A workspace one check short of ready: a connection the crawler can't view.
fn fixture() -> SetupDocument {
    use CheckId::*;
    let checks = vec![
        check(Host, Status::Pass, "app.mode.com answered in 180 ms.", None),
        check(
            Credentials,
            Status::Pass,
            "Mode accepted key ws0a1b2c3d4e.",
            None,
        ),
        check(
            Workspace,
            Status::Pass,
            "The key opens workspace acme.",
            None,
        ),
        check(KeyType, Status::Pass, "This is a workspace key.", None),
        check(
            KeyExpiry,
            Status::Pass,
            "The key expires on 27 January 2027, in 60 days.",
            Some("Rotate it before then."),
        ),
        check(
            ServiceAccount,
            Status::Warn,
            "atlan_crawler is a member but has not accepted the invite.",
            Some("Ask the account's owner to accept the invite from Mode's email."),
        )
        .link("https://app.mode.com/organizations/acme/members")
        .details(Some("membership state: invited".into())),
        check(
            ConnectionAccess,
            Status::Fail,
            "The crawler cannot view 1 of 4 connections: Snowflake (finance).",
            Some(
                "In Mode, open Workspace Settings > Data > Connections, choose Snowflake \
                 (finance), and give atlan_crawler View access.",
            ),
        )
        .link("https://app.mode.com/organizations/acme/data_sources/def"),
        check(
            Collections,
            Status::Pass,
            "2 shared collections and 1 personal collection are visible.",
            None,
        ),
        check(
            Reports,
            Status::Skip,
            "Skipped: fix the connection access first.",
            Some("Run the checks again once every connection is visible."),
        ),
    ];
    let report = Report {
        schema: 1,
        workspace: "acme".into(),
        host: "https://app.mode.com".into(),
        checked_at: Some("2026-11-28T17:40:00+00:00".into()),
        key: KeyInfo {
            id: Some("ws0a1b2c3d4e".into()),
            kind: KeyKind::Workspace,
            member: None,
            expires_on: Some(day("2027-01-27")),
            days_left: Some(60),
            expiry_source: Some(ExpirySource::Entered),
        },
        checks,
        connections: vec![
            connection(
                "abc",
                "Postgres (production)",
                Access::Manage,
                Some(Via::Admin),
            ),
            connection("def", "Snowflake (finance)", Access::None, None),
            connection(
                "ghi",
                "BigQuery | marketing",
                Access::View,
                Some(Via::Group),
            ),
            connection(
                "jkl",
                "Redshift (legacy)",
                Access::Query,
                Some(Via::Default),
            ),
        ],
        counts: Counts {
            connections: 4,
            collections: 2,
            personal_collections: 1,
            reports: Some(38),
            queries: Some(73),
            charts: Some(76),
        },
        ready: false,
        to_confirm: vec![],
        headline: "Not ready for Atlan yet: one check failed. Follow its fix, then check again."
            .into(),
        verdict: Some(Verdict::NotReady),
        app_version: "0.1.0".into(),
        requests: 23,
    };
    SetupDocument {
        report,
        checked_by: "dana".into(),
        service_account: Some("atlan_crawler".into()),
        steps: vec![
            step(StepId::Invite, Some("2026-11-27"), Some(TickedBy::Hand)),
            step(StepId::Permissions, None, None),
            step(StepId::ApiKey, Some("2026-11-28"), Some(TickedBy::Check)),
            step(StepId::Check, None, None),
            step(StepId::Reminders, Some("2026-11-28"), Some(TickedBy::Hand)),
            step(StepId::Report, None, None),
        ],
        practice: None,
        history: vec![],
    }
}

/// The fixture once nothing failed but Mode's answers left the key's kind and one
/// connection's access open, with the verdict worked out as a check run does.
fn probably_ready() -> SetupDocument {
    let mut doc = fixture();
    let r = &mut doc.report;
    r.checks[3] = CheckResult::new(CheckId::KeyType, Status::Warn, "Mode did not say.")
        .fix("Open Workspace Settings > Features > API Keys and find this Key ID.")
        .link("https://app.mode.com/organizations/acme/settings/api_keys")
        .confirm("that this key is listed under Workspace keys or Member keys");
    r.checks[6] = CheckResult::new(
        CheckId::ConnectionAccess,
        Status::Warn,
        "Mode left it open.",
    )
    .fix("Open Workspace Settings > Manage Connections > Oracle HR > Permissions.")
    .link("https://app.mode.com/organizations/acme/data_sources/ora")
    .confirm("that the crawler can view Oracle HR");
    r.checks[8].status = Status::Pass;
    r.connections = vec![
        connection(
            "abc",
            "Postgres (production)",
            Access::Manage,
            Some(Via::Admin),
        ),
        connection("ora", "Oracle HR", Access::Unknown, None),
    ];
    (r.ready, r.to_confirm, r.headline) = headline(&r.checks);
    r.verdict = None;
    doc
}

fn render_all(doc: &SetupDocument) -> [(Format, String); 2] {
    [Format::Html, Format::Markdown].map(|f| (f, render(doc, f)))
}

fn runs() -> Vec<Run> {
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{e}"));
    let lost = Change {
        kind: ChangeKind::LostView,
        check: CheckId::ConnectionAccess,
        connection: Some("Finance DB".into()),
        text: "Atlan's crawler can no longer view Finance DB".into(),
    };
    vec![
        Run {
            at: at("2026-11-03T09:00:00+00:00"),
            verdict: Verdict::Ready,
            unfinished: false,
            by: RunBy::Window,
            key: None,
            changes: vec![],
            notified: false,
        },
        Run {
            at: at("2026-11-04T09:00:00+00:00"),
            verdict: Verdict::NotReady,
            unfinished: false,
            by: RunBy::Watch,
            key: None,
            changes: vec![lost],
            notified: true,
        },
    ]
}

#[test]
fn the_history_is_in_every_format_newest_first_with_what_changed() {
    let mut doc = fixture();
    doc.history = runs();
    let html = render(&doc, Format::Html);
    let md = render(&doc, Format::Markdown);
    for out in [&html, &md] {
        assert!(out.contains("History"), "{out}");
        assert!(out.contains("can no longer view Finance DB"), "{out}");
        let newer = out
            .find("4 November 2026 at 09:00 (UTC)")
            .unwrap_or(usize::MAX);
        let older = out.find("3 November 2026 at 09:00 (UTC)").unwrap_or(0);
        assert!(newer < older, "newest first: {out}");
    }
    assert!(render(&doc, Format::Json).contains("\"history\""));
    // Without runs there is no section: the fixture's own output is unchanged.
    assert!(!render(&fixture(), Format::Html).contains("id=\"history\""));
    assert!(!render(&fixture(), Format::Json).contains("\"history\""));
}
