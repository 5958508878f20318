//! The catalog of words, labels and defaults the window receives from Rust.
//!
//! The page keeps no list, title, label, threshold or default of its own: it reads this
//! catalog from `ui/catalog.js`, a file generated from [`catalog`] and kept current by the
//! `ui_catalog_is_current` test (`UPDATE_CATALOG=1` rewrites it).

use serde::Serialize;

use crate::error::Error;
use crate::model::defaults::{
    DEFAULT_HOST, DEFAULT_KEY_DAYS, DEFAULT_SERVICE_ACCOUNT, DEFAULT_THRESHOLDS, THRESHOLD_CHOICES,
    WARN_DAYS,
};
use crate::model::history::{RunBy, WatchEvery};
use crate::model::ids::{Access, CheckId, KeyKind, Status, StepId, Via};
use crate::model::report::Verdict;

/// Days before expiry from which the window shows the key as urgent.
pub const URGENT_DAYS: i64 = 7;

/// Where a number of days goes in the wording templates.
pub const DAYS: &str = "{n}";

/// Everything the page presents but does not decide.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// The checklist, in order.
    pub steps: Vec<StepEntry>,
    /// The checks, in the order they run.
    pub checks: Vec<CheckEntry>,
    /// The word beside each check result.
    pub statuses: Vec<Label<Status>>,
    /// The word beside a warning Mode's answers could not settle.
    pub couldnt_confirm: &'static str,
    /// Each verdict as a title.
    pub verdicts: Vec<Label<Verdict>>,
    /// Each level of access to a connection, weakest first.
    pub access: Vec<AccessEntry>,
    /// How the crawler got its access.
    pub via: Vec<Label<Via>>,
    /// The kinds of key.
    pub key_kinds: Vec<Label<KeyKind>>,
    /// The reminder days on offer and the ones used until the person chooses.
    pub reminders: ReminderRules,
    /// How often the watch can re-run the checks, and the choice used until the person chooses.
    pub watch_every: Vec<Label<WatchEvery>>,
    pub watch_every_default: WatchEvery,
    /// Who ran a check, as the history says it ("by the watch").
    pub run_by: Vec<Label<RunBy>>,
    /// The outcome of a run Mode was too busy to answer, or could not be reached on.
    pub run_unfinished: &'static str,
    /// Days a new Mode key lasts.
    pub key_lifetime_days: u64,
    /// Days before expiry from which the expiry check warns.
    pub expiry_warn_days: i64,
    /// Days before expiry from which the window shows the key as urgent.
    pub expiry_urgent_days: i64,
    /// Mode's host, unless changed under Advanced.
    pub default_host: &'static str,
    /// The crawler's username the setup suggests.
    pub default_service_account: &'static str,
    /// How many days a key has left, in words.
    pub days_left: DaysLeftWords,
    /// Every error kind a command can reject with, and the message it usually has.
    pub errors: Vec<ErrorEntry>,
    /// The words of Atlan's Mode form and guide, for the Connect in Atlan step.
    pub atlan: crate::atlan::AtlanWords,
}

/// One checklist step.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepEntry {
    pub id: StepId,
    pub title: &'static str,
    /// Whether a Mode admin has to do it.
    pub needs_admin: bool,
}

/// One check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckEntry {
    pub id: CheckId,
    pub title: &'static str,
}

/// An id and how it reads to a person.
#[derive(Debug, Clone, Serialize)]
pub struct Label<T> {
    pub id: T,
    pub label: &'static str,
}

/// A level of access to a connection.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    pub id: Access,
    pub label: &'static str,
    /// What the level lets the crawler do.
    pub note: &'static str,
    /// Whether the crawler can read what the connection holds.
    pub grants_view: bool,
}

/// The reminder days.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRules {
    /// The days before expiry a person can choose, largest first (0 is the expiry day).
    pub choices: &'static [u32],
    /// The days used until the person changes them.
    pub defaults: &'static [u32],
    /// How each choice reads.
    pub labels: ReminderLabels,
}

/// How a reminder day reads; `{n}` is the number of days.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderLabels {
    pub on_the_day: &'static str,
    pub one_day: &'static str,
    pub days: &'static str,
}

/// How many days a key has left; `{n}` is the number of days.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaysLeftWords {
    /// A line of its own: "Expires in 12 days".
    pub expires: WhenWords,
    /// Inside a sentence: "in 12 days".
    pub relative: WhenWords,
    /// When no expiry date is saved.
    pub unknown: &'static str,
}

/// One wording for each distance from the expiry date.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhenWords {
    pub in_days: &'static str,
    pub tomorrow: &'static str,
    pub today: &'static str,
    pub yesterday: &'static str,
    pub days_ago: &'static str,
}

/// An error kind and the message it usually has.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorEntry {
    pub kind: &'static str,
    pub message: String,
}

