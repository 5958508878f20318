//! Mode's answers read tolerantly: ids as numbers or strings, access levels in any case,
//! optional fields missing, links relative or absolute. Nothing here can panic on any input.

use serde_json::Value;

/// A field as text: strings trimmed, numbers written out, anything else absent.
pub fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A yes/no field: booleans, "true"/"false", 1/0.
pub fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        _ => None,
    }
}

/// A count field as a non-negative integer.
pub fn count(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.is_finite())
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `_links.<rel>.href`.
pub fn link(v: &Value, rel: &str) -> Option<String> {
    match v.get("_links")?.get(rel)? {
        Value::Object(o) => o.get("href")?.as_str().map(str::to_string),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

pub use crate::model::Access;

impl Access {
    /// Reads an access level or permission action in any case. Mode's known levels are View,
    /// Query and Restricted (no default access); manage, edit and admin grant too. Anything
    /// else, an empty value included, is unknown: it proves neither access nor its absence.
    pub fn parse(raw: &str) -> Access {
        match raw.trim().to_ascii_lowercase().as_str() {
            "restricted" => Access::None,
            "view" => Access::View,
            "query" | "edit" => Access::Query,
            "manage" | "admin" => Access::Manage,
            _ => Access::Unknown,
        }
    }
}

/// The answer of `GET /api/verify`.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub workspace: Option<String>,
    pub scope: Option<String>,
    pub self_link: Option<String>,
    pub username: Option<String>,
    pub is_user: bool,
}

impl Verification {
    /// Whether an answer is a Mode verification object at all: a JSON object carrying at least
    /// one of the fields Mode's answer is known to have. An array, a scalar or any other object
    /// proves nothing about the key.
    pub fn recognise(v: &Value) -> Option<Verification> {
        let o = v.as_object()?;
        let known = [
            "workspace",
            "workspace_token",
            "workspace_username",
            "organization",
            "username",
            "api_key_scope",
            "scope",
            "user",
        ];
        let links = link(v, "self").is_some();
        (known.iter().any(|k| o.contains_key(*k)) || links).then(|| Verification::from_json(v))
    }

    pub fn from_json(v: &Value) -> Verification {
        Verification {
            workspace: text(v, "workspace")
                .or_else(|| text(v, "workspace_username"))
                .or_else(|| text(v, "organization"))
                .map(|s| s.to_ascii_lowercase()),
            scope: text(v, "api_key_scope")
                .or_else(|| text(v, "scope"))
                .map(|s| s.to_ascii_lowercase()),
            self_link: link(v, "self"),
            username: text(v, "username"),
            is_user: flag(v, "user").unwrap_or(false),
        }
    }
}

/// A point in time as Mode gives it: an instant (with its offset) or, in older answers, a bare
/// date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Instant(chrono::DateTime<chrono::FixedOffset>),
    Date(chrono::NaiveDate),
}

impl Moment {
    /// The calendar day this moment falls on in `zone` (a bare date is the same everywhere).
    pub fn day_in<Tz: chrono::TimeZone>(&self, zone: &Tz) -> chrono::NaiveDate {
        match self {
            Moment::Instant(t) => t.with_timezone(zone).date_naive(),
            Moment::Date(d) => *d,
        }
    }

    /// The instant, when Mode gave one.
    pub fn instant(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        match self {
            Moment::Instant(t) => Some(*t),
            Moment::Date(_) => None,
        }
    }
}

/// The API key record behind `_links.self` of `/api/verify`.
#[derive(Debug, Clone, Default)]
pub struct KeyRecord {
    pub member: Option<String>,
    /// When the key stops working: kept as the instant Mode gives, so it can be placed on the
    /// person's own calendar day.
    pub expires_at: Option<Moment>,
    pub created_at: Option<Moment>,
    pub scope: Option<String>,
}

impl KeyRecord {
    pub fn from_json(v: &Value) -> KeyRecord {
        KeyRecord {
            member: link(v, "member")
                .and_then(|h| last_segment(&h))
                .or_else(|| text(v, "member_username")),
            expires_at: ["expires_at", "expiration", "expires_on", "expiry"]
                .iter()
                .find_map(|k| date(v, k)),
            created_at: date(v, "created_at"),
            scope: text(v, "api_key_scope")
                .or_else(|| text(v, "scope"))
                .map(|s| s.to_ascii_lowercase()),
        }
    }
}

