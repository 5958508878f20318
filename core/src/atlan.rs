//! The hand-off into Atlan: the words of Atlan's Mode connector form and of its guide, "Crawl
//! Mode", and what the Connect in Atlan step shows for a workspace. Labels are Atlan's own where
//! its form has the field, so the person finds the same words on both screens.

use serde::{Deserialize, Serialize};

use crate::input;
use crate::model::defaults::DEFAULT_HOST;
use crate::model::ids::StepId;
use crate::platform::clipboard::{Cleared, CLEAR_AFTER};

/// Atlan's guide to setting up the Mode crawler.
pub const GUIDE_URL: &str =
    "https://docs.atlan.com/apps/connectors/business-intelligence/mode/how-tos/crawl-mode";

/// Atlan's list of the preflight checks it runs against Mode, and their messages.
pub const PREFLIGHT_URL: &str = "https://docs.atlan.com/apps/connectors/business-intelligence/mode/references/preflight-checks-for-mode";

/// The pages outside Mode the window may open: Atlan's guide and its preflight checks.
pub const GUIDE_PAGES: [&str; 2] = [GUIDE_URL, PREFLIGHT_URL];

/// A value the step hands to Atlan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandoffField {
    KeyId,
    Secret,
    Workspace,
    Host,
}

impl HandoffField {
    /// The values, in the order of Atlan's form (the host, which it does not ask for, last).
    pub const ALL: [HandoffField; 4] = [
        HandoffField::KeyId,
        HandoffField::Secret,
        HandoffField::Workspace,
        HandoffField::Host,
    ];

    /// The label: the field's name in Atlan's form, or a plain one for the host.
    pub fn label(self) -> &'static str {
        match self {
            HandoffField::KeyId => "API Key ID",
            HandoffField::Secret => "API Secret",
            HandoffField::Workspace => "Workspace",
            HandoffField::Host => "Mode host",
        }
    }

    /// Whether Atlan's Mode form has a field for this value.
    pub fn in_atlan_form(self) -> bool {
        self != HandoffField::Host
    }
}

/// A value's entry in the catalog.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldEntry {
    pub id: HandoffField,
    pub label: &'static str,
    pub in_atlan_form: bool,
}

/// One of Atlan's preflight checks: its name, the message it fails with, and where that is fixed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreflightEntry {
    pub name: &'static str,
    /// Atlan's own failure message, as its guide quotes it.
    pub failure: &'static str,
    /// What to do in Mode.
    pub fix: &'static str,
    /// The checklist step that does it, if one does.
    pub step: Option<StepId>,
}

/// What became of a copied secret, in words.
#[derive(Debug, Clone, Serialize)]
pub struct ClearedEntry {
    pub id: Cleared,
    pub label: &'static str,
}

/// Everything the Connect in Atlan step says that comes from Atlan or from a rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AtlanWords {
    pub guide_url: &'static str,
    pub preflight_url: &'static str,
    /// The connector's tile in Atlan's Marketplace.
    pub connector: &'static str,
    /// Atlan's Authentication field and the choice to keep.
    pub authentication: &'static str,
    pub authentication_choice: &'static str,
    /// The values to copy, in the order of Atlan's form.
    pub fields: Vec<FieldEntry>,
    /// Atlan's option about personal collections, and its default.
    pub personal_collections: &'static str,
    pub personal_collections_default: &'static str,
    /// The button that proves the credentials in Atlan's form.
    pub test_button: &'static str,
    /// The button that runs Atlan's preflight checks before a crawl.
    pub preflight_button: &'static str,
    pub preflight_checks: Vec<PreflightEntry>,
    /// Seconds a copied secret stays on the clipboard.
    pub clear_after_seconds: u64,
    pub cleared: Vec<ClearedEntry>,
}

