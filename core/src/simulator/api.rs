//! The simulated API: answers one GET the way Mode would, from the [`World`].

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::world::*;

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
    fn ws(&self) -> &str {
        &self.w.workspace
    }

    fn id(&self, n: u64) -> Value {
        if self.w.behaviour.ids_as_strings {
            Value::String(n.to_string())
        } else {
            json!(n)
        }
    }

    fn level(&self, s: &str) -> String {
        if self.w.behaviour.upper_case_access {
            s.to_ascii_uppercase()
        } else {
            s.to_string()
        }
    }

    fn is_admin(&self) -> bool {
        match self.caller.username() {
            None => true,
            Some(u) => self.w.member(u).is_some_and(|m| m.admin),
        }
    }

    fn listing(&self, self_href: String, key: &str, items: Vec<Value>) -> SimResponse {
        SimResponse::json(
            200,
            &json!({ "_links": {"self": {"href": self_href}}, "_embedded": { key: items } }),
        )
    }

    /// One page of `items` of `size` (or the smaller size asked for), with the configured
    /// answer past the last page.
    fn paged<T: Clone>(&self, items: &[T], size: usize) -> Vec<T> {
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

    fn verify(&self) -> SimResponse {
        let ws = self.ws();
        let mut body = match self.caller {
            // With the quirky behaviour the answer says nothing about the kind of credential.
            Caller::Personal(u) if !self.w.behaviour.verify_scope => json!({
                "username": u, "_links": {"self": {"href": format!("/api/{u}")}}
            }),
            Caller::Personal(u) => json!({
                "username": u, "user": true,
                "_links": {"self": {"href": format!("/api/{u}")}}
            }),
            _ if self.w.behaviour.verify_links_key_record => json!({
                "workspace_token": self.w.workspace_token,
                "_links": {"self": {"href": format!("/api/{ws}/api_keys/{}", self.key.id)}}
            }),
            _ => json!({
                "workspace_token": self.w.workspace_token,
                "_links": {"self": {"href": format!("/api/{ws}")}}
            }),
        };
        if !self.w.behaviour.verify_self_link {
            if let Some(o) = body.as_object_mut() {
                o.remove("_links");
            }
        }
        if !matches!(self.caller, Caller::Personal(_)) {
            if self.w.behaviour.verify_workspace {
                body["workspace"] = json!(ws);
            }
            if self.w.behaviour.verify_scope {
                body["api_key_scope"] = json!(if matches!(self.caller, Caller::Member(_)) {
                    "member"
                } else {
                    "workspace"
                });
            }
        }
        SimResponse::json(200, &body)
    }

    /// The workspace's audit log: only a workspace key may read it, and only as plain JSON.
    fn audit_logs(&self) -> SimResponse {
        match self.caller {
            Caller::Workspace => {
                SimResponse::json(200, &json!({"audit_logs": [], "next_token": null}))
            }
            _ => SimResponse::error(
                401,
                "unauthorized",
                "Audit logs require a workspace API key",
            ),
        }
    }

    fn account(&self) -> SimResponse {
        match self.caller {
            Caller::Personal(u) => self.user(u),
            _ => SimResponse::json(
                400,
                &json!({"id": "bad_request", "message": "This endpoint is unsupported for use with Api Keys",
                         "_links": {"help": {"href": "https://mode.com/help"}}}),
            ),
        }
    }

    fn user(&self, username: &str) -> SimResponse {
        let m = self.w.member(username);
        SimResponse::json(
            200,
            &json!({
                "username": username, "name": username, "user": true,
                "id": self.id(745_240), "token": m.map(|m| m.token.clone()),
                "_links": {"self": {"href": format!("/api/{username}")}}
            }),
        )
    }

    fn workspace(&self) -> SimResponse {
        let ws = self.ws();
        SimResponse::json(
            200,
            &json!({
                "username": ws, "name": "Acme Corp", "user": false, "token": self.w.workspace_token,
                "id": self.id(1_234), "plan_code": "plus",
                "membership_type": if self.is_admin() { "admin" } else { "full" },
                "data_source_count": self.w.connections.len(),
                "space_count": 0,
                "_links": {
                    "self": {"href": format!("/api/{ws}")},
                    "web": {"href": format!("/{ws}")},
                    "web_settings": {"href": format!("/organizations/{ws}")},
                    "web_data_sources_settings": {"href": format!("/organizations/{ws}/data_sources")},
                    "web_groups": {"href": format!("/organizations/{ws}/groups")},
                    "new_invite_web": {"href": format!("/{ws}/invites/new")},
                    "memberships": {"href": format!("/api/{ws}/memberships")},
                    "data_sources": {"href": format!("/api/{ws}/data_sources")},
                    "spaces": {"href": format!("/api/{ws}/spaces")}
                }
            }),
        )
    }

    fn key_record(&self, key_id: &str, today: NaiveDate) -> SimResponse {
        let Some(k) = self.w.keys.iter().find(|k| k.id == key_id) else {
            return SimResponse::error(404, "not_found", "API key not found");
        };
        if k.id != self.key.id && !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let ws = self.ws();
        let mut links = json!({"self": {"href": format!("/api/{ws}/api_keys/{}", k.id)}});
        if let (SimKeyKind::Member, Some(m)) = (k.kind, &k.member) {
            links["member"] = json!({"href": format!("/api/{m}")});
        }
        let mut body = json!({
            "token": k.id, "token_name": k.label, "created_at": format!("{}T09:00:00.000Z", k.created_on),
            "state": if k.revoked { "revoked" } else if k.expires_on.is_some_and(|e| e < today) { "expired" } else { "active" },
            "_links": links
        });
        if self.w.behaviour.key_record_expiry {
            body["expires_at"] = json!(k.expires_on.map(|e| format!("{e}T09:00:00.000Z")));
        }
        SimResponse::json(200, &body)
    }

    fn memberships(&self, lite: bool) -> SimResponse {
        if !lite && !self.w.behaviour.memberships_full {
            return SimResponse::error(404, "not_found", "Not found");
        }
        if !self.is_admin() {
            return if lite {
                SimResponse::error(403, "forbidden", "Forbidden")
            } else {
                SimResponse::error(404, "not_found", "Not found")
            };
        }
        let ws = self.ws();
        let rows: Vec<Value> = self
            .w
            .members
            .iter()
            .map(|m| {
                let state = match m.state {
                    SimMemberState::Active => "active",
                    SimMemberState::Pending => "pending",
                    SimMemberState::Former => "deactivated",
                };
                let activated = (m.state != SimMemberState::Pending).then_some("2024-05-02T10:11:12.000Z");
                if lite {
                    json!({"username": m.username, "name": m.username, "admin": m.admin,
                           "state": state, "member_token": m.token})
                } else {
                    json!({"admin": m.admin, "invited": m.state == SimMemberState::Pending,
                           "state": state, "member_username": m.username, "member_token": m.token,
                           "activated_at": activated, "managed_by_scim": false,
                           "_links": {"self": {"href": format!("/api/{ws}/memberships/{}", m.token)},
                                      "web_self": {"href": format!("/organizations/{ws}/memberships/{}", m.token)},
                                      "user": {"href": format!("/api/{}", m.username)}}})
                }
            })
            .collect();
        let path = if lite {
            "memberships/lite"
        } else {
            "memberships"
        };
        self.listing(format!("/api/{ws}/{path}"), "memberships", rows)
    }

    fn groups(&self) -> SimResponse {
        let ws = self.ws();
        let rows = self
            .w
            .groups
            .iter()
            .map(|g| json!({"token": g.token, "name": g.name,
                            "_links": {"memberships": {"href": format!("/api/{ws}/groups/{}/memberships", g.token)}}}))
            .collect();
        self.listing(format!("/api/{ws}/groups"), "groups", rows)
    }

    fn group_memberships(&self, token: &str) -> SimResponse {
        if !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let Some(g) = self.w.groups.iter().find(|g| g.token == token) else {
            return SimResponse::error(404, "not_found", "Group not found");
        };
        let rows = g
            .members
            .iter()
            .filter_map(|u| self.w.member(u))
            .map(|m| json!({"token": format!("gm{}", m.token), "member_token": m.token}))
            .collect();
        self.listing(
            format!("/api/{}/groups/{token}/memberships", self.ws()),
            "group_memberships",
            rows,
        )
    }

    fn connection_json(&self, c: &SimConnection) -> Value {
        let ws = self.ws();
        json!({
            "id": self.id(c.id), "token": c.token, "name": c.name, "display_name": c.name,
            "adapter": "jdbc:postgresql", "queryable": true, "soft_deleted": false,
            "account_username": ws, "port": 5432,
            "default_access_level": self.level(&c.default_access),
            "_links": {
                "self": {"href": format!("/api/{ws}/data_sources/{}", c.token)},
                "permissions": {"href": format!("/api/{ws}/data_sources/{}/permissions", c.token)},
                "web": {"href": format!("/organizations/{ws}/data_sources/{}", c.token)},
                "web_home": {"href": format!("/home/{ws}/data_sources/{}", c.token)}
            }
        })
    }

    fn data_sources(&self) -> SimResponse {
        // Not paginated: the page parameter is ignored and every page is the whole list.
        let rows = self
            .w
            .connections
            .iter()
            .map(|c| self.connection_json(c))
            .collect();
        self.listing(
            format!("/api/{}/data_sources", self.ws()),
            "data_sources",
            rows,
        )
    }

    fn data_source(&self, token: &str) -> SimResponse {
        match self.w.connections.iter().find(|c| c.token == token) {
            Some(c) => SimResponse::json(200, &self.connection_json(c)),
            None => SimResponse::error(404, "not_found", "data source not found"),
        }
    }

    fn permissions(&self, token: &str) -> SimResponse {
        let Some(c) = self.w.connections.iter().find(|c| c.token == token) else {
            return SimResponse::error(404, "not_found", "data source not found");
        };
        if !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let rows = c
            .grants
            .iter()
            .filter_map(|g| {
                let (kind, accessor) = match (&g.member, &g.group) {
                    (Some(u), _) => ("Account", self.w.member(u)?.token.clone()),
                    (None, Some(t)) => ("UserGroup", t.clone()),
                    _ => return None,
                };
                Some(json!({"token": g.token, "action": self.level(&g.action),
                            "accessor_type": kind, "accessor_token": accessor}))
            })
            .collect();
        self.listing(
            format!("/api/{}/data_sources/{token}/permissions", self.ws()),
            "data_source_entitlements",
            rows,
        )
    }

    fn data_source_reports(&self, token: &str) -> SimResponse {
        let Some(c) = self.w.connections.iter().find(|c| c.token == token) else {
            return SimResponse::error(404, "not_found", "data source not found");
        };
        let allowed = match self.caller.username() {
            None => true,
            Some(u) => self.w.can_view(u, c),
        };
        if !allowed && self.w.behaviour.probe_gate {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let rows: Vec<Value> = self
            .w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .filter(|r| r.queries.iter().any(|q| q.connection_id == c.id))
            .map(|r| json!({"token": r.token, "name": r.name}))
            .collect();
        let page = self.paged(&rows, 30);
        self.listing(
            format!("/api/{}/data_sources/{token}/reports", self.ws()),
            "reports",
            page,
        )
    }

    fn spaces(&self, filter: Option<&str>) -> SimResponse {
        let ws = self.ws();
        let visible: Vec<Value> = self
            .w
            .collections
            .iter()
            // Without a filter a key sees only collections it is a member of: none.
            .filter(|s| match filter {
                Some("all") => true,
                Some("custom") => !s.personal,
                _ => false,
            })
            .map(|s| {
                json!({"token": s.token, "id": self.id(s.id), "name": s.name,
                       "space_type": if s.personal { "private" } else { "custom" },
                       "state": "active", "restricted": false,
                       "default_access_level": self.level("View"),
                       "_links": {"web": {"href": format!("/{ws}/spaces/{}", s.token)},
                                  "reports": {"href": format!("/api/{ws}/collections/{}/reports", s.token)}}})
            })
            .collect();
        let page = self.paged(&visible, self.w.behaviour.spaces_page_size);
        let pages = visible
            .len()
            .div_ceil(self.w.behaviour.spaces_page_size.max(1));
        let mut body = json!({"_links": {"self": {"href": format!("/api/{ws}/collections")}},
                              "_embedded": {"spaces": page}});
        if self.page < pages {
            body["_links"]["next_page"] =
                json!({"href": format!("/api/{ws}/spaces?filter=all&page={}", self.page + 1)});
        }
        SimResponse::json(200, &body)
    }

    fn space_reports(&self, token: &str) -> SimResponse {
        let ws = self.ws();
        let Some(s) = self.w.collections.iter().find(|s| s.token == token) else {
            return SimResponse::error(404, "not_found", "Space not found");
        };
        let rows: Vec<Value> = s
            .reports
            .iter()
            .map(|r| {
                json!({"token": r.token, "id": self.id(r.id), "name": r.name, "type": "Report",
                       "space_token": s.token, "archived": false,
                       "query_count": r.queries.len(),
                       "chart_count": r.queries.iter().map(|q| q.charts).sum::<u32>(),
                       "_links": {"web": {"href": format!("https://app.mode.com/{ws}/reports/{}", r.token)},
                                  "queries": {"href": format!("/api/{ws}/reports/{}/queries", r.token)}}})
            })
            .collect();
        let page = self.paged(&rows, self.w.behaviour.reports_page_size);
        self.listing(
            format!("/api/{ws}/collections/{token}/reports"),
            "reports",
            page,
        )
    }

    /// Datasets in a collection: listed under `reports`, as Mode does. The simulated
    /// workspaces keep none.
    fn space_datasets(&self, token: &str) -> SimResponse {
        if !self.w.collections.iter().any(|s| s.token == token) {
            return SimResponse::error(404, "not_found", "Space not found");
        }
        let rows: Vec<Value> = self.paged(&[], 30);
        self.listing(
            format!("/api/{}/collections/{token}/datasets", self.ws()),
            "reports",
            rows,
        )
    }

    /// One report's record.
    fn report(&self, token: &str) -> SimResponse {
        let ws = self.ws();
        let found = self
            .w
            .collections
            .iter()
            .find_map(|s| s.reports.iter().find(|r| r.token == token).map(|r| (s, r)));
        let Some((s, r)) = found else {
            return SimResponse::error(404, "not_found", "Report not found");
        };
        SimResponse::json(
            200,
            &json!({"token": r.token, "id": self.id(r.id), "name": r.name, "type": "Report",
                    "space_token": s.token, "archived": false, "imported_datasets": [],
                    "query_count": r.queries.len(),
                    "chart_count": r.queries.iter().map(|q| q.charts).sum::<u32>(),
                    "_links": {"web": {"href": format!("https://app.mode.com/{ws}/reports/{}", r.token)},
                               "queries": {"href": format!("/api/{ws}/reports/{}/queries", r.token)}}}),
        )
    }

    fn find_report(&self, token: &str) -> Option<&SimReport> {
        self.w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .find(|r| r.token == token)
    }

    fn queries(&self, report: &str) -> SimResponse {
        let ws = self.ws();
        let Some(r) = self.find_report(report) else {
            return SimResponse::error(404, "not_found", "Report not found");
        };
        let rows = r
            .queries
            .iter()
            .map(|q| {
                json!({"id": self.id(q.id), "token": q.token, "name": format!("Query {}", q.token),
                       "raw_query": "SELECT 1", "data_source_id": self.id(q.connection_id),
                       "_links": {"charts": {"href": format!("/api/{ws}/reports/{report}/queries/{}/charts", q.token)}}})
            })
            .collect();
        self.listing(
            format!("/api/{ws}/reports/{report}/queries"),
            "queries",
            rows,
        )
    }

    fn charts(&self, query: &str) -> SimResponse {
        let q = self
            .w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .flat_map(|r| r.queries.iter())
            .find(|q| q.token == query);
        let Some(q) = q else {
            return SimResponse::error(404, "not_found", "Query not found");
        };
        let rows = (0..q.charts)
            .map(|n| {
                json!({"token": format!("{}c{n}", q.token), "view": {},
                            "view_vegas": {"title": format!("Chart {n}"), "chartType": "bar"}})
            })
            .collect();
        self.listing(format!("/api/{}/charts", self.ws()), "charts", rows)
    }
}