fn date(v: &Value, key: &str) -> Option<Moment> {
    let raw = text(v, key)?;
    chrono::DateTime::parse_from_rfc3339(&raw)
        .map(Moment::Instant)
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d")
                .ok()
                .map(Moment::Date)
        })
}

/// The last path segment of a link (`/api/bob` -> `bob`).
pub fn last_segment(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?;
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Where a member stands in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberState {
    Current,
    Pending,
    Former,
    Other(String),
}

/// One row of `/memberships` or `/memberships/lite`.
#[derive(Debug, Clone)]
pub struct Membership {
    pub username: String,
    pub member_token: Option<String>,
    pub admin: bool,
    pub state: MemberState,
    pub web_link: Option<String>,
}

impl Membership {
    pub fn from_json(v: &Value) -> Option<Membership> {
        let username = text(v, "member_username").or_else(|| text(v, "username"))?;
        let invited = flag(v, "invited").unwrap_or(false);
        let activated = v.get("activated_at").is_some_and(|a| !a.is_null());
        let raw_state = text(v, "state").unwrap_or_default().to_ascii_lowercase();
        let state = match raw_state.as_str() {
            "pending" | "invited" | "invite_pending" | "pending_invite" | "unconfirmed" => {
                MemberState::Pending
            }
            "former" | "deactivated" | "inactive" | "removed" | "banned" | "disabled"
            | "suspended" | "deleted" => MemberState::Former,
            "active" | "current" | "member" | "confirmed" | "" if invited && !activated => {
                MemberState::Pending
            }
            "active" | "current" | "member" | "confirmed" => MemberState::Current,
            "" => MemberState::Current,
            other => MemberState::Other(other.to_string()),
        };
        Some(Membership {
            username: username.to_ascii_lowercase(),
            member_token: text(v, "member_token").or_else(|| text(v, "token")),
            admin: flag(v, "admin").unwrap_or(false),
            state,
            web_link: link(v, "web_self"),
        })
    }
}

/// One connection (data source) as Mode lists it.
#[derive(Debug, Clone)]
pub struct DataSource {
    pub token: String,
    pub id: Option<String>,
    pub name: String,
    pub default_access: Access,
    pub web_link: Option<String>,
    pub permissions_link: Option<String>,
}

impl DataSource {
    pub fn from_json(v: &Value) -> Option<DataSource> {
        let token = text(v, "token")?;
        if flag(v, "soft_deleted").unwrap_or(false) {
            return None;
        }
        let name = text(v, "display_name")
            .or_else(|| text(v, "name"))
            .unwrap_or_else(|| token.clone());
        Some(DataSource {
            id: text(v, "id"),
            name,
            default_access: text(v, "default_access_level")
                .map(|s| Access::parse(&s))
                .unwrap_or(Access::Unknown),
            web_link: link(v, "web"),
            permissions_link: link(v, "permissions"),
            token,
        })
    }
}

/// Who a grant is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accessor {
    Member(String),
    Group(String),
    Other,
}

/// One permission on a connection.
#[derive(Debug, Clone)]
pub struct Grant {
    pub action: Access,
    pub accessor: Accessor,
}

impl Grant {
    pub fn from_json(v: &Value) -> Option<Grant> {
        let action = text(v, "action")
            .or_else(|| text(v, "permission"))
            .map(|s| Access::parse(&s))?;
        let token = text(v, "accessor_token").or_else(|| text(v, "grantee_token"));
        let kind = text(v, "accessor_type")
            .or_else(|| text(v, "grantee_type"))
            .unwrap_or_default();
        let accessor = match (kind.to_ascii_lowercase().as_str(), token) {
            ("account" | "user" | "member" | "membership", Some(t)) => Accessor::Member(t),
            ("usergroup" | "user_group" | "group", Some(t)) => Accessor::Group(t),
            _ => Accessor::Other,
        };
        Some(Grant { action, accessor })
    }
}

/// One collection (space).
#[derive(Debug, Clone)]
pub struct Collection {
    pub token: String,
    pub name: String,
    pub personal: bool,
}

