//! Expiry reminders: which are due for which saved key, each once per threshold per key, and
//! daily once a key has expired. Mode sends no reminder of its own.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::store::{self, Saved};

/// Days before expiry on which a reminder is sent, unless the settings say otherwise.
pub use crate::model::defaults::DEFAULT_THRESHOLDS;

/// One reminder to send.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub profile_id: String,
    pub workspace: String,
    pub key_id: String,
    pub expires_on: NaiveDate,
    pub days_left: i64,
    /// The mark recorded once it is sent.
    pub mark: String,
    pub title: String,
    pub body: String,
}

/// The reminders due `today` (this computer's calendar day) for every saved key with an expiry
/// date. When several thresholds were crossed since the last look (the computer was off), only
/// the most urgent is sent and the others are marked as passed. The practice workspace's key is
/// not a real key: it never sends a reminder.
pub fn due(saved: &Saved, today: NaiveDate) -> (Vec<Reminder>, Vec<String>) {
    let mut thresholds = saved.settings.thresholds.clone();
    thresholds.sort_unstable();
    thresholds.dedup();
    let mut out = Vec::new();
    let mut passed = Vec::new();
    for p in saved.profiles.iter().filter(|p| !p.practice) {
        let (Some(expires_on), Some(key_id)) = (p.expires_on, p.key_id.clone()) else {
            continue;
        };
        let days_left = (expires_on - today).num_days();
        let base = format!("{}|{key_id}|{expires_on}", p.id);
        let sent = |mark: &str| saved.reminders_sent.iter().any(|s| s == mark);
        let mark = if days_left < 0 {
            Some(format!("{base}|expired|{today}"))
        } else {
            let crossed: Vec<u32> = thresholds
                .iter()
                .copied()
                .filter(|t| days_left <= i64::from(*t))
                .collect();
            for t in crossed.iter().skip(1) {
                let m = format!("{base}|{t}");
                if !sent(&m) {
                    passed.push(m);
                }
            }
            crossed.first().map(|t| format!("{base}|{t}"))
        };
        let Some(mark) = mark.filter(|m| !sent(m)) else {
            continue;
        };
        let ws = &p.workspace;
        let title = match days_left {
            d if d < 0 => format!("Mode key for {ws} has expired"),
            0 => format!("Mode key for {ws} expires today"),
            1 => format!("Mode key for {ws} expires tomorrow"),
            d => format!("Mode key for {ws} expires in {d} days"),
        };
        let when = if days_left < 0 {
            "expired on"
        } else {
            "expires on"
        };
        let body = format!(
            "Key {key_id} {when} {expires_on}; Atlan's crawls of {ws} stop working without it. Create a new key in Mode, check it in Mode Setup Assistant, copy it into Atlan from its Connect in Atlan step, then revoke the old one."
        );
        out.push(Reminder {
            profile_id: p.id.clone(),
            workspace: ws.clone(),
            key_id,
            expires_on,
            days_left,
            mark,
            title,
            body,
        });
    }
    (out, passed)
}

/// Records reminders as sent, keeping the log from growing without bound.
pub fn record(saved: &mut Saved, marks: impl IntoIterator<Item = String>) {
    saved.reminders_sent.extend(marks);
    let keep = 2000;
    let len = saved.reminders_sent.len();
    if len > keep {
        saved.reminders_sent.drain(..len - keep);
    }
}

/// One due reminder and what became of it: `Ok` with what `notify` returned once shown, or
/// why it could not be shown.
#[derive(Debug)]
pub struct Sent<H> {
    pub reminder: Reminder,
    pub shown: std::result::Result<H, String>,
}

/// Sends the reminders due `today` and records those shown, in one locked read, change and
/// write of the store at `path`: two windows, or a window and `mode-setup remind`, never send
/// the same reminder twice. A reminder `notify` could not show is not recorded, so the next
/// look tries it again. The store is written before this returns.
pub fn send_due<H>(
    path: &Path,
    today: NaiveDate,
    notify: impl FnMut(&Reminder) -> std::result::Result<H, String>,
) -> Result<Vec<Sent<H>>> {
    store::update(path, |saved| Ok(send_due_in(saved, today, notify))).map(|(sent, _)| sent)
}

/// [`send_due`] on state the caller holds under the store's lock (inside [`store::update`]).
pub fn send_due_in<H>(
    saved: &mut Saved,
    today: NaiveDate,
    mut notify: impl FnMut(&Reminder) -> std::result::Result<H, String>,
) -> Vec<Sent<H>> {
    let (due, passed) = due(saved, today);
    let mut marks = passed;
    let mut sent = Vec::with_capacity(due.len());
    for reminder in due {
        let shown = notify(&reminder);
        if shown.is_ok() {
            marks.push(reminder.mark.clone());
        }
        sent.push(Sent { reminder, shown });
    }
    record(saved, marks);
    sent
}