/// The catalog, built from the id enums, the defaults and the errors.
pub fn catalog() -> Catalog {
    Catalog {
        steps: StepId::ALL
            .into_iter()
            .map(|id| StepEntry {
                id,
                title: id.title(),
                needs_admin: id.needs_admin(),
            })
            .collect(),
        checks: CheckId::ALL
            .into_iter()
            .map(|id| CheckEntry {
                id,
                title: id.title(),
            })
            .collect(),
        statuses: Status::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        couldnt_confirm: crate::model::report::COULDNT_CONFIRM,
        verdicts: Verdict::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        access: Access::ALL
            .into_iter()
            .map(|id| AccessEntry {
                id,
                label: id.label(),
                note: id.note(),
                grants_view: id.grants_view(),
            })
            .collect(),
        via: Via::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        key_kinds: KeyKind::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        watch_every: WatchEvery::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        watch_every_default: WatchEvery::default(),
        run_by: RunBy::ALL
            .into_iter()
            .map(|id| Label {
                id,
                label: id.label(),
            })
            .collect(),
        run_unfinished: crate::model::history::UNFINISHED,
        reminders: ReminderRules {
            choices: THRESHOLD_CHOICES,
            defaults: DEFAULT_THRESHOLDS,
            labels: ReminderLabels {
                on_the_day: "On the day",
                one_day: "1 day before",
                days: "{n} days before",
            },
        },
        key_lifetime_days: DEFAULT_KEY_DAYS,
        expiry_warn_days: WARN_DAYS,
        expiry_urgent_days: URGENT_DAYS,
        default_host: DEFAULT_HOST,
        default_service_account: DEFAULT_SERVICE_ACCOUNT,
        days_left: DaysLeftWords {
            expires: WhenWords {
                in_days: "Expires in {n} days",
                tomorrow: "Expires tomorrow",
                today: "Expires today",
                yesterday: "Expired yesterday",
                days_ago: "Expired {n} days ago",
            },
            relative: WhenWords {
                in_days: "in {n} days",
                tomorrow: "tomorrow",
                today: "today",
                yesterday: "yesterday",
                days_ago: "{n} days ago",
            },
            unknown: "No expiry date saved",
        },
        errors: Error::examples()
            .iter()
            .map(|e| ErrorEntry {
                kind: e.kind(),
                message: e.to_string(),
            })
            .collect(),
        atlan: crate::atlan::words(),
    }
}

/// The text of `ui/catalog.js`.
pub fn ui_module() -> String {
    let json = serde_json::to_string_pretty(&catalog()).unwrap_or_default();
    format!(
        "// Generated from core/src/catalog.rs; do not edit. The ids, titles, labels, rules and\n\
         // defaults the page presents. To regenerate:\n\
         //   UPDATE_CATALOG=1 cargo test -p mode-setup-core --lib catalog\n\
         export const CATALOG = Object.freeze({json});\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::KINDS;

    const UI_CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/catalog.js");

    #[test]
    fn ui_catalog_is_current() {
        let want = ui_module();
        if std::env::var_os("UPDATE_CATALOG").is_some_and(|v| v == "1") {
            std::fs::write(UI_CATALOG, &want).unwrap_or_else(|e| panic!("{UI_CATALOG}: {e}"));
            return;
        }
        let have = std::fs::read_to_string(UI_CATALOG).unwrap_or_default();
        assert!(
            have == want,
            "ui/catalog.js is not what core/src/catalog.rs generates. Regenerate it with\n  \
             UPDATE_CATALOG=1 cargo test -p mode-setup-core --lib catalog\nand commit the result."
        );
    }

    #[test]
    fn steps_and_checks_keep_their_order_and_titles() {
        let c = catalog();
        let steps: Vec<&str> = c.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            steps,
            [
                "invite",
                "permissions",
                "api-key",
                "check",
                "reminders",
                "report",
                "atlan"
            ]
        );
        assert_eq!(c.steps[6].title, "Connect in Atlan");
        let admin: Vec<&str> = c
            .steps
            .iter()
            .filter(|s| s.needs_admin)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(admin, ["invite", "permissions", "api-key"]);
        assert_eq!(c.checks.len(), CheckId::ALL.len());
        assert_eq!(c.checks[1].title, "Mode accepts the key");
    }

    #[test]
    fn default_reminder_days_are_among_the_choices_largest_first() {
        let c = catalog();
        assert!(c
            .reminders
            .defaults
            .iter()
            .all(|d| c.reminders.choices.contains(d)));
        assert!(c.reminders.choices.windows(2).all(|w| w[0] > w[1]));
        assert!(c.reminders.choices.contains(&0), "the expiry day itself");
        assert!(c.expiry_urgent_days < c.expiry_warn_days);
    }

    #[test]
    fn every_error_kind_is_listed_with_a_message() {
        let c = catalog();
        let kinds: Vec<&str> = c.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, KINDS);
        assert!(c.errors.iter().all(|e| !e.message.is_empty()));
        assert!(kinds.contains(&"internal"));
    }

    #[test]
    fn wording_templates_name_the_days_where_a_number_goes() {
        let c = catalog();
        for t in [
            c.days_left.expires.in_days,
            c.days_left.expires.days_ago,
            c.days_left.relative.in_days,
            c.days_left.relative.days_ago,
            c.reminders.labels.days,
        ] {
            assert!(t.contains(DAYS), "{t}");
        }
    }

    #[test]
    fn the_catalog_crosses_to_the_page_in_camel_case_with_wire_ids() {
        let json = serde_json::to_value(catalog()).unwrap_or_default();
        assert_eq!(json["steps"][2]["id"], "api-key");
        assert_eq!(json["steps"][2]["needsAdmin"], true);
        assert_eq!(json["keyKinds"][2]["id"], "personal");
        assert_eq!(json["access"][0]["grantsView"], false);
        assert_eq!(json["keyLifetimeDays"], 90);
        assert_eq!(json["defaultHost"], DEFAULT_HOST);
        assert_eq!(json["atlan"]["fields"][0]["id"], "key-id");
        assert_eq!(json["atlan"]["fields"][0]["inAtlanForm"], true);
        assert_eq!(json["atlan"]["clearAfterSeconds"], 30);
        assert_eq!(json["atlan"]["cleared"][1]["id"], "left-alone");
        assert_eq!(json["atlan"]["preflightChecks"][0]["step"], "permissions");
    }
}
