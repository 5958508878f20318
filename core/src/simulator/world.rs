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
    /// Mode drops it from a listing page after cutting the page (a report this key may not
    /// see), so the page comes back short although more pages follow. DataHub and the
    /// checks must not count it.
    #[serde(default)]
    pub hidden: bool,
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

/// A named alternative to the recorded shapes: another answer Mode might plausibly give.
/// The checks are tested over every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// `/api/verify` says the key's scope (`api_key_scope`), as an unofficial SDK reports.
    VerifyScope,
    /// `/api/verify` links to the key's record, which carries `expires_at` and the member.
    KeyRecord,
    /// A page past the last one repeats the last page.
    RepeatLastPage,
    /// A page past the last one repeats page one.
    RepeatFirstPage,
    /// `/data_sources/{t}/reports` answers 403 to a caller who may not view the connection.
    Probe403,
    /// Ids are written as strings.
    IdsAsStrings,
    /// Access levels are written in upper case.
    UpperCaseAccess,
    /// `/memberships` is 404 and only `/memberships/lite` answers.
    MembershipsLite,
}

impl Variant {
    /// Every variant.
    pub const ALL: [Variant; 8] = [
        Variant::VerifyScope,
        Variant::KeyRecord,
        Variant::RepeatLastPage,
        Variant::RepeatFirstPage,
        Variant::Probe403,
        Variant::IdsAsStrings,
        Variant::UpperCaseAccess,
        Variant::MembershipsLite,
    ];

    /// The name used by `mode-setup simulate --variant`.
    pub fn name(self) -> &'static str {
        match self {
            Variant::VerifyScope => "verify-scope",
            Variant::KeyRecord => "key-record",
            Variant::RepeatLastPage => "repeat-last-page",
            Variant::RepeatFirstPage => "repeat-first-page",
            Variant::Probe403 => "probe-403",
            Variant::IdsAsStrings => "ids-as-strings",
            Variant::UpperCaseAccess => "upper-case-access",
            Variant::MembershipsLite => "memberships-lite",
        }
    }

    /// One line saying what the variant changes.
    pub fn describe(self) -> &'static str {
        match self {
            Variant::VerifyScope => "verify says the key's scope (workspace or member)",
            Variant::KeyRecord => "verify links to the key's record, with its expiry and member",
            Variant::RepeatLastPage => "a page past the end repeats the last page",
            Variant::RepeatFirstPage => "a page past the end repeats page one",
            Variant::Probe403 => "a connection's reports answer 403 to those who may not view it",
            Variant::IdsAsStrings => "ids are written as strings",
            Variant::UpperCaseAccess => "access levels are written in upper case",
            Variant::MembershipsLite => "only /memberships/lite answers",
        }
    }

    /// Reads a variant's name.
    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// Changes `b` the way this variant says.
    pub fn apply(self, b: &mut Behaviour) {
        match self {
            Variant::VerifyScope => b.verify_scope = true,
            Variant::KeyRecord => {
                b.verify_links_key_record = true;
                b.key_record_expiry = true;
            }
            Variant::RepeatLastPage => b.past_end = PastEnd::RepeatLast,
            Variant::RepeatFirstPage => b.past_end = PastEnd::RepeatFirst,
            Variant::Probe403 => b.probe_gate = true,
            Variant::IdsAsStrings => b.ids_as_strings = true,
            Variant::UpperCaseAccess => b.upper_case_access = true,
            Variant::MembershipsLite => b.memberships_full = false,
        }
    }

    /// Whether a client that stops only at an empty page (DataHub's) can crawl it to the end.
    pub fn ends_on_an_empty_page(self) -> bool {
        !matches!(self, Variant::RepeatLastPage | Variant::RepeatFirstPage)
    }
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
    /// `/api/verify` carries a self link.
    pub verify_self_link: bool,
    /// The self link of `/api/verify` leads to the key's record rather than the workspace.
    #[serde(default)]
    pub verify_links_key_record: bool,
    /// `/data_sources/{t}/reports` refuses (403) a caller who may not view the connection.
    /// Mode documents no such gate, so by default it answers anyone.
    #[serde(default)]
    pub probe_gate: bool,
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
        // The shapes of Mode's recorded answers (DataHub's test recordings): no key scope in
        // verify, a self link to the workspace, an empty page past the last one.
        Behaviour {
            verify_scope: false,
            verify_workspace: true,
            verify_self_link: true,
            verify_links_key_record: false,
            probe_gate: false,
            key_record_expiry: false,
            ids_as_strings: false,
            upper_case_access: false,
            past_end: PastEnd::Empty,
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