/// Shows a reminder as a desktop notification (freedesktop notifications over D-Bus); the
/// handle can wait for a click.
pub fn notify(r: &Reminder) -> Result<notify_rust::NotificationHandle, String> {
    notify_rust::Notification::new()
        .appname("Mode Setup Assistant")
        .summary(&r.title)
        .body(&r.body)
        .icon("mode-setup")
        .action("default", "Open the rotation steps")
        .timeout(notify_rust::Timeout::Never)
        .show()
        .map_err(|e| {
            format!("the notification could not be shown ({e}); is a notification service running?")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Profile;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn saved(expires: Option<&str>) -> Saved {
        let mut s = Saved::default();
        s.profiles.push(Profile {
            id: "p".into(),
            workspace: "acme".into(),
            key_id: Some("k1".into()),
            expires_on: expires.map(date),
            ..Default::default()
        });
        s
    }

    /// Walks `days` forward from `start`, sending what is due, and returns (day, days_left) sent.
    fn walk(s: &mut Saved, start: &str, days: u64) -> Vec<i64> {
        let mut fired = vec![];
        for d in 0..days {
            let today = date(start)
                .checked_add_days(chrono::Days::new(d))
                .unwrap_or_default();
            let (due, passed) = due(s, today);
            fired.extend(due.iter().map(|r| r.days_left));
            record(s, due.into_iter().map(|r| r.mark).chain(passed));
        }
        fired
    }

    #[test]
    fn each_threshold_fires_once_then_daily_after_expiry() {
        let mut s = saved(Some("2027-01-31"));
        let fired = walk(&mut s, "2026-12-01", 64);
        // 2026-12-01 is 61 days before expiry; the walk ends two days after it.
        assert_eq!(fired, vec![30, 14, 7, 3, 1, 0, -1, -2]);
    }

    #[test]
    fn threshold_boundaries_are_inclusive() {
        let s = saved(Some("2027-01-31"));
        assert!(
            due(&s, date("2026-12-31")).0.is_empty(),
            "31 days left: nothing yet"
        );
        let (r, _) = due(&s, date("2027-01-01"));
        assert_eq!(r.iter().map(|r| r.days_left).collect::<Vec<_>>(), vec![30]);
        assert!(r[0].mark.ends_with("|30"));
        let (r, _) = due(&s, date("2027-01-31"));
        assert_eq!(r[0].title, "Mode key for acme expires today");
        let (r, _) = due(&s, date("2027-02-01"));
        assert_eq!(r[0].title, "Mode key for acme has expired");
    }

    #[test]
    fn a_week_away_sends_only_the_most_urgent_threshold() {
        let mut s = saved(Some("2027-01-31"));
        let (r, passed) = due(&s, date("2027-01-26"));
        assert_eq!(r.len(), 1);
        assert!(r[0].mark.ends_with("|7"), "{}", r[0].mark);
        assert!(
            passed.iter().any(|m| m.ends_with("|30")) && passed.iter().any(|m| m.ends_with("|14"))
        );
        record(&mut s, r.into_iter().map(|r| r.mark).chain(passed));
        assert!(
            due(&s, date("2027-01-26")).0.is_empty(),
            "the same day again sends nothing"
        );
    }

    #[test]
    fn send_due_records_what_it_shows_so_the_next_sender_sends_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("profiles.json");
        store::save(&path, &saved(Some("2027-01-31"))).unwrap_or_else(|e| panic!("{e}"));
        let today = date("2027-01-26");
        let first = send_due(&path, today, |_| Ok(())).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.len(), 1);
        // Another process (the other of window and `mode-setup remind`) looks next.
        let mut shown = 0;
        let second = send_due(&path, today, |_| {
            shown += 1;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(second.is_empty() && shown == 0, "{second:?}");
    }

    #[test]
    fn a_reminder_that_could_not_be_shown_is_tried_again() {
        let mut s = saved(Some("2027-01-31"));
        let today = date("2027-01-26");
        let failed = send_due_in(&mut s, today, |_| Err::<(), _>("no service".to_string()));
        assert!(failed[0].shown.is_err());
        let again = send_due_in(&mut s, today, |_| Ok(()));
        assert_eq!(again.len(), 1, "not shown, so not recorded");
        assert!(send_due_in(&mut s, today, |_| Ok(())).is_empty());
    }

    #[test]
    fn nothing_fires_for_a_key_without_an_expiry_date() {
        let s = saved(None);
        assert!(due(&s, date("2027-01-26")).0.is_empty());
    }

    #[test]
    fn a_new_key_starts_its_own_reminders() {
        let mut s = saved(Some("2027-01-31"));
        let _ = walk(&mut s, "2027-01-25", 3);
        if let Some(p) = s.profiles.first_mut() {
            p.key_id = Some("k2".into());
            p.expires_on = Some(date("2027-01-30"));
        }
        let (r, _) = due(&s, date("2027-01-27"));
        assert_eq!(
            r.iter()
                .map(|r| (r.key_id.as_str(), r.days_left))
                .collect::<Vec<_>>(),
            vec![("k2", 3)]
        );
    }

    #[test]
    fn settings_choose_the_thresholds() {
        let mut s = saved(Some("2027-01-31"));
        s.settings.thresholds = vec![10];
        assert!(due(&s, date("2027-01-20")).0.is_empty());
        assert_eq!(due(&s, date("2027-01-21")).0.len(), 1);
    }

    #[test]
    fn the_practice_workspace_never_sends_a_reminder() {
        let mut s = saved(Some("2027-01-31"));
        if let Some(p) = s.profiles.first_mut() {
            p.practice = true;
        }
        for day in ["2027-01-01", "2027-01-30", "2027-01-31", "2027-02-05"] {
            let (due, passed) = due(&s, date(day));
            assert!(due.is_empty() && passed.is_empty(), "{day}: {due:?}");
        }
    }
}
