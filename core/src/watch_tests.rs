use super::*;
use crate::model::{Access, CheckResult, Connection, Counts, KeyInfo, KeyKind, Settings};

fn report(at: &str, statuses: &[(CheckId, Status)], conns: &[(&str, Access)]) -> Report {
    let checks: Vec<CheckResult> = CheckId::ALL
        .into_iter()
        .map(|id| {
            let st = statuses
                .iter()
                .find(|(c, _)| *c == id)
                .map_or(Status::Pass, |(_, s)| *s);
            CheckResult::new(id, st, "summary.")
        })
        .collect();
    let (ready, to_confirm, headline) = crate::model::headline(&checks);
    Report {
        schema: 1,
        workspace: "acme".into(),
        host: "https://app.mode.com".into(),
        checked_at: Some(at.into()),
        key: KeyInfo {
            id: Some("k".into()),
            kind: KeyKind::Workspace,
            member: None,
            expires_on: None,
            days_left: None,
            expiry_source: None,
        },
        verdict: Some(crate::model::Verdict::of(&checks, &to_confirm)),
        checks,
        connections: conns
            .iter()
            .map(|(name, access)| Connection {
                token: format!("t-{name}"),
                name: (*name).into(),
                access: *access,
                via: None,
                link: String::new(),
            })
            .collect(),
        counts: Counts::default(),
        ready,
        to_confirm,
        headline,
        app_version: String::new(),
        requests: 0,
    }
}

fn green(at: &str) -> Report {
    report(
        at,
        &[],
        &[("Finance DB", Access::View), ("Postgres", Access::View)],
    )
}

fn unreachable(at: &str) -> Report {
    let mut r = report(at, &[(CheckId::Host, Status::Fail)], &[]);
    for c in &mut r.checks {
        if c.id == CheckId::Host {
            c.transient = true;
        } else {
            c.status = Status::Skip;
        }
    }
    r
}

fn profile() -> Profile {
    Profile {
        id: "acme-1".into(),
        workspace: "acme".into(),
        service_account: Some("atlan_crawler".into()),
        key_id: Some("k".into()),
        ..Default::default()
    }
}

/// A watched workspace whose last run, on 3 November, passed every check.
fn watched() -> Profile {
    let mut p = profile();
    shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Watch);
    p
}

/// The run of the day after, on 4 November.
fn next_day(statuses: &[(CheckId, Status)], conns: &[(&str, Access)]) -> Report {
    report("2026-11-04T09:00:00+00:00", statuses, conns)
}

/// Observes a run as the watch does when its notification is shown.
fn shown(p: &mut Profile, r: &Report, by: RunBy) -> Observed {
    let o = observe(p, r, by);
    if o.alert.is_some() {
        mark_notified(p);
    }
    o
}

fn titles(o: &Observed) -> Option<String> {
    o.alert.as_ref().map(|a| a.title.clone())
}

#[test]
fn a_first_ready_run_switches_the_watch_on_and_notifies_nothing() {
    let mut p = profile();
    let o = shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Window);
    assert_eq!(
        (p.watch, o.alert, o.run.changes.len()),
        (Some(true), None, 0)
    );
    // A person's "off" stays off.
    let mut p = profile();
    p.watch = Some(false);
    shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Window);
    assert_eq!(p.watch, Some(false));
}

#[test]
fn a_removed_grant_notifies_once_naming_the_connection() {
    let mut p = profile();
    shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Window);
    let lost = next_day(
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &lost, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Atlan's crawler can no longer view Finance DB")
    );
    assert_eq!(o.alert.map(|a| a.check), Some(CheckId::ConnectionAccess));
    assert_eq!(o.run.changes.len(), 1, "{:?}", o.run.changes);
    // The same state the next day: nothing new.
    let again = report(
        "2026-11-05T09:00:00+00:00",
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &again, RunBy::Watch);
    assert!(o.alert.is_none() && o.run.changes.is_empty());
    // Fixed: recorded as better, not notified.
    let o = shown(&mut p, &green("2026-11-06T09:00:00+00:00"), RunBy::Watch);
    assert!(o.alert.is_none());
    assert!(o.run.changes.iter().all(|c| !c.kind.is_regression()));
    assert!(!o.run.changes.is_empty());
}

#[test]
fn a_deactivated_account_and_a_revoked_key_each_name_the_change() {
    let mut p = profile();
    shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Command);
    let gone = next_day(
        &[(CheckId::ServiceAccount, Status::Fail)],
        &[("Finance DB", Access::View), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &gone, RunBy::Command);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: The crawler's account atlan_crawler is no longer a current member of acme")
    );
    let mut p = watched();
    let mut revoked = next_day(&[(CheckId::Credentials, Status::Fail)], &[]);
    for c in &mut revoked.checks {
        if !matches!(c.id, CheckId::Host | CheckId::Credentials) {
            c.status = Status::Skip;
        }
    }
    let o = shown(&mut p, &revoked, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Mode no longer accepts the crawler's API key: it may have been revoked")
    );
}

