//! The identifiers that cross every seam (engine, `--json`, the store, the window) as enums.
//! Their wire spelling is kebab-case or lowercase, as schema 1 of `--json` has always had it.

use serde::{Deserialize, Serialize};

/// Every check, in the order it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    Host,
    Credentials,
    Workspace,
    KeyType,
    KeyExpiry,
    ServiceAccount,
    ConnectionAccess,
    Collections,
    Reports,
}

impl CheckId {
    /// All checks, in run order.
    pub const ALL: [CheckId; 9] = [
        CheckId::Host,
        CheckId::Credentials,
        CheckId::Workspace,
        CheckId::KeyType,
        CheckId::KeyExpiry,
        CheckId::ServiceAccount,
        CheckId::ConnectionAccess,
        CheckId::Collections,
        CheckId::Reports,
    ];

    /// The wire spelling (`key-type`).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Host => "host",
            CheckId::Credentials => "credentials",
            CheckId::Workspace => "workspace",
            CheckId::KeyType => "key-type",
            CheckId::KeyExpiry => "key-expiry",
            CheckId::ServiceAccount => "service-account",
            CheckId::ConnectionAccess => "connection-access",
            CheckId::Collections => "collections",
            CheckId::Reports => "reports",
        }
    }

    /// The title shown beside the check everywhere: window, CLI and reports.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Host => "Mode can be reached",
            CheckId::Credentials => "Mode accepts the key",
            CheckId::Workspace => "The key belongs to this workspace",
            CheckId::KeyType => "The key is a workspace or member key",
            CheckId::KeyExpiry => "The key is not about to expire",
            CheckId::ServiceAccount => "The crawler's account is a current member",
            CheckId::ConnectionAccess => "The crawler can view every connection",
            CheckId::Collections => "Collections are visible",
            CheckId::Reports => "Reports, queries and charts can be read",
        }
    }

    /// Reads the wire spelling.
    pub fn parse(raw: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The checklist steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    Invite,
    Permissions,
    ApiKey,
    Check,
    Reminders,
    Report,
    /// The hand-off into Atlan's Mode connector form.
    Atlan,
}

impl StepId {
    /// All steps, in order.
    pub const ALL: [StepId; 7] = [
        StepId::Invite,
        StepId::Permissions,
        StepId::ApiKey,
        StepId::Check,
        StepId::Reminders,
        StepId::Report,
        StepId::Atlan,
    ];

    /// The wire spelling (`api-key`).
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Invite => "invite",
            StepId::Permissions => "permissions",
            StepId::ApiKey => "api-key",
            StepId::Check => "check",
            StepId::Reminders => "reminders",
            StepId::Report => "report",
            StepId::Atlan => "atlan",
        }
    }

    /// The step's title in the checklist and the report.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Invite => "Invite a user",
            StepId::Permissions => "Set permissions",
            StepId::ApiKey => "Generate an API key",
            StepId::Check => "Check the credentials",
            StepId::Reminders => "Reminders and watch",
            StepId::Report => "Report",
            StepId::Atlan => "Connect in Atlan",
        }
    }

    /// Steps a Mode admin has to do.
    pub fn needs_admin(self) -> bool {
        matches!(self, StepId::Invite | StepId::Permissions | StepId::ApiKey)
    }

    /// Reads the wire spelling.
    pub fn parse(raw: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of key, as far as Mode lets us tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Workspace,
    Member,
    Personal,
    Unknown,
}

impl KeyKind {
    /// The kinds, in the order the window offers them.
    pub const ALL: [KeyKind; 4] = [
        KeyKind::Workspace,
        KeyKind::Member,
        KeyKind::Personal,
        KeyKind::Unknown,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Workspace => "workspace",
            KeyKind::Member => "member",
            KeyKind::Personal => "personal",
            KeyKind::Unknown => "unknown",
        }
    }

    /// How the kind reads to a person.
    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Workspace => "Workspace key",
            KeyKind::Member => "Member key",
            KeyKind::Personal => "Personal token (retired)",
            KeyKind::Unknown => "Not known",
        }
    }
}

/// Who ticked a checklist step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TickedBy {
    /// The person ticked it.
    Hand,
    /// A check proved it.
    Check,
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skip,
}

impl Status {
    /// All outcomes, best first.
    pub const ALL: [Status; 4] = [Status::Pass, Status::Warn, Status::Fail, Status::Skip];

    /// The mark printed beside a check.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }

    /// The word shown beside a check's mark, so colour is never the only signal.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "Passed",
            Status::Warn => "Warning",
            Status::Fail => "Failed",
            Status::Skip => "Skipped",
        }
    }
}

/// Access to a connection, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    None,
    Unknown,
    View,
    Query,
    Manage,
}

impl Access {
    /// All levels, weakest first.
    pub const ALL: [Access; 5] = [
        Access::None,
        Access::Unknown,
        Access::View,
        Access::Query,
        Access::Manage,
    ];

    /// Whether this level lets the crawler read what the connection holds.
    pub fn grants_view(self) -> bool {
        self >= Access::View
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::None => "none",
            Access::Unknown => "unknown",
            Access::View => "view",
            Access::Query => "query",
            Access::Manage => "manage",
        }
    }

    /// The level's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Access::None => "No access",
            Access::Unknown => "Unknown",
            Access::View => "View",
            Access::Query => "Query",
            Access::Manage => "Manage",
        }
    }

    /// What the level lets the crawler do, in a few words.
    pub fn note(self) -> &'static str {
        match self {
            Access::None => "The crawler can't see this connection",
            Access::Unknown => "The app couldn't tell",
            Access::View => "Can view",
            Access::Query => "Can view and run queries",
            Access::Manage => "Can view and change the connection",
        }
    }
}

/// How the crawler gets its access to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Admin,
    Default,
    Direct,
    Group,
}

impl Via {
    /// All routes.
    pub const ALL: [Via; 4] = [Via::Admin, Via::Default, Via::Direct, Via::Group];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Admin => "admin",
            Via::Default => "default",
            Via::Direct => "direct",
            Via::Group => "group",
        }
    }

    /// How the access was given, in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Via::Admin => "Workspace admin",
            Via::Default => "Connection's default access",
            Via::Direct => "Given to the account directly",
            Via::Group => "Through a group",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_schema_one_spelling_on_the_wire() {
        for c in CheckId::ALL {
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::String(c.as_str().into()))
            );
            assert_eq!(CheckId::parse(c.as_str()), Some(c));
        }
        for s in StepId::ALL {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
        for k in KeyKind::ALL {
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::Value::String(k.as_str().into()))
            );
        }
        assert_eq!(CheckId::parse("key_type"), None);
        assert_eq!(StepId::parse("atlan"), Some(StepId::Atlan));
        assert_eq!(
            StepId::ALL.last(),
            Some(&StepId::Atlan),
            "the hand-off comes last"
        );
    }
}
