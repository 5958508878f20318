//! The Mode pages an admin is sent to, for one workspace. Links from the API win when they lead
//! to the configured Mode host; the patterns here are the documented fallbacks, and replace any
//! link that leads elsewhere.

use serde::Serialize;
use serde_json::Value;

use crate::mode::model::link;

/// Web pages of one workspace in Mode.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WebLinks {
    pub settings: String,
    pub invite: String,
    pub members: String,
    pub connections: String,
    pub groups: String,
    pub api_keys: String,
    pub member_keys: String,
    pub my_api_keys: String,
    pub personal_tokens: String,
    pub home: String,
}

impl WebLinks {
    /// The documented URL patterns for workspace `ws` on the web host `base` (no trailing slash).
    pub fn new(base: &str, ws: &str) -> WebLinks {
        let b = base.trim_end_matches('/');
        WebLinks {
            settings: format!("{b}/organizations/{ws}"),
            invite: format!("{b}/{ws}/invites/new"),
            members: format!("{b}/organizations/{ws}/members"),
            connections: format!("{b}/organizations/{ws}/data_sources"),
            groups: format!("{b}/organizations/{ws}/groups"),
            api_keys: format!("{b}/organizations/{ws}/api_keys"),
            member_keys: format!("{b}/organizations/{ws}/api_keys"),
            my_api_keys: format!("{b}/organizations/{ws}/api_keys"),
            personal_tokens: format!("{b}/settings/access_tokens"),
            home: format!("{b}/{ws}"),
        }
    }

    /// Replaces patterns with the links Mode gave in the workspace record (`GET /api/{ws}`).
    pub fn apply_workspace_record(&mut self, base: &str, record: &Value) {
        let b = base.trim_end_matches('/');
        let resolve = |rel: &str| link(record, rel).and_then(|h| absolute(b, &h));
        if let Some(u) = resolve("web_settings") {
            self.settings = u;
        }
        if let Some(u) = resolve("new_invite_web") {
            self.invite = u;
        }
        if let Some(u) = resolve("web_data_sources_settings") {
            self.connections = u;
        }
        if let Some(u) = resolve("web_groups") {
            self.groups = u;
        }
        if let Some(u) = resolve("web") {
            self.home = u;
        }
    }

    /// The page of one connection, from its `_links.web` or the pattern.
    pub fn connection(&self, base: &str, ws: &str, token: &str, web: Option<&str>) -> String {
        let b = base.trim_end_matches('/');
        web.and_then(|h| absolute(b, h))
            .unwrap_or_else(|| format!("{b}/organizations/{ws}/data_sources/{token}"))
    }
}

/// Resolves a root-relative or absolute href against `base`. Only pages of `base` itself (same
/// scheme, host and port) are accepted: a link from an answer that points anywhere else gives
/// `None`, and the caller falls back to the documented page on `base`.
pub fn absolute(base: &str, href: &str) -> Option<String> {
    let base = reqwest::Url::parse(base).ok()?;
    let href = href.trim();
    if !(href.starts_with('/') || href.starts_with("https://") || href.starts_with("http://")) {
        return None;
    }
    let url = base.join(href).ok()?;
    (matches!(url.scheme(), "https" | "http")
        && url.origin() == base.origin()
        && url.username().is_empty()
        && url.password().is_none())
    .then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workspace_record_links_replace_the_patterns() {
        let mut l = WebLinks::new("https://app.mode.com", "acme");
        assert_eq!(l.invite, "https://app.mode.com/acme/invites/new");
        l.apply_workspace_record(
            "https://app.mode.com",
            &json!({"_links": {"new_invite_web": {"href": "/acme/people/invite"},
                               "web_data_sources_settings": {"href": "https://app.mode.com/organizations/acme/connections"}}}),
        );
        assert_eq!(l.invite, "https://app.mode.com/acme/people/invite");
        assert_eq!(
            l.connections,
            "https://app.mode.com/organizations/acme/connections"
        );
        assert_eq!(absolute("https://x", "javascript:alert(1)"), None);
    }

    #[test]
    fn links_to_other_hosts_fall_back_to_the_hosts_own_page() {
        let base = "https://app.mode.com";
        for foreign in [
            "https://evil.example/organizations/acme",
            "http://app.mode.com/organizations/acme",
            "https://app.mode.com.evil.example/x",
            "https://app.mode.com:8443/x",
            "//evil.example/x",
            "https://user@evil.example/x",
            "data:text/html,hi",
            "organizations/acme",
        ] {
            assert_eq!(absolute(base, foreign), None, "{foreign}");
        }
        assert_eq!(
            absolute(base, "https://app.mode.com/acme").as_deref(),
            Some("https://app.mode.com/acme")
        );
        let mut l = WebLinks::new(base, "acme");
        l.apply_workspace_record(
            base,
            &json!({"_links": {"web": {"href": "https://evil.example/acme"},
                               "web_settings": {"href": "//evil.example/settings"}}}),
        );
        assert_eq!(l.home, "https://app.mode.com/acme");
        assert_eq!(l.settings, "https://app.mode.com/organizations/acme");
        assert_eq!(
            l.connection(base, "acme", "t1", Some("https://evil.example/t1")),
            "https://app.mode.com/organizations/acme/data_sources/t1"
        );
    }
}