impl Collection {
    pub fn from_json(v: &Value) -> Option<Collection> {
        let token = text(v, "token")?;
        let state = text(v, "state").unwrap_or_default().to_ascii_lowercase();
        if state == "soft_deleted" || state == "deleted" {
            return None;
        }
        let kind = text(v, "space_type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        Some(Collection {
            name: text(v, "name").unwrap_or_else(|| token.clone()),
            personal: kind == "private" || kind == "personal",
            token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_arrive_as_numbers_or_strings() {
        let a = DataSource::from_json(&json!({"token": "t1", "id": 34499, "name": "PG"}));
        let b = DataSource::from_json(&json!({"token": "t1", "id": "34499", "name": "PG"}));
        assert_eq!(a.and_then(|c| c.id), b.and_then(|c| c.id));
    }

    #[test]
    fn access_levels_are_read_in_any_case() {
        assert_eq!(Access::parse("View"), Access::View);
        assert_eq!(Access::parse("QUERY"), Access::Query);
        assert_eq!(Access::parse("Restricted"), Access::None);
        assert_eq!(Access::parse("something new"), Access::Unknown);
        assert!(Access::Manage.grants_view() && !Access::None.grants_view());
        assert!(!Access::Unknown.grants_view());
    }

    #[test]
    fn membership_states_map_to_current_pending_former() {
        let m = |v| Membership::from_json(&v).map(|m| m.state);
        assert_eq!(
            m(json!({"member_username":"a","state":"active"})),
            Some(MemberState::Current)
        );
        assert_eq!(
            m(json!({"member_username":"a","state":"active","invited":true,"activated_at":null})),
            Some(MemberState::Pending)
        );
        assert_eq!(
            m(json!({"username":"a","state":"invited"})),
            Some(MemberState::Pending)
        );
        assert_eq!(
            m(json!({"member_username":"a","state":"Deactivated"})),
            Some(MemberState::Former)
        );
        assert_eq!(
            m(json!({"member_username":"a","state":"weird"})),
            Some(MemberState::Other("weird".into()))
        );
        assert!(Membership::from_json(&json!({"state":"active"})).is_none());
    }

    #[test]
    fn missing_optional_fields_do_not_drop_a_connection() {
        let c = DataSource::from_json(&json!({"token": "abc"}));
        assert_eq!(
            c.map(|c| (c.name, c.default_access)),
            Some(("abc".into(), Access::Unknown))
        );
        assert!(DataSource::from_json(&json!({"token": "abc", "soft_deleted": true})).is_none());
    }

    #[test]
    fn grants_read_accessor_kinds_in_any_spelling() {
        let g = Grant::from_json(
            &json!({"action":"VIEW","accessor_type":"UserGroup","accessor_token":"g1"}),
        );
        assert_eq!(g.map(|g| g.accessor), Some(Accessor::Group("g1".into())));
        let g =
            Grant::from_json(&json!({"action":"query","grantee_type":"Account","grantee_token":7}));
        assert_eq!(
            g.map(|g| (g.action, g.accessor)),
            Some((Access::Query, Accessor::Member("7".into())))
        );
    }

    #[test]
    fn key_record_reads_member_and_dates() {
        let r = KeyRecord::from_json(&json!({
            "_links": {"member": {"href": "/api/bob"}},
            "expires_at": "2027-01-02T03:04:05Z", "created_at": "2026-10-04"
        }));
        assert_eq!(r.member.as_deref(), Some("bob"));
        let utc = chrono::Utc;
        assert_eq!(
            r.expires_at.map(|m| m.day_in(&utc).to_string()).as_deref(),
            Some("2027-01-02")
        );
        assert_eq!(
            r.expires_at
                .and_then(|m| m.instant())
                .map(|t| t.to_rfc3339()),
            Some("2027-01-02T03:04:05+00:00".to_string())
        );
        assert_eq!(
            r.created_at.map(|m| m.day_in(&utc).to_string()).as_deref(),
            Some("2026-10-04")
        );
    }

    #[test]
    fn an_expiry_instant_falls_on_the_local_day() {
        let r = KeyRecord::from_json(&json!({"expires_at": "2027-01-02T03:04:05Z"}));
        let at = |hours: i32| {
            chrono::FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| panic!("offset"))
        };
        let day = |hours| r.expires_at.map(|m| m.day_in(&at(hours)).to_string());
        assert_eq!(day(-8).as_deref(), Some("2027-01-01"), "Los Angeles");
        assert_eq!(day(13).as_deref(), Some("2027-01-02"), "Auckland");
        assert_eq!(day(0).as_deref(), Some("2027-01-02"));
    }
}
