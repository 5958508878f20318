//! `mode-setup remind`: the expiry reminders that are due, for cron or a systemd timer.

use super::{fail, out, say};
use crate::text::printable;

/// Sends the reminders that are due and records them, then says what happened. Recording comes
/// first: once a notification is shown it is marked as sent, so a failure to print (stdout
/// closed or full) never makes the next run send it again.
pub(super) fn remind() -> i32 {
    let path = crate::store::default_path();
    let today = chrono::Local::now().date_naive();
    let outcome = match crate::reminders::send_due(&path, today, crate::reminders::notify) {
        Ok(outcome) => outcome,
        Err(e) => {
            say(&fail(&e));
            return 2;
        }
    };
    let none_due = outcome.is_empty();
    let mut sent = Vec::new();
    let mut failed = Vec::new();
    for s in outcome {
        match s.shown {
            Ok(_) => sent.push(s.reminder.title),
            Err(e) => failed.push(format!("mode-setup: not sent: {}: {e}", s.reminder.title)),
        }
    }
    let mut text = String::new();
    if none_due {
        text.push_str("No reminders are due.\n");
    }
    for title in &sent {
        text.push_str(&format!("Sent: {}\n", printable(title)));
    }
    if let Err(e) = out(&text) {
        say(&format!(
            "mode-setup: could not write to standard output ({e}); the reminders were sent and recorded."
        ));
    }
    for line in &failed {
        say(&printable(line));
    }
    i32::from(!failed.is_empty())
}