#[test]
fn a_pass_that_turns_into_couldnt_confirm_is_a_regression() {
    let mut p = watched();
    let unsure = next_day(
        &[(CheckId::ConnectionAccess, Status::Warn)],
        &[("Finance DB", Access::Unknown), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &unsure, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Couldn't confirm that Atlan's crawler can still view Finance DB")
    );
}

#[test]
fn a_new_restricted_connection_is_a_regression() {
    let mut p = watched();
    let new = next_day(
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[
            ("Finance DB", Access::View),
            ("Postgres", Access::View),
            ("HR", Access::None),
        ],
    );
    let o = shown(&mut p, &new, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Atlan's crawler can't view the new connection HR")
    );
}

#[test]
fn an_outage_notifies_only_when_the_next_run_fails_the_same_way_and_then_only_once() {
    let mut p = watched();
    let o = shown(
        &mut p,
        &unreachable("2026-11-04T09:00:00+00:00"),
        RunBy::Watch,
    );
    assert!(o.alert.is_none() && o.run.unfinished);
    let o = shown(
        &mut p,
        &unreachable("2026-11-05T09:00:00+00:00"),
        RunBy::Watch,
    );
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Mode could not be reached from this computer on two checks in a row")
    );
    let o = shown(
        &mut p,
        &unreachable("2026-11-06T09:00:00+00:00"),
        RunBy::Watch,
    );
    assert!(o.alert.is_none(), "the same outage is said once");
}

#[test]
fn a_regression_behind_an_outage_is_still_found() {
    let mut p = watched();
    observe(
        &mut p,
        &unreachable("2026-11-04T09:00:00+00:00"),
        RunBy::Watch,
    );
    let lost = report(
        "2026-11-05T09:00:00+00:00",
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &lost, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Atlan's crawler can no longer view Finance DB")
    );
}

#[test]
fn runs_from_the_window_and_of_the_practice_workspace_never_notify() {
    let lost = next_day(
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let mut p = watched();
    let o = shown(&mut p, &lost, RunBy::Window);
    assert!(o.alert.is_none() && o.run.changes.len() == 1);
    let mut p = profile();
    p.practice = true;
    shown(&mut p, &green("2026-11-03T09:00:00+00:00"), RunBy::Watch);
    assert!(shown(&mut p, &lost, RunBy::Watch).alert.is_none());
}

#[test]
fn expiry_is_left_to_the_reminders() {
    let mut p = watched();
    let soon = next_day(
        &[(CheckId::KeyExpiry, Status::Warn)],
        &[("Finance DB", Access::View), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &soon, RunBy::Watch);
    assert!(o.alert.is_none());
    assert_eq!(
        o.run.changes.len(),
        1,
        "recorded in the history all the same"
    );
}

#[test]
fn several_changes_make_one_notification_that_lists_them() {
    let mut p = watched();
    let worse = next_day(
        &[
            (CheckId::ServiceAccount, Status::Fail),
            (CheckId::ConnectionAccess, Status::Fail),
        ],
        &[("Finance DB", Access::None), ("Postgres", Access::None)],
    );
    let o = shown(&mut p, &worse, RunBy::Watch);
    let a = o.alert.unwrap_or_else(|| panic!("an alert"));
    assert_eq!(a.title, "acme: 3 things changed for Atlan's crawler");
    assert!(a.body.contains("can no longer view Postgres"), "{}", a.body);
}

#[test]
fn the_history_keeps_the_last_fifty_runs() {
    let mut p = profile();
    for day in 0..60 {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(day)))
            .map(|d| format!("{d}T09:00:00+00:00"))
            .unwrap_or_default();
        shown(&mut p, &green(&at), RunBy::Watch);
    }
    assert_eq!(p.history.len(), HISTORY_LEN);
    assert_eq!(
        p.history.first().map(|r| r.at.date_naive().to_string()),
        Some("2026-09-11".into())
    );
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn due_follows_the_chosen_interval_and_skips_unwatched_and_practice() {
    let mut watched = profile();
    observe(
        &mut watched,
        &green("2026-11-03T09:00:00+00:00"),
        RunBy::Window,
    );
    let mut off = profile();
    off.id = "off".into();
    off.watch = Some(false);
    let mut practice = profile();
    practice.id = "practice".into();
    practice.practice = true;
    practice.watch = Some(true);
    let mut saved = Saved {
        profiles: vec![watched, off, practice],
        settings: Settings::default(),
        ..Default::default()
    };
    assert!(
        due(&saved, at("2026-11-04T08:00:00+00:00")).is_empty(),
        "23 hours"
    );
    assert_eq!(due(&saved, at("2026-11-04T08:45:00+00:00")), vec!["acme-1"]);
    saved.settings.watch_every = crate::model::WatchEvery::Weekly;
    assert!(due(&saved, at("2026-11-09T09:00:00+00:00")).is_empty());
    assert_eq!(due(&saved, at("2026-11-10T09:00:00+00:00")), vec!["acme-1"]);
    saved.settings.watch_every = crate::model::WatchEvery::Off;
    assert!(due(&saved, at("2027-01-10T09:00:00+00:00")).is_empty());
}

#[test]
fn one_watch_run_at_a_time() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("profiles.json");
    let first = lock(&store, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.is_some());
    assert!(lock(&store, false)
        .unwrap_or_else(|e| panic!("{e}"))
        .is_none());
    drop(first);
    assert!(lock(&store, false)
        .unwrap_or_else(|e| panic!("{e}"))
        .is_some());
}

