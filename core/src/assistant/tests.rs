//! The window's logic, tested without the window.

use super::*;

#[test]
fn links_to_other_sites_are_refused() {
    let web = "https://app.mode.com";
    assert!(check_link(web, "https://app.mode.com/organizations/acme").is_ok());
    assert!(check_link(web, "https://mode.com/help/articles/api-reference").is_ok());
    assert!(check_link(web, "mailto:?subject=x").is_ok());
    assert!(check_link(web, "https://evil.example/organizations/acme").is_err());
    assert!(check_link(web, "http://app.mode.com/x").is_err());
    assert!(check_link(web, "file:///etc/passwd").is_err());
    assert!(check_link(web, "javascript:alert(1)").is_err());
}

#[test]
fn atlans_guide_pages_open_and_nothing_else_of_atlans() {
    let web = "https://app.mode.com";
    for page in crate::atlan::GUIDE_PAGES {
        assert_eq!(check_link(web, page).ok().as_deref(), Some(page));
    }
    for bad in [
        "https://docs.atlan.com/",
        "https://docs.atlan.com/apps/connectors/business-intelligence/mode/how-tos/crawl-mode?x=1",
        "http://docs.atlan.com/apps/connectors/business-intelligence/mode/how-tos/crawl-mode",
        "https://acme.atlan.com/",
    ] {
        assert!(check_link(web, bad).is_err(), "{bad} was opened");
    }
}

#[test]
fn mailto_links_carry_one_recipient_a_subject_and_a_body_only() {
    let web = "https://app.mode.com";
    let p = Profile {
        workspace: "acme".into(),
        ..Default::default()
    };
    let drafted = admin_message(&p, &WebLinks::new(web, "acme")).mailto;
    assert!(check_link(web, &drafted).is_ok(), "{drafted}");
    for ok in [
        "mailto:?subject=x",
        "mailto:admin@example.com",
        "mailto:admin@example.com?subject=Hi&body=Line%0Aline",
        "mailto:?to=admin%40example.com&Subject=x&BODY=y",
    ] {
        assert!(check_link(web, ok).is_ok(), "{ok} was refused");
    }
    for bad in [
        "mailto:?subject=x&attach=/etc/passwd",
        "mailto:?body=x&attachment=file:///home/me/.ssh/id_rsa",
        "mailto:?%61ttach=/etc/passwd",
        "mailto:?cc=someone@example.com",
        "mailto:?subject=x&bcc=someone@example.com",
        "mailto:?BCC=someone@example.com",
        "mailto:?x-extra=1",
        "mailto:a@example.com,b@example.com?subject=x",
        "mailto:a@example.com%2Cb@example.com",
        "mailto:a@example.com;b@example.com",
        "mailto:a@example.com?to=b@example.com",
        "mailto:?to=a@example.com&to=b@example.com",
        "mailto:?to=a@example.com,b@example.com",
        "mailto:?subject=x&subject=y",
        "mailto:?subject=x\nbcc=y",
    ] {
        assert!(check_link(web, bad).is_err(), "{bad} was allowed");
    }
}

#[test]
fn admin_message_has_the_links_and_never_asks_for_the_secret_by_email() {
    let p = Profile {
        workspace: "acme".into(),
        service_account: Some("atlan_crawler".into()),
        ..Default::default()
    };
    let links = WebLinks::new("https://app.mode.com", "acme");
    let m = admin_message(&p, &links);
    assert!(m.body.contains("https://app.mode.com/acme/invites/new"));
    assert!(m
        .body
        .contains("https://app.mode.com/organizations/acme/data_sources"));
    assert!(m.body.contains("don't send the API secret"));
    assert!(m.mailto.starts_with("mailto:?subject=Please%20help"));
    assert!(!m.mailto.contains(' ') && !m.mailto.contains('\n'));
}

#[test]
fn the_window_gets_the_last_report_as_json_prints_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = Assistant::load(dir.path().join("profiles.json")).unwrap_or_else(|e| panic!("{e}"));
    let mut report = Report::not_run("acme", "https://app.mode.com", None, KeyKind::Member, None);
    report.checked_at = Some("2026-12-01T10:00:00+00:00".into());
    report.key.days_left = Some(3);
    let p = Profile {
        id: "p".into(),
        baseline: Some(report.clone()),
        last_report: Some(report),
        ..Default::default()
    };
    let v = serde_json::to_value(a.view(&p)).unwrap_or_default();
    assert_eq!(v["lastReport"]["checked_at"], "2026-12-01T10:00:00+00:00");
    assert_eq!(v["lastReport"]["key"]["days_left"], 3);
    assert!(
        v["baseline"].is_null(),
        "the watch's baseline stays in Rust"
    );
}

#[test]
fn a_new_key_or_workspace_starts_the_watch_afresh() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
    let mut saved = Saved::default();
    let form = |id: Option<&str>, workspace: &str, key: &str| ProfileInput {
        id: id.map(str::to_string),
        workspace: workspace.into(),
        host: "https://app.mode.com".into(),
        key_id: key.into(),
        ..Default::default()
    };
    let p = save_form(&mut saved, form(None, "acme", "k1"), day).unwrap_or_else(|e| panic!("{e}"));
    let report = Report::not_run(
        "acme",
        "https://app.mode.com",
        Some("k1"),
        KeyKind::Workspace,
        None,
    );
    let id = p.id.clone();
    if let Some(p) = saved.profile_mut(&id) {
        crate::watch::observe(p, &report, RunBy::Window);
        p.baseline = Some(report.clone());
    }
    // A new key: nothing settled about the old one is compared with it; the history stays.
    save_form(&mut saved, form(Some(&id), "acme", "k2"), day).unwrap_or_else(|e| panic!("{e}"));
    let p = saved.profile(&id).cloned().unwrap_or_default();
    assert!(p.baseline.is_none());
    assert_eq!(p.history.len(), 1);
    // Another workspace: its history is not this one's.
    save_form(&mut saved, form(Some(&id), "globex", "k2"), day).unwrap_or_else(|e| panic!("{e}"));
    let p = saved.profile(&id).cloned().unwrap_or_default();
    assert!(p.history.is_empty());
}
