//! The simulated API: answers one GET the way Mode would, from the [`World`].

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::world::*;

mod content;
mod identity;

/// One answer, before faults and transport.
#[derive(Debug, Clone)]
pub struct SimResponse {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl SimResponse {
    pub fn json(status: u16, value: &Value) -> SimResponse {
        SimResponse {
            status,
            content_type: "application/hal+json; charset=utf-8",
            body: value.to_string().into_bytes(),
            headers: vec![],
        }
    }

    pub fn error(status: u16, id: &str, message: &str) -> SimResponse {
        SimResponse::json(status, &json!({ "id": id, "message": message }))
    }

    pub fn html(status: u16, title: &str) -> SimResponse {
        SimResponse {
            status,
            content_type: "text/html; charset=utf-8",
            body: format!("<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>We're sorry, but something went wrong.</p></body></html>").into_bytes(),
            headers: vec![],
        }
    }
}

enum Caller {
    Workspace,
    Member(String),
    Personal(String),
}

impl Caller {
    fn username(&self) -> Option<&str> {
        match self {
            Caller::Workspace => None,
            Caller::Member(u) | Caller::Personal(u) => Some(u),
        }
    }
}

/// Answers `GET path?query` with the given Basic credentials, as of `today`.
pub fn answer(
    world: &World,
    credentials: Option<(&str, &str)>,
    path: &str,
    query: &str,
    today: NaiveDate,
) -> SimResponse {
    if !path.starts_with("/api/") {
        return practice_page(world, path);
    }
    let Some((id, secret)) = credentials else {
        return SimResponse::error(
            401,
            "unauthorized",
            "You must be authenticated to access this resource",
        );
    };
    let key = world.keys.iter().find(|k| k.id == id && k.secret == secret);
    let Some(key) = key.filter(|k| !k.revoked && k.expires_on.is_none_or(|e| e >= today)) else {
        return SimResponse::error(401, "unauthorized", "Invalid API token or password");
    };
    let caller = match (key.kind, &key.member) {
        (SimKeyKind::Workspace, _) => Caller::Workspace,
        (SimKeyKind::Member, Some(m)) => Caller::Member(m.clone()),
        (SimKeyKind::Personal, Some(m)) => Caller::Personal(m.clone()),
        _ => Caller::Workspace,
    };
    if let Some(u) = caller.username() {
        if world
            .member(u)
            .is_none_or(|m| m.state != SimMemberState::Active)
        {
            // Mode invalidates credentials whose member left the workspace.
            return SimResponse::error(401, "unauthorized", "Invalid API token or password");
        }
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let page = query_param(query, "page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let filter = query_param(query, "filter");
    let per_page = query_param(query, "per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p > 0);
    let r = Router {
        w: world,
        caller: &caller,
        key,
        page,
        per_page,
    };
    match segments.as_slice() {
        ["api", "verify"] => r.verify(),
        ["api", "account"] => r.account(),
        ["api", ws, rest @ ..] if !ws.eq_ignore_ascii_case(&world.workspace) => {
            let _ = rest;
            if world.member(ws).is_some() && rest.is_empty() {
                return r.user(ws);
            }
            SimResponse::error(404, "not_found", "Workspace not found")
        }
        ["api", _] => r.workspace(),
        ["api", _, "api_keys", key_id] => r.key_record(key_id, today),
        ["api", _, "audit_logs"] => r.audit_logs(),
        ["api", _, "memberships"] => r.memberships(false),
        ["api", _, "memberships", "lite"] => r.memberships(true),
        ["api", _, "groups"] => r.groups(),
        ["api", _, "groups", g, "memberships"] => r.group_memberships(g),
        ["api", _, "data_sources"] => r.data_sources(),
        ["api", _, "data_sources", t] => r.data_source(t),
        ["api", _, "data_sources", t, "permissions"] => r.permissions(t),
        ["api", _, "data_sources", t, "reports"] => r.data_source_reports(t),
        ["api", _, "spaces" | "collections"] => r.spaces(filter.as_deref()),
        ["api", _, "spaces" | "collections", s, "reports"] => r.space_reports(s),
        ["api", _, "spaces" | "collections", s, "datasets"] => r.space_datasets(s),
        ["api", _, "reports", rep] => r.report(rep),
        ["api", _, "reports", rep, "queries"] => r.queries(rep),
        ["api", _, "reports", _, "queries", q, "charts"] => r.charts(q),
        _ => SimResponse::error(404, "not_found", "Not found"),
    }
}

/// A stand-in for a page of Mode's web app, so "Open in Mode" leads somewhere in practice.
fn practice_page(world: &World, path: &str) -> SimResponse {
    let page = match path.trim_end_matches('/').rsplit('/').next().unwrap_or("") {
        "new" => "Invite to Mode",
        "members" => "People > Members",
        "data_sources" => "Manage Connections",
        "api_keys" => "Features > API Keys",
        "groups" => "People > Groups",
        "access_tokens" => "My Account > API Tokens (retired)",
        _ if path.contains("/data_sources/") => "a connection's Permissions",
        _ => "Workspace Settings",
    };
    let ws = &world.workspace;
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Practice workspace: {page}</title>\
<style>body{{font:16px system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}}</style></head>\
<body><p><strong>Practice workspace \"{ws}\"</strong></p><h1>{page}</h1>\
<p>In a real Mode workspace, this is where Mode Setup Assistant's <em>Open in Mode</em> button takes you: \
Workspace Settings &gt; {page}. Nothing here needs doing: go back to the assistant and carry on.</p></body></html>"
    );
    SimResponse {
        status: 200,
        content_type: "text/html; charset=utf-8",
        body: body.into_bytes(),
        headers: vec![],
    }
}

/// The value of `name` in a query string.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| v.to_string())
    })
}

struct Router<'a> {
    w: &'a World,
    caller: &'a Caller,
    key: &'a SimKey,
    page: usize,
    /// The page size asked for; the listing's own size caps it.
    per_page: Option<usize>,
}

impl Router<'_> {
    pub(super) fn ws(&self) -> &str {
        &self.w.workspace
    }

    pub(super) fn id(&self, n: u64) -> Value {
        if self.w.behaviour.ids_as_strings {
            Value::String(n.to_string())
        } else {
            json!(n)
        }
    }

    pub(super) fn level(&self, s: &str) -> String {
        if self.w.behaviour.upper_case_access {
            s.to_ascii_uppercase()
        } else {
            s.to_string()
        }
    }

    pub(super) fn is_admin(&self) -> bool {
        match self.caller.username() {
            None => true,
            Some(u) => self.w.member(u).is_some_and(|m| m.admin),
        }
    }

    pub(super) fn listing(&self, self_href: String, key: &str, items: Vec<Value>) -> SimResponse {
        SimResponse::json(
            200,
            &json!({ "_links": {"self": {"href": self_href}}, "_embedded": { key: items } }),
        )
    }

    /// One page of `items` of `size` (or the smaller size asked for), with the configured
    /// answer past the last page.
    pub(super) fn paged<T: Clone>(&self, items: &[T], size: usize) -> Vec<T> {
        let size = self.per_page.map_or(size, |p| p.min(size)).max(1);
        let pages = items.len().div_ceil(size).max(1);
        let page = if self.page > pages {
            match self.w.behaviour.past_end {
                PastEnd::Empty => return vec![],
                PastEnd::RepeatLast => pages,
                PastEnd::RepeatFirst => 1,
            }
        } else {
            self.page
        };
        items
            .iter()
            .skip((page - 1) * size)
            .take(size)
            .cloned()
            .collect()
    }
}