fn busy(at: &str) -> Report {
    let mut r = green(at);
    for c in &mut r.checks {
        if c.id == CheckId::ConnectionAccess {
            c.status = Status::Fail;
            c.transient = true;
        }
    }
    r
}

#[test]
fn a_notification_that_could_not_be_shown_is_shown_at_the_next_chance() {
    let mut p = watched();
    let lost = next_day(
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    // No notification service: the alert is not marked shown.
    let o = observe(&mut p, &lost, RunBy::Command);
    assert!(o.alert.is_some());
    assert_eq!(
        owed(&p).map(|a| a.title),
        Some("acme: Atlan's crawler can no longer view Finance DB".into()),
        "owed until shown"
    );
    // The next run finds nothing new, but still owes the change.
    let o = shown(&mut p, &lost, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Atlan's crawler can no longer view Finance DB")
    );
    assert!(owed(&p).is_none(), "shown now");
}

#[test]
fn an_owed_notification_is_dropped_once_the_setup_is_mended() {
    let mut p = watched();
    let lost = next_day(
        &[(CheckId::ConnectionAccess, Status::Fail)],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let _ = observe(&mut p, &lost, RunBy::Command);
    let o = shown(&mut p, &green("2026-11-05T09:00:00+00:00"), RunBy::Watch);
    assert!(o.alert.is_none(), "mended: nothing to say");
    assert!(owed(&p).is_none());
}

#[test]
fn a_run_that_could_not_reach_mode_hides_no_later_regression() {
    let mut p = watched();
    // No network on Tuesday: the host fails (not a busy Mode), every other check is skipped.
    let mut offline = next_day(&[(CheckId::Host, Status::Fail)], &[]);
    for c in &mut offline.checks {
        if c.id != CheckId::Host {
            c.status = Status::Skip;
        }
    }
    let o = shown(&mut p, &offline, RunBy::Watch);
    assert!(o.alert.is_none() && o.run.unfinished, "once says nothing");
    // Wednesday the key is revoked.
    let mut revoked = report(
        "2026-11-05T09:00:00+00:00",
        &[(CheckId::Credentials, Status::Fail)],
        &[],
    );
    for c in &mut revoked.checks {
        if !matches!(c.id, CheckId::Host | CheckId::Credentials) {
            c.status = Status::Skip;
        }
    }
    let o = shown(&mut p, &revoked, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Mode no longer accepts the crawler's API key: it may have been revoked")
    );
}

#[test]
fn a_check_mode_was_too_busy_to_answer_keeps_its_last_answer() {
    let mut p = watched();
    // The account is gone and Mode was busy for the connections: the account is said.
    let mut mixed = busy("2026-11-04T09:00:00+00:00");
    for c in &mut mixed.checks {
        if c.id == CheckId::ServiceAccount {
            c.status = Status::Fail;
        }
    }
    mixed.connections.clear();
    let o = shown(&mut p, &mixed, RunBy::Watch);
    assert_eq!(o.run.changes.len(), 1, "{:?}", o.run.changes);
    // The connections kept their settled answer: a grant lost next is still found.
    let lost = report(
        "2026-11-05T09:00:00+00:00",
        &[
            (CheckId::ServiceAccount, Status::Fail),
            (CheckId::ConnectionAccess, Status::Fail),
        ],
        &[("Finance DB", Access::None), ("Postgres", Access::View)],
    );
    let o = shown(&mut p, &lost, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Atlan's crawler can no longer view Finance DB")
    );
}

#[test]
fn a_new_connection_mode_leaves_unsettled_is_not_called_unviewable() {
    let mut p = watched();
    let new = next_day(
        &[(CheckId::ConnectionAccess, Status::Warn)],
        &[
            ("Finance DB", Access::View),
            ("Postgres", Access::View),
            ("HR", Access::Unknown),
        ],
    );
    let o = shown(&mut p, &new, RunBy::Watch);
    assert_eq!(
        titles(&o).as_deref(),
        Some("acme: Couldn't confirm that Atlan's crawler can view the new connection HR")
    );
}

#[test]
fn a_run_stamped_in_the_future_does_not_stop_the_watch() {
    let mut p = profile();
    shown(&mut p, &green("2031-01-01T09:00:00+00:00"), RunBy::Window);
    let saved = Saved {
        profiles: vec![p],
        ..Default::default()
    };
    assert_eq!(due(&saved, at("2026-11-04T09:00:00+00:00")), vec!["acme-1"]);
}