/// The words of the Connect in Atlan step.
pub fn words() -> AtlanWords {
    AtlanWords {
        guide_url: GUIDE_URL,
        preflight_url: PREFLIGHT_URL,
        connector: "Mode Assets",
        authentication: "Authentication",
        authentication_choice: "Basic",
        fields: HandoffField::ALL
            .into_iter()
            .map(|id| FieldEntry {
                id,
                label: id.label(),
                in_atlan_form: id.in_atlan_form(),
            })
            .collect(),
        personal_collections: "Exclude all personal collections",
        personal_collections_default: "No",
        test_button: "Test Authentication",
        preflight_button: "Preflight checks",
        preflight_checks: vec![
            PreflightEntry {
                name: "Workspace check",
                failure: "Authenticating user does not have access to specified workspace",
                fix: "Make the crawler's account a current member of the workspace.",
                step: Some(StepId::Permissions),
            },
            PreflightEntry {
                name: "Collections check",
                failure: "Check failed for … collection",
                fix: "Give the crawler's account at least Viewer on that collection in Mode.",
                step: None,
            },
            PreflightEntry {
                name: "Queries check",
                failure: "User has access to 0 queryable data sources",
                fix: "Give the crawler's account at least View on each connection.",
                step: Some(StepId::Permissions),
            },
        ],
        clear_after_seconds: CLEAR_AFTER.as_secs(),
        cleared: [
            (Cleared::Cleared, "Cleared from the clipboard."),
            (
                Cleared::LeftAlone,
                "You copied something else since, so the clipboard was left as it is.",
            ),
            (Cleared::CopiedAgain, "Copied again."),
            (
                Cleared::Failed,
                "The secret could not be taken off the clipboard. Copy something else to replace it.",
            ),
        ]
        .into_iter()
        .map(|(id, label)| ClearedEntry { id, label })
        .collect(),
    }
}

/// What the Connect in Atlan step shows for one workspace. Never the secret: only whether one
/// is saved.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    pub profile_id: String,
    pub key_id: Option<String>,
    pub secret_stored: bool,
    /// The workspace's name as in its Mode address, which is what Atlan's Workspace field takes.
    pub workspace: String,
    /// The Mode host, as a server name ("app.mode.com").
    pub host: String,
    /// What Atlan does about the host, in a sentence.
    pub host_note: String,
    pub practice: bool,
}

/// The host as the step shows it, and what Atlan does about it. `host` is the profile's Mode
/// address (the practice server's for the practice workspace).
pub fn host_for_atlan(host: &str, practice: bool) -> (String, String) {
    let name = |raw: &str| match input::parse_host(raw) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => raw.to_string(),
        },
        Err(_) => raw.trim().to_string(),
    };
    let shown = name(host);
    let atlans = name(DEFAULT_HOST);
    let note = if practice {
        "The practice workspace runs inside this app, so Atlan can't reach it. Try the copy buttons here, then set up Atlan with your real workspace.".to_string()
    } else if shown == atlans {
        format!("Atlan's Mode form asks for no host: it connects to {atlans}.")
    } else {
        format!("Atlan's Mode form asks for no host: it connects to {atlans}. This workspace is on {shown}, so ask Atlan's support whether they can crawl it before you set up the workflow.")
    };
    (shown, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_carry_atlans_labels_in_the_order_of_its_form() {
        let w = words();
        let labels: Vec<&str> = w.fields.iter().map(|f| f.label).collect();
        assert_eq!(
            labels,
            ["API Key ID", "API Secret", "Workspace", "Mode host"]
        );
        let in_form: Vec<bool> = w.fields.iter().map(|f| f.in_atlan_form).collect();
        assert_eq!(in_form, [true, true, true, false]);
        assert_eq!(w.test_button, "Test Authentication");
        assert_eq!(w.clear_after_seconds, 30);
    }

    #[test]
    fn every_outcome_of_a_copy_has_words() {
        let w = words();
        for c in [
            Cleared::Cleared,
            Cleared::LeftAlone,
            Cleared::CopiedAgain,
            Cleared::Failed,
        ] {
            assert!(w.cleared.iter().any(|e| e.id == c && !e.label.is_empty()));
        }
    }

    #[test]
    fn mode_s_own_host_needs_nothing_in_atlan_and_another_is_flagged() {
        let (host, note) = host_for_atlan("https://app.mode.com", false);
        assert_eq!(host, "app.mode.com");
        assert!(note.contains("asks for no host"), "{note}");
        assert!(!note.contains("support"), "{note}");

        let (host, note) = host_for_atlan("https://mode.example.com/", false);
        assert_eq!(host, "mode.example.com");
        assert!(
            note.contains("mode.example.com") && note.contains("support"),
            "{note}"
        );

        let (host, note) = host_for_atlan("http://127.0.0.1:4567", true);
        assert_eq!(host, "127.0.0.1:4567");
        assert!(note.contains("can't reach it"), "{note}");
    }

    #[test]
    fn field_ids_cross_the_wire_in_kebab_case() {
        assert_eq!(
            serde_json::to_value(HandoffField::KeyId).ok(),
            Some(serde_json::json!("key-id"))
        );
        assert_eq!(
            serde_json::from_value::<HandoffField>(serde_json::json!("secret")).ok(),
            Some(HandoffField::Secret)
        );
    }
}
