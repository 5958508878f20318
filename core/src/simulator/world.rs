//! The simulated workspace, described in data: members, groups, connections with their grants,
//! collections with reports, queries and charts, and the keys Mode would have issued.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a member stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SimMemberState {
    Active,
    Pending,
    Former,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimMember {
    pub username: String,
    pub token: String,
    pub state: SimMemberState,
    pub admin: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimGroup {
    pub token: String,
    pub name: String,
    /// Usernames of the group's members.
    pub members: Vec<String>,
}

/// A permission on a connection, for one member or one group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimGrant {
    pub token: String,
    /// `view`, `query` or `manage`.
    pub action: String,
    pub member: Option<String>,
    pub group: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimConnection {
    pub id: u64,
    pub token: String,
    pub name: String,
    /// `Restricted`, `View` or `Query`, as Mode writes it.
    pub default_access: String,
    pub grants: Vec<SimGrant>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimQuery {
    pub id: u64,
    pub token: String,
    pub connection_id: u64,
    pub charts: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimReport {
    pub id: u64,
    pub token: String,
    pub name: String,
    pub queries: Vec<SimQuery>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimCollection {
    pub id: u64,
    pub token: String,
    pub name: String,
    pub personal: bool,
    pub reports: Vec<SimReport>,
}

/// The kinds of credential Mode has issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SimKeyKind {
    Workspace,
    Member,
    Personal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimKey {
    pub id: String,
    pub secret: String,
    pub kind: SimKeyKind,
    /// The member a member key or personal token acts as.
    pub member: Option<String>,
    pub revoked: bool,
    pub created_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    /// A short description printed by `mode-setup simulate`.
    pub label: String,
}

/// What a page number past the last page answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PastEnd {
    Empty,
    RepeatLast,
    RepeatFirst,
}

/// Mode's leaky bucket: `capacity` requests, draining at `per_minute`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RateLimit {
    pub per_minute: f64,
    pub capacity: f64,
}

/// Choices where Mode's real behaviour is uncertain; each plausible answer can be served.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Behaviour {
    /// `/api/verify` carries `api_key_scope`.
    pub verify_scope: bool,
    /// `/api/verify` carries `workspace`.
    pub verify_workspace: bool,
    /// `/api/verify` links to the key's record.
    pub verify_self_link: bool,
    /// The API key record carries `expires_at`.
    pub key_record_expiry: bool,
    /// Ids are written as strings (Mode's January 2025 type drift).
    pub ids_as_strings: bool,
    /// Access levels written in upper case.
    pub upper_case_access: bool,
    pub past_end: PastEnd,
    /// `/memberships` answers; when false it is 404 and only `/memberships/lite` works.
    pub memberships_full: bool,
    pub spaces_page_size: usize,
    pub reports_page_size: usize,
    /// Added to every answer.
    pub latency_ms: u64,
    pub rate_limit: Option<RateLimit>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            verify_scope: true,
            verify_workspace: true,
            verify_self_link: true,
            key_record_expiry: false,
            ids_as_strings: false,
            upper_case_access: false,
            past_end: PastEnd::RepeatLast,
            memberships_full: true,
            spaces_page_size: 30,
            reports_page_size: 30,
            latency_ms: 0,
            rate_limit: None,
        }
    }
}

/// One simulated Mode workspace.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct World {
    pub workspace: String,
    pub workspace_token: String,
    pub members: Vec<SimMember>,
    pub groups: Vec<SimGroup>,
    pub connections: Vec<SimConnection>,
    pub collections: Vec<SimCollection>,
    pub keys: Vec<SimKey>,
    pub behaviour: Behaviour,
}

impl World {
    pub fn member(&self, username: &str) -> Option<&SimMember> {
        self.members
            .iter()
            .find(|m| m.username.eq_ignore_ascii_case(username))
    }

    pub fn member_mut(&mut self, username: &str) -> Option<&mut SimMember> {
        self.members
            .iter_mut()
            .find(|m| m.username.eq_ignore_ascii_case(username))
    }

    pub fn key(&self, kind: SimKeyKind) -> Option<&SimKey> {
        self.keys.iter().find(|k| k.kind == kind && !k.revoked)
    }

    pub fn connection_mut(&mut self, name: &str) -> Option<&mut SimConnection> {
        self.connections
            .iter_mut()
            .find(|c| c.name == name || c.token == name)
    }

    /// Whether `username` may view connection `c` (admin, default access, direct or group grant).
    pub fn can_view(&self, username: &str, c: &SimConnection) -> bool {
        let Some(m) = self.member(username) else {
            return false;
        };
        if m.state != SimMemberState::Active {
            return false;
        }
        if m.admin || !c.default_access.eq_ignore_ascii_case("restricted") {
            return true;
        }
        c.grants.iter().any(|g| {
            g.member
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(username))
                || g.group.as_deref().is_some_and(|gt| {
                    self.groups.iter().any(|grp| {
                        grp.token == gt
                            && grp.members.iter().any(|u| u.eq_ignore_ascii_case(username))
                    })
                })
        })
    }
}

/// A deterministic 12-character token, like Mode's.
pub fn token(prefix: &str, n: u64) -> String {
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ fnv(prefix);
    let mut out = String::with_capacity(12);
    for _ in 0..12 {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        out.push(char::from(b"0123456789abcdef"[(x >> 60) as usize]));
    }
    out
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
